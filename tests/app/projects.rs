//! The sector's projects: the BSI list imported as the annex writes it, the
//! arbitration counted, a project's credits and physical rates read as of
//! any day, a ministry's revue and a mission, and a quarter's cycle. (Over
//! 400 lines: one scenario per capability, each a user's whole path.)

use std::path::{Path, PathBuf};

use suivi::app::{AppError, ArbitrationInput, Decision, PhysicalRate, ProjectCredit};
use suivi::domain::access::Role;
use suivi::domain::types::{Quarter, Year};
use suivi::report::projects::{Portfolio, PortfolioLine};
use suivi::text::Lang;

use super::{open, user, Backend};
use crate::common::{clock, fresh_db};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/projets")
        .join(name)
}

fn y2024() -> Year {
    Year::new(2024).unwrap()
}

fn line<'a>(p: &'a Portfolio, code: &str) -> &'a PortfolioLine {
    p.projects
        .iter()
        .find(|l| l.code == code)
        .unwrap_or_else(|| panic!("{code} not in the portfolio"))
}

pub async fn the_bsi_list_imports_as_the_annex_writes_it(backend: Backend) {
    let db = fresh_db(backend).await;
    let app = open(&db, clock()).await;
    let cps = user("agent", Role::Cps, None);
    let annex = app
        .import_projects(&fixture("bsi-2024-annexe.csv"), Some(y2024()), &cps)
        .await
        .unwrap();
    // Nine projects, and the programme's five sub-projects under it.
    assert_eq!(annex.rows, 14);
    let day = Some("2024-06-30".parse().unwrap());
    let p = app.project_portfolio(y2024(), day, &cps).await.unwrap();
    let under: Vec<&str> = p
        .projects
        .iter()
        .filter(|l| l.parent.as_deref() == Some("MAECI-03"))
        .map(|l| l.code.as_str())
        .collect();
    assert_eq!(under.len(), 5, "{under:?}");
    assert_eq!(line(&p, "MAECI-03.5").ministry, "MAECI");
    assert_eq!(line(&p, "MMEIA-01").title, "Programme d'appui TOKTEN");
    // The annex names nine projects: nine are counted, none new, none funded.
    assert_eq!((p.presented, p.new, p.funded), (9, 0, 0));

    // The table of columns adds what the report does not say, as estimates.
    app.import_projects(&fixture("portefeuille-2024.csv"), Some(y2024()), &cps)
        .await
        .unwrap();
    let p = app.project_portfolio(y2024(), day, &cps).await.unwrap();
    assert_eq!((p.presented, p.new, p.funded), (11, 3, 10));
    assert!(p.arbitration_estimated);
    let sentence = p.arbitration_sentence().render(Lang::Fr);
    assert!(
        sentence.contains("présenté onze (11) projets/programmes dont trois (03) nouveaux")
            && sentence.contains("dix (10) ont bénéficié")
            && sentence.contains("estimé"),
        "{sentence}"
    );
    assert!(line(&p, "SCI-NN-1").estimated);
    // The missions' projects are in the portfolio, not at the arbitration.
    let rabat = line(&p, "MDC-RABAT");
    assert_eq!(rabat.status, "en_preparation");
    assert!(!rabat.presented && line(&p, "MMEIA-04").presented);

    // A file with a ministry the directory does not know, and a year that is
    // not one: every problem located, nothing written.
    let before = app.event_count().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("projets.csv");
    std::fs::write(
        &bad,
        "code;intitule;ministere;debut\nX-1;Projet X;MINISTERE-INCONNU;2024\nX-2;Projet Y;MAECI;2O24\n",
    )
    .unwrap();
    let e = app
        .import_projects(&bad, Some(y2024()), &cps)
        .await
        .unwrap_err();
    let AppError::BadInput { text, .. } = e else {
        panic!("{e:?}")
    };
    let said = text.render(Lang::Fr);
    assert!(
        said.contains("projets.csv:2") && said.contains("ministere"),
        "{said}"
    );
    assert!(
        said.contains("projets.csv:3") && said.contains("debut"),
        "{said}"
    );
    assert_eq!(app.event_count().await.unwrap(), before);

    // Repeating an arbitration updates it.
    // Repeating it with an allocation only keeps the rest as it was.
    let again = ArbitrationInput {
        funded: Some(90_000_000),
        ..Default::default()
    };
    let changed = app
        .record_arbitration(y2024(), "SCI-NN-2", again, &cps)
        .await
        .unwrap();
    let s = changed.state.summary();
    assert_eq!((s.presented, s.new, s.funded), (11, 3, 11));
    let entry =
        &changed.state.entries[&suivi::domain::project::ProjectCode::parse("SCI-NN-2").unwrap()];
    assert!(entry.presented && entry.new && entry.estimated, "{entry:?}");
}

