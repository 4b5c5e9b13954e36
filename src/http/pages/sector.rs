//! The sector's plan in the browser. The CPS opens the call, follows where
//! each structure stands, reads the compiled plan and its progress by
//! quarter; a structure's page is where its focal point types its
//! activities (saved as a draft or handed in), uploads the filled canevas
//! or downloads it, hands in each quarter's execution, and where the CPS
//! returns, approves or reopens them.
//!
//! (Over 400 lines: the two pages and their five forms share the year, the
//! structure and the quarter asked for and the way back to the page.)

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Datelike;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{split, Refusal, Sent, WithFiles};
use super::{answered, check_csrf, failure, given, page, recorded, refused};
use crate::app::{App, AppError, Decision};
use crate::domain::access::Action;
use crate::domain::sector_execution::SectorStatus;
use crate::domain::types::{Code, Quarter, Year};
use crate::http::auth::{Caller, PageCaller};
use crate::import::sector::{COLUMNS, EXECUTION_COLUMNS};
use crate::import::Table;
use crate::text::{self, label, Lang, Text};

/// Blank rows a structure's form offers beside the activities it has.
const BLANK_ROWS: usize = 3;

#[derive(Deserialize)]
pub struct SectorQuery {
    year: Option<i32>,
    /// Read as text, so that a wrong value gets a page that says so.
    quarter: Option<String>,
    structure: Option<String>,
    lang: Option<String>,
}

/// The year and quarter a page asks for: by default this year's plan, and
/// the quarter the application reads by default.
fn asked(app: &App, c: &Caller, q: &SectorQuery) -> Result<(Year, Option<Quarter>), Response> {
    let fail = |message: String| failure(app, c, StatusCode::UNPROCESSABLE_ENTITY, message);
    let year = Year::new(q.year.unwrap_or(app.today().year()))
        .map_err(|e| fail(text::invalid_value(&e).render(c.lang)))?;
    let quarter = super::progress::quarter(q.quarter.as_deref()).map_err(|e| refused(app, c, e))?;
    Ok((year, quarter))
}

/// The periods a plan followed by `period` reports, as the quarter
/// selectors offer them: its quarters (T1…T4), or the year alone.
fn periods(period: crate::domain::sector::SectorPeriod, lang: Lang) -> Vec<(u8, String)> {
    use crate::domain::sector::SectorPeriod;
    period
        .quarters()
        .iter()
        .map(|q| match period {
            SectorPeriod::Quarter => (
                q.value(),
                crate::text!("page-quarter-short", quarter = q.value()).render(lang),
            ),
            SectorPeriod::Year => (q.value(), lang.t("page-sector-year")),
        })
        .collect()
}

/// The address of a structure's page.
fn structure_page(year: i32, structure: &str, quarter: Option<u8>) -> String {
    let s = percent_encoding::utf8_percent_encode(structure, percent_encoding::NON_ALPHANUMERIC);
    match quarter {
        Some(q) => format!("/sector/structure?year={year}&structure={s}&quarter={q}"),
        None => format!("/sector/structure?year={year}&structure={s}"),
    }
}

/// The sector's plan of a year: the call, each structure's state, the
/// compiled plan and its progress. A focal point goes to its structure's
/// page.
pub async fn overview(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<SectorQuery>,
) -> Response {
    let (year, quarter) = match asked(&app, &c, &q) {
        Ok(a) => a,
        Err(r) => return r,
    };
    if !c.actor(None).may(Action::ReadTables) {
        return match &c.user.structure {
            Some(s) => {
                Redirect::to(&structure_page(year.value(), s.as_str(), None)).into_response()
            }
            None => refused(&app, &c, AppError::Forbidden),
        };
    }
    overview_page(&app, &c, year, quarter, None, q.lang.is_some()).await
}

