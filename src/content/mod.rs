//! The content folder: reading files ([`load`]), and parsing each kind of file from its text
//! alone (projects, chains, counties, free pages), so parsing is tested without a disk.
//! References between files (a project's chain and county) are resolved by `catalog`.

pub mod fields;
pub mod frontmatter;
pub mod load;
pub mod markdown;
pub mod source;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::amount::Amount;
use crate::diagnostics::Diagnostic;
use fields::{Field, Fields};
use markdown::{Markdown, MarkdownOptions};

pub use load::{Content, load, load_with};

/// A value written in a file, with the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

/// Where a project stands with investors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 储备: looking for an investor.
    #[default]
    Reserve,
    /// 在谈: under negotiation.
    Negotiating,
    /// 已签约: signed.
    Signed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Reserve, Status::Negotiating, Status::Signed];

    /// The id used in data files, URLs and filters.
    pub fn id(self) -> &'static str {
        match self {
            Status::Reserve => "reserve",
            Status::Negotiating => "negotiating",
            Status::Signed => "signed",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Status::Reserve => "储备",
            Status::Negotiating => "在谈",
            Status::Signed => "已签约",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Status::Reserve => "Seeking investors",
            Status::Negotiating => "Under negotiation",
            Status::Signed => "Signed",
        }
    }

    /// Reads 储备/在谈/已签约, their English names or ids.
    pub fn parse(text: &str) -> Option<Status> {
        let text = text.trim();
        Status::ALL.into_iter().find(|status| {
            text == status.name_zh()
                || text.eq_ignore_ascii_case(status.id())
                || text.eq_ignore_ascii_case(status.name_en())
                || (*status == Status::Signed && text == "签约")
                || (*status == Status::Negotiating && text == "洽谈")
        })
    }
}

/// Whom an investor calls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub org: String,
    pub person: String,
    pub phone: String,
    pub email: String,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.org.is_empty()
            && self.person.is_empty()
            && self.phone.is_empty()
            && self.email.is_empty()
    }
}

pub const PROJECT_FIELDS: &[Field] = &[
    ("title", &["项目名称", "名称"]),
    ("title_en", &["英文名称"]),
    ("chain", &["产业链", "所属产业链"]),
    (
        "county",
        &["县区", "所在县区", "所属县区", "区县", "所在地区"],
    ),
    ("investment", &["总投资", "总投资额", "投资额"]),
    ("seeking", &["拟引资", "拟引资额", "拟引资金额", "引资额"]),
    ("cooperation", &["合作方式"]),
    ("status", &["项目状态", "状态"]),
    ("segment", &["产业链环节", "环节"]),
    ("location", &["建设地点", "项目地点"]),
    ("land", &["用地面积", "占地面积"]),
    ("contact", &["联系方式"]),
    ("tags", &["标签"]),
    ("code", &["项目编号", "编号"]),
    ("featured", &["重点推介"]),
    ("updated", &["更新日期"]),
    ("summary", &["项目简介", "简介"]),
    ("summary_en", &["英文简介"]),
    ("images", &["图片"]),
    ("draft", &["草稿"]),
];

pub const CONTACT_FIELDS: &[Field] = &[
    ("org", &["联系单位", "单位"]),
    ("person", &["联系人"]),
    ("phone", &["联系电话", "电话"]),
    ("email", &["电子邮箱", "邮箱"]),
];

/// One project seeking investors, as its file says; `chain`, `county` and `segment` are still
/// the text written there.
#[derive(Debug, Clone)]
pub struct Project {
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    pub title_en: String,
    pub chain: Located<String>,
    pub county: Located<String>,
    pub investment: Located<Amount>,
    pub seeking: Option<Located<Amount>>,
    pub cooperation: Vec<String>,
    pub status: Status,
    pub segment: Option<Located<String>>,
    pub location: String,
    pub land: String,
    pub contact: Contact,
    pub tags: Vec<String>,
    pub code: Option<Located<String>>,
    pub featured: bool,
    pub updated: Option<String>,
    pub summary: String,
    pub summary_en: String,
    pub images: Vec<String>,
    pub draft: bool,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub body: Markdown,
}

