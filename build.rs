//! Records the commit brochure is built from and that commit's date, for `brochure --version`
//! (`brochure 0.1.0 (abc1234 2026-12-05)`). Without git or a repository (a source tarball),
//! the environment variable BROCHURE_COMMIT names the commit, else it reads "unknown commit".
//! "-dirty" marks a tree with uncommitted changes when this script last ran: it reruns when
//! HEAD, the branch it points to or the index changes, not on every edit.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=BROCHURE_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    for file in git_files_to_watch() {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let described = match std::env::var("BROCHURE_COMMIT") {
        Ok(commit) if !commit.trim().is_empty() => commit.trim().to_owned(),
        _ => git_description().unwrap_or_else(|| "unknown commit".to_owned()),
    };
    println!("cargo:rustc-env=BROCHURE_BUILT_FROM={described}");
}

/// `abc1234 2026-12-05`, or `abc1234-dirty 2026-12-05`; `None` without git or a repository.
fn git_description() -> Option<String> {
    let commit = git(&["rev-parse", "--short=7", "HEAD"])?;
    let date = git(&["show", "-s", "--format=%cs", "HEAD"])?;
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|status| !status.is_empty());
    Some(format!(
        "{commit}{} {date}",
        if dirty { "-dirty" } else { "" }
    ))
}

/// HEAD, the branch file it points to, packed refs and the index, where they exist (a
/// missing file would make cargo rerun this script on every build).
fn git_files_to_watch() -> Vec<PathBuf> {
    let Some(git_dir) = git(&["rev-parse", "--git-dir"]).map(PathBuf::from) else {
        return Vec::new();
    };
    let common_dir =
        git(&["rev-parse", "--git-common-dir"]).map_or_else(|| git_dir.clone(), PathBuf::from);
    let mut files = vec![
        git_dir.join("HEAD"),
        git_dir.join("index"),
        common_dir.join("packed-refs"),
    ];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        files.push(common_dir.join(branch));
    }
    files.retain(|file| file.is_file());
    files
}

/// The trimmed output of a successful git command.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
