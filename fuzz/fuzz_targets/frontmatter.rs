//! A whole project file (frontmatter and body), and the same text as catalog.yaml, a chain, a
//! county and a free page: parsing never panics, and a file that parses gives its title back.

#![no_main]

use std::path::Path;

use brochure::config::Config;
use brochure::content::markdown::MarkdownOptions;
use brochure::content::{Chain, County, Page, Project};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let options = MarkdownOptions {
        unsafe_html: false,
        keep_events: true,
    };
    let (project, _) = Project::parse(Path::new("content/projects/fuzz.md"), "fuzz", text, options);
    if let Some(project) = project {
        assert!(!project.title.trim().is_empty());
    }
    let _ = Config::parse(Path::new("content/catalog.yaml"), text);
    let _ = Chain::parse(Path::new("content/chains/fuzz.md"), "fuzz", text, options);
    let _ = County::parse(Path::new("content/counties/fuzz.md"), "fuzz", text, options);
    let _ = Page::parse(Path::new("content/pages/fuzz.md"), "fuzz", text, options);
});
