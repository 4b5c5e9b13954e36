//! The director's checks in the pages: the head of the log to keep as an
//! anchor, the chain verified (up to an anchor), the year-end snapshots
//! verified or taken; and the outbox, dead letters first, with « renvoyer ».

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{split, Refusal, Sent};
use super::{answered, check_csrf, given, page, recorded, refused};
use crate::app::App;
use crate::domain::audit::{SnapshotVerdict, Verdict};
use crate::domain::types::{Code, Year};
use crate::http::auth::{Caller, PageCaller};
use crate::text;
use crate::text::label;

#[derive(Deserialize)]
pub struct AuditQuery {
    /// Verify the chain now, up to this anchor if given.
    verify: Option<String>,
    #[serde(default)]
    anchor: String,
    /// Verify this year's snapshot now.
    snapshot: Option<i32>,
    lang: Option<String>,
}

pub async fn show(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<AuditQuery>,
) -> Response {
    audit_page(&app, &c, &q, None).await
}

async fn audit_page(app: &App, c: &Caller, q: &AuditQuery, sent: Option<Refusal>) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let head = match app.anchor(&who).await {
        Ok(h) => h,
        Err(e) => return refused(app, c, e),
    };
    let mut sent = sent;
    let verdict = match &q.verify {
        None => None,
        Some(_) => match app
            .verify_chain(given(q.anchor.clone()).as_deref(), &who)
            .await
        {
            Ok(Verdict::Intact { events, head }) => Some((
                true,
                text!("cli-chain-intact", events = events, head = head.to_string()).render(lang),
            )),
            Ok(Verdict::Broken {
                position,
                aggregate,
                reason,
            }) => Some((
                false,
                text!(
                    "chain-broken",
                    position = position,
                    aggregate = aggregate.as_str(),
                    reason = text::chain_break(&reason)
                )
                .render(lang),
            )),
            Err(e) => {
                sent = Some(
                    Sent::new("verify")
                        .with("anchor", &q.anchor)
                        .refused(e, lang),
                );
                None
            }
        },
    };
    let snapshots = match app.snapshots(&who).await {
        Ok(s) => s,
        Err(e) => return refused(app, c, e),
    };
    let mut snapshot_verdict = None;
    if let Some(y) = q.snapshot.and_then(|y| Year::new(y).ok()) {
        snapshot_verdict = match app.verify_snapshot(y, &who).await {
            Ok(SnapshotVerdict::Intact) => Some((
                true,
                text!("cli-snapshot-intact", year = y.value()).render(lang),
            )),
            Ok(SnapshotVerdict::Missing) => Some((
                false,
                text!("snapshot-missing", year = y.value()).render(lang),
            )),
            Ok(SnapshotVerdict::Broken { reason }) => Some((
                false,
                text!(
                    "snapshot-broken",
                    year = y.value(),
                    reason = text::snapshot_break(&reason)
                )
                .render(lang),
            )),
            Err(e) => return refused(app, c, e),
        };
    }
    let rows: Vec<Value> = snapshots
        .iter()
        .map(|s| {
            context! {
                year => s.year,
                as_of => s.as_of.clone(),
                position => s.position,
                head_hash => s.head_hash.clone(),
                taken => text::moment(&s.taken_at.to_rfc3339(), lang),
                taken_by => s.taken_by.clone(),
            }
        })
        .collect();
    let (status, sent) = split(sent);
    let extra = context! {
        head => head.to_string(),
        verdict => verdict.map(|(ok, t)| context! { ok => ok, text => t }),
        snapshot_verdict => snapshot_verdict.map(|(ok, t)| context! { ok => ok, text => t }),
        snapshots => rows,
        anchor => q.anchor.clone(),
        sent => sent,
        last_year => app.today().format("%Y").to_string().parse::<i32>().unwrap_or(2000) - 1,
    };
    answered(
        page(
            "audit.html",
            &lang.t("page-audit"),
            Some(c),
            app,
            lang,
            extra,
            q.lang.is_some(),
        ),
        status,
    )
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// Closes a year now: its snapshot, as of 31 December, as recorded until now.
pub async fn take_snapshot(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(year): Path<i32>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("snapshot").with("year", &year.to_string());
    let outcome = match Year::new(year) {
        Err(e) => Err(sent.invalid("year", text::invalid_value(&e).render(lang))),
        Ok(y) => app
            .take_snapshot(y, &c.actor(None))
            .await
            .map_err(|e| sent.refused(e, lang)),
    };
    match outcome {
        Ok(_) => recorded(
            "/audit#snapshots",
            &text!("page-snapshot-taken", year = year).render(lang),
        ),
        Err(refusal) => {
            let mut c = c.clone();
            c.here = "/audit".to_string();
            let q = AuditQuery {
                verify: None,
                anchor: String::new(),
                snapshot: None,
                lang: None,
            };
            audit_page(&app, &c, &q, Some(refusal)).await
        }
    }
}

// ----- The outbox -----

pub async fn outbox(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<super::login::LangQuery>,
) -> Response {
    let lang = c.lang;
    let mut entries = match app.outbox(None, &c.actor(None)).await {
        Ok(e) => e,
        Err(e) => return refused(&app, &c, e),
    };
    // Dead letters first, then what waits, then the latest sent.
    entries.sort_by_key(|e| {
        let rank = match e.status.code() {
            "dead" => 0,
            "pending" => 1,
            _ => 2,
        };
        (rank, std::cmp::Reverse(e.id))
    });
    let dead = entries.iter().filter(|e| e.status.code() == "dead").count();
    let rows: Vec<Value> = entries
        .iter()
        .take(200)
        .map(|e| {
            context! {
                id => e.id,
                day => e.day.clone(),
                to => e.to.join(", "),
                subject => e.subject.clone(),
                status => e.status.code(),
                status_label => label(lang, "outbox-status", e.status.code()),
                attempts => e.attempts,
                last_error => e.last_error.clone(),
                sent_at => e.sent_at.map(|t| text::moment(&t.to_rfc3339(), lang)),
            }
        })
        .collect();
    let extra = context! { rows => rows, dead => dead, total => entries.len() };
    page(
        "outbox.html",
        &lang.t("page-outbox"),
        Some(&c),
        &app,
        lang,
        extra,
        q.lang.is_some(),
    )
}

#[derive(Deserialize)]
pub struct RetryForm {
    #[serde(default)]
    csrf: String,
    /// One message; none: every dead letter.
    id: Option<i64>,
}

pub async fn retry(State(app): State<Arc<App>>, c: Caller, Form(f): Form<RetryForm>) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    match app.retry_dead_letters(f.id, &c.actor(None)).await {
        Ok(queued) => recorded(
            "/outbox",
            &text!("page-outbox-requeued", count = queued.len()).render(lang),
        ),
        Err(e) => refused(&app, &c, e),
    }
}
