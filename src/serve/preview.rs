//! The preview's model of the site, kept between rebuilds: the catalog (which owns the parsed
//! content), the problems of each file, the compiled theme, and the last good site with what
//! its pages show. A [`Plan`] says what changed; [`Preview::rebuild`] re-parses only the files
//! named, rebuilds the catalog from the content in memory, and renders only the pages the
//! change touches.
//!
//! Every publication is a complete site. An edit of projects or pages is published in two
//! steps: first the edited pages (and their neighbours), then the lists, chain and county
//! pages, the matrix and the data files, which on a large catalog take ten times longer; in
//! between, a list may still show the previous title for a moment. Anything that fails
//! (broken content, a template error, an unreadable file) leaves the last good site in place
//! and comes back as errors for the overlay. The PDF is never rendered here.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::content::load::{self, LoadError, Parsed, asset_files, parse_one};
use crate::content::{Content, Page, Project};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::html::{self, Job};
use crate::render::theme::{Theme, ThemeError};
use crate::render::{self, RenderContext, RenderError, views};

use super::affected::{self, Affected, Shown};
use super::store::{Changed, Generation, MemorySink};
use super::watch::Plan;

/// Hands a new site and the paths it changed to the server.
pub type Publish<'a> = dyn FnMut(Arc<Generation>, Changed) + 'a;

/// Above this many changed paths, a publication says "everything" instead of listing them.
const MAX_LISTED: usize = 1000;

/// What a rebuild came to.
#[derive(Debug)]
pub enum Outcome {
    /// A new site was published; in two steps when `first` is set: the edited pages first
    /// (after `first`), then the pages listing them.
    Published {
        pages: usize,
        files: usize,
        first: Option<Duration>,
        warnings: Vec<Diagnostic>,
    },
    /// The content or theme is broken: keep serving the last good site.
    Broken { errors: Vec<Diagnostic> },
}

/// The last site published and what its pages show.
struct Good {
    shown: Shown,
    site: Arc<Generation>,
}

pub struct Preview {
    root: PathBuf,
    /// Where the preview is served; it stands in for catalog.yaml's base_url, so absolute
    /// links (the 404 page, QR codes, the feed) lead to the preview, not the public site.
    address: Option<String>,
    /// The catalog of the content as it is now, broken or not; it owns the parsed content,
    /// which the next rebuild takes back, edits and builds again without copying.
    catalog: Option<Catalog>,
    /// Problems found reading and parsing, by file, replaced file by file.
    file_problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    theme: Option<Theme>,
    good: Option<Good>,
}

/// What to render into the new generation.
enum Scope {
    /// Every page and file, into an empty generation.
    Everything,
    /// Some pages, over the last good generation.
    Some {
        affected: Affected,
        data: bool,
        statics: bool,
    },
}

impl Preview {
    /// A preview of the site folder `root`; nothing is read until the first rebuild.
    pub fn new(root: PathBuf) -> Preview {
        Preview {
            root,
            address: None,
            catalog: None,
            file_problems: BTreeMap::new(),
            theme: None,
            good: None,
        }
    }

    /// The preview served at `url` (e.g. `http://localhost:1111/`).
    pub fn served_at(mut self, url: &str) -> Preview {
        self.address = Some(url.to_owned());
        self
    }

    /// The active theme's name, to tell which theme folder matters.
    pub fn theme_name(&self) -> &str {
        self.catalog
            .as_ref()
            .map_or("default", |catalog| catalog.config.theme.as_str())
    }

    /// Whether `path` (from the site) is or was a folder holding project files.
    pub fn is_project_folder(&self, path: &Path) -> bool {
        self.root.join(path).is_dir()
            || self.catalog.as_ref().is_some_and(|catalog| {
                catalog
                    .all_projects()
                    .any(|p| p.source.starts_with(path) && p.source != path)
            })
    }

    /// Applies `plan`, renders what it touches and publishes it.
    pub fn rebuild(&mut self, plan: &Plan, publish: &mut Publish<'_>) -> Outcome {
        match self.try_rebuild(plan, publish) {
            Ok(outcome) => outcome,
            Err(errors) => Outcome::Broken { errors },
        }
    }

