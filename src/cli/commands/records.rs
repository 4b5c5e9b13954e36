//! `suivi plan|activity|recommendation|finance|revue …` and `suivi rebuild`:
//! recording what happens.

use indicatif::{ProgressBar, ProgressStyle};

use super::super::args::{
    ActivityCommand, ActivityTarget, FinanceCommand, PlanCommand, RecommendationCommand,
    RevueCommand,
};
use super::super::recorded;
use crate::app::{Actor, App, AppError, CreditInput, ImportOutcome, StatusChange, Upload};
use crate::domain::activity::ActivityRef;
use crate::domain::recommendation::RecommendationRef;
use crate::domain::revue::RevueRef;
use crate::report::render::{self, Format};
use crate::text;
use crate::text::{short_date, Lang};

fn imported(o: ImportOutcome, what: &str, lang: Lang) -> String {
    let what = text::Text::new(what.to_string());
    match o.events {
        0 => text!("cli-import-nothing-new", rows = o.rows, what = what).render(lang),
        n => text!("cli-imported", rows = o.rows, what = what, events = n).render(lang),
    }
}

fn activity_ref(t: ActivityTarget) -> ActivityRef {
    ActivityRef {
        year: t.year,
        code: t.code,
    }
}

pub async fn plan(
    app: &App,
    cmd: PlanCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let PlanCommand::Import { file, year } = cmd;
    let o = app.import_plan(&file, year, who).await?;
    Ok(imported(o, "cli-what-activities", lang))
}

pub async fn activity(
    app: &App,
    cmd: ActivityCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let changed = match cmd {
        ActivityCommand::Execute {
            target,
            period,
            observation,
            date,
        } => {
            app.execute_activity(&activity_ref(target), period, observation, date, who)
                .await?
        }
        ActivityCommand::NotExecuted { target, date } => {
            app.activity_not_executed(&activity_ref(target), who.reason.clone(), date, who)
                .await?
        }
        ActivityCommand::Cost {
            target,
            engaged,
            liquidated,
            date,
        } => {
            app.activity_cost(&activity_ref(target), engaged, liquidated, date, who)
                .await?
        }
        ActivityCommand::CarryOver {
            target,
            to_year,
            to_code,
        } => {
            let to = app
                .carry_over_activity(&activity_ref(target), to_year, to_code, who)
                .await?;
            let id = to
                .state
                .id
                .as_ref()
                .map(|i| (i.code.to_string(), i.year.value()));
            let (code, year) = id.unwrap_or_default();
            return Ok(text!("cli-activity-carried-over", code = code, year = year).render(lang));
        }
        ActivityCommand::Progress {
            target,
            percent,
            note,
            date,
        } => {
            app.record_progress(&activity_ref(target), percent, note, date, who)
                .await?
        }
        ActivityCommand::Indicator {
            target,
            goal,
            achieved,
        } => {
            app.set_indicator(&activity_ref(target), goal, achieved, who)
                .await?
        }
        ActivityCommand::Narrative { target, file } => {
            let markdown = super::super::read_text(&file)?;
            app.write_activity_narrative(&activity_ref(target), markdown, who)
                .await?
        }
        ActivityCommand::Produces {
            target,
            document,
            of,
        } => {
            let document = match (document.0, of) {
                (Some(kind), Some(year)) => {
                    Some(crate::domain::activity::ProducedDocument { kind, year })
                }
                (Some(_), None) => {
                    return Err(AppError::bad_field("of", text!("cli-produces-of-required")))
                }
                (None, _) => None,
            };
            app.mark_activity_document(&activity_ref(target), document, who)
                .await?
        }
        ActivityCommand::AddUnplanned {
            year,
            title,
            period,
            observation,
        } => {
            let a = app
                .add_unplanned_activity(year, title, period, observation, who)
                .await?;
            return Ok(text!(
                "cli-unplanned-added",
                number = a.number,
                year = year.value(),
                title = a.title
            )
            .render(lang));
        }
        ActivityCommand::Unplanned { year, format } => {
            let list = app.unplanned_activities(year, who).await?;
            return Ok(match format {
                Format::Json | Format::Xlsx => render::json(&list),
                Format::Csv | Format::Table => {
                    let mut t = render::new_table(
                        lang,
                        &[
                            "col-number",
                            "col-activities",
                            "col-period",
                            "col-observations",
                        ],
                    );
                    for a in &list {
                        t.add_row(vec![
                            a.number.to_string(),
                            a.title.clone(),
                            a.period.clone().unwrap_or_default(),
                            a.observation.clone().unwrap_or_default(),
                        ]);
                    }
                    t.to_string()
                }
            });
        }
    };
    Ok(recorded(changed.events, lang))
}

