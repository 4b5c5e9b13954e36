//! E-mail: reminder digests composed from templates (French and English,
//! text and HTML), and the transports that deliver them — SMTP, or `.eml`
//! files when no SMTP server is configured. Messages only leave through the
//! outbox (`outbox`), never directly from a command.

pub mod outbox;

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;

use crate::config::calendar::ReminderSettings;
use crate::config::structures::Structure;
use crate::config::ConfigError;
use crate::domain::reminder::Digest;
use crate::i18n::Lang;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date written out: « 30 avril 2024 », « 1er mai 2024 », "30 April 2024".
pub fn long_date(d: NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let m = d.month0() as usize;
    match lang {
        Lang::Fr if d.day() == 1 => format!("1er {} {}", MONTHS_FR[m], d.year()),
        Lang::Fr => format!("{} {} {}", d.day(), MONTHS_FR[m], d.year()),
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
    }
}

fn plural(n: i64, lang: Lang) -> &'static str {
    match (n.abs() > 1, lang) {
        (true, Lang::Fr) => "jours",
        (false, Lang::Fr) => "jour",
        (true, Lang::En) => "days",
        (false, Lang::En) => "day",
    }
}

/// How far a deadline is, as a person says it.
pub fn when(days: i64, lang: Lang) -> String {
    match (days, lang) {
        (0, Lang::Fr) => "aujourd'hui".into(),
        (0, Lang::En) => "today".into(),
        (d, Lang::Fr) if d > 0 => format!("dans {d} {}", plural(d, lang)),
        (d, Lang::En) if d > 0 => format!("in {d} {}", plural(d, lang)),
        (d, Lang::Fr) => format!("en retard de {} {}", -d, plural(d, lang)),
        (d, Lang::En) => format!("{} {} late", -d, plural(d, lang)),
    }
}

fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("recommendation", Lang::Fr) => "Recommandation",
        ("recommendation", Lang::En) => "Recommendation",
        ("revue_step", Lang::Fr) => "Étape de revue",
        ("revue_step", Lang::En) => "Revue step",
        (_, Lang::Fr) => "Échéance du calendrier harmonisé",
        (_, Lang::En) => "Harmonized calendar deadline",
    }
}

fn action(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("recommendation", Lang::Fr) => {
            "informer la CPS/SCI de l'état d'exécution (exécutée ou en cours), avec la référence de la pièce justificative."
        }
        ("recommendation", Lang::En) => {
            "tell the CPS/SCI how far it is executed (executed or in progress), with the reference of the evidence."
        }
        (_, Lang::Fr) => "transmettre à la CPS/SCI le document ou les données attendus avant l'échéance.",
        (_, Lang::En) => "send the expected document or data to the CPS/SCI before the deadline.",
    }
}

#[derive(Serialize)]
struct StructureCtx<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct LineCtx {
    kind: &'static str,
    reference: String,
    text: String,
    deadline: String,
    when: String,
    late: bool,
    action: &'static str,
}

#[derive(Serialize)]
struct DigestCtx<'a> {
    structure: StructureCtx<'a>,
    day: String,
    count: usize,
    late_count: usize,
    escalated: bool,
    escalate_after: u32,
    lines: Vec<LineCtx>,
    subject: String,
}

/// A message ready to be queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Composed {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

const TEMPLATE_FILES: [&str; 3] = ["subject.txt", "body.txt", "body.html"];

macro_rules! builtin {
    ($lang:literal) => {
        [
            include_str!(concat!(
                "../../config/templates/reminder/",
                $lang,
                "/subject.txt"
            )),
            include_str!(concat!(
                "../../config/templates/reminder/",
                $lang,
                "/body.txt"
            )),
            include_str!(concat!(
                "../../config/templates/reminder/",
                $lang,
                "/body.html"
            )),
        ]
    };
}

/// The reminder templates of both languages.
pub struct Templates {
    env: minijinja::Environment<'static>,
}

