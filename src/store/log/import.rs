//! Loading an exported log: each line read and checked as it comes, the
//! chain recomputed link by link, everything in one transaction.
//!
//! (Over 400 lines: every kind of record is loaded inside the one
//! transaction's loop, on either backend.)

use std::io::BufRead;

use anyhow::Context;

use super::{ImportError, LogSummary, Record, FORMAT, WITH_ACCOUNTS};
use crate::on_backend;
use crate::store::chain::{event_hash, Anchor, Hashed};
use crate::store::{Db, Pool};

/// Rows per INSERT statement.
const ROWS: usize = 500;

/// The records of a file, numbered by line, read one at a time.
struct Lines<R> {
    input: R,
    line: usize,
    buffer: String,
}

impl<R: BufRead> Lines<R> {
    fn next(&mut self) -> Result<Option<Record>, ImportError> {
        loop {
            self.buffer.clear();
            let n = match self.input.read_line(&mut self.buffer) {
                Ok(n) => n,
                // A compressed file cut short.
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    return Err(ImportError::Truncated(self.line))
                }
                Err(e) => {
                    return Err(ImportError::Malformed {
                        line: self.line + 1,
                        what: e.to_string(),
                    })
                }
            };
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            if self.buffer.trim().is_empty() {
                continue;
            }
            return serde_json::from_str(&self.buffer).map(Some).map_err(|e| {
                ImportError::Malformed {
                    line: self.line,
                    what: e.to_string(),
                }
            });
        }
    }
}

