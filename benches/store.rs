//! Store benchmark, in one run on SQLite and (when `SUIVI_BENCH_POSTGRES_URL`
//! is set) PostgreSQL: suivi's command path (through the application, as the
//! command line and the API call it) against stock cqrs-es (`*_cqrs` with a
//! `GenericQuery`) and the raw write limit (one-row INSERT per transaction);
//! an import of a large file; and the projection rebuild against stock
//! `QueryReplay` and the raw read limit, at several sizes. Run with
//! `scripts/bench.sh`; options: `--sizes 100000,300000,1000000` (rebuild
//! sizes), `--aggregates M` (10 000), `--stock-events K` (events replayed by
//! the stock path, 20 000), `--commands C` (per command run, 2 000),
//! `--import-rows R` (20 000).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use cqrs_es::persist::{GenericQuery, QueryReplay};
use cqrs_es::{EventEnvelope, Query, View};
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use sqlx::Connection;
use suivi::app::{Actor, App};
use suivi::clock::SystemClock;
use suivi::config::Settings;
use suivi::domain::recommendation::{
    Justification, Recommendation, RecommendationCommand, RecommendationContent,
    RecommendationEvent, RecommendationRef, RecommendationServices,
};
use suivi::domain::types::Code;
use suivi::domain::types::{SessionId, StructureCode};
use suivi::domain::workflow::{RecommendationStatus, RecommendationWorkflow, Transition};
use suivi::domain::EventMetadata;
use suivi::on_backend;
use suivi::projections;
use suivi::store::{Db, Pool};

struct Options {
    sizes: Vec<usize>,
    aggregates: usize,
    stock_events: usize,
    commands: usize,
    import_rows: usize,
}

impl Options {
    fn from_args() -> Options {
        let mut o = Options {
            sizes: vec![100_000, 300_000, 1_000_000],
            aggregates: 10_000,
            stock_events: 20_000,
            commands: 2_000,
            import_rows: 20_000,
        };
        let args: Vec<String> = std::env::args().collect();
        let mut i = 1;
        while i < args.len() {
            let value = || {
                args.get(i + 1)
                    .and_then(|v| v.replace('_', "").parse().ok())
                    .expect("a number")
            };
            match args[i].as_str() {
                "--sizes" | "--events" => {
                    o.sizes = args
                        .get(i + 1)
                        .expect("sizes")
                        .split(',')
                        .map(|v| v.replace('_', "").parse().expect("a number"))
                        .collect()
                }
                "--import-rows" => o.import_rows = value(),
                "--aggregates" => o.aggregates = value(),
                "--stock-events" => o.stock_events = value(),
                "--commands" => o.commands = value(),
                _ => {
                    i += 1;
                    continue;
                }
            }
            i += 2;
        }
        o
    }
}

