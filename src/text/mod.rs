//! Everything a person reads, in French (the default) and English, from one
//! catalogue: `fr.ftl` and `en.ftl`, in Project Fluent's syntax.
//!
//! Business code never holds a sentence: it returns values (a domain error, a
//! report) or a [`Text`], a message id with its arguments; the command line,
//! the API and the pages phrase it in the reader's language with
//! [`Text::render`]. Raw identifiers (`non_executee`, a revue kind) become
//! words through [`label`].
//!
//! (Over 400 lines: the catalogue's loader and the phrasing of values every
//! front end shares.)

mod article;
mod words;

pub use article::{with_article, with_code};

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The two languages of suivi.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// `fr` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// A percentage as people write it: `63,64 %` in French, `63.64%` in English.
    pub fn percent(self, rate: Option<f64>) -> String {
        match (rate, self) {
            (None, _) => "—".to_string(),
            (Some(r), Lang::Fr) => format!("{r:.2} %").replace('.', ","),
            (Some(r), Lang::En) => format!("{r:.2}%"),
        }
    }

    /// An integer grouped by thousands: `128 799 000` or `128,799,000`.
    pub fn amount(self, n: i64) -> String {
        let grouped = crate::domain::types::group_thousands(n);
        match self {
            Lang::Fr => grouped,
            Lang::En => grouped.replace(' ', ","),
        }
    }

    /// The message `id` without arguments.
    pub fn t(self, id: &str) -> String {
        render(self, id, None)
    }
}

impl FromStr for Lang {
    type Err = Text;
    fn from_str(s: &str) -> Result<Lang, Text> {
        match s.trim() {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            other => Err(Text::new("invalid-lang").arg("value", other)),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An argument of a message: text, or a number (which plural rules can use).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(i64),
    /// An amount, grouped by thousands the reader's way.
    Amount(i64),
    /// A rate in percent, the reader's way (`63,64 %`), or a dash when none.
    Percent(Option<f64>),
    /// A day, as the reader writes it (`30/04/2024`, `2024-04-30`).
    Date(chrono::NaiveDate),
    /// A day written out (`30 avril 2024`, `1er mai 2024`, `30 April 2024`).
    LongDate(chrono::NaiveDate),
    /// A count written out, then in figures (« onze (11) »).
    Words(u64),
    /// Another message, phrased in the same language.
    Text(Box<Text>),
    /// Messages phrased in the same language, one per line.
    Lines(Vec<Text>),
    /// Messages phrased in the same language, separated by semicolons.
    Parts(Vec<Text>),
}

macro_rules! numeric_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Num(n as i64)
            }
        }
    )*};
}
numeric_args!(u8, i32, i64, u32, u64, usize);

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Str(s.clone())
    }
}
impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}

/// A message of the catalogue and its arguments, phrased when shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub id: Cow<'static, str>,
    pub args: Vec<(&'static str, Arg)>,
}

impl Text {
    pub fn new(id: impl Into<Cow<'static, str>>) -> Text {
        Text {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// Adds an argument (`$name` in the catalogue).
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            match value {
                Arg::Str(s) => args.set(*name, FluentValue::from(s.as_str())),
                Arg::Num(n) => args.set(*name, FluentValue::from(*n)),
                Arg::Amount(n) => args.set(*name, FluentValue::from(lang.amount(*n))),
                Arg::Words(n) => {
                    args.set(*name, FluentValue::from(words::count_in_words(*n, lang)))
                }
                Arg::Percent(r) => args.set(*name, FluentValue::from(lang.percent(*r))),
                Arg::Date(d) => args.set(*name, FluentValue::from(short_date(*d, lang))),
                Arg::LongDate(d) => args.set(*name, FluentValue::from(long_date(*d, lang))),
                Arg::Text(t) => args.set(*name, FluentValue::from(t.render(lang))),
                Arg::Parts(parts) => args.set(
                    *name,
                    FluentValue::from(
                        parts
                            .iter()
                            .map(|t| t.render(lang))
                            .collect::<Vec<_>>()
                            .join(match lang {
                                Lang::Fr => " ; ",
                                Lang::En => "; ",
                            }),
                    ),
                ),
                Arg::Lines(lines) => args.set(
                    *name,
                    FluentValue::from(
                        lines
                            .iter()
                            .map(|t| t.render(lang))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                ),
            }
        }
        render(lang, &self.id, Some(&args))
    }
}

impl fmt::Display for Text {
    /// French, for logs and developers; people get [`Text::render`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Fr))
    }
}

