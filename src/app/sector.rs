//! The sector's plan: the CPS's call to the structures, each structure's
//! canevas handed in (its activities and its submission in one
//! transaction), returned, approved (its activities coded, in the same
//! transaction) or reopened by the CPS, and the plan compiled from the
//! approved proposals and validated. Its quarters are `sector_quarters`.

use std::path::Path;

use chrono::NaiveDate;

use super::refusals::Refusal;
use super::{command_error, App, AppError, Changed, Decision};
use crate::domain::access::{Action, Actor};
use crate::domain::sector::{
    SectorCall, SectorCallCommand, SectorCallError, SectorProposal, SectorProposalCommand,
    SectorProposalError, Validation,
};
use crate::domain::submission::{Submission, SubmissionError, SubmissionState, SubmissionSubject};
use crate::domain::types::{StructureCode, Year};
use crate::import::Table;
use crate::projections;
use crate::report::sector::SectorPlanReport;
use crate::report::sector_sheets::ProposalSheet;
use crate::store::outbox::NewMessage;
use crate::store::Companion;
use crate::text;

impl App {
    /// Opens the call for the sector's plan of `year` to `structures` (as
    /// the documents write them), due on `deadline`; again, it changes them.
    /// With `mail`, each structure called is told by e-mail (without, it was
    /// told otherwise: a call recorded after the fact). Returns the call,
    /// and the structures called that no e-mail reaches (no focal point's
    /// address in the directory).
    pub async fn open_sector_call(
        &self,
        year: Year,
        deadline: NaiveDate,
        structures: &str,
        mail: bool,
        who: &Actor,
    ) -> Result<(Changed<SectorCall>, Vec<StructureCode>), AppError> {
        self.require(who, Action::Record)?;
        let structures = self
            .directory()
            .resolve_list(structures)
            .map_err(|e| AppError::refused(Some("structures"), e.text()))?;
        let messages = if mail {
            self.call_messages(year, deadline, &structures)?
        } else {
            Vec::new()
        };
        let unreachable: Vec<StructureCode> = structures
            .iter()
            .filter(|s| mail && !messages.iter().any(|m| m.structure == s.as_str()))
            .cloned()
            .collect();
        let id = SectorCall::aggregate_id(year);
        let command = SectorCallCommand::Open {
            year,
            deadline,
            structures,
            on: self.today(),
            frame: self.sector_settings.objectives.clone(),
            period: self.sector_settings.period,
        };
        let changed = self
            .run_one_with::<SectorCall>(
                id,
                command,
                &(),
                who,
                Companion::Messages(&messages, self.now()),
            )
            .await?;
        Ok((changed, unreachable))
    }

