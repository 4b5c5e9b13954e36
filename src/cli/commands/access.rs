//! `suivi user …` and `suivi token …`: who may use the web pages and the API.

use super::super::args::{TokenCommand, UserCommand};
use crate::app::{Actor, App, AppError, NewUser};
use crate::domain::types::Code;
use crate::report::render::{self, new_table, Format};
use crate::text;
use crate::text::{label, short_date, Lang};

pub async fn user(
    app: &App,
    cmd: UserCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    Ok(match cmd {
        UserCommand::Add {
            name,
            role,
            structure,
            email,
        } => {
            let password = match std::env::var("SUIVI_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .map_err(|e| AppError::Internal(e.into()))?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let new = NewUser {
                name: &name,
                role: &role,
                structure: structure.as_deref(),
                email: email.as_deref(),
                password: &password,
            };
            let user = app.add_user(new, who).await?;
            text!(
                "cli-user-added",
                name = user.name.as_str(),
                role = label(lang, "role", crate::domain::types::Code::code(user.role))
            )
            .render(lang)
        }
        UserCommand::List => app
            .users(who)
            .await?
            .iter()
            .map(|u| {
                let mut line = format!(
                    "{}\t{}\t{}",
                    u.name,
                    label(lang, "role", crate::domain::types::Code::code(u.role)),
                    u.structure.clone().unwrap_or_default()
                );
                if u.disabled {
                    line.push('\t');
                    line.push_str(&lang.t("cli-disabled"));
                }
                line
            })
            .collect::<Vec<_>>()
            .join("\n"),
        UserCommand::Disable { name } => {
            app.disable_user(&name, who).await?;
            text!("cli-user-disabled", name = name).render(lang)
        }
        UserCommand::Enable { name } => {
            app.set_account_enabled(&name, true, who).await?;
            text!("cli-user-enabled", name = name).render(lang)
        }
        UserCommand::Invite {
            name,
            role,
            structure,
            email,
        } => {
            let link = app
                .invite_user(&name, &role, structure.as_deref(), email.as_deref(), who)
                .await?;
            link_text(&link, lang)
        }
        UserCommand::Reset { name } => {
            let link = app.issue_password_reset(&name, who).await?;
            link_text(&link, lang)
        }
    })
}

pub async fn token(
    app: &App,
    cmd: TokenCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    Ok(match cmd {
        TokenCommand::Create {
            user,
            label,
            feed,
            expires,
        } => {
            let scope = if feed { "feed" } else { "api" };
            let expires_at = expires.map(crate::clock::end_of_day);
            let (id, token) = app
                .create_token(&user, label.as_deref(), scope, expires_at, who)
                .await?;
            text!("cli-token-created", token = token, id = id).render(lang)
        }
        TokenCommand::List { user, format } => {
            let tokens = app.tokens(user.as_deref(), who).await?;
            match format {
                Format::Json | Format::Xlsx => render::json(&tokens),
                Format::Csv | Format::Table => {
                    let mut t = new_table(
                        lang,
                        &[
                            "col-token",
                            "col-user",
                            "col-label",
                            "col-scope",
                            "col-expires",
                            "col-last-used",
                            "col-state",
                        ],
                    );
                    let day = |d: Option<chrono::DateTime<chrono::Utc>>| {
                        d.map(|d| short_date(crate::clock::day_of(d), lang))
                            .unwrap_or_default()
                    };
                    let now = app.now();
                    for k in &tokens {
                        let state = if k.revoked_at.is_some() {
                            "token-state-revoked"
                        } else if k.expires_at.is_some_and(|e| e <= now) {
                            "token-state-expired"
                        } else {
                            "token-state-live"
                        };
                        t.add_row(vec![
                            k.id.clone(),
                            k.user.clone(),
                            k.label.clone().unwrap_or_default(),
                            label(lang, "token-scope", k.scope.code()),
                            day(k.expires_at),
                            day(k.last_used_at),
                            lang.t(state),
                        ]);
                    }
                    t.to_string()
                }
            }
        }
        TokenCommand::Revoke { id } => {
            app.revoke_token(&id, who).await?;
            text!("cli-token-revoked", id = id).render(lang)
        }
    })
}

/// A link to choose a password, as the operator passes it on.
fn link_text(link: &crate::app::PasswordLink, lang: Lang) -> String {
    let expires = crate::text::moment(&link.expires.to_rfc3339(), lang);
    let mut out = text!(
        "account-link",
        name = link.name.as_str(),
        link = link.link.as_str(),
        expires = expires.as_str()
    )
    .render(lang);
    if let Some(to) = &link.mailed_to {
        out.push('\n');
        out.push_str(&text!("account-link-mailed", to = to.as_str()).render(lang));
    }
    out
}
