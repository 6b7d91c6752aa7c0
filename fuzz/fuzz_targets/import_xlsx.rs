//! Any bytes as a workbook (.xlsx, a zip of XML): reading never panics; it gives sheets or a
//! clear error. brochure turns a panic of the workbook reader into an error (calamine
//! overflows on some cell references), so libFuzzer's abort-on-panic hook is replaced by a
//! silent one: a panic that escapes brochure still unwinds out of the target and aborts.

#![no_main]

use std::path::PathBuf;

use brochure::import::table::read_tables;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: std::panic::set_hook(Box::new(|_| {})), |bytes: &[u8]| {
    let path: PathBuf =
        std::env::temp_dir().join(format!("brochure-fuzz-{}.xlsx", std::process::id()));
    std::fs::write(&path, bytes).expect("write the workbook");
    if let Ok(tables) = read_tables(&path, None) {
        for table in &tables {
            let _ = brochure::import::columns::find_header(table);
        }
    }
    let _ = std::fs::remove_file(&path);
});
