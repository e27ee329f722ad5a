//! The layout-independent cell stream.
//!
//! Whatever separated a table's cells in the text (a cell per line, blank
//! lines, tabs, runs of spaces, `|` pipes, commas), the stream is the same:
//! labels, numbers, null markers and blank cells, each with its span in the
//! normalized text and its line.
//!
//! Rules, per line of the normalized text:
//! - an empty line separates cells and is not one;
//! - a line of whitespace only is one blank cell (blank cells kept by HTML
//!   renderings); a form feed that opens a line is no character of it (a
//!   page break), so a line of form feeds alone is an empty line;
//! - otherwise the line is split on tabs, `|` and commas that stand next to
//!   a digit, a separator or a line end; an empty piece between two such
//!   separators, or after a trailing tab or comma, is a blank cell (leading
//!   whitespace is indentation, and a `|` at either end frames the row);
//! - each piece is split further on runs of two or more spaces, and on a
//!   single space next to a digit (`0 0 0`), but not on a single space
//!   between two other characters (`结果 维持` is one cell).

use memchr::{memchr3, memchr3_iter};

use crate::Span;
use crate::normalize::{is_ascii_space, may_start_space};

#[cfg(test)]
mod reference;

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CellKind {
    /// Text: a row or column label, a heading, a sentence.
    Label,
    /// A number, possibly signed or with decimals: `12`, `-18`, `7730.28`.
    Number,
    /// A mark that stands for "no number": `/`, `-`, `—`, `无`.
    Null,
    /// An empty cell.
    Blank,
}

/// One cell of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'a> {
    /// What the cell holds.
    pub kind: CellKind,
    /// Its text, trimmed (empty for a blank cell).
    pub text: &'a str,
    /// Byte span of `text` in the normalized text (for a blank cell, where it stands).
    pub span: Span,
    /// 0-based line of the normalized text.
    pub line: u32,
    /// Whether no other cell precedes it on its line, blank cells aside
    /// (the empty fields that open a tab-separated row).
    pub line_start: bool,
    /// Whether its line holds rows one after another, cells apart by single
    /// spaces (a page or table flattened to one line by a crawler): a label
    /// there may start a row, or a section, after other cells of the line.
    pub flat: bool,
    /// 0-based column of its first character on its line, in characters (the
    /// x position that space-aligned layouts keep).
    pub column: u32,
}

impl Cell<'_> {
    /// Whether the cell can stand in a number column (number, null mark or blank).
    pub fn is_value(&self) -> bool {
        !matches!(self.kind, CellKind::Label)
    }
}

/// Splits normalized `text` into cells.
pub fn cells(text: &str) -> Vec<Cell<'_>> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let bytes = text.as_bytes();
    let (mut start, mut line_no) = (0, 0);
    loop {
        let end = match tab_line(text, start, line_no, &mut out) {
            Ok(end) => end,
            Err(at) => {
                let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
                split_line(text, start, &text[start..end], line_no, &mut out);
                end
            }
        };
        if end == bytes.len() {
            return out;
        }
        start = end + 1;
        line_no += 1;
    }
}

