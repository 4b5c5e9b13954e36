//! The sector's plan of a year (PTA du secteur): the CPS's call to the
//! sector's structures (`SectorCall`: the structures called, the deadline,
//! the codes of the activities approved, numbered by objective, and the
//! plan's validation once compiled) and each structure's proposal
//! (`SectorProposal`: the activities of its canevas, replaced whole by each
//! draft or upload). A proposal is handed in, returned, approved and
//! reopened through the cycle of [`super::submission::Submission`] (subject
//! `sector_plan`), as the projects' quarters are.
//!
//! (Over 400 lines: the call's rules for the activities' codes, which the
//! proposal's approval relies on, stand beside it with their given/when/then
//! tests, a third of the file.)

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::types::{Budget, Months, Quarter, StructureCode, Year};
use super::{Effective, TakesEffect};

/// One activity a structure proposes, as its canevas writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SectorActivity {
    /// The sector's objective it serves, as written.
    pub objective: String,
    pub result: String,
    pub title: String,
    pub indicator: String,
    /// The indicator's target.
    pub target: String,
    /// Thousands of F CFA, or PM.
    pub budget: Budget,
    /// Its source of financing, as written (`BSI`, `Fonctionnement`, `PTF`).
    pub source: String,
    pub months: Months,
    /// The unit of the structure responsible for it.
    pub responsible: String,
    /// Worked out rather than read in a document (an example's activity).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

/// How and by whom the compiled plan was validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Validation {
    pub on: NaiveDate,
    /// « par échanges de courriers électroniques et d'entretiens téléphoniques ».
    pub how: String,
    /// Who validated it: the structures, a committee.
    pub by: String,
}

/// How an objective (or a source) is compared: no case, no accents,
/// single spaces.
pub fn objective_key(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One of the sector's objectives as the configuration sets them for a
/// call: numbered by their order, each linked to the national frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SectorObjective {
    pub title: String,
    /// What it serves in the national frame (an axis of the CREDD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
    /// An example, not read in a document.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

crate::codes! {
    /// How often the structures report the plan's execution: each quarter,
    /// or once for the year (as the seed's « rapport de suivi du plan
    /// d'action 2022 du secteur »), filed as its last quarter.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, utoipa::ToSchema)]
    pub enum SectorPeriod {
        #[default]
        Quarter => "quarter",
        Year => "year",
    }
}

impl SectorPeriod {
    /// The quarters whose execution is reported: each, or the last alone.
    pub fn quarters(self) -> &'static [Quarter] {
        match self {
            SectorPeriod::Quarter => &Quarter::ALL,
            SectorPeriod::Year => std::slice::from_ref(&Quarter::LAST),
        }
    }
}

/// Which of `titles` (numbered from 1) a canevas means by `written`: the
/// same title (no case, no accents), its number (`2`, `Objectif 2`, `OS 2`),
/// or its number and title (`2. Améliorer…`, `2 - Améliorer…`).
pub fn objective_in(titles: &[String], written: &str) -> Option<usize> {
    let k = objective_key(written);
    if let Some(i) = titles.iter().position(|t| objective_key(t) == k) {
        return Some(i);
    }
    let rest = ["objectif specifique", "objectif", "os"]
        .iter()
        .find_map(|w| {
            k.strip_prefix(w)
                .filter(|r| r.starts_with(|c: char| c == ' ' || c.is_ascii_digit()))
        })
        .unwrap_or(&k)
        .trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let n: usize = digits
        .parse()
        .ok()
        .filter(|n| (1..=titles.len()).contains(n))?;
    let title = rest[digits.len()..].trim_start_matches(|c: char| " .-–):".contains(c));
    (title.is_empty() || objective_key(title) == objective_key(&titles[n - 1])).then_some(n - 1)
}

