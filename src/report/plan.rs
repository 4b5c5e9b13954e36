//! A year's action plan laid out as the report prints it: objective, result,
//! activity, indicator, budget (or PM), the chronogramme J to D, the
//! responsible unit, and the total.

use serde::{Deserialize, Serialize};

use super::TotalOverflow;
use crate::domain::activity::Activity;

/// One activity of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanLine {
    pub code: String,
    pub objective: String,
    pub result: String,
    pub title: String,
    pub indicator: String,
    pub target: Option<String>,
    pub achieved: Option<String>,
    /// Thousands of F CFA, `"PM"`, or null.
    #[schema(schema_with = super::budget_schema)]
    pub budget: super::PlanBudget,
    /// The chronogramme's months (1 = January).
    pub months: Vec<u8>,
    /// The months were worked out, not read in the plan.
    pub months_estimated: bool,
    pub responsible: String,
}

/// The plan of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanReport {
    pub year: i32,
    pub activities: Vec<PlanLine>,
    /// The total of the budgets, in thousands of F CFA (PM counts as 0).
    pub total: u64,
    /// How many activities have an amount.
    pub budgeted: usize,
}

impl PlanReport {
    /// Whether some activity's months were worked out, not read in the plan:
    /// the tables then explain the `e` that marks them.
    pub fn has_estimated_months(&self) -> bool {
        self.activities
            .iter()
            .any(|a| a.months_estimated && !a.months.is_empty())
    }

    pub fn new(year: i32, activities: &[Activity]) -> Result<Self, TotalOverflow> {
        let mut total: u64 = 0;
        let mut budgeted = 0;
        let mut lines = Vec::new();
        for a in activities {
            let (Some(id), Some(p)) = (&a.id, &a.plan) else {
                continue;
            };
            if let Some(n) = p.budget.thousands() {
                total = total.checked_add(n).ok_or(TotalOverflow)?;
                budgeted += 1;
            }
            lines.push(PlanLine {
                code: id.code.to_string(),
                objective: p.objective.clone(),
                result: p.result.clone(),
                title: p.title.clone(),
                indicator: p.indicator.clone(),
                target: a.target.clone(),
                achieved: a.achieved.clone(),
                budget: p.budget.into(),
                months: p.months.as_slice().to_vec(),
                months_estimated: p.months_estimated,
                responsible: p.responsible.clone(),
            });
        }
        Ok(Self {
            year,
            activities: lines,
            total,
            budgeted,
        })
    }
}
