//! The `Activity` aggregate: one activity of a year's action plan (PTA), from
//! planning to execution (or not), its costs, and its carry-over to the next plan.
//!
//! (Over 400 lines: the given/when/then tests of every command and refusal
//! live beside the aggregate, as the model codebases keep them.)

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use chrono::{Datelike, NaiveDate};

use super::reminder::{ReminderSent, WorkingDays};
use super::types::{ActivityCode, Budget, Fcfa, Months, Year};
use super::{Effective, TakesEffect};

/// An activity's identity: its year and code in that year's plan.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct ActivityRef {
    pub year: Year,
    pub code: ActivityCode,
}

impl ActivityRef {
    /// The aggregate id under which its events are stored.
    pub fn aggregate_id(&self) -> String {
        format!("{}:{}", self.year, self.code)
    }
}

impl std::fmt::Display for ActivityRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.aggregate_id())
    }
}

/// What the plan says of an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActivityPlan {
    pub objective: String,
    pub result: String,
    pub title: String,
    pub indicator: String,
    pub budget: Budget,
    pub months: Months,
    /// The months were worked out, not read in the plan (its chronogramme was blank).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub months_estimated: bool,
    pub responsible: String,
}

impl ActivityPlan {
    /// The deadline its chronogramme gives in `year`: the last working day of
    /// its last planned month; none without months.
    pub fn deadline(&self, year: Year, days: &WorkingDays) -> Option<NaiveDate> {
        let last = *self.months.as_slice().last()?;
        let first_of_next = if last == 12 {
            NaiveDate::from_ymd_opt(year.value() + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year.value(), u32::from(last) + 1, 1)?
        };
        let end = first_of_next.pred_opt()?;
        let day = days.on_or_before(end);
        (day.month() == end.month()).then_some(day)
    }
}

/// How far an activity had come on a day, as its unit reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Progress {
    pub date: NaiveDate,
    /// From 0 to 100.
    pub percent: u8,
    pub note: Option<String>,
}

crate::codes! {
    /// Where an activity stands at year end.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
    pub enum ActivityStatus {
        Planned => "planned",
        Executed => "executed",
        NotExecuted => "not_executed",
    }
}

crate::codes! {
    /// A document suivi writes that an activity of the CPS's plan produces.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, utoipa::ToSchema)]
    pub enum DocumentKind {
        /// « Rapport de suivi du plan d'action Y du secteur ».
        SectorFollowUp => "sector_follow_up",
        /// « Plan d'action Y du secteur ».
        SectorPlan => "sector_plan",
    }
}

/// A document of suivi and the year it is of (the sector's plan of 2022
/// for the follow-up report a 2023 activity writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProducedDocument {
    pub kind: DocumentKind,
    pub year: Year,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ActivityCommand {
    /// Puts the activity in the year's plan; repeating it with the same content
    /// changes nothing.
    Plan { id: ActivityRef, plan: ActivityPlan },
    /// Executed, taking effect on `effective`.
    Execute {
        period: Option<String>,
        observation: Option<String>,
        effective: NaiveDate,
    },
    MarkNotExecuted {
        reason: String,
        effective: NaiveDate,
    },
    /// Its costs as they stood on `effective`.
    RecordCost {
        engaged: Fcfa,
        liquidated: Fcfa,
        effective: NaiveDate,
    },
    /// Source side of a carry-over: this activity is reprogrammed as `to`.
    CarryOver { to: ActivityRef },
    /// Target side of a carry-over: this activity continues `from`.
    ContinueFrom { from: ActivityRef },
    /// What was done, how and with whom, for the yearly report (Markdown);
    /// the same text again changes nothing.
    WriteNarrative { markdown: String },
    /// How far it has come on a day; going back needs a note saying why.
    RecordProgress(Progress),
    /// The indicator's target and the value achieved (numbers or text such as
    /// « 2 sessions »); what is not given stays as it was.
    SetIndicator {
        target: Option<String>,
        achieved: Option<String>,
    },
    /// A reminder about its deadline went to its units; the same message
    /// again changes nothing.
    RecordReminder(ReminderSent),
    /// The document of suivi the activity produces (the yearly report
    /// links it from the activity), or none; the same again changes nothing.
    MarkDocument { document: Option<ProducedDocument> },
}

