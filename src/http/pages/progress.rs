//! The plan's progress during the year, late activities first: the CPS and
//! each unit's focal point record how far an activity has come and its
//! indicator's values in place.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::activities::form_activity;
use super::form::{Refusal, Sent};
use super::{answered, failure, form_day, given, page, recorded, refused};
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
    progress_page(
        &app,
        &c,
        q.year,
        q.quarter.as_deref(),
        None,
        q.lang.is_some(),
    )
    .await
}

/// The progress page, with a refused form shown again in its row.
async fn progress_page(
    app: &App,
    c: &Caller,
    year: Option<i32>,
    quarter: Option<&str>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let quarter = match self::quarter(quarter) {
        Ok(q) => q,
        Err(e) => return refused(app, c, e),
    };
    let years = if who.may(Action::ReadTables) {
        match app.plan_years(&who).await {
            Ok(y) => y,
            Err(e) => return refused(app, c, e),
        }
    } else {
        Vec::new()
    };
    let report = match year.map(Year::new) {
        Some(Ok(y)) => app
            .progress_report(y, quarter, Situation::NOW, &who)
            .await
            .map(Some),
        Some(Err(e)) => {
            let message = text::invalid_value(&e).render(lang);
            return failure(app, c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
        None => app.current_progress(&who).await,
    };
    let report = match report {
        Ok(Some(r)) => r,
        Ok(None) => return failure(app, c, StatusCode::NOT_FOUND, lang.t("page-no-plan")),
        Err(e) => return refused(app, c, e),
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
    let (status, sent) = match sent {
        Some((status, sent)) => (status, Some(Value::from(minijinja::value::Serde(sent)))),
        None => (StatusCode::OK, None),
    };
    let extra = context! {
        heading => progress_title(&report, lang),
        record_date => record_date,
        summary => summary,
        year => report.year,
        years => years.iter().map(|y| y.value()).collect::<Vec<_>>(),
        quarter => report.quarter,
        rows => rows,
        by_unit => totals(&report.by_unit),
        by_objective => totals(&report.by_objective),
        plan_link => who.may(Action::ReadTables),
        sent => sent,
    };
    answered(
        page(
            "progress.html",
            &lang.t("page-progress"),
            Some(c),
            app,
            lang,
            extra,
            remember,
        ),
        status,
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

/// The progress page the form was on, with its quarter.
fn page_of(id: &ActivityRef, quarter: &str) -> (String, Option<String>) {
    let quarter = match self::quarter(Some(quarter)) {
        Ok(Some(q)) => Some(q.to_string()),
        _ => None,
    };
    let address = match &quarter {
        Some(q) => format!("/progress?year={}&quarter={q}", id.year.value()),
        None => format!("/progress?year={}", id.year.value()),
    };
    (address, quarter)
}

/// Back to the activity's row saying what was recorded, or the page again
/// with the form as it was sent.
async fn after(
    app: &App,
    c: &Caller,
    id: &ActivityRef,
    quarter: &str,
    outcome: Result<&'static str, Refusal>,
) -> Response {
    let (address, quarter) = page_of(id, quarter);
    match outcome {
        Ok(what) => {
            let subject = text::reference(&id.aggregate_id())
                .unwrap_or_else(|| crate::text!("raw", value = id.aggregate_id()));
            let done = crate::text!(
                "page-recorded",
                subject = subject,
                what = text::Text::new(what)
            );
            recorded(
                &format!("{address}#activity-{}", id.code),
                &done.render(c.lang),
            )
        }
        Err(refusal) => {
            let mut c = c.clone();
            c.here = address;
            progress_page(
                app,
                &c,
                Some(id.year.value()),
                quarter.as_deref(),
                Some(refusal),
                false,
            )
            .await
        }
    }
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
    let lang = c.lang;
    let sent = || {
        Sent::new(format!("progress-{code}"))
            .with("percent", &f.percent)
            .with("note", &f.note)
    };
    let outcome = async {
        let Ok(percent) = f.percent.trim().trim_end_matches('%').trim().parse::<u32>() else {
            let message = crate::text!("progress-percent-invalid", value = f.percent.as_str());
            return Err(sent().invalid("percent", message.render(lang)));
        };
        let date = match form_day(&app, &c, f.date.clone()) {
            Ok(d) => d,
            Err(_) => return Err(sent().invalid("date", lang.t("page-date-invalid"))),
        };
        app.record_progress(&id, percent, given(f.note.clone()), date, &c.actor(None))
            .await
            .map(|_| "page-done-progress")
            .map_err(|e| sent().refused(e, lang))
    }
    .await;
    after(&app, &c, &id, &f.quarter, outcome).await
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
    let sent = Sent::new(format!("indicator-{code}"))
        .with("target", &f.target)
        .with("achieved", &f.achieved);
    let outcome = app
        .set_indicator(&id, given(f.target), given(f.achieved), &c.actor(None))
        .await
        .map(|_| "page-done-indicator")
        .map_err(|e| sent.refused(e, c.lang));
    after(&app, &c, &id, &f.quarter, outcome).await
}
