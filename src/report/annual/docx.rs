//! The yearly report as a Word document (docx-rs): A4, real heading styles
//! under a table-of-contents field, tables whose header row repeats on each
//! page, page numbers in the footer, the charts as PNG drawn from the same
//! SVG as the HTML page. docx-rs has no switch for a repeated header row, so
//! the header rows' properties get `<w:tblHeader/>` after the XML is built,
//! and its paragraph ids are numbered again there ([`settle`]): the only
//! OOXML touched here by hand. The file stays whole (past 400 lines): one
//! writer, node by node, and the few patches it needs beside it.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Hyperlink, HyperlinkType, PageMargin, PageNum,
    PageOrientationType, PageSize, Paragraph, Pic, Run, RunFonts, SectionProperty, Shading,
    ShdType, SpecialIndentType, Style, StyleType, Table, TableCell, TableLayoutType,
    TableOfContents, TableOfContentsItem, TableRow, WidthType,
};

use super::markdown::{Block, Span};
use super::{AnnualReport, Caption, Cell, Document, Node};
use crate::report::{charts, printable};
use crate::text::Lang;

/// A4 in twentieths of a point, and its text width with 2 cm margins.
const A4: (u32, u32) = (11_906, 16_838);
const MARGIN: i32 = 1_134;
const TEXT_WIDTH: u32 = A4.0 - 2 * MARGIN as u32;
/// The text width of a landscape page, for the wide tables.
const WIDE_TEXT_WIDTH: u32 = A4.1 - 2 * MARGIN as u32;
/// A cell's left and right margins together (Word's default, 0,19 cm each).
const CELL_MARGINS: u32 = 2 * 108;
/// EMU per pixel at 96 dpi.
const EMU_PER_PX: u32 = 9_525;
const FONT: &str = "Arial";
const GREEN: &str = "14532D";
const HEADER_FILL: &str = "E7EFE9";
const PLACEHOLDER: &str = "B42318";

fn styles(docx: Docx) -> Docx {
    // Ordinary paragraphs are « Normal », the document's default style
    // (marked as such in [`settle_styles`]).
    let normal = Style::new("Normal", StyleType::Paragraph).name("Normal");
    let heading = |id: &str, name: &str, level: usize, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .color(GREEN)
            .outline_lvl(level)
    };
    docx.add_style(normal)
        .add_style(heading("Heading1", "heading 1", 0, 30))
        .add_style(heading("Heading2", "heading 2", 1, 25))
        .add_style(heading("Heading3", "heading 3", 2, 22))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .bold()
                .size(40)
                .color(GREEN),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("Normal")
                .bold()
                .size(19),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(21)
}

/// A run of text: docx-rs escapes it, [`printable`] drops what XML cannot hold.
fn text_run(text: &str) -> Run {
    Run::new().add_text(printable(text))
}

fn run(s: &Span, size: Option<usize>) -> Run {
    let mut r = text_run(&s.text);
    if s.bold {
        r = r.bold();
    }
    if s.italic {
        r = r.italic();
    }
    if let Some(size) = size {
        r = r.size(size);
    }
    r
}

fn text_paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(text_run(text))
}

