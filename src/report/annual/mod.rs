//! The yearly report « Rapport d'activités Y et plan d'action Y+1 », in the
//! order of the CPS's own document: everything it shows is gathered in an
//! [`AnnualReport`] by the application layer, laid out once as an
//! [`outline`] of headings, texts, tables and charts, and written from that
//! outline as an HTML page ([`html`]) or a Word document ([`docx`]). The
//! document depends only on the event log: the same log gives the same bytes.
//!
//! The tables are built in `tables.rs`, the sentences with figures in
//! `sentences.rs`. This file stays long because [`outline`] is the whole
//! document in reading order, one step after the other as the CPS's report
//! runs; cut in pieces, that order would no longer be read in one place.
//!
//! (Over 400 lines: the outline of the report follows the document's order from
//! cover to annexes, in one place.)

pub mod docx;
pub mod html;
pub mod markdown;
mod sentences;
pub(crate) mod tables;

use std::collections::BTreeMap;

use serde::Serialize;

use self::markdown::{Block, Span};
use self::sentences::*;
use self::tables::*;
use super::charts;
use super::{ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::domain::activity::Activity;
use crate::domain::annex::{AnnexRows, EquipmentCategory, ReportAnnex};
use crate::domain::report::{SectionKey, UnplannedActivity};
use crate::domain::types::Code;
use crate::projections::snapshot::Adjustment;
use crate::text;
use crate::text::{label, Lang, Text};

/// The heading of the document: who writes it, to whom it is presented.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identity {
    pub ministry: String,
    pub secretariat: String,
    pub cell: String,
    /// The CPS's acronym (`CPS/SCI`).
    pub cell_code: String,
    pub republic: String,
    pub motto: String,
    /// The session the report is presented to.
    pub session: String,
    /// The month of that session in the next year (1–12).
    pub month: u32,
}

/// A figure of the previous year and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Earlier {
    pub rate: f64,
    /// The snapshot's content hash, or the document the figure is taken from.
    pub source: String,
    pub from_snapshot: bool,
}

/// What the tables rest on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Basis {
    /// The last event of the log the document was written from.
    pub position: i64,
    pub head_hash: String,
    /// When that event was recorded (RFC 3339, in Africa/Bamako).
    pub recorded_at: String,
    /// The year-end snapshot the year's tables come from, when it exists:
    /// its content hash and when it was taken.
    pub snapshot: Option<(String, String)>,
}

/// Everything the yearly report of `year` shows.
#[derive(Debug, Clone, Serialize)]
pub struct AnnualReport {
    pub year: i32,
    pub identity: Identity,
    /// Acronyms and what they stand for, sorted.
    pub acronyms: Vec<(String, String)>,
    /// Each section's Markdown, or none when not written yet.
    pub sections: BTreeMap<SectionKey, Option<String>>,
    /// Tableau 3, and the year's activities (for their narratives).
    pub activities: ActivitiesReport,
    pub activity_details: Vec<Activity>,
    pub unplanned: Vec<UnplannedActivity>,
    /// Tableau 4: the sessions of the year.
    pub previous: Vec<RecommendationsReport>,
    /// Tableau 5: the sessions of the next year.
    pub formulated: Vec<RecommendationsReport>,
    pub finances: FinancesReport,
    pub next_finances: FinancesReport,
    /// The next year's plan: its activities with their narratives.
    pub next_plan: Vec<Activity>,
    /// The same plan laid out as `suivi report plan` lays it out (Tableau 6).
    pub next_plan_table: crate::report::plan::PlanReport,
    pub annexes: Vec<ReportAnnex>,
    /// The sector's projects in the year, as of its 31 December.
    pub projects: Option<crate::report::projects::Portfolio>,
    /// The projects presented at the arbitration of the next year's BSI
    /// (held in this one), as of 31 December: the annex, from the events.
    pub bsi: Option<crate::report::projects::Portfolio>,
    pub earlier_execution: Option<Earlier>,
    pub earlier_financial: Option<Earlier>,
    pub basis: Basis,
    pub adjustments: Vec<Adjustment>,
    /// The address of the pages (`public_url`), to link the documents
    /// suivi writes from the activities that produce them; without it, the
    /// links are paths, followed in the HTML page only.
    pub pages: Option<String>,
    /// The years whose sector plan suivi holds (a call opened): only their
    /// documents are linked; another is named without a link.
    pub sector_years: std::collections::BTreeSet<i32>,
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub number: bool,
    pub bold: bool,
    /// A marked month of a chronogramme.
    pub shaded: bool,
    /// How many columns it spans (a total's label over its text columns).
    pub span: u16,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            number: false,
            bold: false,
            shaded: false,
            span: 1,
        }
    }
    fn number(s: impl Into<String>) -> Cell {
        Cell {
            number: true,
            ..Cell::text(s)
        }
    }
    fn bold(mut self) -> Cell {
        self.bold = true;
        self
    }
}

