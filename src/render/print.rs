//! The print catalog's content, shared by `print/index.html` (rendered here through the
//! theme's print.html) and catalog.pdf: cover, chains in order each with its projects, and
//! the publisher for the closing page. Bodies come from the one content parse; links between
//! projects and chains become anchors inside the document.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use tera::Context;

use super::qr;
use super::views::{self, GroupSummary, Lang, PageMeta, ProjectCard, SiteView};
use super::{RenderContext, RenderError, Sink};
use crate::catalog::{Catalog, ChainIndex};
use crate::config::Paper;
use crate::content::markdown::{Markdown, ROOT_MARK};

/// Where print/index.html lives.
pub const PRINT_PAGE: &str = "print/index.html";

/// The whole catalog for print.
#[derive(Debug, Serialize)]
pub struct PrintCatalog<'a> {
    pub site: SiteView<'a>,
    /// The latest `updated` of the projects as `2024年5月`, or empty.
    pub date: String,
    /// The paper the catalog is laid out for (`print: {paper: a5}` in catalog.yaml).
    pub paper: Paper,
    pub chains: Vec<PrintChain<'a>>,
}

/// A chain's divider and its projects.
#[derive(Debug, Serialize)]
pub struct PrintChain<'a> {
    #[serde(flatten)]
    pub summary: GroupSummary<'a>,
    pub segments: &'a [String],
    pub leaders: &'a [String],
    /// The overview, in the output's form (HTML, or a Typst file's path).
    pub body: String,
    pub projects: Vec<PrintProject<'a>>,
}

/// A project's page.
#[derive(Debug, Serialize)]
pub struct PrintProject<'a> {
    #[serde(flatten)]
    pub card: &'a ProjectCard<'a>,
    /// The body, in the output's form (HTML, or a Typst file's path).
    pub body: String,
    /// The project's web page when the site has a base_url.
    pub web_url: Option<String>,
    /// A QR code of `web_url`, in the output's form (inline SVG, or an SVG file's path).
    pub qr: Option<String>,
}

/// Whose body a renderer is asked to convert.
#[derive(Debug, Clone, Copy)]
pub enum BodyOf<'a> {
    Chain(&'a str),
    Project(&'a str),
}

/// Collects the print catalog; `body` turns each parsed body (with its source file) into the
/// output's form.
pub fn print_catalog<'a>(
    ctx: &RenderContext<'a>,
    mut body: impl FnMut(BodyOf<'a>, &'a Path, &'a Markdown) -> String,
) -> PrintCatalog<'a> {
    let catalog: &'a Catalog = ctx.catalog;
    let cards: &'a [ProjectCard<'a>] = ctx.cards;
    let chains = views::chain_summaries(catalog, Lang::Zh)
        .into_iter()
        .enumerate()
        .map(|(index, summary)| {
            let entry = catalog.chain(ChainIndex(index));
            let projects = entry
                .projects
                .iter()
                .map(|&p| {
                    let project = &catalog.project(p).project;
                    PrintProject {
                        card: &cards[p.0],
                        body: body(
                            BodyOf::Project(&project.slug),
                            &project.source,
                            &project.body,
                        ),
                        web_url: catalog
                            .config
                            .base_url
                            .as_ref()
                            .map(|base| format!("{base}{}", cards[p.0].url)),
                        qr: None,
                    }
                })
                .collect();
            PrintChain {
                body: body(
                    BodyOf::Chain(&entry.chain.id),
                    &entry.chain.source,
                    &entry.chain.body,
                ),
                summary,
                segments: &entry.chain.segments,
                leaders: &entry.chain.leaders,
                projects,
            }
        })
        .collect();
    PrintCatalog {
        site: views::site_view(catalog, Lang::Zh),
        date: latest_update(catalog),
        paper: catalog.config.print.paper,
        chains,
    }
}

/// `2024年5月` from the latest `updated` date, or empty when no project has one.
fn latest_update(catalog: &Catalog) -> String {
    let latest = catalog
        .projects
        .iter()
        .filter_map(|p| p.project.updated.as_deref())
        .max()
        .unwrap_or("");
    let mut parts = latest.split('-');
    match (
        parts.next(),
        parts.next().and_then(|m| m.parse::<u32>().ok()),
    ) {
        (Some(year), Some(month)) if !year.is_empty() => format!("{year}年{month}月"),
        _ => String::new(),
    }
}

/// Where links in bodies can point inside the print catalog, and the site's address for the
/// rest.
#[derive(Debug, Default)]
pub struct LinkTargets<'a> {
    /// Project slugs with a page in the catalog (anchor `project-SLUG`).
    pub projects: BTreeSet<&'a str>,
    /// Chain ids with a divider in the catalog (anchor `chain-ID`).
    pub chains: BTreeSet<&'a str>,
    /// The site's public address.
    pub base_url: Option<&'a str>,
    /// Files under content/assets/ by their path from the site root (`assets/plan.png`).
    pub assets: BTreeSet<String>,
}

