//! Markdown bodies to HTML, once per file: raw HTML escaped unless the site allows it, links
//! and images made relative to the site root (see [`ROOT_MARK`]), and the first paragraph kept
//! as plain text for summaries. The transformed events are kept too, so the print catalog
//! typesets the same parse instead of reading the Markdown again.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Stands for the path from a page to the site root in rendered bodies; each page replaces it
/// with its own `../` prefix, so one rendering serves pages at every depth.
pub const ROOT_MARK: &str = "brochure-root:";

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markdown {
    pub html: String,
    /// The parsed events after link rewriting, for the PDF; kept only when the options ask
    /// for them, since they take more memory than the HTML.
    pub events: Option<Vec<Event<'static>>>,
    /// The first paragraph as plain text.
    pub first_paragraph: String,
    /// The `##` headings in order, as plain text.
    pub headings: Vec<String>,
    /// Links and images that point into the site, for checking that their targets exist.
    pub references: Vec<Reference>,
}

/// A link or image whose target is a path in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The path from the site root as rewritten (`assets/a.png`, `projects/x/index.html`),
    /// without a `#fragment`.
    pub target: String,
    pub image: bool,
    /// The line in the body (1-based); [`Markdown::shift_lines`] makes it a line of the file.
    pub line: usize,
}

impl Markdown {
    /// Makes reference lines count from the file's start, the body starting on `body_line`.
    pub fn shift_lines(&mut self, body_line: usize) {
        for reference in &mut self.references {
            reference.line += body_line.saturating_sub(1);
        }
    }

    /// The HTML for a page `root` away from the site root (e.g. `../../`).
    pub fn html_at(&self, root: &str) -> String {
        if self.html.contains(ROOT_MARK) {
            self.html.replace(ROOT_MARK, root)
        } else {
            self.html.clone()
        }
    }
}

/// How Markdown is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Let raw HTML through instead of escaping it.
    pub unsafe_html: bool,
    /// Keep the parsed events (for typesetting the PDF from the same parse).
    pub keep_events: bool,
}

pub fn render(text: &str, options: MarkdownOptions) -> Markdown {
    let parser = Parser::new_ext(
        text,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES,
    );
    let mut first_paragraph = String::new();
    let mut headings = Vec::new();
    let mut in_first_paragraph = false;
    let mut seen_paragraph = false;
    let mut heading: Option<String> = None;
    let mut references = Vec::new();
    let lines = LineIndex::new(text);
    let events = parser.into_offset_iter().map(|(event, range)| {
        match &event {
            Event::Start(Tag::Paragraph) if !seen_paragraph => {
                in_first_paragraph = true;
                seen_paragraph = true;
            }
            Event::End(TagEnd::Paragraph) => in_first_paragraph = false,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => headings.extend(heading.take()),
            Event::Text(text) | Event::Code(text) => {
                if in_first_paragraph {
                    first_paragraph.push_str(text);
                }
                if let Some(heading) = heading.as_mut() {
                    heading.push_str(text);
                }
            }
            Event::SoftBreak if in_first_paragraph => first_paragraph.push(' '),
            _ => {}
        }
        let event = transform(event, options).into_static();
        if let Some(reference) = reference_of(&event, || lines.line_of(range.start)) {
            references.push(reference);
        }
        event
    });
    let events: Vec<Event<'static>> = events.collect();
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.iter().cloned());
    Markdown {
        html: out,
        events: options.keep_events.then_some(events),
        first_paragraph: first_paragraph.trim().to_owned(),
        headings,
        references,
    }
}

/// The site path a rewritten link or image start points at, if any.
fn reference_of(event: &Event<'_>, line: impl FnOnce() -> usize) -> Option<Reference> {
    let (url, image) = match event {
        Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
        Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
        _ => return None,
    };
    let path = url.strip_prefix(ROOT_MARK)?;
    let target = path.split('#').next().unwrap_or(path);
    (!target.is_empty()).then(|| Reference {
        target: target.to_owned(),
        image,
        line: line(),
    })
}

/// Byte offsets to 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

