//! The sector's plan in the browser, on the example data: the CPS calls
//! three structures for 2025; the DCM's focal point types its activities on
//! a phone, saves a draft and hands them in; the MAECI's downloads the Excel
//! canevas and uploads it filled; the CPS returns the DCM's once (the focal
//! point reads why and hands it in again), approves both, and reads the
//! compiled plan, coded by objective, with the MMEIA that sent nothing.

use headless_chrome::Tab;

use super::{chromium, chromium_sized, fill, log_in, screenshot, scrolls_sideways, submit, text};
use crate::helpers::*;

fn open(tab: &Tab, base: &str, path: &str) {
    tab.navigate_to(&format!("{base}{path}"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
}

/// Submits a form that is to be recorded, and says what the page says.
fn recorded(tab: &Tab, selector: &str) -> String {
    tab.evaluate("document.querySelector('#recorded')?.remove()", false)
        .unwrap();
    submit(tab, selector);
    text(tab, "#recorded")
}

/// The MAECI's canevas, filled in Excel as the downloaded one is laid out.
fn filled_canevas(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: [[&str; 10]; 3] = [
        [
            "Objectif",
            "Résultat",
            "Activité",
            "Indicateur",
            "Cible",
            "Budget",
            "Source",
            "Mois",
            "Responsable",
            "Structure",
        ],
        [
            "Améliorer la gestion des ressources du secteur",
            "Les agents sont formés",
            "Formation des agents à la gestion axée sur les résultats",
            "Agents formés",
            "20",
            "12 000",
            "PTF",
            "9 10",
            "DRH",
            "MAECI",
        ],
        [
            "Renforcer la coopération bilatérale et multilatérale",
            "",
            "Réunion des ambassadeurs",
            "Réunion tenue",
            "1",
            "8 000",
            "bsi",
            "7",
            "Secrétariat général",
            "MAECI",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write(r as u32, c as u16, *v).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn three_structures_propose_the_sector_plan_in_the_browser() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    let dir = tempfile::tempdir().unwrap();
    let canevas = dir.path().join("canevas-maeci-2025.xlsx");
    filled_canevas(&canevas);
    tokio::task::spawn_blocking(move || {
        let browser = chromium();
        let cps = browser.new_tab().unwrap();
        log_in(&cps, &base, "agent-cps");
        open(&cps, &base, "/sector?year=2025");
        text(&cps, "#sector-no-call");
        cps.evaluate(
            "document.querySelector('#call input[name=deadline]').value = '2024-12-20'",
            false,
        )
        .unwrap();
        fill(&cps, "#call input[name=structures]", "DCM, MAECI, MMEIA");
        let said = recorded(&cps, "#call button");
        assert!(said.contains("3 structure(s)"), "{said}");

        // The DCM's focal point, on a phone, lands on its structure's page.
        let phone = chromium_sized(390, 844);
        let pf = phone.new_tab().unwrap();
        log_in(&pf, &base, "pf-dcm");
        open(&pf, &base, "/sector?year=2025");
        assert!(text(&pf, "h1").starts_with("DCM"), "{}", text(&pf, "h1"));
        for (field, value) in [
            ("objectif-0", "Renforcer la coopération bilatérale et multilatérale"),
            ("activite-0", "Atelier de validation des accords"),
            ("indicateur-0", "Rapport validé"),
            ("cible-0", "1"),
            ("budget-0", "5 000"),
            ("source-0", "BSI"),
            ("mois-0", "3 4"),
            ("activite-1", "Mission de suivi des engagements"),
            ("budget-1", "PM"),
            ("source-1", "Fonctionnement"),
            ("mois-1", "6"),
        ] {
            fill(&pf, &format!("#proposal input[name='{field}']"), value);
        }
        let said = recorded(&pf, "#proposal-draft");
        assert!(said.contains("brouillon"), "{said}");
        assert_eq!(
            pf.wait_for_element("#proposal input[name='activite-1']")
                .unwrap()
                .get_attribute_value("value")
                .unwrap()
                .as_deref(),
            Some("Mission de suivi des engagements"),
            "the draft comes back as saved"
        );
        assert!(!scrolls_sideways(&pf), "the proposal scrolls sideways at 390 px");
        screenshot(&pf, "secteur-proposition-telephone");
        let said = recorded(&pf, "#proposal-submit");
        assert!(said.contains("soumis"), "{said}");

        // The MAECI's focal point downloads the canevas, then uploads it filled.
        // (A browser of its own: the tabs of one share their session.)
        let desk = chromium();
        let maeci = desk.new_tab().unwrap();
        log_in(&maeci, &base, "pf-maeci");
        open(&maeci, &base, "/sector/structure?year=2025&structure=MAECI");
        let download = maeci
            .evaluate(
                "fetch(document.querySelector('#canevas-download').href).then(r => r.status + ' ' + r.headers.get('content-type'))",
                true,
            )
            .unwrap()
            .value
            .unwrap();
        assert_eq!(
            download.as_str().unwrap(),
            "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        maeci
            .wait_for_element("#proposal input[name=canevas]")
            .unwrap()
            .set_input_files(&[canevas.to_str().unwrap()])
            .unwrap();
        let said = recorded(&maeci, "#proposal-upload");
        assert!(said.contains("MAECI : soumis"), "{said}");

        // The CPS returns the DCM's proposal; its focal point reads why and
        // hands it in again.
        open(&cps, &base, "/sector/structure?year=2025&structure=DCM");
        fill(&cps, "#proposal-return input[name=comment]", "Préciser l'indicateur de la mission");
        let said = recorded(&cps, "#proposal-return button");
        assert!(said.contains("renvoyé"), "{said}");
        open(&pf, &base, "/sector?year=2025");
        let comment = text(&pf, "#proposal-comment");
        assert!(comment.contains("Préciser l'indicateur"), "{comment}");
        fill(&pf, "#proposal input[name='indicateur-1']", "Rapport de mission");
        let said = recorded(&pf, "#proposal-submit");
        assert!(said.contains("soumis"), "{said}");

        for structure in ["DCM", "MAECI"] {
            open(&cps, &base, &format!("/sector/structure?year=2025&structure={structure}"));
            let said = recorded(&cps, "#proposal-approve button");
            assert!(said.contains("approuvé"), "{said}");
        }
        open(&cps, &base, "/sector?year=2025");
        let states = text(&cps, "#sector-structures");
        assert!(states.contains("MMEIA : non transmis"), "{states}");
        let plan = text(&cps, "#sector-plan");
        for expected in [
            // Laid out as the seed lays out a plan: the objective numbered,
            // printed once, then each activity coded.
            "1. Renforcer la coopération bilatérale et multilatérale\t",
            "\t1.1. Atelier de validation des accords",
            "\t1.2. Mission de suivi des engagements",
            "\t1.3. Réunion des ambassadeurs",
            "2. Améliorer la gestion des ressources du secteur\t",
            "\t2.1. Formation des agents à la gestion axée sur les résultats",
            "25 000",
        ] {
            assert!(plan.contains(expected), "{expected} in {plan}");
        }
        screenshot(&cps, "secteur-plan");
    })
    .await
    .unwrap();
}