    /// What the CPS is told once a call is opened: how many structures,
    /// by when, and which of them no e-mail reaches.
    pub fn call_opened_text(call: &SectorCall, unreachable: &[StructureCode]) -> crate::text::Text {
        let opened = text!(
            "sector-opened",
            count = call.structures.len(),
            deadline = crate::text::Arg::Date(call.deadline.unwrap_or_default())
        );
        if unreachable.is_empty() {
            return opened;
        }
        text!(
            "sector-opened-unreachable",
            opened = opened,
            structures = unreachable
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    /// The call's e-mail to each structure called (its focal points, its
    /// head in copy), queued with the call: once per structure and
    /// deadline, so a call opened again with a new deadline tells everyone.
    /// A structure without a focal point's address gets none (the CPS is
    /// told); the deadline's reminders skip it too.
    fn call_messages(
        &self,
        year: Year,
        deadline: NaiveDate,
        structures: &[StructureCode],
    ) -> Result<Vec<NewMessage>, AppError> {
        let config = self.mail_config()?;
        let lang = config.settings.lang;
        let directory = self.directory();
        let mut messages = Vec::new();
        for code in structures {
            let Some(structure) = directory.get(code) else {
                continue;
            };
            if structure.focal_points.is_empty() {
                continue;
            }
            let named = crate::text::with_code(
                &crate::text::with_article(&structure.name, lang),
                code.as_str(),
            );
            let say = |id: &'static str| {
                text!(
                    id,
                    year = year.value(),
                    deadline = crate::text::Arg::LongDate(deadline),
                    named = named.clone(),
                    cps = self.cps_name()
                )
                .render(lang)
            };
            let page = format!(
                "/sector/structure?year={}&structure={}",
                year.value(),
                code.as_str()
            );
            let link = self.public_url().map(|base| {
                use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
                format!(
                    "{base}/login?next={}",
                    utf8_percent_encode(&page, NON_ALPHANUMERIC)
                )
            });
            let paragraphs = [say("sector-call-mail-call"), say("sector-call-mail-what")];
            let (where_text, where_html) = match &link {
                Some(link) => (
                    text!("sector-call-mail-where", link = link.clone()).render(lang),
                    format!(
                        "<p>{}</p><p><a href=\"{}\">{}</a></p>",
                        crate::report::escape_xml(&say("sector-call-mail-where-html")),
                        crate::report::escape_xml(link),
                        crate::report::escape_xml(&say("sector-call-mail-open"))
                    ),
                ),
                None => {
                    let s = say("sector-call-mail-where-menu");
                    let html = format!("<p>{}</p>", crate::report::escape_xml(&s));
                    (s, html)
                }
            };
            let closing = say("sector-call-mail-reminded");
            let body_text = format!(
                "{}\n\n{}\n\n{}\n\n{where_text}\n\n{closing}\n",
                say("sector-call-mail-hello"),
                paragraphs[0],
                paragraphs[1]
            );
            let body_html = format!(
                "<p>{}</p><p>{}</p><p>{}</p>{where_html}<p>{}</p>",
                crate::report::escape_xml(&say("sector-call-mail-hello")),
                crate::report::escape_xml(&paragraphs[0]),
                crate::report::escape_xml(&paragraphs[1]),
                crate::report::escape_xml(&closing)
            );
            messages.push(NewMessage {
                idempotency_key: format!("sector-call/{}/{}/{deadline}", year.value(), code),
                day: self.today(),
                structure: code.to_string(),
                to: structure.focal_points.clone(),
                cc: structure.head.iter().cloned().collect(),
                subject: say("sector-call-mail-subject"),
                body_text,
                body_html,
                items: vec![],
            });
        }
        Ok(messages)
    }

    /// The call of `year`, open.
    pub(super) async fn sector_call(&self, year: Year) -> Result<SectorCall, AppError> {
        projections::view::<SectorCall>(&self.db, &SectorCall::aggregate_id(year))
            .await?
            .filter(|c| c.year.is_some())
            .ok_or_else(|| AppError::NotFound(text!("sector-call-unknown", year = year.value())))
    }

    /// Hands in a structure's canevas (CSV or XLSX): its activities replace
    /// the ones it proposed before, and its proposal is submitted, in one
    /// transaction, or nothing is written.
    pub async fn submit_sector_canevas(
        &self,
        year: Year,
        structure: &str,
        file: &Path,
        who: &Actor,
    ) -> Result<ProposalSheet, AppError> {
        self.propose_sector(year, structure, &Table::read(file)?, true, who)
            .await
    }

    /// Records a structure's activities for the sector's plan of `year`
    /// (`table` in the canevas' columns: a file, a form's rows, an API
    /// body's), replacing the ones it proposed before; with `submit`, its
    /// proposal is submitted in the same transaction. A draft waits while
    /// the proposal awaits a decision or is approved.
    pub async fn propose_sector(
        &self,
        year: Year,
        structure: &str,
        table: &Table,
        submit: bool,
        who: &Actor,
    ) -> Result<ProposalSheet, AppError> {
        let key = self.submission_key(SubmissionSubject::SectorPlan, structure, year, None)?;
        self.require(
            who,
            Action::RecordSectorPlan(std::slice::from_ref(&key.structure)),
        )?;
        let call = self.sector_call(year).await?;
        if !call.structures.contains(&key.structure) {
            return Err(AppError::refused(
                Some("structure"),
                text!(
                    "sector-not-called",
                    structure = key.structure.as_str(),
                    year = year.value()
                ),
            ));
        }
        let activities = crate::import::sector::parse(table, &call.objectives_set())?;
        let command = SectorProposalCommand::Propose {
            year,
            structure: key.structure.clone(),
            activities,
            on: self.today(),
        };
        let id = SectorProposal::aggregate_id(year, &key.structure);
        if submit {
            self.record_and_submit::<SectorProposal>(id, command, &key, &table.file, who)
                .await?;
        } else {
            let submission = projections::view::<Submission>(&self.db, &key.aggregate_id())
                .await?
                .unwrap_or_default();
            let refusal = match submission.state {
                Some(SubmissionState::Submitted) => Some(SubmissionError::AlreadySubmitted),
                Some(SubmissionState::Approved) => Some(SubmissionError::Locked),
                _ => None,
            };
            if let Some(e) = refusal {
                return Err(e.refusal(&key.aggregate_id()));
            }
            self.run_one::<SectorProposal>(id.clone(), table.file.clone(), command, &(), who)
                .await?;
        }
        self.sector_proposal(year, structure, who).await
    }

    /// A structure's proposal for the sector's plan of `year`: its
    /// activities, their codes once approved, where it stands. Read by
    /// whoever reads the tables and by the structure's focal points.
    pub async fn sector_proposal(
        &self,
        year: Year,
        structure: &str,
        who: &Actor,
    ) -> Result<ProposalSheet, AppError> {
        let key = self.submission_key(SubmissionSubject::SectorPlan, structure, year, None)?;
        if self.require(who, Action::ReadTables).is_err() {
            self.require(
                who,
                Action::RecordSectorPlan(std::slice::from_ref(&key.structure)),
            )?;
        }
        let call = self.sector_call(year).await?;
        let proposal = projections::view::<SectorProposal>(
            &self.db,
            &SectorProposal::aggregate_id(year, &key.structure),
        )
        .await?;
        let submission = projections::view::<Submission>(&self.db, &key.aggregate_id()).await?;
        let mut sheet = crate::report::sector_sheets::proposal_sheet(
            &call,
            &key.structure,
            proposal.as_ref(),
            submission.as_ref(),
        );
        sheet.may_edit = who.may(Action::RecordSectorPlan(std::slice::from_ref(
            &key.structure,
        )));
        sheet.may_decide = who.may(Action::Record);
        Ok(sheet)
    }

    /// Returns (with a comment), approves or reopens (with a reason) a
    /// structure's proposal for the sector's plan of `year`.
    pub async fn decide_sector_proposal(
        &self,
        year: Year,
        structure: &str,
        decision: Decision,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let key = self.submission_key(SubmissionSubject::SectorPlan, structure, year, None)?;
        let proposal_id = SectorProposal::aggregate_id(year, &key.structure);
        let proposal = projections::view::<SectorProposal>(&self.db, &proposal_id).await?;
        if matches!(decision, Decision::Submit(_)) && proposal.is_none() {
            return Err(SectorProposalError::Empty.refusal(&key.aggregate_id()));
        }
        if !matches!(decision, Decision::Approve) {
            return self.decide_submission(key, decision, who).await;
        }
        // Approved, its activities take their codes in the plan, in the
        // same transaction.
        let approve = self.submission_command(&key, decision, who)?;
        let proposal = proposal.unwrap_or_default();
        let call_id = SectorCall::aggregate_id(year);
        let coded = self
            .db
            .decide::<SectorCall>(
                vec![(
                    call_id.clone(),
                    SectorCallCommand::Code {
                        structure: key.structure.clone(),
                        activities: proposal
                            .activities
                            .iter()
                            .map(|a| (a.objective.clone(), a.title.clone()))
                            .collect(),
                    },
                )],
                &(),
                &who.metadata(self.now()),
            )
            .await
            .map_err(|e| command_error(e, |_| call_id.clone()))?;
        self.decide_with(&key, approve, coded.changes, who).await
    }

    /// Records the compiled plan's validation: the day, how (« par échanges
    /// de courriers électroniques »), by whom. The call no longer changes.
    pub async fn validate_sector_plan(
        &self,
        year: Year,
        validation: Validation,
        who: &Actor,
    ) -> Result<Changed<SectorCall>, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("how", Some(&validation.how))?;
        super::refusals::bounded("by", Some(&validation.by))?;
        if validation.how.trim().is_empty() || validation.by.trim().is_empty() {
            return Err(AppError::bad_field(
                "how",
                text!("sector-validation-incomplete"),
            ));
        }
        self.sector_call(year).await?;
        let id = SectorCall::aggregate_id(year);
        self.run_one::<SectorCall>(
            id.clone(),
            id,
            SectorCallCommand::Validate(validation),
            &(),
            who,
        )
        .await
    }

