//! The sector's plan: the CPS calls three structures; one hands in a CSV
//! canevas, one an Excel canevas that is returned once then approved, one is
//! approved at once; the compiled plan numbers their activities by
//! objective, with the totals by structure and by source.

use std::path::PathBuf;

use suivi::app::{AppError, Decision};
use suivi::domain::access::Role;
use suivi::domain::types::Year;
use suivi::text::Lang;

use super::{user, Backend};
use crate::common::{clock, fresh_db};

const HEADER: &str = "objectif;resultat;activite;indicateur;cible;budget;source;mois;responsable\n";

fn csv(dir: &std::path::Path, name: &str, rows: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
    path
}

/// The application on a configuration whose sector plan has the example
/// objectives (config/sector.toml), followed by `period`.
async fn open_framed(db: &crate::common::TestDb, period: &str) -> suivi::app::App {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = crate::common::copy_config(db.dir());
    crate::common::enable_sector_objectives(&config);
    crate::common::edit_config(
        &config.join("sector.toml"),
        "periode = \"trimestre\"",
        &format!("periode = \"{period}\""),
    );
    let settings = suivi::config::Settings::load(
        Some(config),
        Some(root.join("workflows")),
        Some(db.url.clone()),
    )
    .unwrap();
    suivi::app::App::open(&settings, clock()).await.unwrap()
}

