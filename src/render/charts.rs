//! Bar charts drawn at build time as inline SVG: one row per chain or county, largest first,
//! the name and the exact amount as text, the bar's length from [`GroupSummary::share`].
//! Horizontal positions are percentages, so the bars stretch with the page while the text
//! keeps the page's font size; they need no script and print as they are.

use crate::render::escape_markup;
use std::fmt::Write;

use super::views::{GroupSummary, Lang};

/// Heights in CSS pixels; widths are percentages of the chart's width.
const ROW: u32 = 40;
const BAR: u32 = 10;
/// English names and figures are too long to share a phone-wide line: the figures go under
/// the bar, in a taller row.
const ROW_STACKED: u32 = 58;

/// An SVG bar chart of the groups' investment, labelled `caption` for screen readers.
pub fn investment_chart(caption: &str, groups: &[GroupSummary<'_>], lang: Lang) -> String {
    let (colon, comma, unit) = match lang {
        Lang::Zh => ("：", "，", " 个"),
        Lang::En => (": ", ", ", " projects"),
    };
    let mut groups: Vec<&GroupSummary<'_>> = groups.iter().collect();
    groups.sort_by(|a, b| b.share.total_cmp(&a.share));
    let stacked = lang == Lang::En;
    let row_height = if stacked { ROW_STACKED } else { ROW };
    let height = row_height * groups.len() as u32;
    let spoken: Vec<String> = groups
        .iter()
        .map(|g| format!("{} {}", g.link.name, g.totals.investment.text))
        .collect();
    let mut svg = format!(
        r#"<svg class="bar-chart" width="100%" height="{height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        escape_markup(&format!("{caption}{colon}{}", spoken.join(comma)))
    );
    for (row, group) in groups.iter().enumerate() {
        let text = row_height * row as u32 + 17;
        let track = text + 7;
        let bar = bar_length(group.share);
        let (value_x, value_y, anchor) = if stacked {
            ("0", track + BAR + 15, "start")
        } else {
            ("100%", text, "end")
        };
        let _ = write!(
            svg,
            r#"<text class="bar-name" x="0" y="{text}"><title>{full}</title>{name}</text><text class="bar-value" x="{value_x}" y="{value_y}" text-anchor="{anchor}">{count}{unit} · {amount}</text><rect class="bar-track" x="0" y="{track}" width="100%" height="{BAR}" rx="2"/><rect class="bar-fill" x="0" y="{track}" width="{bar}" height="{BAR}" rx="2"/>"#,
            full = escape_markup(group.link.name),
            name = escape_markup(&shortened(group.link.name, lang)),
            count = group.totals.projects,
            amount = escape_markup(&group.totals.investment.text),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A name short enough for its line of a phone-wide chart (beside the figures in Chinese, alone
/// in English); the full name stays in the row's tooltip and in the chart's spoken label.
fn shortened(name: &str, lang: Lang) -> String {
    let room = match lang {
        Lang::Zh => 14,
        Lang::En => 38,
    };
    if name.chars().count() <= room {
        name.to_owned()
    } else {
        let kept: String = name.chars().take(room - 1).collect();
        format!("{}…", kept.trim_end())
    }
}

/// A bar's length in percent; a group with any investment shows at least a sliver.
fn bar_length(share: f64) -> String {
    let percent = share.clamp(0.0, 1.0) * 100.0;
    let percent = if share > 0.0 { percent.max(0.5) } else { 0.0 };
    format!("{percent:.1}%")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::Amount;
    use crate::catalog::Totals;
    use crate::render::views::{Link, TotalsView};

    fn group<'a>(name: &'a str, yuan: &str, share: f64) -> GroupSummary<'a> {
        GroupSummary {
            link: Link {
                id: name,
                name,
                name_en: "",
                url: String::new(),
            },
            summary: "",
            totals: TotalsView::new(
                Totals {
                    projects: 2,
                    investment: Amount::parse(yuan).unwrap(),
                    ..Totals::default()
                },
                Lang::Zh,
            ),
            share,
        }
    }

    #[test]
    fn rows_carry_exact_labels_and_proportional_bars() {
        let groups = [
            group("乙", "8000万元", 0.05333),
            group("甲<链>", "15亿元", 1.0),
        ];
        let svg = investment_chart("各产业链总投资", &groups, Lang::Zh);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"height="80""#));
        assert!(svg.contains("甲&lt;链&gt;"), "names are escaped");
        assert!(svg.contains("2 个 · 15.00亿元"));
        assert_eq!(
            shortened(
                "Tianshui Economic and Technological Development Zone",
                Lang::En
            ),
            "Tianshui Economic and Technological D…"
        );
        assert_eq!(shortened("麦积区", Lang::Zh), "麦积区");
        assert!(svg.contains("2 个 · 8000万元"));
        assert!(
            svg.contains(r#"class="bar-fill" x="0" y="24" width="100.0%""#),
            "the largest comes first, full width: {svg}"
        );
        assert!(svg.contains(r#"class="bar-fill" x="0" y="64" width="5.3%""#));
        assert!(
            svg.contains(r#"aria-label="各产业链总投资：甲&lt;链&gt; 15.00亿元，乙 8000万元""#)
        );
    }

    #[test]
    fn tiny_shares_stay_visible_and_zero_stays_empty() {
        assert_eq!(bar_length(0.0001), "0.5%");
        assert_eq!(bar_length(0.0), "0.0%");
        assert_eq!(bar_length(0.5), "50.0%");
    }
}
