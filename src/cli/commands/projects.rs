//! `suivi project …`: the sector's portfolio, its BSI arbitration and its
//! figures through the year.

use std::path::PathBuf;

use clap::Subcommand;

use super::super::args::{date, fcfa, year};
use super::super::recorded;
use crate::app::{Actor, App, AppError, ArbitrationInput, PhysicalRate, ProjectCredit};
use crate::domain::types::Year;
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
    /// Enregistre la place d'un projet à l'arbitrage BSI d'une année (le répéter met à jour)
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
            let input = ArbitrationInput {
                presented,
                new: Some(new),
                funded,
                estimated,
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
