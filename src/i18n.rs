//! The two languages of suivi's output: French (default) and English.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Chooses the text of the current language.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
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
}
