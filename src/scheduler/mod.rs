//! The scheduler of `suivi serve`: runs the daily reminder job on its cron
//! schedule (Africa/Bamako), catches up once at start a run missed while the
//! service was down, and keeps delivering the outbox. Several instances may
//! run on one database: a lease lets one of them schedule at a time, and the
//! outbox's claims let all of them deliver without sending twice.

use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use cron::Schedule;
use tokio_util::sync::CancellationToken;

use crate::app::AppError;
use crate::on_backend;
use crate::reminders::Reminders;
use crate::store::Db;

/// The name of the daily reminder job in `scheduler_runs`.
pub const REMINDERS_JOB: &str = "reminders";

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

/// The days a job already ran, among recent ones.
pub async fn ran_days(db: &Db, job: &str) -> anyhow::Result<Vec<NaiveDate>> {
    let sql = "SELECT day FROM scheduler_runs WHERE job = $1 ORDER BY day DESC LIMIT 30";
    let days: Vec<String> =
        on_backend!(db, p => sqlx::query_scalar(sql).bind(job).fetch_all(p).await)
            .context("while reading the scheduler's runs")?;
    Ok(days.iter().filter_map(|d| d.parse().ok()).collect())
}

/// Records that a job ran for a day; false if it was already recorded.
pub async fn record_run(
    db: &Db,
    job: &str,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let sql = "INSERT INTO scheduler_runs (job, day, ran_at) VALUES ($1, $2, $3) ON CONFLICT (job, day) DO NOTHING";
    let n = on_backend!(db, p => sqlx::query(sql)
        .bind(job)
        .bind(day.to_string())
        .bind(now.timestamp_millis())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while recording a scheduler run")?;
    Ok(n == 1)
}

/// Takes or renews the scheduling lease for `holder` until `now + ttl`; false
/// while another live instance holds it.
pub async fn acquire_lease(
    db: &Db,
    holder: &str,
    now: DateTime<Utc>,
    ttl: Duration,
) -> anyhow::Result<bool> {
    let sql = "UPDATE leases SET holder = $1, expires_at = $2 WHERE name = 'scheduler' AND (holder = $1 OR expires_at <= $3)";
    let until = now.timestamp_millis() + ttl.as_millis() as i64;
    let n = on_backend!(db, p => sqlx::query(sql)
        .bind(holder)
        .bind(until)
        .bind(now.timestamp_millis())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while taking the scheduler lease")?;
    Ok(n == 1)
}

/// Gives the lease up at shutdown so another instance takes over at once.
pub async fn release_lease(db: &Db, holder: &str) -> anyhow::Result<()> {
    let sql = "UPDATE leases SET expires_at = 0 WHERE name = 'scheduler' AND holder = $1";
    on_backend!(db, p => sqlx::query(sql).bind(holder).execute(p).await.map(|_| ()))
        .context("while releasing the scheduler lease")
}

/// Runs the daily job for `day` if it has not run: queue the digests, then
/// record the run (a crash in between re-runs it, and queuing is idempotent).
pub async fn run_reminders(
    reminders: &Reminders<'_>,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<usize>, AppError> {
    let db = &reminders.app.db;
    if ran_days(db, REMINDERS_JOB).await?.contains(&day) {
        return Ok(None);
    }
    let queued = reminders.enqueue(day, now).await?;
    record_run(db, REMINDERS_JOB, day, now).await?;
    Ok(Some(queued))
}

/// Takes the snapshot of the year that ended, once its last second has
/// passed in Africa/Bamako — at start too, if the service was down then. A
/// year with no activity, recommendation or credit is not photographed.
pub async fn year_end_snapshot(
    reminders: &Reminders<'_>,
    now: DateTime<Utc>,
) -> Result<Option<i32>, AppError> {
    use chrono::Datelike;
    let db = &reminders.app.db;
    let today = now.with_timezone(&crate::audit::TIMEZONE).date_naive();
    let Ok(year) = crate::domain::types::Year::new(today.year() - 1) else {
        return Ok(None);
    };
    let cutoff = crate::audit::snapshot::cutoff(year);
    if now <= cutoff || crate::audit::snapshot::load(db, year).await?.is_some() {
        return Ok(None);
    }
    let content = crate::audit::snapshot::compute(db, year).await?;
    let empty = content.activities.planned == 0
        && content.recommendations.is_empty()
        && content.finances.total.allotted == 0
        && content.finances.total.notified == 0;
    if empty {
        return Ok(None);
    }
    let (_, new) = crate::audit::snapshot::take(db, year, "suivi (clôture annuelle)", now).await?;
    Ok(new.then_some(year.value()))
}

/// How often the loop looks at the outbox and renews the lease.
const TICK: Duration = Duration::from_secs(15);
const LEASE: Duration = Duration::from_secs(60);

/// The scheduler loop, until `shutdown` is cancelled; the work in hand when
/// it is cancelled (a run, a message being sent) finishes first.
pub async fn serve(reminders: &Reminders<'_>, shutdown: CancellationToken) -> Result<(), AppError> {
    let db = &reminders.app.db;
    let holder = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4());
    let s = &reminders.settings;
    eprintln!(
        "suivi serve : relances « {} » ({}), envoi par {}",
        s.schedule_text,
        s.timezone,
        reminders.transport()
    );
    let clock = || reminders.app.now();
    while !shutdown.is_cancelled() {
        let now = clock();
        if acquire_lease(db, &holder, now, LEASE).await? {
            let ran = ran_days(db, REMINDERS_JOB).await?;
            if let Some(day) = due_run(&s.schedule, s.timezone, now, |d| ran.contains(&d)) {
                if let Some(n) = run_reminders(reminders, day, now).await? {
                    eprintln!("suivi serve : tournée du {day} : {n} courrier(s) mis en file");
                }
            }
            if let Some(year) = year_end_snapshot(reminders, now).await? {
                eprintln!("suivi serve : photographie {year} prise");
            }
        }
        let d = reminders.deliver_due(clock()).await?;
        if d.sent + d.retried + d.dead > 0 {
            eprintln!(
                "suivi serve : {} envoyé(s), {} à réessayer, {} au rebut",
                d.sent, d.retried, d.dead
            );
        }
        let until_next = next_run(&s.schedule, s.timezone, clock())
            .map(|t| (t - clock()).to_std().unwrap_or_default())
            .unwrap_or(TICK);
        tokio::select! {
            _ = tokio::time::sleep(until_next.min(TICK)) => {}
            _ = shutdown.cancelled() => {}
        }
    }
    release_lease(db, &holder).await?;
    eprintln!("suivi serve : arrêté proprement");
    Ok(())
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
