//! `config/sector.toml`: the sector's objectives, each linked to the
//! national frame, set on a call for the sector's plan when it opens.

use std::path::Path;

use serde::Deserialize;

use super::{read_source, toml_error, ConfigError};
use crate::domain::sector::{objective_key, SectorObjective, SectorPeriod};
use crate::text;

const BUILTIN: &str = include_str!("../../config/sector.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    periode: Option<String>,
    #[serde(default)]
    objectifs: Vec<Objective>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Objective {
    intitule: String,
    #[serde(default)]
    cadre: Option<String>,
    #[serde(default)]
    estime: bool,
}

/// The sector's plan as configured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectorSettings {
    /// Numbered from 1 in this order; none: the objectives are the ones
    /// the structures write.
    pub objectives: Vec<SectorObjective>,
    /// How often the structures report the execution (by quarter unless
    /// `periode = "annee"`).
    pub period: SectorPeriod,
}

impl SectorSettings {
    /// Reads `dir/sector.toml` (the built-in one when the default
    /// directory is absent); a configuration without that file (copied from
    /// a release before it) sets no objectives and follows by quarter, as
    /// the shipped one does.
    pub fn load(dir: &Path, explicit: bool) -> Result<SectorSettings, ConfigError> {
        if dir.exists() && !dir.join("sector.toml").exists() {
            return Ok(SectorSettings::default());
        }
        let src = read_source(dir, explicit, "sector.toml", BUILTIN)?;
        Self::parse(&src.name, &src.text)
    }

    /// Reads the text of a `sector.toml` called `name`; a problem names its
    /// line.
    pub fn parse(name: &str, source: &str) -> Result<SectorSettings, ConfigError> {
        let f: File = toml::from_str(source).map_err(|e| toml_error(name, source, &e))?;
        let period = match f.periode.as_deref().map(str::trim) {
            None | Some("trimestre") => SectorPeriod::Quarter,
            Some("annee" | "année") => SectorPeriod::Year,
            Some(other) => {
                return Err(ConfigError {
                    file: name.to_string(),
                    line: source
                        .lines()
                        .position(|l| l.trim_start().starts_with("periode"))
                        .map(|i| i + 1),
                    message: text!("sector-config-period", value = other),
                })
            }
        };
        let mut seen: Vec<String> = Vec::new();
        let mut objectives = Vec::new();
        for o in f.objectifs {
            let title = o.intitule.split_whitespace().collect::<Vec<_>>().join(" ");
            let problem = if title.is_empty() {
                Some(text!("sector-config-objective-empty"))
            } else if seen.contains(&objective_key(&title)) {
                Some(text!(
                    "sector-config-objective-twice",
                    title = title.as_str()
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                return Err(ConfigError {
                    file: name.to_string(),
                    line: line_of_title(source, &o.intitule, seen.len()),
                    message,
                });
            }
            seen.push(objective_key(&title));
            objectives.push(SectorObjective {
                title,
                frame: o
                    .cadre
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
                estimated: o.estime,
            });
        }
        Ok(SectorSettings { objectives, period })
    }
}

/// The line of the `n`-th (from 0) objective's `intitule`, or of the one
/// written `title`.
fn line_of_title(source: &str, title: &str, n: usize) -> Option<usize> {
    let lines: Vec<(usize, &str)> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("intitule"))
        .collect();
    lines
        .iter()
        .skip(n)
        .find(|(_, l)| l.contains(title))
        .or(lines.get(n))
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped file with its example objectives uncommented.
    fn with_examples() -> String {
        BUILTIN
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if ["[[objectifs]]", "intitule", "cadre", "estime"]
                        .iter()
                        .any(|k| rest.starts_with(k)) =>
                {
                    rest
                }
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_shipped_file_reads_and_a_repeated_objective_is_located() {
        // Shipped: no objective (the examples are commented out), by quarter.
        let s = SectorSettings::parse("sector.toml", BUILTIN).unwrap();
        assert!(s.objectives.is_empty());
        assert_eq!(s.period, SectorPeriod::Quarter);
        let examples = with_examples();
        let s = SectorSettings::parse("sector.toml", &examples).unwrap();
        assert_eq!(s.objectives.len(), 2);
        assert!(s
            .objectives
            .iter()
            .all(|o| o.estimated && o.frame.is_some()));
        let twice = format!(
            "{examples}\n[[objectifs]]\nintitule = \"renforcer la COOPERATION bilatérale et multilatérale\"\n"
        );
        let e = SectorSettings::parse("sector.toml", &twice).unwrap_err();
        assert_eq!(e.line, Some(twice.lines().count()));
        assert!(e.message.render(text::Lang::Fr).contains("deux fois"));
        let empty = "[[objectifs]]\nintitule = \" \"\n";
        let e = SectorSettings::parse("sector.toml", empty).unwrap_err();
        assert_eq!(e.line, Some(2));
        let yearly = BUILTIN.replace("periode = \"trimestre\"", "periode = \"annee\"");
        let s = SectorSettings::parse("sector.toml", &yearly).unwrap();
        assert_eq!(s.period, SectorPeriod::Year);
        let monthly = BUILTIN.replace("periode = \"trimestre\"", "periode = \"mois\"");
        let e = SectorSettings::parse("sector.toml", &monthly).unwrap_err();
        assert_eq!(
            e.line,
            Some(
                BUILTIN
                    .lines()
                    .position(|l| l.starts_with("periode"))
                    .unwrap()
                    + 1
            )
        );
    }
}
