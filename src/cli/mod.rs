//! The command line: parses arguments, opens the application, runs one
//! command, prints the result, and turns errors into exit codes:
//! 0 success, 2 bad input (nothing changed), 3 conflict (retry), 1 other failure.

pub mod args;
mod audit;
mod reports;

use std::path::Path;

use clap::Parser;

use crate::app::{Actor, App, AppError, ImportOutcome, Message};
use crate::config::Settings;
use crate::domain::activity::ActivityRef;
use crate::domain::finance::{BudgetLine, CreditKind};
use crate::domain::recommendation::{RecommendationContent, RecommendationRef};
use crate::domain::revue::RevueRef;
use crate::domain::workflow::RecommendationStatus;
use crate::i18n::Lang;
use crate::reminders::Reminders;
use crate::report::render::{self, Format};
use args::*;

/// Exit codes of the command line.
pub mod exit {
    pub const OK: i32 = 0;
    pub const FAILURE: i32 = 1;
    pub const BAD_INPUT: i32 = 2;
    pub const CONFLICT: i32 = 3;
    pub const INTEGRITY: i32 = 4;
}

/// Runs the command line with the process arguments; returns the exit code.
pub async fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::BAD_INPUT
            } else {
                exit::OK
            };
            let _ = e.print();
            return code;
        }
    };
    let lang = cli.lang;
    match run(cli).await {
        Ok(out) => {
            if !out.is_empty() {
                println!("{out}");
            }
            exit::OK
        }
        Err(e) => report_error(&e, lang),
    }
}

/// Prints an error for a person and returns its exit code.
pub fn report_error(e: &AppError, lang: Lang) -> i32 {
    match e {
        AppError::BadInput(m) => {
            eprintln!("{} {}", lang.pick("Erreur :", "Error:"), m.get(lang));
            exit::BAD_INPUT
        }
        AppError::Conflict(m) => {
            eprintln!("{} {}", lang.pick("Conflit :", "Conflict:"), m.get(lang));
            exit::CONFLICT
        }
        AppError::Integrity(m) => {
            eprintln!("{} {}", lang.pick("Intégrité :", "Integrity:"), m.get(lang));
            exit::INTEGRITY
        }
        AppError::Internal(e) => {
            eprintln!("{} {e:#}", lang.pick("Échec :", "Failure:"));
            exit::FAILURE
        }
    }
}

fn default_actor() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "inconnu".to_string())
}

async fn run(cli: Cli) -> Result<String, AppError> {
    let settings = Settings::load(
        cli.config_dir.clone(),
        cli.workflows_dir.clone(),
        cli.database.clone(),
    )
    .map_err(|e| AppError::BadInput(Message::same(e.to_string())))?;
    if let Command::Demo { script } = &cli.command {
        return demo(settings, script, &cli).await;
    }
    if let Command::Serve { listen } = &cli.command {
        return serve(settings, listen.clone()).await;
    }
    let app = App::open(&settings).await?;
    let result = dispatch(&app, cli).await;
    app.db.close().await;
    result
}

fn imported(o: ImportOutcome, what_fr: &str, what_en: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr if o.events == 0 => format!(
            "Rien de nouveau : les {} {what_fr} du fichier étaient déjà enregistrées.",
            o.rows
        ),
        Lang::Fr => format!(
            "{} {what_fr} importées ({} événements enregistrés).",
            o.rows, o.events
        ),
        Lang::En if o.events == 0 => format!(
            "Nothing new: the file's {} {what_en} were already recorded.",
            o.rows
        ),
        Lang::En => format!(
            "{} {what_en} imported ({} events recorded).",
            o.rows, o.events
        ),
    }
}

fn recorded(n: usize, lang: Lang) -> String {
    match (n, lang) {
        (0, Lang::Fr) => "Rien à changer : c'était déjà enregistré.".to_string(),
        (0, Lang::En) => "Nothing to change: already recorded.".to_string(),
        (n, Lang::Fr) => format!("Enregistré ({n} événement(s))."),
        (n, Lang::En) => format!("Recorded ({n} event(s))."),
    }
}