/// Whether `code` is written as the plan numbers its activities: numbers
/// joined by dots, the objective's first (`1.2`, `2.1.3`).
fn well_formed(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() >= 2
        && code.len() <= 16
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[derive(Debug, Clone, PartialEq)]
pub enum SectorCallCommand {
    /// Opens the call (again: changes its deadline and structures).
    Open {
        year: Year,
        deadline: NaiveDate,
        structures: Vec<StructureCode>,
        on: NaiveDate,
        /// The objectives the configuration sets (none: as the structures
        /// write them) and how often the execution is reported; they no
        /// longer change once an activity is coded.
        frame: Vec<SectorObjective>,
        period: SectorPeriod,
    },
    Validate(Validation),
    /// Numbers the activities of a structure's approved proposal: their
    /// objectives and titles, in order.
    Code {
        structure: StructureCode,
        activities: Vec<(String, String)>,
    },
    /// The CPS gives an activity another code.
    Recode {
        from: String,
        to: String,
    },
}

/// Events of a call; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum SectorCallEvent {
    SectorCallOpened {
        year: Year,
        deadline: NaiveDate,
        structures: Vec<StructureCode>,
        on: NaiveDate,
        /// The objectives set for the call, numbered in this order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        frame: Vec<SectorObjective>,
        #[serde(default)]
        period: SectorPeriod,
    },
    SectorPlanValidated(Validation),
    /// A structure's activities numbered: `objectives` are the objectives
    /// numbered for the first time (after the ones before), `codes` its
    /// activities' codes in its proposal's order, `titles` their titles.
    SectorActivitiesCoded {
        structure: StructureCode,
        objectives: Vec<String>,
        codes: Vec<String>,
        #[serde(default)]
        titles: Vec<String>,
    },
    SectorActivityRecoded {
        structure: StructureCode,
        from: String,
        to: String,
    },
}

