//! Reading a spreadsheet into a grid of cell texts: .xlsx, .xls and .ods through calamine
//! (merged cells filled from their top-left cell, numbers as their shortest decimal text, dates
//! as YYYY-MM-DD), and .csv in UTF-8 (with or without BOM), UTF-16 or GBK/GB18030, detected;
//! the `'` that brochure's CSV export puts before a formula-like cell is taken off again.

use std::path::{Path, PathBuf};

use calamine::{Cell, Data, Dimensions, Range, Reader, Sheets, open_workbook_auto};

use crate::render::data::unguarded_csv_cell;

/// One sheet as text, indexed by absolute position: `rows[0][0]` is cell A1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name; `None` for a CSV file.
    pub sheet: Option<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The text of a cell, empty when outside the grid.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(col))
            .map_or("", String::as_str)
    }
}

/// Why a spreadsheet could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open {path} as a workbook: {message}")]
    Workbook { path: PathBuf, message: String },
    #[error("{path} has no sheet named '{wanted}'; its sheets are: {sheets}")]
    NoSuchSheet {
        path: PathBuf,
        wanted: String,
        sheets: String,
    },
    #[error(
        "{path} is neither UTF-8 nor GBK/GB18030 text: save it from Excel as 'CSV UTF-8 (逗号分隔)'"
    )]
    Encoding { path: PathBuf },
    #[error("cannot read {path} as CSV: {message}")]
    Csv { path: PathBuf, message: String },
    #[error("{}", too_large_message(.path, .sheet, *.rows, *.columns))]
    TooLarge {
        path: PathBuf,
        sheet: String,
        rows: u64,
        columns: u64,
    },
    #[error("{path}: unknown kind of file; import reads .xlsx, .xls, .ods and .csv")]
    Kind { path: PathBuf },
}

/// The message of [`TableError::TooLarge`], in both languages.
fn too_large_message(path: &Path, sheet: &str, rows: u64, columns: u64) -> String {
    let (path, cell) = (
        path.display(),
        format!("{}{rows}", column_name(columns as usize - 1)),
    );
    format!(
        "{path}：工作表 {sheet} 延伸到 {cell} 单元格，超过导入上限 {MAX_GRID_CELLS} 个单元格（行×列）；请删除多余的行列，或分成几个文件导入。\n\
         {path}: the sheet {sheet} reaches cell {cell}, more than the {MAX_GRID_CELLS} cells (rows × columns) import reads; delete the stray rows and columns, or split the sheet"
    )
}

/// The sheets of a file: every sheet of a workbook (or only `sheet` when given), or the one
/// table of a CSV file.
pub fn read_tables(path: &Path, sheet: Option<&str>) -> Result<Vec<Table>, TableError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|source| TableError::Io {
                path: path.to_owned(),
                source,
            })?;
            Ok(vec![read_csv(path, &bytes)?])
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, sheet),
        _ => Err(TableError::Kind {
            path: path.to_owned(),
        }),
    }
}

/// Reads a workbook; a panic of the workbook reader on a damaged file (found by fuzzing:
/// calamine overflows on some cell references) becomes an error naming the file.
fn read_workbook(path: &Path, wanted: Option<&str>) -> Result<Vec<Table>, TableError> {
    std::panic::catch_unwind(|| read_workbook_unguarded(path, wanted)).unwrap_or_else(|_| {
        Err(TableError::Workbook {
            path: path.to_owned(),
            message: "the file is damaged: the workbook reader failed on it".to_owned(),
        })
    })
}

fn read_workbook_unguarded(path: &Path, wanted: Option<&str>) -> Result<Vec<Table>, TableError> {
    let workbook_error = |err: &dyn std::fmt::Display| TableError::Workbook {
        path: path.to_owned(),
        message: err.to_string(),
    };
    let mut workbook = open_workbook_auto(path).map_err(|err| workbook_error(&err))?;
    let names = workbook.sheet_names();
    let chosen: Vec<String> = match wanted {
        Some(wanted) => {
            let found = names.iter().find(|n| n.trim() == wanted.trim()).cloned();
            vec![found.ok_or_else(|| TableError::NoSuchSheet {
                path: path.to_owned(),
                wanted: wanted.to_owned(),
                sheets: names.join(", "),
            })?]
        }
        None => names,
    };
    let mut tables = Vec::with_capacity(chosen.len());
    for name in chosen {
        let range = sheet_range(&mut workbook, &name, path)?;
        let merged = merged_cells(&mut workbook, &name);
        tables.push(Table {
            rows: grid(&range, &merged),
            sheet: Some(name),
        });
    }
    Ok(tables)
}

/// The most cells a sheet's grid may span, rows × columns: 50,000 rows of 60 columns fit.
/// A sheet beyond it is refused before its grid is allocated: a few cells far apart (at
/// XFD1048576) or a compressed sheet that unpacks to gigabytes would otherwise take gigabytes.
pub const MAX_GRID_CELLS: u64 = 3_000_000;

/// A sheet's cells as a grid. An .xlsx sheet is read cell by cell and refused as soon as its
/// grid would span more than [`MAX_GRID_CELLS`].
fn sheet_range<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
    path: &Path,
) -> Result<Range<Data>, TableError> {
    let workbook_error = |err: &dyn std::fmt::Display| TableError::Workbook {
        path: path.to_owned(),
        message: err.to_string(),
    };
    let Sheets::Xlsx(xlsx) = workbook else {
        return workbook
            .worksheet_range(name)
            .map_err(|err| workbook_error(&err));
    };
    let mut reader = match xlsx.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Range::default()),
        Err(err) => return Err(workbook_error(&err)),
    };
    let mut cells = Vec::new();
    let (mut rows, mut columns) = (0, 0);
    while let Some(cell) = reader.next_cell().map_err(|err| workbook_error(&err))? {
        let (row, column) = cell.get_position();
        rows = rows.max(u64::from(row) + 1);
        columns = columns.max(u64::from(column) + 1);
        if rows * columns > MAX_GRID_CELLS {
            return Err(TableError::TooLarge {
                path: path.to_owned(),
                sheet: name.to_owned(),
                rows,
                columns,
            });
        }
        if !matches!(cell.get_value(), calamine::DataRef::Empty) {
            cells.push(Cell::new(
                (row, column),
                Data::from(cell.get_value().clone()),
            ));
        }
    }
    Ok(Range::from_sparse(cells))
}

