//! The catalogue is complete: both languages have the same messages, and
//! every message the code names exists.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;

fn ids(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '\t']) && !l.trim().is_empty())
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect()
}

#[test]
fn both_languages_have_the_same_messages() {
    let (fr, en) = (ids(FR), ids(EN));
    let only_fr: Vec<_> = fr.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&fr).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "only in fr.ftl: {only_fr:?}; only in en.ftl: {only_en:?}"
    );
    // Both parse, with no message overriding another.
    for lang in Lang::ALL {
        let _ = bundle(lang);
    }
}

/// The message ids written as literals in the sources.
fn used_ids(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            used_ids(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html")
            && !path.ends_with("text/tests.rs")
        {
            let source: String = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for marker in ["text!(", "Text::new(", "lang.t(", "{{ tr("] {
                for part in source.split(marker).skip(1) {
                    // rustfmt may put the id on the next line.
                    let Some(rest) = part.trim_start().strip_prefix('"') else {
                        continue;
                    };
                    if let Some(id) = rest.split('"').next() {
                        if !id.is_empty() && !id.contains('{') {
                            out.insert(id.to_string());
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn every_message_the_code_names_exists() {
    let mut used = BTreeSet::new();
    used_ids(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    let known = ids(FR);
    let missing: Vec<_> = used.iter().filter(|id| !known.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "missing from the catalogue: {missing:?}"
    );
}

#[test]
fn messages_take_their_arguments() {
    let t = text!("invalid-lang", value = "de");
    assert!(
        t.render(Lang::Fr).contains("« de »"),
        "{}",
        t.render(Lang::Fr)
    );
    assert!(
        t.render(Lang::En).contains("\"de\""),
        "{}",
        t.render(Lang::En)
    );
}

#[test]
fn raw_identifiers_become_words() {
    assert_eq!(label(Lang::Fr, "status", "non_executee"), "non exécutée");
    assert_eq!(label(Lang::En, "status", "en_cours"), "in progress");
    assert_eq!(
        label(Lang::Fr, "revue", "kind_added_later"),
        "kind_added_later"
    );
}

#[test]
fn names_take_the_article_a_sentence_needs() {
    let fr = |n: &str| with_article(n, Lang::Fr);
    assert_eq!(
        fr("Direction Générale du Budget"),
        "la Direction Générale du Budget"
    );
    assert_eq!(
        fr("Ministère des Maliens établis à l'Extérieur et de l'Intégration Africaine"),
        "le Ministère des Maliens établis à l'Extérieur et de l'Intégration Africaine"
    );
    assert_eq!(
        fr("Unité Planification et Analyses de la CPS/SCI"),
        "l'Unité Planification et Analyses de la CPS/SCI"
    );
    assert_eq!(
        fr("Institut National de la Statistique"),
        "l'Institut National de la Statistique"
    );
    assert_eq!(
        fr("Missions Diplomatiques et Consulaires"),
        "les Missions Diplomatiques et Consulaires"
    );
    assert_eq!(fr("CPS/SCI"), "CPS/SCI");
    assert_eq!(
        with_article("Directorate of Finance", Lang::En),
        "the Directorate of Finance"
    );
}

#[test]
fn a_quarter_is_named_in_words_whatever_its_structures_code() {
    let t = reference("projects/MDC/RABAT/2024/T3").unwrap();
    assert_eq!(
        t.render(Lang::Fr),
        "chiffres du trimestre 3 2024 des projets de MDC/RABAT"
    );
    assert!(reference("projects/MMEIA/2024").is_none());
}
