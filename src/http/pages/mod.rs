//! The web pages, in French (English with `?lang=en`): light HTML, one small
//! inline stylesheet, no script needed, readable on a phone and on a slow
//! line. Forms carry the session's CSRF token. Every word comes from the
//! catalogue (`tr("id")` and `label(kind, code)` in the templates).
//!
//! (Just over 400 lines: the page layout, the refusal pages and the route
//! table, which lists every page once.)

// A refused request is answered at once with its page: the error is the response.
#![allow(clippy::result_large_err)]

mod accounts;
mod activities;
mod annual;
mod audit;
mod calendar;
mod dashboard;
mod directory;
mod documents;
mod export;
mod follow;
mod form;
mod imports;
mod login;
mod progress;
mod projects;
mod recommendations;
mod sector;
mod structure;

use std::sync::{Arc, OnceLock};

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::CookieJar;
use minijinja::{context, Environment, State, Value};

use super::auth::{done_cookie, done_cookie_spent, lang_cookie, Caller, MaybeCaller};
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
            ("forms.html", include_str!("../templates/forms.html")),
            (
                "status_form.html",
                include_str!("../templates/status_form.html"),
            ),
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
            ("imports.html", include_str!("../templates/imports.html")),
            ("items.html", include_str!("../templates/items.html")),
            ("audit.html", include_str!("../templates/audit.html")),
            ("outbox.html", include_str!("../templates/outbox.html")),
            ("users.html", include_str!("../templates/users.html")),
            (
                "directory.html",
                include_str!("../templates/directory.html"),
            ),
            ("welcome.html", include_str!("../templates/welcome.html")),
            ("account.html", include_str!("../templates/account.html")),
            ("activity.html", include_str!("../templates/activity.html")),
            ("finances.html", include_str!("../templates/finances.html")),
            ("revues.html", include_str!("../templates/revues.html")),
            (
                "import_preview.html",
                include_str!("../templates/import_preview.html"),
            ),
            ("progress.html", include_str!("../templates/progress.html")),
            ("projects.html", include_str!("../templates/projects.html")),
            ("sector.html", include_str!("../templates/sector.html")),
            (
                "sector_structure.html",
                include_str!("../templates/sector_structure.html"),
            ),
            ("project.html", include_str!("../templates/project.html")),
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
        let who = c.actor(None);
        let cps_unit = c.user.structure.as_ref().is_some_and(|s| {
            s.to_string()
                .starts_with(&format!("{}/", app.settings().cps))
        });
        context! {
            may_record => who.may(crate::domain::access::Action::Record),
            may_audit => who.may(crate::domain::access::Action::Audit),
            may_remind => who.may(crate::domain::access::Action::Reminders),
            may_read_tables => who.may(crate::domain::access::Action::ReadTables),
            // A focal point follows progress only for a unit of the CPS,
            // to which the plan gives activities.
            follows_progress => who.may(crate::domain::access::Action::ReadTables) || cps_unit,
            name => c.user.name.clone(),
            role => crate::domain::types::Code::code(c.user.role),
            structure => c.user.structure.as_ref().map(|s| s.to_string()),
            structure_name => c.user.structure.as_ref().and_then(|s| app.directory().get(s).map(|s| s.name.clone())),
        }
    });
    let other = match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    };
    // The language switch keeps the page, and what a form sent stays on it.
    let here = caller
        .map(|c| c.here.as_str())
        .and_then(|h| login::local_path(Some(h)))
        .unwrap_or("/");
    let switch = format!(
        "{here}{}lang={}",
        if here.contains('?') { "&" } else { "?" },
        other.code()
    );
    let done = caller.and_then(|c| c.done.clone());
    let ctx = context! {
        lang => lang.code(),
        other_lang => other.code(),
        switch_lang => switch,
        done => done,
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
    let mut jar = CookieJar::new();
    if remember {
        jar = jar.add(lang_cookie(lang));
    }
    if caller.is_some_and(|c| c.done.is_some()) {
        jar = jar.add(done_cookie_spent());
    }
    (jar, Html(html)).into_response()
}

