//! The MEF harmonized calendar (`config/calendar/<year>.toml`), public
//! holidays (`config/holidays/<year>.toml`) and the reminder settings
//! (`config/reminders.toml`): data that changes every year, never code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{NaiveDate, Weekday};
use serde::Deserialize;
use toml::Spanned;

use super::structures::Directory;
use super::{line_of, toml_error, ConfigError};
use crate::domain::reminder::WorkingDays;
use crate::domain::types::StructureCode;
use crate::text;
use crate::text::Text;

/// One deadline of the harmonized calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDeadline {
    pub year: i32,
    pub id: String,
    pub label: String,
    /// The start of the window, for a deadline given as a period.
    pub from: Option<NaiveDate>,
    /// The deadline (the end of the window).
    pub date: NaiveDate,
    /// The revue step it concerns, if any: done when that step is completed.
    pub revue_step: Option<(String, String)>,
    /// Which session of the revue's year (1 unless the kind meets several times).
    pub revue_number: u8,
    pub structures: Vec<StructureCode>,
    /// The document (and page or table) the date comes from.
    pub source: Option<String>,
    /// The date was worked out, not read in a document.
    pub estimated: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    year: Spanned<i32>,
    #[serde(default)]
    deadline: Vec<DeadlineEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineEntry {
    id: Spanned<String>,
    label: String,
    date: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    revue: Option<Spanned<String>>,
    /// The revue's session of the year, when its kind meets several times.
    session: Option<Spanned<u8>>,
    step: Option<Spanned<String>>,
    #[serde(default)]
    structures: Vec<Spanned<String>>,
    source: Option<String>,
    #[serde(default)]
    estimated: bool,
}

fn at(file: &str, text: &str, span: std::ops::Range<usize>, message: Text) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        line: Some(line_of(text, span.start)),
        message,
    }
}

fn date(file: &str, text: &str, s: &Spanned<String>) -> Result<NaiveDate, ConfigError> {
    NaiveDate::parse_from_str(s.get_ref(), "%Y-%m-%d").map_err(|_| {
        at(
            file,
            text,
            s.span(),
            text!("date-invalid", value = s.get_ref().as_str()),
        )
    })
}

/// The calendar directory and what it holds.
#[derive(Debug, Clone)]
pub struct Calendars {
    dir: PathBuf,
}

impl Calendars {
    pub fn new(config_dir: &Path) -> Self {
        Self {
            dir: config_dir.to_path_buf(),
        }
    }

    fn calendar_path(&self, year: i32) -> PathBuf {
        self.dir.join("calendar").join(format!("{year}.toml"))
    }

    /// The deadlines of `year`; `None` when no calendar file exists for it.
    pub fn deadlines(
        &self,
        year: i32,
        directory: &Directory,
    ) -> Result<Option<Vec<CalendarDeadline>>, ConfigError> {
        let path = self.calendar_path(year);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(None);
        };
        parse_calendar(&path.display().to_string(), &text, year, directory).map(Some)
    }

    /// Working days over the given years: weekends and the holidays of each
    /// year's file (weekends only for a year without a file).
    pub fn working_days(
        &self,
        years: impl IntoIterator<Item = i32>,
    ) -> Result<WorkingDays, ConfigError> {
        let mut days = WorkingDays::default();
        for year in years {
            let path = self.dir.join("holidays").join(format!("{year}.toml"));
            if let Ok(text) = std::fs::read_to_string(&path) {
                let parsed = parse_holidays(&path.display().to_string(), &text)?;
                days.weekend = parsed.weekend;
                days.holidays.extend(parsed.holidays);
            }
        }
        Ok(days)
    }
}

