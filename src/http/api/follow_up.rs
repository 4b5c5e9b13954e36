//! Following the year through the API: an activity's progress and
//! indicator, the plan as the report lays it out, its progress on a day, and
//! what a structure has to do with its deadlines.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{situation, whole, ApiJson, ApiPath, ApiQuery, Day};
use super::{code, quarter, refused, year, Api};
use crate::app::{App, StructureItems};
use crate::domain::activity::{Activity, ActivityRef};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ErrorResponse};
use crate::report::plan::PlanReport;
use crate::report::progress::ProgressReport;
use crate::text::Lang;

#[derive(Deserialize, ToSchema)]
pub struct ProgressChange {
    /// How far the activity has come, from 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    #[serde(deserialize_with = "whole::u32")]
    pub percent: u32,
    /// What was done; required when the percentage goes down.
    #[schema(max_length = 4000)]
    pub note: Option<String>,
    /// The day the progress stands for (default: today in Africa/Bamako; from
    /// 1 January of the plan's year to today).
    #[schema(inline)]
    pub date: Option<Day>,
    /// Why it is recorded, kept with the event.
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct IndicatorChange {
    /// The indicator's target: a number or words (« 2 sessions »).
    #[schema(max_length = 4000)]
    pub target: Option<String>,
    /// The value achieved so far.
    #[schema(max_length = 4000)]
    pub achieved: Option<String>,
    /// Why it is recorded, kept with the event.
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// The plan's year (2000–2100).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// The quarter (1–4): the report stands at its last day.
    #[param(minimum = 1, maximum = 4)]
    pub quarter: Option<u8>,
    /// The day of the report (default: the quarter's last day, else today).
    #[param(inline)]
    pub as_of: Option<Day>,
    /// What the log held at the end of this day (Africa/Bamako): the audit's clock.
    #[param(inline)]
    pub recorded_by: Option<Day>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// The plan's year (2000–2100).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// What had taken effect by the end of this day (Africa/Bamako); the plan of the year whenever it was typed.
    #[param(inline)]
    pub as_of: Option<Day>,
    /// What the log held at the end of this day (Africa/Bamako): the audit's clock.
    #[param(inline)]
    pub recorded_by: Option<Day>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StructureQuery {
    /// A code of the directory (`DGB`, `CPS/SCI/PLANIFICATION`).
    #[param(pattern = "^[A-Za-z0-9/._-]{1,32}$")]
    pub structure: String,
}

fn activity_ref(y: i32, c: &str, lang: Lang) -> Result<ActivityRef, ApiError> {
    Ok(ActivityRef {
        year: year(y, lang)?,
        code: code(c, lang)?,
    })
}

/// Records how far an activity has come (the CPS, or a focal point of a unit responsible for it).
#[utoipa::path(post, path = "/api/activities/{year}/{code}/progress", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("code" = String, Path, pattern = "^[0-9]{1,5}(\\.[0-9]{1,5}){0,4}$", max_length = 20)), request_body = ProgressChange, responses((status = 200, body = Activity), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activity_progress(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((y, code)): ApiPath<(i32, String)>,
    ApiJson(b): ApiJson<ProgressChange>,
) -> Api<Activity> {
    let id = activity_ref(y, &code, c.lang)?;
    let changed = app
        .record_progress(
            &id,
            b.percent,
            b.note,
            b.date.map(|d| d.0),
            &c.actor(b.reason),
        )
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// Sets an activity's indicator target and/or the value achieved (the CPS, or a focal point of its unit).
#[utoipa::path(post, path = "/api/activities/{year}/{code}/indicator", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("code" = String, Path, pattern = "^[0-9]{1,5}(\\.[0-9]{1,5}){0,4}$", max_length = 20)), request_body = IndicatorChange, responses((status = 200, body = Activity), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activity_indicator(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((y, code)): ApiPath<(i32, String)>,
    ApiJson(b): ApiJson<IndicatorChange>,
) -> Api<Activity> {
    let id = activity_ref(y, &code, c.lang)?;
    let changed = app
        .set_indicator(&id, b.target, b.achieved, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

/// The plan's progress on a day, with totals by objective and by unit (a focal point sees its unit's activities).
#[utoipa::path(get, path = "/api/reports/progress", params(ProgressQuery), responses((status = 200, body = ProgressReport), (status = 404, description = "No plan is recorded for that year.", body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn progress(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<ProgressQuery>,
) -> Api<ProgressReport> {
    let y = year(q.year, c.lang)?;
    let quarter = quarter(q.quarter, c.lang)?;
    let report = app
        .progress_report(
            y,
            quarter,
            situation(q.as_of, q.recorded_by),
            &c.actor(None),
        )
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(report))
}

/// The plan as the report lays it out: indicators, budgets, chronogramme and units, with its total.
#[utoipa::path(get, path = "/api/reports/plan", params(PlanQuery), responses((status = 200, body = PlanReport), (status = 403, body = ErrorResponse), (status = 404, description = "No plan is recorded for that year.", body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn plan(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Api<PlanReport> {
    let y = year(q.year, c.lang)?;
    let report = app
        .plan_report(y, situation(q.as_of, q.recorded_by), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(report))
}

/// What a structure has to do, soonest first, each with its deadline (marked when it is the workflow's default or estimated).
#[utoipa::path(get, path = "/api/items", params(StructureQuery), responses((status = 200, body = StructureItems), (status = 403, body = ErrorResponse), (status = 404, description = "No such structure in the directory.", body = ErrorResponse)))]
pub async fn items(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<StructureQuery>,
) -> Api<StructureItems> {
    let items = app
        .structure_items(&q.structure, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(items))
}
