//! The yearly report's tables, computed from the projected views: Tableau 3
//! (execution of the year's activities), Tableau 4 (recommendations of a
//! session), the financial execution table and the plan's budget total.
//!
//! The structures serialize to the JSON contract of `suivi report … --format json`.
//! (Past 400 lines: the three tables and their tests share the same lines and
//! totals; the plan and the progress report have their own modules.)

pub mod annual;
pub mod charts;
pub mod history;
pub mod plan;
pub mod progress;
pub mod project_revue;
pub mod project_sheet;
pub mod projects;
pub mod render;
pub mod sector;
pub mod sector_document;
pub mod sector_follow_up;
pub mod sector_progress;
pub mod sector_sheets;
pub mod table;
pub mod tables;
pub mod xlsx;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::activity::{Activity, ActivityStatus};
use crate::domain::audit::Anchor;
use crate::domain::finance::{BudgetLine, Credits, LineAmounts};
use crate::domain::recommendation::Recommendation;
use crate::domain::types::{percent, Budget, Code, SessionId, Year};
use crate::domain::workflow::{RecommendationStatus, RecommendationWorkflow};

#[cfg(test)]
mod tests {
    #[test]
    fn text_for_xml_loses_control_characters_and_escapes_markup() {
        assert_eq!(
            super::escape_xml("R&D <b>\u{b}\"x\"\n"),
            "R&amp;D &lt;b&gt;&quot;x&quot;\n"
        );
        assert_eq!(super::printable("a\u{0}b\tc"), "ab\tc");
        assert_eq!(super::printable("a\u{ffff}b\u{fffe}"), "ab");
    }
}

/// Text a person wrote, made fit for XML (an SVG chart, the HTML page, the
/// Word document, the workbook): the characters XML cannot hold (control
/// characters, U+FFFE and U+FFFF) are dropped.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if s.chars().any(bad) {
        s.chars().filter(|c| !bad(*c)).collect::<String>().into()
    } else {
        s.into()
    }
}

