//! The plan's progress during the year, late activities first: the CPS and
//! each unit's focal point record how far an activity has come and its
//! indicator's values in place.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::tables::form_activity;
use super::{failure, form_day, given, page, refused};
use crate::app::{App, Situation};
use crate::domain::access::{Action, Actor};
use crate::domain::activity::ActivityRef;
use crate::domain::types::{Quarter, StructureCode, Year};
use crate::http::auth::{Caller, PageCaller};
use crate::report::progress::{ProgressLine, ProgressTotal};
use crate::report::render::{months_shown, progress_title};
use crate::text::{self, label, DeadlineMark, Lang};

#[derive(Deserialize)]
pub struct ProgressParam {
    year: Option<i32>,
    /// Read as text, so that a wrong value gets a page that says so.
    quarter: Option<String>,
    lang: Option<String>,
}

/// The quarter a page asks for: none, or 1 to 4.
pub(super) fn quarter(given: Option<&str>) -> Result<Option<Quarter>, crate::app::AppError> {
    given
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| {
            Quarter::parse(q)
                .map_err(|e| crate::app::AppError::bad_field("quarter", text::invalid_value(&e)))
        })
        .transpose()
}

/// One activity as the page and the dashboard show it.
pub(super) fn line(l: &ProgressLine, who: &Actor, lang: Lang) -> Value {
    let units: Vec<StructureCode> = l
        .units
        .iter()
        .filter_map(|u| StructureCode::parse(u).ok())
        .collect();
    let mark = if l.months_estimated {
        DeadlineMark::Estimated
    } else {
        DeadlineMark::Given
    };
    context! {
        code => l.code.clone(),
        title => l.title.clone(),
        responsible => l.responsible_shown(),
        months => months_shown(&l.months, l.months_estimated, lang),
        deadline => l.deadline.map(|d| text::deadline(d, mark, false, lang)),
        percent => l.percent,
        progress_date => l.progress_date.map(|d| text::short_date(d, lang)),
        note => l.note.clone(),
        indicator => l.indicator.clone(),
        target => l.target.clone(),
        achieved => l.achieved.clone(),
        status => label(lang, "progress-status", crate::domain::types::Code::code(l.status)),
        late => l.late,
        editable => who.may(Action::RecordProgress(&units)),
    }
}

fn totals(totals: &[ProgressTotal]) -> Vec<Value> {
    totals
        .iter()
        .map(|t| {
            context! {
                name => t.name.clone(),
                activities => t.activities,
                late => t.late,
                on_track => t.on_track,
                done => t.done,
                not_executed => t.not_executed,
            }
        })
        .collect()
}

/// The plan's progress by quarter (`?year=&quarter=`; today's plan by default).
pub async fn show(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<ProgressParam>,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let quarter = match quarter(q.quarter.as_deref()) {
        Ok(q) => q,
        Err(e) => return refused(&app, &c, e),
    };
    let report = match q.year.map(Year::new) {
        Some(Ok(y)) => app
            .progress_report(y, quarter, Situation::NOW, &who)
            .await
            .map(Some),
        Some(Err(e)) => {
            let message = text::invalid_value(&e).render(lang);
            return failure(&app, &c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
        None => app.current_progress(&who).await,
    };
    let report = match report {
        Ok(Some(r)) => r,
        Ok(None) => return failure(&app, &c, StatusCode::NOT_FOUND, lang.t("page-no-plan")),
        Err(e) => return refused(&app, &c, e),
    };
    let rows: Vec<Value> = report
        .late_first()
        .into_iter()
        .map(|l| line(l, &who, lang))
        .collect();
    let summary = crate::text!(
        "progress-summary",
        late = report.late,
        on_track = report.on_track,
        done = report.done,
        not_executed = report.not_executed
    )
    .render(lang);
    // What is recorded on this page stands for the day it shows.
    let record_date = (report.as_of < app.today()).then(|| report.as_of.to_string());
    let extra = context! {
        heading => progress_title(&report, lang),
        record_date => record_date,
        summary => summary,
        year => report.year,
        quarter => report.quarter,
        rows => rows,
        by_unit => totals(&report.by_unit),
        by_objective => totals(&report.by_objective),
        plan_link => who.may(Action::ReadTables),
    };
    page(
        "progress.html",
        &lang.t("page-progress"),
        Some(&c),
        &app,
        lang,
        extra,
        q.lang.is_some(),
    )
}

/// How far an activity has come, from its row's form.
#[derive(Deserialize)]
pub struct ProgressForm {
    #[serde(default)]
    csrf: String,
    /// The quarter the page showed, to go back to it.
    #[serde(default)]
    quarter: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    date: String,
}

/// Back to the row of the activity, on the quarter the page showed.
fn back_to(id: &ActivityRef, quarter: &str) -> Response {
    let quarter = match self::quarter(Some(quarter)) {
        Ok(Some(q)) => format!("&quarter={q}"),
        _ => String::new(),
    };
    Redirect::to(&format!(
        "/progress?year={}{quarter}#activity-{}",
        id.year.value(),
        id.code
    ))
    .into_response()
}

/// Records the progress of an activity, for the day the page shows.
pub async fn record(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<ProgressForm>,
) -> Response {
    let id = match form_activity(&app, &c, &f.csrf, year, &code) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let Ok(percent) = f.percent.trim().trim_end_matches('%').trim().parse::<u32>() else {
        let message = crate::text!("progress-percent-invalid", value = f.percent.as_str());
        return failure(
            &app,
            &c,
            StatusCode::UNPROCESSABLE_ENTITY,
            message.render(c.lang),
        );
    };
    let date = match form_day(&app, &c, f.date) {
        Ok(d) => d,
        Err(r) => return r,
    };
    match app
        .record_progress(&id, percent, given(f.note), date, &c.actor(None))
        .await
    {
        Ok(_) => back_to(&id, &f.quarter),
        Err(e) => refused(&app, &c, e),
    }
}

/// The indicator's target and value achieved, from its row's form.
#[derive(Deserialize)]
pub struct IndicatorForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    quarter: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    achieved: String,
}

/// Sets an activity's indicator target and value achieved.
pub async fn indicator(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<IndicatorForm>,
) -> Response {
    let id = match form_activity(&app, &c, &f.csrf, year, &code) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match app
        .set_indicator(&id, given(f.target), given(f.achieved), &c.actor(None))
        .await
    {
        Ok(_) => back_to(&id, &f.quarter),
        Err(e) => refused(&app, &c, e),
    }
}
