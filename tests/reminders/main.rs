//! Reminders end to end, with a real SMTP server on loopback: digests arrive
//! once, survive an SMTP outage and a killed process, and go out once when
//! two instances share a PostgreSQL database.
//!
//! (Long: every scenario shares the example store, the SMTP sink and the
//! clock set-up at the top, and reads the messages as a focal point would.)

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
use std::sync::Arc;

use suivi::app::{Actor, App, Outcome};
use suivi::clock::FixedClock;
use suivi::config::Settings;

const DAY: &str = "2024-12-31";

/// The structures with something due on `DAY` in the example data: the 2024
/// recommendations (due by default on 31 December), the calendar, the 2024
/// plan's activities for the CPS units their chronogramme ends with, and
/// the sector's projects whose quarterly figures are owed (the third
/// quarter's, 77 days late, and the fourth's, due on 15 January), the
/// structures of the sector's plan whose quarters' execution is owed (the
/// DCM and the MAECI's DFM, the same two quarters); the MMEIA
/// twice: its digest, and the copy of its lines about TOKTEN that goes to
/// TOKTEN's manager alone.
const DIGESTS: [&str; 11] = [
    "CPS/SCI",
    "CPS/SCI/PLANIFICATION",
    "CPS/SCI/SUIVI-EVALUATION",
    "DCM",
    "DFM/MAECI",
    "DRH/MAECI",
    "DRH/MMEIA",
    "MAECI",
    "MDC",
    "MMEIA",
    "MMEIA",
];