/// The page of a document suivi writes, for the year it is of.
pub fn produced_path(d: &crate::domain::activity::ProducedDocument) -> String {
    use crate::domain::activity::DocumentKind;
    let file = match d.kind {
        DocumentKind::SectorFollowUp => "suivi",
        DocumentKind::SectorPlan => "plan",
    };
    format!("/sector/report/{file}.html?year={}", d.year.value())
}

/// A document laid out as an outline, which the Word and HTML writers lay
/// out the same way: its title, the cover's identity, session and month,
/// and its nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub identity: Identity,
    /// Under the title on the cover.
    pub session: String,
    /// At the foot of the cover (« Janvier 2024 »).
    pub month: String,
    pub nodes: Vec<Node>,
}

impl Document {
    /// The yearly report.
    pub fn annual(r: &AnnualReport, lang: Lang) -> Document {
        Document {
            title: title(r.year, lang),
            identity: r.identity.clone(),
            session: r.identity.session.clone(),
            month: presented(r, lang),
            nodes: outline(r, lang),
        }
    }
}

/// A numbered table or chart of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    /// `table-3`, `chart-1`: the anchor of the HTML page.
    pub id: String,
    pub title: String,
}

/// One element of the document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Cover,
    Toc,
    /// The list of tables and of charts, with their captions.
    Captions(Vec<Caption>, Vec<Caption>),
    /// A heading (level 1 to 3) that starts a page when `new_page`.
    Heading {
        level: u8,
        text: String,
        new_page: bool,
    },
    Blocks(Vec<Block>),
    /// A visible mark for what is not written or imported yet.
    Placeholder(String),
    Table {
        caption: Option<Caption>,
        headers: Vec<String>,
        rows: Vec<Vec<Cell>>,
        /// The source line under the table.
        note: Option<String>,
        /// Relative widths of the columns.
        widths: Vec<u32>,
        /// Many narrow columns (the plan's chronogramme): set smaller, on
        /// landscape pages in Word.
        wide: bool,
    },
    Chart {
        caption: Caption,
        svg: String,
    },
}

pub(crate) fn para(text: String) -> Node {
    Node::Blocks(vec![Block::Paragraph(vec![Span {
        text,
        bold: false,
        italic: false,
    }])])
}

pub(crate) fn heading(level: u8, text: String) -> Node {
    Node::Heading {
        level,
        text,
        new_page: level == 1,
    }
}

/// The year's objectives in the plan's order, with their activities; the
/// activities before the first objective are grouped under an empty name.
fn by_objective<'a, T>(
    items: &'a [T],
    objective: impl Fn(&'a T) -> &'a str,
) -> Vec<(String, Vec<&'a T>)> {
    let mut groups: Vec<(String, Vec<&T>)> = Vec::new();
    let mut current = String::new();
    for item in items {
        let o = objective(item).trim();
        if !o.is_empty() {
            current = o.to_string();
        }
        match groups.iter_mut().find(|(name, _)| *name == current) {
            Some((_, list)) => list.push(item),
            None => groups.push((current.clone(), vec![item])),
        }
    }
    groups
}

/// An objective without the number the plan gives it (« 1. Planifier… »
/// becomes « Planifier… »), for a heading that has its own number.
fn unnumbered(objective: &str) -> &str {
    let rest = objective.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let prefix = &objective[..objective.len() - rest.len()];
    if prefix.contains('.') && rest.starts_with(' ') {
        rest.trim_start()
    } else {
        objective
    }
}

/// The Markdown of a text, or a placeholder naming what to write.
fn section_nodes(report: &AnnualReport, key: SectionKey, lang: Lang) -> Vec<Node> {
    match report.sections.get(&key).cloned().flatten() {
        Some(markdown) => vec![Node::Blocks(markdown::blocks(&markdown))],
        None => vec![Node::Placeholder(
            text!(
                "section-placeholder",
                section = label(lang, "section", key.code()),
                year = report.year
            )
            .render(lang),
        )],
    }
}

