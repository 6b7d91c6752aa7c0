//! data/projects.xlsx: the catalog as a workbook for the bureau's spreadsheet program. One
//! sheet of every project under the same column names as data/projects.csv (the names
//! `brochure import` reads, so the workbook imports back into the same catalog), amounts as
//! numbers in 万元, a bold frozen header and fitted column widths; and a summary sheet with
//! counts and sums by chain and by county.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::RenderError;
use super::data::{CSV_HEADER, csv_record};
use super::views::ProjectCard;
use crate::amount::Amount;
use crate::catalog::{Catalog, Totals};

/// Name of the sheet of projects.
pub const PROJECTS_SHEET: &str = "项目清单";
/// Name of the summary sheet.
pub const SUMMARY_SHEET: &str = "汇总";

/// Columns of [`CSV_HEADER`] that hold amounts in 万元.
const AMOUNT_COLUMNS: [usize; 2] = [5, 6];
/// Widest a column is made, in character widths.
const MAX_WIDTH: usize = 60;

/// The cell formats of the workbook.
struct Formats {
    header: Format,
    whole_wan: Format,
    fraction_wan: Format,
    total_label: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold(),
            whole_wan: Format::new().set_num_format("#,##0"),
            fraction_wan: Format::new().set_num_format("#,##0.00##"),
            total_label: Format::new().set_bold(),
        }
    }

    /// Whole 万元 without decimals, others with two to four.
    fn amount(&self, amount: Amount) -> &Format {
        if amount.yuan() % 10_000 == 0 {
            &self.whole_wan
        } else {
            &self.fraction_wan
        }
    }
}

/// The workbook's bytes.
pub fn projects_xlsx(catalog: &Catalog, cards: &[ProjectCard<'_>]) -> Result<Vec<u8>, RenderError> {
    write_workbook(catalog, cards)
        .map_err(|err| RenderError::Data(format!("cannot write data/projects.xlsx: {err}")))
}

fn write_workbook(catalog: &Catalog, cards: &[ProjectCard<'_>]) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(catalog)?);
    let projects = workbook.add_worksheet();
    projects.set_name(PROJECTS_SHEET)?;
    write_projects(projects, catalog, cards, &formats)?;
    let summary = workbook.add_worksheet();
    summary.set_name(SUMMARY_SHEET)?;
    write_summary(summary, catalog, &formats)?;
    workbook.save_to_buffer()
}

/// Title, author and a creation date taken from the content (the newest `updated`), so that
/// the same catalog always gives the same bytes.
fn properties(catalog: &Catalog) -> Result<DocProperties, XlsxError> {
    let newest = catalog
        .projects
        .iter()
        .filter_map(|entry| entry.project.updated.as_deref())
        .max()
        .unwrap_or("2000-01-01");
    let part =
        |range: std::ops::Range<usize>| newest.get(range).and_then(|p| p.parse::<u16>().ok());
    let day_part = |range| part(range).and_then(|p| u8::try_from(p).ok());
    let date = match (part(0..4), day_part(5..7), day_part(8..10)) {
        (Some(year), Some(month), Some(day)) => ExcelDateTime::from_ymd(year, month, day)?,
        _ => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    Ok(DocProperties::new()
        .set_title(&catalog.config.title)
        .set_author(&catalog.config.publisher.org)
        .set_creation_datetime(&date))
}

fn write_projects(
    sheet: &mut Worksheet,
    catalog: &Catalog,
    cards: &[ProjectCard<'_>],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut widths = Widths::default();
    for (col, name) in CSV_HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &formats.header)?;
        widths.fit(col, name);
    }
    for (index, (card, entry)) in cards.iter().zip(&catalog.projects).enumerate() {
        let row = index as u32 + 1;
        let amounts = [
            Some(entry.project.investment.value),
            entry.project.seeking.as_ref().map(|s| s.value),
        ];
        for (col, text) in csv_record(card).iter().enumerate() {
            let amount = AMOUNT_COLUMNS
                .iter()
                .position(|&c| c == col)
                .and_then(|i| amounts[i]);
            match amount {
                Some(amount) => {
                    sheet.write_number_with_format(
                        row,
                        col as u16,
                        amount.wan(),
                        formats.amount(amount),
                    )?;
                    widths.fit(col, &format!("{:.2}", amount.wan()));
                }
                None if text.is_empty() => {}
                None => {
                    sheet.write_string(row, col as u16, text)?;
                    widths.fit(col, text);
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    widths.apply(sheet)
}

fn write_summary(
    sheet: &mut Worksheet,
    catalog: &Catalog,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut widths = Widths::default();
    let chains = catalog
        .chains
        .iter()
        .map(|c| (c.chain.name.as_str(), c.totals));
    let mut row = write_group(
        sheet,
        0,
        "产业链",
        chains,
        catalog.totals,
        formats,
        &mut widths,
    )?;
    row += 1;
    let counties = catalog
        .counties
        .iter()
        .map(|c| (c.county.name.as_str(), c.totals));
    write_group(
        sheet,
        row,
        "县区",
        counties,
        catalog.totals,
        formats,
        &mut widths,
    )?;
    sheet.set_freeze_panes(1, 0)?;
    widths.apply(sheet)
}

const SUMMARY_HEADER: [&str; 3] = ["项目数", "总投资（万元）", "拟引资额（万元）"];

/// One table of the summary, from `row`; returns the row after it.
fn write_group<'a>(
    sheet: &mut Worksheet,
    mut row: u32,
    label: &str,
    groups: impl Iterator<Item = (&'a str, Totals)>,
    total: Totals,
    formats: &Formats,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(row, 0, label, &formats.header)?;
    widths.fit(0, label);
    for (col, name) in SUMMARY_HEADER.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16 + 1, *name, &formats.header)?;
        widths.fit(col + 1, name);
    }
    row += 1;
    for (name, totals) in groups {
        sheet.write_string(row, 0, name)?;
        widths.fit(0, name);
        write_totals(sheet, row, totals, formats)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "合计", &formats.total_label)?;
    write_totals(sheet, row, total, formats)?;
    Ok(row + 1)
}

fn write_totals(
    sheet: &mut Worksheet,
    row: u32,
    totals: Totals,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_number(row, 1, totals.projects as f64)?;
    sheet.write_number_with_format(
        row,
        2,
        totals.investment.wan(),
        formats.amount(totals.investment),
    )?;
    sheet.write_number_with_format(row, 3, totals.seeking.wan(), formats.amount(totals.seeking))?;
    Ok(())
}

/// Columns a text takes in a fixed-width font: CJK and full-width characters take two.
pub fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// The widest text seen per column, in character widths (CJK counts two).
#[derive(Default)]
struct Widths(Vec<usize>);

impl Widths {
    fn fit(&mut self, col: usize, text: &str) {
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        self.0[col] = self.0[col].max(display_width(text).min(MAX_WIDTH));
    }

    fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, width) in self.0.iter().enumerate() {
            sheet.set_column_width(col as u16, (*width + 2) as f64)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_columns_are_the_csv_amount_columns() {
        let names: Vec<&str> = AMOUNT_COLUMNS.iter().map(|&c| CSV_HEADER[c]).collect();
        assert_eq!(names, ["总投资（万元）", "拟引资额（万元）"]);
    }

    #[test]
    fn widths_count_chinese_twice_and_are_capped() {
        assert_eq!(display_width("项目a"), 5);
        let mut widths = Widths::default();
        widths.fit(1, "项目");
        widths.fit(1, "abc");
        widths.fit(0, &"x".repeat(200));
        assert_eq!(widths.0, [MAX_WIDTH, 4]);
    }
}
