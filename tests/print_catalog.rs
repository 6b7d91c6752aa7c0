//! The print catalog: print/index.html, and catalog.pdf checked with poppler-utils (pdfinfo,
//! pdffonts, pdftotext) and qpdf; without them the PDF tests are skipped with a message saying
//! what to install (they fail instead when BROCHURE_REQUIRE_TOOLS is set). The PDF is typeset
//! with the system's Chinese fonts when there are any, and with the bundled font alone when
//! BROCHURE_NO_SYSTEM_FONTS hides them, as on a machine without fonts.

mod common;

use std::process::Command;

use common::{TestSite, valid_fields};

/// Whether pdfinfo, pdffonts, pdftotext and qpdf are there; see [`common::tools_present`].
fn pdf_tools_present() -> bool {
    common::tools_present(
        &["pdfinfo", "pdffonts", "pdftotext", "qpdf"],
        "apt-get install poppler-utils qpdf",
    )
}

/// Runs a PDF tool (checked by [`pdf_tools_present`]) and returns its stdout.
fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("cannot run {name}: {err}"));
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
    if !pdf_tools_present() {
        return;
    }
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
    if !pdf_tools_present() {
        return;
    }
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

/// Makes the binary ignore the system's fonts, as on a machine with none installed.
const NO_SYSTEM_FONTS: (&str, &str) = ("BROCHURE_NO_SYSTEM_FONTS", "1");

/// README's build command on the repository's sample catalog, on a machine without fonts:
/// every font in the PDF is the bundled one, embedded as a subset, and every project title is
/// text in it.
#[test]
fn sample_catalog_with_only_the_bundled_font() {
    if !pdf_tools_present() {
        return;
    }
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let build = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .arg("build")
        .arg(repo)
        .arg("-o")
        .arg(out.path())
        .env(NO_SYSTEM_FONTS.0, NO_SYSTEM_FONTS.1)
        .output()
        .expect("run brochure");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(
        !stderr.contains("U+"),
        "the bundled font has every character of the sample:\n{stderr}"
    );
    let pdf = out.path().join("catalog.pdf");
    let pdf = pdf.to_str().unwrap();

    let fonts = tool("pdffonts", &[pdf]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let name = columns[0];
        let (embedded, subset) = (columns[columns.len() - 5], columns[columns.len() - 4]);
        assert!(
            name.contains("+BrochureSansSC-Regular") || name.contains("+BrochureSansSC-Bold"),
            "only the bundled font: {row}"
        );
        assert_eq!(
            (embedded, subset),
            ("yes", "yes"),
            "an embedded subset: {row}"
        );
    }
    assert!(
        rows.iter().any(|row| row.contains("Bold")),
        "headings are bold:\n{fonts}"
    );

    let text: String = tool("pdftotext", &[pdf, "-"]).split_whitespace().collect();
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("data/projects.json")).unwrap(),
    )
    .unwrap();
    let projects = data["projects"]
        .as_array()
        .expect("projects in projects.json");
    assert!(
        projects.len() > 40,
        "the whole sample catalog: {}",
        projects.len()
    );
    for project in projects {
        let title: String = project["title"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .collect();
        assert!(text.contains(&title), "{title} is missing from catalog.pdf");
    }
}

/// A character no font has is a warning at its file and line, in `check` and in `build`,
/// which still writes the PDF.
#[test]
fn a_character_no_font_has_is_a_warning_at_its_line() {
    let site = print_site();
    site.write(
        "content/projects/rare.md",
        "---\ntitle: 稀有字项目\nchain: ic\ncounty: maiji\ninvestment: 1亿元\n---\n\n正文第一行。\n\n位于𠀀村。\n",
    );
    let expected = "content/projects/rare.md:10: warning:";
    let check = site.run_with_env(&["check"], &[NO_SYSTEM_FONTS]);
    assert_eq!(check.code, 0, "a warning, not an error: {}", check.stderr);
    check.expect_err(expected).expect_err("'𠀀' (U+20000)");
    assert_eq!(
        check.stderr.matches("U+").count(),
        2,
        "one warning (in two languages), for the one missing character:\n{}",
        check.stderr
    );

    let build = site.run_with_env(&["build"], &[NO_SYSTEM_FONTS]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    build.expect_err(expected).expect_err("U+20000");
    assert!(site.output().join("catalog.pdf").is_file());

    let without_pdf = site.run_with_env(&["build", "--no-pdf"], &[NO_SYSTEM_FONTS]);
    assert!(
        !without_pdf.stderr.contains("U+20000"),
        "no PDF, no font warning:\n{}",
        without_pdf.stderr
    );
}
