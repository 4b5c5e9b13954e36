//! A ministry's revue annuelle des projets/programmes as its report gives it:
//! the projects it covered with their financial and physical rates of the
//! year reviewed (as of its 31 December) and their difficulties, then the
//! recommendations formulated, project by project. Written as Word and HTML
//! by the yearly report's writers.

use chrono::NaiveDate;
use serde::Serialize;

use super::annual::{self, Document, Identity, Node};
use super::table::{Cell, Column, Row, Table, Value};
use super::{tables, RecommendationsReport};
use crate::text;
use crate::text::{Arg, Lang, Text};

/// One project the revue covered.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RevueProjectLine {
    pub code: String,
    pub title: String,
    /// Engaged / notified on 31 December of the year reviewed, in percent.
    pub financial_rate: Option<f64>,
    /// As declared by 31 December of the year reviewed.
    pub physical_rate: Option<f64>,
    pub difficulties: Option<String>,
    pub estimated: bool,
}

/// A ministry's revue des projets of one year.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProjectRevueReport {
    pub ministry: String,
    /// The ministry's name in the directory.
    pub ministry_name: String,
    /// The year it is held.
    pub year: i32,
    /// The year it reviews.
    pub reviewed_year: i32,
    pub held_on: Option<NaiveDate>,
    /// The list of projects covered was worked out, not read.
    pub projects_estimated: bool,
    pub projects: Vec<RevueProjectLine>,
    /// Its recommendations, in its own session.
    pub recommendations: RecommendationsReport,
}

/// The projects' table.
pub fn table(r: &ProjectRevueReport) -> Table {
    let rate = |v: Option<f64>| Cell::new(Value::Percent(v));
    let rows = r
        .projects
        .iter()
        .map(|p| {
            Row::line(
                p.code.clone(),
                vec![
                    Cell::text(p.code.clone()),
                    Cell::text(p.title.clone()).estimated(p.estimated),
                    rate(p.financial_rate),
                    rate(p.physical_rate),
                    Cell::opt(&p.difficulties),
                ],
            )
        })
        .collect();
    let mut notes = Vec::new();
    if r.projects_estimated {
        notes.push(Text::new("project-revue-estimated"));
    }
    if r.projects.iter().any(|p| p.estimated) {
        notes.push(Text::new("table-estimated-legend"));
    }
    Table {
        sheet: text!(
            "sheet-project-revue",
            ministry = r.ministry.as_str(),
            year = r.year
        ),
        title: text!(
            "project-revue-table-title",
            ministry = r.ministry.as_str(),
            year = r.reviewed_year
        ),
        columns: vec![
            Column::new("col-code", 12.0, 1),
            Column::new("col-project", 40.0, 5),
            Column::new("col-financial-rate", 12.0, 1),
            Column::new("col-physical-rate", 12.0, 1),
            Column::new("col-difficulties", 40.0, 4),
        ],
        rows,
        notes,
        merged: 0,
        wide: false,
    }
}

/// The recommendations of one project (or of none), as a session's table.
fn recommendations_of(r: &ProjectRevueReport, project: Option<&str>) -> RecommendationsReport {
    let mut s = r.recommendations.clone();
    s.recommendations
        .retain(|l| l.project.as_deref() == project);
    s
}

/// The report's document, in `lang`, under the CPS's identity.
pub fn document(r: &ProjectRevueReport, identity: &Identity, lang: Lang) -> Document {
    let title = text!(
        "project-revue-title",
        ministry = r.ministry.as_str(),
        year = r.reviewed_year
    )
    .render(lang);
    let mut nodes = vec![
        Node::Cover,
        annual::heading(1, text!("project-revue-heading-object").render(lang)),
        annual::para(
            text!(
                "project-revue-object",
                ministry = r.ministry_name.as_str(),
                year = r.reviewed_year,
                count = Arg::Words(r.projects.len() as u64)
            )
            .render(lang),
        ),
        annual::heading(1, text!("project-revue-heading-execution").render(lang)),
        annual::tables::node(&table(r), None, None, lang),
        annual::heading(
            1,
            text!("project-revue-heading-recommendations").render(lang),
        ),
    ];
    let mut projects: Vec<Option<&str>> =
        r.projects.iter().map(|p| Some(p.code.as_str())).collect();
    projects.push(None);
    let mut any = false;
    for project in projects {
        let of = recommendations_of(r, project);
        if of.recommendations.is_empty() {
            continue;
        }
        any = true;
        let heading = match (
            project,
            project.and_then(|c| r.projects.iter().find(|p| p.code == c)),
        ) {
            (_, Some(p)) => text!("project-revue-for-project", title = p.title.as_str()),
            (Some(code), None) => text!("project-revue-for-project", title = code),
            (None, None) => Text::new("project-revue-for-no-project"),
        };
        nodes.push(annual::heading(2, heading.render(lang)));
        nodes.push(annual::tables::node(
            &tables::formulated(&of),
            None,
            None,
            lang,
        ));
    }
    if !any {
        nodes.push(Node::Placeholder(
            text!("project-revue-no-recommendation").render(lang),
        ));
    }
    let month = match r.held_on {
        Some(d) => text::long_date(d, lang),
        None => r.year.to_string(),
    };
    Document {
        title,
        identity: identity.clone(),
        session: text!("project-revue-session", ministry = r.ministry.as_str()).render(lang),
        month,
        nodes,
    }
}
