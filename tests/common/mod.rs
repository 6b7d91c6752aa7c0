//! Helpers for integration tests: small sites written into temporary folders, and the
//! `brochure` binary run on them.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A throw-away site folder with a valid catalog.yaml, two chains and two counties.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

pub const CATALOG: &str =
    "title: 测试项目册\nregion: 测试市\npublisher:\n  org: 测试市招商局\n  phone: 0938-1234567\n";

pub const CHAIN_IC: &str = "---\nname: 集成电路封测\norder: 1\nsegments: [上游·材料, 中游·封装测试, 下游·应用]\nleaders: [华天科技]\n---\n封测产业链概况。\n";
pub const CHAIN_FOOD: &str =
    "---\nname: 医药食品\norder: 2\nsegments: [上游, 中游, 下游]\n---\n医药食品概况。\n";
pub const COUNTY_MAIJI: &str = "---\nname: 麦积区\norder: 1\n---\n麦积区概况。\n";
pub const COUNTY_QINZHOU: &str = "---\nname: 秦州区\norder: 2\n---\n秦州区概况。\n";

impl TestSite {
    pub fn new() -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("content/catalog.yaml", CATALOG);
        site.write("content/chains/ic.md", CHAIN_IC);
        site.write("content/chains/food.md", CHAIN_FOOD);
        site.write("content/counties/maiji.md", COUNTY_MAIJI);
        site.write("content/counties/qinzhou.md", COUNTY_QINZHOU);
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.dir.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    /// Adds a valid project with the given extra frontmatter lines.
    pub fn project(&self, slug: &str, fields: &str) {
        self.write(
            &format!("content/projects/{slug}.md"),
            &format!("---\n{fields}\n---\n\n## 项目概况\n\n{slug} 项目概况。\n"),
        );
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("output")
    }

    pub fn read_output(&self, relative: &str) -> String {
        fs::read_to_string(self.output().join(relative))
            .unwrap_or_else(|err| panic!("cannot read output/{relative}: {err}"))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs the binary with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_brochure"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.dir.path())
            .output()
            .expect("run brochure");
        Run::from(output)
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "--no-pdf"])
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Panics with the whole output unless `needle` appears in stderr.
    pub fn expect_err(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "expected {needle:?} in stderr:\n{}",
            self.stderr
        );
        self
    }
}

/// A minimal valid project's frontmatter lines.
pub fn valid_fields(title: &str) -> String {
    format!("title: {title}\nchain: ic\ncounty: maiji\ninvestment: 15亿元")
}

/// Whether the external programs a test needs can be run. When one cannot, the test should
/// return at once: this prints what is missing and how to install it, or panics when
/// BROCHURE_REQUIRE_TOOLS is set (as .ci/run sets it), so CI never skips silently.
pub fn tools_present(tools: &[&str], install: &str) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| Command::new(tool).arg("-v").output().is_err())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "{} not installed: {install} (or run `bash scripts/test.sh`, which installs it)",
        missing.join(", ")
    );
    assert!(
        std::env::var_os("BROCHURE_REQUIRE_TOOLS").is_none(),
        "BROCHURE_REQUIRE_TOOLS is set but {message}"
    );
    eprintln!("skipping: {message}");
    false
}
