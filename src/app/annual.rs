//! The yearly report « Rapport d'activités Y et plan d'action Y+1 »: its
//! content gathered from the events, then written as HTML or Word. The
//! year's tables come from its year-end snapshot when it was taken (with the
//! changes recorded after the close), otherwise from the events as they
//! stand. Nothing in it depends on the time it is generated.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::{App, AppError, SectionText, Situation};
use crate::clock;
use crate::domain::access::{Action, Actor};
use crate::domain::activity::Activity;
use crate::domain::types::{Code, SessionId, Year};
use crate::projections::history::SectionVersion;
use crate::projections::{self, as_of, snapshot};
use crate::report::annual::{self, AnnualReport, Basis, Earlier};
use crate::report::RecommendationsReport;
use crate::store::chain;
use crate::text;
use crate::text::Lang;

crate::codes! {
    /// The formats of the yearly report.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum DocumentFormat {
        Docx => "docx",
        Html => "html",
    }
}

impl DocumentFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            DocumentFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocumentFormat::Html => "text/html; charset=utf-8",
        }
    }

    /// A document (a revue's report, the sector's plan or follow-up) in
    /// this format.
    pub fn write(
        self,
        document: &annual::Document,
        lang: crate::text::Lang,
    ) -> anyhow::Result<Vec<u8>> {
        match self {
            DocumentFormat::Html => Ok(annual::html::write_document(document, lang).into_bytes()),
            DocumentFormat::Docx => annual::docx::write_document(document, lang),
        }
    }
}

/// What the « Rapport annuel » page shows.
#[derive(Debug, Clone, Serialize)]
pub struct AnnualPage {
    pub year: Year,
    /// The years with a plan.
    pub years: Vec<Year>,
    pub title: String,
    pub sections: Vec<(SectionText, Vec<SectionVersion>)>,
}

impl App {
    /// Everything the yearly report of `year` shows. A year without a plan
    /// has no report.
    pub async fn annual_report(&self, year: Year, who: &Actor) -> Result<AnnualReport, AppError> {
        self.require(who, Action::ReadTables)?;
        let next =
            Year::new(year.value() + 1).map_err(|e| super::refusals::bad_value("year", &e))?;
        let frozen = snapshot::load(&self.db, year).await?;
        let (activities, previous, finances) = match &frozen {
            Some(s) => (
                s.content.activities.clone(),
                s.content.recommendations.clone(),
                s.content.finances.clone(),
            ),
            None => (
                self.activities_report(year, end_of(year), who).await?,
                self.session_reports(year, who).await?,
                self.finances_report(year, end_of(year), who).await?,
            ),
        };
        if activities.planned == 0 {
            // Nothing to report on: no such report (exit 2, 404).
            return Err(AppError::NotFound(text!(
                "annual-no-plan",
                year = year.value()
            )));
        }
        let sections: BTreeMap<_, _> = self
            .report_sections(year, Situation::NOW, who)
            .await?
            .into_iter()
            .map(|s| (s.key, s.markdown))
            .collect();
        let acronyms = self.acronyms();
        let previous_year = Year::new(year.value() - 1).ok();
        let (earlier_execution, earlier_financial) = match previous_year {
            Some(p) => self.earlier_figures(p, who).await?,
            None => (None, None),
        };
        let head = chain::head(&self.db).await?;
        let recorded_at = self
            .db
            .events_after(head.position - 1, 1)
            .await?
            .first()
            .and_then(as_of::recorded_at)
            .map(|t| clock::local(t).to_rfc3339())
            .unwrap_or_default();
        let next_plan = projections::views::<Activity>(&self.db, &next.to_string()).await?;
        Ok(AnnualReport {
            year: year.value(),
            identity: self.report_settings.identity.clone(),
            acronyms,
            sections,
            activities,
            activity_details: projections::views::<Activity>(&self.db, &year.to_string()).await?,
            unplanned: self.unplanned_activities(year, who).await?,
            previous,
            formulated: self.session_reports(next, who).await?,
            finances,
            next_finances: self.finances_report(next, Situation::NOW, who).await?,
            next_plan_table: crate::report::plan::PlanReport::new(next.value(), &next_plan)?,
            next_plan,
            annexes: self.annexes(year, who).await?,
            projects: Some(
                self.project_portfolio(year, Some(year.last_day()), who)
                    .await?,
            )
            .filter(|p| !p.projects.is_empty()),
            bsi: Some(
                self.project_portfolio(next, Some(year.last_day()), who)
                    .await?,
            )
            .filter(|p| p.presented > 0),
            earlier_execution,
            earlier_financial,
            pages: self.public_url(),
            sector_years: projections::all::<crate::domain::sector::SectorCall>(&self.db)
                .await?
                .into_iter()
                .filter_map(|c| Some(c.year?.value()))
                .collect(),
            basis: Basis {
                position: head.position,
                head_hash: head.hash,
                recorded_at,
                snapshot: frozen.as_ref().map(|s| {
                    (
                        s.content_hash.clone(),
                        clock::local(s.taken_at).to_rfc3339(),
                    )
                }),
            },
            adjustments: match &frozen {
                Some(s) => snapshot::adjustments(&self.db, s).await?,
                None => Vec::new(),
            },
        })
    }