impl Project {
    /// Parses a project file's text. `source` is the path shown in messages, `slug` the file
    /// name without `.md`. Returns the project when its required fields could be read, and
    /// every problem found either way.
    pub fn parse(
        source: &Path,
        slug: &str,
        text: &str,
        options: MarkdownOptions,
    ) -> (Option<Project>, Vec<Diagnostic>) {
        let (project, mut problems) =
            parse_file(source, text, PROJECT_FIELDS, options, |fields, body| {
                read_project(source, slug, fields, body)
            });
        check_slug(source, slug, &mut problems);
        (project, problems)
    }
}

/// Reads every project field, then makes the project if the required ones are there.
fn read_project(
    source: &Path,
    slug: &str,
    fields: &mut Fields<'_>,
    body: Markdown,
) -> Option<Project> {
    let title = fields.required_text("title", "项目名称");
    let chain = located_text(fields, "chain", "产业链");
    let county = located_text(fields, "county", "县区");
    let investment = located_amount(fields, "investment");
    if investment.is_none() && !fields.has("investment") {
        fields.missing("investment", "总投资");
    }
    let seeking = located_amount(fields, "seeking");
    let status = read_status(fields);
    let contact = read_contact(fields);
    let summary = fields
        .text("summary")
        .unwrap_or_else(|| body.first_paragraph.clone());
    let title_en = fields.text("title_en").unwrap_or_default();
    let cooperation = fields.list("cooperation");
    let segment = optional_located(fields, "segment");
    let location = fields.text("location").unwrap_or_default();
    let land = fields.text("land").unwrap_or_default();
    let tags = fields.list("tags");
    let code = optional_located(fields, "code");
    let featured = fields.flag("featured");
    let updated = fields.date("updated");
    let summary_en = fields.text("summary_en").unwrap_or_default();
    let images = fields.list("images");
    let draft = fields.flag("draft");
    let extra = fields.extra();
    let (Some(title), Some(chain), Some(county), Some(investment)) =
        (title, chain, county, investment)
    else {
        return None;
    };
    Some(Project {
        slug: slug.to_owned(),
        source: source.to_owned(),
        title,
        title_en,
        chain,
        county,
        investment,
        seeking,
        cooperation,
        status,
        segment,
        location,
        land,
        contact,
        tags,
        code,
        featured,
        updated,
        summary,
        summary_en,
        images,
        draft,
        extra,
        body,
    })
}

