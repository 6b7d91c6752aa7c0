//! Data in and out: `brochure import` on workbooks and CSV files the tests make themselves,
//! the exports every build writes, the export → import round trip, and `new` / `init`.

mod common;

use std::fs;

use calamine::{Data, Reader, open_workbook_auto};
use common::{Run, TestSite};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// Writes a workbook with one sheet "项目清单": a merged title row, then `header`, then
/// `rows` (numbers written as numbers), saved as `name` in the site.
fn workbook(site: &TestSite, name: &str, header: &[&str], rows: &[Vec<Cell>]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("项目清单").unwrap();
    let last = header.len() as u16 - 1;
    sheet
        .merge_range(
            0,
            0,
            0,
            last,
            "2024年重点产业链招商项目清单",
            &Format::new(),
        )
        .unwrap();
    for (col, text) in header.iter().enumerate() {
        sheet.write_string(1, col as u16, *text).unwrap();
    }
    for (index, row) in rows.iter().enumerate() {
        let r = index as u32 + 2;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text("") => {}
                Cell::Text(text) => {
                    sheet.write_string(r, c, *text).unwrap();
                }
                Cell::Number(number) => {
                    sheet.write_number(r, c, *number).unwrap();
                }
                Cell::Date(y, m, d) => {
                    let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    let format = Format::new().set_num_format("yyyy-mm-dd");
                    sheet
                        .write_datetime_with_format(r, c, &date, &format)
                        .unwrap();
                }
            }
        }
    }
    site.write_bytes(name, &book.save_to_buffer().unwrap());
}

enum Cell {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
}

use Cell::{Date, Number, Text};

