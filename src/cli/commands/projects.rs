//! `suivi project …`: the sector's portfolio, its BSI arbitration and its
//! figures through the year, its quarters, revues and missions. (Over 400
//! lines: the contract of the group's commands, their options beside what
//! each does.)

use std::path::PathBuf;

use clap::Subcommand;

use super::super::args::{date, document_format, fcfa, format, quarter, year, TableOptions};
use super::super::recorded;
use crate::app::{
    Actor, App, AppError, ArbitrationInput, Decision, DocumentFormat, MissionInput, PhysicalRate,
    ProjectCredit,
};
use crate::domain::types::Quarter;
use crate::domain::types::Year;
use crate::report::render::{self, Format};
use crate::text;
use crate::text::Lang;

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Importe les projets depuis un fichier CSV ou XLSX (la liste de l'annexe, par ministère, ou
    /// les colonnes code, intitule, ministere, structure, type, financement, cout_total, debut, fin,
    /// statut) ; avec --year, ils sont présentés à l'arbitrage BSI de cette année (tout ou rien)
    Import {
        file: PathBuf,
        /// L'année budgétaire du BSI (2024 pour l'arbitrage de mai 2023)
        #[arg(long, value_parser = year)]
        year: Option<Year>,
    },
    /// Enregistre la place d'un projet à l'arbitrage BSI d'une année (le répéter met à jour ce qu'il
    /// donne ; le reste est gardé)
    Arbitration {
        /// L'année budgétaire du BSI (2024 pour l'arbitrage de mai 2023)
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        code: String,
        /// Présenté à l'arbitrage
        #[arg(long)]
        presented: bool,
        /// Présenté pour la première fois
        #[arg(long)]
        new: bool,
        /// La dotation obtenue (F CFA)
        #[arg(long, value_parser = fcfa)]
        funded: Option<i64>,
        /// Nouveau ou dotation supposés, pas lus dans un document (montrés comme estimés)
        #[arg(long)]
        estimated: bool,
    },
    /// Enregistre un crédit d'un projet (F CFA, cumulé depuis le 1er janvier)
    Credit {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        code: String,
        /// allotted, notified, engaged ou liquidated
        #[arg(long)]
        kind: String,
        #[arg(long, value_parser = fcfa, allow_hyphen_values = true)]
        amount: i64,
        /// La source : BSI (par défaut), PTF : nom, ou une autre
        #[arg(long)]
        source: Option<String>,
        /// Le jour du montant (AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut aujourd'hui)
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
        /// Un montant supposé, pas lu dans un document (montré comme estimé)
        #[arg(long)]
        estimated: bool,
    },
    /// Ouvre la revue annuelle des projets/programmes d'un ministère (tenue l'année --year, sur
    /// l'année précédente) ; ses recommandations vont dans la session projets-MINISTERE-ANNEE
    Revue {
        #[command(flatten)]
        target: RevueTarget,
        /// Le jour où elle s'est tenue
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
        /// Les codes des projets couverts, séparés par des virgules (par défaut : tous ceux du
        /// ministère en cours l'année revue)
        #[arg(long)]
        projects: Option<String>,
        /// La liste des projets couverts est supposée, pas lue dans un document
        #[arg(long)]
        estimated: bool,
    },
    /// Les difficultés d'un projet, telles que la revue les constate
    Difficulties {
        #[command(flatten)]
        target: RevueTarget,
        #[arg(long)]
        code: String,
        #[arg(long)]
        text: String,
    },
    /// Enregistre une mission de suivi (le répéter met à jour) ; ses recommandations vont dans la
    /// session projets-NOM-ANNEE
    Mission {
        /// Nom court de la mission (caire, rabat)
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = date)]
        from: chrono::NaiveDate,
        #[arg(long, value_parser = date)]
        to: chrono::NaiveDate,
        #[arg(long)]
        place: String,
        /// Les projets visités : codes du portefeuille ou intitulés, séparés par des « ; »
        #[arg(long)]
        projects: String,
        /// Les structures visitées ou rencontrées (une ambassade)
        #[arg(long)]
        structures: Option<String>,
        #[arg(long)]
        findings: Option<String>,
    },
    /// Le rapport de la revue d'un ministère : tableau des projets (taux et difficultés), ou le
    /// document avec ses recommandations par projet (--document docx|html)
    Report {
        #[command(flatten)]
        target: RevueTarget,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
        /// Le document (docx ou html), écrit dans --output
        #[arg(long, value_parser = document_format)]
        document: Option<DocumentFormat>,
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// La fiche d'un projet pour une année : ce qu'il est, ses chiffres par date, ses trimestres et
    /// ses recommandations (CSV : ses chiffres ; XLSX : chiffres et trimestres)
    Show {
        /// Son code, ou son intitulé ou un autre nom tel que les documents l'écrivent
        #[arg(long)]
        code: String,
        #[arg(long, value_parser = year)]
        year: Year,
        #[command(flatten)]
        options: TableOptions,
    },
    /// Le cycle des chiffres trimestriels d'une structure : soumis, renvoyé, approuvé (verrouillé), rouvert
    #[command(subcommand)]
    Quarter(QuarterCommand),
    /// Enregistre le taux d'exécution physique d'un projet, tel que déclaré à une date
    Physical {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        code: String,
        /// Le taux, de 0 à 100 (45 ou 45,5)
        #[arg(long)]
        percent: String,
        #[arg(long, value_parser = date)]
        date: chrono::NaiveDate,
        #[arg(long)]
        note: Option<String>,
        /// Qui l'a déclaré, ou le document
        #[arg(long)]
        source: Option<String>,
        /// Un taux supposé, pas lu dans un document (montré comme estimé)
        #[arg(long)]
        estimated: bool,
    },
}

