//! The driver: a site folder and the two things done with it, `check` (load, parse, validate)
//! and `build` (check, then render into a staging folder and swap it in).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::content::{self, load::LoadError};
use crate::diagnostics::Diagnostics;
use crate::output::{OutputError, Staging};
use crate::render::theme::{Theme, ThemeError};
use crate::render::{self, RenderContext, RenderError, views};

/// Why a check or build did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("the content has errors")]
    Content(Diagnostics),
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl BuildError {
    /// Content problems are the editor's to fix (exit 1); the rest are usage or I/O (exit 2).
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Content(_) | BuildError::Theme(ThemeError::Template { .. }) => 1,
            _ => 2,
        }
    }
}

/// Options of `brochure build`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The output folder; `SITE/output` when `None`.
    pub output: Option<PathBuf>,
    /// Overrides catalog.yaml's base_url.
    pub base_url: Option<String>,
    /// Skip the PDF even when the site asks for it.
    pub no_pdf: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub projects: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

/// A site folder: `content/`, optionally `themes/`.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
}

impl Site {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Site { root: root.into() }
    }

    pub fn default_output(&self) -> PathBuf {
        self.root.join("output")
    }

    /// Loads and validates everything; the diagnostics hold warnings and errors alike.
    pub fn load(&self) -> Result<(Catalog, Diagnostics), BuildError> {
        let (content, mut problems) = content::load(&self.root)?;
        let (catalog, found) = Catalog::build(content);
        problems.extend(found);
        Ok((catalog, problems))
    }

    /// `brochure check`: every problem of the content and the theme.
    pub fn check(&self) -> Result<(Catalog, Diagnostics), BuildError> {
        let (catalog, problems) = self.load()?;
        Theme::load(&self.root, &catalog.config.theme)?;
        Ok((catalog, problems))
    }

    /// `brochure build`: nothing is written unless everything succeeds.
    pub fn build(&self, options: &BuildOptions) -> Result<BuildReport, BuildError> {
        let started = Instant::now();
        let (mut catalog, problems) = self.load()?;
        if problems.has_errors() {
            return Err(BuildError::Content(problems));
        }
        if let Some(url) = &options.base_url {
            catalog.config.base_url = Some(if url.ends_with('/') {
                url.clone()
            } else {
                format!("{url}/")
            });
        }
        let theme = Theme::load(&self.root, &catalog.config.theme)?;
        let output = options
            .output
            .clone()
            .unwrap_or_else(|| self.default_output());
        let staging = Staging::create(&self.root, &output)?;
        let cards = views::project_cards(&catalog);
        let ctx = RenderContext {
            catalog: &catalog,
            theme: &theme,
            cards: &cards,
            site: &self.root,
        };
        let stats = render::render_site(&ctx, &staging)?;
        let files = staging.written();
        staging.commit()?;
        Ok(BuildReport {
            output,
            pages: stats.pages,
            files,
            projects: catalog.projects.len(),
            elapsed: started.elapsed(),
            warnings: problems,
        })
    }
}

/// The site path as given, or `.`.
pub fn site_or_current(site: Option<&Path>) -> Site {
    Site::new(site.unwrap_or(Path::new(".")))
}
