//! `brochure import`: a bureau's spreadsheet (.xlsx, .xls, .ods, .csv) into project files.
//! Every row becomes the Markdown an editor would have written ([`row`]), is parsed and
//! cross-checked exactly like a hand-written file (`Project::parse`, then `Catalog::build`
//! with the site's other content), and its problems are reported at the cell they came from.
//! Nothing is written unless every row is valid.

pub mod columns;
pub mod row;
pub mod table;

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::content::load::{LoadError, read_text};
use crate::content::{self, Content, Project, is_plain_slug};
use crate::diagnostics::{Diagnostic, Severity, display_path};
use columns::{Header, Target, find_header};
use row::{Document, Origin, RowValues, merged_document, new_document, provided_keys, row_values};
use table::{Table, TableError, column_name, read_tables};

/// Options of `brochure import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The spreadsheet.
    pub file: PathBuf,
    /// The sheet to read; by default the first one with a header row.
    pub sheet: Option<String>,
    /// Replace the sheet's fields in existing files (keeping their body).
    pub update: bool,
    /// Check and count, but write nothing.
    pub dry_run: bool,
}

/// What happened to one row's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    /// The file exists and differs, and `--update` was not given.
    Skipped,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Each row's file (relative to the site) and what happened to it, in sheet order.
    pub files: Vec<(PathBuf, Outcome)>,
    pub warnings: Vec<SheetProblem>,
    pub dry_run: bool,
}

impl ImportReport {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.files.iter().filter(|(_, o)| *o == outcome).count()
    }
}

/// A problem of the sheet, at a cell, a row, or a line of an existing file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    pub severity: Severity,
    /// `projects.xlsx: 项目清单!C11`, `projects.csv: row 4` or `content/projects/a.md:12`.
    pub place: String,
    pub message: String,
    pub hint: Option<String>,
    /// (row, column) for sorting.
    order: (usize, usize),
}

impl SheetProblem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.place, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(
        "{0}: no header row found: none of the first rows names the columns 项目名称 (title) and at least one of 产业链, 县区, 总投资 …"
    )]
    NoHeader(String),
    #[error("the sheet has errors; nothing was written")]
    Rows(Vec<SheetProblem>),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ImportError {
    /// Problems in the sheet are the editor's to fix (exit 1); the rest are usage or I/O (2).
    pub fn exit_code(&self) -> i32 {
        match self {
            ImportError::NoHeader(_) | ImportError::Rows(_) => 1,
            _ => 2,
        }
    }
}

/// Imports the spreadsheet into the site at `site`.
pub fn import(site: &Path, options: &ImportOptions) -> Result<ImportReport, ImportError> {
    let (content, _) = content::load(site)?;
    let tables = read_tables(&options.file, options.sheet.as_deref())?;
    let file_name = options.file.file_name().map_or_else(
        || display_path(&options.file),
        |n| n.to_string_lossy().into_owned(),
    );
    let (table, header) = tables
        .iter()
        .find_map(|table| find_header(table).map(|header| (table, header)))
        .ok_or_else(|| ImportError::NoHeader(file_name.clone()))?;
    let sheet = SheetPlace {
        file: file_name,
        table,
    };
    let mut problems = unknown_columns(&sheet, &header);
    let plans = plan_rows(
        site,
        &content,
        &sheet,
        &header,
        options.update,
        &mut problems,
    )?;
    problems.extend(validate(&content, &sheet, &plans));
    problems.sort_by_key(|p| p.order);
    if problems.iter().any(SheetProblem::is_error) {
        return Err(ImportError::Rows(problems));
    }
    if !options.dry_run {
        write_files(site, &plans)?;
    }
    Ok(ImportReport {
        files: plans.into_iter().map(|p| (p.path, p.outcome)).collect(),
        warnings: problems,
        dry_run: options.dry_run,
    })
}

/// The sheet being read, for naming places in it.
struct SheetPlace<'a> {
    file: String,
    table: &'a Table,
}

impl SheetPlace<'_> {
    fn problem(&self, diagnostic: Diagnostic, row: usize, col: Option<usize>) -> SheetProblem {
        let place = match (&self.table.sheet, col) {
            (Some(sheet), Some(col)) => {
                format!("{}: {sheet}!{}{}", self.file, column_name(col), row + 1)
            }
            (Some(sheet), None) => format!("{}: {sheet}, row {}", self.file, row + 1),
            (None, Some(col)) => format!("{}: {}{}", self.file, column_name(col), row + 1),
            (None, None) => format!("{}: row {}", self.file, row + 1),
        };
        SheetProblem {
            severity: diagnostic.severity,
            place,
            message: diagnostic.message,
            hint: diagnostic.hint,
            order: (row, col.unwrap_or(0)),
        }
    }
}