/// Text for XML or HTML: [`printable`], with its markup characters escaped.
pub fn escape_xml(s: &str) -> String {
    printable(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A table as the bytes of a file: the text formats in UTF-8, XLSX as a
/// workbook. `text` renders the text formats, `book` fills the workbook.
pub fn file_bytes(
    format: render::Format,
    text: impl FnOnce(render::Format) -> String,
    book: impl FnOnce(&mut rust_xlsxwriter::Workbook) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> anyhow::Result<Vec<u8>> {
    match format {
        render::Format::Xlsx => {
            let mut wb = rust_xlsxwriter::Workbook::new();
            book(&mut wb)
                .and_then(|_| wb.save_to_buffer())
                .map_err(|e| anyhow::anyhow!("while building a workbook: {e}"))
        }
        f => Ok(text(f).into_bytes()),
    }
}

/// What exported tables rest on: the moment of the situation and the chain head.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Provenance {
    /// The end of the day asked for (`--as-of`, else `--recorded-by`), or
    /// now, in Africa/Bamako.
    #[schema(value_type = String)]
    pub as_of: chrono::DateTime<chrono_tz::Tz>,
    /// Whether it is a past day (`--as-of`, `--recorded-by`) rather than now.
    pub past_day: bool,
    /// The end of the day the log was read up to (`--recorded-by`); none:
    /// everything recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub recorded_by: Option<chrono::DateTime<chrono_tz::Tz>>,
    pub head: Anchor,
}

/// Tableau 3: the activities of a year's plan and how many were executed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActivitiesReport {
    pub year: i32,
    pub planned: usize,
    pub executed: usize,
    pub not_executed: usize,
    /// Executed / planned, in percent rounded to two decimals.
    pub execution_rate: Option<f64>,
    /// The plan's total budget in thousands of F CFA (PM and empty count as 0).
    pub budget_total: u64,
    /// How many activities have an amount (the others are PM or empty).
    pub budgeted: usize,
    pub activities: Vec<ActivityLine>,
    /// The costs recorded on the activities (F CFA), in live tables only:
    /// a year-end snapshot keeps the execution table as it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostTotals>,
}

/// The sum of the activities' recorded costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CostTotals {
    pub engaged: i64,
    pub liquidated: i64,
    /// How many activities have a recorded cost.
    pub costed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActivityLine {
    pub code: String,
    pub title: String,
    pub objective: String,
    pub result: String,
    /// Thousands of F CFA, `"PM"`, or null.
    #[schema(schema_with = budget_schema)]
    pub budget: PlanBudget,
    pub status: ActivityStatus,
    pub period: Option<String>,
    pub observation: Option<String>,
    pub carried_from: Option<String>,
    pub carried_to: Option<String>,
    /// The indicator, its target and the value achieved, and the costs
    /// engaged and liquidated (F CFA): in live tables only, absent from a
    /// year-end snapshot, which keeps the execution table as defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engaged: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liquidated: Option<i64>,
}

impl ActivitiesReport {
    pub fn new(year: Year, activities: &[Activity]) -> Result<Self, TotalOverflow> {
        let lines: Vec<ActivityLine> = activities
            .iter()
            .filter_map(|a| {
                let (id, plan) = (a.id.as_ref()?, a.plan.as_ref()?);
                Some(ActivityLine {
                    code: id.code.to_string(),
                    title: plan.title.clone(),
                    objective: plan.objective.clone(),
                    result: plan.result.clone(),
                    budget: plan.budget.into(),
                    status: a.status.unwrap_or(ActivityStatus::Planned),
                    period: a.period.clone(),
                    observation: a.observation.clone(),
                    carried_from: a
                        .carried_from
                        .as_ref()
                        .map(|r| format!("{}:{}", r.year, r.code)),
                    carried_to: a
                        .carried_to
                        .as_ref()
                        .map(|r| format!("{}:{}", r.year, r.code)),
                    indicator: None,
                    target: None,
                    achieved: None,
                    engaged: None,
                    liquidated: None,
                })
            })
            .collect();
        let count = |k: ActivityStatus| lines.iter().filter(|l| l.status == k).count();
        let (executed, not_executed) = (
            count(ActivityStatus::Executed),
            count(ActivityStatus::NotExecuted),
        );
        let budgets = activities
            .iter()
            .filter_map(|a| a.plan.as_ref()?.budget.thousands());
        Ok(Self {
            year: year.value(),
            planned: lines.len(),
            executed,
            not_executed,
            execution_rate: percent(executed as i64, lines.len() as i64),
            budget_total: budgets
                .clone()
                .try_fold(0u64, u64::checked_add)
                .ok_or(TotalOverflow)?,
            budgeted: budgets.count(),
            activities: lines,
            costs: None,
        })
    }

    /// Adds to each line its indicator with target and achieved value and its
    /// costs, and the costs' totals, from the same activities.
    pub fn with_follow_up(mut self, activities: &[Activity]) -> Result<Self, TotalOverflow> {
        let by_code: std::collections::HashMap<String, &Activity> = activities
            .iter()
            .filter_map(|a| Some((a.id.as_ref()?.code.to_string(), a)))
            .collect();
        for line in &mut self.activities {
            let Some(a) = by_code.get(&line.code) else {
                continue;
            };
            line.indicator = a.plan.as_ref().map(|p| p.indicator.clone());
            line.target = a.target.clone();
            line.achieved = a.achieved.clone();
            line.engaged = a.engaged.map(|f| f.value());
            line.liquidated = a.liquidated.map(|f| f.value());
        }
        self.costs = Some(CostTotals::of(activities)?);
        Ok(self)
    }
}

impl CostTotals {
    /// The sum of the costs recorded on the activities of a plan.
    pub fn of(activities: &[Activity]) -> Result<Self, TotalOverflow> {
        let mut totals = CostTotals {
            engaged: 0,
            liquidated: 0,
            costed: 0,
        };
        for a in activities.iter().filter(|a| a.plan.is_some()) {
            if a.engaged.is_some() || a.liquidated.is_some() {
                totals.costed += 1;
            }
            let add = |sum: i64, f: Option<crate::domain::types::Fcfa>| {
                sum.checked_add(f.map_or(0, |f| f.value()))
                    .ok_or(TotalOverflow)
            };
            totals.engaged = add(totals.engaged, a.engaged)?;
            totals.liquidated = add(totals.liquidated, a.liquidated)?;
        }
        Ok(totals)
    }
}

/// The schema of a plan line's budget: a whole number of thousands of F
/// CFA, `"PM"` (pour mémoire), or null when nothing is written.
pub(crate) fn budget_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    Schema::OneOf(
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["PM"])),
            )
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .description(Some("Thousands of F CFA, `\"PM\"`, or null."))
            .build(),
    )
}

