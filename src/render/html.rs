//! The web catalog: one job per page, rendered in parallel through the theme's templates
//! with typed views, each written as soon as it is rendered.

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::charts::investment_chart;
use super::views::{
    self, FacetValue, GroupSummary, Link, PageMeta, ProjectCard, ProjectDetail, SegmentView,
    TotalsView,
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

/// Renders and writes `jobs` in parallel; returns how many pages were written.
pub fn render_pages(
    ctx: &RenderContext<'_>,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let shared = Shared::new(ctx, jobs);
    jobs.par_iter()
        .map(|&job| {
            let (path, template, context) = shared.page(job);
            // Bytes straight from Tera: the output is UTF-8 by construction, so the
            // String that render() returns would only cost a second pass to validate it.
            let mut html = Vec::with_capacity(PAGE_CAPACITY);
            ctx.theme
                .tera
                .render_to(template, &context, &mut html)
                .map_err(|err| RenderError::Template {
                    page: path.clone(),
                    message: err.to_string(),
                })?;
            sink.write(&path, &html)?;
            Ok(1)
        })
        .sum()
}

/// Values computed once and shared by every page. A card's template value is made when a
/// page first needs it, so rendering a few pages (as the preview does) converts a few cards;
/// when the project list needs them all, they are made up front in parallel.
struct Shared<'a> {
    ctx: &'a RenderContext<'a>,
    site: Value,
    cards: Vec<OnceLock<Value>>,
}

impl<'a> Shared<'a> {
    fn new(ctx: &'a RenderContext<'a>, jobs: &[Job]) -> Self {
        let shared = Shared {
            ctx,
            site: Value::from_serializable(&views::site_view(ctx.catalog)),
            cards: ctx.cards.iter().map(|_| OnceLock::new()).collect(),
        };
        if jobs.iter().any(|job| matches!(job, Job::ProjectList)) {
            (0..shared.cards.len()).into_par_iter().for_each(|i| {
                shared.card(ProjectIndex(i));
            });
        }
        shared
    }

    fn context(&self, meta: &PageMeta) -> Context {
        let mut context = Context::new();
        context.insert_value("site", self.site.clone());
        context.insert("page", meta);
        context
    }

