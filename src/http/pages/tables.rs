//! Tableau 3 and Tableau 4 with changes in place, and a recommendation's
//! history as a timeline.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::login::LangQuery;
use super::{check_csrf, failure, form_day, given, page, refused};
use crate::app::{App, Situation};
use crate::domain::access::Action;
use crate::domain::activity::ActivityRef;
use crate::domain::recommendation::RecommendationRef;
use crate::domain::types::{ActivityCode, SessionId, StructureCode, Year};
use crate::http::auth::{Caller, PageCaller};
use crate::text::{self, label};

#[derive(Deserialize)]
pub struct YearParam {
    year: Option<i32>,
    lang: Option<String>,
    /// What had taken effect by the end of this day (`AAAA-MM-JJ`).
    #[serde(default)]
    as_of: String,
}

pub async fn activities(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<YearParam>,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let year = match q.year.map(Year::new) {
        Some(Ok(y)) => y,
        Some(Err(e)) => {
            let message = text::invalid_value(&e).render(lang);
            return failure(&app, &c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
        None => match app.plan_years(&who).await {
            Ok(years) => match years.last() {
                Some(y) => *y,
                None => return failure(&app, &c, StatusCode::NOT_FOUND, lang.t("page-no-plan")),
            },
            Err(e) => return refused(&app, &c, e),
        },
    };
    let at = match form_day(&app, &c, q.as_of.clone()) {
        Ok(day) => Situation {
            as_of: day,
            recorded_by: None,
        },
        Err(r) => return r,
    };
    match app.activities_report(year, at, &who).await {
        Ok(report) => {
            let table = crate::report::tables::activities(&report, true).page(lang);
            let extra = context! {
                rate_text => lang.percent(report.execution_rate),
                report => Value::from(minijinja::value::Serde(&report)),
                table => Value::from(minijinja::value::Serde(&table)),
                as_of => at.as_of.map(|d| d.to_string()),
                as_of_text => at.as_of.map(|d| crate::text!("provenance-as-of", day = text::Arg::Date(d)).render(lang)),
                can_record => who.may(Action::Record) && at.as_of.is_none(),
            };
            page(
                "activities.html",
                &lang.t("page-activities"),
                Some(&c),
                &app,
                lang,
                extra,
                q.lang.is_some(),
            )
        }
        Err(e) => refused(&app, &c, e),
    }
}

#[derive(Deserialize)]
pub struct ActivityForm {
    #[serde(default)]
    csrf: String,
    status: String,
    #[serde(default)]
    note: String,
    /// The day it took effect (empty: today).
    #[serde(default)]
    date: String,
}

/// The activity a form's path names, once the form's CSRF token is the
/// session's; else the page saying what is wrong.
pub(super) fn form_activity(
    app: &App,
    c: &Caller,
    csrf: &str,
    year: i32,
    code: &str,
) -> Result<ActivityRef, Response> {
    check_csrf(app, c, csrf)?;
    match (Year::new(year), ActivityCode::parse(code)) {
        (Ok(year), Ok(code)) => Ok(ActivityRef { year, code }),
        (Err(e), _) | (_, Err(e)) => {
            let message = text::invalid_value(&e).render(c.lang);
            Err(failure(app, c, StatusCode::NOT_FOUND, message))
        }
    }
}

pub async fn activity_status(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<ActivityForm>,
) -> Response {
    let id = match form_activity(&app, &c, &f.csrf, year, &code) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let note = given(f.note);
    let date = match form_day(&app, &c, f.date) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let who = c.actor(None);
    let result = match f.status.as_str() {
        "executed" => app.execute_activity(&id, note, None, date, &who).await,
        "not_executed" => app.activity_not_executed(&id, note, date, &who).await,
        other => {
            let message = crate::text!(
                "unknown-code",
                value = other,
                allowed = "executed, not_executed"
            );
            return failure(
                &app,
                &c,
                StatusCode::UNPROCESSABLE_ENTITY,
                message.render(c.lang),
            );
        }
    };
    match result {
        Ok(_) => Redirect::to(&format!("/activities?year={year}")).into_response(),
        Err(e) => refused(&app, &c, e),
    }
}

#[derive(Deserialize)]
pub struct SessionParam {
    session: Option<String>,
    lang: Option<String>,
}

pub async fn recommendations(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<SessionParam>,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let all = match app.sessions(&who).await {
        Ok(all) => all,
        Err(e) => return refused(&app, &c, e),
    };
    let Some(session) = q.session.clone().or_else(|| all.last().cloned()) else {
        return failure(
            &app,
            &c,
            StatusCode::NOT_FOUND,
            lang.t("page-no-recommendation"),
        );
    };
    let sid = match SessionId::parse(&session) {
        Ok(s) => s,
        Err(e) => {
            let message = text::invalid_value(&e).render(lang);
            return failure(&app, &c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
    };
    let report = match app.recommendations_report(&sid, Situation::NOW, &who).await {
        Ok(r) => r,
        Err(e) => return refused(&app, &c, e),
    };
    let rows: Vec<Value> = report
        .recommendations
        .iter()
        .map(|r| {
            let structures: Vec<StructureCode> = r
                .structures
                .iter()
                .filter_map(|s| StructureCode::parse(s).ok())
                .collect();
            context! {
                number => r.number,
                text => r.text.clone(),
                structures => r.structures.join(", "),
                due => r.due.map(|d| crate::text::deadline(d, crate::text::DeadlineMark::from_flags(r.due_is_default, false), false, lang)),
                status_label => label(lang, "report-status", r.status.code()),
                editable => who.may(Action::ChangeStatus(&structures)),
            }
        })
        .collect();
    let extra = context! {
        report => Value::from(minijinja::value::Serde(&report)),
        rows => rows,
        sessions => all,
    };
    page(
        "recommendations.html",
        &lang.t("page-recommendations"),
        Some(&c),
        &app,
        lang,
        extra,
        q.lang.is_some(),
    )
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    status: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    evidence: String,
    /// The day it took effect (empty: today).
    #[serde(default)]
    date: String,
}

fn recommendation_ref(
    app: &App,
    c: &Caller,
    session: &str,
    number: u32,
) -> Result<RecommendationRef, Response> {
    SessionId::parse(session)
        .map(|session| RecommendationRef { session, number })
        .map_err(|e| {
            failure(
                app,
                c,
                StatusCode::NOT_FOUND,
                text::invalid_value(&e).render(c.lang),
            )
        })
}

pub async fn recommendation_status(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((session, number)): Path<(String, u32)>,
    Form(f): Form<StatusForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let id = match recommendation_ref(&app, &c, &session, number) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let date = match form_day(&app, &c, f.date) {
        Ok(d) => d,
        Err(r) => return r,
    };
    match app
        .set_recommendation_status(
            &id,
            &f.status,
            given(f.comment),
            given(f.evidence),
            date,
            &c.actor(None),
        )
        .await
    {
        Ok(_) => {
            let back = format!(
                "/recommendations?session={}",
                percent_encoding::utf8_percent_encode(&session, percent_encoding::NON_ALPHANUMERIC)
            );
            Redirect::to(&back).into_response()
        }
        Err(e) => refused(&app, &c, e),
    }
}

pub async fn recommendation(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Path((session, number)): Path<(String, u32)>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = c.lang;
    let id = match recommendation_ref(&app, &c, &session, number) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let history = match app.recommendation_history(&id, &c.actor(None)).await {
        Ok(h) => h,
        Err(e) => return refused(&app, &c, e),
    };
    let lineage: Vec<Value> = history
        .lineage
        .iter()
        .map(|l| {
            let (s, n) = l.reference.rsplit_once('#').unwrap_or((&l.reference, "0"));
            context! { reference => text::item_reference("recommendation", &l.reference, lang), session => s, number => n, status => l.status.clone() }
        })
        .collect();
    let events: Vec<Value> = history
        .events
        .iter()
        .map(|e| {
            context! {
                at_text => text::moment(&e.at, lang),
                actor => e.actor.clone(),
                reference => text::item_reference("recommendation", &e.reference, lang),
                details => e.change.render(lang),
                comment => e.comment.clone(),
                evidence => e.evidence.clone(),
                reason => e.reason.clone(),
            }
        })
        .collect();
    let extra = context! {
        history => context! {
            reference => text::item_reference("recommendation", &history.reference, lang),
            lineage => lineage,
            open_since => history.open_since.clone(),
            events => events,
        },
    };
    page(
        "recommendation.html",
        &text::item_reference("recommendation", &id.aggregate_id(), lang),
        Some(&c),
        &app,
        lang,
        extra,
        q.lang.is_some(),
    )
}
