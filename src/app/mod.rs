//! The application: what each use case does, on top of the domain, the store,
//! the projections and the configuration. The command line (and any other
//! front end) only parses input, calls these and prints results.

pub mod messages;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::Aggregate;

use crate::config::structures::Directory;
use crate::config::{workflows, Settings};
use crate::domain::activity::{Activity, ActivityCommand, ActivityRef};
use crate::domain::finance::{BudgetLine, CreditKind, Credits, CreditsCommand};
use crate::domain::recommendation::{
    Recommendation, RecommendationCommand, RecommendationContent, RecommendationRef,
};
use crate::domain::revue::{Revue, RevueCommand, RevueRef};
use crate::domain::types::{ActivityCode, Fcfa, SessionId, Year};
use crate::domain::workflow::{RecommendationStatus, RecommendationWorkflow, Workflows};
use crate::domain::EventMetadata;
use crate::import::{self, ImportErrors, Table};
use crate::projections;
use crate::report::{ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::store::{CommandError, Db};
pub use messages::{Explain, Message};

/// Why a use case did not complete.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; nothing was changed.
    #[error("{}", .0.fr)]
    BadInput(Message),
    /// Someone else changed the same thing at the same time; retrying may work.
    #[error("{}", .0.fr)]
    Conflict(Message),
    /// The stored history or a snapshot does not verify.
    #[error("{}", .0.fr)]
    Integrity(Message),
    /// Anything else: database unreachable, disk full, a bug.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<ImportErrors> for AppError {
    fn from(e: ImportErrors) -> Self {
        let fr = e.to_string();
        let en = fr.replace("Rien n'a été importé.", "Nothing was imported.");
        AppError::BadInput(Message::new(fr, en))
    }
}

fn bad(fr: impl Into<String>, en: impl Into<String>) -> AppError {
    AppError::BadInput(Message::new(fr, en))
}

/// Who is acting, why, and under which request id: the metadata of the events
/// a use case records.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub reason: Option<String>,
    pub correlation_id: String,
}

impl Actor {
    pub fn new(name: impl Into<String>, reason: Option<String>) -> Self {
        Self {
            name: name.into(),
            reason: reason.filter(|r| !r.trim().is_empty()),
            correlation_id: uuid::Uuid::new_v4().to_string(),
        }
    }
    pub fn metadata(&self, now: DateTime<Utc>) -> EventMetadata {
        EventMetadata {
            actor: self.name.clone(),
            reason: self.reason.clone(),
            recorded_at: now,
            correlation_id: self.correlation_id.clone(),
        }
    }
}

/// How many rows a file had and how many events they produced (0 when the
/// same file is imported again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOutcome {
    pub rows: usize,
    pub events: usize,
}

/// An environment variable that makes the process stop right after an event
/// commit and before the projections catch up: it writes the file it names,
/// then waits to be killed. Used to prove that such a crash loses nothing.
pub const FAILPOINT_AFTER_COMMIT: &str = "SUIVI_FAILPOINT_AFTER_COMMIT";

/// An environment variable that fixes the clock (`2024-03-01T10:00:00Z`):
/// events are then recorded at that time. For demonstrations and tests of
/// dated behaviour; unset in production.
pub const CLOCK: &str = "SUIVI_NOW";

/// A running suivi: the store, the structures and the workflows.
pub struct App {
    pub settings: Settings,
    pub db: Db,
    pub directory: Directory,
    pub workflows: Workflows,
    recommendation_workflow: Arc<RecommendationWorkflow>,
    fixed_now: std::sync::RwLock<Option<DateTime<Utc>>>,
    reminder_config: std::sync::OnceLock<
        Result<Arc<crate::reminders::ReminderConfig>, crate::config::ConfigError>,
    >,
}

