//! Markdown bodies to Typst markup, walking the events the content parse kept (see
//! [`Markdown::events`](crate::content::markdown::Markdown)). Content text never becomes
//! markup: prose is escaped character by character and code, URLs and paths go in as Typst
//! string literals, so `#`, `$`, `[`, `*`, `\`, `@` and `<` print as themselves.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};

use crate::render::print::{LinkTargets, Target};

/// The Typst markup of a body. Headings come out below the project's own title (level 3 and
/// deeper) and stay out of the outline and the bookmarks.
pub fn to_typst(events: &[Event<'_>], links: &LinkTargets<'_>) -> String {
    let mut writer = Writer {
        out: String::new(),
        links,
        code: None,
        figures: Vec::new(),
        open: Vec::new(),
    };
    for event in events {
        writer.event(event);
    }
    writer.out
}

struct Writer<'a> {
    out: String,
    links: &'a LinkTargets<'a>,
    /// The text of the code block being read, with its language.
    code: Option<(String, String)>,
    /// For each image being read: whether it became a figure (an asset) rather than just its
    /// description.
    figures: Vec<bool>,
    /// For each open Markdown element: whether it was written (nested within
    /// [`MAX_NESTING`]) or flattened into its parent.
    open: Vec<bool>,
}

/// How deep Markdown elements (quotes, lists, emphasis …) nest in the markup; deeper ones keep
/// their text but lose their formatting, since Typst refuses markup nested beyond 256 levels of
/// its parser (found by fuzzing: `>>>>…` 100 levels deep).
const MAX_NESTING: usize = 24;

