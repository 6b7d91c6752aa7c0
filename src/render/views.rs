//! Typed, borrowed views of the catalog that templates receive. Every URL in a view is relative
//! to the site root; templates put the page's `root` (`""`, `"../"`, `"../../"`) in front.
//! The context of each template is documented in themes/default/README.md.

use std::borrow::Cow;

use serde::Serialize;

use crate::amount::Amount;
use crate::catalog::{Catalog, ChainIndex, CountyIndex, ProjectIndex, Totals};
use crate::config::Publisher;
use crate::content::{Contact, Status};

/// The language of an edition of the site: Chinese at the site root, English under `en/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The text for this language: the English one when the content has it, else the Chinese.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.trim().is_empty() => en,
            _ => zh,
        }
    }
}

/// An amount ready to show: `text` is `15.00亿元` (`CNY 1.5 billion` in the English edition),
/// `en` is always the English form, `wan` the number of 万元.
#[derive(Debug, Clone, Serialize)]
pub struct AmountView {
    pub wan: f64,
    pub text: String,
    pub en: String,
}

impl AmountView {
    pub fn new(amount: Amount, lang: Lang) -> Self {
        let en = amount.display_en();
        AmountView {
            wan: amount.wan(),
            text: match lang {
                Lang::Zh => amount.display_zh(),
                Lang::En => en.clone(),
            },
            en,
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

impl TotalsView {
    pub fn new(totals: Totals, lang: Lang) -> Self {
        TotalsView {
            projects: totals.projects,
            investment: AmountView::new(totals.investment, lang),
            seeking: AmountView::new(totals.seeking, lang),
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

impl StatusView {
    pub fn new(status: Status, lang: Lang) -> Self {
        StatusView {
            id: status.id(),
            name: lang.pick(status.name_zh(), status.name_en()),
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
    pub cooperation: Vec<&'a str>,
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

pub fn chain_link(catalog: &Catalog, index: ChainIndex, lang: Lang) -> Link<'_> {
    let chain = &catalog.chain(index).chain;
    Link {
        id: &chain.id,
        name: lang.pick(&chain.name, &chain.name_en),
        name_en: &chain.name_en,
        url: format!("chains/{}/index.html", chain.id),
    }
}

pub fn county_link(catalog: &Catalog, index: CountyIndex, lang: Lang) -> Link<'_> {
    let county = &catalog.county(index).county;
    Link {
        id: &county.id,
        name: lang.pick(&county.name, &county.name_en),
        name_en: &county.name_en,
        url: format!("counties/{}/index.html", county.id),
    }
}

/// One card per project, in catalog order (index = [`ProjectIndex`]), in `lang`.
pub fn project_cards(catalog: &Catalog, lang: Lang) -> Vec<ProjectCard<'_>> {
    catalog
        .projects
        .iter()
        .map(|entry| {
            let project = &entry.project;
            let chain = &catalog.chain(entry.chain).chain;
            ProjectCard {
                slug: &project.slug,
                code: project.code.as_ref().map_or("", |c| c.value.as_str()),
                title: lang.pick(&project.title, &project.title_en),
                title_en: &project.title_en,
                url: project_url(&project.slug),
                chain: chain_link(catalog, entry.chain, lang),
                county: county_link(catalog, entry.county, lang),
                segment: entry.segment.map_or("", |s| chain.segments[s].as_str()),
                investment: AmountView::new(project.investment.value, lang),
                seeking: project
                    .seeking
                    .as_ref()
                    .map(|s| AmountView::new(s.value, lang)),
                status: StatusView::new(project.status, lang),
                cooperation: project
                    .cooperation
                    .iter()
                    .map(|mode| cooperation_name(mode, lang))
                    .collect(),
                location: &project.location,
                land: &project.land,
                tags: &project.tags,
                featured: project.featured,
                updated: project.updated.as_deref().unwrap_or(""),
                summary: lang.pick(&project.summary, &project.summary_en),
                summary_en: &project.summary_en,
                contact: &project.contact,
            }
        })
        .collect()
}

/// The usual cooperation modes (合作方式) in English; others are shown as written.
pub fn cooperation_name(mode: &str, lang: Lang) -> &str {
    const ENGLISH: &[(&str, &str)] = &[
        ("独资", "Sole proprietorship"),
        ("合资", "Joint venture"),
        ("合作", "Cooperation"),
        ("合作经营", "Cooperative operation"),
        ("股权合作", "Equity partnership"),
        ("PPP", "PPP"),
        ("BOT", "BOT"),
        ("租赁", "Lease"),
        ("招商", "Open to investors"),
        ("整体转让", "Transfer"),
        ("代建", "Build and lease"),
    ];
    match lang {
        Lang::Zh => mode,
        Lang::En => ENGLISH
            .iter()
            .find(|(zh, _)| *zh == mode)
            .map_or(mode, |(_, en)| en),
    }
}

/// Site-wide values, the same on every page (Tera's global context).
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub title_en: &'a str,
    pub region: &'a str,
    pub description: &'a str,
    /// In the English edition `org` is `org_en` when catalog.yaml gives one.
    pub publisher: Cow<'a, Publisher>,
    pub base_url: Option<&'a str>,
    pub sample: bool,
    /// Whether the build writes catalog.pdf, for a download link.
    pub pdf: bool,
    pub generator: &'static str,
    pub totals: TotalsView,
    pub chains: Vec<Link<'a>>,
    pub counties: Vec<Link<'a>>,
    pub pages: Vec<Link<'a>>,
}

pub fn site_view(catalog: &Catalog, lang: Lang) -> SiteView<'_> {
    let config = &catalog.config;
    SiteView {
        title: lang.pick(&config.title, &config.title_en),
        title_en: &config.title_en,
        region: lang.pick(&config.region, &config.region_en),
        description: lang.pick(&config.description, &config.description_en),
        publisher: publisher_in(&config.publisher, lang),
        base_url: config.base_url.as_deref(),
        sample: config.sample,
        pdf: false,
        generator: concat!("brochure ", env!("CARGO_PKG_VERSION")),
        totals: TotalsView::new(catalog.totals, lang),
        chains: (0..catalog.chains.len())
            .map(|i| chain_link(catalog, ChainIndex(i), lang))
            .collect(),
        counties: (0..catalog.counties.len())
            .map(|i| county_link(catalog, CountyIndex(i), lang))
            .collect(),
        pages: catalog
            .pages
            .iter()
            .map(|page| Link {
                id: &page.slug,
                name: lang.pick(&page.title, &page.title_en),
                name_en: &page.title_en,
                url: format!("pages/{}/index.html", page.slug),
            })
            .collect(),
    }
}

/// One language's copy of the web pages: Chinese at the site root, English under `en/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edition {
    pub lang: Lang,
    /// Whether the site has the other edition too, to link to.
    pub bilingual: bool,
}

impl Edition {
    /// The editions a site builds, the Chinese one first.
    pub fn all(config: &crate::config::Config) -> Vec<Edition> {
        let bilingual = config.has_english();
        let mut editions = vec![Edition {
            lang: Lang::Zh,
            bilingual,
        }];
        if bilingual {
            editions.push(Edition {
                lang: Lang::En,
                bilingual,
            });
        }
        editions
    }

    /// The Chinese edition alone.
    pub fn chinese() -> Edition {
        Edition {
            lang: Lang::Zh,
            bilingual: false,
        }
    }

    /// The folder of this edition's pages in the output: `""` or `"en/"`.
    pub fn prefix(self) -> &'static str {
        match self.lang {
            Lang::Zh => "",
            Lang::En => "en/",
        }
    }
}

fn publisher_in(publisher: &Publisher, lang: Lang) -> Cow<'_, Publisher> {
    let org = lang.pick(&publisher.org, &publisher.org_en);
    if org == publisher.org {
        Cow::Borrowed(publisher)
    } else {
        Cow::Owned(Publisher {
            org: org.to_owned(),
            ..publisher.clone()
        })
    }
}

/// What every page says about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// From this page to the root of its edition: `""`, `"../"`, `"../../"`; links to pages
    /// start with it.
    pub root: String,
    /// From this page to the site root, where static/, data/ and assets/ are; the same as
    /// `root` in the Chinese edition.
    pub site_root: String,
    /// This page's path from the site root, e.g. `projects/x/index.html` or
    /// `en/projects/x/index.html`.
    pub path: String,
    /// The `<title>` and `<h1>`.
    pub title: String,
    /// For `<meta name=description>` and sharing.
    pub description: String,
    /// The navigation entry this page belongs to: home, projects, chains, counties, matrix, pages.
    pub section: &'static str,
    /// The same page in the other edition, from this page, when the site has both.
    pub alternate: Option<String>,
    /// The language of `alternate`.
    pub alternate_lang: Option<&'static str>,
    /// `alternate` from the site root, for absolute addresses with `base_url`.
    pub alternate_path: Option<String>,
}

