//! The write side: commands through suivi's application and through stock
//! cqrs-es, the raw write limit, an import, and the same commands measured
//! by the benchmark of an earlier commit.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use cqrs_es::persist::GenericQuery;
use suivi::app::Actor;
use suivi::domain::recommendation::Recommendation;
use suivi::domain::types::{Code, SessionId};
use suivi::on_backend;
use suivi::projections;
use suivi::store::{Db, Pool};

use suivi::app::App;
use suivi::clock::SystemClock;
use suivi::config::Settings;

use crate::workload::{
    change_command, formulate, fresh, meta, rref, status_change, workflow, Backend, StockView,
};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

pub struct CommandFigures {
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
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
pub async fn commands(
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
    })
}

/// The raw write limit: one-row INSERTs, each its own transaction, from
/// `tasks` concurrent tasks, with the store's durability settings.
pub async fn raw_writes(backend: Backend, tasks: usize, rows: usize) -> anyhow::Result<f64> {
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
pub async fn import(backend: Backend, rows: usize) -> anyhow::Result<f64> {
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

/// The suivi commands of the benchmark of an earlier commit (its binary at
/// `exe`, built by `scripts/bench.sh --before REV`), run once with the same
/// options: for each backend it ran, tasks and figures, read from its table.
pub fn before(exe: &str, commands: usize) -> anyhow::Result<Vec<(Backend, usize, CommandFigures)>> {
    // Its own commands only (an older benchmark ignores the options it does
    // not know, and runs the rest small), and not the earlier commit's own
    // earlier commit.
    let out = std::process::Command::new(exe)
        .env_remove("SUIVI_BENCH_BEFORE")
        .args(["--runs", "1", "--only", "commands"])
        .args(["--commands", &commands.to_string()])
        .args(["--sizes", "1000", "--aggregates", "100"])
        .args(["--stock-events", "1000", "--import-rows", "100"])
        .output()
        .with_context(|| format!("while running {exe}"))?;
    anyhow::ensure!(
        out.status.success(),
        "{exe} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut backend = Backend::Sqlite;
    let mut found = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if line.starts_with("## PostgreSQL") {
            backend = Backend::Postgres;
        }
        // Before 00d566e: | suivi (application use case, …) commands, 16 task(s), 2000 commands | 1719 cmd/s, p50 8.6 ms, p99 20.2 ms, max … |
        // Since: | **suivi, 16 client(s)** | 6369 cmd/s, p50 2.17 ms, p99 7.53 ms | … |
        let Some(rest) = line
            .strip_prefix("| suivi (")
            .or_else(|| line.strip_prefix("| **suivi, "))
        else {
            continue;
        };
        let number_before = |text: &str, unit: &str| -> Option<f64> {
            let end = text.find(unit)?;
            text[..end]
                .trim_end()
                .rsplit([' ', ','])
                .next()?
                .parse()
                .ok()
        };
        let figures = rest.split('|').nth(1).unwrap_or_default();
        let parsed = (|| {
            Some((
                number_before(rest, " task(s)").or_else(|| number_before(rest, " client(s)"))?
                    as usize,
                CommandFigures {
                    per_second: number_before(figures, " cmd/s")?,
                    p50_ms: number_before(&figures[figures.find("p50")?..], " ms")?,
                    p99_ms: number_before(&figures[figures.find("p99")?..], " ms")?,
                },
            ))
        })();
        let (tasks, f) = parsed.with_context(|| format!("unexpected line from {exe}: {line}"))?;
        found.push((backend, tasks, f));
    }
    anyhow::ensure!(
        !found.is_empty(),
        "no command figures in the output of {exe}"
    );
    Ok(found)
}
