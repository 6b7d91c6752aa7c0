//! The catalog as data: data/projects.json, data/projects.csv, data/projects.xlsx (made by
//! [`super::xlsx`]), the projects page's data/search-index.js, and, when the site has a
//! base_url, sitemap.xml and feed.xml.

use std::borrow::Cow;

use crate::render::escape_markup;
use serde::Serialize;

use super::search::{INDEX_PATH, search_index_js};
use super::views::{Edition, ProjectCard};
use super::{RenderContext, RenderError, Sink};
use crate::catalog::{Catalog, Totals};
use crate::render::html::{Job, all_jobs};

/// One project in data/projects.json, with the fields SPEC names.
#[derive(Debug, Serialize)]
pub struct ProjectRecord<'a> {
    pub slug: &'a str,
    pub code: &'a str,
    pub title: &'a str,
    pub title_en: &'a str,
    pub chain: &'a str,
    pub chain_name: &'a str,
    pub county: &'a str,
    pub county_name: &'a str,
    pub investment_wan: f64,
    pub seeking_wan: Option<f64>,
    pub cooperation: &'a [&'a str],
    pub status: &'static str,
    pub status_name: &'static str,
    pub segment: &'a str,
    pub location: &'a str,
    pub land: &'a str,
    pub tags: &'a [String],
    pub featured: bool,
    pub updated: &'a str,
    pub summary: &'a str,
    pub url: &'a str,
}

impl<'a> From<&'a ProjectCard<'a>> for ProjectRecord<'a> {
    fn from(card: &'a ProjectCard<'a>) -> Self {
        ProjectRecord {
            slug: card.slug,
            code: card.code,
            title: card.title,
            title_en: card.title_en,
            chain: card.chain.id,
            chain_name: card.chain.name,
            county: card.county.id,
            county_name: card.county.name,
            investment_wan: card.investment.wan,
            seeking_wan: card.seeking.as_ref().map(|s| s.wan),
            cooperation: &card.cooperation,
            status: card.status.id,
            status_name: card.status.name,
            segment: card.segment,
            location: card.location,
            land: card.land,
            tags: card.tags,
            featured: card.featured,
            updated: card.updated,
            summary: card.summary,
            url: &card.url,
        }
    }
}

#[derive(Serialize)]
struct CatalogRecord<'a> {
    title: &'a str,
    title_en: &'a str,
    region: &'a str,
    publisher: &'a str,
    base_url: Option<&'a str>,
    projects: usize,
    investment_wan: f64,
    seeking_wan: f64,
    chains: Vec<GroupRecord<'a>>,
    counties: Vec<GroupRecord<'a>>,
}

#[derive(Serialize)]
struct GroupRecord<'a> {
    id: &'a str,
    name: &'a str,
    projects: usize,
    investment_wan: f64,
}

impl<'a> GroupRecord<'a> {
    fn new(id: &'a str, name: &'a str, totals: Totals) -> Self {
        GroupRecord {
            id,
            name,
            projects: totals.projects,
            investment_wan: totals.investment.wan(),
        }
    }
}

#[derive(Serialize)]
struct DataFile<'a> {
    catalog: CatalogRecord<'a>,
    projects: Vec<ProjectRecord<'a>>,
}

/// Writes every data file; returns how many.
pub fn render_data(ctx: &RenderContext<'_>, sink: &dyn Sink) -> Result<usize, RenderError> {
    let catalog = ctx.catalog;
    sink.write("data/projects.json", &projects_json(catalog, ctx.cards)?)?;
    sink.write("data/projects.csv", &projects_csv(ctx.cards)?)?;
    sink.write(INDEX_PATH, &search_index_js(ctx.cards)?)?;
    sink.write(
        "data/projects.xlsx",
        &super::xlsx::projects_xlsx(catalog, ctx.cards)?,
    )?;
    let mut count = 4;
    if let Some(base_url) = &catalog.config.base_url {
        sink.write("sitemap.xml", sitemap(catalog, base_url).as_bytes())?;
        sink.write("feed.xml", feed(catalog, ctx.cards, base_url).as_bytes())?;
        count += 2;
    }
    Ok(count)
}

