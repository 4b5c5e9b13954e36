//! The web pages, in French (English with `?lang=en`): light HTML, one small
//! inline stylesheet, no script needed, readable on a phone and on a slow
//! line. Forms carry the session's CSRF token. Every word comes from the
//! catalogue (`tr("id")` and `label(kind, code)` in the templates).

// A refused request is answered at once with its page: the error is the response.
#![allow(clippy::result_large_err)]

mod annual;
mod dashboard;
mod export;
mod login;
mod progress;
mod structure;
mod tables;

use std::sync::{Arc, OnceLock};

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::CookieJar;
use minijinja::{context, Environment, State, Value};

use super::auth::{lang_cookie, Caller};
use crate::app::{App, AppError};
use crate::text::{item_title, label, Lang};

fn lang_of_state(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_default()
}

fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in [
            ("base.html", include_str!("../templates/base.html")),
            ("login.html", include_str!("../templates/login.html")),
            (
                "dashboard.html",
                include_str!("../templates/dashboard.html"),
            ),
            (
                "activities.html",
                include_str!("../templates/activities.html"),
            ),
            (
                "recommendations.html",
                include_str!("../templates/recommendations.html"),
            ),
            (
                "recommendation.html",
                include_str!("../templates/recommendation.html"),
            ),
            (
                "structure.html",
                include_str!("../templates/structure.html"),
            ),
            ("annual.html", include_str!("../templates/annual.html")),
            ("progress.html", include_str!("../templates/progress.html")),
        ] {
            env.add_template(name, source).expect("valid page template");
        }
        env.add_function("tr", |state: &State, id: String| {
            lang_of_state(state).t(&id)
        });
        env.add_function("label", |state: &State, kind: String, code: String| {
            label(lang_of_state(state), &kind, &code)
        });
        env.add_filter("amount", |state: &State, n: i64| {
            lang_of_state(state).amount(n)
        });
        env
    })
}

/// Renders a page for `caller` in `lang`; `remember` keeps the language in a cookie.
fn page(
    name: &str,
    title: &str,
    caller: Option<&Caller>,
    app: &App,
    lang: Lang,
    extra: Value,
    remember: bool,
) -> Response {
    let user = caller.map(|c| {
        context! {
            name => c.user.name.clone(),
            role => crate::domain::types::Code::code(c.user.role),
            structure => c.user.structure.as_ref().map(|s| s.to_string()),
            structure_name => c.user.structure.as_ref().and_then(|s| app.directory().get(s)).map(|s| s.name.clone()),
        }
    });
    let other = match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    };
    let ctx = context! {
        lang => lang.code(),
        other_lang => other.code(),
        title => title,
        cps => app.settings().cps.to_string(),
        user => user,
        csrf => caller.and_then(|c| c.csrf.clone()).unwrap_or_default(),
        ..extra
    };
    let html = match templates().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "page template");
            return (StatusCode::INTERNAL_SERVER_ERROR, lang.t("page-internal")).into_response();
        }
    };
    if remember {
        (CookieJar::new().add(lang_cookie(lang)), Html(html)).into_response()
    } else {
        Html(html).into_response()
    }
}

/// A page that says what went wrong, with its status.
fn failure(app: &App, caller: &Caller, status: StatusCode, message: String) -> Response {
    let mut r = page(
        "base.html",
        "suivi",
        Some(caller),
        app,
        caller.lang,
        context! { message => message, message_class => "error" },
        false,
    );
    *r.status_mut() = status;
    r
}

/// The page for a refusal of the application.
fn refused(app: &App, c: &Caller, e: AppError) -> Response {
    let lang = c.lang;
    let (status, message) = match e {
        AppError::BadInput { text, .. }
        | AppError::Refused { text, .. }
        | AppError::Conflict(text)
        | AppError::Integrity(text) => (StatusCode::UNPROCESSABLE_ENTITY, text.render(lang)),
        AppError::NotFound(text) => (StatusCode::NOT_FOUND, text.render(lang)),
        AppError::TooManyAttempts(text) => (StatusCode::TOO_MANY_REQUESTS, text.render(lang)),
        AppError::Forbidden => (StatusCode::FORBIDDEN, lang.t("page-forbidden")),
        AppError::Internal(e) => {
            tracing::error!(error = format!("{e:#}"), "internal error");
            (StatusCode::INTERNAL_SERVER_ERROR, lang.t("page-internal"))
        }
    };
    failure(app, c, status, message)
}

/// The CSRF token of a form must be the session's.
fn check_csrf(app: &App, c: &Caller, sent: &str) -> Result<(), Response> {
    match &c.csrf {
        Some(expected) if !sent.is_empty() && expected == sent => Ok(()),
        _ => Err(failure(
            app,
            c,
            StatusCode::FORBIDDEN,
            c.lang.t("page-form-expired"),
        )),
    }
}

/// A form's field as given: trimmed, `None` when blank.
fn given(s: String) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A form's day field (`AAAA-MM-JJ`, as a date input sends it): none when
/// empty, else the day or the page saying it is not one.
fn form_day(app: &App, c: &Caller, s: String) -> Result<Option<chrono::NaiveDate>, Response> {
    match given(s).map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")) {
        None => Ok(None),
        Some(Ok(d)) => Ok(Some(d)),
        Some(Err(_)) => Err(failure(
            app,
            c,
            StatusCode::UNPROCESSABLE_ENTITY,
            c.lang.t("page-date-invalid"),
        )),
    }
}

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(dashboard::show))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/activities", get(tables::activities))
        .route(
            "/activities/{year}/{code}/status",
            post(tables::activity_status),
        )
        .route("/progress", get(progress::show))
        .route("/activities/{year}/{code}/progress", post(progress::record))
        .route(
            "/activities/{year}/{code}/indicator",
            post(progress::indicator),
        )
        .route("/recommendations", get(tables::recommendations))
        .route(
            "/recommendations/{session}/{number}",
            get(tables::recommendation),
        )
        .route(
            "/recommendations/{session}/{number}/status",
            post(tables::recommendation_status),
        )
        .route("/structures/{code}", get(structure::show))
        .route("/exports/{file}", get(export::file))
        .route("/report/annual", get(annual::show))
        .route("/report/annual/{file}", get(annual::document))
        .route(
            "/report/annual/{year}/sections/{key}",
            post(annual::write_section),
        )
}
