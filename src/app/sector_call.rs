//! The call for the sector's plan of a year: opened (or opened again) to
//! the structures with the objectives and period the configuration sets,
//! each structure told by an e-mail written in the call's own transaction,
//! and read back.

use chrono::NaiveDate;

use super::refusals::Refusal;
use super::{App, AppError, Changed};
use crate::domain::access::{Action, Actor};
use crate::domain::sector::{SectorCall, SectorCallCommand, SectorCallError};
use crate::domain::types::{StructureCode, Year};
use crate::projections;
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
