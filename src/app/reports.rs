//! The report's tables, now or as they stood at the end of a past day, and
//! what the dashboard and a structure's page show. A focal point sees only
//! the recommendations and deadlines of its structure.

use chrono::Datelike;
use chrono::NaiveDate;
use cqrs_es::Aggregate;
use serde::Serialize;

use super::{App, AppError};
use crate::clock;
use crate::domain::access::{Action, Actor};
use crate::domain::activity::Activity;
use crate::domain::finance::Credits;
use crate::domain::recommendation::Recommendation;
use crate::domain::reminder::Item;
use crate::domain::types::{SessionId, StructureCode, Year};
use crate::projections;
use crate::projections::as_of::{self, Cut};
use crate::report::{
    ActivitiesReport, CostTotals, FinancesReport, Provenance, RecommendationsReport,
};
use crate::store::chain;
use crate::text;

/// The day a table is read on, by either of two clocks or both: what had
/// taken effect by the end of `as_of` (the documents' dates: an execution
/// dated 20 December counts on 31 December however late it was typed), and
/// what the log held at the end of `recorded_by` (the audit's question).
/// Neither: everything recorded, now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Situation {
    /// What had taken effect by the end of this day.
    pub as_of: Option<NaiveDate>,
    /// What the log held at the end of this day.
    pub recorded_by: Option<NaiveDate>,
}

impl Situation {
    /// Now: everything recorded.
    pub const NOW: Situation = Situation {
        as_of: None,
        recorded_by: None,
    };

    /// What had taken effect by the end of `day`.
    pub fn as_of(day: NaiveDate) -> Situation {
        Situation {
            as_of: Some(day),
            recorded_by: None,
        }
    }

    /// Whether it is now rather than a past day.
    pub fn is_now(&self) -> bool {
        self.as_of.is_none() && self.recorded_by.is_none()
    }

    /// The events it keeps.
    pub fn cut(&self) -> Cut {
        Cut {
            as_of: self.as_of,
            recorded_by: self.recorded_by.map(clock::end_of_day),
        }
    }

    /// The day it names, for the messages: `as_of`, else `recorded_by`.
    pub fn day(&self) -> Option<NaiveDate> {
        self.as_of.or(self.recorded_by)
    }
}

/// What the dashboard shows the caller.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// The execution rate of each year's plan.
    pub rates: Vec<(i32, f64)>,
    /// The years that have a plan, for the year choice.
    pub years: Vec<Year>,
    /// The plan of the year asked for, else of the year being followed (the
    /// previous one until its closing day), when the caller reads tables.
    pub activities: Option<ActivitiesReport>,
    /// The latest session with something still open that the caller sees.
    pub recommendations: Option<RecommendationsReport>,
    /// The progress of the current plan today, late activities first (a
    /// focal point: its unit's activities).
    pub progress: Option<crate::report::progress::ProgressReport>,
    pub today: NaiveDate,
    /// Open items past their deadline, the followed year's first, the most
    /// days late first (at most 15), and the next ones, soonest first (at
    /// most 8); how many there are of each.
    pub overdue: Vec<Item>,
    pub upcoming: Vec<Item>,
    pub overdue_total: usize,
    pub upcoming_total: usize,
    /// The year being closed, until its snapshot is taken.
    pub closing: Option<super::Closing>,
    /// The projects the caller follows whose physical rate lags, or whose
    /// last quarter's figures are missing, in the year shown.
    pub lagging_projects: Vec<crate::report::projects::PortfolioLine>,
}

/// A structure's own page: its name and its open items, soonest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StructureItems {
    #[schema(value_type = String)]
    pub code: StructureCode,
    pub name: String,
    pub today: NaiveDate,
    pub items: Vec<Item>,
}

impl App {
    /// The activities of a year's plan in a situation.
    pub(super) async fn activities_in(
        &self,
        year: Year,
        at: Situation,
    ) -> Result<Vec<Activity>, AppError> {
        Ok(if at.is_now() {
            projections::views::<Activity>(&self.db, &year.to_string()).await?
        } else {
            as_of::activities(&self.db, year, at.cut()).await?
        })
    }

