//! Typed, borrowed views of the catalog that templates receive. Every URL in a view is relative
//! to the site root; templates put the page's `root` (`""`, `"../"`, `"../../"`) in front.
//! The context of each template is documented in themes/default/README.md.

use serde::Serialize;

use crate::amount::Amount;
use crate::catalog::{Catalog, ChainIndex, CountyIndex, ProjectIndex, Totals};
use crate::config::Publisher;
use crate::content::{Contact, Status};

/// An amount ready to show: `text` is `15.00亿元`, `en` is `CNY 1.5 billion`, `wan` the number
/// of 万元.
#[derive(Debug, Clone, Serialize)]
pub struct AmountView {
    pub wan: f64,
    pub text: String,
    pub en: String,
}

impl From<Amount> for AmountView {
    fn from(amount: Amount) -> Self {
        AmountView {
            wan: amount.wan(),
            text: amount.display_zh(),
            en: amount.display_en(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TotalsView {
    pub projects: usize,
    pub investment: AmountView,
    pub seeking: AmountView,
    pub signed: usize,
    pub featured: usize,
}

impl From<Totals> for TotalsView {
    fn from(totals: Totals) -> Self {
        TotalsView {
            projects: totals.projects,
            investment: totals.investment.into(),
            seeking: totals.seeking.into(),
            signed: totals.signed,
            featured: totals.featured,
        }
    }
}

/// A named thing with a page: a chain, a county, a free page.
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub name_en: &'a str,
    pub url: String,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct StatusView {
    pub id: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
}

impl From<Status> for StatusView {
    fn from(status: Status) -> Self {
        StatusView {
            id: status.id(),
            name: status.name_zh(),
            name_en: status.name_en(),
        }
    }
}

/// What lists show of a project.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectCard<'a> {
    pub slug: &'a str,
    pub code: &'a str,
    pub title: &'a str,
    pub title_en: &'a str,
    pub url: String,
    pub chain: Link<'a>,
    pub county: Link<'a>,
    pub segment: &'a str,
    pub investment: AmountView,
    pub seeking: Option<AmountView>,
    pub status: StatusView,
    pub cooperation: &'a [String],
    pub location: &'a str,
    pub land: &'a str,
    pub tags: &'a [String],
    pub featured: bool,
    pub updated: &'a str,
    pub summary: &'a str,
    pub summary_en: &'a str,
    pub contact: &'a Contact,
}

pub fn project_url(slug: &str) -> String {
    format!("projects/{slug}/index.html")
}

pub fn chain_link(catalog: &Catalog, index: ChainIndex) -> Link<'_> {
    let chain = &catalog.chain(index).chain;
    Link {
        id: &chain.id,
        name: &chain.name,
        name_en: &chain.name_en,
        url: format!("chains/{}/index.html", chain.id),
    }
}

pub fn county_link(catalog: &Catalog, index: CountyIndex) -> Link<'_> {
    let county = &catalog.county(index).county;
    Link {
        id: &county.id,
        name: &county.name,
        name_en: &county.name_en,
        url: format!("counties/{}/index.html", county.id),
    }
}

/// One card per project, in catalog order (index = [`ProjectIndex`]).
pub fn project_cards(catalog: &Catalog) -> Vec<ProjectCard<'_>> {
    catalog
        .projects
        .iter()
        .map(|entry| {
            let project = &entry.project;
            let chain = &catalog.chain(entry.chain).chain;
            ProjectCard {
                slug: &project.slug,
                code: project.code.as_ref().map_or("", |c| c.value.as_str()),
                title: &project.title,
                title_en: &project.title_en,
                url: project_url(&project.slug),
                chain: chain_link(catalog, entry.chain),
                county: county_link(catalog, entry.county),
                segment: entry.segment.map_or("", |s| chain.segments[s].as_str()),
                investment: project.investment.value.into(),
                seeking: project.seeking.as_ref().map(|s| s.value.into()),
                status: project.status.into(),
                cooperation: &project.cooperation,
                location: &project.location,
                land: &project.land,
                tags: &project.tags,
                featured: project.featured,
                updated: project.updated.as_deref().unwrap_or(""),
                summary: &project.summary,
                summary_en: &project.summary_en,
                contact: &project.contact,
            }
        })
        .collect()
}

/// Site-wide values, the same on every page (Tera's global context).
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub title_en: &'a str,
    pub region: &'a str,
    pub description: &'a str,
    pub publisher: &'a Publisher,
    pub base_url: Option<&'a str>,
    pub sample: bool,
    pub generator: &'static str,
    pub totals: TotalsView,
    pub chains: Vec<Link<'a>>,
    pub counties: Vec<Link<'a>>,
    pub pages: Vec<Link<'a>>,
}

pub fn site_view(catalog: &Catalog) -> SiteView<'_> {
    let config = &catalog.config;
    SiteView {
        title: &config.title,
        title_en: &config.title_en,
        region: &config.region,
        description: &config.description,
        publisher: &config.publisher,
        base_url: config.base_url.as_deref(),
        sample: config.sample,
        generator: concat!("brochure ", env!("CARGO_PKG_VERSION")),
        totals: catalog.totals.into(),
        chains: (0..catalog.chains.len())
            .map(|i| chain_link(catalog, ChainIndex(i)))
            .collect(),
        counties: (0..catalog.counties.len())
            .map(|i| county_link(catalog, CountyIndex(i)))
            .collect(),
        pages: catalog
            .pages
            .iter()
            .map(|page| Link {
                id: &page.slug,
                name: &page.title,
                name_en: &page.title_en,
                url: format!("pages/{}/index.html", page.slug),
            })
            .collect(),
    }
}