/// `r` with `status`: a page that shows a refused form, say.
fn answered(mut r: Response, status: StatusCode) -> Response {
    *r.status_mut() = status;
    r
}

/// A page of the site that says what went wrong, titled by its status.
fn failure(app: &App, caller: &Caller, status: StatusCode, message: String) -> Response {
    let lang = caller.lang;
    let mut r = page(
        "base.html",
        &lang.t(error_title(status)),
        Some(caller),
        app,
        lang,
        context! { message => message, message_class => "error" },
        false,
    );
    *r.status_mut() = status;
    r
}

/// The title of a page that says `status`.
fn error_title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "page-error-not-found",
        StatusCode::FORBIDDEN => "page-error-forbidden",
        StatusCode::TOO_MANY_REQUESTS => "page-error-too-many",
        StatusCode::INTERNAL_SERVER_ERROR => "page-error-internal",
        _ => "page-error-refused",
    }
}

/// The status and the sentence for a refusal of the application, and the
/// field of the form it is about.
fn refusal(e: AppError, lang: Lang) -> (StatusCode, String, Option<&'static str>) {
    match e {
        AppError::BadInput { text, field } | AppError::Refused { text, field } => {
            (StatusCode::UNPROCESSABLE_ENTITY, text.render(lang), field)
        }
        AppError::Conflict(text) => (StatusCode::CONFLICT, text.render(lang), None),
        AppError::Integrity(text) => (StatusCode::UNPROCESSABLE_ENTITY, text.render(lang), None),
        AppError::NotFound(text) => (StatusCode::NOT_FOUND, text.render(lang), None),
        AppError::TooManyAttempts(text) => (StatusCode::TOO_MANY_REQUESTS, text.render(lang), None),
        AppError::Busy(text) => (StatusCode::SERVICE_UNAVAILABLE, text.render(lang), None),
        AppError::Forbidden => (StatusCode::FORBIDDEN, lang.t("page-forbidden"), None),
        AppError::Internal(e) => {
            tracing::error!(error = format!("{e:#}"), "internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                lang.t("page-internal"),
                None,
            )
        }
    }
}

/// The page for a refusal of the application.
fn refused(app: &App, c: &Caller, e: AppError) -> Response {
    let (status, message, _) = refusal(e, c.lang);
    failure(app, c, status, message)
}

