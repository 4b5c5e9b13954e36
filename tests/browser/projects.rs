//! The sector's projects in the browser, on the example data: the MAECI's
//! focal point finds its late projects on the dashboard, records a project's
//! credits and physical rate on its sheet (on a phone), and hands the
//! quarter in; the CPS returns it (a comment is required), approves it (the
//! quarter is then locked), and reopens it with a reason.

use headless_chrome::Tab;

use super::{chromium, chromium_sized, fill, log_in, screenshot, scrolls_sideways, submit, text};
use crate::helpers::*;

/// Opens `path` and waits for it.
fn open(tab: &Tab, base: &str, path: &str) {
    tab.navigate_to(&format!("{base}{path}"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
}

/// Submits a form that is to be recorded, and waits for the page that says so.
fn recorded(tab: &Tab, selector: &str) -> String {
    // What the page before said is not taken for what this one says.
    tab.evaluate("document.querySelector('#recorded')?.remove()", false)
        .unwrap();
    submit(tab, selector);
    text(tab, "#recorded")
}

/// Opens the form to enter figures.
fn unfold(tab: &Tab) {
    tab.evaluate(
        "document.querySelector('#record-figures').open = true",
        false,
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_focal_point_and_the_cps_follow_a_project_quarter_in_the_browser() {
    let t = spawn_app(Backend::Sqlite).await;
    let base = t.address.clone();
    tokio::task::spawn_blocking(move || {
        let phone = chromium_sized(390, 844);
        let tab = phone.new_tab().unwrap();
        log_in(&tab, &base, "pf-maeci");
        // Its projects without their third quarter's figures are on the dashboard.
        let lagging = text(&tab, "#dashboard-projects");
        assert!(
            lagging.contains("MAECI-02") && lagging.contains("en retard"),
            "{lagging}"
        );
        assert!(!lagging.contains("MMEIA-01"), "another ministry's project");
        // The menu leads to its portfolio: the MAECI's projects only.
        open(&tab, &base, "/projects?year=2024");
        let portfolio = text(&tab, "#portfolio");
        assert!(portfolio.contains("MAECI-02"), "{portfolio}");
        assert!(!portfolio.contains("MMEIA"), "{portfolio}");
        assert!(
            !scrolls_sideways(&tab),
            "/projects scrolls sideways at 390 px"
        );
        submit(&tab, "#project-MAECI-02 a");
        assert!(text(&tab, "h1").starts_with("MAECI-02"));

        // A physical rate without its date is refused by the field, as typed.
        unfold(&tab);
        fill(&tab, "#physical input[name=percent]", "40");
        tab.evaluate(
            "document.querySelector('#physical input[name=date]').value = ''",
            false,
        )
        .unwrap();
        tab.evaluate(
            "document.querySelector('#physical input[name=date]').required = false",
            false,
        )
        .unwrap();
        submit(&tab, "#physical button");
        let refused = text(&tab, "#physical");
        assert!(refused.contains("la date est obligatoire"), "{refused}");

        // The third quarter's figures: notified, engaged, then the physical rate.
        for (kind, amount) in [("notified", "100 000 000"), ("engaged", "80 000 000")] {
            unfold(&tab);
            tab.evaluate(
                &format!("document.querySelector('#credit select[name=kind]').value = '{kind}'"),
                false,
            )
            .unwrap();
            fill(&tab, "#credit input[name=amount]", amount);
            tab.evaluate(
                "document.querySelector('#credit input[name=date]').value = '2024-09-30'",
                false,
            )
            .unwrap();
            assert!(recorded(&tab, "#credit button").contains("F CFA"));
        }
        unfold(&tab);
        fill(&tab, "#physical input[name=percent]", "40");
        tab.evaluate(
            "document.querySelector('#physical input[name=date]').value = '2024-09-30'",
            false,
        )
        .unwrap();
        fill(&tab, "#physical input[name=note]", "Gros œuvre achevé");
        assert!(recorded(&tab, "#physical button").contains("40 %"));
        assert!(text(&tab, "#financial-rate").starts_with("80,00"));
        assert!(text(&tab, "#physical-rate").starts_with("40,00"));
        // 40 % done for 80 % engaged: the physical rate lags.
        assert_eq!(
            text(&tab, "#project-lag"),
            "en retard sur le taux financier"
        );
        let figures = text(&tab, "#project-figures");
        assert!(figures.contains("Gros œuvre achevé"), "{figures}");
        assert!(
            !scrolls_sideways(&tab),
            "the sheet scrolls sideways at 390 px"
        );
        tab.evaluate("window.scrollTo(0, 0)", false).unwrap();
        screenshot(&tab, "projet-telephone");

        // It hands the third quarter in.
        recorded(&tab, "#quarter-3-submit button");
        assert!(text(&tab, "#quarter-3 .quarter-state").contains("soumis"));

        // The CPS returns it: a return says why.
        let desk = chromium();
        let cps = desk.new_tab().unwrap();
        log_in(&cps, &base, "agent-cps");
        open(&cps, &base, "/projects/MAECI-02?year=2024");
        cps.evaluate(
            "document.querySelector('#quarter-3-return input[name=comment]').required = false",
            false,
        )
        .unwrap();
        submit(&cps, "#quarter-3-return button");
        assert!(text(&cps, "#quarter-3-return").contains("commentaire"));
        fill(
            &cps,
            "#quarter-3-return input[name=comment]",
            "Joindre le bordereau",
        );
        submit(&cps, "#quarter-3-return button");
        let state = text(&cps, "#quarter-3");
        assert!(
            state.contains("renvoyé") && state.contains("Joindre le bordereau"),
            "{state}"
        );

        // Handed in again, approved: the quarter is locked.
        open(&tab, &base, "/projects/MAECI-02?year=2024");
        recorded(&tab, "#quarter-3-submit button");
        open(&cps, &base, "/projects/MAECI-02?year=2024");
        recorded(&cps, "#quarter-3-approve button");
        assert!(text(&cps, "#quarter-3 .quarter-state").contains("approuvé"));
        cps.evaluate("window.scrollTo(0, 0)", false).unwrap();
        screenshot(&cps, "projet-fiche");
        open(&tab, &base, "/projects/MAECI-02?year=2024");
        unfold(&tab);
        fill(&tab, "#physical input[name=percent]", "45");
        tab.evaluate(
            "document.querySelector('#physical input[name=date]').value = '2024-09-15'",
            false,
        )
        .unwrap();
        submit(&tab, "#physical button");
        assert!(text(&tab, "#physical").contains("verrouillé"));

        // Reopened with its reason, it can change again.
        fill(
            &cps,
            "#quarter-3-reopen input[name=comment]",
            "Erreur de saisie du taux",
        );
        recorded(&cps, "#quarter-3-reopen button");
        let state = text(&cps, "#quarter-3");
        assert!(
            state.contains("brouillon") && state.contains("Erreur de saisie du taux"),
            "{state}"
        );
        open(&tab, &base, "/projects/MAECI-02?year=2024");
        unfold(&tab);
        fill(&tab, "#physical input[name=percent]", "45");
        tab.evaluate(
            "document.querySelector('#physical input[name=date]').value = '2024-09-15'",
            false,
        )
        .unwrap();
        assert!(recorded(&tab, "#physical button").contains("45 %"));
    })
    .await
    .unwrap();
}
