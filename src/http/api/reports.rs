//! The report's tables, now or as of a past day.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{situation, ApiQuery, Day};
use super::{refused, session, year, Api, ApiError};
use crate::app::{App, DocumentFormat};
use crate::http::auth::Caller;
use crate::http::error::ErrorResponse;
use crate::report::projects::Portfolio;
use crate::report::{ActivitiesReport, FinancesReport, RecommendationsReport};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The plan's year (2000–2100).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// What had taken effect by the end of this day (Africa/Bamako), by the dates of the facts.
    #[param(inline)]
    pub as_of: Option<Day>,
    /// What the log held at the end of this day (Africa/Bamako): the audit's clock.
    #[param(inline)]
    pub recorded_by: Option<Day>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// The session (`2024`, `revue_sectorielle-2024`).
    #[param(pattern = "^[A-Za-z0-9._-]{1,40}$")]
    pub session: String,
    /// What had taken effect by the end of this day (Africa/Bamako), by the dates of the facts.
    #[param(inline)]
    pub as_of: Option<Day>,
    /// What the log held at the end of this day (Africa/Bamako): the audit's clock.
    #[param(inline)]
    pub recorded_by: Option<Day>,
}

/// Tableau 3: the activities of a year.
#[utoipa::path(get, path = "/api/reports/activities", params(YearQuery), responses((status = 200, body = ActivitiesReport), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activities(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Api<ActivitiesReport> {
    let y = year(q.year, c.lang)?;
    let report = app
        .activities_report(y, situation(q.as_of, q.recorded_by), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(report))
}

/// Tableau 4: the recommendations of a session (a focal point sees those of its structure).
#[utoipa::path(get, path = "/api/reports/recommendations", params(SessionQuery), responses((status = 200, body = RecommendationsReport), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn recommendations(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<SessionQuery>,
) -> Api<RecommendationsReport> {
    let s = session(&q.session, c.lang)?;
    let report = app
        .recommendations_report(&s, situation(q.as_of, q.recorded_by), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(report))
}

/// The financial execution of a year.
#[utoipa::path(get, path = "/api/reports/finances", params(YearQuery), responses((status = 200, body = FinancesReport), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn finances(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Api<FinancesReport> {
    let y = year(q.year, c.lang)?;
    let report = app
        .finances_report(y, situation(q.as_of, q.recorded_by), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(report))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectsQuery {
    /// The budget year (2000–2100).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// The figures standing at the end of this day (Africa/Bamako), by their
    /// own dates; today by default.
    #[param(inline)]
    pub as_of: Option<Day>,
}

/// The sector's projects in a year: credits, financial and physical rates,
/// lateness, and the year's BSI arbitration counted (as `suivi report projects`).
#[utoipa::path(get, path = "/api/reports/projects", params(ProjectsQuery), responses((status = 200, body = Portfolio), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn projects(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<ProjectsQuery>,
) -> Api<Portfolio> {
    let y = year(q.year, c.lang)?;
    let report = app
        .project_portfolio(y, q.as_of.map(|d| d.0), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(report))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnnualQuery {
    /// The year reported on (2000–2099); the document also holds the next year's plan.
    #[param(minimum = 2000, maximum = 2099)]
    pub year: i32,
    /// `docx` (Word, the default) or `html` (one printable page).
    #[param(pattern = "^(docx|html)$")]
    pub format: Option<String>,
}

/// The yearly report « Rapport d'activités Y et plan d'action Y+1 », as the
/// command line and the pages write it (in the caller's language).
#[utoipa::path(get, path = "/api/reports/annual", params(AnnualQuery), responses((status = 200, description = "The document.", content((Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (String = "text/html"))), (status = 403, body = ErrorResponse), (status = 404, description = "No plan is recorded for that year.", body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn annual(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<AnnualQuery>,
) -> Result<Response, ApiError> {
    let y = year(q.year, c.lang)?;
    let format = match q
        .format
        .as_deref()
        .unwrap_or("docx")
        .parse::<DocumentFormat>()
    {
        Ok(f) => f,
        Err(e) => {
            return Err(refused(c.lang)(crate::app::AppError::bad_field(
                "format",
                crate::text::unknown_code(&e),
            )))
        }
    };
    let (body, name) = app
        .annual_document(y, format, c.lang, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}
