//! E-mail: reminder digests composed from templates (French and English,
//! text and HTML), and the transports that deliver them — SMTP, or `.eml`
//! files when no SMTP server is configured. Messages only leave through the
//! outbox (`store::outbox`), never directly from a command.

use std::path::Path;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;

use crate::config::reminders::ReminderSettings;
use crate::config::structures::Structure;
use crate::config::ConfigError;
use crate::domain::reminder::Digest;
use crate::domain::types::StructureCode;
use crate::text::{label, long_date, when, Arg, Lang};

fn action(kind: &str, lang: Lang) -> String {
    lang.t(match kind {
        "recommendation" => "item-action-recommendation",
        "activity" => "item-action-activity",
        "project_figures" => "item-action-project-figures",
        "sector_plan" => "item-action-sector-plan",
        "sector_execution" => "item-action-sector-execution",
        _ => "item-action-deadline",
    })
}

/// Whether `address` is one a message can be delivered to: a well-formed
/// address (at most 254 characters) whose domain has a dot (`pf@dcm` is
/// well formed but reaches no ministry).
pub fn deliverable(address: &str) -> bool {
    address.len() <= 254
        && address
            .parse::<lettre::Address>()
            .is_ok_and(|a| a.domain().contains('.'))
}

/// The page where an item is followed up, reached through the login page
/// (which goes straight on when the reader is already logged in): a
/// recommendation's row with its status form, an activity's row in the plan,
/// or the structure's own page for calendar deadlines and revue steps.
fn link(base: &str, item: &crate::domain::reminder::Item, structure: &StructureCode) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let page = match (
        item.kind.as_str(),
        item.reference.rsplit_once('#'),
        item.reference.split_once(':'),
    ) {
        ("recommendation", Some((session, number)), _) => {
            format!("/recommendations?session={}#rec-{number}", enc(session))
        }
        ("activity", _, Some((year, code))) => {
            format!("/activities?year={year}#activity-{code}")
        }
        ("project_figures", _, _) => {
            match crate::domain::execution::parse_quarter_reference(&item.reference) {
                Some((code, year, _)) => format!("/projects/{}?year={year}", enc(code)),
                None => format!("/structures/{}", enc(structure.as_str())),
            }
        }
        _ => format!("/structures/{}", enc(structure.as_str())),
    };
    format!("{base}/login?next={}", enc(&page))
}

/// What an item is, with its window when it has one (« du 1er juin au 15 juin 2024 »).
fn item_text(item: &crate::domain::reminder::Item, lang: Lang) -> String {
    match item.from {
        Some(from) => crate::text!(
            "item-window",
            text = item.text.clone(),
            from = Arg::LongDate(from),
            to = Arg::LongDate(item.deadline)
        )
        .render(lang),
        None => item.text.clone(),
    }
}

#[derive(Serialize)]
struct StructureCtx<'a> {
    code: &'a str,
    name: &'a str,
    /// The name as a French sentence says it: « la Direction Générale du Budget ».
    name_in_sentence: String,
    /// The name in a sentence with its code, once: « la Direction Générale
    /// du Budget (DGB) », « la Direction de la Coopération Multilatérale
    /// (DCM, MAECI) ».
    named: String,
}

#[derive(Serialize)]
struct LineCtx {
    kind: String,
    reference: String,
    text: String,
    deadline: String,
    when: String,
    late: bool,
    action: String,
    /// Its page on the web interface, through the login page.
    link: Option<String>,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
                        message: crate::text!("file-unreadable", error = e.to_string()),
                    })?
                };
                env.add_template_owned(name, source)
                    .map_err(|e| ConfigError {
                        file: path.display().to_string(),
                        line: e.line(),
                        message: crate::text!(
                            "template-invalid",
                            detail = e.detail().unwrap_or_default()
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
        let code = lang.code();
        let lines: Vec<LineCtx> = digest
            .lines
            .iter()
            .map(|l| LineCtx {
                kind: label(lang, "item-kind", &l.item.kind),
                reference: crate::text::item_reference(&l.item.kind, &l.item.reference, lang),
                text: item_text(&l.item, lang),
                deadline: crate::text::deadline(
                    l.item.deadline,
                    crate::text::DeadlineMark::of(&l.item),
                    true,
                    lang,
                ),
                when: when(l.due.days, lang),
                late: l.due.days < 0,
                action: action(&l.item.kind, lang),
                link: settings
                    .public_url
                    .as_deref()
                    .map(|base| link(base, &l.item, &digest.structure)),
            })
            .collect();
        let mut ctx = DigestCtx {
            structure: StructureCtx {
                code: structure.code.as_str(),
                name: &structure.name,
                name_in_sentence: crate::text::with_article(&structure.name, lang),
                named: if structure.name.trim() == structure.code.as_str() {
                    crate::text::with_article(&structure.name, lang)
                } else {
                    crate::text::with_code(
                        &crate::text::with_article(&structure.name, lang),
                        structure.code.as_str(),
                    )
                },
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
/// Sender and Reply-To come from the reminder settings.
pub fn build_message(
    settings: &ReminderSettings,
    to: &[String],
    cc: &[String],
    subject: &str,
    text: &str,
    html: &str,
    message_id: &str,
) -> anyhow::Result<Message> {
    let mut b = Message::builder()
        .from(settings.from.parse::<Mailbox>()?)
        .subject(subject)
        .message_id(Some(message_id.to_string()));
    if let Some(r) = &settings.reply_to {
        b = b.reply_to(r.parse::<Mailbox>()?);
    }
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

/// Where messages went: an SMTP server, or `.eml` files in a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Via {
    Smtp,
    Files { folder: String },
}

impl Via {
    /// In words.
    pub fn text(&self) -> crate::text::Text {
        match self {
            Via::Smtp => crate::text::Text::new("transport-smtp"),
            Via::Files { folder } => crate::text!("transport-files", dir = folder.as_str()),
        }
    }
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
            None => Ok(Transport::Files(
                AsyncFileTransport::new(outbox_dir),
                outbox_dir.to_path_buf(),
            )),
        }
    }

    /// Where messages go.
    pub fn via(&self) -> Via {
        match self {
            Transport::Smtp(_) => Via::Smtp,
            Transport::Files(_, dir) => Via::Files {
                folder: dir.display().to_string(),
            },
        }
    }

    /// Sends one message; the error text is kept in the outbox.
    pub async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(t, dir) => {
                // The folder is made when the first message is written, not before.
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("while creating {}: {e}", dir.display()))?;
                t.send(message).await.map(|_| ()).map_err(|e| e.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn dates_are_written_out() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
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
