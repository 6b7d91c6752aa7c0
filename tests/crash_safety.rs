//! A build killed at any point (SIGKILL, from outside) leaves output/ whole: either absent (a
//! first build) or byte for byte a complete build; the next build removes what it left behind.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{TestSite, valid_fields};

/// How many kills the test makes after the first complete build.
const KILLS: u32 = 36;

/// A site big enough that a build takes a while to write.
fn big_site() -> TestSite {
    let site = TestSite::new();
    for n in 0..300 {
        site.project(
            &format!("p{n:03}"),
            &format!("{}\ncode: K-{n}", valid_fields(&format!("项目{n}"))),
        );
    }
    site
}

/// Every file of a folder with its bytes, by relative path.
fn listing(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The folders beside output/ that builds leave while they run.
fn leftovers(site: &Path) -> Vec<String> {
    fs::read_dir(site)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.starts_with(".output.staging-") || name.starts_with(".output.previous-")
        })
        .collect()
}

/// Starts a build and kills it after `delay`; whether it was still running then.
fn build_killed_after(site: &TestSite, delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(["build", "--no-pdf"])
        .current_dir(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start brochure");
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    running
}

/// A small pseudo-random generator, seeded from the clock and printed so a failure can be
/// replayed.
struct Jitter(u64);

impl Jitter {
    fn next_fraction(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn a_killed_build_never_leaves_a_broken_output() {
    let site = big_site();
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("kill test seed {seed}");
    let mut jitter = Jitter(seed);

    for _ in 0..3 {
        let delay = Duration::from_millis((jitter.next_fraction() * 150.0) as u64);
        build_killed_after(&site, delay);
        let output = site.output();
        assert!(
            !output.exists() || output.join(".brochure-output").is_file(),
            "a killed first build left a partial output"
        );
    }

    let started = Instant::now();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let full_build = started.elapsed();
    let expected = listing(&site.output());
    assert!(
        leftovers(site.path()).is_empty(),
        "{:?}",
        leftovers(site.path())
    );

    let mut interrupted = 0;
    let mut left_behind = 0;
    for kill in 0..KILLS {
        let fraction = (f64::from(kill) + jitter.next_fraction()) / f64::from(KILLS);
        let delay = full_build.mul_f64(fraction * 1.1);
        if build_killed_after(&site, delay) {
            interrupted += 1;
        }
        let found = listing(&site.output());
        assert!(
            found == expected,
            "kill {kill} after {delay:?} left output/ with {} files instead of {}",
            found.len(),
            expected.len()
        );
        left_behind += usize::from(!leftovers(site.path()).is_empty());
    }
    eprintln!(
        "{KILLS} kills ({interrupted} mid-build, {left_behind} left a folder behind), 0 broken outputs; full build {full_build:?}"
    );
    assert!(
        interrupted >= KILLS / 2,
        "only {interrupted} of {KILLS} kills hit a running build"
    );

    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        leftovers(site.path()).is_empty(),
        "{:?}",
        leftovers(site.path())
    );
    assert!(listing(&site.output()) == expected);
}

#[test]
fn a_second_build_at_once_is_refused_with_a_clear_message() {
    let site = TestSite::new();
    site.project("a", &valid_fields("甲"));
    let running = brochure::output::Staging::create(site.path(), &site.output()).unwrap();
    let second = site.build();
    assert_eq!(second.code, 2, "{}", second.stderr);
    second.expect_err("another brochure is writing");
    second.expect_err(".output.lock");
    drop(running);
    let third = site.build();
    assert_eq!(third.code, 0, "{}", third.stderr);
}
