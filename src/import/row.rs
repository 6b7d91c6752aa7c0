//! One sheet row as the Markdown file an editor would have written: the frontmatter in the
//! canonical English keys, long text columns as body sections, and for every line the cell it
//! came from, so that problems found in the file can be reported at the cell. `--update`
//! merges the row into an existing file, keeping its hand-written body and its other fields.

use std::collections::BTreeSet;

use crate::content::fields::canonical;
use crate::content::{CONTACT_FIELDS, PROJECT_FIELDS, frontmatter};

use super::columns::{Column, Header, SECTIONS, Target};
use super::table::Table;

/// Where a line of a generated file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The row as a whole (the `---` fences).
    Row,
    /// A cell of the row, by column.
    Cell(usize),
    /// A line of the existing file kept by `--update`, by its line number there.
    File(usize),
}

/// A generated project file, line by line.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub lines: Vec<(String, Origin)>,
}

impl Document {
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (line, _) in &self.lines {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// Where line `line` (1-based) of [`Document::text`] came from.
    pub fn origin(&self, line: usize) -> Origin {
        line.checked_sub(1)
            .and_then(|index| self.lines.get(index))
            .map_or(Origin::Row, |(_, origin)| *origin)
    }

    fn push(&mut self, line: impl Into<String>, origin: Origin) {
        self.lines.push((line.into(), origin));
    }
}

/// Fields written even when their cell is empty, so that the parser reports them missing at
/// their own line, which maps back to the empty cell.
const REQUIRED: [&str; 4] = ["title", "chain", "county", "investment"];

/// The values of one row (non-empty ones, and the required fields), sorted by what they are.
#[derive(Debug, Clone, Default)]
pub struct RowValues {
    /// Project fields in the order of [`PROJECT_FIELDS`]: key, text, column.
    pub fields: Vec<(&'static str, String, usize)>,
    pub contact: Vec<(&'static str, String, usize)>,
    pub sections: Vec<(&'static str, String, usize)>,
    pub slug: Option<(String, usize)>,
}

impl RowValues {
    /// Whether the row has no value at all.
    pub fn is_empty(&self) -> bool {
        self.fields.iter().all(|(_, text, _)| text.is_empty())
            && self.contact.is_empty()
            && self.sections.is_empty()
    }

    /// The non-empty text of a field.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, text, _)| *k == key && !text.is_empty())
            .map(|(_, text, _)| text.as_str())
    }
}

/// Reads the cells of `row` under the header's columns.
pub fn row_values(table: &Table, header: &Header, row: usize) -> RowValues {
    let mut values = RowValues::default();
    let cell = |column: &Column| table.cell(row, column.index).trim().to_owned();
    for (key, _) in PROJECT_FIELDS {
        if let Some(column) = header.column(Target::Field(key)) {
            let text = with_unit(key, column, &one_line(&cell(column)));
            if !text.is_empty() || REQUIRED.contains(key) {
                values.fields.push((key, text, column.index));
            }
        }
    }
    for (key, _) in CONTACT_FIELDS {
        if let Some(column) = header.column(Target::Contact(key)) {
            let text = one_line(&cell(column));
            if !text.is_empty() {
                values.contact.push((key, text, column.index));
            }
        }
    }
    for (heading, _) in SECTIONS {
        if let Some(column) = header.column(Target::Section(heading)) {
            let text = cell(column);
            if !text.is_empty() {
                values.sections.push((heading, text, column.index));
            }
        }
    }
    values.slug = header
        .column(Target::Slug)
        .map(|column| (cell(column), column.index))
        .filter(|(slug, _)| !slug.is_empty());
    values
}

/// The canonical keys whose values the sheet gives (whether or not a row's cell is empty):
/// `--update` replaces exactly these in an existing file.
pub fn provided_keys(header: &Header) -> BTreeSet<&'static str> {
    header
        .columns
        .iter()
        .filter_map(|column| match column.target {
            Target::Field(key) => Some(key),
            Target::Contact(_) => Some("contact"),
            _ => None,
        })
        .collect()
}

/// Line breaks inside a cell become spaces for one-line fields.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A bare number in a column whose header carries a unit gets that unit: `15` under
/// `总投资（亿元）` is `15亿元`; `200` under `用地面积（亩）` is `200亩`.
fn with_unit(key: &str, column: &Column, text: &str) -> String {
    let Some(unit) = &column.unit else {
        return text.to_owned();
    };
    let bare = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && text.chars().any(|c| c.is_ascii_digit());
    if !bare {
        return text.to_owned();
    }
    match (key, unit.as_str()) {
        ("investment" | "seeking", "万" | "万元") => format!("{text}万元"),
        ("investment" | "seeking", "亿" | "亿元") => format!("{text}亿元"),
        ("investment" | "seeking", "元") => format!("{text}元"),
        ("land", unit) => format!("{text}{unit}"),
        _ => text.to_owned(),
    }
}

/// A YAML scalar for `text`, quoted only where YAML needs it.
fn yaml_scalar(text: &str) -> String {
    let value = serde_yaml::Value::String(text.to_owned());
    serde_yaml::to_string(&value)
        .map(|yaml| yaml.trim_end().to_owned())
        .unwrap_or_else(|_| format!("{text:?}"))
}

fn push_fields(document: &mut Document, values: &RowValues) {
    for (key, text, column) in &values.fields {
        document.push(
            format!("{key}: {}", yaml_scalar(text)),
            Origin::Cell(*column),
        );
    }
    if let Some((_, _, first)) = values.contact.first() {
        document.push("contact:", Origin::Cell(*first));
        for (key, text, column) in &values.contact {
            document.push(
                format!("  {key}: {}", yaml_scalar(text)),
                Origin::Cell(*column),
            );
        }
    }
}

/// A new project file: the row's fields, then its long texts as sections.
pub fn new_document(values: &RowValues) -> Document {
    let mut document = Document::default();
    document.push("---", Origin::Row);
    push_fields(&mut document, values);
    document.push("---", Origin::Row);
    push_sections(&mut document, values);
    document
}

fn push_sections(document: &mut Document, values: &RowValues) {
    for (heading, text, column) in &values.sections {
        document.push("", Origin::Cell(*column));
        document.push(format!("## {heading}"), Origin::Cell(*column));
        document.push("", Origin::Cell(*column));
        for line in text.lines() {
            document.push(line.trim_end(), Origin::Cell(*column));
        }
    }
}

/// The existing file with the sheet's fields in place of its own and everything else (other
/// fields, comments, the body) kept; a file without body text gets the sheet's sections.
/// `None` when the file has no readable frontmatter.
pub fn merged_document(
    values: &RowValues,
    provided: &BTreeSet<&'static str>,
    existing: &str,
) -> Option<Document> {
    let (yaml, body, body_line) = frontmatter::split(existing).ok()?;
    let mut document = Document::default();
    document.push("---", Origin::Row);
    push_fields(&mut document, values);
    for (line, number) in kept_lines(yaml, provided) {
        document.push(line, Origin::File(number));
    }
    document.push("---", Origin::File(body_line - 1));
    if body.trim().is_empty() {
        push_sections(&mut document, values);
    }
    for (offset, line) in body.lines().enumerate() {
        document.push(line, Origin::File(body_line + offset));
    }
    Some(document)
}

/// The frontmatter lines (with their file line numbers, from 2) of the top-level keys that the
/// sheet does not provide; comments go with the key below them.
fn kept_lines<'a>(yaml: &'a str, provided: &BTreeSet<&'static str>) -> Vec<(&'a str, usize)> {
    let mut kept = Vec::new();
    let mut pending = Vec::new();
    let mut keeping = true;
    for (line, number) in yaml.lines().zip(2..) {
        let starts_key = !line.starts_with([' ', '\t', '#', '-']) && line.contains(':');
        if starts_key {
            let key = line.split(':').next().unwrap_or_default();
            let key = key.trim().trim_matches(['"', '\'']);
            keeping = canonical(key, PROJECT_FIELDS).is_none_or(|k| !provided.contains(k));
            if keeping {
                kept.append(&mut pending);
            } else {
                pending.clear();
            }
        }
        let loose = line.trim().is_empty() || line.starts_with('#');
        if starts_key || !loose {
            if keeping {
                kept.push((line, number));
            }
        } else {
            pending.push((line, number));
        }
    }
    kept.append(&mut pending);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::columns::find_header;

    fn sheet() -> Table {
        let rows: &[&[&str]] = &[
            &[
                "项目名称",
                "产业链",
                "县区",
                "总投资（亿元）",
                "联系人",
                "建设内容",
            ],
            &[
                "电子材料项目",
                "ic",
                "maiji",
                "1.5",
                "王先生",
                "建设厂房\n两栋",
            ],
        ];
        Table {
            sheet: None,
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn a_row_becomes_frontmatter_and_sections_with_cell_origins() {
        let table = sheet();
        let header = find_header(&table).unwrap();
        let document = new_document(&row_values(&table, &header, 1));
        assert_eq!(
            document.text(),
            "---\ntitle: 电子材料项目\nchain: ic\ncounty: maiji\ninvestment: 1.5亿元\ncontact:\n  person: 王先生\n---\n\n## 建设内容及规模\n\n建设厂房\n两栋\n"
        );
        assert_eq!(document.origin(5), Origin::Cell(3));
        assert_eq!(document.origin(1), Origin::Row);
        assert_eq!(document.origin(12), Origin::Cell(5));
    }

    #[test]
    fn update_replaces_sheet_fields_and_keeps_the_rest() {
        let table = sheet();
        let header = find_header(&table).unwrap();
        let values = row_values(&table, &header, 1);
        let existing = "---\ntitle: 旧名称\n# 手写的备注\nfeatured: true\ninvestment: 1亿元\ncontact:\n  phone: '1'\n---\n\n## 项目概况\n\n手写正文。\n";
        let merged = merged_document(&values, &provided_keys(&header), existing).unwrap();
        let text = merged.text();
        assert!(text.contains("title: 电子材料项目\n"), "{text}");
        assert!(!text.contains("旧名称") && !text.contains("1亿元") && !text.contains("phone"));
        assert!(text.contains("# 手写的备注\nfeatured: true\n---\n\n## 项目概况\n\n手写正文。\n"));
        assert_eq!(merged.origin(merged.lines.len()), Origin::File(12));
    }

    #[test]
    fn update_fills_an_empty_body_from_the_sheet() {
        let table = sheet();
        let header = find_header(&table).unwrap();
        let values = row_values(&table, &header, 1);
        let merged = merged_document(&values, &provided_keys(&header), "---\ntitle: x\n---\n");
        let text = merged.unwrap().text();
        assert!(
            text.ends_with("---\n\n## 建设内容及规模\n\n建设厂房\n两栋\n"),
            "{text}"
        );
    }

    #[test]
    fn values_that_need_quotes_get_them() {
        assert_eq!(yaml_scalar("0938-1234567"), "0938-1234567");
        assert_eq!(yaml_scalar("2024"), "'2024'");
        assert_eq!(yaml_scalar("a: b"), "'a: b'");
        assert_eq!(yaml_scalar("是"), "是");
    }
}