pub async fn recommendation(
    app: &App,
    cmd: RecommendationCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let events = match cmd {
        RecommendationCommand::Import { file, session } => {
            let o = app.import_recommendations(&file, &session, who).await?;
            return Ok(imported(o, "cli-what-recommendations", lang));
        }
        RecommendationCommand::Add {
            session,
            number,
            text,
            structures,
            due,
            project,
        } => {
            let id = RecommendationRef { session, number };
            let structures: Vec<String> = structures.split(',').map(str::to_string).collect();
            app.add_recommendation(&id, text, &structures, due, project.as_deref(), who)
                .await?
                .events
        }
        RecommendationCommand::SetStatus {
            session,
            number,
            status,
            comment,
            evidence,
            date,
            documents,
        } => {
            let id = RecommendationRef { session, number };
            let documents = documents
                .iter()
                .map(|file| Upload::read(file, app.document_limit()))
                .collect::<Result<Vec<_>, _>>()?;
            let change = StatusChange {
                status,
                comment,
                evidence,
                documents,
                date,
            };
            app.set_recommendation_status(&id, change, who)
                .await?
                .events
        }
        RecommendationCommand::WithdrawDocument {
            session,
            number,
            sha256,
            reason,
        } => {
            let id = RecommendationRef { session, number };
            app.withdraw_document(&id, &sha256, &reason, who)
                .await?
                .events
        }
        RecommendationCommand::CarryOver {
            session,
            number,
            to_session,
            to_number,
            text,
        } => {
            let from = RecommendationRef { session, number };
            let to = RecommendationRef {
                session: to_session,
                number: to_number,
            };
            app.carry_over_recommendation(&from, &to, text, who)
                .await?
                .events
        }
    };
    Ok(recorded(events, lang))
}

pub async fn finance(
    app: &App,
    cmd: FinanceCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    let FinanceCommand::Record {
        year,
        line,
        kind,
        amount,
        estimated,
        date,
    } = cmd;
    let credit = CreditInput {
        line: &line,
        kind: &kind,
        amount,
        estimated,
        date,
    };
    Ok(recorded(
        app.record_credit(year, credit, who).await?.events,
        lang,
    ))
}

pub async fn revue(
    app: &App,
    cmd: RevueCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    match cmd {
        RevueCommand::Open {
            kind,
            year,
            session,
            number,
        } => {
            let opened = app.open_revue(&kind, year, number, session, who).await?;
            let id = opened
                .state
                .id
                .map(|i| i.aggregate_id())
                .unwrap_or_default();
            Ok(text!("cli-revue-opened", revue = id).render(lang))
        }
        RevueCommand::CompleteStep {
            kind,
            year,
            number,
            step,
            date,
            document,
        } => {
            let id = RevueRef { kind, year, number };
            let changed = app
                .complete_revue_step(&id, step, date, document, who)
                .await?;
            Ok(recorded(changed.events, lang))
        }
        RevueCommand::List { year, format } => {
            let revues = app.revues(year, who).await?;
            if matches!(format, Format::Json | Format::Xlsx) {
                return Ok(render::json(&revues));
            }
            let mut out = String::new();
            for summary in &revues {
                let r = &summary.revue;
                let Some(id) = &r.id else { continue };
                out.push_str(
                    &text!(
                        "cli-revue-line",
                        label = r.label.as_str(),
                        year = id.year.value(),
                        session = r
                            .session
                            .as_ref()
                            .map(|s| s.to_string())
                            .unwrap_or_default(),
                        count = summary.recommendations
                    )
                    .render(lang),
                );
                out.push('\n');
                for s in &r.steps {
                    let deadline = s
                        .deadline
                        .map(|d| short_date(d, lang))
                        .unwrap_or_else(|| "—".into());
                    let done = match (&s.completed_on, &s.document) {
                        (Some(c), Some(doc)) => text!(
                            "cli-step-done-document",
                            date = short_date(*c, lang),
                            document = doc.as_str()
                        )
                        .render(lang),
                        (Some(c), None) => {
                            text!("cli-step-done", date = short_date(*c, lang)).render(lang)
                        }
                        _ => lang.t("cli-step-to-do"),
                    };
                    out.push_str(
                        &text!(
                            "cli-step-line",
                            step = s.label.as_str(),
                            deadline = deadline,
                            done = done
                        )
                        .render(lang),
                    );
                    out.push('\n');
                }
            }
            if out.is_empty() {
                out = lang.t("cli-no-revue");
            }
            Ok(out.trim_end().to_string())
        }
    }
}

/// `suivi rebuild`, with a progress bar on a terminal.
pub async fn rebuild(app: &App, who: &Actor, lang: Lang) -> Result<String, AppError> {
    let bar = ProgressBar::new(app.event_count().await?);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {} ({{per_sec}}, {{eta}})",
            lang.t("cli-events")
        ))
        .expect("valid template"),
    );
    let n = app.rebuild(who, &|done| bar.set_position(done)).await?;
    bar.finish_and_clear();
    Ok(text!("cli-rebuilt", events = n).render(lang))
}