/// Reads the line that starts at `start` in one pass when only tabs
/// separate its cells (most lines: a cell per line, or tab-separated rows):
/// pushes its cells and returns where it ends (its `\n`, or the end of the
/// text). A lone space inside a label, spaces that end a cell and commas
/// between two words are read here too. At the first byte that needs the
/// general rules of [`split_line`] (any other space, a `|`, a comma next to
/// a digit or a separator, a quote, a control character, a cell edged by a
/// Unicode space; or at the line's end, a CSV record) it pushes nothing and
/// returns that byte's offset instead. The property test against
/// `cells::reference` checks that both read every line alike.
fn tab_line<'a>(
    text: &'a str,
    start: usize,
    line_no: u32,
    out: &mut Vec<Cell<'a>>,
) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let first = out.len();
    // Leading tabs: indentation, or the empty fields that open a row (see
    // `lead` below).
    let mut j = start;
    while bytes.get(j) == Some(&b'\t') {
        j += 1;
    }
    let lead = j - start;
    if matches!(bytes.get(j), None | Some(b'\n')) {
        // An empty line separates cells; a line of tabs is one blank cell.
        if j > start {
            out.push(Cell {
                kind: CellKind::Blank,
                text: "",
                span: Span::new(start, j),
                line: line_no,
                line_start: true,
                flat: false,
                column: 0,
            });
        }
        return Ok(j);
    }
    let is_space_at = |i: usize| may_start_space(bytes[i]) && starts_with_space(&text[i..]);
    // Characters from the line's start, and the piece being read: where it
    // starts (bytes and characters), where its last character starts, and
    // whether it is digits alone.
    let mut column = (j - start) as u32;
    let content = j;
    // Commas between two words (`…工作,纳入…`), and whether a tab separates cells.
    let (mut inner_commas, mut tabs) = (false, false);
    // Whether a cell other than a blank one was pushed on the line.
    let mut filled = false;
    let (mut piece, mut piece_column) = (j, column);
    let (mut last, mut digits) = (j, true);
    // Where the spaces that end the piece start (none: `usize::MAX`).
    let mut trailing = usize::MAX;
    loop {
        let b = bytes.get(j).copied().unwrap_or(b'\n');
        match b {
            b'\t' | b'\n' => {
                let end = j.min(trailing);
                // Such commas separate the cells of a CSV record, which only
                // the whole line tells. (The line has no tab and no pipe; the
                // shape claims CJK punctuation so that `。` is looked for.)
                if b == b'\n'
                    && inner_commas
                    && !tabs
                    && is_csv_line(
                        &text[content..end],
                        Shape(Shape::COMMA | Shape::CJK_PUNCTUATION),
                    )
                {
                    out.truncate(first);
                    return Err(j);
                }
                let kind = if end == piece {
                    CellKind::Blank
                } else if is_space_at(piece) || is_space_at(last) {
                    out.truncate(first);
                    return Err(j);
                } else if digits {
                    CellKind::Number
                } else {
                    classify(&text[piece..end])
                };
                // A tab after the line's first filled field makes the line a
                // row of fields: the tabs before that field closed empty
                // fields, each a blank cell. (A line of one field is indented.)
                if b == b'\t' && !tabs {
                    for k in 0..lead {
                        out.push(Cell {
                            kind: CellKind::Blank,
                            text: "",
                            span: Span::new(start + k, start + k),
                            line: line_no,
                            line_start: true,
                            flat: false,
                            column: k as u32,
                        });
                    }
                }
                out.push(Cell {
                    kind,
                    text: if kind == CellKind::Blank {
                        ""
                    } else {
                        &text[piece..end]
                    },
                    span: Span::new(piece, end),
                    line: line_no,
                    // (Blank cells before it do not count: see [`Cell::line_start`].)
                    line_start: !filled,
                    flat: false,
                    column: piece_column,
                });
                filled |= kind != CellKind::Blank;
                if b == b'\n' {
                    return Ok(j);
                }
                j += 1;
                column += 1;
                tabs = true;
                (piece, piece_column, digits, trailing) = (j, column, true, usize::MAX);
                continue;
            }
            // A comma between two words, or ending a line after a word (a
            // wrapped label), is text, unless the line is a CSV record.
            b',' if j > piece
                && !is_comma_edge(bytes[j - 1])
                && bytes
                    .get(j + 1)
                    .is_none_or(|&n| n == b'\n' || !is_comma_edge(n)) =>
            {
                inner_commas = true;
            }
            b' ' if j > piece => {
                let run = bytes[j..].iter().take_while(|&&b| b == b' ').count();
                match bytes.get(j + run) {
                    // Spaces that end a piece are trimmed.
                    None | Some(b'\t' | b'\n') => {
                        trailing = j;
                        j += run;
                        column += run as u32;
                        continue;
                    }
                    // A single space between two characters that are
                    // neither digits nor spaces splits nothing (`(三) 不予公开`).
                    Some(&next)
                        if run == 1 && !splits_at_space(bytes[j - 1]) && !splits_at_space(next) => {
                    }
                    // Any other space may split (see [`words`]).
                    _ => {
                        out.truncate(first);
                        return Err(j);
                    }
                }
            }
            b' ' | b'|' | b',' | b'"' | 0x0b | 0x0c | b'\r' => {
                out.truncate(first);
                return Err(j);
            }
            0xe0..0xf0 => {
                // A run of three-byte characters (ideographs, CJK
                // punctuation): only its length and its last character count.
                let mut k = j + 3;
                let mut n = 1;
                while bytes.get(k).is_some_and(|&b| b & 0xf0 == 0xe0) {
                    k += 3;
                    n += 1;
                }
                (last, j, digits) = (k - 3, k, false);
                column += n;
                continue;
            }
            _ => {}
        }
        last = j;
        column += 1;
        digits &= b.is_ascii_digit();
        // The next character: a lead byte tells its length.
        j += match b {
            0..0x80 => 1,
            0x80..0xe0 => 2,
            0xe0..0xf0 => 3,
            _ => 4,
        };
    }
}

