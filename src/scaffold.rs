//! Starting points for editors: `brochure new` (a project file with every field present and a
//! one-line Chinese comment on each) and `brochure init` (a small site that builds at once,
//! optionally with a copy of the built-in theme to customise). Neither overwrites anything.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::content::load::LoadError;
use crate::content::{self, Status, is_plain_slug};
use crate::diagnostics::suggestion;
use crate::render::theme::built_in_theme;
use crate::render::xlsx::display_width;

/// Why nothing was created.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0} already exists; nothing was overwritten")]
    Exists(PathBuf),
    #[error(
        "'{0}' cannot be a project's file name: use Latin letters, digits and '-', e.g. maiji-ic-lead-frame"
    )]
    BadSlug(String),
    #[error("unknown {kind} '{wanted}': {hint}")]
    Unknown {
        kind: &'static str,
        wanted: String,
        hint: String,
    },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ScaffoldError {
    /// Every scaffolding failure is a usage or I/O problem.
    pub fn exit_code(&self) -> i32 {
        2
    }
}

/// Options of `brochure new`.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    pub slug: String,
    /// A chain's id or name.
    pub chain: Option<String>,
    /// A county's id or name.
    pub county: Option<String>,
}

/// Writes `content/projects/<slug>.md` into the site; returns its path.
pub fn new_project(site: &Path, options: &NewOptions) -> Result<PathBuf, ScaffoldError> {
    let slug = options.slug.trim();
    if !is_plain_slug(slug) {
        return Err(ScaffoldError::BadSlug(options.slug.clone()));
    }
    let (content, _) = content::load(site)?;
    if let Some(existing) = content.projects.iter().find(|p| p.slug == slug) {
        return Err(ScaffoldError::Exists(site.join(&existing.source)));
    }
    let (catalog, _) = Catalog::build(content);
    let text = skeleton(&catalog, options)?;
    let path = site.join("content/projects").join(format!("{slug}.md"));
    write_new(&path, text.as_bytes())?;
    Ok(path)
}

/// The chosen chain and county, checked against the catalog.
struct Choice<'a> {
    chain: Option<&'a crate::content::Chain>,
    county: Option<&'a crate::content::County>,
}

fn choose<'a>(catalog: &'a Catalog, options: &NewOptions) -> Result<Choice<'a>, ScaffoldError> {
    let chain = match &options.chain {
        Some(wanted) => {
            let index = catalog.find_chain(wanted).ok_or_else(|| {
                let names: Vec<&str> = catalog.chains.iter().map(|c| c.chain.id.as_str()).collect();
                unknown("chain", wanted, &names)
            })?;
            Some(&catalog.chain(index).chain)
        }
        None => None,
    };
    let county = match &options.county {
        Some(wanted) => {
            let index = catalog.find_county(wanted).ok_or_else(|| {
                let names: Vec<&str> = catalog
                    .counties
                    .iter()
                    .map(|c| c.county.id.as_str())
                    .collect();
                unknown("county", wanted, &names)
            })?;
            Some(&catalog.county(index).county)
        }
        None => None,
    };
    Ok(Choice { chain, county })
}

fn unknown(kind: &'static str, wanted: &str, names: &[&str]) -> ScaffoldError {
    let hint = if names.is_empty() {
        format!("the site has no {kind} yet")
    } else {
        suggestion(wanted, names)
    };
    ScaffoldError::Unknown {
        kind,
        wanted: wanted.to_owned(),
        hint,
    }
}

/// The skeleton's text: every field, a comment on each, and the conventional sections.
fn skeleton(catalog: &Catalog, options: &NewOptions) -> Result<String, ScaffoldError> {
    let choice = choose(catalog, options)?;
    let chain_note = match choice.chain {
        Some(chain) => format!("所属产业链（必填）：{}", chain.name),
        None => {
            let all = catalog.chains.iter().map(|c| (&c.chain.id, &c.chain.name));
            format!("所属产业链（必填），写 id 或名称：{}", choices(all))
        }
    };
    let county_note = match choice.county {
        Some(county) => format!("所在县区（必填）：{}", county.name),
        None => {
            let all = catalog
                .counties
                .iter()
                .map(|c| (&c.county.id, &c.county.name));
            format!("所在县区（必填），写 id 或名称：{}", choices(all))
        }
    };
    let segments = choice
        .chain
        .map(|chain| chain.segments.join("、"))
        .filter(|s| !s.is_empty())
        .map_or_else(
            || "所选产业链 segments 中的一项".to_owned(),
            |s| format!("可选 {s}"),
        );
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.name_zh()).collect();
    let lines: Vec<(String, String)> = vec![
        ("title: 请填写项目名称".into(), "项目名称（必填）".into()),
        ("title_en:".into(), "英文名称（可空），英文版使用".into()),
        (
            format!("chain: {}", choice.chain.map_or("", |c| c.id.as_str())),
            chain_note,
        ),
        (
            format!("county: {}", choice.county.map_or("", |c| c.id.as_str())),
            county_note,
        ),
        (
            "investment: 0".into(),
            "总投资（必填）：请改为实际金额，如 15亿元、8000万元；纯数字表示万元".into(),
        ),
        ("seeking:".into(), "拟引资额（可空），不应超过总投资".into()),
        (
            "cooperation:".into(),
            "合作方式（可空），如 独资、合资、合作、PPP".into(),
        ),
        (
            format!("status: {}", Status::default().name_zh()),
            format!("项目状态：{}", statuses.join("、")),
        ),
        ("segment:".into(), format!("产业链环节（可空），{segments}")),
        (
            "location:".into(),
            "建设地点（可空），如 麦积区某工业园".into(),
        ),
        ("land:".into(), "用地面积（可空），如 200亩".into()),
        ("contact:".into(), "联系方式，下面四项可空".into()),
        ("  org:".into(), "联系单位，如 某某区招商局".into()),
        ("  person:".into(), "联系人".into()),
        (
            "  phone:".into(),
            "联系电话，写在引号里，如 \"0938-1234567\"".into(),
        ),
        ("  email:".into(), "电子邮箱，如 name@example.gov.cn".into()),
        (
            "tags: []".into(),
            "标签（可空），如 [专精特新, 补链项目]".into(),
        ),
        ("code:".into(), "项目编号（可空），全册不得重复".into()),
        ("featured: false".into(), "重点推介：true 或 false".into()),
        (
            "updated:".into(),
            "更新日期（可空），格式 YYYY-MM-DD".into(),
        ),
        (
            "summary:".into(),
            "项目简介（可空），默认取正文第一段".into(),
        ),
        ("summary_en:".into(), "英文简介（可空）".into()),
        (
            "images: []".into(),
            "图片（可空），content/assets/ 下的路径".into(),
        ),
        ("draft: false".into(), "草稿：true 时不发布".into()),
    ];
    let width = lines
        .iter()
        .map(|(l, _)| display_width(l))
        .max()
        .unwrap_or(0)
        + 2;
    let mut text = String::from("---\n");
    for (line, comment) in &lines {
        let padding = " ".repeat(width - display_width(line));
        text.push_str(&format!("{line}{padding}# {comment}\n"));
    }
    text.push_str("---\n");
    text.push_str(SKELETON_BODY);
    Ok(text)
}

