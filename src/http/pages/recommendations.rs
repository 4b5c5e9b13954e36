//! Tableau 4 with its changes in place (a status, a carry-over, a
//! recommendation added by hand), and a recommendation's page: its text,
//! status, deadline, structures and form, its lineage and its history.
//!
//! (Over 400 lines: Tableau 4 and a recommendation's page share the row, its
//! status form and its refusals.)

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{sent_day, split, Refusal, Sent, WithFiles};
use super::login::LangQuery;
use super::{answered, check_csrf, failure, given, page, recorded, refused};
use crate::app::{App, Situation, StatusChange};
use crate::domain::access::Action;
use crate::domain::recommendation::RecommendationRef;
use crate::domain::types::{SessionId, StructureCode};
use crate::http::auth::{Caller, PageCaller};
use crate::text::{self, label};

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
    recommendations_page(&app, &c, q.session, None, q.lang.is_some()).await
}

/// The status code a recommendation's form starts from.
fn status_code(s: crate::report::ReportStatus) -> &'static str {
    use crate::report::ReportStatus;
    match s {
        ReportStatus::Executed => "executee",
        ReportStatus::InProgress => "en_cours",
        ReportStatus::NotExecuted => "non_executee",
    }
}

/// One recommendation as its row and its page show it, with its form.
fn recommendation_row(
    r: &crate::report::RecommendationLine,
    session: &str,
    who: &crate::domain::access::Actor,
    lang: crate::text::Lang,
) -> Value {
    let structures: Vec<StructureCode> = r
        .structures
        .iter()
        .filter_map(|s| StructureCode::parse(s).ok())
        .collect();
    let carried_to = r.carried_to.as_deref().and_then(text::reference);
    context! {
        number => r.number,
        session => session,
        text => r.text.clone(),
        structures => r.structures.join(", "),
        due => r.due.map(|d| crate::text::deadline(d, crate::text::DeadlineMark::from_flags(r.due_is_default, false), false, lang)),
        status => status_code(r.status),
        status_label => label(lang, "report-status", r.status.code()),
        carried_from => r.carried_from.as_deref().and_then(text::reference).map(|t| t.render(lang)),
        carried_to => carried_to.map(|t| crate::text!("page-carried-to", to = t).render(lang)),
        editable => r.carried_to.is_none() && who.may(Action::ChangeStatus(&structures)),
    }
}

