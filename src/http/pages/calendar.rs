//! The calendrier harmonisé in the pages (director and CPS): a deadline of
//! this year's or a later calendar set (label, window, structures, the
//! source of its date or « estimé »), added, or taken out with a reason.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

use super::check_csrf;
use super::follow::after_revues;
use super::form::{sent_day_in, Refusal, Sent};
use crate::app::{App, DeadlineInput};
use crate::domain::types::Year;
use crate::http::auth::Caller;
use crate::text::{self, Lang};

#[derive(Deserialize)]
pub struct DeadlineForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    structures: String,
    #[serde(default)]
    source: String,
    /// A checkbox: present when checked.
    #[serde(default)]
    estimated: Option<String>,
    /// `new` when sent from the form that adds a deadline.
    #[serde(default)]
    form: String,
    #[serde(default)]
    reason: String,
}

fn year_of(year: i32, sent: &Sent, lang: Lang) -> Result<Year, Refusal> {
    Year::new(year).map_err(|e| {
        sent.clone()
            .invalid("date", text::invalid_value(&e).render(lang))
    })
}

/// Sets a deadline of the calendar of `year`, or adds one.
pub async fn define(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(year): Path<i32>,
    Form(f): Form<DeadlineForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let form = if f.form == "new" {
        "deadline-new".to_string()
    } else {
        format!("define-{}", f.id.trim())
    };
    let sent = Sent::new(form)
        .with("id", &f.id)
        .with("label", &f.label)
        .with("from", &f.from)
        .with("date", &f.date)
        .with("structures", &f.structures)
        .with("source", &f.source)
        .with("estimated", if f.estimated.is_some() { "on" } else { "" });
    let outcome = async {
        let y = year_of(year, &sent, lang)?;
        let input = DeadlineInput {
            id: f.id.clone(),
            label: f.label.clone(),
            from: sent_day_in("from", &f.from, || sent.clone(), lang)?,
            date: sent_day_in("date", &f.date, || sent.clone(), lang)?,
            structures: f.structures.clone(),
            source: f.source.clone(),
            estimated: f.estimated.is_some(),
        };
        app.define_deadline(y, input, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(crate::text!(
            "page-done-deadline-set",
            label = f.label.trim()
        ))
    }
    .await;
    after_revues(&app, &c, year, "calendar", outcome).await
}

/// Takes a deadline out of the calendar of `year`.
pub async fn drop(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, id)): Path<(i32, String)>,
    Form(f): Form<DeadlineForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new(format!("drop-{id}")).with("reason", &f.reason);
    let outcome = async {
        let y = year_of(year, &sent, lang)?;
        app.drop_deadline(y, &id, &f.reason, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(text::Text::new("page-done-deadline-dropped"))
    }
    .await;
    after_revues(&app, &c, year, "calendar", outcome).await
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// Closes the calendar of a past year: its deadlines not met are no longer
/// reminded.
pub async fn close(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(year): Path<i32>,
    Form(f): Form<CloseForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("calendar-close").with("reason", &f.reason);
    let outcome = async {
        let y = year_of(year, &sent, lang)?;
        let count = app
            .close_calendar(y, &f.reason, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(crate::text!(
            "page-done-calendar-closed",
            year = year,
            count = count
        ))
    }
    .await;
    after_revues(&app, &c, year, "calendar", outcome).await
}

#[derive(Deserialize)]
pub struct FollowingForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: i32,
    #[serde(default)]
    date: String,
    #[serde(default)]
    reason: String,
}

/// Moves the day suivi reminds from (the director).
pub async fn following(
    State(app): State<Arc<App>>,
    c: Caller,
    Form(f): Form<FollowingForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("following-move")
        .with("date", &f.date)
        .with("reason", &f.reason);
    let outcome = async {
        let day = sent_day_in("date", &f.date, || sent.clone(), lang)?.ok_or_else(|| {
            sent.clone().invalid(
                "date",
                crate::text!("date-invalid", value = "").render(lang),
            )
        })?;
        app.move_following(day, &f.reason, &c.actor(None))
            .await
            .map_err(|e| sent.clone().refused(e, lang))?;
        Ok(crate::text!(
            "page-done-following-moved",
            day = text::Arg::Date(day)
        ))
    }
    .await;
    after_revues(&app, &c, f.year, "following", outcome).await
}
