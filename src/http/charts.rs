//! Small inline SVG charts for the pages: light on a slow line, no script.

use crate::text::Lang;

/// Bars of the execution rate by year.
pub fn rates_by_year(points: &[(i32, f64)], lang: Lang) -> String {
    let w = 40 * points.len().max(1) + 20;
    let mut svg = format!(
        r#"<svg role="img" aria-label="{}" width="{w}" height="130" viewBox="0 0 {w} 130" xmlns="http://www.w3.org/2000/svg">"#,
        lang.t("chart-rates-label")
    );
    for (i, (year, rate)) in points.iter().enumerate() {
        let h = (rate.clamp(0.0, 100.0) * 0.9).round();
        let x = 10 + i * 40;
        let (top, label_y, mid) = (105.0 - h, 102.0 - h, x + 14);
        svg.push_str(&format!(
            r##"<rect x="{x}" y="{top}" width="28" height="{h}" fill="#15803d"/><text x="{mid}" y="{label_y}" font-size="10" text-anchor="middle">{rate:.0}%</text><text x="{mid}" y="125" font-size="10" text-anchor="middle">{year}</text>"##
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
        (lang.t("chart-executed"), executed, "#15803d"),
        (lang.t("chart-in-progress"), in_progress, "#d97706"),
        (lang.t("chart-not-executed"), not_executed, "#b42318"),
    ];
    let mut svg = format!(
        r#"<svg role="img" aria-label="{}" width="260" height="80" viewBox="0 0 260 80" xmlns="http://www.w3.org/2000/svg">"#,
        lang.t("chart-status-label")
    );
    for (i, (label, n, color)) in rows.iter().enumerate() {
        let y = 5 + i * 25;
        let w = (*n as f64 / total * 140.0).round();
        svg.push_str(&format!(
            r#"<text x="0" y="{}" font-size="11">{label}</text><rect x="95" y="{y}" width="{w}" height="16" fill="{color}"/><text x="{}" y="{}" font-size="11">{n}</text>"#,
            y + 12,
            100.0 + w,
            y + 12
        ));
    }
    svg.push_str("</svg>");
    svg
}
