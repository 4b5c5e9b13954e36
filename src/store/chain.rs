//! The hash chain over the event log: each event's hash covers its position,
//! identity, type, version, payload and metadata, and the previous event's
//! hash. `verify` walks the log and names the first event that does not fit.
//!
//! What it protects against: any change of a stored event (payload,
//! metadata, order), a deleted event, an event inserted by other means than
//! suivi, and — checked against the head row — a truncated tail. Someone with
//! write access who also knows this algorithm can recompute the whole chain;
//! an anchor (`suivi audit anchor`: the head's hash and position, kept outside
//! the database) catches that for everything written before the anchor.

use anyhow::Context;

use sha2::{Digest, Sha256};

use crate::on_backend;
use crate::store::{Db, StoredEvent};

/// What the hash of an event covers, besides its position and the previous hash.
#[derive(Debug, Clone, Copy)]
pub struct Hashed<'a> {
    pub aggregate_type: &'a str,
    pub aggregate_id: &'a str,
    pub sequence: i64,
    pub event_type: &'a str,
    pub event_version: &'a str,
    pub payload: &'a str,
    pub metadata: &'a str,
}

/// The hash of an event at `position`, chained to `previous` (empty for the first event).
pub fn event_hash(previous: &str, position: i64, e: Hashed<'_>) -> String {
    let mut h = Sha256::new();
    let position = position.to_string();
    let sequence = e.sequence.to_string();
    for field in [
        previous,
        &position,
        e.aggregate_type,
        e.aggregate_id,
        &sequence,
        e.event_type,
        e.event_version,
        e.payload,
        e.metadata,
    ] {
        // Length-prefixed, so that no two different field lists hash alike.
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    format!("{:x}", h.finalize())
}

fn stored_hash(e: &StoredEvent, previous: &str) -> String {
    event_hash(
        previous,
        e.position,
        Hashed {
            aggregate_type: &e.aggregate_type,
            aggregate_id: &e.aggregate_id,
            sequence: e.sequence,
            event_type: &e.event_type,
            event_version: &e.event_version,
            payload: &e.payload,
            metadata: &e.metadata,
        },
    )
}

pub use crate::domain::audit::{Anchor, Break, Verdict};

/// The head recorded in `event_head`.
pub async fn head(db: &Db) -> anyhow::Result<Anchor> {
    let sql = "SELECT position, hash FROM event_head WHERE id = 1";
    let (position, hash): (i64, String) =
        on_backend!(db, p => sqlx::query_as(sql).fetch_one(p).await)
            .context("while reading the head of the event log")?;
    Ok(Anchor { position, hash })
}

/// Walks the whole log and checks every link, the head row, and the anchor if given.
pub async fn verify(db: &Db, anchor: Option<&Anchor>) -> anyhow::Result<Verdict> {
    let head_row = head(db).await?;
    let mut previous = String::new();
    let mut expected = 1i64;
    let mut anchor_seen = false;
    loop {
        let chunk = db.events_after(expected - 1, 1000).await?;
        if chunk.is_empty() {
            break;
        }
        for e in &chunk {
            let broken = |reason: Break| Verdict::Broken {
                position: e.position,
                aggregate: format!("{} {}", e.aggregate_type, e.aggregate_id),
                reason,
            };
            if e.position != expected {
                return Ok(broken(Break::Missing {
                    expected,
                    found: e.position,
                }));
            }
            let Some(stored) = e.hash.as_deref() else {
                return Ok(broken(Break::Unhashed));
            };
            let computed = stored_hash(e, &previous);
            if computed != stored {
                return Ok(broken(Break::Changed));
            }
            if let Some(a) = anchor {
                if a.position == e.position {
                    if a.hash != stored {
                        return Ok(broken(Break::AnchorChanged {
                            anchor: a.to_string(),
                        }));
                    }
                    anchor_seen = true;
                }
            }
            previous = computed;
            expected += 1;
        }
    }
    let last = expected - 1;
    if head_row.position != last || head_row.hash != previous {
        return Ok(Verdict::Broken {
            position: last + 1,
            aggregate: String::new(),
            reason: Break::HeadMismatch {
                head: head_row.position,
                last,
            },
        });
    }
    if let Some(a) = anchor {
        if !anchor_seen {
            return Ok(Verdict::Broken {
                position: a.position,
                aggregate: String::new(),
                reason: Break::AnchorMissing {
                    anchor: a.to_string(),
                },
            });
        }
    }
    Ok(Verdict::Intact {
        events: last,
        head: Anchor {
            position: last,
            hash: previous,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(aggregate_type: &'a str, aggregate_id: &'a str, payload: &'a str) -> Hashed<'a> {
        Hashed {
            aggregate_type,
            aggregate_id,
            sequence: 1,
            event_type: "ActivityPlanned",
            event_version: "1",
            payload,
            metadata: "{}",
        }
    }

    #[test]
    fn hashes_depend_on_every_field_and_the_previous_hash() {
        let base = event_hash("", 1, fields("activity", "2023:1.1.1", "{}"));
        assert_eq!(base.len(), 64);
        assert_ne!(
            base,
            event_hash("x", 1, fields("activity", "2023:1.1.1", "{}"))
        );
        assert_ne!(
            base,
            event_hash("", 2, fields("activity", "2023:1.1.1", "{}"))
        );
        assert_ne!(
            base,
            event_hash("", 1, fields("activity", "2023:1.1.1", "{ }"))
        );
        // Moving text between fields changes the hash.
        assert_ne!(
            event_hash("", 1, fields("ab", "c", "{}")),
            event_hash("", 1, fields("a", "bc", "{}"))
        );
    }

    #[test]
    fn anchors_read_hash_at_position() {
        let h = "a".repeat(64);
        assert_eq!(
            Anchor::parse(&format!("{h}@12")),
            Some(Anchor {
                position: 12,
                hash: h.clone()
            })
        );
        assert_eq!(Anchor::parse("abc@12"), None);
        assert_eq!(Anchor::parse(&format!("{h}@0")), None);
        assert_eq!(
            Anchor {
                position: 3,
                hash: h.clone()
            }
            .to_string(),
            format!("{h}@3")
        );
    }
}
