//! The `Arbitration` aggregate: the BSI arbitration of one budget year (held
//! at the DNPD between May and June of the year before: the BSI 2024 on
//! 30 May 2023), a record of its own beside each project's life cycle:
//! which projects were presented, which were new, which were funded and
//! for how much. The sector's summary sentence is computed from it.

use std::collections::BTreeMap;

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::project::ProjectCode;
use super::types::{Fcfa, Year};
use super::{Effective, TakesEffect};

/// A project at one arbitration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ArbitrationEntry {
    pub presented: bool,
    /// Presented for the first time.
    pub new: bool,
    /// The BSI allocation obtained, in F CFA; none when not funded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funded: Option<Fcfa>,
    /// Whether it is new or its allocation was worked out rather than read
    /// in a document (shown as an estimate).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

impl ArbitrationEntry {
    /// Funded: an allocation above zero.
    pub fn is_funded(&self) -> bool {
        self.funded.is_some_and(|f| f.value() > 0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArbitrationCommand {
    /// Records a project's place at the arbitration; the latest stands.
    Record {
        year: Year,
        code: ProjectCode,
        entry: ArbitrationEntry,
    },
}

/// Events of an arbitration; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ArbitrationEvent {
    ProjectArbitrated {
        year: Year,
        code: ProjectCode,
        entry: ArbitrationEntry,
    },
}

impl DomainEvent for ArbitrationEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ProjectArbitrated { .. } => "ProjectArbitrated",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for ArbitrationEvent {
    /// Part of the year's arbitration whenever it was typed.
    fn takes_effect(&self) -> TakesEffect {
        TakesEffect::Always
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArbitrationError {
    #[error("arbitration of {0}, not {1}")]
    WrongYear(Year, Year),
    #[error("funded but not presented")]
    FundedNotPresented,
}

/// The counts of the sector's summary sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ArbitrationSummary {
    pub presented: usize,
    pub new: usize,
    pub funded: usize,
    /// The sum of the allocations, F CFA.
    pub total_funded: i64,
    /// Some of it was worked out rather than read in a document.
    pub estimated: bool,
}

/// The BSI arbitration of one budget year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Arbitration {
    pub year: Option<Year>,
    #[schema(value_type = BTreeMap<String, ArbitrationEntry>)]
    pub entries: BTreeMap<ProjectCode, ArbitrationEntry>,
}

impl Arbitration {
    pub fn aggregate_id(year: Year) -> String {
        year.to_string()
    }

    /// « présenté N projets/programmes dont M nouveaux sur lesquels K ont
    /// bénéficié d'une dotation ».
    pub fn summary(&self) -> ArbitrationSummary {
        let mut s = ArbitrationSummary::default();
        for e in self.entries.values().filter(|e| e.presented) {
            s.presented += 1;
            s.new += usize::from(e.new);
            if e.is_funded() {
                s.funded += 1;
                s.total_funded += e.funded.map(Fcfa::value).unwrap_or(0);
            }
            s.estimated |= e.estimated;
        }
        s
    }
}

impl Aggregate for Arbitration {
    const TYPE: &'static str = "arbitration";
    type Command = ArbitrationCommand;
    type Event = ArbitrationEvent;
    type Error = ArbitrationError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let ArbitrationCommand::Record { year, code, entry } = command;
        if let Some(own) = self.year.filter(|own| *own != year) {
            return Err(ArbitrationError::WrongYear(own, year));
        }
        if entry.is_funded() && !entry.presented {
            return Err(ArbitrationError::FundedNotPresented);
        }
        if self.entries.get(&code) != Some(&entry) {
            sink.write(
                ArbitrationEvent::ProjectArbitrated { year, code, entry },
                self,
            )
            .await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let ArbitrationEvent::ProjectArbitrated { year, code, entry } = event;
        self.year = Some(year);
        self.entries.insert(code, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn record(code: &str, entry: ArbitrationEntry) -> ArbitrationCommand {
        ArbitrationCommand::Record {
            year: Year::new(2024).unwrap(),
            code: ProjectCode::parse(code).unwrap(),
            entry,
        }
    }

    fn presented(new: bool, funded: Option<i64>) -> ArbitrationEntry {
        ArbitrationEntry {
            presented: true,
            new,
            funded: funded.map(|f| Fcfa::new(f).unwrap()),
            estimated: false,
        }
    }

    #[test]
    fn the_same_entry_again_records_nothing() {
        let ArbitrationCommand::Record { year, code, entry } = record("A", presented(true, None));
        TestFramework::<Arbitration>::with(())
            .given(vec![ArbitrationEvent::ProjectArbitrated {
                year,
                code,
                entry: entry.clone(),
            }])
            .when(record("A", entry))
            .then_expect_events(vec![]);
    }

    #[test]
    fn an_allocation_needs_a_presentation() {
        let mut entry = presented(false, Some(5_000_000));
        entry.presented = false;
        TestFramework::<Arbitration>::with(())
            .given_no_previous_events()
            .when(record("A", entry))
            .then_expect_error_message("funded but not presented");
    }

    #[test]
    fn the_summary_counts_presented_new_and_funded() {
        let mut a = Arbitration::default();
        let entries = [
            ("A", presented(true, Some(10))),
            ("B", presented(false, Some(0))),
            ("C", presented(false, None)),
            ("D", ArbitrationEntry::default()),
        ];
        for (code, entry) in entries {
            a.apply(ArbitrationEvent::ProjectArbitrated {
                year: Year::new(2024).unwrap(),
                code: ProjectCode::parse(code).unwrap(),
                entry,
            });
        }
        let s = a.summary();
        assert_eq!(
            (s.presented, s.new, s.funded, s.total_funded),
            (3, 1, 1, 10)
        );
    }
}
