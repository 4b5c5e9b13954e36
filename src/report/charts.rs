//! The charts of the pages and of the yearly report, drawn once as SVG: the
//! pages and the HTML report inline them, the Word document gets the same
//! drawing as PNG ([`png`]), rasterized with the font shipped in `assets/`
//! so that the picture never depends on the machine's fonts.

use std::sync::{Arc, OnceLock};

use super::escape_xml;
use crate::text::Lang;

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "DejaVu Sans";
const GREEN: &str = "#15803d";
const AMBER: &str = "#d97706";
const RED: &str = "#b42318";
/// The four financial stages: allotted, notified, engaged, liquidated.
const STAGES: [&str; 4] = ["#94a3b8", "#2563eb", "#d97706", "#15803d"];

/// At most `max` characters, with an ellipsis when cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let kept: String = s.chars().take(max - 1).collect();
        format!("{}…", kept.trim_end())
    }
}

fn open(label: &str, w: usize, h: usize) -> String {
    format!(
        r#"<svg role="img" aria-label="{}" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FAMILY}, sans-serif" xmlns="http://www.w3.org/2000/svg">"#,
        escape_xml(label)
    )
}

/// A bar; none for a zero amount (an empty rectangle is no bar, and the
/// renderer warns about it).
fn bar(x: impl std::fmt::Display, y: impl std::fmt::Display, w: f64, h: f64, fill: &str) -> String {
    if w <= 0.0 || h <= 0.0 {
        return String::new();
    }
    format!(r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>"#)
}

/// Bars of the execution rate by year.
pub fn rates_by_year(points: &[(i32, f64)], lang: Lang) -> String {
    let w = 40 * points.len().max(1) + 20;
    let mut svg = open(&lang.t("chart-rates-label"), w, 130);
    for (i, (year, rate)) in points.iter().enumerate() {
        let h = (rate.clamp(0.0, 100.0) * 0.9).round();
        let x = 10 + i * 40;
        let (top, label_y, mid) = (105.0 - h, 102.0 - h, x + 14);
        svg.push_str(&bar(x, top, 28.0, h, GREEN));
        svg.push_str(&format!(
            r##"<text x="{mid}" y="{label_y}" font-size="10" text-anchor="middle">{rate:.0}%</text><text x="{mid}" y="125" font-size="10" text-anchor="middle">{year}</text>"##
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Recommendations by status, as bars.
pub fn recommendations_by_status(
    executed: usize,
    in_progress: usize,
    not_executed: usize,
    lang: Lang,
) -> String {
    let total = (executed + in_progress + not_executed).max(1) as f64;
    let rows = [
        (lang.t("chart-executed"), executed, GREEN),
        (lang.t("chart-in-progress"), in_progress, AMBER),
        (lang.t("chart-not-executed"), not_executed, RED),
    ];
    let mut svg = open(&lang.t("chart-status-label"), 320, 80);
    for (i, (label, n, color)) in rows.iter().enumerate() {
        let y = 5 + i * 25;
        let w = (*n as f64 / total * 180.0).round();
        svg.push_str(&format!(
            r#"<text x="0" y="{}" font-size="11">{}</text>{}<text x="{}" y="{}" font-size="11">{n}</text>"#,
            y + 12,
            escape_xml(label),
            bar(100, y, w, 16.0, color),
            105.0 + w,
            y + 12
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The execution rate of each objective of a plan: one labelled bar each,
/// with « 6 / 9 » and the rate beside it.
pub fn rates_by_objective(rows: &[(String, usize, usize)], lang: Lang) -> String {
    let (w, row_h) = (640, 40);
    let h = row_h * rows.len().max(1) + 10;
    let mut svg = open(&lang.t("chart-objectives-label"), w, h);
    for (i, (objective, executed, planned)) in rows.iter().enumerate() {
        let y = 5 + i * row_h;
        let rate = crate::domain::types::percent(*executed as i64, *planned as i64);
        let width = (rate.unwrap_or(0.0) / 100.0 * 440.0).round();
        svg.push_str(&format!(
            r##"<text x="0" y="{}" font-size="11">{}</text><rect x="0" y="{}" width="440" height="14" fill="#e5e7eb"/>{}<text x="450" y="{}" font-size="11">{executed} / {planned} · {}</text>"##,
            y + 11,
            escape_xml(&cut(objective, 95)),
            y + 16,
            bar(0, y + 16, width, 14.0, GREEN),
            y + 27,
            escape_xml(&lang.percent(rate)),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The four financial stages (allotted, notified, engaged, liquidated) of
/// each budget line, in F CFA, with a legend; an estimated amount says so.
pub fn finances_by_line(lines: &[(String, [i64; 4], [bool; 4])], lang: Lang) -> String {
    let max = lines
        .iter()
        .flat_map(|(_, a, _)| a.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (w, group_h) = (640, 4 * 16 + 26);
    let h = 30 + group_h * lines.len().max(1);
    let mut svg = open(&lang.t("chart-finances-label"), w, h);
    let stages = ["allotted", "notified", "engaged", "liquidated"];
    for (i, (stage, color)) in stages.iter().zip(STAGES).enumerate() {
        let x = i * 150;
        svg.push_str(&format!(
            r#"<rect x="{x}" y="4" width="12" height="12" fill="{color}"/><text x="{}" y="14" font-size="11">{}</text>"#,
            x + 16,
            escape_xml(&crate::text::label(lang, "credit-kind", stage)),
        ));
    }
    for (g, (line, amounts, estimated)) in lines.iter().enumerate() {
        let top = 30 + g * group_h;
        svg.push_str(&format!(
            r#"<text x="0" y="{}" font-size="12" font-weight="bold">{}</text>"#,
            top + 12,
            escape_xml(line)
        ));
        for (i, (amount, color)) in amounts.iter().zip(STAGES).enumerate() {
            let y = top + 18 + i * 16;
            let width = (*amount as f64 / max * 440.0).round();
            let value = if estimated[i] {
                format!(
                    "{} ({})",
                    lang.amount(*amount),
                    lang.t("annual-estimated-mark")
                )
            } else {
                lang.amount(*amount)
            };
            svg.push_str(&format!(
                r#"{}<text x="{}" y="{}" font-size="10">{}</text>"#,
                bar(0, y, width, 13.0, color),
                width + 5.0,
                y + 10,
                escape_xml(&value),
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// The chart as a PNG at twice its size (for print), with its size in
/// pixels at 96 dpi; the same SVG gives the same bytes.
pub fn png(svg: &str) -> anyhow::Result<(Vec<u8>, u32, u32)> {
    use resvg::{tiny_skia, usvg};
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| anyhow::anyhow!("while reading a chart: {e}"))?;
    let size = tree.size().to_int_size();
    let scale = 2.0;
    let mut pixmap = tiny_skia::Pixmap::new(size.width() * 2, size.height() * 2)
        .ok_or_else(|| anyhow::anyhow!("a chart of no size"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| anyhow::anyhow!("while encoding a chart: {e}"))?;
    Ok((bytes, size.width(), size.height()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_long_ones_cut() {
        let svg = rates_by_objective(&[("R&D <b>".repeat(20), 1, 2)], Lang::Fr);
        assert!(svg.contains("R&amp;D &lt;b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("1 / 2 · 50,00 %"), "{svg}");
    }

    #[test]
    fn a_chart_rasterizes_with_its_text_and_the_same_bytes_twice() {
        let svg = finances_by_line(
            &[(
                "BSI".into(),
                [127_000_000, 120_650_000, 90_402_501, 46_402_581],
                [false, false, false, true],
            )],
            Lang::Fr,
        );
        let (a, w, h) = png(&svg).unwrap();
        let (b, _, _) = png(&svg).unwrap();
        assert_eq!(a, b);
        assert_eq!((w, h), (640, 120));
        assert_eq!(&a[1..4], b"PNG");
        // With the text drawn, the picture is larger than the bars alone.
        let bare = svg.replace("font-size", "data-x").replace("<text", "<desc");
        let (c, _, _) = png(&bare.replace("</text>", "</desc>")).unwrap();
        assert!(a.len() > c.len() + 1000, "{} vs {}", a.len(), c.len());
    }
}
