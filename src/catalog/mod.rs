//! The catalog model, built once from the parsed content: references resolved, drafts left out,
//! projects ordered by chain and county, and exact totals per chain, per county and per
//! chain × county cell. Cross-file problems (unknown chain, duplicate code…) are found here.

mod references;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::amount::Amount;
use crate::config::Config;
use crate::content::{Chain, Content, County, Located, Page, Project, Status};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};

/// Position of a chain in [`Catalog::chains`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChainIndex(pub usize);

/// Position of a county in [`Catalog::counties`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountyIndex(pub usize);

/// Position of a project in [`Catalog::projects`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProjectIndex(pub usize);

/// Counts and exact sums over a group of projects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub projects: usize,
    pub investment: Amount,
    pub seeking: Amount,
    pub signed: usize,
    pub featured: usize,
}

impl Totals {
    fn add(&mut self, project: &Project) {
        self.projects += 1;
        self.investment = self.investment + project.investment.value;
        if let Some(seeking) = &project.seeking {
            self.seeking = self.seeking + seeking.value;
        }
        self.signed += usize::from(project.status == Status::Signed);
        self.featured += usize::from(project.featured);
    }
}

/// A chain with its projects.
#[derive(Debug, Clone)]
pub struct ChainEntry {
    pub chain: Chain,
    pub projects: Vec<ProjectIndex>,
    pub totals: Totals,
}

/// A county with its projects.
#[derive(Debug, Clone)]
pub struct CountyEntry {
    pub county: County,
    pub projects: Vec<ProjectIndex>,
    pub totals: Totals,
}

/// A project with its references resolved.
#[derive(Debug, Clone)]
pub struct ProjectEntry {
    pub project: Project,
    pub chain: ChainIndex,
    pub county: CountyIndex,
    /// Position in the chain's `segments`.
    pub segment: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub config: Config,
    pub chains: Vec<ChainEntry>,
    pub counties: Vec<CountyEntry>,
    pub projects: Vec<ProjectEntry>,
    pub pages: Vec<Page>,
    pub assets: Vec<PathBuf>,
    pub totals: Totals,
    /// Totals per chain × county, row-major by chain.
    cells: Vec<Totals>,
    /// What no output shows (drafts, projects whose chain or county is unknown), kept so that
    /// [`Catalog::into_content`] gives the content back whole.
    left_out: LeftOut,
}

#[derive(Debug, Clone, Default)]
struct LeftOut {
    projects: Vec<Project>,
    pages: Vec<Page>,
}

impl Catalog {
    /// Builds the model, reporting every cross-file problem. Projects whose chain or county
    /// cannot be resolved are left out (their error stops a build anyway).
    pub fn build(content: Content) -> (Catalog, Diagnostics) {
        let mut problems = Diagnostics::new();
        let mut chains = content.chains;
        chains.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        let mut counties = content.counties;
        counties.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        let mut left_out = LeftOut::default();
        let (mut pages, draft_pages): (Vec<Page>, Vec<Page>) =
            content.pages.into_iter().partition(|p| !p.draft);
        left_out.pages = draft_pages;
        pages.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
        check_unique_names(
            chains.iter().map(|c| (&c.name, &c.source)),
            "chain",
            &mut problems,
        );
        check_unique_names(
            counties.iter().map(|c| (&c.name, &c.source)),
            "county",
            &mut problems,
        );

        let chain_lookup = Lookup::new(chains.iter().map(|c| (c.id.as_str(), c.name.as_str())));
        let county_lookup = Lookup::new(counties.iter().map(|c| (c.id.as_str(), c.name.as_str())));
        let mut seen = Uniqueness::default();
        let mut projects = Vec::with_capacity(content.projects.len());
        for project in content.projects {
            seen.check(&project, &mut problems);
            if project.draft {
                left_out.projects.push(project);
                continue;
            }
            let chain = chain_lookup.resolve(&project, &project.chain, "chain", &mut problems);
            let county = county_lookup.resolve(&project, &project.county, "county", &mut problems);
            check_amounts(&project, &mut problems);
            if let (Some(chain), Some(county)) = (chain, county) {
                let segment = resolve_segment(&project, &chains[chain], &mut problems);
                projects.push(ProjectEntry {
                    project,
                    chain: ChainIndex(chain),
                    county: CountyIndex(county),
                    segment,
                });
            } else {
                left_out.projects.push(project);
            }
        }
        projects.sort_by(|a, b| catalog_order(a).cmp(&catalog_order(b)));

        let mut catalog = Catalog {
            config: content.config,
            chains: chains
                .into_iter()
                .map(|chain| ChainEntry {
                    chain,
                    projects: Vec::new(),
                    totals: Totals::default(),
                })
                .collect(),
            counties: counties
                .into_iter()
                .map(|county| CountyEntry {
                    county,
                    projects: Vec::new(),
                    totals: Totals::default(),
                })
                .collect(),
            projects,
            pages,
            assets: content.assets,
            totals: Totals::default(),
            cells: Vec::new(),
            left_out,
        };
        catalog.group();
        references::check(&catalog, &mut problems);
        (catalog, problems)
    }

