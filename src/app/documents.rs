//! Evidence documents: files sent with a status change, checked (type read
//! from the bytes, size, count), kept in the transaction of the change,
//! downloaded by whoever may see the recommendation, withdrawn with a reason.

use std::collections::BTreeMap;

use cqrs_es::Aggregate;

use super::{App, AppError, Changed};
use crate::domain::access::{Action, Actor};
use crate::domain::audit::{Break, Verdict};
use crate::domain::document::{self, Document};
use crate::domain::recommendation::{
    Recommendation, RecommendationCommand, RecommendationEvent, RecommendationRef,
};
use crate::store::codec;
use crate::store::documents::{self as stored, DocumentRows, StoredDocument};
use crate::store::Companion;
use crate::text;

/// A document's key: its recommendation's aggregate id and its SHA-256.
type Key = (String, String);

/// What the events say of a document.
struct Named {
    name: String,
    /// The event that first attached it.
    position: i64,
    /// Attached and not withdrawn since.
    live: bool,
}

/// The most documents one status change may carry.
pub const MAX_DOCUMENTS: usize = 5;

/// A file as sent: the name it had on the sender's computer and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A file larger than `limit` bytes, refused by its name.
fn too_large(name: &str, limit: usize) -> AppError {
    AppError::bad_field(
        "document",
        text!(
            "document-too-large",
            name = name,
            mib = limit / (1024 * 1024)
        ),
    )
}

impl Upload {
    /// A file read from disk (the command line's `--document`), named as
    /// its last path component; a file larger than `limit` is refused
    /// before it is read.
    pub fn read(file: &std::path::Path, limit: usize) -> Result<Upload, AppError> {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(file).map_err(|e| super::log::file_error(file, e))?;
        if size.len() > limit as u64 {
            return Err(too_large(&name, limit));
        }
        let bytes = std::fs::read(file).map_err(|e| super::log::file_error(file, e))?;
        Ok(Upload { name, bytes })
    }
}

/// A document to download: its name, its type as recognized when it was
/// attached, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    pub name: String,
    pub media_type: String,
    pub content: Vec<u8>,
}

impl App {
    /// The largest document accepted, in bytes.
    pub fn document_limit(&self) -> usize {
        self.settings.http.document_limit_mib * 1024 * 1024
    }

    /// Checks the files sent with a change of `id`: at most
    /// [`MAX_DOCUMENTS`], each within the size limit and of an accepted
    /// type. Returns what the event records, and the rows that keep the
    /// bytes. An empty file is no file (a form's empty file field).
    pub(super) fn documents_of(
        &self,
        id: &RecommendationRef,
        uploads: Vec<Upload>,
    ) -> Result<(Vec<Document>, DocumentRows), AppError> {
        let uploads: Vec<Upload> = uploads
            .into_iter()
            .filter(|u| !u.bytes.is_empty())
            .collect();
        if uploads.len() > MAX_DOCUMENTS {
            return Err(AppError::bad_field(
                "document",
                text!("document-too-many", max = MAX_DOCUMENTS),
            ));
        }
        let mut documents = Vec::new();
        let mut rows = DocumentRows::default();
        for upload in uploads {
            let name = document::file_name(&upload.name);
            if upload.bytes.len() > self.document_limit() {
                return Err(too_large(&name, self.document_limit()));
            }
            let Some(media_type) = document::recognize(&upload.bytes) else {
                return Err(AppError::bad_field(
                    "document",
                    text!("document-type-refused", name = name),
                ));
            };
            let sha256 = document::sha256(&upload.bytes);
            if documents.iter().any(|d: &Document| d.sha256 == sha256) {
                continue;
            }
            documents.push(Document {
                sha256: sha256.clone(),
                name,
                media_type: media_type.to_string(),
                size: upload.bytes.len() as u64,
            });
            rows.keep.push(StoredDocument {
                aggregate_type: Recommendation::TYPE.into(),
                aggregate_id: id.aggregate_id(),
                sha256,
                media_type: media_type.to_string(),
                size: upload.bytes.len() as i64,
                content: Some(upload.bytes),
            });
        }
        Ok((documents, rows))
    }

    /// A document attached to a recommendation the caller may see; not
    /// found once withdrawn (its reason said).
    pub async fn recommendation_document(
        &self,
        id: &RecommendationRef,
        sha256: &str,
        who: &Actor,
    ) -> Result<DocumentFile, AppError> {
        let recommendation = self.recommendation(id, who).await?;
        if !document::is_sha256(sha256) {
            return Err(AppError::NotFound(text!("document-unknown")));
        }
        let attached = recommendation
            .document(sha256)
            .ok_or_else(|| AppError::NotFound(text!("document-unknown")))?;
        if let Some(reason) = &attached.withdrawn {
            return Err(AppError::NotFound(text!(
                "document-withdrawn",
                reason = reason.as_str()
            )));
        }
        let content = stored::content(&self.db, Recommendation::TYPE, &id.aggregate_id(), sha256)
            .await?
            .ok_or_else(|| {
                AppError::Integrity(text!(
                    "document-bytes-missing",
                    name = attached.document.name.as_str()
                ))
            })?;
        // The type recorded is served only if it is one accepted (a log
        // file imported could say anything).
        let media_type = match document::accepted(&attached.document.media_type) {
            true => attached.document.media_type.clone(),
            false => "application/octet-stream".to_string(),
        };
        Ok(DocumentFile {
            name: attached.document.name.clone(),
            media_type,
            content,
        })
    }

