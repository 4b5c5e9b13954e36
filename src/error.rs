//! Why a use case did not complete, as values: each front end turns them into
//! an exit code or an HTTP status and phrases the [`Text`] for its reader.

use crate::text::Text;

/// Why a use case did not complete. Nothing was changed, except for
/// `Internal` errors, which roll back their transaction.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; `field` names the input it is about (`comment`,
    /// `structures`…), which the command line shows as its option and the
    /// API as the field in error.
    #[error("{text}")]
    BadInput {
        text: Text,
        field: Option<&'static str>,
    },
    /// The request is well formed, but what it asks is refused by the state
    /// of what it concerns, the workflow or the configuration (a status
    /// change the workflow does not allow, a year not over yet, a structure
    /// absent from the directory). `field` as for `BadInput`.
    #[error("{text}")]
    Refused {
        text: Text,
        field: Option<&'static str>,
    },
    /// What was asked for does not exist, or the caller may not see it.
    #[error("{0}")]
    NotFound(Text),
    /// The caller's role does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// Someone else changed the same thing at the same time; retrying may work.
    #[error("{0}")]
    Conflict(Text),
    /// Too many failed attempts (of logging in): try again later.
    #[error("{0}")]
    TooManyAttempts(Text),
    /// The server is at its bound for this kind of work (password checks):
    /// try again in a moment.
    #[error("{0}")]
    Busy(Text),
    /// The stored history or a snapshot does not verify.
    #[error("{0}")]
    Integrity(Text),
    /// Anything else: database unreachable, disk full, a bug. Logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// Wrong input, not tied to one field.
    pub fn bad(text: Text) -> AppError {
        AppError::BadInput { text, field: None }
    }

    /// The error as a log line: the whole cause chain of an internal error,
    /// the English message of the others.
    pub fn detail(&self) -> String {
        let lang = crate::text::Lang::En;
        match self {
            AppError::Internal(e) => format!("{e:#}"),
            AppError::BadInput { text, .. }
            | AppError::Refused { text, .. }
            | AppError::NotFound(text)
            | AppError::Conflict(text)
            | AppError::TooManyAttempts(text)
            | AppError::Busy(text)
            | AppError::Integrity(text) => text.render(lang),
            AppError::Forbidden => "forbidden".into(),
        }
    }

    /// Refused by the state of things, about `field`.
    pub fn refused(field: Option<&'static str>, text: Text) -> AppError {
        AppError::Refused { text, field }
    }

    /// The error as `/healthz` shows it to anyone: the outermost context of
    /// an internal error (« while claiming a message »), never its causes
    /// (SQL, paths, a server's reply), which only the log has.
    pub fn summary(&self) -> String {
        match self {
            AppError::Internal(e) => e.to_string(),
            other => other.detail(),
        }
    }

    /// Wrong input in `field`.
    pub fn bad_field(field: &'static str, text: Text) -> AppError {
        AppError::BadInput {
            text,
            field: Some(field),
        }
    }
}

impl From<crate::config::ConfigError> for AppError {
    fn from(e: crate::config::ConfigError) -> AppError {
        AppError::bad(e.text())
    }
}

impl From<crate::report::TotalOverflow> for AppError {
    fn from(_: crate::report::TotalOverflow) -> AppError {
        AppError::bad(Text::new("total-overflow"))
    }
}

impl From<crate::import::ImportErrors> for AppError {
    fn from(e: crate::import::ImportErrors) -> AppError {
        AppError::bad(e.text())
    }
}
