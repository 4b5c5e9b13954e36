//! A structure's execution of its activities of the sector's plan, as it
//! stands at the end of a quarter (`SectorExecution`: each activity's
//! status, progress, indicator value and costs, replaced whole by each
//! report). A quarter's report is handed in, returned, approved (and
//! locked) and reopened through the cycle of
//! [`super::submission::Submission`] (subject `sector_execution`).

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::reference::Rate;
use super::types::{Quarter, StructureCode, Year};
use super::{Effective, TakesEffect};

crate::codes! {
    /// Where an activity of the sector's plan stands, in the documents' words.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, utoipa::ToSchema)]
    pub enum SectorStatus {
        Executee => "executee",
        EnCours => "en_cours",
        NonExecutee => "non_executee",
        NonDemarree => "non_demarree",
    }
}

/// How one activity of the plan stands at the quarter's end (figures
/// cumulative since 1 January).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExecutionLine {
    /// Its code in the sector's plan (`1.2`).
    pub code: String,
    pub status: SectorStatus,
    /// How far it has come.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Rate>,
    /// The indicator's value achieved, as written (`2 sessions`, `15`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub achieved: String,
    /// Thousands of F CFA engaged, then liquidated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engaged: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liquidated: Option<u64>,
    /// The difficulties met, as the structure writes them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub difficulties: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SectorExecutionCommand {
    /// Records the structure's figures of the quarter: they replace the
    /// ones reported before.
    Report {
        year: Year,
        structure: StructureCode,
        quarter: Quarter,
        lines: Vec<ExecutionLine>,
        on: NaiveDate,
    },
}

/// Events of a quarter's execution; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum SectorExecutionEvent {
    SectorExecutionReported {
        year: Year,
        structure: StructureCode,
        #[schema(value_type = u8)]
        quarter: Quarter,
        lines: Vec<ExecutionLine>,
        on: NaiveDate,
    },
}

impl DomainEvent for SectorExecutionEvent {
    fn event_type(&self) -> String {
        match self {
            Self::SectorExecutionReported { .. } => "SectorExecutionReported",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for SectorExecutionEvent {
    fn takes_effect(&self) -> TakesEffect {
        match self {
            Self::SectorExecutionReported { on, .. } => TakesEffect::On(*on),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SectorExecutionError {
    #[error("another structure's or period's report")]
    WrongReport,
    #[error("a report holds at least one activity")]
    Empty,
    #[error("the activity {0} is reported twice")]
    Twice(String),
}

/// A structure's execution of its part of the sector's plan at the end of
/// a quarter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SectorExecution {
    pub year: Option<Year>,
    pub structure: Option<StructureCode>,
    #[schema(value_type = Option<u8>)]
    pub quarter: Option<Quarter>,
    pub lines: Vec<ExecutionLine>,
    /// The day of its last change.
    pub reported_on: Option<NaiveDate>,
}

impl SectorExecution {
    /// `2024/DCM/T2`.
    pub fn aggregate_id(year: Year, structure: &StructureCode, quarter: Quarter) -> String {
        format!("{year}/{structure}/T{}", quarter.value())
    }

    /// The figures of the activity `code`.
    pub fn line(&self, code: &str) -> Option<&ExecutionLine> {
        self.lines.iter().find(|l| l.code == code)
    }
}

impl Aggregate for SectorExecution {
    const TYPE: &'static str = "sector_execution";
    type Command = SectorExecutionCommand;
    type Event = SectorExecutionEvent;
    type Error = SectorExecutionError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let SectorExecutionCommand::Report {
            year,
            structure,
            quarter,
            lines,
            on,
        } = command;
        if self.year.is_some_and(|y| y != year)
            || self.quarter.is_some_and(|q| q != quarter)
            || self.structure.as_ref().is_some_and(|s| *s != structure)
        {
            return Err(SectorExecutionError::WrongReport);
        }
        if lines.is_empty() {
            return Err(SectorExecutionError::Empty);
        }
        for (i, l) in lines.iter().enumerate() {
            if lines[..i].iter().any(|o| o.code == l.code) {
                return Err(SectorExecutionError::Twice(l.code.clone()));
            }
        }
        let event = SectorExecutionEvent::SectorExecutionReported {
            year,
            structure,
            quarter,
            lines,
            on,
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let SectorExecutionEvent::SectorExecutionReported {
            year,
            structure,
            quarter,
            lines,
            on,
        } = event;
        self.year = Some(year);
        self.structure = Some(structure);
        self.quarter = Some(quarter);
        self.lines = lines;
        self.reported_on = Some(on);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn line(code: &str) -> ExecutionLine {
        ExecutionLine {
            code: code.into(),
            status: SectorStatus::EnCours,
            progress: Some("40".parse().unwrap()),
            achieved: String::new(),
            engaged: Some(1_000),
            liquidated: None,
            difficulties: String::new(),
        }
    }

    fn report(codes: &[&str]) -> SectorExecutionCommand {
        SectorExecutionCommand::Report {
            year: Year::new(2024).unwrap(),
            structure: StructureCode::parse("DCM").unwrap(),
            quarter: Quarter::new(2).unwrap(),
            lines: codes.iter().map(|c| line(c)).collect(),
            on: "2024-07-05".parse().unwrap(),
        }
    }

    #[test]
    fn a_report_names_each_activity_once() {
        TestFramework::<SectorExecution>::with(())
            .given_no_previous_events()
            .when(report(&["1.1", "2.1", "1.1"]))
            .then_expect_error(SectorExecutionError::Twice("1.1".into()));
        TestFramework::<SectorExecution>::with(())
            .given_no_previous_events()
            .when(report(&[]))
            .then_expect_error(SectorExecutionError::Empty);
    }

    #[test]
    fn a_report_is_of_one_structure_and_quarter() {
        let SectorExecutionCommand::Report {
            year,
            structure,
            lines,
            on,
            ..
        } = report(&["1.1"]);
        let earlier = SectorExecutionEvent::SectorExecutionReported {
            year,
            structure,
            quarter: Quarter::new(1).unwrap(),
            lines,
            on,
        };
        TestFramework::<SectorExecution>::with(())
            .given(vec![earlier])
            .when(report(&["1.1"]))
            .then_expect_error(SectorExecutionError::WrongReport);
    }
}