/// A session's Tableau 4 (the latest session by default), with a refused
/// form shown again in its row.
async fn recommendations_page(
    app: &App,
    c: &Caller,
    session: Option<String>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let all = match app.sessions(&who).await {
        Ok(all) => all,
        Err(e) => return refused(app, c, e),
    };
    let Some(session) = session.or_else(|| all.last().cloned()) else {
        return failure(
            app,
            c,
            StatusCode::NOT_FOUND,
            lang.t("page-no-recommendation"),
        );
    };
    let sid = match SessionId::parse(&session) {
        Ok(s) => s,
        Err(e) => {
            let message = text::invalid_value(&e).render(lang);
            return failure(app, c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
    };
    let report = match app.recommendations_report(&sid, Situation::NOW, &who).await {
        Ok(r) => r,
        Err(e) => return refused(app, c, e),
    };
    let rows: Vec<Value> = report
        .recommendations
        .iter()
        .map(|r| recommendation_row(r, &report.session, &who, lang))
        .collect();
    let (status, sent) = split(sent);
    let extra = context! {
        report => Value::from(minijinja::value::Serde(&report)),
        rows => rows,
        sessions => all,
        sent => sent,
        can_record => who.may(Action::Record),
        next_session => report.session.parse::<i32>().ok().map(|y| (y + 1).to_string()),
        next_number => report.recommendations.iter().map(|r| r.number).max().unwrap_or(0) + 1,
    };
    answered(
        page(
            "recommendations.html",
            &lang.t("page-recommendations"),
            Some(c),
            app,
            lang,
            extra,
            remember,
        ),
        status,
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
    /// `page` when sent from the recommendation's own page.
    #[serde(default)]
    from: String,
}

pub(super) fn recommendation_ref(
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
    sent: Result<WithFiles<StatusForm>, Response>,
) -> Response {
    let WithFiles { form: f, files } = match sent {
        Ok(sent) => sent,
        // Too large, or cut short: the recommendation's page, the message by the files.
        Err(rejection) => {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                crate::text!(
                    "document-body-too-large",
                    max = crate::app::MAX_DOCUMENTS,
                    mib = app.http_settings().document_limit_mib
                )
                .render(c.lang)
            } else {
                c.lang.t("page-form-unreadable")
            };
            let (_, sent) =
                Sent::new(format!("status-{session}-{number}")).invalid("document", message);
            return recommendation_page(&app, &c, &session, number, Some((status, sent)), false)
                .await;
        }
    };
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let id = match recommendation_ref(&app, &c, &session, number) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let lang = c.lang;
    let sent = || {
        Sent::new(format!("status-{session}-{number}"))
            .with("status", &f.status)
            .with("comment", &f.comment)
            .with("evidence", &f.evidence)
            .with("date", &f.date)
    };
    let outcome = async {
        let date = sent_day(&f.date, sent, lang)?;
        let change = StatusChange {
            status: f.status.clone(),
            comment: given(f.comment.clone()),
            evidence: given(f.evidence.clone()),
            documents: files,
            date,
        };
        app.set_recommendation_status(&id, change, &c.actor(None))
            .await
            .map_err(|e| sent().refused(e, lang))?;
        let subject = text::reference(&id.aggregate_id())
            .unwrap_or_else(|| crate::text!("raw", value = id.aggregate_id()));
        Ok(crate::text!(
            "page-recorded-on",
            subject = subject,
            what = crate::text::Text::new("page-done-status"),
            day = text::Arg::Date(date.unwrap_or(app.today()))
        ))
    }
    .await;
    let encoded =
        percent_encoding::utf8_percent_encode(&session, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    // Back to the page the form was on: the table, or the recommendation's own page.
    let on_own_page = f.from == "page";
    let back = if on_own_page {
        format!("/recommendations/{encoded}/{number}")
    } else {
        format!("/recommendations?session={encoded}")
    };
    match outcome {
        Ok(done) => {
            let anchor = if on_own_page {
                String::new()
            } else {
                format!("#rec-{number}")
            };
            recorded(&format!("{back}{anchor}"), &done.render(lang))
        }
        Err(refusal) => {
            let mut c = c.clone();
            c.here = back;
            if on_own_page {
                recommendation_page(&app, &c, &session, number, Some(refusal), false).await
            } else {
                recommendations_page(&app, &c, Some(session), Some(refusal), false).await
            }
        }
    }
}

pub async fn recommendation(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Path((session, number)): Path<(String, u32)>,
    Query(q): Query<LangQuery>,
) -> Response {
    recommendation_page(&app, &c, &session, number, None, q.lang.is_some()).await
}

/// A recommendation's page: its text, status, deadline, structures and
/// form, its documents, then its lineage and history.
pub(super) async fn recommendation_page(
    app: &App,
    c: &Caller,
    session: &str,
    number: u32,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let id = match recommendation_ref(app, c, session, number) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let history = match app.recommendation_history(&id, &who).await {
        Ok(h) => h,
        Err(e) => return refused(app, c, e),
    };
    let line = match app
        .recommendations_report(&id.session, Situation::NOW, &who)
        .await
    {
        Ok(report) => report
            .recommendations
            .iter()
            .find(|r| r.number == number)
            .map(|r| recommendation_row(r, &report.session, &who, lang)),
        Err(e) => return refused(app, c, e),
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
                documents => e.documents.iter().map(|d| context! { name => d.name.clone(), sha256 => d.sha256.clone() }).collect::<Vec<_>>(),
                reason => e.reason.clone(),
            }
        })
        .collect();
    let documents = match app.recommendation(&id, &who).await {
        Ok(state) => super::documents::listed(&state, lang),
        Err(e) => return refused(app, c, e),
    };
    let (status, sent) = split(sent);
    let extra = context! {
        r => line,
        documents => documents,
        history => context! {
            reference => text::item_reference("recommendation", &history.reference, lang),
            lineage => lineage,
            open_since => history.open_since.clone(),
            events => events,
        },
        sent => sent,
    };
    answered(
        page(
            "recommendation.html",
            &text::item_reference("recommendation", &id.aggregate_id(), lang),
            Some(c),
            app,
            lang,
            extra,
            remember,
        ),
        status,
    )
}

/// A recommendation added by hand, or carried over to a later session.
#[derive(Deserialize)]
pub struct RecommendationForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    session: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    structures: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    to_session: String,
    #[serde(default)]
    to_number: String,
}