fn transform(event: Event<'_>, options: MarkdownOptions) -> Event<'_> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) if !options.unsafe_html => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite_url(dest_url, false),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite_url(dest_url, true),
            title,
            id,
        }),
        other => other,
    }
}

/// Site-relative targets get the root mark: `/assets/a.png`, `assets/a.png`,
/// `../assets/a.png` (relative to the Markdown file, as an editor's preview resolves it) and,
/// for images, a bare `a.png` point into assets/; `projects/x.md` or `x.md` point at that
/// project's page.
fn rewrite_url(url: CowStr<'_>, image: bool) -> CowStr<'_> {
    let is_external = url.starts_with('#')
        || url.starts_with("//")
        || url
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if is_external || url.is_empty() {
        return url;
    }
    let path = without_leading_dots(&url);
    let (path, fragment) = match path.split_once('#') {
        Some((path, fragment)) => (path, format!("#{fragment}")),
        None => (path, String::new()),
    };
    let target = if let Some(stem) = path.strip_suffix(".md") {
        let (section, slug) = match stem.rsplit_once('/') {
            Some((dir, slug)) => (section_of(dir), slug),
            None => ("projects", stem),
        };
        format!("{section}/{slug}/index.html")
    } else if image && !path.contains('/') {
        format!("assets/{path}")
    } else {
        path.to_owned()
    };
    CowStr::from(format!("{ROOT_MARK}{target}{fragment}"))
}

/// The path without `/`, `./` and `../` in front: every content file sits one folder below
/// content/, so a path relative to it names the same file from the content root.
fn without_leading_dots(url: &str) -> &str {
    let mut path = url.trim_start_matches('/');
    while let Some(rest) = path.strip_prefix("./").or_else(|| path.strip_prefix("../")) {
        path = rest;
    }
    path
}

fn section_of(dir: &str) -> &'static str {
    let first = dir.split('/').next().unwrap_or("");
    match first {
        "pages" => "pages",
        "chains" => "chains",
        "counties" => "counties",
        _ => "projects",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> String {
        render(text, MarkdownOptions::default()).html
    }

    #[test]
    fn escapes_raw_html_by_default() {
        let out = html("a <script>alert(1)</script> b\n\n<div>x</div>\n");
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"));
        assert!(out.contains("&lt;div&gt;"));
        let allowed = render(
            "<b>x</b>",
            MarkdownOptions {
                unsafe_html: true,
                ..MarkdownOptions::default()
            },
        )
        .html;
        assert!(allowed.contains("<b>x</b>"));
    }

    #[test]
    fn keeps_first_paragraph_and_headings() {
        let md = render(
            "## 项目概况\n\n本项目位于**麦积区**，\n占地200亩。\n\n第二段。\n\n## 市场前景\n",
            MarkdownOptions::default(),
        );
        assert_eq!(md.first_paragraph, "本项目位于麦积区， 占地200亩。");
        assert_eq!(md.headings, ["项目概况", "市场前景"]);
    }

    #[test]
    fn rewrites_site_links_per_page_depth() {
        let md = render(
            "![图](plan.png) ![图](../assets/site/map.png) [另一项目](other.md)\n\
             [政策](../pages/policy.md) [外](https://a.cn) [锚](#x)",
            MarkdownOptions::default(),
        );
        let out = md.html_at("../../");
        assert!(out.contains(r#"src="../../assets/plan.png""#), "{out}");
        assert!(out.contains(r#"src="../../assets/site/map.png""#), "{out}");
        let targets: Vec<(&str, usize)> = md
            .references
            .iter()
            .map(|r| (r.target.as_str(), r.line))
            .collect();
        assert_eq!(
            targets,
            [
                ("assets/plan.png", 1),
                ("assets/site/map.png", 1),
                ("projects/other/index.html", 1),
                ("pages/policy/index.html", 2),
            ]
        );
        assert!(out.contains(r#"href="../../projects/other/index.html""#));
        assert!(out.contains(r#"href="../../pages/policy/index.html""#));
        assert!(out.contains(r#"href="https://a.cn""#));
        assert!(out.contains(r##"href="#x""##));
    }
}
