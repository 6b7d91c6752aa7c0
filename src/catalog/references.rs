//! Links and images in bodies that point into the site: each must name a file under
//! content/assets/ or a page the build writes, or the reader meets a broken image in the
//! browser and a missing figure in print. Problems are warnings with the file, the line and
//! the closest existing name.

use std::collections::HashSet;
use std::path::Path;

use super::Catalog;
use crate::content::markdown::Markdown;
use crate::diagnostics::{Diagnostic, Diagnostics, closest};

/// What a body may point at, by path from the site root.
struct Targets {
    assets: HashSet<String>,
    pages: HashSet<String>,
}

impl Targets {
    fn of(catalog: &Catalog) -> Self {
        let assets = catalog.asset_urls().collect();
        let projects = catalog
            .projects
            .iter()
            .map(|p| ("projects", &p.project.slug));
        let chains = catalog.chains.iter().map(|c| ("chains", &c.chain.id));
        let counties = catalog.counties.iter().map(|c| ("counties", &c.county.id));
        let pages = catalog.pages.iter().map(|p| ("pages", &p.slug));
        let pages = projects
            .chain(chains)
            .chain(counties)
            .chain(pages)
            .map(|(section, name)| format!("{section}/{name}/index.html"))
            .collect();
        Targets { assets, pages }
    }

    /// A hint naming the asset `file` (a path under assets/) most likely meant: the same name
    /// in another case, else the closest name of the same file type.
    fn similar_asset(&self, file: &str) -> Option<String> {
        let files = self.assets.iter().filter_map(|a| a.strip_prefix("assets/"));
        if let Some(same) = files.clone().find(|f| f.eq_ignore_ascii_case(file)) {
            return Some(format!(
                "the file is named '{same}': file names are case-sensitive on web hosts"
            ));
        }
        let extension = |name: &str| name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let same_type = files.filter(|f| extension(f) == extension(file));
        let near = closest(file, same_type);
        near.first().map(|name| format!("did you mean '{name}'?"))
    }

    /// What is wrong with `target`, and the hint to fix it; `None` when it exists or is a
    /// path the check does not know (a generated page such as `matrix/index.html`).
    fn problem(&self, target: &str) -> Option<(String, String)> {
        if let Some(file) = target.strip_prefix("assets/") {
            if self.assets.contains(target) {
                return None;
            }
            let hint = self
                .similar_asset(file)
                .unwrap_or_else(|| format!("copy the file to content/assets/{file}"));
            return Some((format!("content/assets/{file} does not exist"), hint));
        }
        let (section, rest) = target.split_once('/')?;
        let name = rest.strip_suffix("/index.html")?;
        if !["projects", "chains", "counties", "pages"].contains(&section)
            || self.pages.contains(target)
        {
            return None;
        }
        let prefix = format!("{section}/");
        let names = self
            .pages
            .iter()
            .filter_map(|page| page.strip_prefix(&prefix)?.strip_suffix("/index.html"));
        let hint = match closest(name, names).first() {
            Some(near) => format!("did you mean '{near}.md'?"),
            None => format!("no file content/{section}/{name}.md is published (or it is a draft)"),
        };
        Some((
            format!("the link to {section}/{name}.md leads nowhere"),
            hint,
        ))
    }
}

/// Warns about every link and image of a published body whose target does not exist.
pub fn check(catalog: &Catalog, problems: &mut Diagnostics) {
    let targets = Targets::of(catalog);
    let bodies = catalog
        .projects
        .iter()
        .map(|p| (&p.project.source, &p.project.body))
        .chain(
            catalog
                .chains
                .iter()
                .map(|c| (&c.chain.source, &c.chain.body)),
        )
        .chain(
            catalog
                .counties
                .iter()
                .map(|c| (&c.county.source, &c.county.body)),
        )
        .chain(catalog.pages.iter().map(|p| (&p.source, &p.body)));
    for (source, body) in bodies {
        check_body(source, body, &targets, problems);
    }
}

fn check_body(source: &Path, body: &Markdown, targets: &Targets, problems: &mut Diagnostics) {
    for reference in &body.references {
        if let Some((message, hint)) = targets.problem(&reference.target) {
            let what = if reference.image { "image" } else { "link" };
            problems.push(
                Diagnostic::warning(source, reference.line, format!("{what}: {message}"))
                    .with_hint(hint),
            );
        }
    }
}
