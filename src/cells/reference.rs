//! The cell splitter as it was first written, one byte at a time: the
//! reference that the splitter in use, which jumps from separator to
//! separator, is tested against.

use super::{Cell, CellKind, classify, closing_quote, is_csv_comma, is_thousands_comma};
use crate::Span;

/// Splits normalized `text` into cells.
pub(super) fn cells(text: &str) -> Vec<Cell<'_>> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut start = 0;
    for (line_no, line) in text.split('\n').enumerate() {
        split_line(text, start, line, line_no as u32, &mut out);
        start += line.len() + 1;
    }
    out
}

fn split_line<'a>(
    text: &'a str,
    start: usize,
    line: &'a str,
    line_no: u32,
    out: &mut Vec<Cell<'a>>,
) {
    if line.chars().all(|c| c == '\u{c}') {
        return;
    }
    let first = out.len();
    // Cells come in order along the line: count columns incrementally.
    let (mut at_byte, mut at_column) = (start, 0u32);
    let mut push = |kind: CellKind, s: usize, e: usize, flat: bool| {
        at_column += text[at_byte..s].chars().count() as u32;
        at_byte = s;
        let cell_text = if kind == CellKind::Blank {
            ""
        } else {
            &text[s..e]
        };
        out.push(Cell {
            kind,
            text: cell_text,
            span: Span::new(s, e),
            line: line_no,
            line_start: false,
            flat,
            column: at_column,
        });
    };
    // Trailing tabs are kept: in tab-separated rows they are blank cells.
    let trimmed = line
        .trim_start()
        .trim_end_matches(|c: char| c.is_whitespace() && c != '\t');
    if trimmed.trim().is_empty() {
        push(CellKind::Blank, start, start + line.len(), false);
    } else {
        let base = start + (line.len() - line.trim_start().len());
        // A tab after the first filled field: the line is a row of fields,
        // and each tab before that field closes an empty one.
        if trimmed.contains('\t') {
            let mut field = start;
            for (k, c) in line[..base - start].char_indices() {
                if c == '\t' {
                    push(CellKind::Blank, field, start + k, false);
                    field = start + k + 1;
                }
            }
        }
        let mut pieces = Pieces::new(trimmed).peekable();
        // A leading `|` opens the line rather than leaving a blank.
        if pieces
            .peek()
            .is_some_and(|p| p.start == p.end && p.sep_after == Some(b'|'))
        {
            pieces.next();
        }
        while let Some(p) = pieces.next() {
            let piece = &trimmed[p.start..p.end];
            if piece.trim().is_empty() {
                // A trailing `|` closes the line rather than leaving a blank.
                let closes = pieces.peek().is_none() && p.sep_before == Some(b'|');
                if !closes {
                    push(CellKind::Blank, base + p.start, base + p.end, false);
                }
                continue;
            }
            let flat = is_flat(piece);
            let (mut before, mut before_end) = ("", 0);
            for (ws, we) in words(piece, flat) {
                let w = &piece[ws..we];
                // `无` one space after an ordinal alone starts a label
                // (`(四) 无 法提供`).
                let kind = if w == "无" && is_ordinal(before) && piece[before_end..ws] == *" " {
                    CellKind::Label
                } else {
                    classify(w)
                };
                push(kind, base + p.start + ws, base + p.start + we, flat);
                (before, before_end) = (w, we);
            }
        }
    }
    // No cell but blank ones before it: the cell opens its line.
    for c in &mut out[first..] {
        c.line_start = true;
        if c.kind != CellKind::Blank {
            break;
        }
    }
}

/// A piece of a line between hard separators, and the separators around it.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    sep_before: Option<u8>,
    sep_after: Option<u8>,
}

/// Pieces of a trimmed line between hard separators (tab, `|`, CSV commas).
struct Pieces<'a> {
    line: &'a str,
    pos: usize,
    sep_before: Option<u8>,
    done: bool,
    /// The line has tabs, pipes or column gaps, so a comma between digit
    /// groups (`1,234`) is a thousands separator, not a cell boundary.
    other_separators: bool,
    /// The line is a CSV record (see [`is_csv_line`]): every comma outside
    /// brackets separates cells, even between two words.
    csv: bool,
}

impl<'a> Pieces<'a> {
    fn new(line: &'a str) -> Self {
        Pieces {
            line,
            pos: 0,
            sep_before: None,
            done: false,
            other_separators: line.contains(['\t', '|'])
                || (line.contains("  ") && (!is_csv_line(line) || digit_gap(line))),
            csv: is_csv_line(line),
        }
    }
}

