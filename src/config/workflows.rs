//! Loads and checks the workflows in `workflows/recommendation.toml` and
//! `workflows/revues.toml`. (Just past 400 lines: the tests of every refusal,
//! with its file and line, sit beside the parser they check.)

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{line_of, read_source, toml_error, ConfigError};
use crate::domain::types::Code;
use crate::domain::workflow::{
    DeadlineRule, RecommendationStatus, RecommendationWorkflow, RevueKind, StepDefinition,
    Transition, Workflows,
};
use crate::text;
use crate::text::Text;

const BUILTIN_RECOMMENDATION: &str = include_str!("../../workflows/recommendation.toml");
const BUILTIN_REVUES: &str = include_str!("../../workflows/revues.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecommendationFile {
    transition: Vec<TransitionEntry>,
    /// « MM-JJ » in the session's year, or « aucune ».
    default_due: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionEntry {
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    requires: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevuesFile {
    revue: Vec<RevueEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevueEntry {
    kind: Spanned<String>,
    label: String,
    /// Sessions a year (default 1).
    sessions: Option<Spanned<u8>>,
    step: Vec<StepEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepEntry {
    id: Spanned<String>,
    label: String,
    deadline: Option<Spanned<String>>,
    #[serde(default)]
    deadline_year_offset: i32,
}

/// Reads both workflow files from `dir`.
pub fn load(dir: &Path, explicit: bool) -> Result<Workflows, ConfigError> {
    let rec = read_source(dir, explicit, "recommendation.toml", BUILTIN_RECOMMENDATION)?;
    let revues = read_source(dir, explicit, "revues.toml", BUILTIN_REVUES)?;
    Ok(Workflows {
        recommendation: parse_recommendation(&rec.name, &rec.text)?,
        revues: parse_revues(&revues.name, &revues.text)?,
    })
}

fn at(file: &str, text: &str, span: std::ops::Range<usize>, message: Text) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        line: Some(line_of(text, span.start)),
        message,
    }
}

pub fn parse_recommendation(file: &str, text: &str) -> Result<RecommendationWorkflow, ConfigError> {
    let parsed: RecommendationFile =
        toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let status = |s: &Spanned<String>| {
        s.get_ref().parse::<RecommendationStatus>().map_err(|e| {
            at(
                file,
                text,
                s.span(),
                text!(
                    "unknown-code",
                    value = e.value,
                    allowed = e.allowed.join(", ")
                ),
            )
        })
    };
    let mut transitions: Vec<Transition> = Vec::new();
    for t in &parsed.transition {
        let (from, to) = (status(&t.from)?, status(&t.to)?);
        if from == to {
            return Err(at(
                file,
                text,
                t.to.span(),
                text!("workflow-self-transition", from = from.code()),
            ));
        }
        if transitions.iter().any(|x| x.from == from && x.to == to) {
            return Err(at(
                file,
                text,
                t.from.span(),
                text!(
                    "workflow-transition-twice",
                    from = from.code(),
                    to = to.code()
                ),
            ));
        }
        let (mut requires_comment, mut requires_evidence) = (false, false);
        for r in &t.requires {
            match r.get_ref().as_str() {
                "comment" => requires_comment = true,
                "evidence" => requires_evidence = true,
                other => {
                    return Err(at(
                        file,
                        text,
                        r.span(),
                        text!("unknown-code", value = other, allowed = "comment, evidence"),
                    ))
                }
            }
        }
        transitions.push(Transition {
            from,
            to,
            requires_comment,
            requires_evidence,
        });
    }
    let default_due = match &parsed.default_due {
        None => RecommendationWorkflow::new(vec![]).default_due_rule(),
        Some(v) if v.get_ref().trim() == "aucune" => None,
        Some(v) => Some(parse_month_day(v.get_ref().trim(), 0).ok_or_else(|| {
            at(
                file,
                text,
                v.span(),
                text!("workflow-default-due-invalid", value = v.get_ref().as_str()),
            )
        })?),
    };
    Ok(RecommendationWorkflow::new(transitions).with_default_due(default_due))
}

/// The longest revue kind: its sessions are named `kind-year`, at most 40
/// characters.
const MAX_KIND_LENGTH: usize = 35;

pub fn parse_revues(file: &str, text: &str) -> Result<BTreeMap<String, RevueKind>, ConfigError> {
    let parsed: RevuesFile = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut kinds = BTreeMap::new();
    let ident = |s: &Spanned<String>, what: &'static str| {
        let v = s.get_ref();
        if !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            Ok(v.clone())
        } else {
            Err(at(
                file,
                text,
                s.span(),
                text!(
                    "workflow-identifier-invalid",
                    what = Text::new(what),
                    value = v.as_str()
                ),
            ))
        }
    };
    for r in parsed.revue {
        let id = ident(&r.kind, "workflow-what-kind")?;
        // A revue's session is `kind-year`, which must remain a valid session id.
        if id.len() > MAX_KIND_LENGTH {
            return Err(at(
                file,
                text,
                r.kind.span(),
                text!(
                    "workflow-kind-too-long",
                    value = id.as_str(),
                    max = MAX_KIND_LENGTH
                ),
            ));
        }
        let sessions = match &r.sessions {
            None => 1,
            Some(n) if (1..=12).contains(n.get_ref()) => *n.get_ref(),
            Some(n) => {
                return Err(at(
                    file,
                    text,
                    n.span(),
                    text!("workflow-sessions-invalid", value = u32::from(*n.get_ref())),
                ))
            }
        };
        // A later session is `kind-year-N`: two characters more.
        if sessions > 1 && id.len() > MAX_KIND_LENGTH - 2 {
            return Err(at(
                file,
                text,
                r.kind.span(),
                text!(
                    "workflow-kind-too-long",
                    value = id.as_str(),
                    max = MAX_KIND_LENGTH - 2
                ),
            ));
        }
        let mut steps: Vec<StepDefinition> = Vec::new();
        for s in &r.step {
            let step_id = ident(&s.id, "workflow-what-step")?;
            if steps.iter().any(|x| x.id == step_id) {
                return Err(at(
                    file,
                    text,
                    s.id.span(),
                    text!("workflow-step-twice", step = step_id.as_str()),
                ));
            }
            let deadline = match &s.deadline {
                None => None,
                Some(d) => Some(
                    parse_month_day(d.get_ref(), s.deadline_year_offset).ok_or_else(|| {
                        at(
                            file,
                            text,
                            d.span(),
                            text!("workflow-deadline-invalid", value = d.get_ref().as_str()),
                        )
                    })?,
                ),
            };
            steps.push(StepDefinition {
                id: step_id,
                label: s.label.clone(),
                deadline,
            });
        }
        if kinds.contains_key(&id) {
            return Err(at(
                file,
                text,
                r.kind.span(),
                text!("workflow-kind-twice", kind = id.as_str()),
            ));
        }
        kinds.insert(
            id.clone(),
            RevueKind {
                sessions,
                id,
                label: r.label,
                steps,
            },
        );
    }
    Ok(kinds)
}

