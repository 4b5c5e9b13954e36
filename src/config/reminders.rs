//! How reminders go out (`config/reminders.toml`): the policy, the daily
//! schedule, the sender and the director, the language of the messages, and
//! the delivery's attempts and leases.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;

use super::{line_of, toml_error, ConfigError};
use crate::domain::reminder::Policy;
use crate::text;
use crate::text::{Lang, Text};

fn at(file: &str, text: &str, span: std::ops::Range<usize>, message: Text) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        line: Some(line_of(text, span.start)),
        message,
    }
}

/// How reminders go out.
#[derive(Debug, Clone)]
pub struct ReminderSettings {
    pub policy: Policy,
    pub schedule: cron::Schedule,
    pub schedule_text: String,
    pub from: String,
    pub director: Option<String>,
    pub lang: Lang,
    pub max_attempts: u32,
    pub retry_base_seconds: u64,
    pub lease_seconds: u64,
    pub outbox_dir: PathBuf,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReminderFile {
    offsets: Option<Vec<u32>>,
    overdue_every: Option<u32>,
    escalate_after: Option<u32>,
    schedule: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    director: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    max_attempts: Option<u32>,
    retry_base_seconds: Option<u64>,
    lease_seconds: Option<u64>,
    outbox_dir: Option<String>,
}

const BUILTIN_REMINDERS: &str = include_str!("../../config/reminders.toml");

impl ReminderSettings {
    /// Reads `config_dir/reminders.toml` (or the built-in copy when the default
    /// directory is absent).
    pub fn load(config_dir: &Path, explicit: bool) -> Result<ReminderSettings, ConfigError> {
        let src = super::read_source(config_dir, explicit, "reminders.toml", BUILTIN_REMINDERS)?;
        Self::parse(&src.name, &src.text)
    }

    pub fn parse(file: &str, text: &str) -> Result<ReminderSettings, ConfigError> {
        let f: ReminderFile = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        let defaults = Policy::default();
        let schedule_text = f
            .schedule
            .as_ref()
            .map(|s| s.get_ref().clone())
            .unwrap_or_else(|| "0 0 8 * * Mon-Fri".into());
        let schedule = cron::Schedule::from_str(&schedule_text).map_err(|e| {
            let span = f.schedule.as_ref().map(|s| s.span()).unwrap_or(0..0);
            at(
                file,
                text,
                span,
                text!(
                    "cron-invalid",
                    value = schedule_text.as_str(),
                    error = e.to_string()
                ),
            )
        })?;
        let check_mailbox = |m: &Spanned<String>| {
            m.get_ref()
                .parse::<lettre::message::Mailbox>()
                .map(|_| m.get_ref().clone())
                .map_err(|_| {
                    at(
                        file,
                        text,
                        m.span(),
                        text!("email-invalid", address = m.get_ref().as_str()),
                    )
                })
        };
        let from = match &f.from {
            Some(m) => check_mailbox(m)?,
            None => "suivi <suivi@localhost>".into(),
        };
        let director = f.director.as_ref().map(check_mailbox).transpose()?;
        let lang = match &f.lang {
            None => Lang::Fr,
            Some(l) => l
                .get_ref()
                .parse()
                .map_err(|message| at(file, text, l.span(), message))?,
        };
        Ok(ReminderSettings {
            policy: Policy {
                offsets: f.offsets.unwrap_or(defaults.offsets),
                overdue_every: f.overdue_every.unwrap_or(defaults.overdue_every),
                escalate_after: f.escalate_after.unwrap_or(defaults.escalate_after),
            },
            schedule,
            schedule_text,
            from,
            director,
            lang,
            max_attempts: f.max_attempts.unwrap_or(5).max(1),
            retry_base_seconds: f.retry_base_seconds.unwrap_or(60),
            lease_seconds: f.lease_seconds.unwrap_or(120).max(1),
            outbox_dir: PathBuf::from(f.outbox_dir.unwrap_or_else(|| "data/outbox".into())),
        })
    }
}