/// What every content file goes through: frontmatter, fields sorted by `schema`, the body
/// rendered once; `read` makes the item from them. Problems are collected either way.
fn parse_file<T>(
    source: &Path,
    text: &str,
    schema: &[Field],
    options: MarkdownOptions,
    read: impl FnOnce(&mut Fields<'_>, Markdown) -> Option<T>,
) -> (Option<T>, Vec<Diagnostic>) {
    let (frontmatter, mut problems) = frontmatter::parse(source, text);
    let Some(frontmatter) = frontmatter else {
        return (None, problems);
    };
    let mut fields = Fields::new(source, &frontmatter, schema);
    let mut body = markdown::render(frontmatter.body, options);
    body.shift_lines(frontmatter.body_line);
    let item = read(&mut fields, body);
    problems.append(&mut fields.problems);
    (item, problems)
}

/// Whether a file name is fit for a web address: ASCII letters, digits, `-` and `_` only;
/// anything else is fragile in links, archives and print shops' tools.
pub fn is_plain_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn check_slug(source: &Path, slug: &str, problems: &mut Vec<Diagnostic>) {
    if !is_plain_slug(slug) {
        problems.push(
            Diagnostic::warning(
                source,
                1,
                format!("the file name '{slug}' has characters other than letters, digits, '-' and '_'"),
            )
            .with_hint("the file name becomes the page's web address: rename it with Latin letters, digits and hyphens, e.g. maiji-ic-packaging.md"),
        );
    }
}

fn located_amount(fields: &mut Fields<'_>, key: &'static str) -> Option<Located<Amount>> {
    let value = fields.amount(key)?;
    Some(Located {
        value,
        line: fields.line(key),
    })
}

fn located_text(
    fields: &mut Fields<'_>,
    key: &'static str,
    alias: &str,
) -> Option<Located<String>> {
    let value = fields.required_text(key, alias)?;
    Some(Located {
        value,
        line: fields.line(key),
    })
}

fn optional_located(fields: &mut Fields<'_>, key: &'static str) -> Option<Located<String>> {
    let value = fields.text(key)?;
    Some(Located {
        value,
        line: fields.line(key),
    })
}

fn read_status(fields: &mut Fields<'_>) -> Status {
    let Some(text) = fields.text("status") else {
        return Status::default();
    };
    Status::parse(&text).unwrap_or_else(|| {
        fields.error(
            "status",
            format!("unknown project status '{text}'"),
            "write one of 储备, 在谈, 已签约",
        );
        Status::default()
    })
}

fn read_contact(fields: &mut Fields<'_>) -> Contact {
    let Some(mut nested) = fields.nested("contact", CONTACT_FIELDS) else {
        return Contact::default();
    };
    let mut text = |key| nested.text(key).unwrap_or_default();
    let contact = Contact {
        org: text("org"),
        person: text("person"),
        phone: text("phone"),
        email: text("email"),
    };
    if !contact.email.is_empty() && !contact.email.contains('@') {
        nested.error(
            "email",
            format!("'{}' is not an e-mail address", contact.email),
            "write it as name@example.gov.cn",
        );
    }
    fields.absorb(nested);
    contact
}

const CHAIN_FIELDS: &[Field] = &[
    ("name", &["名称", "产业链名称"]),
    ("name_en", &["英文名称"]),
    ("order", &["排序"]),
    ("segments", &["环节", "产业链环节"]),
    ("leaders", &["龙头企业"]),
    ("summary", &["简介"]),
    ("summary_en", &["英文简介"]),
];

/// One of the key industry chains (重点产业链).
#[derive(Debug, Clone)]
pub struct Chain {
    pub id: String,
    pub source: PathBuf,
    pub name: String,
    pub name_en: String,
    pub order: i64,
    pub segments: Vec<String>,
    pub leaders: Vec<String>,
    pub summary: String,
    /// For the English edition; empty when not given.
    pub summary_en: String,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub body: Markdown,
}

impl Chain {
    pub fn parse(
        source: &Path,
        id: &str,
        text: &str,
        options: MarkdownOptions,
    ) -> (Option<Chain>, Vec<Diagnostic>) {
        parse_file(source, text, CHAIN_FIELDS, options, |fields, body| {
            let name = fields.required_text("name", "名称");
            Some(Chain {
                id: id.to_owned(),
                source: source.to_owned(),
                name_en: fields.text("name_en").unwrap_or_default(),
                order: fields.integer("order").unwrap_or(i64::MAX),
                segments: fields.list("segments"),
                leaders: fields.list("leaders"),
                summary: fields
                    .text("summary")
                    .unwrap_or_else(|| body.first_paragraph.clone()),
                summary_en: fields.text("summary_en").unwrap_or_default(),
                extra: fields.extra(),
                body,
                name: name?,
            })
        })
    }
}

const COUNTY_FIELDS: &[Field] = &[
    ("name", &["名称", "县区名称"]),
    ("name_en", &["英文名称"]),
    ("order", &["排序"]),
    ("summary", &["简介"]),
    ("summary_en", &["英文简介"]),
];

/// A county, district or development zone (县区 / 开发区).
#[derive(Debug, Clone)]
pub struct County {
    pub id: String,
    pub source: PathBuf,
    pub name: String,
    pub name_en: String,
    pub order: i64,
    pub summary: String,
    /// For the English edition; empty when not given.
    pub summary_en: String,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub body: Markdown,
}

impl County {
    pub fn parse(
        source: &Path,
        id: &str,
        text: &str,
        options: MarkdownOptions,
    ) -> (Option<County>, Vec<Diagnostic>) {
        parse_file(source, text, COUNTY_FIELDS, options, |fields, body| {
            let name = fields.required_text("name", "名称");
            Some(County {
                id: id.to_owned(),
                source: source.to_owned(),
                name_en: fields.text("name_en").unwrap_or_default(),
                order: fields.integer("order").unwrap_or(i64::MAX),
                summary: fields
                    .text("summary")
                    .unwrap_or_else(|| body.first_paragraph.clone()),
                summary_en: fields.text("summary_en").unwrap_or_default(),
                extra: fields.extra(),
                body,
                name: name?,
            })
        })
    }
}

const PAGE_FIELDS: &[Field] = &[
    ("title", &["标题"]),
    ("title_en", &["英文标题"]),
    ("order", &["排序"]),
    ("draft", &["草稿"]),
];

/// A free page such as 投资环境 or 联系我们.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    pub title_en: String,
    pub order: i64,
    pub draft: bool,
    pub body: Markdown,
}

