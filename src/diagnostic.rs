//! Lenient parsing: everything that could be read, and a diagnostic for
//! each problem met on the way.
//!
//! [`parse_lenient`](crate::parse_lenient) never fails. A row that cannot be
//! read leaves its cells null and gives a [`Diagnostic`]; the grammar goes on
//! at the next row it recognizes, and a table that cannot be read at all
//! does not keep the other sections from being read. [`Parsed::cells`] says
//! where each cell read stands in the input, so that a finding or a
//! diagnostic can be shown on the source.
//!
//! ```
//! let text = std::fs::read_to_string("tests/fixtures/seeds/002_2aaec12b832f2882.txt")?;
//! // Damage one row of section 三: it comes back null, with a diagnostic.
//! let broken = text.replacen("(一) 予以公开\t0\t0\t0\t0\t0\t0\t0", "(一) 予以公开\t0\t0\t0", 1);
//! assert!(xxgk::parse(&broken).is_err());
//! let parsed = xxgk::parse_lenient(&broken);
//! let d = &parsed.diagnostics[0];
//! assert_eq!(d.code, xxgk::Code::CellCount);
//! assert_eq!(d.path.as_deref(), Some("requests.granted"));
//! assert_eq!(parsed.report.requests.granted.total, None);
//! // The rest of the report is read.
//! assert_eq!(parsed.report.requests.new_requests.total, Some(0));
//! assert_eq!(parsed.report.year, Some(2023));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Error, ErrorKind, Finding, Report, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Cells could not be read: they are null in the report.
    Error,
    /// Cells were read, but something about them deserves a look.
    Warning,
    /// Something the reader did that a reviewer may want to know.
    Info,
}

/// What a diagnostic is about: the kind of every [`Error`] ([`ErrorKind`]),
/// and the codes that only diagnostics carry.
///
/// Serialized (and [`Display`](fmt::Display)ed) as its stable snake_case
/// string, [`Code::as_str`]: `cell_count`, `inferred_split`, ….
///
/// ```
/// use xxgk::{Code, ErrorKind};
/// assert_eq!(Code::from(ErrorKind::CellCount), Code::CellCount);
/// assert_eq!(Code::CellCount.as_str(), "cell_count");
/// assert_eq!(Code::InferredSplit.to_string(), "inferred_split");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// [`ErrorKind::UnsupportedTemplate`].
    UnsupportedTemplate,
    /// [`ErrorKind::MissingSection`].
    MissingSection,
    /// [`ErrorKind::MissingRow`].
    MissingRow,
    /// [`ErrorKind::UnexpectedLabel`].
    UnexpectedLabel,
    /// [`ErrorKind::CellCount`].
    CellCount,
    /// [`ErrorKind::InvalidNumber`].
    InvalidNumber,
    /// [`ErrorKind::AmbiguousSplit`].
    AmbiguousSplit,
    /// [`ErrorKind::NoSplit`].
    NoSplit,
    /// [`ErrorKind::SearchLimit`].
    SearchLimit,
    /// [`ErrorKind::Encoding`].
    Encoding,
    /// [`ErrorKind::Document`].
    Document,
    /// [`ErrorKind::Io`].
    Io,
    /// (Info) A run of digits whose cells ran together was read by the only
    /// split of it that its digits or the template's relations allow.
    InferredSplit,
    /// (Info) A row printed with its label and no numbers, or a section 二
    /// row not printed at all: its cells are null, read as blank.
    BlankRow,
    /// (Info) A row of numbers whose label is lost or mangled, read as the
    /// row the template's order puts there: it stands between two rows that
    /// read certainly, with as many rows of numbers as the template has rows
    /// between them. The message quotes the text printed in the label's
    /// place; the span covers it and the row's numbers.
    PlacedByOrder,
}

