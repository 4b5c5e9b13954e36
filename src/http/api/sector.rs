//! The sector's plan through the API, as `suivi sector …` says it: the
//! call, a structure's proposal (saved as a draft or handed in), its
//! quarters' execution, the CPS's decisions and codes, the compiled plan
//! and its progress. Proposals and executions arrive as rows in the
//! canevas' columns and are read by the same parser as the files.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{whole, ApiJson, ApiPath, ApiQuery, Day};
use super::{quarter, refused, year, Api};
use crate::app::{App, Decision};
use crate::domain::sector::SectorCall;
use crate::domain::submission::Submission;
use crate::http::auth::Caller;
use crate::http::error::ErrorResponse;
use crate::import::sector::{COLUMNS, EXECUTION_COLUMNS};
use crate::import::Table;
use crate::report::sector::SectorPlanReport;
use crate::report::sector_progress::SectorProgressReport;
use crate::report::sector_sheets::ProposalSheet;

/// The sector's plan of a year, compiled from the approved proposals (as
/// `suivi report sector-plan`).
#[utoipa::path(get, path = "/api/sector/{year}", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), responses((status = 200, body = SectorPlanReport), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn plan(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
) -> Api<SectorPlanReport> {
    let y = year(y, c.lang)?;
    let plan = app
        .sector_plan(y, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(plan))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuarterQuery {
    /// The quarter (1 to 4) at whose end the plan stands.
    #[param(minimum = 1, maximum = 4)]
    pub quarter: u8,
}

/// The sector's plan at the end of a quarter, by structure, by objective
/// and up the directory (as `suivi report sector-progress`).
#[utoipa::path(get, path = "/api/sector/{year}/progress", params(("year" = i32, Path, minimum = 2000, maximum = 2100), QuarterQuery), responses((status = 200, body = SectorProgressReport), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn progress(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
    ApiQuery(q): ApiQuery<QuarterQuery>,
) -> Api<SectorProgressReport> {
    let y = year(y, c.lang)?;
    let q = quarter(Some(q.quarter), c.lang)?.expect("a quarter was given");
    let report = app
        .sector_progress(y, Some(q), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(report))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StructureQuery {
    /// The structure (`DCM`, `DFM/MAECI`).
    #[param(pattern = "^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$")]
    pub structure: String,
}

/// A structure's proposal: its activities, their codes once approved,
/// where it stands. Read by the CPS and by the structure's focal points.
#[utoipa::path(get, path = "/api/sector/{year}/proposals", params(("year" = i32, Path, minimum = 2000, maximum = 2100), StructureQuery), responses((status = 200, body = ProposalSheet), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn proposal(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
    ApiQuery(q): ApiQuery<StructureQuery>,
) -> Api<ProposalSheet> {
    let y = year(y, c.lang)?;
    let sheet = app
        .sector_proposal(y, &q.structure, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(sheet))
}

#[derive(Deserialize, ToSchema)]
pub struct CallBody {
    /// The proposals' deadline.
    #[schema(inline)]
    pub deadline: Day,
    /// The structures called, as the documents write them (`DCM, DFM/MAECI`).
    #[schema(min_length = 1, max_length = 2000)]
    pub structures: String,
    /// Whether each structure called is told by e-mail (by default); false
    /// when they were told otherwise.
    #[serde(default = "told_by_mail")]
    pub mail: bool,
}

fn told_by_mail() -> bool {
    true
}

