//! The yearly report of a large year, on SQLite: a plan of 1 000 activities
//! (half executed, 200 with a narrative), 500 recommendations with their
//! statuses, the next year's plan of 1 000 activities and its 500
//! recommendations, every section written. Measures, over several runs,
//! gathering the report from the store (`App::annual_report`), writing the
//! HTML page and the Word document, and each format end to end
//! (`App::annual_document`, as the command line and the pages call it).
//! Run with `cargo bench --bench report`; options: `--activities N`
//! (1 000), `--recommendations N` (500), `--runs N` (7).

use std::sync::Arc;
use std::time::{Duration, Instant};

use suivi::app::{Actor, App, CreditInput, DocumentFormat};
use suivi::clock::SystemClock;
use suivi::config::Settings;
use suivi::domain::activity::ActivityRef;
use suivi::domain::recommendation::RecommendationRef;
use suivi::domain::types::{ActivityCode, SessionId, Year};
use suivi::report::annual;
use suivi::text::Lang;

struct Options {
    activities: usize,
    recommendations: usize,
    runs: usize,
}

fn options() -> Options {
    let mut o = Options {
        activities: 1_000,
        recommendations: 500,
        runs: 7,
    };
    let args: Vec<String> = std::env::args().collect();
    let number = |s: &str| -> usize {
        s.replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("a number, not {s}"))
    };
    for pair in args.windows(2) {
        match pair[0].as_str() {
            "--activities" => o.activities = number(&pair[1]),
            "--recommendations" => o.recommendations = number(&pair[1]),
            "--runs" => o.runs = number(&pair[1]).max(1),
            _ => {}
        }
    }
    o
}

/// A plan of `n` activities in objectives of 50, results of 10.
fn plan_csv(n: usize) -> String {
    let mut csv =
        String::from("code;objectif;resultat;activite;indicateur;budget;mois;responsable\n");
    for i in 0..n {
        let (o, r, a) = (i / 50 + 1, i / 10 % 5 + 1, i % 10 + 1);
        let objective = if i % 50 == 0 {
            format!("{o}. Objectif {o} : planifier, suivre et évaluer les plans, projets et programmes du secteur")
        } else {
            String::new()
        };
        let result = if i % 10 == 0 {
            format!("{o}.{r}. Les documents du résultat {r} sont élaborés et validés")
        } else {
            String::new()
        };
        let budget = if i % 3 == 0 {
            "PM".to_string()
        } else {
            format!("{}", 1000 + i)
        };
        csv.push_str(&format!(
            "{o}.{r}.{a};{objective};{result};Activité {i} : élaboration et validation d'un document du secteur avec les structures;Document disponible;{budget};{} {};Unité planification\n",
            i % 12 + 1,
            (i + 5) % 12 + 1
        ));
    }
    csv
}

fn recommendations_csv(n: usize) -> String {
    let mut csv = String::from("numero;recommandation;structures;echeance\n");
    for i in 1..=n {
        csv.push_str(&format!(
            "{i};Renforcer la coordination du suivi des projets et programmes du secteur (recommandation {i});MAECI,MMEIA;31/12/2024\n"
        ));
    }
    csv
}

