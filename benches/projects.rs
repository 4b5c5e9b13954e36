//! The sector's portfolio at a national scale on SQLite: `--projects`
//! projects (2 000) imported through the application with their place at
//! the 2025 BSI arbitration, each with eight quarters of figures (2024 and
//! 2025: notified, engaged and liquidated credits and a physical rate each
//! quarter, all recorded through the application's use cases), then the
//! portfolio of 2025 read as `suivi report projects` reads it
//! (`App::project_portfolio`), as of the end of the year and as of a day in
//! the second quarter, and laid out as its JSON and its terminal table. One
//! project in five has not reported its third quarter of 2025: late at the
//! end of the year.
//!
//! Run with `cargo bench --bench projects`; options: `--projects N`,
//! `--runs N` (5), `--keep DIR` (keep the database, to time the command line
//! on it).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use suivi::app::{Actor, App, PhysicalRate, ProjectCredit};
use suivi::clock::FixedClock;
use suivi::config::Settings;
use suivi::domain::types::{Quarter, Year};
use suivi::report::render::{self, Format};
use suivi::text::Lang;

struct Options {
    projects: usize,
    runs: usize,
    keep: Option<std::path::PathBuf>,
}

fn options() -> Options {
    let mut o = Options {
        projects: 2_000,
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
            "--projects" => o.projects = number(&pair[1]),
            "--runs" => o.runs = number(&pair[1]).max(1),
            "--keep" => o.keep = Some(pair[1].clone().into()),
            _ => {}
        }
    }
    o
}

/// Ministries of `config/structures.toml`, each getting its share.
const MINISTRIES: [&str; 4] = ["MAECI", "MMEIA", "MEF", "MDC"];

/// The portfolio's file, in the documented columns: a programme every tenth
/// line with the next four projects under it, every project presented at
/// the arbitration, a third of them new, nine in ten funded.
fn portfolio_csv(n: usize) -> String {
    let mut csv = String::from(
        "code;intitule;ministere;structure;type;financement;cout_total;debut;fin;statut;parent;presente;nouveau;dotation\n",
    );
    for i in 0..n {
        let ministry = MINISTRIES[i % MINISTRIES.len()];
        let (kind, parent) = match i % 10 {
            0 => ("Programme", String::new()),
            1..=4 => ("Projet", format!("P-{:05}", i - i % 10)),
            _ => ("Projet", String::new()),
        };
        let funded = if i % 10 == 9 {
            String::new()
        } else {
            format!("{}", 100_000_000 + i * 1_000)
        };
        csv.push_str(&format!(
            "P-{i:05};Projet de construction et d'équipement n° {i} du secteur;{ministry};;{kind};BSI;{};2023;2027;en cours;{parent};oui;{};{funded}\n",
            2_000_000_000 + i * 10_000,
            if i % 3 == 0 { "oui" } else { "non" },
        ));
    }
    csv
}

async fn open(path: &std::path::Path, day: NaiveDate) -> anyhow::Result<App> {
    let settings = Settings::load(None, None, Some(path.display().to_string()))?;
    let noon = Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap());
    Ok(App::open(&settings, Arc::new(FixedClock::new(noon))).await?)
}

fn median(mut d: Vec<Duration>) -> Duration {
    d.sort();
    d[d.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
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
    let db = dir.join("projects.db");
    let end = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let who = Actor::operator("bench", None);

    let started = Instant::now();
    let app = open(&db, end).await?;
    let file = dir.join("portefeuille.csv");
    std::fs::write(&file, portfolio_csv(o.projects))?;
    app.import_projects(&file, Some(Year::new(2025)?), &who)
        .await?;
    let mut commands = 0usize;
    for i in 0..o.projects {
        let code = format!("P-{i:05}");
        for (year, quarter) in [2024, 2025]
            .into_iter()
            .flat_map(|y| Quarter::ALL.map(|q| (y, q)))
        {
            // One project in five has not reported its third quarter of 2025.
            if i % 5 == 0 && year == 2025 && quarter.value() == 3 {
                continue;
            }
            let y = Year::new(year)?;
            let last = quarter.last_day(year);
            let step = i64::from(quarter.value());
            let notified = 100_000_000 + (i as i64) * 1_000;
            for (kind, amount) in [
                ("notified", notified),
                ("engaged", notified / 5 * step),
                ("liquidated", notified / 8 * step),
            ] {
                let credit = ProjectCredit {
                    kind,
                    amount,
                    source: None,
                    date: Some(last),
                    estimated: false,
                };
                app.record_project_credit(y, &code, credit, &who).await?;
            }
            let percent = (20 * step + (i % 7) as i64).to_string();
            let rate = PhysicalRate {
                percent: &percent,
                date: last,
                note: Some("Situation du trimestre".into()),
                source: None,
                estimated: false,
            };
            app.record_physical_rate(y, &code, rate, &who).await?;
            commands += 4;
        }
    }
    println!(
        "filled in {:.1} s: {} projects, {commands} figures ({:.0} commands/s)",
        started.elapsed().as_secs_f64(),
        o.projects,
        commands as f64 / started.elapsed().as_secs_f64()
    );

    let year = Year::new(2025)?;
    let mid = NaiveDate::from_ymd_opt(2025, 5, 20).unwrap();
    for (label, as_of) in [("as of 31/12/2025", None), ("as of 20/05/2025", Some(mid))] {
        let (mut read, mut json, mut table) = (Vec::new(), Vec::new(), Vec::new());
        let mut lines = 0;
        let mut late = 0;
        for _ in 0..o.runs {
            let t = Instant::now();
            let p = app.project_portfolio(year, as_of, &who).await?;
            read.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(render::projects(&p, Format::Json, Lang::Fr));
            json.push(read.last().copied().unwrap() + t.elapsed());
            let t = Instant::now();
            std::hint::black_box(render::projects(&p, Format::Table, Lang::Fr));
            table.push(read.last().copied().unwrap() + t.elapsed());
            lines = p.projects.len();
            late = p.projects.iter().filter(|l| l.late).count();
        }
        println!(
            "report projects {label}: {lines} projects ({late} late): read {}, with JSON {}, with the terminal table {} (medians of {})",
            ms(median(read)),
            ms(median(json)),
            ms(median(table)),
            o.runs
        );
    }
    app.close().await;
    Ok(())
}
