//! The daily reminder run: gathers what has a deadline (recommendations,
//! revue steps, the harmonized calendar), decides per the policy which
//! structures get a digest that day, queues the digests in the outbox, and
//! delivers the outbox one message at a time.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::app::{Actor, App, AppError, Message};
use crate::config::calendar::{CalendarDeadline, Calendars, ReminderSettings};
use crate::domain::deadline::{Deadline, DeadlineCommand};
use crate::domain::recommendation::{Recommendation, RecommendationCommand};
use crate::domain::reminder::{digests, Digest, Item, RecordOn, ReminderSent, WorkingDays};
use crate::domain::revue::{Revue, RevueCommand};
use crate::domain::types::StructureCode;
use crate::domain::workflow::RecommendationStatus;
use crate::mail::outbox::{self, NewMessage, OutboxItem, OutboxMessage};
use crate::mail::{build_message, long_date, Composed, Templates, Transport};
use crate::projections;
use crate::store::CommandError;

/// The structure in charge of revues: it is reminded of their steps.
const CPS: &str = "CPS/SCI";

/// One structure's digest for a day, as it would be sent.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedDigest {
    pub digest: Digest,
    pub mail: Composed,
}

/// What one delivery step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing is due now.
    Idle,
    Sent {
        id: i64,
    },
    /// The attempt failed; another is scheduled.
    Retry {
        id: i64,
        error: String,
    },
    /// The last attempt failed: the message is a dead letter.
    Dead {
        id: i64,
        error: String,
    },
}

/// Counts of a delivery pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
}

/// The reminder settings and mail templates, read once per application.
pub struct ReminderConfig {
    pub settings: ReminderSettings,
    pub templates: Templates,
}

impl ReminderConfig {
    /// Reads `config/reminders.toml` and `config/templates/`.
    pub fn load(s: &crate::config::Settings) -> Result<ReminderConfig, crate::config::ConfigError> {
        Ok(ReminderConfig {
            settings: ReminderSettings::load(&s.config_dir, s.config_dir_explicit)?,
            templates: Templates::load(&s.config_dir.join("templates"), false)?,
        })
    }
}

/// Reminders of one application.
pub struct Reminders<'a> {
    pub app: &'a App,
    pub settings: ReminderSettings,
    pub calendars: Calendars,
    config: std::sync::Arc<ReminderConfig>,
    transport: Transport,
}

fn config_error(e: crate::config::ConfigError) -> AppError {
    AppError::BadInput(Message::same(e.to_string()))
}

