//! The year's follow-up that is neither an activity nor a recommendation:
//! the financial table with its credits, the revues with their steps, and
//! the deadlines of the calendrier harmonisé, each recorded in place.
//!
//! (Over 400 lines: the finances and the revues pages share the year choice and
//! the forms' ways back.)

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use chrono::Datelike;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{split, Refusal, Sent};
use super::{check_csrf, failure, given, page, recorded, refused};
use crate::app::{App, AppError, CreditInput, Situation};
use crate::domain::access::Action;
use crate::domain::revue::RevueRef;
use crate::domain::types::Year;
use crate::http::auth::{Caller, PageCaller};
use crate::text;
use crate::text::{label, Lang};

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
    lang: Option<String>,
}

/// The year a page asks for, by default the year followed.
async fn year_asked(
    app: &App,
    c: &Caller,
    year: Option<i32>,
) -> Result<(Year, Vec<i32>), Response> {
    let who = c.actor(None);
    let plans = match app.plan_years(&who).await {
        Ok(p) => p,
        Err(e) => return Err(refused(app, c, e)),
    };
    let mut years: Vec<i32> = plans.iter().map(|y| y.value()).collect();
    let year = match year.map(Year::new) {
        Some(Ok(y)) => y,
        Some(Err(e)) => {
            let message = text::invalid_value(&e).render(c.lang);
            return Err(failure(app, c, StatusCode::UNPROCESSABLE_ENTITY, message));
        }
        None => app
            .followed_year(&plans)
            .or_else(|| Year::new(app.today().year()).ok())
            .expect("this year is a year"),
    };
    if !years.contains(&year.value()) {
        years.push(year.value());
        years.sort();
    }
    Ok((year, years))
}

/// The day a form sent, required.
fn day_sent(date: &str, sent: &Sent, lang: Lang) -> Result<chrono::NaiveDate, Refusal> {
    chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| sent.clone().invalid("date", lang.t("page-date-invalid")))
}

/// A whole number of F CFA as people type it (`46 402 581`).
pub(super) fn francs(value: &str, field: &str, sent: &Sent, lang: Lang) -> Result<i64, Refusal> {
    let digits: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '.')
        .collect();
    digits.parse::<i64>().map_err(|_| {
        sent.clone()
            .invalid(field, text!("amount-invalid", value = value).render(lang))
    })
}

// ----- Finances -----

pub async fn finances(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<YearQuery>,
) -> Response {
    finances_page(&app, &c, q.year, None, q.lang.is_some()).await
}

async fn finances_page(
    app: &App,
    c: &Caller,
    year: Option<i32>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let (year, years) = match year_asked(app, c, year).await {
        Ok(y) => y,
        Err(r) => return r,
    };
    let report = match app.finances_report(year, Situation::NOW, &who).await {
        Ok(r) => r,
        Err(e) => return refused(app, c, e),
    };
    let table = crate::report::tables::finances(&report).page(lang);
    let choices = |kind: &str, codes: &[&str]| -> Vec<(String, String)> {
        codes
            .iter()
            .map(|code| (code.to_string(), label(lang, kind, code)))
            .collect()
    };
    let (status, sent) = split(sent);
    let extra = context! {
        year => year.value(),
        years => years,
        table => Value::from(minijinja::value::Serde(&table)),
        lines => choices("budget-line", &["bsi", "fonctionnement"]),
        kinds => choices("credit-kind", &["allotted", "notified", "engaged", "liquidated"]),
        can_record => who.may(Action::Record),
        sent => sent,
    };
    let r = page(
        "finances.html",
        &lang.t("page-finances"),
        Some(c),
        app,
        lang,
        extra,
        remember,
    );
    super::answered(r, status)
}

#[derive(Deserialize)]
pub struct CreditForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    line: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    estimated: Option<String>,
}

