//! The original input, its normalized text, and the map between their offsets.

use crate::Span;
use crate::error::{Error, ErrorKind, Section};

/// A point where the offset map changes: from normalized offset `norm` on,
/// `orig - norm` is constant until the next checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub(crate) norm: usize,
    pub(crate) orig: usize,
}

/// A report's text: the original input and its normalized form
/// (see [`crate::normalize`]), with offsets of the one mapped back to the other.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    original: &'a str,
    text: String,
    map: Vec<Checkpoint>,
}

impl<'a> Source<'a> {
    pub(crate) fn from_parts(original: &'a str, text: String, map: Vec<Checkpoint>) -> Self {
        Source {
            original,
            text,
            map,
        }
    }

    /// The input as given.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The normalized text that the cell stream is read from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The byte offset in the original input of normalized offset `pos`.
    ///
    /// Offsets inside a character that normalization replaced map to the
    /// start of the original character.
    pub fn original_offset(&self, pos: usize) -> usize {
        let i = self.map.partition_point(|c| c.norm <= pos);
        let mut orig = match i.checked_sub(1).map(|k| self.map[k]) {
            Some(c) => c.orig + (pos - c.norm),
            None => pos,
        };
        if let Some(next) = self.map.get(i) {
            orig = orig.min(next.orig);
        }
        orig = orig.min(self.original.len());
        while !self.original.is_char_boundary(orig) {
            orig -= 1;
        }
        orig
    }

    /// The span in the original input of a normalized span.
    pub fn original_span(&self, span: Span) -> Span {
        let start = self.original_offset(span.start);
        let end = self.original_offset(span.end).max(start);
        Span::new(start, end)
    }

    /// 1-based line and column (in characters) of an original byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column(self.original, offset)
    }

    /// An error at a normalized span, located in the original input.
    pub(crate) fn error(
        &self,
        kind: ErrorKind,
        section: Option<Section>,
        row: Option<String>,
        expected: String,
        found: String,
        span: Span,
    ) -> Error {
        let span = self.original_span(span);
        let (line, column) = self.line_column(span.start);
        Error::new(kind, section, row, expected, found, span, line, column)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}
