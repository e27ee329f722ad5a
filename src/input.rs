//! From a file's bytes to the text its report is read from, whatever its
//! format.
//!
//! The format is told by content, never by file name: `%PDF` is a PDF
//! file, a ZIP archive is a DOCX file, markup is an HTML page, anything
//! else is text. HTML, DOCX and PDF are rendered by the front ends of
//! [`crate::markup`] into text whose table rows keep their cells (blank
//! ones too), and every format then goes through the same layers.
//!
//! Spans, lines and columns of errors and diagnostics refer to
//! [`Document::text`]: the decoded input for text, the rendering for HTML,
//! DOCX and PDF (a line per paragraph, or per printed line for PDF, a table
//! row per line with its cells between bars). For a PDF file,
//! [`Document::page_at`] tells the page an offset of that text comes from. The decoded text is UTF-8: for a GB18030/GBK or UTF-16
//! file, a span's offsets are in that text, not in the file's bytes.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::{Error, ErrorKind, Parsed, Report};

/// The format of an input; in JSON `"text"`, `"html"`, `"docx"` or `"pdf"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// Text (UTF-8, or with the `encoding` feature GB18030 and UTF-16).
    Text,
    /// An HTML page (read with the `html` feature).
    Html,
    /// A Word document (read with the `docx` feature).
    Docx,
    /// A PDF file (read with the `pdf` feature).
    Pdf,
}

impl Format {
    /// The format of `bytes`, told by content: `%PDF-` in the first 1024
    /// bytes (with no markup before it) is PDF; the ZIP magic `PK` is DOCX;
    /// a tag, comment or doctype first (after a BOM and whitespace) is HTML;
    /// anything else is text.
    ///
    /// ```
    /// use xxgk::input::Format;
    /// assert_eq!(Format::sniff(b"%PDF-1.7\n..."), Format::Pdf);
    /// assert_eq!(Format::sniff(b"<p>%PDF-1.7</p>"), Format::Html);
    /// assert_eq!(Format::sniff(b"PK\x03\x04..."), Format::Docx);
    /// assert_eq!(Format::sniff(b"\n<!DOCTYPE html><html>"), Format::Html);
    /// assert_eq!(Format::sniff("一、总体情况".as_bytes()), Format::Text);
    /// ```
    pub fn sniff(bytes: &[u8]) -> Format {
        // Readers accept junk before the header; markup before it is a page
        // that mentions PDF.
        let head = &bytes[..bytes.len().min(1024)];
        if bytes.starts_with(b"%PDF")
            || memchr::memmem::find(head, b"%PDF-").is_some_and(|at| !head[..at].contains(&b'<'))
        {
            return Format::Pdf;
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Format::Docx;
        }
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let start = body
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(body.len());
        match &body[start..] {
            [b'<', next, ..] if next.is_ascii_alphabetic() || matches!(next, b'!' | b'?') => {
                Format::Html
            }
            _ => Format::Text,
        }
    }
}

/// The magic of an OLE compound file: a legacy `.doc`, or a DOCX file that
/// Word encrypted with a password.
const COMPOUND_FILE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// A report's document: its format and the text the grammars read.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    format: Format,
    text: Cow<'a, str>,
    /// For a PDF file, the offset in `text` where each page starts.
    pages: Vec<usize>,
}

impl<'a> Document<'a> {
    /// Reads `bytes` in their format (see [`Format::sniff`]).
    ///
    /// ```
    /// # #[cfg(feature = "html")] {
    /// let doc = xxgk::input::Document::read(b"<p>hello</p>").unwrap();
    /// assert_eq!(doc.text(), "hello\n");
    /// # }
    /// ```
    ///
    /// Errors: [`ErrorKind::Encoding`] for text that is in no encoding xxgk
    /// reads; [`ErrorKind::Document`] for a broken, encrypted or oversized
    /// DOCX or PDF file, a PDF without a text layer (a scan), a legacy
    /// `.doc`, or a format whose feature is off.
    pub fn read(bytes: &'a [u8]) -> Result<Self, Error> {
        if bytes.starts_with(COMPOUND_FILE) {
            return Err(document_error(
                "a DOCX, HTML or text file",
                "an OLE compound file: a legacy .doc, or a DOCX file encrypted with a password \
                 (save it as DOCX without a password)",
            ));
        }
        let format = Format::sniff(bytes);
        let mut pages = Vec::new();
        let text = match format {
            Format::Text => crate::decode::decode(bytes)?,
            Format::Html => Cow::Owned(html(bytes)?),
            Format::Docx => Cow::Owned(docx(bytes)?),
            Format::Pdf => {
                let (text, starts) = pdf(bytes)?;
                pages = starts;
                Cow::Owned(text)
            }
        };
        Ok(Document {
            format,
            text,
            pages,
        })
    }