fn day() -> NaiveDate {
    DAY.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A copy of the shipped configuration with short leases and three attempts.
fn test_config(db: &TestDb) -> PathBuf {
    let dir = common::copy_config(db.dir());
    let reminders = dir.join("reminders.toml");
    common::edit_config(&reminders, "max_attempts = 15", "max_attempts = 3");
    common::edit_config(&reminders, "lease_seconds = 120", "lease_seconds = 1");
    common::edit_config(
        &reminders,
        "# public_url = \"https://suivi.cps-sci.example.org\"",
        "public_url = \"https://suivi.test/\"",
    );
    dir
}

fn suivi(db: &TestDb, config: &Path, smtp: Option<&SmtpSink>, args: &[&str]) -> Command {
    let mut c = crate::common::suivi_program();
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

/// The application on the test database, at a fixed time, sending to `smtp`.
async fn open_app(
    db: &TestDb,
    config: &Path,
    smtp: Option<&SmtpSink>,
    clock: Arc<dyn suivi::clock::Clock>,
) -> App {
    let mut settings =
        Settings::load(Some(config.to_path_buf()), None, Some(db.url.clone())).unwrap();
    settings.smtp_url = smtp.map(|s| s.url());
    App::open(&settings, clock).await.unwrap()
}

fn operator() -> Actor {
    Actor::operator("tests", None)
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
    assert_eq!(plan["day"], DAY);
    let planned: Vec<&str> = plan["digests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["digest"]["structure"].as_str().unwrap())
        .collect();
    assert_eq!(planned, DIGESTS);
    assert!(sink.messages().is_empty(), "plan is a dry run");
    // 1 January 2025 is a holiday: the 30-day reminder of the 2025 PTA (due
    // 31 January) moves to the working day before, 31 December.
    let cps = &plan["digests"][0]["digest"]["lines"];
    assert!(
        cps.as_array()
            .unwrap()
            .iter()
            .any(|l| l["item"]["reference"] == "2025/pta_cps" && l["due"]["days"] == 31),
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
        out.contains("11 courrier(s) mis en file ; 11 envoyé(s)"),
        "{out}"
    );
    let mut got = structures(&sink);
    got.sort();
    assert_eq!(got, DIGESTS);
    // No digest speaks the program's own notation: an aggregate id, a
    // machine timestamp, a status code, a structure named twice.
    let notation = regex::Regex::new(
        r"\d{4}#\d|\d{4}:\d+\.\d|\b\d{4}/[a-z_]{3,}|\d{4}-\d\d-\d\d \d\d:\d\d|\b(executed|not_executed|in_progress|non_executee|en_cours|executee)\b|\)\s*\([A-Z/]+\)",
    )
    .unwrap();
    let link = regex::Regex::new(r#"https?://[^\s"<]+"#).unwrap();
    for m in sink.messages() {
        let parsed = m.parsed();
        for body in [
            parsed.subject().unwrap_or_default().to_string(),
            parsed.body_text(0).unwrap_or_default().to_string(),
            parsed.body_html(0).unwrap_or_default().to_string(),
        ] {
            let read = link.replace_all(&body, "");
            assert!(
                !notation.is_match(&read),
                "{:?}: {read}",
                notation.find(&read).map(|f| f.as_str())
            );
        }
    }

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
        Some("Relance suivi – MAECI : 6 échéances, dont 3 en retard")
    );
    // Replies go to the CPS, not to the unattended sender.
    assert_eq!(
        maeci
            .parsed()
            .reply_to()
            .and_then(|r| r.first())
            .and_then(|a| a.address()),
        Some("cps-sci@cps-sci.example.org")
    );
    let text = parsed.body_text(0).unwrap();
    assert!(
        text.contains(
            "qui concernent le Ministère des Affaires Etrangères et de la Coopération Internationale (MAECI)"
        ),
        "{text}"
    );
    // Each item leads to its page, through the login page.
    assert!(
        text.contains(
            "Pour la mettre à jour : https://suivi.test/login?next=%2Frecommendations%3Fsession%3D2024%23rec%2D1"
        ),
        "{text}"
    );
    assert!(
        text.contains("répondez à ce message : la réponse parvient à la CPS/SCI"),
        "{text}"
    );
    assert!(
        text.contains(
            "Recommandation n° 1 de la session 2024 : Renforcer le système de suivi-évaluation"
        ),
        "{text}"
    );
    assert!(
        text.contains("Échéance : 31 décembre 2024 (échéance par défaut) – aujourd'hui."),
        "{text}"
    );
    assert!(
        text.contains("Échéance : 30 avril 2024 (date estimée) – en retard de 245 jours."),
        "{text}"
    );
    // A project's quarter whose figures are neither recorded nor handed in,
    // with the page where they are entered.
    assert!(
        text.contains(
            "Chiffres trimestriels du projet MAECI-02, 3e trimestre 2024 : Projet de construction du nouveau siège du protocole de la République"
        ) && text.contains("Échéance : 15 octobre 2024 – en retard de 77 jours.")
            && text.contains("https://suivi.test/login?next=%2Fprojects%2FMAECI%252D02%3Fyear%3D2024"),
        "{text}"
    );
    // The manager of a project the MMEIA follows receives the lines about
    // its project, alone, and nothing else of the MMEIA's digest.
    let messages = sink.messages();
    let to_mmeia = messages
        .iter()
        .find(|m| {
            m.rcpt
                .contains(&"point-focal@mmeia.example.org".to_string())
        })
        .expect("MMEIA's digest");
    assert!(
        !to_mmeia
            .rcpt
            .contains(&"gestionnaire@tokten.example.org".to_string()),
        "{:?}",
        to_mmeia.rcpt
    );
    let manager = messages
        .iter()
        .find(|m| m.rcpt == ["gestionnaire@tokten.example.org"])
        .expect("the manager's copy");
    let copy = manager.parsed().body_text(0).unwrap().to_string();
    assert!(
        copy.contains("Chiffres trimestriels du projet MMEIA-01, 4e trimestre 2024")
            && copy.contains("1. ")
            && !copy.contains("2. ")
            && !copy.contains("Recommandation"),
        "{copy}"
    );
    let html = parsed.body_html(0).unwrap();
    assert!(
        html.contains("<strong>Recommandation n° 1 de la session 2024</strong>"),
        "{html}"
    );

    // The units of the CPS are reminded of the activities their chronogramme
    // ends with this month, by code and plan.
    let planning = sink
        .messages()
        .into_iter()
        .find(|m| {
            m.rcpt
                .contains(&"unite-planification@cps-sci.example.org".to_string())
        })
        .expect("the planning unit's digest");
    let text = planning.parsed().body_text(0).unwrap().to_string();
    assert!(
        text.contains(
            "Activité 1.2.2 du plan d'action 2024 : Organisation des sessions du comité de coordination"
        ),
        "{text}"
    );
    assert!(
        text.contains("Échéance : 31 juillet 2024 (date estimée) – en retard de 153 jours."),
        "{text}"
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
    assert_eq!(sink.messages().len(), DIGESTS.len());

    // Each reminder is in the history of the item it concerns.
    let app = open_app(&db, &config, None, crate::common::clock()).await;
    let id = suivi::domain::recommendation::RecommendationRef {
        session: suivi::domain::types::SessionId::parse("2024").unwrap(),
        number: 1,
    };
    let rec = app.recommendation(&id, &operator()).await.unwrap();
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
    // An activity's too: 1.2.2 went to its two units.
    let id = suivi::domain::activity::ActivityRef {
        year: suivi::domain::types::Year::new(2024).unwrap(),
        code: suivi::domain::types::ActivityCode::parse("1.2.2").unwrap(),
    };
    let activity = app.activity(&id, &operator()).await.unwrap();
    assert_eq!(activity.reminders.len(), 2, "the two units' digests");
    assert!(activity.reminders.iter().all(|r| ids.contains(r)));
    let history = app.activity_history(&id, &operator()).await.unwrap();
    let sent: Vec<String> = history
        .events
        .iter()
        .map(|e| e.change.render(suivi::text::Lang::Fr))
        .filter(|c| c.starts_with("relance du 31/12/2024 envoyée à unite-"))
        .collect();
    assert_eq!(sent.len(), 2, "{:?}", history.events);
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
    let clock = Arc::new(FixedClock::new(at("2024-12-31T08:00:00Z")));
    let app = open_app(&db, &config, Some(&sink), clock.clone()).await;
    let who = operator();
    assert_eq!(
        app.scheduled_reminders(day(), &who).await.unwrap(),
        Some(DIGESTS.len())
    );
    assert!(matches!(
        app.try_execute_task(&who).await.unwrap(),
        Outcome::Sent { .. }
    ));

    sink.stop();
    for _ in 1..DIGESTS.len() {
        assert!(matches!(
            app.try_execute_task(&who).await.unwrap(),
            Outcome::Retry { .. }
        ));
    }
    // Backing off: nothing is due until the retry delay has passed.
    assert_eq!(app.try_execute_task(&who).await.unwrap(), Outcome::Idle);
    let pending = app.outbox(Some("pending"), &who).await.unwrap();
    assert_eq!(pending.len(), DIGESTS.len() - 1);
    assert!(pending
        .iter()
        .all(|m| m.attempts == 1 && m.last_error.is_some()));

    sink.restart().await;
    clock.set(at("2024-12-31T08:01:01Z"));
    let d = app.deliver_due(&who).await.unwrap();
    assert_eq!((d.sent, d.retried, d.dead), (DIGESTS.len() - 1, 0, 0));
    let mut got = structures(&sink);
    got.sort();
    assert_eq!(got, DIGESTS);

    // A server that stays down: after three attempts the message is a dead letter.
    sink.stop();
    let next = NaiveDate::from_ymd_opt(2025, 1, 7).unwrap();
    let mut now = at("2025-01-07T08:00:00Z");
    clock.set(now);
    assert!(app.scheduled_reminders(next, &who).await.unwrap().unwrap() > 0);
    let mut dead = 0;
    for _ in 0..10 {
        clock.set(now);
        let d = app.deliver_due(&who).await.unwrap();
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
        DIGESTS.len(),
        "nothing was sent while the server was down"
    );

    // A message that is not dead cannot be re-queued; an unknown one is not found.
    let sent = app.outbox(Some("sent"), &who).await.unwrap();
    let o = suivi(
        &db,
        &config,
        None,
        &["reminders", "retry", &sent[0].id.to_string()],
    )
    .output()
    .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("seuls les courriers mis au rebut"));
    let o = suivi(&db, &config, None, &["reminders", "retry", "999999"])
        .output()
        .unwrap();
    assert!(!o.status.success());

    // Once the server is back, the dead letters are sent again on request,
    // each to its structure, and nothing else is.
    sink.restart().await;
    let first = &dead[0]["id"];
    let out = ok(suivi(
        &db,
        &config,
        None,
        &["reminders", "retry", &first.to_string()],
    )
    .env("SUIVI_NOW", now.to_rfc3339())
    .output()
    .unwrap());
    assert!(out.contains("1 courrier remis en file"), "{out}");
    let out = ok(suivi(&db, &config, None, &["reminders", "retry", "--dead"])
        .env("SUIVI_NOW", now.to_rfc3339())
        .output()
        .unwrap());
    assert!(
        out.contains(&format!("{} courrier", dead.len() - 1)),
        "{out}"
    );
    assert!(app.outbox(Some("dead"), &who).await.unwrap().is_empty());
    clock.set(now);
    let d = app.deliver_due(&who).await.unwrap();
    assert_eq!(d.sent, dead.len());
    assert_eq!(sink.messages().len(), DIGESTS.len() + dead.len());
    assert!(app.outbox(Some("pending"), &who).await.unwrap().is_empty());
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
    // A kill may send one message twice: what arrived, once each, is every
    // digest (the MMEIA's two included).
    let mut got = structures(&sink);
    got.sort();
    got.dedup();
    let mut expected = DIGESTS.to_vec();
    expected.dedup();
    assert_eq!(got, expected, "every digest arrived");
    assert!(sink.messages().len() >= DIGESTS.len());
    assert!(
        sink.messages().len() <= DIGESTS.len() + 1,
        "at most one duplicate per kill: {}",
        sink.messages().len()
    );
    let sent = open_app(&db, &config, None, crate::common::clock())
        .await
        .outbox(Some("sent"), &operator())
        .await
        .unwrap();
    assert_eq!(sent.len(), DIGESTS.len());
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
    assert_eq!(got, DIGESTS);
}

async fn the_scheduler_runs_once_per_day_under_one_lease(backend: Backend) {
    let (db, config) = example(backend).await;
    let now = at("2024-12-31T09:00:00Z");
    let clock = Arc::new(FixedClock::new(now));
    let app = open_app(&db, &config, None, clock.clone()).await;
    let who = operator();
    let (schedule, _) = app.reminder_schedule().unwrap();
    let due = suivi::scheduler::due_run(&schedule, suivi::clock::TIMEZONE, now, |_| false);
    assert_eq!(due, Some(day()));
    assert_eq!(
        app.scheduled_reminders(day(), &who).await.unwrap(),
        Some(DIGESTS.len())
    );
    assert_eq!(
        app.scheduled_reminders(day(), &who).await.unwrap(),
        None,
        "once per day"
    );
    assert_eq!(app.ran_days().await.unwrap(), vec![day()]);

    let ttl = Duration::from_secs(60);
    assert!(app.acquire_scheduler_lease("a", ttl).await.unwrap());
    assert!(!app.acquire_scheduler_lease("b", ttl).await.unwrap());
    assert!(
        app.acquire_scheduler_lease("a", ttl).await.unwrap(),
        "renewal"
    );
    clock.set(now + chrono::Duration::seconds(61));
    assert!(
        app.acquire_scheduler_lease("b", ttl).await.unwrap(),
        "expired"
    );
    app.release_scheduler_lease("b").await.unwrap();
    clock.set(now + chrono::Duration::seconds(62));
    assert!(app.acquire_scheduler_lease("a", ttl).await.unwrap());
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
    assert_eq!(files.len(), DIGESTS.len());
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
    let app = open_app(&db, &config, None, crate::common::clock()).await;
    let start = Instant::now();
    while app.ran_days().await.unwrap().is_empty() {
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
    assert!(stderr.contains("scheduler stopped cleanly"), "{stderr}");
    let today = crate::common::now()
        .with_timezone(&chrono_tz::Africa::Bamako)
        .date_naive();
    assert_eq!(
        app.ran_days().await.unwrap(),
        vec![today],
        "one run, for the day of its clock"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_year_end_snapshot_is_taken_once_the_year_is_closed() {
    let (db, config) = example(Backend::Sqlite).await;
    // 2023 closes on 1 February 2024, the day after the Comité's session of
    // the 2024 calendar: January is for writing the year up.
    let clock = Arc::new(FixedClock::new(at("2024-01-01T00:00:00Z")));
    let app = open_app(&db, &config, None, clock.clone()).await;
    let who = operator();
    assert_eq!(
        app.year_end_snapshot(&who).await.unwrap(),
        None,
        "the year is being closed"
    );
    clock.set(at("2024-01-31T23:59:59Z"));
    assert_eq!(app.year_end_snapshot(&who).await.unwrap(), None);
    clock.set(at("2024-02-01T00:00:00Z"));
    assert_eq!(app.year_end_snapshot(&who).await.unwrap(), Some(2023));
    clock.set(at("2024-02-01T00:00:15Z"));
    assert_eq!(app.year_end_snapshot(&who).await.unwrap(), None, "once");
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_catches_up_the_year_end_snapshot_at_start() {
    let (db, config) = example(Backend::Sqlite).await;
    // Down on the closing day of 2023: started on 5 February 2024.
    let child = suivi(&db, &config, None, &["serve"])
        .env(suivi::clock::FIXED_NOW, "2024-02-05T10:00:00Z")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let app = open_app(&db, &config, None, crate::common::clock()).await;
    let year = suivi::domain::types::Year::new(2023).unwrap();
    let start = Instant::now();
    while app.snapshots(&operator()).await.unwrap().is_empty() {
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
    let s = app.snapshot(year, &operator()).await.unwrap();
    assert_eq!(s.snapshot.activities.executed, 14);
    assert_eq!(s.taken_by, "suivi (clôture annuelle)");
    assert_eq!(
        app.verify_snapshot(year, &operator()).await.unwrap(),
        suivi::projections::snapshot::SnapshotVerdict::Intact
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

/// The sector's call reaches each structure called, over SMTP, once: its
/// focal points, its head in copy, the link to its page.
#[tokio::test(flavor = "multi_thread")]
async fn the_sector_call_reaches_each_structure_called_once() {
    let (db, config) = example(Backend::Sqlite).await;
    let sink = SmtpSink::start().await;
    let now = "2024-12-02T09:00:00Z";
    let run = |smtp: Option<&SmtpSink>, args: &[&str]| {
        ok(suivi(&db, &config, smtp, args)
            .env(suivi::clock::FIXED_NOW, now)
            .output()
            .unwrap())
    };
    let opened = run(
        None,
        &[
            "sector",
            "open",
            "--year",
            "2025",
            "--deadline",
            "2024-12-20",
            "--structures",
            "DCM, DRH/MMEIA",
        ],
    );
    assert!(
        opened.contains("un courrier part à chaque structure appelée"),
        "{opened}"
    );
    let calls = || {
        sink.messages()
            .into_iter()
            .filter(|m| {
                m.parsed()
                    .subject()
                    .is_some_and(|s| s.starts_with("Plan d'action 2025 du secteur"))
            })
            .collect::<Vec<_>>()
    };
    run(Some(&sink), &["reminders", "run", "--date", "2024-12-02"]);
    let sent = calls();
    assert_eq!(
        sent.len(),
        2,
        "{:?}",
        sent.iter().map(|m| &m.rcpt).collect::<Vec<_>>()
    );
    let dcm = sent
        .iter()
        .find(|m| m.rcpt.contains(&"point-focal@dcm.example.org".to_string()))
        .expect("the DCM's call");
    assert!(dcm
        .rcpt
        .contains(&"responsable@dcm.example.org".to_string()));
    let parsed = dcm.parsed();
    let text = parsed.body_text(0).unwrap();
    assert!(
        text.contains(
            "https://suivi.test/login?next=%2Fsector%2Fstructure%3Fyear%3D2025%26structure%3DDCM"
        ) && text.contains("20 décembre 2024"),
        "{text}"
    );
    // Run again: nothing more.
    run(Some(&sink), &["reminders", "run", "--date", "2024-12-02"]);
    assert_eq!(calls().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_digest_with_two_steps_of_one_revue_is_recorded_once_and_sent_once() {
    use suivi::domain::reminder::RecordOn;
    use suivi::store::outbox::{NewMessage, OutboxItem};
    let (db, config) = example(Backend::Sqlite).await;
    let sink = SmtpSink::start().await;
    let clock = Arc::new(FixedClock::new(at("2024-12-31T08:00:00Z")));
    let app = open_app(&db, &config, Some(&sink), clock).await;
    let who = operator();
    let year = suivi::domain::types::Year::new(2025).unwrap();
    let revue = app
        .open_revue("revue_sectorielle", year, 1, None, &who)
        .await
        .unwrap();
    let id = revue.state.id.as_ref().unwrap().aggregate_id();
    // Two steps of the same revue in one digest (two offsets on one day).
    let item = |step: &str| OutboxItem {
        kind: "revue_step".into(),
        reference: format!("{id}/{step}"),
        deadline: day(),
        days: 0,
        record_on: Some(RecordOn::RevueStep {
            revue: id.clone(),
            step: step.into(),
        }),
    };
    let store = suivi::store::Db::open(&db.url).await.unwrap();
    let message = NewMessage {
        idempotency_key: "test/two-steps".into(),
        day: day(),
        structure: "CPS/SCI".into(),
        to: vec!["cps@example.org".into()],
        cc: vec![],
        subject: "Deux étapes".into(),
        body_text: "Deux étapes".into(),
        body_html: "<p>Deux étapes</p>".into(),
        items: vec![item("collecte"), item("transmission")],
    };
    suivi::store::outbox::enqueue(&store, &[message], at("2024-12-31T08:00:00Z"))
        .await
        .unwrap();
    assert!(matches!(
        app.try_execute_task(&who).await.unwrap(),
        Outcome::Sent { .. }
    ));
    assert_eq!(app.try_execute_task(&who).await.unwrap(), Outcome::Idle);
    assert_eq!(sink.messages().len(), 1);
    let sent = app.outbox(Some("sent"), &who).await.unwrap();
    assert_eq!(sent.len(), 1);
    let revues = app.revues(year, &who).await.unwrap();
    let revue = revues
        .iter()
        .find(|r| r.revue.id.as_ref().map(|i| i.aggregate_id()) == Some(id.clone()))
        .unwrap();
    assert_eq!(revue.revue.reminders, vec![sent[0].message_id.clone()]);
}

/// The plan of `day` as JSON, at a fixed clock.
fn plan_of(db: &TestDb, config: &Path, now: &str, day: &str) -> serde_json::Value {
    let out = ok(suivi(
        db,
        config,
        None,
        &["reminders", "plan", "--date", day, "--format", "json"],
    )
    .env(suivi::clock::FIXED_NOW, now)
    .output()
    .unwrap());
    serde_json::from_str(&out).unwrap()
}

/// Every line of a plan: its kind, its deadline and how late it is.
fn lines_of(plan: &serde_json::Value) -> Vec<(String, String, i64)> {
    plan["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["digest"]["lines"].as_array().unwrap().clone())
        .map(|l| {
            (
                l["item"]["kind"].as_str().unwrap().to_string(),
                l["item"]["deadline"].as_str().unwrap().to_string(),
                l["due"]["days"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Installed on 3 December 2026, suivi says nothing of the 2025 and 2026
/// calendar deadlines that passed before it, on its first day or after.
#[tokio::test]
async fn a_first_start_is_quiet_about_the_calendar_deadlines_before_it() {
    let db = fresh_db(Backend::Sqlite).await;
    let config = test_config(&db);
    let now = "2026-12-03T08:00:00Z";
    let since = ok(suivi(&db, &config, None, &["reminders", "since"])
        .env(suivi::clock::FIXED_NOW, now)
        .output()
        .unwrap());
    assert!(since.contains("03/12/2026"), "{since}");
    let mut later = Vec::new();
    for day in ["2026-12-03", "2026-12-10", "2026-12-17", "2026-12-31"] {
        let lines = lines_of(&plan_of(&db, &config, now, day));
        let past: Vec<_> = lines
            .iter()
            .filter(|(_, d, _)| d.as_str() < "2026-12-03")
            .collect();
        assert!(past.is_empty(), "{day}: {past:?}");
        later.extend(lines);
    }
    // What falls due from that day on is still reminded (the 2027 PTA, due
    // 31 January, 30 days before).
    assert!(
        later
            .iter()
            .any(|(k, d, _)| k == "deadline" && d.as_str() >= "2026-12-03"),
        "{later:?}"
    );
}

/// A database that has followed its recommendations for years keeps
/// reminding the overdue ones, its lateness in full, escalated.
#[tokio::test]
async fn a_database_with_a_past_keeps_reminding_its_overdue_recommendations() {
    let (db, config) = example(Backend::Sqlite).await;
    let now = "2026-12-03T08:00:00Z";
    let mut overdue = Vec::new();
    for day in 3..=9 {
        let plan = plan_of(&db, &config, now, &format!("2026-12-{day:02}"));
        overdue.extend(
            lines_of(&plan)
                .into_iter()
                .filter(|(k, _, days)| k == "recommendation" && *days < -300),
        );
    }
    assert!(!overdue.is_empty(), "no overdue recommendation in a week");
}

/// The references of a plan's lines about the projects' quarterly figures.
fn project_lines(plan: &serde_json::Value) -> Vec<String> {
    plan["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["digest"]["lines"].as_array().unwrap().clone())
        .filter(|l| l["item"]["kind"] == "project_figures")
        .map(|l| l["item"]["reference"].as_str().unwrap().to_string())
        .collect()
}

/// A quarter's figures stop being reminded once they are handed in, or once
/// a figure dated in the quarter is recorded; the escalation copies the
/// structure's head and the director like any other lateness.
#[tokio::test]
async fn a_project_quarter_is_reminded_until_its_figures_are_recorded_or_handed_in() {
    let (db, config) = example(Backend::Sqlite).await;
    let now = "2024-12-31T08:00:00Z";
    let plan = plan_of(&db, &config, now, DAY);
    let mdc = plan["digests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["digest"]["structure"] == "MDC")
        .expect("MDC's digest")
        .clone();
    assert!(
        mdc["mail"]["cc"]
            .as_array()
            .unwrap()
            .contains(&"directeur@cps-sci.example.org".into()),
        "{mdc}"
    );
    let lines = project_lines(&plan);
    assert!(lines.contains(&"MAECI-03/2024/T3".to_string()), "{lines:?}");
    assert!(lines.contains(&"MAECI-03/2024/T4".to_string()), "{lines:?}");
    // TOKTEN's first three quarters are recorded: only its fourth is owed
    // (in its structure's digest and in its manager's copy).
    let tokten: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("MMEIA-01/"))
        .collect();
    assert_eq!(
        tokten,
        ["MMEIA-01/2024/T4", "MMEIA-01/2024/T4"],
        "{lines:?}"
    );

    // The MDC hands its third quarter in; a figure of the fourth is recorded.
    let run = |args: &[&str]| {
        ok(suivi(&db, &config, None, args)
            .env(suivi::clock::FIXED_NOW, now)
            .output()
            .unwrap())
    };
    run(&[
        "project",
        "quarter",
        "submit",
        "--year",
        "2024",
        "--quarter",
        "3",
        "--structure",
        "MDC",
    ]);
    let lines = project_lines(&plan_of(&db, &config, now, DAY));
    assert!(
        !lines.contains(&"MAECI-03/2024/T3".to_string()),
        "{lines:?}"
    );
    assert!(lines.contains(&"MAECI-03/2024/T4".to_string()), "{lines:?}");
    run(&[
        "project",
        "physical",
        "--year",
        "2024",
        "--code",
        "MAECI-03",
        "--percent",
        "40",
        "--date",
        "2024-12-20",
    ]);
    let plan = plan_of(&db, &config, now, DAY);
    assert!(
        !project_lines(&plan)
            .iter()
            .any(|l| l.starts_with("MAECI-03/")),
        "{plan}"
    );
    assert!(
        !plan["digests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["digest"]["structure"] == "MDC"),
        "nothing left for the MDC"
    );
}
