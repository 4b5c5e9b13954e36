//! `suivi report …`: the tables, now or as of a past day, on screen or in a file.

use std::path::Path;

use super::super::args::{
    AnnexCommand, InventoryCommand, ReportCommand, SectionCommand, TableOptions,
};
use crate::app::{Actor, App, AppError};
use crate::domain::report::SectionKey;
use crate::domain::types::Code;
use crate::report::render::{self, Format};
use crate::report::xlsx;
use crate::text;
use crate::text::{label, Lang};

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
            super::super::write_output(path, &bytes)?;
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
            let report = app
                .activities_report(year, options.situation(), who)
                .await?;
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
                .recommendations_report(&session, options.situation(), who)
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
        ReportCommand::Plan { year, options } => {
            let report = app.plan_report(year, options.situation(), who).await?;
            output(
                app,
                &options,
                lang,
                |f| render::plan(&report, f, lang),
                |wb, p| xlsx::add_plan(wb, &report, lang, p),
            )
            .await
        }
        ReportCommand::Progress {
            year,
            quarter,
            options,
        } => {
            let report = app
                .progress_report(year, quarter, options.situation(), who)
                .await?;
            output(
                app,
                &options,
                lang,
                |f| render::progress(&report, f, lang),
                |wb, p| xlsx::add_progress(wb, &report, lang, p),
            )
            .await
        }
        ReportCommand::Projects { year, options } => {
            if options.recorded_by.is_some() {
                return Err(AppError::bad_field(
                    "recorded_by",
                    text!("projects-recorded-by-unsupported"),
                ));
            }
            let report = app.project_portfolio(year, options.as_of, who).await?;
            output(
                app,
                &options,
                lang,
                |f| render::projects(&report, f, lang),
                |wb, p| xlsx::add_projects(wb, &report, lang, p),
            )
            .await
        }
        ReportCommand::SectorPlan {
            year,
            format,
            output: file,
        } => {
            let format = match format {
                crate::cli::args::PlanFormat::Docx => {
                    let Some(file) = file else {
                        return Err(AppError::bad_field(
                            "output",
                            text!("cli-document-needs-output"),
                        ));
                    };
                    let (bytes, _) = app
                        .sector_plan_document(year, crate::app::DocumentFormat::Docx, lang, who)
                        .await?;
                    super::super::write_output(&file, &bytes)?;
                    return Ok(
                        text!("annual-written", path = file.display().to_string()).render(lang)
                    );
                }
                crate::cli::args::PlanFormat::Table(f) => f,
            };
            let options = TableOptions {
                format,
                output: file,
                as_of: None,
                recorded_by: None,
            };
            let report = app.sector_plan(year, who).await?;
            output(
                app,
                &options,
                lang,
                |f| render::sector_plan(&report, f, lang),
                |wb, p| xlsx::add_sector_plan(wb, &report, lang, p),
            )
            .await
        }
        ReportCommand::SectorProgress {
            year,
            quarter,
            options,
        } => {
            if options.as_of.is_some() || options.recorded_by.is_some() {
                return Err(AppError::bad_field(
                    "as_of",
                    text!("sector-progress-now-only"),
                ));
            }
            let report = app.sector_progress(year, quarter, who).await?;
            output(
                app,
                &options,
                lang,
                |f| render::sector_progress(&report, f, lang),
                |wb, p| xlsx::add_sector_progress(wb, &report, lang, p),
            )
            .await
        }
        ReportCommand::SectorFollowUp {
            year,
            quarter,
            document,
            output,
        } => {
            let (bytes, _) = app
                .sector_follow_up_document(year, quarter, document, lang, who)
                .await?;
            super::super::write_output(&output, &bytes)?;
            Ok(text!("annual-written", path = output.display().to_string()).render(lang))
        }
        ReportCommand::Finances { year, options } => {
            let report = app.finances_report(year, options.situation(), who).await?;
            output(
                app,
                &options,
                lang,
                |f| render::finances(&report, f, lang),
                |wb, p| xlsx::add_finances(wb, &report, lang, p),
            )
            .await
        }
        ReportCommand::Section(cmd) => section(app, cmd, who, lang).await,
        ReportCommand::Annex(AnnexCommand::Import { file, year, kind }) => {
            let (kind, o) = app.import_annex(&file, year, &kind, who).await?;
            Ok(annex_imported(o, kind, year, lang))
        }
        ReportCommand::Reference {
            year,
            execution_rate,
            financial_rate,
            source,
        } => {
            let changed = app
                .record_reference_figures(
                    year,
                    execution_rate.as_deref(),
                    financial_rate.as_deref(),
                    source,
                    who,
                )
                .await?;
            Ok(super::super::recorded(changed.events, lang))
        }
        ReportCommand::Annual {
            year,
            format,
            output,
        } => {
            let (bytes, _) = app.annual_document(year, format, lang, who).await?;
            super::super::write_output(&output, &bytes)?;
            Ok(text!("annual-written", path = output.display().to_string()).render(lang))
        }
    }
}

