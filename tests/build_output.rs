//! `brochure build` on small fixture sites: the files of SPEC's layout, exact sums, escaping,
//! relative links, and an untouched output after a failed build.

mod common;

use common::{TestSite, valid_fields};

fn two_project_site() -> TestSite {
    let site = TestSite::new();
    site.project(
        "a",
        "title: 甲 <script>alert(1)</script>\nchain: ic\ncounty: maiji\ninvestment: 0.1亿元\nseeking: 300万元\ncode: T-1\nfeatured: true",
    );
    site.project(
        "b",
        "title: 乙项目\nchain: 医药食品\ncounty: qinzhou\ninvestment: 20000.5\nstatus: 已签约\ncooperation: 独资、合资",
    );
    site.project("c", &format!("{}\ndraft: true", valid_fields("草稿项目")));
    site.write(
        "content/pages/contact.md",
        "---\ntitle: 联系我们\n---\n\n电话 0938-1。\n",
    );
    site
}

#[test]
fn writes_the_layout_of_the_spec() {
    let site = two_project_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("for 2 projects"), "{}", run.stdout);
    for path in [
        "index.html",
        "projects/index.html",
        "projects/a/index.html",
        "projects/b/index.html",
        "chains/index.html",
        "chains/ic/index.html",
        "chains/food/index.html",
        "counties/index.html",
        "counties/maiji/index.html",
        "matrix/index.html",
        "pages/contact/index.html",
        "data/projects.json",
        "data/projects.csv",
        "static/style.css",
    ] {
        assert!(site.output().join(path).is_file(), "missing {path}");
    }
    assert!(
        !site.output().join("projects/c").exists(),
        "drafts are left out"
    );
    assert!(
        !site.output().join("sitemap.xml").exists(),
        "no sitemap without base_url"
    );
    let home = site.read_output("index.html");
    assert!(
        home.contains(r#"href="print/index.html""#),
        "the print page is linked"
    );
    assert!(
        !home.contains("catalog.pdf"),
        "no link to a PDF this build did not write"
    );
}

#[test]
fn json_has_exact_sums_and_ids() {
    let site = two_project_site();
    assert_eq!(site.build().code, 0);
    let json: serde_json::Value =
        serde_json::from_str(&site.read_output("data/projects.json")).unwrap();
    let projects = json["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 2);
    let a = &projects[0];
    assert_eq!(a["slug"], "a");
    assert_eq!(a["chain"], "ic");
    assert_eq!(a["chain_name"], "集成电路封测");
    assert_eq!(a["county"], "maiji");
    assert_eq!(a["investment_wan"], 1000.0);
    assert_eq!(a["seeking_wan"], 300.0);
    assert_eq!(a["url"], "projects/a/index.html");
    let b = &projects[1];
    assert_eq!(b["chain"], "food");
    assert_eq!(b["status"], "signed");
    assert_eq!(b["investment_wan"], 20000.5);
    assert_eq!(json["catalog"]["investment_wan"], 21000.5);
    let home = site.read_output("index.html");
    assert!(home.contains("2.10亿元"), "total shown on the home page");
}

#[test]
fn text_is_escaped_and_links_are_relative() {
    let site = two_project_site();
    assert_eq!(site.build().code, 0);
    let page = site.read_output("projects/a/index.html");
    assert!(!page.contains("<script>alert"), "title escaped");
    assert!(page.contains("&lt;script&gt;"));
    assert!(page.contains(r#"href="../../static/style.css""#));
    assert!(page.contains(r#"href="../../chains/ic/index.html""#));
    for page in ["index.html", "projects/index.html", "matrix/index.html"] {
        let html = site.read_output(page);
        assert!(
            !html.contains("href=\"/"),
            "{page} has a root-absolute link"
        );
    }
    let matrix = site.read_output("matrix/index.html");
    assert!(matrix.contains("projects/index.html#chain=ic&amp;county=maiji"));
}

#[test]
fn a_failed_build_leaves_the_output_untouched() {
    let site = two_project_site();
    assert_eq!(site.build().code, 0);
    let before = site.read_output("projects/a/index.html");
    site.project(
        "broken",
        "title: 坏\nchain: nowhere\ncounty: maiji\ninvestment: 1亿元",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    run.expect_err("unknown chain 'nowhere'")
        .expect_err("previous output was left untouched");
    assert_eq!(site.read_output("projects/a/index.html"), before);
    assert!(!site.output().join("projects/broken").exists());
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn base_url_adds_sitemap_and_feed() {
    let site = two_project_site();
    let run = site.run(&[
        "build",
        "--no-pdf",
        "--base-url",
        "https://invest.example.cn/c",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = site.read_output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://invest.example.cn/c/projects/a/</loc>"));
    assert!(site.read_output("feed.xml").contains("乙项目"));
    let not_found = site.read_output("404.html");
    assert!(
        not_found.contains(r#"href="https://invest.example.cn/c/projects/index.html""#),
        "hosts show 404.html at any depth, so its links are absolute: {not_found}"
    );
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let site = TestSite::new();
    site.write(
        "content/projects/html.md",
        &format!(
            "---\n{}\n---\n\n<iframe src=x></iframe>\n",
            valid_fields("甲")
        ),
    );
    assert_eq!(site.build().code, 0);
    assert!(
        site.read_output("projects/html/index.html")
            .contains("&lt;iframe")
    );
    site.write(
        "content/catalog.yaml",
        &format!("{}markdown:\n  unsafe_html: true\n", common::CATALOG),
    );
    assert_eq!(site.build().code, 0);
    assert!(
        site.read_output("projects/html/index.html")
            .contains("<iframe src=x>")
    );
}

#[test]
fn refuses_to_replace_a_foreign_folder() {
    let site = two_project_site();
    site.write("docs/keep.txt", "mine");
    let run = site.run(&["build", "--no-pdf", "-o", "docs"]);
    assert_eq!(run.code, 2);
    run.expect_err("refusing to write the output");
    assert!(site.path().join("docs/keep.txt").exists());
    let run = site.run(&["build", "--no-pdf", "-o", "."]);
    assert_eq!(run.code, 2);
}

#[test]
fn theme_overrides_replace_built_in_templates_file_by_file() {
    let site = two_project_site();
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>OVERRIDDEN {{ page.title }}</h1>{% endblock content %}",
    );
    site.write("themes/default/static/extra.css", "body{}");
    assert_eq!(site.build().code, 0);
    assert!(
        site.read_output("pages/contact/index.html")
            .contains("OVERRIDDEN 联系我们")
    );
    assert!(site.output().join("static/extra.css").is_file());
    assert!(site.read_output("index.html").contains("测试项目册"));
}

#[test]
fn a_broken_template_names_its_file() {
    let site = two_project_site();
    site.write("themes/default/templates/page.html", "{% if %}");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.expect_err("themes/default/templates/page.html");
}