/// `text!("id", name = value, …)`: a [`Text`] with its arguments.
#[macro_export]
macro_rules! text {
    ($id:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::text::Text::new($id)$(.arg(stringify!($name), $value))*
    };
}

/// A day as the reader writes it: `30/04/2024` in French, `2024-04-30` in English.
pub fn short_date(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A moment as the reader writes it, in Bamako: « 26/01/2024 à 10:00 »,
/// "2024-01-26 at 10:00". Accepts an RFC 3339 time (as histories keep it);
/// anything else is given back as it is.
pub fn moment(at: &str, lang: Lang) -> String {
    match chrono::DateTime::parse_from_rfc3339(at.trim()) {
        Ok(t) => {
            let local = t.with_timezone(&crate::clock::TIMEZONE);
            text!(
                "moment",
                day = Arg::Date(local.date_naive()),
                time = local.format("%H:%M").to_string()
            )
            .render(lang)
        }
        Err(_) => at.to_string(),
    }
}

/// A day written out: « 30 avril 2024 », « 1er mai 2024 », "30 April 2024".
pub fn long_date(d: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    text!(
        "long-date",
        day = d.day(),
        month = Text::new(format!("month-{}", d.month())),
        year = d.year()
    )
    .render(lang)
}

/// Where a deadline comes from, when it is not a date read in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineMark {
    /// Given with the item, or read in a document.
    Given,
    /// The workflow's default for an item written without one.
    Default,
    /// Worked out, not read in a document.
    Estimated,
}

impl DeadlineMark {
    /// The mark of a reminder item's deadline.
    pub fn of(item: &crate::domain::reminder::Item) -> Self {
        Self::from_flags(item.default_deadline, item.estimated_deadline)
    }
    pub fn from_flags(default: bool, estimated: bool) -> Self {
        match (default, estimated) {
            (true, _) => Self::Default,
            (false, true) => Self::Estimated,
            (false, false) => Self::Given,
        }
    }
}

/// A deadline as written in a table or a message, marked when it is the
/// workflow's default or an estimate rather than a date read somewhere.
pub fn deadline(d: chrono::NaiveDate, mark: DeadlineMark, long: bool, lang: Lang) -> String {
    let date = if long {
        long_date(d, lang)
    } else {
        short_date(d, lang)
    };
    match mark {
        DeadlineMark::Given => date,
        DeadlineMark::Default => text!("deadline-default", date = date).render(lang),
        DeadlineMark::Estimated => text!("deadline-estimated", date = date).render(lang),
    }
}

