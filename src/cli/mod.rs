//! The command line: parses arguments, opens the application, runs one
//! command through it, prints the result in the chosen language, and turns
//! errors into exit codes: 0 success, 2 bad input or not found (nothing
//! changed), 3 conflict (retry), 4 integrity, 1 other failure.

pub mod args;
mod commands;
mod demo;
mod serve;
pub mod service_user;

use std::sync::Arc;

use clap::Parser;

use crate::app::{Actor, App, AppError};
use crate::clock::{self, Clock, FixedClock, SystemClock};
use crate::config::Settings;
use crate::text;
use crate::text::{Lang, Text};
use args::{Cli, Command};

/// Exit codes of the command line.
pub mod exit {
    pub const OK: i32 = 0;
    pub const FAILURE: i32 = 1;
    pub const BAD_INPUT: i32 = 2;
    pub const CONFLICT: i32 = 3;
    pub const INTEGRITY: i32 = 4;
}

/// Runs the command line with the process arguments; returns the exit code.
pub async fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::BAD_INPUT
            } else {
                exit::OK
            };
            let _ = e.print();
            return code;
        }
    };
    let lang = cli.lang;
    match run(cli).await {
        Ok(out) => {
            if !out.is_empty() {
                print_out(&out);
            }
            exit::OK
        }
        Err(e) => report_error(&e, lang),
    }
}

/// Prints a result on the standard output. A reader that stopped reading
/// (`suivi … | head`) is no failure: what it did not read is dropped
/// quietly; any other write error is said on the standard error.
pub fn print_out(out: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("{e}");
        }
        _ => {}
    }
}

/// Prints an error for a person and returns its exit code. A refused input
/// names the option it came from.
pub fn report_error(e: &AppError, lang: Lang) -> i32 {
    let (prefix, message, code) = match e {
        AppError::BadInput { text, field } | AppError::Refused { text, field } => {
            let mut message = text.render(lang);
            if let Some(field) = field {
                let hint = text!("cli-option-hint", option = field.replace('_', "-"));
                message = format!("{message} {}", hint.render(lang));
            }
            ("cli-error", message, exit::BAD_INPUT)
        }
        AppError::NotFound(t) => ("cli-error", t.render(lang), exit::BAD_INPUT),
        AppError::Forbidden => ("cli-error", lang.t("forbidden"), exit::BAD_INPUT),
        AppError::Conflict(t) | AppError::TooManyAttempts(t) | AppError::Busy(t) => {
            ("cli-conflict", t.render(lang), exit::CONFLICT)
        }
        AppError::Integrity(t) => ("cli-integrity", t.render(lang), exit::INTEGRITY),
        AppError::Internal(e) => ("cli-failure", format!("{e:#}"), exit::FAILURE),
    };
    eprintln!("{} {message}", lang.t(prefix));
    code
}

/// The clock of this process: `SUIVI_NOW` when set, else the system's.
fn clock_from_environment() -> Result<Arc<dyn Clock>, AppError> {
    match std::env::var(clock::FIXED_NOW) {
        Ok(at) => {
            let at = clock::parse_instant(&at).ok_or_else(|| {
                AppError::bad(text!(
                    "clock-invalid",
                    variable = clock::FIXED_NOW,
                    value = at
                ))
            })?;
            Ok(Arc::new(FixedClock::new(at)))
        }
        Err(_) => Ok(Arc::new(SystemClock)),
    }
}

/// Who acts at the command line: `--actor`, `SUIVI_ACTOR`, or the system user.
fn actor(cli: &Cli) -> Actor {
    let name = cli.actor.clone().unwrap_or_else(|| {
        ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| Lang::Fr.t("cli-unknown-actor"))
    });
    Actor::operator(name, cli.reason.clone())
}

async fn run(cli: Cli) -> Result<String, AppError> {
    let settings = Settings::load(
        cli.config_dir.clone(),
        cli.workflows_dir.clone(),
        cli.database.clone(),
    )?;
    match &cli.command {
        Command::Demo { script } => return demo::run(settings, script.clone(), &cli).await,
        Command::Serve { listen } => {
            let clock = clock_from_environment()?;
            return serve::run(settings, listen.clone(), clock).await;
        }
        _ => {}
    }
    let app = App::open(&settings, clock_from_environment()?).await?;
    let result = dispatch(&app, cli).await;
    app.close().await;
    result
}

/// `Enregistré (n événement(s)).` or that nothing changed.
fn recorded(events: usize, lang: Lang) -> String {
    match events {
        0 => lang.t("cli-nothing-to-change"),
        n => text!("cli-recorded", events = n).render(lang),
    }
}

/// Runs one parsed command against an open application.
pub async fn dispatch(app: &App, cli: Cli) -> Result<String, AppError> {
    let lang = cli.lang;
    let who = actor(&cli);
    match cli.command {
        Command::Plan(cmd) => commands::records::plan(app, cmd, &who, lang).await,
        Command::Activity(cmd) => commands::records::activity(app, cmd, &who, lang).await,
        Command::Recommendation(cmd) => {
            commands::records::recommendation(app, cmd, &who, lang).await
        }
        Command::Inventory(cmd) => commands::reports::inventory(app, cmd, &who, lang).await,
        Command::Finance(cmd) => commands::records::finance(app, cmd, &who, lang).await,
        Command::Revue(cmd) => commands::records::revue(app, cmd, &who, lang).await,
        Command::Project(cmd) => commands::projects::run(app, cmd, &who, lang).await,
        Command::Sector(cmd) => commands::sector::run(app, cmd, &who, lang).await,
        Command::Report(cmd) => commands::reports::run(app, cmd, &who, lang).await,
        Command::Audit(cmd) => commands::audit::run(app, cmd, &who, lang).await,
        Command::Snapshot(cmd) => commands::audit::snapshot(app, cmd, &who, lang).await,
        Command::Reminders(cmd) => commands::reminders::run(app, cmd, &who, lang).await,
        Command::Calendar(cmd) => commands::reminders::calendar(app, cmd, &who, lang).await,
        Command::User(cmd) => commands::access::user(app, cmd, &who, lang).await,
        Command::Token(cmd) => commands::access::token(app, cmd, &who, lang).await,
        Command::Rebuild => commands::records::rebuild(app, &who, lang).await,
        Command::Log(cmd) => commands::log::log(app, cmd, &who, lang).await,
        Command::Backup { file } => commands::log::backup(app, &file, &who, lang).await,
        Command::Serve { .. } | Command::Demo { .. } => {
            Err(AppError::bad(Text::new("cli-not-in-script")))
        }
    }
}

/// Writes a file the user named (`--output`), or says why it cannot be.
fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), AppError> {
    std::fs::write(path, bytes).map_err(|e| {
        AppError::bad_field(
            "output",
            text!(
                "file-unwritable",
                path = path.display().to_string(),
                error = e.to_string()
            ),
        )
    })
}

/// The text of a file the user names (`--file`); an unreadable one is
/// refused with its path and the reason.
fn read_text(file: &std::path::Path) -> Result<String, AppError> {
    std::fs::read_to_string(file).map_err(|e| {
        AppError::bad_field(
            "file",
            text!(
                "about",
                subject = file.display().to_string(),
                message = text!("file-unreadable", error = e.to_string())
            ),
        )
    })
}