fn blocks(mut docx: Docx, list: &[Block]) -> Docx {
    for b in list {
        let p = match b {
            Block::Paragraph(spans) => spans
                .iter()
                .fold(Paragraph::new().align(AlignmentType::Both), |p, s| {
                    p.add_run(run(s, None))
                }),
            Block::Link { text, url } if url.starts_with("http") => Paragraph::new().add_hyperlink(
                Hyperlink::new(url.as_str(), HyperlinkType::External)
                    .add_run(text_run(text).color("0563C1").underline("single")),
            ),
            Block::Link { text, .. } => Paragraph::new().add_run(text_run(text).italic()),
            Block::Heading(_, spans) => spans.iter().fold(Paragraph::new(), |p, s| {
                p.add_run(run(
                    &Span {
                        bold: true,
                        ..s.clone()
                    },
                    None,
                ))
            }),
            Block::Item {
                depth,
                number,
                spans,
            } => {
                let mark = match number {
                    Some(n) => format!("{n}.\t"),
                    None => "–\t".to_string(),
                };
                let left = 360 * i32::from(*depth);
                spans.iter().fold(
                    Paragraph::new()
                        .indent(
                            Some(left),
                            Some(SpecialIndentType::Hanging(360)),
                            None,
                            None,
                        )
                        .add_run(text_run(&mark)),
                    |p, s| p.add_run(run(s, None)),
                )
            }
        };
        docx = docx.add_paragraph(p);
    }
    docx
}

fn caption(c: &Caption) -> Paragraph {
    text_paragraph(&c.title).style("Caption").keep_next(true)
}

fn cell(
    text: &str,
    bold: bool,
    right: bool,
    size: usize,
    fill: Option<&str>,
    width: usize,
    span: u16,
) -> TableCell {
    let mut r = text_run(text).size(size);
    if bold {
        r = r.bold();
    }
    let mut p = Paragraph::new().add_run(r);
    if right {
        p = p.align(AlignmentType::Right);
    }
    let mut c = TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa);
    if span > 1 {
        c = c.grid_span(usize::from(span));
    }
    if let Some(fill) = fill {
        c = c.shading(Shading::new().shd_type(ShdType::Clear).fill(fill));
    }
    c
}

/// The width a header's longest word needs in a cell, in twentieths of a
/// point, at `size` half-points in bold: a generous 0,75 em a letter (Arial
/// Bold's capitals average under 0,7 em), so that no header breaks inside a
/// word.
pub fn header_word_width(header: &str, size: usize) -> u32 {
    let longest = header
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0) as u32;
    // size / 2 points, 20 twips a point, 0,75 em a letter.
    longest * size as u32 * 10 * 3 / 4 + CELL_MARGINS
}

/// The columns' widths: `widths` shared out over `text_width`, every column
/// at least as wide as its header's longest word; what a column needs more
/// is taken from those that have room.
fn fit(headers: &[String], widths: &[u32], size: usize, text_width: u32) -> Vec<u32> {
    let total: u32 = widths.iter().sum::<u32>().max(1);
    let mut grid: Vec<u32> = widths.iter().map(|w| text_width * w / total).collect();
    let needs: Vec<u32> = headers.iter().map(|h| header_word_width(h, size)).collect();
    for _ in 0..headers.len() {
        let short: u32 = grid
            .iter()
            .zip(&needs)
            .map(|(g, n)| n.saturating_sub(*g))
            .sum();
        if short == 0 {
            break;
        }
        let room: u32 = grid
            .iter()
            .zip(&needs)
            .map(|(g, n)| g.saturating_sub(*n))
            .sum();
        if room == 0 {
            break;
        }
        let take = short.min(room);
        for (g, n) in grid.iter_mut().zip(&needs) {
            if *g < *n {
                *g = *n;
            } else {
                // Each column with room gives its share of what is missing.
                *g -= (u64::from(*g - *n) * u64::from(take) / u64::from(room)) as u32;
            }
        }
    }
    grid
}

