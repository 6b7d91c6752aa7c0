//! Checking the links of a built output: every `href`, `src` and `srcset` of every HTML file
//! must name a file of the output (a folder stands for its `index.html`), and a `#fragment`
//! must name an `id` (or `<a name>`) of the HTML page it points into. External links
//! (`https:`, `mailto:`, `tel:`, `//host`, …) are listed, never fetched, except those under the
//! site's own base_url, which are checked in the output. Used by
//! `brochure check --links` and by the tests.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// What checking an output found.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// How many HTML files were read.
    pub pages: usize,
    /// How many internal links were checked.
    pub checked: usize,
    /// The external links, each once.
    pub external: BTreeSet<String>,
    pub broken: Vec<BrokenLink>,
}

impl fmt::Display for LinkReport {
    /// The summary `brochure check --links` prints, in both languages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (pages, checked, broken) = (self.pages, self.checked, self.broken.len());
        writeln!(
            f,
            "检查了 {pages} 个页面中的 {checked} 个内部链接：{broken} 个失效；外部链接 {} 个（未访问）。",
            self.external.len()
        )?;
        write!(
            f,
            "checked {checked} internal links in {pages} pages: {broken} broken; {} external links listed, not fetched",
            self.external.len()
        )?;
        for link in &self.external {
            write!(f, "\n  {link}")?;
        }
        Ok(())
    }
}

/// A link whose target is not in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link, relative to the output.
    pub page: String,
    pub line: usize,
    pub link: String,
    pub problem: LinkProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// No file or folder with an index.html at the target.
    MissingTarget,
    /// The target page has no element with the fragment's id.
    MissingAnchor,
    /// The target lies outside the output folder.
    OutsideOutput,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (zh, en) = match self.problem {
            LinkProblem::MissingTarget => ("目标文件不存在", "the target does not exist"),
            LinkProblem::MissingAnchor => {
                ("目标页面没有这个锚点", "the target page has no such anchor")
            }
            LinkProblem::OutsideOutput => (
                "目标在输出文件夹之外",
                "the target is outside the output folder",
            ),
        };
        write!(f, "{}:{}: {}: {zh} ({en})", self.page, self.line, self.link)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error(
        "找不到输出文件夹 {0}；请先运行 `brochure build`。\nno output folder at {0}: run `brochure build` first"
    )]
    NoOutput(PathBuf),
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One page of the output: its links with their lines, and the anchors it defines.
#[derive(Debug, Default)]
struct Page {
    links: Vec<(usize, String)>,
    anchors: HashSet<String>,
}

/// Checks every link of every HTML file under `output`. Links that start with `site_url` (the
/// site's base_url) are checked as links from the output's root.
pub fn check_links(output: &Path, site_url: Option<&str>) -> Result<LinkReport, LinkError> {
    if !output.is_dir() {
        return Err(LinkError::NoOutput(output.to_owned()));
    }
    let files = output_files(output)?;
    let mut pages = BTreeMap::new();
    for file in files.iter().filter(|file| is_html(file)) {
        let path = output.join(file);
        let text = std::fs::read(&path).map_err(|source| LinkError::Io { path, source })?;
        pages.insert(file.clone(), scan_page(&String::from_utf8_lossy(&text)));
    }
    let mut report = LinkReport {
        pages: pages.len(),
        ..LinkReport::default()
    };
    for (name, page) in &pages {
        for (line, link) in &page.links {
            let own = site_url
                .and_then(|url| link.strip_prefix(url))
                .map(|rest| format!("/{}", rest.trim_start_matches('/')));
            match classify(own.as_deref().unwrap_or(link)) {
                Link::Skipped => {}
                Link::External => {
                    report.external.insert(link.clone());
                }
                Link::Internal { path, fragment } => {
                    report.checked += 1;
                    let found = resolve(name, &path, &files)
                        .and_then(|target| check_fragment(&target, fragment.as_deref(), &pages));
                    if let Err(problem) = found {
                        report.broken.push(BrokenLink {
                            page: name.clone(),
                            line: *line,
                            link: link.clone(),
                            problem,
                        });
                    }
                }
            }
        }
    }
    Ok(report)
}

/// Every file under `root`, as `/`-separated relative paths.
fn output_files(root: &Path) -> Result<BTreeSet<String>, LinkError> {
    let mut files = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.map_err(|err| LinkError::Io {
            path: err.path().unwrap_or(root).to_owned(),
            source: err.into(),
        })?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let parts: Vec<_> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect();
            files.insert(parts.join("/"));
        }
    }
    Ok(files)
}

fn is_html(file: &str) -> bool {
    file.ends_with(".html") || file.ends_with(".htm")
}