/// A structure's quarter of the projects' figures.
#[derive(Debug, clap::Args)]
pub struct QuarterTarget {
    #[arg(long, value_parser = year)]
    pub year: Year,
    /// Le trimestre, 1 à 4
    #[arg(long, value_parser = quarter)]
    pub quarter: Quarter,
    /// La structure dont les projets sont concernés (le ministère, ou la structure responsable)
    #[arg(long)]
    pub structure: String,
}

/// `suivi project quarter …`: the cycle of a structure's quarter.
#[derive(Debug, Subcommand)]
pub enum QuarterCommand {
    /// Soumet les chiffres du trimestre (le point focal de la structure, ou la CPS)
    Submit {
        #[command(flatten)]
        target: QuarterTarget,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Renvoie les chiffres à la structure, avec un commentaire (la CPS)
    Return {
        #[command(flatten)]
        target: QuarterTarget,
        #[arg(long)]
        comment: String,
    },
    /// Approuve les chiffres : le trimestre est verrouillé (la CPS)
    Approve {
        #[command(flatten)]
        target: QuarterTarget,
    },
    /// Rouvre un trimestre approuvé ; le motif (--reason) est obligatoire
    Reopen {
        #[command(flatten)]
        target: QuarterTarget,
    },
    /// L'historique du trimestre : soumissions, renvois, approbations, réouvertures
    History {
        #[command(flatten)]
        target: QuarterTarget,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
}

/// `suivi project revue|difficulties|mission` and the revue's report.
#[derive(Debug, clap::Args)]
pub struct RevueTarget {
    /// Le ministère (MAECI, MMEIA)
    #[arg(long)]
    pub ministry: String,
    /// L'année où la revue se tient (elle porte sur l'année précédente)
    #[arg(long, value_parser = year)]
    pub year: Year,
}

pub async fn run(
    app: &App,
    cmd: ProjectCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    match cmd {
        ProjectCommand::Import { file, year } => {
            let o = app.import_projects(&file, year, who).await?;
            Ok(match o.events {
                0 => text!("cli-projects-nothing-new", rows = o.rows).render(lang),
                n => text!("cli-projects-imported", rows = o.rows, events = n).render(lang),
            })
        }
        ProjectCommand::Arbitration {
            year,
            code,
            presented,
            new,
            funded,
            estimated,
        } => {
            // A flag given says yes; one left out keeps what was recorded.
            let input = ArbitrationInput {
                presented: presented.then_some(true),
                new: new.then_some(true),
                funded,
                estimated: estimated.then_some(true),
            };
            let changed = app.record_arbitration(year, &code, input, who).await?;
            let s = changed.state.summary();
            Ok(format!(
                "{}\n{}",
                recorded(changed.events, lang),
                text!(
                    "cli-arbitration-counts",
                    year = year.value(),
                    presented = s.presented,
                    new = s.new,
                    funded = s.funded
                )
                .render(lang)
            ))
        }
        ProjectCommand::Credit {
            year,
            code,
            kind,
            amount,
            source,
            date,
            estimated,
        } => {
            let credit = ProjectCredit {
                kind: &kind,
                amount,
                source: source.as_deref(),
                date,
                estimated,
            };
            let changed = app.record_project_credit(year, &code, credit, who).await?;
            Ok(recorded(changed.events, lang))
        }
        ProjectCommand::Revue {
            target,
            date,
            projects,
            estimated,
        } => {
            let changed = app
                .open_project_revue(
                    &target.ministry,
                    target.year,
                    date,
                    projects.as_deref(),
                    estimated,
                    who,
                )
                .await?;
            let session =
                changed.state.ministry.as_ref().and_then(|m| {
                    crate::domain::project_revue::ProjectRevue::session(m, target.year)
                });
            Ok(format!(
                "{}\n{}",
                recorded(changed.events, lang),
                text!(
                    "cli-project-revue-opened",
                    count = changed.state.projects.len(),
                    session = session.map(|s| s.to_string()).unwrap_or_default()
                )
                .render(lang)
            ))
        }
        ProjectCommand::Difficulties { target, code, text } => {
            let changed = app
                .record_revue_difficulties(&target.ministry, target.year, &code, text, who)
                .await?;
            Ok(recorded(changed.events, lang))
        }
        ProjectCommand::Mission {
            name,
            year,
            from,
            to,
            place,
            projects,
            structures,
            findings,
        } => {
            let input = MissionInput {
                name: &name,
                year,
                from,
                to,
                place: &place,
                projects: &projects,
                structures: structures.as_deref(),
                findings,
            };
            let changed = app.record_mission(input, who).await?;
            let session = changed
                .state
                .name
                .as_ref()
                .map(|n| crate::domain::mission::Mission::session(n, year));
            Ok(format!(
                "{}\n{}",
                recorded(changed.events, lang),
                text!(
                    "cli-mission-recorded",
                    session = session.map(|s| s.to_string()).unwrap_or_default()
                )
                .render(lang)
            ))
        }
        ProjectCommand::Report {
            target,
            format,
            document,
            output,
        } => {
            if let Some(document) = document {
                let Some(output) = output else {
                    return Err(AppError::bad_field(
                        "output",
                        text!("cli-document-needs-output"),
                    ));
                };
                let (bytes, _) = app
                    .project_revue_document(&target.ministry, target.year, document, lang, who)
                    .await?;
                super::super::write_output(&output, &bytes)?;
                return Ok(
                    text!("annual-written", path = output.display().to_string()).render(lang)
                );
            }
            let report = app
                .project_revue_report(&target.ministry, target.year, who)
                .await?;
            let options = TableOptions {
                format,
                output,
                as_of: None,
                recorded_by: None,
            };
            super::reports::output(
                app,
                &options,
                lang,
                |f| render::project_revue(&report, f, lang),
                |wb, p| crate::report::xlsx::add_project_revue(wb, &report, lang, p),
            )
            .await
        }
        ProjectCommand::Show {
            code,
            year,
            options,
        } => {
            if options.recorded_by.is_some() {
                return Err(AppError::bad_field(
                    "recorded_by",
                    text!("projects-recorded-by-unsupported"),
                ));
            }
            let sheet = app.project_sheet(&code, year, options.as_of, who).await?;
            super::reports::output(
                app,
                &options,
                lang,
                |f| render::project_sheet(&sheet, f, lang),
                |wb, p| crate::report::xlsx::add_project_sheet(wb, &sheet, lang, p),
            )
            .await
        }
        ProjectCommand::Quarter(cmd) => quarter_command(app, cmd, who, lang).await,
        ProjectCommand::Physical {
            year,
            code,
            percent,
            date,
            note,
            source,
            estimated,
        } => {
            let rate = PhysicalRate {
                percent: &percent,
                date,
                note,
                source,
                estimated,
            };
            let changed = app.record_physical_rate(year, &code, rate, who).await?;
            Ok(recorded(changed.events, lang))
        }
    }
}

async fn quarter_command(
    app: &App,
    cmd: QuarterCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let (target, decision) = match cmd {
        QuarterCommand::History { target, format } => {
            let h = app
                .quarter_history(&target.structure, target.year, target.quarter, who)
                .await?;
            return Ok(super::audit::history(h, format, lang));
        }
        QuarterCommand::Submit { target, comment } => (target, Decision::Submit(comment)),
        QuarterCommand::Return { target, comment } => (target, Decision::Return(comment)),
        QuarterCommand::Approve { target } => (target, Decision::Approve),
        QuarterCommand::Reopen { target } => (
            target,
            Decision::Reopen(who.reason.clone().unwrap_or_default()),
        ),
    };
    let changed = app
        .decide_quarter(
            &target.structure,
            target.year,
            target.quarter,
            decision,
            who,
        )
        .await?;
    let state = changed
        .state
        .state
        .map(|s| {
            crate::text::label(
                lang,
                "submission-state",
                crate::domain::types::Code::code(s),
            )
        })
        .unwrap_or_default();
    Ok(format!(
        "{}\n{}",
        recorded(changed.events, lang),
        text!(
            "cli-quarter-state",
            structure = target.structure.as_str(),
            quarter = target.quarter.value(),
            year = target.year.value(),
            state = state
        )
        .render(lang)
    ))
}
