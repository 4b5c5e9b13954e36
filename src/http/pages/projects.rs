//! The sector's projects in the browser: the portfolio of a year as of a
//! day, and each project's sheet, where the CPS and the focal points of its
//! structure record its credits and physical rate, hand its quarters in,
//! and where the CPS returns, approves or reopens them.
//!
//! (Over 400 lines: the portfolio, the sheet and its three forms share the
//! year and day asked for and the way back to the sheet.)

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use chrono::{Datelike, NaiveDate};
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{sent_day, split, Refusal, Sent};
use super::{answered, check_csrf, failure, given, page, recorded, refused};
use crate::app::{App, Decision, PhysicalRate, ProjectCredit};
use crate::domain::types::{Quarter, Year};
use crate::http::auth::{Caller, PageCaller};
use crate::report::project_sheet::ProjectSheet;
use crate::text::{self, label, Lang, Text};

#[derive(Deserialize)]
pub struct ProjectsQuery {
    year: Option<i32>,
    /// Read as text, so that a wrong value gets a page that says so.
    as_of: Option<String>,
    lang: Option<String>,
}

/// The year and day a page asks for: by default this year, today.
fn asked(app: &App, c: &Caller, q: &ProjectsQuery) -> Result<(Year, Option<NaiveDate>), Response> {
    let lang = c.lang;
    let year = match Year::new(q.year.unwrap_or_else(|| app.today().year())) {
        Ok(y) => y,
        Err(e) => {
            let message = text::invalid_value(&e).render(lang);
            return Err(failure(app, c, StatusCode::UNPROCESSABLE_ENTITY, message));
        }
    };
    let as_of = match q.as_of.clone().and_then(given) {
        None => None,
        Some(d) => match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let message = lang.t("page-date-invalid");
                return Err(failure(app, c, StatusCode::UNPROCESSABLE_ENTITY, message));
            }
        },
    };
    Ok((year, as_of))
}

/// The portfolio of a year: the projects the caller follows.
pub async fn portfolio(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<ProjectsQuery>,
) -> Response {
    let lang = c.lang;
    let (year, as_of) = match asked(&app, &c, &q) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let p = match app.project_portfolio(year, as_of, &c.actor(None)).await {
        Ok(p) => p,
        Err(e) => return refused(&app, &c, e),
    };
    let table = crate::report::projects::table(&p).page(lang);
    let extra = context! {
        year => year.value(),
        as_of => as_of.map(|d| d.to_string()).unwrap_or_default(),
        arbitration => p.arbitration_sentence().render(lang),
        table => Value::from(minijinja::value::Serde(&table)),
    };
    page(
        "projects.html",
        &lang.t("page-projects"),
        Some(&c),
        &app,
        lang,
        extra,
        q.lang.is_some(),
    )
}

/// A project's sheet.
pub async fn sheet(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Path(code): Path<String>,
    Query(q): Query<ProjectsQuery>,
) -> Response {
    let (year, as_of) = match asked(&app, &c, &q) {
        Ok(a) => a,
        Err(r) => return r,
    };
    sheet_page(&app, &c, &code, year, as_of, None, q.lang.is_some()).await
}

/// What may be done on a quarter, by whom: its focal point or the CPS hands
/// it in; the CPS returns it (with a comment), approves it, or reopens it
/// (with a reason).
fn quarter_actions(
    state: Option<&str>,
    may_submit: bool,
    may_decide: bool,
    lang: Lang,
) -> Vec<Value> {
    let action = |decision: &str, label_id: &str, comment_id: Option<&str>, required: bool| {
        context! {
            decision => decision,
            label => lang.t(label_id),
            text => comment_id.map(|id| lang.t(id)),
            required => required,
        }
    };
    let mut out = Vec::new();
    match state {
        None | Some("draft") | Some("returned") if may_submit => out.push(action(
            "submit",
            "page-quarter-submit",
            Some("page-comment"),
            false,
        )),
        Some("submitted") if may_decide => {
            out.push(action("approve", "page-quarter-approve", None, false));
            out.push(action(
                "return",
                "page-quarter-return",
                Some("page-comment"),
                true,
            ));
        }
        Some("approved") if may_decide => out.push(action(
            "reopen",
            "page-quarter-reopen",
            Some("page-reason"),
            true,
        )),
        _ => {}
    }
    out
}

