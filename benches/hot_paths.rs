//! Micro-benchmarks of the per-project hot paths of a build: frontmatter parse, amount parse,
//! Markdown render, and the template render of one project page. Run with `cargo bench`;
//! bench/run.sh times whole builds.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use brochure::amount::Amount;
use brochure::catalog::{Catalog, ProjectIndex};
use brochure::config::Config;
use brochure::content::markdown::{self, MarkdownOptions};
use brochure::content::{Chain, Content, County, Project, frontmatter};
use brochure::render::html::{self, Job};
use brochure::render::theme::Theme;
use brochure::render::{RenderContext, RenderError, Sink, views};

/// A project file as the shared generator writes it (frontmatter and a ~3 KB body).
const PROJECT: &str = include_str!("fixtures/project.md");

fn main() {
    divan::main();
}

#[divan::bench]
fn frontmatter_parse() -> usize {
    let (fm, _) = frontmatter::parse(Path::new("p.md"), divan::black_box(PROJECT));
    fm.map_or(0, |fm| fm.fields.len())
}

#[divan::bench(args = ["8000", "15亿元", "约1.5亿元", "8,000万", "一亿五千万元"])]
fn amount_parse(text: &str) -> Amount {
    Amount::parse(divan::black_box(text)).unwrap()
}

#[divan::bench]
fn markdown_render(bencher: divan::Bencher) {
    let (_, body, _) = frontmatter::split(PROJECT).unwrap();
    bencher.bench(|| markdown::render(divan::black_box(body), MarkdownOptions::default()));
}

#[divan::bench]
fn project_parse() -> bool {
    let (project, _) = Project::parse(
        Path::new("p.md"),
        "p",
        divan::black_box(PROJECT),
        MarkdownOptions::default(),
    );
    project.is_some()
}

/// Counts the bytes it is given and keeps none.
#[derive(Default)]
struct CountingSink(AtomicUsize);

impl Sink for CountingSink {
    fn write(&self, _path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        self.0.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }
}

/// A catalog of `projects` copies of the fixture in one chain and one county.
fn small_catalog(projects: usize) -> Catalog {
    let options = MarkdownOptions::default();
    let chain =
        "---\nname: 特色农产品精深加工\norder: 1\nsegments: [上游, 中游, 下游]\n---\n概况。\n";
    let county = "---\nname: 甘谷县\norder: 1\n---\n概况。\n";
    let content = Content {
        config: Config::parse(Path::new("catalog.yaml"), "title: 天水市招商引资项目库\n").0,
        chains: Chain::parse(Path::new("c.md"), "agri-products", chain, options)
            .0
            .into_iter()
            .collect(),
        counties: County::parse(Path::new("g.md"), "gangu", county, options)
            .0
            .into_iter()
            .collect(),
        projects: (0..projects)
            .filter_map(|i| {
                let slug = format!("project-{i:03}");
                Project::parse(Path::new("p.md"), &slug, PROJECT, options).0
            })
            .collect(),
        pages: Vec::new(),
        assets: Vec::<PathBuf>::new(),
    };
    Catalog::build(content).0
}

#[divan::bench]
fn project_page_render(bencher: divan::Bencher) {
    let catalog = small_catalog(20);
    let no_site = std::env::temp_dir().join("brochure-bench-no-site");
    let theme = Theme::load(&no_site, "default").unwrap();
    let cards = views::project_cards(&catalog, views::Lang::Zh);
    let ctx = RenderContext {
        catalog: &catalog,
        theme: &theme,
        cards: &cards,
        site: &no_site,
        pdf: false,
    };
    let jobs = [Job::Project(ProjectIndex(10))];
    let sink = CountingSink::default();
    bencher.bench(|| html::render_pages(&ctx, divan::black_box(&jobs), &sink).unwrap());
}
