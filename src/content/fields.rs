//! Reading typed fields out of a frontmatter mapping: key aliases (English or Chinese),
//! unknown keys with "did you mean", and one reader per value type that reports bad values
//! with the key's line instead of failing.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::amount::{ACCEPTED_FORMS, Amount};
use crate::diagnostics::{Diagnostic, closest};

use super::frontmatter::Frontmatter;

/// A field: its canonical key and the other spellings that mean the same.
pub type Field = (&'static str, &'static [&'static str]);

/// The key under which custom fields go; it is allowed in every kind of file.
pub const EXTRA_KEY: &str = "extra";

/// The fields of one frontmatter, looked up by canonical key.
pub struct Fields<'a> {
    path: &'a Path,
    prefix: String,
    start_line: usize,
    key_lines: &'a HashMap<String, usize>,
    values: HashMap<&'static str, (&'a Value, usize)>,
    extra: Option<&'a Value>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Sorts the frontmatter's keys into the schema, reporting unknown and doubled keys.
    pub fn new(path: &'a Path, frontmatter: &'a Frontmatter<'_>, schema: &[Field]) -> Self {
        let mut fields = Fields {
            path,
            prefix: String::new(),
            start_line: frontmatter.start_line,
            key_lines: &frontmatter.key_lines,
            values: HashMap::new(),
            extra: None,
            problems: Vec::new(),
        };
        fields.sort_keys(&frontmatter.fields, schema, true);
        fields
    }

    /// The fields of a nested mapping such as `contact:`; its problems go to `self`.
    pub fn nested(&mut self, key: &'static str, schema: &[Field]) -> Option<Fields<'a>> {
        let (value, line) = *self.values.get(key)?;
        let Some(map) = value.as_mapping() else {
            self.error(
                key,
                format!("'{key}' must be a group of fields, not a single value"),
                format!("write '{key}:' alone on its line and its fields below it, indented by two spaces"),
            );
            return None;
        };
        let mut nested = Fields {
            path: self.path,
            prefix: format!("{key}."),
            start_line: line,
            key_lines: self.key_lines,
            values: HashMap::new(),
            extra: None,
            problems: Vec::new(),
        };
        nested.sort_keys(map, schema, false);
        Some(nested)
    }

    /// Hands the nested reader's problems back to its parent.
    pub fn absorb(&mut self, nested: Fields<'_>) {
        self.problems.extend(nested.problems);
    }

    fn sort_keys(&mut self, map: &'a Mapping, schema: &[Field], allow_extra: bool) {
        for (key, value) in map {
            let Some(key_text) = scalar_text(key) else {
                continue;
            };
            let key_text = key_text.trim().to_owned();
            let line = self.raw_line(&key_text);
            if allow_extra && key_text == EXTRA_KEY {
                self.extra = Some(value);
                continue;
            }
            match canonical(&key_text, schema) {
                Some(canonical_key) => {
                    if self.values.insert(canonical_key, (value, line)).is_some() {
                        self.problems.push(
                            Diagnostic::error(
                                self.path,
                                line,
                                format!("the field '{canonical_key}' is given twice"),
                            )
                            .with_hint("keep one of the spellings (English or Chinese) and delete the other"),
                        );
                    }
                }
                None => self.unknown_key(&key_text, line, schema, allow_extra),
            }
        }
    }

    fn unknown_key(&mut self, key: &str, line: usize, schema: &[Field], allow_extra: bool) {
        let names = schema
            .iter()
            .flat_map(|(key, aliases)| std::iter::once(*key).chain(aliases.iter().copied()));
        let close = closest(key, names);
        let mut hint = match close.first() {
            Some(best) => format!("did you mean '{best}'?"),
            None => {
                let known: Vec<&str> = schema.iter().map(|(key, _)| *key).collect();
                format!("known fields: {}", known.join(", "))
            }
        };
        if allow_extra {
            hint.push_str(" Custom fields go under 'extra:'.");
        }
        self.problems.push(
            Diagnostic::error(self.path, line, format!("unknown field '{key}'")).with_hint(hint),
        );
    }

    fn raw_line(&self, key: &str) -> usize {
        let full = format!("{}{key}", self.prefix);
        self.key_lines
            .get(&full)
            .copied()
            .unwrap_or(self.start_line)
    }

    /// The file line of a field, or of the frontmatter start when it is absent.
    pub fn line(&self, key: &str) -> usize {
        self.values
            .get(key)
            .map_or(self.start_line, |(_, line)| *line)
    }

    pub fn has(&self, key: &str) -> bool {
        self.values.get(key).is_some_and(|(v, _)| !v.is_null())
    }

    pub fn error(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let line = self.line(key);
        self.problems
            .push(Diagnostic::error(self.path, line, message).with_hint(hint));
    }

    pub fn warning(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let line = self.line(key);
        self.problems
            .push(Diagnostic::warning(self.path, line, message).with_hint(hint));
    }

    fn value(&self, key: &str) -> Option<&'a Value> {
        self.values
            .get(key)
            .map(|(value, _)| *value)
            .filter(|v| !v.is_null())
    }

    /// A text field; numbers and booleans are taken as their text.
    pub fn text(&mut self, key: &'static str) -> Option<String> {
        let value = self.value(key)?;
        match scalar_text(value) {
            Some(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            Some(_) => None,
            None => {
                self.error(
                    key,
                    format!("'{key}' must be a single text value"),
                    format!("write it on one line: '{key}: …'"),
                );
                None
            }
        }
    }

    /// A text field that must be present and not empty.
    pub fn required_text(&mut self, key: &'static str, alias: &str) -> Option<String> {
        let text = self.text(key);
        let wrong_type = self.value(key).is_some_and(|v| scalar_text(v).is_none());
        if text.is_none() && !wrong_type {
            self.missing(key, alias);
        }
        text
    }

    /// Reports a required field as missing: at its line when written empty, else at the start.
    pub fn missing(&mut self, key: &str, alias: &str) {
        let line = self.line(key);
        let hint = if self.values.contains_key(key) {
            format!("fill in the {alias} ({key}); it may not be empty")
        } else {
            format!("add a line '{key}: …' between the two '---' lines")
        };
        self.problems.push(
            Diagnostic::error(
                self.path,
                line,
                format!("the required field '{key}' ({alias}) is missing or empty"),
            )
            .with_hint(hint),
        );
    }

    /// A list, written as a YAML list or as one string split on 、 ， , ; ；/.
    pub fn list(&mut self, key: &'static str) -> Vec<String> {
        let Some(value) = self.value(key) else {
            return Vec::new();
        };
        match value {
            Value::Sequence(items) => {
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    match scalar_text(item) {
                        Some(text) if !text.trim().is_empty() => list.push(text.trim().to_owned()),
                        Some(_) => {}
                        None => {
                            self.error(
                                key,
                                format!("'{key}' must be a list of text values"),
                                format!("write '{key}: [甲, 乙]' or one item a line as '  - 甲'"),
                            );
                            return Vec::new();
                        }
                    }
                }
                list
            }
            other => match scalar_text(other) {
                Some(text) => split_list(&text),
                None => {
                    self.error(
                        key,
                        format!("'{key}' must be a list"),
                        format!("write '{key}: [甲, 乙]'"),
                    );
                    Vec::new()
                }
            },
        }
    }

    /// A yes/no field: true/false, yes/no, 是/否.
    pub fn flag(&mut self, key: &'static str) -> bool {
        let Some(value) = self.value(key) else {
            return false;
        };
        if let Some(flag) = value.as_bool() {
            return flag;
        }
        match scalar_text(value).as_deref().map(str::trim) {
            Some("是" | "yes" | "Yes" | "true" | "1") => true,
            Some("否" | "no" | "No" | "false" | "0") => false,
            _ => {
                self.error(
                    key,
                    format!("'{key}' must be true or false"),
                    format!("write '{key}: true' or '{key}: false' (是/否 also work)"),
                );
                false
            }
        }
    }

    /// A whole number such as an `order`.
    pub fn integer(&mut self, key: &'static str) -> Option<i64> {
        let value = self.value(key)?;
        if let Some(number) = value.as_i64() {
            return Some(number);
        }
        let parsed = scalar_text(value).and_then(|t| t.trim().parse().ok());
        if parsed.is_none() {
            self.error(
                key,
                format!("'{key}' must be a whole number"),
                format!("write e.g. '{key}: 3'"),
            );
        }
        parsed
    }

    /// An amount of money (bare numbers mean 万元).
    pub fn amount(&mut self, key: &'static str) -> Option<Amount> {
        let value = self.value(key)?;
        let text = scalar_text(value).unwrap_or_default();
        match Amount::parse(&text) {
            Ok(amount) => Some(amount),
            Err(err) => {
                self.error(key, format!("'{key}': {err}"), ACCEPTED_FORMS);
                None
            }
        }
    }

    /// A calendar date `YYYY-MM-DD` that exists.
    pub fn date(&mut self, key: &'static str) -> Option<String> {
        let text = self.text(key)?;
        match check_date(&text) {
            Ok(date) => Some(date),
            Err(reason) => {
                self.error(
                    key,
                    format!("'{key}': '{text}' is not a real date ({reason})"),
                    "write the date as YYYY-MM-DD, e.g. 2024-06-30",
                );
                None
            }
        }
    }

    /// The `extra:` map of custom fields, as JSON values for templates.
    pub fn extra(&mut self) -> BTreeMap<String, serde_json::Value> {
        let Some(value) = self.extra else {
            return BTreeMap::new();
        };
        let Some(map) = value.as_mapping() else {
            let line = self.raw_line(EXTRA_KEY);
            self.problems.push(
                Diagnostic::error(self.path, line, "'extra' must be a group of custom fields")
                    .with_hint(
                        "write 'extra:' alone on its line and the custom fields below it, indented",
                    ),
            );
            return BTreeMap::new();
        };
        map.iter()
            .filter_map(|(k, v)| {
                let key = scalar_text(k)?;
                let json = serde_json::to_value(v).ok()?;
                Some((key, json))
            })
            .collect()
    }
}