/// A page no route answers: a page of the site, in the caller's language.
pub async fn not_found(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    MaybeCaller(caller, lang): MaybeCaller,
) -> Response {
    let message = lang.t("page-not-found");
    let mut r = match &caller {
        Some(c) => failure(&app, c, StatusCode::NOT_FOUND, message),
        None => page(
            "base.html",
            &lang.t("page-error-not-found"),
            None,
            &app,
            lang,
            context! { message => message, message_class => "error" },
            false,
        ),
    };
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

/// Back to `page` once something was recorded; the page then says so.
fn recorded(page: &str, sentence: &str) -> Response {
    (
        CookieJar::new().add(done_cookie(sentence)),
        axum::response::Redirect::to(page),
    )
        .into_response()
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

/// The pages' routes; `upload_limit` bounds an uploaded file's body,
/// `documents_limit` a status change's with its documents.
pub fn routes(
    upload_limit: axum::extract::DefaultBodyLimit,
    documents_limit: axum::extract::DefaultBodyLimit,
) -> Router<Arc<App>> {
    Router::new()
        .route(
            "/imports",
            get(imports::form).post(imports::upload).layer(upload_limit),
        )
        .route("/imports/confirm", post(imports::confirm))
        .route("/items", get(dashboard::items))
        .route("/audit", get(audit::show))
        .route("/snapshots/{year}", post(audit::take_snapshot))
        .route("/outbox", get(audit::outbox))
        .route("/outbox/retry", post(audit::retry))
        .route("/users", get(accounts::users))
        .route("/directory", get(directory::show).post(directory::record))
        .route("/users/invite", post(accounts::invite))
        .route("/users/{name}/change", post(accounts::change))
        .route("/users/{name}/reset", post(accounts::reset))
        .route("/users/{name}/enable", post(accounts::enable))
        .route("/users/{name}/disable", post(accounts::disable))
        .route("/users/{name}/clear-delays", post(accounts::clear_delays))
        .route(
            "/welcome/{token}",
            get(accounts::welcome).post(accounts::choose),
        )
        .route("/account", get(accounts::own))
        .route("/account/password", post(accounts::password))
        .route("/account/tokens", post(accounts::token))
        .route("/finances", get(follow::finances))
        .route("/finances/{year}/credits", post(follow::credit))
        .route("/revues", get(follow::revues))
        .route("/revues/{year}/open", post(follow::open_revue))
        .route(
            "/revues/{kind}/{year}/{number}/steps/{step}",
            post(follow::complete_step),
        )
        .route("/deadlines/{year}/{id}/done", post(follow::deadline_met))
        .route("/deadlines/{year}", post(calendar::define))
        .route("/deadlines/{year}/{id}/drop", post(calendar::drop))
        .route("/calendars/{year}/close", post(calendar::close))
        .route("/following", post(calendar::following))
        .route("/", get(dashboard::show))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/activities", get(activities::activities))
        .route(
            "/activities/{year}/{code}/status",
            post(activities::activity_status),
        )
        .route(
            "/activities/{year}/{code}",
            get(activities::activity_history),
        )
        .route(
            "/activities/{year}/{code}/narrative",
            post(activities::activity_narrative),
        )
        .route(
            "/activities/{year}/{code}/document",
            post(activities::activity_document),
        )
        .route(
            "/activities/{year}/{code}/cost",
            post(activities::activity_cost),
        )
        .route(
            "/activities/{year}/{code}/carry-over",
            post(activities::activity_carry_over),
        )
        .route("/progress", get(progress::show))
        .route("/sector", get(sector::overview))
        .route("/sector/structure", get(sector::structure))
        .route("/sector/call", post(sector::open_call))
        .route("/sector/proposal", post(sector::propose))
        .route("/sector/execution", post(sector::execution))
        .route("/sector/decision", post(sector::decide))
        .route("/sector/report/{file}", get(sector::follow_up))
        .route("/projects", get(projects::portfolio))
        .route("/projects/{code}", get(projects::sheet))
        .route("/projects/{code}/{year}/credits", post(projects::credit))
        .route("/projects/{code}/{year}/physical", post(projects::physical))
        .route(
            "/projects/{code}/{year}/quarters/{quarter}/{decision}",
            post(projects::quarter),
        )
        .route("/activities/{year}/{code}/progress", post(progress::record))
        .route(
            "/activities/{year}/{code}/indicator",
            post(progress::indicator),
        )
        .route("/recommendations", get(recommendations::recommendations))
        .route(
            "/recommendations/{session}/{number}",
            get(recommendations::recommendation),
        )
        .route(
            "/recommendations/{session}/{number}/status",
            post(recommendations::recommendation_status).layer(documents_limit),
        )
        .route(
            "/recommendations/{session}/{number}/documents/{sha256}",
            get(documents::download),
        )
        .route(
            "/recommendations/{session}/{number}/documents/{sha256}/withdraw",
            post(documents::withdraw),
        )
        .route(
            "/recommendations/{session}/{number}/carry-over",
            post(recommendations::recommendation_carry_over),
        )
        .route(
            "/recommendations/add",
            post(recommendations::recommendation_add),
        )
        .route("/structures/{code}", get(structure::show))
        .route("/exports/{file}", get(export::file))
        .route("/report/annual", get(annual::show))
        .route("/report/annual/{file}", get(annual::document))
        .route(
            "/report/annual/{year}/sections/{key}",
            post(annual::write_section),
        )
        .route("/report/annual/{year}/unplanned", post(annual::unplanned))
        .route(
            "/report/annual/{year}/reference/{of}",
            post(annual::reference),
        )
}