async fn fill(app: &App, o: &Options, who: &Actor) -> anyhow::Result<()> {
    let (y, next) = (Year::new(2023)?, Year::new(2024)?);
    let codes = |csv: &str| -> Vec<String> {
        csv.lines()
            .skip(1)
            .map(|l| l.split(';').next().unwrap().to_string())
            .collect()
    };
    let plan = plan_csv(o.activities);
    app.import_plan_csv("plan-2023.csv", &plan, y, who).await?;
    app.import_plan_csv("plan-2024.csv", &plan, next, who)
        .await?;
    for (i, code) in codes(&plan).iter().enumerate() {
        let id = ActivityRef {
            year: y,
            code: ActivityCode::parse(code)?,
        };
        if i % 2 == 0 {
            app.execute_activity(
                &id,
                Some("Du 1er au 31 mars 2023".into()),
                Some("Document disponible".into()),
                None,
                who,
            )
            .await?;
        }
        if i % 5 == 0 {
            app.write_activity_narrative(
                &id,
                "La CPS a élaboré le document avec les structures du secteur.\n\n- collecte des données ;\n- validation en atelier.".repeat(2),
                who,
            )
            .await?;
        }
    }
    let recs = recommendations_csv(o.recommendations);
    for (session, year) in [("2023", y), ("2024", next)] {
        let session = SessionId::parse(session)?;
        app.import_recommendations_csv("r.csv", &recs, &session, who)
            .await?;
        if year == y {
            for number in (1..=o.recommendations as u32).step_by(2) {
                let id = RecommendationRef {
                    session: session.clone(),
                    number,
                };
                app.set_recommendation_status(
                    &id,
                    suivi::app::StatusChange::new(
                        "en_cours",
                        Some("Démarches engagées".into()),
                        None,
                        None,
                    ),
                    who,
                )
                .await?;
            }
        }
    }
    for (line, kind, amount) in [
        ("bsi", "allotted", 127_000_000),
        ("fonctionnement", "allotted", 16_035_000),
        ("bsi", "notified", 120_650_000),
        ("fonctionnement", "notified", 8_149_000),
        ("bsi", "engaged", 90_402_501),
        ("fonctionnement", "engaged", 8_113_130),
    ] {
        let credit = CreditInput {
            line,
            kind,
            amount,
            estimated: false,
            date: None,
        };
        app.record_credit(y, credit, who).await?;
    }
    for key in [
        "introduction",
        "missions",
        "organisation",
        "ressources_humaines",
        "ressources_materielles",
        "difficultes",
        "perspectives",
        "conclusion",
    ] {
        app.set_report_section(
            y,
            key,
            "Un texte de section, en **Markdown**.\n\n- un point ;\n- un autre.\n".repeat(20),
            who,
        )
        .await?;
    }
    Ok(())
}

fn median(mut d: Vec<Duration>) -> Duration {
    d.sort();
    d[d.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = options();
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.db");
    let settings = Settings::load(None, None, Some(db.display().to_string()))?;
    let app = App::open(&settings, Arc::new(SystemClock)).await?;
    let who = Actor::operator("bench", None);
    let started = Instant::now();
    fill(&app, &o, &who).await?;
    println!(
        "filled: {} activities a year, {} recommendations a session, in {:.1} s",
        o.activities,
        o.recommendations,
        started.elapsed().as_secs_f64()
    );
    let year = Year::new(2023)?;
    let (mut gather, mut html, mut docx, mut html_total, mut docx_total) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut html_size, mut docx_size) = (0, 0);
    for _ in 0..o.runs {
        let t = Instant::now();
        let report = app.annual_report(year, &who).await?;
        gather.push(t.elapsed());
        let t = Instant::now();
        html_size = annual::html::write(&report, Lang::Fr).len();
        html.push(t.elapsed());
        let t = Instant::now();
        docx_size = annual::docx::write(&report, Lang::Fr)?.len();
        docx.push(t.elapsed());
        let t = Instant::now();
        app.annual_document(year, DocumentFormat::Html, Lang::Fr, &who)
            .await?;
        html_total.push(t.elapsed());
        let t = Instant::now();
        app.annual_document(year, DocumentFormat::Docx, Lang::Fr, &who)
            .await?;
        docx_total.push(t.elapsed());
    }
    println!("medians of {} runs (SQLite):", o.runs);
    println!(
        "| gather the report from the store | {} |",
        ms(median(gather))
    );
    println!(
        "| write the HTML page ({} KiB) | {} |",
        html_size / 1024,
        ms(median(html))
    );
    println!(
        "| write the Word document ({} KiB) | {} |",
        docx_size / 1024,
        ms(median(docx))
    );
    println!("| **HTML end to end** | **{}** |", ms(median(html_total)));
    println!("| **Word end to end** | **{}** |", ms(median(docx_total)));
    app.close().await;
    Ok(())
}
