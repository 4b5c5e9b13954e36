//! The `Recommendation` aggregate: a recommendation formulated at a session,
//! addressed to one or more responsible structures, followed up until executed,
//! and carried over to a later session when unfinished.
//!
//! (Over 400 lines: the given/when/then tests of every command and refusal
//! live beside the aggregate, as the model codebases keep them.)

use std::sync::Arc;

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::document::Document;
use super::reminder::ReminderSent;
use super::types::{SessionId, StructureCode};
use super::workflow::{RecommendationStatus, RecommendationWorkflow};
use super::{Effective, TakesEffect};

/// A recommendation's identity: its session and number in that session.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct RecommendationRef {
    pub session: SessionId,
    pub number: u32,
}

impl RecommendationRef {
    /// The aggregate id under which its events are stored.
    pub fn aggregate_id(&self) -> String {
        format!("{}#{}", self.session, self.number)
    }
}

impl std::fmt::Display for RecommendationRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.aggregate_id())
    }
}

/// What a recommendation says and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RecommendationContent {
    pub text: String,
    pub structures: Vec<StructureCode>,
    pub due: Option<NaiveDate>,
    /// The project it concerns (a revue des projets' or a mission's
    /// recommendation « Pour le Projet de … »); absent from the events
    /// written before projects were followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<super::project::ProjectCode>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RecommendationCommand {
    /// Records a recommendation formulated at a session; repeating it with the
    /// same content changes nothing.
    Formulate {
        id: RecommendationRef,
        content: RecommendationContent,
    },
    /// A new status, taking effect on `effective` (never before the
    /// previous change).
    ChangeStatus {
        to: RecommendationStatus,
        comment: Option<String>,
        evidence: Option<String>,
        /// Files attached as evidence, their bytes already stored apart.
        documents: Vec<Document>,
        effective: NaiveDate,
    },
    /// Withdraws a document attached by mistake: its bytes are hidden, its
    /// hash and the withdrawal stay in the history.
    WithdrawDocument { sha256: String, reason: String },
    /// Source side of a carry-over: this recommendation continues as `to`.
    CarryOver { to: RecommendationRef },
    /// Target side of a carry-over: this recommendation continues `from`.
    ContinueFrom { from: RecommendationRef },
    /// Records a reminder sent about it; the same message twice is recorded once.
    RecordReminder(ReminderSent),
}

/// Events of a recommendation. The variant names are the stored event types
/// and never change; `event_version` tells the payload's shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum RecommendationEvent {
    RecommendationFormulated {
        id: RecommendationRef,
        content: RecommendationContent,
    },
    /// Version 2: `comment` and `evidence` grouped as the `justification`
    /// (version 1 had them beside `from` and `to`); version 3: the day it
    /// took effect (`effective`; earlier versions are read with the day
    /// they were recorded). The codec upcasts them.
    RecommendationStatusChanged {
        from: RecommendationStatus,
        to: RecommendationStatus,
        justification: Justification,
        effective: NaiveDate,
    },
    RecommendationCarriedOver {
        to: RecommendationRef,
    },
    RecommendationContinuedFrom {
        from: RecommendationRef,
    },
    RecommendationReminderSent(ReminderSent),
    /// `name`: the name it was attached under, for the history.
    RecommendationDocumentWithdrawn {
        sha256: String,
        name: String,
        reason: String,
    },
}