    /// A text document (no decoding, no rendering).
    pub fn from_text(text: &'a str) -> Self {
        Document {
            format: Format::Text,
            text: Cow::Borrowed(text),
            pages: Vec::new(),
        }
    }

    /// For a PDF file, the 1-based page that the byte `offset` of
    /// [`Document::text`] comes from (a span's start, a diagnostic's cell);
    /// `None` for other formats.
    ///
    /// ```
    /// let doc = xxgk::input::Document::from_text("一、总体情况");
    /// assert_eq!(doc.page_at(0), None);
    /// ```
    pub fn page_at(&self, offset: usize) -> Option<usize> {
        if self.pages.is_empty() {
            return None;
        }
        Some(self.pages.partition_point(|start| *start <= offset).max(1))
    }

    /// For a PDF file, the byte offsets in [`Document::text`] where its
    /// pages start, in page order; empty for other formats.
    pub fn page_starts(&self) -> &[usize] {
        &self.pages
    }

    /// The input's format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The text the report is read from, which spans refer to: the file's
    /// own text if it is UTF-8, else the UTF-8 text it decodes to (offsets in
    /// a GB18030/GBK or UTF-16 file differ), or the rendering of an HTML or
    /// DOCX file.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parses the report strictly (see [`crate::parse`]).
    pub fn parse(&self) -> Result<Report, Error> {
        crate::parse(&self.text)
    }

    /// Parses the report leniently (see [`crate::parse_lenient`]).
    pub fn parse_lenient(&self) -> Parsed {
        crate::parse_lenient(&self.text)
    }
}

#[cfg(feature = "html")]
fn html(bytes: &[u8]) -> Result<String, Error> {
    crate::markup::html::to_text(bytes)
}

#[cfg(not(feature = "html"))]
fn html(_: &[u8]) -> Result<String, Error> {
    Err(document_error(
        "text (HTML pages are read with the `html` feature)",
        "an HTML page",
    ))
}

#[cfg(feature = "docx")]
fn docx(bytes: &[u8]) -> Result<String, Error> {
    crate::markup::docx::to_text(bytes)
}

#[cfg(not(feature = "docx"))]
fn docx(_: &[u8]) -> Result<String, Error> {
    Err(document_error(
        "text (DOCX files are read with the `docx` feature)",
        "a ZIP archive (a DOCX file)",
    ))
}

#[cfg(feature = "pdf")]
fn pdf(bytes: &[u8]) -> Result<(String, Vec<usize>), Error> {
    let r = crate::markup::pdf::render(bytes)?;
    Ok((r.text, r.pages))
}

#[cfg(not(feature = "pdf"))]
fn pdf(_: &[u8]) -> Result<(String, Vec<usize>), Error> {
    Err(document_error(
        "text (PDF files are read with the `pdf` feature; or run pdftotext -layout first)",
        "a PDF file",
    ))
}

/// An error about the document as a whole (it has no place in a text).
pub(crate) fn document_error(expected: &str, found: impl Into<String>) -> Error {
    Error::whole(ErrorKind::Document, expected, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_borrowed_and_compound_files_are_refused() {
        let doc = Document::read("一、总体情况".as_bytes()).unwrap();
        assert!(matches!(doc.text, Cow::Borrowed(_)));
        let err = Document::read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Document);
        assert!(err.found().contains("encrypted"), "{err}");
    }

    #[test]
    fn formats_round_trip_through_json() {
        for (format, json) in [
            (Format::Text, "\"text\""),
            (Format::Html, "\"html\""),
            (Format::Docx, "\"docx\""),
            (Format::Pdf, "\"pdf\""),
        ] {
            assert_eq!(serde_json::to_string(&format).unwrap(), json);
            assert_eq!(serde_json::from_str::<Format>(json).unwrap(), format);
        }
        assert!(serde_json::from_str::<Format>("\"odt\"").is_err());
    }
}
