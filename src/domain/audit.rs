//! What the audit of the event log finds: the head of its hash chain (an
//! anchor kept outside the database) and the verdict of walking it.

use serde::Serialize;

/// The head of the chain: the last position and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Anchor {
    pub position: i64,
    pub hash: String,
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.hash, self.position)
    }
}

impl Anchor {
    /// Parses `HASH@POSITION`.
    pub fn parse(s: &str) -> Option<Anchor> {
        let (hash, position) = s.trim().rsplit_once('@')?;
        let ok = hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit());
        Some(Anchor {
            position: position.parse().ok().filter(|p| *p > 0)?,
            hash: ok.then(|| hash.to_ascii_lowercase())?,
        })
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Verdict {
    Intact {
        events: i64,
        head: Anchor,
    },
    Broken {
        position: i64,
        aggregate: String,
        reason: Break,
    },
}

/// How the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Break {
    /// Positions skip: events were deleted.
    Missing { expected: i64, found: i64 },
    /// An event without a hash: written by other means than suivi.
    Unhashed,
    /// The hash does not match: content, metadata or order changed.
    Changed,
    /// The anchor's hash no longer matches its event.
    AnchorChanged { anchor: String },
    /// The head row does not match the last event: the end was cut or changed.
    HeadMismatch { head: i64, last: i64 },
    /// The anchor names an event that is gone: the log was cut.
    AnchorMissing { anchor: String },
    /// An attached document's bytes no longer have the SHA-256 its event
    /// records.
    DocumentChanged { name: String, sha256: String },
    /// An attached document, not withdrawn, whose bytes are gone.
    DocumentMissing { name: String, sha256: String },
    /// A withdrawn document whose bytes are still kept.
    DocumentKept { name: String, sha256: String },
    /// Bytes kept that no event names.
    DocumentUnnamed { sha256: String },
}

/// What recomputing a year-end snapshot found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum SnapshotVerdict {
    Intact,
    Missing,
    Broken { reason: SnapshotBreak },
}

/// How a snapshot no longer matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SnapshotBreak {
    /// The stored content no longer has the hash stored beside it.
    ContentChanged,
    /// The log up to the cutoff no longer ends at the same event.
    HeadMoved { stored: String, recomputed: String },
    /// The tables recomputed from the events differ.
    TablesDiffer,
}
