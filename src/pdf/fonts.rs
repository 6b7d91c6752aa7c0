//! Fonts for the PDF: the site's `fonts/` folder first, then the system's font folders. The
//! catalog is Chinese, so a font with Chinese glyphs is required; the families the template
//! uses are chosen here, the site's own fonts before the well-known ones.

use std::path::{Path, PathBuf};

use typst::text::FontInfo;
use typst_kit::fonts::{FontPath, FontStore};

/// Chinese families used for body text when present, best first.
pub const BODY_FAMILIES: &[&str] = &[
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "SimSun",
    "Songti SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
];

/// Chinese families used for headings and tables when present, best first.
pub const HEADING_FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Heiti SC",
    "WenQuanYi Micro Hei",
];

/// A character every Chinese font covers.
const PROBE: char = '项';

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error(
        "no Chinese font found in {folder} or in the system's font folders.\n  \
         looked for: {families}, or any font with Chinese characters\n  \
         fix: install one (Debian/Ubuntu: apt-get install fonts-noto-cjk; \
         other systems: install Noto Serif CJK SC or Source Han Serif), \
         or copy a .ttf/.otf font with Chinese characters into {folder}",
        folder = .folder.display(),
        families = BODY_FAMILIES.join(", ")
    )]
    NoChinese { folder: PathBuf },
}

/// The loaded fonts and the family lists the template should use.
pub struct Fonts {
    pub store: FontStore,
    pub body: Vec<String>,
    pub heading: Vec<String>,
}

/// Scans `site/fonts/` and the system font folders.
pub fn load(site: &Path) -> Result<Fonts, FontError> {
    let folder = site.join("fonts");
    let own: Vec<(FontPath, FontInfo)> = if folder.is_dir() {
        typst_kit::fonts::scan(&folder).collect()
    } else {
        Vec::new()
    };
    let system: Vec<(FontPath, FontInfo)> = typst_kit::fonts::system().collect();
    let own_chinese = chinese_families(own.iter().map(|(_, info)| info));
    let system_chinese = chinese_families(system.iter().map(|(_, info)| info));
    if own_chinese.is_empty() && system_chinese.is_empty() {
        return Err(FontError::NoChinese { folder });
    }
    let pick = |preferred: &[&str]| {
        let mut families = own_chinese.clone();
        families.extend(
            preferred
                .iter()
                .filter(|name| system_chinese.iter().any(|f| f.eq_ignore_ascii_case(name)))
                .map(|name| (*name).to_owned()),
        );
        families.extend(system_chinese.iter().cloned());
        dedup(families)
    };
    let body = pick(BODY_FAMILIES);
    let heading = pick(HEADING_FAMILIES);
    let mut store = FontStore::new();
    store.extend(own);
    store.extend(system);
    Ok(Fonts {
        store,
        body,
        heading,
    })
}

/// The families (in first-seen order) that have Chinese glyphs.
fn chinese_families<'a>(infos: impl Iterator<Item = &'a FontInfo>) -> Vec<String> {
    dedup(
        infos
            .filter(|info| info.coverage.contains(PROBE as u32))
            .map(|info| info.family.clone())
            .collect(),
    )
}

fn dedup(families: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for family in families {
        if !seen.iter().any(|f| f.eq_ignore_ascii_case(&family)) {
            seen.push(family);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_keeps_first_spelling() {
        let families = dedup(vec!["A".into(), "b".into(), "a".into(), "B".into()]);
        assert_eq!(families, ["A", "b"]);
    }

    #[test]
    fn missing_font_message_says_how_to_fix() {
        let message = FontError::NoChinese {
            folder: PathBuf::from("site/fonts"),
        }
        .to_string();
        assert!(message.contains("fonts-noto-cjk"), "{message}");
        assert!(message.contains("Noto Serif CJK SC"), "{message}");
        assert!(message.contains(".ttf/.otf"), "{message}");
        assert!(message.contains("site/fonts"), "{message}");
    }
}