pub async fn credit(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(year): Path<i32>,
    Form(f): Form<CreditForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("credit")
        .with("line", &f.line)
        .with("kind", &f.kind)
        .with("amount", &f.amount)
        .with("date", &f.date)
        .with("estimated", if f.estimated.is_some() { "1" } else { "" });
    let address = format!("/finances?year={year}");
    let outcome = async {
        let year = Year::new(year).map_err(|e| {
            sent.clone()
                .invalid("year", text::invalid_value(&e).render(lang))
        })?;
        let amount = francs(&f.amount, "amount", &sent, lang)?;
        let date = match given(f.date.clone()) {
            None => None,
            Some(d) => Some(day_sent(&d, &sent, lang)?),
        };
        let input = CreditInput {
            line: &f.line,
            kind: &f.kind,
            amount,
            estimated: f.estimated.is_some(),
            date,
        };
        app.record_credit(year, input, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(text!(
            "page-credit-done",
            line = label(lang, "budget-line", &f.line),
            kind = label(lang, "credit-kind", &f.kind),
            amount = text::Arg::Amount(amount),
            day = text::Arg::Date(date.unwrap_or(app.today()))
        ))
    }
    .await;
    match outcome {
        Ok(done) => recorded(&format!("{address}#finances"), &done.render(lang)),
        Err(refusal) => {
            let mut c = c.clone();
            c.here = address;
            finances_page(&app, &c, Some(year), Some(refusal), false).await
        }
    }
}

// ----- Revues and the calendar -----

pub async fn revues(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<YearQuery>,
) -> Response {
    revues_page(&app, &c, q.year, None, q.lang.is_some()).await
}

async fn revues_page(
    app: &App,
    c: &Caller,
    year: Option<i32>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let (year, years) = match year_asked(app, c, year).await {
        Ok(y) => y,
        Err(r) => return r,
    };
    let revues = match app.revues(year, &who).await {
        Ok(r) => r,
        Err(e) => return refused(app, c, e),
    };
    let calendar = match app.calendar(year, &who).await {
        Ok(c) => c,
        // A year without a calendar file has no deadlines to show.
        Err(AppError::BadInput { .. } | AppError::Refused { .. } | AppError::NotFound(_)) => {
            Vec::new()
        }
        Err(e) => return refused(app, c, e),
    };
    let open = match app.open_items(&who).await {
        Ok(o) => o,
        Err(e) => return refused(app, c, e),
    };
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| text::short_date(d, lang));
    let revues: Vec<Value> = revues
        .iter()
        .filter_map(|r| {
            let id = r.revue.id.as_ref()?;
            Some(context! {
                key => format!("{}-{}", id.kind, id.number),
                kind => id.kind.clone(),
                number => id.number,
                label => r.revue.label.clone(),
                session => r.revue.session.as_ref().map(|s| s.to_string()),
                recommendations => r.recommendations,
                steps => r.revue.steps.iter().map(|s| context! {
                    id => s.id.clone(),
                    label => s.label.clone(),
                    deadline => day(s.deadline),
                    completed_on => day(s.completed_on),
                    document => s.document.clone(),
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let deadlines: Vec<Value> = calendar
        .iter()
        .map(|d| {
            let reference = format!("{}/{}", year.value(), d.id);
            let open_item = open
                .items
                .iter()
                .any(|i| i.kind == "deadline" && i.reference == reference);
            context! {
                id => d.id.clone(),
                label => d.label.clone(),
                deadline => text::deadline(d.deadline, text::DeadlineMark::from_flags(false, d.estimated), false, lang),
                structures => d.structures.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                source => d.source.clone(),
                estimated => d.estimated,
                date_value => d.deadline.to_string(),
                from_value => d.from.map(|f| f.to_string()).unwrap_or_default(),
                structure_codes => d.structures.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                by_step => d.step.is_some(),
                closed => d.closed,
                met => !open_item && d.step.is_none() && !d.closed,
            }
        })
        .collect();
    let kinds: Vec<(String, String)> = app
        .workflows()
        .revues
        .values()
        .map(|k| (k.id.clone(), k.label.clone()))
        .collect();
    let since = match app.following_since().await {
        Ok(d) => d,
        Err(e) => return refused(app, c, e),
    };
    // A past year's calendar with a deadline still reminded.
    let closable = !app.calendar_open(year)
        && open.items.iter().any(|i| {
            i.kind == "deadline" && i.reference.starts_with(&format!("{}/", year.value()))
        });
    let (status, sent) = split(sent);
    let extra = context! {
        year => year.value(),
        years => years,
        revues => revues,
        deadlines => deadlines,
        since => text::long_date(since, lang),
        since_value => since.to_string(),
        may_direct => who.may(Action::Direct),
        closable => closable,
        kinds => kinds,
        can_record => who.may(Action::Record),
        // The calendar changes in the pages for this year and the next ones.
        calendar_open => app.calendar_open(year),
        sent => sent,
    };
    let r = page(
        "revues.html",
        &lang.t("page-revues"),
        Some(c),
        app,
        lang,
        extra,
        remember,
    );
    super::answered(r, status)
}

#[derive(Deserialize)]
pub struct RevueForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    document: String,
}

/// After a form of the revues page: back to it, or the page again.
pub(super) async fn after_revues(
    app: &App,
    c: &Caller,
    year: i32,
    anchor: &str,
    outcome: Result<text::Text, Refusal>,
) -> Response {
    let address = format!("/revues?year={year}");
    match outcome {
        Ok(done) => recorded(&format!("{address}#{anchor}"), &done.render(c.lang)),
        Err(refusal) => {
            let mut c = c.clone();
            c.here = address;
            revues_page(app, &c, Some(year), Some(refusal), false).await
        }
    }
}

pub async fn open_revue(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(year): Path<i32>,
    Form(f): Form<RevueForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("open-revue")
        .with("kind", &f.kind)
        .with("number", &f.number);
    let outcome = async {
        let y = Year::new(year).map_err(|e| {
            sent.clone()
                .invalid("kind", text::invalid_value(&e).render(lang))
        })?;
        let number = match given(f.number.clone()) {
            None => 1,
            Some(n) => n.parse::<u8>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                sent.clone().invalid(
                    "number",
                    text!("import-number-invalid", value = n.as_str()).render(lang),
                )
            })?,
        };
        let changed = app
            .open_revue(&f.kind, y, number, None, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(text!("page-revue-opened", revue = changed.state.label))
    }
    .await;
    after_revues(&app, &c, year, "revues", outcome).await
}

pub async fn complete_step(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((kind, year, number, step)): Path<(String, i32, u8, String)>,
    Form(f): Form<RevueForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new(format!("step-{kind}-{number}-{step}"))
        .with("date", &f.date)
        .with("document", &f.document);
    let outcome = async {
        let y = Year::new(year).map_err(|e| {
            sent.clone()
                .invalid("date", text::invalid_value(&e).render(lang))
        })?;
        let date = day_sent(&f.date, &sent, lang)?;
        let id = RevueRef {
            kind: kind.clone(),
            year: y,
            number,
        };
        let changed = app
            .complete_revue_step(
                &id,
                step.clone(),
                date,
                given(f.document.clone()),
                &c.actor(None),
            )
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        let step_label = changed
            .state
            .steps
            .iter()
            .find(|s| s.id == step)
            .map(|s| s.label.clone())
            .unwrap_or_else(|| step.clone());
        Ok(text!(
            "page-step-done",
            step = step_label,
            day = text::Arg::Date(date)
        ))
    }
    .await;
    after_revues(&app, &c, year, &format!("revue-{kind}-{number}"), outcome).await
}

pub async fn deadline_met(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, id)): Path<(i32, String)>,
    Form(f): Form<RevueForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new(format!("deadline-{id}"))
        .with("date", &f.date)
        .with("document", &f.document);
    let outcome = async {
        let y = Year::new(year).map_err(|e| {
            sent.clone()
                .invalid("date", text::invalid_value(&e).render(lang))
        })?;
        let date = day_sent(&f.date, &sent, lang)?;
        app.meet_deadline(y, &id, date, given(f.document.clone()), &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(text!("page-deadline-done", day = text::Arg::Date(date)))
    }
    .await;
    after_revues(&app, &c, year, "calendar", outcome).await
}
