//! The `Credits` aggregate: a year's credits per budget line (BSI,
//! fonctionnement) — allotted at arbitration, notified, engaged, liquidated —
//! from which the financial execution table is computed.
//!
//! (Over 400 lines: the given/when/then tests of every command and refusal
//! live beside the aggregate, as the model codebases keep them.)

use std::collections::{BTreeMap, BTreeSet};

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::types::{Fcfa, Year};
use super::{Effective, TakesEffect};

crate::codes! {
    /// A budget line of the CPS.
    #[derive(
        Debug,
        Clone,
        Copy,
        PartialEq,
        Eq,
        PartialOrd,
        Ord,
        Hash,
        utoipa::ToSchema,
    )]
    pub enum BudgetLine {
        /// Budget Spécial d'Investissement.
        Bsi => "bsi",
        Fonctionnement => "fonctionnement",
    }
}

crate::codes! {
    /// The stage of a credit.
    #[derive(
        Debug,
        Clone,
        Copy,
        PartialEq,
        Eq,
        PartialOrd,
        Ord,
        Hash,
        utoipa::ToSchema,
    )]
    pub enum CreditKind {
        /// Accordé lors de l'arbitrage.
        Allotted => "allotted",
        /// Notifié.
        Notified => "notified",
        /// Engagé.
        Engaged => "engaged",
        /// Liquidé.
        Liquidated => "liquidated",
    }
}

/// The four amounts of one budget line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LineAmounts {
    pub allotted: Fcfa,
    pub notified: Fcfa,
    pub engaged: Fcfa,
    pub liquidated: Fcfa,
}

impl LineAmounts {
    pub fn get(&self, kind: CreditKind) -> Fcfa {
        match kind {
            CreditKind::Allotted => self.allotted,
            CreditKind::Notified => self.notified,
            CreditKind::Engaged => self.engaged,
            CreditKind::Liquidated => self.liquidated,
        }
    }
    pub(crate) fn set(&mut self, kind: CreditKind, amount: Fcfa) {
        match kind {
            CreditKind::Allotted => self.allotted = amount,
            CreditKind::Notified => self.notified = amount,
            CreditKind::Engaged => self.engaged = amount,
            CreditKind::Liquidated => self.liquidated = amount,
        }
    }
}