impl AnnualReport {
    fn annex(&self, f: impl Fn(&AnnexRows) -> bool) -> Option<&AnnexRows> {
        self.annexes
            .iter()
            .filter_map(|a| a.rows.as_ref())
            .find(|r| f(r))
    }

    /// A message with the report's usual arguments (`year`, `next`, `cps`).
    fn t(&self, id: &'static str) -> Text {
        text!(
            id,
            year = self.year,
            next = self.year + 1,
            cps = self.identity.cell_code.as_str()
        )
    }
}

/// The title of the document.
pub fn title(year: i32, lang: Lang) -> String {
    text!("annual-title", year = year, next = year + 1).render(lang)
}

/// The document in reading order.
pub fn outline(r: &AnnualReport, lang: Lang) -> Vec<Node> {
    let say = |id: &'static str| r.t(id).render(lang);
    let mut tables: Vec<Caption> = Vec::new();
    let mut figures: Vec<Caption> = Vec::new();
    let mut table_caption = |n: u32, id: &'static str| {
        let c = Caption {
            id: format!("table-{n}"),
            title: r.t(id).render(lang),
        };
        tables.push(c.clone());
        c
    };
    let mut chart_caption = |n: u32, id: &'static str| {
        let c = Caption {
            id: format!("chart-{n}"),
            title: r.t(id).render(lang),
        };
        figures.push(c.clone());
        c
    };
    let source = Some(say("annual-source"));
    let mut body: Vec<Node> = Vec::new();

    // Introduction and chapter I.
    body.push(heading(1, say("annual-introduction")));
    body.extend(section_nodes(r, SectionKey::Introduction, lang));
    body.push(heading(1, say("annual-chapter-1")));
    body.push(heading(2, say("annual-missions")));
    body.extend(section_nodes(r, SectionKey::Missions, lang));
    body.push(heading(2, say("annual-organisation")));
    body.extend(section_nodes(r, SectionKey::Organisation, lang));
    body.push(heading(2, say("annual-resources")));
    body.push(heading(3, say("annual-human")));
    body.extend(section_nodes(r, SectionKey::RessourcesHumaines, lang));
    match r.annex(|a| matches!(a, AnnexRows::Personnel(_))) {
        Some(AnnexRows::Personnel(staff)) => body.push(para(
            text!(
                "annual-staff",
                total = staff.len(),
                contractual = staff.iter().filter(|m| m.contractual()).count(),
                cps = r.identity.cell_code.as_str()
            )
            .render(lang),
        )),
        _ => body.push(Node::Placeholder(say("annual-staff-missing"))),
    }
    body.push(heading(3, say("annual-material")));
    body.extend(section_nodes(r, SectionKey::RessourcesMaterielles, lang));
    let inventory = match r.annex(|a| matches!(a, AnnexRows::Inventaire(_))) {
        Some(AnnexRows::Inventaire(items)) => Some(items),
        _ => None,
    };
    for (n, category, id) in [
        (1, EquipmentCategory::ParcAuto, "annual-table-1"),
        (2, EquipmentCategory::ParcInformatique, "annual-table-2"),
    ] {
        match inventory {
            Some(items) => body.push(equipment_table(
                table_caption(n, id),
                items,
                category,
                lang,
                &source,
            )),
            None => {
                body.push(para(say(id)));
                body.push(Node::Placeholder(say("annual-inventory-missing")));
            }
        }
    }
    body.push(heading(3, say("annual-financial")));
    body.extend(financial_resources(r, lang));
    body.push(heading(2, say("annual-plan")));
    body.push(activities_table(
        r,
        table_caption(3, "annual-table-3"),
        lang,
    ));
    body.push(para(execution_sentence(r, lang)));
    let named = |o: &str| {
        if o.is_empty() {
            lang.t("annual-no-objective")
        } else {
            o.to_string()
        }
    };
    let objectives: Vec<(String, Vec<_>)> =
        by_objective(&r.activities.activities, |a| a.objective.as_str())
            .into_iter()
            .map(|(o, list)| (named(&o), list))
            .collect();
    let rows: Vec<(String, usize, usize)> = objectives
        .iter()
        .map(|(o, list)| {
            let executed = list
                .iter()
                .filter(|a| a.status == crate::domain::activity::ActivityStatus::Executed)
                .count();
            (o.clone(), executed, list.len())
        })
        .collect();
    if !rows.is_empty() {
        body.push(Node::Chart {
            caption: chart_caption(1, "annual-chart-1"),
            svg: charts::rates_by_objective(&rows, lang),
        });
    }
    if !r.unplanned.is_empty() {
        body.push(para(
            text!("annual-unplanned-mention", count = r.unplanned.len()).render(lang),
        ));
    }
    body.push(heading(2, say("annual-previous")));
    if r.previous.is_empty() {
        body.push(para(say("annual-table-4")));
        body.push(Node::Placeholder(say("annual-previous-missing")));
    }
    for (i, session) in r.previous.iter().enumerate() {
        let caption = (i == 0).then(|| table_caption(4, "annual-table-4"));
        body.push(recommendations_table(session, caption, lang));
        body.push(para(
            text!(
                "table4-summary",
                total = session.total,
                session = session.session.as_str(),
                executed = session.executed,
                in_progress = session.in_progress,
                not_executed = session.not_executed
            )
            .render(lang),
        ));
    }
    if r.previous.iter().any(|s| s.total > 0) {
        let sum = |f: fn(&RecommendationsReport) -> usize| r.previous.iter().map(f).sum();
        body.push(Node::Chart {
            caption: chart_caption(2, "annual-chart-2"),
            svg: charts::recommendations_by_status(
                sum(|s| s.executed),
                sum(|s| s.in_progress),
                sum(|s| s.not_executed),
                lang,
            ),
        });
    }

    // Chapter II.
    body.push(heading(1, say("annual-chapter-2")));
    body.push(heading(2, say("annual-physical")));
    let details: BTreeMap<String, &Activity> = r
        .activity_details
        .iter()
        .filter_map(|a| Some((a.id.as_ref()?.code.to_string(), a)))
        .collect();
    for (n, (objective, list)) in objectives.iter().enumerate() {
        body.push(heading(
            3,
            text!(
                "annual-numbered",
                number = format!("2.1.{}", n + 1),
                title = unnumbered(objective)
            )
            .render(lang),
        ));
        let mut blocks = Vec::new();
        for line in list {
            blocks.push(Block::Item {
                depth: 1,
                number: None,
                spans: vec![Span {
                    text: format!(
                        "{} ({})",
                        line.title,
                        label(lang, "activity-status", line.status.code())
                    ),
                    bold: true,
                    italic: false,
                }],
            });
            match details.get(&line.code).and_then(|a| a.narrative.as_deref()) {
                Some(narrative) => blocks.extend(markdown::blocks(narrative)),
                None => {
                    if let Some(o) = line.observation.as_deref() {
                        blocks.push(Block::Paragraph(vec![Span {
                            text: o.to_string(),
                            bold: false,
                            italic: false,
                        }]));
                    }
                }
            }
            if let Some(d) = details.get(&line.code).and_then(|a| a.produces) {
                let text =
                    text!("annual-produced", document = crate::text::produced(&d)).render(lang);
                blocks.push(if r.sector_years.contains(&d.year.value()) {
                    Block::Link {
                        text,
                        url: format!(
                            "{}{}",
                            r.pages.as_deref().unwrap_or_default(),
                            produced_path(&d)
                        ),
                    }
                } else {
                    Block::Paragraph(vec![Span {
                        text,
                        bold: false,
                        italic: true,
                    }])
                });
            }
        }
        body.push(Node::Blocks(blocks));
    }
    body.push(heading(
        3,
        text!(
            "annual-numbered",
            number = format!("2.1.{}", objectives.len() + 1),
            title = say("annual-unplanned")
        )
        .render(lang),
    ));
    if r.unplanned.is_empty() {
        body.push(para(say("annual-unplanned-none")));
    } else {
        body.push(para(say("annual-unplanned-note")));
        let mut blocks = Vec::new();
        for u in &r.unplanned {
            let mut title = u.title.clone();
            if let Some(p) = &u.period {
                title.push_str(&format!(" ({p})"));
            }
            blocks.push(Block::Item {
                depth: 1,
                number: None,
                spans: vec![Span {
                    text: title,
                    bold: true,
                    italic: false,
                }],
            });
            if let Some(o) = &u.observation {
                blocks.extend(markdown::blocks(o));
            }
        }
        body.push(Node::Blocks(blocks));
    }
    body.push(heading(2, say("annual-financial-execution")));
    body.push(para(financial_sentence(r, lang)));
    const STAGES: [&str; 4] = ["allotted", "notified", "engaged", "liquidated"];
    let lines: Vec<(String, [i64; 4], [bool; 4])> = r
        .finances
        .lines
        .iter()
        .map(|l| {
            let a = l.amounts;
            (
                label(lang, "budget-line", &l.line),
                [a.allotted, a.notified, a.engaged, a.liquidated],
                STAGES.map(|s| l.estimated.iter().any(|e| e == s)),
            )
        })
        .collect();
    let estimated: Vec<String> = r
        .finances
        .lines
        .iter()
        .flat_map(|l| {
            l.estimated.iter().map(|kind| {
                format!(
                    "{} {}",
                    label(lang, "credit-kind", kind),
                    label(lang, "budget-line", &l.line)
                )
            })
        })
        .collect();
    if r.finances.total.allotted + r.finances.total.notified > 0 {
        body.push(Node::Chart {
            caption: chart_caption(3, "annual-chart-3"),
            svg: charts::finances_by_line(&lines, lang),
        });
    }
    if !estimated.is_empty() {
        body.push(para(
            text!("annual-estimated", list = estimated.join(", ")).render(lang),
        ));
    }
    if r.projects.is_some() || r.bsi.is_some() {
        body.push(heading(2, say("annual-projects")));
        if let Some(bsi) = &r.bsi {
            body.push(para(bsi.arbitration_sentence().render(lang)));
        }
        if let Some(p) = r.projects.as_ref().filter(|p| !p.projects.is_empty()) {
            body.push(para(p.execution_sentence().render(lang)));
        }
    }
    body.push(heading(2, say("annual-difficulties")));
    body.extend(section_nodes(r, SectionKey::Difficultes, lang));
    body.push(heading(2, say("annual-perspectives")));
    body.extend(section_nodes(r, SectionKey::Perspectives, lang));

    // Chapter III.
    body.push(heading(1, say("annual-chapter-3")));
    let next_groups: Vec<(String, Vec<_>)> = by_objective(&r.next_plan, |a| {
        a.plan.as_ref().map_or("", |p| p.objective.as_str())
    })
    .into_iter()
    .map(|(o, list)| (named(&o), list))
    .collect();
    body.push(heading(2, say("annual-objectives")));
    if next_groups.is_empty() {
        body.push(Node::Placeholder(say("annual-next-plan-missing")));
    } else {
        body.push(Node::Blocks(
            next_groups
                .iter()
                .map(|(o, _)| Block::Item {
                    depth: 1,
                    number: None,
                    spans: vec![Span {
                        text: o.clone(),
                        bold: false,
                        italic: false,
                    }],
                })
                .collect(),
        ));
    }
    body.push(heading(2, say("annual-financing")));
    body.push(para(next_financing_sentence(r, lang)));
    body.push(heading(2, say("annual-activities")));
    for (n, (objective, list)) in next_groups.iter().enumerate() {
        body.push(heading(
            3,
            text!(
                "annual-numbered",
                number = format!("3.3.{}", n + 1),
                title = unnumbered(objective)
            )
            .render(lang),
        ));
        let mut blocks = Vec::new();
        for a in list {
            let Some(plan) = &a.plan else { continue };
            blocks.push(Block::Item {
                depth: 1,
                number: None,
                spans: vec![Span {
                    text: plan.title.clone(),
                    bold: true,
                    italic: false,
                }],
            });
            match &a.narrative {
                Some(n) => blocks.extend(markdown::blocks(n)),
                None if !plan.indicator.is_empty() => blocks.push(Block::Paragraph(vec![Span {
                    text: text!("annual-indicator", indicator = plan.indicator.as_str())
                        .render(lang),
                    bold: false,
                    italic: true,
                }])),
                None => {}
            }
        }
        body.push(Node::Blocks(blocks));
    }

    // Conclusion, Tableau 5, the plan of the next year.
    body.push(heading(1, say("annual-conclusion")));
    body.extend(section_nodes(r, SectionKey::Conclusion, lang));
    if r.formulated.is_empty() {
        body.push(para(say("annual-table-5")));
        body.push(Node::Placeholder(say("annual-formulated-missing")));
    }
    for (i, session) in r.formulated.iter().enumerate() {
        let caption = (i == 0).then(|| table_caption(5, "annual-table-5"));
        body.push(formulated_table(session, caption, lang));
    }
    body.push(heading(1, say("annual-plan-heading")));
    body.push(plan_table(r, table_caption(6, "annual-table-6"), lang));

    // Annexes.
    body.push(heading(1, say("annual-annexes")));
    for (kind, id) in [
        ("projets_bsi", "annual-annex-bsi"),
        ("personnel", "annual-annex-staff"),
        ("reunions", "annual-annex-meetings"),
    ] {
        body.push(heading(2, say(id)));
        if kind == "projets_bsi" {
            // From the arbitration's events when recorded; the imported table
            // of older years otherwise.
            if let Some(bsi) = r.bsi.as_ref().filter(|b| b.presented > 0) {
                body.push(tables::bsi_table(bsi, lang));
                continue;
            }
        }
        match r.annex(|a| a.kind().code() == kind) {
            Some(rows) => body.push(annex_table(rows, lang)),
            None => body.push(Node::Placeholder(
                text!("annual-annex-missing", year = r.year, kind = kind).render(lang),
            )),
        }
    }
    if r.basis.snapshot.is_some() {
        body.push(heading(2, say("annual-annex-adjustments")));
        body.push(adjustments_table(r, lang));
    }
    body.push(heading(2, say("annual-provenance")));
    body.push(para(provenance_sentence(r, lang)));

    let mut doc = vec![
        Node::Cover,
        Node::Heading {
            level: 0,
            text: say("annual-toc"),
            new_page: true,
        },
        Node::Toc,
        Node::Captions(tables, figures),
    ];
    doc.push(Node::Heading {
        level: 0,
        text: say("annual-acronyms"),
        new_page: true,
    });
    doc.push(Node::Table {
        caption: None,
        headers: vec![say("annual-col-acronym"), say("annual-col-meaning")],
        rows: r
            .acronyms
            .iter()
            .map(|(a, m)| vec![Cell::text(a.clone()).bold(), Cell::text(m.clone())])
            .collect(),
        note: None,
        widths: vec![1, 4],
        wide: false,
    });
    doc.extend(body);
    doc
}

