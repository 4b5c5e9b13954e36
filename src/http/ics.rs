//! The iCalendar feed of a structure's deadlines (RFC 5545), for Outlook or
//! Thunderbird: `/calendar/<structure>.ics?token=…`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use icalendar::{Calendar, Component, Event, EventLike};
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;
use crate::app::App;
use crate::domain::access::Action;
use crate::domain::types::StructureCode;
use crate::i18n::Lang;

#[derive(Deserialize, IntoParams)]
pub struct TokenQuery {
    /// An API token of a user who may see this structure's deadlines.
    pub token: String,
}

/// A structure's deadlines as an iCalendar feed.
#[utoipa::path(get, path = "/calendar/{file}", params(("file" = String, Path, description = "`<STRUCTURE>.ics`, e.g. `MAECI.ics`"), TokenQuery), responses((status = 200, content_type = "text/calendar", body = String), (status = 401), (status = 403), (status = 404)))]
pub async fn structure_calendar(
    State(app): State<Arc<App>>,
    Path(file): Path<String>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, ApiError> {
    let lang = Lang::Fr;
    let internal = |e: crate::app::AppError| ApiError::from_app(e, lang);
    let user = crate::users::by_token(&app.db, &q.token)
        .await
        .map_err(|e| internal(e.into()))?
        .ok_or_else(|| ApiError::unauthorized(lang))?;
    let code = file
        .strip_suffix(".ics")
        .and_then(|c| StructureCode::parse(c).ok())
        .filter(|c| app.directory.get(c).is_some())
        .ok_or_else(|| ApiError::not_found(format!("structure inconnue : {file}")))?;
    if !user.may(Action::StructureCalendar(&code)) {
        return Err(ApiError::forbidden(lang));
    }
    let reminders = crate::reminders::Reminders::new(&app, None).map_err(internal)?;
    let today = reminders.today(app.now());
    let items = reminders.items(today).await.map_err(internal)?;
    let name = app
        .directory
        .get(&code)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let mut cal = Calendar::new();
    cal.name(&format!("suivi – échéances {code}"));
    for item in items.iter().filter(|i| i.structures.contains(&code)) {
        let uid = format!(
            "{}-{}-{}@suivi",
            item.kind,
            item.reference.replace(['/', '#', ':'], "-"),
            code.as_str().replace('/', "-")
        );
        let kind = match item.kind.as_str() {
            "recommendation" => "Recommandation",
            "revue_step" => "Étape de revue",
            _ => "Échéance",
        };
        cal.push(
            Event::new()
                .uid(&uid)
                .summary(&format!("{kind} {} : {}", item.reference, item.text))
                .description(&format!(
                    "{name} ({code}) – échéance du {}",
                    crate::mail::long_date(item.deadline, Lang::Fr)
                ))
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
