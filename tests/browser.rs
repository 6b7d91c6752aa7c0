//! The default theme in a real browser: builds the repo's own sample catalog (content/) with
//! the binary, then runs the Node tests in tests/browser/ (playwright-core driving Chromium,
//! axe-core, html-validate) on it. Without node, Chromium or the npm packages
//! (`npm ci --prefix tests/browser`) the test is skipped with a message saying what is
//! missing, unless BROCHURE_REQUIRE_BROWSER or BROCHURE_REQUIRE_TOOLS is set, as .ci/run
//! does: then it fails. `bash scripts/test.sh` installs all of it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// What the browser tests need and is not there, in words.
fn missing_tools(tests: &Path) -> Option<String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|out| out.status.success()) {
        return Some("node is not installed".into());
    }
    if !chromium().is_file() {
        return Some(format!("{} is not installed", chromium().display()));
    }
    if !tests.join("node_modules/playwright-core").is_dir() {
        return Some("the npm packages are not installed (npm ci --prefix tests/browser)".into());
    }
    None
}

#[test]
fn default_theme_in_a_browser() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tests = repo.join("tests/browser");
    if let Some(missing) = missing_tools(&tests) {
        let required = ["BROCHURE_REQUIRE_BROWSER", "BROCHURE_REQUIRE_TOOLS"]
            .iter()
            .any(|name| std::env::var_os(name).is_some());
        assert!(!required, "browser tests required but {missing}");
        eprintln!(
            "skipping the browser tests: {missing} (`bash scripts/test.sh` installs what they need)"
        );
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .arg("build")
        .arg(repo)
        .args(["--no-pdf", "-o"])
        .arg(&site)
        .output()
        .expect("run brochure");
    assert!(
        build.status.success(),
        "cannot build the sample catalog:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let run = Command::new("node")
        .arg("--test")
        .current_dir(&tests)
        .env("BROCHURE_OUTPUT", &site)
        .env("CHROMIUM", chromium())
        .output()
        .expect("run node --test");
    assert!(
        run.status.success(),
        "browser tests failed:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