/// The DFM's canevas as Excel writes it.
fn workbook(dir: &std::path::Path, rows: &[[&str; 9]]) -> PathBuf {
    let path = dir.join("canevas-dfm.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.trim().split(';').enumerate() {
        sheet.write(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    book.save(&path).unwrap();
    path
}

pub async fn a_sector_plan_is_called_handed_in_and_compiled(backend: Backend) {
    let db = fresh_db(backend).await;
    let app = open_framed(&db, "trimestre").await;
    let cps = user("agent", Role::Cps, None);
    let pf_dcm = user("pf-dcm", Role::Structure, Some("DCM"));
    let y = Year::new(2025).unwrap();
    let deadline = "2024-12-20".parse().unwrap();
    app.open_sector_call(y, deadline, "DCM, DFM/MAECI, DRH/MMEIA", true, &cps)
        .await
        .unwrap();

    // The DCM's focal point hands in its CSV canevas; not another structure's.
    let dcm = csv(
        db.dir(),
        "canevas-dcm.csv",
        "Renforcer la coopération bilatérale et multilatérale;Les accords sont suivis;Atelier de validation des accords;Rapport;1;5 000;BSI;3 4;Division accords\n\
         ;;Mission de suivi à Niamey;Rapport de mission;1;PM;fonctionnement;6;Division accords\n",
    );
    // A draft first: saved, not submitted; then handed in.
    let table = suivi::import::Table::read(&dcm).unwrap();
    let draft = app
        .propose_sector(y, "DCM", &table, false, &pf_dcm)
        .await
        .unwrap();
    assert_eq!((draft.state.as_str(), draft.activities.len()), ("draft", 2));
    let before = app.event_count().await.unwrap();
    let handed = app
        .submit_sector_canevas(y, "DCM", &dcm, &pf_dcm)
        .await
        .unwrap();
    assert_eq!(handed.state, "submitted");
    assert_eq!(
        app.event_count().await.unwrap() - before,
        2,
        "the activities and the submission, together"
    );
    // Awaiting the CPS's decision, it no longer changes.
    assert!(matches!(
        app.propose_sector(y, "DCM", &table, false, &pf_dcm).await,
        Err(AppError::Refused { .. })
    ));
    assert!(matches!(
        app.submit_sector_canevas(y, "DFM/MAECI", &dcm, &pf_dcm)
            .await,
        Err(AppError::Forbidden)
    ));
    // A canevas with a problem: located, nothing written.
    let before = app.event_count().await.unwrap();
    let bad = csv(
        db.dir(),
        "canevas-drh.csv",
        "Améliorer la gestion des ressources du secteur;;Formation des agents;Agents formés;20;douze mille;PTF;9;DRH\n",
    );
    let Err(AppError::BadInput { text, .. }) =
        app.submit_sector_canevas(y, "DRH/MMEIA", &bad, &cps).await
    else {
        panic!("a budget in words accepted");
    };
    let said = text.render(Lang::Fr);
    assert!(
        said.contains("canevas-drh.csv:2") && said.contains("budget"),
        "{said}"
    );
    // An objective that is not one of the call's (config/sector.toml):
    // located, with the ones allowed.
    let outside = csv(
        db.dir(),
        "canevas-drh-objectif.csv",
        "Objectif 2;;Formation des agents;Agents formés;20;12 000;PTF;9;DRH
         Développer le commerce;;Foire;Foire tenue;1;PM;PTF;9;DRH
",
    );
    let Err(AppError::BadInput { text, .. }) = app
        .submit_sector_canevas(y, "DRH/MMEIA", &outside, &cps)
        .await
    else {
        panic!("an objective outside the call accepted");
    };
    let said = text.render(Lang::Fr);
    assert!(
        said.contains("canevas-drh-objectif.csv:3")
            && said.contains("objectif")
            && said.contains("« Développer le commerce »")
            && said.contains("2. Améliorer la gestion des ressources du secteur"),
        "{said}"
    );
    assert!(!said.contains("canevas-drh-objectif.csv:2"), "{said}");
    assert_eq!(app.event_count().await.unwrap(), before);

    // The DFM's Excel canevas is returned once, then handed in again and approved.
    let dfm = workbook(
        db.dir(),
        &[[
            "Améliorer la gestion des ressources du secteur",
            "",
            "Plan de formation du ministère",
            "Plan validé",
            "1",
            "3000",
            "Fonctionnement",
            "2",
            "DFM",
        ]],
    );
    app.submit_sector_canevas(y, "DFM/MAECI", &dfm, &cps)
        .await
        .unwrap();
    let returned = app
        .decide_sector_proposal(
            y,
            "DFM/MAECI",
            Decision::Return("Budget à préciser".into()),
            &cps,
        )
        .await
        .unwrap();
    assert_eq!(returned.state.returned, 1);
    app.submit_sector_canevas(y, "DFM/MAECI", &dfm, &cps)
        .await
        .unwrap();
    for structure in ["DCM", "DFM/MAECI"] {
        app.decide_sector_proposal(y, structure, Decision::Approve, &cps)
            .await
            .unwrap();
    }
    // Approved, hence locked: a new canevas waits for a reopening.
    assert!(matches!(
        app.submit_sector_canevas(y, "DCM", &dcm, &pf_dcm).await,
        Err(AppError::Refused { .. })
    ));
    // The DRH's proposal is handed in, not yet approved: not in the plan.
    let drh = csv(
        db.dir(),
        "canevas-drh-2.csv",
        "Améliorer la gestion des ressources du secteur;;Formation des agents;Agents formés;20;12 000;PTF;9;DRH\n",
    );
    app.submit_sector_canevas(y, "DRH/MMEIA", &drh, &cps)
        .await
        .unwrap();

    let plan = app.sector_plan(y, &cps).await.unwrap();
    let lines: Vec<(&str, &str, Option<u64>, &str)> = plan
        .activities
        .iter()
        .map(|a| {
            (
                a.code.as_str(),
                a.structure.as_str(),
                a.budget,
                a.source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("1.1", "DCM", Some(5_000), "BSI"),
            ("1.2", "DCM", None, "Fonctionnement"),
            ("2.1", "DFM/MAECI", Some(3_000), "Fonctionnement"),
        ]
    );
    // Numbered by the configured objectives, each with its frame, shown
    // as examples.
    let objectives: Vec<(usize, &str, bool, bool)> = plan
        .objectives
        .iter()
        .map(|o| {
            (
                o.number,
                o.title.as_str(),
                o.frame.as_deref().is_some_and(|f| f.contains("CREDD")),
                o.estimated,
            )
        })
        .collect();
    assert_eq!(
        objectives,
        [
            (
                1,
                "Renforcer la coopération bilatérale et multilatérale",
                true,
                true
            ),
            (
                2,
                "Améliorer la gestion des ressources du secteur",
                true,
                true
            ),
        ]
    );
    assert_eq!(
        plan.by_structure.into_iter().collect::<Vec<_>>(),
        [("DCM".to_string(), 5_000), ("DFM/MAECI".to_string(), 3_000)]
    );
    assert_eq!(
        plan.by_source.into_iter().collect::<Vec<_>>(),
        [
            ("BSI".to_string(), 5_000),
            ("Fonctionnement".to_string(), 3_000)
        ]
    );
    let states: Vec<(&str, &str)> = plan
        .structures
        .iter()
        .map(|s| (s.structure.as_str(), s.state.as_str()))
        .collect();
    assert_eq!(
        states,
        [
            ("DCM", "approved"),
            ("DFM/MAECI", "approved"),
            ("DRH/MMEIA", "submitted")
        ]
    );
    // A focal point does not read the sector's compiled plan.
    assert!(matches!(
        app.sector_plan(y, &pf_dcm).await,
        Err(AppError::Forbidden)
    ));
}

const EXECUTION: &str = "code;statut;avancement;realise;engage;liquide;difficultes\n";

fn execution(dir: &std::path::Path, name: &str, rows: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{EXECUTION}{rows}")).unwrap();
    path
}

/// Planned, executed, rate and engaged.
type Figures = (usize, usize, Option<f64>, u64);

/// A structure's figures of the report: planned, executed, rate, engaged.
fn figures(p: &suivi::report::sector_progress::SectorFigures) -> Figures {
    (p.planned, p.executed, p.rate, p.engaged)
}

/// Three structures' proposals approved and coded by objective (the CPS
/// changes one code, never to another's); the second quarter's execution
/// handed in by two structures and approved, the third sends nothing; the
/// progress by structure, by objective and by ministry; a locked quarter
/// refuses a change until the CPS reopens it with its reason.
pub async fn a_quarter_of_the_sector_plan_is_reported_approved_and_reopened(backend: Backend) {
    let db = fresh_db(backend).await;
    let app = open_framed(&db, "trimestre").await;
    let cps = user("agent", Role::Cps, None);
    let pf_dcm = user("pf-dcm", Role::Structure, Some("DCM"));
    let y = Year::new(2024).unwrap();
    app.open_sector_call(
        y,
        "2024-12-20".parse().unwrap(),
        "DCM, DFM/MAECI, DRH/MMEIA",
        true,
        &cps,
    )
    .await
    .unwrap();
    let canevas = [
        (
            "DCM",
            "Renforcer la coopération bilatérale et multilatérale;;Atelier sur les accords;Rapport;1;5 000;BSI;3 4;Division accords\n\
             ;;Mission de suivi à Niamey;Rapport de mission;1;PM;Fonctionnement;6;Division accords\n",
        ),
        (
            "DFM/MAECI",
            "Améliorer la gestion des ressources du secteur;;Plan de passation des marchés;Plan validé;1;3 000;Fonctionnement;2;DFM\n",
        ),
        (
            "DRH/MMEIA",
            "Objectif 2;;Formation des agents;Agents formés;20;12 000;PTF;11;DRH\n\
             Renforcer la coopération bilatérale et multilatérale;;Accueil des migrants de retour;Migrants reçus;100;1 000;Fonctionnement;5;DRH\n",
        ),
    ];
    for (i, (structure, rows)) in canevas.iter().enumerate() {
        let file = csv(db.dir(), &format!("canevas-{i}.csv"), rows);
        app.submit_sector_canevas(y, structure, &file, &cps)
            .await
            .unwrap();
        app.decide_sector_proposal(y, structure, Decision::Approve, &cps)
            .await
            .unwrap();
    }
    app.recode_sector_activity(y, "1.3", "1.5", &cps)
        .await
        .unwrap();
    assert!(matches!(
        app.recode_sector_activity(y, "1.5", "1.1", &cps).await,
        Err(AppError::Refused {
            field: Some("to"),
            ..
        })
    ));
    let plan = app.sector_plan(y, &cps).await.unwrap();
    let codes: Vec<(&str, &str)> = plan
        .activities
        .iter()
        .map(|a| (a.code.as_str(), a.structure.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("1.1", "DCM"),
            ("1.2", "DCM"),
            ("1.5", "DRH/MMEIA"),
            ("2.1", "DFM/MAECI"),
            ("2.2", "DRH/MMEIA"),
        ]
    );

    // A report naming another structure's activity, or liquidating more
    // than it engaged: located, nothing written.
    let q2 = suivi::domain::types::Quarter::new(2).unwrap();
    let before = app.event_count().await.unwrap();
    let bad = execution(
        db.dir(),
        "execution-dcm-faux.csv",
        "1.1;exécutée;100;1;4 500;5 000;\n2.1;en cours;50;;;;\n",
    );
    let Err(AppError::BadInput { text, .. }) = app
        .submit_sector_execution(y, Some(q2), "DCM", &bad, &pf_dcm)
        .await
    else {
        panic!("a wrong report accepted");
    };
    let said = text.render(Lang::Fr);
    assert!(
        said.contains("execution-dcm-faux.csv:2") && said.contains("liquide"),
        "{said}"
    );
    assert!(
        said.contains("execution-dcm-faux.csv:3") && said.contains("1.1, 1.2"),
        "{said}"
    );
    assert_eq!(app.event_count().await.unwrap(), before);
    // A focal point hands in its own structure's figures only.
    let dcm = execution(
        db.dir(),
        "execution-dcm.csv",
        "1.1;Exécutée;100 %;1;4 500;4 000;\n1.2;en cours;50;;;;Fonds non disponibles\n",
    );
    assert!(matches!(
        app.submit_sector_execution(y, Some(q2), "DFM/MAECI", &dcm, &pf_dcm)
            .await,
        Err(AppError::Forbidden)
    ));
    let handed = app
        .submit_sector_execution(y, Some(q2), "DCM", &dcm, &pf_dcm)
        .await
        .unwrap();
    assert_eq!(handed.events, 2, "the figures and the submission, together");
    let dfm = execution(
        db.dir(),
        "execution-dfm.csv",
        "2.1;exécutée;100;1;2 800;2 800;\n",
    );
    app.submit_sector_execution(y, Some(q2), "DFM/MAECI", &dfm, &cps)
        .await
        .unwrap();
    for structure in ["DCM", "DFM/MAECI"] {
        app.decide_sector_quarter(y, structure, q2, Decision::Approve, &cps)
            .await
            .unwrap();
    }

    // A quarter is handed in with its figures, never by a bare decision.
    assert!(matches!(
        app.decide_sector_quarter(y, "DRH/MMEIA", q2, Decision::Submit(None), &cps)
            .await,
        Err(AppError::Refused {
            field: Some("decision"),
            ..
        })
    ));

    let progress = app.sector_progress(y, Some(q2), &cps).await.unwrap();
    let by_structure: Vec<(&str, Figures, Option<&str>)> = progress
        .by_structure
        .iter()
        .map(|(s, p)| (s.as_str(), figures(p), p.state.as_deref()))
        .collect();
    assert_eq!(
        by_structure,
        [
            ("DCM", (2, 1, Some(50.0), 4_500), Some("approved")),
            ("DFM/MAECI", (1, 1, Some(100.0), 2_800), Some("approved")),
            ("DRH/MMEIA", (1, 0, Some(0.0), 0), Some("none")),
        ]
    );
    let by_objective: Vec<(&str, Figures)> = progress
        .by_objective
        .iter()
        .map(|(o, p)| (o.as_str(), figures(p)))
        .collect();
    assert_eq!(
        by_objective,
        [
            ("1", (3, 1, Some(33.33), 4_500)),
            ("2", (1, 1, Some(100.0), 2_800))
        ]
    );
    // A ministry sums the structures under it.
    assert_eq!(
        figures(&progress.rolled_up["MAECI"]),
        (3, 2, Some(66.67), 7_300)
    );
    assert_eq!(figures(&progress.rolled_up["MMEIA"]), (1, 0, Some(0.0), 0));
    assert_eq!(figures(&progress.total), (4, 2, Some(50.0), 7_300));

    // The approved quarter is locked until the CPS reopens it, with its reason.
    let done = execution(
        db.dir(),
        "execution-dcm-2.csv",
        "1.1;exécutée;100;1;4 500;4 000;\n1.2;exécutée;100;1;;;\n",
    );
    let Err(AppError::Refused { text, .. }) = app
        .submit_sector_execution(y, Some(q2), "DCM", &done, &pf_dcm)
        .await
    else {
        panic!("a locked quarter changed");
    };
    assert!(text.render(Lang::Fr).contains("verrouill"), "{text:?}");
    app.decide_sector_quarter(
        y,
        "DCM",
        q2,
        Decision::Reopen("La mission de Niamey a eu lieu en juin".into()),
        &cps,
    )
    .await
    .unwrap();
    app.submit_sector_execution(y, Some(q2), "DCM", &done, &pf_dcm)
        .await
        .unwrap();
    let progress = app.sector_progress(y, Some(q2), &cps).await.unwrap();
    assert_eq!(
        figures(&progress.by_structure["DCM"]),
        (2, 2, Some(100.0), 4_500)
    );
    let history = app
        .sector_quarter_history(y, "DCM", q2, &cps)
        .await
        .unwrap();
    let said = serde_json::to_string(&history).unwrap();
    assert!(
        said.contains("La mission de Niamey a eu lieu en juin"),
        "{said}"
    );
    // The DRH has sent nothing for the second quarter: it is reminded,
    // its head and the CPS director copied as it is weeks late (counted
    // from the day suivi follows from, 2 December); the DCM and the DFM,
    // who handed it in, are not.
    let director = user("directeur", Role::Director, None);
    let plan = app
        .plan_reminders(Some("2024-12-16".parse().unwrap()), &director)
        .await
        .unwrap();
    let owed: Vec<(&str, &str, bool)> = plan
        .digests
        .iter()
        .flat_map(|d| {
            d.digest.lines.iter().map(|l| {
                (
                    d.digest.structure.as_str(),
                    l.item.reference.as_str(),
                    l.due.escalate,
                )
            })
        })
        .filter(|(_, r, _)| r.starts_with("sector_"))
        .collect();
    assert!(
        owed.contains(&("DRH/MMEIA", "sector_execution/DRH/MMEIA/2024/T2", true)),
        "{owed:?}"
    );
    assert!(
        !owed
            .iter()
            .any(|(_, r, _)| r.ends_with("/T2") && !r.contains("DRH")),
        "{owed:?}"
    );
    let drh = plan
        .digests
        .iter()
        .find(|d| d.digest.structure.as_str() == "DRH/MMEIA")
        .unwrap();
    assert!(!drh.mail.cc.is_empty(), "{:?}", drh.mail);

    // A call's deadline reminds a structure called that sent nothing.
    let next = Year::new(2025).unwrap();
    app.open_sector_call(
        next,
        "2024-12-20".parse().unwrap(),
        "DCM, MDC/RABAT",
        true,
        &cps,
    )
    .await
    .unwrap();
    app.submit_sector_canevas(
        next,
        "DCM",
        &csv(db.dir(), "canevas-2025.csv", canevas[0].1),
        &cps,
    )
    .await
    .unwrap();
    let plan = app
        .plan_reminders(Some("2024-12-13".parse().unwrap()), &director)
        .await
        .unwrap();
    let proposals: Vec<(&str, &str)> = plan
        .digests
        .iter()
        .flat_map(|d| {
            d.digest
                .lines
                .iter()
                .map(|l| (d.digest.structure.as_str(), l.item.reference.as_str()))
        })
        .filter(|(_, r)| r.starts_with("sector_plan/"))
        .collect();
    assert_eq!(proposals, [("MDC/RABAT", "sector_plan/MDC/RABAT/2025")]);

    // A quarter not begun is not handed in.
    assert!(matches!(
        app.submit_sector_execution(next, Some(q2), "DCM", &done, &pf_dcm)
            .await,
        Err(AppError::Refused {
            field: Some("quarter"),
            ..
        })
    ));
}

/// Opening the call writes, in its transaction, one e-mail per structure
/// called (its focal points, its head in copy) linking its page; opened
/// again with the same deadline nothing new is queued, with a new one
/// everyone hears of it. A refused call queues nothing.
pub async fn the_call_is_mailed_to_each_structure(backend: Backend) {
    let db = fresh_db(backend).await;
    let app = crate::accounts::open_with_public_url(&db).await;
    let cps = user("agent", Role::Cps, None);
    let y = Year::new(2025).unwrap();
    // The queue as stored, bodies included.
    let store = suivi::store::Db::open(&db.url).await.unwrap();
    let calls = |outbox: Vec<suivi::store::outbox::OutboxMessage>| {
        outbox
            .into_iter()
            .filter(|m| m.idempotency_key.starts_with("sector-call/"))
            .collect::<Vec<_>>()
    };
    let queue = || suivi::store::outbox::list(&store, None);
    // A deadline before the call: refused, and nothing queued.
    assert!(app
        .open_sector_call(y, "2024-11-01".parse().unwrap(), "DCM", true, &cps)
        .await
        .is_err());
    assert!(calls(queue().await.unwrap()).is_empty());

    // The directory as the CPS keeps it: the DRH has no focal point's
    // address yet, and the DCM's name has an ampersand.
    let director = user("directeur", Role::Director, None);
    let directory = app.directory();
    for (code, name, focal_points) in [
        ("DRH/MMEIA", None, ""),
        (
            "DCM",
            Some("Direction de la Coopération Multilatérale & <Bilatérale> (MAECI)"),
            "point-focal@dcm.example.org",
        ),
    ] {
        let known = directory
            .get(&suivi::domain::types::StructureCode::parse(code).unwrap())
            .unwrap();
        app.record_structure(
            suivi::app::StructureInput {
                code: code.into(),
                name: name
                    .map(str::to_string)
                    .unwrap_or_else(|| known.name.clone()),
                parent: known
                    .parent
                    .as_ref()
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                aliases: known.aliases.join("; "),
                focal_points: focal_points.into(),
                head: known.head.clone().unwrap_or_default(),
            },
            &director,
        )
        .await
        .unwrap();
    }
    let (_, unreachable) = app
        .open_sector_call(
            y,
            "2024-12-20".parse().unwrap(),
            "DCM, DFM/MAECI, DRH/MMEIA",
            true,
            &cps,
        )
        .await
        .unwrap();
    // The CPS is told who gets nothing.
    assert_eq!(
        unreachable.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        ["DRH/MMEIA"]
    );
    let queued = calls(queue().await.unwrap());
    assert_eq!(queued.len(), 2, "{queued:#?}");
    let dcm = queued.iter().find(|m| m.structure == "DCM").unwrap();
    assert_eq!(dcm.to, ["point-focal@dcm.example.org"]);
    assert_eq!(dcm.cc, ["responsable@dcm.example.org"]);
    assert!(
        dcm.subject.contains("Plan d'action 2025 du secteur")
            && dcm.subject.contains("20 décembre 2024"),
        "{}",
        dcm.subject
    );
    let link = "https://suivi.cps-sci.example.org/login?next=%2Fsector%2Fstructure%3Fyear%3D2025%26structure%3DDCM";
    assert!(dcm.body_text.contains(link), "{}", dcm.body_text);
    assert!(
        dcm.body_text
            .contains("Direction de la Coopération Multilatérale")
            && dcm.body_text.contains("canevas Excel"),
        "{}",
        dcm.body_text
    );
    // In HTML, the link whole and the name escaped.
    assert!(
        dcm.body_html.contains(&format!("<a href=\"{link}\">"))
            && dcm
                .body_html
                .contains("Multilatérale &amp; &lt;Bilatérale&gt;")
            && !dcm.body_html.contains("<Bilatérale>"),
        "{}",
        dcm.body_html
    );

    // Again, with the same deadline: nothing new.
    app.open_sector_call(
        y,
        "2024-12-20".parse().unwrap(),
        "DCM, DFM/MAECI, DRH/MMEIA",
        true,
        &cps,
    )
    .await
    .unwrap();
    assert_eq!(calls(queue().await.unwrap()).len(), 2);
    // A later deadline: each structure is told.
    app.open_sector_call(
        y,
        "2025-01-10".parse().unwrap(),
        "DCM, DFM/MAECI, DRH/MMEIA",
        true,
        &cps,
    )
    .await
    .unwrap();
    let queued = calls(queue().await.unwrap());
    assert_eq!(queued.len(), 4);
    assert_eq!(
        queued
            .iter()
            .filter(|m| m.subject.contains("10 janvier 2025"))
            .count(),
        2
    );
    // A call recorded after the fact, the structures told otherwise: no
    // e-mail, and nobody reported unreached.
    let (_, unreachable) = app
        .open_sector_call(
            Year::new(2026).unwrap(),
            "2025-06-30".parse().unwrap(),
            "DCM, DRH/MMEIA",
            false,
            &cps,
        )
        .await
        .unwrap();
    assert!(unreachable.is_empty());
    assert_eq!(calls(queue().await.unwrap()).len(), 4);
}

/// A plan followed by year (`periode = "annee"` in config/sector.toml):
/// each structure reports its execution once, for the whole year; a
/// quarter is refused; the progress and the follow-up report stand at the
/// year's end; only the year is reminded.
pub async fn a_plan_followed_by_year_is_reported_once(backend: Backend) {
    use suivi::domain::sector::SectorPeriod;
    use suivi::domain::types::Quarter;
    let db = fresh_db(backend).await;
    let app = open_framed(&db, "annee").await;
    let cps = user("agent", Role::Cps, None);
    let y = Year::new(2024).unwrap();
    app.open_sector_call(
        y,
        "2024-12-20".parse().unwrap(),
        "DCM, DFM/MAECI",
        true,
        &cps,
    )
    .await
    .unwrap();
    for (structure, rows) in [
        (
            "DCM",
            "1;;Atelier sur les accords;Rapport;1;5 000;BSI;3 4;Division accords\n\
             ;;Mission de suivi à Niamey;Rapport de mission;1;PM;Fonctionnement;6;Division accords\n",
        ),
        ("DFM/MAECI", "2;;Plan de passation;Plan validé;1;3 000;Fonctionnement;2;DFM\n"),
    ] {
        let file = csv(db.dir(), &format!("canevas-{}.csv", structure.replace('/', "-")), rows);
        app.submit_sector_canevas(y, structure, &file, &cps)
            .await
            .unwrap();
        app.decide_sector_proposal(y, structure, Decision::Approve, &cps)
            .await
            .unwrap();
    }
    let year_file = db.dir().join("execution-dcm-2024.csv");
    std::fs::write(
        &year_file,
        "code;statut;avancement;realise;engage;liquide;difficultes\n\
         1.1;exécutée;100;1;4 800;4 800;\n\
         1.2;non exécutée;0;0;;;Mission reportée\n",
    )
    .unwrap();
    // A quarter is not what this plan reports.
    let Err(AppError::Refused { field, text }) = app
        .submit_sector_execution(y, Quarter::new(2).ok(), "DCM", &year_file, &cps)
        .await
    else {
        panic!("a quarter handed in for a plan followed by year");
    };
    let said = text.render(Lang::Fr);
    assert!(
        field == Some("quarter") && said.contains("se suit à l'année"),
        "{field:?} {said}"
    );
    // The year, said or not.
    app.submit_sector_execution(y, None, "DCM", &year_file, &cps)
        .await
        .unwrap();
    app.decide_sector_quarter(y, "DCM", Quarter::LAST, Decision::Approve, &cps)
        .await
        .unwrap();

    let progress = app.sector_progress(y, None, &cps).await.unwrap();
    assert_eq!((progress.quarter, progress.period), (4, SectorPeriod::Year));
    let dcm = &progress.by_structure["DCM"];
    assert_eq!((dcm.planned, dcm.executed, dcm.rate), (2, 1, Some(50.0)));
    let (html, name) = app
        .sector_follow_up_document(y, None, suivi::app::DocumentFormat::Html, Lang::Fr, &cps)
        .await
        .unwrap();
    let html = String::from_utf8(html).unwrap();
    assert_eq!(name, "suivi-pta-secteur-2024.html");
    assert!(
        html.contains("Situation à la fin de l'année") && html.contains("Année 2024"),
        "{html}"
    );
    assert!(!html.to_lowercase().contains("trimestre"), "{html}");

    // The day before its deadline (15 January), the DFM owes the year
    // alone, in the year's words.
    let director = user("directeur", Role::Director, None);
    let plan = app
        .plan_reminders(Some("2025-01-14".parse().unwrap()), &director)
        .await
        .unwrap();
    let owed: Vec<(&str, &str, &str)> = plan
        .digests
        .iter()
        .flat_map(|d| {
            d.digest.lines.iter().map(|l| {
                (
                    d.digest.structure.as_str(),
                    l.item.reference.as_str(),
                    l.item.text.as_str(),
                )
            })
        })
        .filter(|(_, r, _)| r.starts_with("sector_execution/"))
        .collect();
    assert_eq!(
        owed,
        [(
            "DFM/MAECI",
            "sector_execution/DFM/MAECI/2024/T4",
            "année 2024"
        )]
    );
}

crate::on_both!(
    a_plan_followed_by_year_is_reported_once,
    the_call_is_mailed_to_each_structure,
    a_sector_plan_is_called_handed_in_and_compiled,
    a_quarter_of_the_sector_plan_is_reported_approved_and_reopened
);
