//! What the director audits: histories across lineages, the hash chain and
//! its anchors, and the year-end snapshots.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::delivery::Delivery;
use super::{App, AppError};
use crate::clock;
use crate::domain::access::{Action, Actor};
use crate::domain::activity::ActivityRef;
use crate::domain::recommendation::{Recommendation, RecommendationRef};
use crate::domain::types::Year;
use crate::projections;
use crate::projections::history::{self, History};
use crate::projections::snapshot::{
    self, Adjustment, SnapshotContent, SnapshotVerdict, StoredSnapshot,
};
use crate::report::Provenance;
use crate::store::chain::{self, Anchor, Verdict};
use crate::store::outbox::{self, NewMessage};
use crate::text;

/// A year's snapshot with the changes recorded after its close.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SnapshotView {
    pub snapshot: SnapshotContent,
    pub content_hash: String,
    pub taken_at: chrono::DateTime<chrono::Utc>,
    pub taken_by: String,
    /// Whether this call took it (false: it existed already).
    pub new: bool,
    pub adjustments: Vec<Adjustment>,
    /// What its tables rest on, for their exports.
    pub provenance: Provenance,
}

/// A year being closed: its snapshot is taken on its closing day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Closing {
    pub year: i32,
    pub closing_day: NaiveDate,
}

/// One line of the list of snapshots.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SnapshotList {
    pub year: i32,
    pub as_of: String,
    pub position: i64,
    pub head_hash: String,
    pub content_hash: String,
    pub taken_at: chrono::DateTime<chrono::Utc>,
    pub taken_by: String,
}

/// An anchor, and what became of the message that sends it to the director.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnchorSent {
    pub anchor: Anchor,
    pub sent: usize,
    pub retried: usize,
}

impl App {
    /// The history of a recommendation and its lineage. Whoever sees the
    /// recommendation sees its history; a focal point only the links of the
    /// lineage addressed to its structure.
    pub async fn recommendation_history(
        &self,
        id: &RecommendationRef,
        who: &Actor,
    ) -> Result<History, AppError> {
        if !who.may(Action::Audit) {
            self.recommendation(id, who).await?;
        }
        let mut h = history::recommendation(&self.db, id)
            .await?
            .ok_or_else(|| {
                AppError::NotFound(text!("recommendation-unknown", id = id.aggregate_id()))
            })?;
        if who.user.structure.is_some() {
            let mut visible = std::collections::HashSet::new();
            for link in &h.lineage {
                let view = projections::view::<Recommendation>(&self.db, &link.reference).await?;
                if view
                    .and_then(|r| r.content)
                    .is_some_and(|c| who.sees(&c.structures))
                {
                    visible.insert(link.reference.clone());
                }
            }
            let first = h.lineage.first().map(|l| l.reference.clone());
            h.lineage.retain(|l| visible.contains(&l.reference));
            h.events.retain(|e| visible.contains(&e.reference));
            if h.lineage.first().map(|l| &l.reference) != first.as_ref() {
                // The lineage now starts later: it is open since then, if at all.
                let later = h.lineage.len() > 1;
                h.open_since = h.open_since.filter(|_| later).and(
                    h.lineage
                        .first()
                        .and_then(|l| l.reference.rsplit_once('#'))
                        .map(|(session, _)| session.to_string()),
                );
            }
        }
        Ok(h)
    }

    /// The history of an activity and its carry-overs.
    pub async fn activity_history(
        &self,
        id: &ActivityRef,
        who: &Actor,
    ) -> Result<History, AppError> {
        self.require(who, Action::Audit)?;
        history::activity(&self.db, id).await?.ok_or_else(|| {
            AppError::NotFound(text!(
                "activity-unknown",
                year = id.year.value(),
                code = id.code.to_string()
            ))
        })
    }

