//! Watching the site: content/, themes/ and (to notice a themes/ folder appearing) the site
//! folder itself, never output/. Events are debounced (about 200 ms, so an editor's
//! write-rename-delete dance arrives as one batch) and each path is sorted into the kind of
//! [`Change`] that decides how much to rebuild. The preview only looks at whether a file is
//! there now, so saves by rename, deletions and additions all come down to the same thing.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::content::load::is_hidden;

/// How long a path must stay quiet before its change is handled.
pub const DEBOUNCE: Duration = Duration::from_millis(200);
/// How often the debouncer looks for quiet paths: the most it adds to [`DEBOUNCE`].
const TICK: Duration = Duration::from_millis(10);

/// What a changed path means for the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A project file, by its path from the site: re-parse that file alone.
    Project(PathBuf),
    /// A free page, by its path from the site.
    Page(PathBuf),
    /// A template or another file of the theme: recompile the theme and re-render every
    /// page without re-parsing the content.
    Template,
    /// A static file of the theme or an asset of the content: copy them again.
    StaticAsset,
    /// catalog.yaml, a chain, a county or a folder of projects: reload everything.
    Structure,
}

/// Sorts a path (relative to the site folder) into a change, or `None` when it does not
/// matter: output/, hidden and editor temporary files, other themes, files the build ignores.
/// `project_folder` tells whether a path is (or was) a folder holding projects.
pub fn classify(
    relative: &Path,
    theme: &str,
    project_folder: impl Fn(&Path) -> bool,
) -> Option<Change> {
    let parts: Vec<&str> = relative
        .components()
        .map(|part| match part {
            Component::Normal(name) if !is_hidden(name) => name.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let markdown = relative.extension().is_some_and(|ext| ext == "md");
    match parts.as_slice() {
        ["content"] | ["content", "catalog.yaml"] => Some(Change::Structure),
        ["content", "chains" | "counties"] => Some(Change::Structure),
        ["content", "chains" | "counties", _] if markdown => Some(Change::Structure),
        ["content", "projects", ..] if markdown => Some(Change::Project(relative.to_owned())),
        ["content", "projects", ..] if project_folder(relative) => Some(Change::Structure),
        ["content", "pages"] => Some(Change::Structure),
        ["content", "pages", _] if markdown => Some(Change::Page(relative.to_owned())),
        ["content", "assets", ..] => Some(Change::StaticAsset),
        ["themes"] => Some(Change::Template),
        ["themes", name, "static", ..] if *name == theme => Some(Change::StaticAsset),
        ["themes", name, ..] if *name == theme => Some(Change::Template),
        _ => None,
    }
}

/// What one batch of changes asks the preview to do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Reload and re-render everything.
    pub reload: bool,
    /// Recompile the theme and re-render every page.
    pub theme: bool,
    /// Copy the static files and assets again.
    pub assets: bool,
    /// Project files to re-parse (or drop, when gone).
    pub projects: BTreeSet<PathBuf>,
    /// Free pages to re-parse (or drop, when gone).
    pub pages: BTreeSet<PathBuf>,
    /// The paths that mattered, for the console.
    pub changed: BTreeSet<PathBuf>,
}

impl Plan {
    /// Everything, as for the first build.
    pub fn everything() -> Plan {
        Plan {
            reload: true,
            ..Plan::default()
        }
    }

    pub fn add(&mut self, change: Change, path: &Path) {
        match change {
            Change::Project(file) => {
                self.projects.insert(file);
            }
            Change::Page(file) => {
                self.pages.insert(file);
            }
            Change::Template => self.theme = true,
            Change::StaticAsset => self.assets = true,
            Change::Structure => self.reload = true,
        }
        self.changed.insert(path.to_owned());
    }

    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && !self.reload
    }

    /// What changed, for the console: one path, or a count.
    pub fn describe(&self) -> String {
        let mut paths = self.changed.iter();
        match (paths.next(), paths.next()) {
            (Some(path), None) => crate::diagnostics::display_path(path),
            (None, _) => "the site".to_owned(),
            _ => format!("{} files", self.changed.len()),
        }
    }
}