impl DomainEvent for RecommendationEvent {
    fn event_type(&self) -> String {
        match self {
            Self::RecommendationFormulated { .. } => "RecommendationFormulated",
            Self::RecommendationStatusChanged { .. } => "RecommendationStatusChanged",
            Self::RecommendationCarriedOver { .. } => "RecommendationCarriedOver",
            Self::RecommendationContinuedFrom { .. } => "RecommendationContinuedFrom",
            Self::RecommendationReminderSent(_) => "RecommendationReminderSent",
            Self::RecommendationDocumentWithdrawn { .. } => "RecommendationDocumentWithdrawn",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        match self {
            Self::RecommendationStatusChanged { .. } => "3",
            _ => "1",
        }
        .to_string()
    }
}

impl Effective for RecommendationEvent {
    fn takes_effect(&self) -> TakesEffect {
        match self {
            Self::RecommendationStatusChanged { effective, .. } => TakesEffect::On(*effective),
            Self::RecommendationReminderSent(r) => TakesEffect::On(r.day),
            Self::RecommendationFormulated { .. } => TakesEffect::Always,
            // A carry-over is decided at a later session.
            Self::RecommendationCarriedOver { .. } | Self::RecommendationContinuedFrom { .. } => {
                TakesEffect::WhenRecorded
            }
            Self::RecommendationDocumentWithdrawn { .. } => TakesEffect::WhenRecorded,
        }
    }
}

/// Why a status changed: the focal point's comment, the reference of the
/// supporting document (pièce justificative) and the files attached, as the
/// workflow requires them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Justification {
    pub comment: Option<String>,
    pub evidence: Option<String>,
    /// Absent from the changes recorded before documents could be attached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecommendationError {
    #[error("recommendation not found")]
    NotFound,
    #[error("{0} already exists with other content")]
    AlreadyExists(RecommendationRef),
    #[error("empty text")]
    EmptyText,
    #[error("no responsible structure")]
    NoStructure,
    #[error("already {0}")]
    SameStatus(RecommendationStatus),
    #[error("{from} → {to} not allowed; from {from}: {allowed:?}")]
    TransitionNotAllowed {
        from: RecommendationStatus,
        to: RecommendationStatus,
        /// The statuses reachable from `from` (none: a final status).
        allowed: Vec<RecommendationStatus>,
    },
    #[error("{from} → {to} requires a comment")]
    CommentRequired {
        from: RecommendationStatus,
        to: RecommendationStatus,
    },
    #[error("{from} → {to} requires evidence")]
    EvidenceRequired {
        from: RecommendationStatus,
        to: RecommendationStatus,
    },
    #[error("a change on {effective} before the previous one, on {previous}")]
    EffectiveBeforePrevious {
        effective: NaiveDate,
        previous: NaiveDate,
    },
    #[error("executed recommendation cannot be carried over")]
    CarryOverExecuted,
    #[error("already carried over to {0}")]
    AlreadyCarriedOver(RecommendationRef),
    #[error("carry-over to itself")]
    CarryOverToSelf,
    #[error("already continues {0}")]
    AlreadyContinues(RecommendationRef),
    #[error("no document {0}")]
    DocumentUnknown(String),
    #[error("document {0} already withdrawn")]
    DocumentAlreadyWithdrawn(String),
    #[error("a withdrawal needs its reason")]
    WithdrawalReasonRequired,
}

/// A document attached to a recommendation: the file, the day of the status
/// change it supports, and the reason it was withdrawn, if it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Attached {
    pub document: Document,
    pub on: NaiveDate,
    pub withdrawn: Option<String>,
}

/// The state of one recommendation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Recommendation {
    pub id: Option<RecommendationRef>,
    pub content: Option<RecommendationContent>,
    pub status: Option<RecommendationStatus>,
    /// The day its last status change took effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_on: Option<NaiveDate>,
    pub carried_from: Option<RecommendationRef>,
    pub carried_to: Option<RecommendationRef>,
    /// Message ids of the reminders sent about it.
    #[serde(default)]
    pub reminders: Vec<String>,
    /// Documents attached to its status changes, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Attached>,
}

impl Recommendation {
    /// The attached document `sha256`, withdrawn or not.
    pub fn document(&self, sha256: &str) -> Option<&Attached> {
        self.documents.iter().find(|a| a.document.sha256 == sha256)
    }
}