    /// Walks the whole chain; with an anchor (`HASH@POSITION`), also proves
    /// that nothing up to it was rewritten or removed.
    pub async fn verify_chain(
        &self,
        anchor: Option<&str>,
        who: &Actor,
    ) -> Result<Verdict, AppError> {
        self.require(who, Action::Audit)?;
        let anchor = anchor
            .map(|a| {
                Anchor::parse(a).ok_or_else(|| {
                    AppError::bad_field("anchor", text!("anchor-invalid", anchor = a))
                })
            })
            .transpose()?;
        let verdict = chain::verify(&self.db, anchor.as_ref()).await?;
        match verdict {
            Verdict::Intact { .. } => Ok(self.verify_documents().await?.unwrap_or(verdict)),
            broken => Ok(broken),
        }
    }

    /// The head of the log, to keep outside the database.
    pub async fn anchor(&self, who: &Actor) -> Result<Anchor, AppError> {
        self.require(who, Action::Audit)?;
        Ok(chain::head(&self.db).await?)
    }

    /// Sends the head of the log to the director by e-mail, through the outbox.
    pub async fn anchor_by_mail(&self, who: &Actor) -> Result<AnchorSent, AppError> {
        let anchor = self.anchor(who).await?;
        let config = self.mail_config()?;
        let Some(director) = config.settings.director.clone() else {
            return Err(AppError::bad(text!("director-missing")));
        };
        let lang = config.settings.lang;
        let now = self.now();
        let args = |id: &'static str| {
            text!(
                id,
                anchor = anchor.to_string(),
                position = anchor.position,
                at = clock::local(now).format("%d/%m/%Y %H:%M").to_string(),
                cps = self.cps_name()
            )
            .render(lang)
        };
        outbox::enqueue(
            &self.db,
            &[NewMessage {
                idempotency_key: format!("anchor/{anchor}"),
                day: clock::day_of(now),
                structure: self.cps_code().to_string(),
                to: vec![director],
                cc: vec![],
                subject: args("anchor-mail-subject"),
                body_text: args("anchor-mail-text"),
                body_html: args("anchor-mail-html"),
                items: vec![],
            }],
            now,
        )
        .await?;
        let Delivery { sent, retried, .. } = self.deliver_due(who).await?;
        Ok(AnchorSent {
            anchor,
            sent,
            retried,
        })
    }

    /// The day `year` closes: `year_close` of the settings in the next
    /// year, else the day after the first session of the Comité de
    /// Coordination in the next year's calendar, else 31 January. The
    /// snapshot taken that day holds what was recorded until the day before.
    pub fn closing_day(&self, year: Year) -> NaiveDate {
        let next = year.value() + 1;
        if let Some((month, day)) = self.settings.year_close {
            if let Some(d) = NaiveDate::from_ymd_opt(next, month, day) {
                return d;
            }
        }
        // A calendar that cannot be read leaves the default: the error is
        // the calendar page's to show, not every dashboard's.
        let deadlines = match self.calendar_deadlines(next) {
            Ok(d) => d.unwrap_or_default(),
            Err(e) => {
                tracing::warn!(year = next, error = %e, "calendar unreadable; the year closes on 31 January");
                Vec::new()
            }
        };
        let session = deadlines
            .into_iter()
            .filter(|d| {
                d.revue_number == 1
                    && d.revue_step.as_ref().is_some_and(|(revue, step)| {
                        revue == "comite_coordination" && step == "session"
                    })
            })
            .map(|d| d.date)
            .min();
        match session.and_then(|d| d.succ_opt()) {
            Some(after) => after,
            None => NaiveDate::from_ymd_opt(next, 1, 31).expect("31 January exists"),
        }
    }

    /// The year being closed today, if any: the year before, not yet
    /// photographed, until its closing day.
    pub async fn year_closing(&self) -> Result<Option<Closing>, AppError> {
        let Ok(year) = Year::new(self.today().year() - 1) else {
            return Ok(None);
        };
        let day = self.closing_day(year);
        if self.today() >= day || snapshot::load(&self.db, year).await?.is_some() {
            return Ok(None);
        }
        Ok(Some(Closing {
            year: year.value(),
            closing_day: day,
        }))
    }

    /// Takes the snapshot of a year (the existing one if it was taken), once
    /// the year is over in Africa/Bamako: an open year is never frozen. From
    /// its closing day on, it holds what was recorded until the day before;
    /// the director may close earlier, with what is recorded now.
    pub async fn take_snapshot(&self, year: Year, who: &Actor) -> Result<SnapshotView, AppError> {
        self.require(who, Action::Snapshots)?;
        if self.now() <= snapshot::cutoff(year) {
            return Err(AppError::refused(
                Some("year"),
                text!("snapshot-year-open", year = year.value()),
            ));
        }
        let closing = self.closing_day(year);
        let close = if self.today() >= closing {
            clock::end_of_day(closing.pred_opt().expect("a day before the closing day"))
        } else {
            self.now()
        };
        let (stored, new) =
            snapshot::take(&self.db, year, close, &who.user.name, self.now()).await?;
        self.snapshot_view(stored, new).await
    }

    /// A year's snapshot with the adjustments recorded after its close.
    pub async fn snapshot(&self, year: Year, who: &Actor) -> Result<SnapshotView, AppError> {
        self.require(who, Action::Snapshots)?;
        let stored = snapshot::load(&self.db, year)
            .await?
            .ok_or_else(|| AppError::NotFound(text!("snapshot-missing", year = year.value())))?;
        self.snapshot_view(stored, false).await
    }

    async fn snapshot_view(
        &self,
        stored: StoredSnapshot,
        new: bool,
    ) -> Result<SnapshotView, AppError> {
        let adjustments = snapshot::adjustments(&self.db, &stored).await?;
        let c = &stored.content;
        let year_end = Year::new(c.year).map_err(|e| super::refusals::bad_value("year", &e))?;
        let provenance = Provenance {
            as_of: clock::local(snapshot::cutoff(year_end)),
            past_day: true,
            // A snapshot of before the close was separate from 31 December
            // rests on what was recorded by then.
            recorded_by: Some(clock::local(
                snapshot::close(&stored).unwrap_or_else(|| snapshot::cutoff(year_end)),
            )),
            head: Anchor {
                position: c.position,
                hash: c.head_hash.clone(),
            },
        };
        Ok(SnapshotView {
            snapshot: stored.content,
            content_hash: stored.content_hash,
            taken_at: stored.taken_at,
            taken_by: stored.taken_by,
            new,
            adjustments,
            provenance,
        })
    }

    /// The snapshots taken, by year.
    pub async fn snapshots(&self, who: &Actor) -> Result<Vec<SnapshotList>, AppError> {
        self.require(who, Action::Snapshots)?;
        let mut out = Vec::new();
        for y in snapshot::years(&self.db).await? {
            let Ok(year) = Year::new(y) else { continue };
            if let Some(s) = snapshot::load(&self.db, year).await? {
                out.push(SnapshotList {
                    year: y,
                    as_of: s.content.as_of,
                    position: s.content.position,
                    head_hash: s.content.head_hash,
                    content_hash: s.content_hash,
                    taken_at: s.taken_at,
                    taken_by: s.taken_by,
                });
            }
        }
        Ok(out)
    }

    /// Recomputes a year's snapshot from the events and compares.
    pub async fn verify_snapshot(
        &self,
        year: Year,
        who: &Actor,
    ) -> Result<SnapshotVerdict, AppError> {
        self.require(who, Action::Snapshots)?;
        Ok(snapshot::verify(&self.db, year).await?)
    }

    /// Takes the snapshot of the year before, once its closing day has come
    /// in Africa/Bamako. A year with no activity, recommendation or credit
    /// is not photographed. Returns the year taken, if any.
    pub async fn year_end_snapshot(&self, who: &Actor) -> Result<Option<i32>, AppError> {
        let Ok(year) = Year::new(self.today().year() - 1) else {
            return Ok(None);
        };
        let closing = self.closing_day(year);
        if self.today() < closing || snapshot::load(&self.db, year).await?.is_some() {
            return Ok(None);
        }
        let close = clock::end_of_day(closing.pred_opt().expect("a day before the closing day"));
        let content = snapshot::compute(&self.db, year, Some(close)).await?;
        let empty = content.activities.planned == 0
            && content.recommendations.is_empty()
            && content.finances.total.allotted == 0
            && content.finances.total.notified == 0;
        if empty {
            return Ok(None);
        }
        let taken = self.take_snapshot(year, who).await?;
        Ok(taken.new.then_some(year.value()))
    }
}