fn table(headers: &[String], rows: &[Vec<Cell>], widths: &[u32], wide: bool) -> Table {
    let (size, text_width) = if wide {
        (14, WIDE_TEXT_WIDTH)
    } else {
        (17, TEXT_WIDTH)
    };
    let grid = fit(headers, widths, size, text_width);
    let header = TableRow::new(
        headers
            .iter()
            .zip(&grid)
            .map(|(h, w)| cell(h, true, false, size, Some(HEADER_FILL), *w as usize, 1))
            .collect(),
    )
    .cant_split();
    let mut lines = vec![header];
    for row in rows {
        let mut column = 0;
        let mut cells = Vec::new();
        for c in row {
            let span = usize::from(c.span);
            let width: u32 = grid.iter().skip(column).take(span).sum();
            column += span;
            let fill = c.shaded.then_some(GREEN);
            cells.push(cell(
                &c.text,
                c.bold,
                c.number,
                size,
                fill,
                width as usize,
                c.span,
            ));
        }
        lines.push(TableRow::new(cells));
    }
    Table::new(lines)
        .set_grid(grid.iter().map(|w| *w as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(text_width as usize, WidthType::Dxa)
}

/// A paragraph that ends a section of A4 pages, portrait or landscape.
fn section_end(landscape: bool) -> Paragraph {
    let size = if landscape {
        PageSize::new()
            .size(A4.1, A4.0)
            .orient(PageOrientationType::Landscape)
    } else {
        PageSize::new().size(A4.0, A4.1)
    };
    Paragraph::new().section_property(
        SectionProperty::new()
            .page_size(size)
            .page_margin(margins()),
    )
}

fn margins() -> PageMargin {
    PageMargin::new()
        .top(MARGIN)
        .bottom(MARGIN)
        .left(MARGIN)
        .right(MARGIN)
}

/// Gives every section the document's footer (its page numbers): a section
/// that names none inherits it only from a section before it, and the
/// first ones (the cover, the chapters before a wide table) have none.
fn footers_in_every_section(part: Vec<u8>) -> Vec<u8> {
    let xml = String::from_utf8(part).expect("docx-rs writes UTF-8");
    let Some(start) = xml.find("<w:footerReference ") else {
        return xml.into_bytes();
    };
    let Some(len) = xml[start..].find("/>") else {
        return xml.into_bytes();
    };
    let reference = xml[start..start + len + 2].to_string();
    let mut out = String::with_capacity(xml.len() + 1024);
    let mut rest = xml.as_str();
    while let Some(at) = rest.find("<w:sectPr>") {
        let (before, section) = rest.split_at(at + "<w:sectPr>".len());
        out.push_str(before);
        let end = section.find("</w:sectPr>").unwrap_or(section.len());
        if !section[..end].contains("<w:footerReference") {
            out.push_str(&reference);
        }
        rest = section;
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Marks « Normal » as the default paragraph style, which docx-rs cannot.
fn settle_styles(part: Vec<u8>) -> Vec<u8> {
    String::from_utf8(part)
        .expect("docx-rs writes UTF-8")
        .replacen(
            "<w:style w:type=\"paragraph\" w:styleId=\"Normal\">",
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">",
            1,
        )
        .into_bytes()
}

/// A heading as the document shows it: chapters in capitals.
fn shown(level: u8, text: &str) -> String {
    if level == 1 {
        text.to_uppercase()
    } else {
        text.to_string()
    }
}

/// The bookmark of the `n`th heading, which its table-of-contents entry
/// points at.
fn bookmark(n: usize) -> String {
    format!("_Toc{n:08}")
}

/// Settles what docx-rs leaves to chance or lacks in a part's XML:
/// - paragraph ids come from a counter per thread that outlives a
///   document, so they are numbered again in reading order from `first`
///   (the same document, the same bytes, whatever thread wrote it);
/// - every row built with `cant_split` (the header rows, only they) is
///   marked as a header row that Word and LibreOffice repeat on each page;
/// - the table of contents is marked as one (`docPartGallery`, as Word
///   writes it: LibreOffice otherwise shows its field code), and its page
///   numbers are aligned on the right margin rather than far beyond it.
fn settle(part: Vec<u8>, first: u32) -> Vec<u8> {
    const PARA_ID: &str = "w14:paraId=\"";
    let xml = String::from_utf8(part).expect("docx-rs writes UTF-8");
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut rest = xml.as_str();
    let mut n = first;
    while let Some(at) = rest.find(PARA_ID) {
        let (before, after) = rest.split_at(at + PARA_ID.len());
        let Some(end) = after.find('"') else { break };
        out.push_str(before);
        out.push_str(&format!("{n:08x}"));
        n += 1;
        rest = &after[end..];
    }
    out.push_str(rest);
    out.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .replacen(
            "</w:sdtPr><w:sdtContent><w:sdt>",
            "<w:docPartObj><w:docPartGallery w:val=\"Table of Contents\" /><w:docPartUnique /></w:docPartObj></w:sdtPr><w:sdtContent><w:sdt>",
            1,
        )
        .replace(
            "w:leader=\"dot\" w:pos=\"80000\"",
            &format!("w:leader=\"dot\" w:pos=\"{TEXT_WIDTH}\""),
        )
        .into_bytes()
}

/// The document, in `lang`.
pub fn write(r: &AnnualReport, lang: Lang) -> anyhow::Result<Vec<u8>> {
    write_document(&Document::annual(r, lang), lang)
}

/// Any document laid out as an outline (the yearly report, a revue des
/// projets' report), in `lang`.
pub fn write_document(d: &Document, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let nodes = &d.nodes;
    let doc_title = &d.title;
    let id = &d.identity;
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(text_run(&format!("{} – ", id.cell_code)).size(16))
            .add_page_num(PageNum::new()),
    );
    let mut docx = styles(Docx::new())
        .page_size(A4.0, A4.1)
        .page_margin(margins())
        .footer(footer);
    let headings: Vec<(usize, u8, &String)> = nodes
        .iter()
        .filter_map(|node| match node {
            Node::Heading { level, text, .. } if (1..=3).contains(level) => Some((*level, text)),
            _ => None,
        })
        .enumerate()
        .map(|(n, (level, text))| (n, level, text))
        .collect();
    let mut pictures = 0;
    for node in nodes {
        match node {
            Node::Cover => {
                let centered = |t: &str, bold: bool, size: usize| {
                    let mut run = text_run(t).size(size);
                    if bold {
                        run = run.bold();
                    }
                    Paragraph::new().align(AlignmentType::Center).add_run(run)
                };
                docx = docx
                    .add_paragraph(centered(&id.ministry.to_uppercase(), true, 22))
                    .add_paragraph(centered(&id.secretariat.to_uppercase(), true, 20))
                    .add_paragraph(centered(&id.cell.to_uppercase(), true, 20))
                    .add_paragraph(centered("", false, 20))
                    .add_paragraph(centered(&id.republic.to_uppercase(), true, 22))
                    .add_paragraph(centered(&id.motto, false, 20));
                for _ in 0..8 {
                    docx = docx.add_paragraph(Paragraph::new());
                }
                docx = docx
                    .add_paragraph(
                        text_paragraph(&doc_title.to_uppercase())
                            .style("Title")
                            .align(AlignmentType::Center),
                    )
                    .add_paragraph(centered(&d.session.to_uppercase(), true, 26));
                for _ in 0..10 {
                    docx = docx.add_paragraph(Paragraph::new());
                }
                docx = docx.add_paragraph(
                    centered(&d.month, true, 24).add_run(Run::new().add_break(BreakType::Page)),
                );
            }
            Node::Toc => {
                // The entries are written here, each pointing at its heading's
                // own bookmark; Word updates their page numbers on opening.
                let toc = headings.iter().fold(
                    TableOfContents::new()
                        .heading_styles_range(1, 3)
                        .alias(lang.t("annual-toc"))
                        .dirty(),
                    |toc, (n, level, text)| {
                        toc.add_item(
                            TableOfContentsItem::new()
                                .text(printable(&shown(*level, text)))
                                .toc_key(bookmark(*n))
                                .level(usize::from(*level))
                                .page_ref(""),
                        )
                    },
                );
                docx = docx.add_table_of_contents(toc);
            }
            Node::Captions(tables, charts) => {
                for (heading, list) in [("annual-tables", tables), ("annual-charts", charts)] {
                    if list.is_empty() {
                        continue;
                    }
                    docx = docx.add_paragraph(
                        text_paragraph(&lang.t(heading))
                            .style("Caption")
                            .page_break_before(true),
                    );
                    for c in list {
                        docx = docx.add_paragraph(text_paragraph(&c.title));
                    }
                }
            }
            Node::Heading {
                level,
                text,
                new_page,
            } => {
                let p = if *level == 0 {
                    text_paragraph(&text.to_uppercase()).style("Caption")
                } else {
                    let n = headings
                        .iter()
                        .position(|h| std::ptr::eq(h.2, text))
                        .unwrap_or(0);
                    text_paragraph(&shown(*level, text))
                        .style(&format!("Heading{level}"))
                        .add_bookmark_start(n + 1, bookmark(n))
                        .add_bookmark_end(n + 1)
                };
                docx = docx.add_paragraph(p.page_break_before(*new_page).keep_next(true));
            }
            Node::Blocks(list) => docx = blocks(docx, list),
            Node::Placeholder(t) => {
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .add_run(text_run(t).italic().color(PLACEHOLDER).highlight("yellow")),
                );
            }
            Node::Table {
                caption: c,
                headers,
                rows,
                note,
                widths,
                wide,
            } => {
                // A wide table has landscape pages of its own: the
                // portrait section before it ends here, its own after it.
                if *wide {
                    docx = docx.add_paragraph(section_end(false));
                }
                if let Some(c) = c {
                    docx = docx.add_paragraph(caption(c));
                }
                docx = docx.add_table(table(headers, rows, widths, *wide));
                if let Some(n) = note {
                    docx =
                        docx.add_paragraph(Paragraph::new().add_run(text_run(n).italic().size(17)));
                }
                if *wide {
                    docx = docx.add_paragraph(section_end(true));
                }
            }
            Node::Chart { caption: c, svg } => {
                let (png, w, h) = charts::png(svg)?;
                pictures += 1;
                let pic = Pic::new_with_dimensions(png, w * 2, h * 2)
                    .size(w * EMU_PER_PX, h * EMU_PER_PX)
                    .id(format!("rIdImage{pictures}"));
                docx = docx
                    .add_paragraph(caption(c))
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
            }
        }
    }
    let mut xml = docx.build();
    xml.document = footers_in_every_section(settle(xml.document, 1));
    xml.styles = settle_styles(xml.styles);
    xml.footers = xml
        .footers
        .into_iter()
        .enumerate()
        .map(|(i, f)| settle(f, 0x1000_0000 * (i as u32 + 1)))
        .collect();
    let mut stored = std::io::Cursor::new(Vec::new());
    xml.pack(&mut stored)
        .map_err(|e| anyhow::anyhow!("while writing the Word document: {e}"))?;
    deflate(stored.into_inner())
        .map_err(|e| anyhow::anyhow!("while compressing the Word document: {e}"))
}

/// The archive again, each part deflated, dated 1 January 1980 (the same
/// parts give the same bytes): a tenth of the size to send by e-mail.
fn deflate(stored: Vec<u8>) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut buffer = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        let name = part.name().to_string();
        if part.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        buffer.clear();
        part.read_to_end(&mut buffer)?;
        out.start_file(name, options)?;
        out.write_all(&buffer)?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::settle;

    #[test]
    fn paragraph_ids_follow_reading_order_and_header_rows_repeat() {
        let xml = r#"<w:p w14:paraId="0000002A"/><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:p w14:paraId="00000007"/>"#;
        let settled = String::from_utf8(settle(xml.as_bytes().to_vec(), 1)).unwrap();
        assert_eq!(
            settled,
            r#"<w:p w14:paraId="00000001"/><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:p w14:paraId="00000002"/>"#
        );
    }
}
