//! The year's means and the report's annexes, as the CPS keeps them in
//! simple tables: the equipment by condition (Tableaux 1 and 2), the staff
//! list, the meetings and trainings attended, the projects presented to the
//! budget arbitration. One `ReportAnnex` aggregate per year and kind; each
//! import replaces the table and is an event with its author, time and
//! reason.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::types::Year;

crate::codes! {
    /// The kinds of annex tables, in the document's order.
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
    pub enum AnnexKind {
        Inventaire => "inventaire",
        ProjetsBsi => "projets_bsi",
        Personnel => "personnel",
        Reunions => "reunions",
    }
}

crate::codes! {
    /// Where a piece of equipment belongs: Tableau 1 or Tableau 2.
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
    pub enum EquipmentCategory {
        ParcAuto => "parc_auto",
        ParcInformatique => "parc_informatique",
    }
}

/// One kind of equipment and how many are in good, fair and poor condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Equipment {
    pub category: EquipmentCategory,
    pub item: String,
    pub good: u32,
    pub fair: u32,
    pub poor: u32,
}

impl Equipment {
    pub fn quantity(&self) -> u64 {
        u64::from(self.good) + u64::from(self.fair) + u64::from(self.poor)
    }
}

/// A member of the staff, as the nominative list gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StaffMember {
    pub name: String,
    pub corps: String,
    pub function: String,
    /// As the list writes it: « Fonctionnaire », « Contractuel »…
    pub status: String,
}

impl StaffMember {
    /// Whether the member is under contract rather than a civil servant.
    pub fn contractual(&self) -> bool {
        deunicode::deunicode(self.status.trim())
            .to_lowercase()
            .starts_with("contractuel")
    }
}

/// A meeting, training or workshop attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Meeting {
    pub organiser: String,
    pub place: String,
    pub theme: String,
    pub dates: String,
}

/// A project of the sector presented to the budget arbitration (BSI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BsiProject {
    /// The ministry that carries it, as a structure code (MAECI, MMEIA…).
    pub ministry: String,
    pub title: String,
}

/// The rows of one annex table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "rows", rename_all = "snake_case")]
pub enum AnnexRows {
    Inventaire(Vec<Equipment>),
    ProjetsBsi(Vec<BsiProject>),
    Personnel(Vec<StaffMember>),
    Reunions(Vec<Meeting>),
}

impl AnnexRows {
    pub fn kind(&self) -> AnnexKind {
        match self {
            AnnexRows::Inventaire(_) => AnnexKind::Inventaire,
            AnnexRows::ProjetsBsi(_) => AnnexKind::ProjetsBsi,
            AnnexRows::Personnel(_) => AnnexKind::Personnel,
            AnnexRows::Reunions(_) => AnnexKind::Reunions,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            AnnexRows::Inventaire(r) => r.len(),
            AnnexRows::ProjetsBsi(r) => r.len(),
            AnnexRows::Personnel(r) => r.len(),
            AnnexRows::Reunions(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum AnnexCommand {
    /// Replaces the table; the same rows again change nothing.
    Import { year: Year, rows: AnnexRows },
}

/// Events of an annex table; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum AnnexEvent {
    ReportAnnexImported { year: Year, rows: AnnexRows },
}

impl DomainEvent for AnnexEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ReportAnnexImported { .. } => "ReportAnnexImported",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnexError {
    #[error("empty table")]
    Empty,
}

/// One annex table of one year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReportAnnex {
    pub year: Option<Year>,
    pub rows: Option<AnnexRows>,
    /// How many times it was imported.
    pub versions: u32,
}

impl ReportAnnex {
    /// `2023/inventaire`.
    pub fn aggregate_id(year: Year, kind: AnnexKind) -> String {
        format!("{year}/{}", super::types::Code::code(kind))
    }
}

impl Aggregate for ReportAnnex {
    const TYPE: &'static str = "report_annex";
    type Command = AnnexCommand;
    type Event = AnnexEvent;
    type Error = AnnexError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let AnnexCommand::Import { year, rows } = command;
        if rows.is_empty() {
            return Err(AnnexError::Empty);
        }
        if self.rows.as_ref() != Some(&rows) {
            sink.write(AnnexEvent::ReportAnnexImported { year, rows }, self)
                .await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let AnnexEvent::ReportAnnexImported { year, rows } = event;
        self.year = Some(year);
        self.rows = Some(rows);
        self.versions += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn y() -> Year {
        Year::new(2023).unwrap()
    }

    fn vehicles() -> AnnexRows {
        AnnexRows::Inventaire(vec![Equipment {
            category: EquipmentCategory::ParcAuto,
            item: "Véhicule".into(),
            good: 1,
            fair: 0,
            poor: 1,
        }])
    }

    #[test]
    fn a_table_is_imported_once_per_content_and_never_empty() {
        let imported = AnnexEvent::ReportAnnexImported {
            year: y(),
            rows: vehicles(),
        };
        let import = |rows| AnnexCommand::Import { year: y(), rows };
        TestFramework::<ReportAnnex>::with(())
            .given_no_previous_events()
            .when(import(vehicles()))
            .then_expect_events(vec![imported.clone()]);
        TestFramework::<ReportAnnex>::with(())
            .given(vec![imported])
            .when(import(vehicles()))
            .then_expect_events(vec![]);
        TestFramework::<ReportAnnex>::with(())
            .given_no_previous_events()
            .when(import(AnnexRows::Personnel(vec![])))
            .then_expect_error(AnnexError::Empty);
    }

    #[test]
    fn contractual_staff_are_told_by_their_status() {
        let member = |status: &str| StaffMember {
            name: "M. Chiaka TRAORE".into(),
            corps: "Aide Archiviste".into(),
            function: "Aide Archiviste".into(),
            status: status.into(),
        };
        assert!(member("Contractuel").contractual());
        assert!(member(" contractuelle").contractual());
        assert!(!member("Fonctionnaire").contractual());
    }
}
