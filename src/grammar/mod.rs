//! Section grammars over the cell stream (nom 8).
//!
//! The template fixes the order of every row and column, so each grammar
//! walks the template: it expects the next row's label (confirmed by the
//! label matcher), then that row's cells. A label that belongs to a
//! later row reveals a missing row; one that belongs nowhere is an error that
//! names it. Each section's parser is public in its module for callers that
//! hold one section's text:
//!
//! | module | section | entry point |
//! |---|---|---|
//! | [`active`] | 二、主动公开政府信息情况 | [`active::parse`] |
//! | [`requests`] | 三、收到和处理政府信息公开申请情况 | [`requests::parse`] |
//! | [`reviews`] | 四、政府信息公开行政复议、行政诉讼情况 | [`reviews::parse`] |
//! | [`meta`] | the title: agency and year | [`meta::parse`] |

pub mod active;
pub(crate) mod columns;
pub(crate) mod document;
pub(crate) mod glued;
pub(crate) mod labels;
pub mod meta;
pub(crate) mod order;
pub mod requests;
pub mod reviews;

use std::cell::OnceCell;
use std::iter::Enumerate;
use std::slice::Iter;

use nom::error::ParseError;
use nom::{IResult, Input, Needed};

use crate::Span;
use crate::cells::{Cell, CellKind};
use crate::error::{Error, ErrorKind, Section};
use crate::model::{Amount, Count};
use crate::source::Source;
use columns::Columns;
use labels::{Expected, Label, Match, match_label};

/// The cell stream as nom input: a slice of cells, each label cell's reading
/// (made once, when first needed: a grammar tries a label cell against many
/// template labels), and where the input ends (for errors at the end of a section).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cells<'a> {
    cells: &'a [Cell<'a>],
    /// One slot per cell of `cells`.
    labels: &'a [OnceCell<Label>],
    end: usize,
    /// The whole stream the cells belong to (for what only the text around
    /// them shows: see [`columns`]).
    stream: &'a Stream<'a>,
}

/// The cells of a text and the slots for their labels' readings: what a
/// [`Cells`] input borrows.
pub(crate) struct Stream<'a> {
    cells: Vec<Cell<'a>>,
    labels: Vec<OnceCell<Label>>,
    /// The normalized text.
    text: &'a str,
    /// Facts about the text's layout that only the number columns need,
    /// found when first needed (see [`columns`]).
    layout: OnceCell<columns::Layout>,
}

impl std::fmt::Debug for Stream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // (Its cells are those of the inputs that borrow it.)
        f.debug_struct("Stream")
            .field("cells", &self.cells.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Stream<'a> {
    /// The cell stream of normalized `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let cells = crate::cells::cells(text);
        let labels = std::iter::repeat_with(OnceCell::new)
            .take(cells.len())
            .collect();
        Stream {
            cells,
            labels,
            text,
            layout: OnceCell::new(),
        }
    }

    /// The whole stream as grammar input.
    pub(crate) fn input(&self) -> Cells<'_> {
        Cells {
            cells: &self.cells,
            labels: &self.labels,
            end: self.text.len(),
            stream: self,
        }
    }
}

impl<'a> Cells<'a> {
    pub(crate) fn as_slice(&self) -> &'a [Cell<'a>] {
        self.cells
    }

    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    pub(crate) fn first(&self) -> Option<&'a Cell<'a>> {
        self.cells.first()
    }

    /// The reading of cell `i` if it is a label cell (read now if not yet).
    pub(crate) fn label(&self, i: usize) -> Option<&'a Label> {
        let cell = self.cells.get(i).filter(|c| c.kind == CellKind::Label)?;
        Some(self.labels[i].get_or_init(|| Label::parse(cell.text)))
    }

    /// Where the next cell stands (or the end of the input).
    pub(crate) fn here(&self) -> Span {
        self.cells
            .first()
            .map_or(Span::new(self.end, self.end), |c| c.span)
    }

    pub(crate) fn advance(self, n: usize) -> Self {
        Cells {
            cells: &self.cells[n..],
            labels: &self.labels[n..],
            end: self.end,
            stream: self.stream,
        }
    }

    /// The index of its first cell among the stream's cells.
    pub(crate) fn offset(&self) -> usize {
        let size = std::mem::size_of::<Cell<'_>>().max(1);
        (self.cells.as_ptr() as usize - self.stream.cells.as_ptr() as usize) / size
    }

    /// The cells `range` of this input; it ends where its last cell does
    /// (or, if empty, where the input does).
    pub(crate) fn range(self, range: std::ops::Range<usize>) -> Self {
        let cells = &self.cells[range.clone()];
        Cells {
            cells,
            labels: &self.labels[range],
            end: cells.last().map_or(self.end, |c| c.span.end),
            stream: self.stream,
        }
    }
}

impl<'a> Input for Cells<'a> {
    type Item = &'a Cell<'a>;
    type Iter = Iter<'a, Cell<'a>>;
    type IterIndices = Enumerate<Iter<'a, Cell<'a>>>;

    fn input_len(&self) -> usize {
        self.cells.len()
    }

    fn take(&self, index: usize) -> Self {
        Cells {
            cells: &self.cells[..index],
            labels: &self.labels[..index],
            end: self.cells.get(index).map_or(self.end, |c| c.span.start),
            stream: self.stream,
        }
    }

    fn take_from(&self, index: usize) -> Self {
        self.advance(index)
    }

    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }

    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.cells.iter().position(predicate)
    }

    fn iter_elements(&self) -> Self::Iter {
        self.cells.iter()
    }

    fn iter_indices(&self) -> Self::IterIndices {
        self.cells.iter().enumerate()
    }

    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.cells.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.cells.len()))
        }
    }
}

/// A grammar error, located in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GrammarError {
    pub kind: ErrorKind,
    pub row: Option<Expected>,
    pub expected: String,
    pub found: String,
    pub span: Span,
}

