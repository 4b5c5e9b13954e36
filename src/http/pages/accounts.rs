//! Accounts in the pages: the director's list of users (invite, change a
//! role, a structure or an e-mail address, disable, enable, issue a link to
//! choose a new password); the page a link opens to choose a password; and
//! each person's own page (their password, their tokens, their calendar
//! feed ready to copy).
//!
//! (Over 400 lines: the director's list, the link's page and one's own page
//! share the account forms and their refusals.)

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{split, Refusal, Sent};
use super::login::LangQuery;
use super::{answered, check_csrf, given, page, recorded, refused};
use crate::app::{App, PasswordLink};
use crate::domain::access::Action;
use crate::domain::types::Code;
use crate::http::auth::{Caller, MaybeCaller, PageCaller};
use crate::text;
use crate::text::{label, Lang};

const ROLES: [&str; 4] = ["director", "cps", "structure", "reader"];

fn roles(lang: Lang) -> Vec<(String, String)> {
    ROLES
        .iter()
        .map(|r| (r.to_string(), label(lang, "role", r)))
        .collect()
}

/// A link as the director passes it on.
fn shown_link(link: &PasswordLink, lang: Lang) -> Value {
    context! {
        name => link.name.clone(),
        link => link.link.clone(),
        expires => text::moment(&link.expires.to_rfc3339(), lang),
        mailed_to => link.mailed_to.clone(),
    }
}

pub async fn users(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<LangQuery>,
) -> Response {
    users_page(&app, &c, None, None, q.lang.is_some()).await
}

async fn users_page(
    app: &App,
    c: &Caller,
    link: Option<&PasswordLink>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let accounts = match app.accounts(&c.actor(None)).await {
        Ok(a) => a,
        Err(e) => return refused(app, c, e),
    };
    let rows: Vec<Value> = accounts
        .iter()
        .map(|a| {
            context! {
                name => a.name.clone(),
                role => a.role.code(),
                role_label => label(lang, "role", a.role.code()),
                structure => a.structure.clone().unwrap_or_default(),
                email => a.email.clone().unwrap_or_default(),
                disabled => a.disabled,
                pending => a.pending,
                me => a.name == c.user.name,
            }
        })
        .collect();
    let (status, sent) = split(sent);
    let extra = context! {
        rows => rows,
        roles => roles(lang),
        link => link.map(|l| shown_link(l, lang)),
        sent => sent,
    };
    answered(
        page(
            "users.html",
            &lang.t("page-users"),
            Some(c),
            app,
            lang,
            extra,
            remember,
        ),
        status,
    )
}

#[derive(Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    structure: String,
    #[serde(default)]
    email: String,
}

impl AccountForm {
    fn sent(&self, form: String) -> Sent {
        Sent::new(form)
            .with("name", &self.name)
            .with("role", &self.role)
            .with("structure", &self.structure)
            .with("email", &self.email)
    }
}

/// The page again with a refusal, or with the link to pass on.
async fn after_users_form(
    app: &App,
    c: &Caller,
    outcome: Result<PasswordLink, Refusal>,
) -> Response {
    let mut c = c.clone();
    c.here = "/users".to_string();
    match outcome {
        Ok(link) => users_page(app, &c, Some(&link), None, false).await,
        Err(refusal) => users_page(app, &c, None, Some(refusal), false).await,
    }
}

pub async fn invite(
    State(app): State<Arc<App>>,
    c: Caller,
    Form(f): Form<AccountForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let outcome = app
        .invite_user(
            &f.name,
            &f.role,
            given(f.structure.clone()).as_deref(),
            given(f.email.clone()).as_deref(),
            &c.actor(None),
        )
        .await
        .map_err(|e| f.sent("invite".into()).refused(e, c.lang));
    after_users_form(&app, &c, outcome).await
}

