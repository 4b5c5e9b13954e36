//! Forms that never dead-end. A refused form is its page again, with the
//! form filled as it was sent and the message beside the field it is about
//! (the templates' `forms.html` macros lay a field out with its label, its
//! value and its message); a recorded one goes back to its page, which says
//! what was recorded.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde::Serialize;

use super::given;
use crate::app::AppError;
use crate::text::Lang;
use minijinja::Value;

/// A form as it was sent, and why it was refused.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    /// The form's id on its page (`status-rec-2`, `execute-1.1.1`).
    pub form: String,
    /// Each field as it was sent.
    pub values: BTreeMap<String, String>,
    /// The field the refusal is about; none: the form as a whole.
    pub field: Option<String>,
    pub message: String,
}

/// A refused form and the status of the page that shows it again.
pub type Refusal = (StatusCode, Sent);

impl Sent {
    /// The form `form`, with no field yet.
    pub fn new(form: impl Into<String>) -> Sent {
        Sent {
            form: form.into(),
            values: BTreeMap::new(),
            field: None,
            message: String::new(),
        }
    }

    /// With the field `name` as it was sent.
    pub fn with(mut self, name: &str, value: &str) -> Sent {
        self.values.insert(name.to_string(), value.to_string());
        self
    }

    /// Refused by the application: its status, message and field.
    pub fn refused(mut self, e: AppError, lang: Lang) -> Refusal {
        let (status, message, field) = super::refusal(e, lang);
        self.message = message;
        self.field = field.map(str::to_string);
        (status, self)
    }

    /// `field` holds a value the form cannot read: `message` says why.
    pub fn invalid(mut self, field: &str, message: String) -> Refusal {
        self.message = message;
        self.field = Some(field.to_string());
        (StatusCode::UNPROCESSABLE_ENTITY, self)
    }
}

/// A page's status, and the refused form it shows again, if any.
pub fn split(sent: Option<Refusal>) -> (StatusCode, Option<Value>) {
    match sent {
        Some((status, sent)) => (status, Some(Value::from(minijinja::value::Serde(sent)))),
        None => (StatusCode::OK, None),
    }
}

/// The day a form sent: none when empty, else the day or the refusal.
pub fn sent_day(
    date: &str,
    sent: impl FnOnce() -> Sent,
    lang: crate::text::Lang,
) -> Result<Option<chrono::NaiveDate>, Refusal> {
    match given(date.to_string()).map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")) {
        None => Ok(None),
        Some(Ok(d)) => Ok(Some(d)),
        Some(Err(_)) => Err(sent().invalid("date", lang.t("page-date-invalid"))),
    }
}