impl GrammarError {
    pub(crate) fn new(
        kind: ErrorKind,
        row: Option<Expected>,
        expected: impl Into<String>,
        found: impl Into<String>,
        span: Span,
    ) -> Self {
        GrammarError {
            kind,
            row,
            expected: expected.into(),
            found: found.into(),
            span,
        }
    }

    /// The public error, located in the original input.
    pub(crate) fn locate(self, source: &Source<'_>, section: Option<Section>) -> Error {
        source
            .error(
                self.kind,
                section,
                self.row.map(|r| r.text.to_owned()),
                self.expected,
                self.found,
                self.span,
            )
            .with_path(self.row.map(|r| r.path).filter(|p| !p.is_empty()))
    }
}

impl<'a> ParseError<Cells<'a>> for GrammarError {
    fn from_error_kind(input: Cells<'a>, kind: nom::error::ErrorKind) -> Self {
        GrammarError::new(
            ErrorKind::UnexpectedLabel,
            None,
            kind.description(),
            describe(input.first()),
            input.here(),
        )
    }

    fn append(_: Cells<'a>, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// Result of a grammar over cells.
pub(crate) type PResult<'a, T> = IResult<Cells<'a>, T, GrammarError>;

/// A failure that stops the grammar (no backtracking past it).
pub(crate) fn fail<'a, T>(e: GrammarError) -> PResult<'a, T> {
    Err(nom::Err::Failure(e))
}

/// The rest of the input and the result of a grammar, or its error.
pub(crate) fn run<T>(r: PResult<'_, T>) -> Result<(Cells<'_>, T), GrammarError> {
    r.map_err(|e| match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => e,
        nom::Err::Incomplete(_) => unreachable!("complete input never asks for more"),
    })
}

/// How a cell is described in an error.
pub(crate) fn describe(cell: Option<&Cell<'_>>) -> String {
    match cell {
        None => "the end of the section".to_owned(),
        Some(c) => match c.kind {
            CellKind::Blank => "a blank cell".to_owned(),
            CellKind::Number | CellKind::Null => format!("the number cell «{}»", c.text),
            CellKind::Label => format!("the label «{}»", c.text),
        },
    }
}

/// Skips blank cells.
pub(crate) fn blanks(input: Cells<'_>) -> Cells<'_> {
    let n = input
        .as_slice()
        .iter()
        .take_while(|c| c.kind == CellKind::Blank)
        .count();
    input.advance(n)
}

/// A template label at the head of the input (blanks before it skipped).
pub(crate) fn label(expected: Expected) -> impl Fn(Cells<'_>) -> PResult<'_, Match> {
    move |input| {
        let input = blanks(input);
        match match_label(input, expected) {
            Some(m) => Ok((input.advance(m.cells), m)),
            None => Err(nom::Err::Error(label_missing(input, expected))),
        }
    }
}

/// The error when the label `expected` is not at the head of `input`.
pub(crate) fn label_missing(input: Cells<'_>, expected: Expected) -> GrammarError {
    GrammarError::new(
        ErrorKind::MissingRow,
        Some(expected),
        format!("the label «{}»", expected.text),
        describe(input.first()),
        input.here(),
    )
}

/// Skips to the first cell where one of `rows` (a table's rows, its first
/// row first) stands: whatever precedes it is heading, header or text.
pub(crate) fn seek<'a>(
    input: Cells<'a>,
    rows: &[Expected],
) -> Result<Cells<'a>, nom::Err<GrammarError>> {
    let found = (0..input.len())
        .find_map(|i| labels::match_any(input.advance(i), rows).map(|(k, _)| (i, k)));
    match found {
        // Numbers before the first row found are no header's: a row's whose
        // label is lost, or not known by its first part (`一、本年` wrapped
        // over its numbers). The walk starts at them, where that row fails,
        // rather than after them, where the row found would look empty.
        // (Null marks may fill a dummy header table: `| - | - |`.)
        Some((i, _)) => {
            let stray = input.as_slice()[..i]
                .iter()
                .position(|c| c.kind == CellKind::Number);
            Ok(input.advance(stray.unwrap_or(i)))
        }
        None => Err(nom::Err::Failure(GrammarError::new(
            ErrorKind::MissingRow,
            rows.first().copied(),
            format!("the label «{}»", rows.first().map_or("", |r| r.text)),
            "no such row in the section",
            input.here(),
        ))),
    }
}

/// The value cells that follow a label, up to the next label.
///
/// When the first value stands on the label's own line, the row is printed
/// a row per line and its values end with the line. When a cell-per-line run
/// is broken by an empty line (and not every cell is), the row ends there: the
/// cells after the gap belong to the next row's merged cells.
pub(crate) fn value_run<'a>(input: Cells<'a>, label_line: u32) -> (Cells<'a>, &'a [Cell<'a>]) {
    let cells = input.as_slice();
    let mut len = cells
        .iter()
        .position(|c| c.kind == CellKind::Label)
        .unwrap_or(cells.len());
    if let Some(first) = cells.first().filter(|_| len > 0) {
        if first.line == label_line {
            len = cells[..len]
                .iter()
                .position(|c| c.line != label_line)
                .unwrap_or(len);
        } else {
            let gaps = (1..len).filter(|&i| cells[i].line > cells[i - 1].line + 1);
            let (mut count, mut first_gap) = (0, None);
            for g in gaps {
                count += 1;
                first_gap.get_or_insert(g);
            }
            if let Some(g) = first_gap.filter(|_| count < len - 1) {
                len = g;
            }
        }
    }
    (input.advance(len), &cells[..len])
}

/// A row's cells fitted to its columns (see [`fit_columns`]).
#[derive(Debug)]
pub(crate) struct Fitted<'a> {
    /// Each column's cell, `None` where the windows that fit the run
    /// disagree (the text does not tell which cell stands there).
    pub cells: Vec<Option<&'a Cell<'a>>>,
    /// Where a column is `None`: the problem, naming those columns.
    pub unplaced: Option<GrammarError>,
}

