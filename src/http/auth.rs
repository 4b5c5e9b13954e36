//! Who is calling: an API token (`Authorization: Bearer …`) or a web session
//! cookie, and in which language they read.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::error::ApiError;
use crate::app::App;
use crate::domain::access::User;
use crate::i18n::Lang;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "suivi_session";
/// The language cookie's name.
pub const LANG_COOKIE: &str = "suivi_lang";

/// The language asked for: `?lang=`, then the cookie, then (for the API only)
/// `Accept-Language`; French by default — the pages are French unless switched.
pub fn lang_of(parts: &Parts) -> Lang {
    let query = parts.uri.query().unwrap_or("");
    if query.split('&').any(|kv| kv == "lang=en") {
        return Lang::En;
    }
    if query.split('&').any(|kv| kv == "lang=fr") {
        return Lang::Fr;
    }
    match cookie(parts, LANG_COOKIE).as_deref() {
        Some("en") => return Lang::En,
        Some("fr") => return Lang::Fr,
        _ => {}
    }
    // Under `nest`, the request's URI has lost its `/api` prefix; the original keeps it.
    let path = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map(|u| u.0.path().to_string())
        .unwrap_or_else(|| parts.uri.path().to_string());
    if !path.starts_with("/api/") {
        return Lang::Fr;
    }
    let accept = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.trim_start().starts_with("en") {
        Lang::En
    } else {
        Lang::Fr
    }
}

pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub lang: Lang,
    /// The session's CSRF token, for web forms.
    pub csrf: Option<String>,
}

/// The caller, if any: pages show a login form rather than an error.
#[derive(Debug, Clone)]
pub struct MaybeCaller(pub Option<Caller>, pub Lang);

async fn identify(parts: &Parts, app: &App) -> Result<Option<Caller>, ApiError> {
    let lang = lang_of(parts);
    let internal = |e: anyhow::Error| ApiError::from_app(e.into(), lang);
    if let Some(auth) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let Some(token) = auth.strip_prefix("Bearer ") else {
            return Err(ApiError::unauthorized(lang));
        };
        return match crate::users::by_token(&app.db, token.trim())
            .await
            .map_err(internal)?
        {
            Some(user) => Ok(Some(Caller {
                user,
                lang,
                csrf: None,
            })),
            None => Err(ApiError::unauthorized(lang)),
        };
    }
    if let Some(id) = cookie(parts, SESSION_COOKIE) {
        if let Some((user, csrf)) = crate::users::session(&app.db, &id, app.now())
            .await
            .map_err(internal)?
        {
            return Ok(Some(Caller {
                user,
                lang,
                csrf: Some(csrf),
            }));
        }
    }
    Ok(None)
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        identify(parts, app)
            .await?
            .ok_or_else(|| ApiError::unauthorized(lang_of(parts)))
    }
}

impl FromRequestParts<Arc<App>> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        let lang = lang_of(parts);
        Ok(MaybeCaller(
            identify(parts, app).await.unwrap_or(None),
            lang,
        ))
    }
}