    /// The yearly report of `year` as a file: its bytes, and its usual name
    /// (`rapport-2023.docx`).
    pub async fn annual_document(
        &self,
        year: Year,
        format: DocumentFormat,
        lang: Lang,
        who: &Actor,
    ) -> Result<(Vec<u8>, String), AppError> {
        let report = self.annual_report(year, who).await?;
        // Laying out a document and drawing its charts is work for the CPU:
        // off the threads that answer requests.
        let bytes = tokio::task::spawn_blocking(move || match format {
            DocumentFormat::Html => Ok(annual::html::write(&report, lang).into_bytes()),
            DocumentFormat::Docx => annual::docx::write(&report, lang),
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("while writing the report: {e}")))??;
        Ok((bytes, format!("rapport-{year}.{}", format.code())))
    }

    /// The « Rapport annuel » page of `year` (by default the last year with
    /// a plan that is over, else the last year with a plan): its sections
    /// with their versions.
    pub async fn annual_page(
        &self,
        year: Option<Year>,
        lang: Lang,
        who: &Actor,
    ) -> Result<AnnualPage, AppError> {
        let years = self.plan_years(who).await?;
        let this_year = self.today().year();
        let year = match year {
            Some(y) => y,
            None => *years
                .iter()
                .rev()
                .find(|y| y.value() < this_year)
                .or(years.last())
                .ok_or_else(|| AppError::NotFound(text!("page-no-plan")))?,
        };
        let mut sections = Vec::new();
        for s in self.report_sections(year, Situation::NOW, who).await? {
            let history = self.report_section_history(year, s.key.code(), who).await?;
            sections.push((s, history));
        }
        Ok(AnnualPage {
            year,
            years,
            title: annual::title(year.value(), lang),
            sections,
        })
    }

    /// Tableau 4 of every session of `year`, as of its 31 December.
    async fn session_reports(
        &self,
        year: Year,
        who: &Actor,
    ) -> Result<Vec<RecommendationsReport>, AppError> {
        let mut out = Vec::new();
        for session in snapshot::sessions_of_year(&self.db, year).await? {
            let Ok(session) = SessionId::parse(&session) else {
                continue;
            };
            out.push(
                self.recommendations_report(&session, end_of(year), who)
                    .await?,
            );
        }
        Ok(out)
    }

    /// The execution rates of `year`: from its snapshot, otherwise from the
    /// reference figures recorded for it.
    async fn earlier_figures(
        &self,
        year: Year,
        who: &Actor,
    ) -> Result<(Option<Earlier>, Option<Earlier>), AppError> {
        if let Some(s) = snapshot::load(&self.db, year).await? {
            let earlier = |rate: Option<f64>| {
                rate.map(|rate| Earlier {
                    rate,
                    source: s.content_hash.clone(),
                    from_snapshot: true,
                })
            };
            return Ok((
                earlier(s.content.activities.execution_rate),
                earlier(s.content.finances.execution_rate),
            ));
        }
        let Some(reference) = self.reference_figures(year, who).await? else {
            return Ok((None, None));
        };
        let earlier = |rate: Option<crate::domain::reference::Rate>| {
            rate.map(|r| Earlier {
                rate: r.percent(),
                source: reference.source.clone(),
                from_snapshot: false,
            })
        };
        Ok((
            earlier(reference.execution_rate),
            earlier(reference.financial_rate),
        ))
    }

    /// The glossary of the report and the structures of the directory,
    /// sorted as a reader looks them up.
    fn acronyms(&self) -> Vec<(String, String)> {
        let mut all: BTreeMap<String, (String, String)> = BTreeMap::new();
        for s in self.directory().all() {
            let code = s.code.to_string();
            all.insert(crate::import::normalize(&code), (code, s.name.clone()));
        }
        for (code, meaning) in &self.report_settings.glossary {
            all.insert(
                crate::import::normalize(code),
                (code.clone(), meaning.clone()),
            );
        }
        all.into_values().collect()
    }
}

/// The situation of a year at its end: what had taken effect by 31 December.
fn end_of(year: Year) -> Situation {
    Situation::as_of(year.last_day())
}