    /// Tableau 3: the activities of a year's plan in a situation.
    pub async fn activities_report(
        &self,
        year: Year,
        at: Situation,
        who: &Actor,
    ) -> Result<ActivitiesReport, AppError> {
        self.require(who, Action::ReadTables)?;
        let activities = self.activities_in(year, at).await?;
        Ok(ActivitiesReport::new(year, &activities)?.with_follow_up(&activities)?)
    }

    /// The plan of a year as the report lays it out (Tableau 6): the plan of
    /// the year whenever it was typed; `recorded_by` a day, as it was then.
    pub async fn plan_report(
        &self,
        year: Year,
        at: Situation,
        who: &Actor,
    ) -> Result<crate::report::plan::PlanReport, AppError> {
        self.require(who, Action::ReadTables)?;
        let activities = self.activities_in(year, at).await?;
        if activities.is_empty() {
            return Err(AppError::NotFound(text!(
                "annual-no-plan",
                year = year.value()
            )));
        }
        Ok(crate::report::plan::PlanReport::new(
            year.value(),
            &activities,
        )?)
    }

    /// Tableau 4: the recommendations of a session in a situation; a focal
    /// point gets those of its structure. A session with nothing recorded
    /// (by then) is not found.
    pub async fn recommendations_report(
        &self,
        session: &SessionId,
        at: Situation,
        who: &Actor,
    ) -> Result<RecommendationsReport, AppError> {
        self.require(who, Action::ReadRecommendations)?;
        let recommendations = if at.is_now() {
            projections::views::<Recommendation>(&self.db, session.as_str()).await?
        } else {
            as_of::recommendations(&self.db, session, at.cut()).await?
        };
        if recommendations.is_empty() {
            let known = self.sessions(who).await?;
            return Err(AppError::NotFound(match at.day() {
                Some(day) => text!(
                    "session-empty-as-of",
                    session = session.to_string(),
                    day = text::Arg::Date(day)
                ),
                None if known.is_empty() => {
                    text!("session-unknown-none", session = session.to_string())
                }
                None => text!(
                    "session-unknown",
                    session = session.to_string(),
                    known = known.join(", ")
                ),
            }));
        }
        Ok(self.visible_report(session, recommendations, who))
    }

    /// Tableau 4 of a session's recommendations, those `who` sees.
    pub(super) fn visible_report(
        &self,
        session: &SessionId,
        recommendations: Vec<Recommendation>,
        who: &Actor,
    ) -> RecommendationsReport {
        let visible: Vec<Recommendation> = recommendations
            .into_iter()
            .filter(|r| r.content.as_ref().is_some_and(|c| who.sees(&c.structures)))
            .collect();
        RecommendationsReport::new(session.as_str(), &visible)
            .with_default_due(&self.workflows.recommendation)
    }

    /// The financial execution of a year in a situation.
    pub async fn finances_report(
        &self,
        year: Year,
        at: Situation,
        who: &Actor,
    ) -> Result<FinancesReport, AppError> {
        self.require(who, Action::ReadTables)?;
        let credits = if at.is_now() {
            projections::view::<Credits>(&self.db, &Credits::aggregate_id(year)).await?
        } else {
            as_of::credits(&self.db, year, at.cut()).await?
        };
        let activities = self.activities_in(year, at).await?;
        let report = FinancesReport::new(year, credits.as_ref())?;
        let costs = CostTotals::of(&activities)?;
        Ok(if costs.costed > 0 {
            report.with_activity_costs(costs)
        } else {
            report
        })
    }

    /// What tables computed in a situation rest on: the day they show, and
    /// the event of the log they were computed up to.
    pub async fn provenance(&self, at: Situation) -> Result<Provenance, AppError> {
        let moment = match at.day() {
            Some(day) => clock::end_of_day(day),
            None => self.now(),
        };
        let (recorded_by, head) = match at.recorded_by {
            Some(day) => {
                let end = clock::end_of_day(day);
                (
                    Some(clock::local(end)),
                    as_of::head_as_of(&self.db, end).await?,
                )
            }
            None => (None, chain::head(&self.db).await?),
        };
        Ok(Provenance {
            as_of: clock::local(moment),
            past_day: !at.is_now(),
            recorded_by,
            head,
        })
    }

