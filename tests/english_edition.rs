//! The English edition under en/: built when catalog.yaml lists `en`, from the same parse as
//! the Chinese one, with the content's English titles, names and amounts in English, and a
//! link from each page to its twin in the other edition.

mod common;

use common::{CATALOG, TestSite};

fn bilingual_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/catalog.yaml",
        &format!("{CATALOG}  org_en: Test Investment Bureau\ntitle_en: Test Catalog\nlanguages: [zh, en]\n"),
    );
    site.write(
        "content/chains/ic.md",
        "---\nname: 集成电路封测\nname_en: IC Packaging\nsummary_en: Packaging and testing plants.\norder: 1\nsegments: [上游·材料, 中游·封装]\n---\n概况。\n",
    );
    site.project(
        "alpha",
        "title: 甲项目\ntitle_en: Project Alpha\nsummary_en: A packaging plant.\nchain: ic\ncounty: maiji\ninvestment: 15亿元\ncooperation: 合资\nstatus: 在谈\nsegment: 封装",
    );
    site.project(
        "beta",
        "title: 乙项目\nchain: ic\ncounty: maiji\ninvestment: 8000万元",
    );
    site
}

#[test]
fn english_pages_mirror_the_chinese_ones() {
    let site = bilingual_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "index.html",
        "projects/index.html",
        "projects/alpha/index.html",
        "chains/ic/index.html",
        "counties/maiji/index.html",
        "matrix/index.html",
    ] {
        let english = site.read_output(&format!("en/{page}"));
        assert!(
            english.contains(r#"<html lang="en""#),
            "en/{page} is English"
        );
        let chinese = site.read_output(page);
        assert!(
            chinese.contains(r#"hreflang="en""#),
            "{page} links to its English twin"
        );
    }
    assert!(
        !site.output().join("en/404.html").exists(),
        "one 404 page, at the root"
    );
    assert!(
        !site.output().join("en/static").exists(),
        "static files are shared"
    );
}

#[test]
fn english_pages_use_english_content_and_shared_files() {
    let site = bilingual_site();
    assert_eq!(site.build().code, 0);
    let alpha = site.read_output("en/projects/alpha/index.html");
    for needle in [
        "Project Alpha",
        "A packaging plant.",
        "IC Packaging",
        "CNY 1.5 billion",
        "Joint venture",
        "Test Investment Bureau",
        r#"href="../../../static/style.css""#,
        r#"href="../../../projects/alpha/index.html""#,
    ] {
        assert!(alpha.contains(needle), "missing {needle:?} in:\n{alpha}");
    }
    let chains = site.read_output("en/chains/index.html");
    assert!(chains.contains("Packaging and testing plants."), "{chains}");
    let beta = site.read_output("en/projects/beta/index.html");
    assert!(
        beta.contains("乙项目"),
        "without title_en the Chinese title stands"
    );
    assert!(beta.contains("CNY 80 million"));
    let chinese = site.read_output("projects/alpha/index.html");
    assert!(chinese.contains("甲项目") && chinese.contains("15.00亿元"));
    assert!(chinese.contains(r#"href="../../en/projects/alpha/index.html""#));

    let run = site.run(&[
        "build",
        "--no-pdf",
        "--base-url",
        "https://invest.example.cn/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let alpha = site.read_output("en/projects/alpha/index.html");
    for needle in [
        r#"<link rel="canonical" href="https://invest.example.cn/en/projects/alpha/">"#,
        r#"hreflang="en" href="https://invest.example.cn/en/projects/alpha/""#,
        r#"hreflang="zh" href="https://invest.example.cn/projects/alpha/""#,
    ] {
        assert!(
            alpha.contains(needle),
            "missing {needle:?}: search engines want absolute twins"
        );
    }
    let sitemap = site.read_output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://invest.example.cn/en/projects/alpha/</loc>"));
}

#[test]
fn chinese_only_sites_have_no_english_edition_and_unknown_languages_are_errors() {
    let site = TestSite::new();
    site.project(
        "alpha",
        "title: 甲项目\nchain: ic\ncounty: maiji\ninvestment: 15亿元",
    );
    assert_eq!(site.build().code, 0);
    assert!(!site.output().join("en").exists());
    assert!(!site.read_output("index.html").contains("hreflang"));

    site.write(
        "content/catalog.yaml",
        &format!("{CATALOG}languages: [zh, fr]\n"),
    );
    site.check()
        .expect_err("unknown language 'fr'")
        .expect_err("write [zh] or [zh, en]");
}

#[test]
fn a_site_labels_file_changes_only_the_labels_it_names() {
    let site = bilingual_site();
    site.write(
        "themes/default/i18n/en.yaml",
        "nav_projects: 'Investment projects'\n",
    );
    assert_eq!(site.build().code, 0);
    let home = site.read_output("en/index.html");
    assert!(home.contains("Investment projects"), "{home}");
    assert!(home.contains("Industry chains"), "the other labels stay");

    site.write("themes/default/i18n/en.yaml", "nav_projects: [a\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    run.expect_err("i18n/en.yaml")
        .expect_err("write one 'key: text' per line");
}
