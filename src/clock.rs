//! Time as an input: the clock the application reads "now" from, and the one
//! time zone of suivi, Africa/Bamako, in which days begin and end.
//!
//! The system clock runs in production; a fixed clock (`SUIVI_NOW`, or the
//! `@ DATE` lines of the demo script) records events at chosen dates for
//! demonstrations and tests.

use std::sync::RwLock;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// The time zone of the CPS: days, deadlines and histories are in it.
pub const TIMEZONE: Tz = chrono_tz::Africa::Bamako;

/// The environment variable that fixes the clock (`2024-03-01T10:00:00Z`).
pub const FIXED_NOW: &str = "SUIVI_NOW";

/// Where "now" comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that shows the time it is set to.
#[derive(Debug)]
pub struct FixedClock(RwLock<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> FixedClock {
        FixedClock(RwLock::new(at))
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut t) = self.0.write() {
            *t = at;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
            .read()
            .map(|t| *t)
            .unwrap_or_else(|e| *e.into_inner())
    }
}

/// Parses an instant as `SUIVI_NOW` and the demo script write it.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The day `at` falls on in Bamako.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&TIMEZONE).date_naive()
}

/// `at` in Bamako, for display.
pub fn local(at: DateTime<Utc>) -> DateTime<Tz> {
    at.with_timezone(&TIMEZONE)
}

/// The last second of `day` in Bamako.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    let last = day.and_hms_opt(23, 59, 59).expect("23:59:59 exists");
    TIMEZONE
        .from_local_datetime(&last)
        .single()
        .expect("Bamako has no daylight saving time")
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_end_in_bamako() {
        let day: NaiveDate = "2023-12-31".parse().unwrap();
        assert_eq!(end_of_day(day).to_rfc3339(), "2023-12-31T23:59:59+00:00");
        assert_eq!(day_of(end_of_day(day)), day);
    }

    #[test]
    fn a_fixed_clock_moves_only_when_set() {
        let at = parse_instant("2024-03-01T10:00:00Z").unwrap();
        let clock = FixedClock::new(at);
        assert_eq!(clock.now(), at);
        let later = parse_instant("2024-03-02T10:00:00Z").unwrap();
        clock.set(later);
        assert_eq!(clock.now(), later);
        assert!(parse_instant("demain").is_none());
    }
}
