//! The quarterly figures of the projects as open items: each quarter of a
//! project under way whose figures are neither recorded nor handed in is
//! due `project_figures_due_days` after it ends, reminded to the focal
//! points of its structure and to its manager through the same digests,
//! outbox and escalation as every other deadline.

use chrono::{Datelike, NaiveDate};

use super::{App, AppError};
use crate::domain::arbitration::Arbitration;
use crate::domain::execution::{quarter_reference, ProjectYear};
use crate::domain::project::Project;
use crate::domain::reminder::Item;
use crate::domain::submission::Submission;
use crate::domain::types::{Quarter, StructureCode, Year};
use crate::projections;
use crate::report::projects::{figures_due, handed_in, quarter_missing, reports_in};

impl App {
    /// The quarters of last year and this one (as of `day`) whose figures a
    /// project under way still owes.
    pub(super) async fn project_items(&self, day: NaiveDate) -> Result<Vec<Item>, AppError> {
        let projects = projections::all::<Project>(&self.db).await?;
        if projects.is_empty() {
            return Ok(Vec::new());
        }
        let due_days = self.mail_config()?.settings.project_figures_due_days;
        let mut items = Vec::new();
        for year in [day.year() - 1, day.year()] {
            let Ok(year) = Year::new(year) else { continue };
            let key = year.to_string();
            let executions: Vec<ProjectYear> = projections::views(&self.db, &key).await?;
            let submissions: Vec<Submission> = projections::views(&self.db, &key).await?;
            let arbitration =
                projections::view::<Arbitration>(&self.db, &Arbitration::aggregate_id(year))
                    .await?;
            let handed_in = handed_in(&submissions, year, day);
            let handed_in = |s: &StructureCode, q: Quarter| handed_in.contains(&(s.clone(), q));
            for project in &projects {
                let (Some(code), Some(details)) = (&project.code, &project.details) else {
                    continue;
                };
                let execution = executions.iter().find(|e| e.code.as_ref() == Some(code));
                let funded = arbitration
                    .as_ref()
                    .and_then(|a| a.entries.get(code))
                    .is_some_and(|e| e.is_funded());
                if !reports_in(project, execution, funded, year) {
                    continue;
                }
                // A quarter is owed from its first day on.
                for q in Quarter::ALL
                    .into_iter()
                    .filter(|q| q.first_day(year.value()) <= day)
                {
                    if !quarter_missing(project, execution, &handed_in, year, q) {
                        continue;
                    }
                    items.push(Item {
                        kind: "project_figures".into(),
                        reference: quarter_reference(code, year, q),
                        text: details.title.clone(),
                        from: Some(q.last_day(year.value()).succ_opt().unwrap_or(day)),
                        deadline: figures_due(year, q, due_days),
                        default_deadline: false,
                        estimated_deadline: false,
                        structures: vec![details.reporting_structure().clone()],
                        record_on: None,
                        also_to: details
                            .manager_email
                            .iter()
                            .filter(|a| crate::mail::deliverable(a))
                            .cloned()
                            .collect(),
                    });
                }
            }
        }
        Ok(items)
    }
}
