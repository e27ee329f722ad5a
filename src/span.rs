//! Byte spans into a text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text.
///
/// Spans in [`Error`](crate::Error) and in the model always refer to the
/// *original* input handed to [`parse`](crate::parse), so a caller can slice
/// that input with them (`&input[span.start..span.end]`).
///
/// Input given as bytes ([`parse_bytes`](crate::parse_bytes),
/// [`Document::read`](crate::Document::read)) is read from
/// [`Document::text`](crate::Document::text), and spans are offsets in that
/// text: for a UTF-8 file, its own bytes; for a GB18030/GBK or UTF-16 file,
/// the UTF-8 text it decodes to, whose offsets are not the file's (a
/// character of two GBK bytes is three UTF-8 bytes); for HTML and DOCX,
/// the rendering. The one exception is an [`ErrorKind::Encoding`](crate::ErrorKind::Encoding)
/// error, which has no text: its span is in the bytes given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}