/// Runs one parsed command against an open application.
pub async fn dispatch(app: &App, cli: Cli) -> Result<String, AppError> {
    let lang = cli.lang;
    let who = Actor::new(
        cli.actor.clone().unwrap_or_else(default_actor),
        cli.reason.clone(),
    );
    let activity = |t: ActivityTarget| ActivityRef {
        year: t.year,
        code: t.code,
    };
    Ok(match cli.command {
        Command::Plan(PlanCommand::Import { file, year }) => imported(
            app.import_plan(&file, year, &who).await?,
            "activités",
            "activities",
            lang,
        ),
        Command::Activity(cmd) => match cmd {
            ActivityCommand::Execute {
                target,
                period,
                observation,
            } => recorded(
                app.execute_activity(activity(target), period, observation, &who)
                    .await?,
                lang,
            ),
            ActivityCommand::NotExecuted { target } => {
                let Some(reason) = cli.reason.clone().filter(|r| !r.trim().is_empty()) else {
                    return Err(AppError::BadInput(Message::new(
                        "--reason est obligatoire : indiquez pourquoi l'activité n'a pas été exécutée",
                        "--reason is required: say why the activity was not executed",
                    )));
                };
                recorded(
                    app.activity_not_executed(activity(target), reason, &who)
                        .await?,
                    lang,
                )
            }
            ActivityCommand::Cost {
                target,
                engaged,
                liquidated,
            } => recorded(
                app.activity_cost(activity(target), engaged, liquidated, &who)
                    .await?,
                lang,
            ),
            ActivityCommand::CarryOver {
                target,
                to_year,
                to_code,
            } => {
                let to = app
                    .carry_over_activity(activity(target), to_year, to_code, &who)
                    .await?;
                match lang {
                    Lang::Fr => format!(
                        "Reprogrammée comme activité {} du plan {}.",
                        to.code, to.year
                    ),
                    Lang::En => format!(
                        "Carried over as activity {} of the {} plan.",
                        to.code, to.year
                    ),
                }
            }
        },
        Command::Recommendation(cmd) => match cmd {
            RecommendationCommand::Import { file, session } => imported(
                app.import_recommendations(&file, &session, &who).await?,
                "recommandations",
                "recommendations",
                lang,
            ),
            RecommendationCommand::Add {
                session,
                number,
                text,
                structures,
                due,
            } => {
                let structures = app.structures(&structures)?;
                let id = RecommendationRef { session, number };
                let content = RecommendationContent {
                    text,
                    structures,
                    due,
                };
                recorded(app.add_recommendation(id, content, &who).await?, lang)
            }
            RecommendationCommand::SetStatus {
                session,
                number,
                status,
                comment,
                evidence,
            } => {
                let to = match status {
                    StatusArg::Executee => RecommendationStatus::Executee,
                    StatusArg::EnCours => RecommendationStatus::EnCours,
                    StatusArg::NonExecutee => RecommendationStatus::NonExecutee,
                };
                let id = RecommendationRef { session, number };
                recorded(
                    app.set_recommendation_status(id, to, comment, evidence, &who)
                        .await?,
                    lang,
                )
            }
            RecommendationCommand::CarryOver {
                session,
                number,
                to_session,
                to_number,
                text,
            } => {
                let from = RecommendationRef { session, number };
                let to = RecommendationRef {
                    session: to_session,
                    number: to_number,
                };
                recorded(
                    app.carry_over_recommendation(from, to, text, &who).await?,
                    lang,
                )
            }
        },
        Command::Finance(FinanceCommand::Record {
            year,
            line,
            kind,
            amount,
        }) => {
            let line = match line {
                LineArg::Bsi => BudgetLine::Bsi,
                LineArg::Fonctionnement => BudgetLine::Fonctionnement,
            };
            let kind = match kind {
                KindArg::Allotted => CreditKind::Allotted,
                KindArg::Notified => CreditKind::Notified,
                KindArg::Engaged => CreditKind::Engaged,
                KindArg::Liquidated => CreditKind::Liquidated,
            };
            recorded(
                app.record_credit(year, line, kind, amount, &who).await?,
                lang,
            )
        }
        Command::Revue(cmd) => match cmd {
            RevueCommand::Open {
                kind,
                year,
                session,
            } => {
                let id = app.open_revue(&kind, year, session, &who).await?;
                match lang {
                    Lang::Fr => format!("Revue {} ouverte.", id.aggregate_id()),
                    Lang::En => format!("Revue {} opened.", id.aggregate_id()),
                }
            }
            RevueCommand::CompleteStep {
                kind,
                year,
                step,
                date,
                document,
            } => {
                let id = RevueRef { kind, year };
                recorded(
                    app.complete_revue_step(id, step, date, document, &who)
                        .await?,
                    lang,
                )
            }
            RevueCommand::List { year, format } => revues(app, year, format, lang).await?,
        },
        Command::Report(cmd) => reports::run(app, cmd, lang).await?,
        Command::Audit(cmd) => audit::run(app, cmd, lang).await?,
        Command::Snapshot(cmd) => audit::snapshot(app, cmd, &who, lang).await?,
        Command::Reminders(cmd) => reminders(app, cmd, lang).await?,
        Command::Calendar(CalendarCommand::Show { year, format }) => {
            calendar(app, year, format, lang)?
        }
        Command::Calendar(CalendarCommand::Done {
            year,
            id,
            date,
            document,
        }) => {
            let r = Reminders::new(app, None)?;
            recorded(
                r.meet_deadline(year.value(), &id, date, document, &who)
                    .await?,
                lang,
            )
        }
        Command::User(cmd) => match cmd {
            UserCommand::Add {
                name,
                role,
                structure,
            } => {
                let role = match role {
                    RoleArg::Director => crate::domain::access::Role::Director,
                    RoleArg::Cps => crate::domain::access::Role::Cps,
                    RoleArg::Structure => crate::domain::access::Role::Structure,
                    RoleArg::Reader => crate::domain::access::Role::Reader,
                };
                let password = match std::env::var("SUIVI_PASSWORD") {
                    Ok(p) => p,
                    Err(_) => {
                        let mut line = String::new();
                        std::io::stdin()
                            .read_line(&mut line)
                            .map_err(|e| AppError::Internal(e.into()))?;
                        line.trim_end_matches(['\r', '\n']).to_string()
                    }
                };
                crate::users::add(
                    &app.db,
                    &app.directory,
                    &name,
                    role,
                    structure.as_deref(),
                    &password,
                    app.now(),
                )
                .await?;
                match lang {
                    Lang::Fr => format!("Utilisateur « {name} » ajouté ({}).", role.code()),
                    Lang::En => format!("User \"{name}\" added ({}).", role.code()),
                }
            }
            UserCommand::List => crate::users::list(&app.db)
                .await?
                .iter()
                .map(|u| {
                    format!(
                        "{}\t{}\t{}{}",
                        u.name,
                        u.role,
                        u.structure.clone().unwrap_or_default(),
                        if u.disabled {
                            lang.pick("\t(désactivé)", "\t(disabled)")
                        } else {
                            ""
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            UserCommand::Disable { name } => {
                crate::users::disable(&app.db, &name).await?;
                match lang {
                    Lang::Fr => format!("Utilisateur « {name} » désactivé."),
                    Lang::En => format!("User \"{name}\" disabled."),
                }
            }
        },
        Command::Token(cmd) => match cmd {
            TokenCommand::Create { user, label } => {
                let (id, token) =
                    crate::users::create_token(&app.db, &user, label.as_deref(), app.now()).await?;
                match lang {
                    Lang::Fr => format!("{token}\n(identifiant {id} ; ce jeton n'est affiché qu'une fois, seule son empreinte est conservée)"),
                    Lang::En => format!("{token}\n(id {id}; this token is shown once, only its hash is kept)"),
                }
            }
            TokenCommand::Revoke { id } => {
                crate::users::revoke_token(&app.db, &id, app.now()).await?;
                match lang {
                    Lang::Fr => format!("Jeton {id} révoqué."),
                    Lang::En => format!("Token {id} revoked."),
                }
            }
        },
        Command::Serve { .. } => {
            return Err(AppError::BadInput(Message::new(
                "« serve » ne peut pas être lancée depuis un script de démonstration",
                "\"serve\" cannot run from a demo script",
            )))
        }
        Command::Rebuild => {
            let n = app.rebuild().await?;
            match lang {
                Lang::Fr => format!("Projections reconstruites à partir de {n} événements."),
                Lang::En => format!("Projections rebuilt from {n} events."),
            }
        }
        Command::Demo { .. } => {
            return Err(AppError::BadInput(Message::new(
                "« demo » ne peut pas être lancée depuis un script de démonstration",
                "\"demo\" cannot run from a demo script",
            )))
        }
    })
}

/// `suivi serve`: the web application and the scheduler, until Ctrl-C or SIGTERM.
async fn serve(settings: Settings, listen: Option<String>) -> Result<String, AppError> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SUIVI_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .json()
        .try_init();
    let app = std::sync::Arc::new(App::open(&settings).await?);
    let listen = listen.unwrap_or_else(|| settings.listen.clone());
    let web = crate::http::Application::build(app.clone(), &listen).await?;
    tracing::info!(
        port = web.port(),
        "suivi serve : interface web sur http://{}",
        listen
    );
    let shutdown = crate::scheduler::shutdown_on_signals();
    let reminders = Reminders::new(&app, smtp_url().as_deref())?;
    let (web, jobs) = tokio::join!(web.run_until(shutdown.clone()), async {
        let r = crate::scheduler::serve(&reminders, shutdown.clone()).await;
        // A failing scheduler stops the web server too.
        shutdown.cancel();
        r
    });
    web?;
    jobs?;
    app.db.close().await;
    Ok(String::new())
}

fn smtp_url() -> Option<String> {
    std::env::var("SUIVI_SMTP_URL")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

async fn reminders(app: &App, cmd: RemindersCommand, lang: Lang) -> Result<String, AppError> {
    let r = Reminders::new(app, smtp_url().as_deref())?;
    let now = app.now();
    Ok(match cmd {
        RemindersCommand::Plan { date, format } => {
            let day = date.unwrap_or_else(|| r.today(now));
            let planned = r.plan(day).await?;
            let json: Vec<serde_json::Value> = planned
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "structure": p.digest.structure,
                        "to": p.mail.to,
                        "cc": p.mail.cc,
                        "subject": p.mail.subject,
                        "items": p.digest.lines.iter().map(|l| serde_json::json!({
                            "kind": l.item.kind,
                            "ref": l.item.reference,
                            "deadline": l.item.deadline,
                            "days": l.due.days,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            match format {
                Format::Json | Format::Xlsx => render::json(&json),
                Format::Csv | Format::Table => {
                    if planned.is_empty() {
                        return Ok(match lang {
                            Lang::Fr => format!("Aucune relance le {day}."),
                            Lang::En => format!("No reminder on {day}."),
                        });
                    }
                    let mut out = String::new();
                    for p in &planned {
                        out.push_str(&format!(
                            "{} → {}{}\n",
                            p.digest.structure,
                            p.mail.to.join(", "),
                            if p.mail.cc.is_empty() {
                                String::new()
                            } else {
                                format!(" (cc {})", p.mail.cc.join(", "))
                            }
                        ));
                        out.push_str(&format!("  {}\n", p.mail.subject));
                        for l in &p.digest.lines {
                            out.push_str(&format!(
                                "  - {} {} : {} ({})\n",
                                l.item.kind,
                                l.item.reference,
                                crate::mail::long_date(l.item.deadline, lang),
                                crate::mail::when(l.due.days, lang)
                            ));
                        }
                    }
                    out.trim_end().to_string()
                }
            }
        }
        RemindersCommand::Run { date } => {
            let day = date.unwrap_or_else(|| r.today(now));
            let queued = r.enqueue(day, now).await?;
            let d = r.deliver_due(app.now()).await?;
            match lang {
                Lang::Fr => format!(
                    "Relances du {day} : {queued} courrier(s) mis en file ; {} envoyé(s), {} à réessayer, {} au rebut ({}).",
                    d.sent, d.retried, d.dead, r.transport()
                ),
                Lang::En => format!(
                    "Reminders of {day}: {queued} message(s) queued; {} sent, {} to retry, {} dead ({}).",
                    d.sent, d.retried, d.dead, r.transport()
                ),
            }
        }
        RemindersCommand::Outbox { status, format } => {
            let status = status.map(|s| match s {
                OutboxStatus::Pending => "pending",
                OutboxStatus::Sent => "sent",
                OutboxStatus::Dead => "dead",
            });
            let messages = crate::mail::outbox::list(&app.db, status).await?;
            match format {
                Format::Json | Format::Xlsx => render::json(&messages),
                Format::Csv | Format::Table => {
                    let mut t = comfy_table::Table::new();
                    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
                        .set_header(vec![
                            "N°",
                            lang.pick("JOUR", "DAY"),
                            "STRUCTURE",
                            lang.pick("STATUT", "STATUS"),
                            lang.pick("ESSAIS", "ATTEMPTS"),
                            lang.pick("DESTINATAIRES", "RECIPIENTS"),
                            lang.pick("DERNIÈRE ERREUR", "LAST ERROR"),
                        ]);
                    for m in &messages {
                        t.add_row(vec![
                            m.id.to_string(),
                            m.day.clone(),
                            m.structure.clone(),
                            m.status.clone(),
                            m.attempts.to_string(),
                            m.to.join(", "),
                            m.last_error.clone().unwrap_or_default(),
                        ]);
                    }
                    t.to_string()
                }
            }
        }
    })
}

fn calendar(
    app: &App,
    year: crate::domain::types::Year,
    format: Format,
    lang: Lang,
) -> Result<String, AppError> {
    let r = Reminders::new(app, None)?;
    let deadlines = r.calendar(year.value())?;
    let days =
        r.working_days(chrono::NaiveDate::from_ymd_opt(year.value(), 6, 30).expect("valid date"))?;
    let rows: Vec<serde_json::Value> = deadlines
        .iter()
        .map(|d| {
            let effective = days.on_or_before(d.date);
            serde_json::json!({
                "id": d.id,
                "label": d.label,
                "from": d.from,
                "deadline": d.date,
                "working_day": effective,
                "revue": d.revue_step.as_ref().map(|(k, _)| k),
                "step": d.revue_step.as_ref().map(|(_, s)| s),
                "structures": d.structures,
            })
        })
        .collect();
    Ok(match format {
        Format::Json | Format::Xlsx => render::json(&rows),
        Format::Csv | Format::Table => {
            let mut t = comfy_table::Table::new();
            t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                .set_width(160)
                .set_header(vec![
                    lang.pick("ÉCHÉANCE", "DEADLINE"),
                    lang.pick("DATE", "DATE"),
                    lang.pick("JOUR OUVRÉ", "WORKING DAY"),
                    lang.pick("STRUCTURES", "STRUCTURES"),
                ]);
            for d in &deadlines {
                let effective = days.on_or_before(d.date);
                let date = match d.from {
                    Some(from) => format!(
                        "{} → {}",
                        crate::mail::long_date(from, lang),
                        crate::mail::long_date(d.date, lang)
                    ),
                    None => crate::mail::long_date(d.date, lang),
                };
                t.add_row(vec![
                    d.label.clone(),
                    date,
                    if effective == d.date {
                        String::new()
                    } else {
                        crate::mail::long_date(effective, lang)
                    },
                    d.structures
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]);
            }
            format!(
                "{} {}\n{t}",
                lang.pick("Calendrier harmonisé", "Harmonized calendar"),
                year
            )
        }
    })
}

async fn revues(
    app: &App,
    year: crate::domain::types::Year,
    format: Format,
    lang: Lang,
) -> Result<String, AppError> {
    let revues = app.revues(year).await?;
    let items: Vec<serde_json::Value> = revues
        .iter()
        .filter_map(|(r, recommendations)| {
            let id = r.id.as_ref()?;
            Some(serde_json::json!({
                "kind": id.kind,
                "year": id.year,
                "label": r.label,
                "session": r.session,
                "recommendations": recommendations,
                "steps": r.steps.iter().map(|s| serde_json::json!({
                    "id": s.id,
                    "label": s.label,
                    "deadline": s.deadline,
                    "completed_on": s.completed_on,
                    "document": s.document,
                    "late": match (s.deadline, s.completed_on) {
                        (Some(d), Some(c)) => c > d,
                        _ => false,
                    },
                })).collect::<Vec<_>>(),
            }))
        })
        .collect();
    Ok(match format {
        Format::Json | Format::Xlsx => render::json(&items),
        Format::Csv | Format::Table => {
            let mut out = String::new();
            for (r, n) in &revues {
                let Some(id) = &r.id else { continue };
                out.push_str(&format!(
                    "{} {} — {} {} ({} {})\n",
                    r.label,
                    id.year,
                    lang.pick("session", "session"),
                    r.session
                        .as_ref()
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    n,
                    lang.pick("recommandation(s)", "recommendation(s)")
                ));
                for s in &r.steps {
                    let deadline = s
                        .deadline
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_else(|| "—".into());
                    let done = match (&s.completed_on, &s.document) {
                        (Some(c), Some(doc)) => format!(
                            "{} {} ({doc})",
                            lang.pick("achevée le", "completed on"),
                            c.format("%d/%m/%Y")
                        ),
                        (Some(c), None) => format!(
                            "{} {}",
                            lang.pick("achevée le", "completed on"),
                            c.format("%d/%m/%Y")
                        ),
                        _ => lang.pick("à faire", "to do").to_string(),
                    };
                    out.push_str(&format!(
                        "  - {} [{} {deadline}] : {done}\n",
                        s.label,
                        lang.pick("échéance", "due")
                    ));
                }
            }
            if out.is_empty() {
                out = lang
                    .pick("Aucune revue pour cette année.", "No revue for this year.")
                    .to_string();
            }
            out.trim_end().to_string()
        }
    })
}

/// Loads the example data into a fresh database by running each line of the
/// demo script as a suivi command, then prints the report's tables.
async fn demo(mut settings: Settings, script: &Path, cli: &Cli) -> Result<String, AppError> {
    let lang = cli.lang;
    if cli.database.is_none() {
        settings.database_url = "demo.db".into();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("demo.db{suffix}"));
        }
    }
    let text = std::fs::read_to_string(script).map_err(|e| {
        AppError::BadInput(Message::new(
            format!(
                "{} : lecture impossible ({e}) ; lancez la démonstration depuis la racine du dépôt",
                script.display()
            ),
            format!(
                "{}: cannot read ({e}); run the demo from the repository root",
                script.display()
            ),
        ))
    })?;
    let app = App::open(&settings).await?;
    if app.db.head_position().await? > 0 {
        return Err(AppError::BadInput(Message::new(
            "la base de démonstration n'est pas vide : donnez une base neuve avec --database",
            "the demo database is not empty: give a fresh one with --database",
        )));
    }
    let mut log = String::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `@ 2023-01-27T10:00:00Z`: the following commands are recorded at that time.
        if let Some(at) = line.strip_prefix('@') {
            let at = chrono::DateTime::parse_from_rfc3339(at.trim()).map_err(|_| {
                AppError::BadInput(Message::same(format!(
                    "{}:{}: date « {} » invalide (AAAA-MM-JJTHH:MM:SSZ)",
                    script.display(),
                    n + 1,
                    at.trim()
                )))
            })?;
            app.set_clock(Some(at.with_timezone(&chrono::Utc)));
            continue;
        }
        let words = shlex::split(line).ok_or_else(|| {
            AppError::BadInput(Message::same(format!(
                "{}:{}: guillemets non fermés",
                script.display(),
                n + 1
            )))
        })?;
        let parsed = Cli::try_parse_from(std::iter::once("suivi".to_string()).chain(words))
            .map_err(|e| {
                AppError::BadInput(Message::same(format!(
                    "{}:{}: {e}",
                    script.display(),
                    n + 1
                )))
            })?;
        let out = dispatch(&app, parsed).await?;
        log.push_str(&format!("$ suivi {line}\n{out}\n"));
    }
    app.set_clock(None);
    let mut out = String::new();
    if std::env::var_os("SUIVI_DEMO_VERBOSE").is_some() {
        out.push_str(&log);
    }
    for part in [
        render::activities(
            &app.report_activities(year(2023)).await?,
            Format::Table,
            lang,
        ),
        render::recommendations(
            &app.report_recommendations(&session("2023")).await?,
            Format::Table,
            lang,
        ),
        render::finances(&app.report_finances(year(2023)).await?, Format::Table, lang),
        render::activities(
            &app.report_activities(year(2024)).await?,
            Format::Table,
            lang,
        ),
        render::recommendations(
            &app.report_recommendations(&session("2024")).await?,
            Format::Table,
            lang,
        ),
    ] {
        out.push_str(&part);
        out.push_str("\n\n");
    }
    out.push_str(&match lang {
        Lang::Fr => format!(
            "Base de démonstration : {}\nEssayez : suivi --database {} report recommendations --session 2024 --format json",
            settings.database_url, settings.database_url
        ),
        Lang::En => format!(
            "Demo database: {}\nTry: suivi --database {} report recommendations --session 2024 --format json",
            settings.database_url, settings.database_url
        ),
    });
    app.db.close().await;
    Ok(out)
}

fn year(y: i32) -> crate::domain::types::Year {
    crate::domain::types::Year::new(y).expect("valid year")
}

fn session(s: &str) -> crate::domain::types::SessionId {
    crate::domain::types::SessionId::parse(s).expect("valid session")
}
