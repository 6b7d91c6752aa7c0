//! The preview server's request parser and path decoding: never panics, and a path it
//! accepts can never leave the site (no `.` or `..` segment, no backslash, no NUL).

#![no_main]

use brochure::serve::http::{parse_request, site_path};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(request) = parse_request(bytes) else {
        return;
    };
    let path = request.target.split(['?', '#']).next().unwrap_or_default();
    if let Some(path) = site_path(path) {
        assert!(!path.starts_with('/'), "{path:?}");
        assert!(!path.contains(['\\', '\0']), "{path:?}");
        assert!(
            path.split('/').all(|segment| segment != ".." && segment != "."),
            "{path:?}"
        );
    }
});
