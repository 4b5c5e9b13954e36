//! `suivi sector …`: the sector's plan of a year: the call to the
//! structures, their canevas handed in, returned, approved or reopened.

use std::path::PathBuf;

use clap::Subcommand;

use super::super::args::{date, year};
use crate::app::{Actor, App, AppError, Decision};
use crate::domain::types::{Code, Year};
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
    /// Renvoie la proposition d'une structure, avec un commentaire
    Return {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        structure: String,
        #[arg(long)]
        comment: String,
    },
    /// Approuve la proposition d'une structure : elle entre au plan, verrouillée
    Approve {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        structure: String,
    },
    /// Rouvre une proposition approuvée, avec son motif
    Reopen {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        structure: String,
        #[arg(long)]
        reason: String,
    },
}

pub async fn run(
    app: &App,
    cmd: SectorCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let (year, structure, decision) = match cmd {
        SectorCommand::Open {
            year,
            deadline,
            structures,
        } => {
            let changed = app
                .open_sector_call(year, deadline, &structures, who)
                .await?;
            return Ok(text!(
                "cli-sector-opened",
                count = changed.state.structures.len(),
                deadline = text::Arg::Date(deadline)
            )
            .render(lang));
        }
        SectorCommand::Submit {
            year,
            structure,
            file,
        } => {
            let changed = app
                .submit_sector_canevas(year, &structure, &file, who)
                .await?;
            return Ok(state(&changed.state, &structure, lang));
        }
        SectorCommand::Return {
            year,
            structure,
            comment,
        } => (year, structure, Decision::Return(comment)),
        SectorCommand::Approve { year, structure } => (year, structure, Decision::Approve),
        SectorCommand::Reopen {
            year,
            structure,
            reason,
        } => (year, structure, Decision::Reopen(reason)),
    };
    let changed = app
        .decide_sector_proposal(year, &structure, decision, who)
        .await?;
    Ok(state(&changed.state, &structure, lang))
}

/// « DCM : soumis. »
fn state(s: &crate::domain::submission::Submission, structure: &str, lang: Lang) -> String {
    let code = s.state.map(|st| st.code()).unwrap_or("none");
    text!(
        "cli-sector-state",
        structure = structure,
        state = label(lang, "submission-state", code)
    )
    .render(lang)
}
