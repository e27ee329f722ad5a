//! Realistic renderings (tests/common/render.rs): random reports of both
//! editions printed in every layout the crate reads, with the phenomena of
//! real reports. Every cell of the three tables reads right, or is listed
//! unread with a diagnostic: never a wrong number, never a silent null.

mod common;

use common::render::{Layout, Phenomena, Rendering, render, score};
use common::{Style, report};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Parses a rendering leniently and fails on any wrong number or silent null.
fn never_wrong(r: &Rendering, layout: Layout, ph: Phenomena) -> Result<(), TestCaseError> {
    let parsed = xxgk::parse_lenient(&r.text);
    let (_, failures) = score(r, &parsed);
    let bad: Vec<_> = failures
        .iter()
        .filter(|f| f.kind != "unread")
        .map(|f| format!("{} {}: got {:?}, truth {:?}", f.kind, f.place, f.got, f.want))
        .collect();
    prop_assert!(
        bad.is_empty(),
        "{} with {}: {}\ndiagnostics: {:?}\n{}",
        layout.name(),
        ph.names(),
        bad.join("\n"),
        parsed.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>(),
        r.text
    );
    Ok(())
}

macro_rules! layout_tests {
    ($($(#[$attr:meta])* $name:ident: $layout:expr, $phenomena:expr;)*) => {
        proptest! {
            #![proptest_config(config(48))]
            $(
                $(#[$attr])*
                #[test]
                fn $name(r in report(), bits in $phenomena, style in any::<u64>()) {
                    let ph = Phenomena(bits);
                    let rendering = render(&r, $layout, ph, Style(style));
                    never_wrong(&rendering, $layout, ph)?;
                }
            )*
        }
    };
}

layout_tests! {
    cell_tab_plain: Layout::CellTab, Just(0u8);
    cell_tab_phenomena: Layout::CellTab, 0..=Phenomena::EVERY;
    blank_lines_plain: Layout::BlankLines, Just(0u8);
    blank_lines_phenomena: Layout::BlankLines, 0..=Phenomena::EVERY;
    tab_rows_plain: Layout::TabRows, Just(0u8);
    tab_rows_phenomena: Layout::TabRows, 0..=Phenomena::EVERY;
    html_text_plain: Layout::HtmlText, Just(0u8);
    html_text_phenomena: Layout::HtmlText, 0..=Phenomena::EVERY;
    pdf_layout_plain: Layout::PdfLayout, Just(0u8);
    pdf_layout_phenomena: Layout::PdfLayout, 0..=Phenomena::EVERY;
    markdown_plain: Layout::Markdown, Just(0u8);
    markdown_phenomena: Layout::Markdown, 0..=Phenomena::EVERY;
    csv_plain: Layout::Csv, Just(0u8);
    csv_phenomena: Layout::Csv, 0..=Phenomena::EVERY;
    one_line_plain: Layout::OneLine, Just(0u8);
    one_line_phenomena: Layout::OneLine, 0..=Phenomena::EVERY;
    glued_plain: Layout::Glued, Just(0u8);
    glued_phenomena: Layout::Glued, 0..=Phenomena::EVERY;
}
