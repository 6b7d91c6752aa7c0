//! One CSV row under the export's header, imported: reading never panics, and the project
//! file written for the row has frontmatter that reads back with every field's text exactly
//! as the cell gave it (no cell can break or inject YAML).

#![no_main]

use std::path::Path;

use brochure::content::frontmatter;
use brochure::import::columns::find_header;
use brochure::import::row::{new_document, row_values};
use brochure::import::table::read_csv;
use brochure::render::data::CSV_HEADER;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|row: &[u8]| {
    let mut bytes = CSV_HEADER.join(",").into_bytes();
    bytes.push(b'\n');
    bytes.extend_from_slice(row);
    let Ok(table) = read_csv(Path::new("fuzz.csv"), &bytes) else {
        return;
    };
    let header = find_header(&table).expect("the export's header is recognised");
    for row in header.row + 1..table.rows.len() {
        let values = row_values(&table, &header, row);
        let text = new_document(&values).text();
        let (parsed, problems) = frontmatter::parse(Path::new("fuzz.md"), &text);
        let parsed = parsed.unwrap_or_else(|| panic!("{problems:?}\n{text}"));
        for (key, value, _) in &values.fields {
            let read = parsed.fields.get(*key).and_then(|v| v.as_str());
            assert_eq!(read, Some(value.as_str()), "{key} in\n{text}");
        }
    }
});
