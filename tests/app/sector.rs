//! The sector's plan: the CPS calls three structures; one hands in a CSV
//! canevas, one an Excel canevas that is returned once then approved, one is
//! approved at once; the compiled plan numbers their activities by
//! objective, with the totals by structure and by source.

use std::path::PathBuf;

use suivi::app::{AppError, Decision};
use suivi::domain::access::Role;
use suivi::domain::types::Year;
use suivi::text::Lang;

use super::{open, user, Backend};
use crate::common::{clock, fresh_db};

const HEADER: &str = "objectif;resultat;activite;indicateur;cible;budget;source;mois;responsable\n";

fn csv(dir: &std::path::Path, name: &str, rows: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
    path
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
    let app = open(&db, clock()).await;
    let cps = user("agent", Role::Cps, None);
    let pf_dcm = user("pf-dcm", Role::Structure, Some("DCM"));
    let y = Year::new(2025).unwrap();
    let deadline = "2024-12-20".parse().unwrap();
    app.open_sector_call(y, deadline, "DCM, DFM/MAECI, DRH/MMEIA", &cps)
        .await
        .unwrap();

    // The DCM's focal point hands in its CSV canevas; not another structure's.
    let dcm = csv(
        db.dir(),
        "canevas-dcm.csv",
        "Renforcer la coopération;Les accords sont suivis;Atelier de validation des accords;Rapport;1;5 000;BSI;3 4;Division accords\n\
         ;;Mission de suivi à Niamey;Rapport de mission;1;PM;fonctionnement;6;Division accords\n",
    );
    let handed = app
        .submit_sector_canevas(y, "DCM", &dcm, &pf_dcm)
        .await
        .unwrap();
    assert_eq!(
        handed.events, 2,
        "the activities and the submission, together"
    );
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
        "Améliorer la gestion des ressources humaines;;Formation des agents;Agents formés;20;douze mille;PTF;9;DRH\n",
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
    assert_eq!(app.event_count().await.unwrap(), before);

    // The DFM's Excel canevas is returned once, then handed in again and approved.
    let dfm = workbook(
        db.dir(),
        &[[
            "Améliorer la gestion des ressources humaines",
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
        "Améliorer la gestion des ressources humaines;;Formation des agents;Agents formés;20;12 000;PTF;9;DRH\n",
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

crate::on_both!(a_sector_plan_is_called_handed_in_and_compiled);