    /// The compiled plan as a Word document or an HTML page, and its file
    /// name.
    pub async fn sector_plan_document(
        &self,
        year: Year,
        format: super::DocumentFormat,
        lang: crate::text::Lang,
        who: &Actor,
    ) -> Result<(Vec<u8>, String), AppError> {
        let plan = self.sector_plan(year, who).await?;
        let document = crate::report::sector::document(&plan, &self.report_settings.identity, lang);
        let bytes = format.write(&document, lang)?;
        let name = format!(
            "pta-secteur-{year}.{}",
            crate::domain::types::Code::code(format)
        );
        Ok((bytes, name))
    }

    /// The CPS gives the activity `from` of the sector's plan the code `to`.
    pub async fn recode_sector_activity(
        &self,
        year: Year,
        from: &str,
        to: &str,
        who: &Actor,
    ) -> Result<Changed<SectorCall>, AppError> {
        self.require(who, Action::Record)?;
        self.sector_call(year).await?;
        let id = SectorCall::aggregate_id(year);
        let command = SectorCallCommand::Recode {
            from: from.to_string(),
            to: to.to_string(),
        };
        self.run_one::<SectorCall>(id.clone(), id, command, &(), who)
            .await
    }

    /// The sector's plan of `year`, compiled from the approved proposals.
    pub async fn sector_plan(&self, year: Year, who: &Actor) -> Result<SectorPlanReport, AppError> {
        self.require(who, Action::ReadTables)?;
        let call = self.sector_call(year).await?;
        let proposals: Vec<SectorProposal> =
            projections::views(&self.db, &year.to_string()).await?;
        let submissions: Vec<Submission> =
            projections::views::<Submission>(&self.db, &year.to_string())
                .await?
                .into_iter()
                .filter(|s| {
                    s.key
                        .as_ref()
                        .is_some_and(|k| k.subject == SubmissionSubject::SectorPlan)
                })
                .collect();
        Ok(crate::report::sector::compile(
            &call,
            &proposals,
            &submissions,
        ))
    }
}

