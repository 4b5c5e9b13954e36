//! Store benchmark, in one run on SQLite and (when `SUIVI_BENCH_POSTGRES_URL`
//! is set) PostgreSQL: suivi's command path (through the application, as the
//! command line and the API call it) against stock cqrs-es (`*_cqrs` with a
//! `GenericQuery`) and the raw write limit (one-row INSERT per transaction),
//! at several numbers of concurrent clients; an import of a large file; and
//! the projection rebuild against stock `QueryReplay` and the raw read limit,
//! at several sizes. Every figure is measured `--runs` times (3) and given as
//! the median with the least and the most, after the machine's load when the
//! run started. With `SUIVI_BENCH_BEFORE` naming the benchmark binary of an
//! earlier commit (`scripts/bench.sh --before REV` builds it), that commit's
//! commands are measured as many times by the same invocation, first.
//!
//! Run with `scripts/bench.sh`; options: `--sizes 100000,1000000` (rebuild
//! sizes), `--clients 1,4,16`, `--runs 3`, `--aggregates M` (10 000),
//! `--stock-events K` (events replayed by the stock path, 20 000),
//! `--commands C` (per command run; half with one client, 2 000),
//! `--import-rows R` (10 000, the most a file may have), `--only commands|rebuild` (one half),
//! `--backend sqlite|postgres` (one backend).

mod commands;
mod rebuild;
mod spread;
mod workload;

use std::time::Instant;

use anyhow::Context;
use suivi::projections;
use suivi::store::Db;

use crate::commands::CommandFigures;
use crate::spread::Spread;
use crate::workload::{fresh, peak_rss_mib, reset_peak_rss, Backend};

struct Options {
    sizes: Vec<usize>,
    clients: Vec<usize>,
    runs: usize,
    aggregates: usize,
    stock_events: usize,
    commands: usize,
    import_rows: usize,
    /// `commands` or `rebuild`: only that half.
    only: Option<String>,
    /// `sqlite` or `postgres`: only that backend.
    backend: Option<String>,
}

impl Options {
    fn from_args() -> Options {
        let mut o = Options {
            sizes: vec![100_000, 1_000_000],
            clients: vec![1, 4, 16],
            runs: 3,
            aggregates: 10_000,
            stock_events: 20_000,
            commands: 2_000,
            import_rows: 10_000,
            only: None,
            backend: None,
        };
        let args: Vec<String> = std::env::args().collect();
        let number = |v: &str| v.replace('_', "").parse::<usize>().expect("a number");
        let list = |v: Option<&String>| -> Vec<usize> {
            v.expect("a list").split(',').map(number).collect()
        };
        let mut i = 1;
        while i < args.len() {
            let value = || number(args.get(i + 1).expect("a number"));
            match args[i].as_str() {
                "--sizes" | "--events" => o.sizes = list(args.get(i + 1)),
                "--clients" => o.clients = list(args.get(i + 1)),
                "--runs" => o.runs = value().max(1),
                "--import-rows" => o.import_rows = value(),
                "--aggregates" => o.aggregates = value(),
                "--stock-events" => o.stock_events = value(),
                "--commands" => o.commands = value(),
                "--only" => o.only = args.get(i + 1).cloned(),
                "--backend" => o.backend = args.get(i + 1).cloned(),
                _ => {
                    i += 1;
                    continue;
                }
            }
            i += 2;
        }
        o
    }

    fn measures(&self, half: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == half)
    }

    /// Commands per run with `clients` clients.
    fn commands_for(&self, clients: usize) -> usize {
        if clients == 1 {
            self.commands / 2
        } else {
            self.commands
        }
    }
}

/// The figures of several command runs.
#[derive(Default)]
struct Runs {
    per_second: Vec<f64>,
    p50: Vec<f64>,
    p99: Vec<f64>,
}

impl Runs {
    fn push(&mut self, f: &CommandFigures) {
        self.per_second.push(f.per_second);
        self.p50.push(f.p50_ms);
        self.p99.push(f.p99_ms);
    }

