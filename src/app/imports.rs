//! Imports from the browser: a file is uploaded, kept for an hour under the
//! SHA-256 of its bytes and its uploader, read and decided without writing
//! (the preview: what will be recorded, every problem located), then
//! recorded when the uploader confirms that preview. What confirming
//! records is the decision the preview showed, or nothing: if the plan, the
//! session or the annex changed in between, the preview is shown again.

use sha2::{Digest, Sha256};

use super::refusals::unknown_code;
use super::{App, AppError, Commit, ImportOutcome};
use crate::domain::access::{Action, Actor};
use crate::domain::annex::AnnexKind;
use crate::domain::types::{SessionId, Year};
use crate::import::{self, ImportErrors, Table};
use crate::store::uploads;
use crate::text;
use crate::text::Text;

/// What an imported file becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportTarget {
    /// A year's plan.
    Plan(Year),
    /// A session's recommendations.
    Recommendations(SessionId),
    /// An annex table of a year's report.
    Annex(Year, AnnexKind),
}

impl ImportTarget {
    /// `kind` (`plan`, `recommendations`, or an annex: `inventaire`,
    /// `personnel`, `reunions`, `projets_bsi`) of `target` (a year, or a
    /// session for recommendations).
    pub fn parse(kind: &str, target: &str) -> Result<ImportTarget, AppError> {
        let target = target.trim();
        let year = || {
            target
                .parse::<i32>()
                .ok()
                .and_then(|y| Year::new(y).ok())
                .ok_or_else(|| AppError::bad_field("target", text!("year-invalid", value = target)))
        };
        match kind {
            "plan" => Ok(ImportTarget::Plan(year()?)),
            "recommendations" => SessionId::parse(target)
                .map(ImportTarget::Recommendations)
                .map_err(|e| super::refusals::bad_value("target", &e)),
            other => {
                let kind: AnnexKind = other.parse().map_err(|e| unknown_code("kind", &e))?;
                Ok(ImportTarget::Annex(year()?, kind))
            }
        }
    }

    /// The kind, as [`ImportTarget::parse`] reads it.
    pub fn kind(&self) -> &'static str {
        use crate::domain::types::Code;
        match self {
            ImportTarget::Plan(_) => "plan",
            ImportTarget::Recommendations(_) => "recommendations",
            ImportTarget::Annex(_, kind) => kind.code(),
        }
    }

    /// The year or the session, as [`ImportTarget::parse`] reads it.
    pub fn target(&self) -> String {
        match self {
            ImportTarget::Plan(y) | ImportTarget::Annex(y, _) => y.to_string(),
            ImportTarget::Recommendations(s) => s.to_string(),
        }
    }
}

/// What confirming an upload would record, or why it cannot.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub target: ImportTarget,
    /// The file's name as uploaded.
    pub file: String,
    /// The SHA-256 of its bytes: the confirmation names it.
    pub sha256: String,
    /// The table as read: its headers and its rows with their line numbers.
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
    /// Every problem (the first [`import::LISTED`]), each saying where.
    pub problems: Vec<Text>,
    /// How many more problems were found.
    pub more: usize,
    /// How many events confirming records (0: already recorded).
    pub events: usize,
    /// The fingerprint of that decision: the confirmation names it.
    pub fingerprint: String,
}

impl ImportPreview {
    /// Whether it can be confirmed.
    pub fn acceptable(&self) -> bool {
        self.problems.is_empty() && self.more == 0
    }
}

/// What a confirmation did.
#[derive(Debug, Clone)]
pub enum Confirmation {
    /// Recorded, as previewed.
    Recorded(ImportOutcome),
    /// What it would record changed since the preview: here it is again.
    Changed(Box<ImportPreview>),
}

impl App {
    /// Keeps an uploaded file for its uploader and previews its import.
    pub async fn upload_import(
        &self,
        target: ImportTarget,
        file: &str,
        bytes: &[u8],
        who: &Actor,
    ) -> Result<ImportPreview, AppError> {
        self.require(who, Action::Record)?;
        let file = base_name(file);
        let sha256 = format!("{:x}", Sha256::digest(bytes));
        uploads::keep(&self.db, &who.user.name, &sha256, &file, bytes, self.now()).await?;
        self.preview(target, file, sha256, bytes, who).await
    }

