//! The JSON API: one endpoint per capability of the command line, each
//! calling the same application function. Every response body is a typed
//! struct, described in the OpenAPI document at `/api/openapi.json`.

pub mod audit;
pub mod extract;
pub mod records;
pub mod reminders;
pub mod reports;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::auth::{Caller, MaybeCaller};
use super::error::{ApiError, ErrorResponse};
use crate::app::AppError;
use crate::domain::types::{ActivityCode, SessionId, Year};
use crate::text::{self, Lang};

/// What every endpoint returns.
pub type Api<T> = Result<Json<T>, ApiError>;

/// Turns the application's refusals into responses in the caller's language.
pub fn refused(lang: Lang) -> impl Fn(AppError) -> ApiError {
    move |e| ApiError::from_app(e, lang)
}

pub fn year(y: i32, lang: Lang) -> Result<Year, ApiError> {
    Year::new(y).map_err(|e| ApiError::invalid("year", text::invalid_value(&e), lang))
}

pub fn session(s: &str, lang: Lang) -> Result<SessionId, ApiError> {
    SessionId::parse(s).map_err(|e| ApiError::invalid("session", text::invalid_value(&e), lang))
}

pub fn code(s: &str, lang: Lang) -> Result<ActivityCode, ApiError> {
    ActivityCode::parse(s).map_err(|e| ApiError::invalid("code", text::invalid_value(&e), lang))
}

/// Who is calling.
#[utoipa::path(get, path = "/api/me", responses((status = 200, body = crate::domain::access::User), (status = 401, body = ErrorResponse)))]
pub async fn me(c: Caller) -> Api<crate::domain::access::User> {
    Ok(Json(c.user))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "suivi", description = "Suivi des plans d'action, revues et recommandations d'une CPS"),
    paths(
        reports::activities, reports::recommendations, reports::finances,
        records::import_plan, records::activity_execute, records::activity_not_executed,
        records::activity_cost, records::activity_carry_over,
        records::import_recommendations, records::recommendation_add,
        records::recommendation_status, records::recommendation_carry_over,
        records::finance_record, records::revues, records::revue_open, records::revue_step,
        audit::recommendation, audit::activity, audit::verify, audit::anchor,
        audit::snapshots, audit::snapshot, audit::tokens, audit::snapshot_take, audit::snapshot_verify,
        reminders::plan, reminders::run, reminders::outbox, reminders::retry, reminders::calendar,
        reminders::calendar_done, me,
        super::ics::structure_calendar, super::health::health, super::health::ready
    ),
    components(schemas(ErrorResponse)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document.
pub async fn openapi() -> Response {
    use utoipa::OpenApi;
    (
        [(header::CONTENT_TYPE, "application/json")],
        ApiDoc::openapi().to_pretty_json().unwrap_or_default(),
    )
        .into_response()
}

/// 404 for unknown API paths, as JSON.
pub async fn unknown(c: MaybeCaller) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        c.1.t("api-unknown-path"),
    )
}