    /// Gives back the content the catalog was built from, without copying it: the preview
    /// edits one file in it and builds again.
    pub fn into_content(self) -> Content {
        Content {
            config: self.config,
            chains: self.chains.into_iter().map(|entry| entry.chain).collect(),
            counties: self
                .counties
                .into_iter()
                .map(|entry| entry.county)
                .collect(),
            projects: self
                .projects
                .into_iter()
                .map(|entry| entry.project)
                .chain(self.left_out.projects)
                .collect(),
            pages: self.pages.into_iter().chain(self.left_out.pages).collect(),
            assets: self.assets,
        }
    }

    /// Every project of the content, shown or left out.
    pub fn all_projects(&self) -> impl Iterator<Item = &Project> {
        self.projects
            .iter()
            .map(|entry| &entry.project)
            .chain(&self.left_out.projects)
    }

    fn group(&mut self) {
        self.cells = vec![Totals::default(); self.chains.len() * self.counties.len()];
        for (index, entry) in self.projects.iter().enumerate() {
            let (chain, county) = (entry.chain.0, entry.county.0);
            self.chains[chain].projects.push(ProjectIndex(index));
            self.chains[chain].totals.add(&entry.project);
            self.counties[county].projects.push(ProjectIndex(index));
            self.counties[county].totals.add(&entry.project);
            self.cells[chain * self.counties.len() + county].add(&entry.project);
            self.totals.add(&entry.project);
        }
    }

    pub fn project(&self, index: ProjectIndex) -> &ProjectEntry {
        &self.projects[index.0]
    }

    /// Where a project stands among its chain's projects. Projects are sorted by chain first,
    /// so a chain's projects are contiguous and this needs no search.
    pub fn position_in_chain(&self, index: ProjectIndex) -> usize {
        let first = self.chain(self.project(index).chain).projects[0];
        index.0 - first.0
    }

    pub fn chain(&self, index: ChainIndex) -> &ChainEntry {
        &self.chains[index.0]
    }

    pub fn county(&self, index: CountyIndex) -> &CountyEntry {
        &self.counties[index.0]
    }

    /// Totals of the projects of one chain in one county.
    pub fn cell(&self, chain: ChainIndex, county: CountyIndex) -> Totals {
        self.cells[chain.0 * self.counties.len() + county.0]
    }

