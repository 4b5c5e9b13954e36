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
    if !original_path(parts).starts_with("/api/") {
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

/// The device cookie a successful login gives (see `app::devices`): its
/// name's delays after failed logins do not apply to this browser.
pub const DEVICE_COOKIE: &str = "suivi_device";

pub fn device_cookie(value: String) -> Cookie<'static> {
    Cookie::build((DEVICE_COOKIE, value))
        .path("/login")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::days(crate::app::DEVICE_DAYS))
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

/// The header that carries a web session's CSRF token on API changes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The path of the request as the client sent it (under `nest`, the
/// request's URI has lost its `/api` prefix; the original keeps it).
fn original_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<OriginalUri>()
        .map(|u| u.0.path().to_string())
        .unwrap_or_else(|| parts.uri.path().to_string())
}

/// Whether the request would change something through the JSON API.
fn changes_through_api(parts: &Parts) -> bool {
    !parts.method.is_safe() && original_path(parts).starts_with("/api/")
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
    /// The page asked for (path and query), where the language switch
    /// leads; a form's handler sets the page the form belongs to.
    pub here: String,
    /// What the previous request recorded, shown once (see [`DONE_COOKIE`]).
    pub done: Option<String>,
}

/// The cookie that carries, from a form to the page it goes back to, the
/// sentence saying what was recorded; read once.
pub const DONE_COOKIE: &str = "suivi_done";

/// The cookie saying what was recorded, for the next page.
pub fn done_cookie(sentence: &str) -> Cookie<'static> {
    // The jar percent-encodes values, and decodes them as it reads them.
    // At most 1 500 bytes once percent-encoded: a browser drops a cookie
    // past 4 KiB.
    let mut kept = String::new();
    let mut encoded = 0;
    for c in sentence.chars() {
        encoded += if c.is_ascii_alphanumeric() {
            1
        } else {
            3 * c.len_utf8()
        };
        if encoded > 1_500 {
            break;
        }
        kept.push(c);
    }
    let sentence = kept;
    Cookie::build((DONE_COOKIE, sentence))
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::minutes(5))
        .build()
}

/// The cookie that says what was recorded, once shown: expired.
pub fn done_cookie_spent() -> Cookie<'static> {
    Cookie::build((DONE_COOKIE, ""))
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::ZERO)
        .build()
}

/// The page a request asks for, without its language switch.
fn page_asked(parts: &Parts) -> String {
    let uri = parts
        .extensions
        .get::<OriginalUri>()
        .map(|u| &u.0)
        .unwrap_or(&parts.uri);
    let query: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
        .collect();
    if query.is_empty() {
        uri.path().to_string()
    } else {
        format!("{}?{}", uri.path(), query.join("&"))
    }
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
                here: page_asked(parts),
                done: None,
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
            // A browser sends the cookie with any request, even one another
            // site triggers: a change through the API also needs the
            // session's CSRF token in a header, which only suivi's pages know.
            if changes_through_api(parts) {
                let sent = parts
                    .headers
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if sent.is_empty() || sent != csrf {
                    return Err(ApiError::new(
                        axum::http::StatusCode::FORBIDDEN,
                        "csrf",
                        lang.t("api-csrf-required"),
                    ));
                }
            }
            let done = jar
                .get(DONE_COOKIE)
                .map(|c| c.value().to_string())
                .filter(|v| !v.is_empty());
            return Ok(Some(Caller {
                user,
                lang,
                csrf: Some(csrf),
                session: Some(id),
                here: page_asked(parts),
                done,
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

/// Whether the caller is the director, for what only the director sees of
/// the health check (the causes of failures). Asked of the database for a
/// second at most, and only when the request carries credentials: a health
/// check never waits on the database.
#[derive(Debug, Clone, Copy)]
pub struct IsDirector(pub bool);

impl FromRequestParts<Arc<App>> for IsDirector {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        let credentials = parts.headers.contains_key(header::AUTHORIZATION)
            || CookieJar::from_headers(&parts.headers)
                .get(SESSION_COOKIE)
                .is_some();
        if !credentials {
            return Ok(IsDirector(false));
        }
        let who =
            tokio::time::timeout(std::time::Duration::from_secs(1), identify(parts, app)).await;
        Ok(IsDirector(matches!(
            who,
            Ok(Ok(Some(c))) if c.user.role == crate::domain::access::Role::Director
        )))
    }
}

/// The caller of a page, who must be logged in: without a session, the
/// browser is sent to the login form, which brings it back to the page.
#[derive(Debug, Clone)]
pub struct PageCaller(pub Caller);

impl FromRequestParts<Arc<App>> for PageCaller {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        if let Ok(Some(c)) = identify(parts, app).await {
            return Ok(PageCaller(c));
        }
        let page = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let login = if page == "/" {
            "/login".to_string()
        } else {
            let next =
                percent_encoding::utf8_percent_encode(page, percent_encoding::NON_ALPHANUMERIC);
            format!("/login?next={next}")
        };
        Err(axum::response::Redirect::to(&login).into_response())
    }
}
