//! Every href, src and srcset of every HTML page of a build points at a file of the output and
//! at an anchor that exists: the sample site, a bilingual site with drafts and free pages, and an
//! A5 print build; `brochure check --links` reports what is broken.

mod common;

use std::path::Path;

use brochure::links::{LinkProblem, check_links};
use common::{CATALOG, TestSite, valid_fields};

/// Checks a built output and returns how many links were checked.
fn expect_no_broken_links(output: &Path, site_url: Option<&str>) -> usize {
    let report = check_links(output, site_url).unwrap();
    let broken: Vec<String> = report.broken.iter().map(ToString::to_string).collect();
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(report.pages > 0 && report.checked > 0);
    eprintln!("{}: {report}", output.display());
    report.checked
}

const SITE_URL: &str = "https://zs.example.gov.cn/catalog/";

/// A bilingual site with a draft, free pages (one draft), a base_url and every kind of page.
fn bilingual_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/catalog.yaml",
        &format!(
            "{CATALOG}  org_en: Test Bureau\ntitle_en: Test Catalog\nlanguages: [zh, en]\nbase_url: {SITE_URL}\n"
        ),
    );
    site.project(
        "alpha",
        "title: 甲项目\ntitle_en: Project Alpha\nchain: ic\ncounty: maiji\ninvestment: 15亿元\nfeatured: true\ntags: [补链]",
    );
    site.project("beta", &valid_fields("乙项目"));
    site.project("gamma", &format!("{}\ndraft: true", valid_fields("草稿")));
    site.write(
        "content/pages/contact.md",
        "---\ntitle: 联系我们\ntitle_en: Contact\n---\n\n## 电话\n\n见[首页](../../index.html)。\n",
    );
    site.write(
        "content/pages/policy.md",
        "---\ntitle: 优惠政策\ndraft: true\n---\n\n草稿。\n",
    );
    site
}

#[test]
fn the_sample_site_has_no_broken_links() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("output");
    let sample = env!("CARGO_MANIFEST_DIR");
    let run = TestSite::new().run(&["build", sample, "--no-pdf", "-o", output.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(output.join("en/index.html").is_file() && output.join("print/index.html").is_file());
    expect_no_broken_links(&output, None);
}

#[test]
fn a_bilingual_site_with_drafts_and_free_pages_has_no_broken_links() {
    let site = bilingual_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.output().join("en/pages/contact/index.html").is_file());
    assert!(site.output().join("404.html").is_file());
    expect_no_broken_links(&site.output(), Some(SITE_URL));
    let check = site.run(&["check", "--links"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains(" 0 broken"), "{}", check.stdout);
    assert!(check.stdout.contains("tel:"), "{}", check.stdout);
    assert!(!check.stdout.contains(SITE_URL), "{}", check.stdout);
}

#[test]
fn an_a5_build_with_its_pdf_has_no_broken_links() {
    let site = TestSite::new();
    site.write(
        "content/catalog.yaml",
        &format!("{CATALOG}print:\n  paper: a5\n"),
    );
    site.project("alpha", &valid_fields("甲项目"));
    site.project("beta", &valid_fields("乙项目"));
    let pdf = cfg!(feature = "pdf");
    let run = site.run(if pdf {
        &["build"]
    } else {
        &["build", "--no-pdf"]
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.output().join("print/index.html").is_file());
    assert_eq!(site.output().join("catalog.pdf").is_file(), pdf);
    expect_no_broken_links(&site.output(), None);
}

#[test]
fn check_links_names_the_page_line_and_link_that_is_broken() {
    let site = bilingual_site();
    assert_eq!(site.build().code, 0);
    std::fs::remove_dir_all(site.output().join("projects/beta")).unwrap();
    let report = check_links(&site.output(), Some(SITE_URL)).unwrap();
    assert!(!report.broken.is_empty());
    assert!(
        report
            .broken
            .iter()
            .all(|b| b.problem == LinkProblem::MissingTarget)
    );
    let check = site.run(&["check", "--links"]);
    assert_eq!(check.code, 1);
    check
        .expect_err("projects/index.html:")
        .expect_err("beta/")
        .expect_err("the target does not exist");
    let missing = site.run(&["check", "--links", "-o", "nowhere"]);
    assert_eq!(missing.code, 2);
    missing.expect_err("run `brochure build` first");
}
