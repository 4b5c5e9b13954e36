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
    sent_day_in("date", date, sent, lang)
}

/// As [`sent_day`], for the field `field`.
pub fn sent_day_in(
    field: &str,
    date: &str,
    sent: impl FnOnce() -> Sent,
    lang: crate::text::Lang,
) -> Result<Option<chrono::NaiveDate>, Refusal> {
    match given(date.to_string()).map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")) {
        None => Ok(None),
        Some(Ok(d)) => Ok(Some(d)),
        Some(Err(_)) => Err(sent().invalid(field, lang.t("page-date-invalid"))),
    }
}

/// A form and the files sent with it: `multipart/form-data` (a form with a
/// file field; an empty file field sends no file) or a plain urlencoded
/// form, so that a page works whichever its form sent.
pub struct WithFiles<T> {
    pub form: T,
    pub files: Vec<crate::app::Upload>,
}

impl<S, T> axum::extract::FromRequest<S> for WithFiles<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = axum::response::Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let axum::Form(form) = axum::Form::<T>::from_request(req, state)
                .await
                .map_err(IntoResponse::into_response)?;
            return Ok(WithFiles {
                form,
                files: Vec::new(),
            });
        }
        let mut parts = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut files = Vec::new();
        while let Some(field) = parts
            .next_field()
            .await
            .map_err(IntoResponse::into_response)?
        {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes = field.bytes().await.map_err(IntoResponse::into_response)?;
            match file_name {
                Some(file_name) if !bytes.is_empty() => files.push(crate::app::Upload {
                    name: file_name,
                    bytes: bytes.into(),
                }),
                Some(_) => {}
                None => fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
            }
        }
        let encoded = serde_urlencoded::to_string(&fields)
            .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()).into_response())?;
        let form = serde_urlencoded::from_str(&encoded)
            .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()).into_response())?;
        Ok(WithFiles { form, files })
    }
}