impl Refusal for SectorCallError {
    fn refusal(&self, subject: &str) -> AppError {
        let (field, t) = match self {
            SectorCallError::WrongYear(own, other) => (
                Some("year"),
                text!(
                    "sector-call-wrong-year",
                    own = own.value(),
                    other = other.value()
                ),
            ),
            SectorCallError::NoStructure => (Some("structures"), text!("sector-call-no-structure")),
            SectorCallError::DeadlineBeforeCall { deadline, on } => (
                Some("deadline"),
                text!(
                    "sector-call-deadline-before",
                    deadline = text::Arg::Date(*deadline),
                    on = text::Arg::Date(*on)
                ),
            ),
            SectorCallError::NotOpened => (None, text!("sector-call-not-opened")),
            SectorCallError::Validated => (None, text!("sector-call-validated")),
            SectorCallError::UnknownCode(code) => (
                Some("from"),
                text!("sector-code-unknown", code = code.as_str()),
            ),
            SectorCallError::CodeTaken(code) => {
                (Some("to"), text!("sector-code-taken", code = code.as_str()))
            }
            SectorCallError::BadCode(code) => {
                (Some("to"), text!("sector-code-bad", code = code.as_str()))
            }
            SectorCallError::UnknownObjective { objective, known } => (
                Some("objective"),
                text!(
                    "sector-objective-unknown",
                    objective = objective.as_str(),
                    known = crate::import::sector::numbered(known)
                ),
            ),
        };
        AppError::refused(field, super::refusals::about(subject, t))
    }
}

impl Refusal for SectorProposalError {
    fn refusal(&self, subject: &str) -> AppError {
        let t = match self {
            SectorProposalError::WrongProposal => text!("sector-proposal-wrong"),
            SectorProposalError::Empty => text!("import-sector-empty"),
        };
        AppError::refused(None, super::refusals::about(subject, t))
    }
}
