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
//! assert_eq!(d.code, "cell_count");
//! assert_eq!(d.path.as_deref(), Some("requests.granted"));
//! assert_eq!(parsed.report.requests.granted.total, None);
//! // The rest of the report is read.
//! assert_eq!(parsed.report.requests.new_requests.total, Some(0));
//! assert_eq!(parsed.report.year, Some(2023));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Error, Finding, Report, Span};

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

/// A problem met while reading, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable snake_case code (`cell_count`, `missing_row`, …; see
    /// [`ErrorKind::code`](crate::ErrorKind::code)).
    pub code: String,
    /// What was expected and what was found, without the place.
    pub message: String,
    /// Model path of the row concerned (`requests.denied.state_secret`), if any.
    pub path: Option<String>,
    /// Byte span in the original input.
    pub span: Span,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column of the span's start, in characters.
    pub column: usize,
}

impl From<&Error> for Diagnostic {
    fn from(e: &Error) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: e.kind().code().to_owned(),
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
