//! The `Project` aggregate: a project or programme of the sector's portfolio
//! (the BSI list), its details as the documents give them and its life
//! cycle. Its credits and physical execution, year by year, are
//! [`super::execution::ProjectYear`]; its place at each BSI arbitration is
//! [`super::arbitration::Arbitration`].
//!
//! (Over 400 lines: the given/when/then tests of its commands live beside
//! the aggregate, as the model codebases keep them.)

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::types::{upper_code, Fcfa, InvalidValue, StructureCode, ValueKind, Year};
use super::{Effective, TakesEffect};

/// A project's code, as the CPS writes it (`MAECI-03`, `TOKTEN`): letters,
/// digits and `/-_.`, upper case, at most 32 characters.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct ProjectCode(String);

impl ProjectCode {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        upper_code(s, ValueKind::ProjectCode).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ProjectCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

crate::codes! {
    /// A project, or a programme with sub-projects under it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, utoipa::ToSchema)]
    pub enum ProjectKind {
        Projet => "projet",
        Programme => "programme",
    }
}

crate::codes! {
    /// Where a project stands in its life cycle.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, utoipa::ToSchema)]
    pub enum ProjectStatus {
        EnPreparation => "en_preparation",
        EnCours => "en_cours",
        Acheve => "acheve",
        Suspendu => "suspendu",
    }
}

crate::codes! {
    /// Who finances a project.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, utoipa::ToSchema)]
    pub enum FundingKind {
        /// Budget Spécial d'Investissement.
        Bsi => "bsi",
        /// A technical and financial partner, named.
        Ptf => "ptf",
        Autre => "autre",
    }
}

/// One source of a project's financing: the BSI, a named partner, or other.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct Funding {
    pub kind: FundingKind,
    /// The partner's or other source's name; none for the BSI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Funding {
    /// `BSI`, `PTF`, `PTF : Banque mondiale`, `PTF (OIM)`, or any other
    /// name (an other source); case-blind for the two words.
    pub fn parse(s: &str) -> Option<Funding> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if s.eq_ignore_ascii_case("BSI") {
            return Some(Funding {
                kind: FundingKind::Bsi,
                name: None,
            });
        }
        // An ASCII prefix: the rest starts on a character boundary.
        if s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("PTF")) {
            let name = s[3..]
                .trim()
                .trim_start_matches([':', '-', '('])
                .trim_end_matches(')')
                .trim();
            return Some(Funding {
                kind: FundingKind::Ptf,
                name: (!name.is_empty()).then(|| name.to_string()),
            });
        }
        Some(Funding {
            kind: FundingKind::Autre,
            name: Some(s.to_string()),
        })
    }

    /// The source as the tables write it: `BSI`, `PTF (OIM)`, the name.
    pub fn label(&self) -> String {
        match (self.kind, &self.name) {
            (FundingKind::Bsi, _) => "BSI".into(),
            (FundingKind::Ptf, Some(n)) => format!("PTF ({n})"),
            (FundingKind::Ptf, None) => "PTF".into(),
            (FundingKind::Autre, n) => n.clone().unwrap_or_default(),
        }
    }
}

/// What the documents say of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProjectDetails {
    /// The title as the BSI list writes it.
    pub title: String,
    /// Other names the documents use (« Projet TOKTEN » for « Programme
    /// d'appui TOKTEN »).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub ministry: StructureCode,
    /// The structure responsible, when not the ministry itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<StructureCode>,
    pub kind: ProjectKind,
    /// The programme a sub-project belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ProjectCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funding: Vec<Funding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_cost: Option<Fcfa>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Year>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Year>,
    /// The first year of the PTI it is programmed in (2024 for the PTI
    /// 2024-2026).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pti: Option<Year>,
    /// The project manager's address, for the reminders of its figures
    /// (kept now; the reminders of the quarterly figures do not send yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_email: Option<String>,
    /// Not read in a document: a project the report counts without naming
    /// it, or a detail worked out (shown as an estimate).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

impl ProjectDetails {
    /// The structures its figures and recommendations concern: the
    /// responsible structure and the ministry.
    pub fn structures(&self) -> Vec<StructureCode> {
        let mut out: Vec<StructureCode> = self.structure.iter().cloned().collect();
        if !out.contains(&self.ministry) {
            out.push(self.ministry.clone());
        }
        out
    }

    /// The structure whose focal points hand in its figures: the
    /// responsible structure, else the ministry.
    pub fn reporting_structure(&self) -> &StructureCode {
        self.structure.as_ref().unwrap_or(&self.ministry)
    }

