//! The benchmark's workload: recommendation status changes of about 200
//! bytes of JSON over a set of recommendations, the stock cqrs-es view of
//! them, and fresh databases to run them on.

use std::sync::Arc;

use chrono::Utc;
use cqrs_es::{EventEnvelope, Query, View};
use serde::{Deserialize, Serialize};
use sqlx::Connection;
use suivi::domain::recommendation::{
    Recommendation, RecommendationCommand, RecommendationContent, RecommendationRef,
    RecommendationServices,
};
use suivi::domain::types::{SessionId, StructureCode};
use suivi::domain::workflow::{RecommendationStatus, RecommendationWorkflow, Transition};
use suivi::domain::EventMetadata;
use suivi::on_backend;
use suivi::store::Db;

pub fn workflow() -> RecommendationServices {
    use RecommendationStatus::*;
    let t = |from, to, requires_comment, requires_evidence| Transition {
        from,
        to,
        requires_comment,
        requires_evidence,
    };
    Arc::new(RecommendationWorkflow::new(vec![
        t(NonExecutee, EnCours, true, false),
        t(EnCours, Executee, false, true),
        t(Executee, EnCours, true, false),
    ]))
}

pub fn rref(i: usize) -> RecommendationRef {
    RecommendationRef {
        session: SessionId::parse(&format!("S{}", i % 10)).unwrap(),
        number: (i / 10 + 1) as u32,
    }
}

pub fn formulate(i: usize) -> RecommendationCommand {
    RecommendationCommand::Formulate {
        id: rref(i),
        content: RecommendationContent {
            text: format!("Recommandation de référence n° {i} adressée aux structures du secteur"),
            structures: vec![
                StructureCode::parse("MAECI").unwrap(),
                StructureCode::parse("MMEIA").unwrap(),
            ],
            due: None,
            project: None,
        },
    }
}

/// The status change that follows `step` changes, with its justification:
/// events of about 200 bytes of JSON.
pub fn status_change(
    step: usize,
) -> (
    RecommendationStatus,
    RecommendationStatus,
    Option<String>,
    Option<String>,
) {
    use RecommendationStatus::*;
    match step {
        0 => (
            NonExecutee,
            EnCours,
            Some("Démarches engagées auprès des structures responsables, suivi mensuel".into()),
            None,
        ),
        s if s % 2 == 1 => (
            EnCours,
            Executee,
            None,
            Some(format!(
                "Lettre n°{s:05}/MAECI-SG du 12 mars 2024 et procès-verbal"
            )),
        ),
        _ => (
            Executee,
            EnCours,
            Some("Exécution contestée lors de la session, reprise des démarches en cours".into()),
            None,
        ),
    }
}

pub fn change_command(step: usize) -> RecommendationCommand {
    let (_, to, comment, evidence) = status_change(step);
    RecommendationCommand::ChangeStatus {
        to,
        comment,
        evidence,
        documents: Vec::new(),
        effective: EFFECTIVE.parse().expect("a day"),
    }
}

/// The day every status change of the benchmark takes effect.
pub const EFFECTIVE: &str = "2024-06-30";

pub fn meta() -> EventMetadata {
    EventMetadata {
        actor: "bench".into(),
        reason: None,
        recorded_at: Utc::now(),
        correlation_id: "bench".into(),
    }
}

/// Stock cqrs-es view: the recommendation's state, saved after every event.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StockView(Recommendation);

impl View<Recommendation> for StockView {
    fn update(&mut self, event: &EventEnvelope<Recommendation>) {
        cqrs_es::Aggregate::apply(&mut self.0, event.payload.clone());
    }
}

/// A query that does nothing: the stock read path alone.
pub struct NoopQuery;

#[async_trait::async_trait]
impl Query<Recommendation> for NoopQuery {
    async fn dispatch(&self, _: &str, _: &[EventEnvelope<Recommendation>]) {}
}

#[derive(Clone, Copy, PartialEq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite (WAL)",
            Backend::Postgres => "PostgreSQL (durable)",
        }
    }
}

pub struct Fresh {
    pub url: String,
    _dir: tempfile::TempDir,
}

pub async fn fresh(backend: Backend) -> anyhow::Result<Fresh> {
    let dir = tempfile::tempdir()?;
    let url = match backend {
        Backend::Sqlite => dir.path().join("bench.db").display().to_string(),
        Backend::Postgres => {
            let admin = std::env::var("SUIVI_BENCH_POSTGRES_URL")?;
            let name = format!("suivi_bench_{}", uuid::Uuid::new_v4().simple());
            let mut c = sqlx::PgConnection::connect(&admin).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut c)
                .await?;
            format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
        }
    };
    let db = Db::open(&url).await?;
    let view_table = "CREATE TABLE stock_view (view_id text PRIMARY KEY, version bigint NOT NULL, payload json NOT NULL)";
    on_backend!(&db, p => sqlx::query(view_table).execute(p).await.map(|_| ()))?;
    db.close().await;
    Ok(Fresh { url, _dir: dir })
}

/// Peak resident memory since the last reset, in MiB (Linux).
pub fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
