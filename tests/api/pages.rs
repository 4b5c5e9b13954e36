//! The web pages' forms over real HTTP: a refused form is its page again,
//! filled, with the message by its field; a recorded one says what it
//! recorded, once; an upload is previewed before it is recorded; every page
//! route answers each role as its rights say.

use reqwest::StatusCode;

use super::helpers::*;
use super::{csrf_of_page, no_redirects, session_cookie};

/// A multipart body with the fields `(name, value)` and one file.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let files: Vec<(&str, &str, &[u8])> = file.into_iter().map(|(n, b)| ("file", n, b)).collect();
    multipart_files(fields, &files)
}

/// A multipart body with the fields `(name, value)` and files `(field, file name, bytes)`.
fn multipart_files(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----suivi-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (field, file_name, bytes) in files {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The value of the hidden field `name` of a page.
fn hidden(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no field {name}"))
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_form_shows_its_page_again_as_it_was_typed() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let cookie = session_cookie(&t, &client, "pf-dcm").await;
    let csrf = csrf_of_page(&t, &client, &cookie).await;
    // Executed needs evidence, by the workflow: refused, nothing lost.
    let r = client
        .post(t.url("/recommendations/2024/2/status"))
        .header("cookie", &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("status", "executee"),
            ("comment", "Mission conjointe tenue à Kayes"),
            ("evidence", ""),
            ("date", "2024-11-28"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    // The same page: the session's table, its other rows, the menu.
    assert!(html.contains("Tableau 4"), "{html}");
    assert!(html.contains("id=\"recommendations\""), "{html}");
    assert!(html.contains("name=\"session\""), "{html}");
    // The form as it was sent, with the message by the evidence field.
    let form = html
        .split("id=\"status-2024-2\"")
        .nth(1)
        .unwrap()
        .split("</form>")
        .next()
        .unwrap();
    assert!(
        form.contains("value=\"Mission conjointe tenue à Kayes\""),
        "{form}"
    );
    assert!(form.contains("value=\"2024-11-28\""), "{form}");
    assert!(
        form.contains("<option value=\"executee\" selected>"),
        "{form}"
    );
    let by_evidence = form.split("name=\"evidence\"").nth(1).unwrap();
    assert!(
        by_evidence.contains("id=\"status-2024-2-evidence-error\"")
            && by_evidence.contains("pièce justificative"),
        "{form}"
    );
    assert!(form.contains("aria-invalid=\"true\""), "{form}");
    // The language switch stays on the page, not on the form's address.
    assert!(
        html.contains("href=\"&#x2f;recommendations?session=2024&amp;lang=en\""),
        "{html}"
    );
    // With the evidence, it is recorded and the page says so, once.
    let r = client
        .post(t.url("/recommendations/2024/2/status"))
        .header("cookie", &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("status", "executee"),
            ("comment", "Mission conjointe tenue à Kayes"),
            ("evidence", "Rapport de mission n° 12"),
            ("date", "2024-11-28"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/recommendations?session=2024#rec-2"
    );
    let done = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("suivi_done="))
        .expect("what was recorded, for the next page");
    let both = format!("{cookie}; {done}");
    let html = client
        .get(t.url("/recommendations?session=2024"))
        .header("cookie", &both)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.replace("&#x2f;", "/").contains(
            "n° 2 de la session 2024 : nouvelle situation enregistrée, avec effet le 28/11/2024."
        ),
        "{html}"
    );
    // The choice now starts from the recorded status.
    let form = html.split("id=\"status-2024-2\"").nth(1).unwrap();
    assert!(
        form.contains("<option value=\"executee\" selected>"),
        "{form}"
    );
    let again = client
        .get(t.url("/recommendations?session=2024"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains("id=\"recorded\""), "shown once");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_pages_and_errors_are_pages_of_the_site() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let cookie = session_cookie(&t, &client, "lecteur").await;
    for (lang, title, menu) in [
        (
            "fr",
            "<title>Page introuvable – suivi</title>",
            "Tableau de bord",
        ),
        ("en", "<title>Page not found – suivi</title>", "Dashboard"),
    ] {
        let r = client
            .get(t.url(&format!("/nulle-part?lang={lang}")))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let html = r.text().await.unwrap();
        assert!(html.contains(title) && html.contains(menu), "{html}");
    }
    let r = client
        .get(t.url("/imports"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("<title>Accès refusé – suivi</title>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_is_previewed_then_recorded_in_one_go() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let cookie = session_cookie(&t, &client, "agent-cps").await;
    let csrf = csrf_of_page(&t, &client, &cookie).await;
    let upload = |fields: Vec<(&'static str, String)>, file: Option<(&'static str, Vec<u8>)>| {
        let fields: Vec<(&str, String)> = fields;
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (content_type, body) = multipart(&refs, file.as_ref().map(|(n, b)| (*n, b.as_slice())));
        client
            .post(t.url("/imports"))
            .header("cookie", &cookie)
            .header("content-type", content_type)
            .body(body)
    };
    // A file with problems: each located, nothing to confirm.
    let bad = b"code;activite;budget\n9.1.1;Atelier;abc\n9.1.2;;3\n".to_vec();
    let r = upload(
        vec![
            ("csrf", csrf.clone()),
            ("kind", "plan".into()),
            ("target", "2025".into()),
        ],
        Some(("plan-2025.csv", bad)),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("plan-2025.csv:2: colonne « budget »"),
        "{html}"
    );
    assert!(
        html.contains("plan-2025.csv:3: colonne « activite »"),
        "{html}"
    );
    assert!(!html.contains("id=\"confirm\""), "{html}");
    // A wrong year: the upload form again, the message by its field.
    let r = upload(
        vec![
            ("csrf", csrf.clone()),
            ("kind", "plan".into()),
            ("target", "20x5".into()),
        ],
        Some(("plan.csv", b"code;activite\n9.1.1;Atelier\n".to_vec())),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"upload-target-error\""), "{html}");
    assert!(html.contains("value=\"20x5\""), "{html}");
    // A good file: the preview says what will be recorded; nothing is yet.
    let good = b"code;activite;budget;mois\n9.1.1;Atelier de validation;2 000;3\n9.1.2;Revue annuelle;PM;11\n".to_vec();
    let r = upload(
        vec![
            ("csrf", csrf.clone()),
            ("kind", "plan".into()),
            ("target", "2025".into()),
        ],
        Some(("plan-2025.csv", good)),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("2 ligne(s) lue(s) ; la confirmation enregistrera 2 changement(s)"),
        "{html}"
    );
    assert!(html.contains("Atelier de validation"), "{html}");
    let before: serde_json::Value = t
        .get("agent-cps", "/api/reports/activities?year=2025")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["planned"], 0, "nothing recorded yet: {before}");
    let (sha, fingerprint) = (hidden(&html, "sha256"), hidden(&html, "fingerprint"));
    let r = client
        .post(t.url("/imports/confirm"))
        .header("cookie", &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "plan"),
            ("target", "2025"),
            ("sha256", sha.as_str()),
            ("fingerprint", fingerprint.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/activities?year=2025");
    let report: serde_json::Value = t
        .get("agent-cps", "/api/reports/activities?year=2025")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["planned"], 2, "{report}");
    // The upload is gone once recorded: confirming again finds nothing.
    let r = client
        .post(t.url("/imports/confirm"))
        .header("cookie", &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "plan"),
            ("target", "2025"),
            ("sha256", sha.as_str()),
            ("fingerprint", fingerprint.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_status_change_carries_documents_served_only_as_downloads() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let cookie = session_cookie(&t, &client, "pf-dcm").await;
    let csrf = csrf_of_page(&t, &client, &cookie).await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("status", "executee"),
        ("comment", "Mission tenue"),
        ("evidence", ""),
        ("date", ""),
        ("from", "page"),
    ];
    let send = |files: &[(&str, &str, &[u8])]| {
        let (content_type, body) = multipart_files(&fields, files);
        client
            .post(t.url("/recommendations/2024/2/status"))
            .header("cookie", &cookie)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    // An HTML page is no evidence, whatever its name: the page again, the
    // message by the file field, nothing recorded.
    let html_page: &[u8] = b"<!DOCTYPE html><html><body onload=alert(1)>PV</body></html>";
    let r = send(&[("document", "pv.pdf", html_page)]).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("id=\"status-2024-2-document-error\""),
        "{page}"
    );
    assert!(
        page.contains("n&#x27;est pas d&#x27;un type accepté"),
        "{page}"
    );
    assert!(page.contains("value=\"Mission tenue\""), "{page}");
    // An empty file field sends no file: the evidence is missing.
    let r = send(&[("document", "", b"")]).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let pdf: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    let r = send(&[("document", "Rapport de mission.pdf", pdf)])
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/recommendations/2024/2");
    let sha = suivi::domain::document::sha256(pdf);
    let link = format!("/recommendations/2024/2/documents/{sha}");
    let page = t
        .get("agent-cps", "/recommendations/2024/2")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.replace("&#x2f;", "/").contains(&link), "{page}");
    assert!(page.contains("Rapport de mission.pdf"), "{page}");
    // Whoever sees the recommendation downloads it, as an attachment.
    for user in ["directeur", "agent-cps", "pf-dcm", "lecteur"] {
        let r = t.get(user, &link).await;
        assert_eq!(r.status(), StatusCode::OK, "{user}");
        let h = r.headers();
        assert_eq!(h["content-type"], "application/pdf");
        assert_eq!(
            h["content-disposition"],
            "attachment; filename=\"Rapport de mission.pdf\"; filename*=UTF-8''Rapport%20de%20mission%2Epdf"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(r.bytes().await.unwrap().as_ref(), pdf, "{user}");
    }
    // A focal point of another structure does not learn it exists.
    for user in ["pf-maeci", "pf-planif"] {
        assert_eq!(
            t.get(user, &link).await.status(),
            StatusCode::NOT_FOUND,
            "{user}"
        );
    }
    // Withdrawn by the focal point with a reason; a reader may not.
    let withdraw = format!("{link}/withdraw");
    for (user, status) in [
        ("lecteur", StatusCode::FORBIDDEN),
        ("pf-dcm", StatusCode::SEE_OTHER),
    ] {
        let cookie = session_cookie(&t, &client, user).await;
        let csrf = csrf_of_page(&t, &client, &cookie).await;
        let r = client
            .post(t.url(&withdraw))
            .header("cookie", &cookie)
            .form(&[("csrf", csrf.as_str()), ("reason", "Mauvais fichier")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{user}");
    }
    let r = t.get("directeur", &link).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("Mauvais fichier"));
    let page = t
        .get("directeur", "/recommendations/2024/2")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("retirée : Mauvais fichier"), "{page}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_directory_and_the_calendar_are_kept_in_the_pages() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let cookie = session_cookie(&t, &client, "agent-cps").await;
    let csrf = csrf_of_page(&t, &client, &cookie).await;
    let post = |path: &str, form: Vec<(&str, &str)>| {
        client
            .post(t.url(path))
            .header("cookie", &cookie)
            .form(&form)
            .send()
    };
    // An address that reaches no domain: the directory again, by its field.
    let r = post(
        "/directory",
        vec![
            ("csrf", &csrf),
            ("code", "DCM"),
            ("name", "Direction de la Coopération Multilatérale"),
            ("focal_points", "pf@dcm"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"structure-DCM-focal_points-error\""),
        "{html}"
    );
    assert!(html.contains("value=\"pf@dcm\""), "{html}");
    let r = post(
        "/directory",
        vec![
            ("csrf", &csrf),
            ("code", "DCM"),
            ("name", "Direction de la Coopération Multilatérale"),
            ("parent", "MAECI"),
            ("focal_points", "pf@dcm.gouv.ml"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = t.get("agent-cps", "/directory").await.text().await.unwrap();
    assert!(html.contains("pf@dcm.gouv.ml"), "{html}");
    // A date without its source nor « estimée »: the calendar again.
    let r = post(
        "/deadlines/2025",
        vec![
            ("csrf", &csrf),
            ("id", "pta_cps"),
            ("label", "PTA de la CPS validé"),
            ("date", "2025-02-05"),
            ("structures", "CPS/SCI"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"define-pta_cps-source-error\""),
        "{html}"
    );
    assert!(html.contains("value=\"2025-02-05\""), "{html}");
    let r = post(
        "/deadlines/2025",
        vec![
            ("csrf", &csrf),
            ("id", "pta_cps"),
            ("label", "PTA de la CPS validé"),
            ("date", "2025-02-05"),
            ("structures", "CPS/SCI"),
            ("source", "Lettre circulaire du MEF"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = t
        .get("agent-cps", "/revues?year=2025")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("05&#x2f;02&#x2f;2025"), "{html}");
    assert!(html.contains("Lettre circulaire du MEF"), "{html}");
}

/// The headers a security review expects on every answer.
fn expected_headers(headers: &reqwest::header::HeaderMap, what: &str) {
    let csp = headers["content-security-policy"].to_str().unwrap();
    for directive in [
        "default-src 'none'",
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(directive), "{what}: {csp}");
    }
    assert!(!csp.contains("script-src"), "{what}: {csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store"),
        "{what}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_login_from_another_site_is_refused() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let login = |extra: Option<(&'static str, &'static str)>| {
        let mut r = client
            .post(t.url("/login"))
            .form(&[("name", "directeur"), ("password", PASSWORD)]);
        if let Some((name, value)) = extra {
            r = r.header(name, value);
        }
        r.send()
    };
    for header in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://ailleurs.example.org"),
    ] {
        let r = login(Some(header)).await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{header:?}");
        assert!(r.headers().get("set-cookie").is_none(), "{header:?}");
        expected_headers(r.headers(), "POST /login");
        assert!(r.text().await.unwrap().contains("autre site"));
    }
    for header in [None, Some(("sec-fetch-site", "same-origin"))] {
        assert_eq!(
            login(header).await.unwrap().status(),
            StatusCode::SEE_OTHER,
            "{header:?}"
        );
    }
    // The login page, the health check and the API answer with the same headers.
    for path in ["/login", "/healthz", "/api/openapi.json", "/nulle-part"] {
        let r = client.get(t.url(path)).send().await.unwrap();
        expected_headers(r.headers(), path);
    }
}

/// A page route, the roles that may use it, and how to call it.
struct Route {
    method: &'static str,
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    allowed: &'static [&'static str],
}

const ALL: &[&str] = &[
    "directeur",
    "agent-cps",
    "pf-maeci",
    "pf-dcm",
    "pf-planif",
    "lecteur",
];
const TABLES: &[&str] = &["directeur", "agent-cps", "lecteur"];
const RECORD: &[&str] = &["directeur", "agent-cps"];

const ROUTES: &[Route] = &[
    // The sector's plan: a focal point is sent to its structure's page and
    // reads and hands in the DCM's part only when it is the DCM's.
    Route {
        method: "get",
        path: "/sector?year=2024",
        form: &[],
        allowed: ALL,
    },
    Route {
        method: "get",
        path: "/sector/structure?year=2024&structure=DCM&quarter=3",
        form: &[],
        allowed: &["directeur", "agent-cps", "pf-dcm", "lecteur"],
    },
    Route {
        method: "get",
        path: "/exports/canevas.xlsx?year=2024&structure=DCM",
        form: &[],
        allowed: &["directeur", "agent-cps", "pf-dcm", "lecteur"],
    },
    Route {
        method: "get",
        path: "/sector/report/suivi.html?year=2024&quarter=2",
        form: &[],
        allowed: &["directeur", "agent-cps", "lecteur"],
    },
    Route {
        method: "get",
        path: "/sector/report/plan.docx?year=2024",
        form: &[],
        allowed: &["directeur", "agent-cps", "lecteur"],
    },
    Route {
        method: "get",
        path: "/exports/sector-plan.xlsx?year=2024",
        form: &[],
        allowed: &["directeur", "agent-cps", "lecteur"],
    },
    Route {
        method: "post",
        path: "/sector/call",
        form: &[
            ("year", "2024"),
            ("deadline", "2024-12-20"),
            ("structures", "DCM, DFM/MAECI, DRH/MMEIA"),
        ],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/sector/proposal",
        form: &[
            ("year", "2024"),
            ("structure", "DCM"),
            ("action", "draft"),
            (
                "objectif-0",
                "Renforcer la coopération bilatérale et multilatérale",
            ),
            ("activite-0", "Atelier"),
        ],
        allowed: &["directeur", "agent-cps", "pf-dcm"],
    },
    Route {
        method: "post",
        path: "/sector/execution",
        form: &[
            ("year", "2024"),
            ("structure", "DCM"),
            ("quarter", "3"),
            ("code-0", "1.1"),
            ("statut-0", "en_cours"),
        ],
        allowed: &["directeur", "agent-cps", "pf-dcm"],
    },
    Route {
        method: "post",
        path: "/sector/decision",
        form: &[
            ("year", "2024"),
            ("structure", "DCM"),
            ("decision", "submit"),
        ],
        allowed: &["directeur", "agent-cps", "pf-dcm"],
    },
    // A focal point follows its own projects; the MAECI's, here.
    Route {
        method: "get",
        path: "/projects?year=2024",
        form: &[],
        allowed: ALL,
    },
    Route {
        method: "get",
        path: "/projects/MAECI-02?year=2024",
        form: &[],
        allowed: &["directeur", "agent-cps", "pf-maeci", "lecteur"],
    },
    Route {
        method: "post",
        path: "/projects/MAECI-02/2024/physical",
        form: &[("percent", "40"), ("date", "2024-09-30")],
        allowed: &["directeur", "agent-cps", "pf-maeci"],
    },
    Route {
        method: "post",
        path: "/projects/MAECI-02/2024/quarters/3/approve",
        form: &[],
        allowed: RECORD,
    },
    Route {
        method: "get",
        path: "/",
        form: &[],
        allowed: ALL,
    },
    Route {
        method: "get",
        path: "/activities?year=2023",
        form: &[],
        allowed: TABLES,
    },
    Route {
        method: "get",
        path: "/progress?year=2024",
        form: &[],
        allowed: ALL,
    },
    Route {
        method: "get",
        path: "/recommendations?session=2024",
        form: &[],
        allowed: ALL,
    },
    Route {
        method: "get",
        path: "/report/annual?year=2023",
        form: &[],
        allowed: TABLES,
    },
    Route {
        method: "get",
        path: "/imports",
        form: &[],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/deadlines/2025",
        form: &[
            ("id", "pta_cps"),
            ("label", "PTA de la CPS validé"),
            ("date", "2025-02-05"),
            ("structures", "CPS/SCI"),
            ("estimated", "on"),
        ],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/deadlines/2025/lancement_processus_budgetaire/drop",
        form: &[("reason", "Date reportée par le MEF")],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/calendars/2023/close",
        form: &[("reason", "Année passée")],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/users/lecteur/clear-delays",
        form: &[],
        allowed: &["directeur"],
    },
    Route {
        method: "post",
        path: "/following",
        form: &[
            ("year", "2024"),
            ("date", "2024-01-01"),
            ("reason", "Toute l'année suivie"),
        ],
        allowed: &["directeur"],
    },
    Route {
        method: "get",
        path: "/directory",
        form: &[],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/directory",
        form: &[
            ("code", "DCM"),
            ("name", "Direction de la Coopération Multilatérale"),
            ("parent", "MAECI"),
            ("focal_points", "pf@dcm.gouv.ml"),
        ],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/activities/2024/1.1.1/status",
        form: &[("status", "executed"), ("period", "Janvier 2024")],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/activities/2024/1.1.1/cost",
        form: &[("engaged", "1000"), ("liquidated", "0")],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/activities/2024/1.2.3/narrative",
        form: &[("markdown", "Le PTA du secteur a été validé en juin.")],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/activities/2024/1.2.3/document",
        form: &[("document", "sector_follow_up"), ("document_year", "2023")],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/activities/2024/1.1.2/carry-over",
        form: &[("to_year", "2025")],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/activities/2024/1.2.2/progress",
        form: &[("percent", "70")],
        allowed: &["directeur", "agent-cps", "pf-planif"],
    },
    Route {
        method: "post",
        path: "/activities/2024/1.2.2/indicator",
        form: &[("target", "2 sessions")],
        allowed: &["directeur", "agent-cps", "pf-planif"],
    },
    Route {
        method: "post",
        path: "/report/annual/2023/sections/introduction",
        form: &[("markdown", "Introduction.")],
        allowed: RECORD,
    },
    Route {
        method: "post",
        path: "/imports/confirm",
        form: &[
            ("kind", "plan"),
            ("target", "2025"),
            ("sha256", "0"),
            ("fingerprint", "0"),
        ],
        allowed: RECORD,
    },
];

#[tokio::test(flavor = "multi_thread")]
async fn the_role_by_page_matrix_holds() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let mut checked = 0;
    for (user, _, _) in USERS {
        let cookie = session_cookie(&t, &client, user).await;
        let csrf = csrf_of_page(&t, &client, &cookie).await;
        for route in ROUTES {
            let request = match route.method {
                "get" => client.get(t.url(route.path)),
                _ => {
                    let mut form = vec![("csrf", csrf.as_str())];
                    form.extend(route.form.iter().copied());
                    client.post(t.url(route.path)).form(&form)
                }
            };
            let response = request.header("cookie", &cookie).send().await.unwrap();
            let (status, headers) = (response.status(), response.headers().clone());
            let what = format!("{user} {} {}: {status}", route.method, route.path);
            assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "{what}");
            expected_headers(&headers, &what);
            if route.allowed.contains(&user) {
                assert!(
                    status.is_success()
                        || status.is_redirection()
                        || status == StatusCode::UNPROCESSABLE_ENTITY
                        || status == StatusCode::NOT_FOUND
                        || status == StatusCode::CONFLICT,
                    "{what}"
                );
                assert_ne!(status, StatusCode::FORBIDDEN, "{what}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
            }
            checked += 1;
        }
        // The upload itself, multipart.
        let (content_type, body) = multipart(
            &[("csrf", &csrf), ("kind", "plan"), ("target", "2026")],
            Some(("plan.csv", b"code;activite\n9.1.1;Atelier\n")),
        );
        let status = client
            .post(t.url("/imports"))
            .header("cookie", &cookie)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap()
            .status();
        let may = RECORD.contains(&user);
        assert_eq!(
            status == StatusCode::FORBIDDEN,
            !may,
            "{user} POST /imports: {status}"
        );
        checked += 1;
    }
    assert_eq!(checked, (ROUTES.len() + 1) * USERS.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_that_is_not_valid_is_a_page_that_says_so() {
    let t = spawn_app(Backend::Sqlite).await;
    let r = no_redirects()
        .get(t.url("/welcome/0123456789abcdef"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("n&#x27;est plus valable"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_director_verifies_the_log_and_closes_a_year_in_the_pages() {
    let t = spawn_app(Backend::Sqlite).await;
    let client = no_redirects();
    let cookie = session_cookie(&t, &client, "directeur").await;
    let csrf = csrf_of_page(&t, &client, &cookie).await;
    let get = |path: &'static str| client.get(t.url(path)).header("cookie", &cookie).send();
    let html = get("/audit?verify=1").await.unwrap().text().await.unwrap();
    assert!(html.contains("id=\"verdict\""), "{html}");
    assert!(html.contains("Journal intact"), "{html}");
    // A year closes once: 2023 (over), then its snapshot verifies.
    let r = client
        .post(t.url("/snapshots/2023"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = get("/audit?snapshot=2023")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"snapshot-verdict\""), "{html}");
    assert!(
        html.contains("class=\"ok\" id=\"snapshot-verdict\""),
        "{html}"
    );
    // This year is not over: refused on the same page, which says why.
    let r = client
        .post(t.url("/snapshots/2024"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"anchor\""),
        "the audit page again: {html}"
    );
    assert!(
        html.contains("l&#x27;année 2024 n&#x27;est pas finie"),
        "{html}"
    );
    assert!(html.contains("role=\"alert\""), "{html}");
}
