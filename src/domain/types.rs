//! Value types of the domain, parsed once at the edge ("parse, don't validate").
//!
//! Each type has a private field and a `parse` constructor that says, in plain
//! words, what is allowed. Amounts are integers: francs CFA for costs and credits,
//! thousands of francs CFA for plan budgets.
//!
//! (Over 400 lines: each value type is short, and their tests live beside them.)

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a value could not be parsed: what kind of value, and the text given.
/// The front ends say what is allowed, from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {}: {value:?}", kind.code())]
pub struct InvalidValue {
    pub kind: ValueKind,
    pub value: String,
}

/// The kinds of values parsed at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Not a year at all.
    Year,
    /// A year outside 2000–2100.
    YearRange,
    ActivityCode,
    StructureCode,
    ProjectCode,
    MissionName,
    SessionId,
    Budget,
    Months,
    Amount,
    /// A percentage with at most two decimals, from 0 to 100.
    Rate,
    /// A quarter of the year, 1 to 4.
    Quarter,
}

impl ValueKind {
    pub fn code(self) -> &'static str {
        match self {
            ValueKind::Year => "year",
            ValueKind::YearRange => "year-range",
            ValueKind::ActivityCode => "activity-code",
            ValueKind::StructureCode => "structure-code",
            ValueKind::ProjectCode => "project-code",
            ValueKind::MissionName => "mission-name",
            ValueKind::SessionId => "session",
            ValueKind::Budget => "budget",
            ValueKind::Months => "months",
            ValueKind::Amount => "amount",
            ValueKind::Rate => "rate",
            ValueKind::Quarter => "quarter",
        }
    }
}

pub(crate) fn invalid(kind: ValueKind, value: impl Into<String>) -> InvalidValue {
    InvalidValue {
        kind,
        value: value.into(),
    }
}

/// An enumeration written as fixed codes (`en_cours`, `bsi`, `director`):
/// parsed once, here, by every front end.
pub trait Code: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
}

/// A code that is none of the allowed ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code {value:?}; allowed: {allowed:?}")]
pub struct UnknownCode {
    pub value: String,
    pub allowed: Vec<&'static str>,
}

/// Declares an enumeration written as codes, each variant with its code
/// once: the code is its serde name (stored in events and views, in JSON)
/// and what `Code` and `FromStr` read and write.
///
/// ```ignore
/// crate::codes! {
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum BudgetLine {
///         Bsi => "bsi",
///         Fonctionnement => "fonctionnement",
///     }
/// }
/// ```
#[macro_export]
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $t:ident {
            $($(#[$vmeta:meta])* $variant:ident => $code:tt),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        $vis enum $t {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $crate::domain::types::Code for $t {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }
        }

        impl std::str::FromStr for $t {
            type Err = $crate::domain::types::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::domain::types::parse_code(s)
            }
        }
    };
}

/// Parses one of the codes of `T`.
pub fn parse_code<T: Code>(s: &str) -> Result<T, UnknownCode> {
    let s = s.trim();
    T::ALL
        .iter()
        .copied()
        .find(|v| v.code() == s)
        .ok_or_else(|| UnknownCode {
            value: s.to_string(),
            allowed: T::ALL.iter().map(|v| v.code()).collect(),
        })
}

/// A calendar year of a plan (2000–2100).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Year(i32);

impl Year {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let y: i32 = s
            .trim()
            .parse()
            .map_err(|_| invalid(ValueKind::Year, s.trim()))?;
        Self::new(y)
    }
    pub fn new(y: i32) -> Result<Self, InvalidValue> {
        if (2000..=2100).contains(&y) {
            Ok(Self(y))
        } else {
            Err(invalid(ValueKind::YearRange, y.to_string()))
        }
    }
    pub fn value(self) -> i32 {
        self.0
    }
    /// 1 January.
    pub fn first_day(self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.0, 1, 1).expect("1 January exists")
    }
    /// 31 December.
    pub fn last_day(self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.0, 12, 31).expect("31 December exists")
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A quarter of a year (trimestre), 1 to 4: the progress report stands at
/// its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Quarter(u8);

impl Quarter {
    pub const FIRST: Quarter = Quarter(1);
    pub const LAST: Quarter = Quarter(4);
    /// The four quarters, in order.
    pub const ALL: [Quarter; 4] = [Quarter(1), Quarter(2), Quarter(3), Quarter(4)];

