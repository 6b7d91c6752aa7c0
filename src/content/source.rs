//! Turning a file's bytes into text: UTF-8 with or without BOM, CRLF or LF. Anything else (GBK
//! from a Chinese Windows editor, UTF-16) is an error that says how to re-save the file; the
//! encoding is never guessed silently.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The file's text with the BOM removed and line endings made `\n`.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(
            Diagnostic::error(path, 1, "the file is saved as UTF-16, not UTF-8")
                .with_hint(RESAVE_HINT),
        );
    }
    // The SIMD check is several times faster on Chinese text; only a failure is checked again
    // by the standard library, which says where the bad bytes start.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(normalize_newlines(text));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalize_newlines(text)),
        Err(err) => Err(not_utf8(path, bytes, err.valid_up_to())),
    }
}

const RESAVE_HINT: &str = "re-save the file as UTF-8: in Notepad use 文件 → 另存为 and choose \
编码 UTF-8; in VS Code click the encoding in the status bar → Save with Encoding → UTF-8; \
in WPS/Word choose 纯文本 with UTF-8";

fn not_utf8(path: &Path, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();
    let line_start = bytes[..valid_up_to]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&bytes[line_start..valid_up_to])
        .chars()
        .count();
    let looks_gbk = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some();
    let message = if looks_gbk {
        "the file is not UTF-8: it looks like GBK/GB18030 (the Chinese Windows encoding)"
    } else {
        "the file is not valid UTF-8 text"
    };
    Diagnostic::error(path, line, message)
        .at_column(column)
        .with_hint(RESAVE_HINT)
}

fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_bom_and_crlf_silently() {
        let text = decode(Path::new("a.md"), b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n").unwrap();
        assert_eq!(text, "---\ntitle: x\n---\n");
    }

    #[test]
    fn names_gbk_with_line_and_fix() {
        let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 天水项目\n---\n");
        let err = decode(Path::new("p.md"), &gbk).unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.column, 8);
        assert!(err.message.contains("GBK"), "{}", err.message);
        assert!(err.hint.unwrap().contains("UTF-8"));
    }

    #[test]
    fn rejects_utf16() {
        let err = decode(Path::new("p.md"), b"\xFF\xFEt\0").unwrap_err();
        assert!(err.message.contains("UTF-16"));
    }
}
