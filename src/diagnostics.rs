//! Problems found in a site, kept as data: every stage collects them instead of stopping at the
//! first, and `check` and `build` print them together, sorted by file and line.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, pointing at a file (relative to the site root), a line and a column (1-based;
/// 0 when unknown), with a message and a hint that says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, message)
        }
    }

    pub fn at_column(mut self, column: usize) -> Self {
        self.column = column;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", display_path(&self.path))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A path as the user's own system writes it: `content\projects\x.md` on Windows (also for
/// paths joined with `/`), unchanged elsewhere.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy()
        .replace('/', std::path::MAIN_SEPARATOR_STR)
}

/// All problems of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, then line and column, errors before warnings at the same place.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut sorted: Vec<&Diagnostic> = self.items.iter().collect();
        sorted.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity).cmp(&(&b.path, b.line, b.column, b.severity))
        });
        sorted
    }

    /// `N errors, M warnings in K files`.
    pub fn summary(&self) -> String {
        let mut files: Vec<&PathBuf> = self.items.iter().map(|d| &d.path).collect();
        files.sort();
        files.dedup();
        format!(
            "{} error{}, {} warning{} in {} file{}",
            self.error_count(),
            plural(self.error_count()),
            self.warning_count(),
            plural(self.warning_count()),
            files.len(),
            plural(files.len())
        )
    }

    /// The full report: every problem, then the summary line.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted() {
            out.push_str(&diagnostic.to_string());
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The closest of `candidates` to `wanted`, for "did you mean" hints; `None` when nothing is
/// close enough to be a plausible typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let lower = c.to_lowercase();
            let mut score = strsim::jaro_winkler(&wanted_lower, &lower);
            if !wanted_lower.is_empty()
                && (lower.contains(&wanted_lower) || wanted_lower.contains(&lower))
            {
                score = score.max(0.9);
            }
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.6)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean 'a' or 'b'?", or the full list of valid names when none is close.
pub fn suggestion(wanted: &str, candidates: &[&str]) -> String {
    let close = closest(wanted, candidates.iter().copied());
    if close.is_empty() {
        format!("valid values: {}", candidates.join(", "))
    } else {
        let quoted: Vec<String> = close.iter().map(|c| format!("'{c}'")).collect();
        format!("did you mean {}?", quoted.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_path_line_column_and_hint() {
        let d = Diagnostic::error("content/projects/a.md", 3, "unknown chain 'ic'")
            .at_column(8)
            .with_hint("did you mean 'ic-packaging'?");
        assert_eq!(
            d.to_string(),
            "content/projects/a.md:3:8: error: unknown chain 'ic'\n  hint: did you mean 'ic-packaging'?"
        );
    }

    #[test]
    fn paths_show_the_systems_separator() {
        let expected = ["content", "projects", "a.md"].join(std::path::MAIN_SEPARATOR_STR);
        assert_eq!(display_path(Path::new("content/projects/a.md")), expected);
        let joined = Path::new("content").join("projects").join("a.md");
        assert_eq!(display_path(&joined), expected);
    }

    #[test]
    fn sorts_by_file_then_line_and_counts() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("b.md", 1, "w"));
        all.push(Diagnostic::error("a.md", 9, "late"));
        all.push(Diagnostic::error("a.md", 2, "early"));
        let order: Vec<&str> = all.sorted().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["early", "late", "w"]);
        assert_eq!(all.summary(), "2 errors, 1 warning in 2 files");
    }

    #[test]
    fn suggests_close_names() {
        let names = ["ic-packaging", "equipment", "logistics"];
        assert_eq!(closest("ic-packging", names), vec!["ic-packaging"]);
        assert!(suggestion("zzz", &names).starts_with("valid values"));
        assert_eq!(
            closest("集成电路", ["集成电路封测", "新材料"]),
            vec!["集成电路封测"]
        );
    }
}
