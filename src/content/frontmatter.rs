//! Splitting a Markdown file into its YAML frontmatter and body, and parsing the YAML with
//! messages an editor can act on: line numbers of the file (not of the block), tabs and
//! full-width colons（：）named as such. Works on text only; reading files is elsewhere.

use std::collections::HashMap;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::diagnostics::Diagnostic;

/// A file's frontmatter as a YAML mapping, with the file line of every key, and its body.
#[derive(Debug, Clone)]
pub struct Frontmatter<'a> {
    pub fields: Mapping,
    /// Top-level keys as `key`, nested ones as `parent.key`, to their 1-based line in the file.
    pub key_lines: HashMap<String, usize>,
    /// The line of the opening `---`.
    pub start_line: usize,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
}

impl Frontmatter<'_> {
    /// The line of a key, or of the frontmatter's opening line when the key is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(self.start_line)
    }
}

/// Parses `text` (already decoded, `\n` line endings). Problems that still let the fields be
/// read (a tab, a full-width colon) are reported and repaired so that the rest is checked too.
pub fn parse<'a>(path: &Path, text: &'a str) -> (Option<Frontmatter<'a>>, Vec<Diagnostic>) {
    match split(text) {
        Ok((yaml, body, body_line)) => {
            let (fields, problems) = parse_yaml(path, yaml, 2);
            let frontmatter = fields.map(|(fields, key_lines)| Frontmatter {
                fields,
                key_lines,
                start_line: 1,
                body,
                body_line,
            });
            (frontmatter, problems)
        }
        Err(problem) => (None, vec![problem.into_diagnostic(path)]),
    }
}

/// Parses a whole YAML file such as catalog.yaml, as a frontmatter with an empty body.
pub fn parse_file<'a>(path: &Path, yaml: &'a str) -> (Option<Frontmatter<'a>>, Vec<Diagnostic>) {
    let (fields, problems) = parse_yaml(path, yaml, 1);
    let frontmatter = fields.map(|(fields, key_lines)| Frontmatter {
        fields,
        key_lines,
        start_line: 1,
        body: "",
        body_line: 1,
    });
    (frontmatter, problems)
}

type KeyLines = HashMap<String, usize>;

/// Parses YAML whose first line is line `first_line` of the file.
fn parse_yaml(
    path: &Path,
    yaml: &str,
    first_line: usize,
) -> (Option<(Mapping, KeyLines)>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let repaired = repair_lines(path, yaml, first_line, &mut problems);
    let fields = match serde_yaml::from_str::<Value>(&repaired) {
        Ok(Value::Mapping(map)) => map,
        Ok(Value::Null) => Mapping::new(),
        Ok(_) => {
            problems.push(
                Diagnostic::error(path, first_line, "this is not a list of 'key: value' lines")
                    .with_hint("write one field a line, e.g. 'title: 项目名称'"),
            );
            return (None, problems);
        }
        Err(err) => {
            problems.push(yaml_error(path, &err));
            return (None, problems);
        }
    };
    (Some((fields, key_lines(&repaired))), problems)
}

/// A problem with the `---` fences.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    Missing,
    Unclosed,
}

impl SplitError {
    fn into_diagnostic(self, path: &Path) -> Diagnostic {
        match self {
            SplitError::Missing => Diagnostic::error(path, 1, "the file has no frontmatter")
                .with_hint("start the file with a line '---', then the fields such as 'title: …', then another line '---'"),
            SplitError::Unclosed => Diagnostic::error(path, 1, "the frontmatter opened here is never closed")
                .with_hint("add a line '---' after the last field, before the Markdown text"),
        }
    }
}

/// Returns the YAML text, the body and the body's first line number.
pub fn split(text: &str) -> Result<(&str, &str, usize), SplitError> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line_number, line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            let body_start = offset + line.len();
            return Ok((
                &text[yaml_start..offset],
                &text[body_start..],
                line_number + 1,
            ));
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

/// The YAML with tabs and full-width colons repaired, padded with empty lines in front so that
/// YAML's line numbers are the file's.
fn repair_lines(
    path: &Path,
    yaml: &str,
    first_line: usize,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let mut repaired = String::with_capacity(yaml.len() + 16);
    repaired.push_str(&"\n".repeat(first_line - 1));
    let mut block_indent: Option<usize> = None;
    for (index, line) in yaml.lines().enumerate() {
        let line_number = index + first_line;
        let indent = line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len();
        if let Some(block) = block_indent {
            if line.trim().is_empty() || indent > block {
                repaired.push_str(line);
                repaired.push('\n');
                continue;
            }
            block_indent = None;
        }
        let mut fixed = line.to_owned();
        if let Some(tab) = line[..indent].find('\t') {
            problems.push(
                Diagnostic::error(path, line_number, "a tab is used for indentation")
                    .at_column(tab + 1)
                    .with_hint("YAML indents with spaces only: replace the tab with two spaces"),
            );
        }
        if line[..indent].contains('\u{3000}') {
            problems.push(
                Diagnostic::error(path, line_number, "a full-width space '　' is used for indentation")
                    .at_column(1)
                    .with_hint("YAML indents with ordinary spaces: replace each '　' with two spaces (switch the input method to half-width)"),
            );
        }
        if line[..indent].contains(['\t', '\u{3000}']) {
            let lead = line[..indent].replace(['\t', '\u{3000}'], "  ");
            fixed = format!("{lead}{}", &line[indent..]);
        }
        if let Some((key, column)) = full_width_colon_key(&fixed) {
            problems.push(
                Diagnostic::error(
                    path,
                    line_number,
                    format!("a full-width colon '：' follows the key '{key}'"),
                )
                .at_column(column)
                .with_hint(format!(
                    "YAML needs an ASCII colon and a space: write '{key}: …' instead of '{key}：…'"
                )),
            );
            fixed = fixed.replacen('：', ": ", 1);
        }
        if opens_block_scalar(&fixed) {
            block_indent = Some(indent);
        }
        repaired.push_str(&fixed);
        repaired.push('\n');
    }
    repaired
}