pub async fn reset(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(name): Path<String>,
    Form(f): Form<AccountForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let outcome = app
        .issue_password_reset(&name, &c.actor(None))
        .await
        .map_err(|e| f.sent(format!("account-{name}")).refused(e, c.lang));
    after_users_form(&app, &c, outcome).await
}

pub async fn change(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(name): Path<String>,
    Form(f): Form<AccountForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    match app
        .change_account(
            &name,
            &f.role,
            given(f.structure.clone()).as_deref(),
            given(f.email.clone()).as_deref(),
            &c.actor(None),
        )
        .await
    {
        Ok(()) => {
            let done = text!("page-account-changed", name = name.as_str()).render(lang);
            recorded(&format!("/users#account-{}", encoded(&name)), &done)
        }
        Err(e) => {
            let mut c = c.clone();
            c.here = "/users".to_string();
            let refusal = f.sent(format!("account-{name}")).refused(e, lang);
            users_page(&app, &c, None, Some(refusal), false).await
        }
    }
}

pub async fn enable(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(name): Path<String>,
    Form(f): Form<AccountForm>,
) -> Response {
    set_enabled(&app, &c, &name, true, &f).await
}

pub async fn disable(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(name): Path<String>,
    Form(f): Form<AccountForm>,
) -> Response {
    set_enabled(&app, &c, &name, false, &f).await
}

