//! Understanding a sheet's header row: finding it (even below a merged title row), and
//! mapping each column name, Chinese or English, to a project field through the same alias
//! tables the frontmatter uses, with a unit in the name (`总投资（万元）`) kept for the column.

use crate::content::fields::canonical;
use crate::content::{CONTACT_FIELDS, PROJECT_FIELDS};

use super::table::Table;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A project field, by its canonical key.
    Field(&'static str),
    /// A field of `contact:`, by its canonical key.
    Contact(&'static str),
    /// A body section, by its heading.
    Section(&'static str),
    /// The file name of the project.
    Slug,
    /// A column the import knows and leaves out (序号).
    Skip,
}

/// One understood column of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    pub header: String,
    pub target: Target,
    /// The unit written in the header, e.g. `万元` in `总投资（万元）`.
    pub unit: Option<String>,
}

/// The header row and its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub row: usize,
    pub columns: Vec<Column>,
    /// Non-empty header cells that name nothing the import knows: (column, text).
    pub unknown: Vec<(usize, String)>,
}

impl Header {
    /// How many columns hold something the import reads.
    fn known(&self) -> usize {
        self.columns
            .iter()
            .filter(|c| c.target != Target::Skip)
            .count()
    }

    /// The column holding `target`, if the sheet has one.
    pub fn column(&self, target: Target) -> Option<&Column> {
        self.columns.iter().find(|c| c.target == target)
    }
}

/// Body sections as columns may name them: the heading written, then other names.
pub const SECTIONS: &[(&str, &[&str])] = &[
    ("项目概况", &["项目概况", "项目背景", "项目基本情况"]),
    (
        "建设内容及规模",
        &["建设内容及规模", "建设内容", "建设规模", "主要建设内容"],
    ),
    ("市场前景", &["市场前景", "市场分析", "市场前景分析"]),
    (
        "效益分析",
        &["效益分析", "经济效益", "预期效益", "经济社会效益"],
    ),
    ("前期工作", &["前期工作", "前期工作进展", "项目进展"]),
    ("合作条件", &["合作条件", "招商条件", "配套条件"]),
];

/// Column names that only a sheet uses.
const SHEET_ONLY: &[(&str, Target)] = &[
    ("slug", Target::Slug),
    ("文件名", Target::Slug),
    ("序号", Target::Skip),
    ("no", Target::Skip),
    ("联系方式", Target::Contact("phone")),
];

/// How many rows from the top may hold titles and notes before the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// The first row, among the top ones, that names the title column and at least one other
/// known column; it is the one naming the most columns when several do.
pub fn find_header(table: &Table) -> Option<Header> {
    let mut best: Option<Header> = None;
    for row in 0..table.rows.len().min(HEADER_SEARCH_ROWS) {
        let header = read_header(table, row);
        let has_title = header.column(Target::Field("title")).is_some();
        let known = header.known();
        let better = best.as_ref().is_none_or(|b| known > b.known());
        if has_title && known >= 2 && better {
            best = Some(header);
        }
    }
    best
}

fn read_header(table: &Table, row: usize) -> Header {
    let mut columns: Vec<Column> = Vec::new();
    let mut unknown = Vec::new();
    for (index, text) in table.rows[row].iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let (name, unit) = split_unit(text);
        match target_of(&name) {
            Some(target) if columns.iter().all(|c| c.target != target) => columns.push(Column {
                index,
                header: text.trim().to_owned(),
                target,
                unit,
            }),
            _ => unknown.push((index, text.trim().to_owned())),
        }
    }
    Header {
        row,
        columns,
        unknown,
    }
}

/// What a column name (without its unit) stands for.
pub fn target_of(name: &str) -> Option<Target> {
    if let Some((_, target)) = SHEET_ONLY
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        return Some(*target);
    }
    if let Some(key) = canonical(name, PROJECT_FIELDS).filter(|&key| key != "contact") {
        return Some(Target::Field(key));
    }
    if let Some(key) = canonical(name, CONTACT_FIELDS) {
        return Some(Target::Contact(key));
    }
    let contact_key = name
        .strip_prefix("contact_")
        .or_else(|| name.strip_prefix("contact."));
    if let Some(key) = contact_key.and_then(|k| canonical(k, CONTACT_FIELDS)) {
        return Some(Target::Contact(key));
    }
    SECTIONS
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(heading, _)| Target::Section(heading))
}

/// `总投资（万元）` → (`总投资`, `万元`); spaces, line breaks and a leading `*` (required mark)
/// or trailing colon are dropped.
pub fn split_unit(header: &str) -> (String, Option<String>) {
    let compact: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.trim_start_matches(['*', '＊']);
    let compact = compact.trim_end_matches([':', '：']);
    let Some(open) = compact.find(['（', '(']) else {
        return (compact.to_owned(), None);
    };
    let name = compact[..open].to_owned();
    let rest = &compact[open..];
    let inner = rest
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let unit = (!inner.is_empty()).then(|| inner.to_owned());
    (name, unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::data::CSV_HEADER;

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            sheet: Some("项目清单".into()),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn header_found_below_a_title_row() {
        let t = table(&[
            &["2024年重点产业链招商项目清单", "", ""],
            &["", "", ""],
            &["序号", "项目名称", "所属产业链", "总投资（亿元）", "备注"],
        ]);
        let header = find_header(&t).unwrap();
        assert_eq!(header.row, 2);
        assert_eq!(header.columns[0].target, Target::Skip);
        assert_eq!(header.columns[2].target, Target::Field("chain"));
        let amount = header.column(Target::Field("investment")).unwrap();
        assert_eq!((amount.index, amount.unit.as_deref()), (3, Some("亿元")));
        assert_eq!(header.unknown, [(4, "备注".to_owned())]);
    }

    #[test]
    fn no_header_without_a_title_column() {
        assert!(find_header(&table(&[&["a", "b"], &["总投资", "县区"]])).is_none());
    }

    #[test]
    fn units_and_marks_are_split_off() {
        assert_eq!(
            split_unit("总投资(万元)"),
            ("总投资".into(), Some("万元".into()))
        );
        assert_eq!(split_unit("*项目名称"), ("项目名称".into(), None));
        assert_eq!(
            split_unit("用地面积\n（亩）"),
            ("用地面积".into(), Some("亩".into()))
        );
    }

    #[test]
    fn english_chinese_and_section_names() {
        assert_eq!(target_of("Title"), Some(Target::Field("title")));
        assert_eq!(target_of("所在县区"), Some(Target::Field("county")));
        assert_eq!(target_of("联系人"), Some(Target::Contact("person")));
        assert_eq!(
            target_of("建设内容"),
            Some(Target::Section("建设内容及规模"))
        );
        assert_eq!(target_of("备注"), None);
    }

    #[test]
    fn every_exported_csv_column_is_understood() {
        for header in CSV_HEADER {
            let (name, _) = split_unit(header);
            assert!(target_of(&name).is_some(), "{header}");
        }
    }
}
