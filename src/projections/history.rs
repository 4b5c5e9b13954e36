//! What the director audits: the full history of a recommendation, an
//! activity or a structure's quarter of figures (who, when, why, on what
//! evidence), across its whole lineage of sessions or plans. Each line says
//! what changed as a [`Text`], phrased by the front end in its reader's
//! language. Also the versions of a section of the yearly report. (About
//! 500 lines: every audited aggregate's lines and the one lineage reader
//! they share, read together.)

use std::collections::HashMap;

use cqrs_es::Aggregate;
use serde::Serialize;

use super::as_of::recorded_at;
use crate::clock;
use crate::domain::activity::{Activity, ActivityEvent, ActivityRef, ActivityStatus};
use crate::domain::recommendation::{Recommendation, RecommendationEvent, RecommendationRef};
use crate::domain::reminder::ReminderSent;
use crate::domain::report::{ReportSection, ReportSectionEvent};
use crate::domain::types::Code;
use crate::domain::workflow::RecommendationStatus;
use crate::domain::EventMetadata;
use crate::store::{codec, Db, StoredEvent};
use crate::text;
use crate::text::{Arg, Text};

pub use crate::report::history::{History, HistoryEvent, LineageItem, Subject};

fn line<A: Aggregate>(
    reference: &str,
    e: &StoredEvent,
) -> anyhow::Result<(HistoryEvent, A::Event)> {
    let meta: HashMap<String, String> = serde_json::from_str(&e.metadata).unwrap_or_default();
    let at = recorded_at(e)
        .map(|t| clock::local(t).to_rfc3339())
        .unwrap_or_default();
    let event = codec::decode::<A>(e)?;
    let line = HistoryEvent {
        reference: reference.to_string(),
        at,
        actor: meta.get(EventMetadata::ACTOR).cloned().unwrap_or_default(),
        reason: meta.get(EventMetadata::REASON).cloned(),
        kind: e.event_type.clone(),
        from: None,
        to: None,
        comment: None,
        evidence: None,
        documents: Vec::new(),
        effective: None,
        change: Text::new(""),
        details: String::new(),
        position: e.position,
    };
    Ok((line, event))
}

/// One version of a section of the yearly report.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SectionVersion {
    /// Recorded at, in Africa/Bamako.
    pub at: String,
    pub actor: String,
    pub reason: Option<String>,
    pub markdown: String,
    pub position: i64,
}

/// Every version of a section of the yearly report (`2023/introduction`),
/// the oldest first.
pub async fn section_versions(db: &Db, id: &str) -> anyhow::Result<Vec<SectionVersion>> {
    let mut out = Vec::new();
    for e in db.events_of(ReportSection::TYPE, id).await? {
        let (line, event) = line::<ReportSection>(id, &e)?;
        let ReportSectionEvent::ReportSectionWritten { markdown, .. } = event;
        out.push(SectionVersion {
            at: line.at,
            actor: line.actor,
            reason: line.reason,
            markdown,
            position: line.position,
        });
    }
    Ok(out)
}

fn status_word(s: RecommendationStatus) -> Arg {
    Text::new(format!("status-{}", s.code())).into()
}

/// A change dated on its own: when it took effect on another day than the
/// one it was recorded, the line says so.
fn dated(
    h: &mut HistoryEvent,
    e: &StoredEvent,
    effective: chrono::NaiveDate,
    change: Text,
) -> Text {
    if codec::recorded_day(e) == Some(effective) {
        return change;
    }
    h.effective = Some(effective);
    text!(
        "history-effective",
        change = change,
        day = Arg::Date(effective)
    )
}

