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
    /// `bad_request`, `invalid`, `unauthorized`, `forbidden`, `not_found`,
    /// `conflict`, `integrity`, `internal`.
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
            AppError::NotFound(t) => Self::new(StatusCode::NOT_FOUND, "not_found", t.render(lang)),
            AppError::Forbidden => {
                Self::new(StatusCode::FORBIDDEN, "forbidden", lang.t("forbidden"))
            }
            AppError::Conflict(t) => Self::new(StatusCode::CONFLICT, "conflict", t.render(lang)),
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
