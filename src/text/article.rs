//! The article a French sentence puts before a structure's name.

use super::Lang;

/// A structure's name as a sentence says it, after « qui concernent »: with
/// the article its first word takes in French (« la Direction Générale du
/// Budget », « le Ministère… », « l'Unité… »); a name whose first word is
/// not a known common noun (« CPS/SCI », a proper name) stays as it is.
/// English names take « the ».
pub fn with_article(name: &str, lang: Lang) -> String {
    let name = name.trim();
    let first = name
        .split(|c: char| c.is_whitespace() || c == '\'')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if lang == Lang::En {
        let common = [
            "ministry",
            "directorate",
            "unit",
            "office",
            "embassy",
            "centre",
            "national",
        ];
        return if common.contains(&first.as_str()) {
            format!("the {name}")
        } else {
            name.to_string()
        };
    }
    const FEMININE: [&str; 7] = [
        "direction",
        "cellule",
        "commission",
        "délégation",
        "mission",
        "ambassade",
        "représentation",
    ];
    const MASCULINE: [&str; 8] = [
        "ministère",
        "centre",
        "secrétariat",
        "service",
        "conseil",
        "comité",
        "bureau",
        "cabinet",
    ];
    const ELIDED: [&str; 7] = [
        "unité",
        "institut",
        "observatoire",
        "office",
        "organisation",
        "inspection",
        "agence",
    ];
    const PLURAL: [&str; 3] = ["missions", "directions", "ambassades"];
    let article = if PLURAL.contains(&first.as_str()) {
        "les "
    } else if ELIDED.contains(&first.as_str()) {
        "l'"
    } else if FEMININE.contains(&first.as_str()) {
        "la "
    } else if MASCULINE.contains(&first.as_str()) {
        "le "
    } else {
        ""
    };
    format!("{article}{name}")
}

/// A name with its code in parentheses, once: a name that already ends
/// with a parenthesis (its ministry) takes the code inside it.
pub fn with_code(name: &str, code: &str) -> String {
    match name
        .trim_end()
        .strip_suffix(')')
        .and_then(|n| n.rsplit_once('('))
    {
        Some((before, inside)) if inside.trim() != code => {
            format!("{}({code}, {})", before, inside.trim())
        }
        Some(_) => name.to_string(),
        None => format!("{name} ({code})"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_structure_is_named_with_its_code_once() {
        assert_eq!(
            super::with_code(
                "la Direction de la Coopération Multilatérale (MAECI)",
                "DCM"
            ),
            "la Direction de la Coopération Multilatérale (DCM, MAECI)"
        );
        assert_eq!(
            super::with_code("la Direction Générale du Budget", "DGB"),
            "la Direction Générale du Budget (DGB)"
        );
    }
}