/// A plan line's budget: thousands of F CFA, « PM » (pour mémoire), or
/// nothing written. In JSON: a number, `"PM"`, or null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanBudget {
    Thousands(i64),
    Pm,
    None,
}

impl From<Budget> for PlanBudget {
    fn from(b: Budget) -> Self {
        match b {
            Budget::Thousands(n) => PlanBudget::Thousands(i64::try_from(n).unwrap_or(i64::MAX)),
            Budget::Pm => PlanBudget::Pm,
            Budget::Unspecified => PlanBudget::None,
        }
    }
}

impl Serialize for PlanBudget {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PlanBudget::Thousands(n) => s.serialize_i64(*n),
            PlanBudget::Pm => s.serialize_str("PM"),
            PlanBudget::None => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for PlanBudget {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Null => Ok(PlanBudget::None),
            serde_json::Value::String(s) if s == "PM" => Ok(PlanBudget::Pm),
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(PlanBudget::Thousands)
                .ok_or_else(|| serde::de::Error::custom(format!("budget {n}"))),
            other => Err(serde::de::Error::custom(format!("budget {other}"))),
        }
    }
}

/// A total too large to be computed: refused rather than wrapped around.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a total is too large to be computed")]
pub struct TotalOverflow;

/// A recommendation's status as Tableau 4 counts it; in JSON `executed`,
/// `in_progress`, `not_executed`, as the report contract says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Executed,
    InProgress,
    NotExecuted,
}

impl From<RecommendationStatus> for ReportStatus {
    fn from(s: RecommendationStatus) -> Self {
        match s {
            RecommendationStatus::Executee => ReportStatus::Executed,
            RecommendationStatus::EnCours => ReportStatus::InProgress,
            RecommendationStatus::NonExecutee => ReportStatus::NotExecuted,
        }
    }
}

impl ReportStatus {
    /// Its JSON key, which the catalogue's `report-status-…` words name.
    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Executed => "executed",
            ReportStatus::InProgress => "in_progress",
            ReportStatus::NotExecuted => "not_executed",
        }
    }
}

