//! The rebuild's side: events written straight into the log (set-up, not
//! measured), the raw read limit, and stock cqrs-es's replay.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cqrs_es::persist::{GenericQuery, QueryReplay};
use futures::TryStreamExt;
use suivi::domain::recommendation::{
    Justification, Recommendation, RecommendationCommand, RecommendationEvent,
};
use suivi::on_backend;
use suivi::store::{Db, Pool};

use crate::workload::{formulate, meta, rref, status_change, NoopQuery, StockView, EFFECTIVE};

/// Writes `total` events over `aggregates` recommendations straight into the
/// events table, in large transactions (this is set-up, not what is measured).
pub async fn populate(db: &Db, total: usize, aggregates: usize) -> anyhow::Result<Duration> {
    let start = Instant::now();
    let metadata = serde_json::to_value(meta().to_map())?;
    let mut steps = vec![0usize; aggregates.min(total)];
    let mut written = 0;
    let mut round = 0;
    while written < total {
        let mut rows: Vec<(String, i64, String, String, serde_json::Value)> =
            Vec::with_capacity(10_000);
        for (i, step) in steps.iter_mut().enumerate() {
            if written + rows.len() >= total || rows.len() >= 10_000 {
                break;
            }
            if round > 0 && *step + 1 != round {
                continue;
            }
            let event = if round == 0 {
                let RecommendationCommand::Formulate { id, content } = formulate(i) else {
                    unreachable!()
                };
                RecommendationEvent::RecommendationFormulated { id, content }
            } else {
                let (from, to, comment, evidence) = status_change(*step - 1);
                RecommendationEvent::RecommendationStatusChanged {
                    from,
                    to,
                    justification: Justification {
                        comment,
                        evidence,
                        documents: Vec::new(),
                    },
                    effective: EFFECTIVE.parse().expect("a day"),
                }
            };
            *step += 1;
            let name = cqrs_es::DomainEvent::event_type(&event);
            let version = cqrs_es::DomainEvent::event_version(&event);
            rows.push((
                rref(i).aggregate_id(),
                *step as i64,
                name,
                version,
                serde_json::to_value(&event)?,
            ));
        }
        if rows.is_empty() {
            round += 1;
            continue;
        }
        for chunk in rows.chunks(1000) {
            let values = (0..chunk.len())
                .map(|r| {
                    let b = r * 6;
                    format!(
                        "('recommendation', ${}, ${}, ${}, ${}, ${}, ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6
                    )
                })
                .collect::<Vec<_>>()
                .join(",");
            let sql = format!(
                "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) VALUES {values}"
            );
            on_backend!(db, p => {
                let mut q = sqlx::query(&sql);
                for (id, seq, name, version, payload) in chunk {
                    q = q
                        .bind(id)
                        .bind(*seq)
                        .bind(name)
                        .bind(version)
                        .bind(payload)
                        .bind(&metadata);
                }
                q.execute(p).await.map(|_| ())
            })?;
        }
        written += rows.len();
        if steps.iter().all(|s| *s > round) {
            round += 1;
        }
    }
    Ok(start.elapsed())
}

pub async fn raw_read(db: &Db) -> anyhow::Result<(usize, Duration)> {
    let start = Instant::now();
    let sql = "SELECT CAST(payload AS TEXT) FROM events ORDER BY position";
    let n = on_backend!(db, p => {
        let mut rows = sqlx::query_scalar::<_, String>(sql).fetch(p);
        let mut n = 0usize;
        while let Some(payload) = rows.try_next().await? {
            let _: RecommendationEvent = serde_json::from_str(&payload)?;
            n += 1;
        }
        Ok::<_, anyhow::Error>(n)
    })?;
    Ok((n, start.elapsed()))
}

pub async fn stock_replay(db: &Db, noop: bool) -> anyhow::Result<Duration> {
    let start = Instant::now();
    match db.pool() {
        Pool::Sqlite(p) => {
            let repo = sqlite_es::SqliteEventRepository::new(p.clone());
            if noop {
                QueryReplay::new(repo, NoopQuery).replay_all().await
            } else {
                let views = Arc::new(
                    sqlite_es::SqliteViewRepository::<StockView, Recommendation>::new(
                        "stock_view",
                        p.clone(),
                    ),
                );
                QueryReplay::new(repo, GenericQuery::new(views))
                    .replay_all()
                    .await
            }
        }
        Pool::Postgres(p) => {
            let repo = postgres_es::PostgresEventRepository::new(p.clone());
            if noop {
                QueryReplay::new(repo, NoopQuery).replay_all().await
            } else {
                let views = Arc::new(postgres_es::PostgresViewRepository::<
                    StockView,
                    Recommendation,
                >::new("stock_view", p.clone()));
                QueryReplay::new(repo, GenericQuery::new(views))
                    .replay_all()
                    .await
            }
        }
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(start.elapsed())
}
