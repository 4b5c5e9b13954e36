//! CSV and XLSX downloads of the tables, as the command line writes them.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{failure, refused};
use crate::app::{App, AppError, Situation};
use crate::domain::types::{SessionId, Year};
use crate::http::auth::Caller;
use crate::report::render::{self, Format};
use crate::report::xlsx;
use crate::text;

#[derive(Deserialize)]
pub struct ExportParam {
    year: Option<i32>,
    quarter: Option<String>,
    session: Option<String>,
    /// A project's code, title or alias.
    code: Option<String>,
    /// A structure of the sector's plan.
    structure: Option<String>,
    /// What had taken effect by the end of this day (`AAAA-MM-JJ`).
    as_of: Option<String>,
    /// What the log held at the end of this day (`AAAA-MM-JJ`).
    recorded_by: Option<String>,
}

/// A day a link gives (`AAAA-MM-JJ`), or none.
fn day(field: &'static str, given: Option<&str>) -> Result<Option<chrono::NaiveDate>, AppError> {
    given
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::bad_field(field, text!("import-date-invalid", value = d)))
        })
        .transpose()
}

/// A table as a file: `base.csv` or `base.xlsx`.
fn output(
    ext: &str,
    base: &str,
    csv: impl FnOnce() -> String,
    book: impl FnOnce(&mut rust_xlsxwriter::Workbook) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Result<(Vec<u8>, String), AppError> {
    let format = match ext {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        _ => {
            let file = format!("{base}.{ext}");
            return Err(AppError::NotFound(text!("page-no-such-file", file = file)));
        }
    };
    let bytes = crate::report::file_bytes(format, |_| csv(), book)?;
    Ok((bytes, format!("{base}.{ext}")))
}

async fn build(
    app: &App,
    c: &Caller,
    what: &str,
    ext: &str,
    q: &ExportParam,
) -> Result<(Vec<u8>, String), AppError> {
    let lang = c.lang;
    let who = c.actor(None);
    let at = Situation {
        as_of: day("as_of", q.as_of.as_deref())?,
        recorded_by: day("recorded_by", q.recorded_by.as_deref())?,
    };
    let p = app.provenance(at).await?;
    let year = || {
        let y = q
            .year
            .ok_or_else(|| AppError::bad_field("year", text!("page-year-required")))?;
        Year::new(y).map_err(|e| AppError::bad_field("year", text::invalid_value(&e)))
    };
    match what {
        "activities" => {
            let year = year()?;
            let r = app.activities_report(year, at, &who).await?;
            output(
                ext,
                &format!("activites-{year}"),
                || render::activities(&r, Format::Csv, lang),
                |wb| xlsx::add_activities(wb, &r, lang, &p),
            )
        }
        "finances" => {
            let year = year()?;
            let r = app.finances_report(year, at, &who).await?;
            output(
                ext,
                &format!("finances-{year}"),
                || render::finances(&r, Format::Csv, lang),
                |wb| xlsx::add_finances(wb, &r, lang, &p),
            )
        }
        "progress" => {
            let year = year()?;
            let quarter = super::progress::quarter(q.quarter.as_deref())?;
            let r = app.progress_report(year, quarter, at, &who).await?;
            output(
                ext,
                &format!("avancement-{year}-T{}", r.quarter),
                || render::progress(&r, Format::Csv, lang),
                |wb| xlsx::add_progress(wb, &r, lang, &p),
            )
        }
        "plan" => {
            let year = year()?;
            let r = app.plan_report(year, at, &who).await?;
            output(
                ext,
                &format!("plan-{year}"),
                || render::plan(&r, Format::Csv, lang),
                |wb| xlsx::add_plan(wb, &r, lang, &p),
            )
        }
        "projects" => {
            let year = year()?;
            let r = app.project_portfolio(year, at.as_of, &who).await?;
            output(
                ext,
                &format!("projets-{year}"),
                || render::projects(&r, Format::Csv, lang),
                |wb| xlsx::add_projects(wb, &r, lang, &p),
            )
        }
        "project" => {
            let year = year()?;
            let code = q
                .code
                .as_deref()
                .ok_or_else(|| AppError::bad_field("code", text!("page-code-required")))?;
            let r = app.project_sheet(code, year, at.as_of, &who).await?;
            output(
                ext,
                &format!("projet-{}-{year}", r.code),
                || render::project_sheet(&r, Format::Csv, lang),
                |wb| xlsx::add_project_sheet(wb, &r, lang, &p),
            )
        }
        "sector-plan" => {
            let year = year()?;
            let r = app.sector_plan(year, &who).await?;
            output(
                ext,
                &format!("pta-secteur-{year}"),
                || render::sector_plan(&r, Format::Csv, lang),
                |wb| xlsx::add_sector_plan(wb, &r, lang, &p),
            )
        }
        "sector-progress" => {
            let year = year()?;
            let quarter = super::progress::quarter(q.quarter.as_deref())?;
            let r = app.sector_progress(year, quarter, &who).await?;
            output(
                ext,
                &format!("suivi-pta-secteur-{year}-T{}", r.quarter),
                || render::sector_progress(&r, Format::Csv, lang),
                |wb| xlsx::add_sector_progress(wb, &r, lang, &p),
            )
        }
        "canevas" if ext == "xlsx" => {
            let year = year()?;
            let structure = q.structure.as_deref().ok_or_else(|| {
                AppError::bad_field("structure", text!("page-structure-required"))
            })?;
            let sheet = app.sector_proposal(year, structure, &who).await?;
            let name = format!(
                "canevas-{}-{year}",
                sheet.structure.replace('/', "-").to_lowercase()
            );
            output(ext, &name, String::new, |wb| {
                xlsx::add_canevas(wb, &sheet, lang)
            })
        }
        "recommendations" => {
            let s = q
                .session
                .as_deref()
                .ok_or_else(|| AppError::bad_field("session", text!("page-session-required")))?;
            let s = SessionId::parse(s)
                .map_err(|e| AppError::bad_field("session", text::invalid_value(&e)))?;
            let r = app.recommendations_report(&s, at, &who).await?;
            output(
                ext,
                &format!("recommandations-{s}"),
                || render::recommendations(&r, Format::Csv, lang),
                |wb| xlsx::add_recommendations(wb, &r, lang, &p),
            )
        }
        _ => Err(AppError::NotFound(text!(
            "page-no-such-file",
            file = format!("{what}.{ext}")
        ))),
    }
}

pub async fn file(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(file): Path<String>,
    Query(q): Query<ExportParam>,
) -> Response {
    let (what, ext) = file.rsplit_once('.').unwrap_or((&file, ""));
    match build(&app, &c, what, ext, &q).await {
        Ok((body, name)) => {
            let content_type = if name.ends_with(".xlsx") {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            } else {
                "text/csv; charset=utf-8"
            };
            (
                [
                    (header::CONTENT_TYPE, content_type.to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                body,
            )
                .into_response()
        }
        Err(AppError::BadInput { text, .. }) => failure(
            &app,
            &c,
            StatusCode::UNPROCESSABLE_ENTITY,
            text.render(c.lang),
        ),
        Err(e) => refused(&app, &c, e),
    }
}