    fn try_rebuild(
        &mut self,
        plan: &Plan,
        publish: &mut Publish<'_>,
    ) -> Result<Outcome, Vec<Diagnostic>> {
        let started = Instant::now();
        let reload = plan.reload || self.catalog.is_none();
        let content = match self.catalog.take() {
            Some(catalog) if !reload => {
                let mut content = catalog.into_content();
                self.reparse(&mut content, plan).map_err(|err| vec![err])?;
                content
            }
            _ => self.load_content().map_err(|err| vec![err])?,
        };
        let theme_name = content.config.theme.clone();
        let (catalog, catalog_problems) = Catalog::build(content);
        self.catalog = Some(catalog);
        if reload || plan.theme || plan.assets || self.theme.is_none() {
            self.theme = None;
            self.theme = Some(Theme::load(&self.root, &theme_name).map_err(theme_error)?);
        }
        let mut problems = Diagnostics::new();
        problems.extend(self.file_problems.values().flatten().cloned());
        problems.extend(catalog_problems);
        if problems.has_errors() {
            return Err(problems
                .sorted()
                .into_iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect());
        }
        let catalog = self.catalog.as_ref().expect("built above");
        let scope = match &self.good {
            Some(good) if !reload && !plan.theme => Scope::Some {
                affected: changed_pages(&good.shown, catalog, plan),
                data: !plan.projects.is_empty() || !plan.pages.is_empty(),
                statics: plan.assets,
            },
            _ => Scope::Everything,
        };
        let mut first = None;
        let mut publish_first = |site: Arc<Generation>, changed: Changed| {
            first = Some(started.elapsed());
            publish(site, changed);
        };
        let rendered = self
            .render(catalog, &scope, &mut publish_first)
            .map_err(|err| vec![err])?;
        publish(Arc::clone(&rendered.site), rendered.changed);
        self.good = Some(Good {
            shown: Shown::of(catalog),
            site: rendered.site,
        });
        Ok(Outcome::Published {
            pages: rendered.pages,
            files: rendered.files,
            first,
            warnings: problems.sorted().into_iter().cloned().collect(),
        })
    }

    fn load_content(&mut self) -> Result<Content, Diagnostic> {
        self.file_problems.clear();
        let (mut content, problems) = load::load(&self.root).map_err(load_error)?;
        content.assets = assets_inside(&self.root, content.assets);
        if let Some(address) = &self.address {
            content.config.base_url = Some(address.clone());
        }
        for problem in problems {
            self.file_problems
                .entry(problem.path.clone())
                .or_default()
                .push(problem);
        }
        Ok(content)
    }

    /// Re-reads the files `plan` names into `content`. On failure the content is dropped and
    /// the next rebuild reads everything again.
    fn reparse(&mut self, content: &mut Content, plan: &Plan) -> Result<(), Diagnostic> {
        let options = content.config.markdown;
        for path in &plan.projects {
            let parsed = read(&self.root, path, |p, slug, text| {
                Project::parse(p, slug, text, options)
            })?;
            let project = note_problems(&mut self.file_problems, path, parsed);
            upsert(&mut content.projects, path, project, |p| &p.source);
        }
        for path in &plan.pages {
            let parsed = read(&self.root, path, |p, slug, text| {
                Page::parse(p, slug, text, options)
            })?;
            let page = note_problems(&mut self.file_problems, path, parsed);
            upsert(&mut content.pages, path, page, |p| &p.source);
        }
        if plan.assets {
            let assets = asset_files(&self.root).map_err(load_error)?;
            content.assets = assets_inside(&self.root, assets);
        }
        Ok(())
    }