    /// The site path of each file under content/assets/ (`assets/site/plan.png`), as pages and
    /// the output name it.
    pub fn asset_urls(&self) -> impl Iterator<Item = String> + '_ {
        self.assets.iter().map(|path| {
            let parts: Vec<_> = path.iter().map(|part| part.to_string_lossy()).collect();
            format!("assets/{}", parts.join("/"))
        })
    }

    /// The counties that have at least one project of `chain`, in county order.
    pub fn counties_of_chain(&self, chain: ChainIndex) -> impl Iterator<Item = CountyIndex> + '_ {
        (0..self.counties.len())
            .map(CountyIndex)
            .filter(move |&county| self.cell(chain, county).projects > 0)
    }

    /// The chain a project file may name by `text`: its id or its name.
    pub fn find_chain(&self, text: &str) -> Option<ChainIndex> {
        let lookup = Lookup::new(
            self.chains
                .iter()
                .map(|c| (c.chain.id.as_str(), c.chain.name.as_str())),
        );
        lookup.find(text).map(ChainIndex)
    }

    /// The county a project file may name by `text`: its id or its name.
    pub fn find_county(&self, text: &str) -> Option<CountyIndex> {
        let lookup = Lookup::new(
            self.counties
                .iter()
                .map(|c| (c.county.id.as_str(), c.county.name.as_str())),
        );
        lookup.find(text).map(CountyIndex)
    }

    /// The projects of `chain` in `county`, in catalog order.
    pub fn projects_in(
        &self,
        chain: ChainIndex,
        county: CountyIndex,
    ) -> impl Iterator<Item = ProjectIndex> + '_ {
        self.chain(chain)
            .projects
            .iter()
            .copied()
            .filter(move |&p| self.project(p).county == county)
    }
}

/// Projects are ordered by chain, county, code and slug; the key borrows, so sorting
/// allocates nothing.
fn catalog_order(entry: &ProjectEntry) -> (ChainIndex, CountyIndex, Option<&str>, &str) {
    let code = entry.project.code.as_ref().map(|c| c.value.as_str());
    (entry.chain, entry.county, code, &entry.project.slug)
}

/// Resolves a chain or county written by id or by name.
struct Lookup<'a> {
    by_key: HashMap<&'a str, usize>,
    names: Vec<&'a str>,
}

impl<'a> Lookup<'a> {
    fn new(items: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let mut by_key = HashMap::new();
        let mut names = Vec::new();
        for (index, (id, name)) in items.enumerate() {
            by_key.entry(id).or_insert(index);
            by_key.entry(name).or_insert(index);
            names.push(id);
            names.push(name);
        }
        Lookup { by_key, names }
    }

    /// The position of the item whose id or name is `wanted` (surrounding spaces ignored).
    fn find(&self, wanted: &str) -> Option<usize> {
        self.by_key.get(wanted.trim()).copied()
    }

    fn resolve(
        &self,
        project: &Project,
        reference: &Located<String>,
        kind: &str,
        problems: &mut Diagnostics,
    ) -> Option<usize> {
        let wanted = reference.value.trim();
        if let Some(index) = self.find(wanted) {
            return Some(index);
        }
        let folder = if kind == "chain" {
            "chains"
        } else {
            "counties"
        };
        let hint = if self.names.is_empty() {
            format!("there are no {folder} yet: add content/{folder}/<id>.md")
        } else {
            format!(
                "{} (write the id or the name of a file in content/{folder}/)",
                suggestion(wanted, &self.names)
            )
        };
        problems.push(
            Diagnostic::error(
                &project.source,
                reference.line,
                format!("unknown {kind} '{wanted}'"),
            )
            .with_hint(hint),
        );
        None
    }
}

fn resolve_segment(project: &Project, chain: &Chain, problems: &mut Diagnostics) -> Option<usize> {
    let segment = project.segment.as_ref()?;
    let wanted = segment.value.trim();
    let exact = chain.segments.iter().position(|s| s == wanted);
    let by_part = || {
        chain
            .segments
            .iter()
            .position(|s| s.split('·').any(|part| part.trim() == wanted))
    };
    let found = exact.or_else(by_part);
    if found.is_none() {
        let names: Vec<&str> = chain.segments.iter().map(String::as_str).collect();
        let hint = if names.is_empty() {
            format!(
                "the chain '{}' lists no segments: add 'segments: […]' to {}",
                chain.name,
                chain.source.display()
            )
        } else {
            suggestion(wanted, &names)
        };
        problems.push(
            Diagnostic::error(
                &project.source,
                segment.line,
                format!("'{wanted}' is not a segment of the chain '{}'", chain.name),
            )
            .with_hint(hint),
        );
    }
    found
}

fn check_amounts(project: &Project, problems: &mut Diagnostics) {
    let Some(seeking) = &project.seeking else {
        return;
    };
    if seeking.value > project.investment.value {
        problems.push(
            Diagnostic::warning(
                &project.source,
                seeking.line,
                format!(
                    "the amount sought ({}) is larger than the total investment ({})",
                    seeking.value, project.investment.value
                ),
            )
            .with_hint("拟引资额 is normally part of 总投资: check both figures and their units"),
        );
    }
}