fn project_files(site: &TestSite) -> Vec<String> {
    let dir = site.path().join("content/projects");
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn read(site: &TestSite, relative: &str) -> String {
    fs::read_to_string(site.path().join(relative)).unwrap()
}

fn expect_ok(run: &Run) {
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

const HEADER: &[&str] = &[
    "序号",
    "项目名称",
    "所属产业链",
    "所在县区",
    "总投资（亿元）",
    "拟引资额\n(万元)",
    "合作方式",
    "联系人",
    "联系电话",
    "更新日期",
    "建设内容",
];

#[test]
fn workbook_below_a_title_row_with_units_imports_and_builds() {
    let site = TestSite::new();
    workbook(
        &site,
        "projects.xlsx",
        HEADER,
        &[
            vec![
                Number(1.0),
                Text("电子封装材料项目"),
                Text("集成电路封测"),
                Text("麦积区"),
                Number(1.5),
                Number(8000.0),
                Text("独资、合资"),
                Text("王先生"),
                Text("0938-1234567"),
                Date(2024, 6, 30),
                Text("建设厂房两栋。\n购置封装设备。"),
            ],
            vec![
                Number(2.0),
                Text("药食同源产品项目"),
                Text("food"),
                Text("qinzhou"),
                Number(0.35),
                Text(""),
                Text("合作"),
                Text(""),
                Text(""),
                Text("2024-05-01"),
                Text(""),
            ],
        ],
    );
    let run = site.run(&["import", "projects.xlsx"]);
    expect_ok(&run);
    assert!(
        run.stdout
            .contains("2 created, 0 updated, 0 unchanged, 0 skipped"),
        "{}",
        run.stdout
    );
    assert_eq!(project_files(&site), ["maiji-ic-3.md", "qinzhou-food-4.md"]);
    let first = read(&site, "content/projects/maiji-ic-3.md");
    for line in [
        "title: 电子封装材料项目\n",
        "investment: 1.5亿元\n",
        "seeking: 8000万元\n",
        "updated: 2024-06-30\n",
        "contact:\n  person: 王先生\n  phone: 0938-1234567\n",
        "## 建设内容及规模\n\n建设厂房两栋。\n购置封装设备。\n",
    ] {
        assert!(first.contains(line), "{line:?} not in\n{first}");
    }
    expect_ok(&site.build());
    let json: serde_json::Value =
        serde_json::from_str(&site.read_output("data/projects.json")).unwrap();
    let amounts: Vec<f64> = json["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["investment_wan"].as_f64().unwrap())
        .collect();
    assert_eq!(amounts, [15000.0, 3500.0]);
}

#[test]
fn gbk_csv_imports() {
    let site = TestSite::new();
    let text = "项目名称,产业链,县区,总投资,项目编号,建设地点\r\n冷链物流项目,医药食品,秦州区,8000万元,QZ-001,秦州区工业园\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    site.write_bytes("清单.csv", &gbk);
    let run = site.run(&["import", "清单.csv"]);
    expect_ok(&run);
    let file = read(&site, "content/projects/qz-001.md");
    assert!(file.contains("title: 冷链物流项目\n"), "{file}");
    assert!(file.contains("location: 秦州区工业园\n"), "{file}");
    expect_ok(&site.check());
}

#[test]
fn bad_rows_are_reported_by_cell_and_nothing_is_written() {
    let site = TestSite::new();
    let good = vec![
        Number(1.0),
        Text("好项目"),
        Text("ic"),
        Text("maiji"),
        Number(2.0),
        Text(""),
    ];
    let bad_names = vec![
        Number(2.0),
        Text("坏项目"),
        Text("集成电路"),
        Text("麦积"),
        Number(3.0),
        Text(""),
    ];
    let bad_amount = vec![
        Number(3.0),
        Text("金额不对的项目"),
        Text("ic"),
        Text("maiji"),
        Text("很多"),
        Text(""),
    ];
    workbook(
        &site,
        "projects.xlsx",
        &HEADER[..6],
        &[good, bad_names, bad_amount],
    );
    let run = site.run(&["import", "projects.xlsx"]);
    assert_eq!(run.code, 1, "{run:?}");
    run.expect_err("projects.xlsx: 项目清单!C4: error: unknown chain '集成电路'")
        .expect_err("did you mean '集成电路封测'")
        .expect_err("projects.xlsx: 项目清单!D4: error: unknown county '麦积'")
        .expect_err("projects.xlsx: 项目清单!E5: error: 'investment'")
        .expect_err("3 errors in the sheet; nothing was written");
    assert!(project_files(&site).is_empty());
}

#[test]
fn reimport_skips_existing_files_and_update_keeps_the_body() {
    let site = TestSite::new();
    let sheet = |amount: &str| {
        format!(
            "\u{feff}slug,项目名称,产业链,县区,总投资（万元）,合作方式\nled-chip,LED芯片项目,ic,maiji,{amount},合资\n"
        )
    };
    site.write("sheet.csv", &sheet("50000"));
    expect_ok(&site.run(&["import", "sheet.csv"]));
    let path = "content/projects/led-chip.md";
    let written = read(&site, path);
    let edited = format!("{written}\n## 项目概况\n\n手写的项目概况。\n")
        .replace("cooperation: 合资\n", "cooperation: 合资\nfeatured: true\n");
    site.write(path, &edited);
    let edited = read(&site, path);

    site.write("sheet.csv", &sheet("60000"));
    let run = site.run(&["import", "sheet.csv", "--dry-run", "--update"]);
    expect_ok(&run);
    assert!(
        run.stdout
            .contains("dry run, nothing written: 0 created, 1 updated"),
        "{}",
        run.stdout
    );
    assert_eq!(read(&site, path), edited);

    let run = site.run(&["import", "sheet.csv"]);
    expect_ok(&run);
    assert!(
        run.stdout
            .contains("0 created, 0 updated, 0 unchanged, 1 skipped"),
        "{}",
        run.stdout
    );
    assert_eq!(read(&site, path), edited);

    let run = site.run(&["import", "sheet.csv", "--update"]);
    expect_ok(&run);
    assert!(
        run.stdout.contains("0 created, 1 updated"),
        "{}",
        run.stdout
    );
    let updated = read(&site, path);
    assert!(updated.contains("investment: 60000万元\n"), "{updated}");
    assert!(!updated.contains("50000"), "{updated}");
    assert!(updated.contains("featured: true\n"), "{updated}");
    assert!(
        updated.ends_with("## 项目概况\n\n手写的项目概况。\n"),
        "{updated}"
    );

    let run = site.run(&["import", "sheet.csv", "--update"]);
    assert!(
        run.stdout.contains("0 created, 0 updated, 1 unchanged"),
        "{}",
        run.stdout
    );
    expect_ok(&site.check());
}

/// A site whose projects use every exported field, amounts with fractions of 万元 included.
fn full_site() -> TestSite {
    let site = TestSite::new();
    site.project(
        "ic-a",
        "title: 引线框架项目\ntitle_en: Lead Frames\nchain: ic\ncounty: maiji\ninvestment: 1.5亿元\nseeking: 123.4567万元\ncooperation: 合资、合作\nstatus: 在谈\nsegment: 上游·材料\nlocation: 麦积区工业园\nland: 150亩\ntags: [集成电路, 补链]\ncode: TS-001\nfeatured: true\nupdated: 2024-05-09\nsummary: 建设引线框架生产线。\ncontact:\n  org: 麦积区招商局\n  person: 李先生\n  phone: \"0938-5550123\"\n  email: a@example.gov.cn",
    );
    site.project(
        "food-b",
        "title: 中药饮片项目\nchain: 医药食品\ncounty: 秦州区\ninvestment: 约10亿元\nstatus: 已签约",
    );
    site.project(
        "ic-c",
        "title: 测试设备项目\nchain: ic\ncounty: qinzhou\ninvestment: 8000",
    );
    site
}

#[test]
fn exports_import_back_into_the_same_catalog() {
    let site = full_site();
    expect_ok(&site.build());
    let original = site.read_output("data/projects.json");
    let csv = fs::read(site.output().join("data/projects.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    for export in ["projects.xlsx", "projects.csv"] {
        let copy = TestSite::new();
        let bytes = fs::read(site.output().join("data").join(export)).unwrap();
        copy.write_bytes(export, &bytes);
        let run = copy.run(&["import", export]);
        expect_ok(&run);
        assert!(run.stdout.contains("3 created"), "{export}: {}", run.stdout);
        expect_ok(&copy.build());
        assert_eq!(copy.read_output("data/projects.json"), original, "{export}");
        let again = copy.run(&["import", export, "--update"]);
        assert!(
            again.stdout.contains("3 unchanged"),
            "{export}: {}",
            again.stdout
        );
    }
}

#[test]
fn workbook_export_has_numbers_and_a_summary() {
    let site = full_site();
    expect_ok(&site.build());
    let mut book = open_workbook_auto(site.output().join("data/projects.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["项目清单", "汇总"]);
    let projects = book.worksheet_range("项目清单").unwrap();
    let header: Vec<String> = projects
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, brochure::render::data::CSV_HEADER);
    let amounts: Vec<&Data> = projects.rows().skip(1).map(|row| &row[5]).collect();
    assert_eq!(
        amounts,
        [
            &Data::Float(15000.0),
            &Data::Float(8000.0),
            &Data::Float(100000.0)
        ]
    );
    assert_eq!(projects.rows().nth(1).unwrap()[6], Data::Float(123.4567));
    let summary = book.worksheet_range("汇总").unwrap();
    let rows: Vec<Vec<String>> = summary
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..3], ["产业链", "项目数", "总投资（万元）"]);
    assert_eq!(rows[1][..3], ["集成电路封测", "2", "23000"]);
    assert_eq!(rows[3][..3], ["合计", "3", "123000"]);
    assert_eq!(rows[5][0], "县区");
}

#[test]
fn new_writes_a_skeleton_that_checks_once_filled() {
    let site = TestSite::new();
    let run = site.run(&[
        "new",
        "maiji-wafer",
        "--chain",
        "集成电路封测",
        "--county",
        "maiji",
    ]);
    expect_ok(&run);
    let text = read(&site, "content/projects/maiji-wafer.md");
    for key in [
        "title:",
        "chain: ic",
        "county: maiji",
        "investment:",
        "seeking:",
        "contact:",
        "  email:",
        "draft:",
    ] {
        assert!(text.contains(key), "{key} not in\n{text}");
    }
    let frontmatter = text.split("---").nth(1).unwrap();
    for line in frontmatter.lines().filter(|l| !l.trim().is_empty()) {
        assert!(line.contains("# "), "no comment on {line:?}");
    }
    expect_ok(&site.check());
    assert_eq!(site.run(&["new", "maiji-wafer"]).code, 2);
    assert_eq!(site.run(&["new", "电子项目"]).code, 2);

    let run = site.run(&["new", "blank"]);
    expect_ok(&run);
    let check = site.check();
    assert_eq!(check.code, 1);
    check.expect_err("blank.md:4: error: the required field 'chain'");
    let filled = read(&site, "content/projects/blank.md")
        .replace("chain:   ", "chain: ic")
        .replace("county:   ", "county: qinzhou");
    site.write("content/projects/blank.md", &filled);
    expect_ok(&site.check());
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Run::from(
            std::process::Command::new(env!("CARGO_BIN_EXE_brochure"))
                .args(args)
                .current_dir(dir.path())
                .output()
                .unwrap(),
        )
    };
    expect_ok(&run(&["init", "plain"]));
    expect_ok(&run(&["build", "plain", "--no-pdf"]));
    for page in [
        "index.html",
        "projects/index.html",
        "pages/investment-environment/index.html",
    ] {
        assert!(
            dir.path().join("plain/output").join(page).is_file(),
            "{page}"
        );
    }
    assert_eq!(run(&["init", "plain"]).code, 2);

    expect_ok(&run(&["init", "themed", "--with-theme"]));
    let base = dir.path().join("themed/themes/default/templates/base.html");
    assert!(base.is_file());
    expect_ok(&run(&["build", "themed", "--no-pdf"]));
}

#[test]
fn merged_cells_apply_to_every_row_they_cover_and_sheet_is_chosen_by_name() {
    let site = TestSite::new();
    let mut book = Workbook::new();
    book.add_worksheet().set_name("说明").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("二期").unwrap();
    for (col, text) in ["项目名称", "县区", "产业链", "总投资(万元)"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *text).unwrap();
    }
    for (row, title) in [(1, "甲项目"), (2, "乙项目")] {
        sheet.write_string(row, 0, title).unwrap();
        sheet.write_string(row, 2, "ic").unwrap();
        sheet.write_number(row, 3, 1200.5).unwrap();
    }
    sheet
        .merge_range(1, 1, 2, 1, "秦州区", &Format::new())
        .unwrap();
    site.write_bytes("book.xlsx", &book.save_to_buffer().unwrap());

    let run = site.run(&["import", "book.xlsx", "--sheet", "二期"]);
    expect_ok(&run);
    assert_eq!(project_files(&site), ["qinzhou-ic-2.md", "qinzhou-ic-3.md"]);
    let second = read(&site, "content/projects/qinzhou-ic-3.md");
    assert!(
        second.contains("county: 秦州区\ninvestment: 1200.5万元\n"),
        "{second}"
    );
    assert_eq!(
        site.run(&["import", "book.xlsx", "--sheet", "三期"]).code,
        2
    );
    expect_ok(&site.check());
}

#[test]
fn empty_required_cells_are_reported_at_the_cell() {
    let site = TestSite::new();
    site.write(
        "sheet.csv",
        "项目名称,产业链,县区,总投资\n,ic,maiji,3\n乙,,maiji,\n",
    );
    let run = site.run(&["import", "sheet.csv"]);
    assert_eq!(run.code, 1, "{run:?}");
    run.expect_err("sheet.csv: A2: error: the required field 'title'")
        .expect_err("sheet.csv: B3: error: the required field 'chain'")
        .expect_err("sheet.csv: D3: error: 'investment'");
    assert!(project_files(&site).is_empty());
}

#[test]
fn duplicate_and_non_ascii_slugs_are_refused() {
    let site = TestSite::new();
    site.write(
        "sheet.csv",
        "slug,项目名称,产业链,县区,总投资\nled,甲,ic,maiji,3\nled,乙,ic,maiji,3\n电子,丙,ic,maiji,3\n",
    );
    let run = site.run(&["import", "sheet.csv"]);
    assert_eq!(run.code, 1, "{run:?}");
    run.expect_err("sheet.csv: A3: error: the file name 'led' is also the one of row 2")
        .expect_err("sheet.csv: A4: error: '电子' cannot be a file name");
    assert!(project_files(&site).is_empty());
}

#[test]
fn formula_like_cells_are_text_in_the_csv_and_import_back_exactly() {
    let site = TestSite::new();
    site.project(
        "formula",
        "title: '=HYPERLINK(\"http://evil.example/\",\"点击\")'\ntitle_en: \"'quoted\"\nchain: ic\ncounty: maiji\ninvestment: 1.5亿元\nsummary: '-1+2 开头是减号'\nlocation: '@园区'\nland: '+30亩'",
    );
    expect_ok(&site.build());
    let original = site.read_output("data/projects.json");
    let csv = site.read_output("data/projects.csv");
    for guarded in [
        "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"点击\"\")\"",
        "''quoted",
        "'-1+2 开头是减号",
        "'@园区",
        "'+30亩",
    ] {
        assert!(csv.contains(guarded), "{guarded} not in:\n{csv}");
    }
    let copy = TestSite::new();
    copy.write_bytes("projects.csv", csv.as_bytes());
    expect_ok(&copy.run(&["import", "projects.csv"]));
    expect_ok(&copy.build());
    assert_eq!(copy.read_output("data/projects.json"), original);
    let again = copy.run(&["import", "projects.csv", "--update"]);
    assert!(again.stdout.contains("1 unchanged"), "{}", again.stdout);
}
