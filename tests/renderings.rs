//! Realistic renderings (tests/common/render.rs): random reports of both
//! editions printed in every layout the crate reads, with the phenomena of
//! real reports. Every cell of the three tables reads right, or is listed
//! unread with a diagnostic: never a wrong number, never a silent null.

mod common;

use common::render::{Layout, Phenomena, Rendering, render, score, without_blanks};
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

/// Phenomena drawn at random, but for those in `except`.
fn phenomena(except: u8) -> impl Strategy<Value = u8> {
    (0..=Phenomena::EVERY).prop_map(move |b| b & !except)
}

const NONE: u8 = 0;
const MARKS: u8 = Phenomena::NULL_MARKS;

macro_rules! layout_tests {
    ($($(#[$attr:meta])* $name:ident: $layout:expr, $phenomena:expr, $blanks:expr;)*) => {
        proptest! {
            #![proptest_config(config(256))]
            $(
                $(#[$attr])*
                #[test]
                fn $name(r in report(), bits in $phenomena, style in any::<u64>()) {
                    let ph = Phenomena(bits);
                    let r = if $blanks { r } else { without_blanks(&r) };
                    let rendering = render(&r, $layout, ph, Style(style));
                    never_wrong(&rendering, $layout, ph)?;
                }
            )*
        }
    };
}

// Blank cells: `true` keeps the report's blank cells (printed as the layout
// prints them, or as null marks), `false` fills them.
layout_tests! {
    cell_tab_plain: Layout::CellTab, Just(NONE), true;
    cell_tab_phenomena: Layout::CellTab, phenomena(NONE), true;
    blank_lines_plain: Layout::BlankLines, Just(NONE), true;
    blank_lines_phenomena: Layout::BlankLines, phenomena(NONE), true;
    tab_rows_plain: Layout::TabRows, Just(NONE), true;
    tab_rows_phenomena: Layout::TabRows, phenomena(NONE), true;
    html_text_plain: Layout::HtmlText, Just(NONE), true;
    html_text_phenomena: Layout::HtmlText, phenomena(NONE), true;
    markdown_plain: Layout::Markdown, Just(NONE), true;
    markdown_phenomena: Layout::Markdown, phenomena(NONE), true;
    csv_plain: Layout::Csv, Just(NONE), true;
    csv_phenomena: Layout::Csv, phenomena(NONE), true;
    pdf_layout_plain: Layout::PdfLayout, Just(NONE), true;
    pdf_layout_phenomena: Layout::PdfLayout, phenomena(MARKS), true;
    pdf_layout_null_marks: Layout::PdfLayout, Just(MARKS), true;
    one_line_no_blanks: Layout::OneLine, Just(NONE), false;
    one_line_phenomena_no_blanks: Layout::OneLine, phenomena(MARKS), false;
    one_line_null_marks: Layout::OneLine, Just(MARKS), true;
    one_line_blanks_dropped: Layout::OneLine, Just(NONE), true;
    glued_no_blanks: Layout::Glued, Just(NONE), false;
    glued_phenomena_no_blanks: Layout::Glued, phenomena(NONE), false;
    glued_blanks_dropped: Layout::Glued, Just(NONE), true;
}