impl App {
    /// Reads the configuration, opens the store, and brings the projections up to date.
    pub async fn open(settings: &Settings) -> Result<App, AppError> {
        let config_error =
            |e: crate::config::ConfigError| AppError::BadInput(Message::same(e.to_string()));
        let directory = Directory::load(&settings.config_dir, settings.config_dir_explicit)
            .map_err(config_error)?;
        let workflows = workflows::load(&settings.workflows_dir, settings.workflows_dir_explicit)
            .map_err(config_error)?;
        let fixed_now = match std::env::var(CLOCK) {
            Ok(t) => Some(
                DateTime::parse_from_rfc3339(&t)
                    .map_err(|_| {
                        bad(
                            format!("{CLOCK} « {t} » invalide : attendu AAAA-MM-JJTHH:MM:SSZ"),
                            format!("{CLOCK} \"{t}\" is invalid: expected YYYY-MM-DDTHH:MM:SSZ"),
                        )
                    })?
                    .with_timezone(&Utc),
            ),
            Err(_) => None,
        };
        let db = Db::open(&settings.database_url).await?;
        projections::catch_up(&db).await?;
        Ok(App {
            settings: settings.clone(),
            db,
            directory,
            recommendation_workflow: Arc::new(workflows.recommendation.clone()),
            workflows,
            fixed_now: std::sync::RwLock::new(fixed_now),
            reminder_config: std::sync::OnceLock::new(),
        })
    }

    /// The reminder settings and mail templates, read on first use.
    pub fn reminder_config(
        &self,
    ) -> Result<Arc<crate::reminders::ReminderConfig>, crate::config::ConfigError> {
        self.reminder_config
            .get_or_init(|| crate::reminders::ReminderConfig::load(&self.settings).map(Arc::new))
            .clone()
    }

