//! Who may do what: the four roles and the rules that tie a structure's focal
//! point to the recommendations and deadlines of that structure.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::EventMetadata;

use super::types::StructureCode;

crate::codes! {
    /// A user's role.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, utoipa::ToSchema)]
    pub enum Role {
        /// Everything, including the audit and the snapshots.
        Director => "director",
        /// CPS staff: plans, executions, recommendations, revues, reminders.
        Cps => "cps",
        /// A focal point of one structure: its own recommendations and deadlines.
        Structure => "structure",
        /// Reads the tables, changes nothing.
        Reader => "reader",
    }
}

/// An authenticated user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    pub name: String,
    pub role: Role,
    /// The structure of a focal point.
    pub structure: Option<StructureCode>,
}

/// What a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// Read the plan, the finances, the revues, the calendar.
    ReadTables,
    /// Read recommendations; a focal point reads those of its structure.
    ReadRecommendations,
    /// Record plans, executions, costs, credits, revues, recommendations.
    Record,
    /// Change the status of a recommendation addressed to these structures.
    ChangeStatus(&'a [StructureCode]),
    /// Record the progress of an activity these units are responsible for.
    RecordProgress(&'a [StructureCode]),
    /// Record the credits and physical rate of a project of these structures.
    RecordProjectFigures(&'a [StructureCode]),
    /// Propose and hand in the sector plan's activities of these structures.
    RecordSectorPlan(&'a [StructureCode]),
    /// Read the plan's progress during the year; a focal point reads that of
    /// the activities its unit is responsible for.
    ReadProgress,
    /// Read or send reminders.
    Reminders,
    /// Read activity histories and any recommendation's, verify the chain, anchor it.
    Audit,
    /// Take or read snapshots.
    Snapshots,
    /// Change how suivi follows the year (the day it follows from): the director.
    Direct,
    /// Subscribe to the deadlines of a structure.
    StructureCalendar(&'a StructureCode),
}

impl User {
    pub fn may(&self, action: Action<'_>) -> bool {
        use Action::*;
        match (self.role, action) {
            (Role::Director, _) => true,
            (Role::Cps, Audit | Snapshots | Direct) => false,
            (Role::Cps, _) => true,
            (Role::Reader, ReadTables | ReadRecommendations | ReadProgress) => true,
            (Role::Reader, StructureCalendar(_)) => true,
            (Role::Reader, _) => false,
            (Role::Structure, ReadRecommendations | ReadProgress) => true,
            (
                Role::Structure,
                ChangeStatus(structures)
                | RecordProgress(structures)
                | RecordProjectFigures(structures)
                | RecordSectorPlan(structures),
            ) => self
                .structure
                .as_ref()
                .is_some_and(|s| structures.contains(s)),
            (Role::Structure, StructureCalendar(code)) => self.structure.as_ref() == Some(code),
            (Role::Structure, _) => false,
        }
    }

    /// Whether a recommendation addressed to `structures` is visible to this user.
    pub fn sees(&self, structures: &[StructureCode]) -> bool {
        match (self.role, &self.structure) {
            (Role::Structure, Some(own)) => structures.contains(own),
            (Role::Structure, None) => false,
            _ => true,
        }
    }
}

/// Who acts, and why: a user with their rights, the reason they give, and the
/// request the change belongs to. Every use case takes one; the events it
/// records carry it as their metadata.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: User,
    pub reason: Option<String>,
    pub correlation_id: String,
}

impl Actor {
    pub fn new(user: User, reason: Option<String>) -> Actor {
        Actor {
            user,
            reason: reason
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty()),
            correlation_id: uuid::Uuid::new_v4().to_string(),
        }
    }

    /// The person at the command line of the machine, or suivi's own jobs:
    /// every right, under their name.
    pub fn operator(name: impl Into<String>, reason: Option<String>) -> Actor {
        Actor::new(
            User {
                name: name.into(),
                role: Role::Director,
                structure: None,
            },
            reason,
        )
    }

    pub fn may(&self, action: Action<'_>) -> bool {
        self.user.may(action)
    }

    pub fn sees(&self, structures: &[StructureCode]) -> bool {
        self.user.sees(structures)
    }

    /// The metadata of the events recorded at `now`.
    pub fn metadata(&self, now: DateTime<Utc>) -> EventMetadata {
        EventMetadata {
            actor: self.user.name.clone(),
            reason: self.reason.clone(),
            recorded_at: now,
            correlation_id: self.correlation_id.clone(),
        }
    }
}

crate::codes! {
    /// What a token may do.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
    pub enum TokenScope {
        /// The JSON API, with its user's rights.
        Api => "api",
        /// Only reading its user's iCalendar feeds (a token that travels in a URL).
        Feed => "feed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, structure: Option<&str>) -> User {
        User {
            name: "u".into(),
            role,
            structure: structure.map(|s| StructureCode::parse(s).unwrap()),
        }
    }

    #[test]
    fn a_focal_point_acts_on_its_own_structure_only() {
        let maeci = [StructureCode::parse("MAECI").unwrap()];
        let dcm = [StructureCode::parse("DCM").unwrap()];
        let u = user(Role::Structure, Some("MAECI"));
        assert!(u.may(Action::ChangeStatus(&maeci)));
        assert!(!u.may(Action::ChangeStatus(&dcm)));
        assert!(u.sees(&maeci) && !u.sees(&dcm));
        assert!(!u.may(Action::Record) && !u.may(Action::ReadTables) && !u.may(Action::Audit));
        assert!(u.may(Action::ReadProgress) && !u.may(Action::RecordProgress(&dcm)));
        assert!(u.may(Action::RecordProgress(&maeci)));
        assert!(
            u.may(Action::StructureCalendar(&maeci[0]))
                && !u.may(Action::StructureCalendar(&dcm[0]))
        );
    }

    #[test]
    fn roles_from_director_to_reader() {
        let any = [StructureCode::parse("DCM").unwrap()];
        assert!(user(Role::Director, None).may(Action::Snapshots));
        assert!(!user(Role::Cps, None).may(Action::Audit));
        assert!(user(Role::Cps, None).may(Action::ChangeStatus(&any)));
        assert!(user(Role::Reader, None).may(Action::ReadTables));
        assert!(!user(Role::Reader, None).may(Action::Record));
        assert!(!user(Role::Reader, None).may(Action::ChangeStatus(&any)));
    }
}
