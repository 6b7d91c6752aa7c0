//! The projects page's filter index, data/search-index.js: a script that sets
//! `window.BROCHURE_INDEX`, loaded with `<script src>` so that it works from `file://`
//! where fetching JSON is not allowed.

use serde::Serialize;

use super::RenderError;
use super::views::ProjectCard;

/// Where the index is written, from the site root.
pub const INDEX_PATH: &str = "data/search-index.js";

/// What the filters need of one project; ids are those of data/projects.json.
#[derive(Debug, Serialize)]
struct IndexEntry<'a> {
    slug: &'a str,
    chain: &'a str,
    county: &'a str,
    status: &'static str,
    cooperation: &'a [&'a str],
    investment_wan: f64,
    updated: &'a str,
    title: &'a str,
    /// Title, summary, tags, location and code, lower-cased, for substring search.
    text: String,
}

impl<'a> From<&'a ProjectCard<'a>> for IndexEntry<'a> {
    fn from(card: &'a ProjectCard<'a>) -> Self {
        let fields = [
            card.title,
            card.title_en,
            card.summary,
            card.summary_en,
            &card.tags.join(" "),
            card.location,
            card.code,
        ];
        IndexEntry {
            slug: card.slug,
            chain: card.chain.id,
            county: card.county.id,
            status: card.status.id,
            cooperation: &card.cooperation,
            investment_wan: card.investment.wan,
            updated: card.updated,
            title: card.title,
            text: fields.join("\n").to_lowercase(),
        }
    }
}

/// The index script for these projects, in catalog order.
pub fn search_index_js(cards: &[ProjectCard<'_>]) -> Result<Vec<u8>, RenderError> {
    let entries: Vec<IndexEntry<'_>> = cards.iter().map(IndexEntry::from).collect();
    let json = serde_json::to_string(&entries).map_err(|err| RenderError::Data(err.to_string()))?;
    Ok(format!("window.BROCHURE_INDEX = {json};\n").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::Amount;
    use crate::content::{Contact, Status};
    use crate::render::views::{AmountView, Lang, Link, StatusView};

    fn link(id: &'static str) -> Link<'static> {
        Link {
            id,
            name: id,
            name_en: "",
            url: String::new(),
        }
    }

    #[test]
    fn the_index_is_a_script_with_searchable_text() {
        let tags = vec!["补链项目".to_owned()];
        let contact = Contact::default();
        let card = ProjectCard {
            slug: "lead-frame",
            code: "TS-2024-002",
            title: "引线框架项目",
            title_en: "Lead Frame Project",
            url: String::new(),
            chain: link("ic"),
            county: link("maiji"),
            segment: "",
            investment: AmountView::new(Amount::parse("8亿元").unwrap(), Lang::Zh),
            seeking: None,
            status: StatusView::new(Status::Negotiating, Lang::Zh),
            cooperation: vec!["合资"],
            location: "二十里铺工业园",
            land: "",
            tags: &tags,
            featured: false,
            updated: "2024-05-09",
            summary: "就近配套封测企业",
            summary_en: "",
            contact: &contact,
        };
        let script = String::from_utf8(search_index_js(&[card]).unwrap()).unwrap();
        let json = script
            .strip_prefix("window.BROCHURE_INDEX = ")
            .and_then(|s| s.strip_suffix(";\n"))
            .expect("one assignment");
        let entries: serde_json::Value = serde_json::from_str(json).unwrap();
        let entry = &entries[0];
        assert_eq!(entry["slug"], "lead-frame");
        assert_eq!(entry["chain"], "ic");
        assert_eq!(entry["cooperation"][0], "合资");
        assert_eq!(entry["status"], "negotiating");
        assert_eq!(entry["investment_wan"], 80000.0);
        let text = entry["text"].as_str().unwrap();
        for part in [
            "引线框架项目",
            "补链项目",
            "二十里铺",
            "ts-2024-002",
            "就近配套",
            "lead frame project",
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
    }
}
