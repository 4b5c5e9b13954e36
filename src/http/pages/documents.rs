//! Evidence documents on a recommendation's page: listed with their type and
//! size, downloaded (always as an attachment, never shown inline), and
//! withdrawn with a reason by whoever may change the status.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::Sent;
use super::recommendations::{recommendation_page, recommendation_ref};
use super::{check_csrf, recorded, refused};
use crate::app::App;
use crate::domain::document;
use crate::domain::recommendation::Recommendation;
use crate::http::auth::Caller;
use crate::text::{self, Lang};

/// A size as people read it: « 245 Ko », « 1,4 Mo ».
fn size_text(bytes: u64, lang: Lang) -> String {
    let (value, unit) = if bytes < 1024 * 1024 {
        ((bytes as f64 / 1024.0).ceil(), lang.t("unit-kb"))
    } else {
        (
            (bytes as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0,
            lang.t("unit-mb"),
        )
    };
    let number = format!("{value}");
    let number = match lang {
        Lang::Fr => number.replace('.', ","),
        Lang::En => number,
    };
    format!("{number} {unit}")
}

/// The documents of a recommendation as its page lists them.
pub(super) fn listed(state: &Recommendation, lang: Lang) -> Vec<Value> {
    state
        .documents
        .iter()
        .map(|a| {
            context! {
                name => a.document.name.clone(),
                sha256 => a.document.sha256.clone(),
                kind => text::label(lang, "document-kind", document::kind(&a.document.media_type)),
                size => size_text(a.document.size, lang),
                on => text::short_date(a.on, lang),
                withdrawn => a.withdrawn.clone(),
            }
        })
        .collect()
}

/// A document, as an attachment of the type it was recognized as.
pub async fn download(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((session, number, sha256)): Path<(String, u32, String)>,
) -> Response {
    let id = match recommendation_ref(&app, &c, &session, number) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match app
        .recommendation_document(&id, &sha256, &c.actor(None))
        .await
    {
        Ok(file) => {
            let ascii: String = file
                .name
                .chars()
                .map(|ch| match ch {
                    ' '..='~' if ch != '"' && ch != '\\' => ch,
                    _ => '_',
                })
                .collect();
            let encoded = percent_encoding::utf8_percent_encode(
                &file.name,
                percent_encoding::NON_ALPHANUMERIC,
            );
            (
                [
                    (header::CONTENT_TYPE, file.media_type),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
                    ),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        "default-src 'none'; sandbox".into(),
                    ),
                    (header::CACHE_CONTROL, "private, no-store".into()),
                ],
                file.content,
            )
                .into_response()
        }
        Err(e) => refused(&app, &c, e),
    }
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// Withdraws a document attached by mistake; refused, the recommendation's
/// page again with the reason as it was typed.
pub async fn withdraw(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((session, number, sha256)): Path<(String, u32, String)>,
    Form(f): Form<WithdrawForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let id = match recommendation_ref(&app, &c, &session, number) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let lang = c.lang;
    let page = format!(
        "/recommendations/{}/{number}",
        percent_encoding::utf8_percent_encode(&session, percent_encoding::NON_ALPHANUMERIC)
    );
    match app
        .withdraw_document(&id, &sha256, &f.reason, &c.actor(None))
        .await
    {
        Ok(_) => recorded(&page, &lang.t("page-done-withdrawn")),
        Err(e) => {
            let form = format!("withdraw-{}", sha256.get(..12).unwrap_or(&sha256));
            let refusal = Sent::new(form).with("reason", &f.reason).refused(e, lang);
            if refusal.0 == StatusCode::NOT_FOUND {
                return refused(
                    &app,
                    &c,
                    crate::app::AppError::NotFound(text::Text::new("document-unknown")),
                );
            }
            let mut c = c.clone();
            c.here = page;
            recommendation_page(&app, &c, &session, number, Some(refusal), false).await
        }
    }
}
