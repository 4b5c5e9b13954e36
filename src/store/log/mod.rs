//! The whole event log as a portable file: JSON Lines, one record per line
//! (a header, every event with its position, metadata and chain hash, the
//! year-end snapshots, the evidence documents' bytes, and a trailer with the
//! counts), plain or gzip
//! compressed. Written from either backend, loaded into an empty database of
//! either backend: the chain is checked link by link as it loads, and the
//! whole file goes in one transaction, or nothing does.

use std::io::Write;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::chain::Anchor;
use super::{Db, StoredEvent};

mod accounts;
mod import;
pub use self::import::import;
use crate::on_backend;

/// The name and version of the format, in the header.
pub const FORMAT: &str = "suivi-log";
/// Version 2 adds the documents; a version 1 file (none) still loads.
pub const VERSION: u32 = 2;
/// A file that carries the accounts (users and tokens, hashed) is version 3.
pub const WITH_ACCOUNTS: u32 = 3;

/// Events read or written per round trip.
const CHUNK: i64 = 2000;

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    Header {
        format: String,
        version: u32,
        /// The backend it was exported from.
        backend: String,
        exported_at: chrono::DateTime<chrono::Utc>,
        /// How many events follow, and the head of the chain they end at.
        events: i64,
        head_position: i64,
        head_hash: String,
    },
    /// An event as stored: payload and metadata as their exact JSON text,
    /// on which the hash was computed.
    Event {
        position: i64,
        aggregate_type: String,
        aggregate_id: String,
        sequence: i64,
        event_type: String,
        event_version: String,
        payload: String,
        metadata: String,
        hash: String,
    },
    /// A year's snapshot, as stored.
    Snapshot {
        year: i32,
        as_of: String,
        position: i64,
        head_hash: String,
        content: String,
        content_hash: String,
        taken_at: i64,
        taken_by: String,
    },
    /// An evidence document: its bytes in base64 (none once withdrawn),
    /// under the SHA-256 its event records.
    Document {
        aggregate_type: String,
        aggregate_id: String,
        sha256: String,
        media_type: String,
        size: i64,
        content: Option<String>,
    },
    /// An account, in a file exported with the accounts: its password's
    /// Argon2 hash, never the password.
    User {
        name: String,
        role: String,
        structure: Option<String>,
        email: Option<String>,
        password_hash: Option<String>,
        disabled: bool,
        created_at: i64,
    },
    /// An API or feed token of an account: its SHA-256, never the token.
    Token {
        id: String,
        user_name: String,
        token_hash: String,
        label: Option<String>,
        scope: String,
        created_at: i64,
        expires_at: Option<i64>,
        revoked_at: Option<i64>,
        last_used_at: Option<i64>,
    },
    /// The end of the file: a file cut short has none.
    End {
        events: i64,
        snapshots: i64,
        #[serde(default)]
        documents: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        users: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tokens: Option<i64>,
    },
}

/// What an export or an import covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LogSummary {
    pub events: i64,
    pub snapshots: i64,
    pub documents: i64,
    /// The accounts and tokens, when the file carries them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<i64>,
    pub head: Anchor,
}

/// Why a file could not be imported; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The database already holds events or snapshots.
    #[error("the database is not empty")]
    NotEmpty,
    /// A line is not what the format says (not JSON, unknown record, out of order).
    #[error("line {line}: {what}")]
    Malformed { line: usize, what: String },
    #[error("unsupported version {0}")]
    Version(u32),
    /// The file ends before its trailer.
    #[error("truncated after line {0}")]
    Truncated(usize),
    /// The chain breaks at this event: the file was altered.
    #[error("line {line}: the chain breaks at position {position}")]
    Broken { line: usize, position: i64 },
    /// A document's bytes do not have the SHA-256 they are filed under.
    #[error("line {line}: the document does not match its hash")]
    DocumentChanged { line: usize },
    #[error(transparent)]
    Store(#[from] anyhow::Error),
}