/// Opens the call for the sector's plan of a year (as `suivi sector open`);
/// again, it changes its deadline and structures.
#[utoipa::path(post, path = "/api/sector/{year}/call", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), request_body = CallBody, responses((status = 200, body = SectorCall), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn open_call(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
    ApiJson(b): ApiJson<CallBody>,
) -> Api<SectorCall> {
    let y = year(y, c.lang)?;
    let (changed, _) = app
        .open_sector_call(y, b.deadline.0, &b.structures, b.mail, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// One activity of a canevas, its cells as the canevas writes them.
#[derive(Deserialize, ToSchema)]
pub struct ActivityBody {
    #[schema(max_length = 2000)]
    pub objective: String,
    #[schema(max_length = 2000)]
    #[serde(default)]
    pub result: String,
    #[schema(max_length = 2000)]
    pub title: String,
    #[schema(max_length = 2000)]
    #[serde(default)]
    pub indicator: String,
    #[schema(max_length = 200)]
    #[serde(default)]
    pub target: String,
    /// Thousands of F CFA (`5 000`) or `PM`.
    #[schema(max_length = 40)]
    #[serde(default)]
    pub budget: String,
    /// `BSI`, `Fonctionnement`, `PTF`, …
    #[schema(max_length = 200)]
    #[serde(default)]
    pub source: String,
    /// The chronogramme: months 1 to 12 (`3 4`, `janvier-mars`).
    #[schema(max_length = 200)]
    #[serde(default)]
    pub months: String,
    #[schema(max_length = 200)]
    #[serde(default)]
    pub responsible: String,
    /// Worked out rather than read in a document.
    #[serde(default)]
    pub estimated: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct ProposalBody {
    /// The structure proposing (`DCM`, `DFM/MAECI`).
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$")]
    pub structure: String,
    #[schema(max_items = 1000)]
    pub activities: Vec<ActivityBody>,
    /// Hand it in to the CPS; otherwise a draft is saved.
    #[serde(default)]
    pub submit: bool,
}

/// Saves a structure's activities as a draft, or hands them in (as `suivi
/// sector submit`); refused, with each activity's number and field, when
/// one is wrong.
#[utoipa::path(post, path = "/api/sector/{year}/proposals", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), request_body = ProposalBody, responses((status = 200, body = ProposalSheet), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn propose(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
    ApiJson(b): ApiJson<ProposalBody>,
) -> Api<ProposalSheet> {
    let y = year(y, c.lang)?;
    let rows = b
        .activities
        .into_iter()
        .map(|a| {
            vec![
                a.objective,
                a.result,
                a.title,
                a.indicator,
                a.target,
                a.budget,
                a.source,
                a.months,
                a.responsible,
                if a.estimated { "oui" } else { "non" }.to_string(),
            ]
        })
        .collect();
    let table = Table::of_rows("activities", &COLUMNS, rows);
    let sheet = app
        .propose_sector(y, &b.structure, &table, b.submit, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(sheet))
}

/// One activity's execution at the quarter's end, as the canevas writes it.
#[derive(Deserialize, ToSchema)]
pub struct ExecutionLineBody {
    /// Its code in the plan (`1.2`).
    #[schema(max_length = 16)]
    pub code: String,
    /// `exécutée`, `en cours`, `non exécutée`, `non démarrée` (or their codes).
    #[schema(max_length = 40)]
    pub status: String,
    /// Percent, 0 to 100.
    #[schema(max_length = 10)]
    #[serde(default)]
    pub progress: String,
    /// The indicator's value achieved.
    #[schema(max_length = 200)]
    #[serde(default)]
    pub achieved: String,
    /// Thousands of F CFA since 1 January.
    #[schema(max_length = 40)]
    #[serde(default)]
    pub engaged: String,
    #[schema(max_length = 40)]
    #[serde(default)]
    pub liquidated: String,
    #[schema(max_length = 4000)]
    #[serde(default)]
    pub difficulties: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ExecutionBody {
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$")]
    pub structure: String,
    #[schema(minimum = 1, maximum = 4)]
    pub quarter: u8,
    #[schema(max_items = 1000)]
    pub lines: Vec<ExecutionLineBody>,
}

/// Hands in a structure's execution of a quarter (as `suivi sector
/// execution`): its figures and the quarter's submission together.
#[utoipa::path(post, path = "/api/sector/{year}/executions", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), request_body = ExecutionBody, responses((status = 200, body = Submission), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn execution(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
    ApiJson(b): ApiJson<ExecutionBody>,
) -> Api<Submission> {
    let y = year(y, c.lang)?;
    let q = quarter(Some(b.quarter), c.lang)?.expect("a quarter was given");
    let rows = b
        .lines
        .into_iter()
        .map(|l| {
            vec![
                l.code,
                l.status,
                l.progress,
                l.achieved,
                l.engaged,
                l.liquidated,
                l.difficulties,
            ]
        })
        .collect();
    let table = Table::of_rows("lines", &EXECUTION_COLUMNS, rows);
    let changed = app
        .report_sector_execution(y, Some(q), &b.structure, &table, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionBody {
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$")]
    pub structure: String,
    #[schema(minimum = 2000, maximum = 2100)]
    #[serde(deserialize_with = "whole::i32")]
    pub year: i32,
    /// A quarter's execution (1 to 4); none: the structure's proposal.
    #[schema(minimum = 1, maximum = 4)]
    pub quarter: Option<u8>,
    /// `submit` (its focal point or the CPS), `return` (with a comment),
    /// `approve` (locks it) or `reopen` (with a reason).
    #[schema(pattern = "^(submit|return|approve|reopen)$")]
    pub decision: String,
    /// A submission's note, a return's comment, a reopening's reason.
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
}

/// Hands a structure's proposal (or a quarter's execution) in, returns,
/// approves or reopens it (as `suivi sector submit|return|approve|reopen`).
#[utoipa::path(post, path = "/api/sector/decisions", request_body = DecisionBody, responses((status = 200, body = Submission), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn decide(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Api<Submission> {
    let y = year(b.year, c.lang)?;
    let q = quarter(b.quarter, c.lang)?;
    let decision = Decision::from_code(&b.decision, b.comment).map_err(refused(c.lang))?;
    let who = c.actor(None);
    let changed = match q {
        Some(q) => {
            app.decide_sector_quarter(y, &b.structure, q, decision, &who)
                .await
        }
        None => {
            app.decide_sector_proposal(y, &b.structure, decision, &who)
                .await
        }
    }
    .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

#[derive(Deserialize, ToSchema)]
pub struct CodeBody {
    /// The activity's code (`1.3`).
    #[schema(max_length = 16)]
    pub from: String,
    /// Its new code, another activity's in no case (`1.5`).
    #[schema(max_length = 16)]
    pub to: String,
}

/// Gives an activity of the sector's plan another code (as `suivi sector
/// recode`).
#[utoipa::path(post, path = "/api/sector/{year}/codes", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), request_body = CodeBody, responses((status = 200, body = SectorCall), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn recode(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
    ApiJson(b): ApiJson<CodeBody>,
) -> Api<SectorCall> {
    let y = year(y, c.lang)?;
    let changed = app
        .recode_sector_activity(y, &b.from, &b.to, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}
