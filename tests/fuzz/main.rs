//! Arbitrary input never makes suivi panic: the importers, the workflow,
//! calendar, holiday, structure and reminder parsers, and the event codec
//! either accept it or refuse it with a message. Each property runs a fixed
//! number of generated cases (`PROPTEST_CASES` raises it).

use proptest::prelude::*;
use suivi::config::calendar::{parse_calendar, parse_holidays};
use suivi::config::reminders::ReminderSettings;
use suivi::config::structures::Directory;
use suivi::config::workflows::{parse_recommendation, parse_revues};
use suivi::domain::types::{SessionId, Year};
use suivi::import::{plan, recommendations, Table};
use suivi::store::codec;
use suivi::store::StoredEvent;
use suivi::text::Lang;

const STRUCTURES: &str = include_str!("../../config/structures.toml");
const CALENDAR: &str = include_str!("../../config/calendar/2024.toml");
const HOLIDAYS: &str = include_str!("../../config/holidays/2024.toml");
const REMINDERS: &str = include_str!("../../config/reminders.toml");
const RECOMMENDATION: &str = include_str!("../../workflows/recommendation.toml");
const REVUES: &str = include_str!("../../workflows/revues.toml");
const PLAN: &str = include_str!("../../fixtures/plan-2023.csv");

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn directory() -> Directory {
    Directory::parse("structures.toml", STRUCTURES).unwrap()
}

/// A shipped file with a few characters replaced, inserted or removed: close
/// enough to the format to reach deep into the parser.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    let chars: Vec<char> = base.chars().collect();
    let n = chars.len().max(1);
    proptest::collection::vec((0..n, 0u8..3, any::<char>()), 1..8).prop_map(move |edits| {
        let mut c = chars.clone();
        for (at, op, ch) in edits {
            let at = at.min(c.len());
            match op {
                0 if at < c.len() => c[at] = ch,
                1 => c.insert(at, ch),
                _ if at < c.len() => {
                    c.remove(at);
                }
                _ => {}
            }
        }
        c.into_iter().collect()
    })
}

/// Text made of what CSV and TOML care about, and of what people type.
fn csvish() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9éèàç ;,\"'\\n\\r\\t=\\[\\]#.:/\\-\u{feff}]{0,400}")
        .unwrap()
}

/// Every message is rendered, in both languages, without panicking.
fn said(e: impl std::fmt::Display) {
    let _ = e.to_string();
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_imports_never_panic(text in prop_oneof![csvish(), mutated(PLAN), any::<String>()]) {
        match Table::parse_csv("f.csv", &text) {
            Err(t) => { for l in Lang::ALL { t.text().render(l); } }
            Ok(table) => {
                if let Err(e) = plan::parse(&table, Year::new(2024).unwrap()) { said(e.text().render(Lang::Fr)); }
                let session = SessionId::parse("2024").unwrap();
                if let Err(e) = recommendations::parse(&table, &session, &directory()) { said(e.text().render(Lang::En)); }
            }
        }
    }

    #[test]
    fn workflow_files_never_panic(a in prop_oneof![mutated(RECOMMENDATION), csvish()], b in prop_oneof![mutated(REVUES), csvish()]) {
        if let Err(e) = parse_recommendation("w.toml", &a) { said(e); }
        if let Err(e) = parse_revues("r.toml", &b) { said(e); }
    }

    #[test]
    fn calendar_and_holiday_files_never_panic(c in prop_oneof![mutated(CALENDAR), csvish()], h in prop_oneof![mutated(HOLIDAYS), csvish()]) {
        if let Err(e) = parse_calendar("2024.toml", &c, 2024, &directory()) { said(e); }
        if let Err(e) = parse_holidays("2024.toml", &h) { said(e); }
    }

    #[test]
    fn structure_and_reminder_files_never_panic(s in prop_oneof![mutated(STRUCTURES), csvish()], r in prop_oneof![mutated(REMINDERS), csvish()]) {
        if let Err(e) = Directory::parse("structures.toml", &s) { said(e); }
        if let Err(e) = ReminderSettings::parse("reminders.toml", &r) { said(e); }
    }

    #[test]
    fn the_event_codec_never_panics(
        event_type in prop_oneof![
            Just("ActivityPlanned".to_string()), Just("ActivityExecuted".to_string()),
            Just("RecommendationFormulated".to_string()), Just("RecommendationStatusChanged".to_string()),
            Just("RevueOpened".to_string()), Just("CreditRecorded".to_string()), any::<String>()
        ],
        version in prop_oneof![Just("1".to_string()), Just("2".to_string()), any::<String>()],
        payload in prop_oneof![
            any::<String>(),
            proptest::string::string_regex("\\{\"[A-Za-z]{0,30}\":(\\{[^{}]{0,60}\\}|\"[^\"]{0,20}\"|[0-9]{1,5}|null)\\}").unwrap()
        ],
    ) {
        let e = StoredEvent {
            position: 1,
            aggregate_type: "x".into(),
            aggregate_id: "2024:1".into(),
            sequence: 1,
            event_type,
            event_version: version,
            payload,
            metadata: "{}".into(),
            hash: None,
        };
        let _ = codec::decode::<suivi::domain::activity::Activity>(&e);
        let _ = codec::decode::<suivi::domain::recommendation::Recommendation>(&e);
        let _ = codec::decode::<suivi::domain::revue::Revue>(&e);
        let _ = codec::decode::<suivi::domain::finance::Credits>(&e);
        let _ = codec::decode::<suivi::domain::deadline::Deadline>(&e);
        let _ = codec::replay::<suivi::domain::recommendation::Recommendation>(std::slice::from_ref(&e));
    }
}
