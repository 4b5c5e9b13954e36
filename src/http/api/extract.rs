//! Request bodies as the API accepts them: JSON whose refusals are JSON
//! errors a person can act on, and CSV files sent as `text/csv`.

use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use crate::http::auth::lang_of;
use crate::http::error::ApiError;
use crate::text::{Lang, Text};

/// A JSON body; a missing or wrong one answers `{"error": …}` like any
/// other refusal (415 without `Content-Type: application/json`, 413 when
/// too large, 400 when it is not JSON, 422 naming the field when a value
/// does not fit).
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
        let json = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                Text::new("api-json-content-type").render(lang),
            ));
        }
        let req = Request::from_parts(parts, body);
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(lang)),
            Err(r) => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    Text::new("api-json-unreadable")
                        .arg("detail", r.body_text())
                        .render(lang),
                ))
            }
        };
        let mut reader = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut reader)
            .map_err(|e| json_refused(e.path().to_string(), e.into_inner(), lang))?;
        reader
            .end()
            .map_err(|e| json_refused(String::new(), e, lang))?;
        Ok(ApiJson(value))
    }
}

/// A body that is not JSON is unreadable (400); a value that does not fit
/// its field is named (422).
fn json_refused(field: String, inner: serde_json::Error, lang: Lang) -> ApiError {
    if !inner.is_data() {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            Text::new("api-json-unreadable")
                .arg("detail", inner.to_string())
                .render(lang),
        );
    }
    let text = Text::new("api-json-invalid").arg("detail", inner.to_string());
    if field.is_empty() || field == "." {
        return ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            text.render(lang),
        );
    }
    ApiError::invalid(&field, text, lang)
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

    /// The largest whole number a float can hold exactly (2^53).
    const EXACT: f64 = 9_007_199_254_740_992.0;

    /// A whole number, read as an integer: never rounded through a float.
    fn number<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        if let Some(i) = n.as_i64() {
            return Ok(i.into());
        }
        if let Some(u) = n.as_u64() {
            return Ok(u.into());
        }
        match n.as_f64() {
            // `12.0`: a whole number written with a point, exact below 2^53.
            Some(f) if f.fract() == 0.0 && f.abs() < EXACT => Ok(f as i128),
            _ => Err(D::Error::custom(format!("{n} is not a whole number"))),
        }
    }

    fn within<T: TryFrom<i128>, E: Error>(n: i128) -> Result<T, E> {
        T::try_from(n).map_err(|_| E::custom(format!("{n} is out of range")))
    }

    pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        within(number(d)?)
    }

    pub fn i32<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
        within(number(d)?)
    }

    /// An optional small whole number (a session's number), `null` or absent for none.
    pub fn opt_u8<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
        #[derive(Deserialize)]
        struct Whole(#[serde(deserialize_with = "number")] i128);
        match Option::<Whole>::deserialize(d)? {
            None => Ok(None),
            Some(Whole(n)) => u8::try_from(n)
                .map(Some)
                .map_err(|_| D::Error::custom(format!("{n} is not a whole number from 0 to 255"))),
        }
    }

    pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        within(number(d)?)
    }

    #[cfg(test)]
    mod tests {
        #[derive(serde::Deserialize, Debug)]
        struct Amount {
            #[serde(deserialize_with = "super::i64")]
            amount: i64,
        }

        fn read(json: &str) -> Result<i64, String> {
            serde_json::from_str::<Amount>(json)
                .map(|a| a.amount)
                .map_err(|e| e.to_string())
        }

        #[test]
        fn whole_numbers_are_read_exactly_and_fractions_refused() {
            assert_eq!(
                read(r#"{"amount": 1000000000000000}"#),
                Ok(1_000_000_000_000_000)
            );
            // 2^53 + 1 has no float of its own: read as written.
            assert_eq!(
                read(r#"{"amount": 9007199254740993}"#),
                Ok(9_007_199_254_740_993)
            );
            assert_eq!(read(r#"{"amount": 12.0}"#), Ok(12));
            assert!(read(r#"{"amount": 12.5}"#)
                .unwrap_err()
                .contains("not a whole number"));
            assert!(read(r#"{"amount": 1e300}"#).is_err());
            assert!(read(r#"{"amount": 18446744073709551616}"#).is_err());
        }
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

/// The situation a table is asked for: `as_of` and `recorded_by`.
pub fn situation(as_of: Option<Day>, recorded_by: Option<Day>) -> crate::app::Situation {
    crate::app::Situation {
        as_of: as_of.map(|d| d.0),
        recorded_by: recorded_by.map(|d| d.0),
    }
}

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