/// Tableau 4: the recommendations of a session with counts per status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RecommendationsReport {
    pub session: String,
    pub total: usize,
    pub executed: usize,
    pub in_progress: usize,
    pub not_executed: usize,
    pub recommendations: Vec<RecommendationLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RecommendationLine {
    pub number: u32,
    pub text: String,
    pub structures: Vec<String>,
    pub status: ReportStatus,
    pub due: Option<NaiveDate>,
    /// `due` is the workflow's default deadline, not one written with the
    /// recommendation (never set in a year-end snapshot, which keeps what was written).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub due_is_default: bool,
    pub carried_from: Option<String>,
    pub carried_to: Option<String>,
    /// The code of the project it concerns, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

impl RecommendationsReport {
    pub fn new(session: &str, recommendations: &[Recommendation]) -> Self {
        let mut lines: Vec<RecommendationLine> = recommendations
            .iter()
            .filter_map(|r| {
                let (id, content, status) = (r.id.as_ref()?, r.content.as_ref()?, r.status?);
                Some(RecommendationLine {
                    number: id.number,
                    text: content.text.clone(),
                    structures: content.structures.iter().map(|s| s.to_string()).collect(),
                    status: status.into(),
                    due: content.due,
                    due_is_default: false,
                    carried_from: r.carried_from.as_ref().map(|c| c.aggregate_id()),
                    carried_to: r.carried_to.as_ref().map(|c| c.aggregate_id()),
                    project: content.project.as_ref().map(|p| p.to_string()),
                })
            })
            .collect();
        lines.sort_by_key(|l| l.number);
        let count = |s: RecommendationStatus| {
            lines
                .iter()
                .filter(|l| l.status == ReportStatus::from(s))
                .count()
        };
        Self {
            session: session.to_string(),
            total: lines.len(),
            executed: count(RecommendationStatus::Executee),
            in_progress: count(RecommendationStatus::EnCours),
            not_executed: count(RecommendationStatus::NonExecutee),
            recommendations: lines,
        }
    }
}

impl RecommendationsReport {
    /// Fills the deadline of the lines written without one from the workflow's
    /// default, marked as such.
    pub fn with_default_due(mut self, workflow: &RecommendationWorkflow) -> Self {
        let year = SessionId::parse(&self.session).ok().and_then(|s| s.year());
        for line in self.recommendations.iter_mut().filter(|l| l.due.is_none()) {
            if let Some(due) = workflow.due(None, year) {
                line.due = Some(due.date);
                line.due_is_default = true;
            }
        }
        self
    }
}

/// The financial execution table of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FinancesReport {
    pub year: i32,
    pub lines: Vec<FinanceLine>,
    pub total: Amounts,
    /// Engaged / notified, in percent rounded to two decimals, as the report computes it.
    pub execution_rate: Option<f64>,
    /// The activities' recorded costs set against the credits, in live tables only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_costs: Option<CostComparison>,
}

/// The sum of the activities' costs against the year's credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CostComparison {
    pub activities: CostTotals,
    /// Credits engaged minus the activities' engaged costs.
    pub engaged_difference: i64,
    /// Credits liquidated minus the activities' liquidated costs.
    pub liquidated_difference: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Amounts {
    pub allotted: i64,
    pub notified: i64,
    pub engaged: i64,
    pub liquidated: i64,
}

impl FinancesReport {
    /// Sets the activities' costs against the credits engaged and liquidated.
    pub fn with_activity_costs(mut self, costs: CostTotals) -> Self {
        self.activity_costs = Some(CostComparison {
            activities: costs,
            engaged_difference: self.total.engaged.saturating_sub(costs.engaged),
            liquidated_difference: self.total.liquidated.saturating_sub(costs.liquidated),
        });
        self
    }
}

impl From<LineAmounts> for Amounts {
    fn from(l: LineAmounts) -> Self {
        Self {
            allotted: l.allotted.value(),
            notified: l.notified.value(),
            engaged: l.engaged.value(),
            liquidated: l.liquidated.value(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FinanceLine {
    pub line: String,
    #[serde(flatten)]
    pub amounts: Amounts,
    /// The stages whose amount is an estimate (`liquidated`…), not a
    /// figure read in a document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub estimated: Vec<String>,
}

impl FinancesReport {
    pub fn new(year: Year, credits: Option<&Credits>) -> Result<Self, TotalOverflow> {
        let empty = Credits::default();
        let credits = credits.unwrap_or(&empty);
        let lines = BudgetLine::ALL
            .iter()
            .map(|line| FinanceLine {
                line: line.code().to_string(),
                amounts: credits.lines.get(line).copied().unwrap_or_default().into(),
                estimated: credits
                    .estimated
                    .iter()
                    .filter(|(l, _)| l == line)
                    .map(|(_, kind)| kind.code().to_string())
                    .collect(),
            })
            .collect();
        let total: Amounts = credits.total().ok_or(TotalOverflow)?.into();
        Ok(Self {
            year: year.value(),
            lines,
            total,
            execution_rate: percent(total.engaged, total.notified),
            activity_costs: None,
        })
    }
}