    /// Renders `scope` into a new generation. A partial render publishes the edited pages
    /// through `publish_first` before rendering the lists, the matrix and the data files,
    /// which on a large catalog take far longer than the pages an editor is looking at.
    fn render(
        &self,
        catalog: &Catalog,
        scope: &Scope,
        publish_first: &mut Publish<'_>,
    ) -> Result<Rendered, Diagnostic> {
        let theme = self
            .theme
            .as_ref()
            .expect("the theme is loaded before rendering");
        let cards = views::project_cards(catalog, views::Lang::Zh);
        let ctx = RenderContext {
            catalog,
            theme,
            cards: &cards,
            site: &self.root,
            pdf: false,
        };
        let (
            Scope::Some {
                affected,
                data,
                statics,
            },
            Some(good),
        ) = (scope, &self.good)
        else {
            let sink = MemorySink::default();
            let stats = render::render_site(&ctx, &sink).map_err(render_error)?;
            return Ok(Rendered::new(sink, stats.pages, stats.files, false));
        };
        let mut seed = (*good.site).clone();
        for path in &affected.removed {
            for edition in views::Edition::all(&catalog.config) {
                seed.remove(&format!("{}{path}", edition.prefix()));
            }
        }
        if *statics {
            seed.remove_prefix("static/");
            seed.remove_prefix("assets/");
        }
        let (edited, listing): (Vec<Job>, Vec<Job>) = affected
            .jobs
            .iter()
            .partition(|job| matches!(job, Job::Project(_) | Job::Page(_)));
        let mut pages = 0;
        let jobs = if !edited.is_empty() && !listing.is_empty() && !*statics {
            let sink = MemorySink::new(seed);
            pages = html::render_pages(&ctx, &edited, &sink).map_err(render_error)?;
            let first = Rendered::new(sink, pages, 0, true);
            seed = (*first.site).clone();
            publish_first(first.site, first.changed);
            &listing
        } else {
            &affected.jobs
        };
        let sink = MemorySink::new(seed);
        let (more_pages, files) = rayon::join(
            || html::render_pages(&ctx, jobs, &sink),
            || -> Result<usize, RenderError> {
                let data = if *data {
                    render::data::render_data(&ctx, &sink)?
                        + render::print::render_print_page(&ctx, &sink)?
                } else {
                    0
                };
                let statics = if *statics {
                    render::copy_static(&ctx, &sink)?
                } else {
                    0
                };
                Ok(data + statics)
            },
        );
        let more_pages = more_pages.map_err(render_error)?;
        let files = files.map_err(render_error)?;
        Ok(Rendered::new(sink, pages + more_pages, files, !*statics))
    }
}

/// A generation rendered and what it changed.
struct Rendered {
    site: Arc<Generation>,
    changed: Changed,
    pages: usize,
    files: usize,
}

impl Rendered {
    /// `listed`: whether the written paths say all that changed (they do not when static
    /// files changed, which every page uses, or when everything was rendered).
    fn new(sink: MemorySink, pages: usize, files: usize, listed: bool) -> Rendered {
        let (site, written) = sink.into_parts();
        let changed = (listed && written.len() <= MAX_LISTED).then(|| Arc::from(written));
        Rendered {
            site: Arc::new(site),
            changed,
            pages,
            files,
        }
    }
}

fn changed_pages(before: &Shown, new: &Catalog, plan: &Plan) -> Affected {
    let mut affected = Affected::default();
    if !plan.projects.is_empty() {
        affected = affected::by_projects(before, new, &plan.projects);
    }
    if !plan.pages.is_empty() {
        let pages = affected::by_pages(before, new, &plan.pages);
        affected.removed.extend(pages.removed);
        if pages.jobs.len() == html::all_jobs(new).len() {
            affected.jobs = pages.jobs;
        } else {
            affected.jobs.extend(pages.jobs);
        }
    }
    affected
}

/// The assets that are really inside content/assets: the preview serves nothing that a
/// symbolic link leads to outside the site.
fn assets_inside(root: &Path, assets: Vec<PathBuf>) -> Vec<PathBuf> {
    let folder = root.join("content").join("assets");
    let Ok(folder) = folder.canonicalize() else {
        return Vec::new();
    };
    assets
        .into_iter()
        .filter(|asset| {
            let inside = folder
                .join(asset)
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&folder));
            if !inside {
                eprintln!(
                    "warning: not serving content/assets/{}: it links to a file outside the site",
                    asset.display()
                );
            }
            inside
        })
        .collect()
}