/// What a link of a body becomes in print.
#[derive(Debug, PartialEq, Eq)]
pub enum Target<'u> {
    /// An anchor inside the catalog.
    Anchor(String),
    /// Another page of the site, by its path from the site root.
    Site(&'u str),
    /// A link outside the site.
    External(&'u str),
    /// A fragment of the web page, meaningless in print.
    Nowhere,
}

impl<'a> LinkTargets<'a> {
    pub fn of(catalog: &'a Catalog) -> Self {
        LinkTargets {
            projects: catalog
                .projects
                .iter()
                .map(|p| p.project.slug.as_str())
                .collect(),
            chains: catalog.chains.iter().map(|c| c.chain.id.as_str()).collect(),
            base_url: catalog.config.base_url.as_deref(),
            assets: catalog.asset_urls().collect(),
        }
    }

    /// The image file a body's image URL names, when it exists under content/assets/.
    pub fn asset<'u>(&self, url: &'u str) -> Option<&'u str> {
        url.strip_prefix(ROOT_MARK)
            .filter(|path| self.assets.contains(*path))
    }

    /// Resolves a URL as the content parse left it (site paths carry [`ROOT_MARK`]).
    pub fn resolve<'u>(&self, url: &'u str) -> Target<'u> {
        let Some(site_path) = url.strip_prefix(ROOT_MARK) else {
            return if url.starts_with('#') || url.is_empty() {
                Target::Nowhere
            } else {
                Target::External(url)
            };
        };
        let page = site_path.split('#').next().unwrap_or(site_path);
        match page
            .strip_suffix("/index.html")
            .and_then(|rest| rest.split_once('/'))
        {
            Some(("projects", slug)) if self.projects.contains(slug) => {
                Target::Anchor(format!("project-{slug}"))
            }
            Some(("chains", id)) if self.chains.contains(id) => {
                Target::Anchor(format!("chain-{id}"))
            }
            _ => Target::Site(site_path),
        }
    }
}

/// Writes print/index.html.
pub fn render_print_page(ctx: &RenderContext<'_>, sink: &dyn Sink) -> Result<usize, RenderError> {
    let links = LinkTargets::of(ctx.catalog);
    let meta = PageMeta::new(PRINT_PAGE, &ctx.catalog.config.title, "print");
    let mut print = print_catalog(ctx, |of, _, markdown| {
        let prefix = match of {
            BodyOf::Chain(id) => format!("chain-{id}"),
            BodyOf::Project(slug) => format!("project-{slug}"),
        };
        print_html(&markdown.html, &prefix, &links, &meta.root)
    });
    for project in print.chains.iter_mut().flat_map(|c| c.projects.iter_mut()) {
        project.qr = project.web_url.as_deref().and_then(qr::svg);
    }
    let mut context = Context::new();
    context.insert("site", &print.site);
    context.insert("page", &meta);
    context.insert("print", &print);
    let html = ctx
        .theme
        .tera
        .render("print.html", &context)
        .map_err(|err| RenderError::Template {
            page: PRINT_PAGE.to_owned(),
            message: err.to_string(),
        })?;
    sink.write(PRINT_PAGE, html.as_bytes())?;
    Ok(1)
}

/// A body's HTML for the one-document catalog: its own ids and fragment links get `prefix`
/// (so footnotes of two projects cannot clash), links to projects and chains become anchors,
/// other site links go through `root`.
fn print_html(html: &str, prefix: &str, links: &LinkTargets<'_>, root: &str) -> String {
    let html = html
        .replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"));
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find(ROOT_MARK) {
        out.push_str(&rest[..start]);
        let url_end = rest[start..]
            .find('"')
            .map_or(rest.len(), |end| start + end);
        match links.resolve(&rest[start..url_end]) {
            Target::Anchor(anchor) => {
                out.push('#');
                out.push_str(&anchor);
            }
            Target::Site(path) => {
                out.push_str(root);
                out.push_str(path);
            }
            Target::External(url) => out.push_str(url),
            Target::Nowhere => {}
        }
        rest = &rest[url_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::{MarkdownOptions, render};

    fn links() -> LinkTargets<'static> {
        LinkTargets {
            projects: BTreeSet::from(["other"]),
            chains: BTreeSet::from(["ic"]),
            base_url: None,
            assets: BTreeSet::new(),
        }
    }

    #[test]
    fn body_links_become_anchors_inside_the_document() {
        let body = render(
            "[同链](other.md) [链](../chains/ic.md) [政策](../pages/policy.md) ![图](plan.png) [外](https://a.cn) [注][^1]\n\n[^1]: 说明\n",
            MarkdownOptions::default(),
        );
        let html = print_html(&body.html, "project-a", &links(), "../");
        assert!(html.contains(r##"href="#project-other""##), "{html}");
        assert!(html.contains(r##"href="#chain-ic""##), "{html}");
        assert!(
            html.contains(r#"href="../pages/policy/index.html""#),
            "{html}"
        );
        assert!(html.contains(r#"src="../assets/plan.png""#), "{html}");
        assert!(html.contains(r#"href="https://a.cn""#), "{html}");
        assert!(html.contains(r#"id="project-a-1""#), "{html}");
        assert!(html.contains(r##"href="#project-a-1""##), "{html}");
        assert!(!html.contains(ROOT_MARK), "{html}");
    }

    #[test]
    fn unknown_projects_stay_site_links() {
        assert_eq!(
            links().resolve(&format!("{ROOT_MARK}projects/gone/index.html")),
            Target::Site("projects/gone/index.html")
        );
        assert_eq!(links().resolve("#top"), Target::Nowhere);
    }
}
