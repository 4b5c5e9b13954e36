//! What the yearly report says that no other event records: its narrative
//! sections (the introduction, the CPS's missions, the difficulties…), one
//! `ReportSection` aggregate per year and section, written in Markdown. Each
//! version is an event with its author, time and reason, so a section's
//! history is audited like the rest, and the report of a past day shows the
//! text as it stood then. Also the activities carried out without being
//! planned, which the report lists apart from the plan.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::types::Year;

crate::codes! {
    /// A section of the report « Rapport d'activités et plan d'action », in the
    /// order the document gives them.
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
    pub enum SectionKey {
        Introduction => "introduction",
        Missions => "missions",
        Organisation => "organisation",
        RessourcesHumaines => "ressources_humaines",
        RessourcesMaterielles => "ressources_materielles",
        Difficultes => "difficultes",
        Perspectives => "perspectives",
        Conclusion => "conclusion",
    }
}

/// The longest section, in characters (a report's chapter is a few pages).
pub const MAX_SECTION_CHARS: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
pub enum ReportSectionCommand {
    /// Writes the section's text; the same text again changes nothing.
    Write {
        year: Year,
        key: SectionKey,
        markdown: String,
    },
}

/// Events of a report section; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ReportSectionEvent {
    ReportSectionWritten {
        year: Year,
        key: SectionKey,
        markdown: String,
    },
}

impl DomainEvent for ReportSectionEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ReportSectionWritten { .. } => "ReportSectionWritten",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl super::Effective for ReportSectionEvent {
    fn takes_effect(&self) -> super::TakesEffect {
        super::TakesEffect::WhenRecorded
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportSectionError {
    #[error("empty section")]
    Empty,
    #[error("section of {length} characters, at most {max}")]
    TooLong { length: usize, max: usize },
}

/// One section of one year's report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReportSection {
    pub year: Option<Year>,
    pub key: Option<SectionKey>,
    /// The current text, in Markdown.
    pub markdown: String,
    /// How many versions were written.
    pub versions: u32,
}

impl ReportSection {
    /// `2023/introduction`.
    pub fn aggregate_id(year: Year, key: SectionKey) -> String {
        format!("{year}/{}", super::types::Code::code(key))
    }
}

impl Aggregate for ReportSection {
    const TYPE: &'static str = "report_section";
    type Command = ReportSectionCommand;
    type Event = ReportSectionEvent;
    type Error = ReportSectionError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let ReportSectionCommand::Write {
            year,
            key,
            markdown,
        } = command;
        let markdown = markdown.trim().replace("\r\n", "\n");
        if markdown.is_empty() {
            return Err(ReportSectionError::Empty);
        }
        let length = markdown.chars().count();
        if length > MAX_SECTION_CHARS {
            return Err(ReportSectionError::TooLong {
                length,
                max: MAX_SECTION_CHARS,
            });
        }
        if markdown != self.markdown {
            sink.write(
                ReportSectionEvent::ReportSectionWritten {
                    year,
                    key,
                    markdown,
                },
                self,
            )
            .await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let ReportSectionEvent::ReportSectionWritten {
            year,
            key,
            markdown,
        } = event;
        self.year = Some(year);
        self.key = Some(key);
        self.markdown = markdown;
        self.versions += 1;
    }
}

/// An activity carried out in the year without being in its plan (the
/// seed's Vision 2063, CREDD and SDS work): reported in its own section,
/// never counted in the plan's execution rate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnplannedActivity {
    pub year: Option<Year>,
    /// Its number among the year's unplanned activities, from 1.
    pub number: u32,
    pub title: String,
    pub period: Option<String>,
    pub observation: Option<String>,
}

