//! The Markdown of the report's sections and narratives, read into the few
//! blocks a report uses (paragraphs, headings, list items, quotes, with bold
//! and italic runs), from which both the HTML page and the Word document
//! are written. Raw HTML in the text is kept as text, never passed through.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A run of text and how it is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// One block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Span>),
    /// A paragraph that names another document: a link when `url` is a
    /// whole address (`https://…`); a path only links in the HTML page.
    Link {
        text: String,
        url: String,
    },
    /// A heading inside a section (`###`), from level 1.
    Heading(u8, Vec<Span>),
    /// A list item, at a depth from 1; `number` for an ordered list.
    Item {
        depth: u8,
        number: Option<u64>,
        spans: Vec<Span>,
    },
}

/// Reads Markdown into blocks.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    // Each open list: the next number when ordered.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut heading: Option<u8> = None;
    let mut item: Option<Option<u64>> = None;
    let push_text = |spans: &mut Vec<Span>, text: &str, bold: u32, italic: u32| {
        let (b, i) = (bold > 0, italic > 0);
        match spans.last_mut() {
            Some(last) if last.bold == b && last.italic == i => last.text.push_str(text),
            _ => spans.push(Span {
                text: text.to_string(),
                bold: b,
                italic: i,
            }),
        }
    };
    let flush = |out: &mut Vec<Block>,
                 spans: &mut Vec<Span>,
                 heading: Option<u8>,
                 item: Option<Option<u64>>,
                 depth: usize| {
        if spans.iter().all(|s| s.text.trim().is_empty()) {
            spans.clear();
            return;
        }
        let mut taken = std::mem::take(spans);
        if let Some(first) = taken.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = taken.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        out.push(match (heading, item) {
            (Some(level), _) => Block::Heading(level, taken),
            (None, Some(number)) => Block::Item {
                depth: depth.clamp(1, 9) as u8,
                number,
                spans: taken,
            },
            (None, None) => Block::Paragraph(taken),
        });
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as u8),
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut out, &mut spans, heading, None, 0);
                heading = None;
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut out, &mut spans, None, item, lists.len());
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut out, &mut spans, None, item, lists.len());
                let number = lists.last_mut().and_then(|n| {
                    let current = *n;
                    if let Some(v) = n.as_mut() {
                        *v += 1;
                    }
                    current
                });
                item = Some(number);
            }
            Event::End(TagEnd::Item) => {
                flush(&mut out, &mut spans, None, item, lists.len());
                item = None;
            }
            Event::End(TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::CodeBlock) => {
                flush(&mut out, &mut spans, None, item, lists.len())
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push_text(&mut spans, &t, bold, italic)
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut spans, " ", bold, italic),
            _ => {}
        }
    }
    flush(&mut out, &mut spans, heading, item, lists.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<Span> {
        vec![Span {
            text: text.into(),
            bold: false,
            italic: false,
        }]
    }

    #[test]
    fn paragraphs_lists_and_emphasis_become_blocks() {
        let b = blocks(
            "La CPS compte **seize (16)** agents.\n\n- coordonner ;\n- suivre.\n\n1. un\n2. deux\n",
        );
        assert_eq!(
            b[0],
            Block::Paragraph(vec![
                Span {
                    text: "La CPS compte ".into(),
                    bold: false,
                    italic: false
                },
                Span {
                    text: "seize (16)".into(),
                    bold: true,
                    italic: false
                },
                Span {
                    text: " agents.".into(),
                    bold: false,
                    italic: false
                },
            ])
        );
        assert_eq!(
            b[1],
            Block::Item {
                depth: 1,
                number: None,
                spans: plain("coordonner ;")
            }
        );
        assert_eq!(
            b[4],
            Block::Item {
                depth: 1,
                number: Some(2),
                spans: plain("deux")
            }
        );
        assert_eq!(b.len(), 5);
    }

    #[test]
    fn raw_html_stays_text() {
        let b = blocks("<script>alert(1)</script>\n\nSuite");
        assert_eq!(b[0], Block::Paragraph(plain("<script>alert(1)</script>")));
    }
}
