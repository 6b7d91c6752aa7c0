//! Which pages an edit touches. What the published pages show is kept as [`Shown`] (the
//! catalog itself is handed on to the next build); comparing it with the catalog after an
//! edit of some project or page files gives the pages that show them: a project's own page,
//! the project pages that show it or whose neighbours moved, its chain and county pages (old
//! and new), the lists, the home page and the matrix. Chains, counties and catalog.yaml are
//! the same on both sides: a change to them reloads everything.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog::{Catalog, ChainIndex, CountyIndex, ProjectIndex};
use crate::render::html::{Job, all_jobs, neighbours};
use crate::render::views::project_url;

/// The pages to render again and the pages that no longer exist.
#[derive(Debug, Default)]
pub struct Affected {
    pub jobs: Vec<Job>,
    /// Output paths of pages whose project or page is gone.
    pub removed: Vec<String>,
}

/// A free page as the navigation shows it: slug, title, English title and source.
type NavEntry = (String, String, String, PathBuf);

/// What the pages of a published catalog show, by slug.
#[derive(Debug, Default)]
pub struct Shown {
    /// Each chain's id and its projects' slugs in catalog order.
    chains: Vec<(String, Vec<Arc<str>>)>,
    counties: Vec<String>,
    /// Each project's chain and county, as positions in `chains` and `counties`.
    placed: HashMap<Arc<str>, (usize, usize)>,
    navigation: Vec<NavEntry>,
}

impl Shown {
    pub fn of(catalog: &Catalog) -> Shown {
        let mut placed = HashMap::with_capacity(catalog.projects.len());
        let chains = catalog
            .chains
            .iter()
            .enumerate()
            .map(|(chain, entry)| {
                let slugs = entry
                    .projects
                    .iter()
                    .map(|&p| {
                        let project = catalog.project(p);
                        let slug: Arc<str> = Arc::from(project.project.slug.as_str());
                        placed.insert(Arc::clone(&slug), (chain, project.county.0));
                        slug
                    })
                    .collect();
                (entry.chain.id.clone(), slugs)
            })
            .collect();
        Shown {
            chains,
            counties: catalog
                .counties
                .iter()
                .map(|c| c.county.id.clone())
                .collect(),
            placed,
            navigation: navigation(catalog),
        }
    }
}

/// The pages showing any of the project files `sources` (paths from the site), before or after.
pub fn by_projects(before: &Shown, new: &Catalog, sources: &BTreeSet<PathBuf>) -> Affected {
    let mut affected = Affected {
        jobs: vec![
            Job::Home,
            Job::ProjectList,
            Job::ChainList,
            Job::CountyList,
            Job::Matrix,
        ],
        removed: Vec::new(),
    };
    let changed: HashSet<&str> = sources.iter().filter_map(|path| slug_of(path)).collect();
    let mut chains = BTreeSet::new();
    let mut counties = BTreeSet::new();
    let mut present = HashSet::new();
    for entry in &new.projects {
        if changed.contains(entry.project.slug.as_str()) {
            present.insert(entry.project.slug.as_str());
            chains.insert(entry.chain);
            counties.insert(entry.county);
        }
    }
    for slug in &changed {
        if let Some(&(chain, county)) = before.placed.get(*slug) {
            chains.extend(chain_index(new, &before.chains[chain].0));
            counties.extend(county_index(new, &before.counties[county]));
        }
        if !present.contains(slug) {
            affected.removed.push(project_url(slug));
        }
    }
    for chain in chains {
        affected.jobs.push(Job::Chain(chain));
        affected
            .jobs
            .extend(changed_in_chain(before, new, chain, &changed).map(Job::Project));
    }
    affected.jobs.extend(counties.into_iter().map(Job::County));
    affected
}

