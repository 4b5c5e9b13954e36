//! Following the year through the API: a unit's focal point records the
//! progress and indicator of its own activities only, reads the progress of
//! its unit, and a structure reads its open items with their deadlines.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

const PLANIFICATION: &str = "CPS/SCI/PLANIFICATION";

fn codes(report: &Value) -> Vec<String> {
    report["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unit_follows_its_own_activities() {
    let t = spawn_app(Backend::Sqlite).await;
    // 1.2.2 is « Unité planification et Unité suivi évaluation »'s.
    let r = t
        .post(
            "pf-planif",
            "/api/activities/2024/1.2.2/progress",
            json!({"percent": 40, "note": "Première session tenue", "date": "2024-02-01"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let activity: Value = r.json().await.unwrap();
    assert_eq!(activity["progress"][0]["percent"], 40, "{activity}");
    let r = t
        .post(
            "pf-planif",
            "/api/activities/2024/1.2.2/indicator",
            json!({"target": "2 sessions", "achieved": "1 session"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    // 2.2.2 is the Unité Suivi-évaluation's alone; DCM is not a unit of the plan.
    for (user, path) in [
        ("pf-planif", "/api/activities/2024/2.2.2/progress"),
        ("pf-dcm", "/api/activities/2024/1.2.2/progress"),
        ("lecteur", "/api/activities/2024/1.2.2/progress"),
    ] {
        let r = t.post(user, path, json!({"percent": 50})).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{user} {path}");
    }
    let r = t
        .post(
            "pf-planif",
            "/api/activities/2024/1.2.2/progress",
            json!({"percent": 101}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["fields"][0]["field"], "percent", "{e}");
    // Going back needs a note.
    let r = t
        .post(
            "agent-cps",
            "/api/activities/2024/1.2.2/progress",
            json!({"percent": 20, "date": "2024-03-01"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let e: Value = r.json().await.unwrap();
    let message = e["error"]["message"].as_str().unwrap();
    assert!(message.contains("40 %") && message.contains("note"), "{e}");

    // A day after today, or before the plan's year, is refused and named (a
    // refusal: the bounds move with the day, the schema cannot give them).
    for date in ["2099-01-01", "2023-12-31"] {
        let r = t
            .post(
                "pf-planif",
                "/api/activities/2024/1.2.2/progress",
                json!({"percent": 50, "date": date}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CONFLICT, "{date}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["fields"][0]["field"], "date", "{e}");
    }
    // An indicator needs a target or a value.
    let r = t
        .post(
            "pf-planif",
            "/api/activities/2024/1.2.2/indicator",
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["fields"][0]["field"], "target", "{e}");

    // The whole plan for the reader; the unit's own activities for its focal point.
    let path = "/api/reports/progress?year=2024&as_of=2024-07-01";
    let all: Value = t.get("lecteur", path).await.json().await.unwrap();
    let own: Value = t.get("pf-planif", path).await.json().await.unwrap();
    let expected: Vec<String> = all["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            a["units"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u == PLANIFICATION)
        })
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes(&all).len(), 20);
    assert_eq!(codes(&own), expected);
    assert!(expected.contains(&"1.2.2".to_string()) && !expected.contains(&"2.2.2".to_string()));
    let line = own["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "1.2.2")
        .unwrap();
    assert_eq!(line["percent"], 40, "{line}");
    assert_eq!(line["status"], "in_progress");
    assert_eq!(line["achieved"], "1 session");
    let late: u64 = own["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["late"] == true)
        .count() as u64;
    assert_eq!(own["late"], late);
    assert!(own["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["key"] == PLANIFICATION));
    // DCM follows no activity of the plan.
    let dcm: Value = t.get("pf-dcm", path).await.json().await.unwrap();
    assert!(codes(&dcm).is_empty(), "{dcm}");

    // The plan as the report lays it out, total 71 500.
    let plan: Value = t
        .get("lecteur", "/api/reports/plan?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(plan["total"], 71500, "{plan}");
    assert_eq!(
        t.get("pf-planif", "/api/reports/plan?year=2024")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_structure_reads_its_items_with_their_deadlines() {
    let t = spawn_app(Backend::Sqlite).await;
    let r = t.get("pf-dcm", "/api/items?structure=DCM").await;
    assert_eq!(r.status(), StatusCode::OK);
    let items: Value = r.json().await.unwrap();
    let items = items["items"].as_array().unwrap().clone();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["structures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "DCM")));
    // 2024#2 has no date of its own: 31 December of its session's year, marked as such.
    let rec = items
        .iter()
        .find(|i| i["kind"] == "recommendation" && i["reference"] == "2024#2")
        .unwrap_or_else(|| panic!("{items:?}"));
    assert_eq!(rec["deadline"], "2024-12-31");
    assert_eq!(rec["default_deadline"], true);

    // This year's plan gives the Unité Planification an activity due in
    // December; its code has its `/` encoded.
    let today = items_of(&t, "pf-dcm", "DCM").await["today"]
        .as_str()
        .unwrap()
        .to_string();
    let year = &today[..4];
    let r = t
        .client
        .post(t.url(&format!("/api/plans/{year}/import")))
        .bearer_auth(&t.tokens["agent-cps"])
        .header("content-type", "text/csv")
        .body("code;activite;mois;responsable\n1.1.1;Elaboration du PTA;12;Unité planification\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let items = items_of(&t, "pf-planif", "CPS%2FSCI%2FPLANIFICATION").await;
    let activity = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "activity" && i["reference"] == format!("{year}:1.1.1"))
        .unwrap_or_else(|| panic!("{items}"));
    assert!(
        activity["deadline"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{year}-12-")),
        "{activity}"
    );
    assert!(
        activity.get("estimated_deadline").is_none(),
        "the plan gives its month"
    );

    // Another structure's items are not shown, as if it did not exist;
    // to a reader, an unknown one is named.
    assert_eq!(
        t.get("pf-planif", "/api/items?structure=DCM")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = t.get("lecteur", "/api/items?structure=XYZ").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn items_of(t: &TestApp, user: &str, structure: &str) -> Value {
    let r = t
        .get(user, &format!("/api/items?structure={structure}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{user} {structure}");
    r.json().await.unwrap()
}

/// The progress page's forms, posted as a browser would: the session's
/// CSRF token is required, a unit changes its own activities only, and it
/// goes back to the row on the quarter it was looking at.
#[tokio::test(flavor = "multi_thread")]
async fn the_progress_forms_check_the_token_and_the_unit() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = |cookie: String, path: &'static str| {
        let client = client.clone();
        let url = t.url(path);
        async move {
            let r = client
                .get(url)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.text().await.unwrap()
        }
    };
    // The CPS has a form on each of the plan's 20 activities; a reader on none.
    let cps = crate::session_cookie(&t, &client, "agent-cps").await;
    let html = page(cps, "/progress?year=2024").await;
    assert_eq!(html.matches("class=\"inline progress-form\"").count(), 20);
    let reader = crate::session_cookie(&t, &client, "lecteur").await;
    let html = page(reader, "/progress?year=2024").await;
    assert!(html.contains("id=\"activity-2.2.2\"") && !html.contains("progress-form"));

    let cookie = crate::session_cookie(&t, &client, "pf-planif").await;
    let html = page(cookie.clone(), "/progress?year=2024&quarter=2").await;
    let hidden = |name: &str| {
        html.split(&format!("name=\"{name}\" value=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let (csrf, date) = (hidden("csrf"), hidden("date"));
    assert_eq!(date, "2024-06-30", "the page records for the day it shows");
    let post = |path: &'static str, csrf: String| {
        client
            .post(t.url(path))
            .header("cookie", &cookie)
            .form(&[
                ("csrf", csrf.as_str()),
                ("date", date.as_str()),
                ("quarter", "2"),
                ("percent", "30"),
                ("note", "Termes de référence"),
            ])
            .send()
    };
    let r = post("/activities/2024/1.2.3/progress", String::new())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no token");
    let r = post("/activities/2024/2.2.2/progress", csrf.clone())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "another unit's activity");
    let r = post("/activities/2024/1.2.3/progress", csrf.clone())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/progress?year=2024&quarter=2#activity-1.2.3"
    );
    // Recorded for the last day of the quarter the page showed.
    let report: Value = t
        .get("pf-planif", "/api/reports/progress?year=2024&quarter=2")
        .await
        .json()
        .await
        .unwrap();
    let line = report["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "1.2.3")
        .unwrap();
    assert_eq!(line["percent"], 30, "{line}");
    assert_eq!(line["progress_date"], "2024-06-30");
    // A quarter that does not exist is named.
    let r = client
        .get(t.url("/progress?year=2024&quarter=5"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("le trimestre 5 n&#x27;existe pas : 1, 2, 3 ou 4"));
}
