//! Reminders end to end, with a real SMTP server on loopback: digests arrive
//! once, survive an SMTP outage and a killed process, and go out once when
//! two instances share a PostgreSQL database.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/smtp.rs"]
mod smtp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use common::{fresh_db, Backend, TestDb};
use smtp::SmtpSink;
use suivi::app::App;
use suivi::config::Settings;
use suivi::mail::outbox;
use suivi::reminders::{Outcome, Reminders};

const DAY: &str = "2024-12-31";

fn day() -> NaiveDate {
    DAY.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A copy of the shipped configuration with short leases and three attempts.
fn test_config(db: &TestDb) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = db.dir().join("config");
    for sub in [
        "",
        "calendar",
        "holidays",
        "templates/reminder/fr",
        "templates/reminder/en",
    ] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join("config").join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let reminders = std::fs::read_to_string(dir.join("reminders.toml")).unwrap();
    let reminders = reminders
        .replace("max_attempts = 5", "max_attempts = 3")
        .replace("lease_seconds = 120", "lease_seconds = 1");
    std::fs::write(dir.join("reminders.toml"), reminders).unwrap();
    dir
}

fn suivi(db: &TestDb, config: &Path, smtp: Option<&SmtpSink>, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SUIVI_DATABASE_URL", &db.url)
        .env("SUIVI_CONFIG_DIR", config)
        .env("SUIVI_LISTEN", "127.0.0.1:0")
        .env("SUIVI_ACTOR", "test")
        .env_remove("SUIVI_LANG")
        .args(args);
    match smtp {
        Some(s) => c.env("SUIVI_SMTP_URL", s.url()),
        None => c.env_remove("SUIVI_SMTP_URL"),
    };
    c
}