impl<'a> Fitted<'a> {
    fn all(cells: Vec<&'a Cell<'a>>) -> Self {
        Fitted {
            cells: cells.into_iter().map(Some).collect(),
            unplaced: None,
        }
    }

    /// Every column's cell, or the problem if any column is unplaced.
    pub(crate) fn whole(self) -> Result<Vec<&'a Cell<'a>>, GrammarError> {
        match self.unplaced {
            Some(e) => Err(e),
            None => Ok(self.cells.into_iter().flatten().collect()),
        }
    }

    /// The columns placed, with their names (from `names`, in column order).
    pub(crate) fn placed<N: Copy>(&self, names: &[N]) -> (Vec<N>, Vec<&'a Cell<'a>>) {
        names
            .iter()
            .zip(&self.cells)
            .filter_map(|(name, c)| c.map(|c| (*name, c)))
            .unzip()
    }
}

/// Fits a run of value cells to a row of `n` columns, all or nothing (see
/// [`fit_columns`]; a column left unplaced is the row's error).
pub(crate) fn fit<'a>(
    run: &'a [Cell<'a>],
    n: usize,
    row: Expected,
    at: Span,
) -> Result<Vec<&'a Cell<'a>>, GrammarError> {
    fit_columns(run, n, &[], row, at)?.whole()
}

/// Fits a run of value cells to a row of `n` columns, named `names` (or,
/// if empty, by number) in errors.
///
/// If exactly `n` cells are filled, blank cells were layout and the filled
/// ones are the row. Otherwise blank cells may be data: the `n` columns are
/// a window of the run with only blank cells outside it. Where the windows
/// that fit disagree on a column (a shifted window moves every cell whose
/// neighbour differs from it), that column is unplaced and the problem
/// names it; the columns on which they all agree are read.
pub(crate) fn fit_columns<'a>(
    run: &'a [Cell<'a>],
    n: usize,
    names: &[&str],
    row: Expected,
    at: Span,
) -> Result<Fitted<'a>, GrammarError> {
    let filled = run.iter().filter(|c| c.kind != CellKind::Blank).count();
    let blank = |c: &Cell<'_>| c.kind == CellKind::Blank;
    // A row over several lines is printed a cell per line (a row printed on
    // one line ends with it): every blank line is a cell, none is layout.
    // One too many cannot be placed: a blank line after the row's last cell
    // looks the same as a cell split in two or repeated before it.
    let per_line = run.first().map(|c| c.line) != run.last().map(|c| c.line);
    if per_line && run.len() != n {
        let span = run.first().map_or(at, |c| c.span);
        return Err(GrammarError::new(
            ErrorKind::CellCount,
            Some(row),
            format!("{n} cells"),
            format!(
                "{} cells over {} lines, {} of them blank",
                run.len(),
                run.last().map_or(0, |c| c.line) + 1 - run.first().map_or(0, |c| c.line),
                run.len() - filled
            ),
            span,
        ));
    }
    if filled == n {
        // Blank cells at the edges of a row are layout (a merged cell, a
        // trailing tab). One between filled cells is a cell of the row, so
        // there is one cell too many (a number split in two?): no column
        // can be trusted.
        let first = run.iter().position(|c| !blank(c)).unwrap_or(0);
        let last = run.iter().rposition(|c| !blank(c)).unwrap_or(0);
        if n == 0 || !run[first..=last].iter().any(blank) {
            let mut row = Vec::with_capacity(n);
            row.extend(run.iter().filter(|c| !blank(c)));
            return Ok(Fitted::all(row));
        }
        return Err(GrammarError::new(
            ErrorKind::CellCount,
            Some(row),
            format!("{n} cells"),
            format!(
                "{} cells, {} of them blank between numbers",
                last + 1 - first,
                run[first..=last].iter().filter(|c| blank(c)).count()
            ),
            run[first].span,
        ));
    }
    let span = run.first().map_or(at, |c| c.span);
    let count_error = || {
        GrammarError::new(
            ErrorKind::CellCount,
            Some(row),
            format!("{n} numbers"),
            if filled == run.len() {
                format!("{filled}")
            } else {
                format!("{filled} and {} blank cells", run.len() - filled)
            },
            span,
        )
    };
    if filled > n || run.len() < n {
        return Err(count_error());
    }
    let mut fits = (0..=run.len() - n)
        .filter(|&k| run[..k].iter().all(blank) && run[k + n..].iter().all(blank))
        .map(|k| &run[k..k + n]);
    let Some(first) = fits.next() else {
        return Err(count_error());
    };
    // A column is placed where every window that fits puts the same text
    // (and kind: a blank is no number) in it.
    let same = |a: &Cell<'_>, b: &Cell<'_>| a.kind == b.kind && a.text == b.text;
    let mut cells: Vec<Option<&'a Cell<'a>>> = first.iter().map(Some).collect();
    for w in fits {
        for (slot, c) in cells.iter_mut().zip(w) {
            if slot.is_some_and(|s| !same(s, c)) {
                *slot = None;
            }
        }
    }
    let unplaced: Vec<usize> = (0..n).filter(|&j| cells[j].is_none()).collect();
    if unplaced.is_empty() {
        return Ok(Fitted {
            cells,
            unplaced: None,
        });
    }
    let which = column_names(&unplaced, n, names);
    let e = GrammarError::new(
        ErrorKind::CellCount,
        Some(row),
        format!("{n} cells whose columns the layout shows"),
        format!(
            "{} cells, {} blank, that fit the columns in more than one way (they differ in {which})",
            run.len(),
            run.len() - filled
        ),
        span,
    );
    Ok(Fitted {
        cells,
        unplaced: Some(e),
    })
}

/// Columns `unplaced` of a row of `n`, by their names (`names`, or by number).
pub(crate) fn column_names(unplaced: &[usize], n: usize, names: &[&str]) -> String {
    if unplaced.len() == n {
        return "every column".to_owned();
    }
    let named: Vec<String> = unplaced
        .iter()
        .map(|&j| {
            names
                .get(j)
                .map_or_else(|| format!("column {}", j + 1), |s| (*s).to_owned())
        })
        .collect();
    named.join(", ")
}

