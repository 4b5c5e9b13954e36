//! The yearly report as one self-contained HTML page, ready to print on A4:
//! its style inline, its charts inline as SVG, a page break before each
//! chapter, the table headers repeated on each printed page.

use std::fmt::Write;

use super::markdown::{Block, Span};
use super::{AnnualReport, Caption, Cell, Document, Node};
use crate::report::escape_xml;
use crate::text::Lang;

const STYLE: &str = r#"
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 190mm; margin: 0 auto; line-height: 1.4; }
h1 { font-size: 15pt; text-transform: uppercase; margin-top: 0; padding-top: 6mm; border-bottom: 2px solid #14532d; }
h2 { font-size: 12.5pt; margin-top: 7mm; }
h3 { font-size: 11pt; margin-top: 5mm; }
.new-page { break-before: page; }
.cover { text-align: center; min-height: 250mm; display: flex; flex-direction: column; justify-content: space-between; }
.cover .top { display: flex; justify-content: space-between; text-align: center; font-weight: bold; text-transform: uppercase; font-size: 10pt; }
.cover .title { font-size: 20pt; font-weight: bold; text-transform: uppercase; margin: 40mm 0 8mm; }
.cover .session { font-size: 13pt; text-transform: uppercase; }
.cover .month { font-size: 12pt; margin-bottom: 20mm; }
.motto { font-style: italic; font-weight: normal; text-transform: none; }
nav.toc ol, ol.captions { list-style: none; padding-left: 0; }
nav.toc li.l2 { padding-left: 6mm; }
nav.toc li.l3 { padding-left: 12mm; font-size: 9.5pt; }
nav.toc a { color: inherit; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #555; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #e7efe9; }
td.n { text-align: right; white-space: nowrap; }
td.b { font-weight: bold; }
td.m { background: #14532d; color: #fff; text-align: center; }
table.plan { font-size: 7.5pt; }
table.plan th.m { width: 4mm; padding: 0.5mm; text-align: center; }
caption { caption-side: top; font-weight: bold; text-align: left; padding-bottom: 1.5mm; }
p.note { font-size: 8.5pt; font-style: italic; margin-top: 0; }
.placeholder { border: 1px dashed #b42318; color: #b42318; background: #fff5f4; padding: 2mm 3mm; }
figure { margin: 4mm 0; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 2mm; }
footer.provenance { font-size: 8.5pt; color: #333; }
@media screen { body { padding: 8mm; } .new-page { border-top: 1px dotted #999; margin-top: 10mm; } }
"#;

fn spans(out: &mut String, list: &[Span]) {
    for s in list {
        let t = escape_xml(&s.text);
        match (s.bold, s.italic) {
            (true, true) => write!(out, "<strong><em>{t}</em></strong>"),
            (true, false) => write!(out, "<strong>{t}</strong>"),
            (false, true) => write!(out, "<em>{t}</em>"),
            (false, false) => write!(out, "{t}"),
        }
        .expect("writing to a string");
    }
}

fn blocks(out: &mut String, list: &[Block]) {
    let mut open_list = false;
    for b in list {
        let is_item = matches!(b, Block::Item { .. });
        if open_list && !is_item {
            out.push_str("</ul>\n");
            open_list = false;
        }
        match b {
            Block::Paragraph(s) => {
                out.push_str("<p>");
                spans(out, s);
                out.push_str("</p>\n");
            }
            Block::Link { text, url } => {
                writeln!(
                    out,
                    r#"<p class="link"><a href="{}">{}</a></p>"#,
                    escape_xml(url),
                    escape_xml(text)
                )
                .expect("writing to a string");
            }
            Block::Heading(level, s) => {
                let tag = format!("h{}", (level + 3).min(6));
                write!(out, "<{tag}>").expect("writing to a string");
                spans(out, s);
                writeln!(out, "</{tag}>").expect("writing to a string");
            }
            Block::Item {
                depth,
                number,
                spans: s,
            } => {
                if !open_list {
                    out.push_str("<ul>\n");
                    open_list = true;
                }
                let indent = u32::from(depth.saturating_sub(1)) * 6;
                write!(out, r#"<li style="margin-left:{indent}mm">"#).expect("writing to a string");
                if let Some(n) = number {
                    write!(out, "{n}. ").expect("writing to a string");
                }
                spans(out, s);
                out.push_str("</li>\n");
            }
        }
    }
    if open_list {
        out.push_str("</ul>\n");
    }
}

fn anchor(n: usize) -> String {
    format!("s{n}")
}

fn captions(out: &mut String, heading: &str, list: &[Caption]) {
    if list.is_empty() {
        return;
    }
    writeln!(
        out,
        "<h2>{}</h2>\n<ol class=\"captions\">",
        escape_xml(heading)
    )
    .expect("writing to a string");
    for c in list {
        writeln!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            c.id,
            escape_xml(&c.title)
        )
        .expect("writing to a string");
    }
    out.push_str("</ol>\n");
}

fn table(
    out: &mut String,
    caption: &Option<Caption>,
    headers: &[String],
    rows: &[Vec<Cell>],
    note: &Option<String>,
    plan: bool,
) {
    let (id, class) = match caption {
        Some(c) => (
            format!(" id=\"{}\"", c.id),
            if plan { " class=\"plan\"" } else { "" },
        ),
        None => (String::new(), ""),
    };
    writeln!(out, "<table{id}{class}>").expect("writing to a string");
    if let Some(c) = caption {
        writeln!(out, "<caption>{}</caption>", escape_xml(&c.title)).expect("writing to a string");
    }
    out.push_str("<thead><tr>");
    for h in headers {
        let class = if plan && h.chars().count() == 1 {
            " class=\"m\""
        } else {
            ""
        };
        write!(out, "<th{class}>{}</th>", escape_xml(h)).expect("writing to a string");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for c in row {
            let mut classes = Vec::new();
            if c.number {
                classes.push("n");
            }
            if c.bold {
                classes.push("b");
            }
            if c.shaded {
                classes.push("m");
            }
            let class = if classes.is_empty() {
                String::new()
            } else {
                format!(" class=\"{}\"", classes.join(" "))
            };
            let span = if c.span > 1 {
                format!(" colspan=\"{}\"", c.span)
            } else {
                String::new()
            };
            write!(out, "<td{class}{span}>{}</td>", escape_xml(&c.text))
                .expect("writing to a string");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(n) = note {
        writeln!(out, "<p class=\"note\">{}</p>", escape_xml(n)).expect("writing to a string");
    }
}

/// The page, in `lang`.
pub fn write(r: &AnnualReport, lang: Lang) -> String {
    write_document(&Document::annual(r, lang), lang)
}

/// Any document laid out as an outline, as one page in `lang`.
pub fn write_document(d: &Document, lang: Lang) -> String {
    let nodes = &d.nodes;
    let doc_title = &d.title;
    let id = &d.identity;
    let mut out = String::with_capacity(64 * 1024);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        escape_xml(doc_title)
    )
    .expect("writing to a string");
    let headings: Vec<(usize, u8, &str)> = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            Node::Heading { level, text, .. } if (1..=3).contains(level) => {
                Some((i, *level, text.as_str()))
            }
            _ => None,
        })
        .collect();
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Node::Cover => {
                write!(
                    out,
                    "<section class=\"cover\">\n<div class=\"top\"><div>{}<br><br>{}<br><br>{}</div><div>{}<br><span class=\"motto\">{}</span></div></div>\n<div><div class=\"title\">{}</div><div class=\"session\">{}</div></div>\n<div class=\"month\">{}</div>\n</section>\n",
                    escape_xml(&id.ministry),
                    escape_xml(&id.secretariat),
                    escape_xml(&id.cell),
                    escape_xml(&id.republic),
                    escape_xml(&id.motto),
                    escape_xml(doc_title),
                    escape_xml(&d.session),
                    escape_xml(&d.month),
                )
                .expect("writing to a string");
            }
            Node::Toc => {
                out.push_str("<nav class=\"toc\"><ol>\n");
                for (at, level, text) in &headings {
                    writeln!(
                        out,
                        "<li class=\"l{level}\"><a href=\"#{}\">{}</a></li>",
                        anchor(*at),
                        escape_xml(text)
                    )
                    .expect("writing to a string");
                }
                out.push_str("</ol></nav>\n");
            }
            Node::Captions(tables, charts) => {
                captions(&mut out, &lang.t("annual-tables"), tables);
                captions(&mut out, &lang.t("annual-charts"), charts);
            }
            Node::Heading {
                level,
                text,
                new_page,
            } => {
                let tag = format!("h{}", level.max(&1));
                let class = if *new_page { " class=\"new-page\"" } else { "" };
                writeln!(
                    out,
                    "<{tag} id=\"{}\"{class}>{}</{tag}>",
                    anchor(i),
                    escape_xml(text)
                )
                .expect("writing to a string");
            }
            Node::Blocks(list) => blocks(&mut out, list),
            Node::Placeholder(text) => {
                writeln!(out, "<p class=\"placeholder\">{}</p>", escape_xml(text))
                    .expect("writing to a string");
            }
            Node::Table {
                caption,
                headers,
                rows,
                note,
                wide,
                ..
            } => table(&mut out, caption, headers, rows, note, *wide),
            Node::Chart { caption, svg } => {
                writeln!(
                    out,
                    "<figure id=\"{}\"><figcaption>{}</figcaption>{svg}</figure>",
                    caption.id,
                    escape_xml(&caption.title)
                )
                .expect("writing to a string");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