impl UnplannedActivity {
    /// `2023/3`.
    pub fn aggregate_id(year: Year, number: u32) -> String {
        format!("{year}/{number}")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum UnplannedCommand {
    Record {
        year: Year,
        number: u32,
        title: String,
        period: Option<String>,
        observation: Option<String>,
    },
}

/// Events of an unplanned activity; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum UnplannedEvent {
    UnplannedActivityRecorded {
        year: Year,
        number: u32,
        title: String,
        period: Option<String>,
        observation: Option<String>,
    },
}

impl DomainEvent for UnplannedEvent {
    fn event_type(&self) -> String {
        match self {
            Self::UnplannedActivityRecorded { .. } => "UnplannedActivityRecorded",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnplannedError {
    #[error("empty title")]
    EmptyTitle,
    /// Another activity took this number meanwhile.
    #[error("number {0} already used")]
    NumberTaken(u32),
}

fn filled(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Aggregate for UnplannedActivity {
    const TYPE: &'static str = "unplanned_activity";
    type Command = UnplannedCommand;
    type Event = UnplannedEvent;
    type Error = UnplannedError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let UnplannedCommand::Record {
            year,
            number,
            title,
            period,
            observation,
        } = command;
        if self.year.is_some() {
            return Err(UnplannedError::NumberTaken(number));
        }
        let title = title.trim().to_string();
        if title.is_empty() {
            return Err(UnplannedError::EmptyTitle);
        }
        sink.write(
            UnplannedEvent::UnplannedActivityRecorded {
                year,
                number,
                title,
                period: filled(period),
                observation: filled(observation),
            },
            self,
        )
        .await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let UnplannedEvent::UnplannedActivityRecorded {
            year,
            number,
            title,
            period,
            observation,
        } = event;
        *self = UnplannedActivity {
            year: Some(year),
            number,
            title,
            period,
            observation,
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

    fn write(text: &str) -> ReportSectionCommand {
        ReportSectionCommand::Write {
            year: y(),
            key: SectionKey::Introduction,
            markdown: text.into(),
        }
    }

    fn written(text: &str) -> ReportSectionEvent {
        ReportSectionEvent::ReportSectionWritten {
            year: y(),
            key: SectionKey::Introduction,
            markdown: text.into(),
        }
    }

    #[test]
    fn a_section_is_written_trimmed_and_the_same_text_twice_changes_nothing() {
        TestFramework::<ReportSection>::with(())
            .given_no_previous_events()
            .when(write("  La CPS/SCI…\r\n"))
            .then_expect_events(vec![written("La CPS/SCI…")]);
        TestFramework::<ReportSection>::with(())
            .given(vec![written("La CPS/SCI…")])
            .when(write("La CPS/SCI…\n"))
            .then_expect_events(vec![]);
    }

    #[test]
    fn an_empty_or_endless_section_is_refused() {
        TestFramework::<ReportSection>::with(())
            .given_no_previous_events()
            .when(write(" \n "))
            .then_expect_error(ReportSectionError::Empty);
        TestFramework::<ReportSection>::with(())
            .given_no_previous_events()
            .when(write(&"é".repeat(MAX_SECTION_CHARS + 1)))
            .then_expect_error(ReportSectionError::TooLong {
                length: MAX_SECTION_CHARS + 1,
                max: MAX_SECTION_CHARS,
            });
    }
}

#[cfg(test)]
mod unplanned_tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn record(title: &str) -> UnplannedCommand {
        UnplannedCommand::Record {
            year: Year::new(2023).unwrap(),
            number: 1,
            title: title.into(),
            period: Some(" ".into()),
            observation: Some("Atelier tenu".into()),
        }
    }

    #[test]
    fn an_unplanned_activity_is_recorded_once_with_a_title() {
        let recorded = UnplannedEvent::UnplannedActivityRecorded {
            year: Year::new(2023).unwrap(),
            number: 1,
            title: "Vision 2063".into(),
            period: None,
            observation: Some("Atelier tenu".into()),
        };
        TestFramework::<UnplannedActivity>::with(())
            .given_no_previous_events()
            .when(record(" Vision 2063 "))
            .then_expect_events(vec![recorded.clone()]);
        TestFramework::<UnplannedActivity>::with(())
            .given(vec![recorded])
            .when(record("Autre"))
            .then_expect_error(UnplannedError::NumberTaken(1));
        TestFramework::<UnplannedActivity>::with(())
            .given_no_previous_events()
            .when(record("  "))
            .then_expect_error(UnplannedError::EmptyTitle);
    }
}
