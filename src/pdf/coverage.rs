//! Characters no font can print. The text catalog.pdf shows (the catalog's title and
//! publisher, the chains, the counties' names, the projects' fields and bodies) is tested
//! against the fonts' coverage once; each character missing from every font is a warning at
//! the file and line where it is first written, instead of a blank box in the PDF.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::fonts::CharCoverage;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::content::{Chain, County, Project};
use crate::diagnostics::Diagnostic;

/// Where catalog.yaml sits in the site, as messages name it.
const CATALOG_FILE: &str = "content/catalog.yaml";

/// The characters of one file's printed text that `covered` lacks, per file, in file order.
pub fn uncovered(catalog: &Catalog, covered: &CharCoverage) -> Vec<(PathBuf, BTreeSet<char>)> {
    printed_texts(catalog)
        .into_par_iter()
        .filter_map(|(path, texts)| {
            let missing: BTreeSet<char> = texts
                .iter()
                .filter(|text| !text.is_ascii())
                .flat_map(|text| text.chars())
                .filter(|&c| is_printed(c) && !covered.contains(c))
                .collect();
            (!missing.is_empty()).then(|| (path.to_owned(), missing))
        })
        .collect()
}

/// Keeps only the characters `covered` lacks too.
pub fn still_uncovered(
    missing: Vec<(PathBuf, BTreeSet<char>)>,
    covered: &CharCoverage,
) -> Vec<(PathBuf, BTreeSet<char>)> {
    missing
        .into_iter()
        .filter_map(|(path, mut chars)| {
            chars.retain(|&c| !covered.contains(c));
            (!chars.is_empty()).then_some((path, chars))
        })
        .collect()
}

/// A warning for each missing character at the first line of its file that has it; the files
/// are read again only here, for the few that have such a character.
pub fn warnings(site: &Path, missing: Vec<(PathBuf, BTreeSet<char>)>) -> Vec<Diagnostic> {
    missing
        .into_iter()
        .flat_map(|(path, chars)| {
            let text = std::fs::read_to_string(site.join(&path)).unwrap_or_default();
            chars
                .into_iter()
                .map(|c| {
                    let line = first_line_with(&text, c);
                    Diagnostic::warning(&path, line, MissingGlyph(c).message())
                        .with_hint(MissingGlyph(c).hint())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The 1-based line where `c` first occurs, 0 when the file does not have it.
fn first_line_with(text: &str, c: char) -> usize {
    text.lines()
        .position(|line| line.contains(c))
        .map_or(0, |index| index + 1)
}

/// Whether a character is drawn: whitespace, controls, zero-width and variation characters
/// need no glyph.
fn is_printed(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0100}'..='\u{E01EF}'))
}

/// The texts the PDF prints, by the file they are written in.
fn printed_texts(catalog: &Catalog) -> Vec<(&Path, Vec<&str>)> {
    let mut texts = vec![(Path::new(CATALOG_FILE), config_texts(&catalog.config))];
    texts.extend(
        catalog
            .chains
            .iter()
            .map(|entry| (entry.chain.source.as_path(), chain_texts(&entry.chain))),
    );
    texts.extend(
        catalog
            .counties
            .iter()
            .map(|entry| (entry.county.source.as_path(), county_texts(&entry.county))),
    );
    texts.extend(catalog.projects.iter().map(|entry| {
        (
            entry.project.source.as_path(),
            project_texts(&entry.project),
        )
    }));
    texts
}

fn config_texts(config: &Config) -> Vec<&str> {
    let publisher = &config.publisher;
    vec![
        &config.title,
        &config.region,
        &config.description,
        &publisher.org,
        &publisher.address,
        &publisher.phone,
        &publisher.fax,
        &publisher.email,
        &publisher.website,
    ]
}

fn chain_texts(chain: &Chain) -> Vec<&str> {
    let mut texts = vec![chain.name.as_str(), &chain.summary, &chain.body.html];
    texts.extend(chain.segments.iter().map(String::as_str));
    texts.extend(chain.leaders.iter().map(String::as_str));
    texts
}

fn county_texts(county: &County) -> Vec<&str> {
    vec![&county.name, &county.summary]
}

fn project_texts(project: &Project) -> Vec<&str> {
    let contact = &project.contact;
    let mut texts = vec![
        project.title.as_str(),
        &project.chain.value,
        &project.county.value,
        &project.location,
        &project.land,
        &project.summary,
        &contact.org,
        &contact.person,
        &contact.phone,
        &contact.email,
        &project.body.html,
    ];
    texts.extend(project.segment.as_ref().map(|s| s.value.as_str()));
    texts.extend(project.code.as_ref().map(|c| c.value.as_str()));
    texts.extend(project.updated.as_deref());
    texts.extend(project.cooperation.iter().map(String::as_str));
    texts.extend(project.tags.iter().map(String::as_str));
    texts
}

/// The warning for a character no font has, in Chinese and English.
struct MissingGlyph(char);

impl MissingGlyph {
    fn message(&self) -> String {
        let (c, point) = (self.0, self.0 as u32);
        format!(
            "没有字体包含字符 '{c}'（U+{point:04X}），catalog.pdf 中此处会是空白方框 · \
             no font has the character '{c}' (U+{point:04X}); catalog.pdf would show a blank box"
        )
    }

    fn hint(&self) -> String {
        "换用常用字，或把含有这个字的 .ttf/.otf 字体放进站点的 fonts/ 文件夹 · \
         write a common character instead, or copy a .ttf/.otf font that has it into the \
         site's fonts/ folder"
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_line_with_a_character() {
        assert_eq!(first_line_with("a\nb𠀀\n𠀀", '𠀀'), 2);
        assert_eq!(first_line_with("a\nb", '𠀀'), 0);
    }

    #[test]
    fn spaces_and_invisible_characters_need_no_glyph() {
        for c in [' ', '\u{3000}', '\n', '\u{200B}', '\u{FE0F}', '\u{FEFF}'] {
            assert!(!is_printed(c), "U+{:04X}", c as u32);
        }
        assert!(is_printed('中') && is_printed('𠀀'));
    }

    #[test]
    fn characters_the_second_coverage_has_are_dropped() {
        let missing = vec![(PathBuf::from("p.md"), BTreeSet::from(['中', '甲', '𠀀']))];
        let left = still_uncovered(missing, &CharCoverage::from_code_points(['甲' as u32]));
        assert_eq!(left[0].1, BTreeSet::from(['中', '𠀀']));
    }

    #[test]
    fn message_names_the_character_and_its_code_point() {
        let glyph = MissingGlyph('𠀀');
        assert!(glyph.message().contains("'𠀀'（U+20000）"));
        assert!(glyph.message().contains("'𠀀' (U+20000)"));
        assert!(glyph.hint().contains("fonts/"));
    }
}
