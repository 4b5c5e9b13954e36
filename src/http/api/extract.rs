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
