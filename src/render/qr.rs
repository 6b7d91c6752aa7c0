//! QR codes as small SVG files of square paths, so they stay vector in the PDF and scan from
//! any print size.

use qrcode::{Color, EcLevel, QrCode};

/// Light modules kept around the code; scanners need a quiet zone.
const QUIET_ZONE: usize = 2;

/// An SVG QR code of `url`, or `None` when the URL is too long for a QR code.
pub fn svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url, EcLevel::M).ok()?;
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_square_per_dark_module() {
        let svg = svg("https://example.gov.cn/catalog/projects/a/index.html").unwrap();
        let code = QrCode::with_error_correction_level(
            "https://example.gov.cn/catalog/projects/a/index.html",
            EcLevel::M,
        )
        .unwrap();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count();
        assert_eq!(svg.matches('M').count(), dark);
        let size = code.width() + 2 * QUIET_ZONE;
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
    }
}
