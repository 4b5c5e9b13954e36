//! `suivi reminders …` and `suivi calendar …`: the daily digests, the
//! outbox, and the harmonized calendar.

use super::super::args::{CalendarCommand, RemindersCommand};
use super::super::recorded;
use crate::app::{Actor, App, AppError};
use crate::report::render::{self, new_table, Format};
use crate::text;
use crate::text::{label, long_date, when, Lang};

pub async fn run(
    app: &App,
    cmd: RemindersCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    Ok(match cmd {
        RemindersCommand::Plan { date, format } => {
            let plan = app.plan_reminders(date, who).await?;
            let (day, planned) = (plan.day, &plan.digests);
            match format {
                Format::Json | Format::Xlsx => render::json(&plan),
                Format::Csv | Format::Table if planned.is_empty() => {
                    text!("cli-no-reminder", day = text::Arg::Date(day)).render(lang)
                }
                Format::Csv | Format::Table => {
                    let mut out = String::new();
                    for p in planned {
                        let cc = if p.mail.cc.is_empty() {
                            String::new()
                        } else {
                            format!(" (cc {})", p.mail.cc.join(", "))
                        };
                        out.push_str(&format!(
                            "{} → {}{cc}\n  {}\n",
                            p.digest.structure,
                            p.mail.to.join(", "),
                            p.mail.subject
                        ));
                        for l in &p.digest.lines {
                            out.push_str(&format!(
                                "  - {} : {} ({})\n",
                                text::item_title(&l.item, lang),
                                long_date(l.item.deadline, lang),
                                when(l.due.days, lang)
                            ));
                        }
                    }
                    out.trim_end().to_string()
                }
            }
        }
        RemindersCommand::Items { structure, format } => {
            let s = app.structure_items(&structure, who).await?;
            match format {
                Format::Json | Format::Xlsx => render::json(&s),
                Format::Csv | Format::Table => {
                    let mut out = format!("{} ({})\n", s.name, s.code);
                    if s.items.is_empty() {
                        out.push_str(&lang.t("page-none"));
                    }
                    for i in &s.items {
                        out.push_str(&format!(
                            "  - {} : {} ({})\n",
                            text::item_title(i, lang),
                            text::deadline(i.deadline, text::DeadlineMark::of(i), true, lang),
                            when((i.deadline - s.today).num_days(), lang)
                        ));
                    }
                    out.trim_end().to_string()
                }
            }
        }
        RemindersCommand::Run { date } => {
            let r = app.run_reminders(date, who).await?;
            text!(
                "cli-reminders-run",
                day = text::Arg::Date(r.day),
                queued = r.queued,
                sent = r.sent,
                retried = r.retried,
                dead = r.dead,
                transport = r.via.text()
            )
            .render(lang)
        }
        RemindersCommand::Since { date: None } => {
            let since = app.following_since().await?;
            text!("cli-following-since", day = text::Arg::Date(since)).render(lang)
        }
        RemindersCommand::Since { date: Some(day) } => {
            let reason = who.reason.clone().unwrap_or_default();
            let changed = app.move_following(day, &reason, who).await?;
            recorded(changed.events, lang)
        }
        RemindersCommand::Retry { id, dead: _ } => {
            let requeued = app.retry_dead_letters(id, who).await?;
            text!("cli-reminders-retried", count = requeued.len()).render(lang)
        }
        RemindersCommand::Outbox { status, format } => {
            let messages = app.outbox(status.as_deref(), who).await?;
            match format {
                Format::Json | Format::Xlsx => render::json(&messages),
                Format::Csv | Format::Table => {
                    let mut t = new_table(
                        lang,
                        &[
                            "col-number",
                            "col-day",
                            "col-structure",
                            "col-status",
                            "col-attempts",
                            "col-recipients",
                            "col-last-error",
                        ],
                    );
                    for m in &messages {
                        t.add_row(vec![
                            m.id.to_string(),
                            m.day.clone(),
                            m.structure.clone(),
                            label(
                                lang,
                                "outbox-status",
                                crate::domain::types::Code::code(m.status),
                            ),
                            m.attempts.to_string(),
                            m.to.join(", "),
                            m.last_error.clone().unwrap_or_default(),
                        ]);
                    }
                    t.to_string()
                }
            }
        }
    })
}

pub async fn calendar(
    app: &App,
    cmd: CalendarCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    match cmd {
        CalendarCommand::Show { year, format } => {
            let entries = app.calendar(year, who).await?;
            Ok(match format {
                Format::Json | Format::Xlsx => render::json(&entries),
                Format::Csv | Format::Table => {
                    let mut t = new_table(
                        lang,
                        &[
                            "col-deadline",
                            "col-date",
                            "col-working-day",
                            "col-structures",
                            "col-source",
                        ],
                    );
                    for d in &entries {
                        let mark = crate::text::DeadlineMark::from_flags(false, d.estimated);
                        let end = crate::text::deadline(d.deadline, mark, true, lang);
                        let date = match d.from {
                            Some(from) => format!("{} → {end}", long_date(from, lang)),
                            None => end,
                        };
                        t.add_row(vec![
                            d.label.clone(),
                            date,
                            if d.working_day == d.deadline {
                                String::new()
                            } else {
                                long_date(d.working_day, lang)
                            },
                            d.structures
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                            d.source.clone().unwrap_or_default(),
                        ]);
                    }
                    format!(
                        "{}\n{t}",
                        text!("cli-calendar-title", year = year.value()).render(lang)
                    )
                }
            })
        }
        CalendarCommand::Done {
            year,
            id,
            date,
            document,
        } => {
            let changed = app.meet_deadline(year, &id, date, document, who).await?;
            Ok(recorded(changed.events, lang))
        }
        CalendarCommand::Close { year } => {
            let reason = who.reason.clone().unwrap_or_default();
            let closed = app.close_calendar(year, &reason, who).await?;
            Ok(text!("cli-calendar-closed", year = year.value(), count = closed).render(lang))
        }
    }
}