async fn overview_page(
    app: &App,
    c: &Caller,
    year: Year,
    quarter: Option<Quarter>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let (plan, progress) = match app.sector_plan(year, &who).await {
        Ok(plan) => {
            let progress = match app.sector_progress(year, quarter, &who).await {
                Ok(p) => Some(p),
                Err(e) => return refused(app, c, e),
            };
            (Some(plan), progress)
        }
        Err(AppError::NotFound(_)) => (None, None),
        Err(e) => return refused(app, c, e),
    };
    let structures: Vec<Value> = plan
        .iter()
        .flat_map(|p| &p.structures)
        .map(|s| {
            context! {
                code => s.structure.clone(),
                state => label(lang, "submission-state", &s.state),
                link => structure_page(year.value(), &s.structure, None),
            }
        })
        .collect();
    let table = |t: crate::report::table::Table| Value::from(minijinja::value::Serde(t.page(lang)));
    let (status, sent) = split(sent);
    let extra = context! {
        year => year.value(),
        quarter => progress.as_ref().map(|p| p.quarter),
        quarters => periods(plan.as_ref().map(|p| p.period).unwrap_or_default(), lang),
        annual => plan.as_ref().is_some_and(|p| p.period == crate::domain::sector::SectorPeriod::Year),
        opened => plan.is_some(),
        structures => structures,
        plan => plan.as_ref().map(|p| table(crate::report::sector::table(p))),
        progress => progress.as_ref().map(|p| table(crate::report::sector_progress::table(p))),
        may_record => who.may(Action::Record),
        sent => sent,
    };
    let title = crate::text!("sector-plan-title", year = year.value()).render(lang);
    answered(
        page("sector.html", &title, Some(c), app, lang, extra, remember),
        status,
    )
}

/// A structure's page: its proposal and the quarter's execution.
pub async fn structure(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<SectorQuery>,
) -> Response {
    let (year, quarter) = match asked(&app, &c, &q) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Some(structure) = q.structure.clone().and_then(given) else {
        let message = c.lang.t("page-structure-required");
        return failure(&app, &c, StatusCode::UNPROCESSABLE_ENTITY, message);
    };
    structure_view(&app, &c, year, &structure, quarter, None, q.lang.is_some()).await
}

/// What may be decided on a proposal or a quarter in `state`.
fn actions(state: &str, may_submit: bool, may_decide: bool, lang: Lang) -> Vec<Value> {
    let action = |decision: &str, label_id: &str, comment_id: Option<&str>, required: bool| {
        context! {
            decision => decision,
            label => lang.t(label_id),
            text => comment_id.map(|id| lang.t(id)),
            required => required,
        }
    };
    match state {
        "draft" if may_submit => vec![action("submit", "page-sector-submit", None, false)],
        "submitted" if may_decide => vec![
            action("approve", "page-quarter-approve", None, false),
            action("return", "page-quarter-return", Some("page-comment"), true),
        ],
        "approved" if may_decide => vec![action(
            "reopen",
            "page-quarter-reopen",
            Some("page-reason"),
            true,
        )],
        _ => Vec::new(),
    }
}