pub async fn a_projects_quarters_give_its_rates_as_of_any_day(backend: Backend) {
    let db = fresh_db(backend).await;
    let app = open(&db, clock()).await;
    let cps = user("agent", Role::Cps, None);
    app.import_projects(&fixture("portefeuille-2024.csv"), Some(y2024()), &cps)
        .await
        .unwrap();
    // TOKTEN's four quarters, recorded by the MMEIA's focal point.
    let focal = user("pf-mmeia", Role::Structure, Some("MMEIA"));
    let credit = |kind: &'static str, amount: i64, date: &str| ProjectCredit {
        kind,
        amount,
        source: None,
        date: Some(date.parse().unwrap()),
        estimated: false,
    };
    for (kind, amount, date) in [
        ("notified", 200_000_000, "2024-02-15"),
        ("engaged", 40_000_000, "2024-03-31"),
        ("engaged", 90_000_000, "2024-06-30"),
        ("liquidated", 60_000_000, "2024-06-30"),
        ("engaged", 150_000_000, "2024-09-30"),
        ("engaged", 180_000_000, "2024-12-01"),
    ] {
        app.record_project_credit(y2024(), "MMEIA-01", credit(kind, amount, date), &focal)
            .await
            .unwrap();
    }
    for (percent, date) in [
        ("15", "2024-03-31"),
        ("35,5", "2024-06-30"),
        ("60", "2024-09-30"),
        ("72", "2024-12-01"),
    ] {
        let rate = PhysicalRate {
            percent,
            date: date.parse().unwrap(),
            note: Some("rapport trimestriel".into()),
            source: None,
            estimated: false,
        };
        app.record_physical_rate(y2024(), "MMEIA-01", rate, &focal)
            .await
            .unwrap();
    }
    // The MMEIA's focal point records nothing on the MAECI's projects.
    let e = app
        .record_project_credit(
            y2024(),
            "MAECI-01",
            credit("engaged", 1, "2024-03-01"),
            &focal,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden), "{e:?}");

    let at = |day: &str| {
        let app = &app;
        let cps = &cps;
        let day = day.to_string();
        async move {
            let p = app
                .project_portfolio(y2024(), Some(day.parse().unwrap()), cps)
                .await
                .unwrap();
            let l = line(&p, "MMEIA-01").clone();
            (l.engaged, l.financial_rate, l.physical_rate, l.late)
        }
    };
    assert_eq!(at("2024-01-31").await, (0, None, None, false));
    assert_eq!(
        at("2024-04-15").await,
        (40_000_000, Some(20.0), Some(15.0), false)
    );
    assert_eq!(
        at("2024-07-20").await,
        (90_000_000, Some(45.0), Some(35.5), false)
    );
    assert_eq!(
        at("2024-10-20").await,
        (150_000_000, Some(75.0), Some(60.0), false)
    );
    assert_eq!(
        at("2024-12-02").await,
        (180_000_000, Some(90.0), Some(72.0), false)
    );
    // Allotted at the arbitration; liquidated from its day.
    let p = app
        .project_portfolio(y2024(), Some("2024-12-02".parse().unwrap()), &cps)
        .await
        .unwrap();
    let tokten = line(&p, "MMEIA-01");
    assert_eq!(
        (tokten.allotted, tokten.liquidated),
        (200_000_000, 60_000_000)
    );
    assert_eq!(tokten.physical_date, Some("2024-12-01".parse().unwrap()));
    // A project under way without figures for its last quarter is late once
    // they are due (15 days after it ends); TOKTEN is not.
    let april = app
        .project_portfolio(y2024(), Some("2024-04-15".parse().unwrap()), &cps)
        .await
        .unwrap();
    assert!(!line(&april, "MAECI-02").late);
    let after = app
        .project_portfolio(y2024(), Some("2024-10-20".parse().unwrap()), &cps)
        .await
        .unwrap();
    assert!(line(&after, "MAECI-02").late);
    assert!(!line(&after, "MMEIA-01").late);
    // A figure dated two years after its budget year is refused by the
    // project's year itself, naming the field.
    let e = app
        .record_project_credit(
            Year::new(2022).unwrap(),
            "MMEIA-01",
            credit("engaged", 1, "2024-01-02"),
            &cps,
        )
        .await
        .unwrap_err();
    let AppError::Refused {
        field: Some("date"),
        text,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert!(
        text.render(Lang::Fr).contains("hors de l'exercice 2022"),
        "{}",
        text.render(Lang::Fr)
    );
    // A figure dated outside the budget year is refused, naming the field.
    let e = app
        .record_project_credit(
            y2024(),
            "MMEIA-01",
            credit("engaged", 1, "2022-12-31"),
            &cps,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("date"),
                ..
            }
        ),
        "{e:?}"
    );
}

