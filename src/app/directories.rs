//! The directory kept by the CPS: each structure's name, parent, aliases,
//! focal points' and head's e-mail addresses, changed in the pages; each
//! change an event with its author, over the shipped file's values.

use std::sync::Arc;

use super::{App, AppError, Changed};
use crate::config::structures::{Directory, Structure};
use crate::domain::access::{Action, Actor};
use crate::domain::directory::{StructureCommand, StructureEntry, StructureFields};
use crate::domain::types::StructureCode;
use crate::projections;
use crate::store::Db;
use crate::text;

/// The shipped directory with every structure recorded since.
pub(super) async fn recorded(db: &Db, shipped: &Directory) -> Result<Directory, AppError> {
    let entries = projections::all::<StructureEntry>(db).await?;
    Ok(shipped.with_recorded(
        entries
            .into_iter()
            .filter_map(|e| Some((e.code?, e.fields?))),
    ))
}

/// A structure as typed in the directory's form: lists one item per line
/// or separated by `;` (aliases) or by `,`, `;` or spaces (addresses).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StructureInput {
    pub code: String,
    pub name: String,
    pub parent: String,
    pub aliases: String,
    pub focal_points: String,
    pub head: String,
}

fn addresses(field: &'static str, list: &str) -> Result<Vec<String>, AppError> {
    list.split([',', ';', '\n', ' ', '\t', '\r'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| match crate::mail::deliverable(a) {
            true => Ok(a.to_string()),
            false => Err(AppError::bad_field(
                field,
                text!("email-invalid", address = a),
            )),
        })
        .collect()
}

impl App {
    /// Every structure of the directory, as it stands, by code.
    pub fn directory_entries(&self, who: &Actor) -> Result<Vec<Structure>, AppError> {
        self.require(who, Action::Record)?;
        Ok(self.directory().all().cloned().collect())
    }

    /// Records what the directory says of a structure (a new code adds
    /// one); the directory in use changes with it.
    pub async fn record_structure(
        &self,
        input: StructureInput,
        who: &Actor,
    ) -> Result<Changed<StructureEntry>, AppError> {
        self.require(who, Action::Record)?;
        let code = StructureCode::parse(input.code.trim())
            .map_err(|e| AppError::bad_field("code", text::invalid_value(&e)))?;
        for (field, value) in [
            ("name", &input.name),
            ("aliases", &input.aliases),
            ("focal_points", &input.focal_points),
        ] {
            super::refusals::bounded(field, Some(value))?;
        }
        let directory = self.directory();
        let parent = match input.parent.trim() {
            "" => None,
            p => {
                let unknown =
                    || AppError::bad_field("parent", text!("structure-parent-unknown", code = p));
                let parent = StructureCode::parse(p).map_err(|_| unknown())?;
                if directory.get(&parent).is_none() {
                    return Err(unknown());
                }
                // Not the structure itself, nor below it.
                if parent == code || directory.above(&parent).any(|a| *a == code) {
                    return Err(AppError::bad_field(
                        "parent",
                        text!("structure-parent-cycle", code = p),
                    ));
                }
                Some(parent)
            }
        };
        let head = addresses("head", &input.head)?;
        if head.len() > 1 {
            return Err(AppError::bad_field("head", text!("structure-one-head")));
        }
        let fields = StructureFields {
            name: input.name,
            parent,
            aliases: input
                .aliases
                .split([';', '\n'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            focal_points: addresses("focal_points", &input.focal_points)?,
            head: head.into_iter().next(),
        };
        let id = code.to_string();
        let command = StructureCommand::Record { code, fields };
        let changed = self
            .run_one::<StructureEntry>(id.clone(), id, command, &(), who)
            .await?;
        self.after_recorded().await;
        Ok(changed)
    }

    /// Reads the directory again: the shipped file with every change
    /// recorded, by this process or another on the same database (under
    /// [`App::refresh_recorded`]'s turn).
    pub(super) async fn refresh_directory(&self) -> Result<(), AppError> {
        let now = recorded(&self.db, &self.shipped_directory).await?;
        *self
            .directory
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(now);
        Ok(())
    }
}