/// Keeps the problems of one file in place of its old ones and returns what was parsed.
fn note_problems<T>(
    by_file: &mut BTreeMap<PathBuf, Vec<Diagnostic>>,
    path: &Path,
    parsed: Option<Parsed<T>>,
) -> Option<T> {
    by_file.remove(path);
    let (item, problems) = parsed?;
    if !problems.is_empty() {
        by_file.insert(path.to_owned(), problems);
    }
    item
}

/// Reads and parses one file; `None` when it is gone (deleted or renamed away).
fn read<T>(
    root: &Path,
    path: &Path,
    parse: impl Fn(&Path, &str, &str) -> Parsed<T>,
) -> Result<Option<Parsed<T>>, Diagnostic> {
    match parse_one(root, path, parse) {
        Ok(parsed) => Ok(Some(parsed)),
        Err(LoadError::Io { source, .. }) if source.kind() == ErrorKind::NotFound => Ok(None),
        Err(err) => Err(load_error(err)),
    }
}

/// Replaces the item read from `path`, or drops it when `None`.
fn upsert<T>(items: &mut Vec<T>, path: &Path, item: Option<T>, source: impl Fn(&T) -> &Path) {
    items.retain(|existing| source(existing) != path);
    items.extend(item);
}

fn load_error(err: LoadError) -> Diagnostic {
    match err {
        LoadError::NotASite(_) => Diagnostic::error("content/catalog.yaml", 0, err.to_string())
            .with_hint("every site needs content/catalog.yaml; restore it to go on"),
        LoadError::Io { ref path, .. } | LoadError::Outside { ref path, .. } => {
            Diagnostic::error(path.clone(), 0, err.to_string())
        }
    }
}

fn theme_error(err: ThemeError) -> Vec<Diagnostic> {
    let path = match &err {
        ThemeError::Io { path, .. } => path.display().to_string(),
        ThemeError::Template { origin, .. } | ThemeError::Labels { origin, .. } => origin.clone(),
    };
    vec![
        Diagnostic::error(path, 0, err.to_string())
            .with_hint("fix the template; the preview reloads by itself"),
    ]
}

