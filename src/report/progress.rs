//! Progress during the year: per activity of a plan, the months planned so
//! far, the last progress its unit reported, its deadline and whether it is
//! late on a day, with totals by objective and by responsible unit.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::activity::{Activity, ActivityStatus};
use crate::domain::types::StructureCode;

crate::codes! {
    /// Where an activity stands during the year.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
    pub enum ProgressStatus {
        /// Nothing reported yet.
        Planned => "planned",
        /// Some progress reported, not finished.
        InProgress => "in_progress",
        /// Recorded as executed (as Tableau 3 counts it).
        Executed => "executed",
        /// Recorded as not executed.
        NotExecuted => "not_executed",
    }
}

/// One activity of the plan on the day of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProgressLine {
    pub code: String,
    pub title: String,
    pub objective: String,
    pub indicator: String,
    pub target: Option<String>,
    pub achieved: Option<String>,
    /// The responsible unit as the plan writes it.
    pub responsible: String,
    /// The units it is read as (the CPS itself when the plan names none).
    pub units: Vec<String>,
    /// Their names in the directory, in the same order.
    pub unit_names: Vec<String>,
    /// The chronogramme's months (1 = January).
    pub months: Vec<u8>,
    /// The months were worked out, not read in the plan.
    pub months_estimated: bool,
    /// How many of its months have begun by the day of the report.
    pub months_so_far: usize,
    /// The last working day of its last month.
    pub deadline: Option<NaiveDate>,
    /// The last progress reported on or before the day (0 when none).
    pub percent: u8,
    pub progress_date: Option<NaiveDate>,
    pub note: Option<String>,
    pub status: ProgressStatus,
    /// Its deadline has passed and it is neither executed nor declared not executed.
    pub late: bool,
}

/// The count of a group of activities: an objective or a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProgressTotal {
    /// The objective's text, or the unit's code.
    pub key: String,
    /// The objective's text, or the unit's name in the directory.
    pub name: String,
    pub activities: usize,
    pub late: usize,
    pub on_track: usize,
    pub done: usize,
    pub not_executed: usize,
}

/// The plan's progress on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProgressReport {
    pub year: i32,
    pub quarter: u8,
    pub as_of: NaiveDate,
    pub activities: Vec<ProgressLine>,
    pub late: usize,
    pub on_track: usize,
    pub done: usize,
    pub not_executed: usize,
    pub by_objective: Vec<ProgressTotal>,
    pub by_unit: Vec<ProgressTotal>,
}

/// An activity with what the application read for it: its deadline and units.
pub struct ProgressInput<'a> {
    pub activity: &'a Activity,
    pub deadline: Option<NaiveDate>,
    pub units: Vec<StructureCode>,
    /// The units' names, in the same order.
    pub unit_names: Vec<String>,
}

impl ProgressLine {
    /// Who is responsible, as people read it: the plan's words, else the
    /// units' names.
    pub fn responsible_shown(&self) -> String {
        if self.responsible.trim().is_empty() {
            self.unit_names.join(", ")
        } else {
            self.responsible.clone()
        }
    }
}