    /// `median | min – max` cells.
    fn cells(&self) -> String {
        let (rate, p50, p99) = (
            Spread::of(&self.per_second),
            Spread::of(&self.p50),
            Spread::of(&self.p99),
        );
        format!(
            "{} cmd/s, p50 {} ms, p99 {} ms | {} cmd/s; p99 {} ms",
            rate.median(0),
            p50.median(2),
            p99.median(2),
            rate.range(0),
            p99.range(2)
        )
    }
}

/// The one-minute, five-minute and fifteen-minute load averages (Linux).
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

async fn bench(
    backend: Backend,
    o: &Options,
    before: &[(Backend, usize, CommandFigures)],
) -> anyhow::Result<()> {
    println!("\n## {}\n", backend.name());
    println!("Load average at the start (1, 5, 15 min): {}\n", load());
    println!(
        "| what | median of {} | least – most |\n|---|---|---|",
        o.runs
    );
    if o.measures("commands") {
        bench_commands(backend, o, before).await?;
    }
    if o.measures("rebuild") {
        bench_rebuild(backend, o).await?;
    }
    Ok(())
}

async fn bench_commands(
    backend: Backend,
    o: &Options,
    before: &[(Backend, usize, CommandFigures)],
) -> anyhow::Result<()> {
    let mut limit = Vec::new();
    for _ in 0..o.runs {
        limit.push(commands::raw_writes(backend, 16, o.commands * 2).await?);
    }
    let limit = Spread::of(&limit);
    println!(
        "| raw one-row INSERT per transaction, 16 tasks (write limit) | {} rows/s | {} |",
        limit.median(0),
        limit.range(0)
    );
    let before_name = std::env::var("SUIVI_BENCH_BEFORE_NAME").unwrap_or("before".into());
    for &clients in &o.clients {
        let n = o.commands_for(clients);
        let (mut stock, mut ours, mut ratio) = (Runs::default(), Runs::default(), Vec::new());
        for _ in 0..o.runs {
            let s = commands::commands(backend, clients, n, true).await?;
            let f = commands::commands(backend, clients, n, false).await?;
            ratio.push(f.per_second / s.per_second);
            stock.push(&s);
            ours.push(&f);
        }
        let mut earlier = Runs::default();
        for (_, _, f) in before
            .iter()
            .filter(|(b, c, _)| *b == backend && *c == clients)
        {
            earlier.push(f);
        }
        println!(
            "| stock cqrs-es + GenericQuery, {clients} client(s), {n} commands | {} |",
            stock.cells()
        );
        if !earlier.per_second.is_empty() {
            println!(
                "| suivi at {before_name}, {clients} client(s) | {} |",
                earlier.cells()
            );
        }
        println!("| **suivi, {clients} client(s)** | {} |", ours.cells());
        let ratio = Spread::of(&ratio);
        let share = Spread::of(&ours.per_second).median_value() / limit.median_value();
        println!(
            "| suivi ÷ stock, {clients} client(s) (per run) | {}× | {}× |",
            ratio.median(2),
            ratio.range(2)
        );
        if !earlier.per_second.is_empty() {
            let now = Spread::of(&ours.per_second).median_value();
            let then = Spread::of(&earlier.per_second).median_value();
            println!(
                "| suivi ÷ suivi at {before_name}, {clients} client(s) (medians) | {:.2}× | |",
                now / then
            );
        }
        println!(
            "| suivi's share of the write limit, {clients} client(s) (medians) | {:.0} % | |",
            100.0 * share
        );
    }
    let mut imports = Vec::new();
    for _ in 0..o.runs {
        imports.push(commands::import(backend, o.import_rows).await?);
    }
    let imports = Spread::of(&imports);
    println!(
        "| import of one file of {} recommendations (one transaction) | {} rows/s | {} |",
        o.import_rows,
        imports.median(0),
        imports.range(0)
    );
    Ok(())
}

