//! The yearly report written from the example data, read back as a person
//! checks it against the CPS's 2023 report: the Word document from its XML
//! (headings in order, tables and their figures), the HTML page, the same
//! bytes twice, and bad input.
//!
//! (Over 400 lines: the document is checked table by table in one reading,
//! as a person compares it with the printed report.)

use std::io::Read;
use std::path::Path;

use super::helpers::*;

/// A part of a Word document.
fn bytes(docx: &Path, name: &str) -> Vec<u8> {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
    let mut out = Vec::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the document"))
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// A part of a Word document, as text.
fn part(docx: &Path, name: &str) -> String {
    String::from_utf8(bytes(docx, name)).expect("an XML part")
}

fn unescape(s: &str) -> String {
    s.replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text of an XML fragment: its `<w:t>` runs, joined.
fn text_of(xml: &str) -> String {
    let runs = regex::Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    unescape(
        &runs
            .captures_iter(xml)
            .map(|c| c[1].to_string())
            .collect::<String>(),
    )
}

/// The paragraphs of the body outside tables: (style, text).
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    let tables = regex::Regex::new(r"(?s)<w:tbl>.*?</w:tbl>").unwrap();
    let outside = tables.replace_all(xml, "");
    let paragraph = regex::Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    let style = regex::Regex::new(r#"<w:pStyle w:val="([^"]+)""#).unwrap();
    paragraph
        .find_iter(&outside)
        .map(|p| {
            let s = style
                .captures(p.as_str())
                .map(|c| c[1].to_string())
                .unwrap_or_default();
            (s, text_of(p.as_str()))
        })
        .collect()
}

/// The tables of the body: rows of cell texts, the header row first.
fn tables(xml: &str) -> Vec<Vec<Vec<String>>> {
    let table = regex::Regex::new(r"(?s)<w:tbl>.*?</w:tbl>").unwrap();
    let row = regex::Regex::new(r"(?s)<w:tr[ >].*?</w:tr>").unwrap();
    let cell = regex::Regex::new(r"(?s)<w:tc>.*?</w:tc>").unwrap();
    table
        .find_iter(xml)
        .map(|t| {
            row.find_iter(t.as_str())
                .map(|r| {
                    cell.find_iter(r.as_str())
                        .map(|c| text_of(c.as_str()))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The 2023 report written as a Word document beside the database, and
/// what the command said.
fn write_report(db: &TestDb) -> (std::path::PathBuf, Run) {
    let docx = db.dir().join("rapport.docx");
    let run = suivi(
        db,
        &[
            "report",
            "annual",
            "--year",
            "2023",
            "--format",
            "docx",
            "--output",
            docx.to_str().unwrap(),
        ],
    )
    .ok();
    (docx, run)
}

fn find_table<'a>(all: &'a [Vec<Vec<String>>], header: &[&str]) -> &'a Vec<Vec<String>> {
    all.iter()
        .find(|t| t[0].iter().take(header.len()).eq(header.iter()))
        .unwrap_or_else(|| panic!("a table headed {header:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_report_of_2023_matches_the_seed_document() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let (docx, out) = write_report(&db);
    assert!(out.stdout.contains("rapport.docx"), "{}", out.stdout);
    let xml = part(&docx, "word/document.xml");
    let paras = paragraphs(&xml);

    // The chapters in the seed's order, each a real Word heading.
    let chapters: Vec<&str> = paras
        .iter()
        .filter(|(s, _)| s == "Heading1")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        chapters,
        vec![
            "INTRODUCTION",
            "CHAPITRE I : PRÉSENTATION DE LA CPS/SCI ET PLAN D'ACTION 2023",
            "CHAPITRE II : SITUATION D'EXÉCUTION PHYSIQUE ET FINANCIÈRE DES ACTIVITÉS 2023",
            "CHAPITRE III : PLAN D'ACTION 2024",
            "CONCLUSION ET RECOMMANDATIONS",
            "PLAN D'ACTION 2024",
            "ANNEXES",
        ]
    );
    let sections: Vec<&str> = paras
        .iter()
        .filter(|(s, _)| s == "Heading2")
        .map(|(_, t)| t.as_str())
        .collect();
    for expected in [
        "1.1. Rappel des missions et attributions de la CPS",
        "1.4. Plan d'action 2023 et son état d'exécution",
        "1.5. État d'exécution des recommandations de la session précédente",
        "2.2. État de réalisation financière des activités en 2023",
        "2.3. Difficultés rencontrées",
        "3.2. Financement des activités 2024",
    ] {
        assert!(sections.contains(&expected), "{expected} in {sections:?}");
    }
    let position = |t: &str| sections.iter().position(|s| *s == t).unwrap();
    assert!(
        position("1.4. Plan d'action 2023 et son état d'exécution")
            < position("1.5. État d'exécution des recommandations de la session précédente")
    );
    assert!(
        xml.contains(r#"TOC \o &quot;1-3&quot;"#),
        "a table of contents field"
    );
    let toc = &xml[xml.find("TOC \\o").unwrap()..xml.find("</w:sdtContent>").unwrap()];
    for entry in [
        "CHAPITRE III : PLAN D'ACTION 2024",
        "1.4. Plan d'action 2023 et son état d'exécution",
    ] {
        assert!(
            text_of(toc).contains(entry),
            "{entry} in the table of contents"
        );
    }
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    assert!(
        part(&docx, "word/footer1.xml").contains("PAGE"),
        "page numbers"
    );

    // The figures of the text, with the comparison with 2022.
    let text: String = paras
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for figure in [
        "Sur les 22 activités programmées dans le plan d'action 2023, la Cellule en a réalisé 14, soit un taux d'exécution de 63,64 % contre 64,71 % en 2022",
        "s'élève à 143 035 000 F CFA",
        "Le crédit notifié se chiffre à 128 799 000 F CFA",
        "Le crédit engagé s'élève à 98 515 631 F CFA et le crédit liquidé à 54 515 711 F CFA, soit un taux d'exécution (engagé sur notifié) de 76,49 % contre 82,00 % en 2022",
        "71 500 milliers de F CFA, pour 12 activités chiffrées sur 20",
        "compte un effectif de 16 agents dont 5 contractuels",
        "Montants estimés (calculés ou supposés, non lus dans un document) : liquidé BSI, liquidé Fonctionnement.",
        "2.1.5. Autres activités réalisées (hors plan)",
        "Participation à l'élaboration du rapport de la revue du CREDD",
        "Sur les 5 recommandations de la session 2023 : 0 exécutée, 3 en cours, 2 non exécutées.",
    ] {
        assert!(text.contains(figure), "« {figure} » in the document:\n{text}");
    }
    assert!(
        !text.contains("[Section"),
        "every section of the example is written"
    );

    // The tables, each with its header row repeated on every page.
    let all = tables(&xml);
    assert_eq!(xml.matches("<w:tblHeader />").count(), all.len());
    let t1 = find_table(&all, &["MATÉRIEL", "Bon"]);
    assert_eq!(t1.last().unwrap(), &["Total", "4", "4", "3", "11"]);
    let t2 = &all[all.iter().position(|t| std::ptr::eq(t, t1)).unwrap() + 1];
    assert_eq!(t2.last().unwrap(), &["Total", "18", "7", "12", "37"]);
    let t3 = find_table(
        &all,
        &[
            "OBJECTIFS",
            "RÉSULTATS",
            "ACTIVITÉS",
            "EXÉCUTÉE 1. OUI ; 2. NON",
        ],
    );
    assert_eq!(
        t3.len() - 1,
        22,
        "the unplanned activities are not in Tableau 3"
    );
    assert_eq!(t3.iter().filter(|r| r[3] == "1. OUI").count(), 14);
    let t4 = find_table(
        &all,
        &[
            "N°",
            "RECOMMANDATIONS",
            "STRUCTURES RESPONSABLES",
            "Exécuté (1)",
        ],
    );
    let statuses: Vec<String> = t4[1..].iter().map(|r| r[3..].concat()).collect();
    assert_eq!(statuses, ["2", "2", "3", "2", "3"]);
    let t5 = find_table(
        &all,
        &[
            "N°",
            "RECOMMANDATIONS",
            "STRUCTURES RESPONSABLES",
            "ORIGINE",
        ],
    );
    assert_eq!(t5.len() - 1, 3);
    assert_eq!(
        t5.iter()
            .filter(|r| r[3].starts_with("reconduite de la session 2023"))
            .count(),
        2
    );
    let plan = find_table(
        &all,
        &["OBJECTIFS", "RÉSULTATS", "ACTIVITÉS", "INDICATEURS"],
    );
    assert_eq!(plan[0][5..17].concat(), "JFMAMJJASOND");
    assert_eq!(plan.len() - 2, 20, "twenty activities and the total");
    // The total's label spans the four text columns: the budget follows it.
    assert_eq!(plan.last().unwrap()[1], "71 500");
    // The fixture's chronogramme is worked out, not read in the seed: its
    // months are marked « e », and the note under the table says so.
    let row = plan.iter().find(|r| r[2].starts_with("1.2.2. ")).unwrap();
    let months: String = row[5..17]
        .iter()
        .map(|c| if c.is_empty() { "." } else { c.as_str() })
        .collect();
    assert_eq!(months, "e.....e.....");
    assert!(paras
        .iter()
        .any(|(_, p)| p.contains("e : mois estimés, que le plan ne donne pas")));

    // The last page names the chain head it was written from.
    let anchor = suivi(&db, &["audit", "anchor"]).ok().stdout;
    let (hash, at) = anchor.trim().rsplit_once('@').unwrap();
    let last = &paras.last().unwrap().1;
    assert!(
        last.contains(&format!("l'événement n° {at} ")) && last.contains(hash),
        "{last} vs {anchor}"
    );
    assert_eq!(&bytes(&docx, "word/media/rIdImage3.png")[1..4], b"PNG");

    // The same log gives the same bytes; the HTML page has the charts inline.
    let again = db.dir().join("encore.docx");
    suivi(
        &db,
        &[
            "report",
            "annual",
            "--year",
            "2023",
            "--output",
            again.to_str().unwrap(),
        ],
    )
    .ok();
    assert_eq!(
        std::fs::read(&docx).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let html = |name: &str, lang: &str| {
        let path = db.dir().join(name);
        suivi(
            &db,
            &[
                "--lang",
                lang,
                "report",
                "annual",
                "--year",
                "2023",
                "--format",
                "html",
                "--output",
                path.to_str().unwrap(),
            ],
        )
        .ok();
        std::fs::read_to_string(path).unwrap()
    };
    let page = html("rapport.html", "fr");
    assert_eq!(page, html("encore.html", "fr"));
    assert_eq!(page.matches("<svg").count(), 3);
    assert!(page.contains("63,64 %") && page.contains("@page { size: A4"));
    let english = html("report.html", "en");
    assert!(english.contains("Activity report 2023 and action plan 2024"));
    assert!(english.contains("63.64%"));
}

/// The activity the CPS marks as producing a document of suivi (`activity
/// produces`) links it in the yearly report when suivi holds that year's
/// sector plan: a whole address in Word once `public_url` is set, the
/// page's path in HTML; a document of a year suivi does not hold is named
/// without a link. Unmarked, it is gone.
#[tokio::test(flavor = "multi_thread")]
async fn an_activity_links_the_document_it_produces() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    // The seed's 1.1.5 wrote the follow-up report of 2022, whose plan is
    // not in suivi; 1.1.3 is marked here as writing the 2024 plan, which is.
    suivi(
        &db,
        &[
            "activity",
            "produces",
            "--year",
            "2023",
            "--code",
            "1.1.3",
            "--document",
            "sector_plan",
            "--of",
            "2024",
        ],
    )
    .ok();
    let follow_up = "Voir le document produit : Rapport de suivi du plan d'action 2022 du secteur.";
    let plan = "Voir le document produit : Plan d'action 2024 du secteur.";
    let page = db.dir().join("rapport.html");
    suivi(
        &db,
        &[
            "report",
            "annual",
            "--year",
            "2023",
            "--format",
            "html",
            "--output",
            page.to_str().unwrap(),
        ],
    )
    .ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains(&format!(
            r#"<p class="link"><a href="/sector/report/plan.html?year=2024">{plan}</a></p>"#
        )) && html.contains(&format!("<p><em>{follow_up}</em></p>")),
        "{html}"
    );
    // Without the pages' address, Word names both and links neither.
    let (docx, _) = write_report(&db);
    let xml = part(&docx, "word/document.xml");
    let texts: Vec<String> = paragraphs(&xml).into_iter().map(|(_, t)| t).collect();
    assert!(
        texts.iter().any(|t| t == follow_up) && texts.iter().any(|t| t == plan),
        "{texts:?}"
    );
    assert!(!xml.contains("<w:hyperlink"));

    // With the pages' address, Word links the plan by its whole address.
    let config = crate::common::copy_config(db.dir());
    crate::common::edit_config(
        &config.join("reminders.toml"),
        "# public_url = \"https://suivi.cps-sci.example.org\"",
        "public_url = \"https://suivi.cps-sci.example.org\"",
    );
    let linked = db.dir().join("lie.docx");
    command(&db)
        .env("SUIVI_CONFIG_DIR", &config)
        .args([
            "report", "annual", "--year", "2023", "--format", "docx", "--output",
        ])
        .arg(&linked)
        .output()
        .map(Run::from)
        .unwrap()
        .ok();
    let rels = part(&linked, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"Target="https://suivi.cps-sci.example.org/sector/report/plan.html?year=2024" TargetMode="External""#),
        "{rels}"
    );
    assert!(!rels.contains("year=2022"), "{rels}");
    assert_eq!(
        part(&linked, "word/document.xml")
            .matches("<w:hyperlink")
            .count(),
        1
    );

    // Unmarked: named no more, and the history says so.
    suivi(
        &db,
        &[
            "activity",
            "produces",
            "--year",
            "2023",
            "--code",
            "1.1.5",
            "--document",
            "aucun",
        ],
    )
    .ok();
    let (docx, _) = write_report(&db);
    assert!(!text_of(&part(&docx, "word/document.xml"))
        .contains("Rapport de suivi du plan d'action 2022 du secteur."));
    let history = suivi(
        &db,
        &[
            "audit", "activity", "--year", "2023", "--code", "1.1.5", "--format", "json",
        ],
    );
    assert!(
        history
            .stdout
            .contains("document produit : Rapport de suivi du plan d'action 2022 du secteur")
            && history.stdout.contains("plus de document produit"),
        "{}{}",
        history.stdout,
        history.stderr
    );
    // A kind that does not exist is refused with the ones allowed; a kind
    // without its year too.
    let wrong = suivi(
        &db,
        &[
            "activity",
            "produces",
            "--year",
            "2023",
            "--code",
            "1.1.5",
            "--document",
            "rapport",
            "--of",
            "2022",
        ],
    );
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("sector_follow_up"),
        "{}",
        wrong.stderr
    );
    let yearless = suivi(
        &db,
        &[
            "activity",
            "produces",
            "--year",
            "2023",
            "--code",
            "1.1.5",
            "--document",
            " sector_plan",
        ],
    );
    assert_eq!(yearless.code, 2, "{}", yearless.stderr);
    assert!(yearless.stderr.contains("--of"), "{}", yearless.stderr);
}

/// How many twentieths of a point a word of `letters` capitals takes in
/// Arial Bold at `half_points`: 0,72 em a letter (its capitals' average is
/// under that), and Word's cell margins of 0,19 cm on each side.
fn word_width(letters: usize, half_points: u32) -> u32 {
    letters as u32 * half_points * 10 * 72 / 100 + 2 * 108
}

#[tokio::test(flavor = "multi_thread")]
async fn the_word_document_is_laid_out_as_an_office_expects() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let (docx, run) = write_report(&db);
    // Writing it (a chart has a bar of zero) logs no warning.
    assert!(
        !run.stderr.contains("WARN") && !run.stderr.contains("invalid"),
        "{}",
        run.stderr
    );

    // « Normal » is the default paragraph style, as python-docx and Word look for it.
    let styles = part(&docx, "word/styles.xml");
    assert!(
        styles.contains(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#),
        "{styles}"
    );

    // The next year's plan, with its chronogramme, is alone in a landscape
    // section; the rest of the document is portrait.
    let xml = part(&docx, "word/document.xml");
    let table = regex::Regex::new(r"(?s)<w:tbl>.*?</w:tbl>").unwrap();
    let section = regex::Regex::new(r"(?s)<w:sectPr[ >].*?</w:sectPr>").unwrap();
    let landscape = |s: &str| s.contains(r#"w:orient="landscape""#);
    let plan = table
        .find_iter(&xml)
        .find(|t| {
            let head = tables(t.as_str())[0][0].clone();
            head.first().map(String::as_str) == Some("OBJECTIFS") && head.len() == 18
        })
        .expect("the plan 2024 with its chronogramme");
    let sections: Vec<(usize, bool)> = section
        .find_iter(&xml)
        .map(|s| (s.start(), landscape(s.as_str())))
        .collect();
    let ending_the_plan = sections
        .iter()
        .find(|(at, _)| *at > plan.end())
        .expect("a section after the plan");
    assert!(ending_the_plan.1, "the plan's section is landscape");
    let before = sections.iter().rev().find(|(at, _)| *at < plan.start());
    assert_eq!(before.map(|s| s.1), Some(false), "portrait before it");
    assert_eq!(
        sections.last().map(|s| s.1),
        Some(false),
        "portrait after it"
    );
    assert_eq!(sections.iter().filter(|s| s.1).count(), 1);
    // Every section carries the footer with its page numbers.
    for s in section.find_iter(&xml) {
        assert!(s.as_str().contains("<w:footerReference"), "{}", s.as_str());
    }

    // No header cell of any table is narrower than its longest word.
    let row = regex::Regex::new(r"(?s)<w:tr[ >].*?</w:tr>").unwrap();
    let cell = regex::Regex::new(r"(?s)<w:tc>.*?</w:tc>").unwrap();
    let width = regex::Regex::new(r#"<w:tcW w:w="(\d+)""#).unwrap();
    let size = regex::Regex::new(r#"<w:sz w:val="(\d+)""#).unwrap();
    let mut checked = 0;
    for t in table.find_iter(&xml) {
        let header = row.find(t.as_str()).unwrap();
        for c in cell.find_iter(header.as_str()) {
            let c = c.as_str();
            let text = text_of(c);
            let longest = text
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            let w: u32 = width.captures(c).unwrap()[1].parse().unwrap();
            let sz: u32 = size.captures(c).unwrap()[1].parse().unwrap();
            assert!(
                word_width(longest, sz) <= w,
                "« {text} » in {w} twips at {sz} half-points"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} header cells");

    // The plan's total spans the four text columns before the budget.
    let total = row
        .find_iter(plan.as_str())
        .last()
        .map(|r| r.as_str().to_string())
        .unwrap();
    assert!(
        text_of(&total).starts_with("COÛT TOTAL"),
        "{}",
        text_of(&total)
    );
    assert!(total.contains(r#"<w:gridSpan w:val="4" />"#), "{total}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_for_the_report_is_refused_with_its_place() {
    let db = fresh_db(Backend::Sqlite).await;
    let out = db.dir().join("r.docx");
    let run = suivi(
        &db,
        &[
            "report",
            "annual",
            "--year",
            "2023",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("aucun plan d'action n'est enregistré pour 2023"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());

    let text = db.dir().join("t.md");
    std::fs::write(&text, "Texte").unwrap();
    let run = suivi(
        &db,
        &[
            "report",
            "section",
            "set",
            "--year",
            "2023",
            "--section",
            "preface",
            "--file",
            text.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("introduction, missions"),
        "{}",
        run.stderr
    );

    let missing = db.dir().join("absent.csv");
    let run = suivi(
        &db,
        &[
            "inventory",
            "import",
            missing.to_str().unwrap(),
            "--year",
            "2023",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("absent.csv"), "{}", run.stderr);

    let inventory = db.dir().join("inventaire.csv");
    std::fs::write(
        &inventory,
        "categorie;materiel;bon;passable;mauvais\nparc_auto;Véhicule;1;0;1\nparc_moto;Mobylette;3;x;2\n",
    )
    .unwrap();
    let run = suivi(
        &db,
        &[
            "inventory",
            "import",
            inventory.to_str().unwrap(),
            "--year",
            "2023",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    for expected in ["inventaire.csv:3", "parc_auto, parc_informatique", "« x »"] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }

    let run = suivi(
        &db,
        &[
            "report",
            "annex",
            "import",
            inventory.to_str().unwrap(),
            "--year",
            "2023",
            "--kind",
            "photos",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("projets_bsi"), "{}", run.stderr);

    let run = suivi(
        &db,
        &[
            "report",
            "reference",
            "--year",
            "2022",
            "--execution-rate",
            "164",
            "--source",
            "rapport 2023",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("taux « 164 » invalide"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(event_count(&db).await, 0, "nothing was written");
}
