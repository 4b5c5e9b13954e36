//! Recording through the API: plans and activities, recommendations,
//! credits, revues. Each change is recorded with the caller as its actor and
//! answers with the new state of what it changed.
//!
//! (Just over 400 lines: each request body sits beside its endpoint, with
//! the constraints the OpenAPI document publishes for it.)

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{whole, ApiJson, ApiPath, ApiQuery, CsvBody, Day};
use super::{code, refused, session, year, Api};
use crate::app::{App, CreditInput, ImportOutcome, RevueSummary};
use crate::domain::activity::{Activity, ActivityRef};
use crate::domain::finance::Credits;
use crate::domain::recommendation::{Recommendation, RecommendationRef};
use crate::domain::revue::{Revue, RevueRef};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorResponse};
use crate::text;

#[derive(Deserialize, ToSchema)]
pub struct Execute {
    #[schema(max_length = 4000)]
    pub period: Option<String>,
    #[schema(max_length = 4000)]
    pub observation: Option<String>,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
    /// The day it took effect (`AAAA-MM-JJ`; default today), from 1 January of its year to today.
    #[schema(inline)]
    #[serde(default)]
    pub date: Option<Day>,
}

#[derive(Deserialize, ToSchema)]
pub struct NotExecuted {
    /// Why it was not executed (required, not blank).
    #[schema(max_length = 4000)]
    pub reason: String,
    /// The day it took effect (`AAAA-MM-JJ`; default today), from 1 January of its year to today.
    #[schema(inline)]
    #[serde(default)]
    pub date: Option<Day>,
}

#[derive(Deserialize, ToSchema)]
pub struct Cost {
    /// F CFA.
    #[schema(minimum = 0, maximum = 1_000_000_000_000_000_i64)]
    #[serde(deserialize_with = "whole::i64")]
    pub engaged: i64,
    /// F CFA, at most the engaged amount.
    #[schema(minimum = 0, maximum = 1_000_000_000_000_000_i64)]
    #[serde(deserialize_with = "whole::i64")]
    pub liquidated: i64,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
    /// The day it took effect (`AAAA-MM-JJ`; default today), from 1 January of its year to today.
    #[schema(inline)]
    #[serde(default)]
    pub date: Option<Day>,
}