fn render_error(err: RenderError) -> Diagnostic {
    Diagnostic::error("theme", 0, err.to_string())
        .with_hint("a template failed on this content: fix the template or the content")
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::serve::watch::Change;

    const CHAIN: &str = "---\nname: 链\nsegments: [上游, 下游]\n---\n概况。\n";
    const COUNTY: &str = "---\nname: 县\n---\n概况。\n";

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// catalog.yaml, chain `a` and county `x`.
    fn write_minimal_site(root: &Path) {
        write(
            root,
            "content/catalog.yaml",
            "title: 测试\nlanguages: [zh, en]\n",
        );
        write(root, "content/chains/a.md", CHAIN);
        write(root, "content/counties/x.md", COUNTY);
    }

    fn project(root: &Path, slug: &str, chain: &str, title: &str, extra: &str) {
        let text = format!(
            "---\ntitle: {title}\nchain: {chain}\ncounty: x\ninvestment: 1亿元\n{extra}---\n正文。\n"
        );
        write(root, &format!("content/projects/{slug}.md"), &text);
    }

    /// A step of the test: its name, the project it edits and the edit.
    type Edit<'a> = (&'a str, &'a str, Box<dyn Fn() + 'a>);

    /// Builds and returns the last generation published.
    fn rebuild(preview: &mut Preview, plan: &Plan) -> Arc<Generation> {
        let mut last = None;
        let outcome = preview.rebuild(plan, &mut |site, _| last = Some(site));
        assert!(matches!(outcome, Outcome::Published { .. }), "{outcome:?}");
        last.expect("a publication")
    }

    fn assert_same(incremental: &Generation, full: &Generation, step: &str) {
        let mut paths: Vec<&str> = full.paths().collect();
        paths.sort_unstable();
        let mut got: Vec<&str> = incremental.paths().collect();
        got.sort_unstable();
        assert_eq!(got, paths, "{step}: the same files");
        for path in paths {
            assert!(
                incremental.get(path) == full.get(path),
                "{step}: {path} differs from a full build"
            );
        }
    }

    #[test]
    fn incremental_rebuilds_equal_full_builds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/catalog.yaml", "title: 测试\n");
        write(root, "content/chains/a.md", CHAIN);
        write(root, "content/chains/b.md", &CHAIN.replace("链", "链乙"));
        write(root, "content/counties/x.md", COUNTY);
        for i in 0..8 {
            project(root, &format!("a{i}"), "a", &format!("甲{i}"), "");
        }
        project(root, "b0", "b", "乙0", "");
        let mut preview = Preview::new(root.to_owned());
        rebuild(&mut preview, &Plan::everything());
        let steps: [Edit<'_>; 5] = [
            (
                "retitle the first",
                "a0",
                Box::new(|| project(root, "a0", "a", "新名", "")),
            ),
            (
                "move to another chain",
                "a4",
                Box::new(|| project(root, "a4", "b", "甲4", "")),
            ),
            (
                "make a draft",
                "a6",
                Box::new(|| project(root, "a6", "a", "甲6", "draft: true\n")),
            ),
            (
                "delete",
                "a2",
                Box::new(|| fs::remove_file(root.join("content/projects/a2.md")).unwrap()),
            ),
            (
                "add",
                "c9",
                Box::new(|| project(root, "c9", "a", "新增", "segment: 下游\n")),
            ),
        ];
        for (step, slug, edit) in steps {
            edit();
            let path = PathBuf::from(format!("content/projects/{slug}.md"));
            let mut plan = Plan::default();
            plan.add(Change::Project(path.clone()), &path);
            let incremental = rebuild(&mut preview, &plan);
            let full = rebuild(&mut Preview::new(root.to_owned()), &Plan::everything());
            assert_same(&incremental, &full, step);
        }
    }

    #[test]
    fn page_edits_rebuild_the_page_or_every_page_like_a_full_build() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_minimal_site(root);
        project(root, "a0", "a", "甲0", "");
        write(
            root,
            "content/pages/env.md",
            "---\ntitle: 投资环境\n---\n旧正文。\n",
        );
        let mut preview = Preview::new(root.to_owned());
        rebuild(&mut preview, &Plan::everything());
        let path = PathBuf::from("content/pages/env.md");
        let mut plan = Plan::default();
        plan.add(Change::Page(path.clone()), &path);
        for (step, text) in [
            ("edit the body", "---\ntitle: 投资环境\n---\n新正文。\n"),
            ("retitle", "---\ntitle: 投资优势\n---\n新正文。\n"),
        ] {
            write(root, "content/pages/env.md", text);
            let incremental = rebuild(&mut preview, &plan);
            let full = rebuild(&mut Preview::new(root.to_owned()), &Plan::everything());
            assert_same(&incremental, &full, step);
        }
    }

    #[cfg(unix)]
    #[test]
    fn assets_linked_from_outside_the_site_are_not_served() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/assets/logo.svg", "<svg/>");
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            root.join("content/assets/secret.txt"),
        )
        .unwrap();
        let assets = vec![PathBuf::from("logo.svg"), PathBuf::from("secret.txt")];
        assert_eq!(assets_inside(root, assets), [PathBuf::from("logo.svg")]);
    }

    #[test]
    fn a_broken_save_keeps_the_last_good_site_and_reports_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_minimal_site(root);
        project(root, "a0", "a", "甲0", "");
        let mut preview = Preview::new(root.to_owned());
        rebuild(&mut preview, &Plan::everything());
        project(root, "a0", "nowhere", "甲0", "");
        let path = PathBuf::from("content/projects/a0.md");
        let mut plan = Plan::default();
        plan.add(Change::Project(path.clone()), &path);
        let mut published = false;
        let outcome = preview.rebuild(&plan, &mut |_, _| published = true);
        let Outcome::Broken { errors } = outcome else {
            panic!("{outcome:?}");
        };
        assert!(!published);
        assert_eq!(errors[0].path, path);
        assert!(errors[0].message.contains("nowhere"), "{errors:?}");
    }
}
