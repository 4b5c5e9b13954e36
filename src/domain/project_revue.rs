//! The `ProjectRevue` aggregate: a ministry's revue annuelle des
//! projets/programmes, held in year Y on the year Y−1 (the MAECI's on
//! 31 March 2023, the MMEIA's on 13 April 2023): the projects it covered,
//! their difficulties, and the session in which its recommendations are
//! formulated (`projets-MAECI-2023`, see [`SessionId::of_projects`]).
//!
//! The revue of kind `revue_projets_programmes` of the workflows, with its
//! steps and calendar deadlines, says when the revue is held; this says
//! what it found.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::project::ProjectCode;
use super::types::{SessionId, StructureCode, Year};
use super::{Effective, TakesEffect};

#[derive(Debug, Clone, PartialEq)]
pub enum ProjectRevueCommand {
    /// Opens the revue, or brings its day and projects to these.
    Open {
        ministry: StructureCode,
        year: Year,
        held_on: Option<NaiveDate>,
        projects: Vec<ProjectCode>,
        /// The list of projects covered was worked out, not read.
        estimated: bool,
    },
    /// The difficulties a project met, as the revue states them.
    RecordDifficulties { project: ProjectCode, text: String },
}

/// Events of a ministry's revue des projets; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ProjectRevueEvent {
    ProjectRevueOpened {
        ministry: StructureCode,
        year: Year,
        held_on: Option<NaiveDate>,
        projects: Vec<ProjectCode>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        estimated: bool,
    },
    ProjectRevueDifficultiesRecorded {
        project: ProjectCode,
        text: String,
    },
}

