//! Imports from the browser at the application layer: an upload is kept,
//! previewed without writing, and recorded only as previewed; what changed
//! in between is previewed again; problems are located and bounded.

use suivi::app::{AppError, Confirmation, ImportTarget};
use suivi::domain::access::Role;

use super::{example, open, user, Backend};

/// The recommendations of a session, as the example file writes them.
const SESSION_2025: &str = "numero;recommandation;structures;echeance\n\
1;Tenir la revue sectorielle à temps;MAECI;31/12/2025\n\
2;Transmettre le rapport au MEF;DCM;\n";

/// The same rows in a workbook, as Excel saves it.
fn workbook(csv: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn session_2025(
    app: &suivi::app::App,
    who: &suivi::app::Actor,
) -> Result<suivi::report::RecommendationsReport, AppError> {
    app.recommendations_report(&session(), suivi::app::Situation::NOW, who)
        .await
}

fn session() -> suivi::domain::types::SessionId {
    suivi::domain::types::SessionId::parse("2025").unwrap()
}

async fn an_upload_is_recorded_only_as_it_was_previewed(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let agent = user("agent-cps", Role::Cps, None);
    let target = ImportTarget::parse("recommendations", "2025").unwrap();
    let xlsx = workbook(SESSION_2025);
    let preview = app
        .upload_import(
            target.clone(),
            "C:\\Documents\\reco-2025.xlsx",
            &xlsx,
            &agent,
        )
        .await
        .unwrap();
    assert_eq!(
        preview.file, "reco-2025.xlsx",
        "no folder of the sender's machine"
    );
    assert!(preview.acceptable(), "{:?}", preview.problems);
    assert_eq!((preview.rows.len(), preview.events), (2, 2));
    assert!(
        matches!(session_2025(&app, &agent).await, Err(AppError::NotFound(_))),
        "a preview records nothing"
    );
    // Someone records the first recommendation in between: the preview no
    // longer holds, and is shown again rather than recorded.
    let first_row: Vec<&str> = SESSION_2025.lines().take(2).collect();
    app.import_recommendations_csv("autre.csv", &first_row.join("\n"), &session(), &agent)
        .await
        .unwrap();
    let again = app
        .confirm_import(
            target.clone(),
            &preview.sha256,
            &preview.fingerprint,
            &agent,
        )
        .await
        .unwrap();
    let Confirmation::Changed(again) = again else {
        panic!("recorded although it changed: {again:?}")
    };
    assert_eq!(again.events, 1, "only the second row is new now");
    assert_eq!(session_2025(&app, &agent).await.unwrap().total, 1);
    // Confirming the new preview records it, once.
    let Confirmation::Recorded(outcome) = app
        .confirm_import(target.clone(), &again.sha256, &again.fingerprint, &agent)
        .await
        .unwrap()
    else {
        panic!("the new preview holds")
    };
    assert_eq!((outcome.rows, outcome.events), (2, 1));
    assert_eq!(session_2025(&app, &agent).await.unwrap().total, 2);
    // The same file again: nothing new to record.
    let twice = app
        .upload_import(target.clone(), "reco-2025.xlsx", &xlsx, &agent)
        .await
        .unwrap();
    assert_eq!(twice.events, 0);
    // Kept for its uploader only, and for an hour.
    let other = user("directeur", Role::Director, None);
    assert!(matches!(
        app.import_preview(target.clone(), &twice.sha256, &other)
            .await,
        Err(AppError::NotFound(_))
    ));
    let clock = crate::common::clock();
    let later = open(&db, clock.clone()).await;
    clock.set(crate::common::now() + chrono::Duration::minutes(61));
    assert!(matches!(
        later.import_preview(target, &twice.sha256, &agent).await,
        Err(AppError::NotFound(_))
    ));
    // Only those who record may upload.
    let reader = user("lecteur", Role::Reader, None);
    assert!(matches!(
        app.upload_import(
            ImportTarget::parse("plan", "2025").unwrap(),
            "p.csv",
            b"code;activite\n1.1.1;A\n",
            &reader
        )
        .await,
        Err(AppError::Forbidden)
    ));
}

async fn a_large_bad_file_is_refused_with_its_first_problems_located(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let agent = user("agent-cps", Role::Cps, None);
    // 5 000 rows, each with a bad budget: the first 100 listed, the rest counted.
    let mut csv = String::from("code;activite;budget\n");
    for i in 0..5_000 {
        csv.push_str(&format!("9.1.{};Atelier {i};abc\n", i + 1));
    }
    let preview = app
        .upload_import(
            ImportTarget::parse("plan", "2025").unwrap(),
            "plan.csv",
            csv.as_bytes(),
            &agent,
        )
        .await
        .unwrap();
    assert!(!preview.acceptable());
    assert_eq!((preview.problems.len(), preview.more), (100, 4_900));
    let first = preview.problems[0].render(suivi::text::Lang::Fr);
    assert!(
        first.starts_with("plan.csv:2: colonne « budget »"),
        "{first}"
    );
    // Past the row limit, refused where it goes beyond.
    let mut csv = String::from("code;activite\n");
    for i in 0..10_050 {
        csv.push_str(&format!("9.{}.1;Atelier\n", i + 1));
    }
    let preview = app
        .upload_import(
            ImportTarget::parse("plan", "2025").unwrap(),
            "long.csv",
            csv.as_bytes(),
            &agent,
        )
        .await
        .unwrap();
    assert_eq!(preview.problems.len(), 1);
    let only = preview.problems[0].render(suivi::text::Lang::Fr);
    assert!(only.starts_with("long.csv:10002:"), "{only}");
}

crate::on_both!(
    an_upload_is_recorded_only_as_it_was_previewed,
    a_large_bad_file_is_refused_with_its_first_problems_located,
);
