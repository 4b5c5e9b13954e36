//! Logging in and out of the web pages.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use minijinja::context;
use serde::Deserialize;

use super::{check_csrf, page};
use crate::app::App;
use crate::http::auth::{device_cookie, session_cookie, Caller, MaybeCaller, DEVICE_COOKIE};
use crate::http::origin::Origin;

#[derive(Deserialize, Default)]
pub struct LangQuery {
    pub lang: Option<String>,
    /// The page to go on to once logged in (a link from a reminder).
    pub next: Option<String>,
}

/// A page of this site to go on to: a path, never another site.
pub(super) fn local_path(next: Option<&str>) -> Option<&str> {
    next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.starts_with("/\\")
            && n.len() <= 2000
            && !n.chars().any(|c| c.is_control() || c == '\\')
    })
}

pub async fn form(
    State(app): State<Arc<App>>,
    MaybeCaller(caller, lang): MaybeCaller,
    Query(q): Query<LangQuery>,
) -> Response {
    let next = local_path(q.next.as_deref());
    // Already logged in: a link from a reminder goes straight to its page.
    if let (Some(_), Some(next)) = (&caller, next) {
        return Redirect::to(next).into_response();
    }
    page(
        "login.html",
        &lang.t("page-login"),
        None,
        &app,
        lang,
        context! { next => next },
        q.lang.is_some(),
    )
}

#[derive(Deserialize)]
pub struct Login {
    name: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn submit(
    State(app): State<Arc<App>>,
    MaybeCaller(_, lang): MaybeCaller,
    origin: Origin,
    jar: CookieJar,
    Form(f): Form<Login>,
) -> Response {
    let refuse = |status: StatusCode, message: String| {
        let mut r = page(
            "login.html",
            &lang.t("page-login"),
            None,
            &app,
            lang,
            context! { message => message, message_class => "error", next => local_path(f.next.as_deref()) },
            false,
        );
        *r.status_mut() = status;
        r
    };
    // The browser would drop the session cookie and come back here with no
    // word of why: say what to do instead.
    if !origin.keeps_secure_cookies {
        return refuse(StatusCode::FORBIDDEN, lang.t("page-login-needs-https"));
    }
    // A login posted from another site (login CSRF) is refused.
    if origin.cross_site {
        return refuse(StatusCode::FORBIDDEN, lang.t("page-login-cross-site"));
    }
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    match app
        .log_in_with(&f.name, &f.password, origin.peer, device.as_deref())
        .await
    {
        Ok(Some(logged)) => (
            jar.add(session_cookie(logged.session, crate::app::SESSION_HOURS))
                .add(device_cookie(logged.device)),
            Redirect::to(local_path(f.next.as_deref()).unwrap_or("/")),
        )
            .into_response(),
        Ok(None) => refuse(StatusCode::UNAUTHORIZED, lang.t("page-wrong-password")),
        Err(crate::app::AppError::TooManyAttempts(t)) => {
            refuse(StatusCode::TOO_MANY_REQUESTS, t.render(lang))
        }
        Err(crate::app::AppError::Busy(t)) => {
            refuse(StatusCode::SERVICE_UNAVAILABLE, t.render(lang))
        }
        Err(e) => {
            tracing::error!(error = %e, "login");
            (StatusCode::INTERNAL_SERVER_ERROR, lang.t("page-internal")).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_a_page_of_this_site_is_gone_on_to() {
        let ok = "/recommendations?session=2024#rec-1";
        assert_eq!(local_path(Some(ok)), Some(ok));
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:x",
            "",
        ] {
            assert_eq!(local_path(Some(bad)), None, "{bad}");
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(app): State<Arc<App>>,
    c: Caller,
    jar: CookieJar,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    if let Some(id) = &c.session {
        if let Err(e) = app.log_out(id).await {
            tracing::warn!(error = %e, "closing a session");
        }
    }
    let gone = session_cookie(String::new(), 0);
    (jar.add(gone), Redirect::to("/login")).into_response()
}
