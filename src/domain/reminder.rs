//! When to remind whom: the reminder policy (days before a deadline, then
//! every few days while it is overdue, with escalation), working days and
//! public holidays, and the daily digest of each responsible structure.
//!
//! Everything here is a pure function of the day it is asked about.
//!
//! (Over 400 lines, half of them tests: the policy and the digests are
//! checked against one calendar.)

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::types::StructureCode;

/// A reminder that went out, as recorded on the item it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReminderSent {
    pub day: NaiveDate,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub message_id: String,
}

/// Which days are worked: weekends and public holidays are not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingDays {
    pub weekend: Vec<Weekday>,
    pub holidays: BTreeSet<NaiveDate>,
}

impl Default for WorkingDays {
    fn default() -> Self {
        Self {
            weekend: vec![Weekday::Sat, Weekday::Sun],
            holidays: BTreeSet::new(),
        }
    }
}

impl WorkingDays {
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !self.weekend.contains(&day.weekday()) && !self.holidays.contains(&day)
    }

    /// `day` itself if it is worked, else the last working day before it.
    pub fn on_or_before(&self, mut day: NaiveDate) -> NaiveDate {
        // A year has far fewer than 366 consecutive days off.
        for _ in 0..366 {
            if self.is_working_day(day) {
                return day;
            }
            day -= Duration::days(1);
        }
        day
    }
}

/// The reminder policy, from `config/reminders.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Policy {
    /// Days before the deadline on which to remind (0 = the day itself).
    pub offsets: Vec<u32>,
    /// While overdue, remind every this many days.
    pub overdue_every: u32,
    /// From this many days late, copy the structure's head and the director.
    pub escalate_after: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            offsets: vec![30, 14, 7, 1, 0],
            overdue_every: 7,
            escalate_after: 14,
        }
    }
}

/// Why an item is in a day's digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Due {
    /// Days from the reminder day to the deadline: positive before it,
    /// negative when late.
    pub days: i64,
    /// The policy step that fired: days before (≥ 0) or days late (< 0),
    /// counted from the unshifted reminder date.
    pub offset: i64,
    pub escalate: bool,
}

impl Policy {
    /// Whether an open item with `deadline` is reminded on `day`. A reminder
    /// that would fall on a day off moves to the working day before.
    pub fn due_on(
        &self,
        deadline: NaiveDate,
        day: NaiveDate,
        calendar: &WorkingDays,
    ) -> Option<Due> {
        if !calendar.is_working_day(day) {
            return None;
        }
        let days = (deadline - day).num_days();
        // Reminders before (or on) the deadline.
        for &offset in &self.offsets {
            let planned = deadline - Duration::days(offset as i64);
            if calendar.on_or_before(planned) == day {
                return Some(Due {
                    days,
                    offset: offset as i64,
                    escalate: false,
                });
            }
        }
        // Overdue: every `overdue_every` days after the deadline. A reminder
        // shifted back never lands before the deadline itself.
        if self.overdue_every > 0 && day > deadline {
            let every = self.overdue_every as i64;
            let late = (day - deadline).num_days();
            // The scheduled late days this day could stand for: the next one on
            // or after `day` (shifted back onto it) is checked within a week.
            let first = late.div_euclid(every) * every;
            for candidate in [first, first + every] {
                if candidate <= 0 {
                    continue;
                }
                let planned = deadline + Duration::days(candidate);
                let shifted = calendar
                    .on_or_before(planned)
                    .max(deadline + Duration::days(1));
                if shifted == day {
                    return Some(Due {
                        days,
                        offset: -candidate,
                        escalate: candidate >= self.escalate_after as i64,
                    });
                }
            }
        }
        None
    }
}

/// Something with a deadline that a structure must act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Item {
    /// `recommendation`, `revue_step` or `deadline`.
    pub kind: String,
    /// Its reference: `2023#1`, `revue_sectorielle/2024/transmission`, `2024/pta_cps`.
    pub reference: String,
    /// What it is: the recommendation's text, the step's or deadline's label.
    pub text: String,
    /// The start of its window, for a deadline given as a period.
    pub from: Option<NaiveDate>,
    pub deadline: NaiveDate,
    /// The deadline is the workflow's default, not one written with the item.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default_deadline: bool,
    /// The deadline was worked out (a calendar date or a chronogramme the
    /// documents do not give), not read in a document.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated_deadline: bool,
    pub structures: Vec<StructureCode>,
    /// The aggregate on which a sent reminder is recorded, if any.
    pub record_on: Option<RecordOn>,
    /// Addresses that receive it beside the structures' focal points: a
    /// project's manager.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_to: Vec<String>,
}

/// Where a reminder about an item is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordOn {
    Recommendation { id: String },
    Activity { id: String },
    RevueStep { revue: String, step: String },
    Deadline { reference: String },
}