fn unknown_columns(sheet: &SheetPlace<'_>, header: &Header) -> Vec<SheetProblem> {
    header
        .unknown
        .iter()
        .map(|(col, text)| {
            let warning = Diagnostic::warning("", 0, format!("the column '{text}' is left out"))
                .with_hint(
                    "it is not a project field; rename the column (项目名称, 产业链, 县区, 总投资, \
                     拟引资额, 合作方式, 项目状态, 建设地点, 联系人 …) if it should be imported",
                );
            sheet.problem(warning, header.row, Some(*col))
        })
        .collect()
}

/// One row's file to be written (or left alone).
struct Plan {
    row: usize,
    slug: String,
    /// Relative to the site.
    path: PathBuf,
    document: Document,
    outcome: Outcome,
}

fn plan_rows(
    site: &Path,
    content: &Content,
    sheet: &SheetPlace<'_>,
    header: &Header,
    update: bool,
    problems: &mut Vec<SheetProblem>,
) -> Result<Vec<Plan>, ImportError> {
    let (catalog, _) = Catalog::build(content.clone());
    let existing: HashMap<&str, &Path> = content
        .projects
        .iter()
        .map(|p| (p.slug.as_str(), p.source.as_path()))
        .collect();
    let provided = provided_keys(header);
    let mut rows_of_slug: HashMap<String, usize> = HashMap::new();
    let mut plans = Vec::new();
    for row in header.row + 1..sheet.table.rows.len() {
        let values = row_values(sheet.table, header, row);
        if values.is_empty() || is_total_row(sheet.table, &values, row) {
            continue;
        }
        let slug = match row_slug(&values, row, &catalog) {
            Ok(slug) => slug,
            Err(problem) => {
                problems.push(sheet.problem(problem, row, values.slug.as_ref().map(|s| s.1)));
                continue;
            }
        };
        if let Some(first) = rows_of_slug.insert(slug.clone(), row) {
            problems.push(duplicate_slug(sheet, header, &values, &slug, (first, row)));
            continue;
        }
        let path = existing.get(slug.as_str()).map_or_else(
            || PathBuf::from("content/projects").join(format!("{slug}.md")),
            |path| path.to_path_buf(),
        );
        let planned = plan_file(site, &path, &values, &provided, update)?;
        match planned {
            Ok((document, outcome)) => plans.push(Plan {
                row,
                slug,
                path,
                document,
                outcome,
            }),
            Err(problem) => problems.push(sheet.problem(problem, row, None)),
        }
    }
    Ok(plans)
}

/// Two rows that would write the same file: reported at the second row's slug or code.
fn duplicate_slug(
    sheet: &SheetPlace<'_>,
    header: &Header,
    values: &RowValues,
    slug: &str,
    (first, row): (usize, usize),
) -> SheetProblem {
    let problem = Diagnostic::error(
        "",
        0,
        format!(
            "the file name '{slug}' is also the one of row {}",
            first + 1
        ),
    )
    .with_hint("every project needs its own slug or 项目编号");
    let col = values
        .slug
        .as_ref()
        .map(|s| s.1)
        .or_else(|| header.column(Target::Field("code")).map(|c| c.index));
    sheet.problem(problem, row, col)
}

/// A 合计/总计 row at the bottom of a table: no title, a total label somewhere.
fn is_total_row(table: &Table, values: &RowValues, row: usize) -> bool {
    values.field("title").is_none()
        && table.rows[row]
            .iter()
            .any(|cell| ["合计", "总计", "小计"].iter().any(|l| cell.starts_with(l)))
}

/// The file name: the slug column, else the code, else county-chain-row in ASCII.
fn row_slug(values: &RowValues, row: usize, catalog: &Catalog) -> Result<String, Diagnostic> {
    if let Some((slug, _)) = &values.slug {
        if !is_plain_slug(slug) {
            return Err(
                Diagnostic::error("", 0, format!("'{slug}' cannot be a file name"))
                    .with_hint("the file name becomes the page's web address: write it with Latin letters, digits and '-', e.g. maiji-ic-lead-frame"),
            );
        }
        return Ok(slug.clone());
    }
    if let Some(code) = values.field("code").filter(|code| code.is_ascii()) {
        let slug = ascii_slug(code);
        if !slug.is_empty() {
            return Ok(slug);
        }
    }
    let chain = values
        .field("chain")
        .and_then(|text| catalog.find_chain(text))
        .map(|index| ascii_slug(&catalog.chain(index).chain.id));
    let county = values
        .field("county")
        .and_then(|text| catalog.find_county(text))
        .map(|index| ascii_slug(&catalog.county(index).county.id));
    let parts: Vec<String> = [county, chain]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect();
    let prefix = if parts.is_empty() {
        "project".to_owned()
    } else {
        parts.join("-")
    };
    Ok(format!("{prefix}-{}", row + 1))
}

