//! Reading a site's content folder from disk, in parallel: every file is read, decoded and
//! parsed on its own, and every problem is kept. Nothing outside the site is read: a symbolic
//! link that leads out of it is refused, and so is a content file above 8 MB.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::markdown::MarkdownOptions;
use super::{Chain, County, Page, Project, source};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Everything in `content/`, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub config: Config,
    pub chains: Vec<Chain>,
    pub counties: Vec<County>,
    pub projects: Vec<Project>,
    pub pages: Vec<Page>,
    /// Files under content/assets/, relative to it.
    pub assets: Vec<PathBuf>,
}

/// Why the content could not be read at all (as opposed to problems in it).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "{0} is not a brochure site: there is no content/catalog.yaml (create one with `brochure init DIR`)"
    )]
    NotASite(PathBuf),
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{}", outside_message(.path, .target))]
    Outside { path: PathBuf, target: PathBuf },
}

/// The message of [`LoadError::Outside`], in both languages.
fn outside_message(path: &Path, target: &Path) -> String {
    format!(
        "{path} 是指向网站文件夹之外（{target}）的链接；brochure 只读取网站内的文件，请把文件复制到网站里。\n\
         {path} is a link to {target}, outside the site: brochure reads only files inside the site; copy the file into the site instead",
        path = path.display(),
        target = target.display(),
    )
}

/// The largest content file read, in bytes: a project file is a few kilobytes, and a bigger
/// one is a mistake (a pasted data dump) that would cost memory many times its size.
pub const MAX_CONTENT_BYTES: u64 = 8 * 1024 * 1024;

/// The error for a content file above [`MAX_CONTENT_BYTES`], in both languages.
fn too_large(relative: &Path, bytes: u64) -> Diagnostic {
    let megabytes = bytes.div_ceil(1024 * 1024);
    let limit = MAX_CONTENT_BYTES / (1024 * 1024);
    Diagnostic::error(
        relative,
        1,
        format!("文件有 {megabytes} MB，内容文件最大 {limit} MB (the file is {megabytes} MB; a content file may be at most {limit} MB)"),
    )
    .with_hint("拆分正文，或把大文件放进 content/assets/ 并链接它 (split the text, or put large files in content/assets/ and link to them)")
}

/// Refuses a path under the site whose real location is outside it (a symbolic link).
fn check_inside(site: &Path, relative: &Path) -> Result<(), LoadError> {
    let path = site.join(relative);
    let io_error = |source| LoadError::Io {
        path: relative.to_owned(),
        source,
    };
    let real = path.canonicalize().map_err(io_error)?;
    let site_real = site.canonicalize().map_err(io_error)?;
    if real.starts_with(&site_real) {
        Ok(())
    } else {
        Err(LoadError::Outside {
            path: relative.to_owned(),
            target: real,
        })
    }
}

/// Reads and parses `site/content` for the web pages and checks.
pub fn load(site: &Path) -> Result<(Content, Diagnostics), LoadError> {
    load_with(site, |_| false)
}

/// Reads and parses `site/content`, keeping each body's parsed events for the PDF when
/// `for_pdf` says, from the site's settings, that the PDF will be typeset.
pub fn load_with(
    site: &Path,
    for_pdf: impl FnOnce(&Config) -> bool,
) -> Result<(Content, Diagnostics), LoadError> {
    let content_dir = site.join("content");
    let catalog_path = content_dir.join("catalog.yaml");
    if !catalog_path.is_file() {
        return Err(LoadError::NotASite(site.to_owned()));
    }
    let mut problems = Diagnostics::new();
    let catalog_rel = relative(site, &catalog_path);
    let config = match read_text(site, &catalog_rel)? {
        Ok(text) => {
            let (config, found) = Config::parse(&catalog_rel, &text);
            problems.extend(found);
            config
        }
        Err(problem) => {
            problems.push(problem);
            Config::default()
        }
    };
    let options = MarkdownOptions {
        keep_events: for_pdf(&config),
        ..config.markdown
    };
    let chains = parse_all(
        site,
        &markdown_files(site, "chains", false)?,
        &mut problems,
        |p, id, t| Chain::parse(p, id, t, options),
    )?;
    let counties = parse_all(
        site,
        &markdown_files(site, "counties", false)?,
        &mut problems,
        |p, id, t| County::parse(p, id, t, options),
    )?;
    let projects = parse_all(
        site,
        &markdown_files(site, "projects", true)?,
        &mut problems,
        |p, slug, t| Project::parse(p, slug, t, options),
    )?;
    let pages = parse_all(
        site,
        &markdown_files(site, "pages", false)?,
        &mut problems,
        |p, slug, t| Page::parse(p, slug, t, options),
    )?;
    let assets = asset_files(site)?;
    let content = Content {
        config,
        chains,
        counties,
        projects,
        pages,
        assets,
    };
    Ok((content, problems))
}

