//! The memory an import takes when the file is hostile: the page's upload
//! use case (`App::upload_import`, which keeps the file, reads it and
//! previews its import) on a fresh SQLite store, one child process per
//! case, each reporting its peak resident memory (`VmHWM`) before and after.
//!
//! Cases: the example 2024 plan; a CSV of 1 000 000 bad rows under the
//! 8 MiB upload limit; a CSV of 8 MiB in one row of empty cells; a 6 KiB
//! workbook with a cell at XFD1048576; a workbook of 20 000 rows.
//!
//! Run with `cargo bench --bench imports`.

use std::sync::Arc;

use suivi::app::{Actor, App, ImportTarget};
use suivi::clock::FixedClock;
use suivi::config::Settings;

const CASES: [&str; 5] = [
    "plan",
    "csv-bad-rows",
    "csv-wide-row",
    "xlsx-far-cell",
    "xlsx-long",
];

/// The resident memory high-water mark of this process, in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn workbook(cells: impl Iterator<Item = (u32, u16, String)>) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, c, text) in cells {
        sheet.write_string(r, c, text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// The file of a case: its name and its bytes.
fn file(case: &str) -> (String, Vec<u8>) {
    match case {
        "plan" => (
            "plan-2024.csv".into(),
            std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/plan-2024.csv"
            ))
            .unwrap(),
        ),
        "csv-bad-rows" => {
            let mut csv = String::from("code;activite;budget\n");
            while csv.len() < 8 * 1024 * 1024 - 8 {
                csv.push_str("x;;z\n");
            }
            ("bad.csv".into(), csv.into_bytes())
        }
        "csv-wide-row" => {
            let mut csv = String::from("code;activite\n");
            csv.push_str(&";".repeat(8 * 1024 * 1024 - 20));
            csv.push('\n');
            ("wide.csv".into(), csv.into_bytes())
        }
        "xlsx-far-cell" => (
            "far.xlsx".into(),
            workbook(
                [
                    (0, 0, "code".to_string()),
                    (1_048_575, 16_383, "x".to_string()),
                ]
                .into_iter(),
            ),
        ),
        "xlsx-long" => (
            "long.xlsx".into(),
            workbook((0..20_000u32).map(|r| (r, 0, format!("9.{r}.1")))),
        ),
        other => panic!("unknown case {other}"),
    }
}

async fn run_case(case: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let settings = Settings::load(None, None, Some(db.display().to_string())).unwrap();
    let now = suivi::clock::parse_instant("2024-12-02T09:00:00Z").unwrap();
    let app = App::open(&settings, Arc::new(FixedClock::new(now)))
        .await
        .unwrap();
    let who = Actor::operator("bench", None);
    let (name, bytes) = file(case);
    let size = bytes.len();
    let before = peak_kib();
    let started = std::time::Instant::now();
    let preview = app
        .upload_import(
            ImportTarget::parse("plan", "2024").unwrap(),
            &name,
            &bytes,
            &who,
        )
        .await
        .unwrap();
    let took = started.elapsed();
    let after = peak_kib();
    let first = preview
        .problems
        .first()
        .map(|t| t.render(suivi::text::Lang::Fr))
        .unwrap_or_else(|| {
            format!(
                "{} rows, {} events to record",
                preview.rows.len(),
                preview.events
            )
        });
    println!(
        "| {case} | {:.1} MiB | {:.0} MiB | {:.0} MiB | {:+.0} MiB | {:.0} ms | {} listed + {} counted | {} |",
        size as f64 / 1048576.0,
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        (after as f64 - before as f64) / 1024.0,
        took.as_secs_f64() * 1000.0,
        preview.problems.len(),
        preview.more,
        first.chars().take(110).collect::<String>(),
    );
}

fn main() {
    if let Ok(case) = std::env::var("SUIVI_BENCH_IMPORT_CASE") {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(run_case(&case));
        return;
    }
    println!("| case | file | peak before | peak after | growth | time | problems | first problem, or what it would record |");
    println!("|---|---|---|---|---|---|---|---|");
    for case in CASES {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .env("SUIVI_BENCH_IMPORT_CASE", case)
            .status()
            .unwrap();
        assert!(status.success(), "{case}");
    }
}
