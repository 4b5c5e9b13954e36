//! Tableau 3 with its changes in place (execution, non-execution, costs,
//! carry-over), and an activity's history across its carry-overs.
//!
//! (Over 400 lines: Tableau 3's five row forms share one form type and one way
//! back to the page; the history page sits with them.)

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{sent_day, split, Refusal, Sent};
use super::login::LangQuery;
use super::{answered, check_csrf, failure, form_day, given, page, recorded, refused};
use crate::app::{App, Situation};
use crate::domain::access::Action;
use crate::domain::activity::{ActivityRef, DocumentKind, ProducedDocument};
use crate::domain::types::{ActivityCode, Year};
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
    activities_page(&app, &c, q.year, &q.as_of, None, q.lang.is_some()).await
}

/// Tableau 3 of `year` (the latest plan by default), as of a day, with a
/// refused form shown again in its row.
async fn activities_page(
    app: &App,
    c: &Caller,
    year: Option<i32>,
    as_of: &str,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let years = match app.plan_years(&who).await {
        Ok(years) => years,
        Err(e) => return refused(app, c, e),
    };
    let year = match year.map(Year::new) {
        Some(Ok(y)) => y,
        Some(Err(e)) => {
            let message = text::invalid_value(&e).render(lang);
            return failure(app, c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
        None => match app.followed_year(&years) {
            Some(y) => y,
            None => return failure(app, c, StatusCode::NOT_FOUND, lang.t("page-no-plan")),
        },
    };
    let at = match form_day(app, c, as_of.to_string()) {
        Ok(day) => Situation {
            as_of: day,
            recorded_by: None,
        },
        Err(r) => return r,
    };
    let report = match app.activities_report(year, at, &who).await {
        Ok(report) => report,
        Err(e) => return refused(app, c, e),
    };
    let details = if who.may(Action::Record) {
        match app.activity_details(year, &who).await {
            Ok(n) => n,
            Err(e) => return refused(app, c, e),
        }
    } else {
        Default::default()
    };
    let table = crate::report::tables::activities(&report, true).page(lang);
    // What each row's forms start from.
    let lines: std::collections::BTreeMap<String, Value> = report
        .activities
        .iter()
        .map(|l| {
            let carried = l.carried_to.as_deref().and_then(text::reference);
            (
                l.code.clone(),
                context! {
                    status => crate::domain::types::Code::code(l.status),
                    status_label => label(lang, "activity-status", crate::domain::types::Code::code(l.status)),
                    period => l.period.clone().unwrap_or_default(),
                    observation => l.observation.clone().unwrap_or_default(),
                    engaged => l.engaged.map(|n| n.to_string()).unwrap_or_default(),
                    liquidated => l.liquidated.map(|n| n.to_string()).unwrap_or_default(),
                    carried_to => carried.map(|t| crate::text!("page-carried-to", to = t).render(lang)),
                    history => format!("/activities/{}/{}", year.value(), l.code),
                    narrative => details.get(&l.code).and_then(|a| a.narrative.clone()).unwrap_or_default(),
                    document => details.get(&l.code).and_then(|a| a.produces).map(|d| crate::domain::types::Code::code(d.kind)).unwrap_or_default(),
                    document_year => details.get(&l.code).and_then(|a| a.produces).map(|d| d.year.value()),
                },
            )
        })
        .collect();
    let (status, sent) = split(sent);
    let extra = context! {
        rate_text => lang.percent(report.execution_rate),
        report => Value::from(minijinja::value::Serde(&report)),
        table => Value::from(minijinja::value::Serde(&table)),
        lines => lines,
        years => years.iter().map(|y| y.value()).collect::<Vec<_>>(),
        as_of => at.as_of.map(|d| d.to_string()),
        as_of_text => at.as_of.map(|d| crate::text!("provenance-as-of", day = text::Arg::Date(d)).render(lang)),
        can_record => who.may(Action::Record) && at.as_of.is_none(),
        can_audit => who.may(Action::Audit),
        next_year => year.value() + 1,
        documents => [
            ("", lang.t("page-document-none")),
            ("sector_follow_up", lang.t("page-document-sector_follow_up")),
            ("sector_plan", lang.t("page-document-sector_plan")),
        ],
        sent => sent,
    };
    answered(
        page(
            "activities.html",
            &lang.t("page-activities"),
            Some(c),
            app,
            lang,
            extra,
            remember,
        ),
        status,
    )
}

/// An activity's form: its CSRF token, its fields as sent, and the form's
/// id on the page (`execute-1.1.1`).
#[derive(Deserialize)]
pub struct ActivityForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
    /// When and how it was done (executed); older pages sent the period or
    /// the reason in `note`.
    #[serde(default)]
    period: String,
    #[serde(default)]
    observation: String,
    /// Why it was not (not executed).
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    /// The day it took effect (empty: today).
    #[serde(default)]
    date: String,
    #[serde(default)]
    engaged: String,
    #[serde(default)]
    liquidated: String,
    #[serde(default)]
    to_year: String,
    #[serde(default)]
    to_code: String,
    #[serde(default)]
    markdown: String,
    /// The document produced (`sector_follow_up`, `sector_plan`; empty:
    /// none) and the year it is of.
    #[serde(default)]
    document: String,
    #[serde(default)]
    document_year: String,
}

impl ActivityForm {
    fn sent(&self, form: String) -> Sent {
        Sent::new(form)
            .with("period", &self.period)
            .with("observation", &self.observation)
            .with("reason", &self.reason)
            .with("date", &self.date)
            .with("engaged", &self.engaged)
            .with("liquidated", &self.liquidated)
            .with("to_year", &self.to_year)
            .with("to_code", &self.to_code)
            .with("markdown", &self.markdown)
            .with("document", &self.document)
            .with("document_year", &self.document_year)
    }
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

/// After an activity's form: back to its row saying what was recorded, or
/// the page again with the form as it was sent.
async fn after_activity_form(
    app: &App,
    c: &Caller,
    id: &ActivityRef,
    outcome: Result<crate::text::Text, Refusal>,
) -> Response {
    let page_of = format!("/activities?year={}", id.year.value());
    match outcome {
        Ok(done) => recorded(
            &format!("{page_of}#activity-{}", id.code),
            &done.render(c.lang),
        ),
        Err(refusal) => {
            let mut c = c.clone();
            c.here = page_of;
            activities_page(app, &c, Some(id.year.value()), "", Some(refusal), false).await
        }
    }
}

/// The sentence saying what was recorded about the activity `id`.
fn activity_done(
    id: &ActivityRef,
    what: &'static str,
    day: Option<chrono::NaiveDate>,
) -> crate::text::Text {
    let subject = text::reference(&id.aggregate_id())
        .unwrap_or_else(|| crate::text!("raw", value = id.aggregate_id()));
    match day {
        Some(day) => crate::text!(
            "page-recorded-on",
            subject = subject,
            what = crate::text::Text::new(what),
            day = text::Arg::Date(day)
        ),
        None => crate::text!(
            "page-recorded",
            subject = subject,
            what = crate::text::Text::new(what)
        ),
    }
}

/// Executed (with its period, observation and day) or not executed (with
/// its reason and day).
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
    let executed = f.status == "executed";
    let fid = if executed { "execute" } else { "not-executed" };
    let sent = || f.sent(format!("{fid}-{code}"));
    let who = c.actor(None);
    let outcome = async {
        let date = sent_day(&f.date, sent, c.lang)?;
        let today = app.today();
        let result = match f.status.as_str() {
            "executed" => {
                let period = given(f.period.clone()).or_else(|| given(f.note.clone()));
                app.execute_activity(&id, period, given(f.observation.clone()), date, &who)
                    .await
                    .map(|_| activity_done(&id, "page-done-executed", Some(date.unwrap_or(today))))
            }
            "not_executed" => {
                let reason = given(f.reason.clone()).or_else(|| given(f.note.clone()));
                app.activity_not_executed(&id, reason, date, &who)
                    .await
                    .map(|_| {
                        activity_done(&id, "page-done-not-executed", Some(date.unwrap_or(today)))
                    })
            }
            other => Err(crate::app::AppError::bad_field(
                "status",
                crate::text!(
                    "unknown-code",
                    value = other,
                    allowed = "executed, not_executed"
                ),
            )),
        };
        result.map_err(|e| sent().refused(e, c.lang))
    }
    .await;
    after_activity_form(&app, &c, &id, outcome).await
}

/// The costs engaged and liquidated (F CFA), on a day.
pub async fn activity_cost(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<ActivityForm>,
) -> Response {
    let id = match form_activity(&app, &c, &f.csrf, year, &code) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let sent = || f.sent(format!("cost-{code}"));
    let lang = c.lang;
    let outcome = async {
        let date = sent_day(&f.date, sent, lang)?;
        let amount = |field: &str, value: &str| {
            let digits: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
                .collect();
            if digits.is_empty() {
                return Ok(0);
            }
            digits.parse::<i64>().map_err(|_| {
                sent().invalid(
                    field,
                    crate::text!("amount-invalid", value = value).render(lang),
                )
            })
        };
        let engaged = amount("engaged", &f.engaged)?;
        let liquidated = amount("liquidated", &f.liquidated)?;
        app.activity_cost(&id, engaged, liquidated, date, &c.actor(None))
            .await
            .map(|_| activity_done(&id, "page-done-cost", Some(date.unwrap_or(app.today()))))
            .map_err(|e| sent().refused(e, lang))
    }
    .await;
    after_activity_form(&app, &c, &id, outcome).await
}

/// Carried over to a later plan (by default next year's, same code).
pub async fn activity_carry_over(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<ActivityForm>,
) -> Response {
    let id = match form_activity(&app, &c, &f.csrf, year, &code) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let sent = || f.sent(format!("carry-{code}"));
    let lang = c.lang;
    let outcome = async {
        let to_year = match given(f.to_year.clone()) {
            None => year + 1,
            Some(y) => y.parse::<i32>().map_err(|_| {
                sent().invalid(
                    "to_year",
                    crate::text!("year-invalid", value = y.as_str()).render(lang),
                )
            })?,
        };
        let to_year = Year::new(to_year)
            .map_err(|e| sent().invalid("to_year", text::invalid_value(&e).render(lang)))?;
        let to_code = given(f.to_code.clone())
            .map(|c| ActivityCode::parse(&c))
            .transpose()
            .map_err(|e| sent().invalid("to_code", text::invalid_value(&e).render(lang)))?;
        app.carry_over_activity(&id, to_year, to_code, &c.actor(None))
            .await
            .map(|_| activity_done(&id, "page-done-carried-over", None))
            .map_err(|e| sent().refused(e, lang))
    }
    .await;
    after_activity_form(&app, &c, &id, outcome).await
}

/// An activity's history across its carry-overs, as the recommendation's.
pub async fn activity_history(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Path((year, code)): Path<(i32, String)>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = c.lang;
    let id = match (Year::new(year), ActivityCode::parse(&code)) {
        (Ok(year), Ok(code)) => ActivityRef { year, code },
        (Err(e), _) | (_, Err(e)) => {
            let message = text::invalid_value(&e).render(lang);
            return failure(&app, &c, StatusCode::NOT_FOUND, message);
        }
    };
    let history = match app.activity_history(&id, &c.actor(None)).await {
        Ok(h) => h,
        Err(e) => return refused(&app, &c, e),
    };
    let events: Vec<Value> = history
        .events
        .iter()
        .map(|e| {
            context! {
                at_text => text::moment(&e.at, lang),
                actor => e.actor.clone(),
                reference => text::item_reference("activity", &e.reference, lang),
                details => e.change.render(lang),
                comment => e.comment.clone(),
                evidence => e.evidence.clone(),
                reason => e.reason.clone(),
            }
        })
        .collect();
    let lineage: Vec<Value> = history
        .lineage
        .iter()
        .map(|l| {
            let (y, code) = l.reference.split_once(':').unwrap_or(("", &l.reference));
            context! {
                reference => text::item_reference("activity", &l.reference, lang),
                year => y,
                code => code,
                text => l.text.clone(),
            }
        })
        .collect();
    let title = text::item_reference("activity", &id.aggregate_id(), lang);
    let extra = context! {
        heading => title.clone(),
        lineage => lineage,
        open_since => history.open_since.clone(),
        events => events,
    };
    page(
        "activity.html",
        &title,
        Some(&c),
        &app,
        lang,
        extra,
        q.lang.is_some(),
    )
}

/// The document of suivi an activity produces, or none.
pub async fn activity_document(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<ActivityForm>,
) -> Response {
    let id = match form_activity(&app, &c, &f.csrf, year, &code) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let sent = || f.sent(format!("document-{code}"));
    let outcome = async {
        let document = match f.document.trim() {
            "" => None,
            kind => {
                let kind = kind.parse::<DocumentKind>().map_err(|e| {
                    sent().invalid("document", text::unknown_code(&e).render(c.lang))
                })?;
                let year = Year::parse(f.document_year.trim()).map_err(|e| {
                    sent().invalid("document_year", text::invalid_value(&e).render(c.lang))
                })?;
                Some(ProducedDocument { kind, year })
            }
        };
        app.mark_activity_document(&id, document, &c.actor(None))
            .await
            .map(|_| activity_done(&id, "page-done-document", None))
            .map_err(|e| sent().refused(e, c.lang))
    }
    .await;
    after_activity_form(&app, &c, &id, outcome).await
}

/// The narrative of an activity for the yearly report, in Markdown.
pub async fn activity_narrative(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<ActivityForm>,
) -> Response {
    let id = match form_activity(&app, &c, &f.csrf, year, &code) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let outcome = app
        .write_activity_narrative(&id, f.markdown.clone(), &c.actor(None))
        .await
        .map(|_| activity_done(&id, "page-done-narrative", None))
        .map_err(|e| f.sent(format!("narrative-{code}")).refused(e, c.lang));
    after_activity_form(&app, &c, &id, outcome).await
}