fn parse_month_day(s: &str, year_offset: i32) -> Option<DeadlineRule> {
    let (m, d) = s.split_once('-')?;
    let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2024 is a leap year, so 02-29 is accepted as a rule.
    chrono::NaiveDate::from_ymd_opt(2024, month, day)?;
    Some(DeadlineRule {
        month,
        day,
        year_offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_shipped_workflows_load() {
        let rec = parse_recommendation("r", BUILTIN_RECOMMENDATION).unwrap();
        assert!(rec
            .transition(
                RecommendationStatus::NonExecutee,
                RecommendationStatus::EnCours
            )
            .is_some());
        let revues = parse_revues("v", BUILTIN_REVUES).unwrap();
        let sector = &revues["revue_sectorielle"];
        let transmission = sector
            .steps
            .iter()
            .find(|s| s.id == "transmission")
            .unwrap();
        assert_eq!(
            transmission.deadline.unwrap().date_in(2024),
            chrono::NaiveDate::from_ymd_opt(2024, 4, 30)
        );
    }

    #[test]
    fn recommendations_without_a_date_get_the_default_deadline() {
        let t = "[[transition]]\nfrom = \"non_executee\"\nto = \"en_cours\"\n";
        let shipped = parse_recommendation("r", BUILTIN_RECOMMENDATION).unwrap();
        let given = NaiveDate::from_ymd_opt(2024, 6, 30);
        assert_eq!(
            shipped.due(None, Some(2024)).map(|d| (d.date, d.default)),
            Some((NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(), true))
        );
        assert_eq!(
            shipped.due(given, Some(2024)).map(|d| d.default),
            Some(false)
        );
        assert_eq!(shipped.due(None, None), None, "a session without a year");
        let absent = parse_recommendation("r", t).unwrap();
        assert_eq!(absent.default_due_rule(), shipped.default_due_rule());
        let june = parse_recommendation("r", &format!("default_due = \"06-30\"\n{t}")).unwrap();
        assert_eq!(
            june.due(None, Some(2025)).map(|d| d.date),
            NaiveDate::from_ymd_opt(2025, 6, 30)
        );
        let none = parse_recommendation("r", &format!("default_due = \"aucune\"\n{t}")).unwrap();
        assert_eq!(none.due(None, Some(2025)), None);
        let e =
            parse_recommendation("w.toml", &format!("default_due = \"31-12\"\n{t}")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("w.toml:1: échéance par défaut « 31-12 » invalide"),
            "{e}"
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = parse_recommendation(
            "w.toml",
            "[[transition]]\nfrom = \"non_executee\"\nto = \"fini\"\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "w.toml:3: « fini » inconnu ; valeurs permises : non_executee, en_cours, executee"
        );
        let e = parse_recommendation(
            "w.toml",
            "[[transition]]\nfrom = \"non_executee\"\nto = \"en_cours\"\nrequires = [\"signature\"]\n",
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with(
                "w.toml:4: « signature » inconnu ; valeurs permises : comment, evidence"
            ),
            "{e}"
        );
        let e = parse_revues(
            "r.toml",
            "[[revue]]\nkind = \"x\"\nlabel = \"X\"\n[[revue.step]]\nid = \"a\"\nlabel = \"A\"\ndeadline = \"04-31\"\n",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("r.toml:7: échéance « 04-31 » invalide"),
            "{e}"
        );
        let e = parse_revues("r.toml", "[[revue]\n").unwrap_err();
        assert!(e.to_string().starts_with("r.toml:1:"), "{e}");
    }

    #[test]
    fn a_revue_kind_too_long_for_its_session_names_is_refused_at_load() {
        let kind = "k".repeat(36);
        let e = parse_revues(
            "r.toml",
            &format!("[[revue]]\nkind = \"{kind}\"\nlabel = \"X\"\n[[revue.step]]\nid = \"a\"\nlabel = \"A\"\ndeadline = \"04-30\"\n"),
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("r.toml:2: type de revue « kkk"),
            "{e}"
        );
        assert!(e.to_string().contains("au plus 35 caractères"), "{e}");
        let ok = "k".repeat(35);
        parse_revues(
            "r.toml",
            &format!("[[revue]]\nkind = \"{ok}\"\nlabel = \"X\"\n[[revue.step]]\nid = \"a\"\nlabel = \"A\"\ndeadline = \"04-30\"\n"),
        )
        .unwrap();
    }
}
