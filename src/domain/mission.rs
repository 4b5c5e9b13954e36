//! The `Mission` aggregate: a monitoring mission to projects (the MDC
//! missions of 2023: Le Caire, 14–19 April; Rabat, 19–25 June), the
//! projects it visited, in the portfolio or not, and what it found. Its
//! recommendations, addressed per project to an embassy or a ministry, are
//! formulated in a session of their own (`projets-caire-2023`).

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::project::ProjectCode;
use super::types::{invalid, InvalidValue, SessionId, StructureCode, ValueKind, Year};
use super::{Effective, TakesEffect};

/// A mission's short name, unique in its year (`caire`, `rabat`): lower
/// case letters, digits and `-`, at most 20.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct MissionName(String);

impl MissionName {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let s = s.trim().to_lowercase();
        let ok = !s.is_empty()
            && s.len() <= 20
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok {
            Ok(Self(s))
        } else {
            Err(invalid(ValueKind::MissionName, s))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A project a mission visited: one of the portfolio, or named only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VisitedProject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ProjectCode>,
    pub title: String,
}

/// What a mission was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MissionDetails {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Where (`Le Caire`).
    pub place: String,
    /// The structures visited or met (an embassy).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub structures: Vec<StructureCode>,
    pub projects: Vec<VisitedProject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MissionCommand {
    /// Records the mission, or brings its details to these.
    Record {
        name: MissionName,
        year: Year,
        details: MissionDetails,
    },
}

/// Events of a mission; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum MissionEvent {
    MissionRecorded {
        name: MissionName,
        year: Year,
        details: MissionDetails,
    },
}

impl DomainEvent for MissionEvent {
    fn event_type(&self) -> String {
        "MissionRecorded".to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for MissionEvent {
    fn takes_effect(&self) -> TakesEffect {
        let MissionEvent::MissionRecorded { details, .. } = self;
        TakesEffect::On(details.to)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MissionError {
    #[error("ends on {to}, before it starts on {from}")]
    EndsBeforeStart { from: NaiveDate, to: NaiveDate },
    #[error("starts on {0}, not in {1}")]
    OutsideYear(NaiveDate, Year),
    #[error("the mission visited no project")]
    NoProject,
}

/// A monitoring mission.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Mission {
    pub name: Option<MissionName>,
    pub year: Option<Year>,
    pub details: Option<MissionDetails>,
}

impl Mission {
    /// `2023/caire`.
    pub fn aggregate_id(name: &MissionName, year: Year) -> String {
        format!("{year}/{name}", name = name.as_str())
    }

    /// The session of its recommendations: `projets-caire-2023`.
    pub fn session(name: &MissionName, year: Year) -> SessionId {
        SessionId::parse(&format!("{}{}-{year}", SessionId::PROJECTS, name.as_str()))
            .expect("a mission's name makes a session")
    }
}

impl Aggregate for Mission {
    const TYPE: &'static str = "mission";
    type Command = MissionCommand;
    type Event = MissionEvent;
    type Error = MissionError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let MissionCommand::Record {
            name,
            year,
            details,
        } = command;
        if details.to < details.from {
            return Err(MissionError::EndsBeforeStart {
                from: details.from,
                to: details.to,
            });
        }
        if chrono::Datelike::year(&details.from) != year.value() {
            return Err(MissionError::OutsideYear(details.from, year));
        }
        if details.projects.is_empty() {
            return Err(MissionError::NoProject);
        }
        if self.details.as_ref() != Some(&details) {
            sink.write(
                MissionEvent::MissionRecorded {
                    name,
                    year,
                    details,
                },
                self,
            )
            .await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let MissionEvent::MissionRecorded {
            name,
            year,
            details,
        } = event;
        self.name = Some(name);
        self.year = Some(year);
        self.details = Some(details);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missions_session_is_of_the_projects_and_of_its_year() {
        let name = MissionName::parse("Caire").unwrap();
        let s = Mission::session(&name, Year::new(2023).unwrap());
        assert_eq!(s.as_str(), "projets-caire-2023");
        assert_eq!(s.year(), Some(2023));
        assert!(s.of_projects());
        assert!(MissionName::parse("le caire").is_err());
    }
}
