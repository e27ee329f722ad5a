//! What a batch says of each file: the line `xxgk parse --jsonl` writes per
//! file, as a type, to read that output back.
//!
//! ```
//! use xxgk::batch::Record;
//! let line = r#"{"path":"a.txt","format":"text","diagnostics":[],"error":{"severity":"error","code":"unsupported_template","message":"expected the tables of the 2019 or 2021 template","path":null,"span":{"start":0,"end":0},"line":1,"column":1}}"#;
//! let record: Record = serde_json::from_str(line)?;
//! assert_eq!(record.path, "a.txt");
//! assert_eq!(record.format, Some(xxgk::Format::Text));
//! assert!(record.report.is_none());
//! assert_eq!(record.error.as_ref().map(|e| e.code.as_str()), Some("unsupported_template"));
//! assert_eq!(serde_json::to_string(&record)?, line);
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserialize, Deserializer, Serialize};

use crate::{Diagnostic, Finding, Format, Report};

/// One file of a batch: its path and format, then the report (every cell
/// that could be read, the others listed in its `unread`), the diagnostics
/// met reading it and the relations it breaks, or why nothing of it could
/// be read.
///
/// Its JSON is one line of `xxgk parse --jsonl`: `path`, then `format`,
/// `report`, `diagnostics` (always present, `[]` when there are none),
/// `findings` and `error` where they are set (absent, not `null`, where
/// not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The file's path, as the batch named it.
    pub path: String,
    /// The file's format, told by content; `None` when the file could not
    /// be read.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "format"
    )]
    pub format: Option<Format>,
    /// The report, when any cell of its tables could be read: a partial
    /// report lists the cells it could not read in [`Report::unread`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// The problems met reading the file, in the order of the input (those
    /// of every severity; for a file with nothing readable, `error`'s
    /// among them). Always present in JSON; a line without it (written
    /// before it existed) reads as empty.
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
    /// The relations the report breaks (only [`crate::Status::Broken`]
    /// findings), when the file parsed: `Some`, and empty, for a report
    /// that breaks none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<Finding>>,
    /// Why nothing of the file could be read (code `io` when its bytes
    /// could not be had): set exactly when `report` is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Diagnostic>,
}

/// A [`Format`] from its JSON name (`text`, `html`, `docx`, `pdf`).
fn format<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Format>, D::Error> {
    let name = Option::<String>::deserialize(d)?;
    name.map(|name| match name.as_str() {
        "text" => Ok(Format::Text),
        "html" => Ok(Format::Html),
        "docx" => Ok(Format::Docx),
        "pdf" => Ok(Format::Pdf),
        other => Err(serde::de::Error::unknown_variant(
            other,
            &["text", "html", "docx", "pdf"],
        )),
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_reads_back_as_it_is_written() {
        for format in [Format::Text, Format::Html, Format::Docx, Format::Pdf] {
            let record = Record {
                path: "a".into(),
                format: Some(format),
                report: None,
                diagnostics: Vec::new(),
                findings: None,
                error: None,
            };
            let json = serde_json::to_string(&record).unwrap();
            assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
        }
        let err = serde_json::from_str::<Record>(r#"{"path":"a","format":"odt"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown variant `odt`, expected one of `text`, `html`, `docx`, `pdf`"),
            "{err}"
        );
    }

    #[test]
    fn a_partial_record_reads_back_with_its_diagnostics_and_unread_cells() {
        let text = include_str!("../tests/fixtures/seeds/002_2aaec12b832f2882.txt");
        let broken = text.replacen(
            "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0",
            "(一) 予以公开\t0\t0\t0",
            1,
        );
        let parsed = crate::parse_lenient(&broken);
        assert!(!parsed.report.unread.is_empty());
        let record = Record {
            path: "b.txt".into(),
            format: Some(Format::Text),
            findings: Some(crate::check(&parsed.report)),
            report: Some(parsed.report),
            diagnostics: parsed.diagnostics,
            error: None,
        };
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains(r#""unread":["requests.granted."#), "{json}");
        assert!(json.contains(r#""code":"cell_count""#), "{json}");
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        // A line written before diagnostics existed reads as none.
        let old: Record = serde_json::from_str(r#"{"path":"a"}"#).unwrap();
        assert!(old.diagnostics.is_empty());
    }
}
