//! The application: the one door to suivi. Every use case the command line,
//! the API and the pages offer is one function here; they only parse input,
//! call it and render its result. Only this layer holds the store.
//!
//! Each use case checks the caller's rights (an [`Actor`]), decides through
//! the domain, and records in one transaction; its refusals are values
//! ([`AppError`] with a [`Text`](crate::text::Text)) that each front end
//! phrases.
//!
//! (Just over 400 lines: the `App` itself and the one write path every use case
//! goes through, with its preview and fingerprint variants, kept beside each
//! other.)

mod access;
mod accounts;
mod activities;
mod annual;
mod audit;
mod calendars;
mod delivery;
mod devices;
mod directories;
mod documents;
mod following;
pub mod health;
mod imports;
mod log;
mod login;
mod progress;
mod project_reminders;
mod project_revues;
mod project_sheet;
mod projects;
mod recommendations;
mod refusals;
mod reminders;
mod report_content;
mod reports;
mod revues;
mod scheduling;
mod sector;
mod sector_call;
mod sector_quarters;
mod sector_reminders;
mod submissions;
mod throttle;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::Aggregate;

use crate::clock::{self, Clock};
use crate::config::calendar::Calendars;
use crate::config::structures::Directory;
use crate::config::{workflows, Settings};
use crate::domain::access::Action;
use crate::domain::workflow::{RecommendationWorkflow, Workflows};
use crate::domain::Scoped;
use crate::mail::{Templates, Transport};
use crate::projections;
use crate::store::migrations::SchemaTooNew;
use crate::store::{CommandError, Companion, Db};
use crate::text;

pub use self::access::{NewUser, TokenInfo, SESSION_HOURS};
pub use self::accounts::{AccountInfo, LinkHolder, PasswordLink, LINK_HOURS, SETUP_NAME};
pub use self::annual::{AnnualPage, DocumentFormat};
pub use self::audit::{AnchorSent, Closing, SnapshotList, SnapshotView};
pub use self::calendars::DeadlineInput;
pub use self::delivery::{Delivery, OutboxEntry, Outcome};
pub use self::devices::DEVICE_DAYS;
pub use self::directories::StructureInput;
pub use self::documents::{DocumentFile, Upload, MAX_DOCUMENTS};
pub use self::imports::{Confirmation, ImportPreview, ImportTarget};
pub use self::login::LoggedIn;
pub use self::project_revues::MissionInput;
pub use self::projects::{ArbitrationInput, PhysicalRate, ProjectCredit};
pub use self::recommendations::StatusChange;
pub use self::reminders::{CalendarEntry, OpenItems, PlannedDigest, ReminderPlan, ReminderRun};
pub use self::report_content::SectionText;
pub use self::reports::{Dashboard, Situation, StructureItems};
pub use self::revues::{CreditInput, RevueSummary};
pub use self::submissions::Decision;
pub use crate::domain::access::Actor;
pub use crate::error::AppError;
pub use crate::report::Provenance;
pub use refusals::Refusal;

/// An environment variable that makes a debug build stop right after an
/// event commit: it writes the file it names, then waits to be killed. Used
/// to prove that such a crash loses nothing; release builds ignore it.
pub const FAILPOINT_AFTER_COMMIT: &str = "SUIVI_FAILPOINT_AFTER_COMMIT";

/// How many rows a file had and how many events they produced (0 when the
/// same file is imported again).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ImportOutcome {
    pub rows: usize,
    pub events: usize,
    /// What the rows decided, as a fingerprint of their events.
    #[serde(skip)]
    pub fingerprint: String,
    /// Whether it was written (a preview writes nothing).
    #[serde(skip)]
    pub written: bool,
}

/// What a batch may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Commit<'a> {
    /// Whatever is decided.
    Always,
    /// Nothing: only say what would be.
    Never,
    /// Only what a preview showed: the decision whose fingerprint this is.
    IfUnchanged(&'a str),
}

/// A command's effect: how many events it recorded (0: nothing to change)
/// and the new state of what it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed<T> {
    pub events: usize,
    pub state: T,
}

impl<A: Default> Changed<A> {
    /// What a batch recorded, and the new state of the aggregate `id`.
    fn of(written: crate::store::Written<A>, id: &str) -> Changed<A> {
        let state = written
            .states
            .into_iter()
            .find(|(i, _)| i == id)
            .map(|(_, s)| s)
            .unwrap_or_default();
        Changed {
            events: written.events,
            state,
        }
    }
}

/// The reminder settings and mail templates, read on first use.
struct MailConfig {
    settings: crate::config::reminders::ReminderSettings,
    templates: Templates,
}