pub async fn a_ministrys_revue_has_its_table_and_reminded_recommendations(backend: Backend) {
    let db = fresh_db(backend).await;
    let app = open(&db, clock()).await;
    let cps = user("agent", Role::Cps, None);
    app.import_projects(&fixture("portefeuille-2024.csv"), None, &cps)
        .await
        .unwrap();
    let y2022 = Year::new(2022).unwrap();
    let credit = |kind: &'static str, amount: i64, date: &str| ProjectCredit {
        kind,
        amount,
        source: None,
        date: Some(date.parse().unwrap()),
        estimated: false,
    };
    app.record_project_credit(
        y2022,
        "MMEIA-01",
        credit("notified", 100_000_000, "2022-02-01"),
        &cps,
    )
    .await
    .unwrap();
    app.record_project_credit(
        y2022,
        "MMEIA-01",
        credit("engaged", 80_000_000, "2022-12-15"),
        &cps,
    )
    .await
    .unwrap();
    let rate = PhysicalRate {
        percent: "70",
        date: "2022-12-20".parse().unwrap(),
        note: None,
        source: Some("Rapport du gestionnaire".into()),
        estimated: false,
    };
    app.record_physical_rate(y2022, "MMEIA-01", rate, &cps)
        .await
        .unwrap();

    // The MMEIA's revue of 13 April 2023, on 2022, covering three projects.
    let y2023 = Year::new(2023).unwrap();
    let held = "2023-04-13".parse().ok();
    let opened = app
        .open_project_revue(
            "MMEIA",
            y2023,
            held,
            Some("MMEIA-01, MMEIA-02, MMEIA-03"),
            false,
            &cps,
        )
        .await
        .unwrap();
    assert_eq!(opened.state.projects.len(), 3);
    app.record_revue_difficulties(
        "MMEIA",
        y2023,
        "MMEIA-01",
        "Retards de décaissement".into(),
        &cps,
    )
    .await
    .unwrap();
    let e = app
        .record_revue_difficulties("MMEIA", y2023, "MMEIA-05", "x".into(), &cps)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("code"),
                ..
            }
        ),
        "{e:?}"
    );
    let session = "projets-MMEIA-2023";
    app.add_recommendation(
        &super::rref(session, 1),
        "Accélérer les décaissements du programme".into(),
        &["DFM/MMEIA".into()],
        Some("2024-12-10".parse().unwrap()),
        Some("MMEIA-01"),
        &cps,
    )
    .await
    .unwrap();
    // A recommendation for a project the portfolio does not hold is refused.
    let e = app
        .add_recommendation(
            &super::rref(session, 2),
            "x".into(),
            &["DFM/MMEIA".into()],
            None,
            Some("INCONNU"),
            &cps,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("project"),
                ..
            }
        ),
        "{e:?}"
    );

    let report = app
        .project_revue_report("MMEIA", y2023, &cps)
        .await
        .unwrap();
    assert_eq!((report.reviewed_year, report.projects.len()), (2022, 3));
    let tokten = &report.projects[0];
    assert_eq!(
        (
            tokten.code.as_str(),
            tokten.financial_rate,
            tokten.physical_rate
        ),
        ("MMEIA-01", Some(80.0), Some(70.0))
    );
    assert_eq!(
        tokten.difficulties.as_deref(),
        Some("Retards de décaissement")
    );
    let recommendation = &report.recommendations.recommendations[0];
    assert_eq!(recommendation.project.as_deref(), Some("MMEIA-01"));

    // Reminded to the structure responsible, a week before its deadline.
    let director = user("directeur", Role::Director, None);
    let plan = app
        .plan_reminders(Some("2024-12-03".parse().unwrap()), &director)
        .await
        .unwrap();
    let to_dfm: Vec<String> = plan
        .digests
        .into_iter()
        .filter(|d| d.digest.structure.as_str() == "DFM/MMEIA")
        .flat_map(|d| d.digest.lines.into_iter().map(|l| l.item.reference))
        .collect();
    assert!(to_dfm.iter().any(|r| r.contains(session)), "{to_dfm:?}");

    // A mission with two projects, one outside the portfolio, and its
    // recommendation to an embassy.
    let mission = app
        .record_mission(
            suivi::app::MissionInput {
                name: "rabat",
                year: y2023,
                from: "2023-06-19".parse().unwrap(),
                to: "2023-06-25".parse().unwrap(),
                place: "Rabat",
                projects: "MDC-RABAT; Acquisition d'un terrain pour la Chancellerie",
                structures: Some("MDC/RABAT"),
                findings: Some("Bâtiment à évaluer".into()),
            },
            &cps,
        )
        .await
        .unwrap();
    let visited = &mission.state.details.as_ref().unwrap().projects;
    assert_eq!(visited.len(), 2);
    assert_eq!(
        visited[0].code.as_ref().map(|c| c.as_str()),
        Some("MDC-RABAT")
    );
    assert!(visited[1].code.is_none());
    app.add_recommendation(
        &super::rref("projets-rabat-2023", 1),
        "Engager la réflexion sur la meilleure stratégie pour Rabat".into(),
        &["Ambassade du Mali à Rabat".into()],
        None,
        Some("MDC-RABAT"),
        &cps,
    )
    .await
    .unwrap();
    let missions = app.missions(y2023, &cps).await.unwrap();
    assert_eq!(missions.len(), 1);
    let (_, recommendations) = &missions[0];
    assert_eq!(recommendations.recommendations[0].structures, ["MDC/RABAT"]);
}

