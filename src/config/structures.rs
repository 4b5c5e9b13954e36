//! The directory of responsible structures (`config/structures.toml`): each
//! code with its name, its parent ministry, its focal points' e-mail
//! addresses, and the other ways the documents write it (aliases). Lists of
//! structures are read as the documents write them: « MAECI et MMEIA »,
//! « MAECI /DCM », « MEF (DNPD et DGB) », « DRH/MAECI et MMEIA CPS/SCI ».
//! Past 400 lines with its tests, which read the shipped directory.

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
    /// The ministry (or cell) it belongs to.
    pub parent: Option<StructureCode>,
    /// Other ways the documents write it.
    pub aliases: Vec<String>,
}

/// Every known structure, by code.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    structures: BTreeMap<StructureCode, Structure>,
    /// Every way of writing a structure, normalized ([`key`]): its code, its
    /// name and its aliases; an alias may stand for several structures.
    spellings: BTreeMap<String, Vec<StructureCode>>,
}

/// A structure code that is not in the directory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown structure {code}; known: {known}")]
pub struct UnknownStructure {
    pub code: String,
    pub known: String,
    /// The known codes closest to what was written, the closest first.
    pub suggestions: Vec<String>,
}

impl UnknownStructure {
    /// What is wrong, with the closest codes when some are close.
    pub fn text(&self) -> Text {
        if self.suggestions.is_empty() {
            text!(
                "structure-unknown",
                code = self.code.as_str(),
                known = self.known.as_str()
            )
        } else {
            text!(
                "structure-unknown-suggest",
                code = self.code.as_str(),
                suggestions = self.suggestions.join(", "),
                known = self.known.as_str()
            )
        }
    }
}

/// How a spelling is compared: no case, no accents, single spaces, none
/// around `/`.
fn key(s: &str) -> String {
    let plain = deunicode::deunicode(s).to_lowercase();
    let words: Vec<&str> = plain.split_whitespace().collect();
    words.join(" ").replace(" /", "/").replace("/ ", "/")
}

