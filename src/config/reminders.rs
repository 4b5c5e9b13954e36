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
    /// Where replies go: the CPS, not the unattended sender.
    pub reply_to: Option<String>,
    /// The web interface's address as people reach it (`https://…`, no
    /// trailing `/`): each reminded item links to its page. No links without it.
    pub public_url: Option<String>,
    pub lang: Lang,
    /// When a failed message is tried again, and when it is given up on.
    pub backoff: Backoff,
    pub lease_seconds: u64,
    pub outbox_dir: PathBuf,
    /// A quarter's figures of the projects are due this many days after it ends.
    pub project_figures_due_days: u32,
}

/// The retry schedule of a message: the first retry `base_seconds` after a
/// failure, each next one twice as late but never more than `max_seconds`,
/// and the message given up on (a dead letter) after `max_attempts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub max_attempts: u32,
    pub base_seconds: u64,
    pub max_seconds: u64,
}

impl Backoff {
    /// The wait after the failure of attempt number `attempt` (from 1).
    pub fn delay(&self, attempt: u32) -> std::time::Duration {
        let exponent = attempt.max(1).saturating_sub(1).min(30);
        let seconds = self
            .base_seconds
            .saturating_mul(1u64 << exponent)
            .min(self.max_seconds);
        std::time::Duration::from_secs(seconds)
    }

    /// How long after its first failure a message is still tried: the sum
    /// of the waits before its last attempt.
    pub fn span(&self) -> std::time::Duration {
        (1..self.max_attempts).map(|a| self.delay(a)).sum()
    }
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
    reply_to: Option<Spanned<String>>,
    public_url: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    max_attempts: Option<u32>,
    retry_base_seconds: Option<u64>,
    retry_max_seconds: Option<u64>,
    lease_seconds: Option<u64>,
    outbox_dir: Option<String>,
    project_figures_due_days: Option<u32>,
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
        let reply_to = f.reply_to.as_ref().map(check_mailbox).transpose()?;
        let public_url = match &f.public_url {
            None => None,
            Some(u) => {
                let url = u.get_ref().trim().trim_end_matches('/');
                let ok = (url.starts_with("https://") || url.starts_with("http://"))
                    && url.len() > "https://".len()
                    && !url.contains(char::is_whitespace)
                    && !url.contains(['?', '#']);
                if !ok {
                    return Err(at(
                        file,
                        text,
                        u.span(),
                        text!("public-url-invalid", value = u.get_ref().as_str()),
                    ));
                }
                Some(url.to_string())
            }
        };
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
            reply_to,
            public_url,
            lang,
            backoff: Backoff {
                max_attempts: f.max_attempts.unwrap_or(15).max(1),
                base_seconds: f.retry_base_seconds.unwrap_or(60),
                max_seconds: f.retry_max_seconds.unwrap_or(3600),
            },
            lease_seconds: f.lease_seconds.unwrap_or(120).max(1),
            outbox_dir: PathBuf::from(f.outbox_dir.unwrap_or_else(|| "data/outbox".into())),
            project_figures_due_days: f.project_figures_due_days.unwrap_or(15).min(366),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_go_to_the_cps_and_links_need_a_public_address() {
        let s = ReminderSettings::parse("reminders.toml", BUILTIN_REMINDERS).unwrap();
        assert_eq!(
            s.reply_to.as_deref(),
            Some("CPS/SCI <cps-sci@cps-sci.example.org>")
        );
        assert_eq!(s.public_url, None, "no address shipped: no links");
        let s = ReminderSettings::parse("r.toml", "public_url = \"https://suivi.example.org/\"\n")
            .unwrap();
        assert_eq!(s.public_url.as_deref(), Some("https://suivi.example.org"));
        let e = ReminderSettings::parse(
            "r.toml",
            "offsets = [7]\npublic_url = \"suivi.example.org\"\n",
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("r.toml:2: adresse publique"),
            "{e}"
        );
        let e = ReminderSettings::parse("r.toml", "reply_to = \"pas une adresse\"\n").unwrap_err();
        assert!(e.to_string().starts_with("r.toml:1:"), "{e}");
    }

    #[test]
    fn the_shipped_retry_schedule_covers_a_working_day() {
        let s = ReminderSettings::parse("reminders.toml", BUILTIN_REMINDERS).unwrap();
        let b = s.backoff;
        assert_eq!(b.delay(1).as_secs(), 60);
        assert_eq!(b.delay(2).as_secs(), 120);
        assert_eq!(b.delay(7).as_secs(), 3600, "capped at retry_max_seconds");
        assert_eq!(b.delay(40).as_secs(), 3600);
        let hours = b.span().as_secs_f64() / 3600.0;
        assert!(
            hours >= 8.0,
            "a message is given up on after {hours:.1} h, less than a working day"
        );
    }
}
