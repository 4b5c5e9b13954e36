//! `suivi demo`: loads the example data into a fresh database by running
//! each line of the demo script as a suivi command, at the dates its `@`
//! lines give, then prints the report's tables.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;

use super::args::Cli;
use super::dispatch;
use crate::app::{App, AppError, DocumentFormat, Situation};
use crate::clock::{self, Clock, FixedClock, SystemClock};
use crate::config::Settings;
use crate::domain::types::{SessionId, Year};
use crate::report::render::{self, Format};
use crate::text;

/// A clock that follows the script's `@` lines, and the system clock after.
#[derive(Debug)]
struct ScriptClock {
    fixed: FixedClock,
    following: std::sync::atomic::AtomicBool,
}

impl Clock for ScriptClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        if self.following.load(std::sync::atomic::Ordering::Relaxed) {
            self.fixed.now()
        } else {
            SystemClock.now()
        }
    }
}

pub async fn run(mut settings: Settings, script: PathBuf, cli: &Cli) -> Result<String, AppError> {
    let lang = cli.lang;
    if cli.database.is_none() {
        settings.database_url = "demo.db".into();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("demo.db{suffix}"));
        }
    }
    let source = std::fs::read_to_string(&script).map_err(|e| {
        AppError::bad(text!(
            "demo-script-unreadable",
            path = script.display().to_string(),
            error = e.to_string()
        ))
    })?;
    let clock = Arc::new(ScriptClock {
        fixed: FixedClock::new(chrono::Utc::now()),
        following: false.into(),
    });
    let app = App::open(&settings, clock.clone()).await?;
    if app.head_position().await? > 0 {
        return Err(AppError::bad(text!("demo-database-not-empty")));
    }
    let at_line = |n: usize| format!("{}:{}", script.display(), n + 1);
    let mut log = String::new();
    for (n, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `@ 2023-01-27T10:00:00Z`: the following commands are recorded at that time.
        if let Some(at) = line.strip_prefix('@') {
            let at = clock::parse_instant(at).ok_or_else(|| {
                AppError::bad(text!(
                    "demo-date-invalid",
                    location = at_line(n),
                    value = at.trim()
                ))
            })?;
            clock.fixed.set(at);
            clock
                .following
                .store(true, std::sync::atomic::Ordering::Relaxed);
            continue;
        }
        let words = shlex::split(line)
            .ok_or_else(|| AppError::bad(text!("demo-unclosed-quote", location = at_line(n))))?;
        let parsed = Cli::try_parse_from(std::iter::once("suivi".to_string()).chain(words))
            .map_err(|e| {
                AppError::bad(text!(
                    "located",
                    location = at_line(n),
                    message = e.to_string()
                ))
            })?;
        let out = dispatch(&app, parsed).await?;
        log.push_str(&format!("$ suivi {line}\n{out}\n"));
    }
    clock
        .following
        .store(false, std::sync::atomic::Ordering::Relaxed);
    let mut out = String::new();
    if std::env::var_os("SUIVI_DEMO_VERBOSE").is_some() {
        out.push_str(&log);
    }
    let who = crate::app::Actor::operator("demo", None);
    let year = |y| Year::new(y).expect("a year of the example data");
    let session = |s| SessionId::parse(s).expect("a session of the example data");
    for part in [
        render::activities(
            &app.activities_report(year(2023), Situation::NOW, &who)
                .await?,
            Format::Table,
            lang,
        ),
        render::recommendations(
            &app.recommendations_report(&session("2023"), Situation::NOW, &who)
                .await?,
            Format::Table,
            lang,
        ),
        render::finances(
            &app.finances_report(year(2023), Situation::NOW, &who)
                .await?,
            Format::Table,
            lang,
        ),
        render::activities(
            &app.activities_report(year(2024), Situation::NOW, &who)
                .await?,
            Format::Table,
            lang,
        ),
        render::recommendations(
            &app.recommendations_report(&session("2024"), Situation::NOW, &who)
                .await?,
            Format::Table,
            lang,
        ),
        // The sector's projects as the example leaves them, after the third quarter.
        render::projects(
            &app.project_portfolio(
                year(2024),
                chrono::NaiveDate::from_ymd_opt(2024, 10, 20),
                &who,
            )
            .await?,
            Format::Table,
            lang,
        ),
    ] {
        out.push_str(&part);
        out.push_str("\n\n");
    }
    for format in [DocumentFormat::Docx, DocumentFormat::Html] {
        let (bytes, name) = app.annual_document(year(2023), format, lang, &who).await?;
        let path = beside_database(app.database_file(), &name);
        super::write_output(&path, &bytes)?;
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        out.push_str(&text!("annual-written", path = path.display().to_string()).render(lang));
        out.push('\n');
    }
    let database = app.database_shown();
    out.push_str(&text!("demo-done", database = database).render(lang));
    app.close().await;
    Ok(out)
}

/// Where the demo writes the yearly report: beside its SQLite database,
/// else in the current directory.
fn beside_database(file: Option<PathBuf>, name: &str) -> PathBuf {
    match file.as_deref().and_then(std::path::Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(name),
        _ => PathBuf::from(name),
    }
}