    /// The sessions with recommendations the caller may read, in order.
    pub async fn sessions(&self, who: &Actor) -> Result<Vec<String>, AppError> {
        self.require(who, Action::ReadRecommendations)?;
        Ok(projections::scopes(&self.db, Recommendation::TYPE).await?)
    }

    /// The years that have a plan, in order.
    pub async fn plan_years(&self, who: &Actor) -> Result<Vec<Year>, AppError> {
        self.require(who, Action::ReadTables)?;
        Ok(projections::scopes(&self.db, Activity::TYPE)
            .await?
            .iter()
            .filter_map(|y| Year::parse(y).ok())
            .collect())
    }

    /// The year the pages follow: the previous one until it is closed
    /// (its closing day), then this one; among `plans`, that year's, else
    /// the latest before it, else the first after.
    pub fn followed_year(&self, plans: &[Year]) -> Option<Year> {
        let today = self.today();
        let this = Year::new(today.year()).ok()?;
        let followed = match Year::new(today.year() - 1) {
            Ok(previous) if today < self.closing_day(previous) => previous,
            _ => this,
        };
        plans
            .iter()
            .copied()
            .filter(|y| *y <= followed)
            .max()
            .or_else(|| plans.iter().copied().min())
    }

    /// What the dashboard shows: execution rates by year, the current plan
    /// and its progress, the latest session still open, overdue and next
    /// deadlines.
    pub async fn dashboard(&self, year: Option<Year>, who: &Actor) -> Result<Dashboard, AppError> {
        let mut rates = Vec::new();
        let mut activities = None;
        let mut years = Vec::new();
        if who.may(Action::ReadTables) {
            years = self.plan_years(who).await?;
            let shown = year.or_else(|| self.followed_year(&years));
            for y in &years {
                let report = self.activities_report(*y, Situation::NOW, who).await?;
                rates.push((y.value(), report.execution_rate.unwrap_or(0.0)));
                if Some(*y) == shown {
                    activities = Some(report);
                }
            }
            if activities.is_none() {
                if let Some(y) = year {
                    activities = Some(self.activities_report(y, Situation::NOW, who).await?);
                }
            }
        }
        let mut recommendations = None;
        for session in self.sessions(who).await?.iter().rev() {
            let Ok(id) = SessionId::parse(session) else {
                continue;
            };
            let report = self
                .recommendations_report(&id, Situation::NOW, who)
                .await?;
            if report.total > report.executed {
                recommendations = Some(report);
                break;
            }
        }
        // A focal point of a structure with no activity has no progress to follow.
        let progress = self
            .current_progress(who)
            .await?
            .filter(|p| !p.activities.is_empty());
        let open = self.open_items(who).await?;
        let (mut overdue, mut upcoming): (Vec<Item>, Vec<Item>) = open
            .items
            .into_iter()
            .partition(|i| i.deadline < open.today);
        // This year's first (the followed year's), the most days late first.
        let since = activities
            .as_ref()
            .and_then(|a| NaiveDate::from_ymd_opt(a.year, 1, 1))
            .or_else(|| NaiveDate::from_ymd_opt(open.today.year(), 1, 1))
            .unwrap_or(open.today);
        overdue.sort_by_key(|i| (i.deadline < since, i.deadline));
        upcoming.sort_by_key(|i| i.deadline);
        let (overdue_total, upcoming_total) = (overdue.len(), upcoming.len());
        overdue.truncate(15);
        upcoming.truncate(8);
        Ok(Dashboard {
            rates,
            years,
            overdue_total,
            upcoming_total,
            activities,
            recommendations,
            progress,
            today: open.today,
            overdue,
            upcoming,
            closing: self.year_closing().await?,
            lagging_projects: self.lagging_projects(year, who).await?,
        })
    }

    /// A structure's page: its open items, if the caller may see them.
    pub async fn structure_items(
        &self,
        code: &str,
        who: &Actor,
    ) -> Result<StructureItems, AppError> {
        let structure = self.visible_structure(code, who)?;
        let open = self.open_items(who).await?;
        let mut items: Vec<Item> = open
            .items
            .into_iter()
            .filter(|i| i.structures.contains(&structure.code))
            .collect();
        items.sort_by_key(|i| i.deadline);
        Ok(StructureItems {
            code: structure.code,
            name: structure.name,
            today: open.today,
            items,
        })
    }
}
