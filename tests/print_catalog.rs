//! The print catalog: print/index.html, and catalog.pdf checked with poppler-utils (pdfinfo,
//! pdffonts, pdftotext) and qpdf. These tests need a Chinese font (Debian: fonts-noto-cjk);
//! without one the build fails with the message saying how to install it.

mod common;

use std::process::Command;

use common::{TestSite, valid_fields};

/// Runs a PDF tool and returns its stdout; panics with how to install it when missing.
fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|err| {
            panic!("cannot run {name} ({err}); install it: apt-get install poppler-utils qpdf")
        });
    assert!(
        output.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const TRICKY_TITLE: &str = "符号项目 #1 [A*B] $5 @x <y> \\z";

/// Two chains, three short projects (one page each), a base_url for QR codes.
fn print_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/catalog.yaml",
        &format!(
            "{}base_url: https://example.gov.cn/catalog/\n",
            common::CATALOG
        ),
    );
    site.write(
        "content/projects/alpha.md",
        &format!(
            "---\n{}\nsegment: 中游·封装测试\ncontact: {{org: 麦积区招商局, phone: 0938-1111111}}\n---\n\n## 项目概况\n\n阿尔法项目概况，见[贝塔项目](beta.md)。\n\n- 要点一\n- 要点二\n",
            valid_fields("阿尔法封测项目")
        ),
    );
    site.write(
        "content/projects/beta.md",
        &format!(
            "---\ntitle: '{TRICKY_TITLE}'\nchain: ic\ncounty: qinzhou\ninvestment: 8000万元\n---\n\n## 特殊字符\n\n价格 $5 与 #标签 [方括号] 2*3 \\反斜杠 @提及 <尖括号> 都原样印出。\n\n| 指标 | 数值 |\n|---|---|\n| 产值 | 10亿元 |\n"
        ),
    );
    site.write(
        "content/projects/gamma.md",
        "---\ntitle: 伽马食品项目\nchain: food\ncounty: maiji\ninvestment: 3亿元\n---\n\n伽马项目**正文**。\n",
    );
    site
}

fn build_with_pdf(site: &TestSite) {
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    assert!(site.output().join("catalog.pdf").is_file());
}

#[test]
fn pdf_pages_fonts_text_and_bookmarks() {
    let site = print_site();
    build_with_pdf(&site);
    assert!(
        site.read_output("index.html")
            .contains(r#"href="catalog.pdf" download"#),
        "the home page offers the PDF"
    );
    let pdf = site.output().join("catalog.pdf");
    let pdf = pdf.to_str().unwrap();

    // cover + contents + 2 dividers + 3 projects + closing, each fitting one page.
    let info = tool("pdfinfo", &[pdf]);
    assert!(info.contains("Pages:           8"), "{info}");
    assert!(info.contains("595.276 x 841.89"), "A4: {info}");
    let expected_per_page = [
        "测试项目册",
        "目录",
        "集成电路封测",
        "阿尔法封测项目",
        TRICKY_TITLE,
        "医药食品",
        "伽马食品项目",
        "联系我们",
    ];
    for (index, marker) in expected_per_page.iter().enumerate() {
        let page = (index + 1).to_string();
        let text = tool("pdftotext", &["-f", &page, "-l", &page, pdf, "-"]);
        assert!(
            text.contains(marker),
            "page {page} lacks {marker:?}:\n{text}"
        );
    }
    let project_page = tool("pdftotext", &["-f", "4", "-l", "4", pdf, "-"]);
    assert!(
        project_page.contains("项目概况"),
        "the Markdown body is typeset:\n{project_page}"
    );
    let last = tool("pdftotext", &["-f", "8", "-l", "8", pdf, "-"]);
    let last: String = last.split_whitespace().collect();
    assert!(last.contains("第8页/共8页"), "{last}");

    let text: String = tool("pdftotext", &[pdf, "-"]).split_whitespace().collect();
    for needle in [
        "价格$5与#标签[方括号]2*3\\反斜杠@提及<尖括号>都原样印出。",
        "0938-1111111",
        "产值",
    ] {
        assert!(text.contains(needle), "missing {needle:?}:\n{text}");
    }

    let fonts = tool("pdffonts", &[pdf]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        assert!(row.contains("CID"), "not a CID font: {row}");
        assert!(!row.contains("Type 3"), "Type 3 font: {row}");
        let columns: Vec<&str> = row.split_whitespace().collect();
        let embedded = columns[columns.len() - 5];
        let subset = columns[columns.len() - 4];
        assert_eq!(
            (embedded, subset),
            ("yes", "yes"),
            "not an embedded subset: {row}"
        );
    }

    let outline: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=outlines", pdf])).unwrap();
    let top: Vec<&serde_json::Value> = outline["outlines"].as_array().unwrap().iter().collect();
    let titles: Vec<&str> = top.iter().map(|o| o["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["集成电路封测", "医药食品", "联系我们"],
        "{outline}"
    );
    let ic_projects: Vec<&str> = top[0]["kids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert_eq!(ic_projects, ["阿尔法封测项目", TRICKY_TITLE]);
}

#[test]
fn a5_paper_and_pdf_command() {
    let site = print_site();
    site.write(
        "content/catalog.yaml",
        &format!("{}print: {{paper: a5, pdf: false}}\n", common::CATALOG),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site.output().join("catalog.pdf").exists(),
        "print.pdf: false"
    );
    let print_page = site.read_output("print/index.html");
    assert!(
        print_page.contains("size: A5"),
        "the browser prints on A5 too"
    );

    let file = site.path().join("brochure.pdf");
    let run = site.run(&["pdf", ".", "-o", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let info = tool("pdfinfo", &[file.to_str().unwrap()]);
    assert!(info.contains("419.528 x 595.276"), "A5: {info}");
}

#[test]
fn broken_template_fails_the_build_with_file_and_line() {
    let site = print_site();
    build_with_pdf(&site);
    let before = site.read_output("index.html");
    site.write(
        "themes/default/print/catalog.typ",
        "#let data = json(\"/data/catalog.json\")\n\n#data.no_such_field\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.expect_err("catalog.typ:3")
        .expect_err("no_such_field")
        .expect_err("previous output was left untouched");
    assert_eq!(site.read_output("index.html"), before);

    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "--no-pdf skips the template: {}", run.stderr);
}

#[test]
fn print_page_is_one_document_with_anchors() {
    let site = print_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read_output("print/index.html");
    for needle in [
        r#"id="project-alpha""#,
        r#"id="chain-ic""#,
        r##"href="#project-beta""##,
        r#"<button type="button" onclick="window.print()">打印</button>"#,
        "break-before: page",
        "@bottom-center",
        "@media print",
        "联系我们",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert_eq!(
        html.matches(r#"<figure class="qr"><svg"#).count(),
        3,
        "a QR code of each project's web page, as with base_url the PDF has"
    );
    assert_eq!(
        html.matches("window.print()").count(),
        1,
        "only the button prints"
    );
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "ids are unique");
}
