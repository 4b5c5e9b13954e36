//! Evidence documents: files sent with a status change, checked (type read
//! from the bytes, size, count), kept in the transaction of the change,
//! downloaded by whoever may see the recommendation, withdrawn with a reason.

use cqrs_es::Aggregate;

use super::{App, AppError, Changed};
use crate::domain::access::{Action, Actor};
use std::collections::HashMap;

use crate::domain::audit::{Break, Verdict};
use crate::domain::document::{self, Document};
use crate::domain::recommendation::{Recommendation, RecommendationCommand, RecommendationRef};
use crate::store::documents::{self as stored, DocumentRows, StoredDocument};
use crate::store::Companion;
use crate::text;

/// The most documents one status change may carry.
pub const MAX_DOCUMENTS: usize = 5;

/// A file as sent: the name it had on the sender's computer and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
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
            return Err(AppError::bad_field(
                "document",
                text!(
                    "document-too-large",
                    name = name,
                    mib = limit / (1024 * 1024)
                ),
            ));
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
                return Err(AppError::bad_field(
                    "document",
                    text!(
                        "document-too-large",
                        name = name,
                        mib = self.settings.http.document_limit_mib
                    ),
                ));
            }
            let Some(media_type) = document::recognize(&upload.bytes) else {
                return Err(AppError::bad_field(
                    "document",
                    text!(
                        "document-type-refused",
                        name = name,
                        kinds = document::accepted_kinds()
                    ),
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
        Ok(DocumentFile {
            name: attached.document.name.clone(),
            media_type: attached.document.media_type.clone(),
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

    /// Checks every attached document against the hash its event records:
    /// the bytes kept must have it, and a document not withdrawn must have
    /// its bytes. The first that fails, as a broken verdict on the event
    /// that attached it.
    pub(super) async fn verify_documents(&self) -> anyhow::Result<Option<Verdict>> {
        let mut attached: HashMap<(String, String), (String, bool)> = HashMap::new();
        for state in crate::projections::all::<Recommendation>(&self.db).await? {
            let Some(id) = &state.id else { continue };
            for a in &state.documents {
                attached.insert(
                    (id.aggregate_id(), a.document.sha256.clone()),
                    (a.document.name.clone(), a.withdrawn.is_none()),
                );
            }
        }
        let mut changed = None;
        let mut kept = std::collections::HashSet::new();
        stored::for_each(&self.db, |d| {
            let key = (d.aggregate_id.clone(), d.sha256.clone());
            if let Some(bytes) = &d.content {
                kept.insert(key.clone());
                if changed.is_none() && document::sha256(bytes) != d.sha256 {
                    let name = attached
                        .get(&key)
                        .map(|(n, _)| n.clone())
                        .unwrap_or_default();
                    changed = Some((key, name, true));
                }
            }
            Ok(())
        })
        .await?;
        let missing = || {
            let mut missing: Vec<_> = attached
                .iter()
                .filter(|(key, (_, live))| *live && !kept.contains(*key))
                .map(|(key, (name, _))| (key.clone(), name.clone(), false))
                .collect();
            missing.sort();
            missing.into_iter().next()
        };
        let Some(((id, sha256), name, is_changed)) = changed.or_else(missing) else {
            return Ok(None);
        };
        // The event that attached it: the first of its recommendation naming it.
        let position = self
            .db
            .events_of(Recommendation::TYPE, &id)
            .await?
            .iter()
            .find(|e| e.payload.contains(&sha256))
            .map(|e| e.position)
            .unwrap_or_default();
        let reason = if is_changed {
            Break::DocumentChanged { name, sha256 }
        } else {
            Break::DocumentMissing { name, sha256 }
        };
        Ok(Some(Verdict::Broken {
            position,
            aggregate: format!("{} {id}", Recommendation::TYPE),
            reason,
        }))
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