fn recommendation_line(reference: &str, e: &StoredEvent) -> anyhow::Result<HistoryEvent> {
    let (mut h, event) = line::<Recommendation>(reference, e)?;
    h.change = match event {
        RecommendationEvent::RecommendationFormulated { content, .. } => {
            h.to = Some(RecommendationStatus::NonExecutee.code().into());
            let structures = content
                .structures
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            match content.due {
                Some(due) => text!(
                    "history-formulated-due",
                    text = content.text,
                    structures = structures,
                    due = Arg::Date(due)
                ),
                None => text!(
                    "history-formulated",
                    text = content.text,
                    structures = structures
                ),
            }
        }
        RecommendationEvent::RecommendationStatusChanged {
            from,
            to,
            justification,
            effective,
        } => {
            h.from = Some(from.code().into());
            h.to = Some(to.code().into());
            h.comment = justification.comment;
            h.evidence = justification.evidence;
            h.documents = justification.documents;
            let change = text!(
                "history-status",
                from = status_word(from),
                to = status_word(to)
            );
            dated(&mut h, e, effective, change)
        }
        RecommendationEvent::RecommendationCarriedOver { to } => text!(
            "history-recommendation-carried-over",
            session = to.session.to_string(),
            number = to.number
        ),
        RecommendationEvent::RecommendationContinuedFrom { from } => text!(
            "history-recommendation-continues",
            session = from.session.to_string(),
            number = from.number
        ),
        RecommendationEvent::RecommendationReminderSent(r) => reminder(r),
        RecommendationEvent::RecommendationDocumentWithdrawn { name, reason, .. } => {
            text!("history-document-withdrawn", name = name, reason = reason)
        }
    };
    Ok(h)
}

fn activity_line(reference: &str, e: &StoredEvent) -> anyhow::Result<HistoryEvent> {
    let (mut h, event) = line::<Activity>(reference, e)?;
    h.change = match event {
        ActivityEvent::ActivityPlanned { plan, .. } => {
            h.to = Some("planned".into());
            text!(
                "history-planned",
                title = plan.title,
                budget = plan.budget.to_string()
            )
        }
        ActivityEvent::ActivityExecuted {
            period,
            observation,
            effective,
        } => {
            h.to = Some("executed".into());
            h.comment = observation;
            let change = match period {
                Some(p) => text!("history-executed-in", period = p),
                None => Text::new("history-executed"),
            };
            dated(&mut h, e, effective, change)
        }
        ActivityEvent::ActivityNotExecuted { reason, effective } => {
            h.to = Some("not_executed".into());
            h.comment = Some(reason.clone());
            let change = text!("history-not-executed", reason = reason);
            dated(&mut h, e, effective, change)
        }
        ActivityEvent::ActivityCostRecorded {
            engaged,
            liquidated,
            effective,
        } => {
            let change = text!(
                "history-cost",
                engaged = Arg::Amount(engaged.value()),
                liquidated = Arg::Amount(liquidated.value())
            );
            dated(&mut h, e, effective, change)
        }
        ActivityEvent::ActivityCarriedOver { to } => text!(
            "history-activity-carried-over",
            year = to.year.value(),
            code = to.code.to_string()
        ),
        ActivityEvent::ActivityContinuedFrom { from } => text!(
            "history-activity-continues",
            year = from.year.value(),
            code = from.code.to_string()
        ),
        ActivityEvent::ActivityIndicatorSet { target, achieved } => text!(
            "history-indicator",
            target = target.unwrap_or_else(|| "–".into()),
            achieved = achieved.unwrap_or_else(|| "–".into())
        ),
        ActivityEvent::ActivityProgressRecorded(p) => {
            h.comment = p.note.clone();
            text!(
                "history-progress",
                percent = u32::from(p.percent),
                day = Arg::Date(p.date)
            )
        }
        ActivityEvent::ActivityNarrativeWritten { markdown } => {
            h.comment = Some(markdown);
            Text::new("history-narrative")
        }
        ActivityEvent::ActivityReminderSent(r) => reminder(r),
        ActivityEvent::ActivityDocumentMarked { document } => match document {
            Some(d) => text!("history-document", document = crate::text::produced(&d)),
            None => Text::new("history-document-none"),
        },
    };
    Ok(h)
}

/// « relance envoyée le … à … (copie à …) ».
fn reminder(r: ReminderSent) -> Text {
    text!(
        if r.cc.is_empty() {
            "history-reminder"
        } else {
            "history-reminder-cc"
        },
        day = Arg::Date(r.day),
        to = r.to.join(", "),
        cc = r.cc.join(", "),
        id = r.message_id
    )
}

