//! `suivi log export|import` and `suivi backup`.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::super::args::LogCommand;
use crate::app::{Actor, App, AppError};
use crate::text;
use crate::text::Lang;

fn bar(len: u64, lang: Lang) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {} ({{per_sec}}, {{eta}})",
            lang.t("cli-events")
        ))
        .expect("valid template"),
    );
    bar
}

pub async fn log(app: &App, cmd: LogCommand, who: &Actor, lang: Lang) -> Result<String, AppError> {
    match cmd {
        LogCommand::Export {
            file,
            with_accounts,
        } => {
            let bar = bar(app.event_count().await?, lang);
            let s = app
                .export_log(&file, with_accounts, who, &|done| bar.set_position(done))
                .await;
            bar.finish_and_clear();
            Ok(summary("cli-log-exported", &file, &s?, lang))
        }
        LogCommand::Import { file } => {
            let bar = bar(0, lang);
            let s = app
                .import_log(&file, who, &|done, total| {
                    bar.set_length(total);
                    bar.set_position(done);
                })
                .await;
            bar.finish_and_clear();
            Ok(summary("cli-log-imported", &file, &s?, lang))
        }
    }
}

/// What an export or an import covered: the accounts, when the file
/// carries them, then the counts and the head.
fn summary(id: &'static str, file: &Path, s: &crate::store::log::LogSummary, lang: Lang) -> String {
    let accounts = match (s.users, s.tokens) {
        (Some(users), Some(tokens)) => {
            text!("cli-log-accounts", users = users, tokens = tokens).render(lang) + "\n"
        }
        _ => String::new(),
    };
    accounts
        + &text!(
            id,
            file = file.display().to_string(),
            events = s.events,
            snapshots = s.snapshots,
            documents = s.documents,
            head = s.head.to_string()
        )
        .render(lang)
}

pub async fn backup(app: &App, file: &Path, who: &Actor, lang: Lang) -> Result<String, AppError> {
    app.backup(file, who).await?;
    Ok(text!("cli-backup-done", file = file.display().to_string()).render(lang))
}