fn split_line<'a>(
    text: &'a str,
    start: usize,
    line: &'a str,
    line_no: u32,
    out: &mut Vec<Cell<'a>>,
) {
    if line.bytes().all(|b| b == 0x0c) {
        // An empty line, or a page break alone (`pdftotext` opens a page's
        // first line with a form feed, which is no character of it): no cell.
        return;
    }
    let content = trim_start(line);
    // Trailing tabs are kept: in tab-separated rows they are blank cells.
    let trimmed = trim_end(content, false);
    let base = start + (line.len() - content.len());
    let shape = Shape::of(trimmed.as_bytes());
    let first = out.len();
    // Cells come in order along the line: count columns incrementally.
    let (mut at_byte, mut at_column) = (start, 0u32);
    let mut push = |kind: CellKind, s: usize, e: usize, flat: bool| {
        at_column += char_count(&text.as_bytes()[at_byte..s]);
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
    if !trimmed.is_empty() && shape.has(Shape::TAB) {
        // A row of tab-separated fields: each tab before its first filled
        // field closes an empty one (a merged cell's blank), a blank cell.
        let lead = &line[..line.len() - content.len()];
        let mut field = start;
        for (k, _) in lead.match_indices('\t') {
            push(CellKind::Blank, field, start + k, false);
            field = start + k + 1;
        }
    }
    // A piece between separators: a blank cell, or its words.
    let mut piece_cells = |ps: usize, pe: usize| {
        let piece = &trimmed[ps..pe];
        let bytes = piece.as_bytes();
        if untrimmed(bytes) && !(shape.has(Shape::SPACE) && bytes.contains(&b' ')) {
            // No spaces to split it and no whitespace to trim: the piece is
            // one cell as it stands.
            push(classify(piece), base + ps, base + pe, false);
        } else if trim_start(piece).is_empty() {
            push(CellKind::Blank, base + ps, base + pe, false);
        } else {
            let spaces = shape.has(Shape::SPACE);
            let flat = spaces && is_flat(piece);
            // Where an ordinal alone ends, one space before the word.
            let mut ordinal_before = None;
            for (ws, we) in words(piece, spaces, flat) {
                let word = &piece[ws..we];
                // `(四) 无 法提供`: a flattened label broken after its
                // ordinal and after `无`. No row is an ordinal alone with a
                // null mark one space after it: the `无` starts the label.
                // (Columns apart, `(五)    无  -  /`, a group label's piece
                // stands before a row's null marks.)
                let kind = match classify(word) {
                    CellKind::Null if ordinal_before == Some(ws) && word == "无" => {
                        CellKind::Label
                    }
                    kind => kind,
                };
                ordinal_before = ordinal_alone(word).then_some(we + 1);
                push(kind, base + ps + ws, base + ps + we, flat);
            }
        }
    };
    if trimmed.is_empty() {
        push(CellKind::Blank, start, start + line.len(), false);
    } else if !shape.has(Shape::PIPE | Shape::COMMA | Shape::QUOTE) {
        // Tabs alone split the line (tab-separated rows): its pieces lie
        // between them, with none of the rules for pipes, quotes and commas.
        let bytes = trimmed.as_bytes();
        let mut at = 0;
        while at <= bytes.len() {
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\t')
                .map_or(bytes.len(), |k| at + k);
            piece_cells(at, end);
            at = end + 1;
        }
    } else {
        let mut pieces = Pieces::new(trimmed, shape).peekable();
        // A leading `|` opens the line rather than leaving a blank.
        if pieces
            .peek()
            .is_some_and(|p| p.start == p.end && p.sep_after == Some(b'|'))
        {
            pieces.next();
        }
        while let Some(p) = pieces.next() {
            // A trailing `|` closes the line rather than leaving a blank.
            let closes = pieces.peek().is_none() && p.sep_before == Some(b'|');
            if !(closes && trim_start(&trimmed[p.start..p.end]).is_empty()) {
                piece_cells(p.start, p.end);
            }
        }
    }
    // The first cell opens the line, and so do the blank cells before the
    // first filled one and that cell (see [`Cell::line_start`]).
    for c in &mut out[first..] {
        c.line_start = true;
        if c.kind != CellKind::Blank {
            break;
        }
    }
}

/// Whether a space next to byte `b` may split a piece: `b` is a digit or
/// ASCII whitespace.
fn splits_at_space(b: u8) -> bool {
    b.is_ascii_digit() || is_ascii_space(b)
}

/// Whether `s` starts with whitespace (out of the hot loop: few cells start
/// with a byte that may begin a space beyond ASCII).
#[cold]
fn starts_with_space(s: &str) -> bool {
    s.starts_with(char::is_whitespace)
}

/// How many characters `bytes` (whole characters of UTF-8) holds: its bytes
/// that do not continue a character. (`str::chars().count()` does the same
/// with a set-up that costs more than the short runs between cells.)
fn char_count(bytes: &[u8]) -> u32 {
    bytes.iter().map(|&b| u32::from((b as i8) >= -0x40)).sum()
}

/// Whether a non-empty piece starts and ends with characters that are not
/// whitespace, so that trimming leaves it as it is (a lead byte that may
/// start a space beyond ASCII counts as whitespace here).
fn untrimmed(piece: &[u8]) -> bool {
    let solid = |b: &u8| !is_ascii_space(*b) && !may_start_space(*b);
    // The last character, if not ASCII, starts at most three bytes back.
    let last_lead = piece
        .iter()
        .rev()
        .take(4)
        .find(|&&b| !(0x80..0xc0).contains(&b));
    piece.first().is_some_and(solid) && last_lead.is_some_and(solid)
}

/// `s.trim_start()`, with ASCII whitespace skipped byte by byte (the
/// Unicode rules apply from the first byte that may start a space beyond ASCII).
fn trim_start(s: &str) -> &str {
    let bytes = s.as_bytes();
    let i = bytes
        .iter()
        .position(|&b| !is_ascii_space(b))
        .unwrap_or(bytes.len());
    match bytes.get(i) {
        Some(&b) if may_start_space(b) => s[i..].trim_start(),
        _ => &s[i..],
    }
}

/// `s.trim_end()`, or with `tabs` false, trimmed of whitespace other than
/// tabs; ASCII whitespace is skipped byte by byte.
fn trim_end(s: &str, tabs: bool) -> &str {
    let bytes = s.as_bytes();
    let trims = |b: u8| is_ascii_space(b) && (tabs || b != b'\t');
    let end = bytes.iter().rposition(|&b| !trims(b)).map_or(0, |i| i + 1);
    // The last character, if not ASCII, starts at most three bytes back.
    let last_lead = bytes[..end]
        .iter()
        .rev()
        .take(4)
        .find(|&&b| !(0x80..0xc0).contains(&b));
    match last_lead {
        Some(&b) if may_start_space(b) => {
            s[..end].trim_end_matches(|c: char| c.is_whitespace() && (tabs || c != '\t'))
        }
        _ => &s[..end],
    }
}

/// Which bytes that matter to the splitter a line holds, found in one pass
/// over it: the splitter skips every search that cannot find anything.
#[derive(Debug, Clone, Copy)]
struct Shape(u8);

impl Shape {
    const TAB: u8 = 1;
    const PIPE: u8 = 2;
    const COMMA: u8 = 4;
    const SPACE: u8 = 8;
    /// Two spaces in a row: a column gap.
    const GAP: u8 = 16;
    /// A lead byte of U+3000..U+3FFF (CJK punctuation such as `。`).
    const CJK_PUNCTUATION: u8 = 32;
    /// A `"` (a CSV field may be quoted).
    const QUOTE: u8 = 64;

    /// The class of each byte value (0 for most).
    const OF_BYTE: [u8; 256] = {
        let mut t = [0u8; 256];
        t[b'\t' as usize] = Shape::TAB;
        t[b'|' as usize] = Shape::PIPE;
        t[b',' as usize] = Shape::COMMA;
        t[b' ' as usize] = Shape::SPACE;
        t[0xe3] = Shape::CJK_PUNCTUATION;
        t[b'"' as usize] = Shape::QUOTE;
        t
    };

    fn of(bytes: &[u8]) -> Shape {
        let flags = bytes
            .iter()
            .fold(0, |f, &b| f | Shape::OF_BYTE[usize::from(b)]);
        let gap = flags & Shape::SPACE != 0 && bytes.windows(2).any(|w| w == b"  ");
        Shape(flags | if gap { Shape::GAP } else { 0 })
    }

    /// Whether the line has any byte of the classes in `flags`.
    fn has(self, flags: u8) -> bool {
        self.0 & flags != 0
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
    /// The line has tabs, pipes or column gaps (in a CSV record, only a gap
    /// next to a digit: two spaces inside a label are no column), so a comma
    /// between digit groups (`1,234`) is a thousands separator, not a cell
    /// boundary.
    other_separators: bool,
    /// The line is a CSV record (see [`is_csv_line`]): every comma outside
    /// brackets separates cells, even between two words.
    csv: bool,
    /// The line has a tab, pipe or comma at all.
    separators: bool,
}

impl<'a> Pieces<'a> {
    fn new(line: &'a str, shape: Shape) -> Self {
        let csv = is_csv_line(line, shape);
        let gap = shape.has(Shape::GAP) && (!csv || has_digit_gap(line.as_bytes()));
        Pieces {
            line,
            pos: 0,
            sep_before: None,
            done: false,
            other_separators: gap || shape.has(Shape::TAB | Shape::PIPE),
            csv,
            separators: shape.has(Shape::TAB | Shape::PIPE | Shape::COMMA),
        }
    }

    /// Whether the comma at `i` separates cells (in a CSV record, when outside brackets).
    fn comma_separates(&self, i: usize, outside_brackets: bool) -> bool {
        let bytes = self.line.as_bytes();
        let thousands = self.other_separators && is_thousands_comma(bytes, i);
        !thousands && (is_csv_comma(bytes, i) || (self.csv && outside_brackets))
    }

    /// The next separator at or after `from` in a line that is not a CSV
    /// record: jumps from tab, pipe or comma to the next.
    fn next_separator(&self, from: usize) -> Option<usize> {
        if !self.separators {
            return None;
        }
        /// Bytes looked at one by one before a vector search is set up:
        /// most pieces are short (a number, a blank).
        const NEAR: usize = 8;
        let bytes = self.line.as_bytes();
        let is_separator = |i: usize| match bytes[i] {
            b'\t' | b'|' => true,
            b',' => self.comma_separates(i, false),
            _ => false,
        };
        let near_end = bytes.len().min(from + NEAR);
        if let Some(i) = (from..near_end).find(|&i| is_separator(i)) {
            return Some(i);
        }
        memchr3_iter(b'\t', b'|', b',', bytes.get(near_end..)?)
            .map(|k| near_end + k)
            .find(|&i| is_separator(i))
    }

    /// The next separator at or after `from` in a CSV record, where brackets
    /// hide commas.
    fn next_csv_separator(&self, from: usize) -> Option<usize> {
        let bytes = self.line.as_bytes();
        let mut depth = 0usize;
        (from..bytes.len()).find(|&i| match bytes[i] {
            b'\t' | b'|' => true,
            b'(' => {
                depth += 1;
                false
            }
            b')' => {
                depth = depth.saturating_sub(1);
                false
            }
            b',' => self.comma_separates(i, depth == 0),
            _ => false,
        })
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
        let found = if self.csv {
            self.next_csv_separator(search_from)
        } else {
            self.next_separator(search_from)
        };
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

/// A line of comma-separated cells rather than prose: two or more commas
/// outside brackets, no full stop, and no field longer than a label.
fn is_csv_line(line: &str, shape: Shape) -> bool {
    const MAX_FIELD_CHARS: usize = 40;
    if !shape.has(Shape::COMMA)
        || shape.has(Shape::TAB | Shape::PIPE)
        || (shape.has(Shape::CJK_PUNCTUATION) && line.contains('。'))
    {
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

/// The `"` that closes a quoted CSV field opened before `from` (`""` is a quote inside it).
fn closing_quote(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            if bytes.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A comma separates cells when it stands next to a digit, a separator or a
/// line start (`3,0,0`, `规章,0`, `,0`), or ends a line after one (`0,`); a
/// comma between two words is text, and so is one that ends a line after a
/// word (a label wrapped after it: `(区分处理的,` ⏎ `只计这一情形…`).
fn is_csv_comma(bytes: &[u8], i: usize) -> bool {
    let before = i.checked_sub(1).is_none_or(|j| is_comma_edge(bytes[j]));
    before || bytes.get(i + 1).is_some_and(|&b| is_comma_edge(b))
}

/// Whether a comma next to `b` separates cells: `b` is a digit, a separator
/// or a quote.
fn is_comma_edge(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b',' | b'\t' | b'|' | b' ' | b'"')
}

/// Whether two spaces or more stand next to a digit.
fn has_digit_gap(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"  ").any(|i| {
        let end = i + bytes[i..].iter().take_while(|&&b| b == b' ').count();
        (i > 0 && bytes[i - 1].is_ascii_digit()) || bytes.get(end).is_some_and(u8::is_ascii_digit)
    })
}

/// A comma inside a number's digit groups: a digit before, exactly three after.
fn is_thousands_comma(bytes: &[u8], i: usize) -> bool {
    let digit = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
    i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4)
}

/// Words of a piece: split on runs of two or more spaces, and on single
/// spaces next to a digit, except one between a number and the unit that
/// ends it (`251000 元`); in a flat piece (see [`is_flat`]) on every space.
/// Spaces inside brackets that close later in the piece split nothing. A
/// piece with no space (`spaces` false) is one word.
fn words(piece: &str, spaces: bool, flat: bool) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = piece.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if !spaces {
            return (std::mem::replace(&mut pos, bytes.len()) == 0)
                .then(|| (0, trim_end(piece, true).len()));
        }
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
        let last_close = memchr::memrchr(b')', bytes);
        // Only spaces and brackets matter: jump from one to the next.
        while let Some(k) = memchr3(b' ', b'(', b')', &bytes[pos..]) {
            pos += k;
            match bytes[pos] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                b' ' if depth == 0 || last_close.is_none_or(|c| c < pos) => {
                    depth = 0;
                    let sp = pos;
                    let run_end = sp + bytes[sp..].iter().take_while(|&&b| b == b' ').count();
                    let after_number = bytes[sp - 1].is_ascii_digit();
                    let unit = if after_number && run_end - sp == 1 {
                        unit_at(bytes, run_end)
                    } else {
                        None
                    };
                    if let Some(len) = unit {
                        // The unit ends the word.
                        pos = run_end + len;
                        return Some((start, pos));
                    }
                    if after_number && run_end - sp == 1 && ordinal_mark_at(piece, run_end) {
                        // `2 .重复申请`: an ordinal's number and its mark.
                        pos = run_end;
                        continue;
                    }
                    let split = run_end - sp >= 2
                        || run_end == bytes.len()
                        || flat
                        || after_number
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
        pos = bytes.len();
        let end = trim_end(&piece[start..], true).len() + start;
        Some((start, end))
    })
}

/// Whether the mark that ends an ordinal (`.` or `、`) stands at byte `at`
/// of a piece, a word's character after it: `.重复申请` after `2 ` (a label
/// spaced inside its ordinal). No cell starts with such a mark, so the
/// number before it is the ordinal's (`2 .5` is two numbers).
fn ordinal_mark_at(piece: &str, at: usize) -> bool {
    let rest = &piece[at..];
    let Some(after) = rest.strip_prefix('.').or_else(|| rest.strip_prefix('、')) else {
        return false;
    };
    after
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace())
}

/// The length of a unit word standing alone at byte `at` of a piece (`元`
/// in `251000 元 …`): it ends the number before it.
fn unit_at(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = &bytes[at..];
    UNITS
        .iter()
        .find(|u| rest.starts_with(u.as_bytes()) && matches!(rest.get(u.len()), None | Some(b' ')))
        .map(|u| u.len())
}

/// Whether a piece holds rows one after another, apart by single spaces: a
/// label follows a number or null mark after one space (`规章 0 0 0 规范性文件
/// 6 6 6`). Rows printed a line each end with their line, and a column
/// layout sets its cells apart by wider gaps; only a line flattened from a
/// table puts a row's label one space after the last row's number.
fn is_flat(piece: &str) -> bool {
    let mut before: Option<(CellKind, usize)> = None;
    words(piece, true, false).any(|(s, e)| {
        let kind = classify(&piece[s..e]);
        let after_value = before
            .is_some_and(|(k, end)| matches!(k, CellKind::Number | CellKind::Null) && s == end + 1);
        before = Some((kind, e));
        after_value && kind == CellKind::Label
    })
}

/// Whether a word is an ordinal and nothing else: `(四)`, `4、`, `1.`,
/// `一、`.
fn ordinal_alone(word: &str) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let inner = match word.strip_prefix('(') {
        Some(rest) => rest.strip_suffix(')'),
        None => word.strip_suffix('、').or_else(|| word.strip_suffix('.')),
    };
    inner.is_some_and(|n| !n.is_empty() && n.chars().all(numeral))
}

/// The kind of a non-empty cell text.
pub fn classify(text: &str) -> CellKind {
    // Only these bytes start a null mark or a number (see the test
    // `null_marks_start_with_their_bytes`).
    match text.as_bytes().first() {
        Some(b'/' | b'\\' | b'-' | 0xe2 | 0xe6) if NULL_MARKS.contains(&text) => CellKind::Null,
        // Digits alone (most number cells) need no grammar.
        Some(b'0'..=b'9') if text.bytes().all(|b| b.is_ascii_digit()) => CellKind::Number,
        Some(b'0'..=b'9' | b'+' | b'-') if number(text).is_some() => CellKind::Number,
        _ => CellKind::Label,
    }
}

/// Marks that stand for "no number".
const NULL_MARKS: [&str; 9] = ["/", "\\", "-", "--", "—", "——", "–", "无", "-—"];

/// A number as a cell prints it: `12`, `-18`, `7,730.28`, `251000元`,
/// `22（其中修订 16 件）` (after normalization).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number<'a> {
    /// Sign, digits (thousands separators included) and decimals.
    pub digits: &'a str,
    /// A unit after the digits (`元`, `万元`, `件`, …), or empty.
    pub unit: &'a str,
    /// A parenthesized note after them, or empty.
    pub note: &'a str,
}