impl Code {
    /// The stable snake_case string, as JSON and the CLI print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnsupportedTemplate => "unsupported_template",
            Code::MissingSection => "missing_section",
            Code::MissingRow => "missing_row",
            Code::UnexpectedLabel => "unexpected_label",
            Code::CellCount => "cell_count",
            Code::InvalidNumber => "invalid_number",
            Code::AmbiguousSplit => "ambiguous_split",
            Code::NoSplit => "no_split",
            Code::SearchLimit => "search_limit",
            Code::Encoding => "encoding",
            Code::Document => "document",
            Code::Io => "io",
            Code::InferredSplit => "inferred_split",
            Code::BlankRow => "blank_row",
            Code::PlacedByOrder => "placed_by_order",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<ErrorKind> for Code {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::UnsupportedTemplate => Code::UnsupportedTemplate,
            ErrorKind::MissingSection => Code::MissingSection,
            ErrorKind::MissingRow => Code::MissingRow,
            ErrorKind::UnexpectedLabel => Code::UnexpectedLabel,
            ErrorKind::CellCount => Code::CellCount,
            ErrorKind::InvalidNumber => Code::InvalidNumber,
            ErrorKind::AmbiguousSplit => Code::AmbiguousSplit,
            ErrorKind::NoSplit => Code::NoSplit,
            ErrorKind::SearchLimit => Code::SearchLimit,
            ErrorKind::Encoding => Code::Encoding,
            ErrorKind::Document => Code::Document,
            ErrorKind::Io => Code::Io,
        }
    }
}

/// A problem met while reading, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// What it is about; in JSON its snake_case string (`cell_count`).
    pub code: Code,
    /// What was expected and what was found, without the place.
    pub message: String,
    /// Model path of the row concerned (`requests.denied.state_secret`), if any.
    pub path: Option<String>,
    /// Byte span in the original input; empty at 0 for a problem with the
    /// input as a whole (see [`Error::line`]).
    pub span: Span,
    /// 1-based line of the span's start; `None` (JSON `null`) for a problem
    /// with the input as a whole, which has no place.
    pub line: Option<usize>,
    /// 1-based column of the span's start, in characters; `None` for a
    /// problem with the input as a whole.
    pub column: Option<usize>,
}

impl From<&Error> for Diagnostic {
    fn from(e: &Error) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: e.kind().into(),
            message: e.message(),
            path: e.path().map(str::to_owned),
            span: e.span(),
            line: e.line(),
            column: e.column(),
        }
    }
}

/// A report read leniently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parsed {
    /// Every cell that could be read; the others are null.
    pub report: Report,
    /// The problems met, in the order of the input.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each non-blank cell read stands in the original input, by its
    /// model path (`requests.denied.state_secret.total`).
    pub cells: BTreeMap<String, Span>,
}

impl Parsed {
    /// Whether no cell was left unread: the strict [`parse`](crate::parse)
    /// gives this same report.
    pub fn is_clean(&self) -> bool {
        self.diagnostics
            .iter()
            .all(|d| d.severity != Severity::Error)
    }

    /// The span of the cell at `path` (row) and `field` (column), if it was read.
    pub fn span_of(&self, path: &str, field: &str) -> Option<Span> {
        self.cells.get(&format!("{path}.{field}")).copied()
    }

    /// The span of the cell where a finding's relation has its printed side.
    pub fn finding_span(&self, finding: &Finding) -> Option<Span> {
        self.span_of(&finding.path, &finding.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [ErrorKind; 12] = [
        ErrorKind::UnsupportedTemplate,
        ErrorKind::MissingSection,
        ErrorKind::MissingRow,
        ErrorKind::UnexpectedLabel,
        ErrorKind::CellCount,
        ErrorKind::InvalidNumber,
        ErrorKind::AmbiguousSplit,
        ErrorKind::NoSplit,
        ErrorKind::SearchLimit,
        ErrorKind::Encoding,
        ErrorKind::Document,
        ErrorKind::Io,
    ];

    #[test]
    fn codes_serialize_as_their_strings_and_back() {
        let mut codes: Vec<Code> = KINDS.into_iter().map(Code::from).collect();
        codes.push(Code::InferredSplit);
        codes.push(Code::BlankRow);
        codes.push(Code::PlacedByOrder);
        let mut strings = Vec::new();
        for code in codes {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
            strings.push(code.as_str());
        }
        strings.sort_unstable();
        strings.dedup();
        assert_eq!(strings.len(), KINDS.len() + 3, "two codes share a string");
        assert!(serde_json::from_str::<Code>("\"no_such_code\"").is_err());
    }

    #[test]
    fn kinds_keep_their_codes() {
        assert_eq!(ErrorKind::CellCount.code(), "cell_count");
        assert_eq!(ErrorKind::SearchLimit.code(), "search_limit");
        assert_eq!(
            ErrorKind::UnsupportedTemplate.code(),
            "unsupported_template"
        );
        for kind in KINDS {
            assert_eq!(kind.code(), Code::from(kind).as_str());
        }
    }
}