impl PageMeta {
    /// A page of the Chinese edition.
    pub fn new(path: &str, title: impl Into<String>, section: &'static str) -> Self {
        PageMeta::in_edition(Edition::chinese(), path, title, section)
    }

    /// The page at `path` (from the edition's root) of `edition`.
    pub fn in_edition(
        edition: Edition,
        path: &str,
        title: impl Into<String>,
        section: &'static str,
    ) -> Self {
        let root = "../".repeat(path.matches('/').count());
        let site_root = format!(
            "{root}{}",
            "../".repeat(edition.prefix().matches('/').count())
        );
        let (alternate_path, alternate_lang) = match (edition.bilingual, edition.lang) {
            (false, _) => (None, None),
            (true, Lang::Zh) => (Some(format!("en/{path}")), Some("en")),
            (true, Lang::En) => (Some(path.to_owned()), Some("zh")),
        };
        let alternate = alternate_path
            .as_ref()
            .map(|other| format!("{site_root}{other}"));
        PageMeta {
            root,
            site_root,
            path: format!("{}{path}", edition.prefix()),
            title: title.into(),
            description: String::new(),
            section,
            alternate,
            alternate_lang,
            alternate_path,
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

pub fn chain_summaries(catalog: &Catalog, lang: Lang) -> Vec<GroupSummary<'_>> {
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
                link: chain_link(catalog, ChainIndex(i), lang),
                summary: lang.pick(&entry.chain.summary, &entry.chain.summary_en),
                totals: TotalsView::new(entry.totals, lang),
                share: share(entry.totals.investment, largest),
            }
        })
        .collect()
}