    /// Withdraws a document attached by mistake: its bytes are hidden in the
    /// transaction that records the withdrawal and its reason. Whoever may
    /// change the recommendation's status may withdraw its documents.
    pub async fn withdraw_document(
        &self,
        id: &RecommendationRef,
        sha256: &str,
        reason: &str,
        who: &Actor,
    ) -> Result<Changed<Recommendation>, AppError> {
        super::refusals::bounded("reason", Some(reason))?;
        self.may_change_status(id, who).await?;
        let rows = DocumentRows {
            keep: Vec::new(),
            withdraw: vec![(
                Recommendation::TYPE.into(),
                id.aggregate_id(),
                sha256.to_string(),
            )],
        };
        let command = RecommendationCommand::WithdrawDocument {
            sha256: sha256.to_string(),
            reason: reason.to_string(),
        };
        self.run_one_with::<Recommendation>(
            id.aggregate_id(),
            command,
            &self.recommendation_workflow,
            who,
            Companion::Documents(&rows),
        )
        .await
    }

    /// Checks the documents against the events, as the chain verified
    /// them: the bytes kept for a document must have the SHA-256 its event
    /// records, a document not withdrawn must have its bytes, a withdrawn
    /// one must not, and no bytes may be kept that no event names. The
    /// first that fails, as a broken verdict on the event that attached it.
    pub(super) async fn verify_documents(&self) -> anyhow::Result<Option<Verdict>> {
        let named = self.named_documents().await?;
        // The first problem: its recommendation, the event it is about, and what.
        let mut found: Option<(String, i64, Break)> = None;
        let mut kept = std::collections::BTreeSet::new();
        stored::for_each(&self.db, |d| {
            if found.is_some() {
                return Ok(());
            }
            let key = (d.aggregate_id.clone(), d.sha256.clone());
            let sha256 = d.sha256;
            let Some(n) = named.get(&key) else {
                found = Some((key.0, 0, Break::DocumentUnnamed { sha256 }));
                return Ok(());
            };
            let (name, at) = (n.name.clone(), n.position);
            match &d.content {
                Some(_) if !n.live => {
                    found = Some((key.0, at, Break::DocumentKept { name, sha256 }))
                }
                Some(bytes) if document::sha256(bytes) != sha256 => {
                    found = Some((key.0, at, Break::DocumentChanged { name, sha256 }))
                }
                Some(_) => {
                    kept.insert(key);
                }
                None => {}
            }
            Ok(())
        })
        .await?;
        let missing = || {
            named
                .iter()
                .find(|(key, n)| n.live && !kept.contains(*key))
                .map(|((id, sha256), n)| {
                    let (name, sha256) = (n.name.clone(), sha256.clone());
                    (
                        id.clone(),
                        n.position,
                        Break::DocumentMissing { name, sha256 },
                    )
                })
        };
        Ok(found
            .or_else(missing)
            .map(|(id, position, reason)| Verdict::Broken {
                position,
                aggregate: format!("{} {id}", Recommendation::TYPE),
                reason,
            }))
    }

    /// Every document the events name, by recommendation and SHA-256: its
    /// name, the event that attached it, and whether it is still attached.
    async fn named_documents(&self) -> anyhow::Result<BTreeMap<Key, Named>> {
        let mut named: BTreeMap<Key, Named> = BTreeMap::new();
        let mut after = 0;
        loop {
            let chunk = self.db.events_after(after, 1000).await?;
            let Some(last) = chunk.last() else {
                return Ok(named);
            };
            after = last.position;
            for e in chunk
                .iter()
                .filter(|e| e.aggregate_type == Recommendation::TYPE)
            {
                match codec::decode::<Recommendation>(e)? {
                    RecommendationEvent::RecommendationStatusChanged { justification, .. } => {
                        for d in justification.documents {
                            let key = (e.aggregate_id.clone(), d.sha256);
                            let n = named.entry(key).or_insert(Named {
                                name: d.name,
                                position: e.position,
                                live: true,
                            });
                            n.live = true;
                        }
                    }
                    RecommendationEvent::RecommendationDocumentWithdrawn { sha256, .. } => {
                        if let Some(n) = named.get_mut(&(e.aggregate_id.clone(), sha256)) {
                            n.live = false;
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// Whether `who` may change the status of `id`: a focal point only the
    /// recommendations of its structure (and it does not learn that others
    /// exist); other roles any recommendation, or none.
    pub(super) async fn may_change_status(
        &self,
        id: &RecommendationRef,
        who: &Actor,
    ) -> Result<(), AppError> {
        if who.user.structure.is_some() {
            let current = self.recommendation(id, who).await?;
            let structures = current.content.map(|c| c.structures).unwrap_or_default();
            self.require(who, Action::ChangeStatus(&structures))
        } else {
            self.require(who, Action::ChangeStatus(&[]))
        }
    }
}