/// One item of a digest and why it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DigestLine {
    pub item: Item,
    pub due: Due,
}

/// Everything that concerns one structure on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Digest {
    pub structure: StructureCode,
    pub day: NaiveDate,
    pub lines: Vec<DigestLine>,
}

impl Digest {
    pub fn escalated(&self) -> bool {
        self.lines.iter().any(|l| l.due.escalate)
    }
}

/// The digests of `day`: one per structure that has something due, never an
/// empty one, each item once, most urgent first.
///
/// `since` is the day suivi follows from: a calendar deadline due before it
/// is never reminded; anything else due before it is reminded as if it fell
/// due that day (its lateness still shown in full), so that escalation counts
/// from no earlier than it.
pub fn digests(
    items: &[Item],
    day: NaiveDate,
    policy: &Policy,
    calendar: &WorkingDays,
    since: NaiveDate,
) -> Vec<Digest> {
    let mut by_structure: BTreeMap<StructureCode, Vec<DigestLine>> = BTreeMap::new();
    for item in items {
        let counted_from = if item.deadline >= since {
            item.deadline
        } else if item.kind == "deadline" || day < since {
            continue;
        } else {
            since
        };
        let Some(mut due) = policy.due_on(counted_from, day, calendar) else {
            continue;
        };
        due.days = (item.deadline - day).num_days();
        for s in &item.structures {
            let lines = by_structure.entry(s.clone()).or_default();
            if !lines
                .iter()
                .any(|l| l.item.reference == item.reference && l.item.kind == item.kind)
            {
                lines.push(DigestLine {
                    item: item.clone(),
                    due,
                });
            }
        }
    }
    by_structure
        .into_iter()
        .map(|(structure, mut lines)| {
            lines.sort_by(|a, b| {
                a.due
                    .days
                    .cmp(&b.due.days)
                    .then(a.item.reference.cmp(&b.item.reference))
            });
            Digest {
                structure,
                day,
                lines,
            }
        })
        .collect()
}

crate::codes! {
    /// Where a message stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
    pub enum OutboxStatus {
        /// Waiting for its (next) attempt.
        Pending => "pending",
        Sent => "sent",
        /// Given up on after the last attempt.
        Dead => "dead",
    }
}

