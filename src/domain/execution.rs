//! The `ProjectYear` aggregate: one project's execution in one year, its
//! credits by source and stage (allotted, notified, engaged, liquidated;
//! cumulative since 1 January, each with the day it stood) and its
//! physical execution rate as declared. Every figure is kept with its day,
//! so that the portfolio reads as of any day: the figure standing then is
//! the latest dated on or before it.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::finance::{CreditKind, LineAmounts};
use super::project::ProjectCode;
use super::reference::Rate;
use super::types::{Fcfa, Quarter, Year};
use super::{Effective, TakesEffect};

/// One credit figure of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreditFigure {
    /// The source as written (`BSI`, `PTF (OIM)`).
    pub source: String,
    pub kind: CreditKind,
    /// Cumulative since 1 January.
    pub amount: Fcfa,
    pub effective: NaiveDate,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

/// A physical execution rate, as declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PhysicalFigure {
    pub rate: Rate,
    pub date: NaiveDate,
    /// Who declared it, or the document it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProjectYearCommand {
    RecordCredit {
        code: ProjectCode,
        year: Year,
        figure: CreditFigure,
    },
    RecordPhysical {
        code: ProjectCode,
        year: Year,
        figure: PhysicalFigure,
    },
}

/// Events of a project's year; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ProjectYearEvent {
    ProjectCreditRecorded {
        code: ProjectCode,
        year: Year,
        figure: CreditFigure,
    },
    ProjectPhysicalRecorded {
        code: ProjectCode,
        year: Year,
        figure: PhysicalFigure,
    },
}

