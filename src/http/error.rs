//! The one error type of the HTTP edge: a status and a JSON body a person can
//! act on. Internal causes are logged with the request, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppError;
use crate::i18n::Lang;

/// A field that was refused, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// `bad_request`, `invalid`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `internal`.
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
    pub fn field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.body.fields.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
        self
    }
    pub fn unauthorized(lang: Lang) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            lang.pick(
                "authentification requise : jeton (Authorization: Bearer …) ou session",
                "authentication required: token (Authorization: Bearer …) or session",
            ),
        )
    }
    pub fn forbidden(lang: Lang) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            lang.pick(
                "votre rôle ne permet pas cette action",
                "your role does not allow this",
            ),
        )
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message.clone())
            .field(field, message)
    }
    pub fn from_app(e: AppError, lang: Lang) -> Self {
        match e {
            AppError::BadInput(m) => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", m.get(lang))
            }
            AppError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m.get(lang)),
            AppError::Integrity(m) => Self::new(StatusCode::CONFLICT, "integrity", m.get(lang)),
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    lang.pick(
                        "erreur interne ; elle est consignée dans le journal du serveur",
                        "internal error; it is logged on the server",
                    ),
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
