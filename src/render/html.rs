//! The web catalog: one job per page, rendered in parallel through the theme's templates
//! with typed views, each written as soon as it is rendered.

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::charts::investment_chart;
use super::views::{
    self, Edition, FacetValue, GroupSummary, Lang, Link, PageMeta, ProjectCard, ProjectDetail,
    SegmentView, TotalsView,
};
use super::{RenderContext, RenderError, Sink};
use crate::catalog::{Catalog, ChainIndex, CountyIndex, ProjectIndex};
use crate::content::Status;

/// A page to render.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Home,
    ProjectList,
    Project(ProjectIndex),
    ChainList,
    Chain(ChainIndex),
    CountyList,
    County(CountyIndex),
    Matrix,
    Page(usize),
    NotFound,
}

/// Every page of the site.
pub fn all_jobs(catalog: &Catalog) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::ProjectList,
        Job::ChainList,
        Job::CountyList,
        Job::Matrix,
        Job::NotFound,
    ];
    jobs.extend((0..catalog.projects.len()).map(|i| Job::Project(ProjectIndex(i))));
    jobs.extend((0..catalog.chains.len()).map(|i| Job::Chain(ChainIndex(i))));
    jobs.extend((0..catalog.counties.len()).map(|i| Job::County(CountyIndex(i))));
    jobs.extend((0..catalog.pages.len()).map(Job::Page));
    jobs
}

/// A typical page's size, so the output buffer seldom grows.
const PAGE_CAPACITY: usize = 16 * 1024;

/// Renders and writes `jobs` in parallel, in every edition of the site (the English one
/// under `en/`, without a 404 page of its own); returns how many pages were written.
pub fn render_pages(
    ctx: &RenderContext<'_>,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let mut written = 0;
    for edition in Edition::all(&ctx.catalog.config) {
        let english_cards;
        let cards = match edition.lang {
            Lang::Zh => ctx.cards,
            Lang::En => {
                english_cards = views::project_cards(ctx.catalog, Lang::En);
                &english_cards
            }
        };
        let shared = Shared::new(ctx, edition, cards, jobs);
        written += jobs
            .par_iter()
            .filter(|job| edition.lang == Lang::Zh || !matches!(job, Job::NotFound))
            .map(|&job| shared.write(job, sink))
            .sum::<Result<usize, RenderError>>()?;
    }
    Ok(written)
}

/// Values computed once per edition and shared by every page. A card's template value is made
/// when a page first needs it, so rendering a few pages (as the preview does) converts a few
/// cards; when the project list needs them all, they are made up front in parallel.
struct Shared<'a> {
    ctx: &'a RenderContext<'a>,
    edition: Edition,
    cards: &'a [ProjectCard<'a>],
    site: Value,
    labels: Value,
    card_values: Vec<OnceLock<Value>>,
}