/// The project pages of `chain` that show a changed project or whose neighbours are not the
/// ones they had.
fn changed_in_chain(
    before: &Shown,
    new: &Catalog,
    chain: ChainIndex,
    changed: &HashSet<&str>,
) -> impl Iterator<Item = ProjectIndex> {
    let entry = new.chain(chain);
    let now: Vec<&str> = entry
        .projects
        .iter()
        .map(|&p| new.project(p).project.slug.as_str())
        .collect();
    let was: Vec<&str> = before
        .chains
        .iter()
        .find(|(id, _)| *id == entry.chain.id)
        .map(|(_, slugs)| slugs.iter().map(|slug| &**slug).collect())
        .unwrap_or_default();
    let was_at: HashMap<&str, usize> = was.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let mut touched = Vec::new();
    for (position, slug) in now.iter().enumerate() {
        let shown = neighbours(&now, position);
        let shows_changed = shown
            .prev
            .iter()
            .chain(&shown.next)
            .chain(&shown.related)
            .any(|other| changed.contains(other));
        let moved = was_at
            .get(slug)
            .is_none_or(|&at| neighbours(&was, at) != shown);
        if changed.contains(slug) || shows_changed || moved {
            touched.push(entry.projects[position]);
        }
    }
    touched.into_iter()
}

fn slug_of(path: &std::path::Path) -> Option<&str> {
    path.file_stem()?.to_str()
}

fn chain_index(catalog: &Catalog, id: &str) -> Option<ChainIndex> {
    catalog
        .chains
        .iter()
        .position(|c| c.chain.id == id)
        .map(ChainIndex)
}

fn county_index(catalog: &Catalog, id: &str) -> Option<CountyIndex> {
    catalog
        .counties
        .iter()
        .position(|c| c.county.id == id)
        .map(CountyIndex)
}

/// The pages showing any of the free-page files `sources`: the page itself, or every page
/// when the navigation (which lists the free pages) changed.
pub fn by_pages(before: &Shown, new: &Catalog, sources: &BTreeSet<PathBuf>) -> Affected {
    let removed = sources
        .iter()
        .filter_map(|path| slug_of(path))
        .filter(|slug| before.navigation.iter().any(|(s, ..)| s == slug))
        .filter(|slug| !new.pages.iter().any(|p| p.slug == *slug))
        .map(|slug| format!("pages/{slug}/index.html"))
        .collect();
    let jobs = if before.navigation == navigation(new) {
        (0..new.pages.len())
            .filter(|&i| sources.contains(&new.pages[i].source))
            .map(Job::Page)
            .collect()
    } else {
        all_jobs(new)
    };
    Affected { jobs, removed }
}

