//! One reading for every command that parses: lenient, so that a report
//! gives every cell that can be read, with what the others lack said; and
//! how a reading ends (clean, partial, or nothing read).

use xxgk::model::CellStatus;
use xxgk::{Code, Diagnostic, Format, Parsed, Severity, Span};

/// How a file's reading ends; its number is the exit status `parse` gives
/// for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Outcome {
    /// Every cell read, no error diagnostic raised.
    Clean = 0,
    /// A report with some cells unread, or error diagnostics.
    Partial = 1,
    /// No cell of the tables read: not a report, no template table, or
    /// bytes that cannot be had or decoded.
    Failed = 2,
}

/// A file read leniently.
pub(crate) struct Reading {
    /// Its format, told by content; `None` when its bytes could not be had.
    pub(crate) format: Option<Format>,
    /// The report, when any cell of its tables was read (partial or not),
    /// or why none was.
    pub(crate) result: Result<xxgk::Report, Diagnostic>,
    /// Every diagnostic met, in the order of the input (the error among
    /// them when nothing was read).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Reading {
    /// How the reading ends.
    pub(crate) fn outcome(&self) -> Outcome {
        match &self.result {
            Err(_) => Outcome::Failed,
            Ok(report) if !report.unread.is_empty() => Outcome::Partial,
            Ok(_)
                if self
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == Severity::Error) =>
            {
                Outcome::Partial
            }
            Ok(_) => Outcome::Clean,
        }
    }
}

/// Why a file's bytes could not be had, as a diagnostic.
pub(crate) fn io_error(e: &std::io::Error) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code: Code::Io,
        message: e.to_string(),
        path: None,
        span: Span::new(0, 0),
        line: None,
        column: None,
    }
}

/// Whether nothing of the tables was read: no cell read as a number or a
/// null mark, and every cell of the report listed as unread (so none read
/// as a blank either).
pub(crate) fn nothing_read(parsed: &Parsed) -> bool {
    parsed.cells.is_empty()
        && parsed
            .report
            .values()
            .iter()
            .all(|v| v.status == CellStatus::Unread)
}

/// The error of a reading that got nothing of the tables (see
/// [`nothing_read`]): its first error, or one that says so.
pub(crate) fn failure(parsed: &Parsed) -> Option<Diagnostic> {
    if !nothing_read(parsed) {
        return None;
    }
    let first = parsed
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error);
    Some(first.cloned().unwrap_or_else(|| Diagnostic {
        severity: Severity::Error,
        code: Code::UnsupportedTemplate,
        message: "no cell of the tables could be read".to_owned(),
        path: None,
        span: Span::new(0, 0),
        line: None,
        column: None,
    }))
}

/// Reads the bytes of a file leniently (any format); `strict`: as
/// [`xxgk::parse_bytes`] does, nothing when any cell cannot be read.
pub(crate) fn read(bytes: std::io::Result<Vec<u8>>, strict: bool) -> Reading {
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(e) => {
            let error = io_error(&e);
            return Reading {
                format: None,
                diagnostics: vec![error.clone()],
                result: Err(error),
            };
        }
    };
    let format = Some(Format::sniff(&bytes));
    let document = match xxgk::Document::read(&bytes) {
        Ok(document) => document,
        Err(e) => {
            let error = Diagnostic::from(&e);
            return Reading {
                format,
                diagnostics: vec![error.clone()],
                result: Err(error),
            };
        }
    };
    if strict {
        return match document.parse() {
            Ok(report) => Reading {
                format,
                result: Ok(report),
                diagnostics: Vec::new(),
            },
            Err(e) => {
                let error = Diagnostic::from(&e);
                Reading {
                    format,
                    diagnostics: vec![error.clone()],
                    result: Err(error),
                }
            }
        };
    }
    let parsed = document.parse_lenient();
    if let Some(error) = failure(&parsed) {
        return Reading {
            format,
            result: Err(error),
            diagnostics: parsed.diagnostics,
        };
    }
    Reading {
        format,
        result: Ok(parsed.report),
        diagnostics: parsed.diagnostics,
    }
}

/// A diagnostic as one line of stderr: `file:line:col: error[code]:
/// message` (`file: error[code]: message` for a problem with the input as
/// a whole, which has no place).
pub(crate) fn line(file: &str, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    match (d.line, d.column) {
        (Some(line), Some(column)) => {
            format!("{file}:{line}:{column}: {level}[{}]: {}", d.code, d.message)
        }
        _ => format!("{file}: {level}[{}]: {}", d.code, d.message),
    }
}

/// Whether a diagnostic goes to stderr: errors and warnings always, info
/// (such as `inferred_split`) only with `--verbose`.
pub(crate) fn shown(d: &Diagnostic, verbose: bool) -> bool {
    verbose || d.severity != Severity::Info
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(
        severity: Severity,
        code: Code,
        span: Span,
        line: Option<usize>,
        column: Option<usize>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: "m".to_owned(),
            path: None,
            span,
            line,
            column,
        }
    }

    #[test]
    fn lines_name_the_place_and_info_waits_for_verbose() {
        let cell = diagnostic(
            Severity::Error,
            Code::CellCount,
            Span::new(5, 6),
            Some(3),
            Some(4),
        );
        assert_eq!(line("a.txt", &cell), "a.txt:3:4: error[cell_count]: m");
        let whole = diagnostic(
            Severity::Error,
            Code::UnsupportedTemplate,
            Span::new(0, 0),
            None,
            None,
        );
        assert_eq!(
            line("a.txt", &whole),
            "a.txt: error[unsupported_template]: m"
        );
        let info = diagnostic(
            Severity::Info,
            Code::InferredSplit,
            Span::new(5, 9),
            Some(2),
            Some(1),
        );
        assert_eq!(line("a.txt", &info), "a.txt:2:1: info[inferred_split]: m");
        assert!(!shown(&info, false) && shown(&info, true));
        let warning = diagnostic(
            Severity::Warning,
            Code::CellCount,
            Span::new(5, 9),
            Some(2),
            Some(1),
        );
        assert!(shown(&warning, false) && shown(&cell, false));
    }

    #[test]
    fn an_info_diagnostic_alone_leaves_a_report_clean() {
        let text = std::fs::read("tests/fixtures/seeds/002_2aaec12b832f2882.txt").unwrap();
        let mut reading = read(Ok(text), false);
        assert_eq!(reading.outcome(), Outcome::Clean);
        reading.diagnostics.push(diagnostic(
            Severity::Info,
            Code::InferredSplit,
            Span::new(5, 9),
            Some(2),
            Some(1),
        ));
        assert_eq!(reading.outcome(), Outcome::Clean);
        reading.diagnostics[0].severity = Severity::Error;
        assert_eq!(reading.outcome(), Outcome::Partial);
        let gone = read(Err(std::io::Error::other("gone")), false);
        assert_eq!(gone.outcome(), Outcome::Failed);
        assert_eq!(gone.format, None);
        assert_eq!(gone.diagnostics.len(), 1);
    }
}
