//! # xxgk
//!
//! Reads China's government information-disclosure annual reports
//! (政府信息公开工作年度报告) and returns their numbers as typed data.
//!
//! Sections 二, 三 and 四 of every report are tables fixed by the State
//! Council, in two editions (2019 and 2021). Whatever tool flattened them to
//! text (a cell per line, tab-separated rows, markdown pipes, space-aligned
//! columns), xxgk reads them into one [`Report`] whose JSON form is stable,
//! or says precisely where and why it cannot.
//!
//! ```
//! let text = std::fs::read_to_string("tests/fixtures/seeds/001_1ada044614214e9c.txt")?;
//! let report = xxgk::parse(&text)?;
//! assert_eq!(report.edition(), xxgk::model::Edition::V2021);
//! assert_eq!(report.year, Some(2023));
//! assert_eq!(report.requests.new_requests.total, Some(3));
//! if let xxgk::model::ActiveDisclosure::V2021(a) = &report.active_disclosure {
//!     assert_eq!(a.normative_documents.in_force, Some(8));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The text flows one way through small layers, each public for callers
//! who need it:
//!
//! | layer | module |
//! |---|---|
//! | NFKC, noise removed, offsets kept | [`normalize`], [`source`] |
//! | layout-independent cells with spans | [`cells`] |
//! | one nom grammar per section | [`grammar`] |
//! | serde types, both editions | [`model`] |
//!
//! Errors carry the byte span in the original input, the line and column,
//! what the template expected there and what was found:
//!
//! ```
//! let err = xxgk::parse("本报告是2015年的，没有表格。").unwrap_err();
//! assert_eq!(err.kind(), xxgk::ErrorKind::UnsupportedTemplate);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod aggregate;
pub mod batch;
pub mod cells;
pub mod check;
pub mod decode;
pub mod diagnostic;
mod error;
pub mod grammar;
pub mod input;
pub mod markup;
pub mod model;
pub mod normalize;
pub mod source;
mod span;

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

pub use check::{Finding, Rule, Status, check, check_pair};
pub use diagnostic::{Code, Diagnostic, Parsed, Severity};
pub use error::{Error, ErrorKind, Section};
pub use input::{Document, Format};
pub use model::Report;
pub use span::Span;

/// Parses the text of a report (UTF-8; a BOM and CRLF line ends are accepted).
///
/// Strict: any table cell that cannot be placed is an [`Error`].
pub fn parse(input: &str) -> Result<Report, Error> {
    let source = normalize::normalize(input);
    grammar::document::report(&source)
}

/// Parses a report given as bytes, in whatever format they are: text in any
/// encoding [`decode`] reads, an HTML page (feature `html`), a DOCX file
/// (feature `docx`), a PDF file (feature `pdf`); see [`input`]. Spans refer
/// to [`Document::text`].
pub fn parse_bytes(bytes: &[u8]) -> Result<Report, Error> {
    Document::read(bytes)?.parse()
}

/// Parses the report in the file at `path`, as [`parse_bytes`] does.
///
/// A file that cannot be read is an [`ErrorKind::Io`] error, whose
/// [`source`](std::error::Error::source) is the [`std::io::Error`].
pub fn parse_path(path: impl AsRef<std::path::Path>) -> Result<Report, Error> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_bytes(&bytes)
}

/// Parses the text of a report leniently: never fails.
///
/// Every cell that can be read is read; a row that cannot be read is null,
/// with a [`Diagnostic`] saying where and why, and the other rows and
/// sections are read all the same. The cells the report prints but that
/// could not be read are listed in [`Report::unread`]; a null not listed is
/// one the report leaves blank. Where [`Parsed::is_clean`] holds, the report
/// is the one [`parse`] returns. See [`diagnostic`].
pub fn parse_lenient(input: &str) -> Parsed {
    let source = normalize::normalize(input);
    let read = grammar::document::lenient(&source);
    let cells = read
        .cells
        .iter()
        .map(|c| (cell_path(c.path, c.field), source.original_span(c.span)))
        .collect();
    let mut diagnostics: Vec<Diagnostic> = read.problems.iter().map(Diagnostic::from).collect();
    diagnostics.extend(read.inferred);
    diagnostics.sort_by_key(|d| d.span.start);
    let mut report = read.report;
    if !read.problems.is_empty() {
        let blanks: BTreeSet<String> = read.blanks.iter().map(|(p, f)| cell_path(p, f)).collect();
        report.unread = unread(&report, &cells, &blanks, &read.problems);
    }
    Parsed {
        report,
        diagnostics,
        cells,
    }
}

/// A cell's model path, `row.field`, built without the formatting machinery
/// (a lenient parse builds one per cell read).
fn cell_path(row: &str, field: &str) -> String {
    let mut path = String::with_capacity(row.len() + 1 + field.len());
    path.push_str(row);
    path.push('.');
    path.push_str(field);
    path
}

/// The null cells of `report` that were not read: those the grammars never
/// placed (neither as a number or null mark, in `cells`, nor as a blank),
/// and those of a row in which a problem was met (an invalid cell). A null
/// cell read as blank or as a null mark is one the report leaves blank.
fn unread(
    report: &Report,
    cells: &BTreeMap<String, Span>,
    blanks: &BTreeSet<String>,
    problems: &[Error],
) -> Vec<String> {
    let within = |cell: &str, row: &str| {
        cell.strip_prefix(row)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    };
    report
        .values()
        .into_iter()
        .filter(|v| v.value.is_none())
        .map(|v| v.place.to_string())
        .filter(|cell| {
            let placed = cells.contains_key(cell) || blanks.contains(cell);
            !placed
                || problems
                    .iter()
                    .filter_map(Error::path)
                    .any(|row| within(cell, row))
        })
        .collect()
}

/// The README's examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

impl FromStr for Report {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}
