//! The iCalendar feed of a structure's deadlines (RFC 5545), for Outlook or
//! Thunderbird: `/calendar/<structure>.ics?token=…`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use icalendar::{Calendar, Component, Event, EventLike};
use serde::Deserialize;
use utoipa::IntoParams;

use super::api::extract::{ApiPath, ApiQuery};
use super::error::ApiError;
use crate::app::{Actor, App};
use crate::text;
use crate::text::{label, Arg, Lang};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// A feed token (`suivi token create --feed`) of a user who may see this
    /// structure's deadlines; it can do nothing else.
    pub token: String,
}

/// A structure's deadlines as an iCalendar feed.
#[utoipa::path(get, path = "/calendar/{file}", params(("file" = String, Path, description = "`<STRUCTURE>.ics`, e.g. `MAECI.ics`"), TokenQuery), responses((status = 200, content_type = "text/calendar", body = String), (status = 401), (status = 403), (status = 404)))]
pub async fn structure_calendar(
    State(app): State<Arc<App>>,
    ApiPath(file): ApiPath<String>,
    ApiQuery(q): ApiQuery<TokenQuery>,
) -> Result<Response, ApiError> {
    let lang = Lang::Fr;
    let refused = |e| ApiError::from_app(e, lang);
    let user = app
        .user_by_feed_token(&q.token)
        .await
        .map_err(refused)?
        .ok_or_else(|| ApiError::unauthorized(lang))?;
    let code = file.strip_suffix(".ics").unwrap_or(&file);
    let feed = app
        .structure_feed(code, &Actor::new(user, None))
        .await
        .map_err(refused)?;
    let (code, items) = (&feed.code, &feed.items);
    let mut cal = Calendar::new();
    cal.name(&text!("ics-name", code = code.to_string()).render(lang));
    for item in items {
        let uid = format!(
            "{}-{}-{}@suivi",
            item.kind,
            item.reference.replace(['/', '#', ':'], "-"),
            code.as_str().replace('/', "-")
        );
        // A recommendation is known by its number; the others by their label.
        let summary = match item.kind.as_str() {
            "recommendation" => text!(
                "ics-summary-numbered",
                kind = label(lang, "item-kind", &item.kind),
                reference = crate::text::reference(&item.reference)
                    .map(|t| t.render(lang))
                    .unwrap_or_else(|| item.reference.clone()),
                text = item.text.as_str()
            ),
            _ => text!(
                "ics-summary",
                kind = label(lang, "item-kind", &item.kind),
                text = item.text.as_str()
            ),
        }
        .render(lang);
        let description = text!(
            "ics-description",
            name = feed.name.as_str(),
            code = code.to_string(),
            deadline = Arg::LongDate(item.deadline)
        )
        .render(lang);
        // A bare carriage return would end the line for some readers: no
        // text of a person may add a line to the feed.
        let one_line = |s: &str| crate::report::printable(s).replace('\r', " ");
        cal.push(
            Event::new()
                .uid(&uid)
                .summary(&one_line(&summary))
                .description(&one_line(&description))
                .all_day(item.deadline)
                .ends(item.deadline + Duration::days(1))
                .done(),
        );
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        cal.done().to_string(),
    )
        .into_response())
}
