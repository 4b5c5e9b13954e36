//! The JSON API: one endpoint per capability of the command line, each
//! calling the same application function. Every response body is a typed
//! struct, described in the OpenAPI document at `/api/openapi.json`.

pub mod audit;
pub mod extract;
pub mod follow_up;
pub mod projects;
pub mod records;
pub mod reminders;
pub mod reports;
pub mod sector;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::auth::{Caller, MaybeCaller};
use super::error::{ApiError, ErrorResponse};
use crate::app::AppError;
use crate::domain::types::{ActivityCode, Quarter, SessionId, Year};
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

pub fn quarter(q: Option<u8>, lang: Lang) -> Result<Option<Quarter>, ApiError> {
    q.map(Quarter::new)
        .transpose()
        .map_err(|e| ApiError::invalid("quarter", text::invalid_value(&e), lang))
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
        reports::activities, reports::recommendations, reports::finances, reports::projects,
        reports::annual,
        projects::sheet, projects::credit, projects::physical, projects::decide_quarter,
        sector::plan, sector::progress, sector::proposal, sector::open_call, sector::propose,
        sector::execution, sector::decide, sector::recode,
        records::import_plan, records::activity_execute, records::activity_not_executed,
        records::activity_cost, records::activity_carry_over,
        follow_up::activity_progress, follow_up::activity_indicator,
        follow_up::progress, follow_up::plan, follow_up::items,
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
    modifiers(&BearerAuth, &CommonResponses)
)]
pub struct ApiDoc;

/// The answers every operation may give besides its own: an unreadable
/// request (400), no or a wrong token (401), a role that does not allow it
/// (403); with a body, one too large (413) or of the wrong type (415); a
/// change refused by the state of things or a concurrent write (409), or a
/// wrong value (422).
struct CommonResponses;

impl utoipa::Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorResponse")))
                        .build(),
                )
                .build()
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let open = path == "/healthz" || path == "/readyz";
            let with_params = path.contains('{');
            for (method, op) in [("get", &mut item.get), ("post", &mut item.post)] {
                let Some(op) = op else { continue };
                let mut add = |code: &str, description: &str| {
                    op.responses
                        .responses
                        .entry(code.to_string())
                        .or_insert_with(|| error(description).into());
                };
                add(
                    "400",
                    "Unreadable request: a path or query parameter, or the body",
                );
                if open {
                    continue;
                }
                add("401", "No token or session, or one that is not valid");
                if path.starts_with("/api/") && path != "/api/me" {
                    add("403", "The caller's role does not allow it");
                }
                if with_params {
                    add("404", "Not found, or not visible to the caller");
                }
                if method == "post" {
                    add(
                        "409",
                        "Refused by the state of things or the workflow, or a concurrent write",
                    );
                    add("422", "A value is wrong: see error.fields");
                }
                if op.request_body.is_some() {
                    add("413", "The body is larger than allowed");
                    add("415", "The body is not of the documented type");
                }
            }
        }
    }
}

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