/// Fills in the `from` of status events from the status before them.
fn chain_statuses(events: &mut [HistoryEvent]) {
    let mut last: HashMap<String, String> = HashMap::new();
    for e in events.iter_mut() {
        if let Some(to) = &e.to {
            if e.from.is_none() {
                e.from = last.get(&e.reference).cloned();
            }
            last.insert(e.reference.clone(), to.clone());
        }
    }
}

/// An aggregate whose history the director audits: its events, phrased
/// line by line, along its lineage (the sessions or plans it was carried
/// through). A new audited aggregate is one more impl of this.
pub(crate) trait Audited: Aggregate + Sized {
    const SUBJECT: Subject;
    /// Its aggregate id, once it exists.
    fn reference(&self) -> Option<String>;
    /// What it continues, and what continues it.
    fn carried_from(&self) -> Option<String> {
        None
    }
    fn carried_to(&self) -> Option<String> {
        None
    }
    /// The session or year it belongs to, for « open since ».
    fn scope_label(&self) -> String;
    /// Its text and status code in the lineage.
    fn lineage_item(&self) -> (String, String);
    /// Whether it is done with (nothing left open).
    fn closed(&self) -> bool;
    /// One event, phrased.
    fn line(reference: &str, e: &StoredEvent) -> anyhow::Result<HistoryEvent>;
}

impl Audited for Recommendation {
    const SUBJECT: Subject = Subject::Recommendation;
    fn reference(&self) -> Option<String> {
        self.id.as_ref().map(|i| i.aggregate_id())
    }
    fn carried_from(&self) -> Option<String> {
        self.carried_from.as_ref().map(|f| f.aggregate_id())
    }
    fn carried_to(&self) -> Option<String> {
        self.carried_to.as_ref().map(|t| t.aggregate_id())
    }
    fn scope_label(&self) -> String {
        self.id
            .as_ref()
            .map(|i| i.session.to_string())
            .unwrap_or_default()
    }
    fn lineage_item(&self) -> (String, String) {
        (
            self.content
                .as_ref()
                .map(|c| c.text.clone())
                .unwrap_or_default(),
            self.status
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
        )
    }
    fn closed(&self) -> bool {
        self.status == Some(RecommendationStatus::Executee)
    }
    fn line(reference: &str, e: &StoredEvent) -> anyhow::Result<HistoryEvent> {
        recommendation_line(reference, e)
    }
}

impl Audited for Activity {
    const SUBJECT: Subject = Subject::Activity;
    fn reference(&self) -> Option<String> {
        self.id.as_ref().map(|i| i.aggregate_id())
    }
    fn carried_from(&self) -> Option<String> {
        self.carried_from.as_ref().map(|f| f.aggregate_id())
    }
    fn carried_to(&self) -> Option<String> {
        self.carried_to.as_ref().map(|t| t.aggregate_id())
    }
    fn scope_label(&self) -> String {
        self.id
            .as_ref()
            .map(|i| i.year.to_string())
            .unwrap_or_default()
    }
    fn lineage_item(&self) -> (String, String) {
        let status = match self.status {
            Some(ActivityStatus::Executed) => "executed",
            Some(ActivityStatus::NotExecuted) => "not_executed",
            _ => "planned",
        };
        (
            self.plan
                .as_ref()
                .map(|p| p.title.clone())
                .unwrap_or_default(),
            status.to_string(),
        )
    }
    fn closed(&self) -> bool {
        self.status == Some(ActivityStatus::Executed)
    }
    fn line(reference: &str, e: &StoredEvent) -> anyhow::Result<HistoryEvent> {
        activity_line(reference, e)
    }
}