/// The month and year the report is presented (« Janvier 2024 »).
pub fn presented(r: &AnnualReport, lang: Lang) -> String {
    let month = Text::new(format!("month-{}", r.identity.month.clamp(1, 12))).render(lang);
    let mut chars = month.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{capital} {}", r.year + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_objective_loses_its_plan_number_in_a_numbered_heading() {
        assert_eq!(unnumbered("1. Planifier, suivre"), "Planifier, suivre");
        assert_eq!(unnumbered("2.1 Les données"), "Les données");
        assert_eq!(unnumbered("2023 en chiffres"), "2023 en chiffres");
        assert_eq!(unnumbered("Renforcer"), "Renforcer");
    }

    #[test]
    fn objectives_group_their_activities_in_the_plan_order() {
        let items = [("1. A", 1), ("", 2), ("2. B", 3), ("", 4), ("1. A", 5)];
        let groups = by_objective(&items, |i| i.0);
        let shape: Vec<(String, Vec<i32>)> = groups
            .into_iter()
            .map(|(o, l)| (o, l.iter().map(|i| i.1).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![("1. A".into(), vec![1, 2, 5]), ("2. B".into(), vec![3, 4])]
        );
    }

    #[test]
    fn every_message_of_the_document_exists_in_both_languages() {
        let source = [
            include_str!("mod.rs"),
            include_str!("tables.rs"),
            include_str!("sentences.rs"),
            include_str!("html.rs"),
            include_str!("docx.rs"),
        ]
        .concat();
        let ids: Vec<&str> = source
            .split('"')
            .filter(|s| s.starts_with("annual-") || s.starts_with("col-"))
            .filter(|s| !s.contains(' ') && !s.ends_with('-'))
            .collect();
        assert!(ids.len() > 40);
        for lang in Lang::ALL {
            for id in &ids {
                assert_ne!(lang.t(id), *id, "{id} missing in {}", lang.code());
            }
        }
    }
}
