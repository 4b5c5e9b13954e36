//! The web pages in a real headless Chromium: the director sees the
//! dashboard figures, a focal point changes « its » recommendation and the
//! director finds the change in the timeline; a focal point never gets
//! another structure's edit form. With `SUIVI_SCREENSHOTS=DIR`, screenshots of
//! the main pages are written there (they are in `docs/`). A unit's focal
//! point records the progress of its activities on its page.
//!
//! (Over 400 lines: each test drives one browser through a whole visit, and
//! they share the launch and login helpers at the top.)

#[path = "../common/mod.rs"]
mod common;
#[path = "../api/helpers.rs"]
mod helpers;

use std::ffi::OsStr;
use std::time::Duration;

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use helpers::*;

mod projects;
mod sector;
mod year;

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_year_in_the_browser() {
    year::a_whole_year_in_the_browser().await;
}

fn chromium() -> Browser {
    chromium_sized(1280, 900)
}

/// A browser whose window is `width` × `height` CSS pixels (390 × 844: a phone).
fn chromium_sized(width: u32, height: u32) -> Browser {
    let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
        .expect("Chromium is missing: scripts/test.sh installs Debian's chromium package");
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    Browser::new(
        LaunchOptions::default_builder()
            .path(Some(path))
            .headless(true)
            .sandbox(false)
            .window_size(Some((width, height)))
            .idle_browser_timeout(Duration::from_secs(120))
            .args(args)
            .build()
            .unwrap(),
    )
    .expect("Chromium starts")
}

fn log_in(tab: &Tab, base: &str, user: &str) {
    log_in_as(tab, base, user, PASSWORD)
}

fn log_in_as(tab: &Tab, base: &str, user: &str, password: &str) {
    tab.navigate_to(&format!("{base}/login"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("#name").unwrap().click().unwrap();
    tab.type_str(user).unwrap();
    tab.wait_for_element("#password").unwrap().click().unwrap();
    tab.type_str(password).unwrap();
    tab.wait_for_element("#login").unwrap().click().unwrap();
    // Logged in once the page offers to log out.
    tab.wait_for_element("form[action='/logout']").unwrap();
}

fn screenshot(tab: &Tab, name: &str) {
    let Ok(dir) = std::env::var("SUIVI_SCREENSHOTS") else {
        return;
    };
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
}

/// Like [`screenshot`], of the page's first `height` pixels, half size.
fn screenshot_tall(tab: &Tab, name: &str, height: f64) {
    use headless_chrome::protocol::cdp::Page;
    let Ok(dir) = std::env::var("SUIVI_SCREENSHOTS") else {
        return;
    };
    let shot = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(CaptureScreenshotFormatOption::Png),
            clip: Some(Page::Viewport {
                x: 0.0,
                y: 0.0,
                width: 1280.0,
                height,
                scale: 0.5,
            }),
            quality: None,
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: None,
        })
        .unwrap();
    use base64::Engine;
    let png = base64::prelude::BASE64_STANDARD.decode(shot.data).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
}