pub fn county_summaries(catalog: &Catalog, lang: Lang) -> Vec<GroupSummary<'_>> {
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
                link: county_link(catalog, CountyIndex(i), lang),
                summary: lang.pick(&entry.county.summary, &entry.county.summary_en),
                totals: TotalsView::new(entry.totals, lang),
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
    /// For a segment without projects, where investment is invited: `extend` (延链) at the
    /// chain's upstream or downstream end, `fill` (补链) in between; empty otherwise. The
    /// theme's labels name them.
    pub cue: &'static str,
}

pub fn segments<'a>(
    catalog: &'a Catalog,
    chain: ChainIndex,
    cards: &'a [ProjectCard<'a>],
    lang: Lang,
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
                stage: stage_name(stage, lang),
                label,
                cue: segment_cue(stage, projects.is_empty()),
                projects,
            }
        })
        .collect()
}

/// 上游, 中游, 下游 in the edition's language.
fn stage_name(stage: &str, lang: Lang) -> &str {
    match (lang, stage) {
        (Lang::En, "上游") => "Upstream",
        (Lang::En, "中游") => "Midstream",
        (Lang::En, "下游") => "Downstream",
        _ => stage,
    }
}

fn segment_cue(stage: &str, empty: bool) -> &'static str {
    match (empty, stage) {
        (false, _) => "",
        (true, "上游" | "下游") => "extend",
        (true, _) => "fill",
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
        assert_eq!(segment_cue("上游", true), "extend");
        assert_eq!(segment_cue("下游", true), "extend");
        assert_eq!(segment_cue("中游", true), "fill");
        assert_eq!(segment_cue("", true), "fill");
        assert_eq!(segment_cue("中游", false), "");
    }

    #[test]
    fn english_pages_reach_shared_files_and_their_chinese_twin() {
        let english = Edition {
            lang: Lang::En,
            bilingual: true,
        };
        let meta = PageMeta::in_edition(english, "projects/a/index.html", "t", "projects");
        assert_eq!(meta.path, "en/projects/a/index.html");
        assert_eq!(meta.root, "../../");
        assert_eq!(meta.site_root, "../../../");
        assert_eq!(
            meta.alternate.as_deref(),
            Some("../../../projects/a/index.html")
        );
        let chinese = Edition {
            lang: Lang::Zh,
            bilingual: true,
        };
        let meta = PageMeta::in_edition(chinese, "index.html", "t", "home");
        assert_eq!(meta.site_root, "");
        assert_eq!(meta.alternate.as_deref(), Some("en/index.html"));
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
