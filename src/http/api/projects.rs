//! The sector's projects through the API, as `suivi project …` says them: a
//! project's sheet, its credits and physical rates, and the quarter cycle
//! of a structure's figures.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{whole, ApiJson, ApiPath, ApiQuery, Day};
use super::{quarter, refused, year, Api};
use crate::app::{App, Decision, PhysicalRate, ProjectCredit};
use crate::domain::execution::ProjectYear;
use crate::domain::submission::Submission;
use crate::http::auth::Caller;
use crate::http::error::ErrorResponse;
use crate::report::project_sheet::ProjectSheet;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SheetQuery {
    /// The year of its figures (2000–2100).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// The day the figures stand at, by their own dates; today by default.
    #[param(inline)]
    pub as_of: Option<Day>,
}

/// A project's sheet in a year (as `suivi project show`): what it is, its
/// line of the portfolio, every figure by day, its quarters and its
/// recommendations. A focal point reads the projects of its structure.
#[utoipa::path(get, path = "/api/projects/{code}", params(("code" = String, Path, pattern = "^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$"), SheetQuery), responses((status = 200, body = ProjectSheet), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn sheet(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(q): ApiQuery<SheetQuery>,
) -> Api<ProjectSheet> {
    let y = year(q.year, c.lang)?;
    let sheet = app
        .project_sheet(&code, y, q.as_of.map(|d| d.0), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(sheet))
}

#[derive(Deserialize, ToSchema)]
pub struct ProjectCreditBody {
    /// `allotted`, `notified`, `engaged` or `liquidated`.
    #[schema(pattern = "^(allotted|notified|engaged|liquidated)$")]
    pub kind: String,
    /// F CFA, cumulative since 1 January.
    #[schema(minimum = 0, maximum = 1_000_000_000_000_000_i64)]
    #[serde(deserialize_with = "whole::i64")]
    pub amount: i64,
    /// `BSI` (the default), `PTF : OIM`, …
    #[schema(max_length = 200)]
    pub source: Option<String>,
    /// The day it stands from (`AAAA-MM-JJ`; default today), within the year before to the year after.
    #[schema(inline)]
    #[serde(default)]
    pub date: Option<Day>,
    /// Worked out rather than read in a document: shown as an estimate.
    #[serde(default)]
    pub estimated: bool,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

/// Records a credit of a project in a year (as `suivi project credit`).
#[utoipa::path(post, path = "/api/projects/{code}/{year}/credits", params(("code" = String, Path, pattern = "^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$"), ("year" = i32, Path, minimum = 2000, maximum = 2100)), request_body = ProjectCreditBody, responses((status = 200, body = ProjectYear), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn credit(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((code, y)): ApiPath<(String, i32)>,
    ApiJson(b): ApiJson<ProjectCreditBody>,
) -> Api<ProjectYear> {
    let y = year(y, c.lang)?;
    let credit = ProjectCredit {
        kind: &b.kind,
        amount: b.amount,
        source: b.source.as_deref(),
        date: b.date.map(|d| d.0),
        estimated: b.estimated,
    };
    let changed = app
        .record_project_credit(y, &code, credit, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

#[derive(Deserialize, ToSchema)]
pub struct PhysicalBody {
    /// In percent, 0 to 100, at most two decimals (`45`, `45,5`, `45.50`).
    #[schema(pattern = "^(100([.,]0{1,2})?|[0-9]{1,2}([.,][0-9]{1,2})?)$")]
    pub percent: String,
    /// The day of the situation it describes.
    #[schema(inline)]
    pub date: Day,
    #[schema(max_length = 4000)]
    pub note: Option<String>,
    /// Who declared it, or the document.
    #[schema(max_length = 4000)]
    pub source: Option<String>,
    #[serde(default)]
    pub estimated: bool,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

/// Records a project's physical execution rate (as `suivi project physical`).
#[utoipa::path(post, path = "/api/projects/{code}/{year}/physical", params(("code" = String, Path, pattern = "^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$"), ("year" = i32, Path, minimum = 2000, maximum = 2100)), request_body = PhysicalBody, responses((status = 200, body = ProjectYear), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn physical(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((code, y)): ApiPath<(String, i32)>,
    ApiJson(b): ApiJson<PhysicalBody>,
) -> Api<ProjectYear> {
    let y = year(y, c.lang)?;
    let rate = PhysicalRate {
        percent: &b.percent,
        date: b.date.0,
        note: b.note,
        source: b.source,
        estimated: b.estimated,
    };
    let changed = app
        .record_physical_rate(y, &code, rate, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

#[derive(Deserialize, ToSchema)]
pub struct QuarterBody {
    /// The structure whose projects' figures these are (`MMEIA`, `DFM/MAECI`).
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$")]
    pub structure: String,
    #[schema(minimum = 2000, maximum = 2100)]
    #[serde(deserialize_with = "whole::i32")]
    pub year: i32,
    #[schema(minimum = 1, maximum = 4)]
    pub quarter: u8,
    /// `submit` (its focal point or the CPS), `return` (with a comment),
    /// `approve` (locks it) or `reopen` (with a reason).
    #[schema(pattern = "^(submit|return|approve|reopen)$")]
    pub decision: String,
    /// A submission's note, a return's comment, a reopening's reason.
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
}

/// Hands a structure's quarter of projects' figures in, returns, approves
/// or reopens it (as `suivi project quarter …`).
#[utoipa::path(post, path = "/api/projects/quarters", request_body = QuarterBody, responses((status = 200, body = Submission), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn decide_quarter(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiJson(b): ApiJson<QuarterBody>,
) -> Api<Submission> {
    let y = year(b.year, c.lang)?;
    let q = quarter(Some(b.quarter), c.lang)?.expect("a quarter was given");
    let decision = Decision::from_code(&b.decision, b.comment).map_err(refused(c.lang))?;
    let changed = app
        .decide_quarter(&b.structure, y, q, decision, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}
