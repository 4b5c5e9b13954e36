//! The sector's plan through the API: the CPS calls a structure, whose
//! focal point saves a draft (a wrong row refused with its number and
//! field), hands it in and sees it approved and coded in the compiled plan.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_structure_proposes_and_reports_through_the_api() {
    let t = spawn_app(Backend::Sqlite).await;
    let r = t
        .post(
            "agent-cps",
            "/api/sector/2025/call",
            json!({"deadline": "2024-12-20", "structures": "DCM"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let activity = |budget: &str| {
        json!({
            "objective": "Renforcer la coopération bilatérale et multilatérale",
            "title": "Atelier sur les accords",
            "indicator": "Rapport",
            "target": "1",
            "budget": budget,
            "source": "bsi",
            "months": "2 3",
            "responsible": "Division accords"
        })
    };
    let r = t
        .post(
            "pf-dcm",
            "/api/sector/2025/proposals",
            json!({"structure": "DCM", "activities": [activity("PM"), activity("cinq mille")]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = r.text().await.unwrap();
    assert!(
        said.contains("activities:2") && said.contains("budget"),
        "{said}"
    );
    let r = t
        .post(
            "pf-dcm",
            "/api/sector/2025/proposals",
            json!({"structure": "DCM", "activities": [activity("PM"), activity("5 000")]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let sheet: Value = r.json().await.unwrap();
    assert_eq!(sheet["state"], "draft", "{sheet}");
    // Another structure's focal point neither reads nor writes it.
    let r = t
        .get("pf-maeci", "/api/sector/2025/proposals?structure=DCM")
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    for (user, decision) in [("pf-dcm", "submit"), ("agent-cps", "approve")] {
        let r = t
            .post(
                user,
                "/api/sector/decisions",
                json!({"structure": "DCM", "year": 2025, "decision": decision}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{user} {decision}");
    }
    let sheet: Value = t
        .get("pf-dcm", "/api/sector/2025/proposals?structure=DCM")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sheet["state"], "approved", "{sheet}");
    assert_eq!(sheet["activities"][1]["code"], "1.2", "{sheet}");
    let plan: Value = t
        .get("agent-cps", "/api/sector/2025")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(plan["by_source"], json!({"BSI": 5000}), "{plan}");
}