impl DomainEvent for ProjectYearEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ProjectCreditRecorded { .. } => "ProjectCreditRecorded",
            Self::ProjectPhysicalRecorded { .. } => "ProjectPhysicalRecorded",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for ProjectYearEvent {
    fn takes_effect(&self) -> TakesEffect {
        match self {
            Self::ProjectCreditRecorded { figure, .. } => TakesEffect::On(figure.effective),
            Self::ProjectPhysicalRecorded { figure, .. } => TakesEffect::On(figure.date),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectYearError {
    #[error("figures of {0} for {1}, not of {2} for {3}")]
    WrongProject(ProjectCode, Year, ProjectCode, Year),
    /// A figure of year Y stands from the arbitration (year Y−1) to the end
    /// of the following year at the latest.
    #[error("dated {day}, outside {year} (from 1 January {before} to 31 December {after})")]
    OutsideYear {
        day: NaiveDate,
        year: Year,
        before: i32,
        after: i32,
    },
}

/// One project's execution in one year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProjectYear {
    pub code: Option<ProjectCode>,
    pub year: Option<Year>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<CreditFigure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub physical: Vec<PhysicalFigure>,
}

/// The reference of a project's figures of a quarter, as its reminders name
/// it: `MMEIA-01/2024/T2`.
pub fn quarter_reference(code: &ProjectCode, year: Year, quarter: Quarter) -> String {
    format!("{code}/{year}/T{}", quarter.value())
}

/// The code, year and quarter of a [`quarter_reference`] (a code may hold
/// `/`: read from the right).
pub fn parse_quarter_reference(reference: &str) -> Option<(&str, i32, u8)> {
    let (rest, quarter) = reference.rsplit_once("/T")?;
    let (code, year) = rest.rsplit_once('/')?;
    let quarter: u8 = quarter.parse().ok().filter(|q| (1..=4).contains(q))?;
    Some((code, year.parse().ok()?, quarter))
}

/// `None` reads the figures standing now.
fn stands(day: NaiveDate, as_of: Option<NaiveDate>) -> bool {
    as_of.is_none_or(|d| day <= d)
}

impl ProjectYear {
    /// `TOKTEN/2024`.
    pub fn aggregate_id(code: &ProjectCode, year: Year) -> String {
        format!("{code}/{year}")
    }

    /// The amounts standing on `as_of`, summed over the sources: for each
    /// source and stage, the latest figure dated on or before it (of two
    /// on the same day, the one recorded last).
    pub fn amounts(&self, as_of: Option<NaiveDate>) -> LineAmounts {
        let mut out = LineAmounts::default();
        for f in self.standing(as_of) {
            let sum = out.get(f.kind).checked_add(f.amount).unwrap_or(f.amount);
            out.set(f.kind, sum);
        }
        out
    }

    /// The credit figures standing on `as_of`: for each source and stage,
    /// the latest dated on or before it.
    fn standing(&self, as_of: Option<NaiveDate>) -> Vec<&CreditFigure> {
        let mut latest: Vec<&CreditFigure> = Vec::new();
        for f in self.credits.iter().filter(|f| stands(f.effective, as_of)) {
            match latest
                .iter_mut()
                .find(|l| l.source == f.source && l.kind == f.kind)
            {
                Some(l) if l.effective <= f.effective => *l = f,
                Some(_) => {}
                None => latest.push(f),
            }
        }
        latest
    }

    /// Whether a figure standing on `as_of` is an estimate.
    pub fn estimated(&self, as_of: Option<NaiveDate>) -> bool {
        self.standing(as_of).iter().any(|f| f.estimated)
            || self.physical_rate(as_of).is_some_and(|p| p.estimated)
    }

    /// The physical rate standing on `as_of`.
    pub fn physical_rate(&self, as_of: Option<NaiveDate>) -> Option<&PhysicalFigure> {
        self.physical.iter().filter(|p| stands(p.date, as_of)).fold(
            None,
            |best: Option<&PhysicalFigure>, p| match best {
                Some(b) if b.date > p.date => Some(b),
                _ => Some(p),
            },
        )
    }

    /// Whether any figure is dated from `from` to `to`.
    pub fn has_figures_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let within = |d: NaiveDate| from <= d && d <= to;
        self.credits.iter().any(|f| within(f.effective))
            || self.physical.iter().any(|p| within(p.date))
    }

    fn check(
        &self,
        code: &ProjectCode,
        year: Year,
        day: NaiveDate,
    ) -> Result<(), ProjectYearError> {
        if let (Some(c), Some(y)) = (&self.code, self.year) {
            if c != code || y != year {
                return Err(ProjectYearError::WrongProject(
                    c.clone(),
                    y,
                    code.clone(),
                    year,
                ));
            }
        }
        let (before, after) = (year.value() - 1, year.value() + 1);
        use chrono::Datelike;
        if day.year() < before || day.year() > after {
            return Err(ProjectYearError::OutsideYear {
                day,
                year,
                before,
                after,
            });
        }
        Ok(())
    }
}

impl Aggregate for ProjectYear {
    const TYPE: &'static str = "project_year";
    type Command = ProjectYearCommand;
    type Event = ProjectYearEvent;
    type Error = ProjectYearError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let event = match command {
            ProjectYearCommand::RecordCredit { code, year, figure } => {
                self.check(&code, year, figure.effective)?;
                if self.credits.last() == Some(&figure) {
                    return Ok(());
                }
                ProjectYearEvent::ProjectCreditRecorded { code, year, figure }
            }
            ProjectYearCommand::RecordPhysical { code, year, figure } => {
                self.check(&code, year, figure.date)?;
                if self.physical.last() == Some(&figure) {
                    return Ok(());
                }
                ProjectYearEvent::ProjectPhysicalRecorded { code, year, figure }
            }
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            ProjectYearEvent::ProjectCreditRecorded { code, year, figure } => {
                self.code = Some(code);
                self.year = Some(year);
                self.credits.push(figure);
            }
            ProjectYearEvent::ProjectPhysicalRecorded { code, year, figure } => {
                self.code = Some(code);
                self.year = Some(year);
                self.physical.push(figure);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    fn credit(
        source: &str,
        kind: CreditKind,
        amount: i64,
        effective: NaiveDate,
    ) -> ProjectYearEvent {
        ProjectYearEvent::ProjectCreditRecorded {
            code: ProjectCode::parse("TOKTEN").unwrap(),
            year: Year::new(2024).unwrap(),
            figure: CreditFigure {
                source: source.into(),
                kind,
                amount: Fcfa::new(amount).unwrap(),
                effective,
                estimated: false,
            },
        }
    }

    #[test]
    fn the_amounts_are_the_latest_figures_of_each_source_as_of_a_day() {
        let mut p = ProjectYear::default();
        for e in [
            credit("BSI", CreditKind::Notified, 100, day(2, 1)),
            credit("BSI", CreditKind::Engaged, 20, day(3, 31)),
            credit("BSI", CreditKind::Engaged, 50, day(6, 30)),
            // Recorded late, dated earlier: it stands on its own day only.
            credit("BSI", CreditKind::Engaged, 10, day(1, 31)),
            credit("PTF (OIM)", CreditKind::Notified, 40, day(4, 2)),
        ] {
            p.apply(e);
        }
        let at = |d| p.amounts(Some(d));
        assert_eq!(at(day(1, 31)).engaged.value(), 10);
        assert_eq!(at(day(3, 31)).engaged.value(), 20);
        assert_eq!(
            (
                at(day(4, 30)).notified.value(),
                at(day(4, 30)).engaged.value()
            ),
            (140, 20)
        );
        assert_eq!(p.amounts(None).engaged.value(), 50);
        assert!(at(day(1, 1)).notified.value() == 0);
    }

    #[test]
    fn a_figure_stands_from_the_arbitration_to_the_next_year() {
        let p = ProjectYear::default();
        let code = ProjectCode::parse("X").unwrap();
        let year = Year::new(2024).unwrap();
        assert!(p
            .check(&code, year, NaiveDate::from_ymd_opt(2023, 5, 30).unwrap())
            .is_ok());
        assert!(p
            .check(&code, year, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
            .is_err());
    }
}
