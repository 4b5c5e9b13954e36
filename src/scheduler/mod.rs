//! The scheduler of `suivi serve`: runs the daily reminder job on its cron
//! schedule (Africa/Bamako), catches up once at start a run missed while the
//! service was down, takes the year-end snapshot, keeps delivering the
//! outbox, and projects any event written without its views; its failures
//! are logged and retried, never fatal to the web server beside it. Several
//! instances may run on one database: a lease lets one of them schedule at a
//! time, and the outbox's claims let all of them deliver without sending twice.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use cron::Schedule;
use tokio_util::sync::CancellationToken;

use crate::app::health::Part;
use crate::app::{Actor, App, AppError};
use crate::clock;

/// The day whose run is due at `now`: the latest scheduled instant at or
/// before `now` (looking back eight days), unless that day already ran. Only
/// the latest missed run is caught up, so a long downtime gives one run.
pub fn due_run(
    schedule: &Schedule,
    tz: Tz,
    now: DateTime<Utc>,
    already_ran: impl Fn(NaiveDate) -> bool,
) -> Option<NaiveDate> {
    let start = (now - chrono::Duration::days(8)).with_timezone(&tz);
    let latest = schedule
        .after(&start)
        .take_while(|t| t.with_timezone(&Utc) <= now)
        .last()?;
    let day = latest.date_naive();
    (!already_ran(day)).then_some(day)
}

/// The next scheduled instant after `now`.
pub fn next_run(schedule: &Schedule, tz: Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    schedule
        .after(&now.with_timezone(&tz))
        .next()
        .map(|t| t.with_timezone(&Utc))
}

/// How often the loop looks at the outbox, renews the lease and catches the
/// projections up.
const TICK: Duration = Duration::from_secs(15);
const LEASE: Duration = Duration::from_secs(60);
/// The longest wait after repeated failures.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The wait before trying again after `failures` failures in a row: 1 s,
/// 2 s, 4 s… up to a minute.
pub fn backoff(failures: u32) -> Duration {
    let exponent = failures.saturating_sub(1).min(6);
    Duration::from_secs(1u64 << exponent).min(MAX_BACKOFF)
}

/// The scheduler loop, until `shutdown` is cancelled; the work in hand when
/// it is cancelled (a run, a message being sent) finishes first. A failure
/// (the database restarting, a calendar file with an error, the SMTP relay
/// down) never ends it: it is logged and reported to `/healthz`, and the
/// loop tries again after a backoff.
pub async fn serve(app: &App, shutdown: CancellationToken) {
    let holder = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4());
    let who = Actor::operator("suivi (relances)", None);
    match (app.reminder_schedule(), app.transport_via()) {
        (Ok((_, schedule)), Ok(via)) => tracing::info!(
            %schedule,
            timezone = %clock::TIMEZONE,
            transport = %via.text(),
            "scheduler started"
        ),
        (Err(e), _) | (_, Err(e)) => app.report_fault(Part::Scheduler, &e),
    }
    let (mut scheduling_failures, mut delivery_failures) = (0u32, 0u32);
    while !shutdown.is_cancelled() {
        let mut wait = match schedule_pass(app, &holder, &who).await {
            Ok(until_next) => {
                app.report_ok(Part::Scheduler);
                scheduling_failures = 0;
                until_next.min(TICK)
            }
            Err(e) => {
                app.report_fault(Part::Scheduler, &e);
                scheduling_failures += 1;
                backoff(scheduling_failures)
            }
        };
        match app
            .deliver_due_until(&who, &|| shutdown.is_cancelled())
            .await
        {
            Ok(d) => {
                app.report_ok(Part::Delivery);
                delivery_failures = 0;
                if d.sent + d.retried + d.dead + d.lease_lost > 0 {
                    tracing::info!(
                        sent = d.sent,
                        retried = d.retried,
                        dead = d.dead,
                        lease_lost = d.lease_lost,
                        "outbox delivered"
                    );
                }
            }
            Err(e) => {
                app.report_fault(Part::Delivery, &e);
                delivery_failures += 1;
                wait = wait.min(backoff(delivery_failures));
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.cancelled() => {}
        }
    }
    if let Err(e) = app.release_scheduler_lease(&holder).await {
        tracing::warn!(error = %e.detail(), "the scheduler lease could not be released; it will expire");
    }
    tracing::info!("scheduler stopped cleanly");
}

