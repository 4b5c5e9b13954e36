//! Following the year on SQLite: planning a day's reminder digests
//! (`App::plan_reminders`, as `suivi reminders plan` calls it) and the
//! progress report (`App::progress_report`, as `suivi report progress`).
//!
//! Three stores, each filled through the application's imports:
//! - the baseline the figures are compared with: 20 000 recommendations,
//!   each with its own due date;
//! - `--items` open items (100 000): half recommendations with a due date,
//!   four tenths without one (the workflow's default deadline), a tenth
//!   activities of the plan with their chronogramme and units, and the
//!   harmonized calendar's deadlines;
//! - a plan of `--activities` activities (1 000), half with progress
//!   reported, a quarter executed, for the progress report today and as of a
//!   past day (read back from the log).
//!
//! Run with `cargo bench --bench follow_up`; options: `--items N`,
//! `--activities N`, `--runs N` (5), `--keep DIR` (keep the databases there).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use suivi::app::{Actor, App, Situation};
use suivi::clock::FixedClock;
use suivi::config::Settings;
use suivi::domain::activity::ActivityRef;
use suivi::domain::types::{ActivityCode, SessionId, Year};

struct Options {
    items: usize,
    activities: usize,
    runs: usize,
    /// Where to keep the databases, to time the command line on them.
    keep: Option<std::path::PathBuf>,
}

fn options() -> Options {
    let mut o = Options {
        items: 100_000,
        activities: 1_000,
        runs: 5,
        keep: None,
    };
    let args: Vec<String> = std::env::args().collect();
    let number = |s: &str| -> usize {
        s.replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("a number, not {s}"))
    };
    for pair in args.windows(2) {
        match pair[0].as_str() {
            "--items" => o.items = number(&pair[1]),
            "--activities" => o.activities = number(&pair[1]),
            "--runs" => o.runs = number(&pair[1]).max(1),
            "--keep" => o.keep = Some(pair[1].clone().into()),
            _ => {}
        }
    }
    o
}

/// The day the reminders are planned and the progress is read.
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
}

/// Structures of `config/structures.toml`, each getting its share.
const STRUCTURES: [&str; 8] = [
    "MAECI",
    "MMEIA",
    "DCM",
    "DGB",
    "DNPD",
    "DFM/MAECI",
    "DFM/MMEIA",
    "DRH/MAECI",
];

const UNITS: [&str; 5] = [
    "Unité planification",
    "Unité suivi-évaluation",
    "Unité statistique",
    "Unité informatique",
    "Centre de documentation",
];

/// `n` recommendations numbered from 1, due through the year when `dated`.
fn recommendations_csv(n: usize, dated: bool) -> String {
    let mut csv = String::from("numero;recommandation;structures;echeance\n");
    for i in 1..=n {
        let due = if dated {
            let d =
                NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new((i % 365) as u64);
            d.format("%d/%m/%Y").to_string()
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "{i};Renforcer la coordination du suivi des projets et programmes du secteur (recommandation {i});{};{due}\n",
            STRUCTURES[i % STRUCTURES.len()]
        ));
    }
    csv
}

/// A plan of `n` activities, two months each, shared among the units.
fn plan_csv(n: usize) -> String {
    let mut csv =
        String::from("code;objectif;resultat;activite;indicateur;budget;mois;responsable\n");
    for i in 0..n {
        let (o, r, a) = (i / 1000 + 1, i / 100 % 10 + 1, i % 100 + 1);
        let objective = if i % 1000 == 0 {
            format!("{o}. Objectif {o}")
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "{o}.{r}.{a};{objective};;Activité {i} : élaboration et validation d'un document du secteur;Document disponible;1000;{} {};{}\n",
            i % 11 + 1,
            i % 11 + 2,
            UNITS[i % UNITS.len()]
        ));
    }
    csv
}

fn codes(csv: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(';').next().unwrap().to_string())
        .collect()
}

async fn open(dir: &std::path::Path, name: &str) -> anyhow::Result<App> {
    let db = dir.join(name);
    let settings = Settings::load(None, None, Some(db.display().to_string()))?;
    let noon = Utc.from_utc_datetime(&day().and_hms_opt(12, 0, 0).unwrap());
    Ok(App::open(&settings, Arc::new(FixedClock::new(noon))).await?)
}

