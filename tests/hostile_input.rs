//! Hostile input gets a clear error or a bounded, documented behaviour, and nothing outside
//! the site is read: symbolic links out of content/, oversized files, a YAML alias bomb and
//! odd file names.

mod common;

use common::{TestSite, valid_fields};

#[cfg(unix)]
#[test]
fn a_link_out_of_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(
        &secret,
        format!("---\n{}\n---\n机密\n", valid_fields("机密")),
    )
    .unwrap();
    let site = TestSite::new();
    site.project("a", &valid_fields("甲"));
    std::os::unix::fs::symlink(&secret, site.path().join("content/projects/leak.md")).unwrap();
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stdout);
    run.expect_err("content/projects/leak.md is a link to")
        .expect_err("outside the site");
    assert!(!site.output().exists());

    std::fs::remove_file(site.path().join("content/projects/leak.md")).unwrap();
    std::fs::create_dir_all(site.path().join("content/assets")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/assets/shared")).unwrap();
    site.build()
        .expect_err("content/assets/shared is a link to");

    std::fs::remove_file(site.path().join("content/assets/shared")).unwrap();
    let inside = site.path().join("drafts/b.md");
    site.write(
        "drafts/b.md",
        &format!("---\n{}\n---\n", valid_fields("乙")),
    );
    std::os::unix::fs::symlink(&inside, site.path().join("content/projects/b.md")).unwrap();
    let run = site.build();
    assert_eq!(
        run.code, 0,
        "a link inside the site is fine: {}",
        run.stderr
    );
}

#[test]
fn an_oversized_content_file_is_an_error_and_the_rest_is_still_checked() {
    let site = TestSite::new();
    site.project(
        "a",
        "title: 甲\nchain: nowhere\ncounty: maiji\ninvestment: 1亿元",
    );
    let body = "很长的正文。".repeat(600_000);
    site.write(
        "content/projects/big.md",
        &format!("---\n{}\n---\n{body}\n", valid_fields("大")),
    );
    let run = site.check();
    assert_eq!(run.code, 1);
    run.expect_err("content/projects/big.md:1: error:")
        .expect_err("a content file may be at most 8 MB")
        .expect_err("unknown chain");
}

#[test]
fn a_yaml_alias_bomb_is_an_error() {
    let site = TestSite::new();
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        yaml.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
    }
    site.write(
        "content/projects/bomb.md",
        &format!("---\n{}\n{yaml}---\n", valid_fields("炸弹")),
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.expect_err("content/projects/bomb.md")
        .expect_err("repetition limit exceeded")
        .expect_err("project files need none: remove them");
}

#[test]
fn odd_file_names_get_a_warning_and_stay_inside_the_output() {
    let site = TestSite::new();
    site.project("a..b", &valid_fields("点点"));
    site.project("nul\u{2400}name", &valid_fields("空字符"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.expect_err("content/projects/a..b.md:1: warning: the file name 'a..b' has characters")
        .expect_err("content/projects/nul\u{2400}name.md:1: warning");
    assert!(site.output().join("projects/a..b/index.html").is_file());
    assert!(
        site.output()
            .join("projects/nul\u{2400}name/index.html")
            .is_file()
    );
    let entries = std::fs::read_dir(site.path()).unwrap().count();
    assert_eq!(entries, 3, "content/, output/ and the lock file only");
}

#[test]
fn a_sheet_whose_cells_lie_far_apart_is_refused_before_it_takes_memory() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "项目名称").unwrap();
    sheet.write_string(0, 1, "产业链").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let site = TestSite::new();
    site.write_bytes("bomb.xlsx", &workbook.save_to_buffer().unwrap());
    let run = site.run(&["import", "bomb.xlsx", "--dry-run"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    run.expect_err("bomb.xlsx: the sheet Sheet1 reaches cell XFD1048576")
        .expect_err("split the sheet");
}