/// A row: its label, then its cells fitted to `n` columns, named `names`
/// in errors (see [`row_after_label`]; a short row on one line of
/// space-aligned text is placed by `columns`, if given).
pub(crate) fn row<'a>(
    input: Cells<'a>,
    expected: Expected,
    n: usize,
    names: &[&str],
    columns: Option<&Columns<'a, '_>>,
) -> PResult<'a, Fitted<'a>> {
    let (_, m) = label(expected)(input)?;
    row_after_label(blanks(input), m, expected, n, names, columns)
}

/// A row whose label `m` was matched at the head of `at`: its cells fitted
/// to `n` columns, named `names` in errors (see [`fit_columns`]), or, for a
/// short row on one line of space-aligned text, placed by the columns its
/// numbers stand under (see [`Columns::place`]). Columns the layout leaves
/// in doubt are unplaced, the others read; the caller meets the problem in
/// [`Fitted::unplaced`].
pub(crate) fn row_after_label<'a>(
    at: Cells<'a>,
    m: Match,
    expected: Expected,
    n: usize,
    names: &[&str],
    columns: Option<&Columns<'a, '_>>,
) -> PResult<'a, Fitted<'a>> {
    let rest = at.advance(m.cells);
    let label_cells = at.take(m.cells);
    let label_line = label_cells.as_slice().last().map_or(0, |c| c.line);
    let (rest, run) = value_run(rest, label_line);
    if run.is_empty() && rest.first().is_some() {
        // The label stands alone, as a title over the row's own table
        // (`### (一) 予以公开` above `| 予以公开 | 290 | …`): not the row itself.
        return Err(nom::Err::Error(GrammarError::new(
            ErrorKind::CellCount,
            Some(expected),
            format!("{n} numbers"),
            "none",
            rest.here(),
        )));
    }
    let placed = columns.and_then(|c| c.place(run, names, expected));
    let values = match placed.map_or_else(|| fit_columns(run, n, names, expected, rest.here()), Ok)
    {
        // No column placed: nothing to read.
        Ok(Fitted {
            cells,
            unplaced: Some(e),
        }) if cells.iter().all(Option::is_none) => return fail(e),
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    // A row ends where a label follows (or blank cells of the next row's
    // merged cells). A number or null mark right after it means the row ran
    // on (a number wrapped, `…\t1` ⏎ `000` or `100000` ⏎ `.0001`; a cell
    // after an empty line); a
    // label after its numbers on their own line means a cell of it is text.
    // Either way its cells cannot be placed.
    if let (Some(last), Some(next)) = (run.last(), rest.first()) {
        // (On a flattened line, a label after the numbers starts the next row.)
        let interrupted = next.kind == CellKind::Label && next.line == label_line && !next.flat;
        // (`100000` ⏎ `.0001`: the rest of a number, read as text; but not
        // `2 .重复申请`, a label spaced inside its ordinal.)
        let rest_of_number = next.kind == CellKind::Label
            && next
                .text
                .starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && rest.label(0).is_some_and(|l| l.ordinal.is_none())
            && !spaced_ordinal(next.text);
        let ran_on = matches!(next.kind, CellKind::Number | CellKind::Null) || rest_of_number;
        if ran_on || (last.line == label_line && interrupted) {
            return fail(GrammarError::new(
                ErrorKind::CellCount,
                Some(expected),
                format!("{n} numbers, on the row's line"),
                format!(
                    "{} {}, then {}{}",
                    // The numbers read, not the blank cells around them.
                    values.cells.len(),
                    if run.first().is_some_and(|c| c.line == label_line) {
                        "on it"
                    } else {
                        "below it"
                    },
                    describe(Some(next)),
                    if interrupted {
                        " on the same line"
                    } else {
                        " after it"
                    }
                ),
                next.span,
            ));
        }
    }
    Ok((wrapped_tail(rest, label_cells, expected), values))
}

/// Whether a label opens with an ordinal's digits spaced from its mark
/// (`2 .重复申请`, which the cell splitter keeps whole).
fn spaced_ordinal(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < text.len() && (rest.starts_with(" .") || rest.starts_with(" 、"))
}

/// Skips the rest of a label that wraps around its row's numbers
/// (`（二）部分公开（区分处理的，只计这一情` ⏎ numbers ⏎ `形，不计其他情形）`):
/// label cells after the numbers that bring the label closer to the template's.
fn wrapped_tail<'a>(mut rest: Cells<'a>, label: Cells<'_>, expected: Expected) -> Cells<'a> {
    let want = labels::template_label(expected.text);
    if label.len() == 1 && label.label(0).is_some_and(|l| l.key == want.key) {
        // The label printed whole and exact: nothing can wrap around.
        return rest;
    }
    // After the first cell, the label's cells have no ordinal (the matcher
    // stops at one), so their keys are those of their whole text.
    let Some(first) = label.first() else {
        return rest;
    };
    // (Pieces of a group label left of it, passed over between the label's
    // lines, are none of it.)
    let mut acc = want.acc();
    for i in 0..label.len() {
        if let Some(piece) = label
            .label(i)
            .filter(|_| !labels::in_column_left(first, &label.as_slice()[i]))
        {
            want.push(&mut acc, &piece.key);
        }
    }
    let mut score = want.score(&acc);
    let mut at = rest;
    for _ in 0..labels::MAX_LABEL_SPAN {
        if score >= labels::EXACT {
            break;
        }
        let (Some(next), Some(piece)) = (at.first(), at.label(0)) else {
            break;
        };
        if piece.ordinal.is_some() {
            break;
        }
        at = at.advance(1);
        if labels::in_column_left(first, next) {
            continue;
        }
        let before = acc.clone();
        want.push(&mut acc, &piece.key);
        let better = want.score(&acc);
        // (A longer prefix is better, though prefixes score alike.)
        if better > score || (better == score && acc.is_prefix()) {
            score = better;
            rest = at;
        } else if labels::in_other_column(first, next) {
            acc = before;
        } else {
            break;
        }
    }
    rest
}

/// A line of labels only (three or more): a table's header row, printed
/// again inside the table or in place of the lost one.
pub(crate) fn header_line(input: Cells<'_>) -> Option<usize> {
    let cells = input.as_slice();
    let first = cells
        .first()
        .filter(|c| c.line_start && c.kind == CellKind::Label)?;
    let len = cells.iter().take_while(|c| c.line == first.line).count();
    let labels = cells[..len]
        .iter()
        .filter(|c| c.kind == CellKind::Label)
        .count();
    (labels >= 3
        && cells[..len]
            .iter()
            .all(|c| c.kind != CellKind::Number && c.kind != CellKind::Null))
    .then_some(len)
}

/// A number cell's digits read as `T` (thousands separators dropped, unit
/// and note set aside); a blank or null mark is `None`.
fn number<'c, T: std::str::FromStr>(
    cell: &Cell<'c>,
    row: Expected,
    what: &str,
) -> Result<Option<(T, &'c str)>, GrammarError> {
    if cell.kind != CellKind::Number {
        return Ok(None);
    }
    let n = crate::cells::number(cell.text).ok_or_else(|| invalid(cell, row, what))?;
    let digits = n.digits.trim_start_matches('+');
    let parsed = if digits.contains(',') {
        digits.replace(',', "").parse::<T>()
    } else {
        digits.parse::<T>()
    };
    parsed
        .map(|v| Some((v, n.unit)))
        .map_err(|_| invalid(cell, row, what))
}

