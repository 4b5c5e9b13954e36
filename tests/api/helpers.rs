#![allow(dead_code)]

//! The real application on a random port, over a fresh database holding the
//! example data, with one user and token per role.

use std::collections::HashMap;
use std::sync::Arc;

use suivi::app::App;
use suivi::config::Settings;
use suivi::domain::access::Role;
use tokio_util::sync::CancellationToken;

pub use crate::common::{fresh_db, Backend, TestDb};

pub struct TestApp {
    pub db: TestDb,
    pub app: Arc<App>,
    pub address: String,
    pub tokens: HashMap<&'static str, String>,
    pub client: reqwest::Client,
    shutdown: CancellationToken,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// The users of the tests: one per role, and a focal point of MAECI and of DCM.
pub const USERS: [(&str, Role, Option<&str>); 5] = [
    ("directeur", Role::Director, None),
    ("agent-cps", Role::Cps, None),
    ("pf-maeci", Role::Structure, Some("MAECI")),
    ("pf-dcm", Role::Structure, Some("DCM")),
    ("lecteur", Role::Reader, None),
];

pub const PASSWORD: &str = "un mot de passe sûr";

pub async fn spawn_app(backend: Backend) -> TestApp {
    let db = fresh_db(backend).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_suivi"))
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
    let settings = Settings::load(
        Some(root.join("config")),
        Some(root.join("workflows")),
        Some(db.url.clone()),
    )
    .unwrap();
    let app = Arc::new(App::open(&settings).await.unwrap());
    let mut tokens = HashMap::new();
    for (name, role, structure) in USERS {
        suivi::users::add(
            &app.db,
            &app.directory,
            name,
            role,
            structure,
            PASSWORD,
            app.now(),
        )
        .await
        .unwrap();
        let (_, token) = suivi::users::create_token(&app.db, name, Some("tests"), app.now())
            .await
            .unwrap();
        tokens.insert(name, token);
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
        address,
        tokens,
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
