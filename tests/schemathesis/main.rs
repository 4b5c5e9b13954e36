//! The API checked against its own OpenAPI document by Schemathesis, with
//! every check, for each role's token: every answer is documented (status,
//! content type, body schema), what the document allows is accepted, and
//! what it forbids is refused. `scripts/test.sh` installs Schemathesis and
//! names it in `SUIVI_SCHEMATHESIS`.

#[path = "../common/mod.rs"]
mod common;

use std::io::BufRead;
use std::process::{Command, Stdio};

use common::{fresh_db, Backend};

const PASSWORD: &str = "un mot de passe sûr";

fn suivi(url: &str) -> Command {
    let mut c = crate::common::suivi_program();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SUIVI_DATABASE_URL", url)
        .env("SUIVI_PASSWORD", PASSWORD)
        .env_remove("SUIVI_SMTP_URL")
        .env_remove("SUIVI_NOW");
    c
}

#[track_caller]
fn ok(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_api_matches_its_openapi_document_for_every_role() {
    let st = std::env::var("SUIVI_SCHEMATHESIS").unwrap_or_else(|_| {
        panic!(
            "SUIVI_SCHEMATHESIS is not set: run the tests with scripts/test.sh, which installs \
             Schemathesis and names its `st` command there"
        )
    });
    let db = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(fresh_db(Backend::Sqlite));
    ok(suivi(&db.url).args(["demo", "--database", &db.url]));
    let users = [
        ("directeur", "director", None),
        ("agent", "cps", None),
        ("pf-dcm", "structure", Some("DCM")),
        ("lecteur", "reader", None),
    ];
    let mut tokens = Vec::new();
    for (name, role, structure) in users {
        let mut add = suivi(&db.url);
        add.args(["user", "add", name, "--role", role]);
        if let Some(s) = structure {
            add.args(["--structure", s]);
        }
        ok(&mut add);
        let token = ok(suivi(&db.url).args(["token", "create", "--user", name]));
        tokens.push((name, token.lines().next().unwrap().to_string()));
    }
    let mut serve = suivi(&db.url)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("SUIVI_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(serve.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("serve ended early").unwrap();
        if let Ok(log) = serde_json::from_str::<serde_json::Value>(&line) {
            if let Some(port) = log["fields"]["port"].as_u64() {
                break port;
            }
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let base = format!("http://127.0.0.1:{port}");
    let config = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schemathesis/schemathesis.toml"
    );
    let mut failed = Vec::new();
    for (name, token) in &tokens {
        let out = Command::new(&st)
            .args(["--config-file", config, "run"])
            .arg(format!("{base}/api/openapi.json"))
            .args(["--url", &base])
            .args(["-H", &format!("Authorization: Bearer {token}")])
            .args(["--checks", "all", "--max-examples", "30", "--seed", "1"])
            .env("NO_COLOR", "1")
            .output()
            .expect("run schemathesis");
        let report = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            // Generated bodies can be huge: the failures' headings and the
            // summary are enough to find them again (`st replay ID`).
            let short: String = report
                .lines()
                .filter(|l| l.len() < 300)
                .collect::<Vec<_>>()
                .join("\n");
            failed.push(format!("--- as {name} ---\n{short}"));
        } else {
            // Every generated case passed, and there were some.
            let counts = report
                .lines()
                .find(|l| l.contains(" generated, "))
                .unwrap_or_else(|| panic!("no count of test cases:\n{report}"));
            let numbers: Vec<u64> = counts
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect();
            assert!(
                numbers.len() == 2 && numbers[0] == numbers[1] && numbers[0] > 500,
                "{name}: {counts}"
            );
        }
    }
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
