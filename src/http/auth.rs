//! Who is calling: an API token (`Authorization: Bearer …`) or a web session
//! cookie, and in which language they read.

use std::sync::Arc;

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use super::error::ApiError;
use crate::app::{Actor, App};
use crate::domain::access::User;
use crate::text::Lang;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "suivi_session";
/// The language cookie's name.
pub const LANG_COOKIE: &str = "suivi_lang";

/// The language asked for: `?lang=`, then the cookie, then (for the API only)
/// `Accept-Language`; French by default — the pages are French unless switched.
pub fn lang_of(parts: &Parts) -> Lang {
    let query = parts.uri.query().unwrap_or("");
    let asked = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(|l| l.parse().ok());
    if let Some(lang) = asked {
        return lang;
    }
    let jar = CookieJar::from_headers(&parts.headers);
    if let Some(lang) = jar.get(LANG_COOKIE).and_then(|c| c.value().parse().ok()) {
        return lang;
    }
    // Under `nest`, the request's URI has lost its `/api` prefix; the original keeps it.
    let path = parts
        .extensions
        .get::<OriginalUri>()
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

/// The session cookie set at login: HttpOnly, Secure, SameSite=Strict.
pub fn session_cookie(id: String, max_age_hours: i64) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, id))
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::hours(max_age_hours))
        .build()
}

/// The language cookie, kept a year.
pub fn lang_cookie(lang: Lang) -> Cookie<'static> {
    Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(time::Duration::days(365))
        .build()
}

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub lang: Lang,
    /// The session's CSRF token, for web forms.
    pub csrf: Option<String>,
    /// The session id, to close it at logout.
    pub session: Option<String>,
}

impl Caller {
    /// The caller acting, with the reason they give.
    pub fn actor(&self, reason: Option<String>) -> Actor {
        Actor::new(self.user.clone(), reason)
    }
}

/// The caller, if any: pages show a login form rather than an error.
#[derive(Debug, Clone)]
pub struct MaybeCaller(pub Option<Caller>, pub Lang);

async fn identify(parts: &Parts, app: &App) -> Result<Option<Caller>, ApiError> {
    let lang = lang_of(parts);
    if let Some(auth) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let Some(token) = auth.strip_prefix("Bearer ") else {
            return Err(ApiError::unauthorized(lang));
        };
        return match app
            .user_by_token(token.trim())
            .await
            .map_err(|e| ApiError::from_app(e, lang))?
        {
            Some(user) => Ok(Some(Caller {
                user,
                lang,
                csrf: None,
                session: None,
            })),
            None => Err(ApiError::unauthorized(lang)),
        };
    }
    let jar = CookieJar::from_headers(&parts.headers);
    if let Some(id) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) {
        if let Some((user, csrf)) = app
            .session(&id)
            .await
            .map_err(|e| ApiError::from_app(e, lang))?
        {
            return Ok(Some(Caller {
                user,
                lang,
                csrf: Some(csrf),
                session: Some(id),
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
