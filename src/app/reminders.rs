//! The daily reminders: what has a deadline (recommendations, revue steps,
//! the harmonized calendar, the plan's activities, the projects' quarters),
//! which structures get a digest on a day per the policy (and which project
//! managers a copy of their lines), and the queuing of those digests in the
//! outbox. Delivery is in `delivery`.
//!
//! (Over 400 lines: gathering the items of every source and laying out the
//! day's digests read best in one place.)

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{App, AppError, Changed};
use crate::config::calendar::CalendarDeadline;
use crate::domain::access::{Action, Actor};
use crate::domain::activity::{Activity, ActivityPlan, ActivityStatus};
use crate::domain::deadline::{Deadline, DeadlineCommand};
use crate::domain::recommendation::Recommendation;
use crate::domain::reminder::{digests, Digest, Item, RecordOn, WorkingDays};
use crate::domain::revue::{Revue, RevueRef};
use crate::domain::types::{StructureCode, Year};
use crate::domain::workflow::RecommendationStatus;
use crate::mail::Composed;
use crate::projections;
use crate::store::outbox::{self, NewMessage, OutboxItem};
use crate::text;

/// The name of the daily reminder job in `scheduler_runs`.
pub const REMINDERS_JOB: &str = "reminders";

/// One structure's digest for a day, as it would be sent; or the copy of
/// its lines that concern a project's manager, sent to the manager alone.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlannedDigest {
    pub digest: Digest,
    pub mail: Composed,
    /// The manager this copy goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
}

/// The digests that would go out on a day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReminderPlan {
    pub day: NaiveDate,
    pub digests: Vec<PlannedDigest>,
}

/// What a reminder run did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReminderRun {
    pub day: NaiveDate,
    pub queued: usize,
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
    /// Where messages went.
    pub via: crate::mail::Via,
}

/// One deadline of the harmonized calendar, with the working day its
/// reminders count from when it falls on a day off.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CalendarEntry {
    pub id: String,
    pub label: String,
    pub from: Option<NaiveDate>,
    pub deadline: NaiveDate,
    pub working_day: NaiveDate,
    pub revue: Option<String>,
    /// The revue's session of the year, with `revue`.
    pub session: Option<u8>,
    pub step: Option<String>,
    #[schema(value_type = Vec<String>)]
    pub structures: Vec<StructureCode>,
    /// The document the date comes from.
    pub source: Option<String>,
    /// The date was worked out, not read in a document: shown as estimated.
    pub estimated: bool,
    /// Its year's calendar was closed before it was met: no longer reminded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}

/// Everything open with a deadline that the caller may see, on a day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpenItems {
    pub today: NaiveDate,
    pub items: Vec<Item>,
}

impl App {
    /// The code of the CPS itself, in charge of revues (`cps` in `config/suivi.toml`).
    pub(super) fn cps_code(&self) -> StructureCode {
        self.settings.cps.clone()
    }