impl ProgressReport {
    /// The report of `year` on `as_of`, quarter `quarter`, in plan order.
    pub fn new(year: i32, quarter: u8, as_of: NaiveDate, rows: &[ProgressInput<'_>]) -> Self {
        let last_month = if as_of.year() < year {
            0
        } else if as_of.year() > year {
            12
        } else {
            as_of.month() as u8
        };
        let activities: Vec<ProgressLine> = rows
            .iter()
            .filter_map(|r| {
                let a = r.activity;
                let (id, plan) = (a.id.as_ref()?, a.plan.as_ref()?);
                let reported = a.progress_on(as_of);
                // The execution recorded is what Tableau 3 counts: an executed
                // activity is done whatever was reported before, and 100 %
                // reported is not an execution until it is recorded.
                let (percent, progress_date) = match a.status {
                    Some(ActivityStatus::Executed) => {
                        (100, a.status_on.or(reported.map(|p| p.date)))
                    }
                    _ => (reported.map_or(0, |p| p.percent), reported.map(|p| p.date)),
                };
                let status = match a.status {
                    Some(ActivityStatus::Executed) => ProgressStatus::Executed,
                    Some(ActivityStatus::NotExecuted) => ProgressStatus::NotExecuted,
                    _ if percent > 0 => ProgressStatus::InProgress,
                    _ => ProgressStatus::Planned,
                };
                let open = matches!(status, ProgressStatus::Planned | ProgressStatus::InProgress);
                Some(ProgressLine {
                    code: id.code.to_string(),
                    title: plan.title.clone(),
                    objective: plan.objective.clone(),
                    indicator: plan.indicator.clone(),
                    target: a.target.clone(),
                    achieved: a.achieved.clone(),
                    responsible: plan.responsible.clone(),
                    units: r.units.iter().map(|u| u.to_string()).collect(),
                    unit_names: r.unit_names.clone(),
                    months: plan.months.as_slice().to_vec(),
                    months_estimated: plan.months_estimated,
                    months_so_far: plan
                        .months
                        .as_slice()
                        .iter()
                        .filter(|m| **m <= last_month)
                        .count(),
                    deadline: r.deadline,
                    percent,
                    progress_date,
                    note: reported.and_then(|p| p.note.clone()),
                    status,
                    late: open && r.deadline.is_some_and(|d| d < as_of),
                })
            })
            .collect();
        let total = |key: String, name: String, lines: &[&ProgressLine]| ProgressTotal {
            key,
            name,
            activities: lines.len(),
            late: lines.iter().filter(|l| l.late).count(),
            on_track: lines.iter().filter(|l| on_track(l)).count(),
            done: lines
                .iter()
                .filter(|l| l.status == ProgressStatus::Executed)
                .count(),
            not_executed: lines
                .iter()
                .filter(|l| l.status == ProgressStatus::NotExecuted)
                .count(),
        };
        // Objectives in the plan's order; units by code.
        let mut objectives: Vec<(String, Vec<&ProgressLine>)> = Vec::new();
        let mut units: BTreeMap<String, (String, Vec<&ProgressLine>)> = BTreeMap::new();
        for l in &activities {
            match objectives.iter_mut().find(|(o, _)| *o == l.objective) {
                Some((_, ls)) => ls.push(l),
                None => objectives.push((l.objective.clone(), vec![l])),
            }
            for (i, u) in l.units.iter().enumerate() {
                let name = l.unit_names.get(i).unwrap_or(u);
                units
                    .entry(u.clone())
                    .or_insert_with(|| (name.clone(), Vec::new()))
                    .1
                    .push(l);
            }
        }
        let all: Vec<&ProgressLine> = activities.iter().collect();
        let sum = total(String::new(), String::new(), &all);
        let by_objective = objectives
            .into_iter()
            .map(|(o, ls)| total(o.clone(), o, &ls))
            .collect();
        let by_unit = units
            .into_iter()
            .map(|(u, (name, ls))| total(u, name, &ls))
            .collect();
        Self {
            year,
            quarter,
            as_of,
            late: sum.late,
            on_track: sum.on_track,
            done: sum.done,
            not_executed: sum.not_executed,
            activities,
            by_objective,
            by_unit,
        }
    }
}

impl ProgressReport {
    /// Its activities, late ones first, then in the plan's order.
    pub fn late_first(&self) -> Vec<&ProgressLine> {
        let mut lines: Vec<&ProgressLine> = self.activities.iter().collect();
        lines.sort_by_key(|l| !l.late);
        lines
    }
}

fn on_track(l: &ProgressLine) -> bool {
    !l.late
        && matches!(
            l.status,
            ProgressStatus::Planned | ProgressStatus::InProgress
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::activity::{ActivityPlan, ActivityRef, Progress};
    use crate::domain::types::{ActivityCode, Budget, Months, Year};

    fn activity(code: &str, months: &str, status: ActivityStatus, percent: Option<u8>) -> Activity {
        Activity {
            id: Some(ActivityRef {
                year: Year::new(2024).unwrap(),
                code: ActivityCode::parse(code).unwrap(),
            }),
            plan: Some(ActivityPlan {
                objective: "1. Planifier".into(),
                result: String::new(),
                title: format!("Activité {code}"),
                indicator: String::new(),
                budget: Budget::Pm,
                months: Months::parse(months).unwrap(),
                months_estimated: false,
                responsible: "Unité planification".into(),
            }),
            status: Some(status),
            progress: percent
                .map(|percent| Progress {
                    date: "2024-03-15".parse().unwrap(),
                    percent,
                    note: None,
                })
                .into_iter()
                .collect(),
            ..Activity::default()
        }
    }

    #[test]
    fn late_is_past_its_deadline_and_neither_done_nor_dropped() {
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        let unit = StructureCode::parse("CPS/SCI/PLANIFICATION").unwrap();
        let acts = [
            activity("1.1.1", "1", ActivityStatus::Planned, None),
            activity("1.1.2", "2-3", ActivityStatus::Planned, Some(100)),
            activity("1.1.3", "5", ActivityStatus::NotExecuted, None),
            activity("1.1.4", "6 12", ActivityStatus::Planned, Some(40)),
            activity("1.1.5", "", ActivityStatus::Planned, None),
        ];
        let deadlines = [
            d("2024-01-31"),
            d("2024-03-29"),
            d("2024-05-31"),
            d("2024-12-31"),
            None,
        ];
        let rows: Vec<ProgressInput> = acts
            .iter()
            .zip(deadlines)
            .map(|(activity, deadline)| ProgressInput {
                activity,
                deadline,
                units: vec![unit.clone()],
                unit_names: vec!["Unité planification".into()],
            })
            .collect();
        let r = ProgressReport::new(2024, 3, "2024-07-01".parse().unwrap(), &rows);
        let late: Vec<&str> = r
            .activities
            .iter()
            .filter(|l| l.late)
            .map(|l| l.code.as_str())
            .collect();
        // 1.1.2 was reported at 100 % but not recorded as executed: Tableau 3
        // does not count it, so neither does Avancement; it is late.
        assert_eq!(late, ["1.1.1", "1.1.2"]);
        assert_eq!((r.late, r.on_track, r.done, r.not_executed), (2, 2, 0, 1));
        assert_eq!(
            (r.activities[1].status, r.activities[1].percent),
            (ProgressStatus::InProgress, 100)
        );
        let l4 = &r.activities[3];
        assert_eq!(
            (l4.status, l4.percent, l4.months_so_far),
            (ProgressStatus::InProgress, 40, 1)
        );
        assert_eq!(r.by_unit.len(), 1);
        assert_eq!(r.by_objective[0].activities, 5);
        // Recorded as executed, it is done and at 100 % whatever was reported.
        let mut executed = acts[3].clone();
        executed.status = Some(ActivityStatus::Executed);
        let row = ProgressInput {
            activity: &executed,
            deadline: d("2024-12-31"),
            units: vec![unit.clone()],
            unit_names: vec![],
        };
        let line =
            &ProgressReport::new(2024, 3, "2024-07-01".parse().unwrap(), &[row]).activities[0];
        assert_eq!((line.status, line.percent), (ProgressStatus::Executed, 100));
        // Progress reported after the day does not count yet.
        let early = ProgressReport::new(2024, 1, "2024-03-01".parse().unwrap(), &rows);
        assert_eq!(early.activities[1].status, ProgressStatus::Planned);
        assert!(early.activities[0].late);
    }
}