/// `suivi inventory import FILE --year Y`.
pub async fn inventory(
    app: &App,
    cmd: InventoryCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let InventoryCommand::Import { file, year } = cmd;
    let (kind, o) = app.import_annex(&file, year, "inventaire", who).await?;
    Ok(annex_imported(o, kind, year, lang))
}

fn annex_imported(
    o: crate::app::ImportOutcome,
    kind: crate::domain::annex::AnnexKind,
    year: crate::domain::types::Year,
    lang: Lang,
) -> String {
    text!(
        "cli-annex-imported",
        rows = o.rows,
        annex = label(lang, "annex", kind.code()),
        year = year.value(),
        events = o.events
    )
    .render(lang)
}

/// `suivi report section set|list|show`.
async fn section(
    app: &App,
    cmd: SectionCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let name = |key: SectionKey| label(lang, "section", key.code());
    match cmd {
        SectionCommand::Set {
            year,
            section,
            file,
        } => {
            let markdown = super::super::read_text(&file)?;
            let changed = app
                .set_report_section(year, &section, markdown, who)
                .await?;
            let key = changed.state.key.unwrap_or(SectionKey::Introduction);
            Ok(text!(
                "cli-section-written",
                section = name(key),
                year = year.value(),
                versions = changed.state.versions,
                events = changed.events
            )
            .render(lang))
        }
        SectionCommand::List { year, format } => {
            let sections = app
                .report_sections(year, crate::app::Situation::NOW, who)
                .await?;
            Ok(match format {
                Format::Json | Format::Xlsx => render::json(&sections),
                Format::Csv | Format::Table => {
                    let mut t = render::new_table(lang, &["col-section", "col-state", "col-start"]);
                    for s in &sections {
                        let state = match s.markdown {
                            Some(_) => text!("section-written", versions = s.versions).render(lang),
                            None => lang.t("section-missing"),
                        };
                        let start: String = s
                            .markdown
                            .as_deref()
                            .and_then(|m| m.lines().find(|l| !l.trim().is_empty()))
                            .unwrap_or("")
                            .chars()
                            .take(60)
                            .collect();
                        t.add_row(vec![name(s.key), state, start]);
                    }
                    t.to_string()
                }
            })
        }
        SectionCommand::Show {
            year,
            section,
            as_of,
            recorded_by,
        } => {
            let at = crate::app::Situation { as_of, recorded_by };
            let s = app.report_section(year, &section, at, who).await?;
            Ok(match s.markdown {
                Some(m) => m,
                None => text!(
                    "section-placeholder",
                    section = name(s.key),
                    year = year.value()
                )
                .render(lang),
            })
        }
    }
}

pub(super) async fn output(
    app: &App,
    options: &TableOptions,
    lang: Lang,
    screen: impl FnOnce(Format) -> String,
    book: impl FnOnce(
        &mut rust_xlsxwriter::Workbook,
        &crate::report::Provenance,
    ) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Result<String, AppError> {
    let p = app.provenance(options.situation()).await?;
    emit(
        options.format,
        options.output.as_deref(),
        lang,
        screen,
        |wb| book(wb, &p),
    )
}