/// An activity's or a recommendation's id in words: `2024:1.2.2` is
/// « 1.2.2 du plan d'action 2024 », `2023#1` « n° 1 de la session 2023 »;
/// anything else (a file's line, a year) is none.
pub fn reference(id: &str) -> Option<Text> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    // A structure's quarter of the projects' figures: `projects/MMEIA/2024/T2`.
    // (A structure's code may hold `/`: read from the right.)
    if let Some(rest) = id.strip_prefix("projects/") {
        if let Some((before, quarter)) = rest.rsplit_once("/T") {
            if let Some((structure, year)) = before.rsplit_once('/') {
                if digits(year) && digits(quarter) {
                    return Some(text!(
                        "item-quarter-reference",
                        structure = structure,
                        quarter = quarter,
                        year = year
                    ));
                }
            }
        }
    }
    // A structure's execution of the sector's plan: `sector_execution/DCM/2024/T2`.
    if let Some((before, quarter)) = id
        .strip_prefix("sector_execution/")
        .and_then(|rest| rest.rsplit_once("/T"))
    {
        if let Some((structure, year)) = before.rsplit_once('/') {
            if digits(year) && digits(quarter) {
                return Some(text!(
                    "item-sector-execution-reference",
                    structure = structure,
                    quarter = quarter,
                    year = year
                ));
            }
        }
    }
    // A structure's proposal for the sector's plan: `sector_plan/DCM/2024`.
    if let Some((structure, year)) = id
        .strip_prefix("sector_plan/")
        .and_then(|rest| rest.rsplit_once('/'))
        .filter(|(_, y)| digits(y))
    {
        return Some(text!(
            "item-sector-proposal-reference",
            structure = structure,
            year = year
        ));
    }
    if let Some((year, code)) = id
        .split_once(':')
        .filter(|(y, _)| y.len() == 4 && digits(y))
    {
        return Some(text!("item-activity-reference", code = code, year = year));
    }
    id.rsplit_once('#')
        .filter(|(_, n)| digits(n))
        .map(|(session, number)| {
            text!(
                "item-recommendation-reference",
                session = session,
                number = number
            )
        })
}

/// An item's reference as a reader writes it: an activity or a
/// recommendation in words ([`reference`]); a calendar deadline or a revue
/// step by its year, never by its key (`2026/rapport_revue_sectorielle`).
pub fn item_reference(kind: &str, reference: &str, lang: Lang) -> String {
    match kind {
        "activity" | "recommendation" | "sector_plan" | "sector_execution" => {
            self::reference(reference)
                .map(|t| t.render(lang))
                .unwrap_or_else(|| reference.to_string())
        }
        "deadline" => reference.split('/').next().unwrap_or_default().to_string(),
        // `MMEIA-01/2024/T2`: « MMEIA-01, 2e trimestre 2024 ».
        "project_figures" => match crate::domain::execution::parse_quarter_reference(reference) {
            Some((code, year, quarter)) => text!(
                "item-project-figures-reference",
                code = code,
                quarter = quarter,
                year = year
            )
            .render(lang),
            None => reference.to_string(),
        },
        "revue_step" => reference.split('/').nth(1).unwrap_or_default().to_string(),
        _ => reference.to_string(),
    }
}

/// What an open item is, in words: « Recommandation 2024#1 – … », « Échéance
/// du calendrier harmonisé – Transmission du rapport… ».
pub fn item_title(item: &crate::domain::reminder::Item, lang: Lang) -> String {
    let kind = label(lang, "item-kind", &item.kind);
    match item.kind.as_str() {
        "recommendation" | "activity" | "project_figures" => format!(
            "{kind} {} – {}",
            item_reference(&item.kind, &item.reference, lang),
            item.text
        ),
        _ => format!("{kind} – {}", item.text),
    }
}

/// How far a deadline is, as a person says it: « dans 7 jours », "today",
/// « en retard de 14 jours ».
pub fn when(days: i64, lang: Lang) -> String {
    match days {
        0 => lang.t("when-today"),
        d if d > 0 => text!("when-in", days = d).render(lang),
        d => text!("when-late", days = -d).render(lang),
    }
}

/// What is wrong with a value, and what is allowed.
pub fn invalid_value(e: &crate::domain::types::InvalidValue) -> Text {
    Text::new(format!("invalid-{}", e.kind.code())).arg("value", e.value.clone())
}

/// A code that is none of the allowed ones, and the allowed ones.
pub fn unknown_code(e: &crate::domain::types::UnknownCode) -> Text {
    text!(
        "unknown-code",
        value = e.value.clone(),
        allowed = e.allowed.join(", ")
    )
}

