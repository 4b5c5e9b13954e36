//! Texts recorded before the input refused them (U+FFFF, a bare carriage
//! return) never break a document: the Word report, the workbook and the
//! iCalendar feed still parse, and the feed has one event per item.

use std::io::Read;

use reqwest::StatusCode;
use suivi::app::{Actor, DocumentFormat};
use suivi::domain::recommendation::{
    Recommendation, RecommendationCommand, RecommendationContent, RecommendationRef,
};
use suivi::domain::report::{ReportSection, ReportSectionCommand};
use suivi::domain::types::{SessionId, StructureCode, Year};
use suivi::domain::EventMetadata;

use super::helpers::*;

/// Every XML part of a zipped document (DOCX, XLSX) read whole by an XML parser.
fn every_part_parses(bytes: &[u8], what: &str) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        if !part.name().ends_with(".xml") {
            continue;
        }
        let name = part.name().to_string();
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Text(t)) => {
                    let text = t.decode().unwrap();
                    assert!(!text.contains(['\u{fffe}', '\u{ffff}']), "{what} {name}");
                }
                Ok(_) => {}
                Err(e) => panic!("{what} {name}: {e}"),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn texts_no_format_can_hold_never_break_a_document() {
    let t = spawn_app(Backend::Sqlite).await;
    // Recorded as an older version would have, without the input's check.
    let db = suivi::store::Db::open(&t.db.url).await.unwrap();
    let meta = EventMetadata {
        actor: "ancienne version".into(),
        reason: None,
        recorded_at: crate::common::now(),
        correlation_id: "t".into(),
    };
    let id = RecommendationRef {
        session: SessionId::parse("2023").unwrap(),
        number: 9,
    };
    let workflow = std::sync::Arc::new(
        suivi::config::workflows::load(std::path::Path::new("workflows"), false)
            .unwrap()
            .recommendation,
    );
    let formulate = RecommendationCommand::Formulate {
        id: id.clone(),
        content: RecommendationContent {
            text: "Relancer\u{ffff} la DCM\rSUMMARY:injecté".into(),
            structures: vec![StructureCode::parse("DCM").unwrap()],
            due: Some("2024-12-20".parse().unwrap()),
            project: None,
        },
    };
    db.execute::<Recommendation>(vec![(id.aggregate_id(), formulate)], &workflow, &meta)
        .await
        .unwrap();
    let year = Year::new(2023).unwrap();
    let section = ReportSectionCommand::Write {
        year,
        key: "introduction".parse().unwrap(),
        markdown: "La CPS/SCI\u{fffe} présente son rapport.".into(),
    };
    db.execute::<ReportSection>(
        vec![(
            ReportSection::aggregate_id(year, "introduction".parse().unwrap()),
            section,
        )],
        &(),
        &meta,
    )
    .await
    .unwrap();
    db.close().await;

    // The Word report and the workbook parse as XML, without the characters.
    let director = Actor::operator("directeur", None);
    let (docx, _) = t
        .app
        .annual_document(year, DocumentFormat::Docx, suivi::text::Lang::Fr, &director)
        .await
        .unwrap();
    every_part_parses(&docx, "rapport-2023.docx");
    let r = t
        .get("directeur", "/exports/recommendations.xlsx?session=2023")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let xlsx = r.bytes().await.unwrap();
    every_part_parses(&xlsx, "recommendations.xlsx");

    // The feed parses and holds one event for the recommendation, however
    // its reader splits lines.
    let r = t
        .client
        .get(t.url("/calendar/DCM.ics"))
        .query(&[("token", &t.feed_tokens["pf-dcm"])])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(!text.contains('\u{ffff}'));
    assert!(
        !text.replace("\r\n", "").contains('\r'),
        "a bare CR: {text:?}"
    );
    assert!(
        !text
            .split(['\r', '\n'])
            .any(|line| line.starts_with("SUMMARY:injecté")),
        "{text}"
    );
    let unfolded = icalendar::parser::unfold(&text);
    let parsed = icalendar::parser::read_calendar(&unfolded).unwrap();
    let ours: Vec<_> = parsed
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .filter(|c| {
            c.properties
                .iter()
                .any(|p| p.name == "SUMMARY" && p.val.to_string().contains("Relancer la DCM"))
        })
        .collect();
    assert_eq!(ours.len(), 1, "{text}");
    // New text with such a character is refused, by its field.
    let e = t
        .app
        .add_recommendation(
            &RecommendationRef {
                session: SessionId::parse("2023").unwrap(),
                number: 10,
            },
            "Texte\u{ffff}".into(),
            &["DCM".to_string()],
            None,
            None,
            &director,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            suivi::app::AppError::BadInput {
                field: Some("text"),
                ..
            }
        ),
        "{e:?}"
    );
}