    pub fn new(n: u8) -> Result<Self, InvalidValue> {
        if (1..=4).contains(&n) {
            Ok(Self(n))
        } else {
            Err(invalid(ValueKind::Quarter, n.to_string()))
        }
    }
    /// `2`, as a person types it (spaces allowed).
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        s.trim()
            .parse::<u8>()
            .ok()
            .and_then(|n| Self::new(n).ok())
            .ok_or_else(|| invalid(ValueKind::Quarter, s.trim()))
    }
    pub fn value(self) -> u8 {
        self.0
    }
    /// The quarter `day` falls in.
    pub fn of(day: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        Self(day.month0() as u8 / 3 + 1)
    }
    /// Its first day in `year`.
    pub fn first_day(self, year: i32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(year, u32::from(self.0) * 3 - 2, 1)
            .expect("quarters begin on real days")
    }
    /// Its last day in `year`.
    pub fn last_day(self, year: i32) -> chrono::NaiveDate {
        let (m, d) = match self.0 {
            1 => (3, 31),
            2 => (6, 30),
            3 => (9, 30),
            _ => (12, 31),
        };
        chrono::NaiveDate::from_ymd_opt(year, m, d).expect("quarters end on real days")
    }
}

impl TryFrom<u8> for Quarter {
    type Error = InvalidValue;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl From<Quarter> for u8 {
    fn from(q: Quarter) -> u8 {
        q.0
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An activity code as written in a plan (`1.1.3`, `5.1.1`): digits separated by dots.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct ActivityCode(String);

impl ActivityCode {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let s = s.trim().trim_end_matches('.');
        let ok = !s.is_empty()
            && s.len() <= 20
            && s.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(invalid(ValueKind::ActivityCode, s))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ActivityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The code of a responsible structure (`MAECI`, `DRH/MMEIA`). Whether the code is
/// known is checked against the directory of structures, outside the domain.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct StructureCode(String);

/// A code as the documents write a structure's or a project's: letters,
/// digits and `/-_.`, upper case, at most 32 characters.
pub(crate) fn upper_code(s: &str, kind: ValueKind) -> Result<String, InvalidValue> {
    let s = s.trim().to_uppercase();
    let ok = !s.is_empty()
        && s.len() <= 32
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c));
    if ok {
        Ok(s)
    } else {
        Err(invalid(kind, s))
    }
}

impl StructureCode {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        upper_code(s, ValueKind::StructureCode).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StructureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The session at which recommendations are formulated (`2023`, `CC-2024-2`).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct SessionId(String);

impl SessionId {
    /// How the sessions of the projects' revues and missions begin: their
    /// recommendations are followed like the others, never in the yearly
    /// report's Tableaux 4 and 5.
    pub const PROJECTS: &'static str = "projets-";

    /// Whether it is a session of a revue des projets or of a mission.
    pub fn of_projects(&self) -> bool {
        self.0.starts_with(Self::PROJECTS)
    }

    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let s = s.trim();
        let ok = !s.is_empty()
            && s.len() <= 40
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(invalid(ValueKind::SessionId, s))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The year a session belongs to, as sessions are named: `2023`, or
    /// `kind-2023`, or `kind-2023-2` for a second session of the year.
    pub fn year(&self) -> Option<i32> {
        let as_year = |s: &str| {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1900..=2100).contains(y))
        };
        let parts: Vec<&str> = self.0.split('-').collect();
        match parts.as_slice() {
            [.., y, n] if n.len() <= 2 && as_year(y).is_some() => as_year(y),
            [.., y] => as_year(y),
            [] => None,
        }
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A planned budget: thousands of F CFA, or « PM » (pour mémoire: no amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Budget {
    /// Thousands of F CFA.
    Thousands(u64),
    /// Pour mémoire.
    Pm,
    /// Nothing written.
    Unspecified,
}

impl Budget {
    /// The largest budget of one activity, in thousands of F CFA (a thousand
    /// billion F CFA): far above any plan, and a sum of millions of them
    /// still fits.
    pub const MAX_THOUSANDS: u64 = 1_000_000_000_000;

    /// Parses `3 000`, `3000`, `PM` or an empty cell.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() || t == "-" {
            return Ok(Self::Unspecified);
        }
        if t.eq_ignore_ascii_case("pm") {
            return Ok(Self::Pm);
        }
        match t.parse::<u64>() {
            Ok(n) if n <= Self::MAX_THOUSANDS => Ok(Self::Thousands(n)),
            _ => Err(invalid(ValueKind::Budget, s.trim())),
        }
    }
    pub fn thousands(self) -> Option<u64> {
        match self {
            Self::Thousands(n) => Some(n),
            _ => None,
        }
    }
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Thousands(n) => f.write_str(&group_thousands(*n as i64)),
            Self::Pm => f.write_str("PM"),
            Self::Unspecified => Ok(()),
        }
    }
}

/// Writes an integer with a space between groups of three digits, as the report does.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The chronogramme's column headers, January to December, as plans print them.
pub const MONTH_LETTERS: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];

/// The months of a chronogram (1 = janvier … 12 = décembre), kept sorted and unique.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct Months(Vec<u8>);