impl<'a> Shared<'a> {
    fn new(
        ctx: &'a RenderContext<'a>,
        edition: Edition,
        cards: &'a [ProjectCard<'a>],
        jobs: &[Job],
    ) -> Self {
        let labels = ctx.theme.labels.get(edition.lang.code());
        let site = views::SiteView {
            pdf: ctx.pdf,
            ..views::site_view(ctx.catalog, edition.lang)
        };
        let shared = Shared {
            ctx,
            edition,
            cards,
            site: Value::from_serializable(&site),
            labels: labels.map_or_else(Value::none, Value::from_serializable),
            card_values: cards.iter().map(|_| OnceLock::new()).collect(),
        };
        if jobs.iter().any(|job| matches!(job, Job::ProjectList)) {
            (0..shared.card_values.len()).into_par_iter().for_each(|i| {
                shared.card(ProjectIndex(i));
            });
        }
        shared
    }

    /// Renders one page and writes it under the edition's folder.
    fn write(&self, job: Job, sink: &dyn Sink) -> Result<usize, RenderError> {
        let (path, template, context) = self.page(job);
        // Bytes straight from Tera: the output is UTF-8 by construction, so the String that
        // render() returns would only cost a second pass to validate it.
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        self.ctx
            .theme
            .tera
            .render_to(template, &context, &mut html)
            .map_err(|err| RenderError::Template {
                page: path.clone(),
                message: err.to_string(),
            })?;
        sink.write(&path, &html)?;
        Ok(1)
    }

    fn lang(&self) -> Lang {
        self.edition.lang
    }

    /// An interface label of the edition's language, by its key in the theme's i18n files.
    fn label(&self, key: &str) -> String {
        self.ctx
            .theme
            .labels
            .get(self.lang().code())
            .and_then(|labels| labels.get(key))
            .map_or_else(|| key.to_owned(), Clone::clone)
    }

    fn meta(&self, path: &str, title: impl Into<String>, section: &'static str) -> PageMeta {
        PageMeta::in_edition(self.edition, path, title, section)
    }

    fn chart(&self, caption_key: &str, groups: &[GroupSummary<'_>]) -> String {
        investment_chart(&self.label(caption_key), groups, self.lang())
    }

    fn context(&self, meta: &PageMeta) -> Context {
        let mut context = Context::new();
        context.insert_value("site", self.site.clone());
        context.insert_value("t", self.labels.clone());
        context.insert("lang", self.lang().code());
        context.insert("page", meta);
        context
    }

    fn card(&self, index: ProjectIndex) -> Value {
        self.card_values[index.0]
            .get_or_init(|| Value::from_serializable(&self.cards[index.0]))
            .clone()
    }

    fn card_list(&self, indices: &[ProjectIndex]) -> Value {
        let values: Vec<Value> = indices.iter().map(|&p| self.card(p)).collect();
        Value::from(values.as_slice())
    }

    /// The output path, template and context of a page.
    fn page(&self, job: Job) -> (String, &'static str, Context) {
        let catalog = self.ctx.catalog;
        let site = &catalog.config;
        match job {
            Job::Home => {
                let title = self.lang().pick(&site.title, &site.title_en);
                let description = self.lang().pick(&site.description, &site.description_en);
                let meta = self
                    .meta("index.html", title, "home")
                    .described(description);
                let mut context = self.context(&meta);
                let chains = views::chain_summaries(catalog, self.lang());
                let counties = views::county_summaries(catalog, self.lang());
                context.insert("chain_chart", &self.chart("chart_by_chain", &chains));
                context.insert("county_chart", &self.chart("chart_by_county", &counties));
                context.insert("chains", &chains);
                context.insert("counties", &counties);
                let featured: Vec<ProjectIndex> = (0..catalog.projects.len())
                    .map(ProjectIndex)
                    .filter(|&p| catalog.project(p).project.featured)
                    .collect();
                context.insert_value("featured", self.card_list(&featured));
                (meta.path, "index.html", context)
            }
            Job::ProjectList => {
                let meta = self.meta(
                    "projects/index.html",
                    self.label("title_projects"),
                    "projects",
                );
                let mut context = self.context(&meta);
                let all: Vec<ProjectIndex> = (0..self.cards.len()).map(ProjectIndex).collect();
                context.insert_value("projects", self.card_list(&all));
                context.insert("facets", &facets(catalog, self.lang()));
                (meta.path, "projects.html", context)
            }
            Job::Project(index) => self.project_page(index),
            Job::ChainList => {
                let meta = self.meta("chains/index.html", self.label("title_chains"), "chains");
                let mut context = self.context(&meta);
                let chains = views::chain_summaries(catalog, self.lang());
                context.insert("chart", &self.chart("chart_by_chain", &chains));
                context.insert("chains", &chains);
                (meta.path, "chains.html", context)
            }
            Job::Chain(index) => self.chain_page(index),
            Job::CountyList => {
                let meta = self.meta(
                    "counties/index.html",
                    self.label("title_counties"),
                    "counties",
                );
                let mut context = self.context(&meta);
                let counties = views::county_summaries(catalog, self.lang());
                context.insert("chart", &self.chart("chart_by_county", &counties));
                context.insert("counties", &counties);
                (meta.path, "counties.html", context)
            }
            Job::County(index) => self.county_page(index),
            Job::Matrix => {
                let meta = self.meta("matrix/index.html", self.label("title_matrix"), "matrix");
                let mut context = self.context(&meta);
                context.insert("matrix", &matrix(catalog, self.lang()));
                (meta.path, "matrix.html", context)
            }
            Job::Page(index) => {
                let page = &catalog.pages[index];
                let path = format!("pages/{}/index.html", page.slug);
                let title = self.lang().pick(&page.title, &page.title_en);
                let meta = self
                    .meta(&path, title, "pages")
                    .described(&page.body.first_paragraph);
                let mut context = self.context(&meta);
                context.insert("body_html", &page.body.html_at(&meta.site_root));
                context.insert("slug", &page.slug);
                (meta.path, "page.html", context)
            }
            Job::NotFound => {
                // A host shows 404.html at whichever address was missing, where relative
                // links would resolve wrongly; with a base_url they are absolute.
                let mut meta = self.meta("404.html", self.label("title_not_found"), "home");
                if let Some(base) = &self.ctx.catalog.config.base_url {
                    meta.root.clone_from(base);
                    meta.site_root.clone_from(base);
                }
                if meta.alternate_path.is_some() {
                    // The English edition has no 404 page: the language switch leads to its
                    // home page.
                    let home = "en/index.html";
                    meta.alternate = Some(format!("{}{home}", meta.site_root));
                    meta.alternate_path = Some(home.to_owned());
                }
                (meta.path.clone(), "404.html", self.context(&meta))
            }
        }
    }

    fn project_page(&self, index: ProjectIndex) -> (String, &'static str, Context) {
        let catalog = self.ctx.catalog;
        let entry = catalog.project(index);
        let project = &entry.project;
        let card = &self.cards[index.0];
        let meta = self
            .meta(&card.url, card.title, "projects")
            .described(card.summary);
        let Neighbours {
            prev,
            next,
            related,
        } = neighbours(
            &catalog.chain(entry.chain).projects,
            catalog.position_in_chain(index),
        );
        let detail = ProjectDetail {
            card,
            images: project
                .images
                .iter()
                .map(|image| {
                    format!(
                        "{}assets/{}",
                        meta.site_root,
                        image.trim_start_matches('/').trim_start_matches("assets/")
                    )
                })
                .collect(),
            body_html: project.body.html_at(&meta.site_root),
            headings: &project.body.headings,
            extra: &project.extra,
        };
        let mut context = self.context(&meta);
        context.insert("project", &detail);
        context.insert_value("prev", prev.map_or_else(Value::none, |p| self.card(p)));
        context.insert_value("next", next.map_or_else(Value::none, |p| self.card(p)));
        context.insert_value("related", self.card_list(&related));
        (meta.path, "project.html", context)
    }

    fn chain_page(&self, index: ChainIndex) -> (String, &'static str, Context) {
        let catalog = self.ctx.catalog;
        let entry = catalog.chain(index);
        let link = views::chain_link(catalog, index, self.lang());
        let meta = self.meta(&link.url, link.name, "chains").described(
            self.lang()
                .pick(&entry.chain.summary, &entry.chain.summary_en),
        );
        let view = ChainPage {
            body_html: entry.chain.body.html_at(&meta.site_root),
            summary: self
                .lang()
                .pick(&entry.chain.summary, &entry.chain.summary_en),
            leaders: &entry.chain.leaders,
            totals: TotalsView::new(entry.totals, self.lang()),
            segments: views::segments(catalog, index, self.cards, self.lang()),
            unassigned: entry
                .projects
                .iter()
                .filter(|&&p| catalog.project(p).segment.is_none())
                .map(|p| &self.cards[p.0])
                .collect(),
            counties: catalog
                .counties_of_chain(index)
                .map(|county| CellGroup {
                    link: views::county_link(catalog, county, self.lang()),
                    totals: TotalsView::new(catalog.cell(index, county), self.lang()),
                })
                .collect(),
            link,
        };
        let mut context = self.context(&meta);
        context.insert("chain", &view);
        context.insert_value("projects", self.card_list(&entry.projects));
        (meta.path, "chain.html", context)
    }

    fn county_page(&self, index: CountyIndex) -> (String, &'static str, Context) {
        let catalog = self.ctx.catalog;
        let entry = catalog.county(index);
        let link = views::county_link(catalog, index, self.lang());
        let meta = self.meta(&link.url, link.name, "counties").described(
            self.lang()
                .pick(&entry.county.summary, &entry.county.summary_en),
        );
        let groups: Vec<ChainGroup<'_>> = (0..catalog.chains.len())
            .map(ChainIndex)
            .filter(|&chain| catalog.cell(chain, index).projects > 0)
            .map(|chain| ChainGroup {
                link: views::chain_link(catalog, chain, self.lang()),
                totals: TotalsView::new(catalog.cell(chain, index), self.lang()),
                projects: catalog
                    .projects_in(chain, index)
                    .map(|p| &self.cards[p.0])
                    .collect(),
            })
            .collect();
        let view = CountyPage {
            body_html: entry.county.body.html_at(&meta.site_root),
            summary: self
                .lang()
                .pick(&entry.county.summary, &entry.county.summary_en),
            totals: TotalsView::new(entry.totals, self.lang()),
            chains: groups,
            link,
        };
        let mut context = self.context(&meta);
        context.insert("county", &view);
        context.insert_value("projects", self.card_list(&entry.projects));
        (meta.path, "county.html", context)
    }
}

