//! Importing from the browser: the CPS uploads the plan, a session's
//! recommendations or an annex table (CSV or XLSX), sees what will be
//! recorded with every problem located, and confirms; the same `App`
//! functions as `suivi plan import` and the API decide and record it.

use std::sync::Arc;

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{Refusal, Sent};
use super::{check_csrf, page, recorded, refused};
use crate::app::{App, AppError, Confirmation, ImportPreview, ImportTarget};
use crate::domain::access::Action;
use crate::http::auth::{Caller, PageCaller};
use crate::text;
use crate::text::{label, Lang};

/// The kinds of file a page imports, in the order the menu offers them.
const KINDS: [&str; 6] = [
    "plan",
    "recommendations",
    "inventaire",
    "personnel",
    "reunions",
    "projets_bsi",
];

/// How many rows of the file the preview shows.
const ROWS_SHOWN: usize = 300;

fn kinds(lang: Lang) -> Vec<(String, String)> {
    KINDS
        .iter()
        .map(|k| {
            let name = match *k {
                "plan" | "recommendations" => label(lang, "import-kind", k),
                annex => label(lang, "annex", annex),
            };
            (k.to_string(), name)
        })
        .collect()
}

#[derive(Deserialize)]
pub struct ImportQuery {
    kind: Option<String>,
    target: Option<String>,
    lang: Option<String>,
}

/// The upload form (`?kind=personnel&target=2023` chooses for the user).
pub async fn form(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<ImportQuery>,
) -> Response {
    let sent = Sent::new("upload")
        .with("kind", q.kind.as_deref().unwrap_or("plan"))
        .with("target", q.target.as_deref().unwrap_or(""));
    upload_page(&app, &c, sent, None, q.lang.is_some())
}

/// The upload form, filled with `sent`, and its refusal if any.
fn upload_page(
    app: &App,
    c: &Caller,
    sent: Sent,
    refusal: Option<StatusCode>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    if !c.actor(None).may(Action::Record) {
        return refused(app, c, AppError::Forbidden);
    }
    let extra = context! {
        kinds => kinds(lang),
        sent => Value::from(minijinja::value::Serde(&sent)),
        refused => refusal.is_some(),
        limits => text!(
            "page-import-limits",
            mib = app.http_settings().import_limit_mib,
            rows = crate::import::MAX_ROWS
        )
        .render(lang),
    };
    let mut r = page(
        "imports.html",
        &lang.t("page-imports"),
        Some(c),
        app,
        lang,
        extra,
        remember,
    );
    if let Some(status) = refusal {
        *r.status_mut() = status;
    }
    r
}