pub async fn a_quarter_goes_through_its_cycle_and_locks_its_figures(backend: Backend) {
    let db = fresh_db(backend).await;
    let app = open(&db, clock()).await;
    let cps = user("agent", Role::Cps, None);
    let focal = user("pf-mmeia", Role::Structure, Some("MMEIA"));
    // With their BSI 2024 allocations: they report on 2024.
    app.import_projects(&fixture("portefeuille-2024.csv"), Some(y2024()), &cps)
        .await
        .unwrap();
    let credit = |amount: i64, date: &str| ProjectCredit {
        kind: "engaged",
        amount,
        source: None,
        date: Some(date.parse().unwrap()),
        estimated: false,
    };
    app.record_project_credit(
        y2024(),
        "MMEIA-01",
        credit(10_000_000, "2024-08-10"),
        &focal,
    )
    .await
    .unwrap();
    let q3 = suivi::domain::types::Quarter::new(3).unwrap();
    let decide = |decision: Decision, who| {
        let app = &app;
        async move {
            app.decide_quarter("MMEIA", y2024(), q3, decision, who)
                .await
        }
    };
    let state = |c: suivi::app::Changed<suivi::domain::submission::Submission>| {
        c.state.state.map(suivi::domain::types::Code::code)
    };
    assert_eq!(
        state(decide(Decision::Submit(None), &focal).await.unwrap()),
        Some("submitted")
    );
    // The focal point submits; only the CPS decides.
    let e = decide(Decision::Approve, &focal).await.unwrap_err();
    assert!(matches!(e, AppError::Forbidden), "{e:?}");
    let e = decide(Decision::Return("  ".into()), &cps)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("comment"),
                ..
            }
        ),
        "{e:?}"
    );
    decide(Decision::Return("Engagements à justifier".into()), &cps)
        .await
        .unwrap();
    decide(Decision::Submit(Some("Pièces jointes".into())), &focal)
        .await
        .unwrap();
    assert_eq!(
        state(decide(Decision::Approve, &cps).await.unwrap()),
        Some("approved")
    );
    // A quarter handed in is not late; another structure's is.
    let p = app
        .project_portfolio(y2024(), Some("2024-12-02".parse().unwrap()), &cps)
        .await
        .unwrap();
    assert!(!line(&p, "MMEIA-02").late);
    assert!(line(&p, "MAECI-02").late);
    // Approved: its figures are locked.
    let e = app
        .record_project_credit(
            y2024(),
            "MMEIA-01",
            credit(12_000_000, "2024-09-01"),
            &focal,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("date"),
                ..
            }
        ),
        "{e:?}"
    );
    // Reopened only with a reason, which the history keeps.
    let e = decide(Decision::Reopen(String::new()), &cps)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("reason"),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        state(
            decide(
                Decision::Reopen("Erreur de saisie du montant engagé".into()),
                &cps
            )
            .await
            .unwrap()
        ),
        Some("draft")
    );
    app.record_project_credit(
        y2024(),
        "MMEIA-01",
        credit(12_000_000, "2024-09-01"),
        &focal,
    )
    .await
    .unwrap();
    let h = app
        .quarter_history("MMEIA", y2024(), q3, &cps)
        .await
        .unwrap();
    let kinds: Vec<&str> = h.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "SubmissionSubmitted",
            "SubmissionReturned",
            "SubmissionSubmitted",
            "SubmissionApproved",
            "SubmissionReopened"
        ]
    );
    assert_eq!(
        h.events[1].comment.as_deref(),
        Some("Engagements à justifier")
    );
    assert_eq!(h.events[1].actor, "agent");
    assert_eq!(h.events[2].actor, "pf-mmeia");
    assert_eq!(
        h.events[4].comment.as_deref(),
        Some("Erreur de saisie du montant engagé")
    );
    assert_eq!(h.events[4].from.as_deref(), Some("approved"));
}