/// The title of a document of suivi: « Rapport de suivi du plan d'action
/// 2022 du secteur ».
pub fn produced(d: &crate::domain::activity::ProducedDocument) -> Text {
    use crate::domain::activity::DocumentKind;
    text!(
        match d.kind {
            DocumentKind::SectorFollowUp => "produced-sector_follow_up",
            DocumentKind::SectorPlan => "produced-sector_plan",
        },
        year = d.year.value()
    )
}

/// The word for a raw identifier of kind `kind` (`status`, `revue`,
/// `budget-line`…): the catalogue's `kind-code`, or the code itself when the
/// catalogue has no word for it (a revue kind added in a workflow file).
pub fn label(lang: Lang, kind: &str, code: &str) -> String {
    let id = format!("{kind}-{}", code.replace(['/', '.', ' '], "_"));
    match bundle(lang).get_message(&id) {
        Some(_) => render(lang, &id, None),
        None => code.to_string(),
    }
}

const FR: &str = include_str!("fr.ftl");
const EN: &str = include_str!("en.ftl");

type Bundle = FluentBundle<FluentResource>;

fn build(lang: Lang, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("catalogue {lang}: {errors:?}"));
    let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("valid language id");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("catalogue {lang}: {errors:?}"));
    bundle
}

fn bundle(lang: Lang) -> &'static Bundle {
    static FR_BUNDLE: OnceLock<Bundle> = OnceLock::new();
    static EN_BUNDLE: OnceLock<Bundle> = OnceLock::new();
    match lang {
        Lang::Fr => FR_BUNDLE.get_or_init(|| build(Lang::Fr, FR)),
        Lang::En => EN_BUNDLE.get_or_init(|| build(Lang::En, EN)),
    }
}

fn render(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        // A missing message is a bug that the catalogue test catches; the id
        // still tells a person something.
        return id.to_string();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}

/// Why the chain is broken, in words.
pub fn chain_break(reason: &crate::domain::audit::Break) -> Text {
    use crate::domain::audit::Break;
    match reason {
        Break::Missing { expected, found } => {
            text!("chain-missing", expected = *expected, found = *found)
        }
        Break::Unhashed => Text::new("chain-unhashed"),
        Break::Changed => Text::new("chain-changed"),
        Break::AnchorChanged { anchor } => text!("chain-anchor-changed", anchor = anchor.as_str()),
        Break::HeadMismatch { head, last } => {
            text!("chain-head-mismatch", head = *head, last = *last)
        }
        Break::AnchorMissing { anchor } => text!("chain-anchor-missing", anchor = anchor.as_str()),
        Break::DocumentChanged { name, sha256 } => text!(
            "chain-document-changed",
            name = name.as_str(),
            sha256 = sha256.as_str()
        ),
        Break::DocumentMissing { name, sha256 } => text!(
            "chain-document-missing",
            name = name.as_str(),
            sha256 = sha256.as_str()
        ),
        Break::DocumentKept { name, sha256 } => text!(
            "chain-document-kept",
            name = name.as_str(),
            sha256 = sha256.as_str()
        ),
        Break::DocumentUnnamed { sha256 } => {
            text!("chain-document-unnamed", sha256 = sha256.as_str())
        }
    }
}

/// Why a snapshot does not match, in words.
pub fn snapshot_break(reason: &crate::domain::audit::SnapshotBreak) -> Text {
    use crate::domain::audit::SnapshotBreak;
    match reason {
        SnapshotBreak::ContentChanged => Text::new("snapshot-content-changed"),
        SnapshotBreak::HeadMoved { stored, recomputed } => text!(
            "snapshot-head-moved",
            stored = stored.as_str(),
            recomputed = recomputed.as_str()
        ),
        SnapshotBreak::TablesDiffer => Text::new("snapshot-tables-differ"),
    }
}

#[cfg(test)]
mod tests;