/// The upload: kept, read and previewed.
pub async fn upload(State(app): State<Arc<App>>, c: Caller, mut multipart: Multipart) -> Response {
    let lang = c.lang;
    let (mut csrf, mut kind, mut target) = (String::new(), String::new(), String::new());
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                let status = e.status();
                let sent = Sent::new("upload").invalid("file", upload_problem(status, &app, lang));
                return upload_page(&app, &c, sent.1, Some(status), false);
            }
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => {
                let status = e.status();
                let sent = Sent::new("upload")
                    .with("kind", &kind)
                    .with("target", &target)
                    .invalid("file", upload_problem(status, &app, lang));
                return upload_page(&app, &c, sent.1, Some(status), false);
            }
        };
        let text = || String::from_utf8_lossy(&bytes).trim().to_string();
        match name.as_str() {
            "csrf" => csrf = text(),
            "kind" => kind = text(),
            "target" => target = text(),
            "file" => {
                if let Some(file_name) = file_name.filter(|n| !n.is_empty()) {
                    file = Some((file_name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    if let Err(r) = check_csrf(&app, &c, &csrf) {
        return r;
    }
    let sent = Sent::new("upload")
        .with("kind", &kind)
        .with("target", &target);
    let target_of = ImportTarget::parse(&kind, &target);
    let (target_of, (file_name, bytes)) = match (target_of, file) {
        (Err(e), _) => {
            let (status, sent) = sent.refused(e, lang);
            return upload_page(&app, &c, sent, Some(status), false);
        }
        (Ok(_), None) => {
            let (status, sent) = sent.invalid("file", lang.t("page-import-no-file"));
            return upload_page(&app, &c, sent, Some(status), false);
        }
        (Ok(t), Some(f)) => (t, f),
    };
    match app
        .upload_import(target_of, &file_name, &bytes, &c.actor(None))
        .await
    {
        Ok(preview) => preview_page(&app, &c, &preview, None),
        Err(e) => {
            let (status, sent) = sent.refused(e, lang);
            upload_page(&app, &c, sent, Some(status), false)
        }
    }
}

/// Why the body of an upload could not be read.
fn upload_problem(status: StatusCode, app: &App, lang: Lang) -> String {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        text!(
            "page-import-too-large",
            mib = app.http_settings().import_limit_mib
        )
        .render(lang)
    } else {
        lang.t("page-import-unreadable")
    }
}

/// What confirming would record, the problems, and the confirmation.
fn preview_page(app: &App, c: &Caller, p: &ImportPreview, note: Option<String>) -> Response {
    let lang = c.lang;
    let rows: Vec<Value> = p
        .rows
        .iter()
        .take(ROWS_SHOWN)
        .map(|(line, cells)| context! { line => line, cells => cells })
        .collect();
    let extra = context! {
        kind => p.target.kind(),
        kind_name => kinds(lang).into_iter().find(|(k, _)| k == p.target.kind()).map(|(_, n)| n),
        target => p.target.target(),
        file => p.file.clone(),
        sha256 => p.sha256.clone(),
        fingerprint => p.fingerprint.clone(),
        headers => p.headers.clone(),
        rows => rows,
        row_count => p.rows.len(),
        rows_hidden => p.rows.len().saturating_sub(ROWS_SHOWN),
        problems => p.problems.iter().map(|t| t.render(lang)).collect::<Vec<_>>(),
        more => p.more,
        more_text => (p.more > 0).then(|| text!("page-import-more", more = p.more).render(lang)),
        acceptable => p.acceptable(),
        events => p.events,
        summary => text!("page-import-summary", rows = p.rows.len(), events = p.events).render(lang),
        note => note,
    };
    let mut r = page(
        "import_preview.html",
        &lang.t("page-import-preview"),
        Some(c),
        app,
        lang,
        extra,
        false,
    );
    if !p.acceptable() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    sha256: String,
    #[serde(default)]
    fingerprint: String,
}

/// Records what the preview showed, or shows the preview again.
pub async fn confirm(
    State(app): State<Arc<App>>,
    c: Caller,
    Form(f): Form<ConfirmForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("upload")
        .with("kind", &f.kind)
        .with("target", &f.target);
    let target = match ImportTarget::parse(&f.kind, &f.target) {
        Ok(t) => t,
        Err(e) => return refusal_page(&app, &c, sent.refused(e, lang)),
    };
    match app
        .confirm_import(target.clone(), &f.sha256, &f.fingerprint, &c.actor(None))
        .await
    {
        Ok(Confirmation::Recorded(outcome)) => {
            let done = text!(
                "page-import-done",
                rows = outcome.rows,
                events = outcome.events
            )
            .render(lang);
            recorded(&where_it_shows(&target), &done)
        }
        Ok(Confirmation::Changed(preview)) => {
            preview_page(&app, &c, &preview, Some(lang.t("page-import-changed")))
        }
        Err(e) => refusal_page(&app, &c, sent.refused(e, lang)),
    }
}

fn refusal_page(app: &App, c: &Caller, (status, sent): Refusal) -> Response {
    let mut c = c.clone();
    c.here = "/imports".to_string();
    upload_page(app, &c, sent, Some(status), false)
}

/// The page that shows what an import recorded.
fn where_it_shows(target: &ImportTarget) -> String {
    let encode = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    match target {
        ImportTarget::Plan(year) => format!("/activities?year={year}"),
        ImportTarget::Recommendations(session) => {
            format!("/recommendations?session={}", encode(&session.to_string()))
        }
        ImportTarget::Annex(year, _) => format!("/report/annual?year={year}"),
    }
}