    fn card(&self, index: ProjectIndex) -> Value {
        self.cards[index.0]
            .get_or_init(|| Value::from_serializable(&self.ctx.cards[index.0]))
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
                let meta =
                    PageMeta::new("index.html", &site.title, "home").described(&site.description);
                let mut context = self.context(&meta);
                let chains = views::chain_summaries(catalog);
                let counties = views::county_summaries(catalog);
                context.insert("chain_chart", &investment_chart("各产业链总投资", &chains));
                context.insert("county_chart", &investment_chart("各县区总投资", &counties));
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
                let meta = PageMeta::new("projects/index.html", "项目库", "projects");
                let mut context = self.context(&meta);
                let all: Vec<ProjectIndex> = (0..self.cards.len()).map(ProjectIndex).collect();
                context.insert_value("projects", self.card_list(&all));
                context.insert("facets", &facets(catalog, self.ctx.cards));
                (meta.path, "projects.html", context)
            }
            Job::Project(index) => self.project_page(index),
            Job::ChainList => {
                let meta = PageMeta::new("chains/index.html", "重点产业链", "chains");
                let mut context = self.context(&meta);
                let chains = views::chain_summaries(catalog);
                context.insert("chart", &investment_chart("各产业链总投资", &chains));
                context.insert("chains", &chains);
                (meta.path, "chains.html", context)
            }
            Job::Chain(index) => self.chain_page(index),
            Job::CountyList => {
                let meta = PageMeta::new("counties/index.html", "县区与园区", "counties");
                let mut context = self.context(&meta);
                let counties = views::county_summaries(catalog);
                context.insert("chart", &investment_chart("各县区总投资", &counties));
                context.insert("counties", &counties);
                (meta.path, "counties.html", context)
            }
            Job::County(index) => self.county_page(index),
            Job::Matrix => {
                let meta = PageMeta::new("matrix/index.html", "产业链 × 县区", "matrix");
                let mut context = self.context(&meta);
                context.insert("matrix", &matrix(catalog));
                (meta.path, "matrix.html", context)
            }
            Job::Page(index) => {
                let page = &catalog.pages[index];
                let path = format!("pages/{}/index.html", page.slug);
                let meta = PageMeta::new(&path, &page.title, "pages")
                    .described(&page.body.first_paragraph);
                let mut context = self.context(&meta);
                context.insert("body_html", &page.body.html_at(&meta.root));
                context.insert("slug", &page.slug);
                (meta.path, "page.html", context)
            }
            Job::NotFound => {
                // A host shows 404.html at whichever address was missing, where relative
                // links would resolve wrongly; with a base_url they are absolute.
                let mut meta = PageMeta::new("404.html", "页面未找到", "home");
                if let Some(base) = &self.ctx.catalog.config.base_url {
                    meta.root.clone_from(base);
                }
                (meta.path.clone(), "404.html", self.context(&meta))
            }
        }
    }

    fn project_page(&self, index: ProjectIndex) -> (String, &'static str, Context) {
        let catalog = self.ctx.catalog;
        let entry = catalog.project(index);
        let project = &entry.project;
        let card = &self.ctx.cards[index.0];
        let meta = PageMeta::new(&card.url, &project.title, "projects").described(&project.summary);
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
                        meta.root,
                        image.trim_start_matches('/').trim_start_matches("assets/")
                    )
                })
                .collect(),
            body_html: project.body.html_at(&meta.root),
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
        let link = views::chain_link(catalog, index);
        let meta =
            PageMeta::new(&link.url, &entry.chain.name, "chains").described(&entry.chain.summary);
        let view = ChainPage {
            body_html: entry.chain.body.html_at(&meta.root),
            summary: &entry.chain.summary,
            leaders: &entry.chain.leaders,
            totals: entry.totals.into(),
            segments: views::segments(catalog, index, self.ctx.cards),
            unassigned: entry
                .projects
                .iter()
                .filter(|&&p| catalog.project(p).segment.is_none())
                .map(|p| &self.ctx.cards[p.0])
                .collect(),
            counties: catalog
                .counties_of_chain(index)
                .map(|county| CellGroup {
                    link: views::county_link(catalog, county),
                    totals: catalog.cell(index, county).into(),
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
        let link = views::county_link(catalog, index);
        let meta = PageMeta::new(&link.url, &entry.county.name, "counties")
            .described(&entry.county.summary);
        let groups: Vec<ChainGroup<'_>> = (0..catalog.chains.len())
            .map(ChainIndex)
            .filter(|&chain| catalog.cell(chain, index).projects > 0)
            .map(|chain| ChainGroup {
                link: views::chain_link(catalog, chain),
                totals: catalog.cell(chain, index).into(),
                projects: catalog
                    .projects_in(chain, index)
                    .map(|p| &self.ctx.cards[p.0])
                    .collect(),
            })
            .collect();
        let view = CountyPage {
            body_html: entry.county.body.html_at(&meta.root),
            summary: &entry.county.summary,
            totals: entry.totals.into(),
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

fn facets<'a>(catalog: &'a Catalog, cards: &'a [ProjectCard<'a>]) -> Facets<'a> {
    let chains = catalog
        .chains
        .iter()
        .map(|c| FacetValue {
            id: &c.chain.id,
            name: &c.chain.name,
            count: c.totals.projects,
        })
        .collect();
    let counties = catalog
        .counties
        .iter()
        .map(|c| FacetValue {
            id: &c.county.id,
            name: &c.county.name,
            count: c.totals.projects,
        })
        .collect();
    let statuses = Status::ALL
        .iter()
        .map(|status| FacetValue {
            id: status.id(),
            name: status.name_zh(),
            count: cards.iter().filter(|c| c.status.id == status.id()).count(),
        })
        .collect();
    let mut cooperation: Vec<FacetValue<'a>> = Vec::new();
    for mode in cards.iter().flat_map(|c| c.cooperation.iter()) {
        match cooperation.iter_mut().find(|f| f.id == mode) {
            Some(facet) => facet.count += 1,
            None => cooperation.push(FacetValue {
                id: mode,
                name: mode,
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

fn matrix(catalog: &Catalog) -> Matrix<'_> {
    let rows = views::chain_summaries(catalog)
        .into_iter()
        .enumerate()
        .map(|(chain, summary)| MatrixRow {
            cells: (0..catalog.counties.len())
                .map(|county| {
                    let totals = catalog.cell(ChainIndex(chain), CountyIndex(county));
                    MatrixCell {
                        projects: totals.projects,
                        investment: totals.investment.into(),
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
        counties: views::county_summaries(catalog),
        rows,
        totals: catalog.totals.into(),
    }
}