/// Units a number may print after its digits (`万元` before `元`).
const UNITS: [&str; 9] = ["万元", "元", "件", "个", "条", "项", "次", "家", "人"];

/// Reads a number cell's text, or `None` if it is not one.
///
/// The grammar: an optional sign, digits, groups of three after commas, an
/// optional fraction; then optionally (after spaces or tabs) a unit; then
/// optionally (after spaces or tabs) a note from `(` to a final `)`; nothing else.
pub fn number(text: &str) -> Option<Number<'_>> {
    let bytes = text.as_bytes();
    let digits_from = |from: usize| {
        bytes
            .get(from..)
            .map_or(0, |b| b.iter().take_while(|b| b.is_ascii_digit()).count())
    };
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let n = digits_from(i);
    if n == 0 {
        return None;
    }
    i += n;
    while bytes.get(i) == Some(&b',') && digits_from(i + 1) == 3 {
        i += 4;
    }
    if bytes.get(i) == Some(&b'.') {
        let n = digits_from(i + 1);
        if n > 0 {
            i += 1 + n;
        }
    }
    if i == bytes.len() {
        // Digits alone: the common case.
        return Some(Number {
            digits: text,
            unit: "",
            note: "",
        });
    }
    // Only a space, a tab, a note's `(` or a unit (whose lead bytes are E4,
    // E5, E6 and E9) may follow the digits (`1.属于…` is a label).
    if !matches!(bytes[i], b' ' | b'\t' | b'(' | 0xe4..=0xe6 | 0xe9) {
        return None;
    }
    let (digits, mut rest) = text.split_at(i);
    let spaced = |s: &'_ str| s.trim_start_matches([' ', '\t']).len();
    let mut unit = "";
    let after = &rest[rest.len() - spaced(rest)..];
    if let Some(u) = UNITS.iter().find(|u| after.starts_with(*u)) {
        unit = u;
        rest = &after[u.len()..];
    }
    let mut note = "";
    let after = &rest[rest.len() - spaced(rest)..];
    if after.starts_with('(') && after.ends_with(')') && !opens_with_ordinal(after) {
        note = after;
        rest = "";
    }
    rest.is_empty().then_some(Number { digits, unit, note })
}

