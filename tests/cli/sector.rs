//! The sector's plan of the example at the command line: its JSON contract
//! and a change to an approved proposal refused until it is reopened; its
//! second quarter's progress, and an approved quarter locked the same way.

use crate::common::{fresh_db, Backend};
use crate::helpers::{load_example_data, suivi};

#[tokio::test(flavor = "multi_thread")]
async fn the_example_sector_plan_reads_as_its_contract() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let json = suivi(
        &db,
        &[
            "report",
            "sector-plan",
            "--year",
            "2024",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(json["year"], 2024);
    let codes: Vec<&str> = json["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["1.1", "1.2", "2.1"]);
    for key in [
        "code",
        "structure",
        "objective",
        "title",
        "budget",
        "source",
    ] {
        assert!(json["activities"][0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(
        json["activities"][1]["budget"],
        serde_json::Value::Null,
        "PM"
    );
    assert_eq!(
        json["by_structure"],
        serde_json::json!({"DCM": 5000, "DFM/MAECI": 2500})
    );
    assert_eq!(
        json["by_source"],
        serde_json::json!({"BSI": 5000, "Fonctionnement": 2500})
    );
    assert_eq!(
        json["structures"],
        serde_json::json!([
            {"structure": "DCM", "state": "approved"},
            {"structure": "DFM/MAECI", "state": "approved"},
            {"structure": "DRH/MMEIA", "state": "submitted"}
        ])
    );

    // An approved proposal is locked: a new canevas is refused, with the
    // reason, until the CPS reopens it.
    let canevas = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/secteur/canevas-dcm-2024.csv"
    );
    let args = [
        "sector",
        "submit",
        "--year",
        "2024",
        "--structure",
        "DCM",
        "--file",
        canevas,
    ];
    let refused = suivi(&db, &args);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("verrouillé"), "{}", refused.stderr);
    suivi(
        &db,
        &[
            "sector",
            "reopen",
            "--year",
            "2024",
            "--structure",
            "DCM",
            "--reason",
            "Activité ajoutée",
        ],
    )
    .ok();
    let again = suivi(&db, &args).ok();
    assert!(again.stdout.contains("DCM : soumis."), "{}", again.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_sector_progress_reads_as_its_contract() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let json = suivi(
        &db,
        &[
            "report",
            "sector-progress",
            "--year",
            "2024",
            "--quarter",
            "2",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    let figures = |v: &serde_json::Value| {
        (
            v["planned"].as_u64().unwrap(),
            v["executed"].as_u64().unwrap(),
            v["rate"].as_f64().unwrap(),
        )
    };
    assert_eq!(figures(&json["by_structure"]["DCM"]), (2, 1, 50.0));
    assert_eq!(figures(&json["by_structure"]["DFM/MAECI"]), (1, 1, 100.0));
    assert_eq!(json["by_structure"]["DCM"]["engaged"], 4800);
    assert_eq!(
        json["by_structure"].as_object().unwrap().len(),
        2,
        "the DRH's proposal is not approved: it has nothing to report"
    );
    assert_eq!(figures(&json["by_objective"]["1"]), (2, 1, 50.0));
    assert_eq!(figures(&json["by_objective"]["2"]), (1, 1, 100.0));
    assert_eq!(figures(&json["rolled_up"]["MAECI"]), (3, 2, 66.67));

    // The approved quarter refuses a change, with the reason, until the CPS
    // reopens it.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/secteur/execution-dcm-2024-T2.csv"
    );
    let args = [
        "sector",
        "execution",
        "--year",
        "2024",
        "--quarter",
        "2",
        "--structure",
        "DCM",
        "--file",
        file,
    ];
    let refused = suivi(&db, &args);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("verrouillé"), "{}", refused.stderr);
    suivi(
        &db,
        &[
            "sector",
            "reopen",
            "--year",
            "2024",
            "--structure",
            "DCM",
            "--quarter",
            "2",
            "--reason",
            "Montant engagé corrigé",
        ],
    )
    .ok();
    let again = suivi(&db, &args).ok();
    assert!(again.stdout.contains("DCM : soumis."), "{}", again.stdout);
    let table = suivi(
        &db,
        &[
            "report",
            "sector-progress",
            "--year",
            "2024",
            "--quarter",
            "2",
        ],
    )
    .ok();
    assert!(table.stdout.contains("50,00 %"), "{}", table.stdout);
    assert!(
        table.stdout.contains("MAECI (ensemble)"),
        "{}",
        table.stdout
    );
}