pub fn projects_json(catalog: &Catalog, cards: &[ProjectCard<'_>]) -> Result<Vec<u8>, RenderError> {
    let config = &catalog.config;
    let file = DataFile {
        catalog: CatalogRecord {
            title: &config.title,
            title_en: &config.title_en,
            region: &config.region,
            publisher: &config.publisher.org,
            base_url: config.base_url.as_deref(),
            projects: catalog.totals.projects,
            investment_wan: catalog.totals.investment.wan(),
            seeking_wan: catalog.totals.seeking.wan(),
            chains: catalog
                .chains
                .iter()
                .map(|c| GroupRecord::new(&c.chain.id, &c.chain.name, c.totals))
                .collect(),
            counties: catalog
                .counties
                .iter()
                .map(|c| GroupRecord::new(&c.county.id, &c.county.name, c.totals))
                .collect(),
        },
        projects: cards.iter().map(ProjectRecord::from).collect(),
    };
    serde_json::to_vec_pretty(&file).map_err(|err| RenderError::Data(err.to_string()))
}

/// The CSV header: the column names `import` understands, so export → import round-trips.
pub const CSV_HEADER: [&str; 21] = [
    "slug",
    "项目编号",
    "项目名称",
    "产业链",
    "县区",
    "总投资（万元）",
    "拟引资额（万元）",
    "合作方式",
    "项目状态",
    "产业链环节",
    "建设地点",
    "用地面积",
    "标签",
    "重点推介",
    "更新日期",
    "项目简介",
    "英文名称",
    "联系单位",
    "联系人",
    "联系电话",
    "电子邮箱",
];

/// data/projects.csv: UTF-8 with a BOM so that Excel reads the Chinese right.
pub fn projects_csv(cards: &[ProjectCard<'_>]) -> Result<Vec<u8>, RenderError> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        let to_error = |err: csv::Error| RenderError::Data(format!("cannot write the CSV: {err}"));
        writer.write_record(CSV_HEADER).map_err(to_error)?;
        for card in cards {
            let record = csv_record(card);
            let cells = record
                .iter()
                .map(|cell| guarded_csv_cell(cell).into_owned());
            writer.write_record(cells).map_err(to_error)?;
        }
        writer
            .flush()
            .map_err(|err| RenderError::Data(err.to_string()))?;
    }
    Ok(bytes)
}

/// The first characters that make Excel or WPS read a CSV cell as a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell as Excel and WPS show it: as text, never as a formula. A cell that starts with a
/// formula character gets a leading `'` (OWASP's advice for CSV injection), and so does a cell
/// that starts with `'` itself, so that [`unguarded_csv_cell`] reads every cell back exactly.
/// Plain numbers such as `-5` or `12.5` stay numbers.
pub fn guarded_csv_cell(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'');
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell [`guarded_csv_cell`] was given: the leading `'` it adds is taken off again.
pub fn unguarded_csv_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// `-5`, `12.5`: a number Excel reads as a number, not a formula.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// One project's row under [`CSV_HEADER`], as text (amounts in 万元).
pub fn csv_record(card: &ProjectCard<'_>) -> [String; 21] {
    [
        card.slug.to_owned(),
        card.code.to_owned(),
        card.title.to_owned(),
        card.chain.name.to_owned(),
        card.county.name.to_owned(),
        wan_text(card.investment.wan),
        card.seeking
            .as_ref()
            .map(|s| wan_text(s.wan))
            .unwrap_or_default(),
        card.cooperation.join("、"),
        card.status.name.to_owned(),
        card.segment.to_owned(),
        card.location.to_owned(),
        card.land.to_owned(),
        card.tags.join("、"),
        if card.featured { "是" } else { "" }.to_owned(),
        card.updated.to_owned(),
        card.summary.to_owned(),
        card.title_en.to_owned(),
        card.contact.org.clone(),
        card.contact.person.clone(),
        card.contact.phone.clone(),
        card.contact.email.clone(),
    ]
}

fn wan_text(wan: f64) -> String {
    let text = format!("{wan:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Page paths to sitemap URLs: `a/index.html` becomes `a/`.
fn absolute_url(base_url: &str, path: &str) -> String {
    let pretty = path.strip_suffix("index.html").unwrap_or(path);
    format!("{base_url}{pretty}")
}

fn sitemap(catalog: &Catalog, base_url: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let editions = Edition::all(&catalog.config);
    for job in all_jobs(catalog) {
        let Some(path) = page_path(catalog, job) else {
            continue;
        };
        let updated = match job {
            Job::Project(index) => catalog.project(index).project.updated.as_deref(),
            _ => None,
        };
        for edition in &editions {
            let path = format!("{}{path}", edition.prefix());
            xml.push_str("  <url><loc>");
            xml.push_str(&escape_markup(&absolute_url(base_url, &path)));
            xml.push_str("</loc>");
            if let Some(updated) = updated {
                xml.push_str(&format!("<lastmod>{updated}</lastmod>"));
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

fn page_path(catalog: &Catalog, job: Job) -> Option<String> {
    Some(match job {
        Job::Home => "index.html".into(),
        Job::ProjectList => "projects/index.html".into(),
        Job::Project(p) => super::views::project_url(&catalog.project(p).project.slug),
        Job::ChainList => "chains/index.html".into(),
        Job::Chain(c) => format!("chains/{}/index.html", catalog.chain(c).chain.id),
        Job::CountyList => "counties/index.html".into(),
        Job::County(c) => format!("counties/{}/index.html", catalog.county(c).county.id),
        Job::Matrix => "matrix/index.html".into(),
        Job::Page(p) => format!("pages/{}/index.html", catalog.pages[p].slug),
        Job::NotFound => return None,
    })
}

/// An Atom feed of the projects, newest first.
fn feed(catalog: &Catalog, cards: &[ProjectCard<'_>], base_url: &str) -> String {
    let mut recent: Vec<&ProjectCard<'_>> = cards.iter().collect();
    recent.sort_by(|a, b| b.updated.cmp(a.updated).then(a.slug.cmp(b.slug)));
    let newest = recent.first().map_or("2000-01-01", |c| c.updated);
    let newest = if newest.is_empty() {
        "2000-01-01"
    } else {
        newest
    };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <updated>{newest}T00:00:00Z</updated>\n",
        escape_markup(&catalog.config.title),
        escape_markup(base_url),
        escape_markup(base_url),
    );
    for card in recent.iter().take(50) {
        let url = absolute_url(base_url, &card.url);
        let updated = if card.updated.is_empty() {
            newest
        } else {
            card.updated
        };
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{updated}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_markup(card.title),
            escape_markup(&url),
            escape_markup(&url),
            escape_markup(card.summary),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wan_numbers_are_written_without_float_noise() {
        assert_eq!(wan_text(150000.0), "150000");
        assert_eq!(wan_text(123.45), "123.45");
    }

    #[test]
    fn formula_cells_are_written_as_text_and_read_back_exactly() {
        let cases = [
            (
                "=HYPERLINK(\"http://a.cn\",\"点击\")",
                "'=HYPERLINK(\"http://a.cn\",\"点击\")",
            ),
            ("+1", "'+1"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("'", "''"),
            ("'引号", "''引号"),
            ("-5", "-5"),
            ("-12.5", "-12.5"),
            ("150000", "150000"),
            ("引线框架项目", "引线框架项目"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (cell, written) in cases {
            assert_eq!(guarded_csv_cell(cell), written, "{cell:?}");
            assert_eq!(unguarded_csv_cell(written), cell, "{written:?}");
        }
        assert_eq!(unguarded_csv_cell("'hello"), "'hello");
    }

    #[test]
    fn sitemap_urls_are_pretty() {
        assert_eq!(
            absolute_url("https://a.cn/c/", "projects/x/index.html"),
            "https://a.cn/c/projects/x/"
        );
        assert_eq!(escape_markup("a&b<"), "a&amp;b&lt;");
    }
}