/// Reads one file under the site; the inner error is a content problem (bad encoding).
/// A symbolic link is followed only to a file inside the site; a file above
/// [`MAX_CONTENT_BYTES`] is a content problem and is not read.
pub fn read_text(site: &Path, relative: &Path) -> Result<Result<String, Diagnostic>, LoadError> {
    let path = site.join(relative);
    let io_error = |source| LoadError::Io {
        path: relative.to_owned(),
        source,
    };
    if path.symlink_metadata().map_err(io_error)?.is_symlink() {
        check_inside(site, relative)?;
    }
    let mut file = std::fs::File::open(&path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > MAX_CONTENT_BYTES {
        return Ok(Err(too_large(relative, size)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
    file.read_to_end(&mut bytes).map_err(io_error)?;
    Ok(source::decode(relative, &bytes))
}

/// A parsed file, when it could be read, and every problem found in it.
pub type Parsed<T> = (Option<T>, Vec<Diagnostic>);

/// Reads one file under the site and parses it with its stem (slug or id) as name.
pub fn parse_one<T>(
    site: &Path,
    relative: &Path,
    parse: impl Fn(&Path, &str, &str) -> Parsed<T>,
) -> Result<Parsed<T>, LoadError> {
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(match read_text(site, relative)? {
        Ok(text) => parse(relative, &stem, &text),
        Err(problem) => (None, vec![problem]),
    })
}

fn parse_all<T: Send>(
    site: &Path,
    files: &[PathBuf],
    problems: &mut Diagnostics,
    parse: impl Fn(&Path, &str, &str) -> Parsed<T> + Sync,
) -> Result<Vec<T>, LoadError> {
    let results: Vec<Result<Parsed<T>, LoadError>> = files
        .par_iter()
        .map(|relative| parse_one(site, relative, &parse))
        .collect();
    let mut items = Vec::with_capacity(results.len());
    for result in results {
        let (item, found) = result?;
        problems.extend(found);
        items.extend(item);
    }
    Ok(items)
}

/// The `.md` files of `content/<dir>` relative to the site, sorted; sub-folders only where
/// they are allowed. Hidden files and editor back-ups are skipped.
pub fn markdown_files(site: &Path, dir: &str, recursive: bool) -> Result<Vec<PathBuf>, LoadError> {
    let root = site.join("content").join(dir);
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&root)
        .max_depth(if recursive { usize::MAX } else { 1 })
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = entry.map_err(|err| walk_error(&root, err))?;
        if entry.path_is_symlink() {
            check_inside(site, &relative(site, entry.path()))?;
        }
        let is_markdown = entry.path().extension().is_some_and(|ext| ext == "md");
        if entry.file_type().is_file() && is_markdown {
            files.push(relative(site, entry.path()));
        }
    }
    files.sort();
    Ok(files)
}

/// The files under `site/content/assets`, relative to that folder, sorted.
pub fn asset_files(site: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let root = &site.join("content").join("assets");
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(root).follow_links(true) {
        let entry = entry.map_err(|err| walk_error(root, err))?;
        if entry.path_is_symlink() {
            check_inside(site, &relative(site, entry.path()))?;
        }
        if entry.file_type().is_file() && !is_hidden(entry.file_name()) {
            files.push(relative(root, entry.path()));
        }
    }
    files.sort();
    Ok(files)
}

/// Dot-files (which covers vim's `.x.swp` and Emacs' `.#x`), editor swap, back-up and
/// safe-save files: `x~`, `x.tmp` and Windows' `x~RF12.TMP`, JetBrains' `x___jb_tmp___`, Word's
/// `~$x` lock files and Emacs' `#x#` auto-saves.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.to_ascii_lowercase().ends_with(".tmp")
        || name.contains("___jb_")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

fn walk_error(root: &Path, err: walkdir::Error) -> LoadError {
    let path = err.path().unwrap_or(root).to_owned();
    LoadError::Io {
        path,
        source: err.into(),
    }
}

fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_owned()
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::*;

    #[test]
    fn editor_temp_files_are_hidden() {
        for name in [
            ".x.md.swp",
            ".#x.md",
            "x.md~",
            "x.md.tmp",
            "x.md~RF1a2b.TMP",
            "x.md___jb_tmp___",
            "___jb_old___",
            "~$x.docx",
            "#x.md#",
        ] {
            assert!(is_hidden(OsStr::new(name)), "{name}");
        }
        for name in ["x.md", "4913", "a#b.md", "tmpl.md"] {
            assert!(!is_hidden(OsStr::new(name)), "{name}");
        }
    }
}