impl Audited for crate::domain::submission::Submission {
    const SUBJECT: Subject = Subject::Submission;
    fn reference(&self) -> Option<String> {
        self.key.as_ref().map(|k| k.aggregate_id())
    }
    fn scope_label(&self) -> String {
        self.key
            .as_ref()
            .map(|k| k.year.to_string())
            .unwrap_or_default()
    }
    fn lineage_item(&self) -> (String, String) {
        (
            String::new(),
            self.state.map(|s| s.code().to_string()).unwrap_or_default(),
        )
    }
    fn closed(&self) -> bool {
        self.locked()
    }
    fn line(reference: &str, e: &StoredEvent) -> anyhow::Result<HistoryEvent> {
        use crate::domain::submission::{Submission, SubmissionEvent, SubmissionState};
        let (mut h, event) = line::<Submission>(reference, e)?;
        let (to, change, comment) = match event {
            SubmissionEvent::SubmissionSubmitted { on, comment, .. } => (
                SubmissionState::Submitted,
                text!("history-submitted", day = Arg::Date(on)),
                comment,
            ),
            SubmissionEvent::SubmissionReturned { on, comment } => (
                SubmissionState::Returned,
                text!("history-returned", day = Arg::Date(on)),
                Some(comment),
            ),
            SubmissionEvent::SubmissionApproved { on } => (
                SubmissionState::Approved,
                text!("history-approved", day = Arg::Date(on)),
                None,
            ),
            SubmissionEvent::SubmissionReopened { on, reason } => (
                SubmissionState::Draft,
                text!(
                    "history-reopened",
                    day = Arg::Date(on),
                    reason = reason.as_str()
                ),
                Some(reason),
            ),
        };
        h.to = Some(to.code().to_string());
        h.change = change;
        h.comment = comment;
        Ok(h)
    }
}

/// Follows the links of a lineage: back to its first element, then forward
/// to its last (at most 100, against a cycle written by other means).
async fn lineage<A: Audited>(db: &Db, start: A) -> anyhow::Result<Vec<A>> {
    let exists = |a: &A| a.reference().is_some();
    let mut first = start;
    for _ in 0..100 {
        let Some(id) = first.carried_from() else {
            break;
        };
        let (prev, _) = db.load::<A>(&id).await?;
        if !exists(&prev) {
            break;
        }
        first = prev;
    }
    let mut chain = vec![first];
    while chain.len() < 100 {
        let Some(id) = chain.last().and_then(A::carried_to) else {
            break;
        };
        let (next, _) = db.load::<A>(&id).await?;
        if !exists(&next) {
            break;
        }
        chain.push(next);
    }
    Ok(chain)
}

/// The history of the aggregate `id` and of its whole lineage, oldest first;
/// `None` when it does not exist.
pub(crate) async fn of<A: Audited>(db: &Db, id: &str) -> anyhow::Result<Option<History>> {
    let (start, _) = db.load::<A>(id).await?;
    if start.reference().is_none() {
        return Ok(None);
    }
    let chain = lineage(db, start).await?;
    let mut events = Vec::new();
    for a in &chain {
        let reference = a.reference().unwrap_or_default();
        for e in db.events_of(A::TYPE, &reference).await? {
            events.push(A::line(&reference, &e)?);
        }
    }
    events.sort_by_key(|e| e.position);
    chain_statuses(&mut events);
    let open = !chain.last().is_some_and(A::closed);
    Ok(Some(History {
        reference: id.to_string(),
        subject: A::SUBJECT,
        open_since: (open && chain.len() > 1).then(|| chain[0].scope_label()),
        lineage: chain
            .iter()
            .map(|a| {
                let (text, status) = a.lineage_item();
                LineageItem {
                    reference: a.reference().unwrap_or_default(),
                    text,
                    status,
                }
            })
            .collect(),
        events,
    }))
}

/// The history of a recommendation and of its whole lineage, oldest first.
pub async fn recommendation(db: &Db, id: &RecommendationRef) -> anyhow::Result<Option<History>> {
    of::<Recommendation>(db, &id.aggregate_id()).await
}

/// The history of an activity and of the activities it continues or is
/// continued by.
pub async fn activity(db: &Db, id: &ActivityRef) -> anyhow::Result<Option<History>> {
    of::<Activity>(db, &id.aggregate_id()).await
}
