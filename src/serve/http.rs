//! A small HTTP/1.1 server for the preview, on `std::net`: one thread per connection, `GET`
//! and `HEAD` only, one request per connection, plus the server-sent events stream that drives
//! live reload. It serves only files of the in-memory site: there is no file system behind
//! it to escape from, and paths with `..`, `.`, backslashes or bad escapes are refused before
//! any lookup.
//!
//! Hand-written rather than a crate: a preview needs a few dozen lines of HTTP, while the
//! long-lived event stream and the strict path rules are easier to get right in code we own.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::inject::{self, EVENTS_PATH};
use super::store::{Hub, Snapshot};

/// Longest request head accepted; browsers send far less.
const MAX_HEAD: u64 = 16 * 1024;
/// How long a silent client keeps its thread.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle event stream sends a comment, so closed tabs are noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Serves connections until the listener fails; each connection gets its own thread.
pub fn run(listener: TcpListener, hub: Arc<Hub>) {
    for stream in listener.incoming().flatten() {
        let hub = Arc::clone(&hub);
        let spawned = std::thread::Builder::new()
            .name("brochure-http".into())
            .spawn(move || handle(stream, &hub));
        if let Err(err) = spawned {
            eprintln!("warning: cannot answer a request: {err}");
        }
    }
}

fn handle(mut stream: TcpStream, hub: &Hub) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let response = match read_request(&stream) {
        Ok(request) if request.target == EVENTS_PATH && request.method == Method::Get => {
            return stream_events(stream, hub);
        }
        Ok(request) => route(&request, &hub.snapshot()),
        Err(status) => Response::text(status, status_text(status)),
    };
    let _ = response.write_to(&mut stream);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub target: String,
}

/// Reads the request line and skips the headers; the status on error.
fn read_request(stream: &TcpStream) -> Result<Request, u16> {
    parse_request(BufReader::new(stream.take(MAX_HEAD)))
}

/// Parses a request head: the request line, then headers up to the empty line, which are
/// skipped; the status to answer with on error.
pub fn parse_request(mut reader: impl BufRead) -> Result<Request, u16> {
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|_| 400u16)?;
    let mut parts = line.split_ascii_whitespace();
    let (Some(method), Some(target), Some(_version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => return Err(405),
    };
    let target = target.to_owned();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => return Err(400),
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) if !header.ends_with('\n') => return Err(431),
            Ok(_) => {}
            Err(_) => return Err(400),
        }
    }
    Ok(Request { method, target })
}

/// What a request gets, decided from the snapshot alone.
pub fn route(request: &Request, snapshot: &Snapshot) -> Response {
    let response = answer(&request.target, snapshot);
    if request.method == Method::Head {
        response.without_body()
    } else {
        response
    }
}

fn answer(target: &str, snapshot: &Snapshot) -> Response {
    let raw_path = target.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = site_path(raw_path) else {
        return Response::text(400, "refused: the path leaves the site or is malformed");
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = snapshot.site.get(&key) {
        return file_response(200, &key, &key, bytes, snapshot);
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && snapshot.site.contains(&format!("{path}/index.html"))
    {
        let query = &target[raw_path.len()..];
        return Response::redirect(format!("{raw_path}/{query}"));
    }
    not_found(&key, snapshot)
}

/// The site's 404 page, whose reload script watches the page that was asked for, so it
/// appears as soon as it is written.
fn not_found(asked: &str, snapshot: &Snapshot) -> Response {
    match snapshot.site.get("404.html") {
        Some(bytes) => file_response(404, "404.html", asked, bytes, snapshot),
        None => {
            let page = b"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>404</title></head><body><p>Not found. No good build of the site yet: fix the errors listed above.</p></body></html>";
            file_response(404, "404.html", asked, &Arc::from(&page[..]), snapshot)
        }
    }
}

/// A file of the site; HTML gets the reload script, watching `page`.
fn file_response(
    status: u16,
    key: &str,
    page: &str,
    bytes: &Arc<[u8]>,
    snapshot: &Snapshot,
) -> Response {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        let served = inject::Served {
            page,
            version: snapshot.version,
            overlay: snapshot.overlay.as_deref(),
        };
        Body::Owned(inject::inject(bytes, served))
    } else {
        Body::Shared(Arc::clone(bytes))
    };
    Response {
        status,
        headers: vec![("Content-Type", content_type.to_owned())],
        body,
        send_body: true,
    }
}

/// The site path (no leading `/`) of a request path, decoded; `None` when it is refused:
/// not starting with exactly one `/` (`//x` and `/%2Fx` are refused too), a backslash raw or
/// encoded, a `.` or `..` segment raw or encoded, a NUL, a bad `%` escape or bytes that are not
/// UTF-8.
pub fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    if rest.contains('\\') {
        return None;
    }
    let decoded = String::from_utf8(percent_decode(rest)?).ok()?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    let escapes = decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".");
    (!escapes).then_some(decoded)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `Content-Type` of a site file, with `charset=utf-8` for text.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" | "typ" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Sends the current state at once, then every change, until the client goes away.
