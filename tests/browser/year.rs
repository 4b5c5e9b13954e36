//! A whole year in the browser, from a database where only the director
//! exists: no command line, no API call of the test's own. The director
//! invites the CPS agent and a focal point; the agent imports the 2023 plan
//! (CSV) and the session's recommendations (XLSX, after a preview), records
//! what the example script records for 2023 (executions with their dates,
//! periods and observations, costs, credits, a revue and its step, a
//! calendar deadline) and two statuses; the focal point, on a phone, is
//! refused a status change without evidence and records « en cours »; the
//! agent writes a section, imports the inventory and the staff list and
//! downloads the Word report. The tables then give the golden figures.

use std::sync::Arc;

use headless_chrome::Tab;

use super::{chromium, chromium_sized, fill, log_in_as, scrolls_sideways, submit, text};
use crate::common::{fresh_db, Backend};

/// A line of the example script split as a shell would: words, and
/// double-quoted phrases.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The value of `--name` in a command's words.
fn option<'a>(w: &'a [String], name: &str) -> Option<&'a str> {
    w.iter()
        .position(|x| x == name)
        .and_then(|i| w.get(i + 1))
        .map(String::as_str)
}

/// The example script's commands about 2023 that start with `prefix`.
fn script(prefix: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo.suivi"))
        .unwrap();
    text.lines()
        .filter(|l| l.starts_with(prefix))
        .map(words)
        .filter(|w| option(w, "--year") == Some("2023"))
        .collect()
}

/// Sets a field's value by script (a date input, a select) and says so to the page.
fn set(tab: &Tab, selector: &str, value: &str) {
    let js = format!(
        "(() => {{ const e = document.querySelector({}); e.value = {}; return e.value; }})()",
        serde_json::to_string(selector).unwrap(),
        serde_json::to_string(value).unwrap()
    );
    let set = tab.evaluate(&js, false).unwrap().value.unwrap();
    assert_eq!(set.as_str(), Some(value), "{selector}");
}

fn visit(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
}

/// A CSS id with its dots escaped.
fn css(id: &str) -> String {
    id.replace('.', "\\.")
}

/// Uploads `file` as `kind` of `target`, checks the preview, and confirms.
fn import(tab: &Tab, base: &str, kind: &str, target: &str, file: &str, rows: usize) {
    visit(tab, &format!("{base}/imports"));
    set(tab, "select[name=kind]", kind);
    set(tab, "input[name=target]", target);
    tab.wait_for_element("input[name=file]")
        .unwrap()
        .set_input_files(&[file])
        .unwrap();
    submit(tab, "#upload button");
    let summary = text(tab, "#import-summary");
    assert!(
        summary.starts_with(&format!("{rows} ligne(s) lue(s)")),
        "{file}: {summary}"
    );
    submit(tab, "#confirm button");
    assert!(
        text(tab, "#recorded").contains("Import enregistré"),
        "{file}"
    );
}

