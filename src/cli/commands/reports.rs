//! `suivi report …`: the tables, now or as of a past day, on screen or in a file.

use std::path::Path;

use super::super::args::{ReportCommand, TableOptions};
use crate::app::{Actor, App, AppError};
use crate::report::render::{self, Format};
use crate::report::xlsx;
use crate::text;
use crate::text::Lang;

/// Prints or writes one table: `screen` renders the screen formats, `book`
/// fills a workbook.
pub fn emit(
    format: Format,
    output: Option<&Path>,
    lang: Lang,
    screen: impl FnOnce(Format) -> String,
    book: impl FnOnce(&mut rust_xlsxwriter::Workbook) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Result<String, AppError> {
    let written =
        |path: &Path| text!("cli-file-written", path = path.display().to_string()).render(lang);
    match (format, output) {
        (Format::Xlsx, None) => Err(AppError::bad_field(
            "output",
            text!("cli-xlsx-needs-output"),
        )),
        (f, Some(path)) => {
            let bytes = crate::report::file_bytes(f, screen, book)?;
            std::fs::write(path, bytes).map_err(|e| {
                AppError::bad_field(
                    "output",
                    text!(
                        "file-unwritable",
                        path = path.display().to_string(),
                        error = e.to_string()
                    ),
                )
            })?;
            Ok(written(path))
        }
        (f, None) => Ok(screen(f)),
    }
}

pub async fn run(
    app: &App,
    cmd: ReportCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    match cmd {
        ReportCommand::Activities { year, options } => {
            let report = app.activities_report(year, options.as_of, who).await?;
            output(
                app,
                &options,
                lang,
                |f| render::activities(&report, f, lang),
                |wb, p| xlsx::add_activities(wb, &report, lang, p),
            )
            .await
        }
        ReportCommand::Recommendations { session, options } => {
            let report = app
                .recommendations_report(&session, options.as_of, who)
                .await?;
            output(
                app,
                &options,
                lang,
                |f| render::recommendations(&report, f, lang),
                |wb, p| xlsx::add_recommendations(wb, &report, lang, p),
            )
            .await
        }
        ReportCommand::Finances { year, options } => {
            let report = app.finances_report(year, options.as_of, who).await?;
            output(
                app,
                &options,
                lang,
                |f| render::finances(&report, f, lang),
                |wb, p| xlsx::add_finances(wb, &report, lang, p),
            )
            .await
        }
    }
}

async fn output(
    app: &App,
    options: &TableOptions,
    lang: Lang,
    screen: impl FnOnce(Format) -> String,
    book: impl FnOnce(
        &mut rust_xlsxwriter::Workbook,
        &crate::report::Provenance,
    ) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Result<String, AppError> {
    let p = app.provenance(options.as_of).await?;
    emit(
        options.format,
        options.output.as_deref(),
        lang,
        screen,
        |wb| book(wb, &p),
    )
}