/// A count: a whole, non-negative number.
pub(crate) fn count(cell: &Cell<'_>, row: Expected) -> Result<Option<Count>, GrammarError> {
    // Digits alone (most cells), too few to overflow: read at once.
    let text = cell.text.as_bytes();
    // `000`, `011`: no count is printed so; digits of several cells run
    // together (glued), whose split this cell cannot tell.
    if cell.kind == CellKind::Number
        && text.len() > 1
        && text[0] == b'0'
        && text[1].is_ascii_digit()
    {
        return Err(invalid(
            cell,
            row,
            "a whole non-negative number without leading zeros",
        ));
    }
    if cell.kind == CellKind::Number && text.len() <= 18 && text.iter().all(u8::is_ascii_digit) {
        return Ok(Some(
            text.iter().fold(0, |v, &b| v * 10 + Count::from(b - b'0')),
        ));
    }
    Ok(number(cell, row, "a whole non-negative number")?.map(|(v, _)| v))
}

/// A signed change (本年增/减).
pub(crate) fn signed(cell: &Cell<'_>, row: Expected) -> Result<Option<i64>, GrammarError> {
    Ok(number(cell, row, "a whole number")?.map(|(v, _)| v))
}

/// An amount in 万元; one printed in 元 is converted exactly.
pub(crate) fn amount(cell: &Cell<'_>, row: Expected) -> Result<Option<Amount>, GrammarError> {
    match number::<Amount>(cell, row, "a decimal amount")? {
        Some((a, "元")) => a
            .shift(4)
            .map(Some)
            .ok_or_else(|| invalid(cell, row, "an amount in 元 with at most 5 decimals")),
        other => Ok(other.map(|(a, _)| a)),
    }
}

fn invalid(cell: &Cell<'_>, row: Expected, expected: &str) -> GrammarError {
    GrammarError::new(
        ErrorKind::InvalidNumber,
        Some(row),
        expected,
        format!("«{}»", cell.text),
        cell.span,
    )
}

/// A note printed in a number cell (`22（其中修订 16 件）`), located in the
/// normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Noted {
    pub cell: Placed,
    pub note: String,
}

/// Where a cell of the model was read: its row's model path, its field, and
/// its span in the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placed {
    pub path: &'static str,
    pub field: &'static str,
    pub span: Span,
}

/// What the grammars collect besides their results, and how they meet a
/// problem: strict (the first problem stops the parse) or lenient (each
/// problem is recorded, its cells stay null, and the grammar goes on).
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    /// Notes printed in number cells.
    pub notes: Vec<Noted>,
    /// Where each cell read stands (blank cells aside).
    pub cells: Vec<Placed>,
    /// The blank cells read (lenient mode), by row path and field: read,
    /// not lost.
    pub blanks: Vec<(&'static str, &'static str)>,
    /// Cells read by splitting runs of digits (see [`glued`]).
    pub inferred: Vec<glued::Inferred>,
    /// Rows read as blank (see [`glued`]).
    pub blank_rows: Vec<glued::BlankRow>,
    /// Rows whose label is lost or mangled, read by the template's order
    /// (see [`order`]).
    pub ordered: Vec<order::Ordered>,
    /// `Some` in lenient mode: the problems met so far.
    problems: Option<Vec<GrammarError>>,
}

impl Ctx {
    /// A context that stops at the first problem.
    pub(crate) fn strict() -> Self {
        Ctx::default()
    }

    /// A context that records problems and goes on.
    pub(crate) fn lenient() -> Self {
        Ctx {
            problems: Some(Vec::new()),
            ..Ctx::default()
        }
    }

    /// Whether problems are recorded rather than returned.
    pub(crate) fn is_lenient(&self) -> bool {
        self.problems.is_some()
    }

    /// Meets a problem: recorded (lenient, `Ok`) or returned (strict).
    pub(crate) fn problem(&mut self, e: GrammarError) -> Result<(), nom::Err<GrammarError>> {
        match &mut self.problems {
            Some(p) => {
                p.push(e);
                Ok(())
            }
            None => Err(nom::Err::Failure(e)),
        }
    }

