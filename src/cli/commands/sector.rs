//! `suivi sector …`: the sector's plan of a year: the call to the
//! structures, their canevas handed in, returned, approved or reopened,
//! the activities' codes, and each quarter's execution decided the same way.

use std::path::PathBuf;

use clap::Subcommand;

use super::super::args::{date, quarter, year};
use crate::app::{Actor, App, AppError, Decision};
use crate::domain::types::{Code, Quarter, Year};
use crate::text;
use crate::text::{label, Lang};

#[derive(Debug, Subcommand)]
pub enum SectorCommand {
    /// Ouvre l'appel à propositions du plan d'action du secteur d'une année
    Open {
        #[arg(long, value_parser = year)]
        year: Year,
        /// L'échéance des propositions (AAAA-MM-JJ)
        #[arg(long, value_parser = date)]
        deadline: chrono::NaiveDate,
        /// Les structures appelées, comme les documents les écrivent (« DFM/MAECI, DCM »)
        #[arg(long)]
        structures: String,
        /// Aucun courrier : les structures ont été prévenues autrement (un appel enregistré après coup)
        #[arg(long)]
        no_mail: bool,
    },
    /// Remet le canevas d'une structure (CSV ou XLSX : objectif, resultat, activite, indicateur,
    /// cible, budget, source, mois, responsable) : ses activités et sa soumission, ou rien
    Submit {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        structure: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// Remet l'exécution d'un trimestre par une structure (CSV ou XLSX : code, statut, avancement,
    /// realise, engage, liquide) : ses chiffres et sa soumission, ou rien
    Execution {
        #[arg(long, value_parser = year)]
        year: Year,
        /// Le trimestre (1 à 4) ; sans lui, l'année (un plan suivi à l'année)
        #[arg(long, value_parser = quarter)]
        quarter: Option<Quarter>,
        #[arg(long)]
        structure: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// Renvoie la proposition d'une structure (ou, avec --quarter, son exécution du trimestre),
    /// avec un commentaire
    Return {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        structure: String,
        /// Le trimestre de l'exécution (1 à 4 ; 4 pour l'année d'un plan suivi à l'année) ; sans
        /// lui, la proposition
        #[arg(long, value_parser = quarter)]
        quarter: Option<Quarter>,
        #[arg(long)]
        comment: String,
    },
    /// Approuve la proposition d'une structure : elle entre au plan, codée et verrouillée (ou,
    /// avec --quarter, son exécution du trimestre)
    Approve {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        structure: String,
        /// Le trimestre de l'exécution (1 à 4 ; 4 pour l'année d'un plan suivi à l'année) ; sans
        /// lui, la proposition
        #[arg(long, value_parser = quarter)]
        quarter: Option<Quarter>,
    },
    /// Rouvre une proposition approuvée (ou, avec --quarter, un trimestre approuvé), avec son motif
    Reopen {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        structure: String,
        /// Le trimestre de l'exécution (1 à 4 ; 4 pour l'année d'un plan suivi à l'année) ; sans
        /// lui, la proposition
        #[arg(long, value_parser = quarter)]
        quarter: Option<Quarter>,
        #[arg(long)]
        reason: String,
    },
    /// Enregistre la validation du plan compilé : sa date, comment, par qui ; l'appel ne change
    /// plus ensuite
    Validate {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = date)]
        date: chrono::NaiveDate,
        /// Comment (« par échanges de courriers électroniques et d'entretiens téléphoniques »)
        #[arg(long)]
        how: String,
        /// Par qui (« les structures du secteur »)
        #[arg(long)]
        by: String,
    },
    /// Donne un autre code à une activité du plan du secteur (il ne doit être celui d'aucune autre)
    Recode {
        #[arg(long, value_parser = year)]
        year: Year,
        /// Son code actuel (1.2)
        #[arg(long)]
        from: String,
        /// Son nouveau code
        #[arg(long)]
        to: String,
    },
}

pub async fn run(
    app: &App,
    cmd: SectorCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let (year, structure, quarter, decision) = match cmd {
        SectorCommand::Open {
            year,
            deadline,
            structures,
            no_mail,
        } => {
            let (changed, unreachable) = app
                .open_sector_call(year, deadline, &structures, !no_mail, who)
                .await?;
            return Ok(App::call_opened_text(&changed.state, &unreachable).render(lang));
        }
        SectorCommand::Submit {
            year,
            structure,
            file,
        } => {
            let sheet = app
                .submit_sector_canevas(year, &structure, &file, who)
                .await?;
            return Ok(stated(&sheet.state, &structure, lang));
        }
        SectorCommand::Execution {
            year,
            quarter,
            structure,
            file,
        } => {
            let changed = app
                .submit_sector_execution(year, quarter, &structure, &file, who)
                .await?;
            return Ok(state(&changed.state, &structure, lang));
        }
        SectorCommand::Validate {
            year,
            date,
            how,
            by,
        } => {
            let validation = crate::domain::sector::Validation { on: date, how, by };
            app.validate_sector_plan(year, validation, who).await?;
            return Ok(text!(
                "cli-sector-validated",
                year = year.value(),
                day = text::Arg::Date(date)
            )
            .render(lang));
        }
        SectorCommand::Recode { year, from, to } => {
            app.recode_sector_activity(year, &from, &to, who).await?;
            return Ok(
                text!("cli-sector-recoded", from = from.as_str(), to = to.as_str()).render(lang),
            );
        }
        SectorCommand::Return {
            year,
            structure,
            quarter,
            comment,
        } => (year, structure, quarter, Decision::Return(comment)),
        SectorCommand::Approve {
            year,
            structure,
            quarter,
        } => (year, structure, quarter, Decision::Approve),
        SectorCommand::Reopen {
            year,
            structure,
            quarter,
            reason,
        } => (year, structure, quarter, Decision::Reopen(reason)),
    };
    let changed = match quarter {
        Some(q) => {
            app.decide_sector_quarter(year, &structure, q, decision, who)
                .await?
        }
        None => {
            app.decide_sector_proposal(year, &structure, decision, who)
                .await?
        }
    };
    Ok(state(&changed.state, &structure, lang))
}

/// « DCM : soumis. »
fn state(s: &crate::domain::submission::Submission, structure: &str, lang: Lang) -> String {
    stated(
        s.state.map(|st| st.code()).unwrap_or("none"),
        structure,
        lang,
    )
}

/// « DCM : soumis. », from the state's code.
fn stated(code: &str, structure: &str, lang: Lang) -> String {
    text!(
        "cli-sector-state",
        structure = structure,
        state = label(lang, "submission-state", code)
    )
    .render(lang)
}