/// What a link is.
#[derive(Debug, PartialEq, Eq)]
enum Link {
    /// `data:`, `javascript:` and template placeholders: nothing to check.
    Skipped,
    External,
    /// A path (percent-decoded, no query) relative to the page, or to the root with a `/`.
    Internal {
        path: String,
        fragment: Option<String>,
    },
}

fn classify(link: &str) -> Link {
    let link = link.trim();
    let scheme = link
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
    match scheme.map(str::to_ascii_lowercase).as_deref() {
        Some("data" | "javascript" | "blob" | "about") => return Link::Skipped,
        Some(_) => return Link::External,
        None => {}
    }
    if link.starts_with("//") {
        return Link::External;
    }
    if link.contains("{{") || link.contains("${") {
        return Link::Skipped;
    }
    let (rest, fragment) = match link.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (link, None),
    };
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    Link::Internal {
        path: percent_decode(path),
        fragment: fragment.filter(|f| !f.is_empty()),
    }
}

/// `%E9%A1%B9` → `项`; a malformed escape is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// The output file a link from `page` points to.
fn resolve(page: &str, path: &str, files: &BTreeSet<String>) -> Result<String, LinkProblem> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        page.split('/').collect()
    };
    if !path.starts_with('/') {
        parts.pop();
    }
    if path.is_empty() {
        return Ok(page.to_owned());
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(LinkProblem::OutsideOutput)?;
            }
            name => parts.push(name),
        }
    }
    let target = parts.join("/");
    if files.contains(&target) && !path.ends_with('/') {
        return Ok(target);
    }
    let index = if target.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{target}/index.html")
    };
    if files.contains(&index) {
        Ok(index)
    } else {
        Err(LinkProblem::MissingTarget)
    }
}

/// A fragment must name an anchor of an HTML target; other files' fragments (a PDF's
/// `#page=2`) are the viewer's business, and so are the filter states that the projects page's
/// script reads (`#chain=ic&county=maiji`).
fn check_fragment(
    target: &str,
    fragment: Option<&str>,
    pages: &BTreeMap<String, Page>,
) -> Result<(), LinkProblem> {
    let (Some(fragment), Some(page)) = (fragment, pages.get(target)) else {
        return Ok(());
    };
    if is_script_state(fragment) {
        return Ok(());
    }
    if fragment == "top" || page.anchors.contains(fragment) {
        Ok(())
    } else {
        Err(LinkProblem::MissingAnchor)
    }
}

/// `key=value` pairs joined by `&`: a state for the page's script, not an anchor.
fn is_script_state(fragment: &str) -> bool {
    fragment.split('&').all(|pair| {
        pair.split_once('=').is_some_and(|(key, _)| {
            !key.is_empty()
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
    })
}

/// The links and anchors of one HTML page: a small tag scanner that skips comments and the
/// bodies of `<script>` and `<style>`.
fn scan_page(html: &str) -> Page {
    let mut page = Page::default();
    let mut rest = html;
    let mut offset = 0;
    let line_of = |offset: usize| html[..offset].bytes().filter(|&b| b == b'\n').count() + 1;
    while let Some(start) = rest.find('<') {
        let tag = &rest[start..];
        let consumed = if tag.starts_with("<!--") {
            tag.find("-->").map_or(tag.len(), |end| end + 3)
        } else {
            let end = tag_end(tag);
            let name = tag_name(&tag[1..end]);
            let attributes = attributes(&tag[1 + name.len()..end]);
            for (key, value) in &attributes {
                match key.as_str() {
                    "href" | "src" => page.links.push((line_of(offset + start), value.clone())),
                    "srcset" => page.links.extend(
                        srcset_urls(value).map(|url| (line_of(offset + start), url.to_owned())),
                    ),
                    "id" => {
                        page.anchors.insert(decode_entities(value));
                    }
                    "name" if name.eq_ignore_ascii_case("a") => {
                        page.anchors.insert(decode_entities(value));
                    }
                    _ => {}
                }
            }
            let body_end = raw_text_end(name, &tag[end..]);
            end + body_end
        };
        offset += start + consumed.max(1);
        rest = &html[offset..];
    }
    for (_, link) in &mut page.links {
        *link = decode_entities(link);
    }
    page
}

/// Where a tag ends: the first `>` outside a quoted attribute value.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    tag.len()
}

/// `a`, `/div`, `!DOCTYPE`: the name that follows `<`.
fn tag_name(tag: &str) -> &str {
    let start = usize::from(tag.starts_with('/'));
    let end = tag[start..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(tag.len(), |i| i + start);
    &tag[..end]
}

/// The length of a `<script>` or `<style>` body up to its closing tag; 0 for other tags.
fn raw_text_end(name: &str, after: &str) -> usize {
    let name = name.to_ascii_lowercase();
    if name != "script" && name != "style" {
        return 0;
    }
    let closing = format!("</{name}");
    after
        .to_ascii_lowercase()
        .find(&closing)
        .unwrap_or(after.len())
}

/// `key="value"`, `key='value'`, `key=value` and bare `key`, keys lower-cased.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let key_len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len());
        if key_len == 0 {
            return found;
        }
        let key = rest[..key_len].to_ascii_lowercase();
        rest = rest[key_len..].trim_start();
        let Some(after_equals) = rest.strip_prefix('=') else {
            found.push((key, String::new()));
            continue;
        };
        let after_equals = after_equals.trim_start();
        let (value, remaining) = match after_equals.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &after_equals[1..];
                let end = body.find(quote).unwrap_or(body.len());
                (&body[..end], body.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after_equals
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(after_equals.len());
                (&after_equals[..end], &after_equals[end..])
            }
        };
        found.push((key, value.to_owned()));
        rest = remaining;
    }
}

