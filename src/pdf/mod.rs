//! catalog.pdf, typeset with Typst embedded as a library. The theme's `print/catalog.typ`
//! lays the catalog out; it reads the catalog as data (`/data/catalog.json`) and includes
//! each body converted to Typst markup (`/data/…/*.typ`), so no content text is ever spliced
//! into the template as code. Images come from `content/assets/`, QR codes are SVG files.

mod coverage;
pub mod fonts;
pub mod markup;
mod world;

use std::path::Path;

use serde::Serialize;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::catalog::Catalog;
use crate::diagnostics::Diagnostic;
use crate::render::print::{BodyOf, LinkTargets, PrintCatalog, print_catalog};
use crate::render::theme::ThemeFile;
use crate::render::{RenderContext, qr};
use world::{CatalogWorld, VirtualFiles};

/// The template Typst starts from, by its path in the theme.
pub const TEMPLATE: &str = "print/catalog.typ";

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "the theme has no {TEMPLATE}; add one under themes/<name>/{TEMPLATE} or remove the override"
    )]
    MissingTemplate,
    #[error("cannot read the theme file {path}: {source}")]
    Theme {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot typeset catalog.pdf:\n  {}", .0.join("\n  "))]
    Typst(Vec<String>),
}

impl PdfError {
    /// Whether the problem is in the theme or content (rather than the machine's setup).
    pub fn is_content(&self) -> bool {
        matches!(self, PdfError::Typst(_) | PdfError::MissingTemplate)
    }
}

/// What the template reads from `/data/catalog.json`.
#[derive(Serialize)]
struct PdfData<'a> {
    #[serde(flatten)]
    catalog: &'a PrintCatalog<'a>,
    fonts: FontFamilies<'a>,
    /// A QR code of the site's address, when it has one.
    site_qr: Option<String>,
}

#[derive(Serialize)]
struct FontFamilies<'a> {
    body: &'a [String],
    heading: &'a [String],
}

/// A typeset catalog.
pub struct Typeset {
    pub pdf: Vec<u8>,
    /// A warning for each character no font has.
    pub warnings: Vec<Diagnostic>,
}

/// `check`'s warnings for characters no font has. Only what the bundled font lacks is looked
/// for in the site's and the system's fonts, so a usual catalog loads no font at all.
pub fn check_characters(site: &Path, catalog: &Catalog) -> Vec<Diagnostic> {
    let missing = coverage::uncovered(catalog, &fonts::bundled_coverage());
    if missing.is_empty() {
        return Vec::new();
    }
    let missing = coverage::still_uncovered(missing, &fonts::installed_coverage(site));
    coverage::warnings(site, missing)
}

/// Typesets the catalog.
pub fn render_pdf(ctx: &RenderContext<'_>) -> Result<Typeset, PdfError> {
    let fonts = fonts::load(ctx.site);
    let missing = coverage::uncovered(ctx.catalog, &fonts.coverage());
    let warnings = coverage::warnings(ctx.site, missing);
    let links = LinkTargets::of(ctx.catalog);
    let mut files = VirtualFiles::default();
    let mut print = print_catalog(ctx, |of, source, markdown| {
        let path = match of {
            BodyOf::Chain(id) => format!("/data/chains/{id}.typ"),
            BodyOf::Project(slug) => format!("/data/projects/{slug}.typ"),
        };
        let events = markdown
            .events
            .as_deref()
            .expect("content loaded for the PDF keeps its parsed events");
        let typst = markup::to_typst(events, &links);
        let origin = format!("{} (its Markdown body)", source.display());
        files.add(&path, typst.into_bytes(), origin);
        path
    });
    add_qr_codes(&mut print, &mut files);
    let site_qr = add_site_qr(ctx, &mut files);
    let data = PdfData {
        catalog: &print,
        fonts: FontFamilies {
            body: &fonts.body,
            heading: &fonts.heading,
        },
        site_qr,
    };
    let json = serde_json::to_vec(&data).expect("the print catalog serializes");
    files.add("/data/catalog.json", json, "the catalog data");
    add_theme_files(ctx, &mut files)?;
    let world = CatalogWorld::new(
        fonts.store,
        files,
        &format!("/{TEMPLATE}"),
        ctx.site.join("content"),
    );
    if !world.has_main() {
        return Err(PdfError::MissingTemplate);
    }
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| PdfError::Typst(world.describe(&errors)))?;
    let options = PdfOptions {
        ident: Smart::Custom(ctx.catalog.config.title.clone()),
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| PdfError::Typst(world.describe(&errors)))?;
    Ok(Typeset { pdf, warnings })
}

/// A QR code of each project's web address, when the site has one.
fn add_qr_codes(print: &mut PrintCatalog<'_>, files: &mut VirtualFiles) {
    for project in print.chains.iter_mut().flat_map(|c| c.projects.iter_mut()) {
        if let Some(svg) = project.web_url.as_deref().and_then(qr::svg) {
            let path = format!("/data/qr/{}.svg", project.card.slug);
            files.add(&path, svg.into_bytes(), "a generated QR code");
            project.qr = Some(path);
        }
    }
}

fn add_site_qr(ctx: &RenderContext<'_>, files: &mut VirtualFiles) -> Option<String> {
    let svg = qr::svg(ctx.catalog.config.base_url.as_deref()?)?;
    let path = "/data/site-qr.svg".to_owned();
    files.add(&path, svg.into_bytes(), "a generated QR code");
    Some(path)
}

/// The theme's `print/` folder: the template and whatever it includes or shows.
fn add_theme_files(ctx: &RenderContext<'_>, files: &mut VirtualFiles) -> Result<(), PdfError> {
    for (path, file) in ctx
        .theme
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("print/"))
    {
        let bytes = file.bytes().map_err(|source| PdfError::Theme {
            path: path.clone(),
            source,
        })?;
        let origin = match file {
            ThemeFile::BuiltIn(_) => format!("the built-in theme's {path}"),
            ThemeFile::Site(real) => real.display().to_string(),
        };
        files.add(&format!("/{path}"), bytes.into_owned(), origin);
    }
    Ok(())
}
