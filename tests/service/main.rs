//! `suivi serve` as a service left running: it survives a PostgreSQL restart
//! in the middle of a reminder run, and several workers (two instances and a
//! manual run, one of them killed) send each reminder once.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/smtp.rs"]
mod smtp;

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{fresh_db, Backend};
use serde_json::Value;
use smtp::SmtpSink;
use sqlx::Connection;

const DAY: &str = "2024-12-31";
/// Half an hour after the daily run's time: a started `serve` runs it at once.
const NOW: &str = "2024-12-31T08:30:00Z";
const PASSWORD: &str = "correct horse battery staple";

/// A PostgreSQL server of its own, which a test may stop and start again.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl Cluster {
    fn start() -> Cluster {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("the PostgreSQL server (scripts/test.sh installs it)")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .find(|b| b.join("initdb").exists())
            .expect("initdb");
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Cluster { bin, dir, port };
        if c.as_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(c.dir.path())
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let data = c.dir.path().join("data");
        c.pg("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-A", "trust", "--no-sync"])
            .stdout(Stdio::null())
            .run();
        c.up();
        c
    }

    fn as_root(&self) -> bool {
        let id = Command::new("id").arg("-u").output().unwrap();
        String::from_utf8_lossy(&id.stdout).trim() == "0"
    }

    fn pg(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if self.as_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn up(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.path().display()
        );
        self.pg("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .arg("-l")
            .arg(self.dir.path().join("server.log"))
            .args(["-w", "-o", &options, "start"])
            .stdout(Stdio::null())
            .run();
    }

    fn down(&self) {
        self.pg("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "fast", "-w", "stop"])
            .stdout(Stdio::null())
            .run();
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .pg("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

trait Run {
    fn run(&mut self);
}

impl Run for Command {
    #[track_caller]
    fn run(&mut self) {
        let out = self.output().unwrap();
        assert!(
            out.status.success(),
            "{self:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn suivi(url: &str, config: &Path, smtp: Option<&SmtpSink>) -> Command {
    let mut c = crate::common::suivi_program();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SUIVI_DATABASE_URL", url)
        .env("SUIVI_CONFIG_DIR", config)
        .env("SUIVI_LISTEN", "127.0.0.1:0")
        .env("SUIVI_ACTOR", "test")
        .env("SUIVI_PASSWORD", PASSWORD)
        .env("SUIVI_LOG", "info")
        .env_remove("SUIVI_LANG");
    match smtp {
        Some(s) => c.env("SUIVI_SMTP_URL", s.url()),
        None => c.env_remove("SUIVI_SMTP_URL"),
    };
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

/// A running `suivi serve`, its port and its log lines.
struct Serve {
    child: Child,
    port: u16,
    logs: Arc<Mutex<Vec<Value>>>,
}

impl Serve {
    fn start(mut command: Command) -> Serve {
        let mut child = command
            .arg("serve")
            .env("SUIVI_NOW", NOW)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let logs: Arc<Mutex<Vec<Value>>> = Arc::default();
        let port = loop {
            let line = lines.next().expect("serve ended early").unwrap();
            if let Ok(log) = serde_json::from_str::<Value>(&line) {
                let port = log["fields"]["port"].as_u64();
                logs.lock().unwrap().push(log);
                if let Some(port) = port {
                    break port as u16;
                }
            }
        };
        let kept = logs.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if let Ok(log) = serde_json::from_str::<Value>(&line) {
                    kept.lock().unwrap().push(log);
                }
            }
        });
        Serve { child, port, logs }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn errors(&self) -> Vec<Value> {
        self.logs
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l["level"] == "ERROR")
            .cloned()
            .collect()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Message-IDs the sink received, with how many times each.
fn message_ids(sink: &SmtpSink) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    for m in sink.messages() {
        let id = m.parsed().message_id().unwrap().to_string();
        *ids.entry(id).or_insert(0) += 1;
    }
    ids
}

async fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn create_database(admin: &str, name: &str) {
    let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_survives_a_postgres_restart_in_the_middle_of_a_reminder_run() {
    let cluster = Cluster::start();
    create_database(&cluster.url("postgres"), "suivi").await;
    let url = cluster.url("suivi");
    let work = tempfile::tempdir().unwrap();
    let config = common::copy_config(work.path());
    ok(suivi(&url, &config, None).args(["demo", "--database", &url]));
    ok(suivi(&url, &config, None).args(["user", "add", "agent", "--role", "cps"]));
    let token = ok(suivi(&url, &config, None).args(["token", "create", "--user", "agent"]));
    let token = token.lines().next().unwrap().to_string();
    ok(suivi(&url, &config, None).args(["user", "add", "directeur", "--role", "director"]));
    let director = ok(suivi(&url, &config, None).args(["token", "create", "--user", "directeur"]));
    let director = director.lines().next().unwrap().to_string();

    // Three digests are due on 31 December 2024; each takes two seconds to send.
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_secs(2));
    let mut serve = Serve::start(suivi(&url, &config, Some(&sink)));
    let client = reqwest::Client::new();
    let table = serve.url("/api/reports/activities?year=2023");
    let page = || client.get(&table).bearer_auth(&token).send();
    assert_eq!(page().await.unwrap().status(), 200);
    wait_until("the first digest", Duration::from_secs(60), || {
        !sink.messages().is_empty()
    })
    .await;

    // The database goes away for 30 seconds while the second digest is being sent.
    cluster.down();
    let down = Instant::now();
    let mut unavailable = false;
    while down.elapsed() < Duration::from_secs(30) {
        assert!(serve.alive(), "serve stopped while the database was down");
        // Alive, and saying so at once; not ready while the database is away.
        let asked = Instant::now();
        let health = client.get(serve.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), 200);
        assert!(
            asked.elapsed() < Duration::from_secs(2),
            "/healthz took {:?}",
            asked.elapsed()
        );
        let ready = client.get(serve.url("/readyz")).send().await.unwrap();
        if ready.status() == 503 {
            unavailable = true;
            let body: serde_json::Value = health.json().await.unwrap();
            assert!(
                ["degraded", "ok"].contains(&body["status"].as_str().unwrap()),
                "{body}"
            );
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    assert!(unavailable, "/readyz said the database was unreachable");
    cluster.up();

    // Pages answer again within seconds.
    let back = Instant::now();
    loop {
        if let Ok(r) = page().await {
            if r.status() == 200 {
                break;
            }
        }
        assert!(
            back.elapsed() < Duration::from_secs(15),
            "pages still failing {:?} after the restart",
            back.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(serve.alive());

    // Every digest goes out, once.
    wait_until("three digests", Duration::from_secs(90), || {
        message_ids(&sink).len() == 3
    })
    .await;
    // A message is marked sent in the transaction that follows its sending:
    // the last mark may trail the last message by a moment.
    let started = std::time::Instant::now();
    let sent: Value = loop {
        let sent: Value = client
            .get(serve.url("/api/reminders/outbox?status=sent"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if sent.as_array().unwrap().len() == 3 || started.elapsed() > Duration::from_secs(30) {
            break sent;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(sent.as_array().unwrap().len(), 3, "{sent}");
    let ids = message_ids(&sink);
    assert!(
        ids.values().all(|n| *n == 1),
        "a digest went out twice: {ids:?}"
    );
    assert_eq!(sink.messages().len(), 3);

    // The failure was logged as an error and is reported by /healthz: its
    // cause to the director only.
    assert!(!serve.errors().is_empty(), "no error logged");
    let health = |token: Option<&str>| {
        let mut r = client.get(serve.url("/healthz"));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        async move { r.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let seen = health(Some(&director)).await;
    assert_eq!(seen["status"], "ok", "{seen}");
    let recovered = |h: &Value, with_cause: bool| {
        h["parts"].as_array().unwrap().iter().any(|p| {
            p["ok"] == true
                && p["failures"] == 0
                && p["last_error"].is_string() == with_cause
                && p["last_error_at"].is_string()
        })
    };
    assert!(recovered(&seen, true), "{seen}");
    for other in [None, Some(token.as_str())] {
        let h = health(other).await;
        assert!(recovered(&h, false), "{h}");
        assert!(!h.to_string().contains("last_error\":\""), "{h}");
    }
}

/// `n` structures `S001`… added to a copy of the configuration, each with
/// one recommendation of session 2024 due on 31 December 2024.
async fn many_structures(url: &str, work: &Path, n: usize) -> PathBuf {
    let config = common::copy_config(work);
    let lease = config.join("reminders.toml");
    common::edit_config(&lease, "lease_seconds = 120", "lease_seconds = 5");
    let mut directory = std::fs::read_to_string(config.join("structures.toml")).unwrap();
    let mut csv = String::from("numero;recommandation;structures;echeance\n");
    for i in 1..=n {
        directory.push_str(&format!(
            "\n[[structure]]\ncode = \"S{i:03}\"\nname = \"Structure {i}\"\nfocal_points = [\"pf@s{i:03}.example.org\"]\n"
        ));
        csv.push_str(&format!(
            "{i};Transmettre le rapport n° {i};S{i:03};31/12/2024\n"
        ));
    }
    std::fs::write(config.join("structures.toml"), directory).unwrap();
    let file = work.join("recommandations.csv");
    std::fs::write(&file, csv).unwrap();
    ok(suivi(url, &config, None)
        .args(["recommendation", "import"])
        .arg(&file)
        .args(["--session", "2024"]));
    config
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_and_a_manual_run_send_200_digests_once_despite_a_kill() {
    let db = fresh_db(Backend::Postgres).await;
    let config = many_structures(&db.url, db.dir(), 200).await;
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_millis(250));

    let mut a = Serve::start(suivi(&db.url, &config, Some(&sink)));
    let b = Serve::start(suivi(&db.url, &config, Some(&sink)));
    let manual = suivi(&db.url, &config, Some(&sink))
        .env("SUIVI_NOW", NOW)
        .args(["reminders", "run", "--date", DAY])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    wait_until("40 digests", Duration::from_secs(120), || {
        sink.messages().len() >= 40
    })
    .await;
    a.child.kill().unwrap(); // SIGKILL, mid-send
    a.child.wait().unwrap();

    let app = {
        let settings =
            suivi::config::Settings::load(Some(config.clone()), None, Some(db.url.clone()))
                .unwrap();
        suivi::app::App::open(&settings, crate::common::clock())
            .await
            .unwrap()
    };
    let who = suivi::app::Actor::operator("tests", None);
    let start = Instant::now();
    // The 200 digests, and those of the harmonized calendar's deadlines of the day.
    let digests = loop {
        let all = app.outbox(None, &who).await.unwrap();
        let sent = all.iter().filter(|m| m.sent_at.is_some()).count();
        if all.len() >= 200 && sent == all.len() {
            break all.len();
        }
        assert!(
            start.elapsed() < Duration::from_secs(180),
            "only {sent} of {} digests sent",
            all.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let mut manual = manual;
    manual.wait().unwrap();
    drop(b);

    // 0 lost: every structure got its digest; at most one duplicate (one kill).
    let ids = message_ids(&sink);
    assert_eq!(ids.len(), digests);
    let total = sink.messages().len();
    assert!(
        total <= digests + 1,
        "{total} messages for {digests} digests and one kill"
    );
    let recipients: HashSet<String> = sink
        .messages()
        .iter()
        .flat_map(|m| m.rcpt.clone())
        .collect();
    for i in 1..=200 {
        assert!(
            recipients.contains(&format!("pf@s{i:03}.example.org")),
            "S{i:03}"
        );
    }
    assert!(app.outbox(Some("pending"), &who).await.unwrap().is_empty());
    assert!(app.outbox(Some("dead"), &who).await.unwrap().is_empty());
    // Each recommendation records its reminder once, with the Message-ID sent.
    for number in 1..=200 {
        let id = suivi::domain::recommendation::RecommendationRef {
            session: suivi::domain::types::SessionId::parse("2024").unwrap(),
            number,
        };
        let rec = app.recommendation(&id, &who).await.unwrap();
        assert_eq!(rec.reminders.len(), 1, "recommendation {number}");
        assert!(ids.contains_key(rec.reminders[0].trim_matches(['<', '>'])));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_speaks_https_with_the_configured_certificate() {
    let db = fresh_db(Backend::Sqlite).await;
    let config = common::copy_config(db.dir());
    let cert = rcgen::generate_simple_self_signed(vec!["suivi.cps.example.org".into()]).unwrap();
    let (cert_file, key_file) = (db.dir().join("cert.pem"), db.dir().join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.key_pair.serialize_pem()).unwrap();
    common::edit_config(
        &config.join("suivi.toml"),
        "# tls_certificate = \"/etc/suivi/certificat.pem\"\n# tls_key = \"/etc/suivi/cle.pem\"",
        &format!(
            "tls_certificate = \"{}\"\ntls_key = \"{}\"",
            cert_file.display(),
            key_file.display()
        ),
    );
    ok(suivi(&db.url, &config, None).args(["demo", "--database", &db.url]));
    ok(suivi(&db.url, &config, None).args(["user", "add", "directeur", "--role", "director"]));
    let serve = Serve::start(suivi(&db.url, &config, None));
    let https = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = format!("https://127.0.0.1:{}", serve.port);
    let r = https.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // From another machine of the LAN, over HTTPS, the login keeps its cookie.
    let r = https
        .post(format!("{base}/login"))
        .header("host", "suivi.cps.example.org")
        .form(&[("name", "directeur"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(common::session_set_cookie(r.headers()).contains("Secure"));
    // Plain HTTP on that port gets no page.
    let plain = reqwest::get(format!("http://127.0.0.1:{}/healthz", serve.port)).await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());

    // A key that is missing is said at start, with its path.
    let broken = db.dir().join("absent.pem");
    common::edit_config(
        &config.join("suivi.toml"),
        &format!("tls_key = \"{}\"", key_file.display()),
        &format!("tls_key = \"{}\"", broken.display()),
    );
    let out = suivi(&db.url, &config, None).arg("serve").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("absent.pem"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The setup link of a first start, from the service's log, once the
/// start is over (the scheduler has said it started).
fn setup_link(serve: &Serve) -> Option<String> {
    let start = Instant::now();
    loop {
        let logs = serve.logs.lock().unwrap();
        let link = logs
            .iter()
            .find_map(|l| l["fields"]["setup_link"].as_str().map(str::to_string));
        let started = logs
            .iter()
            .any(|l| l["fields"]["message"] == "scheduler started");
        if link.is_some() || started || start.elapsed() > Duration::from_secs(20) {
            return link;
        }
        drop(logs);
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A first start asks for nothing: its log gives a one-time link, with the
/// host, where the director chooses a password; then the link is dead and
/// a start after that gives none.
#[tokio::test(flavor = "multi_thread")]
async fn a_first_start_gives_a_setup_link_that_creates_the_director() {
    let db = fresh_db(Backend::Sqlite).await;
    let config = common::copy_config(db.dir());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = |port: u16| {
        client
            .post(format!("http://127.0.0.1:{port}/login"))
            .form(&[("name", "directeur"), ("password", PASSWORD)])
            .send()
    };
    let link = {
        let serve = Serve::start(suivi(&db.url, &config, None));
        let link = setup_link(&serve).expect("a setup link in the log");
        let base = format!("http://127.0.0.1:{}/welcome/", serve.port);
        assert!(link.starts_with(&base), "{link}");
        // Nobody can log in before it is used: there is no default password.
        assert_eq!(login(serve.port).await.unwrap().status(), 401);
        let page = client.get(&link).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("directeur"));
        let chosen = client
            .post(&link)
            .form(&[("password", PASSWORD), ("confirm", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(chosen.status(), 200);
        let r = login(serve.port).await.unwrap();
        assert_eq!(r.status(), 303);
        let home = client
            .get(format!("http://127.0.0.1:{}/directory", serve.port))
            .header(
                "cookie",
                common::session_set_cookie(r.headers())
                    .split(';')
                    .next()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(home.status(), 200, "the director's pages");
        // Used once, the link is dead.
        assert_eq!(client.get(&link).send().await.unwrap().status(), 404);
        link
    };
    let again = Serve::start(suivi(&db.url, &config, None));
    assert_eq!(
        setup_link(&again),
        None,
        "no new link once the director exists"
    );
    let path = link.split_once("/welcome/").unwrap().1;
    let dead = client
        .get(again.url(&format!("/welcome/{path}")))
        .send()
        .await
        .unwrap();
    assert_eq!(dead.status(), 404);
}