/// The pieces of a list as the documents write it: separated by `,`, `;`,
/// a line break or the word « et »; « MEF (DNPD et DGB) » stands for the
/// parenthesis' content.
fn pieces(list: &str) -> Vec<String> {
    let mut text = list.to_string();
    while let (Some(open), Some(close)) = (text.find('('), text.find(')')) {
        if close < open {
            break;
        }
        let inner = text[open + 1..close].to_string();
        let before = text[..open].trim_end();
        // The word the parenthesis details (« MEF ») gives way to it.
        let kept = before
            .rfind(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .map_or("", |i| &before[..=i]);
        text = format!("{kept} ; {inner} ; {}", &text[close + 1..]);
    }
    let mut out = Vec::new();
    for part in text.split([',', ';', '\n']) {
        let mut current: Vec<&str> = Vec::new();
        for word in part.split_whitespace() {
            if word.eq_ignore_ascii_case("et") {
                out.push(current.join(" "));
                current.clear();
            } else {
                current.push(word);
            }
        }
        out.push(current.join(" "));
    }
    out.retain(|p| !p.trim().is_empty());
    out
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
    parent: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
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
        let mut parents = Vec::new();
        for entry in file.structure {
            let code = StructureCode::parse(entry.code.get_ref())
                .map_err(|e| err(entry.code.span(), text::invalid_value(&e)))?;
            for email in entry.focal_points.iter().chain(entry.head.iter()) {
                let e = email.get_ref();
                if !crate::mail::deliverable(e) {
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
            if let Some(p) = &entry.parent {
                parents.push((p.clone(), code.clone()));
            }
            let parent = match &entry.parent {
                Some(p) => Some(
                    StructureCode::parse(p.get_ref())
                        .map_err(|e| err(p.span(), text::invalid_value(&e)))?,
                ),
                None => None,
            };
            structures.insert(
                code.clone(),
                Structure {
                    code,
                    parent,
                    name: entry.name,
                    focal_points: entry
                        .focal_points
                        .into_iter()
                        .map(|s| s.into_inner())
                        .collect(),
                    head: entry.head.map(|h| h.into_inner()),
                    aliases: entry.aliases,
                },
            );
        }
        for (p, _) in &parents {
            let known = StructureCode::parse(p.get_ref())
                .ok()
                .is_some_and(|c| structures.contains_key(&c));
            if !known {
                return Err(err(
                    p.span(),
                    text!("structure-parent-unknown", code = p.get_ref().as_str()),
                ));
            }
        }
        let mut directory = Directory {
            structures,
            spellings: BTreeMap::new(),
        };
        for (p, code) in &parents {
            if directory.above(code).any(|a| a == code) {
                return Err(err(
                    p.span(),
                    text!("structure-parent-cycle", code = p.get_ref().as_str()),
                ));
            }
        }
        directory.index();
        Ok(directory)
    }

    /// The structures above `code`, its parent first, up to the top; a
    /// cycle ends where it comes back to a structure already seen.
    pub fn above<'a>(
        &'a self,
        code: &StructureCode,
    ) -> impl Iterator<Item = &'a StructureCode> + 'a {
        let mut seen = std::collections::BTreeSet::new();
        let mut next = self.structures.get(code).and_then(|s| s.parent.as_ref());
        std::iter::from_fn(move || {
            let current = next?;
            if !seen.insert(current.clone()) {
                return None;
            }
            next = self.structures.get(current).and_then(|s| s.parent.as_ref());
            Some(current)
        })
    }

    /// Every way of writing each structure: its code, name and aliases.
    fn index(&mut self) {
        let mut spellings: BTreeMap<String, Vec<StructureCode>> = BTreeMap::new();
        for s in self.structures.values() {
            for spelling in [s.code.as_str(), s.name.as_str()]
                .into_iter()
                .chain(s.aliases.iter().map(String::as_str))
            {
                let codes = spellings.entry(key(spelling)).or_default();
                if !codes.contains(&s.code) {
                    codes.push(s.code.clone());
                }
            }
        }
        self.spellings = spellings;
    }

    /// This directory with the entries recorded since the file (each
    /// replaces or adds its structure).
    pub fn with_recorded(
        &self,
        recorded: impl IntoIterator<Item = (StructureCode, crate::domain::directory::StructureFields)>,
    ) -> Directory {
        let mut directory = self.clone();
        for (code, f) in recorded {
            directory.structures.insert(
                code.clone(),
                Structure {
                    code,
                    name: f.name,
                    focal_points: f.focal_points,
                    head: f.head,
                    parent: f.parent,
                    aliases: f.aliases,
                },
            );
        }
        directory.index();
        directory
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

    /// The structures a spelling stands for, if it is one the directory knows.
    fn spelling(&self, written: &str) -> Option<&Vec<StructureCode>> {
        self.spellings.get(&key(written))
    }

    /// Reads a list of structures as the documents write it: codes, names or
    /// aliases, joined by `,`, `;`, « et », or detailed in a parenthesis.
    /// After « DRH/MAECI », « MMEIA » alone means « DRH/MMEIA » when that
    /// exists. A spelling that matches nothing is refused with the closest
    /// known codes.
    pub fn resolve_list(&self, list: &str) -> Result<Vec<StructureCode>, UnknownStructure> {
        // A name that itself says « et » (« Centre de Documentation et Communication »).
        if let Some(codes) = self.spelling(list) {
            return Ok(codes.clone());
        }
        let mut out: Vec<StructureCode> = Vec::new();
        for piece in pieces(list) {
            let single = !piece.trim().contains(char::is_whitespace);
            let found = if single {
                self.word(piece.trim(), out.last())
            } else {
                // A name or alias of several words, a code cut by a line
                // break (« DRH/MAEC I »), or codes side by side (« MMEIA CPS/SCI »).
                self.spelling(&piece)
                    .cloned()
                    .or_else(|| self.spelling(&piece.replace(' ', "")).cloned())
                    .or_else(|| {
                        let mut codes: Vec<StructureCode> = Vec::new();
                        for word in piece.split_whitespace() {
                            let previous = codes.last().or(out.last()).cloned();
                            codes.extend(self.word(word, previous.as_ref())?);
                        }
                        Some(codes)
                    })
            }
            .ok_or_else(|| self.unknown(&piece))?;
            for code in found {
                if !out.contains(&code) {
                    out.push(code);
                }
            }
        }
        Ok(out)
    }

    /// One word of a list, read after `previous`: « MMEIA » after
    /// « DRH/MAECI » is « DRH/MMEIA » when the directory has it.
    fn word(&self, word: &str, previous: Option<&StructureCode>) -> Option<Vec<StructureCode>> {
        if !word.contains('/') {
            if let Some((prefix, _)) = previous.and_then(|p| p.as_str().split_once('/')) {
                if let Some(codes) = self.spelling(&format!("{prefix}/{word}")) {
                    return Some(codes.clone());
                }
            }
        }
        self.spelling(word).cloned()
    }

    fn unknown(&self, written: &str) -> UnknownStructure {
        let wanted = key(written);
        let mut scored: Vec<(f64, &StructureCode)> = self
            .spellings
            .iter()
            .flat_map(|(spelling, codes)| {
                let score = strsim::jaro_winkler(&wanted, spelling);
                codes.iter().map(move |c| (score, c))
            })
            .filter(|(score, _)| *score >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let mut suggestions: Vec<String> = Vec::new();
        for (_, code) in scored {
            if !suggestions.iter().any(|s| s == code.as_str()) && suggestions.len() < 3 {
                suggestions.push(code.to_string());
            }
        }
        UnknownStructure {
            code: written.trim().to_string(),
            known: self.known_codes(),
            suggestions,
        }
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
            "DFM/MAECI",
            "DFM/MMEIA",
            "DNPD",
            "DGB",
            "MEF",
            "CPS/SCI",
            "INSTAT",
            "DNUH",
            "MDC",
            "CT-CSLP",
            "ODHD",
            "OIM",
            "CPS/SCI/PLANIFICATION",
            "CPS/SCI/SUIVI-EVALUATION",
            "CPS/SCI/STATISTIQUE",
            "CPS/SCI/INFORMATIQUE",
            "CPS/SCI/DOCUMENTATION",
        ] {
            assert!(
                d.get(&StructureCode::parse(code).unwrap()).is_some(),
                "{code}"
            );
        }
    }

    #[test]
    fn lists_are_read_as_the_documents_write_them() {
        let d = Directory::parse("structures.toml", BUILTIN).unwrap();
        let read = |s: &str| -> Vec<String> {
            d.resolve_list(s)
                .unwrap_or_else(|e| panic!("{s}: {e}"))
                .iter()
                .map(|c| c.to_string())
                .collect()
        };
        // Tableaux 4 and 5 of the 2023 report, as written there.
        assert_eq!(read("MAECI et MMEIA"), ["MAECI", "MMEIA"]);
        assert_eq!(read("DRH/MAEC I et MMEIA"), ["DRH/MAECI", "DRH/MMEIA"]);
        assert_eq!(read("MAECI /DCM"), ["DCM"]);
        assert_eq!(
            read("DRH/MAECI et MMEIA CPS/SCI"),
            ["DRH/MAECI", "DRH/MMEIA", "CPS/SCI"]
        );
        assert_eq!(read("MEF (DNPD et DGB)"), ["DNPD", "DGB"]);
        // The plan's « Responsable » column, and the DFM of both ministries.
        assert_eq!(
            read("Unité planification et Unité suivi évaluation"),
            ["CPS/SCI/PLANIFICATION", "CPS/SCI/SUIVI-EVALUATION"]
        );
        assert_eq!(read("DFM"), ["DFM/MAECI", "DFM/MMEIA"]);
        assert_eq!(read("maeci; dcm, MAECI"), ["MAECI", "DCM"]);
        assert_eq!(
            read("Centre de Documentation et Communication"),
            ["CPS/SCI/DOCUMENTATION"]
        );
        assert_eq!(
            read("Unité planification et suivi évaluation"),
            ["CPS/SCI/PLANIFICATION", "CPS/SCI/SUIVI-EVALUATION"]
        );
        assert_eq!(read("Toutes les Unités").len(), 5);
    }

    #[test]
    fn a_spelling_that_matches_nothing_gets_the_closest_codes() {
        let d = Directory::parse("structures.toml", BUILTIN).unwrap();
        let e = d.resolve_list("MAECI, DGBB").unwrap_err();
        assert_eq!(e.code, "DGBB");
        assert_eq!(e.suggestions.first().map(String::as_str), Some("DGB"));
        let message = e.text().render(crate::text::Lang::Fr);
        assert!(
            message.contains("« DGBB »") && message.contains("DGB"),
            "{message}"
        );
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