fn stream_events(mut stream: TcpStream, hub: &Hub) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut state = hub.snapshot();
    loop {
        let message = format!(
            "data: {}\n\n",
            inject::event_data(
                state.version,
                state.changed.as_deref(),
                state.overlay.as_deref()
            )
        );
        if stream.write_all(message.as_bytes()).is_err() {
            return;
        }
        state = loop {
            match hub.wait_newer(state.revision, KEEP_ALIVE) {
                Some(newer) => break newer,
                None if stream.write_all(b": keep-alive\n\n").is_err() => return,
                None => {}
            }
        };
    }
}

#[derive(Debug)]
enum Body {
    Shared(Arc<[u8]>),
    Owned(Vec<u8>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Shared(bytes) => bytes,
            Body::Owned(bytes) => bytes,
        }
    }
}

/// A complete response; HEAD responses carry the GET headers and no body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    body: Body,
    send_body: bool,
}

impl Response {
    fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: Body::Owned(format!("{status} {text}\n").into_bytes()),
            send_body: true,
        }
    }

    fn redirect(location: String) -> Response {
        let mut response = Response::text(301, "moved");
        response.headers.push(("Location", location));
        response
    }

    fn without_body(mut self) -> Response {
        self.send_body = false;
        self
    }

    pub fn body(&self) -> &[u8] {
        if self.send_body {
            self.body.bytes()
        } else {
            &[]
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn write_to(&self, stream: &mut TcpStream) -> std::io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, status_text(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
            self.body.bytes().len()
        ));
        if self.status == 405 {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        head.push_str("Connection: close\r\n\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(self.body())?;
        stream.flush()
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Sink;
    use crate::serve::store::MemorySink;

    fn snapshot() -> Snapshot {
        let sink = MemorySink::default();
        sink.write("index.html", b"<html><body>home</body></html>")
            .unwrap();
        sink.write("projects/a/index.html", b"<body>a</body>")
            .unwrap();
        sink.write("404.html", b"<body>missing</body>").unwrap();
        sink.write("static/style.css", b"body{}").unwrap();
        Snapshot {
            revision: 1,
            version: 1,
            site: Arc::new(sink.into_generation()),
            changed: None,
            overlay: None,
        }
    }

    fn get(target: &str) -> Response {
        let request = Request {
            method: Method::Get,
            target: target.into(),
        };
        route(&request, &snapshot())
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/..%2fCargo.toml",
            "/a/../../x",
            "/a\\..\\x",
            "/a%5c..%5cx",
            "/./index.html",
            "/%00",
            "/%zz",
            "/%+1",
            "/%e4",
            "index.html",
            // Found by fuzzing (fuzz/http_request): the path came out with a leading '/'.
            "//",
            "//etc/passwd",
            "/%2Fetc/passwd",
        ] {
            assert_eq!(site_path(raw), None, "{raw}");
            assert_eq!(get(raw).status, 400, "{raw}");
        }
        assert_eq!(site_path("/projects/%E9%A1%B9/").unwrap(), "projects/项/");
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_slash() {
        let home = get("/");
        assert_eq!(home.status, 200);
        assert!(String::from_utf8_lossy(home.body()).contains("EventSource"));
        assert_eq!(get("/projects/a/").status, 200);
        let moved = get("/projects/a?x=1");
        assert_eq!(moved.status, 301);
        assert_eq!(moved.header("Location"), Some("/projects/a/?x=1"));
    }

    #[test]
    fn missing_files_get_the_sites_404_page() {
        let missing = get("/nope.html");
        assert_eq!(missing.status, 404);
        assert!(String::from_utf8_lossy(missing.body()).contains("missing"));
    }

    #[test]
    fn types_and_head() {
        let css = get("/static/style.css");
        assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
        assert_eq!(css.body(), b"body{}", "only HTML gets the script");
        let head = route(
            &Request {
                method: Method::Head,
                target: "/static/style.css".into(),
            },
            &snapshot(),
        );
        assert_eq!(head.status, 200);
        assert!(head.body().is_empty());
        assert_eq!(content_type("a/B.PNG"), "image/png");
        assert_eq!(content_type("data/projects.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