impl Iterator for Pieces<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        if self.done {
            return None;
        }
        let bytes = self.line.as_bytes();
        // A CSV field in quotes may hold separators: `"1,234"`.
        let quoted = (bytes.get(self.pos) == Some(&b'"'))
            .then(|| closing_quote(bytes, self.pos + 1))
            .flatten();
        let search_from = quoted.map_or(self.pos, |q| q + 1);
        let mut depth = 0usize;
        let found = (search_from..bytes.len()).find(|&i| match bytes[i] {
            b'\t' | b'|' => true,
            b'(' => {
                depth += 1;
                false
            }
            b')' => {
                depth = depth.saturating_sub(1);
                false
            }
            b',' => {
                let thousands = self.other_separators && is_thousands_comma(bytes, i);
                !thousands && (is_csv_comma(bytes, i) || (self.csv && depth == 0))
            }
            _ => false,
        });
        let (end, sep_after) = match found {
            Some(i) => (i, Some(bytes[i])),
            None => {
                self.done = true;
                (bytes.len(), None)
            }
        };
        let (start, inner_end) = match quoted {
            Some(q) => (self.pos + 1, q),
            None => (self.pos, end),
        };
        let piece = Piece {
            start,
            end: inner_end,
            sep_before: self.sep_before,
            sep_after,
        };
        self.pos = end + 1;
        self.sep_before = sep_after;
        Some(piece)
    }
}

/// Two spaces or more with a digit on either side.
fn digit_gap(line: &str) -> bool {
    let b = line.as_bytes();
    (0..b.len()).any(|i| {
        let run = b[i..].iter().take_while(|&&c| c == b' ').count();
        run >= 2
            && ((i > 0 && b[i - 1].is_ascii_digit())
                || b.get(i + run).is_some_and(u8::is_ascii_digit))
    })
}

/// A line of comma-separated cells rather than prose: two or more commas
/// outside brackets, no full stop, and no field longer than a label.
fn is_csv_line(line: &str) -> bool {
    const MAX_FIELD_CHARS: usize = 40;
    if line.contains(['。', '\t', '|']) {
        return false;
    }
    let mut depth = 0usize;
    let mut fields = 1;
    let mut field_chars = 0;
    for c in line.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                fields += 1;
                field_chars = 0;
                continue;
            }
            _ => {}
        }
        field_chars += 1;
        if field_chars > MAX_FIELD_CHARS {
            return false;
        }
    }
    fields >= 3
}

/// A label one space after a number or null mark.
/// `(四)`, `4、`, `1.`: numerals in brackets, or before `、` or `.`.
fn is_ordinal(w: &str) -> bool {
    let chars: Vec<char> = w.chars().collect();
    let numerals = |cs: &[char]| {
        !cs.is_empty()
            && cs
                .iter()
                .all(|&c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    };
    match chars.as_slice() {
        ['(', inner @ .., ')'] => numerals(inner),
        [inner @ .., '、' | '.'] => numerals(inner),
        _ => false,
    }
}

fn is_flat(piece: &str) -> bool {
    let words: Vec<(usize, usize)> = words(piece, false).collect();
    words.windows(2).any(|w| {
        let (a, b) = (&piece[w[0].0..w[0].1], &piece[w[1].0..w[1].1]);
        matches!(classify(a), CellKind::Number | CellKind::Null)
            && classify(b) == CellKind::Label
            && &piece[w[0].1..w[1].0] == " "
    })
}

/// The length of a unit alone after a space: `元` in `251000 元 …`.
fn unit_follows(rest: &[u8]) -> Option<usize> {
    ["万元", "元", "件", "个", "条", "项", "次", "家", "人"]
        .iter()
        .map(|u| u.as_bytes())
        .find(|u| rest.starts_with(u) && (rest.len() == u.len() || rest[u.len()] == b' '))
        .map(<[u8]>::len)
}

/// Words of a piece: split on runs of two or more spaces, and on single
/// spaces next to a digit (but not before a unit after a number); in a flat
/// piece on every space.
fn words(piece: &str, flat: bool) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = piece.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && bytes[pos] == b' ' {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let mut depth = 0usize;
        // Brackets keep their spaces only where they close: a label wrapped
        // inside one (`(二)部分公开(区分   4   0 …`) leaves it open.
        let last_close = bytes.iter().rposition(|&b| b == b')');
        while pos < bytes.len() {
            match bytes[pos] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                b' ' if depth == 0 || last_close.is_none_or(|c| c < pos) => {
                    depth = 0;
                    let sp = pos;
                    let run_end = sp + bytes[sp..].iter().take_while(|&&b| b == b' ').count();
                    if run_end - sp == 1 && bytes[sp - 1].is_ascii_digit() {
                        if let Some(n) = unit_follows(&bytes[run_end..]) {
                            pos = run_end + n;
                            return Some((start, pos));
                        }
                        // An ordinal spaced from its mark: `2 .重复申请`.
                        let rest = &piece[run_end..];
                        let mark = rest.strip_prefix('.').or_else(|| rest.strip_prefix('、'));
                        if mark
                            .and_then(|m| m.chars().next())
                            .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace())
                        {
                            pos = run_end;
                            continue;
                        }
                    }
                    let split = run_end - sp >= 2
                        || run_end == bytes.len()
                        || flat
                        || bytes[sp - 1].is_ascii_digit()
                        || bytes[run_end].is_ascii_digit();
                    if split {
                        pos = run_end;
                        return Some((start, sp));
                    }
                    pos = run_end;
                    continue;
                }
                _ => {}
            }
            pos += 1;
        }
        let end = piece[start..].trim_end().len() + start;
        Some((start, end))
    })
}