/// Events of an activity; names are stored and never change. Version 2 of
/// an execution, a non-execution and a cost adds the day it took effect
/// (`effective`); version 1 is read with the day it was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ActivityEvent {
    ActivityPlanned {
        id: ActivityRef,
        plan: ActivityPlan,
    },
    ActivityExecuted {
        period: Option<String>,
        observation: Option<String>,
        effective: NaiveDate,
    },
    ActivityNotExecuted {
        reason: String,
        effective: NaiveDate,
    },
    ActivityCostRecorded {
        engaged: Fcfa,
        liquidated: Fcfa,
        effective: NaiveDate,
    },
    ActivityCarriedOver {
        to: ActivityRef,
    },
    ActivityNarrativeWritten {
        markdown: String,
    },
    ActivityContinuedFrom {
        from: ActivityRef,
    },
    ActivityProgressRecorded(Progress),
    ActivityIndicatorSet {
        target: Option<String>,
        achieved: Option<String>,
    },
    ActivityReminderSent(ReminderSent),
    ActivityDocumentMarked {
        document: Option<ProducedDocument>,
    },
}

impl DomainEvent for ActivityEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ActivityPlanned { .. } => "ActivityPlanned",
            Self::ActivityExecuted { .. } => "ActivityExecuted",
            Self::ActivityNotExecuted { .. } => "ActivityNotExecuted",
            Self::ActivityCostRecorded { .. } => "ActivityCostRecorded",
            Self::ActivityCarriedOver { .. } => "ActivityCarriedOver",
            Self::ActivityContinuedFrom { .. } => "ActivityContinuedFrom",
            Self::ActivityNarrativeWritten { .. } => "ActivityNarrativeWritten",
            Self::ActivityProgressRecorded(_) => "ActivityProgressRecorded",
            Self::ActivityIndicatorSet { .. } => "ActivityIndicatorSet",
            Self::ActivityReminderSent(_) => "ActivityReminderSent",
            Self::ActivityDocumentMarked { .. } => "ActivityDocumentMarked",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        match self {
            Self::ActivityExecuted { .. }
            | Self::ActivityNotExecuted { .. }
            | Self::ActivityCostRecorded { .. } => "2",
            _ => "1",
        }
        .to_string()
    }
}

