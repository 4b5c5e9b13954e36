//! The dashboard: the plan's execution rate by year and its progress (late
//! activities first), the latest session still open, overdue items and the
//! next deadlines.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use minijinja::context;

use super::login::LangQuery;
use super::{item_title, page, refused};
use crate::app::App;
use crate::domain::reminder::Item;
use crate::domain::types::Year;
use crate::http::auth::PageCaller;
use crate::report::charts;
use crate::text::{long_date, Lang};
use axum::http::StatusCode;

fn row(i: &Item, today: chrono::NaiveDate, lang: Lang) -> minijinja::Value {
    context! {
        title => item_title(i, lang),
        link => item_link(i),
        deadline => long_date(i.deadline, lang),
        days => (today - i.deadline).num_days(),
        structures => i.structures.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
    }
}

#[derive(serde::Deserialize)]
pub struct DashboardQuery {
    year: Option<i32>,
    lang: Option<String>,
}

pub async fn show(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<DashboardQuery>,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let asked = match q.year.map(Year::new).transpose() {
        Ok(y) => y,
        Err(e) => {
            let message = crate::text::invalid_value(&e).render(lang);
            return super::failure(&app, &c, StatusCode::UNPROCESSABLE_ENTITY, message);
        }
    };
    let d = match app.dashboard(asked, &who).await {
        Ok(d) => d,
        Err(e) => return refused(&app, &c, e),
    };
    let year = d
        .activities
        .as_ref()
        .map(|a| a.year)
        .unwrap_or_else(|| app.today().year());
    let extra = context! {
        year => year,
        years => d.years.iter().map(|y| y.value()).collect::<Vec<_>>(),
        overdue_total => d.overdue_total,
        upcoming_total => d.upcoming_total,
        activities => d.activities.as_ref().map(|a| context! {
            planned => a.planned,
            executed => a.executed,
            rate_text => lang.percent(a.execution_rate),
        }),
        rate_chart => if d.rates.is_empty() { String::new() } else { charts::rates_by_year(&d.rates, lang) },
        recommendations => d.recommendations.as_ref().map(|r| context! { session => r.session.clone() }),
        status_chart => d.recommendations.as_ref().map(|r| charts::recommendations_by_status(r.executed, r.in_progress, r.not_executed, lang)).unwrap_or_default(),
        progress => d.progress.as_ref().map(|r| context! {
            year => r.year,
            heading => crate::report::render::progress_title(r, lang),
            late => r.late,
            on_track => r.on_track,
            done => r.done,
            not_executed => r.not_executed,
            rows => r.late_first().into_iter().take(10).map(|l| super::progress::line(l, &who, lang)).collect::<Vec<_>>(),
        }),
        closing => d.closing.as_ref().map(|c| crate::text!(
            "page-year-closing",
            year = c.year,
            day = crate::text::Arg::LongDate(c.closing_day)
        ).render(lang)),
        overdue => d.overdue.iter().map(|i| row(i, d.today, lang)).collect::<Vec<_>>(),
        projects_year => asked.map(|y| y.value()).unwrap_or_else(|| d.today.year()),
        lagging => d.lagging_projects.iter().map(|l| context! {
            code => l.code.clone(),
            title => l.title.clone(),
            ministry => l.ministry.clone(),
            financial_rate => lang.percent(l.financial_rate),
            physical_rate => lang.percent(l.physical_rate),
            lag => l.lag.map(|g| crate::text::label(lang, "project-lag", crate::domain::types::Code::code(g))),
            late => l.late,
        }).collect::<Vec<_>>(),
        upcoming => d.upcoming.iter().map(|i| row(i, d.today, lang)).collect::<Vec<_>>(),
    };
    page(
        "dashboard.html",
        &lang.t("page-dashboard"),
        Some(&c),
        &app,
        lang,
        extra,
        q.lang.is_some(),
    )
}

/// The page of what an item concerns.
fn item_link(i: &Item) -> Option<String> {
    let encode = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let (kind, reference) = (i.kind.as_str(), i.reference.as_str());
    match kind {
        "recommendation" => reference
            .rsplit_once('#')
            .map(|(s, n)| format!("/recommendations/{}/{n}", encode(s))),
        "activity" => reference
            .split_once(':')
            .map(|(y, code)| format!("/progress?year={y}#activity-{code}")),
        "project_figures" => crate::domain::execution::parse_quarter_reference(reference)
            .map(|(code, year, _)| format!("/projects/{}?year={year}", encode(code))),
        _ => i
            .structures
            .first()
            .map(|s| format!("/structures/{}", encode(&s.to_string()))),
    }
}

/// Every open item the caller sees: the overdue ones first, the most days
/// late first, then the next ones, soonest first.
pub async fn items(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = c.lang;
    let open = match app.open_items(&c.actor(None)).await {
        Ok(o) => o,
        Err(e) => return refused(&app, &c, e),
    };
    let mut items = open.items;
    items.sort_by_key(|i| i.deadline);
    let rows: Vec<minijinja::Value> = items.iter().map(|i| row(i, open.today, lang)).collect();
    page(
        "items.html",
        &lang.t("page-all-items"),
        Some(&c),
        &app,
        lang,
        context! { rows => rows, today => open.today.to_string() },
        q.lang.is_some(),
    )
}