/// The URLs of a `srcset`: `a.png 1x, b.png 2x`.
fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

/// The character references templates write into attributes.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn resolves_relative_root_and_folder_links() {
        let all = files(&["index.html", "projects/a/index.html", "static/style.css"]);
        let page = "projects/a/index.html";
        assert_eq!(
            resolve(page, "../../static/style.css", &all).unwrap(),
            "static/style.css"
        );
        assert_eq!(resolve(page, "../../", &all).unwrap(), "index.html");
        assert_eq!(resolve(page, "/projects/a/", &all).unwrap(), page);
        assert_eq!(resolve(page, "", &all).unwrap(), page);
        assert_eq!(
            resolve(page, "../b/", &all),
            Err(LinkProblem::MissingTarget)
        );
        assert_eq!(
            resolve(page, "../../../x", &all),
            Err(LinkProblem::OutsideOutput)
        );
    }

    #[test]
    fn classifies_links() {
        assert_eq!(classify("https://a.cn/x"), Link::External);
        assert_eq!(classify("mailto:a@b.cn"), Link::External);
        assert_eq!(classify("//cdn.example/x.js"), Link::External);
        assert_eq!(classify("data:image/png;base64,AAA"), Link::Skipped);
        assert_eq!(
            classify("../%E9%A1%B9/index.html?q=1#%E9%94%9A"),
            Link::Internal {
                path: "../项/index.html".into(),
                fragment: Some("锚".into())
            }
        );
        assert_eq!(
            classify("#"),
            Link::Internal {
                path: String::new(),
                fragment: None
            }
        );
    }

    #[test]
    fn scans_attributes_but_not_scripts_or_comments() {
        let page = scan_page(
            "<!doctype html>\n<a href=\"a.html?x=1&amp;y=2\" id=top-link>x</a>\n<!-- <a href=\"gone.html\"> -->\n<script>let s = '<a href=\"js.html\">';</script>\n<img src='i.png' srcset=\"i.png 1x, i2.png 2x\" alt=\"a > b\">\n<a name=old>",
        );
        let links: Vec<_> = page
            .links
            .iter()
            .map(|(line, link)| (*line, link.as_str()))
            .collect();
        assert_eq!(
            links,
            [
                (2, "a.html?x=1&y=2"),
                (5, "i.png"),
                (5, "i.png"),
                (5, "i2.png")
            ]
        );
        assert!(page.anchors.contains("top-link") && page.anchors.contains("old"));
    }

    #[test]
    fn reports_missing_targets_and_anchors() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "index.html",
            "<a href=\"a/\">a</a><a href=\"a/#here\"></a><a href=\"a/#nowhere\"></a>\n<a href=\"b.html\"></a><a href=\"https://x.cn\"></a><a href=\"https://a.cn/c/a/\"></a>",
        );
        write(
            "a/index.html",
            "<h2 id=\"here\">here</h2><a href=\"../index.html\"></a>",
        );
        let report = check_links(dir.path(), Some("https://a.cn/c/")).unwrap();
        assert_eq!(report.pages, 2);
        assert_eq!(report.checked, 6);
        assert_eq!(report.external.len(), 1);
        let broken: Vec<_> = report
            .broken
            .iter()
            .map(|b| (b.line, b.link.as_str(), b.problem))
            .collect();
        assert_eq!(
            broken,
            [
                (1, "a/#nowhere", LinkProblem::MissingAnchor),
                (2, "b.html", LinkProblem::MissingTarget)
            ]
        );
        assert!(check_links(&dir.path().join("none"), None).is_err());
    }
}