    /// The current time: the clock, or the time fixed by `SUIVI_NOW`.
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed_now
            .read()
            .ok()
            .and_then(|t| *t)
            .unwrap_or_else(Utc::now)
    }

    /// Fixes the clock (`None`: the system clock again), as `SUIVI_NOW` does.
    pub fn set_clock(&self, at: Option<DateTime<Utc>>) {
        if let Ok(mut t) = self.fixed_now.write() {
            *t = at;
        }
    }

    /// What exported tables rest on: the day of the situation and the chain head.
    pub async fn provenance(
        &self,
        as_of: Option<NaiveDate>,
        lang: crate::i18n::Lang,
    ) -> Result<crate::report::xlsx::Provenance, AppError> {
        use crate::audit;
        Ok(match as_of {
            Some(day) => crate::report::xlsx::Provenance {
                as_of: format!(
                    "{} {} 23:59:59 (Africa/Bamako)",
                    lang.pick("situation au", "as of"),
                    day.format("%d/%m/%Y")
                ),
                head: audit::head_as_of(&self.db, audit::end_of_day(day))
                    .await?
                    .to_string(),
            },
            None => crate::report::xlsx::Provenance {
                as_of: format!(
                    "{} {} (Africa/Bamako)",
                    lang.pick("situation au", "as of"),
                    self.now()
                        .with_timezone(&audit::TIMEZONE)
                        .format("%d/%m/%Y %H:%M")
                ),
                head: crate::store::chain::head(&self.db).await?.to_string(),
            },
        })
    }

    /// What recommendations consult to decide: the workflow.
    pub fn recommendation_services(&self) -> Arc<RecommendationWorkflow> {
        self.recommendation_workflow.clone()
    }

    /// Decides and records a batch of commands, then updates the projections.
    /// `subject` names an aggregate id in messages (a file line, a reference).
    async fn run<A>(
        &self,
        batch: Vec<(String, A::Command)>,
        services: &A::Services,
        who: &Actor,
        subject: impl Fn(&str) -> String,
    ) -> Result<usize, AppError>
    where
        A: Aggregate + crate::domain::Scoped,
        A::Error: Explain,
    {
        let written = self
            .db
            .execute::<A>(batch, services, &who.metadata(self.now()))
            .await
            .map_err(|e| match e {
                CommandError::Rejected { id, error } => AppError::BadInput(error.message().about(&subject(&id))),
                CommandError::Conflict => AppError::Conflict(Message::new(
                    "une autre écriture a modifié les mêmes données au même moment ; relancez la commande",
                    "another write changed the same data at the same time; run the command again",
                )),
                CommandError::Store(e) => AppError::Internal(e),
            })?;
        if written > 0 {
            if let Ok(marker) = std::env::var(FAILPOINT_AFTER_COMMIT) {
                std::fs::write(&marker, b"committed")
                    .context("while writing the failpoint marker")?;
                tokio::time::sleep(std::time::Duration::from_secs(300)).await;
            }
        }
        projections::catch_up(&self.db).await?;
        Ok(written)
    }

    /// Records the rows of an imported file in one transaction; a refusal
    /// names the file and line of the row.
    async fn run_import<A>(
        &self,
        file: &str,
        rows: Vec<(String, usize, A::Command)>,
        services: &A::Services,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError>
    where
        A: Aggregate + crate::domain::Scoped,
        A::Error: Explain,
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
        let events = self
            .run::<A>(batch, services, who, |id| match lines.get(id) {
                Some(line) => format!("{file}:{line}"),
                None => id.to_string(),
            })
            .await?;
        Ok(ImportOutcome {
            rows: count,
            events,
        })
    }

    /// Decides and records one command on one aggregate; refusals are
    /// reported about `subject`.
    pub async fn run_one<A>(
        &self,
        id: String,
        subject: String,
        command: A::Command,
        services: &A::Services,
        who: &Actor,
    ) -> Result<usize, AppError>
    where
        A: Aggregate + crate::domain::Scoped,
        A::Error: Explain,
    {
        self.run::<A>(vec![(id, command)], services, who, |_| subject.clone())
            .await
    }

    // ----- Activities -----

    /// Imports a year's plan from a CSV or XLSX file: every row or none.
    pub async fn import_plan(
        &self,
        path: &Path,
        year: Year,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.import_plan_table(&Table::read(path)?, year, who).await
    }

    /// Imports a plan already read as a table (an upload, say).
    pub async fn import_plan_table(
        &self,
        table: &Table,
        year: Year,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        let rows = import::plan::parse(table, year)?
            .into_iter()
            .map(|r| {
                let command = ActivityCommand::Plan {
                    id: r.id.clone(),
                    plan: r.plan,
                };
                (r.id.aggregate_id(), r.line, command)
            })
            .collect();
        self.run_import::<Activity>(&table.file, rows, &(), who)
            .await
    }

    async fn activity_command(
        &self,
        id: ActivityRef,
        command: ActivityCommand,
        who: &Actor,
    ) -> Result<usize, AppError> {
        self.run_one::<Activity>(id.aggregate_id(), id.to_string(), command, &(), who)
            .await
    }

    pub async fn execute_activity(
        &self,
        id: ActivityRef,
        period: Option<String>,
        observation: Option<String>,
        who: &Actor,
    ) -> Result<usize, AppError> {
        self.activity_command(
            id,
            ActivityCommand::Execute {
                period,
                observation,
            },
            who,
        )
        .await
    }

    pub async fn activity_not_executed(
        &self,
        id: ActivityRef,
        reason: String,
        who: &Actor,
    ) -> Result<usize, AppError> {
        self.activity_command(id, ActivityCommand::MarkNotExecuted { reason }, who)
            .await
    }

    pub async fn activity_cost(
        &self,
        id: ActivityRef,
        engaged: Fcfa,
        liquidated: Fcfa,
        who: &Actor,
    ) -> Result<usize, AppError> {
        self.activity_command(
            id,
            ActivityCommand::RecordCost {
                engaged,
                liquidated,
            },
            who,
        )
        .await
    }

    /// Carries an activity over to a later plan: the target is created from
    /// the source when missing, and both keep the link, in one transaction.
    pub async fn carry_over_activity(
        &self,
        from: ActivityRef,
        to_year: Year,
        to_code: Option<ActivityCode>,
        who: &Actor,
    ) -> Result<ActivityRef, AppError> {
        let to = ActivityRef {
            year: to_year,
            code: to_code.unwrap_or_else(|| from.code.clone()),
        };
        let (source, _) = self.db.load::<Activity>(&from.aggregate_id()).await?;
        let Some(plan) = source.plan else {
            return Err(bad(
                format!("{from} : l'activité n'existe pas dans ce plan"),
                format!(
                    "activity {} of the {} plan: not found",
                    from.code, from.year
                ),
            ));
        };
        let (target, _) = self.db.load::<Activity>(&to.aggregate_id()).await?;
        let mut batch = Vec::new();
        if target.plan.is_none() {
            batch.push((
                to.aggregate_id(),
                ActivityCommand::Plan {
                    id: to.clone(),
                    plan,
                },
            ));
        }
        batch.push((
            to.aggregate_id(),
            ActivityCommand::ContinueFrom { from: from.clone() },
        ));
        batch.push((
            from.aggregate_id(),
            ActivityCommand::CarryOver { to: to.clone() },
        ));
        self.run::<Activity>(batch, &(), who, |id| id.to_string())
            .await?;
        Ok(to)
    }

    // ----- Recommendations -----

    /// Imports a session's recommendations from a CSV or XLSX file: every row or none.
    pub async fn import_recommendations(
        &self,
        path: &Path,
        session: &SessionId,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.import_recommendations_table(&Table::read(path)?, session, who)
            .await
    }

    /// Imports recommendations already read as a table (an upload, say).
    pub async fn import_recommendations_table(
        &self,
        table: &Table,
        session: &SessionId,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        let rows = import::recommendations::parse(table, session, &self.directory)?
            .into_iter()
            .map(|r| {
                let command = RecommendationCommand::Formulate {
                    id: r.id.clone(),
                    content: r.content,
                };
                (r.id.aggregate_id(), r.line, command)
            })
            .collect();
        self.run_import::<Recommendation>(&table.file, rows, &self.recommendation_workflow, who)
            .await
    }

    /// Parses a comma-separated list of structure codes against the directory.
    pub fn structures(
        &self,
        list: &str,
    ) -> Result<Vec<crate::domain::types::StructureCode>, AppError> {
        self.directory.resolve_list(list).map_err(|e| {
            bad(
                e.to_string(),
                format!(
                    "unknown structure \"{}\"; known structures: {}",
                    e.code, e.known
                ),
            )
        })
    }

    pub async fn add_recommendation(
        &self,
        id: RecommendationRef,
        content: RecommendationContent,
        who: &Actor,
    ) -> Result<usize, AppError> {
        let (aggregate, subject) = (id.aggregate_id(), id.aggregate_id());
        let command = RecommendationCommand::Formulate { id, content };
        self.run_one::<Recommendation>(
            aggregate,
            subject,
            command,
            &self.recommendation_workflow,
            who,
        )
        .await
    }

    pub async fn set_recommendation_status(
        &self,
        id: RecommendationRef,
        to: RecommendationStatus,
        comment: Option<String>,
        evidence: Option<String>,
        who: &Actor,
    ) -> Result<usize, AppError> {
        let command = RecommendationCommand::ChangeStatus {
            to,
            comment,
            evidence,
        };
        let services = &self.recommendation_workflow;
        self.run_one::<Recommendation>(id.aggregate_id(), id.aggregate_id(), command, services, who)
            .await
    }

    /// Carries a recommendation over to a later session under a new number,
    /// optionally reworded; both keep the link, in one transaction.
    pub async fn carry_over_recommendation(
        &self,
        from: RecommendationRef,
        to: RecommendationRef,
        text: Option<String>,
        who: &Actor,
    ) -> Result<usize, AppError> {
        let (source, _) = self.db.load::<Recommendation>(&from.aggregate_id()).await?;
        let Some(mut content) = source.content else {
            return Err(bad(
                format!("{} : la recommandation n'existe pas", from.aggregate_id()),
                format!("{}: the recommendation does not exist", from.aggregate_id()),
            ));
        };
        if let Some(text) = text {
            content.text = text;
        }
        let (target, _) = self.db.load::<Recommendation>(&to.aggregate_id()).await?;
        let mut batch = Vec::new();
        if target.content.is_none() {
            batch.push((
                to.aggregate_id(),
                RecommendationCommand::Formulate {
                    id: to.clone(),
                    content,
                },
            ));
        }
        batch.push((
            to.aggregate_id(),
            RecommendationCommand::ContinueFrom { from: from.clone() },
        ));
        batch.push((from.aggregate_id(), RecommendationCommand::CarryOver { to }));
        self.run::<Recommendation>(batch, &self.recommendation_workflow, who, |id| {
            id.to_string()
        })
        .await
    }

    // ----- Finances -----

    pub async fn record_credit(
        &self,
        year: Year,
        line: BudgetLine,
        kind: CreditKind,
        amount: Fcfa,
        who: &Actor,
    ) -> Result<usize, AppError> {
        let command = CreditsCommand::Record {
            year,
            line,
            kind,
            amount,
        };
        let subject = format!("crédits {year}");
        self.run_one::<Credits>(Credits::aggregate_id(year), subject, command, &(), who)
            .await
    }

    // ----- Revues -----

    /// The session at which a revue formulates its recommendations, unless given:
    /// the year for the Comité de Coordination, `kind-year` otherwise.
    pub fn default_session(kind: &str, year: Year) -> SessionId {
        let s = if kind == "comite_coordination" {
            year.to_string()
        } else {
            format!("{kind}-{year}")
        };
        SessionId::parse(&s).expect("kinds are identifiers")
    }

    pub async fn open_revue(
        &self,
        kind: &str,
        year: Year,
        session: Option<SessionId>,
        who: &Actor,
    ) -> Result<RevueRef, AppError> {
        let Some(def) = self.workflows.revue_kind(kind) else {
            let known = self
                .workflows
                .revues
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            return Err(bad(
                format!("type de revue « {kind} » inconnu ; types connus : {known}"),
                format!("unknown kind of revue \"{kind}\"; known kinds: {known}"),
            ));
        };
        let id = RevueRef {
            kind: kind.to_string(),
            year,
        };
        let session = session.unwrap_or_else(|| Self::default_session(kind, year));
        let command = RevueCommand::Open {
            kind: def.clone(),
            year,
            session,
        };
        self.run_one::<Revue>(id.aggregate_id(), id.aggregate_id(), command, &(), who)
            .await?;
        Ok(id)
    }

    pub async fn complete_revue_step(
        &self,
        id: RevueRef,
        step: String,
        date: NaiveDate,
        document: Option<String>,
        who: &Actor,
    ) -> Result<usize, AppError> {
        let command = RevueCommand::CompleteStep {
            step,
            date,
            document,
        };
        self.run_one::<Revue>(id.aggregate_id(), id.aggregate_id(), command, &(), who)
            .await
    }

    /// The revues of a year with the number of recommendations of their session.
    pub async fn revues(&self, year: Year) -> Result<Vec<(Revue, usize)>, AppError> {
        let revues: Vec<Revue> = projections::views(&self.db, &year.to_string()).await?;
        let mut out = Vec::new();
        for r in revues {
            let n = match &r.session {
                Some(s) => projections::views::<Recommendation>(&self.db, s.as_str())
                    .await?
                    .len(),
                None => 0,
            };
            out.push((r, n));
        }
        Ok(out)
    }

    // ----- Reports -----

    pub async fn report_activities(&self, year: Year) -> Result<ActivitiesReport, AppError> {
        let activities: Vec<Activity> = projections::views(&self.db, &year.to_string()).await?;
        Ok(ActivitiesReport::new(year, &activities))
    }

    pub async fn report_recommendations(
        &self,
        session: &SessionId,
    ) -> Result<RecommendationsReport, AppError> {
        let recs: Vec<Recommendation> = projections::views(&self.db, session.as_str()).await?;
        if recs.is_empty() {
            let known = projections::scopes(&self.db, Recommendation::TYPE)
                .await?
                .join(", ");
            let known = if known.is_empty() {
                "aucune".to_string()
            } else {
                known
            };
            return Err(bad(
                format!("session « {session} » inconnue : aucune recommandation ; sessions connues : {known}"),
                format!("unknown session \"{session}\": no recommendations; known sessions: {}", known.replace("aucune", "none")),
            ));
        }
        Ok(RecommendationsReport::new(session.as_str(), &recs))
    }

    pub async fn report_finances(&self, year: Year) -> Result<FinancesReport, AppError> {
        let credits: Option<Credits> =
            projections::view(&self.db, &Credits::aggregate_id(year)).await?;
        Ok(FinancesReport::new(year, credits.as_ref()))
    }

    /// Rebuilds every projection from the events; returns the number of events replayed.
    pub async fn rebuild(&self) -> Result<u64, AppError> {
        Ok(projections::rebuild(&self.db).await?)
    }
}