fn workflow() -> RecommendationServices {
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

fn rref(i: usize) -> RecommendationRef {
    RecommendationRef {
        session: SessionId::parse(&format!("S{}", i % 10)).unwrap(),
        number: (i / 10 + 1) as u32,
    }
}

fn formulate(i: usize) -> RecommendationCommand {
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
fn status_change(
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

fn change_command(step: usize) -> RecommendationCommand {
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
const EFFECTIVE: &str = "2024-06-30";

fn meta() -> EventMetadata {
    EventMetadata {
        actor: "bench".into(),
        reason: None,
        recorded_at: Utc::now(),
        correlation_id: "bench".into(),
    }
}

/// Stock cqrs-es view: the recommendation's state, saved after every event.
#[derive(Debug, Default, Serialize, Deserialize)]
struct StockView(Recommendation);

impl View<Recommendation> for StockView {
    fn update(&mut self, event: &EventEnvelope<Recommendation>) {
        cqrs_es::Aggregate::apply(&mut self.0, event.payload.clone());
    }
}

/// A query that does nothing: the stock read path alone.
struct NoopQuery;

#[async_trait::async_trait]
impl Query<Recommendation> for NoopQuery {
    async fn dispatch(&self, _: &str, _: &[EventEnvelope<Recommendation>]) {}
}

#[derive(Clone, Copy, PartialEq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite (WAL)",
            Backend::Postgres => "PostgreSQL (durable)",
        }
    }
}

struct Fresh {
    url: String,
    _dir: tempfile::TempDir,
}

async fn fresh(backend: Backend) -> anyhow::Result<Fresh> {
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
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Writes `total` events over `aggregates` recommendations straight into the
/// events table, in large transactions (this is set-up, not what is measured).
async fn populate(db: &Db, total: usize, aggregates: usize) -> anyhow::Result<Duration> {
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

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

struct CommandFigures {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

/// The application on the benchmark database, with the shipped configuration.
async fn open_app(url: &str) -> anyhow::Result<App> {
    let settings = Settings::load(None, None, Some(url.to_string()))?;
    App::open(&settings, Arc::new(SystemClock))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Runs `commands` status changes over 1 000 recommendations from `tasks`
/// concurrent tasks, with `stock` (cqrs-es + GenericQuery) or suivi's path
/// (the application's use case: events, positions, chain hashes and views
/// in one transaction).
async fn commands(
    backend: Backend,
    tasks: usize,
    commands: usize,
    stock: bool,
) -> anyhow::Result<CommandFigures> {
    let f = fresh(backend).await?;
    let db = Db::open(&f.url).await?;
    let aggregates = 1000;
    let batch = (0..aggregates)
        .map(|i| (rref(i).aggregate_id(), formulate(i)))
        .collect();
    db.execute::<Recommendation>(batch, &workflow(), &meta())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    projections::catch_up(&db).await?;
    let app = Arc::new(open_app(&f.url).await?);
    let start = Instant::now();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let db = db.clone();
        let app = app.clone();
        handles.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let per_task = commands / tasks;
            let own: Vec<usize> = (0..aggregates).filter(|i| i % tasks == t).collect();
            let mut steps: HashMap<usize, usize> = HashMap::new();
            let stock_sqlite;
            let stock_pg;
            match (db.pool(), stock) {
                (Pool::Sqlite(p), true) => {
                    let views = Arc::new(sqlite_es::SqliteViewRepository::<
                        StockView,
                        Recommendation,
                    >::new("stock_view", p.clone()));
                    stock_sqlite = Some(sqlite_es::sqlite_cqrs(
                        p.clone(),
                        vec![Box::new(GenericQuery::new(views))],
                        workflow(),
                    ));
                    stock_pg = None;
                }
                (Pool::Postgres(p), true) => {
                    let views = Arc::new(postgres_es::PostgresViewRepository::<
                        StockView,
                        Recommendation,
                    >::new("stock_view", p.clone()));
                    stock_pg = Some(postgres_es::postgres_cqrs(
                        p.clone(),
                        vec![Box::new(GenericQuery::new(views))],
                        workflow(),
                    ));
                    stock_sqlite = None;
                }
                _ => {
                    stock_sqlite = None;
                    stock_pg = None;
                }
            }
            for n in 0..per_task {
                let i = own[n % own.len()];
                let step = steps.entry(i).or_default();
                let command = change_command(*step);
                *step += 1;
                let id = rref(i).aggregate_id();
                let began = Instant::now();
                if let Some(cqrs) = &stock_sqlite {
                    cqrs.execute_with_metadata(&id, command, meta().to_map())
                        .await
                        .expect("stock command");
                } else if let Some(cqrs) = &stock_pg {
                    cqrs.execute_with_metadata(&id, command, meta().to_map())
                        .await
                        .expect("stock command");
                } else {
                    let (_, to, comment, evidence) = status_change(*step - 1);
                    let who = Actor::operator("bench", None);
                    app.set_recommendation_status(
                        &rref(i),
                        suivi::app::StatusChange::new(to.code(), comment, evidence, None),
                        &who,
                    )
                    .await
                    .expect("command");
                }
                latencies.push(began.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await?);
    }
    let elapsed = start.elapsed();
    all.sort();
    db.close().await;
    app.close().await;
    Ok(CommandFigures {
        per_second: all.len() as f64 / elapsed.as_secs_f64(),
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
        max_ms: percentile(&all, 1.0),
    })
}

/// The raw write limit: one-row INSERTs, each its own transaction, from
/// `tasks` concurrent tasks, with the store's durability settings.
async fn raw_writes(backend: Backend, tasks: usize, rows: usize) -> anyhow::Result<f64> {
    let f = fresh(backend).await?;
    let db = Db::open(&f.url).await?;
    let create = match backend {
        Backend::Sqlite => "CREATE TABLE raw_bench (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)",
        Backend::Postgres => {
            "CREATE TABLE raw_bench (id bigserial PRIMARY KEY, payload text NOT NULL)"
        }
    };
    on_backend!(&db, p => sqlx::query(create).execute(p).await.map(|_| ()))?;
    let payload = "x".repeat(200);
    let start = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let db = db.clone();
        let payload = payload.clone();
        handles.push(tokio::spawn(async move {
            for _ in 0..rows / tasks {
                on_backend!(&db, p => sqlx::query("INSERT INTO raw_bench (payload) VALUES ($1)")
                    .bind(&payload)
                    .execute(p)
                    .await
                    .map(|_| ()))
                .expect("insert");
            }
        }));
    }
    for h in handles {
        h.await?;
    }
    let rate = (rows / tasks * tasks) as f64 / start.elapsed().as_secs_f64();
    db.close().await;
    Ok(rate)
}

/// Imports one CSV file of `rows` recommendations through the application:
/// parsed, decided and written in one transaction. Returns rows per second.
async fn import(backend: Backend, rows: usize) -> anyhow::Result<f64> {
    let f = fresh(backend).await?;
    let app = open_app(&f.url).await?;
    let mut csv = String::from("numero;recommandation;structures;echeance\n");
    for n in 1..=rows {
        csv.push_str(&format!(
            "{n};Recommandation de référence n° {n} adressée aux structures du secteur;MAECI, MMEIA;31/12/2030\n"
        ));
    }
    let session = SessionId::parse("2030").unwrap();
    let who = Actor::operator("bench", None);
    let start = Instant::now();
    let outcome = app
        .import_recommendations_csv("bench.csv", &csv, &session, &who)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let elapsed = start.elapsed();
    assert_eq!(outcome.events, rows);
    app.close().await;
    Ok(rows as f64 / elapsed.as_secs_f64())
}

async fn raw_read(db: &Db) -> anyhow::Result<(usize, Duration)> {
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

async fn stock_replay(db: &Db, noop: bool) -> anyhow::Result<Duration> {
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

fn rate(n: usize, d: Duration) -> String {
    format!("{:.0} events/s", n as f64 / d.as_secs_f64())
}

async fn bench(backend: Backend, o: &Options) -> anyhow::Result<()> {
    println!("\n## {}\n", backend.name());
    println!("| what | figure |\n|---|---|");
    let limit = raw_writes(backend, 16, o.commands * 2).await?;
    println!("| raw one-row INSERT per transaction, 16 tasks (write limit) | {limit:.0} rows/s |");
    for tasks in [16, 1] {
        let n = if tasks == 1 {
            o.commands / 2
        } else {
            o.commands
        };
        let stock = commands(backend, tasks, n, true).await?;
        let ours = commands(backend, tasks, n, false).await?;
        for (name, f) in [
            ("stock cqrs-es + GenericQuery", &stock),
            ("suivi (application use case, one transaction)", &ours),
        ] {
            println!(
                "| {name} commands, {tasks} task(s), {n} commands | {:.0} cmd/s, p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms |",
                f.per_second, f.p50_ms, f.p99_ms, f.max_ms
            );
        }
        println!(
            "| suivi ÷ stock, {tasks} task(s) | {:.2}× (suivi at {:.0} % of the write limit) |",
            ours.per_second / stock.per_second,
            100.0 * ours.per_second / limit
        );
    }
    let rate_import = import(backend, o.import_rows).await?;
    println!(
        "| import of one file of {} recommendations (one transaction) | {rate_import:.0} rows/s |",
        o.import_rows
    );

    // Same events, stock replay against suivi's rebuild.
    let f = fresh(backend).await?;
    let db = Db::open(&f.url).await?;
    populate(&db, o.stock_events, 1000).await?;
    let d = stock_replay(&db, false).await?;
    println!(
        "| stock `QueryReplay` into `GenericQuery`, {} events / 1 000 aggregates | {} |",
        o.stock_events,
        rate(o.stock_events, d)
    );
    let d = stock_replay(&db, true).await?;
    println!(
        "| stock `QueryReplay` into a no-op query, same events | {} |",
        rate(o.stock_events, d)
    );
    let start = Instant::now();
    let n = projections::rebuild(&db, &|_| {}).await? as usize;
    println!(
        "| suivi `rebuild`, same events | {} |",
        rate(n, start.elapsed())
    );
    db.close().await;

    for &size in &o.sizes {
        let f = fresh(backend).await?;
        let db = Db::open(&f.url).await?;
        populate(&db, size, o.aggregates).await?;
        reset_peak_rss();
        let (n, read) = raw_read(&db).await?;
        let read_rate = n as f64 / read.as_secs_f64();
        reset_peak_rss();
        let before = peak_rss_mib();
        let start = Instant::now();
        let n = projections::rebuild(&db, &|_| {}).await? as usize;
        let rebuild_rate = n as f64 / start.elapsed().as_secs_f64();
        println!(
            "| suivi `rebuild`, {n} events over {} aggregates | {rebuild_rate:.0} events/s, {:.0} % of the read limit ({read_rate:.0} events/s, raw `SELECT payload` streamed + `serde_json::from_str`); peak RSS {:.0} MiB (from {before:.0}) |",
            o.aggregates,
            100.0 * rebuild_rate / read_rate,
            peak_rss_mib()
        );
        db.close().await;
    }
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let o = Options::from_args();
    println!(
        "# suivi store benchmark\n\nRebuild sizes {:?} over {} aggregates; {} events for the stock replay; {} commands; an import of {} rows.",
        o.sizes, o.aggregates, o.stock_events, o.commands, o.import_rows
    );
    bench(Backend::Sqlite, &o).await.context("SQLite")?;
    if std::env::var("SUIVI_BENCH_POSTGRES_URL").is_ok() {
        bench(Backend::Postgres, &o).await.context("PostgreSQL")?;
    } else {
        println!("\n(PostgreSQL skipped: SUIVI_BENCH_POSTGRES_URL is not set; scripts/bench.sh sets it.)");
    }
    Ok(())
}
