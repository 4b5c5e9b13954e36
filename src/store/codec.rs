//! The event codec: the one place where events become stored rows and stored
//! rows become events again, for the store, the projections and the audit.
//!
//! A stored event keeps the version of the shape it was written in. When an
//! event's shape changes, its `event_version` goes up and an upcaster here
//! turns the older payload into the newer one as it is read, so events
//! written years ago still load, unchanged in the database (their chain
//! hashes cover the bytes as written).

use anyhow::Context;
use chrono::NaiveDate;
use cqrs_es::{Aggregate, DomainEvent};
use serde_json::{json, Value};

use super::{EventRef, StoredEvent};
use crate::clock;

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

/// What an upcaster may read beside the payload: the stored row (its
/// metadata says when it was recorded).
type Upcast = fn(Value, &StoredEvent) -> anyhow::Result<Value>;

/// One step from an older shape of an event to the next.
struct Upcaster {
    aggregate_type: &'static str,
    event_type: &'static str,
    from: &'static str,
    to: &'static str,
    upcast: Upcast,
}

/// Every shape change an event has gone through, oldest first.
const UPCASTERS: &[Upcaster] = &[
    Upcaster {
        aggregate_type: "recommendation",
        event_type: "RecommendationStatusChanged",
        from: "1",
        to: "2",
        upcast: status_changed_v1_to_v2,
    },
    Upcaster {
        aggregate_type: "recommendation",
        event_type: "RecommendationStatusChanged",
        from: "2",
        to: "3",
        upcast: effective_when_recorded,
    },
    Upcaster {
        aggregate_type: "activity",
        event_type: "ActivityExecuted",
        from: "1",
        to: "2",
        upcast: effective_when_recorded,
    },
    Upcaster {
        aggregate_type: "activity",
        event_type: "ActivityNotExecuted",
        from: "1",
        to: "2",
        upcast: effective_when_recorded,
    },
    Upcaster {
        aggregate_type: "activity",
        event_type: "ActivityCostRecorded",
        from: "1",
        to: "2",
        upcast: effective_when_recorded,
    },
    Upcaster {
        aggregate_type: "credits",
        event_type: "CreditRecorded",
        from: "1",
        to: "2",
        upcast: effective_when_recorded,
    },
];

/// The SQL condition true of the events an upcaster reads, by their
/// aggregate type, event type and version: those whose metadata the codec
/// may need. (The names are this file's own literals.)
pub fn upcast_condition() -> String {
    let each = UPCASTERS.iter().map(|u| {
        format!(
            "(aggregate_type = '{}' AND event_type = '{}' AND event_version = '{}')",
            u.aggregate_type, u.event_type, u.from
        )
    });
    let each: Vec<String> = each.collect();
    if each.is_empty() {
        return "FALSE".into();
    }
    format!("({})", each.join(" OR "))
}

/// The body of an externally tagged payload (`{"EventType": {…}}`).
fn body<'a>(
    payload: &'a mut Value,
    e: &StoredEvent,
) -> anyhow::Result<&'a mut serde_json::Map<String, Value>> {
    payload
        .get_mut(&e.event_type)
        .and_then(Value::as_object_mut)
        .with_context(|| format!("a {} payload is an object", e.event_type))
}

/// The day an event was recorded in Bamako, from its metadata.
pub fn recorded_day(e: &StoredEvent) -> Option<NaiveDate> {
    e.recorded_at().map(clock::day_of)
}

/// Events written before they carried the day they took effect took effect,
/// as far as anyone recorded, on the day they were recorded.
fn effective_when_recorded(mut payload: Value, e: &StoredEvent) -> anyhow::Result<Value> {
    let day = recorded_day(e).context("its metadata has no recorded_at")?;
    body(&mut payload, e)?.insert("effective".into(), json!(day));
    Ok(payload)
}

/// `RecommendationStatusChanged` v1 had `comment` and `evidence` beside
/// `from` and `to`; v2 groups them as the change's `justification`.
fn status_changed_v1_to_v2(mut payload: Value, e: &StoredEvent) -> anyhow::Result<Value> {
    let body = body(&mut payload, e)?;
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
    decode_ref::<A>(e.borrowed())
}

/// [`decode`], from an event borrowed from its row.
pub fn decode_ref<A: Aggregate>(e: EventRef<'_>) -> anyhow::Result<A::Event> {
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
        return serde_json::from_str(e.payload).with_context(located);
    }
    let stored = e.to_stored();
    let mut version = e.event_version;
    let mut payload: Value = serde_json::from_str(e.payload).with_context(located)?;
    for step in steps() {
        if step.from == version {
            payload = (step.upcast)(payload, &stored).with_context(located)?;
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
            metadata: r#"{"recorded_at":"2023-12-31T23:30:00+00:00"}"#.into(),
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
            effective,
        } = event
        else {
            panic!("wrong event: {event:?}");
        };
        // Recorded at 23:30 UTC on 31 December: the same day in Bamako.
        assert_eq!(effective.to_string(), "2023-12-31");
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
        assert_eq!(encoded.event_version, "3");
        assert!(encoded.payload.contains(r#""effective":"2023-12-31""#));
        assert!(encoded.payload.contains("justification"));
        let again =
            decode::<Recommendation>(&stored(&encoded.event_version, &encoded.payload)).unwrap();
        assert_eq!(again, event);
    }

    #[test]
    fn an_older_event_without_its_recording_time_is_not_given_a_day() {
        let v2 = r#"{"RecommendationStatusChanged":{"from":"en_cours","to":"executee","justification":{"comment":null,"evidence":"PV"}}}"#;
        let mut e = stored("2", v2);
        e.metadata = "{}".into();
        let err = decode::<Recommendation>(&e).unwrap_err();
        assert!(format!("{err:#}").contains("recorded_at"), "{err:#}");
    }

    #[test]
    fn executions_costs_and_credits_of_before_take_effect_on_their_recorded_day() {
        use crate::domain::activity::{Activity, ActivityEvent};
        use crate::domain::finance::{Credits, CreditsEvent};
        let mut e = stored(
            "1",
            r#"{"ActivityExecuted":{"period":"Janvier 2023","observation":null}}"#,
        );
        (e.aggregate_type, e.event_type) = ("activity".into(), "ActivityExecuted".into());
        let ActivityEvent::ActivityExecuted {
            effective, period, ..
        } = decode::<Activity>(&e).unwrap()
        else {
            panic!("not an execution");
        };
        assert_eq!(
            (effective.to_string(), period.as_deref()),
            ("2023-12-31".into(), Some("Janvier 2023"))
        );
        let mut e = stored(
            "1",
            r#"{"CreditRecorded":{"year":2023,"line":"bsi","kind":"notified","amount":1,"previous":0}}"#,
        );
        (e.aggregate_type, e.event_type) = ("credits".into(), "CreditRecorded".into());
        let CreditsEvent::CreditRecorded {
            effective,
            estimated,
            ..
        } = decode::<Credits>(&e).unwrap();
        assert_eq!(
            (effective.to_string(), estimated),
            ("2023-12-31".into(), false)
        );
    }

    #[test]
    fn an_unreadable_payload_names_the_event() {
        let err = decode::<Recommendation>(&stored("1", "{}")).unwrap_err();
        assert!(format!("{err:#}").contains("position 7"), "{err:#}");
    }
}