/// Lower-case ASCII letters and digits, everything else as single dashes.
fn ascii_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

type Planned = Result<(Document, Outcome), Diagnostic>;

/// The document for one row and what writing it would do to the file at `path`.
fn plan_file(
    site: &Path,
    path: &Path,
    values: &RowValues,
    provided: &BTreeSet<&'static str>,
    update: bool,
) -> Result<Planned, ImportError> {
    let fresh = new_document(values);
    if !site.join(path).is_file() {
        return Ok(Ok((fresh, Outcome::Created)));
    }
    let existing = match read_text(site, path)? {
        Ok(text) => text,
        Err(problem) => return Ok(Err(problem)),
    };
    if !update {
        let outcome = if fresh.text() == existing {
            Outcome::Unchanged
        } else {
            Outcome::Skipped
        };
        return Ok(Ok((fresh, outcome)));
    }
    let Some(merged) = merged_document(values, provided, &existing) else {
        let problem = Diagnostic::error(
            "",
            0,
            format!(
                "{} exists but has no frontmatter to update",
                display_path(path)
            ),
        )
        .with_hint("fix that file (brochure check names the problem), then import again");
        return Ok(Err(problem));
    };
    let outcome = if merged.text() == existing {
        Outcome::Unchanged
    } else {
        Outcome::Updated
    };
    Ok(Ok((merged, outcome)))
}

/// Parses every file to be written and checks it against the rest of the site, exactly as
/// `brochure check` would; problems come back at their cells.
fn validate(content: &Content, sheet: &SheetPlace<'_>, plans: &[Plan]) -> Vec<SheetProblem> {
    let writes: Vec<&Plan> = plans
        .iter()
        .filter(|p| matches!(p.outcome, Outcome::Created | Outcome::Updated))
        .collect();
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut parsed = Vec::new();
    for plan in &writes {
        let text = plan.document.text();
        let (project, problems) =
            Project::parse(&plan.path, &plan.slug, &text, content.config.markdown);
        found.extend(problems);
        parsed.extend(project);
    }
    let replaced: BTreeSet<&Path> = writes.iter().map(|p| p.path.as_path()).collect();
    let mut combined = content.clone();
    combined
        .projects
        .retain(|p| !replaced.contains(p.source.as_path()));
    combined.projects.extend(parsed);
    let (_, cross) = Catalog::build(combined);
    found.extend(
        cross
            .into_iter()
            .filter(|d| replaced.contains(d.path.as_path())),
    );
    found
        .into_iter()
        .filter_map(|diagnostic| {
            let plan = writes.iter().find(|p| p.path == diagnostic.path)?;
            Some(place_problem(sheet, plan, diagnostic))
        })
        .collect()
}

fn place_problem(sheet: &SheetPlace<'_>, plan: &Plan, diagnostic: Diagnostic) -> SheetProblem {
    match plan.document.origin(diagnostic.line) {
        Origin::Cell(col) => sheet.problem(diagnostic, plan.row, Some(col)),
        Origin::Row => sheet.problem(diagnostic, plan.row, None),
        Origin::File(line) => SheetProblem {
            severity: diagnostic.severity,
            place: format!("{}:{line}", display_path(&plan.path)),
            message: diagnostic.message,
            hint: diagnostic.hint,
            order: (plan.row, usize::MAX),
        },
    }
}

fn write_files(site: &Path, plans: &[Plan]) -> Result<(), ImportError> {
    for plan in plans {
        if !matches!(plan.outcome, Outcome::Created | Outcome::Updated) {
            continue;
        }
        let path = site.join(&plan.path);
        let write_error = |source| ImportError::Write {
            path: plan.path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        let temporary = path.with_extension("md.tmp");
        std::fs::write(&temporary, plan.document.text()).map_err(write_error)?;
        std::fs::rename(&temporary, &path).map_err(write_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(ascii_slug("TS-2024-001"), "ts-2024-001");
        assert_eq!(ascii_slug(" A 1 / b "), "a-1-b");
        assert_eq!(ascii_slug("麦积"), "");
    }
}