pub fn parse_calendar(
    file: &str,
    text: &str,
    year: i32,
    directory: &Directory,
) -> Result<Vec<CalendarDeadline>, ConfigError> {
    let parsed: CalendarFile = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    if *parsed.year.get_ref() != year {
        return Err(at(
            file,
            text,
            parsed.year.span(),
            text!(
                "calendar-wrong-year",
                found = *parsed.year.get_ref(),
                year = year
            ),
        ));
    }
    let mut out: Vec<CalendarDeadline> = Vec::new();
    for d in parsed.deadline {
        let id = d.id.get_ref().clone();
        if out.iter().any(|x| x.id == id) {
            return Err(at(
                file,
                text,
                d.id.span(),
                text!("calendar-deadline-twice", id = id.as_str()),
            ));
        }
        let (from, date) = match (&d.date, &d.from, &d.to) {
            (Some(x), None, None) => (None, date(file, text, x)?),
            (None, Some(a), Some(b)) => {
                let (a, b2) = (date(file, text, a)?, date(file, text, b)?);
                if a > b2 {
                    return Err(at(file, text, b.span(), text!("calendar-window-backwards")));
                }
                (Some(a), b2)
            }
            _ => {
                return Err(at(
                    file,
                    text,
                    d.id.span(),
                    text!("calendar-date-or-window", id = id.as_str()),
                ))
            }
        };
        let revue_step = match (&d.revue, &d.step) {
            (Some(r), Some(s)) => Some((r.get_ref().clone(), s.get_ref().clone())),
            (None, None) => None,
            _ => {
                return Err(at(
                    file,
                    text,
                    d.id.span(),
                    text!("calendar-revue-and-step", id = id.as_str()),
                ))
            }
        };
        let mut structures = Vec::new();
        for s in &d.structures {
            let list = directory
                .resolve_list(s.get_ref())
                .map_err(|e| at(file, text, s.span(), e.text()))?;
            structures.extend(list);
        }
        if structures.is_empty() {
            return Err(at(
                file,
                text,
                d.id.span(),
                text!("calendar-no-structure", id = id.as_str()),
            ));
        }
        let revue_number = match (&d.session, &revue_step) {
            (None, _) => 1,
            (Some(n), Some(_)) if *n.get_ref() >= 1 => *n.get_ref(),
            (Some(n), _) => {
                return Err(at(
                    file,
                    text,
                    n.span(),
                    text!("calendar-session-needs-revue", id = id.as_str()),
                ))
            }
        };
        let source = d
            .source
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if source.is_some() == d.estimated {
            return Err(at(
                file,
                text,
                d.id.span(),
                text!("calendar-source-or-estimated", id = id.as_str()),
            ));
        }
        out.push(CalendarDeadline {
            year,
            id,
            label: d.label,
            from,
            date,
            revue_step,
            revue_number,
            structures,
            source,
            estimated: d.estimated,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidaysFile {
    #[serde(default)]
    weekend: Vec<Spanned<String>>,
    #[serde(default)]
    holiday: Vec<HolidayEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    date: Spanned<String>,
    #[allow(dead_code)]
    name: String,
}

pub fn parse_holidays(file: &str, text: &str) -> Result<WorkingDays, ConfigError> {
    let parsed: HolidaysFile = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut weekend = Vec::new();
    for w in &parsed.weekend {
        weekend.push(Weekday::from_str(w.get_ref()).map_err(|_| {
            at(
                file,
                text,
                w.span(),
                text!(
                    "unknown-code",
                    value = w.get_ref().as_str(),
                    allowed = "mon, tue, wed, thu, fri, sat, sun"
                ),
            )
        })?);
    }
    let mut holidays = BTreeSet::new();
    for h in &parsed.holiday {
        holidays.insert(date(file, text, &h.date)?);
    }
    Ok(WorkingDays { weekend, holidays })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::reminders::ReminderSettings;

    fn directory() -> Directory {
        Directory::parse("s", "[[structure]]\ncode=\"CPS/SCI\"\nname=\"a\"\n").unwrap()
    }

    #[test]
    fn the_shipped_files_load() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        let d = Directory::load(&dir, true).unwrap();
        let c = Calendars::new(&dir);
        let deadlines = c.deadlines(2024, &d).unwrap().unwrap();
        let sector = deadlines
            .iter()
            .find(|x| x.id == "rapport_revue_sectorielle")
            .unwrap();
        assert_eq!(sector.date, NaiveDate::from_ymd_opt(2024, 4, 30).unwrap());
        assert!(c.deadlines(2025, &d).unwrap().is_some());
        let w = c.working_days([2024]).unwrap();
        assert!(!w.is_working_day(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()));
        // 2023, as the CPS/SCI's report gives it: every date sourced but the
        // sector report's 30 April, which the report does not state.
        let y2023 = c.deadlines(2023, &d).unwrap().unwrap();
        let estimated: Vec<&str> = y2023
            .iter()
            .filter(|x| x.estimated)
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(estimated, ["rapport_revue_sectorielle"]);
        assert!(y2023
            .iter()
            .all(|x| x.estimated || x.source.as_deref().is_some_and(|s| s.contains("2023"))));
        let dppd: Vec<(NaiveDate, Vec<&str>)> = y2023
            .iter()
            .filter(|x| x.id.starts_with("dppd_pap_rap_"))
            .map(|x| (x.date, x.structures.iter().map(|s| s.as_str()).collect()))
            .collect();
        assert_eq!(
            dppd,
            [
                (
                    NaiveDate::from_ymd_opt(2023, 4, 13).unwrap(),
                    vec!["CPS/SCI", "MMEIA", "DFM/MMEIA"]
                ),
                (
                    NaiveDate::from_ymd_opt(2023, 5, 5).unwrap(),
                    vec!["CPS/SCI", "MAECI", "DFM/MAECI"]
                ),
            ]
        );
        // Later years repeat those dates until the MEF publishes its own: estimated.
        assert!(deadlines.iter().all(|x| x.estimated));
        assert!(!c
            .working_days([2023])
            .unwrap()
            .is_working_day(NaiveDate::from_ymd_opt(2023, 9, 22).unwrap()));
        let r = ReminderSettings::load(&dir, true).unwrap();
        assert_eq!(r.policy.offsets, vec![30, 14, 7, 1, 0]);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse_calendar("c.toml", "year = 2024\n[[deadline]]\nid = \"x\"\nlabel = \"X\"\ndate = \"2024-02-30\"\nstructures = [\"CPS/SCI\"]\nestimated = true\n", 2024, &directory()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("c.toml:5: date « 2024-02-30 » invalide"),
            "{e}"
        );
        let e = parse_calendar("c.toml", "year = 2024\n[[deadline]]\nid = \"x\"\nlabel = \"X\"\ndate = \"2024-02-01\"\nstructures = [\"MINSANTE\"]\nestimated = true\n", 2024, &directory()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("c.toml:6: structure « MINSANTE » inconnue"),
            "{e}"
        );
        let neither = "year = 2024\n[[deadline]]\nid = \"x\"\nlabel = \"X\"\ndate = \"2024-02-01\"\nstructures = [\"CPS/SCI\"]\n";
        let e = parse_calendar("c.toml", neither, 2024, &directory()).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "c.toml:3: échéance « x » : indiquez soit source = \"…\" (le document et la page d'où vient la date), soit estimated = true"
            ),
            "{e}"
        );
        let e = ReminderSettings::parse("r.toml", "offsets = [7]\nschedule = \"tous les jours\"\n")
            .unwrap_err();
        assert!(
            e.to_string().starts_with("r.toml:2: expression cron"),
            "{e}"
        );
        let e = parse_holidays("h.toml", "weekend = [\"sam\"]\n").unwrap_err();
        assert!(
            e.to_string().starts_with("h.toml:1: « sam » inconnu"),
            "{e}"
        );
    }
}
