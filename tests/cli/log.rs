//! The event log exported and imported: from SQLite to PostgreSQL and back
//! with identical tables and chain head; a changed or cut file refused with
//! nothing loaded; a SQLite copy taken while the service writes.

use std::io::{Read, Write};

use super::helpers::*;

/// What a user compares after a move: the tables, the snapshot, the chain's head.
fn state(db: &TestDb) -> Vec<String> {
    let mut out = Vec::new();
    for args in [
        &["report", "activities", "--year", "2023", "--format", "json"][..],
        &[
            "report",
            "recommendations",
            "--session",
            "2024",
            "--format",
            "json",
        ],
        &[
            "report",
            "recommendations",
            "--session",
            "2023",
            "--format",
            "json",
        ],
        &["report", "finances", "--year", "2023", "--format", "json"],
        &["report", "activities", "--year", "2024", "--format", "json"],
        &["snapshot", "show", "--year", "2023", "--format", "json"],
        &[
            "audit",
            "recommendation",
            "--session",
            "2024",
            "--number",
            "1",
            "--format",
            "json",
        ],
    ] {
        out.push(suivi(db, args).ok().stdout);
    }
    let verify = suivi(db, &["audit", "verify"]).ok().stdout;
    assert!(verify.contains("Journal intact"), "{verify}");
    out.push(verify);
    out
}

fn gunzip(path: &std::path::Path) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn the_log_moves_from_sqlite_to_postgres_and_back_unchanged() {
    let source = fresh_db(Backend::Sqlite).await;
    load_example_data(&source);
    suivi(&source, &["snapshot", "take", "--year", "2023"]).ok();
    let before = state(&source);

    // SQLite → PostgreSQL, compressed.
    let file = source.dir().join("journal.jsonl.gz");
    let out = suivi(&source, &["log", "export", file.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("1 photographie"), "{}", out.stdout);
    let text = gunzip(&file);
    assert!(text.starts_with("{\"record\":\"header\",\"format\":\"suivi-log\",\"version\":2"));
    // A file of the first version (no documents, a trailer without their
    // count) still loads.
    let first = text
        .replacen("\"version\":2", "\"version\":1", 1)
        .replace(",\"documents\":0}", "}");
    let v1 = source.dir().join("journal-v1.jsonl");
    std::fs::write(&v1, first).unwrap();
    let older = fresh_db(Backend::Sqlite).await;
    suivi(&older, &["log", "import", v1.to_str().unwrap()]).ok();
    assert_eq!(state(&older), before, "a version 1 file loads as it did");
    let pg = fresh_db(Backend::Postgres).await;
    let out = suivi(&pg, &["log", "import", file.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("vérifié"), "{}", out.stdout);
    assert_eq!(
        state(&pg),
        before,
        "identical tables and head on PostgreSQL"
    );

    // PostgreSQL → SQLite, plain.
    let plain = pg.dir().join("journal.jsonl");
    suivi(&pg, &["log", "export", plain.to_str().unwrap()]).ok();
    let back = fresh_db(Backend::Sqlite).await;
    suivi(&back, &["log", "import", plain.to_str().unwrap()]).ok();
    assert_eq!(state(&back), before, "identical again on SQLite");
    // The moved log goes on: a new event chains onto the imported head.
    suivi(
        &back,
        &[
            "recommendation",
            "set-status",
            "--session",
            "2024",
            "--number",
            "1",
            "--status",
            "executee",
            "--comment",
            "Fait",
            "--evidence",
            "PV n° 9",
        ],
    )
    .ok();
    assert!(suivi(&back, &["audit", "verify"])
        .ok()
        .stdout
        .contains("Journal intact"));

    // Into a database that is not empty: refused.
    let r = suivi(&back, &["log", "import", plain.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("base vide"), "{}", r.stderr);
    // Over an existing file: refused.
    let r = suivi(&back, &["log", "export", plain.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_or_cut_log_is_refused_and_nothing_is_loaded() {
    let source = fresh_db(Backend::Sqlite).await;
    load_example_data(&source);
    let file = source.dir().join("journal.jsonl");
    suivi(&source, &["log", "export", file.to_str().unwrap()]).ok();
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    // One word changed in an event's payload, in the middle of the log.
    let target = lines
        .iter()
        .position(|l| l.contains("Contraintes budgétaires"))
        .expect("an event with a reason");
    let mut changed = lines.clone();
    let altered = lines[target].replace("Contraintes budgétaires", "Contraintes techniques");
    changed[target] = &altered;
    let tampered = source.dir().join("modifie.jsonl");
    std::fs::write(&tampered, changed.join("\n") + "\n").unwrap();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let db = fresh_db(backend).await;
        let r = suivi(&db, &["log", "import", tampered.to_str().unwrap()]);
        assert_eq!(r.code, 4, "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("modifie.jsonl:{}", target + 1)),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("chaîne d'empreintes est rompue"),
            "{}",
            r.stderr
        );
        // Nothing was loaded: the same database takes the good file afterwards.
        suivi(&db, &["log", "import", file.to_str().unwrap()]).ok();
    }

    // A file cut before its end.
    let cut = source.dir().join("coupe.jsonl");
    let mut f = std::fs::File::create(&cut).unwrap();
    for l in &lines[..lines.len() / 2] {
        writeln!(f, "{l}").unwrap();
    }
    drop(f);
    let db = fresh_db(Backend::Sqlite).await;
    let r = suivi(&db, &["log", "import", cut.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("tronqué"), "{}", r.stderr);
    let verify = suivi(&db, &["audit", "verify"]).ok().stdout;
    assert!(verify.contains("0 événement"), "{verify}");

    // A compressed file cut short.
    let gz = source.dir().join("journal.jsonl.gz");
    suivi(&source, &["log", "export", gz.to_str().unwrap()]).ok();
    let bytes = std::fs::read(&gz).unwrap();
    let cut_gz = source.dir().join("coupe.jsonl.gz");
    std::fs::write(&cut_gz, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let r = suivi(&db, &["log", "import", cut_gz.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("tronqué"), "{}", r.stderr);

    // Not a log at all.
    let r = suivi(&db, &["log", "import", "Cargo.toml"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("Cargo.toml:1"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sqlite_database_is_copied_consistently_while_it_is_written() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    // Writers keep changing the database while the copy is taken.
    let writer = {
        let url = db.url.clone();
        std::thread::spawn(move || {
            for i in 0..20 {
                let status = if i % 2 == 0 { "en_cours" } else { "executee" };
                let out = crate::common::suivi_program()
                    .current_dir(env!("CARGO_MANIFEST_DIR"))
                    .env("SUIVI_DATABASE_URL", &url)
                    .args([
                        "recommendation",
                        "set-status",
                        "--session",
                        "2024",
                        "--number",
                        "1",
                        "--status",
                        status,
                        "--comment",
                        "suivi",
                        "--evidence",
                        "PV",
                    ])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        })
    };
    let copy = db.dir().join("copie.db");
    let out = suivi(&db, &["backup", copy.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("copie.db"), "{}", out.stdout);
    writer.join().unwrap();
    let copied = TestDb::at(copy.display().to_string());
    let verify = suivi(&copied, &["audit", "verify"]).ok().stdout;
    assert!(verify.contains("Journal intact"), "{verify}");
    // On PostgreSQL, the message says what to use instead.
    let pg = fresh_db(Backend::Postgres).await;
    let r = suivi(&pg, &["backup", pg.dir().join("x.db").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("pg_dump"), "{}", r.stderr);
}
