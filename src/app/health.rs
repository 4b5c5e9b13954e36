//! How the service's background parts are doing: the scheduler and the
//! delivery of the outbox record their faults here instead of stopping the
//! process, and a check of the database, run in the background, keeps what
//! it found. `/healthz` and `/readyz` report what is kept, without a call
//! to the database of their own: they answer at once, whatever its state.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{App, AppError};

/// A background part of `suivi serve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The daily reminder run, the year-end snapshot, the projection's catch-up.
    Scheduler,
    /// Sending the outbox.
    Delivery,
    /// The database answering, checked every few seconds.
    Database,
}

/// What the last check of the database found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatabaseState {
    pub reachable: bool,
    /// Events the tables had not seen yet, when it answered.
    pub lag: Option<i64>,
}

/// How long a check waits for the database.
const CHECK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The state of one part.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PartHealth {
    pub part: Part,
    /// False while its last attempt failed.
    pub ok: bool,
    /// Failures since its last success.
    pub failures: u32,
    /// What the last error was about, without its causes (the log has them;
    /// kept after recovery, with its time).
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub last_ok_at: Option<DateTime<Utc>>,
}

/// The faults of the background parts, kept in memory by the process.
#[derive(Debug, Default)]
pub(super) struct Faults(Mutex<BTreeMap<Part, PartHealth>>);

impl Faults {
    fn update(&self, part: Part, f: impl FnOnce(&mut PartHealth)) {
        let mut parts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let entry = parts.entry(part).or_insert(PartHealth {
            part,
            ok: true,
            failures: 0,
            last_error: None,
            last_error_at: None,
            last_ok_at: None,
        });
        f(entry);
    }
}

impl App {
    /// Records that `part` failed with `error` (and logs it).
    pub fn report_fault(&self, part: Part, error: &AppError) {
        tracing::error!(part = ?part, error = %error.detail(), "background work failed; will retry");
        let summary = error.summary();
        self.faults.update(part, |h| {
            h.ok = false;
            h.failures += 1;
            h.last_error = Some(summary);
            h.last_error_at = Some(Utc::now());
        });
    }

    /// Records that `part` just worked.
    pub fn report_ok(&self, part: Part) {
        self.faults.update(part, |h| {
            if !h.ok {
                tracing::info!(part = ?part, failures = h.failures, "background work recovered");
            }
            h.ok = true;
            h.failures = 0;
            h.last_ok_at = Some(Utc::now());
        });
    }

    /// Checks the database in the background: brings the tables up to date
    /// and counts what they have not seen, within a short time, and keeps
    /// what it found for the health checks.
    pub async fn check_database(&self) -> DatabaseState {
        let checked = tokio::time::timeout(CHECK_TIMEOUT, async {
            self.catch_up().await?;
            self.projection_lag().await
        })
        .await;
        let state = match checked {
            Ok(Ok(lag)) => {
                self.report_ok(Part::Database);
                DatabaseState {
                    reachable: true,
                    lag: Some(lag),
                }
            }
            Ok(Err(e)) => {
                self.report_fault(Part::Database, &e);
                DatabaseState {
                    reachable: false,
                    lag: None,
                }
            }
            Err(_) => {
                let e = AppError::Internal(anyhow::anyhow!(
                    "the database did not answer within {} s",
                    CHECK_TIMEOUT.as_secs()
                ));
                self.report_fault(Part::Database, &e);
                DatabaseState {
                    reachable: false,
                    lag: None,
                }
            }
        };
        *self.database.lock().unwrap_or_else(|e| e.into_inner()) = state;
        state
    }

    /// What the last check of the database found (at start: it answered,
    /// and the tables had seen every event).
    pub fn database_state(&self) -> DatabaseState {
        *self.database.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state of every background part that has run.
    pub fn background_health(&self) -> Vec<PartHealth> {
        let parts = self.faults.0.lock().unwrap_or_else(|e| e.into_inner());
        parts.values().cloned().collect()
    }
}
