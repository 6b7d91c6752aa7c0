//! Fonts for the PDF: the site's `fonts/` folder first, then the system's font folders, then
//! the Chinese font built into brochure (Brochure Sans SC, a subset of Noto Sans CJK SC made by
//! `scripts/make-font-subset.py`, see `assets/fonts/`), so a machine without any Chinese font
//! still typesets the catalog. The family lists the template uses put the site's own fonts
//! before well-known system ones and always end with the bundled family.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::{FontPath, FontStore};

/// Set (to anything) to leave the system's font folders out, so that only the site's `fonts/`
/// and the bundled font are used: what a machine without fonts would print.
pub const NO_SYSTEM_FONTS: &str = "BROCHURE_NO_SYSTEM_FONTS";

/// The family of the font built into brochure.
pub const BUNDLED_FAMILY: &str = "Brochure Sans SC";

/// The bundled font's files: Regular and Bold, as the template sets headings in bold.
const BUNDLED: [&[u8]; 2] = [
    include_bytes!("../../assets/fonts/BrochureSansSC-Regular.otf"),
    include_bytes!("../../assets/fonts/BrochureSansSC-Bold.otf"),
];

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

/// The loaded fonts and the family lists the template should use.
pub struct Fonts {
    pub store: FontStore,
    pub body: Vec<String>,
    pub heading: Vec<String>,
}

impl Fonts {
    /// Every character some loaded font has: with Typst's fallback, what the PDF can print.
    pub fn coverage(&self) -> CharCoverage {
        let book = self.store.book();
        CharCoverage::of((0..).map_while(|index| book.info(index)))
    }
}

/// Scans `site/fonts/` and the system font folders, and adds the bundled font.
pub fn load(site: &Path) -> Fonts {
    let own = site_fonts(site);
    let system = system_fonts();
    let own_chinese = chinese_families(own.iter().map(|(_, info)| info));
    let system_chinese = chinese_families(system.iter().map(|(_, info)| info));
    let pick = |preferred: &[&str]| {
        let mut families = own_chinese.clone();
        families.extend(
            preferred
                .iter()
                .filter(|name| system_chinese.iter().any(|f| f.eq_ignore_ascii_case(name)))
                .map(|name| (*name).to_owned()),
        );
        families.extend(system_chinese.iter().cloned());
        families.push(BUNDLED_FAMILY.to_owned());
        dedup(families)
    };
    let body = pick(BODY_FAMILIES);
    let heading = pick(HEADING_FAMILIES);
    let mut store = FontStore::new();
    store.extend(own);
    store.extend(system);
    store.extend(bundled());
    Fonts {
        store,
        body,
        heading,
    }
}

/// What the site's `fonts/` and the system's fonts cover, without the bundled font; for
/// `check`, which loads no font unless the bundled one lacks a character.
pub fn installed_coverage(site: &Path) -> CharCoverage {
    let own = site_fonts(site);
    let system = system_fonts();
    CharCoverage::of(own.iter().chain(&system).map(|(_, info)| info))
}

/// What the bundled font covers.
pub fn bundled_coverage() -> CharCoverage {
    let fonts: Vec<(Font, FontInfo)> = bundled().collect();
    CharCoverage::of(fonts.iter().map(|(_, info)| info))
}

fn site_fonts(site: &Path) -> Vec<(FontPath, FontInfo)> {
    let folder = site.join("fonts");
    if folder.is_dir() {
        typst_kit::fonts::scan(&folder).collect()
    } else {
        Vec::new()
    }
}

fn system_fonts() -> Vec<(FontPath, FontInfo)> {
    if std::env::var_os(NO_SYSTEM_FONTS).is_some() {
        Vec::new()
    } else {
        typst_kit::fonts::system().collect()
    }
}

fn bundled() -> impl Iterator<Item = (Font, FontInfo)> {
    BUNDLED.into_iter().flat_map(|data| {
        Font::iter(Bytes::new(data)).map(|font| {
            let info = font.info().clone();
            (font, info)
        })
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

/// A set of characters as one bit per Unicode code point (139 KB), so testing every
/// character of a large catalog costs a shift and a mask each.
pub struct CharCoverage {
    bits: Vec<u64>,
}

impl CharCoverage {
    /// The characters any of the fonts has.
    pub fn of<'a>(infos: impl IntoIterator<Item = &'a FontInfo>) -> Self {
        Self::from_code_points(infos.into_iter().flat_map(|info| info.coverage.iter()))
    }

    pub fn from_code_points(points: impl IntoIterator<Item = u32>) -> Self {
        let mut bits = vec![0u64; (char::MAX as usize + 1).div_ceil(64)];
        for point in points {
            if let Some(word) = bits.get_mut(point as usize / 64) {
                *word |= 1 << (point % 64);
            }
        }
        CharCoverage { bits }
    }

    pub fn contains(&self, c: char) -> bool {
        let point = c as usize;
        self.bits[point / 64] & (1 << (point % 64)) != 0
    }

    /// Adds what `other` covers.
    pub fn add(&mut self, other: &CharCoverage) {
        for (word, more) in self.bits.iter_mut().zip(&other.bits) {
            *word |= more;
        }
    }
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
    fn bundled_font_is_regular_and_bold_with_what_a_catalog_needs() {
        let fonts: Vec<(Font, FontInfo)> = bundled().collect();
        let weights: Vec<u16> = fonts
            .iter()
            .map(|(_, info)| info.variant.weight.to_number())
            .collect();
        assert_eq!(weights, [400, 700]);
        assert!(fonts.iter().all(|(_, info)| info.family == BUNDLED_FAMILY));
        let coverage = bundled_coverage();
        let gb2312_first_and_last = "啊齄";
        let tongyong_guifan_not_gb2312 = "堃喆赟";
        for c in "Aa0~￥¥€°℃㎡①Ⅲ、。《》【】（）：“”…—·"
            .chars()
            .chain(gb2312_first_and_last.chars())
            .chain(tongyong_guifan_not_gb2312.chars())
        {
            assert!(coverage.contains(c), "{c} U+{:04X}", c as u32);
        }
        assert!(
            !coverage.contains('𠀀'),
            "a rare extension-B hanzi is left out"
        );
    }

    #[test]
    fn coverage_sets_and_adds_bits() {
        let mut coverage = CharCoverage::from_code_points(['a' as u32, '中' as u32]);
        assert!(coverage.contains('a') && coverage.contains('中'));
        assert!(!coverage.contains('b') && !coverage.contains('𠀀'));
        coverage.add(&CharCoverage::from_code_points([0x20000]));
        assert!(coverage.contains('𠀀'));
    }
}