/// The merged regions of a sheet, where the format records them (xlsx, xls).
fn merged_cells<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The range as texts at absolute positions, merged regions filled from their first cell.
fn grid(range: &Range<Data>, merged: &[Dimensions]) -> Vec<Vec<String>> {
    let Some((first_row, first_col)) = range.start() else {
        return Vec::new();
    };
    let (first_row, first_col) = (first_row as usize, first_col as usize);
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); first_row];
    for cells in range.rows() {
        let mut row = vec![String::new(); first_col];
        row.extend(cells.iter().map(cell_text));
        rows.push(row);
    }
    for region in merged {
        let (top, left) = (region.start.0 as usize, region.start.1 as usize);
        let (bottom, right) = (region.end.0 as usize, region.end.1 as usize);
        let value = rows
            .get(top)
            .and_then(|r| r.get(left))
            .cloned()
            .unwrap_or_default();
        for row in rows.iter_mut().take(bottom + 1).skip(top) {
            if row.len() <= right {
                row.resize(right + 1, String::new());
            }
            for cell in &mut row[left..=right] {
                cell.clone_from(&value);
            }
        }
    }
    rows
}

/// A cell as the text an editor would have typed: numbers in their shortest exact decimal
/// form (never `1.5e3`), dates as YYYY-MM-DD.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.trim().to_owned(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(flag) => flag.to_string(),
        Data::DateTime(date) if date.is_datetime() => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        Data::DateTime(date) => number_text(date.as_f64()),
        Data::DateTimeIso(text) => text.split('T').next().unwrap_or_default().to_owned(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(err) => err.to_string(),
    }
}

/// The shortest decimal text that reads back as the same number: Rust's `Display` for `f64`
/// writes exactly that, without exponent.
fn number_text(number: f64) -> String {
    number.to_string()
}

/// Decodes a CSV file's bytes and splits it into cells.
pub fn read_csv(path: &Path, bytes: &[u8]) -> Result<Table, TableError> {
    let text = decode_csv(bytes).ok_or_else(|| TableError::Encoding {
        path: path.to_owned(),
    })?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| TableError::Csv {
            path: path.to_owned(),
            message: err.to_string(),
        })?;
        let cells = record
            .iter()
            .map(|cell| unguarded_csv_cell(cell.trim()).to_owned());
        rows.push(cells.collect());
    }
    Ok(Table { sheet: None, rows })
}

/// UTF-8 (BOM or not), UTF-16 with a BOM, or GBK/GB18030; `None` when it is none of them.
fn decode_csv(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return (!had_errors).then(|| text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

/// Tab-separated when the first line has more tabs than commas (Excel's "Unicode text").
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    let tabs = first.matches('\t').count();
    let commas = first.matches(',').count();
    if tabs > commas { b'\t' } else { b',' }
}

/// The spreadsheet name of a column: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(col: usize) -> String {
    let mut name = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(bytes: &[u8]) -> Table {
        read_csv(Path::new("t.csv"), bytes).unwrap()
    }

    #[test]
    fn reads_utf8_with_and_without_bom() {
        let plain = csv("项目名称,总投资\n甲,15亿元\n".as_bytes());
        assert_eq!(plain.rows[1], ["甲", "15亿元"]);
        let with_bom = csv("\u{feff}项目名称,总投资\n甲,1\n".as_bytes());
        assert_eq!(with_bom.cell(0, 0), "项目名称");
    }

    #[test]
    fn reads_gbk_and_utf16() {
        let (gbk, _, _) = encoding_rs::GBK.encode("项目名称,县区\n电子材料,麦积区\n");
        assert_eq!(csv(&gbk).cell(1, 1), "麦积区");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "项目名称\t县区\r\n甲\t乙\r\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        assert_eq!(csv(&utf16).cell(1, 1), "乙");
    }

    #[test]
    fn rejects_text_in_no_known_encoding() {
        let err = read_csv(Path::new("t.csv"), &[0xFF, 0x41, 0xFF, 0xFF, 0x0A]).unwrap_err();
        assert!(err.to_string().contains("UTF-8"), "{err}");
    }

    #[test]
    fn numbers_keep_their_shortest_decimal_text() {
        assert_eq!(cell_text(&Data::Float(150000.0)), "150000");
        assert_eq!(cell_text(&Data::Float(123.4567)), "123.4567");
        assert_eq!(cell_text(&Data::Float(0.1)), "0.1");
        assert_eq!(cell_text(&Data::Float(1e16)), "10000000000000000");
        assert_eq!(cell_text(&Data::Int(8000)), "8000");
    }

    /// Found by fuzzing (fuzz/import_xlsx): calamine panicked on an overflowing cell reference.
    #[test]
    fn a_damaged_workbook_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("damaged.xlsx");
        let bytes = include_bytes!(
            "../../fuzz/regressions/import_xlsx/crash-9e6bda2e861e89895093e2325a3e84a0ec7188d8"
        );
        std::fs::write(&path, bytes).unwrap();
        let err = read_tables(&path, None).unwrap_err();
        assert!(matches!(err, TableError::Workbook { .. }), "{err}");
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }
}
