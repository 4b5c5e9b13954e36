//! The reference figures of a year suivi has no snapshot of: the execution
//! rates an earlier report gives, with their source, which the next yearly
//! report compares with.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::types::{InvalidValue, ValueKind, Year};

/// A rate in hundredths of a percent (6 471 is 64,71 %), as a report prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rate(u32);

impl Rate {
    pub fn hundredths(self) -> u32 {
        self.0
    }

    pub fn percent(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl std::str::FromStr for Rate {
    type Err = InvalidValue;

    /// `64,71`, `64.71`, `82`, with or without `%`; from 0 to 100.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidValue {
            kind: ValueKind::Rate,
            value: s.to_string(),
        };
        let t = s.trim().trim_end_matches('%').trim().replace(',', ".");
        let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > 2 {
            return Err(invalid());
        }
        if whole.len() > 3 {
            return Err(invalid());
        }
        let whole: u32 = whole.parse().map_err(|_| invalid())?;
        let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| invalid())?;
        match whole * 100 + frac {
            h if h <= 10_000 => Ok(Rate(h)),
            _ => Err(invalid()),
        }
    }
}

/// The figures of a year suivi has no snapshot of, as an earlier report
/// gives them, with where they come from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReferenceFigures {
    pub year: Option<Year>,
    /// The plan's execution rate.
    pub execution_rate: Option<Rate>,
    /// The financial execution rate.
    pub financial_rate: Option<Rate>,
    /// The document and page they come from.
    pub source: String,
}

impl ReferenceFigures {
    /// `2022`.
    pub fn aggregate_id(year: Year) -> String {
        year.to_string()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceCommand {
    Record {
        year: Year,
        execution_rate: Option<Rate>,
        financial_rate: Option<Rate>,
        source: String,
    },
}

/// Events of a year's reference figures; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ReferenceEvent {
    ReferenceFiguresRecorded {
        year: Year,
        execution_rate: Option<Rate>,
        financial_rate: Option<Rate>,
        source: String,
    },
}

impl DomainEvent for ReferenceEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ReferenceFiguresRecorded { .. } => "ReferenceFiguresRecorded",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("no figure given")]
    NoFigure,
    #[error("no source given")]
    NoSource,
}

impl Aggregate for ReferenceFigures {
    const TYPE: &'static str = "reference_figures";
    type Command = ReferenceCommand;
    type Event = ReferenceEvent;
    type Error = ReferenceError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let ReferenceCommand::Record {
            year,
            execution_rate,
            financial_rate,
            source,
        } = command;
        if execution_rate.is_none() && financial_rate.is_none() {
            return Err(ReferenceError::NoFigure);
        }
        let source = source.trim().to_string();
        if source.is_empty() {
            return Err(ReferenceError::NoSource);
        }
        let same = self.execution_rate == execution_rate
            && self.financial_rate == financial_rate
            && self.source == source;
        if !same {
            sink.write(
                ReferenceEvent::ReferenceFiguresRecorded {
                    year,
                    execution_rate,
                    financial_rate,
                    source,
                },
                self,
            )
            .await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let ReferenceEvent::ReferenceFiguresRecorded {
            year,
            execution_rate,
            financial_rate,
            source,
        } = event;
        *self = ReferenceFigures {
            year: Some(year),
            execution_rate,
            financial_rate,
            source,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    #[test]
    fn rates_are_read_as_reports_write_them() {
        let rate = |s: &str| s.parse::<Rate>().map(Rate::hundredths);
        assert_eq!(rate("64,71"), Ok(6471));
        assert_eq!(rate("82"), Ok(8200));
        assert_eq!(rate("76.5 %"), Ok(7650));
        assert_eq!(rate("100"), Ok(10_000));
        for bad in [
            "",
            "100,01",
            "64,715",
            "-3",
            "abc",
            "6 4",
            "42949672,99",
            "0100",
        ] {
            assert!(rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reference_figures_need_a_figure_and_a_source() {
        let record = |e: Option<&str>, source: &str| ReferenceCommand::Record {
            year: Year::new(2022).unwrap(),
            execution_rate: e.map(|e| e.parse().unwrap()),
            financial_rate: None,
            source: source.into(),
        };
        TestFramework::<ReferenceFigures>::with(())
            .given_no_previous_events()
            .when(record(None, "Rapport 2023, p. 11"))
            .then_expect_error(ReferenceError::NoFigure);
        TestFramework::<ReferenceFigures>::with(())
            .given_no_previous_events()
            .when(record(Some("64,71"), " "))
            .then_expect_error(ReferenceError::NoSource);
        TestFramework::<ReferenceFigures>::with(())
            .given_no_previous_events()
            .when(record(Some("64,71"), "Rapport 2023, p. 11"))
            .then_expect_events(vec![ReferenceEvent::ReferenceFiguresRecorded {
                year: Year::new(2022).unwrap(),
                execution_rate: Some("64,71".parse().unwrap()),
                financial_rate: None,
                source: "Rapport 2023, p. 11".into(),
            }]);
    }
}
