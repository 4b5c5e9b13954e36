#![allow(dead_code)]

//! The real application on a random port, over a fresh database holding the
//! example data, with one user and token per role.

use std::collections::HashMap;
use std::sync::Arc;

use suivi::app::{Actor, App, NewUser};
use suivi::config::Settings;
use suivi::domain::access::Role;
use tokio_util::sync::CancellationToken;

pub use crate::common::{fresh_db, Backend, TestDb};

pub struct TestApp {
    pub db: TestDb,
    pub app: Arc<App>,
    /// The application's clock, set to the tests' moment; a test may move it.
    pub clock: Arc<suivi::clock::FixedClock>,
    pub address: String,
    pub tokens: HashMap<&'static str, String>,
    /// Each user's iCalendar feed token.
    pub feed_tokens: HashMap<&'static str, String>,
    pub client: reqwest::Client,
    shutdown: CancellationToken,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// The users of the tests: one per role, and a focal point of MAECI, of DCM
/// and of the CPS's Unité Planification.
pub const USERS: [(&str, Role, Option<&str>); 6] = [
    ("directeur", Role::Director, None),
    ("agent-cps", Role::Cps, None),
    ("pf-maeci", Role::Structure, Some("MAECI")),
    ("pf-dcm", Role::Structure, Some("DCM")),
    ("pf-planif", Role::Structure, Some("CPS/SCI/PLANIFICATION")),
    ("lecteur", Role::Reader, None),
];

pub const PASSWORD: &str = "un mot de passe sûr";

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// As [`spawn_app`], with settings changed by `adjust`.
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db = fresh_db(backend).await;
    let out = crate::common::suivi_program()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["demo", "--database", &db.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut settings = Settings::load(
        Some(root.join("config")),
        Some(root.join("workflows")),
        Some(db.url.clone()),
    )
    .unwrap();
    // A client that is slow to send its headers is cut off after a second.
    settings.http.header_timeout_seconds = 1;
    adjust(&mut settings);
    let clock = crate::common::clock();
    let app = Arc::new(App::open(&settings, clock.clone()).await.unwrap());
    let mut tokens = HashMap::new();
    let mut feed_tokens = HashMap::new();
    let admin = Actor::operator("tests", None);
    for (name, role, structure) in USERS {
        let new = NewUser {
            name,
            role: suivi::domain::types::Code::code(role),
            structure,
            email: None,
            password: PASSWORD,
        };
        app.add_user(new, &admin).await.unwrap();
        let (_, token) = app
            .create_token(name, Some("tests"), "api", None, &admin)
            .await
            .unwrap();
        tokens.insert(name, token);
        let (_, feed) = app
            .create_token(name, Some("agenda"), "feed", None, &admin)
            .await
            .unwrap();
        feed_tokens.insert(name, feed);
    }
    let web = suivi::http::Application::build(app.clone(), "127.0.0.1:0")
        .await
        .unwrap();
    let address = format!("http://127.0.0.1:{}", web.port());
    let shutdown = CancellationToken::new();
    tokio::spawn(web.run_until(shutdown.clone()));
    TestApp {
        db,
        app,
        clock,
        address,
        tokens,
        feed_tokens,
        client: reqwest::Client::new(),
        shutdown,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, user: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(&self.tokens[user])
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, user: &str, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(&self.tokens[user])
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}