/// Slugs and codes seen so far, to report duplicates at the second occurrence.
#[derive(Default)]
struct Uniqueness {
    slugs: HashMap<String, PathBuf>,
    codes: HashMap<String, (PathBuf, usize)>,
}

impl Uniqueness {
    fn check(&mut self, project: &Project, problems: &mut Diagnostics) {
        if let Some(first) = self.slugs.get(&project.slug) {
            problems.push(
                Diagnostic::error(
                    &project.source,
                    1,
                    format!(
                        "the file name '{}' is also used by {}: both would be the page projects/{}/",
                        project.slug,
                        first.display(),
                        project.slug
                    ),
                )
                .with_hint("rename one of the two files; sub-folders do not make names different"),
            );
        } else {
            self.slugs
                .insert(project.slug.clone(), project.source.clone());
        }
        let Some(code) = &project.code else {
            return;
        };
        if let Some((first, line)) = self.codes.get(&code.value) {
            problems.push(
                Diagnostic::error(
                    &project.source,
                    code.line,
                    format!(
                        "the project code '{}' is already used by {}:{}",
                        code.value,
                        first.display(),
                        line
                    ),
                )
                .with_hint(
                    "every project code (项目编号) must be unique: give this project its own",
                ),
            );
        } else {
            self.codes
                .insert(code.value.clone(), (project.source.clone(), code.line));
        }
    }
}

