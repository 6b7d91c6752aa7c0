//! What serve adds to HTML responses, and only there: the live-reload script and, while the
//! content is broken, the error overlay. Built pages never carry either, so `build` output
//! stays clean.

use crate::render::escape_markup;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, display_path};

/// The path of the server-sent events stream the reload script listens to.
pub const EVENTS_PATH: &str = "/__brochure/events";

/// The id of the overlay element, so the script can replace or remove it.
const OVERLAY_ID: &str = "__brochure-overlay";

/// At most this many problems are listed; the rest are counted.
const OVERLAY_LIMIT: usize = 50;

/// Where a page is and what it was served with, for the reload script.
#[derive(Debug, Clone, Copy)]
pub struct Served<'a> {
    /// The site path the page was asked for, such as `projects/a/index.html`.
    pub page: &'a str,
    pub version: u64,
    pub overlay: Option<&'a str>,
}

/// `html` with the script (and the overlay, if any) inserted before `</body>`, or appended
/// when the page has none.
pub fn inject(html: &[u8], served: Served<'_>) -> Vec<u8> {
    let snippet = snippet(served);
    let at = html
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The reload script knows its page and the version of the site it was served with. The next
/// version reloads the page only when it changed this page (or everything); a message of the
/// same version only updates the overlay; anything else reloads, to be safe.
fn snippet(served: Served<'_>) -> String {
    let Served {
        page,
        version,
        overlay,
    } = served;
    let page = serde_json::Value::from(page)
        .to_string()
        .replace('<', "\\u003c");
    format!(
        r#"{overlay}<script>
(function () {{
  var version = {version}, page = {page};
  var events = new EventSource("{EVENTS_PATH}");
  events.onmessage = function (message) {{
    var state = JSON.parse(message.data);
    if (state.version !== version) {{
      var untouched = state.version === version + 1 && state.changed && state.changed.indexOf(page) < 0;
      if (!untouched) {{ location.reload(); return; }}
      version = state.version;
    }}
    var shown = document.getElementById("{OVERLAY_ID}");
    if (shown) {{ shown.remove(); }}
    if (state.overlay) {{ document.body.insertAdjacentHTML("beforeend", state.overlay); }}
  }};
}})();
</script>
"#,
        overlay = overlay.unwrap_or("")
    )
}

/// The message sent on the event stream: the site's version, the paths its publication
/// changed (`null` for everything) and the overlay, if any.
pub fn event_data(version: u64, changed: Option<&[Arc<str>]>, overlay: Option<&str>) -> String {
    let changed: Option<Vec<&str>> = changed.map(|paths| paths.iter().map(|p| &**p).collect());
    serde_json::json!({ "version": version, "changed": changed, "overlay": overlay }).to_string()
}

/// The overlay listing the errors, each with its file, line, message and hint, all escaped.
pub fn overlay(errors: &[&Diagnostic]) -> String {
    let mut items = String::new();
    for error in errors.iter().take(OVERLAY_LIMIT) {
        let place = if error.line > 0 {
            format!("{}:{}", display_path(&error.path), error.line)
        } else {
            display_path(&error.path)
        };
        items.push_str(&format!(
            "<li style=\"margin:0 0 8px\"><code style=\"font-weight:bold\">{}</code> {}",
            escape_markup(&place),
            escape_markup(&error.message)
        ));
        if let Some(hint) = &error.hint {
            items.push_str(&format!(
                "<br><span style=\"color:#555\">hint: {}</span>",
                escape_markup(hint)
            ));
        }
        items.push_str("</li>");
    }
    if errors.len() > OVERLAY_LIMIT {
        items.push_str(&format!(
            "<li>… and {} more (run <code>brochure check</code>)</li>",
            errors.len() - OVERLAY_LIMIT
        ));
    }
    let count = errors.len();
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;max-height:70vh;overflow:auto;z-index:2147483647;box-sizing:border-box;padding:12px 16px;background:#fff4f4;color:#300;border-bottom:3px solid #c00;box-shadow:0 4px 16px rgba(0,0,0,.25);font:14px/1.5 system-ui,sans-serif;text-align:left\">\
<button type=\"button\" onclick=\"this.parentNode.remove()\" aria-label=\"关闭\" style=\"float:right;font-size:20px;border:0;background:none;cursor:pointer\">×</button>\
<p style=\"margin:0 0 8px;font-weight:bold\">内容有 {count} 处错误，预览仍显示上一次正确的版本 · {count} error{plural}: showing the last good version</p>\
<ol style=\"margin:0;padding-left:24px\">{items}</ol></div>",
        plural = if count == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></BODY></html>";
        let served = Served {
            page: "a/index.html",
            version: 7,
            overlay: None,
        };
        let out = String::from_utf8(inject(page, served)).unwrap();
        let script = out.find("<script>").unwrap();
        assert!(script > out.find("<p>x</p>").unwrap());
        assert!(script < out.find("</BODY>").unwrap());
        assert!(
            out.contains("var version = 7, page = \"a/index.html\";"),
            "{out}"
        );
        assert!(out.contains(EVENTS_PATH));
    }

    #[test]
    fn pages_without_a_body_end_get_it_appended() {
        let served = Served {
            page: "</script>",
            version: 1,
            overlay: Some("<div>o</div>"),
        };
        let out = String::from_utf8(inject(b"<p>x", served)).unwrap();
        assert!(
            !out.contains("</script>\";"),
            "a path cannot end the script: {out}"
        );
        assert!(out.starts_with("<p>x<div>o</div><script>"));
    }

    #[test]
    fn overlay_escapes_and_locates() {
        let error = Diagnostic::error("content/projects/<a>.md", 3, "bad 'x' & <y>")
            .with_hint("write \"15亿元\"");
        let html = overlay(&[&error]);
        assert!(html.contains("content/projects/&lt;a&gt;.md:3"), "{html}");
        assert!(html.contains("bad &#39;x&#39; &amp; &lt;y&gt;"), "{html}");
        assert!(html.contains("hint: write &quot;15亿元&quot;"), "{html}");
        assert!(html.contains("1 error:"));
    }

    #[test]
    fn event_data_is_one_line_of_json() {
        let changed: Vec<Arc<str>> = vec![Arc::from("a/index.html")];
        let data = event_data(3, Some(&changed), Some("<div>\n</div>"));
        assert!(!data.contains('\n'));
        let value: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(value["version"], 3);
        assert_eq!(value["overlay"], "<div>\n</div>");
        assert_eq!(value["changed"][0], "a/index.html");
    }
}
