//! The sentences of the yearly report that carry figures: the credits, the
//! execution rates with the previous year's, the next year's financing and
//! where the figures come from.

use super::{para, AnnualReport, Earlier, Node};
use crate::domain::finance::BudgetLine;
use crate::domain::types::Code;
use crate::text;
use crate::text::{Arg, Lang};

pub(super) fn financial_resources(r: &AnnualReport, lang: Lang) -> Vec<Node> {
    let f = &r.finances;
    if f.total.allotted == 0 && f.total.notified == 0 {
        return vec![Node::Placeholder(
            text!("annual-credits-missing", year = r.year).render(lang),
        )];
    }
    let line = |code: &str| f.lines.iter().find(|l| l.line == code).map(|l| l.amounts);
    let (bsi, op) = (
        line(BudgetLine::Bsi.code()).unwrap_or_default(),
        line(BudgetLine::Fonctionnement.code()).unwrap_or_default(),
    );
    vec![
        para(
            text!(
                "annual-allotted",
                year = r.year,
                total = Arg::Amount(f.total.allotted),
                bsi = Arg::Amount(bsi.allotted),
                operating = Arg::Amount(op.allotted)
            )
            .render(lang),
        ),
        para(
            text!(
                "annual-notified",
                total = Arg::Amount(f.total.notified),
                bsi = Arg::Amount(bsi.notified),
                operating = Arg::Amount(op.notified)
            )
            .render(lang),
        ),
    ]
}

fn earlier_text(e: &Option<Earlier>, year: i32, lang: Lang) -> String {
    match e {
        Some(e) => text!(
            "annual-compare",
            rate = lang.percent(Some(e.rate)),
            year = year - 1,
            source = if e.from_snapshot {
                text!("annual-from-snapshot", hash = short_hash(&e.source)).render(lang)
            } else {
                e.source.clone()
            }
        )
        .render(lang),
        None => String::new(),
    }
}

pub(super) fn execution_sentence(r: &AnnualReport, lang: Lang) -> String {
    let a = &r.activities;
    text!(
        "annual-execution",
        planned = a.planned,
        executed = a.executed,
        year = r.year,
        rate = lang.percent(a.execution_rate),
        compare = earlier_text(&r.earlier_execution, r.year, lang)
    )
    .render(lang)
}

pub(super) fn financial_sentence(r: &AnnualReport, lang: Lang) -> String {
    let f = &r.finances;
    if f.total.notified == 0 {
        return text!("annual-credits-missing", year = r.year).render(lang);
    }
    text!(
        "annual-financial-text",
        year = r.year,
        notified = Arg::Amount(f.total.notified),
        engaged = Arg::Amount(f.total.engaged),
        liquidated = Arg::Amount(f.total.liquidated),
        rate = lang.percent(f.execution_rate),
        compare = earlier_text(&r.earlier_financial, r.year, lang)
    )
    .render(lang)
}

pub(super) fn next_financing_sentence(r: &AnnualReport, lang: Lang) -> String {
    let f = &r.next_finances;
    let plan = &r.next_plan_table;
    let cost = text!(
        "annual-plan-cost",
        total = Arg::Amount(plan.total as i64),
        budgeted = plan.budgeted,
        planned = plan.activities.len()
    )
    .render(lang);
    let credits = if f.total.allotted > 0 {
        text!(
            "annual-next-allotted",
            year = r.year + 1,
            total = Arg::Amount(f.total.allotted)
        )
        .render(lang)
    } else {
        text!("annual-next-credits-missing", year = r.year + 1).render(lang)
    };
    format!("{credits} {cost}")
}

fn short_hash(h: &str) -> String {
    h.chars().take(16).collect()
}

pub(super) fn provenance_sentence(r: &AnnualReport, lang: Lang) -> String {
    let b = &r.basis;
    let head = text!(
        "annual-provenance-head",
        position = b.position,
        hash = b.head_hash.as_str(),
        at = crate::text::moment(&b.recorded_at, lang)
    )
    .render(lang);
    let tables = match &b.snapshot {
        Some((hash, taken)) => text!(
            "annual-provenance-snapshot",
            year = r.year,
            hash = hash.as_str(),
            taken = crate::text::moment(taken, lang)
        )
        .render(lang),
        None => text!("annual-provenance-now", year = r.year).render(lang),
    };
    format!("{head} {tables}")
}
