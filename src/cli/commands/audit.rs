//! `suivi audit …` and `suivi snapshot …`: histories, the chain check,
//! anchors and year-end snapshots.

use super::super::args::{AuditCommand, SnapshotCommand};
use super::reports::emit;
use crate::app::{Actor, App, AppError};
use crate::domain::activity::ActivityRef;
use crate::domain::audit::SnapshotVerdict;
use crate::domain::audit::Verdict;
use crate::domain::recommendation::RecommendationRef;
use crate::report::history::{History, Subject};
use crate::report::render::{self, new_table, Format};
use crate::report::xlsx;
use crate::text;
use crate::text::{label, Lang};

fn history_text(h: &History, lang: Lang) -> String {
    // A quarter is named in words; the other references are as the
    // directory's users write them.
    let shown = |reference: &str| match (h.subject, text::reference(reference)) {
        (Subject::Submission, Some(words)) => words.render(lang),
        _ => reference.to_string(),
    };
    let reference = shown(&h.reference);
    let mut out = text!("cli-history-of", reference = reference).render(lang);
    out.push('\n');
    let kind = match h.subject {
        Subject::Recommendation => "status",
        Subject::Activity => "activity-lineage-status",
        Subject::Submission => "submission-state",
    };
    let lineage: Vec<String> = h
        .lineage
        .iter()
        .map(|l| format!("{} ({})", shown(&l.reference), label(lang, kind, &l.status)))
        .collect();
    out.push_str(&text!("cli-lineage", lineage = lineage.join(" → ")).render(lang));
    out.push('\n');
    if let Some(since) = &h.open_since {
        let id = match h.subject {
            Subject::Recommendation => "cli-open-since-session",
            Subject::Activity | Subject::Submission => "cli-open-since-plan",
        };
        out.push_str(&text!(id, since = since.as_str()).render(lang));
        out.push('\n');
    }
    let mut t = new_table(
        lang,
        &[
            "col-at",
            "col-ref",
            "col-actor",
            "col-change",
            "col-comment",
            "col-evidence",
            "col-reason",
        ],
    );
    for e in &h.events {
        t.add_row(vec![
            e.at.get(..19).unwrap_or(&e.at).replace('T', " "),
            shown(&e.reference),
            e.actor.clone(),
            e.change.render(lang),
            e.comment.clone().unwrap_or_default(),
            e.evidence.clone().unwrap_or_default(),
            e.reason.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&t.to_string());
    out
}

pub(super) fn history(h: History, format: Format, lang: Lang) -> String {
    match format {
        Format::Json => render::json(&h.phrase(lang)),
        _ => history_text(&h, lang),
    }
}

use crate::text::{chain_break as break_text, snapshot_break as snapshot_break_text};

pub async fn run(
    app: &App,
    cmd: AuditCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    Ok(match cmd {
        AuditCommand::Recommendation {
            session,
            number,
            format,
        } => {
            let id = RecommendationRef { session, number };
            history(app.recommendation_history(&id, who).await?, format, lang)
        }
        AuditCommand::Activity { year, code, format } => {
            let id = ActivityRef { year, code };
            history(app.activity_history(&id, who).await?, format, lang)
        }
        AuditCommand::Verify { anchor, format } => {
            let verdict = app.verify_chain(anchor.as_deref(), who).await?;
            match (&verdict, format) {
                (Verdict::Intact { .. }, Format::Json) => render::json(&verdict),
                (Verdict::Intact { events, head }, _) => text!(
                    "cli-chain-intact",
                    events = *events,
                    head = head.to_string()
                )
                .render(lang),
                (
                    Verdict::Broken {
                        position,
                        aggregate,
                        reason,
                    },
                    _,
                ) => {
                    if format == Format::Json {
                        crate::cli::print_out(&render::json(&verdict));
                    }
                    return Err(AppError::Integrity(text!(
                        "chain-broken",
                        position = *position,
                        aggregate = aggregate.as_str(),
                        reason = break_text(reason)
                    )));
                }
            }
        }
        AuditCommand::Anchor { mail: false } => app.anchor(who).await?.to_string(),
        AuditCommand::Anchor { mail: true } => {
            let sent = app.anchor_by_mail(who).await?;
            format!(
                "{}\n{}",
                sent.anchor,
                text!("cli-anchor-sent", sent = sent.sent, retried = sent.retried).render(lang)
            )
        }
    })
}

pub async fn snapshot(
    app: &App,
    cmd: SnapshotCommand,
    who: &Actor,
    lang: Lang,
) -> Result<String, AppError> {
    Ok(match cmd {
        SnapshotCommand::Take { year } => {
            let s = app.take_snapshot(year, who).await?;
            let c = &s.snapshot;
            if s.new {
                text!(
                    "cli-snapshot-taken",
                    year = year.value(),
                    as_of = c.as_of.as_str(),
                    head = format!("{}@{}", c.head_hash, c.position)
                )
                .render(lang)
            } else {
                text!(
                    "cli-snapshot-exists",
                    year = year.value(),
                    day = text::Arg::Date(crate::clock::day_of(s.taken_at)),
                    by = s.taken_by.as_str()
                )
                .render(lang)
            }
        }
        SnapshotCommand::List { format } => {
            let list = app.snapshots(who).await?;
            match format {
                Format::Json => render::json(&list),
                _ if list.is_empty() => lang.t("cli-no-snapshot"),
                _ => list
                    .iter()
                    .map(|s| {
                        format!(
                            "{} — {} — {}@{} — {}",
                            s.year, s.as_of, s.head_hash, s.position, s.taken_by
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            }
        }
        SnapshotCommand::Show {
            year,
            format,
            output,
        } => {
            let s = app.snapshot(year, who).await?;
            let c = &s.snapshot;
            let p = &s.provenance;
            emit(
                format,
                output.as_deref(),
                lang,
                |f| match f {
                    Format::Json | Format::Xlsx => render::json(&s),
                    f => {
                        let mut out = text!(
                            "cli-snapshot-heading",
                            year = year.value(),
                            as_of = c.as_of.as_str(),
                            head = p.head.to_string()
                        )
                        .render(lang);
                        out.push_str("\n\n");
                        out.push_str(&render::activities(&c.activities, f, lang));
                        for r in &c.recommendations {
                            out.push_str("\n\n");
                            out.push_str(&render::recommendations(r, f, lang));
                        }
                        out.push_str("\n\n");
                        out.push_str(&render::finances(&c.finances, f, lang));
                        if !s.adjustments.is_empty() {
                            out.push_str("\n\n");
                            out.push_str(&lang.t("cli-adjustments"));
                            out.push('\n');
                            for a in &s.adjustments {
                                out.push_str(&format!(
                                    "- {} {} {} ({}){}\n",
                                    a.at.get(..10).unwrap_or(&a.at),
                                    a.reference,
                                    label(lang, "event", &a.kind),
                                    a.actor,
                                    a.reason
                                        .as_ref()
                                        .map(|r| format!(" : {r}"))
                                        .unwrap_or_default()
                                ));
                            }
                        }
                        out
                    }
                },
                |wb| {
                    xlsx::add_activities(wb, &c.activities, lang, p)?;
                    for r in &c.recommendations {
                        xlsx::add_recommendations(wb, r, lang, p)?;
                    }
                    xlsx::add_finances(wb, &c.finances, lang, p)
                },
            )?
        }
        SnapshotCommand::Verify { year } => match app.verify_snapshot(year, who).await? {
            SnapshotVerdict::Intact => {
                text!("cli-snapshot-intact", year = year.value()).render(lang)
            }
            SnapshotVerdict::Missing => {
                return Err(AppError::NotFound(text!(
                    "snapshot-missing",
                    year = year.value()
                )))
            }
            SnapshotVerdict::Broken { reason } => {
                return Err(AppError::Integrity(text!(
                    "snapshot-broken",
                    year = year.value(),
                    reason = snapshot_break_text(&reason)
                )))
            }
        },
    })
}
