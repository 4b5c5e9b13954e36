//! `suivi report …`: the tables, now or as of a past day, on screen or in a file.

use std::path::Path;

use super::args::{ReportCommand, TableOptions};
use crate::app::{App, AppError, Message};
use crate::audit;
use crate::i18n::Lang;
use crate::report::render::{self, Format};
use crate::report::xlsx::{self, Provenance};
use crate::report::{ActivitiesReport, FinancesReport, RecommendationsReport};

/// Prints or writes one table: `text` renders the screen formats, `book`
/// fills a workbook.
pub fn emit(
    format: Format,
    output: Option<&Path>,
    lang: Lang,
    text: impl FnOnce(Format) -> String,
    book: impl FnOnce(&mut rust_xlsxwriter::Workbook) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Result<String, AppError> {
    let written = |path: &Path| match lang {
        Lang::Fr => format!("Fichier écrit : {}", path.display()),
        Lang::En => format!("File written: {}", path.display()),
    };
    match (format, output) {
        (Format::Xlsx, None) => Err(AppError::BadInput(Message::new(
            "--format xlsx écrit un classeur : donnez son nom avec --output FICHIER.xlsx",
            "--format xlsx writes a workbook: name it with --output FILE.xlsx",
        ))),
        (Format::Xlsx, Some(path)) => {
            xlsx::save(path, book)?;
            Ok(written(path))
        }
        (f, Some(path)) => {
            std::fs::write(path, text(f)).map_err(|e| {
                AppError::BadInput(Message::same(format!("{}: {e}", path.display())))
            })?;
            Ok(written(path))
        }
        (f, None) => Ok(text(f)),
    }
}

pub async fn run(app: &App, cmd: ReportCommand, lang: Lang) -> Result<String, AppError> {
    match cmd {
        ReportCommand::Activities { year, options } => {
            let report = match options.as_of {
                Some(day) => ActivitiesReport::new(
                    year,
                    &audit::activities_as_of(&app.db, year, audit::end_of_day(day)).await?,
                ),
                None => app.report_activities(year).await?,
            };
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
            let report = match options.as_of {
                Some(day) => {
                    let recs = audit::recommendations_as_of(
                        &app.db,
                        session.as_str(),
                        audit::end_of_day(day),
                    )
                    .await?;
                    if recs.is_empty() {
                        return Err(AppError::BadInput(Message::new(
                            format!(
                                "aucune recommandation de la session « {session} » au {}",
                                day.format("%d/%m/%Y")
                            ),
                            format!("no recommendation of session \"{session}\" as of {day}"),
                        )));
                    }
                    RecommendationsReport::new(session.as_str(), &recs)
                }
                None => app.report_recommendations(&session).await?,
            };
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
            let report = match options.as_of {
                Some(day) => FinancesReport::new(
                    year,
                    audit::credits_as_of(&app.db, year, audit::end_of_day(day))
                        .await?
                        .as_ref(),
                ),
                None => app.report_finances(year).await?,
            };
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
    text: impl FnOnce(Format) -> String,
    book: impl FnOnce(
        &mut rust_xlsxwriter::Workbook,
        &Provenance,
    ) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Result<String, AppError> {
    let p = app.provenance(options.as_of, lang).await?;
    emit(
        options.format,
        options.output.as_deref(),
        lang,
        text,
        |wb| book(wb, &p),
    )
}