async fn set_enabled(
    app: &App,
    c: &Caller,
    name: &str,
    enabled: bool,
    f: &AccountForm,
) -> Response {
    if let Err(r) = check_csrf(app, c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    match app.set_account_enabled(name, enabled, &c.actor(None)).await {
        Ok(()) => {
            let id = if enabled {
                "cli-user-enabled"
            } else {
                "cli-user-disabled"
            };
            recorded(
                &format!("/users#account-{name}"),
                &text!(id, name = name).render(lang),
            )
        }
        Err(e) => {
            let mut c = c.clone();
            c.here = "/users".to_string();
            let refusal = f.sent(format!("account-{name}")).refused(e, lang);
            users_page(app, &c, None, Some(refusal), false).await
        }
    }
}

/// Clears the delays that failed logins put on a name.
pub async fn clear_delays(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(name): Path<String>,
    Form(f): Form<AccountForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    match app.clear_login_delays(&name, &c.actor(None)) {
        Ok(cleared) => {
            let id = if cleared {
                "page-delays-cleared"
            } else {
                "page-delays-none"
            };
            recorded(
                &format!("/users#account-{name}"),
                &text!(id, name = name.as_str()).render(lang),
            )
        }
        Err(e) => super::refused(&app, &c, e),
    }
}

// ----- The page a link opens -----

pub async fn welcome(
    State(app): State<Arc<App>>,
    MaybeCaller(_, lang): MaybeCaller,
    Path(token): Path<String>,
) -> Response {
    welcome_page(&app, lang, &token, None).await
}

async fn welcome_page(app: &App, lang: Lang, token: &str, refusal: Option<Refusal>) -> Response {
    let holder = match app.link_holder(token).await {
        Ok(Some(h)) => h,
        Ok(None) => {
            let message = text!("link-invalid", hours = crate::app::LINK_HOURS).render(lang);
            let r = page(
                "base.html",
                &lang.t("page-error-not-found"),
                None,
                app,
                lang,
                context! { message => message, message_class => "error" },
                false,
            );
            return answered(r, StatusCode::NOT_FOUND);
        }
        Err(e) => {
            tracing::error!(error = %e, "link");
            return answered(
                page(
                    "base.html",
                    &lang.t("page-error-internal"),
                    None,
                    app,
                    lang,
                    context! { message => lang.t("page-internal"), message_class => "error" },
                    false,
                ),
                StatusCode::INTERNAL_SERVER_ERROR,
            );
        }
    };
    let (status, sent) = split(refusal);
    let extra = context! {
        name => holder.name,
        token => token,
        invitation => holder.purpose == "invitation",
        sent => sent,
    };
    answered(
        page(
            "welcome.html",
            &lang.t("page-welcome"),
            None,
            app,
            lang,
            extra,
            false,
        ),
        status,
    )
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    csrf: String,
}

pub async fn choose(
    State(app): State<Arc<App>>,
    MaybeCaller(_, lang): MaybeCaller,
    Path(token): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Response {
    let sent = Sent::new("welcome");
    if f.password != f.confirm {
        let refusal = sent.invalid("confirm", lang.t("page-password-mismatch"));
        return welcome_page(&app, lang, &token, Some(refusal)).await;
    }
    match app.choose_password(&token, &f.password).await {
        Ok(name) => {
            let message = text!("page-password-chosen", name = name.as_str()).render(lang);
            page(
                "login.html",
                &lang.t("page-login"),
                None,
                &app,
                lang,
                context! { message => message, message_class => "ok", name => name },
                false,
            )
        }
        Err(e) => {
            let refusal = sent.refused(e, lang);
            welcome_page(&app, lang, &token, Some(refusal)).await
        }
    }
}

// ----- One's own account -----

pub async fn own(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<LangQuery>,
) -> Response {
    own_page(&app, &c, None, None, q.lang.is_some())
}

fn own_page(
    app: &App,
    c: &Caller,
    token: Option<(String, String)>,
    sent: Option<Refusal>,
    remember: bool,
) -> Response {
    let lang = c.lang;
    let who = c.actor(None);
    let feed = c.user.structure.as_ref().map(|s| {
        let code = percent_encoding::utf8_percent_encode(
            &s.to_string(),
            percent_encoding::NON_ALPHANUMERIC,
        )
        .to_string();
        format!("/calendar/{code}.ics")
    });
    let base = app.public_url().unwrap_or_default();
    let (status, sent) = split(sent);
    let extra = context! {
        role => label(lang, "role", c.user.role.code()),
        structure => c.user.structure.as_ref().map(|s| s.to_string()),
        feed => feed.clone(),
        // A new token, shown once: the feed's address ready to copy.
        token => token.as_ref().map(|(scope, t)| context! {
            scope => scope.clone(),
            value => t.clone(),
            feed_url => (scope == "feed").then(|| feed.as_ref().map(|f| format!("{base}{f}?token={t}"))).flatten(),
        }),
        may_audit => who.may(Action::Audit),
        sent => sent,
    };
    answered(
        page(
            "account.html",
            &lang.t("page-account"),
            Some(c),
            app,
            lang,
            extra,
            remember,
        ),
        status,
    )
}

pub async fn password(
    State(app): State<Arc<App>>,
    c: Caller,
    Form(f): Form<PasswordForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let sent = Sent::new("password");
    let mut here = c.clone();
    here.here = "/account".to_string();
    if f.password != f.confirm {
        let refusal = sent.invalid("confirm", lang.t("page-password-mismatch"));
        return own_page(&app, &here, None, Some(refusal), false);
    }
    match app
        .change_own_password(
            &f.current,
            &f.password,
            c.session.as_deref(),
            &c.actor(None),
        )
        .await
    {
        Ok(()) => recorded("/account", &lang.t("page-password-changed")),
        Err(e) => own_page(&app, &here, None, Some(sent.refused(e, lang)), false),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    label: String,
}

pub async fn token(State(app): State<Arc<App>>, c: Caller, Form(f): Form<TokenForm>) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let mut here = c.clone();
    here.here = "/account".to_string();
    let label = given(f.label.clone());
    match app
        .create_own_token(label.as_deref(), &f.scope, &c.actor(None))
        .await
    {
        Ok((_, token)) => own_page(&app, &here, Some((f.scope.clone(), token)), None, false),
        Err(e) => {
            let sent = Sent::new("token")
                .with("scope", &f.scope)
                .with("label", &f.label);
            own_page(&app, &here, None, Some(sent.refused(e, c.lang)), false)
        }
    }
}

/// A name as it goes in an address.
fn encoded(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC).to_string()
}
