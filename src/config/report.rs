//! `config/report.toml`: the heading of the yearly report (ministry, CPS,
//! the session it is presented to) and the glossary of its acronyms.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{read_source, toml_error, ConfigError};
use crate::report::annual::Identity;
use crate::text;

const BUILTIN: &str = include_str!("../../config/report.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    ministere: String,
    secretariat: String,
    cellule: String,
    sigle: String,
    republique: String,
    devise: String,
    session: String,
    mois: u32,
    #[serde(default)]
    sigles: BTreeMap<String, String>,
}

/// The report's heading and glossary.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSettings {
    pub identity: Identity,
    /// Acronym → what it stands for.
    pub glossary: BTreeMap<String, String>,
}

impl ReportSettings {
    /// Reads `dir/report.toml`, or the built-in one when the file is absent
    /// (a configuration copied from a release that had no yearly report).
    pub fn load(dir: &Path, explicit: bool) -> Result<ReportSettings, ConfigError> {
        if !dir.join("report.toml").exists() {
            return Self::parse("(builtin) report.toml", BUILTIN);
        }
        let src = read_source(dir, explicit, "report.toml", BUILTIN)?;
        Self::parse(&src.name, &src.text)
    }

    pub fn parse(name: &str, source: &str) -> Result<ReportSettings, ConfigError> {
        let f: File = toml::from_str(source).map_err(|e| toml_error(name, source, &e))?;
        if !(1..=12).contains(&f.mois) {
            return Err(ConfigError {
                file: name.to_string(),
                line: source
                    .lines()
                    .position(|l| l.trim_start().starts_with("mois"))
                    .map(|i| i + 1),
                message: text!("report-month-invalid", value = f.mois),
            });
        }
        Ok(ReportSettings {
            identity: Identity {
                ministry: f.ministere,
                secretariat: f.secretariat,
                cell: f.cellule,
                cell_code: f.sigle,
                republic: f.republique,
                motto: f.devise,
                session: f.session,
                month: f.mois,
            },
            glossary: f.sigles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_reads_and_a_wrong_month_is_located() {
        let s = ReportSettings::parse("report.toml", BUILTIN).unwrap();
        assert_eq!(s.identity.cell_code, "CPS/SCI");
        assert_eq!(s.glossary["BSI"], "Budget Spécial d'Investissement");
        let wrong = BUILTIN.replace("mois = 1", "mois = 13");
        let e = ReportSettings::parse("report.toml", &wrong).unwrap_err();
        assert_eq!(
            e.line,
            Some(BUILTIN.lines().position(|l| l == "mois = 1").unwrap() + 1)
        );
    }
}