/// One debounced batch: the paths touched, and whether events were lost (then everything is
/// reloaded).
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: Vec<PathBuf>,
    pub rescan: bool,
}

/// Whether an event may change what a build reads: reading files (as the preview itself does
/// on every rebuild) must not trigger another rebuild.
fn changes_files(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    themes_watched: bool,
}

impl Watcher {
    /// Watches the site folder `root` (absolute) and sends every batch to `batches`.
    pub fn start(
        root: &Path,
        batches: Sender<Batch>,
    ) -> notify_debouncer_full::notify::Result<Watcher> {
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
            let batch = match result {
                Ok(events) => Batch {
                    rescan: events.iter().any(|event| event.need_rescan()),
                    paths: events
                        .into_iter()
                        .filter(|event| changes_files(&event.kind))
                        .flat_map(|event| event.event.paths)
                        .collect(),
                },
                Err(errors) => {
                    for error in errors {
                        eprintln!("warning: watching the site: {error}");
                    }
                    Batch {
                        paths: Vec::new(),
                        rescan: true,
                    }
                }
            };
            let _ = batches.send(batch);
        })?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_owned(),
            themes_watched: false,
        };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watcher
            .debouncer
            .watch(root.join("content"), RecursiveMode::Recursive)?;
        watcher.watch_themes()?;
        Ok(watcher)
    }

    /// Starts watching themes/ once it exists.
    pub fn watch_themes(&mut self) -> notify_debouncer_full::notify::Result<()> {
        let themes = self.root.join("themes");
        if !self.themes_watched && themes.is_dir() {
            self.debouncer.watch(&themes, RecursiveMode::Recursive)?;
            self.themes_watched = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<Change> {
        classify(Path::new(path), "default", |p| p.ends_with("2024"))
    }

    #[test]
    fn paths_sort_into_kinds() {
        let project = "content/projects/sub/a.md";
        assert_eq!(kind(project), Some(Change::Project(project.into())));
        assert_eq!(
            kind("content/pages/about.md"),
            Some(Change::Page("content/pages/about.md".into()))
        );
        assert_eq!(kind("content/catalog.yaml"), Some(Change::Structure));
        assert_eq!(kind("content/chains/ic.md"), Some(Change::Structure));
        assert_eq!(kind("content/counties"), Some(Change::Structure));
        assert_eq!(kind("content/projects/2024"), Some(Change::Structure));
        assert_eq!(kind("content/assets/a/b.png"), Some(Change::StaticAsset));
        assert_eq!(
            kind("themes/default/static/x.css"),
            Some(Change::StaticAsset)
        );
        assert_eq!(
            kind("themes/default/templates/base.html"),
            Some(Change::Template)
        );
    }

    #[test]
    fn output_temp_files_and_strangers_are_ignored() {
        for path in [
            "output/index.html",
            "content/projects/.a.md.swp",
            "content/projects/a.md~",
            "content/projects/a.md.tmp",
            "content/projects/a.md___jb_tmp___",
            "content/projects/.#a.md",
            "content/projects/4913",
            "content/projects/.git/x.md",
            "content/chains/notes.txt",
            "themes/other/templates/base.html",
            "README.md",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }

    #[test]
    fn reading_is_not_a_change() {
        use notify_debouncer_full::notify::event::{AccessKind, CreateKind, DataChange};
        assert!(!changes_files(&EventKind::Access(AccessKind::Any)));
        assert!(changes_files(&EventKind::Create(CreateKind::File)));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
    }

    #[test]
    fn a_plan_gathers_a_batch() {
        let mut plan = Plan::default();
        assert!(plan.is_empty());
        let path = Path::new("content/projects/a.md");
        plan.add(Change::Project(path.into()), path);
        assert_eq!(plan.describe(), "content/projects/a.md");
        plan.add(
            Change::Template,
            Path::new("themes/default/templates/base.html"),
        );
        assert!(plan.theme && !plan.reload);
        assert_eq!(plan.describe(), "2 files");
    }
}
