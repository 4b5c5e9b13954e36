//! The HTTP API over real HTTP, on SQLite and PostgreSQL: figures, changes
//! with the caller as actor, errors, the role × endpoint matrix, hashed tokens
//! and the iCalendar feed; following the year in `follow_up`.
//!
//! (Long: each scenario is one story told from set-up to check, and the
//! matrix needs every operation's sample beside its expectation.)

#[path = "../common/mod.rs"]
mod common;
mod follow_up;
mod helpers;
mod outputs;
mod pages;
mod sector;

use helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn health_answers_from_the_kept_state_without_the_database() {
    let t = spawn_app(Backend::Sqlite).await;
    let get = |path: &'static str| t.client.get(t.url(path)).send();
    assert!(t.app.check_database().await.reachable);
    assert_eq!(get("/readyz").await.unwrap().status(), StatusCode::OK);
    // The database goes away: the next check finds it so; the handlers
    // answer from what it kept, with the pool closed under them.
    t.app.close().await;
    assert!(!t.app.check_database().await.reachable);
    let ready = get("/readyz").await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "database unreachable");
    let health = get("/healthz").await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let body: Value = health.json().await.unwrap();
    assert_eq!(body["status"], "degraded", "{body}");
    let database = body["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["part"] == "database")
        .expect("the database's part");
    assert_eq!(database["ok"], false, "{body}");
    // Its cause is the director's to read, not anyone's.
    assert!(database["last_error"].is_null(), "{body}");
    assert!(database["last_error_at"].is_string(), "{body}");
}