/// `key：value` written where `key: value` was meant: the key and the colon's column.
fn full_width_colon_key(line: &str) -> Option<(String, usize)> {
    let content = line.trim_start();
    let content = content.strip_prefix("- ").unwrap_or(content);
    if content.starts_with('#') {
        return None;
    }
    let colon = content.find('：')?;
    let key = &content[..colon];
    let plausible_key = !key.is_empty()
        && key.chars().count() <= 24
        && !key.contains([':', ' ', '"', '\'', '[', '{', ',', '，']);
    if !plausible_key {
        return None;
    }
    let column = line[..line.len() - content.len() + colon].chars().count() + 1;
    Some((key.to_owned(), column))
}

fn opens_block_scalar(line: &str) -> bool {
    let value = line.split_once(": ").map(|(_, v)| v.trim()).unwrap_or("");
    matches!(value, "|" | ">" | "|-" | ">-" | "|+" | ">+")
}

/// File lines of top-level keys (`key`) and of their direct children (`parent.key`).
fn key_lines(repaired: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let mut parent: Option<String> = None;
    for (index, line) in repaired.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') || content.starts_with('-') {
            continue;
        }
        let Some((key, _)) = content.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['"', '\'']).to_owned();
        if indent == 0 {
            lines.entry(key.clone()).or_insert(index + 1);
            parent = Some(key);
        } else if let Some(parent) = &parent {
            lines.entry(format!("{parent}.{key}")).or_insert(index + 1);
        }
    }
    lines
}

fn yaml_error(path: &Path, err: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = err.location().map_or((1, 0), |at| (at.line(), at.column()));
    let mut message = err.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    // serde_yaml's guards against alias bombs and deep nesting.
    let too_big = message.contains("repetition limit") || message.contains("recursion limit");
    let hint = if too_big {
        "YAML 别名（&名称 / *名称）展开过多或嵌套过深；项目文件不需要别名，请删除它们 (the YAML \
         aliases (&name / *name) expand too much or nest too deep; project files need none: \
         remove them)"
    } else {
        "check this line and the one above: every field is 'key: value' with a space after \
         the colon, nested fields are indented with spaces, and a value that contains ': ' \
         or starts with [ { * & ! # or a quote must be put in quotes"
    };
    Diagnostic::error(path, line, format!("YAML syntax error: {message}"))
        .at_column(column)
        .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Frontmatter<'_> {
        let (fm, problems) = parse(Path::new("t.md"), text);
        assert!(problems.is_empty(), "{problems:?}");
        fm.unwrap()
    }

    #[test]
    fn splits_fields_and_body_with_lines() {
        let fm = parse_ok("---\ntitle: 项目\ncontact:\n  phone: '1'\n---\n\nBody\n");
        assert_eq!(fm.body, "\nBody\n");
        assert_eq!(fm.body_line, 6);
        assert_eq!(fm.line_of("title"), 2);
        assert_eq!(fm.line_of("contact.phone"), 4);
        assert_eq!(fm.fields.len(), 2);
    }

    #[test]
    fn missing_and_unclosed_frontmatter() {
        assert_eq!(split("title: x\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
        let (_, problems) = parse(Path::new("t.md"), "---\ntitle: x\n");
        assert!(problems[0].message.contains("never closed"));
        assert!(split("---\n---\n").is_ok());
    }

    #[test]
    fn yaml_errors_carry_file_lines() {
        let (fm, problems) = parse(
            Path::new("t.md"),
            "---\ntitle: a\nchain: [x\ncounty: b\n---\n",
        );
        assert!(fm.is_none());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].line >= 3, "{:?}", problems[0]);
        assert!(problems[0].message.starts_with("YAML syntax error"));
    }

    #[test]
    fn tab_indentation_is_named_and_repaired() {
        let (fm, problems) = parse(Path::new("t.md"), "---\ncontact:\n\tphone: '1'\n---\n");
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (3, 1));
        assert!(problems[0].message.contains("tab"));
        assert!(fm.is_some());
    }

    #[test]
    fn full_width_colon_is_named_and_repaired() {
        let (fm, problems) = parse(
            Path::new("t.md"),
            "---\ntitle: 甲\n总投资：15亿元\nsummary: 注：无\n---\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 3);
        assert!(problems[0].message.contains("'总投资'"));
        let fm = fm.unwrap();
        assert_eq!(
            fm.fields.get("总投资").and_then(Value::as_str),
            Some("15亿元")
        );
        assert_eq!(
            fm.fields.get("summary").and_then(Value::as_str),
            Some("注：无")
        );
    }

    #[test]
    fn full_width_space_indentation_is_named_and_repaired() {
        let (fm, problems) = parse(
            Path::new("t.md"),
            "---\ncontact:\n\u{3000}phone: '1'\n---\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 3);
        assert!(problems[0].message.contains("full-width space"));
        assert!(fm.unwrap().key_lines.contains_key("contact.phone"));
    }

    #[test]
    fn block_scalars_are_not_scanned_for_colons() {
        let fm = parse_ok("---\nsummary: |\n  说明：第一行\n  第二行\ntitle: x\n---\n");
        assert_eq!(fm.line_of("title"), 5);
    }
}