fn check_unique_names<'a>(
    items: impl Iterator<Item = (&'a String, &'a PathBuf)>,
    kind: &str,
    problems: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, &PathBuf> = HashMap::new();
    for (name, source) in items {
        if let Some(first) = seen.insert(name, source) {
            problems.push(
                Diagnostic::error(
                    source,
                    2,
                    format!(
                        "the {kind} name '{name}' is also used by {}",
                        first.display()
                    ),
                )
                .with_hint(format!("each {kind} needs its own name")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::content::markdown::MarkdownOptions;

    fn chain(id: &str, order: i64) -> Chain {
        let text = format!("---\nname: 链{id}\norder: {order}\nsegments: [上游·材料, 下游]\n---\n");
        Chain::parse(Path::new("c.md"), id, &text, MarkdownOptions::default())
            .0
            .unwrap()
    }

    fn county(id: &str, order: i64) -> County {
        let text = format!("---\nname: 县{id}\norder: {order}\n---\n");
        County::parse(Path::new("k.md"), id, &text, MarkdownOptions::default())
            .0
            .unwrap()
    }

    fn project(slug: &str, fields: &str) -> Project {
        let text = format!("---\ntitle: {slug}\n{fields}\n---\n");
        let (project, problems) =
            Project::parse(Path::new(slug), slug, &text, MarkdownOptions::default());
        assert!(problems.is_empty(), "{problems:?}");
        project.unwrap()
    }

    fn content(projects: Vec<Project>) -> Content {
        Content {
            config: Config::default(),
            chains: vec![chain("b", 2), chain("a", 1)],
            counties: vec![county("x", 1), county("y", 2)],
            projects,
            pages: Vec::new(),
            assets: Vec::new(),
        }
    }

    #[test]
    fn groups_in_order_with_exact_totals() {
        let (catalog, problems) = Catalog::build(content(vec![
            project(
                "p1",
                "chain: b\ncounty: y\ninvestment: 0.1万元\nseeking: 0.05万元",
            ),
            project(
                "p2",
                "chain: 链a\ncounty: x\ninvestment: 1.5亿元\nstatus: 已签约",
            ),
            project(
                "p3",
                "chain: b\ncounty: 县x\ninvestment: 0.2万元\nsegment: 材料",
            ),
            project("p4", "chain: b\ncounty: x\ninvestment: 1亿元\ndraft: true"),
        ]));
        assert!(problems.is_empty(), "{problems:?}");
        let ids: Vec<&str> = catalog.chains.iter().map(|c| c.chain.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let slugs: Vec<&str> = catalog
            .projects
            .iter()
            .map(|p| p.project.slug.as_str())
            .collect();
        assert_eq!(
            slugs,
            ["p2", "p3", "p1"],
            "by chain order, then county order"
        );
        assert_eq!(catalog.totals.projects, 3);
        assert_eq!(catalog.totals.investment, Amount::from_yuan(150_003_000));
        assert_eq!(catalog.totals.signed, 1);
        let b = catalog.chain(ChainIndex(1));
        assert_eq!(b.totals.investment, Amount::from_yuan(3_000));
        assert_eq!(b.totals.seeking, Amount::from_yuan(500));
        assert_eq!(catalog.cell(ChainIndex(1), CountyIndex(0)).projects, 1);
        assert_eq!(catalog.cell(ChainIndex(0), CountyIndex(1)).projects, 0);
        assert_eq!(catalog.project(ProjectIndex(1)).segment, Some(0));
        assert_eq!(catalog.position_in_chain(ProjectIndex(2)), 1);
        let in_cell: Vec<ProjectIndex> =
            catalog.projects_in(ChainIndex(1), CountyIndex(1)).collect();
        assert_eq!(in_cell, [ProjectIndex(2)]);
    }

    #[test]
    fn warns_about_links_and_images_that_lead_nowhere() {
        let text = "---\ntitle: p1\nchain: a\ncounty: x\ninvestment: 1亿元\n---\n\
                    ![厂区](../assets/plant.png) ![图](Plan.PNG)\n\n\
                    [二期](p2.md) [三期](p3.md) [矩阵](../matrix/index.html)\n";
        let (linking, _) =
            Project::parse(Path::new("p1.md"), "p1", text, MarkdownOptions::default());
        let mut content = content(vec![
            linking.unwrap(),
            project("p2", "chain: a\ncounty: x\ninvestment: 1亿元"),
        ]);
        content.assets = vec![PathBuf::from("plant.png"), PathBuf::from("plan.png")];
        let (_, problems) = Catalog::build(content);
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(messages[0].contains("p1.md:7"), "{}", messages[0]);
        assert!(messages[0].contains("content/assets/Plan.PNG does not exist"));
        assert!(messages[0].contains("the file is named 'plan.png'"));
        assert!(messages[1].contains("p1.md:9"), "{}", messages[1]);
        assert!(messages[1].contains("the link to projects/p3.md leads nowhere"));
    }

    #[test]
    fn gives_its_content_back_whole() {
        let (catalog, _) = Catalog::build(content(vec![
            project("p1", "chain: a\ncounty: x\ninvestment: 1亿元"),
            project("p2", "chain: nowhere\ncounty: x\ninvestment: 1亿元"),
            project("p3", "chain: a\ncounty: x\ninvestment: 1亿元\ndraft: true"),
        ]));
        assert_eq!(catalog.projects.len(), 1);
        assert_eq!(catalog.all_projects().count(), 3);
        let mut slugs: Vec<String> = catalog
            .into_content()
            .projects
            .into_iter()
            .map(|p| p.slug)
            .collect();
        slugs.sort();
        assert_eq!(slugs, ["p1", "p2", "p3"]);
    }

    #[test]
    fn reports_cross_file_problems() {
        let (catalog, problems) = Catalog::build(content(vec![
            project("p1", "chain: c\ncounty: x\ninvestment: 1亿元"),
            project(
                "p2",
                "chain: a\ncounty: x\ninvestment: 1亿元\nsegment: 中游",
            ),
            project(
                "p3",
                "chain: a\ncounty: x\ninvestment: 1亿元\nseeking: 2亿元\ncode: A",
            ),
            project("p4", "chain: a\ncounty: x\ninvestment: 1亿元\ncode: A"),
        ]));
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(messages[0].contains("unknown chain 'c'"));
        assert!(messages[1].contains("'中游' is not a segment of the chain '链a'"));
        assert!(messages[2].contains("warning: the amount sought (2.00亿元)"));
        assert!(messages[3].contains("project code 'A' is already used by p3:7"));
        assert_eq!(
            catalog.projects.len(),
            3,
            "the unresolved project is left out"
        );
    }
}