/// What every page says about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// From this page to the site root: `""`, `"../"`, `"../../"`.
    pub root: String,
    /// This page's path from the site root, e.g. `projects/x/index.html`.
    pub path: String,
    /// The `<title>` and `<h1>`.
    pub title: String,
    /// For `<meta name=description>` and sharing.
    pub description: String,
    /// The navigation entry this page belongs to: home, projects, chains, counties, matrix, pages.
    pub section: &'static str,
}

impl PageMeta {
    pub fn new(path: &str, title: impl Into<String>, section: &'static str) -> Self {
        PageMeta {
            root: "../".repeat(path.matches('/').count()),
            path: path.to_owned(),
            title: title.into(),
            description: String::new(),
            section,
        }
    }

    pub fn described(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }
}

/// A chain or county with its figures, for cards, charts and tables.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary<'a> {
    #[serde(flatten)]
    pub link: Link<'a>,
    pub summary: &'a str,
    pub totals: TotalsView,
    /// The group's investment as a share of the largest group's, 0–1, for bar charts.
    pub share: f64,
}

pub fn chain_summaries(catalog: &Catalog) -> Vec<GroupSummary<'_>> {
    let largest = catalog
        .chains
        .iter()
        .map(|c| c.totals.investment)
        .max()
        .unwrap_or_default();
    (0..catalog.chains.len())
        .map(|i| {
            let entry = &catalog.chains[i];
            GroupSummary {
                link: chain_link(catalog, ChainIndex(i)),
                summary: &entry.chain.summary,
                totals: entry.totals.into(),
                share: share(entry.totals.investment, largest),
            }
        })
        .collect()
}

pub fn county_summaries(catalog: &Catalog) -> Vec<GroupSummary<'_>> {
    let largest = catalog
        .counties
        .iter()
        .map(|c| c.totals.investment)
        .max()
        .unwrap_or_default();
    (0..catalog.counties.len())
        .map(|i| {
            let entry = &catalog.counties[i];
            GroupSummary {
                link: county_link(catalog, CountyIndex(i)),
                summary: &entry.county.summary,
                totals: entry.totals.into(),
                share: share(entry.totals.investment, largest),
            }
        })
        .collect()
}

fn share(part: Amount, whole: Amount) -> f64 {
    if whole.yuan() == 0 {
        0.0
    } else {
        part.yuan() as f64 / whole.yuan() as f64
    }
}

/// A project page's own data beyond its card.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectDetail<'a> {
    #[serde(flatten)]
    pub card: &'a ProjectCard<'a>,
    pub images: Vec<String>,
    pub body_html: String,
    pub headings: &'a [String],
    pub extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
}

/// A segment of a chain map: its projects, from upstream to downstream.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentView<'a> {
    pub name: &'a str,
    /// 上游, 中游 or 下游 when the name starts with one, else empty.
    pub stage: &'a str,
    /// The name without its stage prefix.
    pub label: &'a str,
    pub projects: Vec<&'a ProjectCard<'a>>,
    /// For a segment without projects, where investment is invited: 延链 (extend the chain)
    /// at its upstream or downstream end, 补链 (fill a gap) in between; empty otherwise.
    pub cue: &'static str,
}

pub fn segments<'a>(
    catalog: &'a Catalog,
    chain: ChainIndex,
    cards: &'a [ProjectCard<'a>],
) -> Vec<SegmentView<'a>> {
    let entry = catalog.chain(chain);
    entry
        .chain
        .segments
        .iter()
        .enumerate()
        .map(|(position, name)| {
            let (stage, label) = split_stage(name);
            let projects: Vec<&ProjectCard<'a>> = entry
                .projects
                .iter()
                .filter(|&&p| catalog.project(p).segment == Some(position))
                .map(|p| &cards[p.0])
                .collect();
            SegmentView {
                name,
                stage,
                label,
                cue: segment_cue(stage, projects.is_empty()),
                projects,
            }
        })
        .collect()
}

fn segment_cue(stage: &str, empty: bool) -> &'static str {
    match (empty, stage) {
        (false, _) => "",
        (true, "上游" | "下游") => "延链",
        (true, _) => "补链",
    }
}

fn split_stage(name: &str) -> (&str, &str) {
    for stage in ["上游", "中游", "下游"] {
        if let Some(rest) = name.strip_prefix(stage) {
            let label = rest.trim_start_matches(['·', ':', '：', ' ', '-', '—']);
            return (stage, if label.is_empty() { name } else { label });
        }
    }
    ("", name)
}

/// The cards of some projects.
pub fn cards_of<'a>(
    cards: &'a [ProjectCard<'a>],
    indices: &[ProjectIndex],
) -> Vec<&'a ProjectCard<'a>> {
    indices.iter().map(|p| &cards[p.0]).collect()
}

/// A facet value with how many projects have it.
#[derive(Debug, Clone, Serialize)]
pub struct FacetValue<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub count: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_prefix_is_split_off() {
        assert_eq!(split_stage("上游·封装材料"), ("上游", "封装材料"));
        assert_eq!(split_stage("下游"), ("下游", "下游"));
        assert_eq!(split_stage("研发设计"), ("", "研发设计"));
    }

    #[test]
    fn empty_segments_invite_extending_or_filling_the_chain() {
        assert_eq!(segment_cue("上游", true), "延链");
        assert_eq!(segment_cue("下游", true), "延链");
        assert_eq!(segment_cue("中游", true), "补链");
        assert_eq!(segment_cue("", true), "补链");
        assert_eq!(segment_cue("中游", false), "");
    }

    #[test]
    fn page_root_follows_depth() {
        assert_eq!(PageMeta::new("index.html", "t", "home").root, "");
        assert_eq!(
            PageMeta::new("projects/a/index.html", "t", "projects").root,
            "../../"
        );
    }
}