/// Checks the file's events link by link and loads everything in one
/// transaction into `db`, which must be empty. The tables are not built
/// here: the caller runs the projection once the import is committed.
pub async fn import(
    db: &Db,
    input: impl BufRead,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<LogSummary, ImportError> {
    let sql_empty = "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM year_snapshots) \
                     + (SELECT count(*) FROM documents)";
    let present: i64 = on_backend!(db, p => sqlx::query_scalar(sql_empty).fetch_one(p).await)
        .context("while checking that the database is empty")?;
    if present > 0 {
        return Err(ImportError::NotEmpty);
    }
    let mut lines = Lines {
        input,
        line: 0,
        buffer: String::new(),
    };
    let (total, head) = match lines.next()? {
        Some(Record::Header {
            format,
            version,
            events,
            head_position,
            head_hash,
            ..
        }) if format == FORMAT => {
            if !(1..=WITH_ACCOUNTS).contains(&version) {
                return Err(ImportError::Version(version));
            }
            (
                events,
                Anchor {
                    position: head_position,
                    hash: head_hash,
                },
            )
        }
        _ => {
            return Err(ImportError::Malformed {
                line: 1,
                what: format!("not a {FORMAT} file (no header)"),
            })
        }
    };
    let json = match db.pool() {
        Pool::Postgres(_) => "::json",
        Pool::Sqlite(_) => "",
    };
    let result = on_backend!(db, p => {
        let mut tx = p.begin().await.context("while starting the import")?;
        let mut previous = String::new();
        let mut expected = 1i64;
        let mut batch: Vec<Record> = Vec::with_capacity(ROWS);
        let mut snapshots = 0i64;
        let mut documents = 0i64;
        let (mut users, mut tokens) = (0i64, 0i64);
        let end = loop {
            let Some(record) = lines.next()? else {
                return Err(ImportError::Truncated(lines.line));
            };
            match record {
                Record::Event {
                    position,
                    ref aggregate_type,
                    ref aggregate_id,
                    sequence,
                    ref event_type,
                    ref event_version,
                    ref payload,
                    ref metadata,
                    ref hash,
                } => {
                    if snapshots > 0 || documents > 0 || users > 0 || tokens > 0 {
                        return Err(ImportError::Malformed {
                            line: lines.line,
                            what: "an event after the snapshots, documents or accounts".into(),
                        });
                    }
                    let computed = event_hash(
                        &previous,
                        position,
                        Hashed {
                            aggregate_type,
                            aggregate_id,
                            sequence,
                            event_type,
                            event_version,
                            payload,
                            metadata,
                        },
                    );
                    if position != expected || &computed != hash {
                        return Err(ImportError::Broken {
                            line: lines.line,
                            position,
                        });
                    }
                    previous = computed;
                    expected += 1;
                    batch.push(record);
                    if batch.len() == ROWS {
                        insert_events(&mut tx, &batch, json).await?;
                        batch.clear();
                        progress((expected - 1) as u64, total.max(0) as u64);
                    }
                }
                Record::Snapshot {
                    year,
                    ref as_of,
                    position,
                    ref head_hash,
                    ref content,
                    ref content_hash,
                    taken_at,
                    ref taken_by,
                } => {
                    insert_events(&mut tx, &batch, json).await?;
                    batch.clear();
                    // A snapshot rests on an event of the chain just checked.
                    let rests_on: Option<Option<String>> =
                        sqlx::query_scalar("SELECT hash FROM events WHERE position = $1")
                            .bind(position)
                            .fetch_optional(&mut *tx)
                            .await
                            .context("while checking a snapshot")?;
                    if rests_on.flatten().as_deref() != Some(head_hash.as_str()) {
                        return Err(ImportError::Broken {
                            line: lines.line,
                            position,
                        });
                    }
                    sqlx::query(
                        "INSERT INTO year_snapshots (year, as_of, position, head_hash, content, \
                         content_hash, taken_at, taken_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(year)
                    .bind(as_of)
                    .bind(position)
                    .bind(head_hash)
                    .bind(content)
                    .bind(content_hash)
                    .bind(taken_at)
                    .bind(taken_by)
                    .execute(&mut *tx)
                    .await
                    .with_context(|| format!("while loading the snapshot of {year}"))?;
                    snapshots += 1;
                }
                Record::Document {
                    ref aggregate_type,
                    ref aggregate_id,
                    ref sha256,
                    ref media_type,
                    size,
                    ref content,
                } => {
                    insert_events(&mut tx, &batch, json).await?;
                    batch.clear();
                    let bytes = match content {
                        None => None,
                        Some(encoded) => {
                            use base64::Engine as _;
                            let bytes = base64::engine::general_purpose::STANDARD
                                .decode(encoded)
                                .map_err(|e| ImportError::Malformed {
                                    line: lines.line,
                                    what: e.to_string(),
                                })?;
                            if crate::domain::document::sha256(&bytes) != *sha256
                                || bytes.len() as i64 != size
                            {
                                return Err(ImportError::DocumentChanged { line: lines.line });
                            }
                            Some(bytes)
                        }
                    };
                    sqlx::query(
                        "INSERT INTO documents (aggregate_type, aggregate_id, sha256, media_type, \
                         size, content) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(aggregate_type)
                    .bind(aggregate_id)
                    .bind(sha256)
                    .bind(media_type)
                    .bind(size)
                    .bind(bytes)
                    .execute(&mut *tx)
                    .await
                    .context("while loading a document")?;
                    // A document rests on an event of the chain just checked.
                    let named: bool = sqlx::query_scalar(&format!(
                        "SELECT {} FROM documents d WHERE d.aggregate_type = $2 \
                         AND d.aggregate_id = $3 AND d.sha256 = $4",
                        crate::store::documents::NAMED_UP_TO
                    ))
                    .bind(expected - 1)
                    .bind(aggregate_type)
                    .bind(aggregate_id)
                    .bind(sha256)
                    .fetch_one(&mut *tx)
                    .await
                    .context("while checking a document")?;
                    if !named {
                        return Err(ImportError::Malformed {
                            line: lines.line,
                            what: "a document that no event names".into(),
                        });
                    }
                    documents += 1;
                }
                Record::User {
                    ref name,
                    ref role,
                    ref structure,
                    ref email,
                    ref password_hash,
                    disabled,
                    created_at,
                } => {
                    insert_events(&mut tx, &batch, json).await?;
                    batch.clear();
                    // An account the new database opened before the import
                    // (the first start's pending director) takes the file's values.
                    sqlx::query(
                        "INSERT INTO users (name, role, structure, email, password_hash, disabled, \
                         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO UPDATE \
                         SET role = excluded.role, structure = excluded.structure, \
                         email = excluded.email, password_hash = excluded.password_hash, \
                         disabled = excluded.disabled, created_at = excluded.created_at",
                    )
                    .bind(name)
                    .bind(role)
                    .bind(structure)
                    .bind(email)
                    .bind(password_hash)
                    .bind(i32::from(disabled))
                    .bind(created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| ImportError::Malformed {
                        line: lines.line,
                        what: format!("the account {name}: {e}"),
                    })?;
                    users += 1;
                }
                Record::Token {
                    ref id,
                    ref user_name,
                    ref token_hash,
                    ref label,
                    ref scope,
                    created_at,
                    expires_at,
                    revoked_at,
                    last_used_at,
                } => {
                    sqlx::query(
                        "INSERT INTO api_tokens (id, user_name, token_hash, label, scope, created_at, \
                         expires_at, revoked_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(id)
                    .bind(user_name)
                    .bind(token_hash)
                    .bind(label)
                    .bind(scope)
                    .bind(created_at)
                    .bind(expires_at)
                    .bind(revoked_at)
                    .bind(last_used_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| ImportError::Malformed {
                        line: lines.line,
                        what: format!("a token of {user_name}: {e}"),
                    })?;
                    tokens += 1;
                }
                Record::End { events, snapshots: s, documents: d, users: u, tokens: t } => {
                    // The accounts announced are the accounts read.
                    if u.unwrap_or(0) != users || t.unwrap_or(0) != tokens {
                        return Err(ImportError::Broken {
                            line: lines.line,
                            position: events + 1,
                        });
                    }
                    break (events, s, d);
                }
                Record::Header { .. } => {
                    return Err(ImportError::Malformed {
                        line: lines.line,
                        what: "a second header".into(),
                    })
                }
            }
        };
        insert_events(&mut tx, &batch, json).await?;
        let last = expected - 1;
        // The trailer and the header agree with what was read: nothing is
        // missing at the end, and the chain ends at the head announced.
        if end != (last, snapshots, documents) || total != last || head.position != last || head.hash != previous {
            return Err(ImportError::Broken {
                line: lines.line,
                position: last + 1,
            });
        }
        sqlx::query("UPDATE event_head SET position = $1, hash = $2 WHERE id = 1")
            .bind(last)
            .bind(&previous)
            .execute(&mut *tx)
            .await
            .context("while setting the head of the log")?;
        tx.commit().await.context("while committing the import")?;
        progress(last as u64, total.max(0) as u64);
        let carried = users > 0 || tokens > 0;
        Ok(LogSummary {
            events: last,
            snapshots,
            documents,
            users: carried.then_some(users),
            tokens: carried.then_some(tokens),
            head: Anchor {
                position: last,
                hash: previous,
            },
        })
    });
    if result.is_ok() {
        // This process's idea of the head is stale.
        *db.appends.lock().await = None;
    }
    result
}

/// Inserts events with their positions and hashes, many rows per statement.
async fn insert_events<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    events: &[Record],
    json: &str,
) -> anyhow::Result<()>
where
    DB: sqlx::Database,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
{
    if events.is_empty() {
        return Ok(());
    }
    // `$6::json` on PostgreSQL, whose payload and metadata columns are JSON.
    let rows = (0..events.len())
        .map(|r| {
            let n = |c: usize| r * 9 + c;
            format!(
                "(${},${},${},${},${},${}{json},${}{json},${},${})",
                n(1),
                n(2),
                n(3),
                n(4),
                n(5),
                n(6),
                n(7),
                n(8),
                n(9)
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, \
         payload, metadata, position, hash) VALUES {rows}"
    );
    let mut q = sqlx::query::<DB>(&sql);
    for e in events {
        if let Record::Event {
            position,
            aggregate_type,
            aggregate_id,
            sequence,
            event_type,
            event_version,
            payload,
            metadata,
            hash,
        } = e
        {
            q = q
                .bind(aggregate_type.as_str())
                .bind(aggregate_id.as_str())
                .bind(*sequence)
                .bind(event_type.as_str())
                .bind(event_version.as_str())
                .bind(payload.as_str())
                .bind(metadata.as_str())
                .bind(*position)
                .bind(hash.as_str());
        }
    }
    q.execute(&mut **tx).await.context("while loading events")?;
    Ok(())
}
