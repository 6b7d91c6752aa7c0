//! `brochure serve` as a user meets it: the binary on a free loopback port, files saved the way
//! editors save them (a temporary file renamed over the original), pages fetched over raw
//! HTTP so that paths reach the server exactly as written.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestSite, valid_fields};

/// The running server; killed when dropped, whatever the test did.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brochure"))
            .args(["serve", "--port", "0"])
            .current_dir(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start brochure serve");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let port = loop {
            let line = lines
                .next()
                .expect("serve printed its address")
                .expect("read serve's output");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                break digits.parse().expect("a port in the URL");
            }
        };
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, port }
    }

    /// Sends `target` exactly as given; returns the status and the body.
    fn get(&self, method: &str, target: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().expect("a status code");
        let body = response
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, body)| body.to_owned());
        (status, body)
    }

    /// Polls until the page at `target` satisfies `ready`, for at most ten seconds.
    fn wait_for(&self, target: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (_, body) = self.get("GET", target);
            if ready(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{what} never happened on {target}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves like vim or JetBrains do: a new file renamed over the old one.
fn save_by_rename(site: &TestSite, relative: &str, text: &str) {
    let target = site.path().join(relative);
    let temporary = target.with_file_name(".save.tmp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, &target).unwrap();
}

fn project_text(title: &str) -> String {
    format!(
        "---\n{}\n---\n\n## 项目概况\n\n正文。\n",
        valid_fields(title)
    )
}

fn site_with_two_projects() -> TestSite {
    let site = TestSite::new();
    site.project("alpha", &valid_fields("甲项目"));
    site.project("beta", &valid_fields("乙项目"));
    site
}

const OVERLAY: &str = "id=\"__brochure-overlay\"";

#[test]
fn an_edit_saved_by_rename_is_served_with_the_reload_script() {
    let site = site_with_two_projects();
    let server = Server::start(&site);
    let (status, page) = server.get("GET", "/projects/alpha/");
    assert_eq!(status, 200);
    assert!(page.contains("甲项目") && page.contains("/__brochure/events"));

    save_by_rename(
        &site,
        "content/projects/alpha.md",
        &project_text("甲项目改名"),
    );
    server.wait_for("/projects/alpha/", "the new title", |body| {
        body.contains("甲项目改名")
    });
    server.wait_for("/projects/", "the new title in the list", |body| {
        body.contains("甲项目改名")
    });

    site.write("content/projects/gamma.md", &project_text("丙项目"));
    server.wait_for("/projects/gamma/", "the added project", |body| {
        body.contains("丙项目")
    });
    std::fs::remove_file(site.path().join("content/projects/beta.md")).unwrap();
    server.wait_for("/projects/", "the deleted project gone", |body| {
        !body.contains("乙项目")
    });
    assert_eq!(server.get("GET", "/projects/beta/").0, 404);
}

#[test]
fn broken_content_keeps_the_last_good_page_under_an_overlay_until_fixed() {
    let site = site_with_two_projects();
    let server = Server::start(&site);
    let broken = project_text("坏项目").replace("15亿元", "很多钱");
    save_by_rename(&site, "content/projects/alpha.md", &broken);
    let page = server.wait_for("/projects/beta/", "the overlay", |body| {
        body.contains(OVERLAY)
    });
    assert!(page.contains("content/projects/alpha.md:"), "{page}");
    assert!(
        page.contains("很多钱"),
        "the message names the bad value: {page}"
    );
    let (status, alpha) = server.get("GET", "/projects/alpha/");
    assert_eq!(status, 200);
    assert!(
        alpha.contains("甲项目") && !alpha.contains("坏项目"),
        "the last good page"
    );

    save_by_rename(
        &site,
        "content/projects/alpha.md",
        &project_text("修好的项目"),
    );
    let fixed = server.wait_for("/projects/alpha/", "the fix", |body| {
        body.contains("修好的项目")
    });
    assert!(!fixed.contains(OVERLAY), "the overlay goes away: {fixed}");
}

#[test]
fn paths_leaving_the_site_are_refused() {
    let site = site_with_two_projects();
    let server = Server::start(&site);
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/..\\Cargo.toml",
        "/projects/%2E%2E/%2E%2E/content/catalog.yaml",
    ] {
        let (status, body) = server.get("GET", target);
        assert_eq!(status, 400, "{target}: {body}");
        assert!(!body.contains("测试项目册"), "{target}");
    }
    let (status, body) = server.get("GET", "/content/catalog.yaml");
    assert_eq!(status, 404, "only built files are served");
    assert!(!body.contains("region:"), "not the raw file");
}

#[test]
fn folders_redirect_missing_pages_get_the_404_page_and_head_has_no_body() {
    let site = site_with_two_projects();
    let server = Server::start(&site);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(stream, "GET /projects/alpha HTTP/1.1\r\n\r\n").unwrap();
    let mut head = String::new();
    stream.read_to_string(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 301"), "{head}");
    assert!(head.contains("Location: /projects/alpha/\r\n"), "{head}");

    let (status, body) = server.get("GET", "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(
        body.contains("测试项目册"),
        "the site's own 404 page: {body}"
    );
    let home = format!(r#"href="http://127.0.0.1:{}/index.html""#, server.port);
    assert!(
        body.contains(&home),
        "at any depth, the 404 page links to the preview itself: {body}"
    );
    let (status, body) = server.get("HEAD", "/projects/alpha/");
    assert_eq!(status, 200);
    assert!(body.is_empty());
}

#[test]
fn build_output_has_no_reload_script() {
    let site = site_with_two_projects();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["index.html", "projects/alpha/index.html", "404.html"] {
        let html = site.read_output(page);
        assert!(!html.contains("__brochure"), "{page}");
        assert!(!html.contains("EventSource"), "{page}");
    }
}
