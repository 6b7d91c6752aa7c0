//! Rendering the catalog into files: the web pages ([`html`], with [`charts`]), the print page
//! ([`print`]), the data files ([`data`], with the filter index of [`search`]), static files and
//! assets. Every renderer writes through a [`Sink`], so the same code fills the build's staging
//! folder or the preview server's memory.

pub mod charts;
pub mod data;
pub mod html;
pub mod print;
pub mod qr;
pub mod search;
pub mod theme;
pub mod views;
pub mod xlsx;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use theme::Theme;
use views::ProjectCard;

/// Where rendered files go, by their path from the site root (always `/`-separated).
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError>;
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot render {page}:\n{message}")]
    Template { page: String, message: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Data(String),
}

/// What every renderer reads: the model, the theme, and the project cards made once.
pub struct RenderContext<'a> {
    pub catalog: &'a Catalog,
    pub theme: &'a Theme,
    pub cards: &'a [ProjectCard<'a>],
    /// The site folder, for copying assets.
    pub site: &'a Path,
    /// Whether this build writes catalog.pdf, so that pages may link to it.
    pub pdf: bool,
}

/// Counts of what a render wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub files: usize,
}

/// Renders the whole web catalog and its data files. The data files are written on one
/// thread while the pages take the others, so they add nothing to the wall time.
pub fn render_site(ctx: &RenderContext<'_>, sink: &dyn Sink) -> Result<RenderStats, RenderError> {
    let jobs = html::all_jobs(ctx.catalog);
    let (pages, files) = rayon::join(
        || {
            Ok::<_, RenderError>(
                html::render_pages(ctx, &jobs, sink)? + print::render_print_page(ctx, sink)?,
            )
        },
        || Ok::<_, RenderError>(data::render_data(ctx, sink)? + copy_static(ctx, sink)?),
    );
    Ok(RenderStats {
        pages: pages?,
        files: files?,
    })
}

/// Copies the theme's static files to `static/` and the content's assets to `assets/`.
pub fn copy_static(ctx: &RenderContext<'_>, sink: &dyn Sink) -> Result<usize, RenderError> {
    let mut count = 0;
    for (name, file) in &ctx.theme.static_files {
        let bytes = file.bytes().map_err(|source| RenderError::Io {
            path: PathBuf::from(name),
            source,
        })?;
        sink.write(&format!("static/{name}"), &bytes)?;
        count += 1;
    }
    let assets = ctx.site.join("content").join("assets");
    for (asset, url) in ctx.catalog.assets.iter().zip(ctx.catalog.asset_urls()) {
        let path = assets.join(asset);
        let bytes: Cow<'_, [u8]> = std::fs::read(&path)
            .map(Cow::Owned)
            .map_err(|source| RenderError::Io { path, source })?;
        sink.write(&url, &bytes)?;
        count += 1;
    }
    Ok(count)
}

/// Text made safe inside HTML or XML elements and quoted attributes.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