/// The field a refusal names, or a panic saying what came instead.
#[track_caller]
fn refused_on<T: std::fmt::Debug>(r: Result<T, AppError>) -> Option<&'static str> {
    match r {
        Err(AppError::Refused { field, .. } | AppError::BadInput { field, .. }) => field,
        other => panic!("not refused: {other:?}"),
    }
}

/// What the projects' use cases refuse, each with the field it is about
/// (or none, for the cycle's order), and nothing written by any of them.
pub async fn the_projects_refusals_name_their_field(backend: Backend) {
    let db = fresh_db(backend).await;
    let app = open(&db, clock()).await;
    let cps = user("agent", Role::Cps, None);
    app.import_projects(&fixture("bsi-2024-annexe.csv"), Some(y2024()), &cps)
        .await
        .unwrap();
    app.import_projects(&fixture("portefeuille-2024.csv"), Some(y2024()), &cps)
        .await
        .unwrap();
    let before = app.event_count().await.unwrap();
    let y2023 = Year::new(2023).unwrap();
    let mission = |from: &str, to: &str, projects: &'static str| suivi::app::MissionInput {
        name: "caire",
        year: y2023,
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
        place: "Le Caire",
        projects,
        structures: Some("MDC/CAIRE"),
        findings: None,
    };
    // A mission that ends before it starts, one in another year, one that
    // visited nothing.
    for (input, field) in [
        (mission("2023-06-25", "2023-06-19", "MDC-CAIRE"), "to"),
        (mission("2024-01-10", "2024-01-12", "MDC-CAIRE"), "from"),
        (mission("2023-06-19", "2023-06-25", " ; "), "projects"),
    ] {
        assert_eq!(
            refused_on(app.record_mission(input, &cps).await),
            Some(field)
        );
    }
    // An allocation for a project not presented.
    let funded_alone = ArbitrationInput {
        presented: Some(false),
        funded: Some(1_000_000),
        ..Default::default()
    };
    assert_eq!(
        refused_on(
            app.record_arbitration(y2024(), "MAECI-02", funded_alone, &cps)
                .await
        ),
        Some("funded")
    );
    // The cycle's order: nothing to approve, return or reopen before it is
    // handed in; a return says why.
    let q2 = Quarter::new(2).unwrap();
    for decision in [
        Decision::Approve,
        Decision::Return("Pièces manquantes".into()),
        Decision::Reopen("Erreur".into()),
    ] {
        assert_eq!(
            refused_on(
                app.decide_quarter("MAECI", y2024(), q2, decision, &cps)
                    .await
            ),
            None
        );
    }
    assert_eq!(app.event_count().await.unwrap(), before);
    app.decide_quarter("MAECI", y2024(), q2, Decision::Submit(None), &cps)
        .await
        .unwrap();
    assert_eq!(
        refused_on(
            app.decide_quarter("MAECI", y2024(), q2, Decision::Return("  ".into()), &cps)
                .await
        ),
        Some("comment")
    );
    // A structure the directory does not know.
    assert_eq!(
        refused_on(
            app.decide_quarter("XYZ", y2024(), q2, Decision::Submit(None), &cps)
                .await
        ),
        Some("structure")
    );
    // A rate over 100 %.
    let rate = PhysicalRate {
        percent: "120",
        date: "2024-06-30".parse().unwrap(),
        note: None,
        source: None,
        estimated: false,
    };
    assert_eq!(
        refused_on(
            app.record_physical_rate(y2024(), "MAECI-02", rate, &cps)
                .await
        ),
        Some("percent")
    );
    // A difficulty for a project the revue does not cover.
    app.open_project_revue("MAECI", y2023, None, Some("MAECI-01"), false, &cps)
        .await
        .unwrap();
    let opened = app.event_count().await.unwrap();
    assert_eq!(
        refused_on(
            app.record_revue_difficulties("MAECI", y2023, "MAECI-02", "Retards".into(), &cps)
                .await
        ),
        Some("code")
    );
    assert_eq!(
        app.event_count().await.unwrap(),
        opened,
        "nothing written by a refusal"
    );
    // A sub-project under a project that is not a programme, located.
    let file = db.dir().join("sous-projet.csv");
    std::fs::write(
        &file,
        "code;intitule;ministere;type;parent\nMAECI-02.1;Annexe du siège;MAECI;Projet;MAECI-02\n",
    )
    .unwrap();
    let Err(AppError::BadInput { text, .. }) = app.import_projects(&file, None, &cps).await else {
        panic!("a projet taken for a programme");
    };
    let said = text.render(Lang::Fr);
    assert!(
        said.contains("sous-projet.csv:2")
            && said.contains("parent")
            && said.contains("MAECI-02 est un projet, pas un programme"),
        "{said}"
    );
    assert_eq!(app.event_count().await.unwrap(), opened);
    // A project is named by its code, its title or another name, case and
    // accents aside; a name it does not have is not found.
    let sheet = app
        .project_sheet("programme d'APPUI tokten", y2024(), None, &cps)
        .await
        .unwrap();
    assert_eq!(sheet.code, "MMEIA-01");
    assert!(matches!(
        app.project_sheet("Projet inconnu", y2024(), None, &cps)
            .await,
        Err(AppError::NotFound(_))
    ));
}

crate::on_both!(
    the_projects_refusals_name_their_field,
    the_bsi_list_imports_as_the_annex_writes_it,
    a_projects_quarters_give_its_rates_as_of_any_day,
    a_ministrys_revue_has_its_table_and_reminded_recommendations,
    a_quarter_goes_through_its_cycle_and_locks_its_figures,
);