impl<'a> Reminders<'a> {
    /// The application's reminder settings and templates (read once); SMTP
    /// when `smtp_url` is given.
    pub fn new(app: &'a App, smtp_url: Option<&str>) -> Result<Reminders<'a>, AppError> {
        let config = app.reminder_config().map_err(config_error)?;
        let transport = Transport::new(smtp_url, &config.settings.outbox_dir)?;
        Ok(Reminders {
            app,
            calendars: Calendars::new(&app.settings.config_dir),
            settings: config.settings.clone(),
            config,
            transport,
        })
    }

    pub fn transport(&self) -> String {
        self.transport.describe()
    }

    /// Today in the calendar's time zone (Africa/Bamako).
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.settings.timezone).date_naive()
    }

    /// Working days around `day` (its year and the next, for deadlines early in January).
    pub fn working_days(&self, day: NaiveDate) -> Result<WorkingDays, AppError> {
        self.calendars
            .working_days([day.year() - 1, day.year(), day.year() + 1])
            .map_err(config_error)
    }

    /// The harmonized calendar's deadlines of `year`, or an error naming the
    /// missing file.
    pub fn calendar(&self, year: i32) -> Result<Vec<CalendarDeadline>, AppError> {
        match self
            .calendars
            .deadlines(year, &self.app.directory)
            .map_err(config_error)?
        {
            Some(d) => Ok(d),
            None => Err(AppError::BadInput(Message::new(
                format!(
                    "pas de calendrier harmonisé pour {year} : ajoutez config/calendar/{year}.toml"
                ),
                format!("no harmonized calendar for {year}: add config/calendar/{year}.toml"),
            ))),
        }
    }

    /// Marks a deadline of the harmonized calendar as met, so that reminders
    /// about it stop. A deadline tied to a revue step is met by completing the step.
    pub async fn meet_deadline(
        &self,
        year: i32,
        id: &str,
        date: NaiveDate,
        document: Option<String>,
        who: &Actor,
    ) -> Result<usize, AppError> {
        let calendar = self.calendar(year)?;
        let Some(deadline) = calendar.iter().find(|d| d.id == id) else {
            let known = calendar
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(AppError::BadInput(Message::new(
                format!("échéance « {id} » absente du calendrier {year} ; échéances : {known}"),
                format!("deadline \"{id}\" is not in the {year} calendar; deadlines: {known}"),
            )));
        };
        if let Some((kind, step)) = &deadline.revue_step {
            return Err(AppError::BadInput(Message::new(
                format!("cette échéance est l'étape « {step} » de la revue {kind} {year} : suivi revue complete-step --kind {kind} --year {year} --step {step}"),
                format!("this deadline is step \"{step}\" of revue {kind} {year}: suivi revue complete-step --kind {kind} --year {year} --step {step}"),
            )));
        }
        let reference = format!("{year}/{id}");
        let command = DeadlineCommand::Meet {
            reference: reference.clone(),
            date,
            document,
        };
        self.app
            .run_one::<Deadline>(reference.clone(), reference, command, &(), who)
            .await
    }

    /// Everything open with a deadline, as of now.
    pub async fn items(&self, day: NaiveDate) -> Result<Vec<Item>, AppError> {
        let db = &self.app.db;
        let mut items = Vec::new();
        for r in projections::all::<Recommendation>(db).await? {
            let (Some(id), Some(content), Some(status)) = (&r.id, &r.content, r.status) else {
                continue;
            };
            let Some(due) = content.due else { continue };
            if status == RecommendationStatus::Executee || r.carried_to.is_some() {
                continue;
            }
            items.push(Item {
                kind: "recommendation".into(),
                reference: id.aggregate_id(),
                text: content.text.clone(),
                deadline: due,
                structures: content.structures.clone(),
                record_on: Some(RecordOn::Recommendation {
                    id: id.aggregate_id(),
                }),
            });
        }
        let revues = projections::all::<Revue>(db).await?;
        let mut calendar = Vec::new();
        for year in [day.year() - 1, day.year(), day.year() + 1] {
            if let Some(d) = self
                .calendars
                .deadlines(year, &self.app.directory)
                .map_err(config_error)?
            {
                calendar.extend(d);
            }
        }
        let cps = StructureCode::parse(CPS).expect("valid code");
        for revue in &revues {
            let Some(id) = &revue.id else { continue };
            for step in &revue.steps {
                let Some(deadline) = step.deadline else {
                    continue;
                };
                let covered = calendar.iter().any(|c| {
                    c.year == id.year.value()
                        && c.revue_step.as_ref() == Some(&(id.kind.clone(), step.id.clone()))
                });
                if step.completed_on.is_some() || covered || self.app.directory.get(&cps).is_none()
                {
                    continue;
                }
                items.push(Item {
                    kind: "revue_step".into(),
                    reference: format!("{}/{}", id.aggregate_id(), step.id),
                    text: format!("{} – {} {}", step.label, revue.label, id.year),
                    deadline,
                    structures: vec![cps.clone()],
                    record_on: Some(RecordOn::RevueStep {
                        revue: id.aggregate_id(),
                        step: step.id.clone(),
                    }),
                });
            }
        }
        let met: Vec<String> = projections::all::<Deadline>(db)
            .await?
            .into_iter()
            .filter(|d| d.met_on.is_some())
            .filter_map(|d| d.reference)
            .collect();
        for c in calendar {
            let reference = format!("{}/{}", c.year, c.id);
            if met.contains(&reference) {
                continue;
            }
            let mut record_on = Some(RecordOn::Deadline {
                reference: reference.clone(),
            });
            if let Some((kind, step)) = &c.revue_step {
                let revue_id = format!("{kind}/{}", c.year);
                let revue = revues
                    .iter()
                    .find(|r| r.id.as_ref().map(|i| i.aggregate_id()) == Some(revue_id.clone()));
                if let Some(r) = revue {
                    if r.steps
                        .iter()
                        .any(|s| &s.id == step && s.completed_on.is_some())
                    {
                        continue;
                    }
                    record_on = Some(RecordOn::RevueStep {
                        revue: revue_id,
                        step: step.clone(),
                    });
                }
            }
            let text = match c.from {
                Some(from) => format!(
                    "{} (du {} au {})",
                    c.label,
                    long_date(from, crate::i18n::Lang::Fr),
                    long_date(c.date, crate::i18n::Lang::Fr)
                ),
                None => c.label.clone(),
            };
            items.push(Item {
                kind: "deadline".into(),
                reference,
                text,
                deadline: c.date,
                structures: c.structures.clone(),
                record_on,
            });
        }
        Ok(items)
    }

    /// The digests that would go out on `day`, to whom: a dry run.
    pub async fn plan(&self, day: NaiveDate) -> Result<Vec<PlannedDigest>, AppError> {
        let items = self.items(day).await?;
        let calendar = self.working_days(day)?;
        let mut planned = Vec::new();
        for digest in digests(&items, day, &self.settings.policy, &calendar) {
            let Some(structure) = self.app.directory.get(&digest.structure) else {
                continue;
            };
            let mail = self
                .config
                .templates
                .compose(&digest, structure, &self.settings)?;
            planned.push(PlannedDigest { digest, mail });
        }
        Ok(planned)
    }

    /// Queues the digests of `day`; returns how many are new (none when the
    /// day was already queued). Structures without an address are skipped.
    pub async fn enqueue(&self, day: NaiveDate, now: DateTime<Utc>) -> Result<usize, AppError> {
        let planned = self.plan(day).await?;
        let messages: Vec<NewMessage> = planned
            .into_iter()
            .filter(|p| {
                let ok = !p.mail.to.is_empty();
                if !ok {
                    eprintln!(
                        "relances : {} n'a pas d'adresse de point focal ; aucun courrier",
                        p.digest.structure
                    );
                }
                ok
            })
            .map(|p| NewMessage {
                idempotency_key: format!("reminder/{day}/{}", p.digest.structure),
                day,
                structure: p.digest.structure.to_string(),
                to: p.mail.to,
                cc: p.mail.cc,
                subject: p.mail.subject,
                body_text: p.mail.text,
                body_html: p.mail.html,
                items: p
                    .digest
                    .lines
                    .iter()
                    .map(|l| OutboxItem {
                        kind: l.item.kind.clone(),
                        reference: l.item.reference.clone(),
                        deadline: l.item.deadline,
                        days: l.due.days,
                        record_on: l.item.record_on.clone(),
                    })
                    .collect(),
            })
            .collect();
        Ok(outbox::enqueue(&self.app.db, &messages, now).await?)
    }

    /// Claims and sends one due message.
    pub async fn try_execute_task(&self, now: DateTime<Utc>) -> Result<Outcome, AppError> {
        let db = &self.app.db;
        let Some(message) = outbox::claim(db, now, self.settings.lease_seconds).await? else {
            return Ok(Outcome::Idle);
        };
        let built = build_message(
            &self.settings.from,
            &message.to,
            &message.cc,
            &message.subject,
            &message.body_text,
            &message.body_html,
            &message.message_id,
        );
        let result = match built {
            Ok(m) => self.transport.send(m).await,
            Err(e) => Err(format!("message invalide : {e}")),
        };
        match result {
            Ok(()) => {
                self.record_sent(&message).await?;
                outbox::mark_sent(db, message.id, now).await?;
                Ok(Outcome::Sent { id: message.id })
            }
            Err(error) => {
                let s = &self.settings;
                let dead = outbox::mark_failed(
                    db,
                    &message,
                    &error,
                    now,
                    s.retry_base_seconds,
                    s.max_attempts,
                )
                .await?;
                if dead {
                    eprintln!(
                        "relances : courrier {} ({}) au rebut après {} essais : {error}",
                        message.id, message.idempotency_key, message.attempts
                    );
                    Ok(Outcome::Dead {
                        id: message.id,
                        error,
                    })
                } else {
                    eprintln!(
                        "relances : échec de l'envoi du courrier {} (essai {}), nouvel essai prévu : {error}",
                        message.id, message.attempts
                    );
                    Ok(Outcome::Retry {
                        id: message.id,
                        error,
                    })
                }
            }
        }
    }

    /// Sends every message due at `now`, one at a time.
    pub async fn deliver_due(&self, now: DateTime<Utc>) -> Result<Delivery, AppError> {
        let mut d = Delivery::default();
        loop {
            match self.try_execute_task(now).await? {
                Outcome::Idle => return Ok(d),
                Outcome::Sent { .. } => d.sent += 1,
                Outcome::Retry { .. } => d.retried += 1,
                Outcome::Dead { .. } => d.dead += 1,
            }
        }
    }

    /// Records `ReminderSent` on every item of a sent message.
    async fn record_sent(&self, message: &OutboxMessage) -> Result<(), AppError> {
        let db = &self.app.db;
        let who = Actor::new(
            "suivi (relances)",
            Some(format!("Relance du {}", message.day)),
        );
        let day = message
            .day
            .parse()
            .unwrap_or_else(|_| Utc::now().date_naive());
        let sent = ReminderSent {
            day,
            to: message.to.clone(),
            cc: message.cc.clone(),
            message_id: message.message_id.clone(),
        };
        let mut recommendations = Vec::new();
        let mut revues = Vec::new();
        let mut deadlines = Vec::new();
        for item in &message.items {
            match &item.record_on {
                Some(RecordOn::Recommendation { id }) => recommendations.push((
                    id.clone(),
                    RecommendationCommand::RecordReminder(sent.clone()),
                )),
                Some(RecordOn::RevueStep { revue, step }) => revues.push((
                    revue.clone(),
                    RevueCommand::RecordReminder {
                        step: step.clone(),
                        reminder: sent.clone(),
                    },
                )),
                Some(RecordOn::Deadline { reference }) => deadlines.push((
                    reference.clone(),
                    DeadlineCommand::RecordReminder {
                        reference: reference.clone(),
                        reminder: sent.clone(),
                    },
                )),
                None => {}
            }
        }
        let meta = who.metadata(self.app.now());
        let services = self.app.recommendation_services();
        for (id, command) in recommendations {
            record_once(|| {
                db.execute::<Recommendation>(vec![(id.clone(), command.clone())], &services, &meta)
            })
            .await?;
        }
        for (id, command) in revues {
            record_once(|| db.execute::<Revue>(vec![(id.clone(), command.clone())], &(), &meta))
                .await?;
        }
        for (id, command) in deadlines {
            record_once(|| db.execute::<Deadline>(vec![(id.clone(), command.clone())], &(), &meta))
                .await?;
        }
        projections::catch_up(db).await?;
        Ok(())
    }
}

/// Records a reminder on its item, retrying on a concurrent write; an item
/// that no longer accepts it (never opened, since removed) is skipped.
async fn record_once<F, Fut, E>(mut attempt: F) -> Result<(), AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, CommandError<E>>>,
    E: std::error::Error,
{
    for _ in 0..5 {
        match attempt().await {
            Ok(_) | Err(CommandError::Rejected { .. }) => return Ok(()),
            Err(CommandError::Conflict) => continue,
            Err(CommandError::Store(e)) => return Err(AppError::Internal(e)),
        }
    }
    Err(AppError::Conflict(Message::new(
        "relance envoyée mais non inscrite dans l'historique après 5 conflits d'écriture",
        "reminder sent but not recorded in the history after 5 write conflicts",
    )))
}