async fn the_api_serves_and_records(backend: Backend) {
    let t = spawn_app(backend).await;
    assert_eq!(
        t.client
            .get(t.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        t.client
            .get(t.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let r = t.get("lecteur", "/api/reports/activities?year=2023").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().contains_key("x-request-id"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["execution_rate"], 63.64);

    // A focal point of DCM moves « its » recommendation, with a comment.
    let r = t
        .post("pf-dcm", "/api/recommendations/2024/2/status", json!({"status": "en_cours", "comment": "Missions conjointes planifiées", "reason": "Réunion du 3 mars"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let state: Value = r.json().await.unwrap();
    assert_eq!(state["status"], "en_cours");
    // The director sees who did it.
    let h: Value = t
        .get("directeur", "/api/audit/recommendations/2024/2")
        .await
        .json()
        .await
        .unwrap();
    let last = h["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["actor"].as_str(),
            last["to"].as_str(),
            last["comment"].as_str()
        ),
        (
            Some("pf-dcm"),
            Some("en_cours"),
            Some("Missions conjointes planifiées")
        )
    );

    // Errors a person can act on.
    let r = t
        .post(
            "pf-dcm",
            "/api/recommendations/2024/2/status",
            json!({"status": "executee"}),
        )
        .await;
    // Well formed, but the workflow refuses it as it stands: 409.
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "refused", "{e}");
    // The refusal names the field, never a command-line option.
    assert_eq!(e["error"]["fields"][0]["field"], "evidence", "{e}");
    let message = e["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("pièce justificative") && !message.contains("--"),
        "{e}"
    );
    let r = t
        .post(
            "agent-cps",
            "/api/recommendations/2024/9/status",
            json!({"status": "en_cours", "comment": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = t
        .post(
            "agent-cps",
            "/api/recommendations/2024/1/status",
            json!({"status": "fini"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["fields"][0]["field"], "status");
    let r = t
        .client
        .post(t.url("/api/recommendations/2024/1/status"))
        .bearer_auth(&t.tokens["agent-cps"])
        .header("content-type", "application/json")
        .body("{pas du json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = t
        .client
        .get(t.url("/api/reports/activities?year=2023"))
        .bearer_auth("suivi_faux")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = t
        .post("agent-cps", "/api/activities/2023/9.9.9/execute", json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = t
        .get("agent-cps", "/api/reports/recommendations?session=1999")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = t.get("agent-cps", "/api/nulle-part").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A focal point sees only its structure's recommendations.
    let mine: Value = t
        .get("pf-dcm", "/api/reports/recommendations?session=2023")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["recommendations"][0]["number"], 3);
    let r = t
        .post(
            "pf-maeci",
            "/api/recommendations/2024/2/status",
            json!({"status": "non_executee", "comment": "x"}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "another structure's recommendation is not even visible"
    );

    // As of a past day.
    let past: Value = t
        .get(
            "lecteur",
            "/api/reports/recommendations?session=2023&as_of=2023-07-13",
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(past["not_executed"], 5);

    // English on request.
    let r = t
        .client
        .get(t.url("/api/reports/activities?year=20"))
        .bearer_auth(&t.tokens["lecteur"])
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["message"], "year 20 is outside 2000–2100", "{e}");
    assert_eq!(e["error"]["fields"][0]["field"], "year", "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_serves_and_records_on_sqlite() {
    the_api_serves_and_records(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_serves_and_records_on_postgres() {
    the_api_serves_and_records(Backend::Postgres).await;
}

/// Which roles may call each documented operation.
fn allowed(method: &str, path: &str) -> &'static [&'static str] {
    const ALL: &[&str] = &[
        "directeur",
        "agent-cps",
        "pf-maeci",
        "pf-dcm",
        "pf-planif",
        "lecteur",
    ];
    const STAFF: &[&str] = &["directeur", "agent-cps"];
    const READ: &[&str] = &["directeur", "agent-cps", "lecteur"];
    const DIRECTOR: &[&str] = &["directeur"];
    match (method, path) {
        (
            "get",
            "/api/reports/activities"
            | "/api/reports/finances"
            | "/api/reports/annual"
            | "/api/reports/plan"
            | "/api/revues",
        ) => READ,
        // The open items of DCM.
        ("get", "/api/items") => &["directeur", "agent-cps", "pf-dcm", "lecteur"],
        (
            "get",
            "/api/reports/recommendations"
            | "/api/reports/progress"
            | "/api/reports/projects"
            | "/api/calendar/{year}"
            | "/api/me"
            | "/healthz"
            | "/readyz",
        ) => ALL,
        ("get", "/api/sector/{year}" | "/api/sector/{year}/progress") => READ,
        // The DCM's part of the sector's plan: read and handed in by its
        // focal point too.
        ("get", "/api/sector/{year}/proposals") => &["directeur", "agent-cps", "pf-dcm", "lecteur"],
        (
            "post",
            "/api/sector/{year}/proposals"
            | "/api/sector/{year}/executions"
            | "/api/sector/decisions",
        ) => &["directeur", "agent-cps", "pf-dcm"],
        ("post", "/api/recommendations/{session}/{number}/status") => {
            &["directeur", "agent-cps", "pf-dcm"]
        }
        // The MAECI's project MAECI-02: read by whoever reads the tables and
        // by the MAECI's focal point, who records its figures and hands in
        // the MAECI's quarter.
        ("get", "/api/projects/{code}") => &["directeur", "agent-cps", "pf-maeci", "lecteur"],
        (
            "post",
            "/api/projects/{code}/{year}/credits"
            | "/api/projects/{code}/{year}/physical"
            | "/api/projects/quarters",
        ) => &["directeur", "agent-cps", "pf-maeci"],
        // A history is seen by whoever sees the recommendation (2024#2 is DCM's).
        ("get", "/api/audit/recommendations/{session}/{number}") => {
            &["directeur", "agent-cps", "pf-dcm", "lecteur"]
        }
        ("get", "/calendar/{file}") => &["directeur", "agent-cps", "pf-dcm", "lecteur"],
        ("get", p)
            if p.starts_with("/api/audit")
                || p.starts_with("/api/snapshots")
                || p == "/api/tokens" =>
        {
            DIRECTOR
        }
        ("post", p) if p.starts_with("/api/snapshots") => DIRECTOR,
        ("get", p) if p.starts_with("/api/reminders") => STAFF,
        ("post", _) => STAFF,
        _ => panic!("no expectation for {method} {path}: add it"),
    }
}

/// A request that the operation accepts when allowed.
fn sample(method: &str, path: &str) -> (String, Option<Value>) {
    let url = path
        .replace("/api/projects/{code}", "/api/projects/MAECI-02")
        .replace(
            "{year}",
            if path.contains("/activities/") {
                "2023"
            } else {
                "2024"
            },
        )
        .replace("{code}", "1.1.1")
        .replace("{session}", "2024")
        .replace("{number}", "2")
        .replace("{kind}", "comite_coordination")
        .replace("{step}", "session")
        .replace("{file}", "DCM.ics")
        .replace("{id}", "pta_secteur");
    let query = match path {
        "/api/reports/activities"
        | "/api/reports/finances"
        | "/api/reports/annual"
        | "/api/reports/plan"
        | "/api/reports/progress"
        | "/api/revues" => "?year=2023",
        "/api/items" => "?structure=DCM",
        "/api/reports/projects" | "/api/projects/{code}" => "?year=2024",
        "/api/sector/{year}/progress" => "?quarter=2",
        "/api/sector/{year}/proposals" if method == "get" => "?structure=DCM",
        "/api/reports/recommendations" => "?session=2024",
        "/api/recommendations/import" => "?session=2025",
        "/api/reminders/run" => "?date=2024-12-31",
        _ => "",
    };
    let body = match (method, path) {
        ("post", "/api/activities/{year}/{code}/execute") => Some(json!({"period": "janvier"})),
        ("post", "/api/activities/{year}/{code}/not-executed") => Some(json!({"reason": "test"})),
        ("post", "/api/activities/{year}/{code}/cost") => {
            Some(json!({"engaged": 10, "liquidated": 5}))
        }
        ("post", "/api/activities/{year}/{code}/carry-over") => Some(json!({"to_year": 2025})),
        ("post", "/api/activities/{year}/{code}/progress") => Some(json!({"percent": 10})),
        ("post", "/api/activities/{year}/{code}/indicator") => {
            Some(json!({"target": "2 sessions"}))
        }
        ("post", "/api/recommendations") => {
            Some(json!({"session": "2025", "number": 1, "text": "t", "structures": ["DCM"]}))
        }
        ("post", "/api/recommendations/{session}/{number}/status") => {
            Some(json!({"status": "en_cours", "comment": "c"}))
        }
        ("post", "/api/recommendations/{session}/{number}/carry-over") => {
            Some(json!({"to_session": "2025", "to_number": 2}))
        }
        ("post", "/api/finances/{year}") => {
            Some(json!({"line": "bsi", "kind": "notified", "amount": 1}))
        }
        ("post", "/api/projects/{code}/{year}/credits") => {
            Some(json!({"kind": "notified", "amount": 1000, "date": "2024-09-30"}))
        }
        ("post", "/api/projects/{code}/{year}/physical") => {
            Some(json!({"percent": "40", "date": "2024-09-30"}))
        }
        ("post", "/api/sector/{year}/call") => {
            Some(json!({"deadline": "2024-12-20", "structures": "DCM, DFM/MAECI, DRH/MMEIA"}))
        }
        ("post", "/api/sector/{year}/proposals") => Some(json!({
            "structure": "DCM",
            "activities": [{"objective": "Renforcer la coopération bilatérale et multilatérale", "title": "Atelier", "budget": "PM"}]
        })),
        ("post", "/api/sector/{year}/executions") => Some(json!({
            "structure": "DCM",
            "quarter": 3,
            "lines": [{"code": "1.1", "status": "en cours", "progress": "60"}]
        })),
        ("post", "/api/sector/decisions") => {
            Some(json!({"structure": "DCM", "year": 2024, "decision": "submit"}))
        }
        ("post", "/api/sector/{year}/codes") => Some(json!({"from": "1.1", "to": "1.9"})),
        ("post", "/api/projects/quarters") => {
            Some(json!({"structure": "MAECI", "year": 2024, "quarter": 3, "decision": "submit"}))
        }
        ("post", "/api/revues") => Some(json!({"kind": "revue_sds", "year": 2024})),
        ("post", "/api/revues/{kind}/{year}/steps/{step}") => Some(json!({"date": "2024-01-26"})),
        ("post", "/api/calendar/{year}/{id}/done") => Some(json!({"date": "2024-06-28"})),
        _ => None,
    };
    (format!("{url}{query}"), body)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_role_by_endpoint_matrix_holds() {
    let t = spawn_app(Backend::Sqlite).await;
    let doc: Value = t
        .client
        .get(t.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // So that reading the 2024 snapshot finds one: taken once 2024 is
    // over, then back to the tests' day.
    t.clock
        .set(suivi::clock::parse_instant("2025-01-06T09:00:00Z").unwrap());
    assert!(t
        .post("directeur", "/api/snapshots/2024", json!({}))
        .await
        .status()
        .is_success());
    t.clock.set(crate::common::now());
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, _) in ops.as_object().unwrap() {
            let (url, body) = sample(method, path);
            for (user, _, _) in USERS {
                let mut req = match method.as_str() {
                    "get" => t.client.get(t.url(&url)),
                    "post" => t.client.post(t.url(&url)),
                    other => panic!("method {other}"),
                };
                req = if path == "/calendar/{file}" {
                    req.query(&[("token", &t.feed_tokens[user])])
                } else {
                    req.bearer_auth(&t.tokens[user])
                };
                if path == "/api/plans/{year}/import" {
                    req = req
                        .header("content-type", "text/csv")
                        .body("code;activite\n9.1.1;Activité de test\n");
                } else if path == "/api/recommendations/import" {
                    req = req
                        .header("content-type", "text/csv")
                        .body("numero;recommandation;structures\n9;Recommandation de test;DCM\n");
                } else if let Some(b) = &body {
                    req = req.json(b);
                }
                let status = req.send().await.unwrap().status();
                let may = allowed(method, path).contains(&user);
                assert_ne!(
                    status,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "{user} {method} {url}"
                );
                assert_ne!(status, StatusCode::UNAUTHORIZED, "{user} {method} {url}");
                if may {
                    // Allowed: the request reaches the use case (which may still
                    // refuse it on its merits, e.g. a step already completed).
                    assert_ne!(status, StatusCode::FORBIDDEN, "{user} may {method} {url}");
                    assert!(
                        status.is_success()
                            || status == StatusCode::UNPROCESSABLE_ENTITY
                            || status == StatusCode::CONFLICT,
                        "{user} {method} {url}: {status}"
                    );
                } else if user.starts_with("pf-")
                    && (path.starts_with("/api/recommendations/{session}")
                        || path.starts_with("/api/audit/recommendations")
                        || path.starts_with("/api/items")
                        || path.starts_with("/calendar/"))
                {
                    // Another structure's recommendation or items are not even shown to exist.
                    assert!(
                        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                        "{user} may not {method} {url}: {status}"
                    );
                } else {
                    assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{user} may not {method} {url}"
                    );
                }
                checked += 1;
            }
            // Without credentials: 401 everywhere but the health checks.
            let anonymous = match method.as_str() {
                "get" => t.client.get(t.url(&url)),
                _ => t.client.post(t.url(&url)),
            };
            let status = anonymous.send().await.unwrap().status();
            if path == "/healthz" || path == "/readyz" {
                assert_eq!(status, StatusCode::OK);
            } else if path == "/calendar/{file}" {
                assert_eq!(status, StatusCode::BAD_REQUEST, "the token is required");
            } else {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous {method} {url}");
            }
        }
    }
    assert!(
        checked >= 32 * USERS.len(),
        "every documented operation was tried ({checked})"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_are_stored_hashed() {
    let t = spawn_app(Backend::Sqlite).await;
    // Read straight from the database, as an intruder with a copy of it would.
    let db = suivi::store::Db::open(&t.db.url).await.unwrap();
    let rows: Vec<(String, String)> = suivi::on_backend!(&db, p => sqlx::query_as("SELECT id, token_hash FROM api_tokens WHERE scope = 'api'").fetch_all(p).await).unwrap();
    assert_eq!(rows.len(), USERS.len());
    for token in t.tokens.values().chain(t.feed_tokens.values()) {
        assert!(
            rows.iter()
                .all(|(_, h)| h != token && !h.contains(&token[6..])),
            "a token is stored in clear"
        );
    }
    let passwords: Vec<Option<String>> = suivi::on_backend!(&db, p => sqlx::query_scalar("SELECT password_hash FROM users").fetch_all(p).await).unwrap();
    assert!(passwords.iter().all(|h| h
        .as_deref()
        .is_some_and(|h| h.starts_with("$argon2") && !h.contains(PASSWORD))));
    // A revoked token no longer opens anything.
    let id = &rows[0].0;
    let out = crate::common::suivi_program()
        .args(["--database", &t.db.url, "token", "revoke", id])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let statuses = futures::future::join_all(
        t.tokens
            .values()
            .map(|tok| t.client.get(t.url("/api/me")).bearer_auth(tok).send()),
    )
    .await;
    assert_eq!(
        statuses
            .iter()
            .filter(|r| r.as_ref().unwrap().status() == StatusCode::UNAUTHORIZED)
            .count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_ics_feed_is_valid_icalendar() {
    let t = spawn_app(Backend::Sqlite).await;
    let r = t
        .client
        .get(t.url("/calendar/MAECI.ics"))
        .query(&[("token", &t.feed_tokens["pf-maeci"])])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = r.text().await.unwrap();
    assert!(text.contains("\r\n"), "CRLF line endings");
    let unfolded = icalendar::parser::unfold(&text);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("RFC 5545");
    let events: Vec<_> = parsed
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert!(!events.is_empty());
    for e in &events {
        for prop in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"] {
            assert!(
                e.properties.iter().any(|p| p.name == prop),
                "{prop} missing"
            );
        }
    }
    let summaries: Vec<String> = events
        .iter()
        .filter_map(|e| {
            e.properties
                .iter()
                .find(|p| p.name == "SUMMARY")
                .map(|p| p.val.to_string())
        })
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("Recommandation n° 1 de la session 2024 : ")),
        "{summaries:?}"
    );
    assert!(
        summaries.iter().any(|s| s
            == "Échéance du calendrier harmonisé : Transmission du rapport de la revue sectorielle au MEF"),
        "{summaries:?}"
    );
    assert!(
        summaries
            .iter()
            .all(|s| !s.contains('_') && !s.contains('#')),
        "no raw identifier: {summaries:?}"
    );
    // Another structure's feed and an unknown one are the same answer to
    // this focal point, which does not learn which codes exist.
    let mut answers = Vec::new();
    for file in ["DCM.ics", "NULLE-PART.ics", "%2E%2E.ics"] {
        let r = t
            .client
            .get(t.url(&format!("/calendar/{file}")))
            .query(&[("token", &t.feed_tokens["pf-maeci"])])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{file}");
        let body = r.text().await.unwrap();
        assert!(!body.contains("MMEIA"), "no list of codes: {body}");
        answers.push(
            body.replace("DCM", "X")
                .replace("NULLE-PART", "X")
                .replace("..", "X"),
        );
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn web_forms_need_the_session_and_its_csrf_token() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .post(t.url("/login"))
        .form(&[("name", "pf-dcm"), ("password", "faux mot de passe")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = client
        .post(t.url("/login"))
        .form(&[("name", "pf-dcm"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set_cookie = crate::common::session_set_cookie(r.headers());
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let csrf = csrf_of_page(&t, &client, &cookie).await;
    assert_eq!(csrf.len(), 64);
    let post = |token: &str| {
        client
            .post(t.url("/recommendations/2024/2/status"))
            .header("cookie", &cookie)
            .form(&[
                ("csrf", token),
                ("status", "en_cours"),
                ("comment", "Par le formulaire"),
            ])
            .send()
    };
    assert_eq!(post("").await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        post(&"0".repeat(64)).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let ok = post(&csrf).await.unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let state: Value = t
        .get("directeur", "/api/reports/recommendations?session=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state["recommendations"][1]["status"], "in_progress");
    // Without a session, pages lead to the login form, which leads back.
    let r = client.get(t.url("/recommendations")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/login?next=%2Frecommendations");
}

/// Runs the suivi binary on the test database.
fn suivi_cli(db: &TestDb, args: &[&str]) -> String {
    let out = crate::common::suivi_program()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SUIVI_DATABASE_URL", &db.url)
        .env("SUIVI_PASSWORD", PASSWORD)
        .env_remove("SUIVI_NOW")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_command_line_and_the_api_give_the_same_answers() {
    let t = spawn_app(Backend::Sqlite).await;
    for (args, path) in [
        (
            vec!["calendar", "show", "--year", "2024", "--format", "json"],
            "/api/calendar/2024",
        ),
        (
            vec![
                "report",
                "recommendations",
                "--session",
                "2023",
                "--as-of",
                "2023-07-13",
                "--format",
                "json",
            ],
            "/api/reports/recommendations?session=2023&as_of=2023-07-13",
        ),
        (
            vec!["revue", "list", "--year", "2024", "--format", "json"],
            "/api/revues?year=2024",
        ),
        (
            vec![
                "report",
                "projects",
                "--year",
                "2024",
                "--as-of",
                "2024-10-20",
                "--format",
                "json",
            ],
            "/api/reports/projects?year=2024&as_of=2024-10-20",
        ),
        (
            vec![
                "project",
                "show",
                "--code",
                "MMEIA-01",
                "--year",
                "2024",
                "--as-of",
                "2024-10-20",
                "--format",
                "json",
            ],
            "/api/projects/MMEIA-01?year=2024&as_of=2024-10-20",
        ),
        (
            vec![
                "reminders",
                "plan",
                "--date",
                "2024-12-31",
                "--format",
                "json",
            ],
            "/api/reminders/plan?date=2024-12-31",
        ),
        (
            vec![
                "audit",
                "recommendation",
                "--session",
                "2024",
                "--number",
                "3",
                "--format",
                "json",
            ],
            "/api/audit/recommendations/2024/3",
        ),
    ] {
        let cli: Value = serde_json::from_str(&suivi_cli(&t.db, &args)).unwrap();
        let api: Value = t.get("directeur", path).await.json().await.unwrap();
        assert_eq!(cli, api, "{args:?} against {path}");
    }
}

/// Starts `suivi serve` on a free port and returns it with its port.
fn serve(db: &TestDb) -> (std::process::Child, u16) {
    use std::io::BufRead;
    let mut child = crate::common::suivi_program()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SUIVI_DATABASE_URL", &db.url)
        .env("SUIVI_LISTEN", "127.0.0.1:0")
        .env("SUIVI_LOG", "info")
        .env_remove("SUIVI_SMTP_URL")
        .arg("serve")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    let port = loop {
        let line = lines.next().expect("serve ended early").unwrap();
        if let Ok(log) = serde_json::from_str::<Value>(&line) {
            if let Some(port) = log["fields"]["port"].as_u64() {
                break port as u16;
            }
        }
    };
    // Keep draining the logs so that the process never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, port)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_serve_instances_on_one_postgres_read_each_others_writes_at_once() {
    let db = fresh_db(Backend::Postgres).await;
    suivi_cli(&db, &["demo", "--database", &db.url]);
    suivi_cli(&db, &["user", "add", "agent", "--role", "cps"]);
    let token = suivi_cli(&db, &["token", "create", "--user", "agent"]);
    let token = token.lines().next().unwrap().to_string();
    let (mut a, port_a) = serve(&db);
    let (mut b, port_b) = serve(&db);
    let client = reqwest::Client::new();
    // Alternating, so that each instance's next write finds the head moved
    // by the other one.
    let statuses = [
        ("en_cours", "in_progress"),
        ("executee", "executed"),
        ("en_cours", "in_progress"),
        ("executee", "executed"),
    ];
    for (i, (status, key)) in statuses.iter().enumerate() {
        // Write through one instance, read at once through the other.
        let (write, read) = if i % 2 == 0 {
            (port_a, port_b)
        } else {
            (port_b, port_a)
        };
        let body = json!({"status": status, "comment": "suivi", "evidence": "PV n° 3"});
        let r = client
            .post(format!(
                "http://127.0.0.1:{write}/api/recommendations/2024/1/status"
            ))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let table: Value = client
            .get(format!(
                "http://127.0.0.1:{read}/api/reports/recommendations?session=2024"
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(table["recommendations"][0]["status"], *key, "{table}");
        let ready = client
            .get(format!("http://127.0.0.1:{read}/readyz"))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), StatusCode::OK);
    }
    a.kill().unwrap();
    b.kill().unwrap();
    a.wait().unwrap();
    b.wait().unwrap();
    // Two writers, one chain.
    let verified = suivi_cli(&db, &["audit", "verify"]);
    assert!(verified.contains("Journal intact"), "{verified}");
}

/// Logs `name` in through the login form; returns the session cookie.
async fn session_cookie(t: &TestApp, client: &reqwest::Client, name: &str) -> String {
    let r = client
        .post(t.url("/login"))
        .form(&[("name", name), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set_cookie = crate::common::session_set_cookie(r.headers());
    set_cookie.split(';').next().unwrap().to_string()
}

/// The CSRF token of the session's forms, read from a page as a browser would.
async fn csrf_of_page(t: &TestApp, client: &reqwest::Client, cookie: &str) -> String {
    let page = client
        .get(t.url("/recommendations?session=2024"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_cookie_alone_cannot_change_anything_through_the_api() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let cookie = session_cookie(&t, &client, "pf-dcm").await;
    let change = |csrf: Option<&str>| {
        let mut r = client
            .post(t.url("/api/recommendations/2024/2/status"))
            .header("cookie", &cookie)
            .json(&json!({"status": "en_cours", "comment": "depuis une autre page"}));
        if let Some(c) = csrf {
            r = r.header("x-csrf-token", c);
        }
        r.send()
    };
    // What another site could make the browser send: refused.
    let r = change(None).await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "csrf");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("X-CSRF-Token"));
    assert_eq!(
        change(Some(&"0".repeat(64))).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    // Reading with the cookie is fine; with the page's token, the change goes through.
    let csrf = csrf_of_page(&t, &client, &cookie).await;
    let me = client
        .get(t.url("/api/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(change(Some(&csrf)).await.unwrap().status(), StatusCode::OK);

    // An import needs a CSV body, declared as such.
    let import = |content_type: &'static str| {
        t.client
            .post(t.url("/api/recommendations/import?session=2025"))
            .bearer_auth(&t.tokens["agent-cps"])
            .header("content-type", content_type)
            .body("numero;recommandation;structures\n1;Texte;DCM\n")
            .send()
    };
    let r = import("application/x-www-form-urlencoded").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: Value = r.json().await.unwrap();
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("text/csv"));
    assert_eq!(
        import("text/csv; charset=utf-8").await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_have_a_scope_an_expiry_and_a_last_use() {
    let t = spawn_app(Backend::Sqlite).await;
    // A feed token reads the calendar feed and nothing else.
    let feed = &t.feed_tokens["pf-dcm"];
    let r = t
        .client
        .get(t.url("/api/me"))
        .bearer_auth(feed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let ics = |token: &str| {
        t.client
            .get(t.url("/calendar/DCM.ics"))
            .query(&[("token", token)])
            .send()
    };
    assert_eq!(ics(feed).await.unwrap().status(), StatusCode::OK);
    // An API token does not open the feed (it would travel in a URL).
    assert_eq!(
        ics(&t.tokens["pf-dcm"]).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    // A token that expired no longer opens anything.
    let admin = suivi::app::Actor::operator("tests", None);
    let tomorrow = crate::common::now() + chrono::Duration::days(1);
    let (id, expiring) = t
        .app
        .create_token("lecteur", Some("court"), "api", Some(tomorrow), &admin)
        .await
        .unwrap();
    let me = |token: String| t.client.get(t.url("/api/me")).bearer_auth(token).send();
    assert_eq!(me(expiring.clone()).await.unwrap().status(), StatusCode::OK);
    let past = crate::common::now() - chrono::Duration::minutes(1);
    let refused = t
        .app
        .create_token("lecteur", None, "api", Some(past), &admin)
        .await
        .unwrap_err();
    assert!(matches!(
        refused,
        suivi::app::AppError::BadInput {
            field: Some("expires"),
            ..
        }
    ));
    let db = suivi::store::Db::open(&t.db.url).await.unwrap();
    suivi::on_backend!(&db, p => sqlx::query("UPDATE api_tokens SET expires_at = 1 WHERE id = $1").bind(&id).execute(p).await.map(|_| ())).unwrap();
    assert_eq!(
        me(expiring).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    // The director lists the tokens: scope, expiry, last use; never a secret.
    let list: Value = t
        .get("directeur", "/api/tokens")
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2 * USERS.len() + 1);
    let text = list.iter().map(|t| t.to_string()).collect::<String>();
    assert!(!text.contains("suivi_"), "no secret listed");
    let dcm_feed = list
        .iter()
        .find(|k| k["user"] == "pf-dcm" && k["scope"] == "feed")
        .unwrap();
    assert!(dcm_feed["last_used_at"].is_string(), "{dcm_feed}");
    let unused = list
        .iter()
        .find(|k| k["user"] == "pf-maeci" && k["scope"] == "feed")
        .unwrap();
    assert!(unused["last_used_at"].is_null(), "{unused}");
    let short = list.iter().find(|k| k["id"] == id.as_str()).unwrap();
    assert!(short["expires_at"].is_string());
    let out = suivi_cli(&t.db, &["token", "list", "--user", "lecteur"]);
    assert!(out.contains("expiré"), "{out}");
    assert!(out.contains("valide"), "{out}");

    // Expired web sessions are purged.
    let client = no_redirects();
    session_cookie(&t, &client, "lecteur").await;
    suivi::on_backend!(&db, p => sqlx::query("UPDATE web_sessions SET expires_at = 1").execute(p).await.map(|_| ())).unwrap();
    assert_eq!(t.app.purge_expired_sessions().await.unwrap(), 1);
}

/// A flood of wrong passwords for the director's name slows its senders
/// down and never locks the director out; beyond the bound on password
/// checks, a login is told at once to come back.
#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_wrong_passwords_never_locks_the_right_person_out() {
    let t = helpers::spawn_app_with(Backend::Sqlite, |s| {
        // As behind the README's nginx: addresses come from X-Forwarded-For.
        s.http.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        s.login.max_delay_seconds = 2;
        s.login.password_checks = 2;
    })
    .await;
    let client = no_redirects();
    let login = |name: &str, password: &str, from: &str, device: Option<&str>| {
        let mut r = client
            .post(t.url("/login"))
            .header("x-forwarded-for", from)
            .form(&[("name", name), ("password", password)]);
        if let Some(d) = device {
            r = r.header("cookie", format!("suivi_device={d}"));
        }
        r.send()
    };
    // The director logs in from the office: the browser keeps a device cookie.
    let r = login("directeur", PASSWORD, "10.1.1.1", None)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let device = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|c| c.to_str().ok())
        .find_map(|c| c.strip_prefix("suivi_device="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .expect("a device cookie");

    // Wrong passwords for that name, whatever its case, from four addresses.
    let mut statuses = Vec::new();
    for from in ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"] {
        for name in ["directeur", "DIRECTEUR", "Directeur", "directeur "] {
            statuses.push(login(name, "mauvais", from, None).await.unwrap().status());
        }
        // From an address that failed, even the right password waits its turn.
        let r = login("directeur", PASSWORD, from, None).await.unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{from}");
        assert!(r.text().await.unwrap().contains("réessayez dans"));
    }
    // Each was checked and wrong, or refused before any check: slowed down.
    assert!(
        statuses
            .iter()
            .all(|s| [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(
        statuses[..4],
        [401, 401, 401, 429].map(|c| StatusCode::from_u16(c).unwrap())
    );

    // From the office, with its device cookie, the director is in at once.
    let r = login("Directeur", PASSWORD, "10.1.1.1", Some(&device))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // From anywhere else, the login waits the name's delay, then works.
    let r = login("directeur", PASSWORD, "198.51.100.7", None)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The director clears the name's delays.
    let director = suivi::app::Actor::operator("directeur", None);
    assert!(t.app.clear_login_delays("DIRECTEUR", &director).unwrap());
    assert!(!t.app.clear_login_delays("directeur", &director).unwrap());
    assert!(matches!(
        t.app.clear_login_delays(
            "directeur",
            &suivi::app::Actor::new(
                suivi::domain::access::User {
                    name: "lecteur".into(),
                    role: suivi::domain::access::Role::Reader,
                    structure: None
                },
                None
            )
        ),
        Err(suivi::app::AppError::Forbidden)
    ));

    // Every password check taken: the next login answers 503 at once.
    let held = t.app.password_checks().acquire_many_owned(2).await.unwrap();
    let r = login("lecteur", PASSWORD, "10.1.1.2", None).await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("réessayez dans un instant"));
    drop(held);
    assert_eq!(
        login("lecteur", PASSWORD, "10.1.1.2", None)
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_login_over_plain_http_from_another_machine_is_told_what_to_do() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    // As a browser on the LAN would send it: the cookie would be dropped.
    let r = client
        .post(t.url("/login"))
        .header("host", "192.168.1.20:8080")
        .form(&[("name", "directeur"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get("set-cookie").is_none());
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Connexion impossible en HTTP simple"),
        "{page}"
    );
    assert!(page.contains("[http]"), "{page}");
    assert!(page.contains("127.0.0.1"), "{page}");
    // Behind an HTTPS reverse proxy that says so, it works.
    let r = client
        .post(t.url("/login"))
        .header("host", "suivi.cps.example.org")
        .header("x-forwarded-proto", "https")
        .form(&[("name", "directeur"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread")]
async fn bodies_texts_and_slow_clients_are_limited() {
    let t = spawn_app(Backend::Sqlite).await;
    // A JSON body over 256 KiB.
    let big = json!({"status": "en_cours", "comment": "x".repeat(300 * 1024)});
    let r = t
        .post("agent-cps", "/api/recommendations/2024/2/status", big)
        .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_large");
    // A comment over 4 000 characters, within the body limit.
    let long = json!({"status": "en_cours", "comment": "é".repeat(4001)});
    let r = t
        .post("agent-cps", "/api/recommendations/2024/2/status", long)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "comment");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("au plus 4000"));
    // Malformed JSON, and JSON of the wrong shape: JSON errors too.
    let r = t
        .client
        .post(t.url("/api/recommendations/2024/2/status"))
        .bearer_auth(&t.tokens["agent-cps"])
        .header("content-type", "application/json")
        .body("{\"status\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "bad_request"
    );
    let r = t
        .post(
            "agent-cps",
            "/api/recommendations/2024/2/status",
            json!({"statut": 3}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "invalid");
    // Nothing was recorded.
    let state: Value = t
        .get("directeur", "/api/reports/recommendations?session=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state["recommendations"][1]["status"], "not_executed");

    // The largest amount allowed (10^15 F CFA) reads back exact; a
    // fraction of a franc is refused, naming its field.
    let largest = 1_000_000_000_000_000_i64;
    let r = t
        .post(
            "agent-cps",
            "/api/finances/2024",
            json!({"line": "bsi", "kind": "notified", "amount": largest, "date": "2024-11-15"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let finances: Value = t
        .get("directeur", "/api/reports/finances?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(finances["lines"][0]["line"], "bsi");
    assert_eq!(finances["lines"][0]["notified"].as_i64(), Some(largest));
    let r = t
        .post(
            "agent-cps",
            "/api/finances/2024",
            json!({"line": "bsi", "kind": "engaged", "amount": 1250.5}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["fields"][0]["field"], "amount", "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1250.5 is not a whole number"),
        "{e}"
    );

    // A client that sends half its headers and waits is cut off (here after a second).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut slow = tokio::net::TcpStream::connect(t.address.trim_start_matches("http://"))
        .await
        .unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        slow.read_to_end(&mut buf),
    )
    .await;
    assert!(closed.is_ok(), "the connection was still open after 5 s");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_yearly_report_is_the_same_document_through_the_api() {
    let t = spawn_app(Backend::Sqlite).await;
    let r = t.get("lecteur", "/api/reports/annual?year=2023").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("rapport-2023.docx"));
    let docx = r.bytes().await.unwrap();
    // The same bytes as the application function the command line calls.
    let who = suivi::app::Actor::operator("test", None);
    let (expected, _) = t
        .app
        .annual_document(
            suivi::domain::types::Year::new(2023).unwrap(),
            suivi::app::DocumentFormat::Docx,
            suivi::text::Lang::Fr,
            &who,
        )
        .await
        .unwrap();
    assert!(
        docx.as_ref() == expected.as_slice(),
        "the API's document differs"
    );

    let page = t
        .get("directeur", "/api/reports/annual?year=2023&format=html")
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Rapport d'activités 2023 et plan d'action 2024"));
    assert!(html.contains("63,64 %"));

    let r = t
        .get("directeur", "/api/reports/annual?year=2023&format=pdf")
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "format", "{body}");
    let r = t.get("directeur", "/api/reports/annual?year=2031").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "no plan, no report");
    let r = t.get("pf-dcm", "/api/reports/annual?year=2023").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// What people read on a page: its text, without tags, scripts or styles.
fn visible_text(html: &str) -> String {
    let hidden = regex::Regex::new(r"(?s)<(script|style)[^>]*>.*?</(script|style)>").unwrap();
    let tags = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    tags.replace_all(&hidden.replace_all(html, " "), " ")
        .replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The internal notations a person must never see: a recommendation's or
/// an activity's aggregate id, a timestamp as the machine writes it, a
/// status code.
fn internal_notation(text: &str) -> Vec<String> {
    let patterns = [
        r"\d{4}#\d",
        r"\d{4}:\d+\.\d",
        r"\d{4}-\d\d-\d\d \d\d:\d\d",
        r"\b(executed|not_executed|in_progress|planned|non_executee|en_cours|executee)\b",
    ];
    patterns
        .iter()
        .flat_map(|p| {
            regex::Regex::new(p)
                .unwrap()
                .find_iter(text)
                .map(|m| {
                    let start = m.start().saturating_sub(40);
                    let end = (m.end() + 40).min(text.len());
                    let start = (0..=start)
                        .rev()
                        .find(|i| text.is_char_boundary(*i))
                        .unwrap_or(0);
                    let end = (end..=text.len())
                        .find(|i| text.is_char_boundary(*i))
                        .unwrap_or(text.len());
                    format!("{} in « {} »", m.as_str(), &text[start..end])
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The strings of every cell of a workbook.
fn workbook_text(bytes: &[u8]) -> String {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                out.push_str(&cell.to_string());
                out.push('\n');
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn people_see_no_internal_notation_on_pages_and_exports() {
    let t = spawn_app(Backend::Sqlite).await;
    let mut found = Vec::new();
    let pages = [
        "/",
        "/activities?year=2023",
        "/activities?year=2024",
        "/recommendations?session=2023",
        "/recommendations?session=2024",
        "/recommendations/2024/2",
        "/recommendations/2023/3",
        "/progress?year=2024",
        "/structures/DCM",
        "/report/annual?year=2023",
        "/projects?year=2024",
        "/projects/MMEIA-01?year=2024",
        "/projects/MAECI-03?year=2024",
        "/sector?year=2024&quarter=2",
        "/sector/structure?year=2024&structure=DCM&quarter=2",
    ];
    for user in ["directeur", "pf-dcm", "pf-planif", "pf-maeci"] {
        for page in pages {
            let r = t.get(user, page).await;
            if !r.status().is_success() {
                continue;
            }
            let html = r.text().await.unwrap();
            for f in internal_notation(&visible_text(&html)) {
                found.push(format!("{user} {page}: {f}"));
            }
        }
    }
    let exports = [
        "activities.{ext}?year=2023",
        "activities.{ext}?year=2024",
        "recommendations.{ext}?session=2023",
        "recommendations.{ext}?session=2024",
        "finances.{ext}?year=2023",
        "plan.{ext}?year=2024",
        "progress.{ext}?year=2024",
        "projects.{ext}?year=2024",
        "project.{ext}?year=2024&code=MMEIA-01",
    ];
    let mut checked = 0;
    for export in exports {
        for ext in ["csv", "xlsx"] {
            let path = format!("/exports/{}", export.replace("{ext}", ext));
            let r = t.get("directeur", &path).await;
            assert!(r.status().is_success(), "{path}: {}", r.status());
            let bytes = r.bytes().await.unwrap();
            let text = match ext {
                "csv" => String::from_utf8(bytes.to_vec()).unwrap(),
                _ => workbook_text(&bytes),
            };
            for f in internal_notation(&text) {
                found.push(format!("{path}: {f}"));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 18);
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The CSV is in French, as the workbook is.
    let csv = t
        .get("directeur", "/exports/activities.csv?year=2023")
        .await
        .text()
        .await
        .unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("OBJECTIFS") && header.contains("ACTIVITÉS"),
        "{header}"
    );
    assert!(csv.contains("1. OUI") && csv.contains("2. NON"), "{csv}");
}
