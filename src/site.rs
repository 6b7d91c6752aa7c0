//! The driver: a site folder and what is done with it: `check` (load, parse, validate),
//! `build` (check, then render into a staging folder and swap it in) and `pdf` (the print
//! catalog alone).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::config::Config;
use crate::content::{self, load::LoadError};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{OutputError, Staging};
use crate::render::theme::{Theme, ThemeError};
use crate::render::{self, RenderContext, RenderError, Sink, views};

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
    #[cfg(feature = "pdf")]
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("this brochure was built without PDF support; rebuild it with the 'pdf' feature")]
    NoPdfSupport,
}

impl BuildError {
    /// Content problems are the editor's to fix (exit 1); the rest are usage or I/O (exit 2).
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Content(_)
            | BuildError::Theme(ThemeError::Template { .. } | ThemeError::Labels { .. }) => 1,
            #[cfg(feature = "pdf")]
            BuildError::Pdf(err) if err.is_content() => 1,
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
    /// Whether catalog.pdf was written.
    pub pdf: bool,
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
        self.load_content(|_| false)
    }

    /// Loads the catalog, with what typesetting catalog.pdf needs when `for_pdf` says so.
    fn load_content(
        &self,
        for_pdf: impl FnOnce(&Config) -> bool,
    ) -> Result<(Catalog, Diagnostics), BuildError> {
        let (content, mut problems) = content::load_with(&self.root, for_pdf)?;
        let (catalog, found) = Catalog::build(content);
        problems.extend(found);
        Ok((catalog, problems))
    }

    /// `brochure check`: every problem of the content and the theme, and the characters
    /// catalog.pdf could not print.
    pub fn check(&self) -> Result<(Catalog, Diagnostics), BuildError> {
        let (catalog, mut problems) = self.load()?;
        Theme::load(&self.root, &catalog.config.theme)?;
        if catalog.config.print.pdf {
            problems.extend(unprintable_characters(&self.root, &catalog));
        }
        Ok((catalog, problems))
    }

    /// Loads for rendering: content errors stop here; `base_url` overrides catalog.yaml's.
    fn load_for_render(
        &self,
        base_url: Option<&str>,
        for_pdf: impl FnOnce(&Config) -> bool,
    ) -> Result<(Catalog, Theme, Diagnostics), BuildError> {
        let (mut catalog, problems) = self.load_content(for_pdf)?;
        if problems.has_errors() {
            return Err(BuildError::Content(problems));
        }
        if let Some(url) = base_url {
            catalog.config.base_url = Some(if url.ends_with('/') {
                url.to_owned()
            } else {
                format!("{url}/")
            });
        }
        let theme = Theme::load(&self.root, &catalog.config.theme)?;
        Ok((catalog, theme, problems))
    }

    /// `brochure build`: nothing is written unless everything succeeds.
    pub fn build(&self, options: &BuildOptions) -> Result<BuildReport, BuildError> {
        let started = Instant::now();
        let (catalog, theme, mut problems) = self
            .load_for_render(options.base_url.as_deref(), |config| {
                wants_pdf(config, options)
            })?;
        let output = options
            .output
            .clone()
            .unwrap_or_else(|| self.default_output());
        let staging = Staging::create(&self.root, &output)?;
        let cards = views::project_cards(&catalog, views::Lang::Zh);
        let want_pdf = wants_pdf(&catalog.config, options);
        let ctx = RenderContext {
            catalog: &catalog,
            theme: &theme,
            cards: &cards,
            site: &self.root,
            pdf: want_pdf,
        };
        let (stats, pdf) = rayon::join(
            || render::render_site(&ctx, &staging),
            || want_pdf.then(|| write_pdf(&ctx, &staging)).transpose(),
        );
        let stats = stats?;
        problems.extend(pdf?.unwrap_or_default());
        let files = staging.written();
        staging.commit()?;
        Ok(BuildReport {
            output,
            pages: stats.pages,
            files,
            projects: catalog.projects.len(),
            pdf: want_pdf,
            elapsed: started.elapsed(),
            warnings: problems,
        })
    }

    /// `brochure pdf`: the print catalog alone, written to `file` (default `SITE/catalog.pdf`)
    /// through a temporary file, so a failure leaves any previous PDF in place.
    pub fn pdf(&self, file: Option<&Path>) -> Result<(PathBuf, Diagnostics), BuildError> {
        let (catalog, theme, mut problems) = self.load_for_render(None, |_| true)?;
        let cards = views::project_cards(&catalog, views::Lang::Zh);
        let ctx = RenderContext {
            catalog: &catalog,
            theme: &theme,
            cards: &cards,
            site: &self.root,
            pdf: true,
        };
        let (bytes, warnings) = render_pdf(&ctx)?;
        problems.extend(warnings);
        let target = file.map_or_else(|| self.root.join("catalog.pdf"), Path::to_owned);
        let temporary = target.with_extension(format!("pdf.tmp-{}", std::process::id()));
        let write = || {
            std::fs::write(&temporary, &bytes)?;
            std::fs::rename(&temporary, &target)
        };
        write().map_err(|source| {
            let _ = std::fs::remove_file(&temporary);
            BuildError::Write {
                path: target.clone(),
                source,
            }
        })?;
        Ok((target, problems))
    }
}

/// Whether `build` typesets catalog.pdf.
fn wants_pdf(config: &Config, options: &BuildOptions) -> bool {
    cfg!(feature = "pdf") && config.print.pdf && !options.no_pdf
}

/// Typesets catalog.pdf into the build's staging folder; returns its warnings.
fn write_pdf(ctx: &RenderContext<'_>, staging: &Staging) -> Result<Vec<Diagnostic>, BuildError> {
    let (bytes, warnings) = render_pdf(ctx)?;
    staging.write("catalog.pdf", &bytes)?;
    Ok(warnings)
}

/// The PDF's bytes and a warning for each character no font has.
#[cfg(feature = "pdf")]
fn render_pdf(ctx: &RenderContext<'_>) -> Result<(Vec<u8>, Vec<Diagnostic>), BuildError> {
    let typeset = crate::pdf::render_pdf(ctx)?;
    Ok((typeset.pdf, typeset.warnings))
}

#[cfg(not(feature = "pdf"))]
fn render_pdf(_ctx: &RenderContext<'_>) -> Result<(Vec<u8>, Vec<Diagnostic>), BuildError> {
    Err(BuildError::NoPdfSupport)
}

#[cfg(feature = "pdf")]
fn unprintable_characters(site: &Path, catalog: &Catalog) -> Vec<Diagnostic> {
    crate::pdf::check_characters(site, catalog)
}

/// Without Typst there is no PDF whose characters could be missing.
#[cfg(not(feature = "pdf"))]
fn unprintable_characters(_site: &Path, _catalog: &Catalog) -> Vec<Diagnostic> {
    Vec::new()
}

/// The site path as given, or `.`.
pub fn site_or_current(site: Option<&Path>) -> Site {
    Site::new(site.unwrap_or(Path::new(".")))
}