/// Whether a bracket opens with an ordinal, `(三)` or `(二)部分公开…`: the
/// next row's label run on after a number (cells glued), not a note.
fn opens_with_ordinal(bracket: &str) -> bool {
    let inner = &bracket[1..];
    let n = inner
        .chars()
        .take_while(|&c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        .map(char::len_utf8)
        .sum::<usize>();
    n > 0 && inner[n..].starts_with(')')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number grammar in nom, as the reference for [`number`].
    fn number_nom(text: &str) -> Option<super::Number<'_>> {
        use nom::Parser;
        use nom::branch::alt;
        use nom::bytes::complete::{tag, take_while1};
        use nom::character::complete::{char, one_of, space0};
        use nom::combinator::{all_consuming, opt, recognize, rest, verify};
        use nom::multi::many0;
        use nom::sequence::preceded;

        fn digits(i: &str) -> nom::IResult<&str, &str> {
            take_while1(|c: char| c.is_ascii_digit())(i)
        }
        let group = verify(digits, |d: &str| d.len() == 3);
        let integer = recognize((
            opt(one_of("+-")),
            digits,
            many0(preceded(char(','), group)),
            opt(preceded(char('.'), digits)),
        ));
        let unit = alt((
            tag("万元"),
            tag("元"),
            tag("件"),
            tag("个"),
            tag("条"),
            tag("项"),
            tag("次"),
            tag("家"),
            tag("人"),
        ));
        let note = verify(recognize((char('('), rest)), |n: &str| {
            // Not an ordinal: `(三)…` is the next row's label.
            let ordinal: nom::IResult<&str, &str> = recognize((
                char('('),
                take_while1(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)),
                char(')'),
            ))
            .parse(n);
            n.ends_with(')') && ordinal.is_err()
        });
        let parsed: nom::IResult<&str, _> = all_consuming((
            integer,
            opt(preceded(space0, unit)),
            opt(preceded(space0, note)),
        ))
        .parse(text);
        parsed.ok().map(|(_, (digits, unit, note))| super::Number {
            digits,
            unit: unit.unwrap_or(""),
            note: note.unwrap_or(""),
        })
    }

    #[test]
    fn the_number_reader_agrees_with_its_grammar() {
        let pieces = [
            "",
            "0",
            "12",
            "+",
            "-",
            "1",
            "234",
            ",",
            ",123",
            ",12",
            ",1234",
            ".",
            ".5",
            "5",
            " ",
            "\t",
            "万元",
            "元",
            "万",
            "件",
            "人",
            "(",
            ")",
            "(其中修订 16 件)",
            "(三)",
            "(二)部分公开(区分)",
            "(12)",
            "x",
            "年",
            "1,234",
            "--",
            "(a)",
            "22",
        ];
        let mut seen = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in ["", " ", "(b)", ")"] {
                        let t = format!("{a}{b}{c}{d}");
                        assert_eq!(number(&t), number_nom(&t), "{t:?}");
                        seen += usize::from(number(&t).is_some());
                    }
                }
            }
        }
        assert!(seen > 1000, "{seen}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]

        /// Lines built from separators, brackets, quotes, numbers and words.
        #[test]
        fn the_splitter_agrees_with_the_reference(parts in proptest::collection::vec(
            proptest::sample::select(&[
                "\t", "|", ",", " ", "  ", "(", ")", "\"", "0", "12", "1,234", "7.5",
                "规章", "结果 维持", "。", "-", "/", "无", "\n", "a", "万元", "元", "件", "\r",
                "\u{3000}", "\u{a0}", "\u{2028}", "\u{1680}", "\x0b", "\x0c", "—", "--", "+3", "、", ".",
            ][..]),
            0..40,
        )) {
            let text = parts.concat();
            proptest::prop_assert_eq!(cells(&text), reference::cells(&text));
        }
    }

    proptest::proptest! {
        /// A tab-separated row yields a cell per field, its leading empty
        /// fields (merged cells' blanks, blank data) too, wherever the row
        /// starts; a line of one field after tabs is indented, one cell.
        #[test]
        fn tab_rows_keep_every_field(fields in proptest::collection::vec(
            proptest::sample::select(&["", "", "0", "12", "规章", "2.重复申请", "/", "7.5", "5件"][..]),
            1..12,
        )) {
            let line = fields.join("\t");
            let text = format!("前\n{line}\n后");
            let got: Vec<_> = cells(&text)
                .into_iter()
                .filter(|c| c.line == 1)
                .map(|c| (c.kind, c.text, c.line_start))
                .collect();
            let Some(first) = fields.iter().position(|f| !f.is_empty()) else {
                // A line of tabs is one blank cell, an empty line none.
                proptest::prop_assert_eq!(got.len(), usize::from(fields.len() > 1));
                return Ok(());
            };
            let want: Vec<_> = if first + 1 == fields.len() {
                vec![(classify(fields[first]), fields[first], true)]
            } else {
                fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let kind = if f.is_empty() { Blank } else { classify(f) };
                        (kind, *f, i <= first)
                    })
                    .collect()
            };
            proptest::prop_assert_eq!(got, want, "{:?}", line);
        }

        /// An ordinal's digits spaced from its mark (`2 .重复申请`) stay one
        /// cell in every separator's line; a fraction (`2 .5`) does not.
        #[test]
        fn ordinals_spaced_from_their_marks_stay_whole(
            n in 1u8..=9,
            mark in proptest::sample::select(&[".", "、"][..]),
            sep in proptest::sample::select(&["\t", "  ", " | ", ","][..]),
            flat in proptest::bool::ANY,
        ) {
            let label = format!("{n} {mark}重复申请");
            let line = if flat {
                format!("规章 0 0 {label} 5 6")
            } else {
                format!("{label}{sep}5{sep}6")
            };
            let got = kinds(&line);
            proptest::prop_assert!(got.contains(&(Label, label.as_str())), "{:?}: {:?}", line, got);
            let fraction = format!("{n} .5{sep}6");
            let digits = n.to_string();
            proptest::prop_assert_eq!(
                kinds(&fraction).first().copied(),
                Some((Number, digits.as_str()))
            );
        }
    }

    #[test]
    fn the_splitter_agrees_with_the_reference_on_the_seeds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let source = crate::normalize::normalize(&text);
            assert_eq!(cells(source.text()), reference::cells(source.text()));
        }
    }

    fn kinds(text: &str) -> Vec<(CellKind, &str)> {
        cells(text).iter().map(|c| (c.kind, c.text)).collect()
    }

    use CellKind::*;

    /// A flattened label broken after its ordinal and after `无`: the `无`
    /// starts the label, no null mark (a row is no ordinal alone); after a
    /// row's label, it is one.
    #[test]
    fn wu_after_an_ordinal_alone_starts_a_label() {
        let flat =
            "8、属于行政查询事项 3 无 5 (四) 无 法提供 1、 本机关不掌握 无 2 4、 无 正当理由 1";
        let got = kinds(flat);
        assert_eq!(got[2], (Null, "无"));
        assert_eq!(got[5], (Label, "无"));
        assert_eq!(got[9], (Null, "无"));
        assert_eq!(got[12], (Label, "无"));
        // Columns apart: a group label's piece, then a row's null marks.
        let got = kinds("(五)      无   -   /\n不予处  2.重复申请  /  /");
        assert_eq!(got[1], (Null, "无"));
    }

    #[test]
    fn a_flattened_line_splits_on_every_space() {
        let flat = "二、主动公开 信息内容 本年制发件数 规章 0 0 0 规范性文件 6 / 6 (三)不予 公开 7";
        let got: Vec<_> = cells(flat)
            .iter()
            .map(|c| (c.kind, c.text, c.flat))
            .collect();
        let want = [
            "二、主动公开",
            "信息内容",
            "本年制发件数",
            "规章",
            "0",
            "0",
            "0",
            "规范性文件",
            "6",
            "/",
            "6",
            "(三)不予",
            "公开",
            "7",
        ];
        assert_eq!(got.iter().map(|c| c.1).collect::<Vec<_>>(), want);
        assert!(got.iter().all(|c| c.2));
        assert_eq!(got[9].0, Null);
        // A row a line: its label keeps its spaces, and no cell is flat.
        let row = cells("(三)不予 公开 1.属于国家秘密 0 0 0");
        assert_eq!(row[0].text, "(三)不予 公开");
        assert_eq!(row[1].text, "1.属于国家秘密");
        assert!(row.iter().all(|c| !c.flat));
        // A unit after a space ends its number, flat or not.
        assert_eq!(
            kinds("行政事业性收费 251000 元 其他 3"),
            vec![
                (Label, "行政事业性收费"),
                (Number, "251000 元"),
                (Label, "其他"),
                (Number, "3")
            ]
        );
        assert_eq!(kinds("收费 12 万元")[1], (Number, "12 万元"));
        assert_eq!(kinds("共 12 件事项")[1], (Number, "12"));
    }

    #[test]
    fn a_cell_per_line_with_tabs_and_blanks() {
        assert_eq!(
            kinds("\t规章\n\t0\n\n\t\n\t-\n \n"),
            vec![
                (Label, "规章"),
                (Number, "0"),
                (Blank, ""),
                (Null, "-"),
                (Blank, "")
            ]
        );
    }

    #[test]
    fn a_page_break_is_no_blank_cell() {
        // (`pdftotext` opens a page's first line with a form feed: the line
        // may hold nothing else.)
        assert_eq!(
            kinds("0\n\x0c\n0\n\x0c\t\n0\n\x0c（三）不予公开"),
            vec![
                (Number, "0"),
                (Number, "0"),
                (Blank, ""),
                (Number, "0"),
                (Label, "（三）不予公开")
            ]
        );
    }

    #[test]
    fn tab_separated_rows_keep_inner_blanks() {
        assert_eq!(
            kinds("\t\t2.重复申请\t0\t\t5\t\t"),
            vec![
                (Blank, ""),
                (Blank, ""),
                (Label, "2.重复申请"),
                (Number, "0"),
                (Blank, ""),
                (Number, "5"),
                (Blank, ""),
                (Blank, "")
            ]
        );
    }

    #[test]
    fn pipes_spaces_and_commas() {
        assert_eq!(
            kinds("| 规章 | 1 |  | 3 |"),
            vec![(Label, "规章"), (Number, "1"), (Blank, ""), (Number, "3")]
        );
        assert_eq!(
            kinds("  结果 维持   12 3  4.5"),
            vec![
                (Label, "结果 维持"),
                (Number, "12"),
                (Number, "3"),
                (Number, "4.5")
            ]
        );
        assert_eq!(
            kinds("规章,1,,3"),
            vec![(Label, "规章"), (Number, "1"), (Blank, ""), (Number, "3")]
        );
        assert_eq!(kinds("之和,等于"), vec![(Label, "之和,等于")]);
        assert_eq!(
            kinds("信息内容,本年制发件数,本年废止件数"),
            vec![
                (Label, "信息内容"),
                (Label, "本年制发件数"),
                (Label, "本年废止件数")
            ]
        );
        assert_eq!(
            kinds("(二)部分公开(区分处理的,只计这一情形,不计其他情形),2,,3"),
            vec![
                (Label, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
                (Number, "2"),
                (Blank, ""),
                (Number, "3")
            ]
        );
    }

    #[test]
    fn spans_point_at_the_text() {
        let text = "a\n\t规章\t12";
        for c in cells(text) {
            assert_eq!(&text[c.span.start..c.span.end], c.text);
        }
        let c = cells(text);
        // The row's leading tab closes an empty field: a blank cell, then
        // the label, which still opens the line (only a blank precedes it).
        assert_eq!((c[1].kind, c[1].span), (Blank, Span::new(2, 2)));
        assert_eq!(
            (c[2].line, c[2].line_start, c[3].line_start),
            (1, true, false)
        );
        assert_eq!((c[1].column, c[2].column, c[3].column), (0, 1, 4));
        // A line of one field is indented: no blank cell.
        let c = cells(
            "a
	规章",
        );
        assert_eq!((c[1].text, c[1].line_start, c[1].column), ("规章", true, 1));
    }

    #[test]
    fn numbers_with_units_notes_and_separators() {
        let n = number("22(其中修订 16 件)").unwrap();
        assert_eq!((n.digits, n.unit, n.note), ("22", "", "(其中修订 16 件)"));
        let n = number("251000元").unwrap();
        assert_eq!((n.digits, n.unit), ("251000", "元"));
        assert_eq!(number("1,234.5").unwrap().digits, "1,234.5");
        assert_eq!(number("12 件").unwrap().unit, "件");
        assert!(number("1,23").is_none());
        assert!(number("22(其中").is_none());
        assert_eq!(
            kinds("规章\t22(其中修订 16 件)\t1,234"),
            vec![
                (Label, "规章"),
                (Number, "22(其中修订 16 件)"),
                (Number, "1,234")
            ]
        );
        assert_eq!(
            kinds("规章,1,234"),
            vec![(Label, "规章"), (Number, "1"), (Number, "234")]
        );
    }

    #[test]
    fn trims_agree_with_std_on_every_space() {
        for c in (char::MIN..=char::MAX).filter(|c| c.is_whitespace()) {
            let s = format!("{c}规{c}");
            assert_eq!(trim_start(&s), s.trim_start(), "{c:?}");
            assert_eq!(trim_end(&s, true), s.trim_end(), "{c:?}");
            if !c.is_ascii() {
                let mut lead = [0; 4];
                c.encode_utf8(&mut lead);
                assert!(may_start_space(lead[0]), "{c:?}");
            }
        }
    }

    #[test]
    fn null_marks_start_with_their_bytes() {
        for m in NULL_MARKS {
            assert!(
                matches!(m.as_bytes()[0], b'/' | b'\\' | b'-' | 0xe2 | 0xe6),
                "{m}"
            );
            assert_eq!(classify(m), Null, "{m}");
        }
    }

    #[test]
    fn units_start_with_the_bytes_the_number_reader_lets_through() {
        for u in UNITS {
            assert!(matches!(u.as_bytes()[0], 0xe4..=0xe6 | 0xe9), "{u}");
            let cell = format!("12{u}");
            assert_eq!(number(&cell).map(|n| n.unit), Some(u), "{cell}");
        }
    }

    #[test]
    fn numbers_and_nulls() {
        for t in ["0", "-18", "+3", "7730.28"] {
            assert_eq!(classify(t), Number, "{t}");
        }
        for t in ["1.", ".5", "1.属于国家秘密", "2023年"] {
            assert_eq!(classify(t), Label, "{t}");
        }
        for t in ["/", "—", "无", "-"] {
            assert_eq!(classify(t), Null, "{t}");
        }
    }
}