/// `id（名称）、id（名称）…`
fn choices<'a>(items: impl Iterator<Item = (&'a String, &'a String)>) -> String {
    let listed: Vec<String> = items.map(|(id, name)| format!("{id}（{name}）")).collect();
    listed.join("、")
}

const SKELETON_BODY: &str = "\n## 项目概况\n\n待填写：项目位置、背景与基础条件。\n\n## 建设内容及规模\n\n待填写：主要建设内容、规模和投资构成。\n\n## 市场前景\n\n待填写：市场需求与竞争情况。\n\n## 效益分析\n\n待填写：预期产值、利税和就业。\n\n## 前期工作\n\n待填写：立项、用地、环评等进展。\n";

/// Creates `path` (and its folders), refusing to replace an existing file.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists(path.to_owned()));
    }
    let io_error = |source| ScaffoldError::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_error)?;
    }
    std::fs::write(path, bytes).map_err(io_error)
}

/// The files of a new site, by path under its folder.
const SITE_FILES: &[(&str, &str)] = &[
    (
        "content/catalog.yaml",
        "# 项目册的基本设置；字段说明见 README\ntitle: 示例市重点产业链招商项目册\ntitle_en: Example City Key Industry Chain Investment Projects\nregion: 示例市\ndescription: 示例市重点产业链招商引资项目。\ntheme: default\nlanguages: [zh, en]\nsample: true   # 示例数据：换成真实内容后删去这一行\npublisher:\n  org: 示例市招商局\n  address: 示例市人民路1号\n  phone: \"0000-1234567\"\n  email: invest@example.gov.cn\n",
    ),
    (
        "content/chains/new-materials.md",
        "---\nname: 新材料\nname_en: New Materials\norder: 1\nsegments: [上游·原料, 中游·材料制造, 下游·应用]\nleaders: [示例新材料股份有限公司]\n---\n\n新材料产业链概况：现有基础、龙头企业和招商方向。\n",
    ),
    (
        "content/counties/example-district.md",
        "---\nname: 示例区\nname_en: Example District\norder: 1\n---\n\n示例区概况：区位、交通、产业基础和园区。\n",
    ),
    (
        "content/projects/example-district-carbon-fiber.md",
        "---\ntitle: 碳纤维复合材料制品项目\ntitle_en: Carbon Fibre Composite Products\nchain: new-materials\ncounty: example-district\ninvestment: 5亿元\nseeking: 3亿元\ncooperation: 合资、独资\nstatus: 储备\nsegment: 中游·材料制造\nlocation: 示例区工业园\nland: 100亩\ncontact:\n  org: 示例区招商局\n  person: 张先生\n  phone: \"0000-7654321\"\n  email: zs@example.gov.cn\ntags: [新材料, 补链项目]\ncode: EX-001\nupdated: 2025-01-01\n---\n\n## 项目概况\n\n项目位于示例区工业园，依托本地原料和园区配套，建设碳纤维复合材料制品生产线。\n\n## 建设内容及规模\n\n建设厂房及配套设施，年产复合材料制品 2000 吨。\n",
    ),
    (
        "content/pages/investment-environment.md",
        "---\ntitle: 投资环境\ntitle_en: Investment Environment\norder: 1\n---\n\n## 区位交通\n\n示例市的区位、交通和产业基础。\n\n## 联系我们\n\n示例市招商局，电话 0000-1234567。\n",
    ),
];

/// Creates a new site in `dir`; returns how many files were written.
pub fn init(dir: &Path, with_theme: bool) -> Result<usize, ScaffoldError> {
    let content = dir.join("content");
    if content.exists() {
        return Err(ScaffoldError::Exists(content));
    }
    let theme_dir = dir.join("themes/default");
    if with_theme && theme_dir.exists() {
        return Err(ScaffoldError::Exists(theme_dir));
    }
    let mut written = 0;
    for (path, text) in SITE_FILES {
        write_new(&dir.join(path), text.as_bytes())?;
        written += 1;
    }
    if with_theme {
        for (path, bytes) in built_in_theme() {
            write_new(&theme_dir.join(path), bytes)?;
            written += 1;
        }
    }
    Ok(written)
}