fn median(mut d: Vec<Duration>) -> Duration {
    d.sort();
    d[d.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The median time to plan the day's digests, with how many there are.
async fn plan(app: &App, who: &Actor, runs: usize) -> anyhow::Result<(Duration, usize, usize)> {
    let mut times = Vec::new();
    let (mut digests, mut lines) = (0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let plan = app.plan_reminders(Some(day()), who).await?;
        times.push(t.elapsed());
        digests = plan.digests.len();
        lines = plan.digests.iter().map(|d| d.digest.lines.len()).sum();
    }
    Ok((median(times), digests, lines))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = options();
    let temp = tempfile::tempdir()?;
    let dir = match &o.keep {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => temp.path().to_path_buf(),
    };
    let dir = dir.as_path();
    let who = Actor::operator("bench", None);
    let y = Year::new(2025)?;

    // The baseline: 20 000 dated recommendations.
    let base = open(dir, "baseline.db").await?;
    base.import_recommendations_csv(
        "r.csv",
        &recommendations_csv(20_000, true),
        &SessionId::parse("2025")?,
        &who,
    )
    .await?;
    let base_items = base.open_items(&who).await?.items.len();
    let (base_time, base_digests, base_lines) = plan(&base, &who, o.runs).await?;
    base.close().await;

    // `--items` open items of every kind.
    let started = Instant::now();
    let app = open(dir, "items.db").await?;
    let (activities, undated) = (o.items / 10, o.items * 4 / 10);
    let dated = o.items - activities - undated;
    app.import_recommendations_csv(
        "r.csv",
        &recommendations_csv(dated, true),
        &SessionId::parse("2025")?,
        &who,
    )
    .await?;
    app.import_recommendations_csv(
        "r.csv",
        &recommendations_csv(undated, false),
        &SessionId::parse("2025-2")?,
        &who,
    )
    .await?;
    app.import_plan_csv("plan.csv", &plan_csv(activities), y, &who)
        .await?;
    let items = app.open_items(&who).await?.items;
    let count = |kind: &str, default: bool| {
        items
            .iter()
            .filter(|i| i.kind == kind && i.default_deadline == default)
            .count()
    };
    println!(
        "filled in {:.1} s: {} open items ({} recommendations with a due date, {} with the default one, {} activities, {} calendar deadlines)",
        started.elapsed().as_secs_f64(),
        items.len(),
        count("recommendation", false),
        count("recommendation", true),
        count("activity", false),
        count("deadline", false),
    );
    let (time, digests, lines) = plan(&app, &who, o.runs).await?;
    app.close().await;

    // A plan of `--activities` activities with progress.
    let app = open(dir, "progress.db").await?;
    let csv = plan_csv(o.activities);
    app.import_plan_csv("plan.csv", &csv, y, &who).await?;
    for (i, code) in codes(&csv).iter().enumerate() {
        let id = ActivityRef {
            year: y,
            code: ActivityCode::parse(code)?,
        };
        if i % 2 == 0 {
            let first = NaiveDate::from_ymd_opt(2025, 2, 1).unwrap();
            app.record_progress(
                &id,
                30,
                Some("Termes de référence validés".into()),
                Some(first),
                &who,
            )
            .await?;
            app.record_progress(
                &id,
                60,
                Some("Atelier tenu".into()),
                Some(first + chrono::Days::new(90)),
                &who,
            )
            .await?;
        }
        if i % 4 == 0 {
            app.execute_activity(&id, Some("Mai 2025".into()), None, None, &who)
                .await?;
        }
    }
    let (mut today, mut past) = (vec![], vec![]);
    let mut late = 0;
    for _ in 0..o.runs {
        let t = Instant::now();
        let r = app.progress_report(y, None, Situation::NOW, &who).await?;
        today.push(t.elapsed());
        late = r.late;
        let t = Instant::now();
        app.progress_report(
            y,
            Some(suivi::domain::types::Quarter::FIRST),
            Situation::NOW,
            &who,
        )
        .await?;
        past.push(t.elapsed());
    }
    app.close().await;

    println!("medians of {} runs (SQLite), day {}:", o.runs, day());
    println!(
        "| baseline: `reminders plan`, 20 000 dated recommendations ({base_items} open items, {base_digests} digests, {base_lines} lines) | {} |",
        ms(base_time)
    );
    println!(
        "| **`reminders plan`, {} open items ({digests} digests, {lines} lines)** | **{}** |",
        items.len(),
        ms(time)
    );
    println!(
        "| **`report progress`, {} activities, today ({late} late)** | **{}** |",
        o.activities,
        ms(median(today))
    );
    println!(
        "| `report progress`, same plan, end of the first quarter (read back from the log) | {} |",
        ms(median(past))
    );
    Ok(())
}
