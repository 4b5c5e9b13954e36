//! Reminders, the outbox and the harmonized calendar.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::ApiJson;
use super::{refused, year, Api};
use crate::app::{App, CalendarEntry, ReminderPlan, ReminderRun};
use crate::domain::deadline::Deadline;
use crate::http::auth::Caller;
use crate::http::error::ErrorResponse;
use crate::store::outbox::OutboxMessage;

#[derive(Deserialize, IntoParams)]
pub struct DateQuery {
    /// The day (default: today in Africa/Bamako).
    pub date: Option<NaiveDate>,
}

/// The reminder digests that would go out that day (nothing is sent).
#[utoipa::path(get, path = "/api/reminders/plan", params(DateQuery), responses((status = 200, body = ReminderPlan), (status = 403, body = ErrorResponse)))]
pub async fn plan(
    State(app): State<Arc<App>>,
    c: Caller,
    Query(q): Query<DateQuery>,
) -> Api<ReminderPlan> {
    let plan = app
        .plan_reminders(q.date, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(plan))
}

/// Queues and sends the reminders of a day (once per day and structure).
#[utoipa::path(post, path = "/api/reminders/run", params(DateQuery), responses((status = 200, body = ReminderRun), (status = 403, body = ErrorResponse)))]
pub async fn run(
    State(app): State<Arc<App>>,
    c: Caller,
    Query(q): Query<DateQuery>,
) -> Api<ReminderRun> {
    let r = app
        .run_reminders(q.date, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(r))
}

#[derive(Deserialize, IntoParams)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `dead`.
    #[param(pattern = "^(pending|sent|dead)$")]
    pub status: Option<String>,
}

/// The messages of the outbox.
#[utoipa::path(get, path = "/api/reminders/outbox", params(OutboxQuery), responses((status = 200, body = Vec<OutboxMessage>), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn outbox(
    State(app): State<Arc<App>>,
    c: Caller,
    Query(q): Query<OutboxQuery>,
) -> Api<Vec<OutboxMessage>> {
    let list = app
        .outbox(q.status.as_deref(), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(list))
}

/// The harmonized calendar of a year, with the working day before deadlines on a day off.
#[utoipa::path(get, path = "/api/calendar/{year}", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), responses((status = 200, body = Vec<CalendarEntry>), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn calendar(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(y): Path<i32>,
) -> Api<Vec<CalendarEntry>> {
    let y = year(y, c.lang)?;
    let entries = app
        .calendar(y, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(entries))
}

#[derive(Deserialize, ToSchema)]
pub struct DeadlineMet {
    pub date: NaiveDate,
    pub document: Option<String>,
    pub reason: Option<String>,
}

/// Marks a deadline of the harmonized calendar as met: its reminders stop.
#[utoipa::path(post, path = "/api/calendar/{year}/{id}/done", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("id" = String, Path)), request_body = DeadlineMet, responses((status = 200, body = Deadline), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn calendar_done(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((y, id)): Path<(i32, String)>,
    ApiJson(b): ApiJson<DeadlineMet>,
) -> Api<Deadline> {
    let y = year(y, c.lang)?;
    let changed = app
        .meet_deadline(y, &id, b.date, b.document, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

#[derive(Deserialize, IntoParams)]
pub struct RetryQuery {
    /// Only this message (by default: every dead letter).
    #[param(minimum = 1)]
    pub id: Option<i64>,
}

/// Puts dead letters back in the queue, due now: one message (`id`) or all.
/// Answers the messages re-queued.
#[utoipa::path(post, path = "/api/reminders/outbox/retry", params(RetryQuery), responses((status = 200, body = Vec<OutboxMessage>), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse)))]
pub async fn retry(
    State(app): State<Arc<App>>,
    c: Caller,
    Query(q): Query<RetryQuery>,
) -> Api<Vec<OutboxMessage>> {
    let list = app
        .retry_dead_letters(q.id, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(list))
}
