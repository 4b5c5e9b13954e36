//! `suivi audit …` and `suivi snapshot …`: histories, the chain check, anchors
//! and year-end snapshots.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use super::args::{AuditCommand, SnapshotCommand};
use super::reports::emit;
use crate::app::{Actor, App, AppError, Message};
use crate::audit::snapshot::{self, SnapshotVerdict};
use crate::audit::{self, History};
use crate::domain::activity::ActivityRef;
use crate::domain::recommendation::RecommendationRef;
use crate::i18n::Lang;
use crate::mail::outbox::{self, NewMessage};
use crate::report::render::{self, Format};
use crate::report::xlsx::{self, Provenance};
use crate::store::chain::{self, Anchor, Verdict};

fn history_text(h: &History, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} {}\n",
        lang.pick("Historique de", "History of"),
        h.reference
    ));
    let lineage: Vec<String> = h
        .lineage
        .iter()
        .map(|l| format!("{} ({})", l.reference, l.status))
        .collect();
    out.push_str(&format!(
        "{} {}\n",
        lang.pick("Filiation :", "Lineage:"),
        lineage.join(" → ")
    ));
    if let Some(since) = &h.open_since {
        out.push_str(&format!(
            "{} {since}\n",
            lang.pick("Ouverte depuis la", "Open since")
        ));
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160)
        .set_header(vec![
            lang.pick("DATE ET HEURE (Bamako)", "DATE AND TIME (Bamako)"),
            lang.pick("RÉF.", "REF."),
            lang.pick("AUTEUR", "ACTOR"),
            lang.pick("CHANGEMENT", "CHANGE"),
            lang.pick("COMMENTAIRE", "COMMENT"),
            lang.pick("PIÈCE", "EVIDENCE"),
            lang.pick("MOTIF", "REASON"),
        ]);
    for e in &h.events {
        t.add_row(vec![
            e.at.get(..19).unwrap_or(&e.at).replace('T', " "),
            e.reference.clone(),
            e.actor.clone(),
            e.details.clone(),
            e.comment.clone().unwrap_or_default(),
            e.evidence.clone().unwrap_or_default(),
            e.reason.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&t.to_string());
    out
}

fn not_found(what_fr: String, what_en: String) -> AppError {
    AppError::BadInput(Message::new(
        format!("{what_fr} : introuvable"),
        format!("{what_en}: not found"),
    ))
}

pub async fn run(app: &App, cmd: AuditCommand, lang: Lang) -> Result<String, AppError> {
    Ok(match cmd {
        AuditCommand::Recommendation {
            session,
            number,
            format,
        } => {
            let id = RecommendationRef { session, number };
            let h = audit::recommendation_history(&app.db, &id)
                .await?
                .ok_or_else(|| {
                    not_found(
                        format!("recommandation {}", id.aggregate_id()),
                        format!("recommendation {}", id.aggregate_id()),
                    )
                })?;
            match format {
                Format::Json => render::json(&h),
                _ => history_text(&h, lang),
            }
        }
        AuditCommand::Activity { year, code, format } => {
            let id = ActivityRef { year, code };
            let h = audit::activity_history(&app.db, &id)
                .await?
                .ok_or_else(|| {
                    not_found(
                        id.to_string(),
                        format!("activity {} of the {} plan", id.code, id.year),
                    )
                })?;
            match format {
                Format::Json => render::json(&h),
                _ => history_text(&h, lang),
            }
        }
        AuditCommand::Verify { anchor, format } => {
            let anchor = match anchor {
                Some(a) => Some(Anchor::parse(&a).ok_or_else(|| {
                    AppError::BadInput(Message::new(
                        format!("ancre « {a} » invalide : attendu EMPREINTE@POSITION (64 chiffres hexadécimaux, @, un entier)"),
                        format!("anchor \"{a}\" is invalid: expected HASH@POSITION (64 hex digits, @, an integer)"),
                    ))
                })?),
                None => None,
            };
            let verdict = chain::verify(&app.db, anchor.as_ref()).await?;
            match (&verdict, format) {
                (Verdict::Intact { .. }, Format::Json) => render::json(&verdict),
                (Verdict::Intact { events, head }, _) => match lang {
                    Lang::Fr => format!("Journal intact : {events} événements ; tête {head}."),
                    Lang::En => format!("Log intact: {events} events; head {head}."),
                },
                (
                    Verdict::Broken {
                        position,
                        aggregate,
                        reason,
                    },
                    _,
                ) => {
                    if format == Format::Json {
                        println!("{}", render::json(&verdict));
                    }
                    return Err(AppError::Integrity(Message::new(
                        format!("journal rompu à la position {position} ({aggregate}) : {reason}"),
                        format!("log broken at position {position} ({aggregate}): {reason}"),
                    )));
                }
            }
        }
        AuditCommand::Anchor { mail } => {
            let head = chain::head(&app.db).await?;
            let mut out = head.to_string();
            if mail {
                let r = crate::reminders::Reminders::new(
                    app,
                    std::env::var("SUIVI_SMTP_URL").ok().as_deref(),
                )?;
                let Some(director) = r.settings.director.clone() else {
                    return Err(AppError::BadInput(Message::new(
                        "aucun directeur dans config/reminders.toml (director = …)",
                        "no director in config/reminders.toml (director = …)",
                    )));
                };
                let now = app.now();
                let day = r.today(now);
                let text = format!(
                    "Ancre du journal de suivi au {} :\n\n{head}\n\nConservez ce message : la commande « suivi audit verify --anchor {head} » vérifie que l'historique enregistré jusqu'à cette position n'a pas été modifié.\n",
                    now.with_timezone(&audit::TIMEZONE).format("%d/%m/%Y %H:%M")
                );
                let html = format!("<p>Ancre du journal de suivi :</p><p><code>{head}</code></p><p>Conservez ce message : <code>suivi audit verify --anchor {head}</code> vérifie que l'historique enregistré jusqu'à cette position n'a pas été modifié.</p>");
                outbox::enqueue(
                    &app.db,
                    &[NewMessage {
                        idempotency_key: format!("anchor/{head}"),
                        day,
                        structure: "CPS/SCI".into(),
                        to: vec![director],
                        cc: vec![],
                        subject: format!("Ancre du journal suivi – position {}", head.position),
                        body_text: text,
                        body_html: html,
                        items: vec![],
                    }],
                    now,
                )
                .await?;
                let d = r.deliver_due(now).await?;
                out.push_str(&match lang {
                    Lang::Fr => format!(
                        "\nEnvoyée au directeur ({} envoyé(s), {} à réessayer).",
                        d.sent, d.retried
                    ),
                    Lang::En => format!(
                        "\nSent to the director ({} sent, {} to retry).",
                        d.sent, d.retried
                    ),
                });
            }
            out
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
            let (s, new) = snapshot::take(&app.db, year, &who.name, app.now()).await?;
            let c = &s.content;
            match (new, lang) {
                (true, Lang::Fr) => format!("Photographie {year} prise : situation au {}, journal {}@{}.", c.as_of, c.head_hash, c.position),
                (false, Lang::Fr) => format!("La photographie {year} existe déjà (prise le {} par {}) ; elle n'est jamais refaite.", s.taken_at.format("%d/%m/%Y"), s.taken_by),
                (true, Lang::En) => format!("Snapshot {year} taken: as of {}, log {}@{}.", c.as_of, c.head_hash, c.position),
                (false, Lang::En) => format!("The {year} snapshot already exists (taken on {} by {}); it is never retaken.", s.taken_at.format("%Y-%m-%d"), s.taken_by),
            }
        }
        SnapshotCommand::List { format } => {
            let mut rows = Vec::new();
            for y in snapshot::years(&app.db).await? {
                let year = crate::domain::types::Year::new(y)
                    .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
                if let Some(s) = snapshot::load(&app.db, year).await? {
                    rows.push(serde_json::json!({
                        "year": y,
                        "as_of": s.content.as_of,
                        "position": s.content.position,
                        "head_hash": s.content.head_hash,
                        "content_hash": s.content_hash,
                        "taken_at": s.taken_at,
                        "taken_by": s.taken_by,
                    }));
                }
            }
            match format {
                Format::Json => render::json(&rows),
                _ if rows.is_empty() => lang
                    .pick("Aucune photographie.", "No snapshot.")
                    .to_string(),
                _ => rows
                    .iter()
                    .map(|r| {
                        format!(
                            "{} — {} — {}@{} — {}",
                            r["year"],
                            r["as_of"].as_str().unwrap_or(""),
                            r["head_hash"].as_str().unwrap_or(""),
                            r["position"],
                            r["taken_by"].as_str().unwrap_or("")
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
            let Some(s) = snapshot::load(&app.db, year).await? else {
                return Err(AppError::BadInput(Message::new(
                    format!("pas de photographie {year} : suivi snapshot take --year {year}"),
                    format!("no {year} snapshot: suivi snapshot take --year {year}"),
                )));
            };
            let adjustments = snapshot::adjustments(&app.db, year).await?;
            let c = &s.content;
            let p = Provenance {
                as_of: format!("{} {}", lang.pick("situation au", "as of"), c.as_of),
                head: format!("{}@{}", c.head_hash, c.position),
            };
            emit(
                format,
                output.as_deref(),
                lang,
                |f| match f {
                    Format::Json | Format::Xlsx => render::json(
                        &serde_json::json!({ "snapshot": c, "content_hash": s.content_hash, "adjustments": adjustments }),
                    ),
                    f => {
                        let mut out = format!(
                            "{} {year} — {} — {}\n\n",
                            lang.pick("Photographie", "Snapshot"),
                            p.as_of,
                            p.head
                        );
                        out.push_str(&render::activities(&c.activities, f, lang));
                        for r in &c.recommendations {
                            out.push_str("\n\n");
                            out.push_str(&render::recommendations(r, f, lang));
                        }
                        out.push_str("\n\n");
                        out.push_str(&render::finances(&c.finances, f, lang));
                        if !adjustments.is_empty() {
                            out.push_str(&format!(
                                "\n\n{}\n",
                                lang.pick(
                                    "Ajustements enregistrés après la clôture (non inclus) :",
                                    "Adjustments recorded after the close (not included):"
                                )
                            ));
                            for a in &adjustments {
                                out.push_str(&format!(
                                    "- {} {} {} ({}){}\n",
                                    a.at.get(..10).unwrap_or(&a.at),
                                    a.reference,
                                    a.kind,
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
                    xlsx::add_activities(wb, &c.activities, lang, &p)?;
                    for r in &c.recommendations {
                        xlsx::add_recommendations(wb, r, lang, &p)?;
                    }
                    xlsx::add_finances(wb, &c.finances, lang, &p)
                },
            )?
        }
        SnapshotCommand::Verify { year } => match snapshot::verify(&app.db, year).await? {
            SnapshotVerdict::Intact => match lang {
                Lang::Fr => format!("Photographie {year} conforme aux événements."),
                Lang::En => format!("Snapshot {year} matches the events."),
            },
            SnapshotVerdict::Missing => {
                return Err(AppError::BadInput(Message::new(
                    format!("pas de photographie {year}"),
                    format!("no {year} snapshot"),
                )))
            }
            SnapshotVerdict::Broken { reason } => {
                return Err(AppError::Integrity(Message::new(
                    format!("photographie {year} non conforme : {reason}"),
                    format!("snapshot {year} does not match: {reason}"),
                )))
            }
        },
    })
}
