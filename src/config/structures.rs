//! The directory of responsible structures (`config/structures.toml`): each
//! code with its name and focal points' e-mail addresses.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{line_of, read_source, toml_error, ConfigError};
use crate::domain::types::StructureCode;
use crate::text;
use crate::text::Text;

/// A ministry or directorate that owns recommendations or deadlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    pub code: StructureCode,
    pub name: String,
    pub focal_points: Vec<String>,
    /// The head of the structure, copied when a reminder is escalated.
    pub head: Option<String>,
}

/// Every known structure, by code.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    structures: BTreeMap<StructureCode, Structure>,
}

/// A structure code that is not in the directory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown structure {code}; known: {known}")]
pub struct UnknownStructure {
    pub code: String,
    pub known: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    structure: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    code: Spanned<String>,
    name: String,
    #[serde(default)]
    focal_points: Vec<Spanned<String>>,
    head: Option<Spanned<String>>,
}

const BUILTIN: &str = include_str!("../../config/structures.toml");

impl Directory {
    /// Reads `dir/structures.toml`.
    pub fn load(dir: &Path, explicit: bool) -> Result<Directory, ConfigError> {
        let src = read_source(dir, explicit, "structures.toml", BUILTIN)?;
        Self::parse(&src.name, &src.text)
    }

    pub fn parse(name: &str, text: &str) -> Result<Directory, ConfigError> {
        let file: File = toml::from_str(text).map_err(|e| toml_error(name, text, &e))?;
        let err = |span: std::ops::Range<usize>, message: Text| ConfigError {
            file: name.to_string(),
            line: Some(line_of(text, span.start)),
            message,
        };
        let mut structures = BTreeMap::new();
        for entry in file.structure {
            let code = StructureCode::parse(entry.code.get_ref())
                .map_err(|e| err(entry.code.span(), text::invalid_value(&e)))?;
            for email in entry.focal_points.iter().chain(entry.head.iter()) {
                let e = email.get_ref();
                if e.parse::<lettre::Address>().is_err() {
                    return Err(err(
                        email.span(),
                        text!("email-invalid", address = e.as_str()),
                    ));
                }
            }
            if structures.contains_key(&code) {
                return Err(err(
                    entry.code.span(),
                    text!("structure-twice", code = code.to_string()),
                ));
            }
            structures.insert(
                code.clone(),
                Structure {
                    code,
                    name: entry.name,
                    focal_points: entry
                        .focal_points
                        .into_iter()
                        .map(|s| s.into_inner())
                        .collect(),
                    head: entry.head.map(|h| h.into_inner()),
                },
            );
        }
        Ok(Directory { structures })
    }

    pub fn all(&self) -> impl Iterator<Item = &Structure> {
        self.structures.values()
    }

    pub fn get(&self, code: &StructureCode) -> Option<&Structure> {
        self.structures.get(code)
    }

    /// The known codes, comma-separated, for messages.
    pub fn known_codes(&self) -> String {
        self.structures
            .keys()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Parses a comma-separated list of structure codes, each of which must be known.
    pub fn resolve_list(&self, list: &str) -> Result<Vec<StructureCode>, UnknownStructure> {
        let mut out = Vec::new();
        for raw in list
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let unknown = || UnknownStructure {
                code: raw.to_string(),
                known: self.known_codes(),
            };
            let code = StructureCode::parse(raw).map_err(|_| unknown())?;
            if !self.structures.contains_key(&code) {
                return Err(unknown());
            }
            if !out.contains(&code) {
                out.push(code);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_directory_has_the_report_structures() {
        let d = Directory::parse("structures.toml", BUILTIN).unwrap();
        for code in [
            "MAECI",
            "MMEIA",
            "DRH/MAECI",
            "DRH/MMEIA",
            "DCM",
            "DFM",
            "DNPD",
            "DGB",
            "MEF",
            "CPS/SCI",
            "INSTAT",
        ] {
            assert!(
                d.get(&StructureCode::parse(code).unwrap()).is_some(),
                "{code}"
            );
        }
    }

    #[test]
    fn unknown_codes_are_named_with_the_known_ones() {
        let d =
            Directory::parse("s.toml", "[[structure]]\ncode = \"MAECI\"\nname = \"x\"\n").unwrap();
        assert_eq!(d.resolve_list("maeci").unwrap().len(), 1);
        let e = d.resolve_list("MAECI, MINSANTE").unwrap_err();
        assert_eq!(e.code, "MINSANTE");
        assert_eq!(e.known, "MAECI");
    }

    #[test]
    fn a_bad_entry_is_reported_with_its_line() {
        let e = Directory::parse(
            "s.toml",
            "[[structure]]\ncode = \"MAECI\"\nname = \"x\"\nfocal_points = [\"pas-une-adresse\"]\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.toml:4: adresse électronique « pas-une-adresse » invalide"
        );
        let e = Directory::parse("s.toml", "[[structure]]\ncode = \"MAECI\"\n").unwrap_err();
        assert!(
            e.to_string().starts_with("s.toml:1: missing field `name`"),
            "{e}"
        );
    }
}