impl Templates {
    /// Reads `dir/reminder/{fr,en}/…` (`config/templates/`), or the built-in
    /// templates when that directory is absent.
    pub fn load(dir: &Path, explicit: bool) -> Result<Templates, ConfigError> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        for (lang, builtin) in [("fr", builtin!("fr")), ("en", builtin!("en"))] {
            for (file, builtin) in TEMPLATE_FILES.iter().zip(builtin) {
                let name = format!("{lang}/{file}");
                let path = dir.join("reminder").join(lang).join(file);
                let source = if !explicit && !dir.join("reminder").exists() {
                    builtin.to_string()
                } else {
                    std::fs::read_to_string(&path).map_err(|e| ConfigError {
                        file: path.display().to_string(),
                        line: None,
                        message: format!("lecture impossible : {e}"),
                    })?
                };
                env.add_template_owned(name, source)
                    .map_err(|e| ConfigError {
                        file: path.display().to_string(),
                        line: e.line(),
                        message: format!(
                            "modèle invalide : {}",
                            e.detail().unwrap_or("erreur de syntaxe")
                        ),
                    })?;
            }
        }
        Ok(Templates { env })
    }

    /// Composes the digest of one structure: recipients, subject, text and HTML.
    pub fn compose(
        &self,
        digest: &Digest,
        structure: &Structure,
        settings: &ReminderSettings,
    ) -> anyhow::Result<Composed> {
        let lang = settings.lang;
        let code = match lang {
            Lang::Fr => "fr",
            Lang::En => "en",
        };
        let lines: Vec<LineCtx> = digest
            .lines
            .iter()
            .map(|l| LineCtx {
                kind: kind_label(&l.item.kind, lang),
                reference: l.item.reference.clone(),
                text: l.item.text.clone(),
                deadline: long_date(l.item.deadline, lang),
                when: when(l.due.days, lang),
                late: l.due.days < 0,
                action: action(&l.item.kind, lang),
            })
            .collect();
        let mut ctx = DigestCtx {
            structure: StructureCtx {
                code: structure.code.as_str(),
                name: &structure.name,
            },
            day: long_date(digest.day, lang),
            count: lines.len(),
            late_count: lines.iter().filter(|l| l.late).count(),
            escalated: digest.escalated(),
            escalate_after: settings.policy.escalate_after,
            lines,
            subject: String::new(),
        };
        let render = |name: &str, ctx: &DigestCtx| -> anyhow::Result<String> {
            Ok(self
                .env
                .get_template(&format!("{code}/{name}"))?
                .render(minijinja::value::Serde(ctx))?)
        };
        ctx.subject = render("subject.txt", &ctx)?.trim().to_string();
        let text = render("body.txt", &ctx)?;
        let html = render("body.html", &ctx)?;
        let mut cc = Vec::new();
        if digest.escalated() {
            cc.extend(structure.head.iter().cloned());
            cc.extend(settings.director.iter().cloned());
        }
        Ok(Composed {
            to: structure.focal_points.clone(),
            cc,
            subject: ctx.subject,
            text,
            html,
        })
    }
}

/// Builds the MIME message: UTF-8 subject and parts, text and HTML alternatives.
pub fn build_message(
    from: &str,
    to: &[String],
    cc: &[String],
    subject: &str,
    text: &str,
    html: &str,
    message_id: &str,
) -> anyhow::Result<Message> {
    let mut b = Message::builder()
        .from(from.parse::<Mailbox>()?)
        .subject(subject)
        .message_id(Some(message_id.to_string()));
    for t in to {
        b = b.to(t.parse::<Mailbox>()?);
    }
    for c in cc {
        b = b.cc(c.parse::<Mailbox>()?);
    }
    Ok(b.multipart(MultiPart::alternative_plain_html(
        text.to_string(),
        html.to_string(),
    ))?)
}

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, std::path::PathBuf),
}

impl Transport {
    /// SMTP when `smtp_url` is given (`smtp://host:port`, `smtps://user:pass@host`),
    /// else `.eml` files in `outbox_dir`.
    pub fn new(smtp_url: Option<&str>, outbox_dir: &Path) -> anyhow::Result<Transport> {
        match smtp_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => Ok(Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("SUIVI_SMTP_URL invalide : {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            )),
            None => {
                std::fs::create_dir_all(outbox_dir)
                    .map_err(|e| anyhow::anyhow!("while creating {}: {e}", outbox_dir.display()))?;
                Ok(Transport::Files(
                    AsyncFileTransport::new(outbox_dir),
                    outbox_dir.to_path_buf(),
                ))
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP".into(),
            Transport::Files(_, dir) => format!("fichiers .eml dans {}", dir.display()),
        }
    }

    /// Sends one message; the error text is kept in the outbox.
    pub async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(t, _) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(long_date(d("2024-04-30"), Lang::Fr), "30 avril 2024");
        assert_eq!(long_date(d("2024-05-01"), Lang::Fr), "1er mai 2024");
        assert_eq!(long_date(d("2024-08-15"), Lang::Fr), "15 août 2024");
        assert_eq!(long_date(d("2024-04-30"), Lang::En), "30 April 2024");
        assert_eq!(when(7, Lang::Fr), "dans 7 jours");
        assert_eq!(when(1, Lang::Fr), "dans 1 jour");
        assert_eq!(when(-14, Lang::Fr), "en retard de 14 jours");
        assert_eq!(when(0, Lang::En), "today");
    }
}