/// One item a message is about, kept to record the reminder on it once sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OutboxItem {
    pub kind: String,
    pub reference: String,
    pub deadline: chrono::NaiveDate,
    pub days: i64,
    pub record_on: Option<RecordOn>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn calendar() -> WorkingDays {
        WorkingDays {
            // 1 May 2024 (Fête du Travail) is a Wednesday.
            holidays: [d("2024-05-01")].into_iter().collect(),
            ..WorkingDays::default()
        }
    }

    #[test]
    fn reminders_fall_on_the_policy_days_before_the_deadline() {
        let p = Policy::default();
        let c = calendar();
        // Deadline Tuesday 30 April 2024.
        let deadline = d("2024-04-30");
        let due = |day: &str| p.due_on(deadline, d(day), &c).map(|x| x.offset);
        assert_eq!(due("2024-04-29"), Some(1));
        assert_eq!(due("2024-04-30"), Some(0));
        assert_eq!(due("2024-04-23"), Some(7));
        assert_eq!(due("2024-04-16"), Some(14));
        assert_eq!(due("2024-04-24"), None);
        // 31 March 2024 is a Sunday: the 30-day reminder moves to Friday 29 March.
        assert_eq!(due("2024-03-31"), None);
        assert_eq!(due("2024-03-29"), Some(30));
    }

    #[test]
    fn a_reminder_on_a_holiday_moves_to_the_working_day_before() {
        let p = Policy::default();
        let c = calendar();
        // Deadline Thursday 2 May 2024: the 1-day reminder would fall on 1 May.
        let deadline = d("2024-05-02");
        assert_eq!(p.due_on(deadline, d("2024-05-01"), &c), None);
        assert_eq!(p.due_on(deadline, d("2024-04-30"), &c).unwrap().offset, 1);
        assert_eq!(p.due_on(deadline, d("2024-04-30"), &c).unwrap().days, 2);
    }

    #[test]
    fn overdue_items_come_back_weekly_and_escalate_after_two_weeks() {
        let p = Policy::default();
        let c = calendar();
        let deadline = d("2024-04-30");
        let late7 = p.due_on(deadline, d("2024-05-07"), &c).unwrap();
        assert_eq!((late7.offset, late7.days, late7.escalate), (-7, -7, false));
        assert_eq!(p.due_on(deadline, d("2024-05-08"), &c), None);
        let late14 = p.due_on(deadline, d("2024-05-14"), &c).unwrap();
        assert!(late14.escalate);
        // 28 days late is Tuesday 28 May; 35 days late, Tuesday 4 June.
        assert!(p.due_on(deadline, d("2024-06-04"), &c).unwrap().escalate);
        // Deadline Friday 3 May + 7 days = Friday 10 May, worked: no shift.
        assert_eq!(
            p.due_on(d("2024-05-03"), d("2024-05-10"), &c)
                .unwrap()
                .offset,
            -7
        );
        // Deadline Saturday 4 May + 7 days is a Saturday: the reminder moves to Friday.
        let fri = p.due_on(d("2024-05-04"), d("2024-05-10"), &c).unwrap();
        assert_eq!(fri.offset, -7);
        assert_eq!(fri.days, -6);
    }

    #[test]
    fn digests_group_by_structure_without_empty_ones_or_repeats() {
        let p = Policy::default();
        let c = calendar();
        let s = |x: &str| StructureCode::parse(x).unwrap();
        let items = vec![
            Item {
                kind: "recommendation".into(),
                reference: "2024#1".into(),
                text: "Renforcer le suivi".into(),
                from: None,
                default_deadline: false,
                estimated_deadline: false,
                deadline: d("2024-04-30"),
                structures: vec![s("MAECI"), s("MMEIA")],
                record_on: None,
                also_to: Vec::new(),
            },
            Item {
                kind: "recommendation".into(),
                reference: "2024#2".into(),
                text: "Impliquer la CPS".into(),
                from: None,
                default_deadline: false,
                estimated_deadline: false,
                deadline: d("2024-05-07"),
                structures: vec![s("DCM"), s("MAECI")],
                record_on: None,
                also_to: Vec::new(),
            },
            Item {
                kind: "deadline".into(),
                reference: "2024/x".into(),
                text: "Pas aujourd'hui".into(),
                from: None,
                default_deadline: false,
                estimated_deadline: false,
                deadline: d("2024-06-30"),
                structures: vec![s("INSTAT")],
                record_on: None,
                also_to: Vec::new(),
            },
        ];
        let ds = digests(&items, d("2024-04-30"), &p, &c, d("2024-01-01"));
        let names: Vec<&str> = ds.iter().map(|d| d.structure.as_str()).collect();
        assert_eq!(names, ["DCM", "MAECI", "MMEIA"]);
        let maeci = &ds[1];
        assert_eq!(maeci.lines.len(), 2);
        assert_eq!(maeci.lines[0].item.reference, "2024#1");
        assert_eq!(maeci.lines[1].due.days, 7);
        assert!(
            digests(&items, d("2024-04-27"), &p, &c, d("2024-01-01")).is_empty(),
            "Saturday: nothing"
        );
    }

    #[test]
    fn before_the_first_day_followed_calendar_deadlines_are_quiet_and_lateness_escalates_from_it() {
        let p = Policy::default();
        let c = calendar();
        let s = StructureCode::parse("DCM").unwrap();
        let item = |kind: &str, deadline: &str| Item {
            kind: kind.into(),
            reference: format!("{kind}-{deadline}"),
            text: "x".into(),
            from: None,
            default_deadline: false,
            estimated_deadline: false,
            deadline: d(deadline),
            structures: vec![s.clone()],
            record_on: None,
            also_to: Vec::new(),
        };
        // Followed from Thursday 2 May 2024.
        let since = d("2024-05-02");
        let items = vec![
            item("deadline", "2024-04-02"),
            item("recommendation", "2023-12-31"),
            item("deadline", "2024-05-09"),
        ];
        let on = |day: &str| digests(&items, d(day), &p, &c, since);
        // The first day: the old recommendation, its lateness in full; the
        // calendar deadline of April never.
        let first = on("2024-05-02");
        assert_eq!(first.len(), 1);
        let lines: Vec<(&str, i64, bool)> = first[0]
            .lines
            .iter()
            .map(|l| (l.item.kind.as_str(), l.due.days, l.due.escalate))
            .collect();
        assert_eq!(
            lines,
            [("recommendation", -123, false), ("deadline", 7, false)]
        );
        // A week later it comes back with the deadline of the 9th, not escalated…
        let week = on("2024-05-09");
        assert!(week[0].lines.iter().all(|l| !l.due.escalate));
        assert_eq!(week[0].lines.len(), 2);
        // …and two weeks after the first day it escalates.
        let fortnight = on("2024-05-16");
        assert!(fortnight[0].lines[0].due.escalate);
        assert_eq!(fortnight[0].lines[0].item.kind, "recommendation");
        // Before the first day, only what falls due from it on.
        let before: Vec<String> = on("2024-04-02")
            .into_iter()
            .flat_map(|d| d.lines.into_iter().map(|l| l.item.kind))
            .collect();
        assert!(before.is_empty(), "{before:?}");
    }
}
