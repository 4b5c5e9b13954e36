//! Mistakes a new user makes: each gets a message saying where and what, exit
//! code 2, and leaves the database as it was.

use crate::helpers::*;

/// Runs `args` on a database holding the example data, and checks that it is
/// refused with exit code 2, a message containing every `expected` piece,
/// and no change to the stored events or the tables.
async fn refused(db: &TestDb, args: &[&str], expected: &[&str]) {
    let events = event_count(db).await;
    let tables = all_reports(db);
    let run = suivi(db, args);
    assert_eq!(
        run.code, 2,
        "suivi {args:?} should be refused:\n{}\n{}",
        run.stdout, run.stderr
    );
    for piece in expected {
        assert!(
            run.stderr.contains(piece),
            "message of {args:?} lacks «{piece}»:\n{}",
            run.stderr
        );
    }
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{}",
        run.stderr
    );
    assert_eq!(event_count(db).await, events, "{args:?} changed the events");
    assert_eq!(all_reports(db), tables, "{args:?} changed the tables");
}

fn write(db: &TestDb, name: &str, text: &str) -> String {
    let path = db.dir().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

async fn bad_inputs(backend: Backend) {
    let db = fresh_db(backend).await;
    load_example_data(&db);

    let tabs = write(&db, "tabs.csv", "code\tactivite\n7.1.1\tAtelier\n");
    refused(
        &db,
        &["plan", "import", &tabs, "--year", "2025"],
        &["tabs.csv:1", "séparateur"],
    )
    .await;

    let missing = write(&db, "missing.csv", "code;budget\n7.1.1;3000\n");
    refused(
        &db,
        &["plan", "import", &missing, "--year", "2025"],
        &["missing.csv:1", "« activite »", "obligatoire"],
    )
    .await;

    let month = write(
        &db,
        "month.csv",
        "code;activite;mois\n7.1.1;Atelier;1-3\n7.1.2;Bulletin;13\n",
    );
    refused(
        &db,
        &["plan", "import", &month, "--year", "2025"],
        &["month.csv:3", "« mois »", "13", "Rien n'a été importé"],
    )
    .await;

    let dup = write(
        &db,
        "dup.csv",
        "code,activite\n7.1.1,Atelier\n7.1.1,Bulletin\n",
    );
    refused(
        &db,
        &["plan", "import", &dup, "--year", "2025"],
        &["dup.csv:3", "7.1.1 en double", "ligne 2"],
    )
    .await;

    // One new row and one that contradicts the recorded plan: nothing is imported.
    let clash = write(
        &db,
        "clash.csv",
        "code,activite\n9.9.9,Nouvelle activité\n1.1.1,Autre intitulé\n",
    );
    refused(
        &db,
        &["plan", "import", &clash, "--year", "2023"],
        &["clash.csv:3", "existe déjà"],
    )
    .await;

    let unknown = write(
        &db,
        "recs.csv",
        "numero;recommandation;structures\n1;Faire;MAECI\n2;Faire mieux;MINSANTE\n",
    );
    refused(
        &db,
        &["recommendation", "import", &unknown, "--session", "2025"],
        &["recs.csv:3", "MINSANTE", "structures connues", "DRH/MAECI"],
    )
    .await;
    refused(
        &db,
        &[
            "recommendation",
            "add",
            "--session",
            "2025",
            "--number",
            "1",
            "--text",
            "x",
            "--structures",
            "MAECI,MINSANTE",
        ],
        &["MINSANTE", "structures connues"],
    )
    .await;

    // 2023 #5 is non_executee; executee needs evidence, and non_executee → non_executee is no change.
    refused(
        &db,
        &[
            "recommendation",
            "set-status",
            "--session",
            "2023",
            "--number",
            "5",
            "--status",
            "executee",
        ],
        &[
            "n° 5 de la session 2023",
            "pièce justificative",
            "--evidence",
        ],
    )
    .await;
    refused(
        &db,
        &[
            "recommendation",
            "set-status",
            "--session",
            "2023",
            "--number",
            "1",
            "--status",
            "en_cours",
            "--comment",
            "x",
        ],
        &["déjà au statut « en cours »", "(option --status)"],
    )
    .await;
    // A transition the workflow does not list.
    let wf = db.dir().join("wf");
    std::fs::create_dir_all(&wf).unwrap();
    std::fs::copy("workflows/revues.toml", wf.join("revues.toml")).unwrap();
    std::fs::write(
        wf.join("recommendation.toml"),
        "[[transition]]\nfrom = \"non_executee\"\nto = \"en_cours\"\n",
    )
    .unwrap();
    refused(
        &db,
        &[
            "--workflows-dir",
            wf.to_str().unwrap(),
            "recommendation",
            "set-status",
            "--session",
            "2023",
            "--number",
            "1",
            "--status",
            "executee",
            "--evidence",
            "PV",
        ],
        &["passage de « en cours » à « exécutée » non permis", "aucun"],
    )
    .await;

    refused(
        &db,
        &[
            "recommendation",
            "set-status",
            "--session",
            "1999",
            "--number",
            "1",
            "--status",
            "en_cours",
            "--comment",
            "x",
        ],
        &["n° 1 de la session 1999", "n'existe pas"],
    )
    .await;
    // A year is frozen only once it is over.
    refused(
        &db,
        &["snapshot", "take", "--year", "2100"],
        &["2100", "n'est pas finie", "(option --year)"],
    )
    .await;
    refused(
        &db,
        &["report", "recommendations", "--session", "1999"],
        &["session « 1999 » inconnue", "2023, 2024"],
    )
    .await;
    refused(
        &db,
        &["activity", "execute", "--year", "2023", "--code", "8.8.8"],
        &["8.8.8", "n'existe pas"],
    )
    .await;
    refused(
        &db,
        &[
            "activity",
            "not-executed",
            "--year",
            "2024",
            "--code",
            "1.1.2",
        ],
        &["--reason"],
    )
    .await;
    refused(
        &db,
        &[
            "activity",
            "carry-over",
            "--year",
            "2023",
            "--code",
            "1.1.1",
            "--to-year",
            "2024",
        ],
        &["exécutée ne peut pas être reprogrammée"],
    )
    .await;
    refused(
        &db,
        &[
            "finance", "record", "--year", "2023", "--line", "bsi", "--kind", "engaged",
            "--amount", "-5",
        ],
        &["montant"],
    )
    .await;
    // An amount large enough to wrap a total around is refused, with the maximum.
    refused(
        &db,
        &[
            "finance",
            "record",
            "--year",
            "2023",
            "--line",
            "bsi",
            "--kind",
            "engaged",
            "--amount",
            "9223372036854775807",
        ],
        &["montant", "au plus 1 000 000 000 000 000"],
    )
    .await;
    refused(
        &db,
        &[
            "revue",
            "open",
            "--kind",
            "revue_annuelle",
            "--year",
            "2024",
        ],
        &["revue_annuelle", "types connus", "revue_sectorielle"],
    )
    .await;
    refused(
        &db,
        &[
            "revue",
            "complete-step",
            "--kind",
            "revue_sectorielle",
            "--year",
            "2024",
            "--step",
            "envoi",
            "--date",
            "2024-04-28",
        ],
        &["envoi", "transmission"],
    )
    .await;

    // A broken workflow file is named with its line.
    std::fs::write(
        wf.join("recommendation.toml"),
        "[[transition]]\nfrom = \"non_executee\"\nto = \"fini\"\n",
    )
    .unwrap();
    refused(
        &db,
        &[
            "--workflows-dir",
            wf.to_str().unwrap(),
            "report",
            "activities",
            "--year",
            "2023",
        ],
        &["recommendation.toml:3:", "fini", "valeurs permises"],
    )
    .await;

    // Evidence documents: a page of HTML is no evidence, a missing file is
    // named, a document cannot be withdrawn without its reason.
    let page = write(
        &db,
        "pv.html",
        "<!DOCTYPE html><html><body>PV</body></html>",
    );
    let set = |document: &str| {
        [
            "recommendation",
            "set-status",
            "--session",
            "2024",
            "--number",
            "2",
            "--status",
            "executee",
            "--document",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([document.to_string()])
        .collect::<Vec<_>>()
    };
    let args = set(&page);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(
        &db,
        &args,
        &["« pv.html »", "type accepté", "PDF", "(option --document)"],
    )
    .await;
    let missing = db.dir().join("absent.pdf").display().to_string();
    let args = set(&missing);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(&db, &args, &["absent.pdf"]).await;
    let withdraw = [
        "recommendation",
        "withdraw-document",
        "--session",
        "2024",
        "--number",
        "2",
        "--sha256",
        &"a".repeat(64),
        "--reason",
        "erreur",
    ];
    refused(&db, &withdraw, &["n'est pas jointe"]).await;

    // English on request.
    let run = suivi(
        &db,
        &[
            "--lang",
            "en",
            "report",
            "recommendations",
            "--session",
            "1999",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown session \"1999\""),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn bad_inputs_are_refused_on_sqlite() {
    bad_inputs(Backend::Sqlite).await;
}

#[tokio::test]
async fn bad_inputs_are_refused_on_postgres() {
    bad_inputs(Backend::Postgres).await;
}

#[tokio::test]
async fn usage_errors_exit_with_2() {
    let db = fresh_db(Backend::Sqlite).await;
    let run = suivi(&db, &["report", "activities", "--year", "deux-mille"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("n'est pas une année"), "{}", run.stderr);
    let run = suivi(
        &db,
        &[
            "recommendation",
            "set-status",
            "--session",
            "2023",
            "--number",
            "1",
            "--status",
            "fini",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("non_executee, en_cours, executee")
            && run.stderr.contains("(option --status)"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_reader_that_stops_reading_ends_the_output_quietly() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    // `suivi report plan … | head -0`: the pipe is closed before anything is read.
    let mut child = command(&db)
        .args(["report", "plan", "--year", "2023", "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Erreur interne"),
        "{stderr}"
    );
}
