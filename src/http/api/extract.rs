//! Request bodies as the API accepts them: JSON whose refusals are JSON
//! errors a person can act on, and CSV files sent as `text/csv`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use crate::http::auth::lang_of;
use crate::http::error::ApiError;
use crate::text::{Lang, Text};

/// A JSON body; a missing or wrong one answers `{"error": …}` like any
/// other refusal (415 without `Content-Type: application/json`, 413 when
/// too large, 422 when it does not match the expected fields).
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let lang = lang_of(&parts);
        let req = Request::from_parts(parts, body);
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_refused(rejection, lang)),
        }
    }
}

fn json_refused(rejection: JsonRejection, lang: Lang) -> ApiError {
    let status = rejection.status();
    let detail = rejection.body_text();
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            Text::new("api-json-content-type").render(lang),
        ),
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => too_large(lang),
        JsonRejection::JsonDataError(_) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Text::new("api-json-invalid")
                .arg("detail", detail)
                .render(lang),
        ),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            Text::new("api-json-unreadable")
                .arg("detail", detail)
                .render(lang),
        ),
    }
}

fn too_large(lang: Lang) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        Text::new("api-body-too-large").render(lang),
    )
}

/// A CSV file sent as the body, with `Content-Type: text/csv`.
pub struct CsvBody(pub String);

impl<S: Send + Sync> FromRequest<S> for CsvBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let lang = lang_of(&parts);
        let csv = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/csv"));
        if !csv {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                Text::new("api-csv-content-type").render(lang),
            ));
        }
        let req = Request::from_parts(parts, body);
        match String::from_request(req, state).await {
            Ok(s) => Ok(CsvBody(s)),
            Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(too_large(lang)),
            Err(_) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                Text::new("api-csv-unreadable").render(lang),
            )),
        }
    }
}

/// An extractor of axum's whose refusal becomes a JSON 400 in the caller's
/// language, with the message `id` and axum's detail.
macro_rules! json_refusal {
    ($(#[$doc:meta])* $name:ident, $inner:ident, $id:literal) => {
        $(#[$doc])*
        pub struct $name<T>(pub T);

        impl<S, T> axum::extract::FromRequestParts<S> for $name<T>
        where
            T: DeserializeOwned + Send,
            S: Send + Sync,
        {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut axum::http::request::Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                let lang = lang_of(parts);
                match axum::extract::$inner::<T>::from_request_parts(parts, state).await {
                    Ok(axum::extract::$inner(v)) => Ok($name(v)),
                    Err(r) => Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "bad_request",
                        Text::new($id).arg("detail", r.body_text()).render(lang),
                    )),
                }
            }
        }
    };
}

json_refusal!(
    /// Path parameters; a wrong one answers a JSON 400 naming it.
    ApiPath,
    Path,
    "api-path-invalid"
);
json_refusal!(
    /// Query parameters; a wrong one answers a JSON 400 naming it.
    ApiQuery,
    Query,
    "api-query-invalid"
);

/// Whole numbers in a JSON body, written `12` or `12.0` (JSON does not tell
/// them apart, and some clients write every number with a decimal point).
pub mod whole {
    use serde::de::{Deserializer, Error};
    use serde::Deserialize;

    fn number<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        if let Some(i) = n.as_i64() {
            return Ok(i as f64);
        }
        match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f),
            _ => Err(D::Error::custom(format!("{n} is not a whole number"))),
        }
    }

    pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        number(d).map(|f| f as i64)
    }

    pub fn i32<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
        let f = number(d)?;
        if f < i32::MIN as f64 || f > i32::MAX as f64 {
            return Err(D::Error::custom(format!("{f} is out of range")));
        }
        Ok(f as i32)
    }

    /// An optional small whole number (a session's number), `null` or absent for none.
    pub fn opt_u8<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
        let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
            return Ok(None);
        };
        let f = n.as_f64().unwrap_or(f64::NAN);
        if f.fract() != 0.0 || !(0.0..=255.0).contains(&f) {
            return Err(D::Error::custom(format!(
                "{n} is not a whole number from 0 to 255"
            )));
        }
        Ok(Some(f as u8))
    }

    pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let f = number(d)?;
        if f < 0.0 || f > u32::MAX as f64 {
            return Err(D::Error::custom(format!("{f} is out of range")));
        }
        Ok(f as u32)
    }
}

/// A day as the API reads it, `AAAA-MM-JJ`; its schema states which strings
/// are days (months of 28 to 31 days, 29 February in leap years only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct Day(pub chrono::NaiveDate);

/// `AAAA-MM-JJ` with a real month and day.
const DAY_PATTERN: &str = concat!(
    "^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
);

impl utoipa::PartialSchema for Day {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .pattern(Some(DAY_PATTERN))
            .into()
    }
}

impl utoipa::ToSchema for Day {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_pattern_matches_exactly_the_days_chrono_reads() {
        let re = regex::Regex::new(DAY_PATTERN).unwrap();
        use chrono::Datelike;
        let mut day = chrono::NaiveDate::from_ymd_opt(1899, 1, 1).unwrap();
        while day.year() < 2101 {
            assert!(re.is_match(&day.to_string()), "{day}");
            day = day.succ_opt().unwrap();
        }
        for wrong in [
            "2023-02-29",
            "2100-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "",
            "2024-1-01",
        ] {
            assert!(!re.is_match(wrong), "{wrong}");
        }
        assert!(re.is_match("2000-02-29") && re.is_match("2024-02-29"));
    }
}
