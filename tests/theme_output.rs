//! The default theme's pages on a small fixture site: charts with exact labels, the projects
//! page's hooks and filter index, the project page's contact links and sharing tags, and the
//! chain map's cues. (tests/browser.rs checks the same pages in a real browser.)

mod common;

use common::TestSite;

fn site() -> TestSite {
    let site = TestSite::new();
    site.project(
        "a",
        "title: 引线框架项目\nchain: ic\ncounty: maiji\ninvestment: 0.1亿元\nsegment: 中游·封装测试\ncooperation: 合资\ncontact: {org: 麦积区招商局, phone: \"0938-5550123\", email: zs@example.gov.cn}\nsummary: 就近配套封测企业。",
    );
    site.project(
        "b",
        "title: 乙项目\nchain: food\ncounty: qinzhou\ninvestment: 20000.5\nstatus: 已签约",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

#[test]
fn home_draws_bar_charts_with_exact_amounts() {
    let site = site();
    let home = site.read_output("index.html");
    assert_eq!(home.matches(r#"<svg class="bar-chart""#).count(), 2);
    assert!(home.contains("1 个 · 1000万元"), "the chain's exact sum");
    assert!(home.contains("1 个 · 2.00亿元"));
    assert!(
        home.contains(r#"aria-label="各产业链总投资：医药食品 2.00亿元，集成电路封测 1000万元""#)
    );
}

#[test]
fn projects_page_has_the_hooks_and_ships_its_index_as_a_script() {
    let site = site();
    let page = site.read_output("projects/index.html");
    assert!(page.contains(r#"type="search""#));
    assert!(page.contains(r#"data-project="a""#) && page.contains(r#"data-project="b""#));
    for (name, value) in [
        ("chain", "ic"),
        ("county", "qinzhou"),
        ("status", "signed"),
        ("cooperation", "合资"),
    ] {
        assert!(
            page.contains(&format!(r#"name="{name}" value="{value}""#)),
            "{name}={value}"
        );
    }
    assert!(page.contains(r#"<script src="../data/search-index.js"></script>"#));
    assert!(page.contains(r#"<script src="../static/catalog.js"></script>"#));
    let index = site.read_output("data/search-index.js");
    assert!(index.starts_with("window.BROCHURE_INDEX = ["));
    assert!(index.contains(r#""slug":"a","chain":"ic","county":"maiji","status":"reserve""#));
    assert!(index.contains("就近配套封测企业"));
    assert!(site.output().join("static/catalog.js").is_file());
}

#[test]
fn project_page_has_contact_links_and_sharing_tags() {
    let site = site();
    let page = site.read_output("projects/a/index.html");
    assert!(page.contains(r#"href="tel:0938-5550123""#));
    assert!(page.contains(r#"href="mailto:zs@example.gov.cn""#));
    assert!(page.contains(r#"<meta property="og:title" content="引线框架项目">"#));
    assert!(page.contains(r#"<meta property="og:type" content="article">"#));
    assert!(page.contains(r#"<meta name="description" content="就近配套封测企业。">"#));
    assert!(page.contains("集成电路封测</a> · 中游·封装测试"));
}

#[test]
fn chain_map_invites_investment_on_empty_segments() {
    let site = site();
    let page = site.read_output("chains/ic/index.html");
    let map = &page[page.find(r#"class="chain-map""#).unwrap()..];
    let midstream = map.find("封装测试").unwrap();
    assert!(
        map.find("材料").unwrap() < midstream,
        "segments from upstream down"
    );
    assert!(map.contains(r#"<span class="cue-tag">延链</span>"#));
    assert!(map.contains("招引项目 1 个"));
    assert!(!map.contains(r#"<span class="cue-tag">补链</span>"#));
    assert!(page.contains("华天科技"), "the chain's anchor enterprises");
}
