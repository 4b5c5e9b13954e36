//! The event codec: the one place where events become stored rows and stored
//! rows become events again, for the store, the projections and the audit.
//!
//! A stored event keeps the version of the shape it was written in. When an
//! event's shape changes, its `event_version` goes up and an upcaster here
//! turns the older payload into the newer one as it is read, so events
//! written years ago still load, unchanged in the database (their chain
//! hashes cover the bytes as written).

use anyhow::Context;
use cqrs_es::{Aggregate, DomainEvent};
use serde_json::{json, Value};

use super::StoredEvent;

/// An event ready to be stored: its stable name, the version of its shape,
/// and its payload as JSON text.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub event_type: String,
    pub event_version: String,
    pub payload: String,
}

/// Encodes an event in its current version.
pub fn encode<E: DomainEvent>(event: &E) -> anyhow::Result<Encoded> {
    Ok(Encoded {
        event_type: event.event_type(),
        event_version: event.event_version(),
        payload: serde_json::to_string(event).context("while encoding an event")?,
    })
}

/// One step from an older shape of an event to the next.
struct Upcaster {
    aggregate_type: &'static str,
    event_type: &'static str,
    from: &'static str,
    to: &'static str,
    upcast: fn(Value) -> anyhow::Result<Value>,
}

/// Every shape change an event has gone through, oldest first.
const UPCASTERS: &[Upcaster] = &[Upcaster {
    aggregate_type: "recommendation",
    event_type: "RecommendationStatusChanged",
    from: "1",
    to: "2",
    upcast: status_changed_v1_to_v2,
}];

/// `RecommendationStatusChanged` v1 had `comment` and `evidence` beside
/// `from` and `to`; v2 groups them as the change's `justification`.
fn status_changed_v1_to_v2(mut payload: Value) -> anyhow::Result<Value> {
    let body = payload
        .get_mut("RecommendationStatusChanged")
        .and_then(Value::as_object_mut)
        .context("a RecommendationStatusChanged v1 payload is an object")?;
    let comment = body.remove("comment").unwrap_or(Value::Null);
    let evidence = body.remove("evidence").unwrap_or(Value::Null);
    body.insert(
        "justification".into(),
        json!({ "comment": comment, "evidence": evidence }),
    );
    Ok(payload)
}

/// Decodes a stored event of aggregate `A`, upcasting it from the version it
/// was written in.
pub fn decode<A: Aggregate>(e: &StoredEvent) -> anyhow::Result<A::Event> {
    let located = || {
        format!(
            "event {} ({} v{}) of {} {} at position {} cannot be read",
            e.event_type,
            e.aggregate_type,
            e.event_version,
            e.aggregate_type,
            e.aggregate_id,
            e.position
        )
    };
    let steps = || {
        UPCASTERS
            .iter()
            .filter(|u| u.aggregate_type == e.aggregate_type && u.event_type == e.event_type)
    };
    if !steps().any(|u| u.from == e.event_version) {
        // The common case: the payload is in the current shape.
        return serde_json::from_str(&e.payload).with_context(located);
    }
    let mut version = e.event_version.as_str();
    let mut payload: Value = serde_json::from_str(&e.payload).with_context(located)?;
    for step in steps() {
        if step.from == version {
            payload = (step.upcast)(payload).with_context(located)?;
            version = step.to;
        }
    }
    serde_json::from_value(payload).with_context(located)
}

/// Rebuilds an aggregate's state from its stored events, in order.
pub fn replay<A: Aggregate>(events: &[StoredEvent]) -> anyhow::Result<A> {
    let mut state = A::default();
    for e in events {
        state.apply(decode::<A>(e)?);
    }
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::recommendation::{Recommendation, RecommendationEvent};
    use crate::domain::workflow::RecommendationStatus;

    fn stored(version: &str, payload: &str) -> StoredEvent {
        StoredEvent {
            position: 7,
            aggregate_type: "recommendation".into(),
            aggregate_id: "2023#1".into(),
            sequence: 2,
            event_type: "RecommendationStatusChanged".into(),
            event_version: version.into(),
            payload: payload.into(),
            metadata: "{}".into(),
            hash: None,
        }
    }

    #[test]
    fn a_first_format_status_change_reads_as_the_current_one() {
        let v1 = r#"{"RecommendationStatusChanged":{"from":"non_executee","to":"en_cours","comment":"lancé","evidence":null}}"#;
        let event = decode::<Recommendation>(&stored("1", v1)).unwrap();
        let RecommendationEvent::RecommendationStatusChanged {
            from,
            to,
            justification,
        } = event
        else {
            panic!("wrong event: {event:?}");
        };
        assert_eq!(from, RecommendationStatus::NonExecutee);
        assert_eq!(to, RecommendationStatus::EnCours);
        assert_eq!(justification.comment.as_deref(), Some("lancé"));
        assert_eq!(justification.evidence, None);
    }

    #[test]
    fn the_current_format_encodes_and_decodes_unchanged() {
        let v1 = r#"{"RecommendationStatusChanged":{"from":"en_cours","to":"executee","comment":null,"evidence":"PV n° 12"}}"#;
        let event = decode::<Recommendation>(&stored("1", v1)).unwrap();
        let encoded = encode(&event).unwrap();
        assert_eq!(encoded.event_version, "2");
        assert!(encoded.payload.contains("justification"));
        let again =
            decode::<Recommendation>(&stored(&encoded.event_version, &encoded.payload)).unwrap();
        assert_eq!(again, event);
    }

    #[test]
    fn an_unreadable_payload_names_the_event() {
        let err = decode::<Recommendation>(&stored("1", "{}")).unwrap_err();
        assert!(format!("{err:#}").contains("position 7"), "{err:#}");
    }
}