/// The other projects a project page shows: its chain neighbours and a few related ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbours<T> {
    pub prev: Option<T>,
    pub next: Option<T>,
    pub related: Vec<T>,
}

/// The neighbours of the project at `position` among its chain's projects `siblings` (in
/// catalog order); generic so the preview can ask the same of the slugs it served before.
pub fn neighbours<T: Copy + PartialEq>(siblings: &[T], position: usize) -> Neighbours<T> {
    let this = siblings[position];
    let prev = position.checked_sub(1).map(|i| siblings[i]);
    let next = siblings.get(position + 1).copied();
    let related = siblings
        .iter()
        .copied()
        .filter(|&p| p != this && Some(p) != prev && Some(p) != next)
        .take(4)
        .collect();
    Neighbours {
        prev,
        next,
        related,
    }
}

/// `chain` on a chain page.
#[derive(Serialize)]
struct ChainPage<'a> {
    #[serde(flatten)]
    link: Link<'a>,
    summary: &'a str,
    body_html: String,
    leaders: &'a [String],
    totals: TotalsView,
    /// The chain map: segments from upstream to downstream with their projects.
    segments: Vec<SegmentView<'a>>,
    /// Projects that name no segment.
    unassigned: Vec<&'a ProjectCard<'a>>,
    /// Counties with projects of this chain, with the cell totals.
    counties: Vec<CellGroup<'a>>,
}

