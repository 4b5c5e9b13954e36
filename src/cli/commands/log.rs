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
            let s = s?;
            Ok(accounts_said(&s, lang)
                + &text!(
                    "cli-log-exported",
                    file = file.display().to_string(),
                    events = s.events,
                    snapshots = s.snapshots,
                    documents = s.documents,
                    head = s.head.to_string()
                )
                .render(lang))
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
            let s = s?;
            Ok(accounts_said(&s, lang)
                + &text!(
                    "cli-log-imported",
                    file = file.display().to_string(),
                    events = s.events,
                    snapshots = s.snapshots,
                    documents = s.documents,
                    head = s.head.to_string()
                )
                .render(lang))
        }
    }
}

/// The accounts a file carries, when it does, before the summary.
fn accounts_said(s: &crate::store::log::LogSummary, lang: Lang) -> String {
    match (s.users, s.tokens) {
        (Some(users), Some(tokens)) => {
            text!("cli-log-accounts", users = users, tokens = tokens).render(lang) + "\n"
        }
        _ => String::new(),
    }
}

pub async fn backup(app: &App, file: &Path, who: &Actor, lang: Lang) -> Result<String, AppError> {
    app.backup(file, who).await?;
    Ok(text!("cli-backup-done", file = file.display().to_string()).render(lang))
}