impl Effective for ActivityEvent {
    fn takes_effect(&self) -> TakesEffect {
        match self {
            // The plan and what the report says of the year (indicator
            // values, narratives, typed in January) are the year's whenever
            // they were typed.
            Self::ActivityPlanned { .. }
            | Self::ActivityNarrativeWritten { .. }
            | Self::ActivityIndicatorSet { .. }
            | Self::ActivityDocumentMarked { .. } => TakesEffect::Always,
            // A carry-over is decided when the next plan is drawn up.
            Self::ActivityCarriedOver { .. } | Self::ActivityContinuedFrom { .. } => {
                TakesEffect::WhenRecorded
            }
            Self::ActivityExecuted { effective, .. }
            | Self::ActivityNotExecuted { effective, .. }
            | Self::ActivityCostRecorded { effective, .. } => TakesEffect::On(*effective),
            Self::ActivityProgressRecorded(p) => TakesEffect::On(p.date),
            Self::ActivityReminderSent(r) => TakesEffect::On(r.day),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivityError {
    #[error("activity not in this plan")]
    NotFound,
    #[error("empty narrative")]
    EmptyNarrative,
    #[error("{0} already planned with other content")]
    AlreadyPlanned(ActivityRef),
    #[error("empty title")]
    EmptyTitle,
    #[error("reason required")]
    ReasonRequired,
    #[error("liquidated {liquidated} above engaged {engaged}")]
    LiquidatedAboveEngaged { engaged: Fcfa, liquidated: Fcfa },
    #[error("executed activity cannot be carried over")]
    CarryOverExecuted,
    #[error("carry-over to an earlier year")]
    CarryOverBackwards,
    #[error("already carried over to {0}")]
    AlreadyCarriedOver(ActivityRef),
    #[error("already continues {0}")]
    AlreadyContinues(ActivityRef),
    #[error("progress {0} above 100")]
    PercentAbove100(u8),
    #[error("progress back from {from} to {to} without a note")]
    ProgressBackwards { from: u8, to: u8 },
    #[error("neither a target nor an achieved value")]
    IndicatorEmpty,
    /// A fact dated before the one it follows (its status, its costs): the
    /// tables as of a day read them in the order of their dates.
    #[error("dated {effective}, before the previous one on {previous}")]
    EffectiveBeforePrevious {
        effective: NaiveDate,
        previous: NaiveDate,
    },
}

/// The state of one activity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Activity {
    pub id: Option<ActivityRef>,
    pub plan: Option<ActivityPlan>,
    pub status: Option<ActivityStatus>,
    /// The day its execution or non-execution took effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_on: Option<NaiveDate>,
    pub period: Option<String>,
    pub observation: Option<String>,
    pub engaged: Option<Fcfa>,
    pub liquidated: Option<Fcfa>,
    /// The day its costs stood as recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_on: Option<NaiveDate>,
    pub carried_to: Option<ActivityRef>,
    pub carried_from: Option<ActivityRef>,
    /// What was done, how and with whom, for the yearly report (Markdown).
    #[serde(default)]
    pub narrative: Option<String>,
    /// The progress reported during the year, by date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<Progress>,
    /// The indicator's target, as the plan or the unit sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The indicator's value achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved: Option<String>,
    /// Message ids of the reminders sent about its deadline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<String>,
    /// The document of suivi it produces, linked from the yearly report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produces: Option<ProducedDocument>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Activity {
    fn require_planned(&self) -> Result<&ActivityRef, ActivityError> {
        self.id.as_ref().ok_or(ActivityError::NotFound)
    }

    /// Refuses a fact dated before `previous`, the one it follows.
    fn not_before(previous: Option<NaiveDate>, effective: NaiveDate) -> Result<(), ActivityError> {
        match previous {
            Some(previous) if effective < previous => Err(ActivityError::EffectiveBeforePrevious {
                effective,
                previous,
            }),
            _ => Ok(()),
        }
    }

    /// The last progress reported for a day on or before `day`.
    pub fn progress_on(&self, day: NaiveDate) -> Option<&Progress> {
        self.progress.iter().rev().find(|p| p.date <= day)
    }
}

impl Aggregate for Activity {
    const TYPE: &'static str = "activity";
    type Command = ActivityCommand;
    type Event = ActivityEvent;
    type Error = ActivityError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        use ActivityCommand as C;
        use ActivityEvent as E;
        match command {
            C::Plan { id, plan } => {
                if plan.title.trim().is_empty() {
                    return Err(ActivityError::EmptyTitle);
                }
                if let Some(existing) = &self.plan {
                    return if *existing == plan {
                        Ok(())
                    } else {
                        Err(ActivityError::AlreadyPlanned(id))
                    };
                }
                sink.write(E::ActivityPlanned { id, plan }, self).await;
            }
            C::Execute {
                period,
                observation,
                effective,
            } => {
                self.require_planned()?;
                Self::not_before(self.status_on, effective)?;
                let (period, observation) = (non_empty(period), non_empty(observation));
                let unchanged = self.status == Some(ActivityStatus::Executed)
                    && self.period == period
                    && self.observation == observation
                    && self.status_on == Some(effective);
                if !unchanged {
                    sink.write(
                        E::ActivityExecuted {
                            period,
                            observation,
                            effective,
                        },
                        self,
                    )
                    .await;
                }
            }
            C::MarkNotExecuted { reason, effective } => {
                self.require_planned()?;
                let reason = non_empty(Some(reason)).ok_or(ActivityError::ReasonRequired)?;
                Self::not_before(self.status_on, effective)?;
                let unchanged = self.status == Some(ActivityStatus::NotExecuted)
                    && self.observation.as_deref() == Some(reason.as_str())
                    && self.status_on == Some(effective);
                if !unchanged {
                    sink.write(E::ActivityNotExecuted { reason, effective }, self)
                        .await;
                }
            }
            C::RecordCost {
                engaged,
                liquidated,
                effective,
            } => {
                self.require_planned()?;
                Self::not_before(self.cost_on, effective)?;
                if liquidated > engaged {
                    return Err(ActivityError::LiquidatedAboveEngaged {
                        engaged,
                        liquidated,
                    });
                }
                if self.engaged != Some(engaged)
                    || self.liquidated != Some(liquidated)
                    || self.cost_on != Some(effective)
                {
                    sink.write(
                        E::ActivityCostRecorded {
                            engaged,
                            liquidated,
                            effective,
                        },
                        self,
                    )
                    .await;
                }
            }
            C::CarryOver { to } => {
                let id = self.require_planned()?;
                if to.year <= id.year {
                    return Err(ActivityError::CarryOverBackwards);
                }
                match &self.carried_to {
                    Some(existing) if *existing == to => return Ok(()),
                    Some(existing) => {
                        return Err(ActivityError::AlreadyCarriedOver(existing.clone()))
                    }
                    None => {}
                }
                if self.status == Some(ActivityStatus::Executed) {
                    return Err(ActivityError::CarryOverExecuted);
                }
                sink.write(E::ActivityCarriedOver { to }, self).await;
            }
            C::ContinueFrom { from } => {
                self.require_planned()?;
                match &self.carried_from {
                    Some(existing) if *existing == from => return Ok(()),
                    Some(existing) => {
                        return Err(ActivityError::AlreadyContinues(existing.clone()))
                    }
                    None => {}
                }
                sink.write(E::ActivityContinuedFrom { from }, self).await;
            }
            C::RecordProgress(progress) => {
                self.require_planned()?;
                if progress.percent > 100 {
                    return Err(ActivityError::PercentAbove100(progress.percent));
                }
                let progress = Progress {
                    note: non_empty(progress.note),
                    ..progress
                };
                if self.progress.contains(&progress) {
                    return Ok(());
                }
                if let Some(before) = self.progress_on(progress.date) {
                    if progress.percent < before.percent && progress.note.is_none() {
                        return Err(ActivityError::ProgressBackwards {
                            from: before.percent,
                            to: progress.percent,
                        });
                    }
                }
                sink.write(E::ActivityProgressRecorded(progress), self)
                    .await;
            }
            C::SetIndicator { target, achieved } => {
                self.require_planned()?;
                let (target, achieved) = (non_empty(target), non_empty(achieved));
                if target.is_none() && achieved.is_none() {
                    return Err(ActivityError::IndicatorEmpty);
                }
                let unchanged = target
                    .as_ref()
                    .is_none_or(|t| self.target.as_ref() == Some(t))
                    && achieved
                        .as_ref()
                        .is_none_or(|a| self.achieved.as_ref() == Some(a));
                if !unchanged {
                    sink.write(E::ActivityIndicatorSet { target, achieved }, self)
                        .await;
                }
            }
            C::WriteNarrative { markdown } => {
                self.require_planned()?;
                let markdown = markdown.trim().replace("\r\n", "\n");
                if markdown.is_empty() {
                    return Err(ActivityError::EmptyNarrative);
                }
                if self.narrative.as_deref() != Some(markdown.as_str()) {
                    sink.write(E::ActivityNarrativeWritten { markdown }, self)
                        .await;
                }
            }
            C::MarkDocument { document } => {
                self.require_planned()?;
                if self.produces != document {
                    sink.write(E::ActivityDocumentMarked { document }, self)
                        .await;
                }
            }
            C::RecordReminder(reminder) => {
                self.require_planned()?;
                if !self.reminders.contains(&reminder.message_id) {
                    sink.write(E::ActivityReminderSent(reminder), self).await;
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            ActivityEvent::ActivityPlanned { id, plan } => {
                self.id = Some(id);
                self.plan = Some(plan);
                self.status = Some(ActivityStatus::Planned);
            }
            ActivityEvent::ActivityExecuted {
                period,
                observation,
                effective,
            } => {
                self.status = Some(ActivityStatus::Executed);
                self.status_on = Some(effective);
                self.period = period;
                self.observation = observation;
            }
            ActivityEvent::ActivityNotExecuted { reason, effective } => {
                self.status = Some(ActivityStatus::NotExecuted);
                self.status_on = Some(effective);
                self.period = None;
                self.observation = Some(reason);
            }
            ActivityEvent::ActivityCostRecorded {
                engaged,
                liquidated,
                effective,
            } => {
                self.engaged = Some(engaged);
                self.liquidated = Some(liquidated);
                self.cost_on = Some(effective);
            }
            ActivityEvent::ActivityCarriedOver { to } => self.carried_to = Some(to),
            ActivityEvent::ActivityContinuedFrom { from } => self.carried_from = Some(from),
            ActivityEvent::ActivityNarrativeWritten { markdown } => self.narrative = Some(markdown),
            ActivityEvent::ActivityIndicatorSet { target, achieved } => {
                if target.is_some() {
                    self.target = target;
                }
                if achieved.is_some() {
                    self.achieved = achieved;
                }
            }
            ActivityEvent::ActivityReminderSent(r) => self.reminders.push(r.message_id),
            ActivityEvent::ActivityDocumentMarked { document } => self.produces = document,
            ActivityEvent::ActivityProgressRecorded(progress) => {
                // Kept by date; a later report for the same day comes after.
                let at = self.progress.partition_point(|p| p.date <= progress.date);
                self.progress.insert(at, progress);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    type Tf = TestFramework<Activity>;

    fn aref(year: i32, code: &str) -> ActivityRef {
        ActivityRef {
            year: Year::new(year).unwrap(),
            code: ActivityCode::parse(code).unwrap(),
        }
    }

    fn plan(title: &str) -> ActivityPlan {
        ActivityPlan {
            objective: "1. Planifier".into(),
            result: "1.1. Plans élaborés".into(),
            title: title.into(),
            indicator: "Document disponible".into(),
            budget: Budget::Thousands(4000),
            months: Months::parse("1").unwrap(),
            months_estimated: false,
            responsible: "Unité planification".into(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn planned() -> ActivityEvent {
        ActivityEvent::ActivityPlanned {
            id: aref(2023, "1.1.1"),
            plan: plan("Elaboration du PTA"),
        }
    }

    #[test]
    fn the_chronogramme_gives_the_last_working_day_of_the_last_month() {
        let year = Year::new(2024).unwrap();
        let days = WorkingDays::default();
        let deadline = |months: &str| {
            ActivityPlan {
                months: Months::parse(months).unwrap(),
                ..plan("Organisation des sessions du comité de coordination")
            }
            .deadline(year, &days)
            .map(|d| d.to_string())
        };
        assert_eq!(deadline("1 7").as_deref(), Some("2024-07-31"));
        // 30 June 2024 is a Sunday; 31 August a Saturday.
        assert_eq!(deadline("5-6").as_deref(), Some("2024-06-28"));
        assert_eq!(deadline("8").as_deref(), Some("2024-08-30"));
        assert_eq!(deadline("12").as_deref(), Some("2024-12-31"));
        assert_eq!(deadline(""), None);
    }

    #[test]
    fn planning_records_the_activity_once() {
        Tf::with(())
            .given_no_previous_events()
            .when(ActivityCommand::Plan {
                id: aref(2023, "1.1.1"),
                plan: plan("Elaboration du PTA"),
            })
            .then_expect_events(vec![planned()]);
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::Plan {
                id: aref(2023, "1.1.1"),
                plan: plan("Elaboration du PTA"),
            })
            .then_expect_events(vec![]);
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::Plan {
                id: aref(2023, "1.1.1"),
                plan: plan("Autre chose"),
            })
            .then_expect_error(ActivityError::AlreadyPlanned(aref(2023, "1.1.1")));
    }

    #[test]
    fn an_activity_needs_a_title() {
        Tf::with(())
            .given_no_previous_events()
            .when(ActivityCommand::Plan {
                id: aref(2023, "1.1.1"),
                plan: plan(" "),
            })
            .then_expect_error(ActivityError::EmptyTitle);
    }

    #[test]
    fn execution_is_recorded_with_period_and_observation() {
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::Execute {
                period: Some("27 janvier 2023".into()),
                observation: Some("Rapports disponibles".into()),
                effective: day("2023-01-27"),
            })
            .then_expect_events(vec![ActivityEvent::ActivityExecuted {
                period: Some("27 janvier 2023".into()),
                observation: Some("Rapports disponibles".into()),
                effective: day("2023-01-27"),
            }]);
        // The same execution again changes nothing; a later day corrects
        // its date; an earlier one would reorder the facts, and is refused.
        let executed = ActivityEvent::ActivityExecuted {
            period: None,
            observation: None,
            effective: day("2023-12-20"),
        };
        Tf::with(())
            .given(vec![planned(), executed.clone()])
            .when(ActivityCommand::Execute {
                period: None,
                observation: None,
                effective: day("2023-12-20"),
            })
            .then_expect_events(vec![]);
        Tf::with(())
            .given(vec![planned(), executed.clone()])
            .when(ActivityCommand::Execute {
                period: None,
                observation: None,
                effective: day("2023-12-22"),
            })
            .then_expect_events(vec![ActivityEvent::ActivityExecuted {
                period: None,
                observation: None,
                effective: day("2023-12-22"),
            }]);
        Tf::with(())
            .given(vec![planned(), executed])
            .when(ActivityCommand::MarkNotExecuted {
                reason: "Annulée".into(),
                effective: day("2023-12-15"),
            })
            .then_expect_error(ActivityError::EffectiveBeforePrevious {
                effective: day("2023-12-15"),
                previous: day("2023-12-20"),
            });
    }

    #[test]
    fn commands_on_an_unplanned_activity_are_rejected() {
        Tf::with(())
            .given_no_previous_events()
            .when(ActivityCommand::Execute {
                period: None,
                observation: None,
                effective: day("2023-01-27"),
            })
            .then_expect_error(ActivityError::NotFound);
    }

    #[test]
    fn non_execution_needs_a_reason() {
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::MarkNotExecuted {
                reason: " ".into(),
                effective: day("2023-12-31"),
            })
            .then_expect_error(ActivityError::ReasonRequired);
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::MarkNotExecuted {
                reason: "Contraintes budgétaires".into(),
                effective: day("2023-12-31"),
            })
            .then_expect_events(vec![ActivityEvent::ActivityNotExecuted {
                reason: "Contraintes budgétaires".into(),
                effective: day("2023-12-31"),
            }]);
    }

    #[test]
    fn liquidated_cannot_exceed_engaged() {
        let (e, l) = (Fcfa::new(100).unwrap(), Fcfa::new(200).unwrap());
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::RecordCost {
                engaged: e,
                liquidated: l,
                effective: day("2023-12-31"),
            })
            .then_expect_error(ActivityError::LiquidatedAboveEngaged {
                engaged: e,
                liquidated: l,
            });
    }

    #[test]
    fn carry_over_goes_forward_once_and_not_for_executed_activities() {
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::CarryOver {
                to: aref(2024, "5.1.1"),
            })
            .then_expect_events(vec![ActivityEvent::ActivityCarriedOver {
                to: aref(2024, "5.1.1"),
            }]);
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::CarryOver {
                to: aref(2023, "5.1.1"),
            })
            .then_expect_error(ActivityError::CarryOverBackwards);
        Tf::with(())
            .given(vec![
                planned(),
                ActivityEvent::ActivityExecuted {
                    period: None,
                    observation: None,
                    effective: day("2023-06-30"),
                },
            ])
            .when(ActivityCommand::CarryOver {
                to: aref(2024, "5.1.1"),
            })
            .then_expect_error(ActivityError::CarryOverExecuted);
        Tf::with(())
            .given(vec![
                planned(),
                ActivityEvent::ActivityCarriedOver {
                    to: aref(2024, "5.1.1"),
                },
            ])
            .when(ActivityCommand::CarryOver {
                to: aref(2024, "5.1.2"),
            })
            .then_expect_error(ActivityError::AlreadyCarriedOver(aref(2024, "5.1.1")));
    }

    #[test]
    fn the_target_of_a_carry_over_keeps_its_origin() {
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::ContinueFrom {
                from: aref(2022, "3.1.1"),
            })
            .then_expect_events(vec![ActivityEvent::ActivityContinuedFrom {
                from: aref(2022, "3.1.1"),
            }]);
    }

    #[test]
    fn a_reminder_is_recorded_once_per_message_and_only_on_a_planned_activity() {
        let sent = ReminderSent {
            day: "2024-07-31".parse().unwrap(),
            to: vec!["unite-planification@cps.example.org".into()],
            cc: vec![],
            message_id: "<1@suivi>".into(),
        };
        Tf::with(())
            .given(vec![planned()])
            .when(ActivityCommand::RecordReminder(sent.clone()))
            .then_expect_events(vec![ActivityEvent::ActivityReminderSent(sent.clone())]);
        Tf::with(())
            .given(vec![
                planned(),
                ActivityEvent::ActivityReminderSent(sent.clone()),
            ])
            .when(ActivityCommand::RecordReminder(sent.clone()))
            .then_expect_events(vec![]);
        Tf::with(())
            .given_no_previous_events()
            .when(ActivityCommand::RecordReminder(sent))
            .then_expect_error(ActivityError::NotFound);
    }
}
