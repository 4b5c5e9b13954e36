//! Evidence documents at the application layer: attached to a status change
//! as the workflow's evidence, recognized from their bytes, downloaded by
//! whoever may see the recommendation, withdrawn with their reason, carried
//! by the log file and the backup, and checked by the audit.

use suivi::app::{AppError, StatusChange, Upload};
use suivi::domain::access::Role;
use suivi::domain::audit::{Break, Verdict};

use super::{example, open, rref, user, Backend};

/// A small but real PDF, as a scanner would produce it.
fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
         2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% {text}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    .into_bytes()
}

fn executed_with(documents: Vec<Upload>) -> StatusChange {
    StatusChange {
        status: "executee".into(),
        comment: Some("Note de service signée".into()),
        evidence: None,
        documents,
        date: None,
    }
}

fn upload(name: &str, bytes: Vec<u8>) -> Upload {
    Upload {
        name: name.into(),
        bytes,
    }
}

/// Runs a SQL statement on the test database, as someone with write access
/// to it (not through suivi) would.
async fn tamper(db: &crate::common::TestDb, sql: &str) {
    if db.url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
    } else {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.url))
            .await
            .unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
}

async fn a_document_is_evidence_kept_downloaded_withdrawn_and_audited(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let dcm = user("pf.dcm", Role::Structure, Some("DCM"));
    let drh = user("pf.drh", Role::Structure, Some("DRH/MMEIA"));
    let director = user("directeur", Role::Director, None);
    let id = rref("2023", 3);

    // Without evidence the workflow refuses; a PDF is evidence enough.
    let refused = app
        .set_recommendation_status(&id, executed_with(Vec::new()), &dcm)
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            AppError::Refused {
                field: Some("evidence"),
                ..
            }
        ),
        "{refused:?}"
    );
    // An HTML page, even named .pdf, is not kept; nothing is recorded.
    let html = upload(
        "pv.pdf",
        b"<!DOCTYPE html><html><script>alert(1)</script>".to_vec(),
    );
    let e = app
        .set_recommendation_status(&id, executed_with(vec![html]), &dcm)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::BadInput {
                field: Some("document"),
                ..
            }
        ),
        "{e:?}"
    );
    let bytes = pdf("procès-verbal");
    let changed = app
        .set_recommendation_status(
            &id,
            executed_with(vec![upload("C:\\Scans\\PV réunion.pdf", bytes.clone())]),
            &dcm,
        )
        .await
        .unwrap();
    assert_eq!(changed.events, 1);
    let attached = &changed.state.documents[0];
    assert_eq!(attached.document.name, "PV réunion.pdf");
    assert_eq!(attached.document.media_type, "application/pdf");
    let sha256 = attached.document.sha256.clone();
    assert_eq!(sha256, suivi::domain::document::sha256(&bytes));

    // Downloaded as it was sent by whoever may see the recommendation; a
    // focal point of another structure does not learn it exists.
    for who in [&dcm, &director] {
        let file = app
            .recommendation_document(&id, &sha256, who)
            .await
            .unwrap();
        assert_eq!(
            (file.content.as_slice(), file.media_type.as_str()),
            (bytes.as_slice(), "application/pdf")
        );
    }
    assert!(matches!(
        app.recommendation_document(&id, &sha256, &drh).await,
        Err(AppError::NotFound(_))
    ));
    // The history shows it beside the change.
    let history = app.recommendation_history(&id, &director).await.unwrap();
    let change = history.events.last().unwrap();
    assert_eq!(change.documents.len(), 1);
    assert_eq!(change.documents[0].sha256, sha256);

    // The log file and the backup carry the bytes.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("journal.jsonl.gz");
    let summary = app
        .export_log(&file, false, &director, &|_| {})
        .await
        .unwrap();
    assert_eq!(summary.documents, 1);
    let copy = crate::common::fresh_db(backend).await;
    let other = open(&copy, crate::common::clock()).await;
    other
        .import_log(&file, &director, &|_, _| {})
        .await
        .unwrap();
    let carried = other
        .recommendation_document(&id, &sha256, &director)
        .await
        .unwrap();
    assert_eq!(carried.content, bytes);
    assert!(matches!(
        other.verify_chain(None, &director).await.unwrap(),
        Verdict::Intact { .. }
    ));
    if backend == Backend::Sqlite {
        let saved = dir.path().join("sauvegarde.db");
        app.backup(&saved, &director).await.unwrap();
        let restored = crate::common::TestDb::at(saved.display().to_string());
        let restored = open(&restored, crate::common::clock()).await;
        let file = restored
            .recommendation_document(&id, &sha256, &director)
            .await
            .unwrap();
        assert_eq!(file.content, bytes);
    }

    // Bytes altered behind suivi's back: the audit names the document and
    // the event that attached it.
    assert!(matches!(
        app.verify_chain(None, &director).await.unwrap(),
        Verdict::Intact { .. }
    ));
    let altered = if db.url.starts_with("postgres") {
        "UPDATE documents SET content = content || '\\x00'::bytea"
    } else {
        "UPDATE documents SET content = content || x'00'"
    };
    tamper(&copy, altered).await;
    match other.verify_chain(None, &director).await.unwrap() {
        Verdict::Broken {
            reason: Break::DocumentChanged { name, sha256: s },
            aggregate,
            position,
        } => {
            assert_eq!(
                (name.as_str(), s.as_str()),
                ("PV réunion.pdf", sha256.as_str())
            );
            assert_eq!(aggregate, "recommendation 2023#3");
            assert_eq!(position, summary.events);
        }
        v => panic!("{v:?}"),
    }
    tamper(&copy, "DELETE FROM documents").await;
    assert!(matches!(
        other.verify_chain(None, &director).await.unwrap(),
        Verdict::Broken {
            reason: Break::DocumentMissing { .. },
            ..
        }
    ));

    // A file withdrawn: its bytes are gone, its hash and reason stay in the
    // history, and the audit still verifies.
    let e = app
        .withdraw_document(&id, &sha256, " ", &dcm)
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
    let withdrawn = app
        .withdraw_document(&id, &sha256, "Pièce d'une autre recommandation", &dcm)
        .await
        .unwrap();
    assert_eq!(
        withdrawn.state.documents[0].withdrawn.as_deref(),
        Some("Pièce d'une autre recommandation")
    );
    assert!(matches!(
        app.recommendation_document(&id, &sha256, &director).await,
        Err(AppError::NotFound(_))
    ));
    let history = app.recommendation_history(&id, &director).await.unwrap();
    let line = history.events.last().unwrap();
    assert_eq!(line.kind, "RecommendationDocumentWithdrawn");
    assert!(line
        .change
        .render(suivi::text::Lang::Fr)
        .contains("PV réunion.pdf"));
    assert!(matches!(
        app.verify_chain(None, &director).await.unwrap(),
        Verdict::Intact { .. }
    ));
    let file = dir.path().join("après-retrait.jsonl");
    let summary = app
        .export_log(&file, false, &director, &|_| {})
        .await
        .unwrap();
    assert_eq!(summary.documents, 1);
    let record = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["record"] == "document")
        .unwrap();
    assert_eq!(record["sha256"], sha256.as_str());
    assert!(record["content"].is_null(), "{record}");

    // Bytes put back behind a withdrawal, or kept that no event names: the
    // audit says so.
    let kept_again = if db.url.starts_with("postgres") {
        "UPDATE documents SET content = '\\x255044462d'::bytea"
    } else {
        "UPDATE documents SET content = x'255044462d'"
    };
    tamper(&db, kept_again).await;
    assert!(matches!(
        app.verify_chain(None, &director).await.unwrap(),
        Verdict::Broken {
            reason: Break::DocumentKept { .. },
            ..
        }
    ));
    tamper(&db, "UPDATE documents SET content = NULL").await;
    let stray = format!(
        "INSERT INTO documents (aggregate_type, aggregate_id, sha256, media_type, size, content) \
         VALUES ('recommendation', '2023#1', '{}', 'application/pdf', 1, NULL)",
        "b".repeat(64)
    );
    tamper(&db, &stray).await;
    assert!(matches!(
        app.verify_chain(None, &director).await.unwrap(),
        Verdict::Broken {
            reason: Break::DocumentUnnamed { .. },
            ..
        }
    ));
}

crate::on_both!(a_document_is_evidence_kept_downloaded_withdrawn_and_audited,);
