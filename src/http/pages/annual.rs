//! The « Rapport annuel » page: the sections of a year's report with their
//! Markdown and history (written by the director and the CPS), a preview
//! of the document, and its downloads (HTML and Word) for whoever reads the
//! tables.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{Refusal, Sent};
use super::{check_csrf, failure, page, recorded, refused};
use crate::app::{App, DocumentFormat};
use crate::domain::access::Action;
use crate::domain::types::{Code, Year};
use crate::http::auth::{Caller, PageCaller};
use crate::text;

#[derive(Deserialize)]
pub struct YearParam {
    year: Option<i32>,
    lang: Option<String>,
}

pub async fn show(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<YearParam>,
) -> Response {
    annual_page(&app, &c, q.year, None, q.lang.is_some()).await
}

/// The page of a year's report, with a refused section shown again as it
/// was sent.
async fn annual_page(
    app: &App,
    c: &Caller,
    year: Option<i32>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let year = match year.map(Year::new).transpose() {
        Ok(y) => y,
        Err(e) => {
            let message = text::invalid_value(&e).render(lang);
            return failure(app, c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
    };
    let shown = match app.annual_page(year, lang, &who).await {
        Ok(p) => p,
        Err(e) => return refused(app, c, e),
    };
    let sections: Vec<Value> = shown
        .sections
        .iter()
        .map(|(s, history)| {
            context! {
                key => s.key.code(),
                versions => s.versions,
                state => text!("section-written", versions = s.versions).render(lang),
                markdown => s.markdown.clone(),
                history => Value::from(minijinja::value::Serde(history)),
            }
        })
        .collect();
    let year = shown.year;
    let unplanned = match app.unplanned_activities(year, &who).await {
        Ok(u) => u,
        Err(e) => return refused(app, c, e),
    };
    let annexes = match app.annexes(year, &who).await {
        Ok(a) => a,
        Err(e) => return refused(app, c, e),
    };
    let previous = Year::new(year.value() - 1).ok();
    let reference = match previous {
        Some(p) => match app.reference_figures(p, &who).await {
            Ok(r) => r,
            Err(e) => return refused(app, c, e),
        },
        None => None,
    };
    let annex_rows: Vec<Value> = ["inventaire", "personnel", "reunions", "projets_bsi"]
        .iter()
        .map(|kind| {
            let imported = annexes
                .iter()
                .find(|a| a.rows.as_ref().is_some_and(|r| r.kind().code() == *kind));
            context! {
                kind => *kind,
                rows => imported.and_then(|a| a.rows.as_ref()).map(|r| r.len()),
                versions => imported.map(|a| a.versions),
            }
        })
        .collect();
    let extra = context! {
        unplanned => unplanned.iter().map(|u| context! {
            number => u.number,
            title => u.title.clone(),
            period => u.period.clone(),
            observation => u.observation.clone(),
        }).collect::<Vec<_>>(),
        annexes => annex_rows,
        previous => previous.map(|p| p.value()),
        reference => reference.map(|r| context! {
            execution_rate => r.execution_rate.map(|x| lang.percent(Some(x.percent()))),
            financial_rate => r.financial_rate.map(|x| lang.percent(Some(x.percent()))),
            source => r.source,
        }),
        year => shown.year.value(),
        years => shown.years.iter().map(|y| y.value()).collect::<Vec<_>>(),
        doc_title => shown.title,
        sections => sections,
        can_record => who.may(Action::Record),
        sent => sent.as_ref().map(|(_, s)| Value::from(minijinja::value::Serde(s))),
    };
    let mut r = page(
        "annual.html",
        &lang.t("page-annual"),
        Some(c),
        app,
        lang,
        extra,
        remember,
    );
    if let Some((status, _)) = sent {
        *r.status_mut() = status;
    }
    r
}

#[derive(Deserialize)]
pub struct DownloadParam {
    download: Option<String>,
}

/// `/report/annual/2023.docx` or `/report/annual/2023.html` (shown in the
/// browser, or downloaded with `?download=1`).
pub async fn document(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(file): Path<String>,
    Query(q): Query<DownloadParam>,
) -> Response {
    let (year, ext) = file.rsplit_once('.').unwrap_or((&file, ""));
    let (Ok(year), Ok(format)) = (
        year.parse::<i32>()
            .map_err(|_| ())
            .and_then(|y| Year::new(y).map_err(|_| ())),
        ext.parse::<DocumentFormat>(),
    ) else {
        let message = text!("page-no-such-file", file = file.as_str()).render(c.lang);
        return failure(&app, &c, StatusCode::NOT_FOUND, message);
    };
    match app
        .annual_document(year, format, c.lang, &c.actor(None))
        .await
    {
        Ok((body, name)) => {
            let inline = format == DocumentFormat::Html && q.download.is_none();
            let disposition = if inline {
                format!("inline; filename=\"{name}\"")
            } else {
                format!("attachment; filename=\"{name}\"")
            };
            (
                [
                    (header::CONTENT_TYPE, format.content_type().to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => refused(&app, &c, e),
    }
}

#[derive(Deserialize)]
pub struct SectionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    markdown: String,
    #[serde(default)]
    reason: String,
}

pub async fn write_section(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, key)): Path<(i32, String)>,
    Form(f): Form<SectionForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let year = match Year::new(year) {
        Ok(y) => y,
        Err(e) => {
            let message = text::invalid_value(&e).render(c.lang);
            return failure(&app, &c, StatusCode::NOT_FOUND, message);
        }
    };
    let reason = Some(f.reason.trim().to_string()).filter(|r| !r.is_empty());
    let who = c.actor(reason);
    let sent = Sent::new(format!("section-{key}"))
        .with("markdown", &f.markdown)
        .with("reason", &f.reason);
    let address = format!("/report/annual?year={year}");
    match app.set_report_section(year, &key, f.markdown, &who).await {
        Ok(_) => {
            let section = text::label(c.lang, "section", &key);
            let done = text!(
                "page-recorded",
                subject = section,
                what = text::Text::new("page-done-section")
            );
            recorded(&format!("{address}#section-{key}"), &done.render(c.lang))
        }
        Err(e) => {
            let mut c = c.clone();
            c.here = address;
            let refusal = sent.refused(e, c.lang);
            annual_page(&app, &c, Some(year.value()), Some(refusal), false).await
        }
    }
}

#[derive(Deserialize)]
pub struct UnplannedForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    observation: String,
}

/// An activity carried out without being planned.
pub async fn unplanned(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(year): Path<i32>,
    Form(f): Form<UnplannedForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("unplanned")
        .with("title", &f.title)
        .with("period", &f.period)
        .with("observation", &f.observation);
    let outcome = match Year::new(year) {
        Err(e) => Err(sent.invalid("title", text::invalid_value(&e).render(lang))),
        Ok(y) => app
            .add_unplanned_activity(
                y,
                f.title.trim().to_string(),
                super::given(f.period.clone()),
                super::given(f.observation.clone()),
                &c.actor(None),
            )
            .await
            .map(|_| text!("page-unplanned-added", title = f.title.trim()))
            .map_err(|e| sent.refused(e, lang)),
    };
    after_annual_form(&app, &c, year, "unplanned", outcome).await
}

#[derive(Deserialize)]
pub struct ReferenceForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    execution_rate: String,
    #[serde(default)]
    financial_rate: String,
    #[serde(default)]
    source: String,
}

/// The previous year's figures as an earlier report gives them.
pub async fn reference(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, of)): Path<(i32, i32)>,
    Form(f): Form<ReferenceForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("reference")
        .with("execution_rate", &f.execution_rate)
        .with("financial_rate", &f.financial_rate)
        .with("source", &f.source);
    let outcome = match Year::new(of) {
        Err(e) => Err(sent.invalid("source", text::invalid_value(&e).render(lang))),
        Ok(y) => app
            .record_reference_figures(
                y,
                super::given(f.execution_rate.clone()).as_deref(),
                super::given(f.financial_rate.clone()).as_deref(),
                f.source.clone(),
                &c.actor(None),
            )
            .await
            .map(|_| text!("page-reference-recorded", year = of))
            .map_err(|e| sent.refused(e, lang)),
    };
    after_annual_form(&app, &c, year, "reference", outcome).await
}

/// Back to the report's page saying what was recorded, or the page again.
async fn after_annual_form(
    app: &App,
    c: &Caller,
    year: i32,
    anchor: &str,
    outcome: Result<text::Text, Refusal>,
) -> Response {
    let address = format!("/report/annual?year={year}");
    match outcome {
        Ok(done) => recorded(&format!("{address}#{anchor}"), &done.render(c.lang)),
        Err(refusal) => {
            let mut c = c.clone();
            c.here = address;
            annual_page(app, &c, Some(year), Some(refusal), false).await
        }
    }
}
