//! brochure turns a folder of Markdown project files into an investment-promotion catalog:
//! a static web catalog, a print catalog and the catalog as data.
//!
//! The modules read as the pipeline: [`config`] → [`content`] (load, parse, validate) →
//! [`catalog`] (the model) → [`render`] (html, print, data; `pdf` with the `pdf` feature) →
//! [`output`] (atomic write), with [`site`] driving them and [`cli`] on top; [`serve`] is the
//! live preview and [`links`] checks the links of a built output.

pub mod amount;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod import;
pub mod launch;
pub mod links;
pub mod output;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;

/// The version and the commit it was built from, as `brochure --version` prints it:
/// `0.1.0 (abc1234 2026-12-05)` (see build.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("BROCHURE_BUILT_FROM"),
    ")"
);