#[track_caller]
fn ok(o: Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "suivi failed:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// A database holding the example data.
async fn example(backend: Backend) -> (TestDb, PathBuf) {
    let db = fresh_db(backend).await;
    let config = test_config(&db);
    ok(suivi(&db, &config, None, &["demo", "--database", &db.url])
        .output()
        .unwrap());
    (db, config)
}

/// The structures whose digest `sink` received, in order.
fn structures(sink: &SmtpSink) -> Vec<String> {
    sink.messages()
        .iter()
        .map(|m| {
            let subject = m.parsed().subject().unwrap().to_string();
            subject
                .split(" – ")
                .nth(1)
                .unwrap()
                .split(" :")
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

async fn digests_arrive_once(backend: Backend) {
    let (db, config) = example(backend).await;
    let sink = SmtpSink::start().await;
    let plan: serde_json::Value = serde_json::from_str(&ok(suivi(
        &db,
        &config,
        Some(&sink),
        &["reminders", "plan", "--date", DAY, "--format", "json"],
    )
    .output()
    .unwrap()))
    .unwrap();
    let planned: Vec<&str> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["structure"].as_str().unwrap())
        .collect();
    assert_eq!(planned, ["CPS/SCI", "MAECI", "MMEIA"]);
    assert!(sink.messages().is_empty(), "plan is a dry run");
    // 1 January 2025 is a holiday: the 30-day reminder of the 2025 PTA (due
    // 31 January) moves to the working day before, 31 December.
    let cps = &plan[0]["items"];
    assert!(
        cps.as_array()
            .unwrap()
            .iter()
            .any(|i| i["ref"] == "2025/pta_cps" && i["days"] == 31),
        "{cps}"
    );

    let out = ok(suivi(
        &db,
        &config,
        Some(&sink),
        &["reminders", "run", "--date", DAY],
    )
    .output()
    .unwrap());
    assert!(
        out.contains("3 courrier(s) mis en file ; 3 envoyé(s)"),
        "{out}"
    );
    let mut got = structures(&sink);
    got.sort();
    assert_eq!(got, ["CPS/SCI", "MAECI", "MMEIA"]);

    let maeci = sink
        .messages()
        .into_iter()
        .find(|m| {
            m.rcpt
                .contains(&"point-focal@maeci.example.org".to_string())
        })
        .expect("MAECI's digest");
    // The sector report is 245 days late: the head and the director are copied.
    let mut rcpt = maeci.rcpt.clone();
    rcpt.sort();
    assert_eq!(
        rcpt,
        [
            "directeur@cps-sci.example.org",
            "point-focal@maeci.example.org",
            "responsable@maeci.example.org"
        ]
    );
    let parsed = maeci.parsed();
    assert_eq!(
        parsed.subject(),
        Some("Relance suivi – MAECI : 2 échéances, dont 1 en retard")
    );
    let text = parsed.body_text(0).unwrap();
    assert!(
        text.contains(
            "Ministère des Affaires Etrangères et de la Coopération Internationale (MAECI)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Recommandation 2024#1 : Renforcer le système de suivi-évaluation"),
        "{text}"
    );
    assert!(
        text.contains("Échéance : 31 décembre 2024 – aujourd'hui."),
        "{text}"
    );
    assert!(
        text.contains("Échéance : 30 avril 2024 – en retard de 245 jours."),
        "{text}"
    );
    let html = parsed.body_html(0).unwrap();
    assert!(
        html.contains("<strong>Recommandation 2024#1</strong>"),
        "{html}"
    );

    // The same day again: nothing new.
    let out = ok(suivi(
        &db,
        &config,
        Some(&sink),
        &["reminders", "run", "--date", DAY],
    )
    .output()
    .unwrap());
    assert!(
        out.contains("0 courrier(s) mis en file ; 0 envoyé(s)"),
        "{out}"
    );
    assert_eq!(sink.messages().len(), 3);

    // Each reminder is in the history of the item it concerns.
    let app = App::open(&Settings::load(Some(config.clone()), None, Some(db.url.clone())).unwrap())
        .await
        .unwrap();
    let (rec, _) = app
        .db
        .load::<suivi::domain::recommendation::Recommendation>("2024#1")
        .await
        .unwrap();
    let ids: Vec<String> = sink
        .messages()
        .iter()
        .map(|m| format!("<{}>", m.parsed().message_id().unwrap()))
        .collect();
    assert_eq!(rec.reminders.len(), 2, "MAECI's and MMEIA's digests");
    assert!(
        rec.reminders.iter().all(|r| ids.contains(r)),
        "{:?} vs {ids:?}",
        rec.reminders
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn digests_arrive_once_on_sqlite() {
    digests_arrive_once(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn digests_arrive_once_on_postgres() {
    digests_arrive_once(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_smtp_outage_loses_nothing_and_ends_in_dead_letters() {
    let (db, config) = example(Backend::Sqlite).await;
    let mut sink = SmtpSink::start().await;
    let app = App::open(&Settings::load(Some(config.clone()), None, Some(db.url.clone())).unwrap())
        .await
        .unwrap();
    let r = Reminders::new(&app, Some(&sink.url())).unwrap();
    let t0 = at("2024-12-31T08:00:00Z");
    assert_eq!(r.enqueue(day(), t0).await.unwrap(), 3);
    assert!(matches!(
        r.try_execute_task(t0).await.unwrap(),
        Outcome::Sent { .. }
    ));

    sink.stop();
    assert!(matches!(
        r.try_execute_task(t0).await.unwrap(),
        Outcome::Retry { .. }
    ));
    assert!(matches!(
        r.try_execute_task(t0).await.unwrap(),
        Outcome::Retry { .. }
    ));
    // Backing off: nothing is due until the retry delay has passed.
    assert_eq!(r.try_execute_task(t0).await.unwrap(), Outcome::Idle);
    let pending = outbox::list(&app.db, Some("pending")).await.unwrap();
    assert_eq!(pending.len(), 2);
    assert!(pending
        .iter()
        .all(|m| m.attempts == 1 && m.last_error.is_some()));

    sink.restart().await;
    let d = r.deliver_due(at("2024-12-31T08:01:01Z")).await.unwrap();
    assert_eq!((d.sent, d.retried, d.dead), (2, 0, 0));
    let mut got = structures(&sink);
    got.sort();
    assert_eq!(got, ["CPS/SCI", "MAECI", "MMEIA"]);

    // A server that stays down: after three attempts the message is a dead letter.
    sink.stop();
    let next = NaiveDate::from_ymd_opt(2025, 1, 7).unwrap();
    assert!(r.enqueue(next, at("2025-01-07T08:00:00Z")).await.unwrap() > 0);
    let mut now = at("2025-01-07T08:00:00Z");
    let mut dead = 0;
    for _ in 0..10 {
        let d = r.deliver_due(now).await.unwrap();
        dead += d.dead;
        now += chrono::Duration::minutes(10);
    }
    assert!(dead > 0);
    let out = ok(suivi(
        &db,
        &config,
        None,
        &[
            "reminders",
            "outbox",
            "--status",
            "dead",
            "--format",
            "json",
        ],
    )
    .output()
    .unwrap());
    let dead: serde_json::Value = serde_json::from_str(&out).unwrap();
    let dead = dead.as_array().unwrap();
    assert!(!dead.is_empty());
    assert!(dead
        .iter()
        .all(|m| m["attempts"] == 3 && m["last_error"].is_string() && m["day"] == "2025-01-07"));
    assert_eq!(
        sink.messages().len(),
        3,
        "nothing was sent while the server was down"
    );
}

async fn a_killed_run_resumes(backend: Backend) {
    let (db, config) = example(backend).await;
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_millis(400));
    let mut child = suivi(
        &db,
        &config,
        Some(&sink),
        &["reminders", "run", "--date", DAY],
    )
    .spawn()
    .unwrap();
    let start = Instant::now();
    while sink.messages().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no message arrived"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // Let the lease of the message in flight (1 s in this configuration) expire.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    sink.set_delay(Duration::ZERO);
    ok(suivi(
        &db,
        &config,
        Some(&sink),
        &["reminders", "run", "--date", DAY],
    )
    .output()
    .unwrap());
    let mut got = structures(&sink);
    got.sort();
    got.dedup();
    assert_eq!(got, ["CPS/SCI", "MAECI", "MMEIA"], "every digest arrived");
    assert!(
        sink.messages().len() <= 4,
        "at most one duplicate per kill: {}",
        sink.messages().len()
    );
    let sent = outbox::list(
        &App::open(&Settings::load(Some(config), None, Some(db.url.clone())).unwrap())
            .await
            .unwrap()
            .db,
        Some("sent"),
    )
    .await
    .unwrap();
    assert_eq!(sent.len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_run_resumes_on_sqlite() {
    a_killed_run_resumes(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_run_resumes_on_postgres() {
    a_killed_run_resumes(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_on_one_postgres_send_each_digest_once() {
    let (db, config) = example(Backend::Postgres).await;
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_millis(100));
    let a = suivi(
        &db,
        &config,
        Some(&sink),
        &["reminders", "run", "--date", DAY],
    )
    .spawn()
    .unwrap();
    let b = suivi(
        &db,
        &config,
        Some(&sink),
        &["reminders", "run", "--date", DAY],
    )
    .spawn()
    .unwrap();
    ok(a.wait_with_output().unwrap());
    ok(b.wait_with_output().unwrap());
    let mut got = structures(&sink);
    got.sort();
    assert_eq!(got, ["CPS/SCI", "MAECI", "MMEIA"]);
}

async fn the_scheduler_runs_once_per_day_under_one_lease(backend: Backend) {
    let (db, config) = example(backend).await;
    let app = App::open(&Settings::load(Some(config), None, Some(db.url.clone())).unwrap())
        .await
        .unwrap();
    let r = Reminders::new(&app, None).unwrap();
    let now = at("2024-12-31T09:00:00Z");
    let due = suivi::scheduler::due_run(&r.settings.schedule, r.settings.timezone, now, |_| false);
    assert_eq!(due, Some(day()));
    assert_eq!(
        suivi::scheduler::run_reminders(&r, day(), now)
            .await
            .unwrap(),
        Some(3)
    );
    assert_eq!(
        suivi::scheduler::run_reminders(&r, day(), now)
            .await
            .unwrap(),
        None,
        "once per day"
    );
    let ran = suivi::scheduler::ran_days(&app.db, suivi::scheduler::REMINDERS_JOB)
        .await
        .unwrap();
    assert_eq!(ran, vec![day()]);

    let ttl = Duration::from_secs(60);
    assert!(suivi::scheduler::acquire_lease(&app.db, "a", now, ttl)
        .await
        .unwrap());
    assert!(!suivi::scheduler::acquire_lease(&app.db, "b", now, ttl)
        .await
        .unwrap());
    assert!(
        suivi::scheduler::acquire_lease(&app.db, "a", now, ttl)
            .await
            .unwrap(),
        "renewal"
    );
    assert!(
        suivi::scheduler::acquire_lease(&app.db, "b", now + chrono::Duration::seconds(61), ttl)
            .await
            .unwrap(),
        "expired"
    );
    suivi::scheduler::release_lease(&app.db, "b").await.unwrap();
    assert!(suivi::scheduler::acquire_lease(
        &app.db,
        "a",
        now + chrono::Duration::seconds(62),
        ttl
    )
    .await
    .unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_scheduler_runs_once_per_day_under_one_lease_on_sqlite() {
    the_scheduler_runs_once_per_day_under_one_lease(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_scheduler_runs_once_per_day_under_one_lease_on_postgres() {
    the_scheduler_runs_once_per_day_under_one_lease(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_smtp_messages_are_written_as_files() {
    let (db, config) = example(Backend::Sqlite).await;
    let outbox_dir = db.dir().join("eml");
    let reminders = std::fs::read_to_string(config.join("reminders.toml")).unwrap();
    std::fs::write(
        config.join("reminders.toml"),
        reminders.replace(
            "outbox_dir = \"data/outbox\"",
            &format!("outbox_dir = \"{}\"", outbox_dir.display()),
        ),
    )
    .unwrap();
    let out = ok(
        suivi(&db, &config, None, &["reminders", "run", "--date", DAY])
            .output()
            .unwrap(),
    );
    assert!(out.contains("fichiers .eml"), "{out}");
    let files: Vec<_> = std::fs::read_dir(&outbox_dir).unwrap().collect();
    assert_eq!(files.len(), 3);
    let data = std::fs::read(files[0].as_ref().unwrap().path()).unwrap();
    let parsed = mail_parser::MessageParser::default().parse(&data).unwrap();
    assert!(parsed.subject().unwrap().starts_with("Relance suivi – "));
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_runs_the_job_and_stops_cleanly_on_sigterm() {
    let (db, config) = example(Backend::Sqlite).await;
    let reminders = std::fs::read_to_string(config.join("reminders.toml")).unwrap();
    std::fs::write(
        config.join("reminders.toml"),
        reminders.replace(
            "schedule = \"0 0 8 * * Mon-Fri\"",
            "schedule = \"* * * * * *\"",
        ),
    )
    .unwrap();
    let sink = SmtpSink::start().await;
    let child = suivi(&db, &config, Some(&sink), &["serve"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let app = App::open(&Settings::load(Some(config.clone()), None, Some(db.url.clone())).unwrap())
        .await
        .unwrap();
    let start = Instant::now();
    while suivi::scheduler::ran_days(&app.db, suivi::scheduler::REMINDERS_JOB)
        .await
        .unwrap()
        .is_empty()
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the daily job never ran"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("arrêté proprement"), "{stderr}");
    let today = Utc::now()
        .with_timezone(&chrono_tz::Africa::Bamako)
        .date_naive();
    let ran = suivi::scheduler::ran_days(&app.db, suivi::scheduler::REMINDERS_JOB)
        .await
        .unwrap();
    assert_eq!(ran, vec![today], "one run, for today");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_year_end_snapshot_is_taken_once_the_year_is_over() {
    let (db, config) = example(Backend::Sqlite).await;
    let app = App::open(&Settings::load(Some(config.clone()), None, Some(db.url.clone())).unwrap())
        .await
        .unwrap();
    let r = Reminders::new(&app, None).unwrap();
    let take = |t: &str| suivi::scheduler::year_end_snapshot(&r, at(t));
    assert_eq!(
        take("2023-12-31T23:59:59Z").await.unwrap(),
        None,
        "the year is not over"
    );
    assert_eq!(take("2024-01-01T00:00:00Z").await.unwrap(), Some(2023));
    assert_eq!(take("2024-01-01T00:00:15Z").await.unwrap(), None, "once");
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_catches_up_the_year_end_snapshot_at_start() {
    let (db, config) = example(Backend::Sqlite).await;
    // Down over new year: started on 5 January 2024.
    let child = suivi(&db, &config, None, &["serve"])
        .env(suivi::app::CLOCK, "2024-01-05T10:00:00Z")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let app = App::open(&Settings::load(Some(config.clone()), None, Some(db.url.clone())).unwrap())
        .await
        .unwrap();
    let year = suivi::domain::types::Year::new(2023).unwrap();
    let start = Instant::now();
    while suivi::audit::snapshot::load(&app.db, year)
        .await
        .unwrap()
        .is_none()
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no snapshot taken"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = suivi::audit::snapshot::load(&app.db, year)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.content.activities.executed, 14);
    assert_eq!(s.taken_by, "suivi (clôture annuelle)");
    assert_eq!(
        suivi::audit::snapshot::verify(&app.db, year).await.unwrap(),
        suivi::audit::snapshot::SnapshotVerdict::Intact
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_anchor_is_mailed_to_the_director() {
    let (db, config) = example(Backend::Sqlite).await;
    let sink = SmtpSink::start().await;
    let out = ok(
        suivi(&db, &config, Some(&sink), &["audit", "anchor", "--mail"])
            .output()
            .unwrap(),
    );
    let anchor = out.lines().next().unwrap().to_string();
    assert!(out.contains("Envoyée au directeur (1 envoyé(s)"), "{out}");
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].rcpt, ["directeur@cps-sci.example.org"]);
    let parsed = messages[0].parsed();
    assert!(parsed.body_text(0).unwrap().contains(&anchor));
    // The anchor verifies.
    ok(suivi(
        &db,
        &config,
        None,
        &["audit", "verify", "--anchor", &anchor],
    )
    .output()
    .unwrap());
}