    /// The CPS's name from the directory, or its code.
    pub(super) fn cps_name(&self) -> String {
        self.directory()
            .get(&self.settings.cps)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| self.settings.cps.to_string())
    }

    fn working_days(&self, day: NaiveDate) -> Result<WorkingDays, AppError> {
        Ok(self
            .calendars
            .working_days([day.year() - 1, day.year(), day.year() + 1])?)
    }

    fn calendar_of(&self, year: i32) -> Result<Vec<CalendarDeadline>, AppError> {
        self.calendar_deadlines(year)?
            .ok_or_else(|| AppError::NotFound(text!("calendar-missing", year = year)))
    }

    /// The harmonized calendar of a year: the deadlines the caller may see.
    pub async fn calendar(&self, year: Year, who: &Actor) -> Result<Vec<CalendarEntry>, AppError> {
        self.require(who, Action::ReadRecommendations)?;
        let deadlines = self.calendar_of(year.value())?;
        let days = self
            .working_days(NaiveDate::from_ymd_opt(year.value(), 6, 30).expect("30 June exists"))?;
        let closed: Vec<String> = projections::views::<Deadline>(&self.db, &year.to_string())
            .await?
            .into_iter()
            .filter(|d| d.closed.is_some())
            .filter_map(|d| d.reference)
            .collect();
        Ok(deadlines
            .into_iter()
            .filter(|d| who.sees(&d.structures))
            .map(|d| CalendarEntry {
                closed: closed.contains(&format!("{year}/{}", d.id)),
                working_day: days.on_or_before(d.date),
                revue: d.revue_step.as_ref().map(|(k, _)| k.clone()),
                session: d.revue_step.as_ref().map(|_| d.revue_number),
                step: d.revue_step.as_ref().map(|(_, s)| s.clone()),
                id: d.id,
                label: d.label,
                from: d.from,
                deadline: d.date,
                structures: d.structures,
                source: d.source,
                estimated: d.estimated,
            })
            .collect())
    }

    /// Marks a deadline of the harmonized calendar as met, so that reminders
    /// about it stop. A deadline tied to a revue step is met by completing the step.
    pub async fn meet_deadline(
        &self,
        year: Year,
        id: &str,
        date: NaiveDate,
        document: Option<String>,
        who: &Actor,
    ) -> Result<Changed<Deadline>, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("document", document.as_deref())?;
        let calendar = self.calendar_of(year.value())?;
        let Some(deadline) = calendar.iter().find(|d| d.id == id) else {
            let known = calendar.iter().map(|d| d.id.as_str()).collect::<Vec<_>>();
            return Err(AppError::NotFound(text!(
                "deadline-unknown",
                id = id,
                year = year.value(),
                known = known.join(", ")
            )));
        };
        if let Some((kind, step)) = &deadline.revue_step {
            return Err(AppError::refused(
                None,
                text!(
                    "deadline-is-revue-step",
                    kind = kind.as_str(),
                    step = step.as_str(),
                    year = year.value()
                ),
            ));
        }
        let reference = format!("{year}/{id}");
        let command = DeadlineCommand::Meet {
            reference: reference.clone(),
            date,
            document,
        };
        self.run_one::<Deadline>(reference.clone(), reference, command, &(), who)
            .await
    }

    /// Everything open with a deadline around `day`, for every structure.
    pub(super) async fn items(&self, day: NaiveDate) -> Result<Vec<Item>, AppError> {
        let mut items = Vec::new();
        for r in projections::all::<Recommendation>(&self.db).await? {
            let (Some(id), Some(content), Some(status)) = (&r.id, &r.content, r.status) else {
                continue;
            };
            let workflow = &self.workflows.recommendation;
            let Some(due) = workflow.due(content.due, id.session.year()) else {
                continue;
            };
            if status == RecommendationStatus::Executee || r.carried_to.is_some() {
                continue;
            }
            items.push(Item {
                kind: "recommendation".into(),
                reference: id.aggregate_id(),
                text: content.text.clone(),
                deadline: due.date,
                default_deadline: due.default,
                estimated_deadline: false,
                from: None,
                structures: content.structures.clone(),
                record_on: Some(RecordOn::Recommendation {
                    id: id.aggregate_id(),
                }),
                also_to: Vec::new(),
            });
        }
        items.extend(self.activity_items(day).await?);
        items.extend(self.project_items(day).await?);
        items.extend(self.sector_items(day).await?);
        let revues = projections::all::<Revue>(&self.db).await?;
        let mut calendar = Vec::new();
        for year in [day.year() - 1, day.year(), day.year() + 1] {
            if let Some(d) = self.calendar_deadlines(year)? {
                calendar.extend(d);
            }
        }
        let cps = self.cps_code();
        for revue in &revues {
            let Some(id) = &revue.id else { continue };
            for step in &revue.steps {
                let Some(deadline) = step.deadline else {
                    continue;
                };
                let covered = calendar.iter().any(|c| {
                    c.year == id.year.value()
                        && c.revue_number == id.number
                        && c.revue_step.as_ref() == Some(&(id.kind.clone(), step.id.clone()))
                });
                if step.completed_on.is_some() || covered || self.directory().get(&cps).is_none() {
                    continue;
                }
                items.push(Item {
                    kind: "revue_step".into(),
                    reference: format!("{}/{}", id.aggregate_id(), step.id),
                    text: format!("{} – {} {}", step.label, revue.label, id.year),
                    deadline,
                    default_deadline: false,
                    estimated_deadline: false,
                    from: None,
                    structures: vec![cps.clone()],
                    record_on: Some(RecordOn::RevueStep {
                        revue: id.aggregate_id(),
                        step: step.id.clone(),
                    }),
                    also_to: Vec::new(),
                });
            }
        }
        let met: Vec<String> = projections::all::<Deadline>(&self.db)
            .await?
            .into_iter()
            .filter(|d| d.met_on.is_some() || d.closed.is_some())
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
                let revue_id = Year::new(c.year)
                    .map(|year| {
                        RevueRef {
                            kind: kind.clone(),
                            year,
                            number: c.revue_number,
                        }
                        .aggregate_id()
                    })
                    .unwrap_or_default();
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
            items.push(Item {
                kind: "deadline".into(),
                reference,
                text: c.label.clone(),
                deadline: c.date,
                default_deadline: false,
                estimated_deadline: c.estimated,
                from: c.from,
                structures: c.structures.clone(),
                record_on,
                also_to: Vec::new(),
            });
        }
        Ok(items)
    }

    /// The activities of the plans around `day` still to be done, due on the
    /// last working day of their chronogramme's last month, for their
    /// responsible units (the CPS itself when the plan names none it knows).
    async fn activity_items(&self, day: NaiveDate) -> Result<Vec<Item>, AppError> {
        let mut items = Vec::new();
        let days = self.working_days(day)?;
        for a in projections::all::<Activity>(&self.db).await? {
            let (Some(id), Some(plan)) = (&a.id, &a.plan) else {
                continue;
            };
            if a.status != Some(ActivityStatus::Planned) || a.carried_to.is_some() {
                continue;
            }
            if (id.year.value() - day.year()).abs() > 1 {
                continue;
            }
            let Some(deadline) = plan.deadline(id.year, &days) else {
                continue;
            };
            items.push(Item {
                kind: "activity".into(),
                reference: id.aggregate_id(),
                text: plan.title.clone(),
                from: None,
                deadline,
                default_deadline: false,
                estimated_deadline: plan.months_estimated,
                structures: self.units_of(plan),
                record_on: Some(RecordOn::Activity {
                    id: id.aggregate_id(),
                }),
                also_to: Vec::new(),
            });
        }
        Ok(items)
    }

    /// The structures an activity's plan names responsible, as the directory
    /// reads them; the CPS when it names none it knows.
    pub(super) fn units_of(&self, plan: &ActivityPlan) -> Vec<StructureCode> {
        match self.directory().resolve_list(&plan.responsible) {
            Ok(units) if !units.is_empty() => units,
            _ => vec![self.cps_code()],
        }
    }

    /// Everything open with a deadline that the caller may see, today.
    pub async fn open_items(&self, who: &Actor) -> Result<OpenItems, AppError> {
        self.require(who, Action::ReadRecommendations)?;
        let today = self.today();
        let items = self
            .items(today)
            .await?
            .into_iter()
            .filter(|i| who.sees(&i.structures))
            .collect();
        Ok(OpenItems { today, items })
    }

    /// The open items of one structure (its code as given), for its calendar feed.
    pub async fn structure_feed(
        &self,
        code: &str,
        who: &Actor,
    ) -> Result<super::StructureItems, AppError> {
        let structure = self.visible_structure(code, who)?;
        self.require(who, Action::StructureCalendar(&structure.code))?;
        let items = self
            .items(self.today())
            .await?
            .into_iter()
            .filter(|i| i.structures.contains(&structure.code))
            .collect();
        Ok(super::StructureItems {
            code: structure.code,
            name: structure.name,
            today: self.today(),
            items,
        })
    }

    /// A structure the caller may see. To a focal point, another
    /// structure and an unknown code are the same « not found », without
    /// the directory's codes: it does not learn which exist.
    pub(super) fn visible_structure(
        &self,
        code: &str,
        who: &Actor,
    ) -> Result<crate::config::structures::Structure, AppError> {
        match (self.structure(code), &who.user.structure) {
            (Ok(s), _) if who.sees(std::slice::from_ref(&s.code)) => Ok(s),
            (_, Some(_)) => Err(AppError::NotFound(text!(
                "structure-not-visible",
                code = code
            ))),
            (Ok(_), None) => Err(AppError::Forbidden),
            (Err(e), None) => Err(e),
        }
    }

    /// A structure of the directory, by its code as given.
    pub(super) fn structure(
        &self,
        code: &str,
    ) -> Result<crate::config::structures::Structure, AppError> {
        StructureCode::parse(code)
            .ok()
            .and_then(|c| self.directory().get(&c).cloned())
            .ok_or_else(|| {
                AppError::NotFound(text!(
                    "structure-unknown",
                    code = code,
                    known = self.directory().known_codes()
                ))
            })
    }

    /// The digests that would go out on `day` (default today), to whom:
    /// nothing is sent.
    pub async fn plan_reminders(
        &self,
        day: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<ReminderPlan, AppError> {
        self.require(who, Action::Reminders)?;
        let day = day.unwrap_or_else(|| self.today());
        Ok(ReminderPlan {
            day,
            digests: self.planned(day).await?,
        })
    }

    async fn planned(&self, day: NaiveDate) -> Result<Vec<PlannedDigest>, AppError> {
        let config = self.mail_config()?;
        let items = self.items(day).await?;
        let calendar = self.working_days(day)?;
        let mut planned = Vec::new();
        let directory = self.directory();
        let since = self.following_since().await?;
        for digest in digests(&items, day, &config.settings.policy, &calendar, since) {
            let Some(structure) = directory.get(&digest.structure) else {
                continue;
            };
            let mail = config
                .templates
                .compose(&digest, structure, &config.settings)?;
            // Each project manager gets the lines about its projects, and
            // nothing else of the structure's digest.
            let mut managers: Vec<&String> =
                digest.lines.iter().flat_map(|l| &l.item.also_to).collect();
            managers.sort();
            managers.dedup();
            let mut copies = Vec::new();
            for manager in managers {
                let own = Digest {
                    lines: digest
                        .lines
                        .iter()
                        .filter(|l| l.item.also_to.contains(manager))
                        .cloned()
                        .collect(),
                    ..digest.clone()
                };
                let mut copy = config
                    .templates
                    .compose(&own, structure, &config.settings)?;
                copy.to = vec![manager.clone()];
                copy.cc = Vec::new();
                copies.push(PlannedDigest {
                    digest: own,
                    mail: copy,
                    manager: Some(manager.clone()),
                });
            }
            planned.push(PlannedDigest {
                digest,
                mail,
                manager: None,
            });
            planned.extend(copies);
        }
        Ok(planned)
    }

    /// Queues the digests of `day`; returns how many are new (none when the
    /// day was already queued). Structures without an address are skipped.
    pub(super) async fn enqueue(&self, day: NaiveDate) -> Result<usize, AppError> {
        let planned = self.planned(day).await?;
        let messages: Vec<NewMessage> = planned
            .into_iter()
            .filter(|p| {
                let ok = !p.mail.to.is_empty();
                if !ok {
                    tracing::warn!(structure = %p.digest.structure, "no focal point address: no reminder");
                }
                ok
            })
            .map(|p| NewMessage {
                idempotency_key: match &p.manager {
                    None => format!("reminder/{day}/{}", p.digest.structure),
                    Some(m) => format!("reminder/{day}/{}/{m}", p.digest.structure),
                },
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
        Ok(outbox::enqueue(&self.db, &messages, self.now()).await?)
    }

    /// Queues the digests of `day` (default today) and sends what is due:
    /// running it twice sends nothing new.
    pub async fn run_reminders(
        &self,
        day: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<ReminderRun, AppError> {
        self.require(who, Action::Reminders)?;
        let day = day.unwrap_or_else(|| self.today());
        let queued = self.enqueue(day).await?;
        let d = self.deliver_due(who).await?;
        Ok(ReminderRun {
            day,
            queued,
            sent: d.sent,
            retried: d.retried,
            dead: d.dead,
            via: self.transport()?.via(),
        })
    }
}