/// A running suivi: its configuration, its store and its clock.
pub struct App {
    settings: Settings,
    db: Db,
    /// The directory as shipped (`config/structures.toml`).
    shipped_directory: Directory,
    /// The shipped directory with the changes recorded since.
    directory: std::sync::RwLock<Arc<Directory>>,
    /// The calendars' deadlines set or taken out since the files.
    recorded_calendar: std::sync::RwLock<Arc<calendars::RecordedCalendar>>,
    /// Taken while the directory and calendars are read again: the head of
    /// the log they were last read at.
    refreshing: tokio::sync::Mutex<i64>,
    report_settings: crate::config::report::ReportSettings,
    sector_settings: crate::config::sector::SectorSettings,
    workflows: Workflows,
    recommendation_workflow: Arc<RecommendationWorkflow>,
    calendars: Calendars,
    mail: OnceLock<Result<Arc<MailConfig>, crate::config::ConfigError>>,
    transport: OnceLock<Transport>,
    clock: Arc<dyn Clock>,
    faults: health::Faults,
    /// What the last check of the database found.
    database: std::sync::Mutex<health::DatabaseState>,
    logins: throttle::LoginThrottle,
    /// Signs the device cookies given at a successful login; read from the
    /// database at the first login, not at every start.
    device_key: tokio::sync::OnceCell<devices::DeviceKey>,
    /// Password checks at once (`[login] password_checks`).
    password_checks: Arc<tokio::sync::Semaphore>,
}

impl App {
    /// Reads the configuration, opens the store (applying its migrations),
    /// and projects any event written without its views.
    pub async fn open(settings: &Settings, clock: Arc<dyn Clock>) -> Result<App, AppError> {
        let directory = Directory::load(&settings.config_dir, settings.config_dir_explicit)?;
        let report_settings = crate::config::report::ReportSettings::load(
            &settings.config_dir,
            settings.config_dir_explicit,
        )?;
        let sector_settings = crate::config::sector::SectorSettings::load(
            &settings.config_dir,
            settings.config_dir_explicit,
        )?;
        let workflows = workflows::load(&settings.workflows_dir, settings.workflows_dir_explicit)?;
        let db = Db::open(&settings.database_url).await.map_err(|e| {
            match e.downcast_ref::<SchemaTooNew>() {
                Some(newer) => schema_too_new(newer, &settings.database_url),
                None => AppError::Internal(e),
            }
        })?;
        projections::catch_up(&db).await?;
        // The head first: what is written after it is read at the next refresh.
        let read_at = db.head_position().await?;
        let recorded = directories::recorded(&db, &directory).await?;
        let calendar = calendars::recorded(&db).await?;
        Ok(App {
            settings: settings.clone(),
            db,
            shipped_directory: directory,
            directory: std::sync::RwLock::new(Arc::new(recorded)),
            recorded_calendar: std::sync::RwLock::new(Arc::new(calendar)),
            refreshing: tokio::sync::Mutex::new(read_at),
            report_settings,
            sector_settings,
            recommendation_workflow: Arc::new(workflows.recommendation.clone()),
            workflows,
            calendars: Calendars::new(&settings.config_dir),
            mail: OnceLock::new(),
            transport: OnceLock::new(),
            clock,
            faults: health::Faults::default(),
            // Opened and caught up: it answers, and the tables are complete.
            database: std::sync::Mutex::new(health::DatabaseState {
                reachable: true,
                lag: Some(0),
            }),
            logins: throttle::LoginThrottle::default(),
            device_key: tokio::sync::OnceCell::new(),
            password_checks: Arc::new(tokio::sync::Semaphore::new(
                settings.login.password_checks(),
            )),
        })
    }

    /// Closes the connections to the store.
    pub async fn close(&self) {
        self.db.close().await;
    }

    /// How `serve` speaks HTTP (`[http]` of `suivi.toml`).
    pub fn http_settings(&self) -> &crate::config::HttpSettings {
        &self.settings.http
    }

    /// The current time, from the application's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in Africa/Bamako.
    pub fn today(&self) -> NaiveDate {
        clock::day_of(self.now())
    }

    /// The database as it may be shown: its URL without a password.
    pub fn database_shown(&self) -> String {
        crate::store::redact(&self.settings.database_url)
    }