#[derive(Serialize)]
struct CellGroup<'a> {
    #[serde(flatten)]
    link: Link<'a>,
    totals: TotalsView,
}

/// `county` on a county page.
#[derive(Serialize)]
struct CountyPage<'a> {
    #[serde(flatten)]
    link: Link<'a>,
    summary: &'a str,
    body_html: String,
    totals: TotalsView,
    /// The county's projects grouped by chain.
    chains: Vec<ChainGroup<'a>>,
}

#[derive(Serialize)]
struct ChainGroup<'a> {
    #[serde(flatten)]
    link: Link<'a>,
    totals: TotalsView,
    projects: Vec<&'a ProjectCard<'a>>,
}

/// Facet values with counts for the projects page.
#[derive(Serialize)]
struct Facets<'a> {
    chains: Vec<FacetValue<'a>>,
    counties: Vec<FacetValue<'a>>,
    statuses: Vec<FacetValue<'a>>,
    cooperation: Vec<FacetValue<'a>>,
}

fn facets(catalog: &Catalog, lang: Lang) -> Facets<'_> {
    let chains = catalog
        .chains
        .iter()
        .map(|c| FacetValue {
            id: &c.chain.id,
            name: lang.pick(&c.chain.name, &c.chain.name_en),
            count: c.totals.projects,
        })
        .collect();
    let counties = catalog
        .counties
        .iter()
        .map(|c| FacetValue {
            id: &c.county.id,
            name: lang.pick(&c.county.name, &c.county.name_en),
            count: c.totals.projects,
        })
        .collect();
    let projects = || catalog.projects.iter().map(|entry| &entry.project);
    let statuses = Status::ALL
        .iter()
        .map(|&status| FacetValue {
            id: status.id(),
            name: lang.pick(status.name_zh(), status.name_en()),
            count: projects().filter(|p| p.status == status).count(),
        })
        .collect();
    let mut cooperation: Vec<FacetValue<'_>> = Vec::new();
    for mode in projects().flat_map(|p| p.cooperation.iter()) {
        match cooperation.iter_mut().find(|f| f.id == mode) {
            Some(facet) => facet.count += 1,
            None => cooperation.push(FacetValue {
                id: mode,
                name: views::cooperation_name(mode, lang),
                count: 1,
            }),
        }
    }
    cooperation.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(b.id)));
    Facets {
        chains,
        counties,
        statuses,
        cooperation,
    }
}

/// The chain × county table.
#[derive(Serialize)]
struct Matrix<'a> {
    counties: Vec<GroupSummary<'a>>,
    rows: Vec<MatrixRow<'a>>,
    totals: TotalsView,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    chain: GroupSummary<'a>,
    cells: Vec<MatrixCell>,
}

#[derive(Serialize)]
struct MatrixCell {
    projects: usize,
    investment: views::AmountView,
    /// The projects page filtered to this chain and county; empty when the cell is empty.
    url: String,
}

fn matrix(catalog: &Catalog, lang: Lang) -> Matrix<'_> {
    let rows = views::chain_summaries(catalog, lang)
        .into_iter()
        .enumerate()
        .map(|(chain, summary)| MatrixRow {
            cells: (0..catalog.counties.len())
                .map(|county| {
                    let totals = catalog.cell(ChainIndex(chain), CountyIndex(county));
                    MatrixCell {
                        projects: totals.projects,
                        investment: views::AmountView::new(totals.investment, lang),
                        url: if totals.projects == 0 {
                            String::new()
                        } else {
                            format!(
                                "projects/index.html#chain={}&county={}",
                                catalog.chains[chain].chain.id, catalog.counties[county].county.id
                            )
                        },
                    }
                })
                .collect(),
            chain: summary,
        })
        .collect();
    Matrix {
        counties: views::county_summaries(catalog, lang),
        rows,
        totals: TotalsView::new(catalog.totals, lang),
    }
}
