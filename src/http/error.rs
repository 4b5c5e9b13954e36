//! The one error type of the HTTP edge: a status and a JSON body a person can
//! act on, phrased in the caller's language. Internal causes are logged with
//! the request, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppError;
use crate::text::{Lang, Text};

/// A field that was refused, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// `bad_request` (unreadable request), `invalid` (a value is wrong: see
    /// `fields`), `refused` (well formed, but refused by the state of things
    /// or the workflow), `unauthorized`, `forbidden`, `csrf`, `not_found`,
    /// `conflict` (a concurrent write), `integrity`, `too_large`,
    /// `unsupported_media_type`, `too_many_attempts`, `internal`.
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                code: code.into(),
                message: message.into(),
                fields: vec![],
            },
        }
    }

    pub fn unauthorized(lang: Lang) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            lang.t("api-unauthorized"),
        )
    }

    /// A refused input in `field`, phrased in `lang`.
    pub fn invalid(field: &str, text: Text, lang: Lang) -> Self {
        let message = text.render(lang);
        let mut e = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message.clone());
        e.body.fields.push(FieldError {
            field: field.into(),
            message,
        });
        e
    }

    pub fn from_app(e: AppError, lang: Lang) -> Self {
        match e {
            AppError::BadInput { text, field } => match field {
                Some(field) => Self::invalid(field, text, lang),
                None => Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid",
                    text.render(lang),
                ),
            },
            AppError::Refused { text, field } => {
                let message = text.render(lang);
                let mut e = Self::new(StatusCode::CONFLICT, "refused", message.clone());
                if let Some(field) = field {
                    e.body.fields.push(FieldError {
                        field: field.into(),
                        message,
                    });
                }
                e
            }
            AppError::NotFound(t) => Self::new(StatusCode::NOT_FOUND, "not_found", t.render(lang)),
            AppError::Forbidden => {
                Self::new(StatusCode::FORBIDDEN, "forbidden", lang.t("forbidden"))
            }
            AppError::Conflict(t) => Self::new(StatusCode::CONFLICT, "conflict", t.render(lang)),
            AppError::TooManyAttempts(t) => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                t.render(lang),
            ),
            AppError::Busy(t) => Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", t.render(lang)),
            AppError::Integrity(t) => Self::new(StatusCode::CONFLICT, "integrity", t.render(lang)),
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    lang.t("api-internal"),
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorResponse { error: self.body })).into_response()
    }
}

/// The answer to a request whose handler panicked: a JSON 500 with no
/// detail (the panic is logged).
pub fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "a request handler panicked");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        Lang::Fr.t("api-internal"),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_answers_a_json_500_without_its_detail() {
        let r = panicked(Box::new("secret detail of the bug".to_string()));
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(r.into_body(), 10_000).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "internal");
        assert!(!body.to_string().contains("secret"));
    }
}
