//! A structure of the directory as the CPS keeps it: its name, parent,
//! aliases, focal points' and head's e-mail addresses. The shipped
//! `config/structures.toml` gives the first values; each change made since
//! is an event with its author, and the latest one is what suivi uses.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::types::StructureCode;

/// What the directory says of a structure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StructureFields {
    pub name: String,
    #[schema(value_type = Option<String>)]
    pub parent: Option<StructureCode>,
    pub aliases: Vec<String>,
    pub focal_points: Vec<String>,
    pub head: Option<String>,
}

/// A structure's entry: its code and, once changed in suivi, what it says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StructureEntry {
    #[schema(value_type = Option<String>)]
    pub code: Option<StructureCode>,
    pub fields: Option<StructureFields>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StructureCommand {
    /// Records what the directory says of `code` from now on; the same
    /// values again change nothing.
    Record {
        code: StructureCode,
        fields: StructureFields,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum StructureEvent {
    /// The whole entry as it now reads (the one before is the previous
    /// event, or the shipped file).
    StructureRecorded {
        #[schema(value_type = String)]
        code: StructureCode,
        fields: StructureFields,
    },
}

impl DomainEvent for StructureEvent {
    fn event_type(&self) -> String {
        "StructureRecorded".into()
    }
    fn event_version(&self) -> String {
        "1".into()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StructureError {
    #[error("a structure needs its name")]
    NameRequired,
    #[error("a structure cannot be its own parent")]
    OwnParent,
}

impl Aggregate for StructureEntry {
    const TYPE: &'static str = "structure";
    type Command = StructureCommand;
    type Event = StructureEvent;
    type Error = StructureError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let StructureCommand::Record { code, mut fields } = command;
        fields.name = fields.name.trim().to_string();
        if fields.name.is_empty() {
            return Err(StructureError::NameRequired);
        }
        if fields.parent.as_ref() == Some(&code) {
            return Err(StructureError::OwnParent);
        }
        if self.fields.as_ref() != Some(&fields) {
            sink.write(StructureEvent::StructureRecorded { code, fields }, self)
                .await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let StructureEvent::StructureRecorded { code, fields } = event;
        self.code = Some(code);
        self.fields = Some(fields);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn fields(name: &str) -> StructureFields {
        StructureFields {
            name: name.into(),
            focal_points: vec!["pf@dcm.gouv.ml".into()],
            ..Default::default()
        }
    }

    fn dcm() -> StructureCode {
        StructureCode::parse("DCM").unwrap()
    }

    #[test]
    fn a_change_is_recorded_once() {
        let recorded = StructureEvent::StructureRecorded {
            code: dcm(),
            fields: fields("Direction de la Coopération Multilatérale"),
        };
        TestFramework::<StructureEntry>::with(())
            .given_no_previous_events()
            .when(StructureCommand::Record {
                code: dcm(),
                fields: fields(" Direction de la Coopération Multilatérale "),
            })
            .then_expect_events(vec![recorded.clone()]);
        TestFramework::<StructureEntry>::with(())
            .given(vec![recorded])
            .when(StructureCommand::Record {
                code: dcm(),
                fields: fields("Direction de la Coopération Multilatérale"),
            })
            .then_expect_events(vec![]);
    }

    #[test]
    fn a_structure_needs_a_name_and_another_parent() {
        TestFramework::<StructureEntry>::with(())
            .given_no_previous_events()
            .when(StructureCommand::Record {
                code: dcm(),
                fields: fields(" "),
            })
            .then_expect_error(StructureError::NameRequired);
        TestFramework::<StructureEntry>::with(())
            .given_no_previous_events()
            .when(StructureCommand::Record {
                code: dcm(),
                fields: StructureFields {
                    parent: Some(dcm()),
                    ..fields("DCM")
                },
            })
            .then_expect_error(StructureError::OwnParent);
    }
}