impl Months {
    /// Parses month numbers and ranges separated by spaces, commas or semicolons:
    /// `1-3 6`, `4`, `6,12`, or nothing.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let mut months = Vec::new();
        let bad = |part: &str| invalid(ValueKind::Months, part);
        for part in s.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
            if part.is_empty() {
                continue;
            }
            let (a, b) = match part.split_once('-') {
                Some((a, b)) => (a, b),
                None => (part, part),
            };
            let a: u8 = a.parse().map_err(|_| bad(part))?;
            let b: u8 = b.parse().map_err(|_| bad(part))?;
            if !(1..=12).contains(&a) || !(1..=12).contains(&b) || a > b {
                return Err(bad(part));
            }
            months.extend(a..=b);
        }
        months.sort_unstable();
        months.dedup();
        Ok(Self(months))
    }
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
    pub fn contains(&self, month: u8) -> bool {
        self.0.contains(&month)
    }
}

/// An amount in francs CFA (XOF), never a float.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Fcfa(i64);

impl Fcfa {
    /// The largest amount (a million billion F CFA): above any state's
    /// budget, and thousands of them still add up without overflow.
    pub const MAX: i64 = 1_000_000_000_000_000;

    /// The sum, or `None` when it would not fit.
    pub fn checked_add(self, o: Fcfa) -> Option<Fcfa> {
        self.0.checked_add(o.0).map(Fcfa)
    }

    /// Parses `128799000` or `128 799 000`; amounts are never negative.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let t: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
            .collect();
        match t.parse::<i64>() {
            Ok(n) if (0..=Self::MAX).contains(&n) => Ok(Self(n)),
            _ => Err(invalid(ValueKind::Amount, s.trim())),
        }
    }
    pub fn new(n: i64) -> Result<Self, InvalidValue> {
        Self::parse(&n.to_string())
    }
    pub fn value(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Fcfa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&group_thousands(self.0))
    }
}

/// A rate in percent, rounded to two decimals as the report prints it (63.64).
pub fn percent(numerator: i64, denominator: i64) -> Option<f64> {
    if denominator == 0 {
        return None;
    }
    // Integer arithmetic in hundredths of a percent, rounded half up.
    let hundredths =
        (numerator as i128 * 10_000 * 2 + denominator as i128) / (denominator as i128 * 2);
    Some(hundredths as f64 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_names_its_year() {
        let year = |s: &str| SessionId::parse(s).unwrap().year();
        assert_eq!(year("2023"), Some(2023));
        assert_eq!(year("comite_coordination-2024"), Some(2024));
        assert_eq!(year("comite_coordination-2024-2"), Some(2024));
        assert_eq!(year("session-ordinaire"), None);
        assert_eq!(year("12345"), None);
        assert_eq!(year("CC-0042"), None);
    }

    #[test]
    fn months_accept_ranges_and_lists() {
        assert_eq!(Months::parse("1-3 6").unwrap().as_slice(), &[1, 2, 3, 6]);
        assert_eq!(Months::parse("6,12").unwrap().as_slice(), &[6, 12]);
        assert_eq!(Months::parse("").unwrap().as_slice(), &[] as &[u8]);
        assert!(Months::parse("13").is_err());
        assert!(Months::parse("3-1").is_err());
        assert!(Months::parse("janvier").is_err());
    }

    #[test]
    fn budget_reads_thousands_pm_and_empty() {
        assert_eq!(Budget::parse("3 000").unwrap(), Budget::Thousands(3000));
        assert_eq!(Budget::parse("pm").unwrap(), Budget::Pm);
        assert_eq!(Budget::parse(" ").unwrap(), Budget::Unspecified);
        assert!(Budget::parse("3,5").is_err());
    }

    #[test]
    fn codes_are_dotted_numbers() {
        assert_eq!(ActivityCode::parse("1.1.3.").unwrap().as_str(), "1.1.3");
        assert!(ActivityCode::parse("1..3").is_err());
        assert!(ActivityCode::parse("A.1").is_err());
        assert_eq!(
            StructureCode::parse("drh/maeci").unwrap().as_str(),
            "DRH/MAECI"
        );
        assert!(StructureCode::parse("MAECI et MMEIA").is_err());
    }

    #[test]
    fn percent_rounds_like_the_report() {
        assert_eq!(percent(14, 22), Some(63.64));
        assert_eq!(percent(11, 17), Some(64.71));
        assert_eq!(percent(98_515_631, 128_799_000), Some(76.49));
        assert_eq!(percent(1, 0), None);
    }

    #[test]
    fn amounts_are_grouped_by_three() {
        assert_eq!(
            Fcfa::parse("128 799 000").unwrap().to_string(),
            "128 799 000"
        );
        assert_eq!(group_thousands(71_500), "71 500");
        assert!(Fcfa::parse("-5").is_err());
        // Amounts are bounded, so that totals cannot overflow.
        assert!(Fcfa::parse("1 000 000 000 000 000").is_ok());
        assert!(Fcfa::parse("1 000 000 000 000 001").is_err());
        assert!(Fcfa::parse("99999999999999999999").is_err());
        assert!(Budget::parse("1000000000000").is_ok());
        assert!(Budget::parse("1000000000001").is_err());
        let max = Fcfa::new(Fcfa::MAX).unwrap();
        assert_eq!(max.checked_add(max).map(Fcfa::value), Some(2 * Fcfa::MAX));
    }
}