    /// The problems recorded (empty in strict mode).
    pub(crate) fn take_problems(&mut self) -> Vec<GrammarError> {
        self.problems
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Records where a row's cells were read, and the notes they print.
    pub(crate) fn place(
        &mut self,
        path: &'static str,
        fields: impl IntoIterator<Item = &'static str>,
        cells: &[&Cell<'_>],
    ) {
        for (cell, field) in cells.iter().zip(fields) {
            if cell.kind == CellKind::Blank {
                if self.is_lenient() {
                    self.blanks.push((path, field));
                }
                continue;
            }
            let placed = Placed {
                path,
                field,
                span: cell.span,
            };
            self.cells.push(placed);
            // Notes are bracketed after a digit (`1(…)`, three bytes at
            // least): most cells have none and are not read again.
            if cell.kind == CellKind::Number && cell.text.len() >= 3 && cell.text.contains('(') {
                if let Some(n) = crate::cells::number(cell.text).filter(|n| !n.note.is_empty()) {
                    self.notes.push(Noted {
                        cell: placed,
                        note: n.note.to_owned(),
                    });
                }
            }
        }
    }
}

/// Counts of a row's cells (`None`: a column left unplaced, null), all of
/// which must be counts. In lenient mode a cell that is not one is null, and
/// the problem recorded.
pub(crate) fn counts<const N: usize>(
    cells: &[Option<&Cell<'_>>],
    row: Expected,
    ctx: &mut Ctx,
) -> Result<[Option<Count>; N], nom::Err<GrammarError>> {
    let mut out = [None; N];
    for (o, c) in out.iter_mut().zip(cells) {
        let Some(c) = c else { continue };
        match count(c, row) {
            Ok(v) => *o = v,
            Err(e) => ctx.problem(e)?,
        }
    }
    Ok(out)
}

/// Rows read in template order by `read`, which reads the row `specs[i]` at
/// the head of its input; `fields(i)` names the cells of row `i`; `others`
/// are the table's labels that are no row (group labels, headers: a label
/// that may be a piece of one of them names no row).
///
/// A row that is not printed, or printed with its label and no numbers, is
/// blank: where row `i` cannot be read and no number stands between the
/// head of the input and a later row's label, rows `i` up to that one are
/// blank (an info diagnostic each), once a later row is read with its
/// numbers in place. Until then they are pending: a layout that sets the
/// numbers apart from their labels (every label, then every number) shows
/// the same gap, and there no row after it reads; the pending rows then
/// fail as any other row.
///
/// Rows of numbers whose labels are lost or mangled, standing between two
/// rows that read certainly, are read by the template's order where there
/// are as many as the template has rows there (see [`order`]): `values`
/// reads row `i` from its cells fitted to its columns.
///
/// Strict, the first row that fails stops the walk. Lenient, its problem is
/// recorded, its cells stay `T::default()` (null), and the walk goes on at
/// the first later cell where a later row's label stands; the rows passed
/// over are recorded as missing.
pub(crate) fn walk<'a, T: Default, F: IntoIterator<Item = &'static str>>(
    mut input: Cells<'a>,
    specs: &[Expected],
    others: &[Expected],
    ctx: &mut Ctx,
    fields: impl Fn(usize) -> F,
    mut read: impl FnMut(Cells<'a>, usize, &mut Ctx) -> PResult<'a, T>,
    mut values: impl FnMut(Fitted<'a>, usize, &mut Ctx) -> Result<T, nom::Err<GrammarError>>,
) -> PResult<'a, Vec<T>> {
    let mut out = Vec::with_capacity(specs.len());
    // Rows read as blank until a later row confirms the layout: each with
    // its reading, and the error it meets if none does.
    let mut pending: Vec<(glued::BlankRow, GrammarError)> = Vec::new();
    // The walk got here by resyncing past a row it could not read: the
    // head may be the rest of a wrapped label whose numbers came before it,
    // so no row is taken for blank until a row is read again.
    let mut resynced = false;
    // Row i - 1 was read, numbers and all, right before the head.
    let mut prev_read = false;
    // Where the rows of numbers stand that were last found not to be
    // placeable by order (said once, not for each row that meets them).
    let mut refused_at = None;
    // Whether the table numbers its rows as the template does (its first
    // label has an ordinal): a row is then looked for where an ordinal
    // stands (see [`row_at`]).
    let numbered = input
        .as_slice()
        .iter()
        .position(|c| c.kind == CellKind::Label)
        .and_then(|i| input.label(i))
        .is_some_and(|l| l.ordinal.is_some());
    let mut i = 0;
    while i < specs.len() {
        match read(input, i, ctx) {
            Ok((rest, v)) => {
                resynced = false;
                prev_read = true;
                confirm(&mut pending, ctx, specs, &fields);
                out.push(v);
                input = rest;
                i += 1;
            }
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                // The row printed further on, past labels only (labels set
                // out of place by a converter): read there.
                let further = (input.len() > 1)
                    .then(|| no_numbers_before(input.advance(1), specs, others, i..i + 1, numbered))
                    .flatten()
                    .and_then(|(at, _)| read(at, i, ctx).ok());
                if let Some((rest, v)) = further {
                    resynced = false;
                    prev_read = true;
                    confirm(&mut pending, ctx, specs, &fields);
                    out.push(v);
                    input = rest;
                    i += 1;
                    continue;
                }
                let later = &specs[i + 1..];
                if let Some((at, k)) =
                    no_numbers_before(input, specs, others, i + 1..specs.len(), numbered)
                        .filter(|_| !resynced)
                {
                    // Rows i ..= i + k: not printed, or printed without numbers.
                    let printed = labels::match_label(blanks(input), specs[i]).is_some();
                    pending.push((
                        glued::BlankRow {
                            row: specs[i],
                            span: if printed {
                                blanks(input).here()
                            } else {
                                at.here()
                            },
                            printed,
                        },
                        e,
                    ));
                    for missing in &later[..k] {
                        pending.push((
                            glued::BlankRow {
                                row: *missing,
                                span: at.here(),
                                printed: false,
                            },
                            missing_before(*missing, later[k], at),
                        ));
                    }
                    out.extend((0..=k).map(|_| T::default()));
                    input = at;
                    i += 1 + k;
                    prev_read = false;
                    continue;
                }
                // Rows of numbers whose labels are lost: placed by order.
                // (After a resync or rows pending as blank, only from row
                // i's own label; they are rows read after those.)
                {
                    match order::place(input, specs, others, i, prev_read, &fields, &mut read) {
                        order::Order::Placed { rows, at, j } => {
                            confirm(&mut pending, ctx, specs, &fields);
                            for (k, (fitted, ordered)) in rows.into_iter().enumerate() {
                                out.push(values(fitted, i + k, ctx)?);
                                ctx.ordered.push(ordered);
                            }
                            input = at;
                            i = j;
                            prev_read = false;
                            continue;
                        }
                        order::Order::Refused(Some(problem))
                            if ctx.is_lenient() && refused_at != Some(problem.span) =>
                        {
                            refused_at = Some(problem.span);
                            ctx.problem(problem)?;
                        }
                        order::Order::Refused(_) => {}
                    }
                }
                prev_read = false;
                if !ctx.is_lenient() {
                    // A pending row failed first.
                    let first = pending.into_iter().next().map_or(e, |(_, e)| e);
                    return Err(nom::Err::Failure(first));
                }
                for (_, e) in pending.drain(..) {
                    ctx.problem(e)?;
                }
                ctx.problem(e)?;
                out.push(T::default());
                let found = resync(input, specs, others, i + 1, numbered);
                let (at, skip) = found.unwrap_or((input, later.len()));
                for missing in &later[..skip] {
                    let e = match found {
                        Some((_, k)) => missing_before(*missing, later[k], at),
                        None => GrammarError::new(
                            ErrorKind::MissingRow,
                            Some(*missing),
                            format!("the label «{}»", missing.text),
                            "no later row of the table",
                            at.here(),
                        ),
                    };
                    ctx.problem(e)?;
                    out.push(T::default());
                }
                resynced = found.is_some();
                input = at;
                i += 1 + skip;
            }
            Err(e) => return Err(e),
        }
    }
    // Rows pending at the table's end: no row after them confirms the gap.
    if let Some((_, e)) = pending.first() {
        if !ctx.is_lenient() {
            return Err(nom::Err::Failure(e.clone()));
        }
    }
    for (_, e) in pending {
        ctx.problem(e)?;
    }
    Ok((input, out))
}

/// Rows pending as blank, confirmed by a row read after them.
fn confirm<F: IntoIterator<Item = &'static str>>(
    pending: &mut Vec<(glued::BlankRow, GrammarError)>,
    ctx: &mut Ctx,
    specs: &[Expected],
    fields: impl Fn(usize) -> F,
) {
    for (b, _) in pending.drain(..) {
        if let Some(k) = specs.iter().position(|s| *s == b.row) {
            ctx.blanks
                .extend(fields(k).into_iter().map(|f| (b.row.path, f)));
        }
        ctx.blank_rows.push(b);
    }
}

/// The error of row `missing` when the label of the later row `next` stands first, at `at`.
fn missing_before(missing: Expected, next: Expected, at: Cells<'_>) -> GrammarError {
    GrammarError::new(
        ErrorKind::MissingRow,
        Some(missing),
        format!("the label «{}»", missing.text),
        format!("the label of row «{}» first", next.text),
        at.here(),
    )
}

/// Which of the rows `specs[from..]` stands at the head of `at`, named
/// alone (see [`order::named`]). In a table that numbers its rows
/// (`numbered`), a row the template numbers stands only where an ordinal
/// does: an unnumbered piece of a wrapped label (`收政府信息` ⏎ `公开申请数量`
/// of 一、本年新收…, `其他情` of （二）部分公开…) may read as another row's
/// label (二、上年结转…, 3.其他), but is none.
fn row_at(
    at: Cells<'_>,
    specs: &[Expected],
    others: &[Expected],
    from: usize,
    numbered: bool,
) -> Option<usize> {
    let r = order::named(at, specs, others, from)?;
    // (No ordinal read, and none begun or ended: `1 .属于…` spaces its
    // ordinal, `4` ⏎ `.保护第三方…` breaks it.)
    let unnumbered = || {
        at.label(0).is_some_and(|l| l.ordinal.is_none())
            && at.first().is_some_and(|c| {
                !c.text.starts_with(|ch: char| {
                    ch.is_ascii_digit() || "(一二三四五六七八九十.、".contains(ch)
                })
            })
    };
    if numbered && labels::template_label(specs[r].text).ordinal.is_some() && unnumbered() {
        return None;
    }
    Some(r)
}

/// Where the label of one of the rows `later` (a range of `specs`) stands
/// with no number or null mark before it (only labels and blank cells: the
/// row's own label, headers), and how many of them come before that one.
/// A label that may be a piece of another row's too does not count (see
/// [`row_at`]).
fn no_numbers_before<'a>(
    input: Cells<'a>,
    specs: &[Expected],
    others: &[Expected],
    later: std::ops::Range<usize>,
    numbered: bool,
) -> Option<(Cells<'a>, usize)> {
    for j in 0..input.len() {
        let at = input.advance(j);
        match at.first()?.kind {
            CellKind::Number | CellKind::Null => return None,
            CellKind::Blank => continue,
            CellKind::Label => {
                if let Some(r) = row_at(at, specs, others, later.start, numbered) {
                    if r < later.end {
                        return Some((at, r - later.start));
                    }
                }
            }
        }
    }
    None
}

/// The first cell after the head of `input` where the label of one of the
/// rows `specs[from..]` stands (and names it alone, see [`row_at`]), and how
/// many of them come before that one.
fn resync<'a>(
    input: Cells<'a>,
    specs: &[Expected],
    others: &[Expected],
    from: usize,
    numbered: bool,
) -> Option<(Cells<'a>, usize)> {
    (1..input.len()).find_map(|i| {
        let at = input.advance(i);
        row_at(at, specs, others, from, numbered).map(|r| (at, r - from))
    })
}

