//! From bytes to text.
//!
//! UTF-8 (with or without a BOM) is read as is. With the `encoding` feature,
//! bytes that are not UTF-8 are read as UTF-16 where a UTF-16 BOM says so,
//! and otherwise as GB18030 (a superset of GBK and GB2312, in which many
//! Chinese text files are saved) where they are valid GB18030. The choice is
//! made by validity, never by guessing: bytes valid in neither are an
//! [`ErrorKind::Encoding`] error that names the first invalid byte's offset.
//!
//! Spans of a report read from decoded bytes refer to the decoded text (UTF-8),
//! not to the bytes: a GBK character of two bytes is three in the text. An
//! encoding error, which has no text, is the exception: its span is the
//! first invalid bytes in the bytes given, and it has no line and column.

use std::borrow::Cow;

use crate::{Error, ErrorKind, Span};

/// The text of `bytes`.
///
/// ```
/// assert_eq!(xxgk::decode::decode("规章".as_bytes()).unwrap(), "规章");
/// let err = xxgk::decode::decode(b"ok\n\xff\xfe\xfd").unwrap_err();
/// assert_eq!(err.kind(), xxgk::ErrorKind::Encoding);
/// assert_eq!(err.span().start, 3);
/// // Bytes that are no text have no line and column: the offset is named.
/// assert_eq!((err.line(), err.column()), (None, None));
/// assert_eq!(err.to_string(), format!("expected {}, found the byte 0xFF at byte offset 3", err.expected()));
/// ```
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Error> {
    let utf8 = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        Err(e) => e,
    };
    #[cfg(feature = "encoding")]
    if let Some(text) = legacy(bytes) {
        return Ok(Cow::Owned(text));
    }
    Err(invalid(bytes, utf8))
}

/// UTF-16 by its BOM, or else GB18030 where every byte sequence is valid.
#[cfg(feature = "encoding")]
fn legacy(bytes: &[u8]) -> Option<String> {
    use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
    let (encoding, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (UTF_16LE, rest),
        [0xFE, 0xFF, rest @ ..] => (UTF_16BE, rest),
        _ => (GB18030, bytes),
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(Cow::into_owned)
}

/// The error for bytes that are not UTF-8 (nor, with `encoding`, GB18030).
fn invalid(bytes: &[u8], e: std::str::Utf8Error) -> Error {
    let at = e.valid_up_to();
    let len = e.error_len().unwrap_or(bytes.len() - at);
    let shown: Vec<String> = bytes[at..at + len]
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    let expected = if cfg!(feature = "encoding") {
        "UTF-8, UTF-16 with a BOM, or GB18030 text"
    } else {
        "UTF-8 text (GB18030 and UTF-16 are read with the `encoding` feature)"
    };
    Error::whole_at(
        ErrorKind::Encoding,
        expected,
        format!(
            "{} {} at byte offset {at}",
            if len == 1 { "the byte" } else { "the bytes" },
            shown.join(" ")
        ),
        Span::new(at, at + len),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed() {
        assert!(matches!(
            decode("\u{feff}规章".as_bytes()),
            Ok(Cow::Borrowed(_))
        ));
    }

    #[test]
    fn invalid_bytes_are_named_with_their_offset() {
        let err = decode(b"\xe8\xa7\x84\xff").unwrap_err();
        assert_eq!(err.span(), Span::new(3, 4));
        assert_eq!(err.found(), "the byte 0xFF at byte offset 3");
        assert_eq!((err.line(), err.column()), (None, None));
        // An invalid sequence of two bytes (a lead byte and its first
        // continuation, then no second one), and one cut off at the end
        // (each invalid in GB18030 too, for the `encoding` feature).
        let err = decode(b"ab\xe8\xa7(z\xff").unwrap_err();
        assert_eq!(err.found(), "the bytes 0xE8 0xA7 at byte offset 2");
        assert_eq!(err.span(), Span::new(2, 4));
        let err = decode(b"ab\xf0\x9f\x98").unwrap_err();
        assert_eq!(err.found(), "the bytes 0xF0 0x9F 0x98 at byte offset 2");
    }

    #[cfg(feature = "encoding")]
    #[test]
    fn gb18030_and_utf16_are_read() {
        // 规章 in GBK.
        assert_eq!(decode(&[0xB9, 0xE6, 0xD5, 0xC2]).unwrap(), "规章");
        // 规章 in UTF-16LE with its BOM.
        assert_eq!(
            decode(&[0xFF, 0xFE, 0xC4, 0x89, 0xE0, 0x7A]).unwrap(),
            "规章"
        );
    }
}