/// The canonical key that `key` (English or Chinese, any case) stands for in `schema`.
pub fn canonical(key: &str, schema: &[Field]) -> Option<&'static str> {
    schema.iter().find_map(|(canonical, aliases)| {
        let matches = canonical.eq_ignore_ascii_case(key)
            || aliases.iter().any(|alias| alias.eq_ignore_ascii_case(key));
        matches.then_some(*canonical)
    })
}

/// A scalar's text: strings as they are, numbers and booleans written out.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        _ => None,
    }
}

/// Splits `独资、合资，合作` and the like into items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', ';', '；', '/', '／'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Validates `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY.MM.DD`) and returns it as `YYYY-MM-DD`.
pub fn check_date(text: &str) -> Result<String, &'static str> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let [year, month, day] = parts[..] else {
        return Err("expected year, month and day");
    };
    let parse = |part: &str| part.parse::<u32>().map_err(|_| "not a number");
    let (year, month, day) = (parse(year)?, parse(month)?, parse(day)?);
    if !(1900..=2200).contains(&year) {
        return Err("the year is out of range");
    }
    if !(1..=12).contains(&month) {
        return Err("there is no such month");
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err("the month has no such day");
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter;

    const SCHEMA: &[Field] = &[
        ("title", &["项目名称"]),
        ("tags", &["标签"]),
        ("contact", &["联系方式"]),
    ];

    fn with_fields<R>(text: &str, f: impl FnOnce(&mut Fields<'_>) -> R) -> (R, Vec<Diagnostic>) {
        let path = Path::new("t.md");
        let (fm, problems) = frontmatter::parse(path, text);
        assert!(problems.is_empty(), "{problems:?}");
        let fm = fm.unwrap();
        let mut fields = Fields::new(path, &fm, SCHEMA);
        let result = f(&mut fields);
        (result, fields.problems)
    }

    #[test]
    fn chinese_keys_are_aliases() {
        let (title, problems) = with_fields("---\n项目名称: 甲\n---\n", |f| f.text("title"));
        assert_eq!(title.as_deref(), Some("甲"));
        assert!(problems.is_empty());
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let (_, problems) = with_fields("---\ntitel: 甲\n---\n", |_| ());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
        assert!(problems[0].hint.as_ref().unwrap().contains("'title'"));
    }

    #[test]
    fn same_field_twice_is_an_error() {
        let (_, problems) = with_fields("---\ntitle: a\n项目名称: b\n---\n", |_| ());
        assert!(problems[0].message.contains("twice"));
    }

    #[test]
    fn lists_from_yaml_or_text() {
        let (tags, _) = with_fields("---\ntags: 独资、合资， PPP\n---\n", |f| {
            f.list("tags")
        });
        assert_eq!(tags, ["独资", "合资", "PPP"]);
        let (tags, _) = with_fields("---\ntags: [a, 2]\n---\n", |f| f.list("tags"));
        assert_eq!(tags, ["a", "2"]);
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(check_date("2024-02-29"), Ok("2024-02-29".into()));
        assert_eq!(check_date("2024/6/3"), Ok("2024-06-03".into()));
        assert!(check_date("2023-02-29").is_err());
        assert!(check_date("2024-13-01").is_err());
        assert!(check_date("2024-04-31").is_err());
        assert!(check_date("yesterday").is_err());
    }
}