async fn sheet_page(
    app: &App,
    c: &Caller,
    code: &str,
    year: Year,
    as_of: Option<NaiveDate>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let sheet: ProjectSheet = match app.project_sheet(code, year, as_of, &who).await {
        Ok(s) => s,
        Err(e) => return refused(app, c, e),
    };
    let (can_record, may_decide) = (sheet.may_record, sheet.may_decide);
    let percent = |r: Option<f64>| lang.percent(r);
    let line = sheet.line.as_ref().map(|l| {
        context! {
            financial_rate => percent(l.financial_rate),
            physical_rate => percent(l.physical_rate),
            physical_date => l.physical_date.map(|d| text::short_date(d, lang)),
            engaged => lang.amount(l.engaged),
            notified => lang.amount(l.notified),
            lag => l.lag.map(|g| label(lang, "project-lag", crate::domain::types::Code::code(g))),
            late => l.late,
        }
    });
    // The rows of the quarters' table, each with what the caller may do.
    let quarters_table = sheet.quarters_table().page(lang);
    let quarters: Vec<Value> = sheet
        .quarters
        .iter()
        .zip(&quarters_table.rows)
        .map(|(q, row)| {
            context! {
                quarter => q.quarter,
                late => q.late,
                cells => Value::from(minijinja::value::Serde(&row.cells)),
                actions => quarter_actions(q.state.as_deref(), q.may_submit, may_decide, lang),
            }
        })
        .collect();
    let recommendations: Vec<Value> = sheet
        .recommendations
        .iter()
        .map(|r| {
            context! {
                session => r.session.clone(),
                number => r.number,
                reference => text::reference(&format!("{}#{}", r.session, r.number))
                    .map(|t| t.render(lang))
                    .unwrap_or_default(),
                text => r.text.clone(),
                status => label(lang, "status", &r.status),
                structures => r.structures.join(", "),
            }
        })
        .collect();
    let kinds: Vec<(String, String)> = ["allotted", "notified", "engaged", "liquidated"]
        .iter()
        .map(|k| (k.to_string(), label(lang, "credit-kind", k)))
        .collect();
    let (status, sent) = split(sent);
    let extra = context! {
        year => year.value(),
        as_of => as_of.map(|d| d.to_string()).unwrap_or_default(),
        today => app.today().to_string(),
        description => sheet.description().iter().map(|t| t.render(lang)).collect::<Vec<_>>(),
        line => line,
        figures => Value::from(minijinja::value::Serde(&sheet.figures_table().page(lang))),
        quarters => quarters,
        quarter_headers => quarters_table.headers,
        recommendations => recommendations,
        can_record => can_record,
        kinds => kinds,
        sheet => Value::from(minijinja::value::Serde(&sheet)),
        sent => sent,
    };
    let title = format!("{} – {}", sheet.code, sheet.title);
    answered(
        page("project.html", &title, Some(c), app, lang, extra, remember),
        status,
    )
}

/// Back to the sheet once recorded; the sheet again with the form refused.
async fn answer(
    app: &App,
    c: &Caller,
    code: &str,
    year: i32,
    anchor: &str,
    outcome: Result<Text, Refusal>,
) -> Response {
    let address = format!(
        "/projects/{}?year={year}",
        percent_encoding::utf8_percent_encode(code, percent_encoding::NON_ALPHANUMERIC)
    );
    match outcome {
        Ok(done) => recorded(&format!("{address}#{anchor}"), &done.render(c.lang)),
        Err(refusal) => {
            let mut c = c.clone();
            c.here = address;
            match Year::new(year) {
                Ok(y) => sheet_page(app, &c, code, y, None, Some(refusal), false).await,
                Err(e) => {
                    let message = text::invalid_value(&e).render(c.lang);
                    failure(app, &c, StatusCode::UNPROCESSABLE_ENTITY, message)
                }
            }
        }
    }
}

