//! Number columns placed by where their numbers stand.
//!
//! Text laid out by position (`pdftotext -layout`) prints a blank cell as
//! spaces where its column stands, so a row may print fewer numbers than it
//! has cells. A careful reader places each of them by the column it stands
//! under; so does [`Columns::place`]:
//!
//! - a table's columns are learned, page by page, from its full rows: lines
//!   split by spaces alone that end in as many numbers (or null marks) as
//!   the row has cells, a label or nothing before them. Each column is the
//!   extent, in characters, that its numbers cover on those lines. The
//!   columns must stand apart (at least [`APART`] characters between one's
//!   extent and the next's) and right of every full row's label, or the
//!   page's columns are not used;
//! - a number of a short row (on one line split by spaces alone, the row's
//!   label, if on that line, left of the columns) is placed in a column when
//!   it stands within [`TOLERANCE`] characters of that column's extent and
//!   of no other's; the columns under no number are blank. A number under no
//!   column or several is unread, and so are the columns it may stand in
//!   (those between the columns of the numbers placed around it);
//! - the positions are trusted only in text that shows it is aligned: two
//!   lines ending in as many numbers that stand under each other, although
//!   the labels before them end at different places and at different
//!   distances from the numbers. Text that separates its cells by a fixed
//!   run of spaces moves the numbers with the labels (the same distance
//!   after each), and shows no such pair.
//!
//! A form feed (a page break) that opens a line is no character of it; a
//! table's columns are learned on the page of the row they place (a table
//! across pages may stand elsewhere on each). Everything is linear in the
//! cells looked at: the text's layout is read once, when first needed, and
//! a table's columns once, when its first short row is met.

use std::cell::OnceCell;
use std::ptr;

use crate::Span;
use crate::cells::{Cell, CellKind};
use crate::error::ErrorKind;

use super::labels::{Expected, match_any, template_label};
use super::{Cells, Fitted, GrammarError, Stream, column_names};

/// How far (in characters) a number may stand from a column's extent and
/// still be under it: one character of jitter either way.
pub(crate) const TOLERANCE: u32 = 1;

/// The least distance (in characters) between two columns' extents, and
/// between the labels and the first column: more than [`TOLERANCE`], so
/// that no number is under two columns that stand apart so.
pub(crate) const APART: u32 = TOLERANCE + 1;

/// Most numbers a line may end in to show alignment (section 四 has 15).
const MAX_NUMBERS: usize = 16;

/// A blank cell, for the columns under no number.
static BLANK: Cell<'static> = Cell {
    kind: CellKind::Blank,
    text: "",
    span: Span::new(0, 0),
    line: 0,
    line_start: false,
    flat: false,
    column: 0,
};

/// A half-open range of character columns on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Extent {
    start: u32,
    end: u32,
}

impl Extent {
    /// How many characters lie between the two (0 if they touch or overlap).
    fn gap(self, other: Extent) -> u32 {
        other
            .start
            .saturating_sub(self.end)
            .max(self.start.saturating_sub(other.end))
    }

    /// The smallest extent that covers both.
    fn hull(self, other: Extent) -> Extent {
        Extent {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Facts about a text's layout that only the number columns need.
#[derive(Debug)]
pub(crate) struct Layout {
    /// The lines that hold a form feed (a new page), in order, and whether
    /// the form feed opens the line.
    breaks: Vec<(u32, bool)>,
    /// Whether the text shows it is aligned (see the module docs).
    aligned: bool,
}

/// The layout facts of `stream`, read when first asked for.
fn layout<'s>(stream: &'s Stream<'_>) -> &'s Layout {
    stream.layout.get_or_init(|| {
        let breaks = page_breaks(stream.text);
        let aligned = shows_alignment(stream.text, &breaks, &stream.cells);
        Layout { breaks, aligned }
    })
}

/// The lines that hold a form feed, and whether it opens the line.
fn page_breaks(text: &str) -> Vec<(u32, bool)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(u32, bool)> = Vec::new();
    let (mut line, mut counted) = (0u32, 0usize);
    for at in memchr::memchr_iter(0x0c, bytes) {
        line += memchr::memchr_iter(b'\n', &bytes[counted..at]).count() as u32;
        counted = at;
        let opens = at == 0 || bytes[at - 1] == b'\n';
        match out.last_mut() {
            Some(last) if last.0 == line => last.1 |= opens,
            _ => out.push((line, opens)),
        }
    }
    out
}

/// A line that ends in numbers, split by spaces alone.
struct Line<'c> {
    /// Its page: how many form feeds stand on or before it.
    page: u32,
    /// Where the label before the numbers ends, if a label stands there.
    label_end: Option<u32>,
    /// The number and null-mark cells that end the line.
    numbers: &'c [Cell<'c>],
    /// How far its characters stand right of their place (1 where a form
    /// feed opens the line).
    shift: u32,
}