fn text(tab: &Tab, selector: &str) -> String {
    tab.wait_for_element(selector)
        .unwrap()
        .get_inner_text()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn director_and_focal_point_in_a_real_browser() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    tokio::task::spawn_blocking(move || {
        // The director logs in and sees the year followed: 2024, since
        // 2023 closed in February; the year choice shows the 2023 plan's
        // execution rate, without a script.
        let director = chromium();
        let tab = director.new_tab().unwrap();
        log_in(&tab, &base, "directeur");
        assert!(text(&tab, "h1").contains("2024"), "{}", text(&tab, "h1"));
        tab.evaluate(
            "document.querySelector('select[name=year]').value = '2023'",
            false,
        )
        .unwrap();
        tab.wait_for_element("main form[method=get] button")
            .unwrap()
            .click()
            .unwrap();
        tab.wait_until_navigated().unwrap();
        assert_eq!(text(&tab, "#execution-rate"), "63,64 %");
        screenshot(&tab, "tableau-de-bord");
        tab.navigate_to(&format!("{base}/activities?year=2023"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let row = text(&tab, "#activity-1\\.1\\.1");
        assert!(row.contains("1. OUI"), "{row}");
        // Costs recorded on an activity, and their total under the table.
        let row = text(&tab, "#activity-1\\.1\\.2");
        assert!(row.contains("2 000 000"), "{row}");
        assert!(text(&tab, "tr.total").contains("25 000 000"));
        screenshot(&tab, "activites-2023");

        // A DCM focal point sees only DCM's recommendation, and changes it.
        let focal = chromium();
        let ftab = focal.new_tab().unwrap();
        log_in(&ftab, &base, "pf-dcm");
        ftab.navigate_to(&format!("{base}/recommendations?session=2024"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        if ftab.wait_for_element("table").is_err() {
            panic!(
                "no table for the focal point:\n{}",
                ftab.get_content().unwrap_or_default()
            );
        }
        let forms = ftab.find_elements("form.edit-status").unwrap_or_default();
        assert_eq!(forms.len(), 1, "only its own recommendation has a form");
        assert!(
            ftab.find_element("#rec-1").is_err(),
            "MAECI and MMEIA's recommendation is not shown"
        );
        ftab.wait_for_element("#rec-2 select[name=status]").unwrap();
        ftab.evaluate(
            "document.querySelector('#rec-2 select[name=status]').value = 'en_cours'",
            false,
        )
        .unwrap();
        ftab.wait_for_element("#rec-2 input[name=comment]")
            .unwrap()
            .click()
            .unwrap();
        ftab.type_str("Missions conjointes planifiées avec la DCM")
            .unwrap();
        screenshot(&ftab, "recommandations-point-focal");
        ftab.wait_for_element("#rec-2 button")
            .unwrap()
            .click()
            .unwrap();
        let changed = ftab.wait_for_xpath(
            "//tr[@id='rec-2']/td[@class='status'][starts-with(normalize-space(.), 'En cours')]",
        );
        assert!(
            changed.is_ok(),
            "{}",
            ftab.get_content().unwrap_or_default()
        );

        // The director finds it in the timeline, with who and why.
        tab.navigate_to(&format!("{base}/recommendations/2024/2"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let timeline = text(&tab, "#timeline");
        assert!(
            timeline.contains("pf-dcm")
                && timeline.contains("Missions conjointes planifiées avec la DCM"),
            "{timeline}"
        );
        // Words, never raw identifiers.
        assert!(timeline.contains("non exécutée → en cours"), "{timeline}");
        assert!(!timeline.contains("non_executee"), "{timeline}");
        screenshot(&tab, "recommandation-historique");
        tab.navigate_to(&format!("{base}/recommendations?session=2023"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert_eq!(
            tab.find_elements("form.edit-status").unwrap().len(),
            3,
            "the director may change all those still open"
        );
        // The two carried over to 2024 are marked and closed.
        let carried = tab.find_elements("#recommendations .carried").unwrap();
        assert_eq!(carried.len(), 2, "carried over and closed");
        assert!(
            carried[0]
                .get_inner_text()
                .unwrap()
                .contains("session 2024"),
            "{:?}",
            carried[0].get_inner_text()
        );
        screenshot(&tab, "recommandations-2023");

        // English on request.
        tab.navigate_to(&format!("{base}/?year=2023&lang=en"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert_eq!(text(&tab, "#execution-rate"), "63.64%");
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reminders_link_leads_to_the_status_form_after_logging_in() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    tokio::task::spawn_blocking(move || {
        // The link a reminder carries for recommendation 2024#2 (DCM).
        let link = format!("{base}/login?next=%2Frecommendations%3Fsession%3D2024%23rec%2D2");
        let browser = chromium();
        let tab = browser.new_tab().unwrap();
        tab.navigate_to(&link)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        tab.wait_for_element("#name").unwrap().click().unwrap();
        tab.type_str("pf-dcm").unwrap();
        tab.wait_for_element("#password").unwrap().click().unwrap();
        tab.type_str(PASSWORD).unwrap();
        tab.wait_for_element("#login").unwrap().click().unwrap();
        // Straight to the recommendation's row, with its status form.
        tab.wait_for_element("#rec-2 select[name=status]").unwrap();
        let url = tab.get_url();
        assert!(
            url.ends_with("/recommendations?session=2024#rec-2"),
            "{url}"
        );
        // Logged in already, the same link goes straight on.
        tab.navigate_to(&link)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        tab.wait_for_element("#rec-2 select[name=status]").unwrap();
        // Never to another site.
        tab.navigate_to(&format!("{base}/login?next=%2F%2Fevil.example"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert!(tab.get_url().starts_with(&base), "{}", tab.get_url());
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_annual_report_page_edits_previews_and_downloads() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    tokio::task::spawn_blocking(move || {
        let browser = chromium();
        let tab = browser.new_tab().unwrap();
        log_in(&tab, &base, "directeur");
        tab.navigate_to(&format!("{base}/report/annual?year=2023"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert_eq!(tab.find_elements("section.card").unwrap().len(), 8);
        // The director rewrites the conclusion, with a reason, through the form.
        tab.evaluate(
            "document.querySelector('#section-conclusion details').open = true",
            false,
        )
        .unwrap();
        tab.evaluate(
            "document.querySelector('#section-conclusion textarea').value = 'La Cellule a réalisé **14 activités sur 22**.'",
            false,
        )
        .unwrap();
        tab.wait_for_element("#section-conclusion input[name=reason]")
            .unwrap()
            .click()
            .unwrap();
        tab.type_str("Relecture du directeur").unwrap();
        tab.wait_for_element("#section-conclusion button")
            .unwrap()
            .click()
            .unwrap();
        tab.wait_for_xpath("//section[@id='section-conclusion']//summary[contains(., '(2)')]")
            .unwrap();
        let history = tab
            .evaluate(
                "document.querySelector('#section-conclusion ul.timeline').textContent",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        let history = history.as_str().unwrap_or_default();
        assert!(history.contains("Relecture du directeur"), "{history}");

        // The preview: the document with its three charts drawn.
        tab.navigate_to(&format!("{base}/report/annual/2023.html"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        tab.wait_for_element("figure svg").unwrap();
        let drawn = tab
            .evaluate(
                "JSON.stringify(Array.from(document.querySelectorAll('figure svg')).map(s => { \
                   const r = s.getBoundingClientRect(); \
                   const bars = Array.from(s.querySelectorAll('rect')).filter(b => b.getBoundingClientRect().width > 0).length; \
                   return [Math.round(r.width), Math.round(r.height), bars]; }))",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        let drawn: Vec<[u32; 3]> = serde_json::from_str(drawn.as_str().unwrap()).unwrap();
        assert_eq!(drawn.len(), 3, "{drawn:?}");
        for [w, h, bars] in &drawn {
            assert!(*w >= 300 && *h >= 60 && *bars >= 2, "{drawn:?}");
        }
        let conclusion = text(&tab, "body");
        assert!(conclusion.contains("La Cellule a réalisé 14 activités sur 22."));
        screenshot_tall(&tab, "rapport-annuel", 5200.0);

        // A reader downloads the Word document but gets no edit form.
        let reader = chromium();
        let rtab = reader.new_tab().unwrap();
        log_in(&rtab, &base, "lecteur");
        rtab.navigate_to(&format!("{base}/report/annual?year=2023"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        rtab.wait_for_element("#download-docx").unwrap();
        assert!(rtab.find_elements("textarea").unwrap_or_default().is_empty());
        let status = rtab
            .evaluate(
                "fetch('/report/annual/2023.docx').then(r => r.status + ' ' + r.headers.get('content-type'))",
                true,
            )
            .unwrap()
            .value
            .unwrap();
        assert_eq!(
            status.as_str().unwrap(),
            "200 application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unit_records_the_progress_of_its_activities() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    tokio::task::spawn_blocking(move || {
        // The Unité Planification's focal point finds its late activities on
        // the dashboard, first.
        let browser = chromium();
        let tab = browser.new_tab().unwrap();
        log_in(&tab, &base, "pf-planif");
        let late: usize = text(&tab, "#late-activities").parse().unwrap();
        assert!(late > 0);
        let rows = tab
            .find_elements("#dashboard-progress tr td.status")
            .unwrap();
        let statuses: Vec<String> = rows.iter().map(|r| r.get_inner_text().unwrap()).collect();
        assert!(
            statuses
                .iter()
                .take(late.min(statuses.len()))
                .all(|s| s.contains("en retard")),
            "{statuses:?}"
        );

        // On the progress page, a form for each of its activities and no other.
        tab.navigate_to(&format!("{base}/progress?year=2024"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let rows = tab.find_elements("#progress tr[id^=activity-]").unwrap();
        let forms = tab.find_elements("form.progress-form").unwrap();
        assert_eq!(forms.len(), rows.len());
        assert!(tab.find_element("#activity-1\\.2\\.2").is_ok());
        assert!(
            tab.find_element("#activity-2\\.2\\.2").is_err(),
            "the Unité Suivi-évaluation's own activity is not shown"
        );

        // It records 60 % with what was done, then the indicator's value.
        tab.evaluate(
            "document.querySelector('#activity-1\\\\.2\\\\.2 input[name=percent]').value = '60'",
            false,
        )
        .unwrap();
        tab.wait_for_element("#activity-1\\.2\\.2 input[name=note]")
            .unwrap()
            .click()
            .unwrap();
        tab.type_str("Première session tenue le 30 janvier")
            .unwrap();
        tab.wait_for_element("#activity-1\\.2\\.2 form.progress-form button")
            .unwrap()
            .click()
            .unwrap();
        let saved = tab.wait_for_xpath(
            "//tr[@id='activity-1.2.2']/td[@class='percent']/strong[normalize-space(.)='60 %']",
        );
        assert!(saved.is_ok(), "{}", tab.get_content().unwrap_or_default());
        let row = text(&tab, "#activity-1\\.2\\.2");
        assert!(
            row.contains("Première session tenue le 30 janvier"),
            "{row}"
        );
        tab.wait_for_element("#activity-1\\.2\\.2 input[name=achieved]")
            .unwrap()
            .click()
            .unwrap();
        tab.type_str("1 session").unwrap();
        tab.wait_for_element("#activity-1\\.2\\.2 form.indicator-form button")
            .unwrap()
            .click()
            .unwrap();
        let saved = tab.wait_for_xpath(
            "//tr[@id='activity-1.2.2']/td[@class='indicator'][contains(., 'Réalisé : 1 session')]",
        );
        assert!(saved.is_ok(), "{}", tab.get_content().unwrap_or_default());
        screenshot(&tab, "avancement-unite");

        // A reader sees the progress, with no form.
        let reader = chromium();
        let rtab = reader.new_tab().unwrap();
        log_in(&rtab, &base, "lecteur");
        rtab.navigate_to(&format!("{base}/progress?year=2024"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let row = text(&rtab, "#activity-1\\.2\\.2");
        assert!(row.contains("60 %") && row.contains("en cours"), "{row}");
        let forms = rtab
            .evaluate(
                "document.querySelectorAll('form[method=post]').length",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        assert_eq!(forms.as_u64(), Some(1), "only the logout form");
    })
    .await
    .unwrap();
}

/// Types `value` in the field `selector` after clearing it.
fn fill(tab: &Tab, selector: &str, value: &str) {
    let field = tab.wait_for_element(selector).unwrap();
    field
        .call_js_fn("function() { this.value = ''; }", vec![], false)
        .unwrap();
    field.click().unwrap();
    tab.type_str(value).unwrap();
}

/// Clicks `selector` and waits for the page it leads to.
fn submit(tab: &Tab, selector: &str) {
    tab.wait_for_element(selector).unwrap().click().unwrap();
    tab.wait_until_navigated().unwrap();
}

/// Whether the page is wider than its window (a sideways scroll).
fn scrolls_sideways(tab: &Tab) -> bool {
    tab.evaluate(
        "document.documentElement.scrollWidth > window.innerWidth + 1",
        false,
    )
    .unwrap()
    .value
    .unwrap()
    .as_bool()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cps_imports_a_workbook_after_its_preview_and_records_in_place() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    // The 2025 plan as the CPS keeps it: an Excel workbook.
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("PTA 2025.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        [
            "code",
            "objectif",
            "activite",
            "budget",
            "mois",
            "responsable",
        ],
        [
            "1.1.1",
            "1. Planifier",
            "Élaboration du PTA 2025",
            "4 000",
            "1",
            "Unité planification",
        ],
        [
            "1.1.2",
            "",
            "Revue sectorielle 2025",
            "6 000",
            "4-5",
            "Unité suivi évaluation",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(&xlsx).unwrap();
    let xlsx = xlsx.to_str().unwrap().to_string();
    tokio::task::spawn_blocking(move || {
        let browser = chromium();
        let tab = browser.new_tab().unwrap();
        log_in(&tab, &base, "agent-cps");
        submit(&tab, "a[href='/imports']");
        tab.evaluate("document.querySelector('select[name=kind]').value = 'plan'", false)
            .unwrap();
        fill(&tab, "input[name=target]", "2025");
        tab.wait_for_element("input[name=file]")
            .unwrap()
            .set_input_files(&[&xlsx])
            .unwrap();
        screenshot(&tab, "import");
        submit(&tab, "#upload button");
        // The preview: what will be recorded; nothing is yet.
        let summary = text(&tab, "#import-summary");
        assert!(summary.contains("2 ligne(s) lue(s)"), "{summary}");
        assert!(text(&tab, "#import-rows").contains("Revue sectorielle 2025"));
        screenshot(&tab, "import-apercu");
        submit(&tab, "#confirm button");
        let done = text(&tab, "#recorded");
        assert!(done.contains("Import enregistré : 2 ligne(s)"), "{done}");
        assert!(tab.get_url().contains("/activities?year=2025"), "{}", tab.get_url());

        // An execution recorded in place, with its period, observation and day.
        tab.navigate_to(&format!("{base}/activities?year=2024"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let row = "#activity-1\\.1\\.2";
        tab.wait_for_element(&format!("{row} details summary"))
            .unwrap()
            .click()
            .unwrap();
        fill(&tab, &format!("{row} #execute-1\\.1\\.2 input[name=period]"), "Novembre 2024");
        fill(
            &tab,
            &format!("{row} #execute-1\\.1\\.2 input[name=observation]"),
            "Rapport validé",
        );
        tab.evaluate(
            "document.querySelector('#execute-1\\\\.1\\\\.2 input[name=date]').value = '2024-11-15'",
            false,
        )
        .unwrap();
        submit(&tab, "#execute-1\\.1\\.2 button");
        let done = text(&tab, "#recorded");
        assert!(
            done.contains("exécution enregistrée, avec effet le 15/11/2024"),
            "{done}"
        );
        let line = text(&tab, row);
        assert!(line.contains("1. OUI") && line.contains("Novembre 2024"), "{line}");
        screenshot(&tab, "activites-enregistrer");
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_is_enough_for_a_focal_point() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    tokio::task::spawn_blocking(move || {
        let phone = chromium_sized(390, 844);
        let tab = phone.new_tab().unwrap();
        log_in(&tab, &base, "pf-dcm");
        for page in [
            "/",
            "/recommendations?session=2024",
            "/recommendations?session=2023",
            "/recommendations/2024/2",
            "/structures/DCM",
            "/items",
        ] {
            tab.navigate_to(&format!("{base}{page}"))
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            assert!(!scrolls_sideways(&tab), "{page} scrolls sideways at 390 px");
        }
        // The focal point's menu has no page that would be empty for it.
        let menu = text(&tab, "header");
        assert!(
            !menu.contains("Avancement") && !menu.contains("Activités"),
            "{menu}"
        );

        // A status change without the evidence the workflow needs: the page
        // again, what was typed kept, the message by the field.
        tab.navigate_to(&format!("{base}/recommendations?session=2024"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        tab.evaluate(
            "document.querySelector('#status-2024-2 select[name=status]').value = 'executee'",
            false,
        )
        .unwrap();
        fill(
            &tab,
            "#status-2024-2 input[name=comment]",
            "Mission conjointe tenue",
        );
        submit(&tab, "#status-2024-2 button");
        let by_field = text(&tab, "#status-2024-2-evidence-error");
        assert!(by_field.contains("pièce justificative"), "{by_field}");
        let comment = tab
            .evaluate(
                "document.querySelector('#status-2024-2 input[name=comment]').value",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        assert_eq!(comment.as_str(), Some("Mission conjointe tenue"));
        assert!(!scrolls_sideways(&tab), "the refused page scrolls sideways");
        screenshot(&tab, "telephone-refus");
        fill(
            &tab,
            "#status-2024-2 input[name=evidence]",
            "Rapport de mission n° 12",
        );
        submit(&tab, "#status-2024-2 button");
        let done = text(&tab, "#recorded");
        assert!(done.contains("nouvelle situation enregistrée"), "{done}");
        let status = text(&tab, "#rec-2 td.status");
        assert!(status.starts_with("Exécutée"), "{status}");
        screenshot(&tab, "telephone-point-focal");

        // A unit's focal point follows its progress on a phone too.
        let phone = chromium_sized(390, 844);
        let tab = phone.new_tab().unwrap();
        log_in(&tab, &base, "pf-planif");
        tab.navigate_to(&format!("{base}/progress?year=2024"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert!(
            !scrolls_sideways(&tab),
            "/progress scrolls sideways at 390 px"
        );
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_director_invites_someone_who_chooses_a_password() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    tokio::task::spawn_blocking(move || {
        let director = chromium();
        let tab = director.new_tab().unwrap();
        log_in(&tab, &base, "directeur");
        submit(&tab, "a[href='/users']");
        fill(&tab, "#invite input[name=name]", "agent.diarra");
        tab.evaluate(
            "document.querySelector('#invite select[name=role]').value = 'cps'",
            false,
        )
        .unwrap();
        fill(
            &tab,
            "#invite input[name=email]",
            "a.diarra@cps-sci.example.org",
        );
        submit(&tab, "#invite button");
        let link = tab
            .wait_for_element("#link-value")
            .unwrap()
            .get_attribute_value("value")
            .unwrap()
            .unwrap();
        assert!(link.starts_with("/welcome/"), "{link}");
        let row = text(&tab, "#account-agent\\.diarra");
        assert!(row.contains("invité"), "{row}");
        screenshot(&tab, "utilisateurs");

        // The person opens the link, without an account yet.
        let person = chromium();
        let ptab = person.new_tab().unwrap();
        ptab.navigate_to(&format!("{base}{link}"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert!(text(&ptab, "main").contains("agent.diarra"));
        fill(
            &ptab,
            "#welcome input[name=password]",
            "un mot de passe à moi",
        );
        fill(
            &ptab,
            "#welcome input[name=confirm]",
            "un mot de passe à moi",
        );
        submit(&ptab, "#welcome button");
        assert!(text(&ptab, "main").contains("Mot de passe enregistré"));
        ptab.wait_for_element("#password").unwrap().click().unwrap();
        ptab.type_str("un mot de passe à moi").unwrap();
        ptab.wait_for_element("#login").unwrap().click().unwrap();
        ptab.wait_for_element("form[action='/logout']").unwrap();
        assert!(text(&ptab, "header").contains("Importer un fichier"));
        // The link served once.
        ptab.navigate_to(&format!("{base}{link}"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert!(text(&ptab, "main").contains("plus valable"));
    })
    .await
    .unwrap();
}