async fn structure_view(
    app: &App,
    c: &Caller,
    year: Year,
    structure: &str,
    quarter: Option<Quarter>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let (sheet, execution) = match app.sector_quarter(year, structure, quarter, &who).await {
        Ok(both) => both,
        Err(e) => return refused(app, c, e),
    };
    let editable = sheet.may_edit && matches!(sheet.state.as_str(), "none" | "draft" | "returned");
    // The form's rows: the activities proposed, then blank ones.
    let mut rows: Vec<Vec<String>> = sheet
        .activities
        .iter()
        .map(|a| {
            let a = &a.activity;
            let budget = match a.budget {
                crate::domain::types::Budget::Thousands(n) => lang.amount(n as i64),
                crate::domain::types::Budget::Pm => "PM".into(),
                crate::domain::types::Budget::Unspecified => String::new(),
            };
            let months: Vec<String> = a.months.as_slice().iter().map(|m| m.to_string()).collect();
            vec![
                a.objective.clone(),
                a.result.clone(),
                a.title.clone(),
                a.indicator.clone(),
                a.target.clone(),
                budget,
                a.source.clone(),
                months.join(" "),
                a.responsible.clone(),
            ]
        })
        .collect();
    if editable {
        rows.extend((0..BLANK_ROWS).map(|_| vec![String::new(); 9]));
    }
    let codes: Vec<Option<String>> = sheet.activities.iter().map(|a| a.code.clone()).collect();
    let estimated: Vec<bool> = sheet
        .activities
        .iter()
        .map(|a| a.activity.estimated)
        .collect();
    let statuses: Vec<(String, String)> = SectorStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), label(lang, "sector-status", s.code())))
        .collect();
    let lines: Vec<Value> = execution
        .lines
        .iter()
        .map(|l| {
            let f = l.figures.as_ref();
            context! {
                code => l.code.clone(),
                title => l.title.clone(),
                indicator => l.indicator.clone(),
                target => l.target.clone(),
                status => f.map(|f| f.status.code()),
                progress => f.and_then(|f| f.progress).map(|r| r.percent().to_string()).unwrap_or_default(),
                achieved => f.map(|f| f.achieved.clone()).unwrap_or_default(),
                engaged => f.and_then(|f| f.engaged).map(|n| n.to_string()).unwrap_or_default(),
                liquidated => f.and_then(|f| f.liquidated).map(|n| n.to_string()).unwrap_or_default(),
                difficulties => f.map(|f| f.difficulties.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let quarter_editable = sheet.may_edit
        && !lines.is_empty()
        && !matches!(execution.state.as_str(), "submitted" | "approved");
    let (status, sent) = split(sent);
    let extra = context! {
        year => year.value(),
        quarter => execution.quarter,
        structure => sheet.structure.clone(),
        state => label(lang, "submission-state", &sheet.state),
        deadline => sheet.deadline.map(|d| text::long_date(d, lang)),
        last_comment => sheet.last_comment.clone(),
        objectives => sheet
            .objectives
            .iter()
            .map(|o| context! { title => o.title.clone(), frame => o.frame.clone(), estimated => o.estimated })
            .collect::<Vec<_>>(),
        editable => editable,
        rows => rows,
        codes => codes,
        estimated => estimated,
        actions => actions(&sheet.state, false, sheet.may_decide, lang),
        quarter_state => label(lang, "submission-state", &execution.state),
        quarter_comment => execution.last_comment.clone(),
        quarter_editable => quarter_editable,
        quarter_actions => actions(&execution.state, false, sheet.may_decide, lang),
        lines => lines,
        statuses => statuses,
        quarters => periods(sheet.period, lang),
        annual => sheet.period == crate::domain::sector::SectorPeriod::Year,
        may_read_plan => who.may(Action::ReadTables),
        sent => sent,
    };
    let title = crate::text!(
        "page-sector-structure-title",
        structure = sheet.structure.as_str(),
        year = year.value()
    )
    .render(lang);
    answered(
        page(
            "sector_structure.html",
            &title,
            Some(c),
            app,
            lang,
            extra,
            remember,
        ),
        status,
    )
}

/// Back to the structure's page once recorded; the page again with the
/// form refused.
#[allow(clippy::too_many_arguments)]
async fn answer(
    app: &App,
    c: &Caller,
    year: i32,
    structure: &str,
    quarter: Option<u8>,
    anchor: &str,
    outcome: Result<Text, Refusal>,
) -> Response {
    let address = structure_page(year, structure, quarter);
    match outcome {
        Ok(done) => recorded(&format!("{address}#{anchor}"), &done.render(c.lang)),
        Err(refusal) => {
            let mut c = c.clone();
            c.here = address;
            let (Ok(y), q) = (Year::new(year), quarter.and_then(|q| Quarter::new(q).ok())) else {
                return failure(app, &c, StatusCode::UNPROCESSABLE_ENTITY, refusal.1.message);
            };
            structure_view(app, &c, y, structure, q, Some(refusal), false).await
        }
    }
}

/// « DCM : soumis. », from the state's code.
fn stated(structure: &str, state: &str, lang: Lang) -> Text {
    crate::text!(
        "cli-sector-state",
        structure = structure,
        state = label(lang, "submission-state", state)
    )
}

/// A form's fields by name.
type Fields = BTreeMap<String, String>;

fn field(f: &Fields, name: &str) -> String {
    f.get(name).cloned().unwrap_or_default()
}

/// The year of a form.
fn year_of(f: &Fields, sent: &Sent, lang: Lang) -> Result<Year, Refusal> {
    Year::parse(&field(f, "year")).map_err(|e| {
        sent.clone()
            .invalid("year", text::invalid_value(&e).render(lang))
    })
}

/// Opens (or changes) the call of a year.
pub async fn open_call(State(app): State<Arc<App>>, c: Caller, Form(f): Form<Fields>) -> Response {
    if let Err(r) = check_csrf(&app, &c, &field(&f, "csrf")) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("call")
        .with("deadline", &field(&f, "deadline"))
        .with("structures", &field(&f, "structures"));
    let outcome = async {
        let y = year_of(&f, &sent, lang)?;
        let Some(deadline) =
            super::form::sent_day_in("deadline", &field(&f, "deadline"), || sent.clone(), lang)?
        else {
            return Err(sent
                .clone()
                .invalid("deadline", lang.t("page-date-required")));
        };
        let (changed, unreachable) = app
            .open_sector_call(y, deadline, &field(&f, "structures"), true, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok((y, App::call_opened_text(&changed.state, &unreachable)))
    }
    .await;
    match outcome {
        Ok((y, said)) => recorded(&format!("/sector?year={y}"), &said.render(lang)),
        Err(refusal) => {
            let y = Year::parse(&field(&f, "year"))
                .unwrap_or(Year::new(app.today().year()).expect("a year of this century"));
            overview_page(&app, &c, y, None, Some(refusal), false).await
        }
    }
}

/// Saves a structure's activities as typed (a draft, or handed in), or
/// reads them from the canevas uploaded with the form.
pub async fn propose(
    State(app): State<Arc<App>>,
    c: Caller,
    WithFiles { form: f, files }: WithFiles<Fields>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &field(&f, "csrf")) {
        return r;
    }
    let lang = c.lang;
    let structure = field(&f, "structure");
    let action = field(&f, "action");
    let submit = action != "draft";
    let mut sent = Sent::new("proposal");
    for (k, v) in f.iter().filter(|(k, _)| k.contains('-')) {
        sent = sent.with(k, v);
    }
    let outcome = async {
        let y = year_of(&f, &sent, lang)?;
        let upload = match (action.as_str(), files.first()) {
            ("upload", None) => {
                return Err(sent
                    .clone()
                    .invalid("canevas", lang.t("page-sector-file-required")))
            }
            ("upload", file) => file,
            _ => None,
        };
        let table = match upload {
            Some(upload) => Table::from_bytes(&upload.name, &upload.bytes)
                .map_err(|e| sent.clone().refused(e.into(), lang))?,
            None => {
                let rows = (0..)
                    .take_while(|i| f.contains_key(&format!("activite-{i}")))
                    .map(|i| {
                        COLUMNS[..10]
                            .iter()
                            .map(|col| field(&f, &format!("{col}-{i}")))
                            .collect()
                    })
                    .collect();
                Table::of_rows(&lang.t("page-sector-form-name"), &COLUMNS, rows)
            }
        };
        let sheet = app
            .propose_sector(y, &structure, &table, submit, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(stated(&sheet.structure, &sheet.state, lang))
    }
    .await;
    let year = field(&f, "year").trim().parse().unwrap_or(0);
    answer(&app, &c, year, &structure, None, "proposal", outcome).await
}

/// Hands a structure's quarter's execution in, as typed.
pub async fn execution(State(app): State<Arc<App>>, c: Caller, Form(f): Form<Fields>) -> Response {
    if let Err(r) = check_csrf(&app, &c, &field(&f, "csrf")) {
        return r;
    }
    let lang = c.lang;
    let structure = field(&f, "structure");
    let quarter = field(&f, "quarter").trim().parse::<u8>().ok();
    let mut sent = Sent::new("execution");
    for (k, v) in f.iter().filter(|(k, _)| k.contains('-')) {
        sent = sent.with(k, v);
    }
    let outcome = async {
        let y = year_of(&f, &sent, lang)?;
        let q = Quarter::parse(&field(&f, "quarter")).map_err(|e| {
            sent.clone()
                .invalid("quarter", text::invalid_value(&e).render(lang))
        })?;
        let rows = (0..)
            .take_while(|i| f.contains_key(&format!("code-{i}")))
            .map(|i| {
                EXECUTION_COLUMNS
                    .iter()
                    .map(|col| field(&f, &format!("{col}-{i}")))
                    .collect()
            })
            .collect();
        let table = Table::of_rows(&lang.t("page-sector-form-name"), &EXECUTION_COLUMNS, rows);
        let changed = app
            .report_sector_execution(y, Some(q), &structure, &table, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(stated(
            &structure,
            changed.state.state.map(Code::code).unwrap_or("none"),
            lang,
        ))
    }
    .await;
    let year = field(&f, "year").trim().parse().unwrap_or(0);
    answer(&app, &c, year, &structure, quarter, "execution", outcome).await
}

/// Submits, returns, approves or reopens a structure's proposal (or, with a
/// quarter, its execution of the quarter).
pub async fn decide(State(app): State<Arc<App>>, c: Caller, Form(f): Form<Fields>) -> Response {
    if let Err(r) = check_csrf(&app, &c, &field(&f, "csrf")) {
        return r;
    }
    let lang = c.lang;
    let structure = field(&f, "structure");
    let decision = field(&f, "decision");
    let quarter = given(field(&f, "quarter")).map(|q| q.parse::<u8>().unwrap_or(0));
    let fid = match quarter {
        Some(_) => format!("quarter-{decision}"),
        None => format!("proposal-{decision}"),
    };
    let sent = Sent::new(fid).with("comment", &field(&f, "comment"));
    let who = c.actor(None);
    let outcome = async {
        let y = year_of(&f, &sent, lang)?;
        let d = Decision::from_code(&decision, given(field(&f, "comment")))
            .map_err(|e| sent.clone().refused(e, lang))?;
        let changed = match quarter {
            Some(q) => {
                let q = Quarter::new(q).map_err(|e| {
                    sent.clone()
                        .invalid("quarter", text::invalid_value(&e).render(lang))
                })?;
                app.decide_sector_quarter(y, &structure, q, d, &who).await
            }
            None => app.decide_sector_proposal(y, &structure, d, &who).await,
        }
        .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(stated(
            &structure,
            changed.state.state.map(Code::code).unwrap_or("none"),
            lang,
        ))
    }
    .await;
    let year = field(&f, "year").trim().parse().unwrap_or(0);
    let anchor = if quarter.is_some() {
        "execution"
    } else {
        "proposal"
    };
    answer(&app, &c, year, &structure, quarter, anchor, outcome).await
}

/// The sector's follow-up report of a year at the end of a quarter:
/// `suivi.docx` (Word) or `suivi.html` (read in the browser).
pub async fn follow_up(
    State(app): State<Arc<App>>,
    c: Caller,
    axum::extract::Path(file): axum::extract::Path<String>,
    Query(q): Query<SectorQuery>,
) -> Response {
    let (year, quarter) = match asked(&app, &c, &q) {
        Ok(a) => a,
        Err(r) => return r,
    };
    use crate::app::DocumentFormat::{Docx, Html};
    let (plan, format) = match file.as_str() {
        "suivi.docx" => (false, Docx),
        "suivi.html" => (false, Html),
        "plan.docx" => (true, Docx),
        "plan.html" => (true, Html),
        _ => {
            let message = crate::text!("page-no-such-file", file = file.as_str()).render(c.lang);
            return failure(&app, &c, StatusCode::NOT_FOUND, message);
        }
    };
    let who = c.actor(None);
    let document = if plan {
        app.sector_plan_document(year, format, c.lang, &who).await
    } else {
        app.sector_follow_up_document(year, quarter, format, c.lang, &who)
            .await
    };
    match document {
        Ok((body, name)) => {
            let disposition = match format {
                crate::app::DocumentFormat::Html => format!("inline; filename=\"{name}\""),
                crate::app::DocumentFormat::Docx => format!("attachment; filename=\"{name}\""),
            };
            (
                [
                    (
                        axum::http::header::CONTENT_TYPE,
                        format.content_type().to_string(),
                    ),
                    (axum::http::header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => refused(&app, &c, e),
    }
}