    /// Whether the project runs in `year`, by its start and end years
    /// (unknown bounds do not exclude it).
    pub fn runs_in(&self, year: Year) -> bool {
        self.start.is_none_or(|s| s <= year) && self.end.is_none_or(|e| year <= e)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProjectCommand {
    /// Registers the project, or brings its details and status to these
    /// (nothing when they are already so).
    Register {
        code: ProjectCode,
        details: ProjectDetails,
        status: ProjectStatus,
        /// The day a change of status took effect.
        effective: NaiveDate,
    },
}

/// Events of a project; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ProjectEvent {
    ProjectRegistered {
        code: ProjectCode,
        details: ProjectDetails,
        status: ProjectStatus,
    },
    ProjectDetailsChanged {
        details: ProjectDetails,
    },
    ProjectStatusChanged {
        from: ProjectStatus,
        to: ProjectStatus,
        effective: NaiveDate,
    },
}

impl DomainEvent for ProjectEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ProjectRegistered { .. } => "ProjectRegistered",
            Self::ProjectDetailsChanged { .. } => "ProjectDetailsChanged",
            Self::ProjectStatusChanged { .. } => "ProjectStatusChanged",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for ProjectEvent {
    fn takes_effect(&self) -> TakesEffect {
        match self {
            Self::ProjectRegistered { .. } | Self::ProjectDetailsChanged { .. } => {
                TakesEffect::Always
            }
            Self::ProjectStatusChanged { effective, .. } => TakesEffect::On(*effective),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectError {
    #[error("project {0}, not {1}")]
    WrongCode(ProjectCode, ProjectCode),
    #[error("a project cannot be its own programme")]
    OwnParent,
    #[error("ends in {end}, before it starts in {start}")]
    EndBeforeStart { start: Year, end: Year },
}

/// A project of the portfolio.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Project {
    pub code: Option<ProjectCode>,
    pub details: Option<ProjectDetails>,
    pub status: Option<ProjectStatus>,
    /// The day its status took effect, when it changed after registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_since: Option<NaiveDate>,
}

impl Project {
    pub fn aggregate_id(code: &ProjectCode) -> String {
        code.to_string()
    }
}

impl Aggregate for Project {
    const TYPE: &'static str = "project";
    type Command = ProjectCommand;
    type Event = ProjectEvent;
    type Error = ProjectError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let mut events = Vec::new();
        match command {
            ProjectCommand::Register {
                code,
                details,
                status,
                effective,
            } => {
                if details.parent.as_ref() == Some(&code) {
                    return Err(ProjectError::OwnParent);
                }
                if let (Some(start), Some(end)) = (details.start, details.end) {
                    if end < start {
                        return Err(ProjectError::EndBeforeStart { start, end });
                    }
                }
                match (&self.code, &self.details, self.status) {
                    (Some(own), _, _) if *own != code => {
                        return Err(ProjectError::WrongCode(own.clone(), code))
                    }
                    (Some(_), Some(known), Some(from)) => {
                        if *known != details {
                            events.push(ProjectEvent::ProjectDetailsChanged { details });
                        }
                        if from != status {
                            events.push(ProjectEvent::ProjectStatusChanged {
                                from,
                                to: status,
                                effective,
                            });
                        }
                    }
                    _ => events.push(ProjectEvent::ProjectRegistered {
                        code,
                        details,
                        status,
                    }),
                }
            }
        }
        for e in events {
            sink.write(e, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            ProjectEvent::ProjectRegistered {
                code,
                details,
                status,
            } => {
                self.code = Some(code);
                self.details = Some(details);
                self.status = Some(status);
            }
            ProjectEvent::ProjectDetailsChanged { details } => self.details = Some(details),
            ProjectEvent::ProjectStatusChanged { to, effective, .. } => {
                self.status = Some(to);
                self.status_since = Some(effective);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    type Given = TestFramework<Project>;

    fn code(s: &str) -> ProjectCode {
        ProjectCode::parse(s).unwrap()
    }

    fn details(title: &str) -> ProjectDetails {
        ProjectDetails {
            title: title.into(),
            aliases: vec![],
            ministry: StructureCode::parse("MMEIA").unwrap(),
            structure: None,
            kind: ProjectKind::Projet,
            parent: None,
            funding: vec![Funding::parse("BSI").unwrap()],
            total_cost: None,
            start: None,
            end: None,
            pti: None,
            manager_email: None,
            estimated: false,
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()
    }

    fn registered() -> ProjectEvent {
        ProjectEvent::ProjectRegistered {
            code: code("TOKTEN"),
            details: details("Programme d'appui TOKTEN"),
            status: ProjectStatus::EnCours,
        }
    }

    fn register(title: &str, status: ProjectStatus) -> ProjectCommand {
        ProjectCommand::Register {
            code: code("TOKTEN"),
            details: details(title),
            status,
            effective: day(),
        }
    }

    #[test]
    fn registering_again_the_same_project_records_nothing() {
        Given::with(())
            .given(vec![registered()])
            .when(register("Programme d'appui TOKTEN", ProjectStatus::EnCours))
            .then_expect_events(vec![]);
    }

    #[test]
    fn registering_again_records_what_changed() {
        Given::with(())
            .given(vec![registered()])
            .when(register("Projet TOKTEN", ProjectStatus::Acheve))
            .then_expect_events(vec![
                ProjectEvent::ProjectDetailsChanged {
                    details: details("Projet TOKTEN"),
                },
                ProjectEvent::ProjectStatusChanged {
                    from: ProjectStatus::EnCours,
                    to: ProjectStatus::Acheve,
                    effective: day(),
                },
            ]);
    }

    #[test]
    fn a_project_ends_after_it_starts() {
        let mut d = details("x");
        d.start = Some(Year::new(2025).unwrap());
        d.end = Some(Year::new(2023).unwrap());
        Given::with(())
            .given_no_previous_events()
            .when(ProjectCommand::Register {
                code: code("X"),
                details: d,
                status: ProjectStatus::EnCours,
                effective: day(),
            })
            .then_expect_error_message("ends in 2023, before it starts in 2025");
    }

    #[test]
    fn funding_reads_the_words_of_the_documents() {
        let f = |s: &str| Funding::parse(s).unwrap();
        assert_eq!(f("bsi").kind, FundingKind::Bsi);
        assert_eq!(f("PTF : OIM").name.as_deref(), Some("OIM"));
        assert_eq!(f("PTF (Banque mondiale)").label(), "PTF (Banque mondiale)");
        assert_eq!(f("Ressources propres").kind, FundingKind::Autre);
        assert!(Funding::parse("  ").is_none());
        // Letters that change length in upper case are read as written.
        assert_eq!(f("PTF ıı").name.as_deref(), Some("ıı"));
        assert_eq!(f("ﬀ PTF").kind, FundingKind::Autre);
    }
}