    /// The SQLite file of the store, when it is one.
    pub fn database_file(&self) -> Option<std::path::PathBuf> {
        crate::store::sqlite_path(&self.settings.database_url).map(std::path::PathBuf::from)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The directory as it stands: the shipped file with the changes
    /// recorded since.
    pub fn directory(&self) -> Arc<Directory> {
        self.directory
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn workflows(&self) -> &Workflows {
        &self.workflows
    }

    /// A short name of the store's backend (`sqlite`, `postgres`).
    pub fn backend(&self) -> &'static str {
        self.db.backend()
    }

    /// Projects events written without their views (by an older version, or
    /// by other means). Returns how many were applied; usually none.
    pub async fn catch_up(&self) -> Result<u64, AppError> {
        let caught = projections::catch_up(&self.db).await?;
        // What another instance changed in the directory or the calendars
        // is used here too.
        self.refresh_recorded().await?;
        Ok(caught)
    }

    /// Whether the database answers, and the position of the last event.
    pub async fn head_position(&self) -> Result<i64, AppError> {
        Ok(self.db.head_position().await?)
    }

    /// How many events the views have not seen yet (0 when ready).
    pub async fn projection_lag(&self) -> Result<i64, AppError> {
        Ok(projections::lag(&self.db).await?)
    }

    /// Rebuilds every view from the events, telling `progress` the count so
    /// far; returns the number of events replayed.
    pub async fn rebuild(
        &self,
        who: &Actor,
        progress: projections::Progress<'_>,
    ) -> Result<u64, AppError> {
        self.require(who, Action::Record)?;
        Ok(projections::rebuild(&self.db, progress).await?)
    }

    /// The total number of events, for a progress bar.
    pub async fn event_count(&self) -> Result<u64, AppError> {
        Ok(self.db.head_position().await?.max(0) as u64)
    }

    /// Refuses unless `who` may do `action`.
    fn require(&self, who: &Actor, action: Action<'_>) -> Result<(), AppError> {
        if who.may(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    fn mail_config(&self) -> Result<Arc<MailConfig>, AppError> {
        self.mail
            .get_or_init(|| {
                let s = &self.settings;
                Ok(Arc::new(MailConfig {
                    settings: crate::config::reminders::ReminderSettings::load(
                        &s.config_dir,
                        s.config_dir_explicit,
                    )?,
                    templates: Templates::load(&s.config_dir.join("templates"), false)?,
                }))
            })
            .clone()
            .map_err(AppError::from)
    }

    /// Where messages go: SMTP when `SUIVI_SMTP_URL` is set, `.eml` files otherwise.
    fn transport(&self) -> Result<&Transport, AppError> {
        if let Some(t) = self.transport.get() {
            return Ok(t);
        }
        let config = self.mail_config()?;
        let t = Transport::new(
            self.settings.smtp_url.as_deref(),
            &config.settings.outbox_dir,
        )
        .map_err(|e| AppError::bad(text!("smtp-url-invalid", error = e.to_string())))?;
        Ok(self.transport.get_or_init(|| t))
    }

    /// Decides and records a batch of commands in one transaction (events,
    /// positions, chain hashes and views). `subject` names an aggregate id
    /// in refusals (a file line, a reference).
    async fn run<A>(
        &self,
        batch: Vec<(String, A::Command)>,
        services: &A::Services,
        who: &Actor,
        subject: impl Fn(&str) -> String,
    ) -> Result<crate::store::Written<A>, AppError>
    where
        A: Aggregate + Scoped,
        A::Error: Refusal,
    {
        let (written, _) = self
            .run_if(batch, services, who, subject, Commit::Always)
            .await?;
        Ok(written)
    }

    /// As [`App::run`], writing only what `commit` allows; says whether it wrote.
    async fn run_if<A>(
        &self,
        batch: Vec<(String, A::Command)>,
        services: &A::Services,
        who: &Actor,
        subject: impl Fn(&str) -> String,
        commit: Commit<'_>,
    ) -> Result<(crate::store::Written<A>, bool), AppError>
    where
        A: Aggregate + Scoped,
        A::Error: Refusal,
    {
        refusals::bounded("reason", who.reason.as_deref())?;
        let (written, wrote) = self
            .db
            .execute_if::<A>(
                batch,
                services,
                &who.metadata(self.now()),
                |changes| match commit {
                    Commit::Always => true,
                    Commit::Never => false,
                    Commit::IfUnchanged(fingerprint) => changes.fingerprint() == fingerprint,
                },
            )
            .await
            .map_err(|e| command_error(e, &subject))?;
        self.settle(wrote && written.events > 0, written.projected)
            .await?;
        Ok((written, wrote))
    }

    /// After a write: the crash tests' stop once something was committed,
    /// and the tables brought up to date when the views were not written
    /// with the events.
    async fn settle(&self, committed: bool, projected: bool) -> Result<(), AppError> {
        if committed {
            failpoint_after_commit().await?;
        }
        if !projected {
            projections::catch_up(&self.db).await?;
        }
        Ok(())
    }

    /// Records the rows of an imported file in one transaction; a refusal
    /// names the file and line of the row.
    async fn run_import<A>(
        &self,
        file: &str,
        rows: Vec<(String, usize, A::Command)>,
        services: &A::Services,
        who: &Actor,
        commit: Commit<'_>,
    ) -> Result<ImportOutcome, AppError>
    where
        A: Aggregate + Scoped,
        A::Error: Refusal,
    {
        let count = rows.len();
        let mut lines = HashMap::new();
        let batch = rows
            .into_iter()
            .map(|(id, line, command)| {
                lines.insert(id.clone(), line);
                (id, command)
            })
            .collect();
        let (written, wrote) = self
            .run_if::<A>(
                batch,
                services,
                who,
                |id| match lines.get(id) {
                    Some(line) => format!("{file}:{line}"),
                    None => id.to_string(),
                },
                commit,
            )
            .await?;
        Ok(ImportOutcome {
            rows: count,
            events: written.events,
            fingerprint: written.fingerprint,
            written: wrote,
        })
    }

    /// Decides and records one command on one aggregate; returns its new state.
    async fn run_one<A>(
        &self,
        id: String,
        subject: String,
        command: A::Command,
        services: &A::Services,
        who: &Actor,
    ) -> Result<Changed<A>, AppError>
    where
        A: Aggregate + Scoped + Clone,
        A::Error: Refusal,
    {
        let written = self
            .run::<A>(vec![(id.clone(), command)], services, who, |_| {
                subject.clone()
            })
            .await?;
        Ok(Changed::of(written, &id))
    }

    /// As [`App::run_one`], writing `companion` (documents kept or
    /// withdrawn) in the same transaction as the events.
    async fn run_one_with<A>(
        &self,
        id: String,
        command: A::Command,
        services: &A::Services,
        who: &Actor,
        companion: Companion<'_>,
    ) -> Result<Changed<A>, AppError>
    where
        A: Aggregate + Scoped + Clone,
        A::Error: Refusal,
    {
        refusals::bounded("reason", who.reason.as_deref())?;
        let metadata = who.metadata(self.now());
        let written = self
            .db
            .execute_with::<A>(vec![(id.clone(), command)], services, &metadata, companion)
            .await
            .map_err(|e| command_error(e, |i| i.to_string()))?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("documents refused their rows")))?;
        self.settle(written.events > 0, written.projected).await?;
        Ok(Changed::of(written, &id))
    }
}

/// A database written by a newer version: refused, saying what to restore.
fn schema_too_new(newer: &SchemaTooNew, url: &str) -> AppError {
    let text = match &newer.copy {
        Some(copy) => text!(
            "schema-too-new-copy",
            found = newer.found,
            known = newer.known,
            copy = copy.display().to_string()
        ),
        None if crate::store::sqlite_path(url).is_some() => {
            text!("schema-too-new", found = newer.found, known = newer.known)
        }
        None => text!(
            "schema-too-new-postgres",
            found = newer.found,
            known = newer.known
        ),
    };
    AppError::refused(Some("database"), text)
}

/// A command's failure as the application says it: a refusal about
/// `subject(id)`, a conflict, or a fault of the store.
pub(crate) fn command_error<E: Refusal + std::error::Error>(
    e: CommandError<E>,
    subject: impl Fn(&str) -> String,
) -> AppError {
    match e {
        CommandError::Rejected { id, error } => error.refusal(&subject(&id)),
        CommandError::Conflict => AppError::Conflict(text!("write-conflict")),
        CommandError::Store(e) => AppError::Internal(e),
    }
}

/// For the crash tests: with `SUIVI_FAILPOINT_AFTER_COMMIT` set, the process
/// stops right after a commit, as if it died there. Only in debug builds
/// (those the tests run); a release binary has no such switch.
#[cfg(debug_assertions)]
async fn failpoint_after_commit() -> Result<(), AppError> {
    if let Ok(marker) = std::env::var(FAILPOINT_AFTER_COMMIT) {
        std::fs::write(&marker, b"committed")
            .map_err(|e| AppError::Internal(anyhow::anyhow!("while writing {marker}: {e}")))?;
        tokio::time::sleep(std::time::Duration::from_secs(300)).await;
    }
    Ok(())
}

#[cfg(not(debug_assertions))]
async fn failpoint_after_commit() -> Result<(), AppError> {
    Ok(())
}