impl LineAmounts {
    /// The sum of two lines, stage by stage; `None` when one would not fit.
    pub fn checked_add(self, o: LineAmounts) -> Option<LineAmounts> {
        Some(LineAmounts {
            allotted: self.allotted.checked_add(o.allotted)?,
            notified: self.notified.checked_add(o.notified)?,
            engaged: self.engaged.checked_add(o.engaged)?,
            liquidated: self.liquidated.checked_add(o.liquidated)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum CreditsCommand {
    /// Records the amount of one line and stage; the latest figure stands.
    /// `estimated`: a figure worked out rather than read in a document (a
    /// split of a total the report gives whole), shown as such.
    Record {
        year: Year,
        line: BudgetLine,
        kind: CreditKind,
        amount: Fcfa,
        estimated: bool,
        /// The day the figure stood (a notification's date, say).
        effective: NaiveDate,
    },
}

/// Events of a year's credits; names are stored and never change. Version 2
/// adds the day the figure took effect (`effective`); version 1 is read with
/// the day it was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum CreditsEvent {
    CreditRecorded {
        year: Year,
        line: BudgetLine,
        kind: CreditKind,
        amount: Fcfa,
        previous: Fcfa,
        /// Absent from the events written before it existed: a fact.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        estimated: bool,
        effective: NaiveDate,
    },
}

impl DomainEvent for CreditsEvent {
    fn event_type(&self) -> String {
        match self {
            Self::CreditRecorded { .. } => "CreditRecorded",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "2".to_string()
    }
}

impl Effective for CreditsEvent {
    fn takes_effect(&self) -> TakesEffect {
        let CreditsEvent::CreditRecorded { effective, .. } = self;
        TakesEffect::On(*effective)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditsError {
    #[error("credits of {0}, not {1}")]
    WrongYear(Year, Year),
    /// A figure dated before the one it follows on the same line and stage.
    #[error("dated {effective}, before the previous figure on {previous}")]
    EffectiveBeforePrevious {
        effective: NaiveDate,
        previous: NaiveDate,
    },
}

/// The credits of one year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Credits {
    pub year: Option<Year>,
    pub lines: BTreeMap<BudgetLine, LineAmounts>,
    /// The amounts recorded as estimates, by line and stage.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    #[schema(value_type = Vec<(BudgetLine, CreditKind)>)]
    pub estimated: BTreeSet<(BudgetLine, CreditKind)>,
    /// The day each figure stood, by line and stage (a list: JSON maps
    /// need text keys).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<((BudgetLine, CreditKind), String)>)]
    pub dated: Vec<((BudgetLine, CreditKind), NaiveDate)>,
}

impl Credits {
    pub fn aggregate_id(year: Year) -> String {
        year.to_string()
    }
    /// The day the figure of a line and stage stood, when recorded with one.
    pub fn day_of(&self, line: BudgetLine, kind: CreditKind) -> Option<NaiveDate> {
        self.dated
            .iter()
            .find(|(k, _)| *k == (line, kind))
            .map(|(_, d)| *d)
    }
    /// The sum of every line; `None` when it would not fit.
    pub fn total(&self) -> Option<LineAmounts> {
        self.lines
            .values()
            .try_fold(LineAmounts::default(), |a, b| a.checked_add(*b))
    }
}

impl Aggregate for Credits {
    const TYPE: &'static str = "credits";
    type Command = CreditsCommand;
    type Event = CreditsEvent;
    type Error = CreditsError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let CreditsCommand::Record {
            year,
            line,
            kind,
            amount,
            estimated,
            effective,
        } = command;
        if let Some(own) = self.year {
            if own != year {
                return Err(CreditsError::WrongYear(own, year));
            }
        }
        if let Some(previous) = self.day_of(line, kind).filter(|p| effective < *p) {
            return Err(CreditsError::EffectiveBeforePrevious {
                effective,
                previous,
            });
        }
        let previous = self
            .lines
            .get(&line)
            .map(|l| l.get(kind))
            .unwrap_or_default();
        let known = self.lines.contains_key(&line)
            && previous == amount
            && self.estimated.contains(&(line, kind)) == estimated;
        if !known {
            sink.write(
                CreditsEvent::CreditRecorded {
                    year,
                    line,
                    kind,
                    amount,
                    previous,
                    estimated,
                    effective,
                },
                self,
            )
            .await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let CreditsEvent::CreditRecorded {
            year,
            line,
            kind,
            amount,
            estimated,
            effective,
            ..
        } = event;
        self.year = Some(year);
        match self.dated.iter_mut().find(|(k, _)| *k == (line, kind)) {
            Some((_, day)) => *day = effective,
            None => self.dated.push(((line, kind), effective)),
        }
        self.lines.entry(line).or_default().set(kind, amount);
        if estimated {
            self.estimated.insert((line, kind));
        } else {
            self.estimated.remove(&(line, kind));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn y() -> Year {
        Year::new(2023).unwrap()
    }

    fn record(kind: CreditKind, amount: i64) -> CreditsCommand {
        CreditsCommand::Record {
            year: y(),
            line: BudgetLine::Bsi,
            kind,
            amount: Fcfa::new(amount).unwrap(),
            estimated: false,
            effective: "2023-12-31".parse().unwrap(),
        }
    }

    fn recorded(kind: CreditKind, amount: i64, previous: i64) -> CreditsEvent {
        CreditsEvent::CreditRecorded {
            year: y(),
            line: BudgetLine::Bsi,
            kind,
            amount: Fcfa::new(amount).unwrap(),
            previous: Fcfa::new(previous).unwrap(),
            estimated: false,
            effective: "2023-12-31".parse().unwrap(),
        }
    }

    #[test]
    fn a_total_that_would_not_fit_is_none_never_a_wrapped_negative() {
        let big = LineAmounts {
            allotted: Fcfa::new(Fcfa::MAX).unwrap(),
            ..LineAmounts::default()
        };
        let mut c = Credits::default();
        c.lines.insert(BudgetLine::Bsi, big);
        c.lines.insert(BudgetLine::Fonctionnement, big);
        assert_eq!(c.total().unwrap().allotted.value(), 2 * Fcfa::MAX);
        let near = (0..10_000).try_fold(LineAmounts::default(), |a, _| a.checked_add(big));
        assert_eq!(near, None, "10 000 maximal amounts exceed i64");
    }

    #[test]
    fn recording_keeps_the_previous_figure() {
        TestFramework::<Credits>::with(())
            .given(vec![recorded(CreditKind::Notified, 120_000_000, 0)])
            .when(record(CreditKind::Notified, 120_650_000))
            .then_expect_events(vec![recorded(
                CreditKind::Notified,
                120_650_000,
                120_000_000,
            )]);
    }

    #[test]
    fn the_same_figure_twice_changes_nothing() {
        TestFramework::<Credits>::with(())
            .given(vec![recorded(CreditKind::Notified, 120_650_000, 0)])
            .when(record(CreditKind::Notified, 120_650_000))
            .then_expect_events(vec![]);
    }

    #[test]
    fn a_zero_on_a_new_line_is_recorded() {
        TestFramework::<Credits>::with(())
            .given_no_previous_events()
            .when(record(CreditKind::Liquidated, 0))
            .then_expect_events(vec![recorded(CreditKind::Liquidated, 0, 0)]);
    }

    #[test]
    fn credits_of_another_year_are_rejected() {
        TestFramework::<Credits>::with(())
            .given(vec![recorded(CreditKind::Notified, 1, 0)])
            .when(CreditsCommand::Record {
                year: Year::new(2024).unwrap(),
                line: BudgetLine::Bsi,
                kind: CreditKind::Notified,
                amount: Fcfa::new(1).unwrap(),
                estimated: false,
                effective: "2023-12-31".parse().unwrap(),
            })
            .then_expect_error(CreditsError::WrongYear(y(), Year::new(2024).unwrap()));
    }

    #[test]
    fn an_estimate_is_recorded_as_such_and_a_confirmed_figure_replaces_it() {
        let estimate = CreditsCommand::Record {
            year: y(),
            line: BudgetLine::Bsi,
            kind: CreditKind::Liquidated,
            amount: Fcfa::new(46_402_581).unwrap(),
            estimated: true,
            effective: "2023-12-31".parse().unwrap(),
        };
        let estimated = CreditsEvent::CreditRecorded {
            year: y(),
            line: BudgetLine::Bsi,
            kind: CreditKind::Liquidated,
            amount: Fcfa::new(46_402_581).unwrap(),
            previous: Fcfa::new(0).unwrap(),
            estimated: true,
            effective: "2023-12-31".parse().unwrap(),
        };
        TestFramework::<Credits>::with(())
            .given_no_previous_events()
            .when(estimate.clone())
            .then_expect_events(vec![estimated.clone()]);
        TestFramework::<Credits>::with(())
            .given(vec![estimated.clone()])
            .when(estimate)
            .then_expect_events(vec![]);
        // The same amount, now read in a document: recorded, no longer an estimate.
        TestFramework::<Credits>::with(())
            .given(vec![estimated.clone()])
            .when(record(CreditKind::Liquidated, 46_402_581))
            .then_expect_events(vec![recorded(
                CreditKind::Liquidated,
                46_402_581,
                46_402_581,
            )]);
        let mut c = Credits::default();
        c.apply(estimated);
        assert!(c
            .estimated
            .contains(&(BudgetLine::Bsi, CreditKind::Liquidated)));
        c.apply(recorded(CreditKind::Liquidated, 46_402_581, 46_402_581));
        assert!(c.estimated.is_empty());
    }

    #[test]
    fn an_event_of_before_estimates_reads_as_a_fact_and_a_fact_writes_as_before() {
        let stored = r#"{"CreditRecorded":{"year":2023,"line":"bsi","kind":"notified","amount":1,"previous":0,"effective":"2023-12-31"}}"#;
        let event: CreditsEvent = serde_json::from_str(stored).unwrap();
        assert_eq!(event, recorded(CreditKind::Notified, 1, 0));
        assert_eq!(serde_json::to_string(&event).unwrap(), stored);
    }
}
