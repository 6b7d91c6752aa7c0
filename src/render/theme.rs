//! The theme: the default one compiled into the binary, and a site's `themes/<name>/` that
//! overrides its templates and static files file by file. Templates are compiled once per
//! build.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;
use walkdir::WalkDir;

use crate::content::load::is_hidden;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Why a theme could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("cannot read the theme file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("template error in {origin}:\n{message}")]
    Template { origin: String, message: String },
    #[error("cannot read the labels in {origin}: {message}")]
    Labels { origin: String, message: String },
}

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum ThemeFile {
    BuiltIn(&'static [u8]),
    Site(PathBuf),
}

impl ThemeFile {
    pub fn bytes(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match self {
            ThemeFile::BuiltIn(bytes) => Ok(Cow::Borrowed(bytes)),
            ThemeFile::Site(path) => std::fs::read(path).map(Cow::Owned),
        }
    }
}

/// The compiled templates and the static files to copy.
pub struct Theme {
    pub tera: Tera,
    /// Static files by their path under `static/`.
    pub static_files: BTreeMap<String, ThemeFile>,
    /// Other theme files (such as the print template) by their path in the theme.
    pub files: BTreeMap<String, ThemeFile>,
    /// The interface wording per language (`i18n/zh.yaml` → `"zh"`): a site's file changes
    /// the built-in labels it names and keeps the others.
    pub labels: BTreeMap<String, Labels>,
}

/// Interface labels of one language, by key.
pub type Labels = BTreeMap<String, String>;

impl Theme {
    /// Loads the built-in theme with `site/themes/<name>/` layered over it.
    pub fn load(site: &Path, name: &str) -> Result<Theme, ThemeError> {
        let mut files = built_in_files();
        let overrides = site.join("themes").join(name);
        if overrides.is_dir() {
            for entry in WalkDir::new(&overrides)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
            {
                let entry = entry.map_err(|err| ThemeError::Io {
                    path: overrides.clone(),
                    source: err.into(),
                })?;
                if entry.file_type().is_file() {
                    let relative = entry
                        .path()
                        .strip_prefix(&overrides)
                        .unwrap_or(entry.path());
                    let key = relative.to_string_lossy().replace('\\', "/");
                    files.insert(key, ThemeFile::Site(entry.path().to_owned()));
                }
            }
        }
        Theme::compile(files)
    }

    fn compile(all: BTreeMap<String, ThemeFile>) -> Result<Theme, ThemeError> {
        let mut templates = Vec::new();
        let mut static_files = BTreeMap::new();
        let mut files = BTreeMap::new();
        let mut labels = BTreeMap::new();
        for (path, file) in all {
            if let Some(name) = path.strip_prefix("templates/") {
                let bytes = file.bytes().map_err(|source| ThemeError::Io {
                    path: PathBuf::from(&path),
                    source,
                })?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                templates.push((name.to_owned(), text, origin(&file, &path)));
            } else if let Some(name) = path.strip_prefix("static/") {
                static_files.insert(name.to_owned(), file);
            } else if let Some(lang) = path
                .strip_prefix("i18n/")
                .and_then(|name| name.strip_suffix(".yaml"))
            {
                labels.insert(lang.to_owned(), read_labels(&path, &file)?);
            } else {
                files.insert(path, file);
            }
        }
        let mut tera = Tera::new();
        tera.add_raw_templates(
            templates
                .iter()
                .map(|(name, text, _)| (name.as_str(), text.as_str())),
        )
        .map_err(|err| {
            let message = err.to_string();
            let origin = templates
                .iter()
                .find(|(name, _, _)| message.contains(name.as_str()))
                .map_or_else(
                    || "the theme's templates".to_owned(),
                    |(_, _, origin)| origin.clone(),
                );
            ThemeError::Template { origin, message }
        })?;
        Ok(Theme {
            tera,
            static_files,
            files,
            labels,
        })
    }

    /// Whether the theme has a template of this name.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }
}

/// A labels file; a site's file is laid over the built-in one of the same language.
fn read_labels(path: &str, file: &ThemeFile) -> Result<Labels, ThemeError> {
    let mut labels = match (file, DEFAULT_THEME.get_file(path)) {
        (ThemeFile::Site(_), Some(built_in)) => parse_labels(
            built_in.contents(),
            &ThemeFile::BuiltIn(built_in.contents()),
            path,
        )?,
        _ => Labels::new(),
    };
    let bytes = file.bytes().map_err(|source| ThemeError::Io {
        path: PathBuf::from(path),
        source,
    })?;
    labels.extend(parse_labels(&bytes, file, path)?);
    Ok(labels)
}

fn parse_labels(bytes: &[u8], file: &ThemeFile, path: &str) -> Result<Labels, ThemeError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    serde_yaml::from_str::<Option<Labels>>(text)
        .map(Option::unwrap_or_default)
        .map_err(|err| ThemeError::Labels {
            origin: match file {
                ThemeFile::BuiltIn(_) => format!("the built-in theme's {path}"),
                ThemeFile::Site(site_path) => site_path.display().to_string(),
            },
            message: format!("{err} (write one 'key: text' per line)"),
        })
}

fn origin(file: &ThemeFile, path: &str) -> String {
    match file {
        ThemeFile::BuiltIn(_) => format!("the built-in template {path}"),
        ThemeFile::Site(site_path) => site_path.display().to_string(),
    }
}

fn built_in_files() -> BTreeMap<String, ThemeFile> {
    let mut files = BTreeMap::new();
    collect(&DEFAULT_THEME, &mut files);
    files
}

fn collect(dir: &'static Dir<'static>, files: &mut BTreeMap<String, ThemeFile>) {
    for file in dir.files() {
        let key = file.path().to_string_lossy().replace('\\', "/");
        files.insert(key, ThemeFile::BuiltIn(file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

/// Every file of the built-in theme, for `init --with-theme`.
pub fn built_in_theme() -> impl Iterator<Item = (String, &'static [u8])> {
    built_in_files()
        .into_iter()
        .filter_map(|(path, file)| match file {
            ThemeFile::BuiltIn(bytes) => Some((path, bytes)),
            ThemeFile::Site(_) => None,
        })
}