/// Runs a section grammar over the whole of `text` (for the per-section entry points).
pub(crate) fn parse_section<T>(
    text: &str,
    section: Section,
    grammar: impl for<'a> FnOnce(Cells<'a>) -> PResult<'a, T>,
) -> Result<T, Error> {
    let source = crate::normalize::normalize(text);
    let stream = Stream::new(source.text());
    run(grammar(stream.input()))
        .map(|(_, t)| t)
        .map_err(|e| e.locate(&source, Some(section)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A numbered table's row that fails (here: eight numbers) is passed
    /// over to the next row that stands where an ordinal does, not to a
    /// piece of its own wrapped label that reads as a later row's
    /// (`收政府信息` ⏎ `公开申请数量` as 二、上年结转…): its numbers are
    /// no other row's.
    #[test]
    fn a_failed_rows_label_pieces_are_no_later_row() {
        let specs = requests::specs(false);
        let mut text = String::from(
            "     一、本年\n     收政府信息\n     公开申请数\n     量        1   2   3   4   5   6   7   8\n\n",
        );
        text.push_str("     二、上年结转政府信息公开申请数量   9   8   7   6   5   4   39\n\n");
        for spec in &specs[2..] {
            text.push_str(&format!(
                "     {}   1   0   0   0   0   0   1\n\n",
                spec.text
            ));
        }
        let source = crate::normalize::normalize(&text);
        let stream = Stream::new(source.text());
        let mut ctx = Ctx::lenient();
        let (_, m) = run(requests::matrix(stream.input(), &mut ctx)).unwrap();
        assert_eq!(m.new_requests, crate::model::Row::default());
        assert_eq!(m.carried_over.total, Some(39), "{:?}", ctx.take_problems());
        assert_eq!(m.carried_over.natural_person, Some(9));
    }

    /// A row printed blank, its label wrapped in a narrow column, is
    /// followed by a row whose label's first piece reads in part as a row
    /// read already (`2.申请人`, in part `2.重复申请`): rows stand in the
    /// template's order, so that piece names the next row, whose numbers
    /// stand further down its label.
    #[test]
    fn a_label_read_in_part_as_an_earlier_row_names_the_next() {
        let specs = requests::specs(true);
        let mut text = String::new();
        for spec in &specs[..20] {
            text.push_str(&format!("  {}   1   0   0   0   0   0   1\n", spec.text));
        }
        text.push_str("  1.申请人\n  无正当理\n  由逾期不\n  补正、行\n  政机关不\n  再处理其\n  政府信息\n  公开申请\n");
        text.push_str("  2.申请人\n  逾期未按\n  收费通知\n  要求缴纳\n  费用、行   2   0   0   0   0   0   2\n");
        text.push_str("  政机关不\n  再处理其\n  政府信息\n  公开申请\n");
        for spec in &specs[22..] {
            text.push_str(&format!("  {}   1   0   0   0   0   0   1\n", spec.text));
        }
        let (_, items, mut ctx) = itemized_other(&text);
        assert_eq!(items.unpaid_fee.total, Some(2), "{:?}", ctx.take_problems());
        assert_eq!(items.no_amendment, crate::model::Row::default());
    }

    /// A matrix read leniently from `text`, its itemized （六）, and the
    /// context read with.
    fn itemized_other(
        text: &str,
    ) -> (
        crate::model::RequestMatrix,
        crate::model::OtherDisposalItems,
        Ctx,
    ) {
        let source = crate::normalize::normalize(text);
        let stream = Stream::new(source.text());
        let mut ctx = Ctx::lenient();
        let (_, m) = run(requests::matrix(stream.input(), &mut ctx)).unwrap();
        let crate::model::OtherDisposal::Itemized(items) = m.other_disposal.clone() else {
            panic!("（六） not itemized");
        };
        (m, items, ctx)
    }

    /// After a row printed blank, a row whose label's first line is its
    /// ordinal and two characters, its numbers beside them (`1．申请   0`,
    /// the rest of （六）1's label below): the piece names that row alone,
    /// for a numbered piece is a label's start (`申请` also stands inside
    /// `1.信访举报投诉类申请`, but does not start it).
    #[test]
    fn a_numbered_piece_names_the_row_it_starts() {
        let specs = requests::specs(true);
        let mut text = String::new();
        for spec in &specs[..19] {
            text.push_str(&format!("  {}   1   0   0   0   0   0   1\n", spec.text));
        }
        text.push_str(
            "  5．要求\n  行政机关\n  确认或重\n  新出具已\n  获取信息\n\n  （六）其他\n",
        );
        text.push_str(
            "  1．申请   2   0   0   0   0   0   2\n  人无正当\n  理由逾期\n  不补正、\n",
        );
        text.push_str("  行政机关\n  不再处理\n  其政府信\n  息公开申\n  请\n");
        for spec in &specs[21..] {
            text.push_str(&format!("  {}   1   0   0   0   0   0   1\n", spec.text));
        }
        let (m, items, mut ctx) = itemized_other(&text);
        assert_eq!(
            items.no_amendment.total,
            Some(2),
            "{:?}",
            ctx.take_problems()
        );
        assert_eq!(items.unpaid_fee.total, Some(1));
        assert_eq!(m.not_processed.confirmation.total, None);
        assert_eq!(m.not_processed.excessive.total, Some(1));
    }

    proptest::proptest! {
        /// Digits alone are read at once; the general number grammar agrees.
        #[test]
        fn counts_read_at_once_agree_with_the_grammar(text in "[0-9]{1,22}|[0-9,.+元]{1,8}") {
            let cells = crate::cells::cells(&text);
            let row = Expected::row("规章", "active.rules");
            for cell in &cells {
                let general = number::<Count>(cell, row, "a whole non-negative number")
                    .map(|v| v.map(|(v, _)| v));
                let zeros = cell.text.len() > 1
                    && cell.text.starts_with('0')
                    && cell.text.as_bytes()[1].is_ascii_digit();
                match count(cell, row) {
                    // Leading zeros: refused, whatever the grammar reads.
                    Err(e) if zeros => proptest::prop_assert_eq!(e.kind, ErrorKind::InvalidNumber),
                    got => proptest::prop_assert_eq!(got, general),
                }
            }
        }
    }
}