impl Page {
    pub fn parse(
        source: &Path,
        slug: &str,
        text: &str,
        options: MarkdownOptions,
    ) -> (Option<Page>, Vec<Diagnostic>) {
        parse_file(source, text, PAGE_FIELDS, options, |fields, body| {
            let title = fields.required_text("title", "标题");
            Some(Page {
                slug: slug.to_owned(),
                source: source.to_owned(),
                title_en: fields.text("title_en").unwrap_or_default(),
                order: fields.integer("order").unwrap_or(i64::MAX),
                draft: fields.flag("draft"),
                body,
                title: title?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Project>, Vec<Diagnostic>) {
        Project::parse(
            Path::new("content/projects/p.md"),
            "p",
            text,
            MarkdownOptions::default(),
        )
    }

    #[test]
    fn parses_a_project_written_with_chinese_keys() {
        let (project, problems) = parse(
            "---\n项目名称: 电子封装材料项目\n产业链: 集成电路封测\n县区: maiji\n总投资: 15亿元\n拟引资额: 8000万\n合作方式: 独资、合资\n项目状态: 在谈\n联系方式:\n  联系人: 王先生\n  联系电话: 0938-1234567\n更新日期: 2024-05-01\n---\n\n## 项目概况\n\n项目位于麦积区。\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let project = project.unwrap();
        assert_eq!(project.title, "电子封装材料项目");
        assert_eq!(project.chain.value, "集成电路封测");
        assert_eq!(project.chain.line, 3);
        assert_eq!(project.investment.value, Amount::from_wan(150_000));
        assert_eq!(project.seeking.unwrap().value, Amount::from_wan(8000));
        assert_eq!(project.cooperation, ["独资", "合资"]);
        assert_eq!(project.status, Status::Negotiating);
        assert_eq!(project.contact.phone, "0938-1234567");
        assert_eq!(project.summary, "项目位于麦积区。");
    }

    #[test]
    fn reports_every_missing_required_field() {
        let (project, problems) = parse("---\ntags: [a]\n---\n");
        assert!(project.is_none());
        let text: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        for key in ["title", "chain", "county", "investment"] {
            assert!(
                text.iter().any(|m| m.contains(&format!("'{key}'"))),
                "{key}: {text:?}"
            );
        }
    }

    #[test]
    fn a_required_field_written_empty_is_reported_at_its_line() {
        let (_, problems) = parse("---\ntitle: a\nchain:\ncounty: d\ninvestment: 1\n---\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 3);
        assert!(problems[0].hint.as_ref().unwrap().contains("fill in"));
    }

    #[test]
    fn bad_amount_status_and_date_each_reported() {
        let (_, problems) = parse(
            "---\ntitle: a\nchain: c\ncounty: d\ninvestment: 很多钱\nstatus: 已完成\nupdated: 2024-02-30\n---\n",
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [5, 6, 7], "{problems:?}");
        assert!(problems[0].hint.as_ref().unwrap().contains("亿元"));
    }

    #[test]
    fn warns_about_file_names_unfit_for_addresses() {
        let text = "---\ntitle: a\nchain: c\ncounty: d\ninvestment: 1亿元\n---\n";
        let (_, problems) = Project::parse(
            Path::new("p.md"),
            "麦积 项目",
            text,
            MarkdownOptions::default(),
        );
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].is_error());
        let (_, problems) = parse(text);
        assert!(problems.is_empty());
    }

    #[test]
    fn status_names() {
        assert_eq!(Status::parse("已签约"), Some(Status::Signed));
        assert_eq!(Status::parse("negotiating"), Some(Status::Negotiating));
        assert_eq!(Status::parse("完成"), None);
    }
}