impl Writer<'_> {
    fn event(&mut self, event: &Event<'_>) {
        if let Some((text, _)) = self.code.as_mut() {
            match event {
                Event::Text(chunk) => text.push_str(chunk),
                Event::End(TagEnd::CodeBlock) => {
                    self.open.pop();
                    self.end_code_block();
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => {
                let kept = self.open.len() < MAX_NESTING;
                self.open.push(kept);
                if kept {
                    self.start(tag);
                }
            }
            Event::End(tag) => {
                if self.open.pop().unwrap_or(true) {
                    self.end(*tag);
                }
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                escape_markup(text, &mut self.out)
            }
            Event::Code(code) => {
                self.out.push_str("#raw(");
                push_string(code, &mut self.out);
                self.out.push(')');
            }
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => self.out.push_str("\n#line(length: 100%, stroke: 0.5pt)\n"),
            Event::FootnoteReference(name) => {
                self.out.push_str("#super[");
                escape_markup(name, &mut self.out);
                self.out.push(']');
            }
            Event::TaskListMarker(done) => {
                self.out.push_str(if *done { "☑ " } else { "☐ " });
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                escape_markup(text, &mut self.out)
            }
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        let out = &mut self.out;
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                out.push_str(&format!(
                    "\n#heading(level: {}, outlined: false, bookmarked: false)[",
                    body_heading_level(*level)
                ));
            }
            Tag::BlockQuote(_) => out.push_str("\n#quote(block: true)["),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                self.code = Some((String::new(), lang.to_owned()));
            }
            Tag::List(None) => out.push_str("\n#list(\n"),
            Tag::List(Some(start)) => out.push_str(&format!("\n#enum(start: {start},\n")),
            Tag::Item => out.push('['),
            Tag::Table(alignments) => {
                let columns: Vec<&str> = alignments.iter().map(|a| alignment(*a)).collect();
                out.push_str(&format!(
                    "\n#table(columns: {}, align: ({},),\n",
                    alignments.len(),
                    columns.join(", ")
                ));
            }
            Tag::TableHead => out.push_str("table.header("),
            Tag::TableRow => {}
            Tag::TableCell => out.push('['),
            Tag::Emphasis => out.push_str("#emph["),
            Tag::Strong => out.push_str("#strong["),
            Tag::Strikethrough => out.push_str("#strike["),
            Tag::Superscript => out.push_str("#super["),
            Tag::Subscript => out.push_str("#sub["),
            Tag::Link { dest_url, .. } => match self.links.resolve(dest_url) {
                Target::Anchor(anchor) => {
                    out.push_str("#link(label(");
                    push_string(&anchor, out);
                    out.push_str("))[");
                }
                Target::External(url) => {
                    out.push_str("#link(");
                    push_string(url, out);
                    out.push_str(")[");
                }
                Target::Site(path) => match self.links.base_url {
                    Some(base) => {
                        out.push_str("#link(");
                        push_string(&format!("{base}{path}"), out);
                        out.push_str(")[");
                    }
                    None => out.push_str("#["),
                },
                Target::Nowhere => out.push_str("#["),
            },
            Tag::Image { dest_url, .. } => {
                let asset = self
                    .links
                    .asset(dest_url)
                    .filter(|path| is_typesettable(path));
                match asset {
                    Some(path) => {
                        out.push_str("\n#figure(image(");
                        push_string(&format!("/{path}"), out);
                        out.push_str(", width: 80%), caption: [");
                    }
                    None => out.push_str("#["),
                }
                self.figures.push(asset.is_some());
            }
            Tag::FootnoteDefinition(name) => {
                out.push_str("\n#block(text(size: 0.85em)[#super[");
                escape_markup(name, out);
                out.push_str("] ");
            }
            Tag::HtmlBlock
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let out = &mut self.out;
        match tag {
            TagEnd::Paragraph => out.push_str("\n\n"),
            TagEnd::Heading(_) => out.push_str("]\n"),
            TagEnd::BlockQuote(_) => out.push_str("]\n"),
            TagEnd::CodeBlock => {}
            TagEnd::List(_) => out.push_str(")\n"),
            TagEnd::Item | TagEnd::TableCell => out.push_str("],\n"),
            TagEnd::Table => out.push_str(")\n"),
            TagEnd::TableHead => out.push_str("),\n"),
            TagEnd::Image => match self.figures.pop() {
                Some(true) => match out.strip_suffix(", caption: [") {
                    Some(without_caption) => {
                        out.truncate(without_caption.len());
                        out.push_str(")\n");
                    }
                    None => out.push_str("])\n"),
                },
                _ => out.push(']'),
            },
            TagEnd::FootnoteDefinition => out.push_str("])\n"),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => out.push(']'),
            TagEnd::TableRow
            | TagEnd::HtmlBlock
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    fn end_code_block(&mut self) {
        let Some((text, lang)) = self.code.take() else {
            return;
        };
        self.out.push_str("\n#raw(block: true, ");
        if !lang.is_empty() {
            self.out.push_str("lang: ");
            push_string(&lang, &mut self.out);
            self.out.push_str(", ");
        }
        push_string(text.trim_end_matches('\n'), &mut self.out);
        self.out.push_str(")\n");
    }
}

/// `##` sections of a body sit below the project title (level 2).
fn body_heading_level(level: HeadingLevel) -> usize {
    (level as usize + 1).clamp(3, 6)
}

fn alignment(alignment: Alignment) -> &'static str {
    match alignment {
        Alignment::None | Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

/// Appends prose so that Typst prints it literally: every ASCII punctuation character gets a
/// backslash (Typst's markup escape), line breaks become spaces.
pub fn escape_markup(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// Appends `text` as a Typst string literal.
pub fn push_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether Typst reads the image format; others (TIFF, BMP…) print as their description while
/// the web page may still show them.
fn is_typesettable(path: &str) -> bool {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        extension.as_deref(),
        Some("png" | "jpg" | "jpeg" | "gif" | "svg" | "webp")
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::content::markdown::{MarkdownOptions, render};

    const FOR_PDF: MarkdownOptions = MarkdownOptions {
        unsafe_html: false,
        keep_events: true,
    };

    fn typst(markdown: &str) -> String {
        let body = render(markdown, FOR_PDF);
        let links = LinkTargets {
            projects: BTreeSet::from(["other"]),
            chains: BTreeSet::from(["ic"]),
            base_url: Some("https://a.cn/c/"),
            assets: BTreeSet::from([
                "assets/plant.png".to_owned(),
                "assets/site/map.png".to_owned(),
                "assets/scan.tiff".to_owned(),
            ]),
        };
        to_typst(body.events.as_deref().unwrap(), &links)
    }

    /// Found by fuzzing (fuzz/markup): deep nesting made markup that Typst cannot parse.
    #[test]
    fn deep_nesting_is_flattened_into_markup_typst_parses() {
        for markdown in [
            format!("{} 引用", ">".repeat(300)),
            format!("{}列表", "- ".repeat(200)),
            format!("{}强调{}", "*_".repeat(100), "_*".repeat(100)),
        ] {
            let out = typst(&markdown);
            let (errors, _) = typst::syntax::parse(&out).errors_and_warnings();
            assert!(errors.is_empty(), "{errors:?}");
            assert!(out.contains("引用") || out.contains("列表") || out.contains("强调"));
        }
    }

    #[test]
    fn special_characters_print_literally() {
        let out = typst("价格 $5 #tag [x] *不是强调* \\ @ref <b> _a_b = - 1. 2");
        assert!(out.contains(r"\$5 \#tag \[x\] "), "{out}");
        assert!(out.contains(r"\\ \@ref \<b\>"), "{out}");
        assert!(!out.contains(" #tag"), "{out}");
        assert!(out.contains(r"价格"));
    }

    #[test]
    fn emphasis_headings_and_paragraphs() {
        let out = typst("## 项目概况\n\n**重点**与*说明*。\n\n第二段。\n");
        assert!(
            out.contains("#heading(level: 3, outlined: false, bookmarked: false)[项目概况]"),
            "{out}"
        );
        assert!(
            out.contains("#strong[重点]与#emph[说明]。\n\n第二段。"),
            "{out}"
        );
    }

    #[test]
    fn lists_and_tables_are_function_calls() {
        let out = typst("- 甲\n- 乙\n\n3. 丙\n\n| 指标 | 数值 |\n|---|--:|\n| 产值 | 10 |\n");
        assert!(out.contains("#list(\n[甲],\n[乙],\n)"), "{out}");
        assert!(out.contains("#enum(start: 3,\n[丙],\n)"), "{out}");
        assert!(
            out.contains("#table(columns: 2, align: (left, right,),"),
            "{out}"
        );
        assert!(out.contains("table.header([指标],\n[数值],\n),"), "{out}");
        assert!(out.contains("[产值],\n[10],"), "{out}");
    }

    #[test]
    fn code_goes_in_as_string_literals() {
        let out = typst("用 `a\"b\\c` 与\n\n```yaml\nk: \"#v\"\n```\n");
        assert!(out.contains(r#"#raw("a\"b\\c")"#), "{out}");
        assert!(
            out.contains(r##"#raw(block: true, lang: "yaml", "k: \"#v\"")"##),
            "{out}"
        );
    }

    #[test]
    fn links_point_inside_the_pdf_or_to_the_site() {
        let out = typst(
            "[同链项目](other.md) [封测](../chains/ic.md) [政策](../pages/policy.md) [外](https://b.cn/\"x) [缺](missing.md) [锚](#a)",
        );
        assert!(
            out.contains(r#"#link(label("project-other"))[同链项目]"#),
            "{out}"
        );
        assert!(out.contains(r#"#link(label("chain-ic"))[封测]"#), "{out}");
        assert!(
            out.contains(r#"#link("https://a.cn/c/pages/policy/index.html")[政策]"#),
            "{out}"
        );
        assert!(out.contains(r#"#link("https://b.cn/\"x")[外]"#), "{out}");
        assert!(
            out.contains(r#"#link("https://a.cn/c/projects/missing/index.html")[缺]"#),
            "{out}"
        );
        assert!(out.contains("#[锚]"), "{out}");
    }

    #[test]
    fn without_base_url_site_links_are_plain_text() {
        let body = render("[政策](../pages/policy.md)", FOR_PDF);
        let out = to_typst(body.events.as_deref().unwrap(), &LinkTargets::default());
        assert!(out.contains("#[政策]"), "{out}");
    }

    #[test]
    fn images_come_from_assets_with_their_description() {
        let out = typst("![厂区 #1](plant.png)\n\n![](assets/site/map.png)\n");
        assert!(
            out.contains(r#"#figure(image("/assets/plant.png", width: 80%), caption: [厂区 \#1])"#),
            "{out}"
        );
        assert!(
            out.contains(r#"#figure(image("/assets/site/map.png", width: 80%))"#),
            "{out}"
        );
    }

    #[test]
    fn missing_or_unreadable_images_print_their_description() {
        let out = typst("![缺图](gone.png) ![扫描件](scan.tiff)\n");
        assert!(!out.contains("image("), "{out}");
        assert!(out.contains("缺图") && out.contains("扫描件"), "{out}");
    }
}