/// The number a form sent, from 1.
fn number_sent(
    value: &str,
    field: &str,
    sent: &Sent,
    lang: crate::text::Lang,
) -> Result<u32, Refusal> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            sent.clone().invalid(
                field,
                crate::text!("import-number-invalid", value = value).render(lang),
            )
        })
}

/// After a form of a session's page: back to it, or the page again.
async fn after_session_form(
    app: &App,
    c: &Caller,
    session: &str,
    anchor: &str,
    outcome: Result<crate::text::Text, Refusal>,
) -> Response {
    let encoded =
        percent_encoding::utf8_percent_encode(session, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    let address = format!("/recommendations?session={encoded}");
    match outcome {
        Ok(done) => recorded(&format!("{address}#{anchor}"), &done.render(c.lang)),
        Err(refusal) => {
            let mut c = c.clone();
            c.here = address;
            recommendations_page(app, &c, Some(session.to_string()), Some(refusal), false).await
        }
    }
}

/// Adds one recommendation to a session (the session may be new).
pub async fn recommendation_add(
    State(app): State<Arc<App>>,
    c: Caller,
    Form(f): Form<RecommendationForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let session = f.session.trim().to_string();
    let sent = Sent::new("add-recommendation")
        .with("session", &session)
        .with("number", &f.number)
        .with("text", &f.text)
        .with("structures", &f.structures)
        .with("due", &f.due);
    let outcome = async {
        let number = number_sent(&f.number, "number", &sent, lang)?;
        let id = SessionId::parse(&session)
            .map(|session| RecommendationRef { session, number })
            .map_err(|e| {
                sent.clone()
                    .invalid("session", text::invalid_value(&e).render(lang))
            })?;
        let due = match given(f.due.clone()) {
            None => None,
            Some(d) => Some(
                chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| sent.clone().invalid("due", lang.t("page-date-invalid")))?,
            ),
        };
        app.add_recommendation(
            &id,
            f.text.trim().to_string(),
            std::slice::from_ref(&f.structures),
            due,
            None,
            &c.actor(None),
        )
        .await
        .map_err(|e| sent.clone().refused(e, lang))?;
        let subject = text::reference(&id.aggregate_id())
            .unwrap_or_else(|| crate::text!("raw", value = id.aggregate_id()));
        Ok(crate::text!(
            "page-recorded",
            subject = subject,
            what = crate::text::Text::new("page-done-added")
        ))
    }
    .await;
    let anchor = format!("rec-{}", f.number.trim());
    after_session_form(&app, &c, &session, &anchor, outcome).await
}

/// Carries a recommendation over to a later session.
pub async fn recommendation_carry_over(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((session, number)): Path<(String, u32)>,
    Form(f): Form<RecommendationForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new(format!("carry-{session}-{number}"))
        .with("to_session", &f.to_session)
        .with("to_number", &f.to_number)
        .with("text", &f.text);
    let outcome = async {
        let from = recommendation_ref(&app, &c, &session, number).map_err(|_| {
            sent.clone()
                .invalid("to_session", lang.t("page-error-not-found"))
        })?;
        let to_session = SessionId::parse(f.to_session.trim()).map_err(|e| {
            sent.clone()
                .invalid("to_session", text::invalid_value(&e).render(lang))
        })?;
        let to_number = number_sent(&f.to_number, "to_number", &sent, lang)?;
        let to = RecommendationRef {
            session: to_session,
            number: to_number,
        };
        app.carry_over_recommendation(&from, &to, given(f.text.clone()), &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        let subject = text::reference(&from.aggregate_id())
            .unwrap_or_else(|| crate::text!("raw", value = from.aggregate_id()));
        Ok(crate::text!(
            "page-recorded",
            subject = subject,
            what = crate::text::Text::new("page-done-carried-over")
        ))
    }
    .await;
    after_session_form(&app, &c, &session, &format!("rec-{number}"), outcome).await
}
