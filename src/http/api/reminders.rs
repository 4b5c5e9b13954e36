//! Reminders, the outbox and the harmonized calendar.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, Day};
use super::extract::{ApiPath, ApiQuery};
use super::{refused, year, Api};
use crate::app::{App, CalendarEntry, OutboxEntry, ReminderPlan, ReminderRun};
use crate::domain::deadline::Deadline;
use crate::http::auth::Caller;
use crate::http::error::ErrorResponse;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DateQuery {
    /// The day (default: today in Africa/Bamako).
    #[param(inline)]
    pub date: Option<Day>,
}

/// The reminder digests that would go out that day (nothing is sent).
#[utoipa::path(get, path = "/api/reminders/plan", params(DateQuery), responses((status = 200, body = ReminderPlan), (status = 403, body = ErrorResponse)))]
pub async fn plan(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<DateQuery>,
) -> Api<ReminderPlan> {
    let plan = app
        .plan_reminders(q.date.map(|d| d.0), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(plan))
}

/// Queues and sends the reminders of a day (once per day and structure).
#[utoipa::path(post, path = "/api/reminders/run", params(DateQuery), responses((status = 200, body = ReminderRun), (status = 403, body = ErrorResponse)))]
pub async fn run(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<DateQuery>,
) -> Api<ReminderRun> {
    // In a task of its own: a client that hangs up, or the request's time
    // limit, must not stop a message between its sending and its recording.
    let actor = c.actor(None);
    let run = tokio::spawn(async move { app.run_reminders(q.date.map(|d| d.0), &actor).await });
    let r = run
        .await
        .map_err(|e| crate::app::AppError::Internal(anyhow::anyhow!("reminder run: {e}")))
        .and_then(|r| r)
        .map_err(refused(c.lang))?;
    Ok(Json(r))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `dead`.
    #[param(pattern = "^(pending|sent|dead)$")]
    pub status: Option<String>,
}

/// The messages of the outbox.
#[utoipa::path(get, path = "/api/reminders/outbox", params(OutboxQuery), responses((status = 200, body = Vec<OutboxEntry>), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn outbox(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<OutboxQuery>,
) -> Api<Vec<OutboxEntry>> {
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
    ApiPath(y): ApiPath<i32>,
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
    #[schema(inline)]
    pub date: Day,
    #[schema(max_length = 4000)]
    pub document: Option<String>,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

/// Marks a deadline of the harmonized calendar as met: its reminders stop.
#[utoipa::path(post, path = "/api/calendar/{year}/{id}/done", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("id" = String, Path, pattern = "^[a-z0-9_]{1,64}$")), request_body = DeadlineMet, responses((status = 200, body = Deadline), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn calendar_done(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((y, id)): ApiPath<(i32, String)>,
    ApiJson(b): ApiJson<DeadlineMet>,
) -> Api<Deadline> {
    let y = year(y, c.lang)?;
    let changed = app
        .meet_deadline(y, &id, b.date.0, b.document, &c.actor(b.reason))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(changed.state))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RetryQuery {
    /// Only this message (by default: every dead letter).
    #[param(minimum = 1)]
    pub id: Option<i64>,
}

/// Puts dead letters back in the queue, due now: one message (`id`) or all.
/// Answers the messages re-queued.
#[utoipa::path(post, path = "/api/reminders/outbox/retry", params(RetryQuery), responses((status = 200, body = Vec<OutboxEntry>), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse)))]
pub async fn retry(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<RetryQuery>,
) -> Api<Vec<OutboxEntry>> {
    let list = app
        .retry_dead_letters(q.id, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(list))
}
