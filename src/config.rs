//! Site settings from `content/catalog.yaml`: title, region, publisher, base URL, theme,
//! languages, Markdown and print options.

use std::path::Path;

use serde::Serialize;

use crate::content::fields::{Field, Fields};
use crate::content::frontmatter;
use crate::content::markdown::MarkdownOptions;
use crate::diagnostics::Diagnostic;

const CATALOG_FIELDS: &[Field] = &[
    ("title", &["标题", "名称"]),
    ("title_en", &[]),
    ("region", &["地区"]),
    ("region_en", &[]),
    ("description", &["简介"]),
    ("description_en", &[]),
    ("base_url", &[]),
    ("theme", &["主题"]),
    ("languages", &["语言"]),
    ("publisher", &["发布单位"]),
    ("markdown", &[]),
    ("print", &["印刷"]),
    ("sample", &["示例数据"]),
];

const PUBLISHER_FIELDS: &[Field] = &[
    ("org", &["单位", "名称"]),
    ("org_en", &[]),
    ("address", &["地址"]),
    ("phone", &["电话", "联系电话"]),
    ("fax", &["传真"]),
    ("email", &["邮箱", "电子邮箱"]),
    ("website", &["网站", "网址"]),
];

const MARKDOWN_FIELDS: &[Field] = &[("unsafe_html", &[])];
const PRINT_FIELDS: &[Field] = &[("paper", &["纸张"]), ("pdf", &[])];

/// The publishing bureau, shown in every footer and on the print catalog's last page.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Publisher {
    pub org: String,
    pub org_en: String,
    pub address: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub website: String,
}

/// Paper size of the print catalog.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    A5,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PrintOptions {
    pub paper: Paper,
    /// Whether `build` writes catalog.pdf.
    pub pdf: bool,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            paper: Paper::A4,
            pdf: true,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub title_en: String,
    pub region: String,
    pub region_en: String,
    pub description: String,
    pub description_en: String,
    /// Absolute URL ending in `/`, when the site has one.
    pub base_url: Option<String>,
    pub theme: String,
    /// Edition languages; `zh` is always built at the site root, `en` adds `en/`.
    pub languages: Vec<String>,
    pub publisher: Publisher,
    #[serde(skip)]
    pub markdown: MarkdownOptions,
    pub print: PrintOptions,
    /// The catalog holds made-up sample data and says so on the home page.
    pub sample: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "招商引资项目册".into(),
            title_en: String::new(),
            region: String::new(),
            region_en: String::new(),
            description: String::new(),
            description_en: String::new(),
            base_url: None,
            theme: "default".into(),
            languages: vec!["zh".into()],
            publisher: Publisher::default(),
            markdown: MarkdownOptions::default(),
            print: PrintOptions::default(),
            sample: false,
        }
    }
}

impl Config {
    /// Whether the site has an English edition (`en` in `languages`).
    pub fn has_english(&self) -> bool {
        self.languages.iter().any(|code| code == "en")
    }

    /// Parses catalog.yaml's text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> (Config, Vec<Diagnostic>) {
        let (frontmatter, mut problems) = frontmatter::parse_file(path, text);
        let Some(frontmatter) = frontmatter else {
            return (Config::default(), problems);
        };
        let mut fields = Fields::new(path, &frontmatter, CATALOG_FIELDS);
        let defaults = Config::default();
        let mut config = Config {
            title: fields
                .required_text("title", "标题")
                .unwrap_or(defaults.title),
            title_en: fields.text("title_en").unwrap_or_default(),
            region: fields.text("region").unwrap_or_default(),
            region_en: fields.text("region_en").unwrap_or_default(),
            description: fields.text("description").unwrap_or_default(),
            description_en: fields.text("description_en").unwrap_or_default(),
            base_url: fields.text("base_url").map(|url| normalize_base_url(&url)),
            theme: fields.text("theme").unwrap_or(defaults.theme),
            languages: fields.list("languages"),
            publisher: Publisher::default(),
            markdown: MarkdownOptions::default(),
            print: PrintOptions::default(),
            sample: fields.flag("sample"),
        };
        if config.languages.is_empty() {
            config.languages = defaults.languages;
        }
        if let Some(unknown) = config
            .languages
            .iter()
            .find(|code| !["zh", "en"].contains(&code.as_str()))
        {
            fields.error(
                "languages",
                format!("unknown language '{unknown}'"),
                "brochure builds a Chinese edition (zh) and, when 'en' is listed, an English one under en/: write [zh] or [zh, en]",
            );
        }
        if let Some(url) = &config.base_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            fields.error(
                "base_url",
                format!("base_url '{url}' is not an absolute web address"),
                "write it as https://example.gov.cn/catalog/ or leave it out for relative links",
            );
        }
        read_sections(&mut fields, &mut config);
        problems.append(&mut fields.problems);
        (config, problems)
    }
}

fn read_sections(fields: &mut Fields<'_>, config: &mut Config) {
    if let Some(mut publisher) = fields.nested("publisher", PUBLISHER_FIELDS) {
        let mut text = |key| publisher.text(key).unwrap_or_default();
        config.publisher = Publisher {
            org: text("org"),
            org_en: text("org_en"),
            address: text("address"),
            phone: text("phone"),
            fax: text("fax"),
            email: text("email"),
            website: text("website"),
        };
        fields.absorb(publisher);
    }
    if let Some(mut markdown) = fields.nested("markdown", MARKDOWN_FIELDS) {
        config.markdown.unsafe_html = markdown.flag("unsafe_html");
        fields.absorb(markdown);
    }
    if let Some(mut print) = fields.nested("print", PRINT_FIELDS) {
        if print.has("pdf") {
            config.print.pdf = print.flag("pdf");
        }
        match print.text("paper").map(|p| p.to_lowercase()).as_deref() {
            None | Some("a4") => {}
            Some("a5") => config.print.paper = Paper::A5,
            Some(other) => print.error(
                "paper",
                format!("unknown paper size '{other}'"),
                "write 'paper: a4' or 'paper: a5'",
            ),
        }
        fields.absorb(print);
    }
}

fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_with_chinese_keys() {
        let text = "标题: 项目册\nregion: 天水市\nbase_url: https://a.cn/c\npublisher:\n  单位: 招商局\n  phone: 0938-1\nmarkdown: {unsafe_html: true}\nprint: {paper: A5, pdf: false}\n";
        let (config, problems) = Config::parse(Path::new("content/catalog.yaml"), text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.title, "项目册");
        assert_eq!(config.base_url.as_deref(), Some("https://a.cn/c/"));
        assert_eq!(config.publisher.org, "招商局");
        assert!(config.markdown.unsafe_html);
        assert_eq!(config.print.paper, Paper::A5);
        assert!(!config.print.pdf);
    }

    #[test]
    fn reports_unknown_keys_and_missing_title() {
        let (_, problems) = Config::parse(Path::new("catalog.yaml"), "titel: x\n");
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("unknown field 'titel'")));
        assert!(messages.iter().any(|m| m.contains("'title'")));
        assert_eq!(problems[0].line, 1);
    }
}