fn navigation(catalog: &Catalog) -> Vec<NavEntry> {
    catalog
        .pages
        .iter()
        .map(|p| {
            (
                p.slug.clone(),
                p.title.clone(),
                p.title_en.clone(),
                p.source.clone(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::content::markdown::MarkdownOptions;
    use crate::content::{Chain, Content, County, Page, Project};

    fn project(slug: &str, chain: &str, county: &str, title: &str) -> Project {
        let text = format!(
            "---\ntitle: {title}\nchain: {chain}\ncounty: {county}\ninvestment: 1亿元\n---\n"
        );
        let source = format!("content/projects/{slug}.md");
        Project::parse(Path::new(&source), slug, &text, MarkdownOptions::default())
            .0
            .unwrap()
    }

    fn page(slug: &str, title: &str) -> Page {
        let text = format!("---\ntitle: {title}\n---\n");
        let source = format!("content/pages/{slug}.md");
        Page::parse(Path::new(&source), slug, &text, MarkdownOptions::default())
            .0
            .unwrap()
    }

    fn catalog(projects: Vec<Project>, pages: Vec<Page>) -> Catalog {
        let chain = |id: &str| {
            let text = format!("---\nname: 链{id}\n---\n");
            Chain::parse(Path::new(id), id, &text, MarkdownOptions::default())
                .0
                .unwrap()
        };
        let county = |id: &str| {
            let text = format!("---\nname: 县{id}\n---\n");
            County::parse(Path::new(id), id, &text, MarkdownOptions::default())
                .0
                .unwrap()
        };
        let (catalog, problems) = Catalog::build(Content {
            config: Config::default(),
            chains: vec![chain("a"), chain("b")],
            counties: vec![county("x"), county("y")],
            projects,
            pages,
            assets: Vec::new(),
        });
        assert!(!problems.has_errors(), "{problems:?}");
        catalog
    }

    /// Ten projects in chain a, two in chain b.
    fn projects(edit: impl Fn(&mut Vec<Project>)) -> Catalog {
        let mut all: Vec<Project> = (0..10)
            .map(|i| project(&format!("a{i}"), "a", "x", "t"))
            .chain((0..2).map(|i| project(&format!("b{i}"), "b", "y", "t")))
            .collect();
        edit(&mut all);
        catalog(all, Vec::new())
    }

    fn pages_of(catalog: &Catalog, affected: &Affected) -> BTreeSet<String> {
        affected
            .jobs
            .iter()
            .map(|job| match *job {
                Job::Project(p) => catalog.project(p).project.slug.clone(),
                Job::Chain(c) => format!("chain {}", catalog.chain(c).chain.id),
                Job::County(c) => format!("county {}", catalog.county(c).county.id),
                Job::Page(p) => format!("page {}", catalog.pages[p].slug),
                other => format!("{other:?}"),
            })
            .collect()
    }

    fn sources(slugs: &[&str]) -> BTreeSet<PathBuf> {
        slugs
            .iter()
            .map(|slug| PathBuf::from(format!("content/projects/{slug}.md")))
            .collect()
    }

    #[test]
    fn a_retitled_project_touches_its_neighbours_not_its_whole_chain() {
        let old = projects(|_| {});
        let new = projects(|all| all[8] = project("a8", "a", "x", "new title"));
        let affected = by_projects(&Shown::of(&old), &new, &sources(&["a8"]));
        let pages = pages_of(&new, &affected);
        for expected in [
            "a7",
            "a8",
            "a9",
            "chain a",
            "county x",
            "Home",
            "ProjectList",
            "Matrix",
        ] {
            assert!(pages.contains(expected), "{expected} in {pages:?}");
        }
        assert!(
            !pages.contains("a3") && !pages.contains("chain b"),
            "{pages:?}"
        );
        assert!(affected.removed.is_empty());
    }

    #[test]
    fn a_project_shown_as_related_touches_the_pages_showing_it() {
        let old = projects(|_| {});
        let new = projects(|all| all[0] = project("a0", "a", "x", "new title"));
        let pages = pages_of(
            &new,
            &by_projects(&Shown::of(&old), &new, &sources(&["a0"])),
        );
        assert!(
            pages.contains("a9"),
            "a0 is related on every page of chain a: {pages:?}"
        );
    }

    #[test]
    fn a_moved_project_touches_both_chains_and_counties() {
        let old = projects(|_| {});
        let new = projects(|all| all[8] = project("a8", "b", "y", "t"));
        let pages = pages_of(
            &new,
            &by_projects(&Shown::of(&old), &new, &sources(&["a8"])),
        );
        for expected in [
            "a7", "a8", "a9", "b0", "b1", "chain a", "chain b", "county x", "county y",
        ] {
            assert!(pages.contains(expected), "{expected} in {pages:?}");
        }
    }

    #[test]
    fn a_deleted_project_loses_its_page() {
        let old = projects(|_| {});
        let new = projects(|all| {
            all.remove(8);
        });
        let affected = by_projects(&Shown::of(&old), &new, &sources(&["a8"]));
        assert_eq!(affected.removed, ["projects/a8/index.html"]);
        let pages = pages_of(&new, &affected);
        assert!(pages.contains("a7") && pages.contains("a9"), "{pages:?}");
    }

    #[test]
    fn a_page_body_edit_touches_that_page_and_a_retitle_every_page() {
        let source = BTreeSet::from([PathBuf::from("content/pages/env.md")]);
        let old = catalog(
            Vec::new(),
            vec![page("env", "投资环境"), page("contact", "联系我们")],
        );
        let same = catalog(
            Vec::new(),
            vec![page("env", "投资环境"), page("contact", "联系我们")],
        );
        let pages = pages_of(&same, &by_pages(&Shown::of(&old), &same, &source));
        assert_eq!(pages, BTreeSet::from(["page env".to_owned()]));
        let retitled = catalog(
            Vec::new(),
            vec![page("env", "投资优势"), page("contact", "联系我们")],
        );
        let affected = by_pages(&Shown::of(&old), &retitled, &source);
        assert_eq!(affected.jobs.len(), all_jobs(&retitled).len());
        let gone = catalog(Vec::new(), vec![page("contact", "联系我们")]);
        assert_eq!(
            by_pages(&Shown::of(&old), &gone, &source).removed,
            ["pages/env/index.html"]
        );
    }
}
