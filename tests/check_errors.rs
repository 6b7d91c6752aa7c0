//! `brochure check` on broken sites: every class of bad input is reported with its file,
//! line and a fix, all in one run, with exit code 1.

mod common;

use common::{TestSite, valid_fields};

#[test]
fn a_valid_site_checks_clean() {
    let site = TestSite::new();
    site.project("a", &valid_fields("甲项目"));
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 projects") || run.stdout.contains("1 project"));
}

#[test]
fn every_problem_is_listed_in_one_run() {
    let site = TestSite::new();
    site.write("content/projects/no-frontmatter.md", "# 只有正文\n");
    site.write(
        "content/projects/unclosed.md",
        "---\ntitle: 甲\nchain: ic\n",
    );
    site.write(
        "content/projects/yaml.md",
        "---\ntitle: 甲\nchain: ic\ncounty: [maiji\ninvestment: 1亿元\n---\n",
    );
    site.write(
        "content/projects/tab.md",
        "---\ntitle: 甲\nchain: ic\ncounty: maiji\ninvestment: 1亿元\ncontact:\n\tphone: '1'\n---\n",
    );
    site.write(
        "content/projects/colon.md",
        "---\ntitle: 甲\nchain: ic\ncounty: maiji\n总投资：1亿元\n---\n",
    );
    site.write("content/projects/missing.md", "---\ntitle: 甲\n---\n");
    site.project(
        "unknown-refs",
        "title: 乙\nchain: ic-packging\ncounty: 麦积\ninvestment: 1亿元",
    );
    site.project(
        "segment",
        "title: 丙\nchain: ic\ncounty: maiji\ninvestment: 1亿元\nsegment: 研发",
    );
    site.project(
        "amount",
        "title: 丁\nchain: ic\ncounty: maiji\ninvestment: 很多",
    );
    site.project(
        "date",
        "title: 戊\nchain: ic\ncounty: maiji\ninvestment: 1亿元\nupdated: 2024-02-30",
    );
    site.project("code-a", &format!("{}\ncode: TS-1", valid_fields("己")));
    site.project("code-b", &format!("{}\ncode: TS-1", valid_fields("庚")));
    site.project("sub/code-a", &valid_fields("辛"));
    site.project("unknown-key", &format!("{}\ntitel: x", valid_fields("壬")));
    let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 天水项目\n---\n");
    site.write_bytes("content/projects/gbk.md", &gbk);
    site.project(
        "seeking",
        "title: 癸\nchain: ic\ncounty: maiji\ninvestment: 1亿元\nseeking: 2亿元",
    );

    let run = site.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.expect_err("content/projects/no-frontmatter.md:1: error: the file has no frontmatter")
        .expect_err("content/projects/unclosed.md:1: error: the frontmatter opened here is never closed")
        .expect_err("content/projects/yaml.md:5")
        .expect_err("YAML syntax error")
        .expect_err("content/projects/tab.md:7:1: error: a tab is used for indentation")
        .expect_err("content/projects/colon.md:5")
        .expect_err("full-width colon '：' follows the key '总投资'")
        .expect_err("the required field 'chain'")
        .expect_err("the required field 'investment'")
        .expect_err("content/projects/unknown-refs.md:3: error: unknown chain 'ic-packging'")
        .expect_err("did you mean 'ic'")
        .expect_err("content/projects/unknown-refs.md:4: error: unknown county '麦积'")
        .expect_err("'麦积区'")
        .expect_err("content/projects/segment.md:6: error: '研发' is not a segment")
        .expect_err("content/projects/amount.md:5: error: 'investment'")
        .expect_err("亿元")
        .expect_err("content/projects/date.md:6: error: 'updated': '2024-02-30' is not a real date")
        .expect_err("content/projects/code-b.md:6: error: the project code 'TS-1' is already used by content/projects/code-a.md:6")
        .expect_err("the file name 'code-a' is also used by")
        .expect_err("content/projects/unknown-key.md:6: error: unknown field 'titel'")
        .expect_err("did you mean 'title'?")
        .expect_err("content/projects/gbk.md:2:8: error: the file is not UTF-8: it looks like GBK/GB18030")
        .expect_err("Save with Encoding")
        .expect_err("content/projects/seeking.md:6: warning: the amount sought")
        .expect_err("hint: ");
    let summary = run.stderr.lines().last().unwrap();
    assert_eq!(summary, "17 errors, 1 warning in 15 files");
    let positions: Vec<usize> = ["amount.md", "code-b.md", "colon.md", "date.md", "gbk.md"]
        .iter()
        .map(|name| run.stderr.find(name).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "sorted by file");
}

#[test]
fn bom_and_crlf_are_accepted_silently() {
    let site = TestSite::new();
    site.write_bytes(
        "content/projects/windows.md",
        "\u{feff}---\r\ntitle: 甲\r\nchain: 集成电路封测\r\ncounty: 麦积区\r\ninvestment: 8,000万元\r\n---\r\n\r\n正文\r\n"
            .as_bytes(),
    );
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn not_a_site_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::Run::from(
        std::process::Command::new(env!("CARGO_BIN_EXE_brochure"))
            .args(["check", dir.path().to_str().unwrap()])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2);
    run.expect_err("no content/catalog.yaml");
}