/// The year of a form's address.
fn year_of(year: i32, sent: &Sent, lang: Lang) -> Result<Year, Refusal> {
    Year::new(year).map_err(|e| {
        sent.clone()
            .invalid("year", text::invalid_value(&e).render(lang))
    })
}

#[derive(Deserialize)]
pub struct CreditForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    date: String,
}

pub async fn credit(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<CreditForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("credit")
        .with("kind", &f.kind)
        .with("amount", &f.amount)
        .with("source", &f.source)
        .with("date", &f.date);
    let outcome = async {
        let y = year_of(year, &sent, lang)?;
        let amount = super::follow::francs(&f.amount, "amount", &sent, lang)?;
        let date = sent_day(&f.date, || sent.clone(), lang)?;
        let source = given(f.source.clone());
        let credit = ProjectCredit {
            kind: &f.kind,
            amount,
            source: source.as_deref(),
            date,
            estimated: false,
        };
        app.record_project_credit(y, &code, credit, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(crate::text!(
            "page-project-credit-done",
            kind = label(lang, "credit-kind", &f.kind),
            amount = text::Arg::Amount(amount)
        ))
    }
    .await;
    answer(&app, &c, &code, year, "project-figures", outcome).await
}

#[derive(Deserialize)]
pub struct PhysicalForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    note: String,
}

pub async fn physical(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<PhysicalForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("physical")
        .with("percent", &f.percent)
        .with("date", &f.date)
        .with("note", &f.note);
    let outcome = async {
        let y = year_of(year, &sent, lang)?;
        let Some(date) = sent_day(&f.date, || sent.clone(), lang)? else {
            return Err(sent.clone().invalid("date", lang.t("page-date-required")));
        };
        let rate = PhysicalRate {
            percent: f.percent.trim(),
            date,
            note: given(f.note.clone()),
            source: Some(c.user.name.clone()),
            estimated: false,
        };
        app.record_physical_rate(y, &code, rate, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(crate::text!(
            "page-project-physical-done",
            percent = f.percent.trim(),
            day = text::Arg::Date(date)
        ))
    }
    .await;
    answer(&app, &c, &code, year, "project-figures", outcome).await
}

#[derive(Deserialize)]
pub struct QuarterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    comment: String,
}

/// Hands a quarter of the project's structure in, returns, approves or
/// reopens it.
pub async fn quarter(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((code, year, quarter, decision)): Path<(String, i32, u8, String)>,
    Form(f): Form<QuarterForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new(format!("quarter-{quarter}-{decision}")).with("comment", &f.comment);
    let who = c.actor(None);
    let outcome = async {
        let y = year_of(year, &sent, lang)?;
        let q = Quarter::new(quarter).map_err(|e| {
            sent.clone()
                .invalid("quarter", text::invalid_value(&e).render(lang))
        })?;
        let decision = Decision::from_code(&decision, given(f.comment.clone()))
            .map_err(|e| sent.clone().refused(e, lang))?;
        let changed = app
            .decide_project_quarter(&code, y, q, decision, &who)
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(crate::text!(
            "page-quarter-done",
            quarter = text::Arg::Text(Box::new(crate::text!(
                "project-quarter-name",
                quarter = q.value(),
                year = y.value()
            ))),
            state = label(
                lang,
                "submission-state",
                changed
                    .state
                    .state
                    .map(crate::domain::types::Code::code)
                    .unwrap_or("draft")
            )
        ))
    }
    .await;
    answer(
        &app,
        &c,
        &code,
        year,
        &format!("quarter-{quarter}"),
        outcome,
    )
    .await
}
