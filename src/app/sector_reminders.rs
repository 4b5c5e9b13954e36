//! The sector's plan as open items: a structure called that has not handed
//! in its proposal (or whose proposal came back) owes it by the call's
//! deadline; a structure with activities in the plan owes each begun
//! quarter's execution `project_figures_due_days` after the quarter ends
//! (the same delay as the projects' figures), until it hands it in. Both
//! are reminded through the same digests, outbox and escalation as every
//! other deadline.

use chrono::{Datelike, NaiveDate};

use super::{App, AppError};
use crate::domain::reminder::Item;
use crate::domain::sector::{SectorCall, SectorPeriod};
use crate::domain::submission::{Submission, SubmissionKey, SubmissionState, SubmissionSubject};
use crate::domain::types::{Quarter, StructureCode, Year};
use crate::projections;
use crate::report::projects::figures_due;
use crate::text;
use crate::text::Lang;

/// Whether what `key` names is handed in: submitted or approved.
fn handed_in(submissions: &[Submission], key: &SubmissionKey) -> bool {
    submissions.iter().any(|s| {
        s.key.as_ref() == Some(key)
            && matches!(
                s.state,
                Some(SubmissionState::Submitted | SubmissionState::Approved)
            )
    })
}

impl App {
    /// The proposals owed to the calls of this year and the next, and the
    /// quarters' executions owed for the plans of last year and this one,
    /// as of `day`.
    pub(super) async fn sector_items(&self, day: NaiveDate) -> Result<Vec<Item>, AppError> {
        let calls = projections::all::<SectorCall>(&self.db).await?;
        let due_days = self.mail_config()?.settings.project_figures_due_days;
        let mut items = Vec::new();
        for call in &calls {
            let (Some(year), Some(deadline)) = (call.year, call.deadline) else {
                continue;
            };
            let submissions: Vec<Submission> =
                projections::views(&self.db, &year.to_string()).await?;
            let key = |subject, structure: &StructureCode, quarter| SubmissionKey {
                subject,
                structure: structure.clone(),
                year,
                quarter,
            };
            if (day.year()..=day.year() + 1).contains(&year.value()) {
                for structure in &call.structures {
                    let key = key(SubmissionSubject::SectorPlan, structure, None);
                    if handed_in(&submissions, &key) {
                        continue;
                    }
                    items.push(Item {
                        kind: "sector_plan".into(),
                        reference: key.aggregate_id(),
                        text: text!("item-sector-plan-text", year = year.value()).render(Lang::Fr),
                        from: call.opened_on,
                        deadline,
                        default_deadline: false,
                        estimated_deadline: false,
                        structures: vec![structure.clone()],
                        record_on: None,
                        also_to: Vec::new(),
                    });
                }
            }
            if !(day.year() - 1..=day.year()).contains(&year.value()) {
                continue;
            }
            for (structure, codes) in &call.codes {
                let approved = submissions.iter().any(|s| {
                    s.locked()
                        && s.key.as_ref()
                            == Some(&key(SubmissionSubject::SectorPlan, structure, None))
                });
                if codes.is_empty() || !approved {
                    continue;
                }
                for quarter in call
                    .period
                    .quarters()
                    .iter()
                    .copied()
                    .filter(|q| q.first_day(year.value()) <= day)
                {
                    let key = key(SubmissionSubject::SectorExecution, structure, Some(quarter));
                    if handed_in(&submissions, &key) {
                        continue;
                    }
                    items.push(quarter_item(key, year, quarter, call.period, due_days, day));
                }
            }
        }
        Ok(items)
    }
}

/// A structure's execution of a quarter (of the year, followed by year),
/// owed.
fn quarter_item(
    key: SubmissionKey,
    year: Year,
    quarter: Quarter,
    period: SectorPeriod,
    due_days: u32,
    day: NaiveDate,
) -> Item {
    Item {
        kind: "sector_execution".into(),
        reference: key.aggregate_id(),
        text: text!(
            "item-sector-execution-text",
            quarter = quarter.value(),
            year = year.value(),
            period = crate::domain::types::Code::code(period)
        )
        .render(Lang::Fr),
        from: Some(quarter.last_day(year.value()).succ_opt().unwrap_or(day)),
        deadline: figures_due(year, quarter, due_days),
        default_deadline: false,
        estimated_deadline: false,
        structures: vec![key.structure],
        record_on: None,
        also_to: Vec::new(),
    }
}