/// What a recommendation consults to decide: the workflow of statuses.
pub type RecommendationServices = Arc<RecommendationWorkflow>;

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Aggregate for Recommendation {
    const TYPE: &'static str = "recommendation";
    type Command = RecommendationCommand;
    type Event = RecommendationEvent;
    type Error = RecommendationError;
    type Services = RecommendationServices;

    async fn handle(
        &mut self,
        command: Self::Command,
        workflow: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        use RecommendationCommand as C;
        use RecommendationEvent as E;
        match command {
            C::Formulate { id, mut content } => {
                content.text = content.text.trim().to_string();
                if content.text.is_empty() {
                    return Err(RecommendationError::EmptyText);
                }
                if content.structures.is_empty() {
                    return Err(RecommendationError::NoStructure);
                }
                if let Some(existing) = &self.content {
                    return if *existing == content && self.id.as_ref() == Some(&id) {
                        Ok(())
                    } else {
                        Err(RecommendationError::AlreadyExists(id))
                    };
                }
                sink.write(E::RecommendationFormulated { id, content }, self)
                    .await;
            }
            C::ChangeStatus {
                to,
                comment,
                evidence,
                documents,
                effective,
            } => {
                let from = self.status.ok_or(RecommendationError::NotFound)?;
                if let Some(previous) = self.status_on.filter(|p| effective < *p) {
                    return Err(RecommendationError::EffectiveBeforePrevious {
                        effective,
                        previous,
                    });
                }
                if from == to {
                    return Err(RecommendationError::SameStatus(to));
                }
                let Some(rule) = workflow.transition(from, to) else {
                    return Err(RecommendationError::TransitionNotAllowed {
                        from,
                        to,
                        allowed: workflow.allowed_from(from),
                    });
                };
                let comment = non_empty(comment);
                let evidence = non_empty(evidence);
                if rule.requires_comment && comment.is_none() {
                    return Err(RecommendationError::CommentRequired { from, to });
                }
                if rule.requires_evidence && evidence.is_none() && documents.is_empty() {
                    return Err(RecommendationError::EvidenceRequired { from, to });
                }
                sink.write(
                    E::RecommendationStatusChanged {
                        from,
                        to,
                        justification: Justification {
                            comment,
                            evidence,
                            documents,
                        },
                        effective,
                    },
                    self,
                )
                .await;
            }
            C::CarryOver { to } => {
                let status = self.status.ok_or(RecommendationError::NotFound)?;
                if self.id.as_ref() == Some(&to) {
                    return Err(RecommendationError::CarryOverToSelf);
                }
                match &self.carried_to {
                    Some(existing) if *existing == to => return Ok(()),
                    Some(existing) => {
                        return Err(RecommendationError::AlreadyCarriedOver(existing.clone()))
                    }
                    None => {}
                }
                if status == RecommendationStatus::Executee {
                    return Err(RecommendationError::CarryOverExecuted);
                }
                sink.write(E::RecommendationCarriedOver { to }, self).await;
            }
            C::ContinueFrom { from } => {
                self.status.ok_or(RecommendationError::NotFound)?;
                match &self.carried_from {
                    Some(existing) if *existing == from => return Ok(()),
                    Some(existing) => {
                        return Err(RecommendationError::AlreadyContinues(existing.clone()))
                    }
                    None => {}
                }
                sink.write(E::RecommendationContinuedFrom { from }, self)
                    .await;
            }
            C::WithdrawDocument { sha256, reason } => {
                self.status.ok_or(RecommendationError::NotFound)?;
                let reason = reason.trim().to_string();
                if reason.is_empty() {
                    return Err(RecommendationError::WithdrawalReasonRequired);
                }
                let name = match self.document(&sha256) {
                    None => return Err(RecommendationError::DocumentUnknown(sha256)),
                    Some(a) if a.withdrawn.is_some() => {
                        return Err(RecommendationError::DocumentAlreadyWithdrawn(sha256))
                    }
                    Some(a) => a.document.name.clone(),
                };
                let withdrawn = E::RecommendationDocumentWithdrawn {
                    sha256,
                    name,
                    reason,
                };
                sink.write(withdrawn, self).await;
            }
            C::RecordReminder(reminder) => {
                self.status.ok_or(RecommendationError::NotFound)?;
                if !self.reminders.contains(&reminder.message_id) {
                    sink.write(E::RecommendationReminderSent(reminder), self)
                        .await;
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            RecommendationEvent::RecommendationFormulated { id, content } => {
                self.id = Some(id);
                self.content = Some(content);
                self.status = Some(RecommendationStatus::NonExecutee);
            }
            RecommendationEvent::RecommendationStatusChanged {
                to,
                effective,
                justification,
                ..
            } => {
                self.status = Some(to);
                self.status_on = Some(effective);
                for document in justification.documents {
                    // The same file attached again: kept again if withdrawn.
                    let sha256 = document.sha256.clone();
                    match self
                        .documents
                        .iter_mut()
                        .find(|a| a.document.sha256 == sha256)
                    {
                        Some(a) if a.withdrawn.is_some() => {
                            (a.on, a.withdrawn) = (effective, None);
                        }
                        Some(_) => {}
                        None => self.documents.push(Attached {
                            document,
                            on: effective,
                            withdrawn: None,
                        }),
                    }
                }
            }
            RecommendationEvent::RecommendationCarriedOver { to } => self.carried_to = Some(to),
            RecommendationEvent::RecommendationContinuedFrom { from } => {
                self.carried_from = Some(from)
            }
            RecommendationEvent::RecommendationReminderSent(r) => self.reminders.push(r.message_id),
            RecommendationEvent::RecommendationDocumentWithdrawn { sha256, reason, .. } => {
                if let Some(a) = self
                    .documents
                    .iter_mut()
                    .find(|a| a.document.sha256 == sha256)
                {
                    a.withdrawn = Some(reason);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::Transition;
    use cqrs_es::test::TestFramework;
    use RecommendationStatus::*;

    fn workflow() -> RecommendationServices {
        let t = |from, to, requires_comment, requires_evidence| Transition {
            from,
            to,
            requires_comment,
            requires_evidence,
        };
        Arc::new(RecommendationWorkflow::new(vec![
            t(NonExecutee, EnCours, true, false),
            t(EnCours, Executee, false, true),
            t(NonExecutee, Executee, false, true),
            t(EnCours, NonExecutee, true, false),
        ]))
    }

    fn rref(session: &str, number: u32) -> RecommendationRef {
        RecommendationRef {
            session: SessionId::parse(session).unwrap(),
            number,
        }
    }

    fn content(text: &str) -> RecommendationContent {
        RecommendationContent {
            text: text.into(),
            structures: vec![StructureCode::parse("MAECI").unwrap()],
            due: None,
            project: None,
        }
    }

    fn formulated(text: &str) -> RecommendationEvent {
        RecommendationEvent::RecommendationFormulated {
            id: rref("2023", 1),
            content: content(text),
        }
    }

    fn change(
        to: RecommendationStatus,
        comment: Option<&str>,
        evidence: Option<&str>,
    ) -> RecommendationCommand {
        RecommendationCommand::ChangeStatus {
            to,
            comment: comment.map(Into::into),
            evidence: evidence.map(Into::into),
            documents: Vec::new(),
            effective: day("2023-07-01"),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    type Tf = TestFramework<Recommendation>;

    #[test]
    fn formulating_records_the_recommendation() {
        Tf::with(workflow())
            .given_no_previous_events()
            .when(RecommendationCommand::Formulate {
                id: rref("2023", 1),
                content: content("  Améliorer l'implication "),
            })
            .then_expect_events(vec![formulated("Améliorer l'implication")]);
    }

    #[test]
    fn formulating_again_with_the_same_content_changes_nothing() {
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(RecommendationCommand::Formulate {
                id: rref("2023", 1),
                content: content("A"),
            })
            .then_expect_events(vec![]);
    }

    #[test]
    fn formulating_different_content_on_an_existing_number_is_rejected() {
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(RecommendationCommand::Formulate {
                id: rref("2023", 1),
                content: content("B"),
            })
            .then_expect_error(RecommendationError::AlreadyExists(rref("2023", 1)));
    }

    #[test]
    fn a_recommendation_needs_text_and_structures() {
        Tf::with(workflow())
            .given_no_previous_events()
            .when(RecommendationCommand::Formulate {
                id: rref("2023", 1),
                content: RecommendationContent {
                    text: " ".into(),
                    structures: vec![],
                    due: None,
                    project: None,
                },
            })
            .then_expect_error(RecommendationError::EmptyText);
        Tf::with(workflow())
            .given_no_previous_events()
            .when(RecommendationCommand::Formulate {
                id: rref("2023", 1),
                content: RecommendationContent {
                    text: "x".into(),
                    structures: vec![],
                    due: None,
                    project: None,
                },
            })
            .then_expect_error(RecommendationError::NoStructure);
    }

    #[test]
    fn an_allowed_change_with_its_justification_is_recorded() {
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(change(EnCours, Some("Démarches engagées"), None))
            .then_expect_events(vec![RecommendationEvent::RecommendationStatusChanged {
                from: NonExecutee,
                to: EnCours,
                justification: Justification {
                    comment: Some("Démarches engagées".into()),
                    evidence: None,
                    documents: Vec::new(),
                },
                effective: day("2023-07-01"),
            }]);
    }

    #[test]
    fn a_change_never_takes_effect_before_the_previous_one() {
        let started = RecommendationEvent::RecommendationStatusChanged {
            from: NonExecutee,
            to: EnCours,
            justification: Justification {
                comment: Some("Démarches engagées".into()),
                evidence: None,
                documents: Vec::new(),
            },
            effective: day("2023-07-01"),
        };
        Tf::with(workflow())
            .given(vec![formulated("A"), started.clone()])
            .when(RecommendationCommand::ChangeStatus {
                to: Executee,
                comment: None,
                evidence: Some("PV".into()),
                documents: Vec::new(),
                effective: day("2023-06-30"),
            })
            .then_expect_error(RecommendationError::EffectiveBeforePrevious {
                effective: day("2023-06-30"),
                previous: day("2023-07-01"),
            });
        Tf::with(workflow())
            .given(vec![formulated("A"), started])
            .when(RecommendationCommand::ChangeStatus {
                to: Executee,
                comment: None,
                evidence: Some("PV".into()),
                documents: Vec::new(),
                effective: day("2023-07-01"),
            })
            .then_expect_events(vec![RecommendationEvent::RecommendationStatusChanged {
                from: EnCours,
                to: Executee,
                justification: Justification {
                    comment: None,
                    evidence: Some("PV".into()),
                    documents: Vec::new(),
                },
                effective: day("2023-07-01"),
            }]);
    }

    #[test]
    fn a_change_missing_its_comment_or_evidence_is_rejected() {
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(change(EnCours, Some("  "), None))
            .then_expect_error(RecommendationError::CommentRequired {
                from: NonExecutee,
                to: EnCours,
            });
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(change(Executee, None, None))
            .then_expect_error(RecommendationError::EvidenceRequired {
                from: NonExecutee,
                to: Executee,
            });
    }

    fn pv() -> Document {
        Document {
            sha256: "a".repeat(64),
            name: "PV.pdf".into(),
            media_type: "application/pdf".into(),
            size: 1200,
        }
    }

    fn executed_with(documents: Vec<Document>) -> RecommendationEvent {
        RecommendationEvent::RecommendationStatusChanged {
            from: NonExecutee,
            to: Executee,
            justification: Justification {
                comment: None,
                evidence: None,
                documents,
            },
            effective: day("2023-07-01"),
        }
    }

    #[test]
    fn an_attached_document_is_the_evidence_the_workflow_asks_for() {
        let with_document = RecommendationCommand::ChangeStatus {
            to: Executee,
            comment: None,
            evidence: None,
            documents: vec![pv()],
            effective: day("2023-07-01"),
        };
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(with_document)
            .then_expect_events(vec![executed_with(vec![pv()])]);
        let mut state = Recommendation::default();
        state.apply(formulated("A"));
        state.apply(executed_with(vec![pv()]));
        let attached = state.document(&pv().sha256).expect("attached");
        assert_eq!(
            (attached.on, attached.withdrawn.as_deref()),
            (day("2023-07-01"), None)
        );
    }

    #[test]
    fn a_document_is_withdrawn_once_with_its_reason() {
        let withdraw = |reason: &str| RecommendationCommand::WithdrawDocument {
            sha256: pv().sha256,
            reason: reason.into(),
        };
        let withdrawn = RecommendationEvent::RecommendationDocumentWithdrawn {
            sha256: pv().sha256,
            name: "PV.pdf".into(),
            reason: "mauvais fichier".into(),
        };
        Tf::with(workflow())
            .given(vec![formulated("A"), executed_with(vec![pv()])])
            .when(withdraw(" mauvais fichier "))
            .then_expect_events(vec![withdrawn.clone()]);
        Tf::with(workflow())
            .given(vec![formulated("A"), executed_with(vec![pv()])])
            .when(withdraw(" "))
            .then_expect_error(RecommendationError::WithdrawalReasonRequired);
        Tf::with(workflow())
            .given(vec![
                formulated("A"),
                executed_with(vec![pv()]),
                withdrawn.clone(),
            ])
            .when(withdraw("encore"))
            .then_expect_error(RecommendationError::DocumentAlreadyWithdrawn(pv().sha256));
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(withdraw("x"))
            .then_expect_error(RecommendationError::DocumentUnknown(pv().sha256));
        let mut state = Recommendation::default();
        for e in [formulated("A"), executed_with(vec![pv()]), withdrawn] {
            state.apply(e);
        }
        assert_eq!(
            state
                .document(&pv().sha256)
                .and_then(|a| a.withdrawn.as_deref()),
            Some("mauvais fichier")
        );
    }

    #[test]
    fn a_change_outside_the_workflow_is_rejected() {
        Tf::with(workflow())
            .given(vec![
                formulated("A"),
                RecommendationEvent::RecommendationStatusChanged {
                    from: NonExecutee,
                    to: Executee,
                    justification: Justification {
                        comment: None,
                        evidence: Some("PV".into()),
                        documents: Vec::new(),
                    },
                    effective: day("2023-06-30"),
                },
            ])
            .when(change(EnCours, Some("x"), None))
            .then_expect_error(RecommendationError::TransitionNotAllowed {
                from: Executee,
                to: EnCours,
                allowed: vec![],
            });
    }

    #[test]
    fn the_same_status_twice_is_rejected() {
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(change(NonExecutee, Some("x"), None))
            .then_expect_error(RecommendationError::SameStatus(NonExecutee));
    }

    #[test]
    fn commands_on_an_unknown_recommendation_are_rejected() {
        Tf::with(workflow())
            .given_no_previous_events()
            .when(change(EnCours, Some("x"), None))
            .then_expect_error(RecommendationError::NotFound);
    }

    #[test]
    fn carrying_over_links_to_the_new_session_once() {
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(RecommendationCommand::CarryOver {
                to: rref("2024", 2),
            })
            .then_expect_events(vec![RecommendationEvent::RecommendationCarriedOver {
                to: rref("2024", 2),
            }]);
        Tf::with(workflow())
            .given(vec![
                formulated("A"),
                RecommendationEvent::RecommendationCarriedOver {
                    to: rref("2024", 2),
                },
            ])
            .when(RecommendationCommand::CarryOver {
                to: rref("2024", 3),
            })
            .then_expect_error(RecommendationError::AlreadyCarriedOver(rref("2024", 2)));
    }

    #[test]
    fn the_target_of_a_carry_over_keeps_its_origin_once() {
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(RecommendationCommand::ContinueFrom {
                from: rref("2022", 4),
            })
            .then_expect_events(vec![RecommendationEvent::RecommendationContinuedFrom {
                from: rref("2022", 4),
            }]);
        Tf::with(workflow())
            .given(vec![
                formulated("A"),
                RecommendationEvent::RecommendationContinuedFrom {
                    from: rref("2022", 4),
                },
            ])
            .when(RecommendationCommand::ContinueFrom {
                from: rref("2022", 5),
            })
            .then_expect_error(RecommendationError::AlreadyContinues(rref("2022", 4)));
    }

    #[test]
    fn a_reminder_is_recorded_once_per_message() {
        let sent = ReminderSent {
            day: "2024-04-30".parse().unwrap(),
            to: vec!["pf@maeci.example.org".into()],
            cc: vec![],
            message_id: "<1@suivi>".into(),
        };
        Tf::with(workflow())
            .given(vec![formulated("A")])
            .when(RecommendationCommand::RecordReminder(sent.clone()))
            .then_expect_events(vec![RecommendationEvent::RecommendationReminderSent(
                sent.clone(),
            )]);
        Tf::with(workflow())
            .given(vec![
                formulated("A"),
                RecommendationEvent::RecommendationReminderSent(sent.clone()),
            ])
            .when(RecommendationCommand::RecordReminder(sent))
            .then_expect_events(vec![]);
    }

    #[test]
    fn an_executed_recommendation_is_not_carried_over() {
        Tf::with(workflow())
            .given(vec![
                formulated("A"),
                RecommendationEvent::RecommendationStatusChanged {
                    from: NonExecutee,
                    to: Executee,
                    justification: Justification {
                        comment: None,
                        evidence: Some("PV".into()),
                        documents: Vec::new(),
                    },
                    effective: day("2023-06-30"),
                },
            ])
            .when(RecommendationCommand::CarryOver {
                to: rref("2024", 2),
            })
            .then_expect_error(RecommendationError::CarryOverExecuted);
    }
}