    /// The preview of an upload kept for `who`.
    pub async fn import_preview(
        &self,
        target: ImportTarget,
        sha256: &str,
        who: &Actor,
    ) -> Result<ImportPreview, AppError> {
        self.require(who, Action::Record)?;
        let (file, bytes) = self.kept(sha256, who).await?;
        self.preview(target, file, sha256.to_string(), &bytes, who)
            .await
    }

    /// Records the upload `sha256` as its preview `fingerprint` showed it,
    /// in one transaction; if that changed, the new preview instead.
    pub async fn confirm_import(
        &self,
        target: ImportTarget,
        sha256: &str,
        fingerprint: &str,
        who: &Actor,
    ) -> Result<Confirmation, AppError> {
        self.require(who, Action::Record)?;
        let (file, bytes) = self.kept(sha256, who).await?;
        let table = Table::from_bytes(&file, &bytes)?;
        let outcome = self
            .import_table(&target, &table, who, Commit::IfUnchanged(fingerprint))
            .await?;
        if outcome.written {
            uploads::forget(&self.db, &who.user.name, sha256).await?;
            return Ok(Confirmation::Recorded(outcome));
        }
        let preview = self
            .preview(target, file, sha256.to_string(), &bytes, who)
            .await?;
        Ok(Confirmation::Changed(Box::new(preview)))
    }

    async fn kept(&self, sha256: &str, who: &Actor) -> Result<(String, Vec<u8>), AppError> {
        uploads::find(&self.db, &who.user.name, sha256, self.now())
            .await?
            .ok_or_else(|| {
                AppError::NotFound(text!("upload-gone", minutes = uploads::KEPT_MINUTES))
            })
    }

    async fn preview(
        &self,
        target: ImportTarget,
        file: String,
        sha256: String,
        bytes: &[u8],
        who: &Actor,
    ) -> Result<ImportPreview, AppError> {
        let mut preview = ImportPreview {
            target,
            file,
            sha256,
            headers: Vec::new(),
            rows: Vec::new(),
            problems: Vec::new(),
            more: 0,
            events: 0,
            fingerprint: String::new(),
        };
        let refused = |preview: &mut ImportPreview, e: ImportErrors| {
            preview.problems = e.listed.iter().map(|p| p.text()).collect();
            preview.more = e.more;
        };
        let table = match Table::from_bytes(&preview.file, bytes) {
            Ok(t) => t,
            Err(e) => {
                refused(&mut preview, e);
                return Ok(preview);
            }
        };
        // The rows' own problems, each located, before any decision.
        let parsed = match &preview.target {
            ImportTarget::Plan(year) => import::plan::parse(&table, *year).map(|_| ()),
            ImportTarget::Recommendations(session) => {
                import::recommendations::parse(&table, session, &self.directory()).map(|_| ())
            }
            ImportTarget::Annex(_, kind) => import::annex::parse(&table, *kind).map(|_| ()),
        };
        preview.headers = table.headers.clone();
        preview.rows = table.rows.clone();
        if let Err(e) = parsed {
            refused(&mut preview, e);
            return Ok(preview);
        }
        match self
            .import_table(&preview.target, &table, who, Commit::Never)
            .await
        {
            Ok(outcome) => {
                preview.events = outcome.events;
                preview.fingerprint = outcome.fingerprint;
            }
            // What the aggregates refuse (a row that would change a
            // recorded fact, say) is a problem of the file too.
            Err(AppError::BadInput { text, .. } | AppError::Refused { text, .. }) => {
                preview.problems = vec![text];
            }
            Err(e) => return Err(e),
        }
        Ok(preview)
    }

    async fn import_table(
        &self,
        target: &ImportTarget,
        table: &Table,
        who: &Actor,
        commit: Commit<'_>,
    ) -> Result<ImportOutcome, AppError> {
        match target {
            ImportTarget::Plan(year) => self.import_plan_table(table, *year, who, commit).await,
            ImportTarget::Recommendations(session) => {
                self.import_recommendations_table(table, session, who, commit)
                    .await
            }
            ImportTarget::Annex(year, kind) => {
                self.import_annex_table(table, *year, *kind, who, commit)
                    .await
            }
        }
    }
}

/// The name of an uploaded file without any folder a browser may send.
fn base_name(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file).trim();
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.is_empty() {
        "fichier".to_string()
    } else {
        name
    }
}
