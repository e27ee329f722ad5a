//! What a batch says of each file: the line `xxgk parse --jsonl` writes per
//! file, as a type, to read that output back.
//!
//! ```
//! use xxgk::batch::Record;
//! let line = r#"{"path":"a.txt","format":"text","error":{"severity":"error","code":"unsupported_template","message":"expected the tables of the 2019 or 2021 template","path":null,"span":{"start":0,"end":0},"line":1,"column":1}}"#;
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

/// One file of a batch: its path and format, then the report and the
/// relations it breaks, or why it could not be read.
///
/// Its JSON is one line of `xxgk parse --jsonl`: `path`, then `format`,
/// `report`, `findings` and `error` where they are set (absent, not `null`,
/// where not).
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
    /// The report, when the file parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// The relations the report breaks (only [`crate::Status::Broken`]
    /// findings), when the file parsed: `Some`, and empty, for a report
    /// that breaks none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<Finding>>,
    /// Why the file could not be read or parsed (code `io` when it could
    /// not be read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Diagnostic>,
}

/// A [`Format`] from its JSON name (`text`, `html`, `docx`).
fn format<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Format>, D::Error> {
    let name = Option::<String>::deserialize(d)?;
    name.map(|name| match name.as_str() {
        "text" => Ok(Format::Text),
        "html" => Ok(Format::Html),
        "docx" => Ok(Format::Docx),
        other => Err(serde::de::Error::unknown_variant(
            other,
            &["text", "html", "docx"],
        )),
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_reads_back_as_it_is_written() {
        for format in [Format::Text, Format::Html, Format::Docx] {
            let record = Record {
                path: "a".into(),
                format: Some(format),
                report: None,
                findings: None,
                error: None,
            };
            let json = serde_json::to_string(&record).unwrap();
            assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
        }
        let err = serde_json::from_str::<Record>(r#"{"path":"a","format":"pdf"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown variant `pdf`, expected one of `text`, `html`, `docx`"),
            "{err}"
        );
    }
}
