//! The batching writer. The appends of this process that wait while
//! another is written are written together: one transaction, one commit
//! (one disk sync) for them all, under the chain's head as any append.
//! Each keeps its own outcome. Of two changes of a batch on one aggregate,
//! one at most can be written (they were decided from the state before the
//! batch, or one from a state already stale): the later waits and is
//! written on its own after the batch, where the database says which. When
//! the database refuses the batch's statement (a sequence taken by another
//! instance, a value it rejects), its changes are written again one at a
//! time, so that a refusal reaches its caller alone. The batch is written by
//! a task of its own: a caller that stops waiting does not cut it short, so
//! a change is written whole or not at all, and every caller still
//! listening hears which.

use std::collections::HashSet;

use tokio::sync::oneshot;

use super::append::{
    append_postgres, append_sqlite, Appended, KnownHead, NewEvent, ViewRow,
    FAILPOINT_BATCH_BEFORE_COMMIT,
};
use super::{Changes, Db, Pool};

/// How many waiting changes one transaction takes at most: enough for
/// every client of a busy server at once, few enough that a statement's
/// arrays stay small and a refused batch is soon written again change by
/// change.
const MOST_CHANGES: usize = 256;

/// A change waiting for its turn, and where to answer.
#[derive(Debug)]
pub(super) struct Waiting {
    changes: Changes,
    reply: oneshot::Sender<Outcome>,
}

/// What became of one waiting change.
pub(super) type Outcome = Result<Appended, Failure>;

/// Why a change was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// A sequence it writes is taken: another writer changed the aggregate.
    Conflict,
    /// The database failed the statement (a value it rejects, a lock it
    /// could not take): nothing of it was written.
    Database(String),
    /// The database could not be reached, or failed otherwise.
    Store(String),
}

impl Db {
    /// Queues `changes` and answers once they are written, with whatever
    /// waited beside them.
    pub(super) async fn append_batched(&self, changes: Changes) -> Outcome {
        let (reply, answer) = oneshot::channel();
        self.waiting
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(Waiting { changes, reply });
        let db = self.clone();
        tokio::spawn(async move { db.write_waiting().await });
        answer
            .await
            .unwrap_or_else(|_| Err(Failure::Store("the writer stopped before answering".into())))
    }

    /// Takes this process's turn, then writes what waits (if another task
    /// has not already), at most [`MOST_CHANGES`] changes.
    async fn write_waiting(&self) {
        let mut turn = self.appends.lock().await;
        let batch: Vec<Waiting> = {
            let mut waiting = self
                .waiting
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let n = waiting.len().min(MOST_CHANGES);
            waiting.drain(..n).collect()
        };
        if batch.is_empty() {
            return;
        }
        let (changes, replies): (Vec<Changes>, Vec<_>) =
            batch.into_iter().map(|w| (w.changes, w.reply)).unzip();
        let outcomes = self.write_batch(&mut turn, changes).await;
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            // A caller that stopped waiting no longer listens.
            let _ = reply.send(outcome);
        }
    }

    /// Writes `batch` in one transaction; the outcome of each change.
    async fn write_batch(&self, turn: &mut KnownHead, batch: Vec<Changes>) -> Vec<Outcome> {
        if let [one] = batch.as_slice() {
            return vec![
                self.write_transaction(turn, &one.events, &one.views, None)
                    .await,
            ];
        }
        let mut outcomes: Vec<Option<Outcome>> = vec![None; batch.len()];
        // The aggregates of the changes kept, and of those held back: a
        // later change on either waits, so that changes on one aggregate
        // are tried in the order they came.
        let (mut written, mut blocked): (HashSet<_>, HashSet<_>) = Default::default();
        let (mut events, mut views) = (Vec::new(), Vec::new());
        // Each change kept, with its events and views in the whole; the
        // ones held back for an aggregate a kept one writes.
        let (mut kept, mut held) = (Vec::new(), Vec::new());
        for (i, c) in batch.into_iter().enumerate() {
            let touched: HashSet<(&'static str, String)> = c
                .events
                .iter()
                .map(|e| (e.aggregate_type, e.aggregate_id.clone()))
                .collect();
            if !touched.is_disjoint(&written) || !touched.is_disjoint(&blocked) {
                blocked.extend(touched);
                held.push((i, c));
                continue;
            }
            written.extend(touched);
            let (e, v) = (events.len(), views.len());
            events.extend(c.events);
            views.extend(c.views);
            kept.push((i, e..events.len(), v..views.len()));
        }
        let hold = if kept.len() > 1 {
            to_hold(&written)
        } else {
            None
        };
        match self
            .write_transaction(turn, &events, &views, hold.as_deref())
            .await
        {
            Err(Failure::Conflict | Failure::Database(_)) if kept.len() > 1 => {
                for (i, e, v) in &kept {
                    outcomes[*i] = Some(
                        self.write_transaction(turn, &events[e.clone()], &views[v.clone()], None)
                            .await,
                    );
                }
            }
            outcome => {
                for (i, _, _) in &kept {
                    outcomes[*i] = Some(outcome.clone());
                }
            }
        }
        for (i, c) in held {
            outcomes[i] = Some(
                self.write_transaction(turn, &c.events, &c.views, None)
                    .await,
            );
        }
        outcomes
            .into_iter()
            .map(|o| o.unwrap_or_else(|| Err(Failure::Store("a change left unwritten".into()))))
            .collect()
    }

    /// Appends `events` and `views` in one transaction (held before its
    /// commit when a crash test asks).
    async fn write_transaction(
        &self,
        turn: &mut KnownHead,
        events: &[NewEvent],
        views: &[ViewRow],
        hold: Option<&str>,
    ) -> Outcome {
        let result = match &self.pool {
            Pool::Postgres(p) => append_postgres(p, turn, events, views, None, hold).await,
            Pool::Sqlite(p) => append_sqlite(p, events, views, None, hold).await,
        };
        match result {
            Ok(appended) => Ok(appended),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(Failure::Conflict),
            Err(sqlx::Error::Database(e)) => Err(Failure::Database(e.to_string())),
            Err(e) => Err(Failure::Store(e.to_string())),
        }
    }
}

/// What a crash test asks the combined write of a batch to hold before its
/// commit: the batch's aggregates, one `type id` a line (debug builds, with
/// [`FAILPOINT_BATCH_BEFORE_COMMIT`] set; a release binary holds nothing).
fn to_hold(aggregates: &HashSet<(&'static str, String)>) -> Option<String> {
    if !cfg!(debug_assertions) || std::env::var_os(FAILPOINT_BATCH_BEFORE_COMMIT).is_none() {
        return None;
    }
    Some(
        aggregates
            .iter()
            .map(|(kind, id)| format!("{kind} {id}\n"))
            .collect(),
    )
}