impl Line<'_> {
    fn extent(&self, cell: &Cell<'_>) -> Extent {
        let start = cell.column.saturating_sub(self.shift);
        Extent {
            start,
            end: start + cell.text.chars().count() as u32,
        }
    }

    /// How far the first number stands right of the label's end.
    fn lead(&self) -> Option<i64> {
        let first = self.extent(self.numbers.first()?);
        Some(i64::from(first.start) - i64::from(self.label_end?))
    }

    /// Whether each number stands under the other line's number of its column.
    fn lines_up(&self, other: &Line<'_>) -> bool {
        self.numbers.len() == other.numbers.len()
            && self
                .numbers
                .iter()
                .zip(other.numbers)
                .all(|(a, b)| self.extent(a).gap(other.extent(b)) <= TOLERANCE)
    }
}

/// The line whose cells (all of them, in order) are `cells`, if spaces
/// alone split it (and open it, but for a form feed) and it ends in numbers.
fn line<'c>(text: &str, breaks: &[(u32, bool)], cells: &'c [Cell<'c>]) -> Option<Line<'c>> {
    let first = cells.first()?;
    if cells.iter().any(|c| c.flat || c.kind == CellKind::Blank) {
        return None;
    }
    let k = cells
        .iter()
        .rev()
        .take_while(|c| matches!(c.kind, CellKind::Number | CellKind::Null))
        .count();
    if k == 0 {
        return None;
    }
    let bytes = text.as_bytes();
    let spaces = |from: usize, to: usize| from < to && bytes[from..to].iter().all(|&b| b == b' ');
    // Spaces alone stand next to a number. (A comma that ends a label,
    // `(区分处理的,` wrapped before its row's numbers, is taken for a
    // separator: it stays the label's. Commas split a label's line too:
    // `理的,只计这一情形,不`.)
    let comma = |c: &Cell<'_>| c.kind == CellKind::Label && bytes.get(c.span.end) == Some(&b',');
    if !cells.windows(2).all(|w| {
        let (from, to) = (w[0].span.end, w[1].span.start);
        if w[1].kind == CellKind::Label {
            from < to && bytes[from..to].iter().all(|&b| b == b' ' || b == b',')
        } else {
            spaces(from + usize::from(comma(&w[0])), to)
        }
    }) {
        return None;
    }
    let line_start = text[..first.span.start].rfind('\n').map_or(0, |i| i + 1);
    let lead = &bytes[line_start..first.span.start];
    let lead = lead.strip_prefix(&[0x0c]).unwrap_or(lead);
    if !lead.iter().all(|&b| b == b' ') {
        return None;
    }
    let page = breaks.partition_point(|&(l, _)| l <= first.line);
    let opens = page > 0 && breaks[page - 1] == (first.line, true);
    let shift = u32::from(opens);
    let numbers = &cells[cells.len() - k..];
    let label_end = (k < cells.len()).then(|| {
        let label = &cells[cells.len() - k - 1];
        let chars = label.text.chars().count() + usize::from(comma(label));
        label.column.saturating_sub(shift) + chars as u32
    });
    Some(Line {
        page: page as u32,
        label_end,
        numbers,
        shift,
    })
}

/// The lines of `cells`, each a slice of the cells on it.
fn lines<'c>(cells: &'c [Cell<'c>]) -> impl Iterator<Item = &'c [Cell<'c>]> {
    cells.chunk_by(|a, b| a.line == b.line)
}

/// Whether the text shows it is aligned: two lines on one page ending in
/// as many numbers (two or more) that stand under each other, with labels
/// before them that end at different places and at different distances
/// from their first numbers. Each line is compared with the first of its
/// kind on its page.
fn shows_alignment(text: &str, breaks: &[(u32, bool)], cells: &[Cell<'_>]) -> bool {
    let mut first: Vec<Option<(i64, Line<'_>)>> = (0..=MAX_NUMBERS).map(|_| None).collect();
    let mut page = 0;
    for cells in lines(cells) {
        let Some(l) = line(text, breaks, cells) else {
            continue;
        };
        let m = l.numbers.len();
        let Some(lead) = l.lead().filter(|_| (2..=MAX_NUMBERS).contains(&m)) else {
            continue;
        };
        if l.page != page {
            first.iter_mut().for_each(|f| *f = None);
            page = l.page;
        }
        match &first[m] {
            None => first[m] = Some((lead, l)),
            Some((lead0, l0)) => {
                if lead != *lead0 && l.label_end != l0.label_end && l.lines_up(l0) {
                    return true;
                }
            }
        }
    }
    false
}

/// A table's columns on one page.
#[derive(Debug)]
struct Page {
    page: u32,
    /// Each column's extent.
    hulls: Vec<Extent>,
    /// Where the full rows' labels end, at the furthest.
    label_end: Option<u32>,
}

impl Page {
    /// Whether the columns stand apart, right of the labels.
    fn sane(&self) -> bool {
        let apart = self
            .hulls
            .windows(2)
            .all(|w| w[0].end + APART <= w[1].start);
        let first = self.hulls.first().map_or(0, |h| h.start);
        apart && self.label_end.is_none_or(|e| e + APART <= first)
    }
}

/// The number columns of a table of `n` columns, learned (when first asked)
/// from the full rows of its scope: the cells from its first row to the
/// first label of a row of another table (`stop`) that reads as no row of
/// its own (`own`: `行政`, a lost label's piece, reads as `行政许可` of a
/// later table but may be `行政规范性文件`'s, a full row of this one), or
/// to the end.
pub(crate) struct Columns<'a, 's> {
    scope: Cells<'a>,
    n: usize,
    stop: &'s [Expected],
    own: &'s [Expected],
    pages: OnceCell<Vec<Page>>,
}

impl<'a, 's> Columns<'a, 's> {
    /// The columns of a table of `n` columns whose rows start at `scope`;
    /// the table ends at the first label of a row of `stop` that reads as
    /// none of its own rows, `own`.
    pub(crate) fn new(
        scope: Cells<'a>,
        n: usize,
        stop: &'s [Expected],
        own: &'s [Expected],
    ) -> Self {
        Columns {
            scope,
            n,
            stop,
            own,
            pages: OnceCell::new(),
        }
    }

    /// Whether the label at the head of `at` reads as one of the table's
    /// own rows, or is a piece of one's label.
    fn reads_as_own(&self, at: Cells<'_>) -> bool {
        match_any(at, self.own).is_some()
            || at.label(0).is_some_and(|l| {
                !l.key.is_empty()
                    && self
                        .own
                        .iter()
                        .any(|o| template_label(o.text).key.contains(&l.key))
            })
    }

    /// The table's columns, page by page (the pages whose columns are sane).
    fn pages(&self) -> &[Page] {
        self.pages.get_or_init(|| {
            let cells = self.scope.as_slice();
            let end = if self.stop.is_empty() {
                cells.len()
            } else {
                (0..cells.len())
                    .find(|&i| {
                        cells[i].kind == CellKind::Label
                            && match_any(self.scope.advance(i), self.stop).is_some()
                            && !self.reads_as_own(self.scope.advance(i))
                    })
                    .unwrap_or(cells.len())
            };
            let stream = self.scope.stream;
            let breaks = &layout(stream).breaks;
            let mut pages: Vec<Page> = Vec::new();
            for cells in lines(&cells[..end]) {
                let Some(l) = line(stream.text, breaks, cells) else {
                    continue;
                };
                if l.numbers.len() != self.n {
                    continue;
                }
                let extents = l.numbers.iter().map(|c| l.extent(c));
                match pages.last_mut() {
                    Some(p) if p.page == l.page => {
                        for (h, e) in p.hulls.iter_mut().zip(extents) {
                            *h = h.hull(e);
                        }
                        p.label_end = p.label_end.max(l.label_end);
                    }
                    _ => pages.push(Page {
                        page: l.page,
                        hulls: extents.collect(),
                        label_end: l.label_end,
                    }),
                }
            }
            pages.retain(Page::sane);
            pages
        })
    }

    /// Places the numbers of a short row, `run` (fewer number cells than
    /// columns, on one line), by the columns they stand under: `None` where
    /// the layout does not show them (not split by spaces alone, no sane
    /// columns learned on the row's page, a text that shows no alignment,
    /// the row's label over the columns). Columns in doubt are unplaced,
    /// and the problem names them (`names`; the row `row`).
    pub(crate) fn place(
        &self,
        run: &'a [Cell<'a>],
        names: &[&str],
        row: Expected,
    ) -> Option<Fitted<'a>> {
        let n = self.n;
        let first = run.first()?;
        if run.len() >= n
            || run.iter().any(|c| {
                !matches!(c.kind, CellKind::Number | CellKind::Null) || c.line != first.line
            })
        {
            return None;
        }
        // The run's whole line, in the stream.
        let stream = self.scope.stream;
        let all = &stream.cells[..];
        let at = all.partition_point(|c| c.span.start < first.span.start);
        let at = at
            + all[at..]
                .iter()
                .take_while(|c| c.span.start == first.span.start && !ptr::eq(*c, first))
                .count();
        if !all.get(at).is_some_and(|c| ptr::eq(c, first)) {
            return None;
        }
        let lo = at
            - all[..at]
                .iter()
                .rev()
                .take_while(|c| c.line == first.line)
                .count();
        let hi = at
            + all[at..]
                .iter()
                .take_while(|c| c.line == first.line)
                .count();
        let layout = layout(stream);
        let l = line(stream.text, &layout.breaks, &all[lo..hi])?;
        if !ptr::eq(l.numbers.as_ptr(), run.as_ptr()) || l.numbers.len() != run.len() {
            return None;
        }
        if !layout.aligned {
            return None;
        }
        let page = self.pages().iter().find(|p| p.page == l.page)?;
        if l.label_end.is_some_and(|e| e + APART > page.hulls[0].start) {
            return None;
        }
        // Each number's column, where it stands under exactly one.
        let under: Vec<Option<usize>> = run
            .iter()
            .map(|c| {
                let e = l.extent(c);
                let mut near = page
                    .hulls
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| h.gap(e) <= TOLERANCE)
                    .map(|(j, _)| j);
                match (near.next(), near.next()) {
                    (Some(j), None) => Some(j),
                    _ => None,
                }
            })
            .collect();
        let mut cells: Vec<Option<&'a Cell<'a>>> = vec![Some(&BLANK); n];
        // Between the columns of two numbers placed, room for the numbers
        // not placed between them: those columns are in doubt.
        let (mut from, mut unplaced, mut order) = (0usize, 0usize, true);
        for (k, j) in under
            .iter()
            .copied()
            .chain(std::iter::once(Some(n)))
            .enumerate()
        {
            let Some(j) = j else {
                unplaced += 1;
                continue;
            };
            if j < from + unplaced {
                order = false;
                break;
            }
            if unplaced > 0 {
                cells[from..j].iter_mut().for_each(|c| *c = None);
            }
            if j < n {
                cells[j] = Some(&run[k]);
            }
            (from, unplaced) = (j + 1, 0);
        }
        let doubt = under.iter().position(Option::is_none);
        if order && doubt.is_none() {
            return Some(Fitted {
                cells,
                unplaced: None,
            });
        }
        let (which, found) = if order {
            let d = doubt.unwrap_or(0);
            let columns: Vec<usize> = (0..n).filter(|&j| cells[j].is_none()).collect();
            let e = l.extent(&run[d]);
            (
                column_names(&columns, n, names),
                format!(
                    "{} numbers, «{}» (characters {}–{} of its line) under no one column",
                    run.len(),
                    run[d].text,
                    e.start,
                    e.end
                ),
            )
        } else {
            cells.iter_mut().for_each(|c| *c = None);
            (
                "every column".to_owned(),
                format!("{} numbers under columns out of their order", run.len()),
            )
        };
        let span = run[doubt.unwrap_or(0)].span;
        let e = GrammarError::new(
            ErrorKind::CellCount,
            Some(row),
            format!("{n} numbers, each under one of the columns that the table's full rows show"),
            format!("{found} (in doubt: {which})"),
            span,
        );
        Some(Fitted {
            cells,
            unplaced: Some(e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Ctx, Stream, requests, run};
    use super::*;
    use crate::model::RequestMatrix;

    /// How a test table aligns its numbers in their columns.
    #[derive(Clone, Copy, Debug)]
    enum Align {
        Right,
        Left,
        Centre,
    }

    /// The matrix's rows as `pdftotext -layout` prints them: labels padded
    /// (by characters) to a column of 40, then seven columns of 8
    /// characters, a blank cell as spaces; `shift` moves a row's numbers.
    fn matrix_text(rows: &[[Option<u64>; 7]], align: Align, shift: &[(usize, i32)]) -> String {
        String::from("三、收到和处理政府信息公开申请情况\n\n")
            + &matrix_lines(0..rows.len(), rows, align, 40, shift)
    }

    /// Rows `range` of the matrix (see [`matrix_text`]), the labels padded
    /// to `base` characters.
    fn matrix_lines(
        range: std::ops::Range<usize>,
        rows: &[[Option<u64>; 7]],
        align: Align,
        base: i32,
        shift: &[(usize, i32)],
    ) -> String {
        let specs = requests::specs(false);
        let mut out = String::new();
        for i in range {
            let mut line: Vec<char> = specs[i].text.chars().collect();
            line.resize(base as usize, ' ');
            let by = shift.iter().find(|(r, _)| *r == i).map_or(0, |(_, by)| *by);
            for (j, v) in rows[i].iter().enumerate() {
                let Some(v) = v else { continue };
                let t = v.to_string();
                let w = t.len() as i32;
                let start = base + 8 * j as i32;
                let at = by
                    + match align {
                        Align::Right => start + 7 - w,
                        Align::Left => start + 1,
                        Align::Centre => start + (8 - w) / 2,
                    };
                line.resize(at as usize, ' ');
                line.extend(t.chars());
            }
            out.extend(line);
            out.push_str("\n\n");
        }
        out
    }

    /// Rows of distinct numbers, some with blank cells (`blank[i]`: the
    /// columns left blank in row `i`).
    fn rows(blank: &[(usize, &[usize])]) -> Vec<[Option<u64>; 7]> {
        (0..23)
            .map(|i| {
                let mut r: [Option<u64>; 7] =
                    std::array::from_fn(|j| Some((i * 7 + j) as u64 * 37 % 1000));
                if let Some((_, cols)) = blank.iter().find(|(r, _)| *r == i) {
                    for &j in *cols {
                        r[j] = None;
                    }
                }
                r
            })
            .collect()
    }

    /// The matrix read leniently, and the problems met.
    fn lenient(text: &str) -> (RequestMatrix, Vec<GrammarError>) {
        let source = crate::normalize::normalize(text);
        let stream = Stream::new(source.text());
        let mut ctx = Ctx::lenient();
        let (_, m) = run(requests::matrix(stream.input(), &mut ctx)).unwrap();
        (m, ctx.take_problems())
    }

    fn cells(m: &RequestMatrix) -> Vec<[Option<u64>; 7]> {
        m.rows().iter().map(|r| r.row.cells()).collect()
    }

    /// Section 二 of `t`, read leniently as `edition`.
    fn active_lenient(t: &str, edition: crate::model::Edition) -> crate::model::ActiveDisclosure {
        let source = crate::normalize::normalize(t);
        let stream = Stream::new(source.text());
        let mut ctx = Ctx::lenient();
        run(super::super::active::active(
            stream.input(),
            edition,
            &mut ctx,
        ))
        .unwrap()
        .1
    }
    #[test]
    fn extents_touch_overlap_or_stand_apart() {
        let e = |start, end| Extent { start, end };
        assert_eq!(e(3, 5).gap(e(5, 6)), 0);
        assert_eq!(e(3, 5).gap(e(4, 9)), 0);
        assert_eq!(e(3, 5).gap(e(6, 7)), 1);
        assert_eq!(e(8, 9).gap(e(3, 5)), 3);
        assert_eq!(e(3, 5).hull(e(8, 9)), e(3, 9));
    }

    /// A short row's numbers are read by the column each stands under,
    /// whichever way the columns align, a character of jitter either way
    /// aside; the columns under none are blank, and the row reads whole.
    #[test]
    fn short_rows_are_read_by_their_columns() {
        let blank: &[(usize, &[usize])] = &[
            (0, &[0]),
            (3, &[1, 2, 5]),
            (7, &[6]),
            (12, &[0, 1, 2, 3, 4, 5]),
            (20, &[3]),
        ];
        let want = rows(blank);
        for align in [Align::Right, Align::Left, Align::Centre] {
            for jitter in [0, 1, -1] {
                let shift = [(3, jitter), (12, -jitter), (20, jitter)];
                let text = matrix_text(&want, align, &shift);
                let m = requests::parse(&text).unwrap_or_else(|e| panic!("{align:?}: {e}\n{text}"));
                assert_eq!(cells(&m)[..23], want[..], "{align:?} {jitter}\n{text}");
            }
        }
    }

    /// A number that stands between two columns is unread, and so are the
    /// columns it may be in; the row's other numbers are read.
    #[test]
    fn a_number_between_two_columns_is_unread() {
        let mut want = rows(&[(7, &[2])]);
        // Row 7's fourth number moved half a column left, under neither
        // the third column nor the fourth (a character from each).
        let line = matrix_lines(7..8, &want, Align::Right, 40, &[]);
        let moved = line.replacen(
            &format!("    {}", want[7][3].unwrap()),
            &format!("{}    ", want[7][3].unwrap()),
            1,
        );
        assert_ne!(line, moved);
        let text = matrix_text(&want, Align::Right, &[]).replace(&line, &moved);
        let (m, problems) = lenient(&text);
        want[7][2] = None;
        want[7][3] = None;
        assert_eq!(cells(&m)[7], want[7], "{text}");
        assert_eq!(cells(&m)[6], want[6]);
        let p = problems
            .iter()
            .find(|p| {
                p.row
                    .is_some_and(|r| r.path == "requests.denied.third_party_rights")
            })
            .unwrap();
        assert_eq!(p.kind, ErrorKind::CellCount);
        assert!(
            p.found.ends_with("(in doubt: research, social_welfare)"),
            "{}",
            p.found
        );
        // Strict, the row is an error.
        assert!(requests::parse(&text).is_err());
    }

    /// A short row whose label reaches over the first column is not placed
    /// (no aligned table prints its labels over its numbers).
    #[test]
    fn no_columns_under_a_label() {
        let want = rows(&[(4, &[0])]);
        let line = matrix_lines(4..5, &want, Align::Right, 40, &[]);
        let label = requests::specs(false)[4].text;
        // The label run on (by dots, no characters of its key) to `end`:
        // the first column's numbers start at character 44 at the earliest.
        let run_on = |end: usize| {
            let n = end - label.chars().count();
            let dots = ".".repeat(n);
            let long = line.replacen(
                &format!("{label}{}", " ".repeat(n)),
                &format!("{label}{dots}"),
                1,
            );
            assert_ne!(line, long);
            let text = matrix_text(&want, Align::Right, &[]).replace(&line, &long);
            cells(&lenient(&text).0)[4]
        };
        assert_eq!(run_on(44), [None; 7]);
        assert_eq!(run_on(43), [None; 7]);
        // Two characters short of the column, it is read.
        assert_eq!(run_on(42), want[4]);
    }

    /// Text whose cells stand a fixed run of spaces apart moves the
    /// numbers with the labels: it shows no alignment, and a short row is
    /// unread, not read by columns that happen to stand over it.
    #[test]
    fn no_columns_where_the_text_shows_no_alignment() {
        let want = rows(&[(4, &[0])]);
        let specs = requests::specs(false);
        let mut text = String::new();
        for (spec, row) in specs.iter().zip(&want) {
            let nums: Vec<String> = row.iter().flatten().map(u64::to_string).collect();
            text.push_str(&format!("{}  {}\n", spec.text, nums.join("  ")));
        }
        let (m, problems) = lenient(&text);
        assert_eq!(cells(&m)[4], [None; 7]);
        assert_eq!(cells(&m)[3], want[3]);
        assert!(problems.iter().any(|p| p.expected == "7 numbers"));
    }

    /// Tabs, pipes and commas between cells: positions mean nothing there.
    #[test]
    fn no_columns_in_text_split_by_tabs() {
        let want = rows(&[(4, &[0])]);
        let line = matrix_lines(4..5, &want, Align::Right, 40, &[]);
        for sep in ["\t", "|", ","] {
            let split = line.replacen("  ", &format!(" {sep}"), 1);
            let text = matrix_text(&want, Align::Right, &[]).replace(&line, &split);
            let (m, _) = lenient(&text);
            assert_eq!(cells(&m)[4], [None; 7], "{sep:?}");
            assert_eq!(cells(&m)[5], want[5], "{sep:?}");
        }
    }

    /// The columns of one page place no number on another (a table across
    /// pages may stand elsewhere on each); a form feed that opens a line is
    /// no character of it.
    #[test]
    fn columns_are_learned_page_by_page() {
        let want = rows(&[(14, &[1]), (20, &[1])]);
        let head = String::from("三、收到和处理政府信息公开申请情况\n\n");
        // Page 2 from row 14 on, its numbers four characters right: row 14
        // reads by the columns of page 2's full rows.
        let page1 = head + &matrix_lines(0..14, &want, Align::Right, 40, &[]);
        let text = format!(
            "{page1}\u{c}{}",
            matrix_lines(14..23, &want, Align::Right, 44, &[])
        );
        let (m, problems) = lenient(&text);
        assert_eq!(cells(&m)[..23], want[..], "{problems:?}\n{text}");
        // With no full row on page 2 (its other rows left blank), its short
        // rows are unread: page 1's columns stand elsewhere.
        let mut bare = want.clone();
        for (i, r) in bare.iter_mut().enumerate().skip(15) {
            if i != 20 {
                *r = [None; 7];
            }
        }
        let text = format!(
            "{page1}\u{c}{}",
            matrix_lines(14..23, &bare, Align::Right, 44, &[])
        );
        let (m, _) = lenient(&text);
        assert_eq!(cells(&m)[14], [None; 7], "{text}");
        assert_eq!(cells(&m)[13], want[13]);
    }

    /// Section 二's tables each have their columns: a short row of one is
    /// not placed by the full rows of another.
    #[test]
    fn a_table_is_placed_by_its_own_full_rows() {
        let pad = |label: &str, w: usize| {
            let mut l: Vec<char> = label.chars().collect();
            l.resize(w, ' ');
            l.into_iter().collect::<String>()
        };
        let text = |licensing: &str| {
            format!(
                "第二十条第（一）项\n信息内容  本年新制作数量  本年新公开数量  对外公开总数量\n\
                 {}      1       2       3\n{}      4       5       6\n\
                 第二十条第（五）项\n信息内容  上一年项目数量  本年增/减  处理决定数量\n\
                 {}{licensing}\n{}\n\
                 第二十条第（六）项\n信息内容  上一年项目数量  本年增/减  处理决定数量\n\
                 {}      7       8       9\n{}      1       2       3\n\
                 第二十条第（八）项\n信息内容  上一年项目数量  本年增/减\n{}      4       5\n\
                 第二十条第（九）项\n信息内容  采购项目数量  采购总金额\n{}      6       7\n",
                pad("规章", 12),
                pad("规范性文件", 12),
                pad("行政许可", 12),
                pad("其他对外管理服务事项", 12),
                pad("行政处罚", 12),
                pad("行政强制", 12),
                pad("行政事业性收费", 12),
                pad("政府集中采购", 12),
            )
        };
        let read = |t: &str| match active_lenient(t, crate::model::Edition::V2019) {
            crate::model::ActiveDisclosure::V2019(a) => a,
            other => panic!("{other:?}"),
        };
        // 行政许可 prints two numbers, its table no full row (其他对外管理服务事项
        // prints none): unread, though table (一)'s columns stand over them.
        let a = read(&text("      1               3"));
        assert_eq!(
            (a.licensing.prior_year, a.licensing.decisions),
            (None, None)
        );
        assert_eq!(a.regulations.made, Some(1));
        // With a full row in its own table, it reads by its columns.
        let t = text("      1               3").replace(
            &pad("其他对外管理服务事项", 12),
            &format!("{}      4       5       6", pad("其他对外管理服务事项", 12)),
        );
        let a = read(&t);
        assert_eq!(
            (
                a.licensing.prior_year,
                a.licensing.change,
                a.licensing.decisions
            ),
            (Some(1), None, Some(3))
        );
    }

    /// A full row whose label is lost but for a piece that also begins a
    /// later table's labels (`行政`, of `行政规范性文件` and of `行政许可`)
    /// is still of its table: its columns place the table's short rows.
    /// (And a piece of a later table's label, `政处`, is of the later one.)
    #[test]
    fn a_lost_labels_piece_does_not_end_its_table() {
        let text = |second: &str| {
            format!(
                "第二十条第（一）项\n信息内容  本年制发件数  本年废止件数  现行有效件数\n\
                 规章{}3\n{second}\n\
                 第二十条第（五）项\n信息内容  本年处理决定数量\n行政许可      7\n\
                 第二十条第（六）项\n信息内容  本年处理决定数量\n行政处罚      8\n行政强制      9\n\
                 第二十条第（八）项\n信息内容  本年收费金额（单位：万元）\n行政事业性收费     1.5\n\
                 三、收到和处理政府信息公开申请情况\n\
                 1.属于国家秘密          1   0   0   0   0   0   1\n\
                 2.其他法律行政法规禁止公开    1   0   0   0   0   0   1\n",
                // Under 现行有效件数: the second row's third number.
                " ".repeat(38)
            )
        };
        let read = |t: &str| match active_lenient(t, crate::model::Edition::V2021) {
            crate::model::ActiveDisclosure::V2021(a) => a,
            other => panic!("{other:?}"),
        };
        let numbers = "      1            2             4";
        let full = read(&text(&format!("行政规范性文件{numbers}")));
        assert_eq!(full.regulations.in_force, Some(3));
        // Its table bounded by the headings, or (none printed) by the
        // first label that reads as a later table's row and no row of its.
        let lost = text(&format!("行政     {numbers}"));
        let headless: String = lost
            .lines()
            .filter(|l| !l.starts_with("第二十条"))
            .map(|l| format!("{l}\n"))
            .collect();
        for t in [lost, headless] {
            let a = read(&t);
            assert_eq!(a.regulations.in_force, Some(3), "{t}");
            assert_eq!(a.regulations.issued, None);
        }
    }

    /// Form feeds are found with their lines, and whether they open them.
    #[test]
    fn page_breaks_are_found_with_their_lines() {
        let text = "a\n\u{c}b\nc \u{c}\n\n\u{c}";
        assert_eq!(page_breaks(text), vec![(1, true), (2, false), (4, true)]);
    }
}
