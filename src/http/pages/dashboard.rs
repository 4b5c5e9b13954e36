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
use crate::http::auth::PageCaller;
use crate::report::charts;
use crate::text::{long_date, Lang};

fn row(i: &Item, today: chrono::NaiveDate, lang: Lang) -> minijinja::Value {
    context! {
        title => item_title(i, lang),
        deadline => long_date(i.deadline, lang),
        days => (today - i.deadline).num_days(),
        structures => i.structures.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
    }
}

pub async fn show(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let d = match app.dashboard(&who).await {
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
