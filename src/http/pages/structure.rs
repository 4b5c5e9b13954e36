//! A structure's own page: what it has to do, soonest first.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::context;

use super::login::LangQuery;
use super::{item_title, page, refused};
use crate::app::App;
use crate::http::auth::PageCaller;
use crate::text::when;

pub async fn show(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = c.lang;
    let s = match app.structure_items(&code, &c.actor(None)).await {
        Ok(s) => s,
        Err(e) => return refused(&app, &c, e),
    };
    let items: Vec<_> = s
        .items
        .iter()
        .map(|i| {
            let days = (i.deadline - s.today).num_days();
            context! {
                title => item_title(i, lang),
                deadline => crate::text::deadline(i.deadline, crate::text::DeadlineMark::of(i), true, lang),
                when => when(days, lang),
                late => days < 0,
            }
        })
        .collect();
    let extra = context! {
        structure => context! { code => s.code.to_string(), name => s.name.clone() },
        items => items,
    };
    page(
        "structure.html",
        s.code.as_str(),
        Some(&c),
        &app,
        lang,
        extra,
        q.lang.is_some(),
    )
}