#[derive(Deserialize, ToSchema)]
pub struct CarryActivity {
    #[schema(minimum = 2000, maximum = 2100)]
    #[serde(deserialize_with = "whole::i32")]
    pub to_year: i32,
    #[schema(pattern = "^[0-9]{1,5}(\\.[0-9]{1,5}){0,4}$", max_length = 20)]
    pub to_code: Option<String>,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionOnly {
    #[param(pattern = "^[A-Za-z0-9._-]{1,40}$")]
    pub session: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewRecommendation {
    #[schema(pattern = "^[A-Za-z0-9._-]{1,40}$")]
    pub session: String,
    #[schema(minimum = 1, maximum = 100000)]
    #[serde(deserialize_with = "whole::u32")]
    pub number: u32,
    #[schema(max_length = 4000)]
    pub text: String,
    /// Codes of the responsible structures (from the directory).
    #[schema(min_items = 1, max_items = 50)]
    pub structures: Vec<String>,
    #[schema(inline)]
    pub due: Option<Day>,
    /// The code of the project it concerns.
    #[schema(max_length = 32)]
    pub project: Option<String>,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct StatusChange {
    /// `executee`, `en_cours` or `non_executee`.
    #[schema(pattern = "^(executee|en_cours|non_executee)$")]
    pub status: String,
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
    #[schema(max_length = 4000)]
    pub evidence: Option<String>,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
    /// The day it took effect (`AAAA-MM-JJ`; default today), from 1 January of its year to today.
    #[schema(inline)]
    #[serde(default)]
    pub date: Option<Day>,
}

#[derive(Deserialize, ToSchema)]
pub struct CarryRecommendation {
    #[schema(pattern = "^[A-Za-z0-9._-]{1,40}$")]
    pub to_session: String,
    #[schema(minimum = 1, maximum = 100000)]
    #[serde(deserialize_with = "whole::u32")]
    pub to_number: u32,
    #[schema(max_length = 4000)]
    pub text: Option<String>,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct Credit {
    /// `bsi` or `fonctionnement`.
    #[schema(pattern = "^(bsi|fonctionnement)$")]
    pub line: String,
    /// `allotted`, `notified`, `engaged` or `liquidated`.
    #[schema(pattern = "^(allotted|notified|engaged|liquidated)$")]
    pub kind: String,
    /// F CFA.
    #[schema(minimum = 0, maximum = 1_000_000_000_000_000_i64)]
    #[serde(deserialize_with = "whole::i64")]
    pub amount: i64,
    /// Worked out rather than read in a document: shown as an estimate.
    #[serde(default)]
    pub estimated: bool,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
    /// The day it took effect (`AAAA-MM-JJ`; default today), from 1 January of its year to today.
    #[schema(inline)]
    #[serde(default)]
    pub date: Option<Day>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevuesQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
}

#[derive(Deserialize, ToSchema)]
pub struct OpenRevue {
    /// A kind of revue of `workflows/revues.toml`.
    #[schema(pattern = "^[a-z0-9_]{1,35}$")]
    pub kind: String,
    #[schema(minimum = 2000, maximum = 2100)]
    #[serde(deserialize_with = "whole::i32")]
    pub year: i32,
    #[schema(pattern = "^[A-Za-z0-9._-]{1,40}$")]
    pub session: Option<String>,
    /// Which session of the year, for a kind that meets several times (default 1).
    #[schema(minimum = 1, maximum = 12)]
    #[serde(default, deserialize_with = "whole::opt_u8")]
    pub number: Option<u8>,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct CompleteStep {
    #[schema(inline)]
    pub date: Day,
    /// Which session of the year, for a kind that meets several times (default 1).
    #[schema(minimum = 1, maximum = 12)]
    #[serde(default, deserialize_with = "whole::opt_u8")]
    pub number: Option<u8>,
    #[schema(max_length = 4000)]
    pub document: Option<String>,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

fn activity_ref(y: i32, c: &str, lang: text::Lang) -> Result<ActivityRef, ApiError> {
    Ok(ActivityRef {
        year: year(y, lang)?,
        code: code(c, lang)?,
    })
}

/// Imports a year's plan from CSV text (all rows or none).
#[utoipa::path(post, path = "/api/plans/{year}/import", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), request_body(content = String, content_type = "text/csv"), responses((status = 200, body = ImportOutcome), (status = 403, body = ErrorResponse), (status = 413, body = ErrorResponse), (status = 415, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn import_plan(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
    CsvBody(body): CsvBody,
) -> Api<ImportOutcome> {
    let y = year(y, c.lang)?;
    let outcome = app
        .import_plan_csv("plan.csv", &body, y, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(outcome))
}

/// Records an activity as executed.
#[utoipa::path(post, path = "/api/activities/{year}/{code}/execute", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("code" = String, Path, pattern = "^[0-9]{1,5}(\\.[0-9]{1,5}){0,4}$", max_length = 20)), request_body = Execute, responses((status = 200, body = Activity), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activity_execute(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((y, code)): ApiPath<(i32, String)>,
    ApiJson(b): ApiJson<Execute>,
) -> Api<Activity> {
    let id = activity_ref(y, &code, c.lang)?;
    let changed = app
        .execute_activity(
            &id,
            b.period,
            b.observation,
            b.date.map(|d| d.0),
            &c.actor(b.reason),
        )
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Records an activity as not executed, with the reason.
#[utoipa::path(post, path = "/api/activities/{year}/{code}/not-executed", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("code" = String, Path, pattern = "^[0-9]{1,5}(\\.[0-9]{1,5}){0,4}$", max_length = 20)), request_body = NotExecuted, responses((status = 200, body = Activity), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activity_not_executed(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((y, code)): ApiPath<(i32, String)>,
    ApiJson(b): ApiJson<NotExecuted>,
) -> Api<Activity> {
    let id = activity_ref(y, &code, c.lang)?;
    let who = c.actor(Some(b.reason.clone()));
    let changed = app
        .activity_not_executed(&id, Some(b.reason), b.date.map(|d| d.0), &who)
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Records the amounts engaged and liquidated for an activity (F CFA).
#[utoipa::path(post, path = "/api/activities/{year}/{code}/cost", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("code" = String, Path, pattern = "^[0-9]{1,5}(\\.[0-9]{1,5}){0,4}$", max_length = 20)), request_body = Cost, responses((status = 200, body = Activity), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activity_cost(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((y, code)): ApiPath<(i32, String)>,
    ApiJson(b): ApiJson<Cost>,
) -> Api<Activity> {
    let id = activity_ref(y, &code, c.lang)?;
    let changed = app
        .activity_cost(
            &id,
            b.engaged,
            b.liquidated,
            b.date.map(|d| d.0),
            &c.actor(b.reason),
        )
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Carries an activity over to a later plan; answers with the new activity.
#[utoipa::path(post, path = "/api/activities/{year}/{code}/carry-over", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("code" = String, Path, pattern = "^[0-9]{1,5}(\\.[0-9]{1,5}){0,4}$", max_length = 20)), request_body = CarryActivity, responses((status = 200, body = Activity), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activity_carry_over(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((y, code_)): ApiPath<(i32, String)>,
    ApiJson(b): ApiJson<CarryActivity>,
) -> Api<Activity> {
    let id = activity_ref(y, &code_, c.lang)?;
    let to_code = b.to_code.as_deref().map(|s| code(s, c.lang)).transpose()?;
    let to_year = year(b.to_year, c.lang)?;
    let changed = app
        .carry_over_activity(&id, to_year, to_code, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Imports a session's recommendations from CSV text (all rows or none).
#[utoipa::path(post, path = "/api/recommendations/import", params(SessionOnly), request_body(content = String, content_type = "text/csv"), responses((status = 200, body = ImportOutcome), (status = 403, body = ErrorResponse), (status = 413, body = ErrorResponse), (status = 415, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn import_recommendations(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<SessionOnly>,
    CsvBody(body): CsvBody,
) -> Api<ImportOutcome> {
    let s = session(&q.session, c.lang)?;
    let outcome = app
        .import_recommendations_csv("recommandations.csv", &body, &s, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(outcome))
}

/// Formulates a recommendation.
#[utoipa::path(post, path = "/api/recommendations", request_body = NewRecommendation, responses((status = 200, body = Recommendation), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn recommendation_add(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiJson(b): ApiJson<NewRecommendation>,
) -> Api<Recommendation> {
    let id = RecommendationRef {
        session: session(&b.session, c.lang)?,
        number: b.number,
    };
    let changed = app
        .add_recommendation(
            &id,
            b.text,
            &b.structures,
            b.due.map(|d| d.0),
            b.project.as_deref(),
            &c.actor(b.reason),
        )
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Changes the status of a recommendation per the workflow (a focal point: those of its structure).
#[utoipa::path(post, path = "/api/recommendations/{session}/{number}/status", params(("session" = String, Path, pattern = "^[A-Za-z0-9._-]{1,40}$"), ("number" = u32, Path, maximum = 100000)), request_body = StatusChange, responses((status = 200, body = Recommendation), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn recommendation_status(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((s, number)): ApiPath<(String, u32)>,
    ApiJson(b): ApiJson<StatusChange>,
) -> Api<Recommendation> {
    let id = RecommendationRef {
        session: session(&s, c.lang)?,
        number,
    };
    let changed = app
        .set_recommendation_status(
            &id,
            crate::app::StatusChange {
                status: b.status,
                comment: b.comment,
                evidence: b.evidence,
                documents: Vec::new(),
                date: b.date.map(|d| d.0),
            },
            &c.actor(b.reason),
        )
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Carries a recommendation over to a later session; answers with the new one.
#[utoipa::path(post, path = "/api/recommendations/{session}/{number}/carry-over", params(("session" = String, Path, pattern = "^[A-Za-z0-9._-]{1,40}$"), ("number" = u32, Path, maximum = 100000)), request_body = CarryRecommendation, responses((status = 200, body = Recommendation), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn recommendation_carry_over(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((s, number)): ApiPath<(String, u32)>,
    ApiJson(b): ApiJson<CarryRecommendation>,
) -> Api<Recommendation> {
    let from = RecommendationRef {
        session: session(&s, c.lang)?,
        number,
    };
    let who = c.actor(b.reason);
    // A focal point does not learn that another structure's recommendation exists.
    app.recommendation(&from, &who)
        .await
        .map_err(refused(c.lang))?;
    let to = RecommendationRef {
        session: session(&b.to_session, c.lang)?,
        number: b.to_number,
    };
    let changed = app
        .carry_over_recommendation(&from, &to, b.text, &who)
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Records a credit of a year (F CFA).
#[utoipa::path(post, path = "/api/finances/{year}", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), request_body = Credit, responses((status = 200, body = Credits), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn finance_record(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
    ApiJson(b): ApiJson<Credit>,
) -> Api<Credits> {
    let y = year(y, c.lang)?;
    let credit = CreditInput {
        line: &b.line,
        kind: &b.kind,
        amount: b.amount,
        estimated: b.estimated,
        date: b.date.map(|d| d.0),
    };
    let changed = app
        .record_credit(y, credit, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// The revues of a year, with their steps and deadlines.
#[utoipa::path(get, path = "/api/revues", params(RevuesQuery), responses((status = 200, body = Vec<RevueSummary>), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn revues(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<RevuesQuery>,
) -> Api<Vec<RevueSummary>> {
    let y = year(q.year, c.lang)?;
    let list = app
        .revues(y, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(list))
}

/// Opens a revue with the steps of its kind.
#[utoipa::path(post, path = "/api/revues", request_body = OpenRevue, responses((status = 200, body = Revue), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn revue_open(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiJson(b): ApiJson<OpenRevue>,
) -> Api<Revue> {
    let s = b
        .session
        .as_deref()
        .map(|s| session(s, c.lang))
        .transpose()?;
    let y = year(b.year, c.lang)?;
    let changed = app
        .open_revue(&b.kind, y, b.number.unwrap_or(1), s, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Completes a step of a revue.
#[utoipa::path(post, path = "/api/revues/{kind}/{year}/steps/{step}", params(("kind" = String, Path, pattern = "^[a-z0-9_]{1,35}$"), ("year" = i32, Path, minimum = 2000, maximum = 2100), ("step" = String, Path, pattern = "^[a-z0-9_]{1,64}$")), request_body = CompleteStep, responses((status = 200, body = Revue), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn revue_step(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((kind, y, step)): ApiPath<(String, i32, String)>,
    ApiJson(b): ApiJson<CompleteStep>,
) -> Api<Revue> {
    let id = RevueRef {
        kind,
        year: year(y, c.lang)?,
        number: b.number.unwrap_or(1),
    };
    let changed = app
        .complete_revue_step(&id, step, b.date.0, b.document, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}