impl DomainEvent for SectorCallEvent {
    fn event_type(&self) -> String {
        match self {
            Self::SectorCallOpened { .. } => "SectorCallOpened",
            Self::SectorPlanValidated(_) => "SectorPlanValidated",
            Self::SectorActivitiesCoded { .. } => "SectorActivitiesCoded",
            Self::SectorActivityRecoded { .. } => "SectorActivityRecoded",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for SectorCallEvent {
    fn takes_effect(&self) -> TakesEffect {
        match self {
            Self::SectorCallOpened { on, .. } => TakesEffect::On(*on),
            Self::SectorPlanValidated(v) => TakesEffect::On(v.on),
            Self::SectorActivitiesCoded { .. } | Self::SectorActivityRecoded { .. } => {
                TakesEffect::WhenRecorded
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SectorCallError {
    #[error("the call of {0:?}, not of {1:?}")]
    WrongYear(Year, Year),
    #[error("a call names at least one structure")]
    NoStructure,
    #[error("the deadline {deadline} is before the call, {on}")]
    DeadlineBeforeCall { deadline: NaiveDate, on: NaiveDate },
    #[error("no call is open")]
    NotOpened,
    #[error("the plan is validated: its call no longer changes")]
    Validated,
    #[error("no activity of the plan has the code {0}")]
    UnknownCode(String),
    #[error("the code {0} is another activity's")]
    CodeTaken(String),
    #[error("{0} is not a code of the plan (numbers joined by dots: 1.2)")]
    BadCode(String),
    #[error("{objective:?} is not one of the call's objectives, {known:?}")]
    UnknownObjective {
        objective: String,
        known: Vec<String>,
    },
}

/// The call for a year's sector plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SectorCall {
    pub year: Option<Year>,
    pub deadline: Option<NaiveDate>,
    pub structures: Vec<StructureCode>,
    pub opened_on: Option<NaiveDate>,
    pub validation: Option<Validation>,
    /// The objectives set for the call, with their frame; none when the
    /// objectives are the ones the structures write.
    #[serde(default)]
    pub frame: Vec<SectorObjective>,
    /// How often the structures report its execution.
    #[serde(default)]
    pub period: SectorPeriod,
    /// The objectives numbered from 1 in this order: the frame's, or the
    /// ones written, as first approved.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// The codes of each structure's approved activities, in its
    /// proposal's order.
    #[serde(default)]
    pub codes: BTreeMap<StructureCode, Vec<String>>,
    /// Their titles, in the same order.
    #[serde(default)]
    pub titles: BTreeMap<StructureCode, Vec<String>>,
}

impl SectorCall {
    /// `2024`.
    pub fn aggregate_id(year: Year) -> String {
        year.to_string()
    }

    /// The objectives a proposal chooses from: the frame's titles; none
    /// when the structures write their own.
    pub fn objectives_set(&self) -> Vec<String> {
        self.frame.iter().map(|o| o.title.clone()).collect()
    }

    /// The number of an objective, from 1, once one of its activities is
    /// approved.
    pub fn objective_number(&self, objective: &str) -> Option<usize> {
        let k = objective_key(objective);
        self.objectives
            .iter()
            .position(|o| objective_key(o) == k)
            .map(|i| i + 1)
    }

    /// The structure whose activity has `code`.
    fn holder(&self, code: &str) -> Option<&StructureCode> {
        self.codes
            .iter()
            .find(|(_, codes)| codes.iter().any(|c| c == code))
            .map(|(s, _)| s)
    }

    /// The codes suivi proposes for the activities of `structure`, given
    /// by objective and title: an activity keeps the code it had (the one
    /// of the structure's activity with the same title) where its objective
    /// keeps its number; another takes the next number free in its
    /// objective. Returns the objectives numbered for the first time and
    /// the codes.
    fn propose_codes(
        &self,
        structure: &StructureCode,
        activities: &[(String, String)],
    ) -> (Vec<String>, Vec<String>) {
        let mut added: Vec<String> = Vec::new();
        let numbers: Vec<usize> = activities
            .iter()
            .map(|(o, _)| match self.objective_number(o) {
                Some(n) => n,
                None => {
                    let k = objective_key(o);
                    match added.iter().position(|a| objective_key(a) == k) {
                        Some(i) => self.objectives.len() + i + 1,
                        None => {
                            added.push(o.trim().to_string());
                            self.objectives.len() + added.len()
                        }
                    }
                }
            })
            .collect();
        let before = self.codes.get(structure).cloned().unwrap_or_default();
        let titles = self.titles.get(structure).cloned().unwrap_or_default();
        let mut taken: BTreeSet<String> = self
            .codes
            .iter()
            .filter(|(s, _)| *s != structure)
            .flat_map(|(_, codes)| codes.iter().cloned())
            .collect();
        let mut kept: BTreeSet<usize> = BTreeSet::new();
        let mut codes: Vec<Option<String>> = Vec::new();
        for ((_, title), n) in activities.iter().zip(&numbers) {
            let k = objective_key(title);
            let same = (0..before.len()).find(|j| {
                !kept.contains(j)
                    && titles.get(*j).is_some_and(|t| objective_key(t) == k)
                    && before[*j].split('.').next() == Some(n.to_string().as_str())
            });
            codes.push(same.map(|j| {
                kept.insert(j);
                before[j].clone()
            }));
        }
        taken.extend(codes.iter().flatten().cloned());
        for (i, n) in numbers.iter().enumerate() {
            if codes[i].is_some() {
                continue;
            }
            let prefix = format!("{n}.");
            let next = taken
                .iter()
                .filter_map(|c| c.strip_prefix(&prefix))
                .filter_map(|rest| rest.split('.').next()?.parse::<u32>().ok())
                .max()
                .unwrap_or(0)
                + 1;
            let code = format!("{n}.{next}");
            taken.insert(code.clone());
            codes[i] = Some(code);
        }
        (added, codes.into_iter().flatten().collect())
    }
}

impl Aggregate for SectorCall {
    const TYPE: &'static str = "sector_call";
    type Command = SectorCallCommand;
    type Event = SectorCallEvent;
    type Error = SectorCallError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        if self.validation.is_some()
            && matches!(
                command,
                SectorCallCommand::Open { .. } | SectorCallCommand::Validate(_)
            )
        {
            return Err(SectorCallError::Validated);
        }
        let event = match command {
            SectorCallCommand::Open {
                year,
                deadline,
                structures,
                on,
                frame,
                period,
            } => {
                if let Some(own) = self.year.filter(|own| *own != year) {
                    return Err(SectorCallError::WrongYear(own, year));
                }
                if structures.is_empty() {
                    return Err(SectorCallError::NoStructure);
                }
                if deadline < on {
                    return Err(SectorCallError::DeadlineBeforeCall { deadline, on });
                }
                // Once an activity is coded, its objective's number holds,
                // and so does the period its execution is reported by.
                let (frame, period) = if self.codes.is_empty() {
                    (frame, period)
                } else {
                    (self.frame.clone(), self.period)
                };
                SectorCallEvent::SectorCallOpened {
                    year,
                    deadline,
                    structures,
                    on,
                    frame,
                    period,
                }
            }
            SectorCallCommand::Validate(v) => {
                if self.year.is_none() {
                    return Err(SectorCallError::NotOpened);
                }
                SectorCallEvent::SectorPlanValidated(v)
            }
            SectorCallCommand::Code {
                structure,
                activities,
            } => {
                if self.year.is_none() {
                    return Err(SectorCallError::NotOpened);
                }
                let (added, codes) = self.propose_codes(&structure, &activities);
                if let Some(unknown) = added.first().filter(|_| !self.frame.is_empty()) {
                    return Err(SectorCallError::UnknownObjective {
                        objective: unknown.clone(),
                        known: self.objectives_set(),
                    });
                }
                SectorCallEvent::SectorActivitiesCoded {
                    structure,
                    objectives: added,
                    codes,
                    titles: activities.into_iter().map(|(_, t)| t).collect(),
                }
            }
            SectorCallCommand::Recode { from, to } => {
                let to = to.trim().to_string();
                if !well_formed(&to) {
                    return Err(SectorCallError::BadCode(to));
                }
                if self.holder(&to).is_some() {
                    return Err(SectorCallError::CodeTaken(to));
                }
                let structure = self
                    .holder(from.trim())
                    .cloned()
                    .ok_or_else(|| SectorCallError::UnknownCode(from.trim().to_string()))?;
                SectorCallEvent::SectorActivityRecoded {
                    structure,
                    from: from.trim().to_string(),
                    to,
                }
            }
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            SectorCallEvent::SectorCallOpened {
                year,
                deadline,
                structures,
                on,
                frame,
                period,
            } => {
                self.year = Some(year);
                self.period = period;
                self.deadline = Some(deadline);
                self.structures = structures;
                self.opened_on.get_or_insert(on);
                if self.codes.is_empty() {
                    self.objectives = frame.iter().map(|o| o.title.clone()).collect();
                }
                self.frame = frame;
            }
            SectorCallEvent::SectorPlanValidated(v) => self.validation = Some(v),
            SectorCallEvent::SectorActivitiesCoded {
                structure,
                objectives,
                codes,
                titles,
            } => {
                self.objectives.extend(objectives);
                self.titles.insert(structure.clone(), titles);
                self.codes.insert(structure, codes);
            }
            SectorCallEvent::SectorActivityRecoded {
                structure,
                from,
                to,
            } => {
                if let Some(code) = self
                    .codes
                    .get_mut(&structure)
                    .and_then(|codes| codes.iter_mut().find(|c| **c == from))
                {
                    *code = to;
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SectorProposalCommand {
    /// Records the structure's activities (a draft saved, a canevas
    /// uploaded): they replace the ones proposed before.
    Propose {
        year: Year,
        structure: StructureCode,
        activities: Vec<SectorActivity>,
        on: NaiveDate,
    },
}

/// Events of a proposal; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum SectorProposalEvent {
    SectorActivitiesProposed {
        year: Year,
        structure: StructureCode,
        activities: Vec<SectorActivity>,
        on: NaiveDate,
    },
}

impl DomainEvent for SectorProposalEvent {
    fn event_type(&self) -> String {
        match self {
            Self::SectorActivitiesProposed { .. } => "SectorActivitiesProposed",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for SectorProposalEvent {
    fn takes_effect(&self) -> TakesEffect {
        match self {
            Self::SectorActivitiesProposed { on, .. } => TakesEffect::On(*on),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SectorProposalError {
    #[error("another structure's or year's proposal")]
    WrongProposal,
    #[error("a proposal holds at least one activity")]
    Empty,
}

/// A structure's proposal for a year's sector plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SectorProposal {
    pub year: Option<Year>,
    pub structure: Option<StructureCode>,
    pub activities: Vec<SectorActivity>,
    /// The day of its last change.
    pub proposed_on: Option<NaiveDate>,
}

impl SectorProposal {
    /// `2024/DFM/MAECI`.
    pub fn aggregate_id(year: Year, structure: &StructureCode) -> String {
        format!("{year}/{structure}")
    }
}

impl Aggregate for SectorProposal {
    const TYPE: &'static str = "sector_proposal";
    type Command = SectorProposalCommand;
    type Event = SectorProposalEvent;
    type Error = SectorProposalError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let SectorProposalCommand::Propose {
            year,
            structure,
            activities,
            on,
        } = command;
        if self.year.is_some_and(|y| y != year)
            || self.structure.as_ref().is_some_and(|s| *s != structure)
        {
            return Err(SectorProposalError::WrongProposal);
        }
        if activities.is_empty() {
            return Err(SectorProposalError::Empty);
        }
        let event = SectorProposalEvent::SectorActivitiesProposed {
            year,
            structure,
            activities,
            on,
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let SectorProposalEvent::SectorActivitiesProposed {
            year,
            structure,
            activities,
            on,
        } = event;
        self.year = Some(year);
        self.structure = Some(structure);
        self.activities = activities;
        self.proposed_on = Some(on);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn y2024() -> Year {
        Year::new(2024).unwrap()
    }

    fn dcm() -> StructureCode {
        StructureCode::parse("DCM").unwrap()
    }

    fn opened() -> SectorCallEvent {
        SectorCallEvent::SectorCallOpened {
            year: y2024(),
            deadline: day("2023-06-30"),
            structures: vec![dcm()],
            on: day("2023-06-01"),
            frame: vec![],
            period: SectorPeriod::Quarter,
        }
    }

    fn activity(title: &str) -> SectorActivity {
        SectorActivity {
            objective: "Renforcer la coopération".into(),
            result: String::new(),
            title: title.into(),
            indicator: "Rapport disponible".into(),
            target: "1".into(),
            budget: Budget::Thousands(5_000),
            source: "BSI".into(),
            months: Months::parse("3 4").unwrap(),
            responsible: "DCM".into(),
            estimated: false,
        }
    }

    #[test]
    fn a_call_names_its_structures_and_a_deadline_after_it() {
        TestFramework::<SectorCall>::with(())
            .given_no_previous_events()
            .when(SectorCallCommand::Open {
                year: y2024(),
                deadline: day("2023-05-30"),
                structures: vec![dcm()],
                on: day("2023-06-01"),
                frame: vec![],
                period: SectorPeriod::Quarter,
            })
            .then_expect_error(SectorCallError::DeadlineBeforeCall {
                deadline: day("2023-05-30"),
                on: day("2023-06-01"),
            });
        TestFramework::<SectorCall>::with(())
            .given_no_previous_events()
            .when(SectorCallCommand::Open {
                year: y2024(),
                deadline: day("2023-06-30"),
                structures: vec![],
                on: day("2023-06-01"),
                frame: vec![],
                period: SectorPeriod::Quarter,
            })
            .then_expect_error(SectorCallError::NoStructure);
    }

    #[test]
    fn a_validated_plan_keeps_its_call() {
        let validation = Validation {
            on: day("2023-06-30"),
            how: "échanges de courriers électroniques".into(),
            by: "structures du secteur".into(),
        };
        TestFramework::<SectorCall>::with(())
            .given(vec![
                opened(),
                SectorCallEvent::SectorPlanValidated(validation),
            ])
            .when(SectorCallCommand::Open {
                year: y2024(),
                deadline: day("2023-07-15"),
                structures: vec![dcm()],
                on: day("2023-07-01"),
                frame: vec![],
                period: SectorPeriod::Quarter,
            })
            .then_expect_error(SectorCallError::Validated);
    }

    fn coded(structure: &str, objectives: &[&str], codes: &[&str]) -> SectorCallEvent {
        SectorCallEvent::SectorActivitiesCoded {
            structure: StructureCode::parse(structure).unwrap(),
            objectives: objectives.iter().map(|o| o.to_string()).collect(),
            codes: codes.iter().map(|c| c.to_string()).collect(),
            titles: (1..=codes.len()).map(|i| format!("Activité {i}")).collect(),
        }
    }

    fn activities(list: &[(&str, usize)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(o, i)| (o.to_string(), format!("Activité {i}")))
            .collect()
    }

    #[test]
    fn activities_are_numbered_by_objective_and_keep_their_codes() {
        // The DCM's two activities of objective 1; the DFM's of objective 1
        // (written otherwise) and of a new objective 2.
        TestFramework::<SectorCall>::with(())
            .given(vec![
                opened(),
                coded("DCM", &["Coopération"], &["1.1", "1.2"]),
            ])
            .when(SectorCallCommand::Code {
                structure: StructureCode::parse("DFM/MAECI").unwrap(),
                activities: activities(&[("Gestion", 1), ("COOPERATION ", 2), ("gestion", 3)]),
            })
            .then_expect_events(vec![coded(
                "DFM/MAECI",
                &["Gestion"],
                &["2.1", "1.3", "2.2"],
            )]);
        // Approved again: an activity keeps its code by its title, even
        // after the CPS changed it; a withdrawn one's code is not reused.
        TestFramework::<SectorCall>::with(())
            .given(vec![
                opened(),
                coded("DCM", &["Coopération"], &["1.1", "1.2"]),
                SectorCallEvent::SectorActivityRecoded {
                    structure: dcm(),
                    from: "1.1".into(),
                    to: "1.7".into(),
                },
            ])
            .when(SectorCallCommand::Code {
                structure: dcm(),
                // Activity 2 withdrawn, activity 3 added: activity 1 keeps its
                // changed code, activity 3 takes the next one.
                activities: activities(&[("Coopération", 1), ("Coopération", 3)]),
            })
            .then_expect_events(vec![SectorCallEvent::SectorActivitiesCoded {
                structure: dcm(),
                objectives: vec![],
                codes: vec!["1.7".into(), "1.8".into()],
                titles: vec!["Activité 1".into(), "Activité 3".into()],
            }]);
    }

    #[test]
    fn a_code_the_cps_gives_never_clashes() {
        let given = || vec![opened(), coded("DCM", &["Coopération"], &["1.1", "1.2"])];
        for (to, error) in [
            ("1.2", SectorCallError::CodeTaken("1.2".into())),
            ("1", SectorCallError::BadCode("1".into())),
            ("1.a", SectorCallError::BadCode("1.a".into())),
        ] {
            TestFramework::<SectorCall>::with(())
                .given(given())
                .when(SectorCallCommand::Recode {
                    from: "1.1".into(),
                    to: to.into(),
                })
                .then_expect_error(error);
        }
        TestFramework::<SectorCall>::with(())
            .given(given())
            .when(SectorCallCommand::Recode {
                from: "3.1".into(),
                to: "3.2".into(),
            })
            .then_expect_error(SectorCallError::UnknownCode("3.1".into()));
    }

    #[test]
    fn a_proposal_replaces_the_one_before_and_is_never_empty() {
        let proposed = |titles: &[&str]| SectorProposalEvent::SectorActivitiesProposed {
            year: y2024(),
            structure: dcm(),
            activities: titles.iter().map(|t| activity(t)).collect(),
            on: day("2023-06-20"),
        };
        TestFramework::<SectorProposal>::with(())
            .given(vec![proposed(&["Atelier", "Mission"])])
            .when(SectorProposalCommand::Propose {
                year: y2024(),
                structure: dcm(),
                activities: vec![activity("Atelier de validation")],
                on: day("2023-06-20"),
            })
            .then_expect_events(vec![proposed(&["Atelier de validation"])]);
        TestFramework::<SectorProposal>::with(())
            .given_no_previous_events()
            .when(SectorProposalCommand::Propose {
                year: y2024(),
                structure: dcm(),
                activities: vec![],
                on: day("2023-06-20"),
            })
            .then_expect_error(SectorProposalError::Empty);
        assert_eq!(
            SectorProposal::aggregate_id(y2024(), &StructureCode::parse("DFM/MAECI").unwrap()),
            "2024/DFM/MAECI"
        );
    }

    fn framed(titles: &[&str]) -> Vec<SectorObjective> {
        titles
            .iter()
            .map(|t| SectorObjective {
                title: t.to_string(),
                frame: Some("CREDD 2019-2023".into()),
                estimated: true,
            })
            .collect()
    }

    #[test]
    fn a_canevas_names_an_objective_by_its_title_or_its_number() {
        let titles = vec![
            "Renforcer la coopération bilatérale".to_string(),
            "Améliorer la gestion des ressources".to_string(),
        ];
        for (written, found) in [
            ("renforcer la COOPERATION  bilaterale", Some(0)),
            ("2", Some(1)),
            ("Objectif 2", Some(1)),
            ("OS 1", Some(0)),
            ("2. Améliorer la gestion des ressources", Some(1)),
            ("1 - Renforcer la coopération bilatérale", Some(0)),
            // A number and another objective's title: not a guess.
            ("1. Améliorer la gestion des ressources", None),
            ("3", None),
            ("0", None),
            ("Ostensiblement", None),
            ("Développer le commerce", None),
        ] {
            assert_eq!(objective_in(&titles, written), found, "{written}");
        }
    }

    #[test]
    fn a_framed_call_numbers_by_its_frame_and_keeps_it_once_coded() {
        let frame = framed(&["Améliorer la gestion", "Renforcer la coopération"]);
        let open = |frame: Vec<SectorObjective>, period| SectorCallCommand::Open {
            year: y2024(),
            deadline: day("2023-06-30"),
            structures: vec![dcm()],
            on: day("2023-06-01"),
            frame,
            period,
        };
        let opened = SectorCallEvent::SectorCallOpened {
            year: y2024(),
            deadline: day("2023-06-30"),
            structures: vec![dcm()],
            on: day("2023-06-01"),
            frame: frame.clone(),
            period: SectorPeriod::Quarter,
        };
        // The second objective of the frame numbers 2, whatever comes first.
        TestFramework::<SectorCall>::with(())
            .given(vec![opened.clone()])
            .when(SectorCallCommand::Code {
                structure: dcm(),
                activities: vec![("Renforcer la coopération".into(), "Atelier".into())],
            })
            .then_expect_events(vec![SectorCallEvent::SectorActivitiesCoded {
                structure: dcm(),
                objectives: vec![],
                codes: vec!["2.1".into()],
                titles: vec!["Atelier".into()],
            }]);
        // An objective outside the frame is refused.
        TestFramework::<SectorCall>::with(())
            .given(vec![opened.clone()])
            .when(SectorCallCommand::Code {
                structure: dcm(),
                activities: vec![("Développer le commerce".into(), "Foire".into())],
            })
            .then_expect_error(SectorCallError::UnknownObjective {
                objective: "Développer le commerce".into(),
                known: vec![
                    "Améliorer la gestion".into(),
                    "Renforcer la coopération".into(),
                ],
            });
        // Before any code, opening again takes the new frame and period;
        // after, the call keeps its own.
        TestFramework::<SectorCall>::with(())
            .given(vec![opened.clone()])
            .when(open(framed(&["Autre"]), SectorPeriod::Year))
            .then_expect_events(vec![SectorCallEvent::SectorCallOpened {
                year: y2024(),
                deadline: day("2023-06-30"),
                structures: vec![dcm()],
                on: day("2023-06-01"),
                frame: framed(&["Autre"]),
                period: SectorPeriod::Year,
            }]);
        TestFramework::<SectorCall>::with(())
            .given(vec![
                opened.clone(),
                SectorCallEvent::SectorActivitiesCoded {
                    structure: dcm(),
                    objectives: vec![],
                    codes: vec!["2.1".into()],
                    titles: vec!["Atelier".into()],
                },
            ])
            .when(open(framed(&["Autre"]), SectorPeriod::Year))
            .then_expect_events(vec![opened]);
    }

    #[test]
    fn a_call_opened_before_frames_and_periods_reads_unframed_by_quarter() {
        let stored = r#"{"SectorCallOpened":{"year":2024,"deadline":"2023-06-30","structures":["DCM"],"on":"2023-06-01"}}"#;
        let event: SectorCallEvent = serde_json::from_str(stored).unwrap();
        assert_eq!(event, opened());
        let mut call = SectorCall::default();
        call.apply(event);
        assert_eq!((call.frame.len(), call.period), (0, SectorPeriod::Quarter));
    }
}