fn event_record(e: StoredEvent) -> anyhow::Result<Record> {
    Ok(Record::Event {
        hash: e
            .hash
            .with_context(|| format!("event {} has no chain hash", e.position))?,
        position: e.position,
        aggregate_type: e.aggregate_type,
        aggregate_id: e.aggregate_id,
        sequence: e.sequence,
        event_type: e.event_type,
        event_version: e.event_version,
        payload: e.payload,
        metadata: e.metadata,
    })
}

fn write_line(out: &mut dyn Write, record: &Record) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, record).context("while writing the log file")?;
    out.write_all(b"\n").context("while writing the log file")
}

type SnapshotTuple = (i32, String, i64, String, String, String, i64, String);

/// Writes every event up to the head as it is when the export starts (later
/// writes are left for the next export), then the snapshots that rest on
/// them. `progress` gets the number of events written so far.
pub async fn export(
    db: &Db,
    out: &mut dyn Write,
    now: chrono::DateTime<chrono::Utc>,
    with_accounts: bool,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<LogSummary> {
    let head = super::chain::head(db).await?;
    write_line(
        out,
        &Record::Header {
            format: FORMAT.into(),
            version: if with_accounts {
                WITH_ACCOUNTS
            } else {
                VERSION
            },
            backend: db.backend().into(),
            exported_at: now,
            events: head.position,
            head_position: head.position,
            head_hash: head.hash.clone(),
        },
    )?;
    let mut after = 0;
    while after < head.position {
        let chunk = db
            .events_after(after, CHUNK.min(head.position - after))
            .await?;
        if chunk.is_empty() {
            anyhow::bail!(
                "the event log ends at {after}, before its head {}",
                head.position
            );
        }
        for e in chunk {
            after = e.position;
            write_line(out, &event_record(e)?)?;
        }
        progress(after as u64);
    }
    let sql = "SELECT year, as_of, position, head_hash, content, content_hash, taken_at, taken_by \
               FROM year_snapshots WHERE position <= $1 ORDER BY year";
    let snapshots: Vec<SnapshotTuple> = on_backend!(db, p => sqlx::query_as(sql)
        .bind(head.position)
        .fetch_all(p)
        .await)
    .context("while reading the snapshots")?;
    let count = snapshots.len() as i64;
    for (year, as_of, position, head_hash, content, content_hash, taken_at, taken_by) in snapshots {
        let record = Record::Snapshot {
            year,
            as_of,
            position,
            head_hash,
            content,
            content_hash,
            taken_at,
            taken_by,
        };
        write_line(out, &record)?;
    }
    use base64::Engine as _;
    // The documents the exported events name: one attached since the
    // export started waits for the next export, as its event does.
    let named = super::documents::named_up_to(db, head.position).await?;
    let mut documents = 0;
    super::documents::for_each(db, |d| {
        let key = (
            d.aggregate_type.clone(),
            d.aggregate_id.clone(),
            d.sha256.clone(),
        );
        if !named.contains(&key) {
            return Ok(());
        }
        documents += 1;
        let record = Record::Document {
            aggregate_type: d.aggregate_type,
            aggregate_id: d.aggregate_id,
            sha256: d.sha256,
            media_type: d.media_type,
            size: d.size,
            content: d
                .content
                .map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes)),
        };
        write_line(out, &record)
    })
    .await?;
    let (users, tokens) = if with_accounts {
        let (users, tokens) = accounts::export(db, out).await?;
        (Some(users), Some(tokens))
    } else {
        (None, None)
    };
    write_line(
        out,
        &Record::End {
            events: head.position,
            snapshots: count,
            documents,
            users,
            tokens,
        },
    )?;
    out.flush().context("while writing the log file")?;
    Ok(LogSummary {
        events: head.position,
        snapshots: count,
        documents,
        users,
        tokens,
        head,
    })
}
