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
    let extra = context! {
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