impl DomainEvent for ProjectRevueEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ProjectRevueOpened { .. } => "ProjectRevueOpened",
            Self::ProjectRevueDifficultiesRecorded { .. } => "ProjectRevueDifficultiesRecorded",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for ProjectRevueEvent {
    /// Part of the revue whenever typed.
    fn takes_effect(&self) -> TakesEffect {
        TakesEffect::Always
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectRevueError {
    #[error("the revue is not opened")]
    NotOpened,
    #[error("revue of {0} in {1}, not of {2} in {3}")]
    WrongRevue(StructureCode, Year, StructureCode, Year),
    #[error("held on {0}, not in {1}")]
    HeldOutsideYear(NaiveDate, Year),
    #[error("project {0} is not covered by the revue")]
    NotCovered(ProjectCode),
    #[error("the revue covers no project")]
    NoProject,
    /// Held in 2000, it would review a year suivi does not know; or the
    /// ministry's code is too long to name its session.
    #[error("no revue of {0} in {1}")]
    Impossible(StructureCode, Year),
}

/// A ministry's revue des projets/programmes of one year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProjectRevue {
    pub ministry: Option<StructureCode>,
    /// The year it is held; it reviews the year before.
    pub year: Option<Year>,
    pub held_on: Option<NaiveDate>,
    pub projects: Vec<ProjectCode>,
    /// The list of projects covered was worked out, not read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
    #[schema(value_type = BTreeMap<String, String>)]
    pub difficulties: BTreeMap<ProjectCode, String>,
}

impl ProjectRevue {
    /// `MAECI/2023`.
    pub fn aggregate_id(ministry: &StructureCode, year: Year) -> String {
        format!("{ministry}/{year}")
    }

    /// The session of its recommendations: `projets-MAECI-2023`; none for a
    /// ministry's code too long to make one (over 27 characters).
    pub fn session(ministry: &StructureCode, year: Year) -> Option<SessionId> {
        let ministry: String = ministry
            .as_str()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        SessionId::parse(&format!("{}{ministry}-{year}", SessionId::PROJECTS)).ok()
    }

    /// The year it reviews.
    pub fn reviewed_year(&self) -> Option<Year> {
        self.year.and_then(|y| Year::new(y.value() - 1).ok())
    }
}

impl Aggregate for ProjectRevue {
    const TYPE: &'static str = "project_revue";
    type Command = ProjectRevueCommand;
    type Event = ProjectRevueEvent;
    type Error = ProjectRevueError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let event = match command {
            ProjectRevueCommand::Open {
                ministry,
                year,
                held_on,
                projects,
                estimated,
            } => {
                if let (Some(m), Some(y)) = (&self.ministry, self.year) {
                    if *m != ministry || y != year {
                        return Err(ProjectRevueError::WrongRevue(m.clone(), y, ministry, year));
                    }
                }
                if Year::new(year.value() - 1).is_err()
                    || ProjectRevue::session(&ministry, year).is_none()
                {
                    return Err(ProjectRevueError::Impossible(ministry, year));
                }
                if let Some(day) = held_on.filter(|d| chrono::Datelike::year(d) != year.value()) {
                    return Err(ProjectRevueError::HeldOutsideYear(day, year));
                }
                if projects.is_empty() {
                    return Err(ProjectRevueError::NoProject);
                }
                if self.held_on == held_on
                    && self.projects == projects
                    && self.estimated == estimated
                    && self.year.is_some()
                {
                    return Ok(());
                }
                ProjectRevueEvent::ProjectRevueOpened {
                    ministry,
                    year,
                    held_on,
                    projects,
                    estimated,
                }
            }
            ProjectRevueCommand::RecordDifficulties { project, text } => {
                if self.year.is_none() {
                    return Err(ProjectRevueError::NotOpened);
                }
                if !self.projects.contains(&project) {
                    return Err(ProjectRevueError::NotCovered(project));
                }
                if self.difficulties.get(&project) == Some(&text) {
                    return Ok(());
                }
                ProjectRevueEvent::ProjectRevueDifficultiesRecorded { project, text }
            }
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            ProjectRevueEvent::ProjectRevueOpened {
                ministry,
                year,
                held_on,
                projects,
                estimated,
            } => {
                self.ministry = Some(ministry);
                self.year = Some(year);
                self.held_on = held_on;
                self.projects = projects;
                self.estimated = estimated;
            }
            ProjectRevueEvent::ProjectRevueDifficultiesRecorded { project, text } => {
                self.difficulties.insert(project, text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn maeci() -> StructureCode {
        StructureCode::parse("MAECI").unwrap()
    }

    fn open(projects: &[&str]) -> ProjectRevueCommand {
        ProjectRevueCommand::Open {
            ministry: maeci(),
            year: Year::new(2023).unwrap(),
            held_on: NaiveDate::from_ymd_opt(2023, 3, 31),
            projects: projects
                .iter()
                .map(|p| ProjectCode::parse(p).unwrap())
                .collect(),
            estimated: false,
        }
    }

    #[test]
    fn a_revue_reviews_the_year_before_in_a_session_of_its_own() {
        let mut r = ProjectRevue::default();
        let ProjectRevueCommand::Open {
            ministry,
            year,
            held_on,
            projects,
            estimated,
        } = open(&["A"])
        else {
            unreachable!()
        };
        r.apply(ProjectRevueEvent::ProjectRevueOpened {
            ministry,
            year,
            held_on,
            projects,
            estimated,
        });
        assert_eq!(r.reviewed_year(), Year::new(2022).ok());
        let session = ProjectRevue::session(&maeci(), Year::new(2023).unwrap()).unwrap();
        assert_eq!(session.as_str(), "projets-MAECI-2023");
        assert_eq!(session.year(), Some(2023));
        assert!(session.of_projects());
    }

    #[test]
    fn difficulties_are_of_a_covered_project() {
        TestFramework::<ProjectRevue>::with(())
            .given(vec![ProjectRevueEvent::ProjectRevueOpened {
                ministry: maeci(),
                year: Year::new(2023).unwrap(),
                held_on: None,
                projects: vec![ProjectCode::parse("A").unwrap()],
                estimated: false,
            }])
            .when(ProjectRevueCommand::RecordDifficulties {
                project: ProjectCode::parse("B").unwrap(),
                text: "x".into(),
            })
            .then_expect_error_message("project B is not covered by the revue");
    }

    #[test]
    fn a_revue_needs_a_year_to_review_and_a_session() {
        let mut c = open(&["A"]);
        if let ProjectRevueCommand::Open { year, held_on, .. } = &mut c {
            *year = Year::new(2000).unwrap();
            *held_on = None;
        }
        TestFramework::<ProjectRevue>::with(())
            .given_no_previous_events()
            .when(c)
            .then_expect_error_message("no revue of MAECI in 2000");
        let long = StructureCode::parse("MINISTERE-DES-AFFAIRES-ETRANGER").unwrap();
        assert!(ProjectRevue::session(&long, Year::new(2023).unwrap()).is_none());
    }

    #[test]
    fn a_revue_is_held_in_its_year() {
        let mut c = open(&["A"]);
        if let ProjectRevueCommand::Open { held_on, .. } = &mut c {
            *held_on = NaiveDate::from_ymd_opt(2022, 12, 1);
        }
        TestFramework::<ProjectRevue>::with(())
            .given_no_previous_events()
            .when(c)
            .then_expect_error_message("held on 2022-12-01, not in 2023");
    }
}