async fn bench_rebuild(backend: Backend, o: &Options) -> anyhow::Result<()> {
    // Same events, stock replay against suivi's rebuild.
    let f = fresh(backend).await?;
    let db = Db::open(&f.url).await?;
    rebuild::populate(&db, o.stock_events, 1000).await?;
    let (mut generic, mut noop, mut ours) = (Vec::new(), Vec::new(), Vec::new());
    let per_second = |d: std::time::Duration| o.stock_events as f64 / d.as_secs_f64();
    for _ in 0..o.runs {
        generic.push(per_second(rebuild::stock_replay(&db, false).await?));
        noop.push(per_second(rebuild::stock_replay(&db, true).await?));
        let start = Instant::now();
        projections::rebuild(&db, &|_| {}).await?;
        ours.push(per_second(start.elapsed()));
    }
    db.close().await;
    for (what, runs) in [
        (
            format!(
                "stock `QueryReplay` into `GenericQuery`, {} events / 1 000 aggregates",
                o.stock_events
            ),
            generic,
        ),
        (
            "stock `QueryReplay` into a no-op query, same events".into(),
            noop,
        ),
        ("suivi `rebuild`, same events".into(), ours),
    ] {
        let s = Spread::of(&runs);
        println!("| {what} | {} events/s | {} |", s.median(0), s.range(0));
    }

    for &size in &o.sizes {
        let f = fresh(backend).await?;
        let db = Db::open(&f.url).await?;
        let took = rebuild::populate(&db, size, o.aggregates).await?;
        eprintln!(
            "{size} events written in {:.1} s; reading and rebuilding",
            took.as_secs_f64()
        );
        let (mut read, mut ours, mut share, mut peak) = (Vec::new(), Vec::new(), Vec::new(), 0f64);
        for _ in 0..o.runs {
            let (n, d) = rebuild::raw_read(&db).await?;
            let read_rate = n as f64 / d.as_secs_f64();
            reset_peak_rss();
            let start = Instant::now();
            let n = projections::rebuild(&db, &|_| {}).await? as usize;
            let rate = n as f64 / start.elapsed().as_secs_f64();
            peak = peak.max(peak_rss_mib());
            read.push(read_rate);
            ours.push(rate);
            share.push(100.0 * rate / read_rate);
        }
        db.close().await;
        let (read, ours, share) = (Spread::of(&read), Spread::of(&ours), Spread::of(&share));
        println!(
            "| read limit, {size} events (raw `SELECT payload` streamed + `serde_json::from_str`) | {} events/s | {} |",
            read.median(0),
            read.range(0)
        );
        println!(
            "| **suivi `rebuild`, {size} events over {} aggregates** | {} events/s, {} % of the read limit; peak RSS {peak:.0} MiB | {} events/s; {} % |",
            o.aggregates,
            ours.median(0),
            share.median(0),
            ours.range(0),
            share.range(0)
        );
    }
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let o = Options::from_args();
    println!(
        "# suivi store benchmark\n\n{} runs; clients {:?}; {} commands a run ({} with one client); rebuild sizes {:?} over {} aggregates; {} events for the stock replay; an import of {} rows. Load average at the start (1, 5, 15 min): {}.",
        o.runs,
        o.clients,
        o.commands,
        o.commands_for(1),
        o.sizes,
        o.aggregates,
        o.stock_events,
        o.import_rows,
        load()
    );
    let mut before = Vec::new();
    if let (Ok(exe), true) = (std::env::var("SUIVI_BENCH_BEFORE"), o.measures("commands")) {
        for _ in 0..o.runs {
            before.extend(commands::before(&exe, o.commands).context("the earlier commit")?);
        }
    }
    let on = |name: &str| o.backend.as_deref().is_none_or(|b| b == name);
    if on("sqlite") {
        bench(Backend::Sqlite, &o, &before)
            .await
            .context("SQLite")?;
    }
    if on("postgres") && std::env::var("SUIVI_BENCH_POSTGRES_URL").is_ok() {
        bench(Backend::Postgres, &o, &before)
            .await
            .context("PostgreSQL")?;
    } else if on("postgres") {
        println!("\n(PostgreSQL skipped: SUIVI_BENCH_POSTGRES_URL is not set; scripts/bench.sh sets it.)");
    }
    Ok(())
}
