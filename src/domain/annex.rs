//! The year's means and the report's annexes, as the CPS keeps them in
//! simple tables: the equipment by condition (Tableaux 1 and 2), the staff
//! list, the meetings and trainings attended, the projects presented to the
//! budget arbitration. One `ReportAnnex` aggregate per year and kind; each
//! import replaces the table and is an event with its author, time and
//! reason. Also the reference figures of a year suivi has no snapshot of
//! (the execution rates the next report compares with).

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::types::{InvalidValue, ValueKind, Year};

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
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AnnexKind {
    Inventaire,
    ProjetsBsi,
    Personnel,
    Reunions,
}

crate::codes!(AnnexKind {
    Inventaire => "inventaire",
    ProjetsBsi => "projets_bsi",
    Personnel => "personnel",
    Reunions => "reunions",
});

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
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EquipmentCategory {
    ParcAuto,
    ParcInformatique,
}

crate::codes!(EquipmentCategory {
    ParcAuto => "parc_auto",
    ParcInformatique => "parc_informatique",
});

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