/// One pass of scheduling: catch the projections up, and, under the lease,
/// purge expired sessions and run the day's reminders and the year-end
/// snapshot when due (the calendar files are read again at each run, so a
/// corrected file is taken as it is). Returns the time until the next
/// scheduled run.
async fn schedule_pass(app: &App, holder: &str, who: &Actor) -> Result<Duration, AppError> {
    // Events written without their views (by an older version, say) reach the tables.
    let caught = app.catch_up().await?;
    if caught > 0 {
        tracing::info!(events = caught, "projections caught up");
    }
    let (schedule, _) = app.reminder_schedule()?;
    let now = app.now();
    if app.acquire_scheduler_lease(holder, LEASE).await? {
        let purged = app.purge_expired_sessions().await?;
        if purged > 0 {
            tracing::info!(sessions = purged, "expired web sessions purged");
        }
        let ran = app.ran_days().await?;
        if let Some(day) = due_run(&schedule, clock::TIMEZONE, now, |d| ran.contains(&d)) {
            if let Some(n) = app.scheduled_reminders(day, who).await? {
                tracing::info!(%day, queued = n, "daily reminder run");
            }
        }
        let snapshot_taker = Actor::operator("suivi (clôture annuelle)", None);
        if let Some(year) = app.year_end_snapshot(&snapshot_taker).await? {
            tracing::info!(year, "year-end snapshot taken");
        }
    }
    Ok(next_run(&schedule, clock::TIMEZONE, app.now())
        .map(|t| (t - app.now()).to_std().unwrap_or_default())
        .unwrap_or(TICK))
}

/// A token cancelled by Ctrl-C or SIGTERM.
pub fn shutdown_on_signals() -> CancellationToken {
    let token = CancellationToken::new();
    let t = token.clone();
    tokio::spawn(async move {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("SIGTERM handler");
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
        t.cancel();
    });
    token
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn schedule() -> Schedule {
        Schedule::from_str("0 0 8 * * Mon-Fri").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        // Africa/Bamako is UTC+0 all year.
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TZ: Tz = chrono_tz::Africa::Bamako;

    #[test]
    fn after_downtime_the_latest_missed_run_happens_once() {
        // Down from Monday 22 to Thursday 25 April 2024, back at 10:00.
        let now = utc("2024-04-25T10:00:00Z");
        assert_eq!(
            due_run(&schedule(), TZ, now, |day| day <= d("2024-04-22")),
            Some(d("2024-04-25"))
        );
        // Back at 07:00 on Thursday: Wednesday's run is caught up, once.
        let early = utc("2024-04-25T07:00:00Z");
        assert_eq!(
            due_run(&schedule(), TZ, early, |day| day <= d("2024-04-22")),
            Some(d("2024-04-24"))
        );
        assert_eq!(
            due_run(&schedule(), TZ, early, |day| day <= d("2024-04-24")),
            None
        );
        // Then Thursday's own run at 08:00.
        assert_eq!(
            due_run(&schedule(), TZ, utc("2024-04-25T08:00:00Z"), |day| day
                <= d("2024-04-24")),
            Some(d("2024-04-25"))
        );
    }

    #[test]
    fn no_run_on_the_weekend_and_none_twice() {
        // Saturday: the latest scheduled run is Friday's.
        let sat = utc("2024-04-27T09:00:00Z");
        assert_eq!(
            due_run(&schedule(), TZ, sat, |_| false),
            Some(d("2024-04-26"))
        );
        assert_eq!(
            due_run(&schedule(), TZ, sat, |day| day == d("2024-04-26")),
            None
        );
        assert_eq!(
            next_run(&schedule(), TZ, sat),
            Some(utc("2024-04-29T08:00:00Z"))
        );
    }
}
