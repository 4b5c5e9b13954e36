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

use super::tables::activity_ref;
use super::{check_csrf, failure, page, refused};
use crate::app::App;
use crate::domain::access::{Action, Actor};
use crate::domain::types::{StructureCode, Year};
use crate::http::auth::{Caller, MaybeCaller};
use crate::report::progress::{ProgressLine, ProgressReport, ProgressTotal};
use crate::report::render::{months_shown, progress_title};
use crate::text::{self, label, DeadlineMark, Lang};

#[derive(Deserialize)]
pub struct ProgressParam {
    year: Option<i32>,
    quarter: Option<u8>,
    lang: Option<String>,
}

/// One activity as the page and the dashboard show it.
pub(super) fn line(app: &App, l: &ProgressLine, who: &Actor, lang: Lang) -> Value {
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
        responsible => if l.responsible.is_empty() { unit_names(app, &l.units) } else { l.responsible.clone() },
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

/// The activities of a report, late ones first, then in the plan's order.
pub(super) fn late_first(r: &ProgressReport) -> Vec<&ProgressLine> {
    let mut lines: Vec<&ProgressLine> = r.activities.iter().collect();
    lines.sort_by_key(|l| !l.late);
    lines
}

/// The directory's names of units, as people read them.
fn unit_names(app: &App, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| {
            StructureCode::parse(c)
                .ok()
                .and_then(|code| app.directory().get(&code).map(|s| s.name.clone()))
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn totals(app: &App, totals: &[ProgressTotal], by_unit: bool) -> Vec<Value> {
    totals
        .iter()
        .map(|t| {
            context! {
                key => if by_unit { unit_names(app, std::slice::from_ref(&t.key)) } else { t.key.clone() },
                activities => t.activities,
                late => t.late,
                on_track => t.on_track,
                done => t.done,
                not_executed => t.not_executed,
            }
        })
        .collect()
}

pub async fn show(
    State(app): State<Arc<App>>,
    MaybeCaller(c, lang): MaybeCaller,
    Query(q): Query<ProgressParam>,
) -> Response {
    let Some(c) = c else {
        return Redirect::to("/login").into_response();
    };
    let c = Caller { lang, ..c };
    let who = c.actor(None);
    let report = match q.year.map(Year::new) {
        Some(Ok(y)) => app
            .progress_report(y, q.quarter, None, &who)
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
    let rows: Vec<Value> = late_first(&report)
        .into_iter()
        .map(|l| line(&app, l, &who, lang))
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
        by_unit => totals(&app, &report.by_unit, true),
        by_objective => totals(&app, &report.by_objective, false),
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

#[derive(Deserialize)]
pub struct ProgressForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    date: String,
}

fn given(s: String) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn back_to(year: i32, code: &str) -> Response {
    Redirect::to(&format!("/progress?year={year}#activity-{code}")).into_response()
}

pub async fn record(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<ProgressForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let id = match activity_ref(&app, &c, year, &code) {
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
    let date = match given(f.date).map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => {
            let message = c.lang.t("page-date-invalid");
            return failure(&app, &c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
    };
    match app
        .record_progress(&id, percent, given(f.note), date, &c.actor(None))
        .await
    {
        Ok(_) => back_to(year, &code),
        Err(e) => refused(&app, &c, e),
    }
}

#[derive(Deserialize)]
pub struct IndicatorForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    achieved: String,
}

pub async fn indicator(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<IndicatorForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let id = match activity_ref(&app, &c, year, &code) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match app
        .set_indicator(&id, given(f.target), given(f.achieved), &c.actor(None))
        .await
    {
        Ok(_) => back_to(year, &code),
        Err(e) => refused(&app, &c, e),
    }
}