pub async fn a_whole_year_in_the_browser() {
    let db = fresh_db(Backend::Sqlite).await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = suivi::config::Settings::load(
        Some(root.join("config")),
        Some(root.join("workflows")),
        Some(db.url.clone()),
    )
    .unwrap();
    let app = Arc::new(
        suivi::app::App::open(&settings, crate::common::clock())
            .await
            .unwrap(),
    );
    // Only the director exists, as after installing.
    let operator = suivi::app::Actor::operator("installation", None);
    let director = suivi::app::NewUser {
        name: "directeur",
        role: "director",
        structure: None,
        email: None,
        password: crate::helpers::PASSWORD,
    };
    app.add_user(director, &operator).await.unwrap();
    let web = suivi::http::Application::build(app.clone(), "127.0.0.1:0")
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", web.port());
    let shutdown = tokio_util::sync::CancellationToken::new();
    tokio::spawn(web.run_until(shutdown.clone()));
    // The recommendations as the CPS keeps them: a workbook.
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("recommandations-2023.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_path(root.join("fixtures/recommendations-2023.csv"))
        .unwrap();
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            sheet
                .write_string(r as u32, c as u16, cell.trim_start_matches('\u{feff}'))
                .unwrap();
        }
    }
    book.save(&xlsx).unwrap();
    let xlsx = xlsx.display().to_string();
    // The focal point's evidence: a scanned report of the mission, as a PDF.
    let pdf = dir.path().join("Rapport de mission DCM.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    )
    .unwrap();
    let pdf = pdf.display().to_string();
    let fixture = |name: &str| root.join("fixtures").join(name).display().to_string();
    let (plan, inventory, staff) = (
        fixture("plan-2023.csv"),
        fixture("rapport-2023/inventaire-2023.csv"),
        fixture("rapport-2023/personnel-2023.csv"),
    );

    tokio::task::spawn_blocking(move || {
        // The director invites the agent and the DCM's focal point.
        let browser = chromium();
        let tab = browser.new_tab().unwrap();
        log_in_as(&tab, &base, "directeur", crate::helpers::PASSWORD);
        let mut links = Vec::new();
        for (name, role, structure) in [("agent.cps", "cps", ""), ("pf.dcm", "structure", "DCM")] {
            visit(&tab, &format!("{base}/users"));
            fill(&tab, "#invite input[name=name]", name);
            set(&tab, "#invite select[name=role]", role);
            if !structure.is_empty() {
                fill(&tab, "#invite input[name=structure]", structure);
            }
            submit(&tab, "#invite button");
            links.push(
                tab.wait_for_element("#link-value")
                    .unwrap()
                    .get_attribute_value("value")
                    .unwrap()
                    .unwrap(),
            );
        }
        let password = "un mot de passe de l'année";
        for link in &links {
            let b = chromium();
            let t = b.new_tab().unwrap();
            visit(&t, &format!("{base}{link}"));
            fill(&t, "#welcome input[name=password]", password);
            fill(&t, "#welcome input[name=confirm]", password);
            submit(&t, "#welcome button");
            assert!(text(&t, "main").contains("Mot de passe enregistré"));
        }

        // The agent sets the focal point's address in the directory.
        let agent = chromium();
        let tab = agent.new_tab().unwrap();
        log_in_as(&tab, &base, "agent.cps", password);
        visit(&tab, &format!("{base}/directory"));
        tab.wait_for_element("#structure-DCM details summary").unwrap().click().unwrap();
        set(&tab, "#structure-DCM input[name=focal_points]", "pf.dcm@maeci.gouv.ml");
        submit(&tab, "#structure-DCM button");
        assert!(text(&tab, "#recorded").contains("DCM"));
        assert_eq!(text(&tab, "#structure-DCM .focal-points"), "pf.dcm@maeci.gouv.ml");
        crate::screenshot(&tab, "annuaire");

        // The agent imports the plan and the session's recommendations.
        import(&tab, &base, "plan", "2023", &plan, 22);
        import(&tab, &base, "recommendations", "2023", &xlsx, 5);

        // What the example script records for 2023, through the rows' forms.
        for w in script("activity ") {
            if !matches!(w[1].as_str(), "execute" | "not-executed" | "cost") {
                continue;
            }
            let code = option(&w, "--code").unwrap();
            visit(&tab, &format!("{base}/activities?year=2023"));
            tab.wait_for_element(&format!("#activity-{} details summary", css(code)))
                .unwrap()
                .click()
                .unwrap();
            match w[1].as_str() {
                "execute" => {
                    let form = format!("#execute-{}", css(code));
                    set(&tab, &format!("{form} input[name=period]"), option(&w, "--period").unwrap_or("2023"));
                    set(&tab, &format!("{form} input[name=observation]"), option(&w, "--observation").unwrap_or(""));
                    set(&tab, &format!("{form} input[name=date]"), "2023-12-29");
                    submit(&tab, &format!("{form} button"));
                }
                "not-executed" => {
                    let form = format!("#not-executed-{}", css(code));
                    set(&tab, &format!("{form} input[name=reason]"), option(&w, "--reason").unwrap());
                    set(&tab, &format!("{form} input[name=date]"), "2023-12-29");
                    submit(&tab, &format!("{form} button"));
                }
                "cost" => {
                    let form = format!("#cost-{}", css(code));
                    set(&tab, &format!("{form} input[name=engaged]"), option(&w, "--engaged").unwrap());
                    set(&tab, &format!("{form} input[name=liquidated]"), option(&w, "--liquidated").unwrap());
                    set(&tab, &format!("{form} input[name=date]"), "2023-12-29");
                    submit(&tab, &format!("{form} button"));
                }
                _ => unreachable!("filtered above"),
            }
            assert!(text(&tab, "#recorded").contains(code), "{w:?}");
        }
        for w in script("finance record") {
            visit(&tab, &format!("{base}/finances?year=2023"));
            set(&tab, "#credit select[name=line]", option(&w, "--line").unwrap());
            set(&tab, "#credit select[name=kind]", option(&w, "--kind").unwrap());
            set(&tab, "#credit input[name=amount]", option(&w, "--amount").unwrap());
            set(&tab, "#credit input[name=date]", "2023-12-29");
            if w.iter().any(|x| x == "--estimated") {
                tab.wait_for_element("#credit input[name=estimated]").unwrap().click().unwrap();
            }
            submit(&tab, "#credit button");
            assert!(text(&tab, "#recorded").contains("F CFA"), "{w:?}");
        }
        // A revue and its step; a deadline of the calendar met.
        visit(&tab, &format!("{base}/revues?year=2023"));
        set(&tab, "#open-revue select[name=kind]", "comite_coordination");
        submit(&tab, "#open-revue button");
        set(&tab, "#step-comite_coordination-1-session input[name=date]", "2023-01-27");
        fill(&tab, "#step-comite_coordination-1-session input[name=document]", "Rapport 2022 et plan d'action 2023 validés");
        submit(&tab, "#step-comite_coordination-1-session button");
        assert!(text(&tab, "#recorded").contains("27/01/2023"));
        set(&tab, "#deadline-lancement_processus_budgetaire input[name=date]", "2023-02-16");
        submit(&tab, "#deadline-lancement_processus_budgetaire button");
        assert!(text(&tab, "#recorded").contains("16/02/2023"));
        // Next year's calendar: a date read in the MEF's letter replaces an estimate.
        visit(&tab, &format!("{base}/revues?year=2025#calendar"));
        tab.wait_for_element("#define-pta_cps").unwrap();
        tab.evaluate("document.querySelector('#define-pta_cps').closest('details').open = true", false).unwrap();
        set(&tab, "#define-pta_cps input[name=date]", "2025-02-05");
        set(&tab, "#define-pta_cps input[name=source]", "Lettre circulaire du MEF");
        tab.evaluate("document.querySelector('#define-pta_cps input[name=estimated]').checked = false", false).unwrap();
        submit(&tab, "#define-pta_cps button");
        assert!(text(&tab, "#recorded").contains("enregistrée au calendrier"));
        tab.evaluate("document.querySelector('#define-pta_cps').closest('details').open = true", false).unwrap();
        crate::screenshot(&tab, "calendrier");
        // Two recommendations « en cours ».
        for number in [1, 2] {
            visit(&tab, &format!("{base}/recommendations?session=2023"));
            let form = format!("#status-2023-{number}");
            set(&tab, &format!("{form} select[name=status]"), "en_cours");
            fill(&tab, &format!("{form} input[name=comment]"), "Démarches engagées");
            set(&tab, &format!("{form} input[name=date]"), "2023-07-14");
            submit(&tab, &format!("{form} button"));
            assert!(text(&tab, "#recorded").contains("nouvelle situation"));
        }

        // The DCM's focal point, on a phone.
        let phone = chromium_sized(390, 844);
        let ptab = phone.new_tab().unwrap();
        log_in_as(&ptab, &base, "pf.dcm", password);
        visit(&ptab, &format!("{base}/recommendations?session=2023"));
        assert!(!scrolls_sideways(&ptab));
        set(&ptab, "#status-2023-3 select[name=status]", "executee");
        fill(&ptab, "#status-2023-3 input[name=comment]", "Mission conjointe tenue");
        submit(&ptab, "#status-2023-3 button");
        assert!(text(&ptab, "#status-2023-3-evidence-error").contains("pièce justificative"));
        assert!(!scrolls_sideways(&ptab));
        set(&ptab, "#status-2023-3 select[name=status]", "en_cours");
        set(&ptab, "#status-2023-3 input[name=date]", "2023-07-14");
        ptab.wait_for_element("#status-2023-3 input[name=document]")
            .unwrap()
            .set_input_files(&[pdf.as_str()])
            .unwrap();
        submit(&ptab, "#status-2023-3 button");
        assert!(text(&ptab, "#recorded").contains("nouvelle situation"));
        // The document is on the recommendation's page, downloaded as a PDF.
        visit(&ptab, &format!("{base}/recommendations/2023/3"));
        assert!(text(&ptab, "#documents").contains("Rapport de mission DCM.pdf"));
        assert!(!scrolls_sideways(&ptab));
        ptab.evaluate("document.querySelector('#documents').scrollIntoView()", false).unwrap();
        crate::screenshot(&ptab, "telephone-piece-jointe");
        let download = ptab
            .evaluate(
                "fetch(document.querySelector('#documents a').href).then(r => r.status + ' ' + r.headers.get('content-type') + ' ' + r.headers.get('content-disposition'))",
                true,
            )
            .unwrap()
            .value
            .unwrap();
        assert!(
            download.as_str().unwrap().starts_with("200 application/pdf attachment;"),
            "{download}"
        );

        // The agent writes a section, imports two annexes, downloads the report.
        visit(&tab, &format!("{base}/report/annual?year=2023"));
        // A section not written yet has its editor open.
        let open = tab
            .evaluate("document.querySelector('#section-introduction details').open", false)
            .unwrap()
            .value
            .unwrap();
        assert_eq!(open.as_bool(), Some(true));
        set(&tab, "#form-section-introduction textarea[name=markdown]", "La CPS/SCI présente son rapport d'activités 2023.");
        submit(&tab, "#form-section-introduction button");
        assert!(text(&tab, "#recorded").contains("texte enregistré"));
        import(&tab, &base, "inventaire", "2023", &inventory, 8);
        import(&tab, &base, "personnel", "2023", &staff, 16);
        visit(&tab, &format!("{base}/report/annual?year=2023"));
        let docx = tab
            .evaluate(
                "fetch(document.querySelector('#download-docx').href).then(r => r.status + ' ' + r.headers.get('content-type'))",
                true,
            )
            .unwrap()
            .value
            .unwrap();
        assert!(docx.as_str().unwrap().starts_with("200 application/vnd.openxmlformats"), "{docx}");

        // The golden figures.
        visit(&tab, &format!("{base}/activities?year=2023"));
        let main = text(&tab, "main");
        assert!(main.contains("14 / 22") && main.contains("63,64 %"), "{main}");
        visit(&tab, &format!("{base}/recommendations?session=2023"));
        let main = text(&tab, "main");
        assert!(main.contains("en cours 3, non exécutées 2"), "{main}");
        visit(&tab, &format!("{base}/finances?year=2023"));
        assert!(text(&tab, "main").contains("76,49 %"));
    })
    .await
    .unwrap();
    shutdown.cancel();
}
