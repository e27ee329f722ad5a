//! Tables whose cells ran together (`行政规范性文件693665`,
//! `一、本年新收政府信息公开申请数量640020470`, `10000016.属于四类过程性信息`).
//!
//! Web pages saved as text often drop every separator of a table. The cells
//! can still be read from what the template guarantees:
//!
//! 1. The template's labels, in template order, cut the text into one digit
//!    run per row (a trailing `6.` is the next row's ordinal, not a digit of
//!    this row).
//! 2. Each run is split into the row's number of cells in every way that
//!    leaves no leading zero (but `0` itself), keeping the spaces that did
//!    survive as cell boundaries. A matrix row keeps only the splits whose six
//!    applicant columns sum to its 总计; a 表四 run only those whose groups sum
//!    to their 总计. A section 二 run may also be fewer numbers than cells:
//!    its rows often leave cells blank, and glued text prints nothing of a
//!    blank (`397` in three cells may be a blank, 397, a blank). Its cells
//!    are those every such reading agrees on (`000`, or `1 0 0` printed
//!    apart); no relation links them.
//! 3. Where a matrix row still has several splits, the column relations
//!    (一 + 二 = （七）+ 四, （七） = the sum of the outcome rows) choose
//!    among them.
//!
//! A run whose digits and spaces allow one split only (`4000004` into seven
//! cells) is read whatever the relations; where the column relations hold
//! for no combination (a misprinted total), they choose nothing, and the
//! rows their own digits or row total settle are still read. A row with
//! exactly one split that holds is read, and the reading is reported as
//! inferred. A row with several is an `AmbiguousSplit` error that lists
//! them; one with none a `NoSplit` error. Nothing is guessed. A row printed
//! with its label and no numbers is blank, and so is a section 二 row not
//! printed at all where every digit of the section is another row's.
//!
//! The search is bounded, by steps rather than by time: every cut tried,
//! every prefix checked against the row's relation and every node of the
//! column search is a step, and one report spends at most [`REPORT_STEPS`]
//! of them, one row (or the column search) at most [`ROW_STEPS`]. A cell is
//! at most [`MAX_PART`] bytes, so a step costs a bounded amount of work. A
//! row whose search runs out of steps is left unread with a `SearchLimit`
//! error, never guessed; one with more than [`MAX_SPLITS`] splits that hold
//! is ambiguous.

use crate::Span;
use crate::cells::{CellKind, classify};
use crate::error::ErrorKind;
use crate::model::{Amount, Edition, RequestMatrix, ReviewGroup, Reviews, Row};
use crate::source::{Checkpoint, Source};

use super::active::{Col, Cols, ROWS_2019, ROWS_2021, Value, assemble};
use super::labels::{Expected, reads_as, strip_ordinal};
use super::requests::{self, OTHER_ITEMS, ROWS_BEFORE_OTHER};
use super::{GrammarError, Placed};

/// Most splits kept for one row: a run with more is ambiguous.
pub const MAX_SPLITS: usize = 256;
/// Steps one report's glued reading may spend in all (see the module docs).
pub const REPORT_STEPS: usize = 250_000;
/// Steps one row's split search, or the column search, may spend of the
/// report's: a hostile row leaves the other rows theirs.
pub const ROW_STEPS: usize = 50_000;
/// The longest cell tried, in bytes: a sign, twenty digits and a decimal
/// point (more than a `u64` count or an exact amount holds), and `元`.
pub const MAX_PART: usize = 25;

/// The steps a report's glued reading has left.
#[derive(Debug)]
struct Budget {
    left: usize,
    spent: usize,
}

impl Budget {
    fn new(steps: usize) -> Self {
        Budget {
            left: steps,
            spent: 0,
        }
    }

    /// What one search may spend: [`ROW_STEPS`], or what is left if less.
    fn allowance(&self) -> usize {
        self.left.min(ROW_STEPS)
    }

    fn spend(&mut self, steps: usize) {
        self.left = self.left.saturating_sub(steps);
        self.spent += steps;
    }
}

/// Why a search stopped before it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Its step allowance ran out.
    Steps,
    /// More than [`MAX_SPLITS`] splits hold.
    Splits,
}

/// A split row's inferred reading, for the diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inferred {
    pub row: Expected,
    pub digits: String,
    pub read: String,
    pub span: Span,
    /// What settled the reading.
    pub basis: Basis,
}

/// A row read as blank: printed with its label and no numbers, or (section
/// 二) not printed at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlankRow {
    pub row: Expected,
    pub span: Span,
    /// Whether its label is printed.
    pub printed: bool,
}

/// What settled a split row's reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Basis {
    /// The digits and spaces alone allow one split (and the cells' types,
    /// in section 二).
    Digits,
    /// The template's relations allow one.
    Relations,
    /// The template's relations allow several, which agree on the cells
    /// read (the others are unread).
    Agreed,
}

/// What the glued reader found.
pub(crate) struct Glued {
    pub active_disclosure: crate::model::ActiveDisclosure,
    pub requests: RequestMatrix,
    pub reviews: Reviews,
    pub problems: Vec<GrammarError>,
    pub inferred: Vec<Inferred>,
    pub cells: Vec<Placed>,
    /// Rows read as blank, for the diagnostics.
    pub blank_rows: Vec<BlankRow>,
    /// Their cells, by row path and field.
    pub blanks: Vec<(&'static str, &'static str)>,
    /// Steps the reading spent (at most [`REPORT_STEPS`]).
    pub steps: usize,
    /// The first row that shows that the text drops blank cells (see
    /// [`Short`]).
    short: Option<Short>,
    /// Set for the second reading of a text that drops blank cells: a run
    /// then splits only where its printed pieces are its cells.
    drops_blanks: Option<Short>,
}

/// A row of the text that shows it drops blank cells: its run holds fewer
/// digits than the row has cells, or (section 二) fills them in no way
/// their types allow (`行政许可0.5 3`). Some of its cells were blank, and
/// the text printed nothing for them.
#[derive(Debug, Clone, Copy)]
struct Short {
    row: Expected,
    digits: usize,
    cells: usize,
}

impl Short {
    /// What the row shows, for messages.
    fn shows(&self) -> String {
        if self.digits < self.cells {
            format!(
                "row «{}» prints {} digits for {} cells",
                self.row.text, self.digits, self.cells
            )
        } else {
            format!(
                "row «{}» splits into its {} cells in no way their types allow",
                self.row.text, self.cells
            )
        }
    }
}

/// Glued text with the whitespace inside its labels taken out (`行 政许可`,
/// `…申请⏎数量`: a label wrapped, or broken by a crawler), and each note
/// printed in a number cell (`0 2(其中修订1件) 7项`) made one space, with
/// the map of its offsets back to `text`; `None` where there is none.
///
/// Whitespace stays where a digit, a sign, a decimal point or a null mark
/// stands on either side of it: there it may part two cells of a run, or a
/// label from its run. A note (see [`note_at`]) ends the cell it follows,
/// as a space would; its own digits (`1件`) are no cell's.
pub(crate) fn squeeze(text: &str) -> Option<Source<'_>> {
    let run = |c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.') || is_mark(c);
    // (`无` is also a word of labels, `申请人无 正当理由`: beside another
    // letter it parts nothing.)
    let keeps = |c: char| run(c) && c != '无';
    let is_gap = |b: u8| matches!(b, b' ' | b'\t' | b'\n');
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut map = Vec::new();
    // Copied up to here.
    let mut copied = 0;
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(|&b| is_gap(b) || b == b'(') {
        let start = i + k;
        let (end, with) = if bytes[start] == b'(' {
            match note_at(text, start) {
                Some(end) => (end, " "),
                None => {
                    i = start + 1;
                    continue;
                }
            }
        } else {
            let end = bytes[start..]
                .iter()
                .position(|&b| !is_gap(b))
                .map_or(bytes.len(), |k| start + k);
            i = end;
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let (Some(before), Some(after)) = (before, after) else {
                continue;
            };
            if keeps(before) || keeps(after) || (run(before) && run(after)) {
                continue;
            }
            (end, "")
        };
        i = end;
        if out.is_empty() {
            out.reserve(text.len());
        }
        out.push_str(&text[copied..start]);
        out.push_str(with);
        copied = end;
        map.push(Checkpoint {
            norm: out.len(),
            orig: end,
        });
    }
    if map.is_empty() {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Source::from_parts(text, out, map))
}

/// Most bytes a note in a number cell spans (`(其中修订16件)` is 23).
const MAX_NOTE: usize = 96;

/// Where a note printed in a number cell ends, if one opens at byte `at`
/// (a `(`): after a count or its measure word (`2(其中修订1件)`, `5件(含…)`,
/// spaces between allowed), closed within [`MAX_NOTE`] bytes by a `)` with
/// no `(` before it, and no ordinal (`…0000000(六)其他处理`: the next row's).
fn note_at(text: &str, at: usize) -> Option<usize> {
    let before = text[..at].trim_end_matches(' ').chars().next_back()?;
    if !(before.is_ascii_digit() || is_measure(before) || before == '元') {
        return None;
    }
    let window = &text.as_bytes()[at + 1..text.len().min(at + 1 + MAX_NOTE)];
    let close = window.iter().position(|&b| b == b')' || b == b'(')?;
    if window[close] != b')' {
        return None;
    }
    let inner = &text[at + 1..at + 1 + close];
    let ordinal = inner
        .chars()
        .all(|c| c.is_ascii_digit() || super::labels::is_numeral(c));
    (!ordinal && inner.chars().any(|c| !c.is_ascii_digit())).then_some(at + close + 2)
}

impl Glued {
    /// Maps every span of the reading through `f` (from a [`squeeze`]d text
    /// back to the text it was squeezed from).
    pub(crate) fn map_spans(&mut self, f: impl Fn(Span) -> Span) {
        for e in &mut self.problems {
            e.span = f(e.span);
        }
        for i in &mut self.inferred {
            i.span = f(i.span);
        }
        for c in &mut self.cells {
            c.span = f(c.span);
        }
        for b in &mut self.blank_rows {
            b.span = f(b.span);
        }
    }
}

/// Whether one of the matrix's first rows runs its cells together: its label
/// followed by at least seven digits in fewer than seven pieces, either
/// directly (space-aligned layouts always leave a space) or after spaces
/// but with the next label glued on at the run's end (a layout ends the
/// row's line there); or in seven pieces or more, glued to its label and to
/// the next one both.
///
/// The label may hold whitespace (`…申请 数量`): it is found before the text
/// is [`squeeze`]d, which only glued text needs.
pub(crate) fn looks_glued(text: &str) -> bool {
    // The first rows in turn: a crawler may have left row 一's cells apart
    // (`数量 4120 1504 … 24433二、`) and glued row 二's (`数量2 2855 3 25三、`).
    ROWS_BEFORE_OTHER[..GLUED_ROWS_LOOKED_AT]
        .iter()
        .any(|row| row_looks_glued(text, strip_ordinal(row.text)))
}

/// Matrix rows [`looks_glued`] looks at.
const GLUED_ROWS_LOOKED_AT: usize = 3;

/// Whether the digits after `label` (a matrix row's) run together.
fn row_looks_glued(text: &str, label: &str) -> bool {
    spaced_ends(text, label).any(|end| {
        let after = &text[end..];
        let body = after.trim_start_matches(' ');
        if !body.starts_with(|c: char| c.is_ascii_digit()) {
            return false;
        }
        let end = body
            .find(|c: char| !(c.is_ascii_digit() || c == ' '))
            .unwrap_or(body.len());
        let run = &body[..end];
        let digits = run.bytes().filter(u8::is_ascii_digit).count();
        // (The run takes the spaces after it: a space there is no glue.)
        let next_glued =
            !run.ends_with(' ') && body[end..].starts_with(|c: char| !c.is_whitespace());
        // (Glued on both sides, its cells may still be apart:
        // `数量5893 2417 … 20401二、上年结转…`, the other rows run together.)
        let label_glued = body.len() == after.len();
        digits >= Row::COLUMNS
            && ((run.split_whitespace().count() < Row::COLUMNS && (label_glued || next_glued))
                || (label_glued && next_glued))
    })
}

/// Where `label` ends in `text`, wherever it stands there, with whitespace
/// between its characters or not. Each try walks at most the whitespace
/// after one of the label's characters, so the whole is linear.
fn spaced_ends<'t>(text: &'t str, label: &'t str) -> impl Iterator<Item = usize> + 't {
    let first = label.chars().next().map_or(0, char::len_utf8);
    memchr::memmem::find_iter(text.as_bytes(), &label.as_bytes()[..first]).filter_map(move |i| {
        let mut at = i + first;
        for c in label[first..].chars() {
            let rest = &text[at..];
            at += rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len();
            if !text[at..].starts_with(c) {
                return None;
            }
            at += c.len_utf8();
        }
        Some(at)
    })
}

/// A row's digit run: its text and where it stands.
#[derive(Debug, Clone, Copy)]
struct Run<'t> {
    text: &'t str,
    start: usize,
}

impl Run<'_> {
    fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }
}

/// Finds `row`'s label at or after `from`, followed (after spaces) by a
/// digit; returns the digit run after it.
fn find_row<'t>(text: &'t str, from: usize, row: Expected) -> Option<Run<'t>> {
    match locate(text, from, row, None, false)? {
        Found::Run(run) => Some(run),
        Found::Blank(_) => None,
    }
}

/// Where a row stands in glued text.
#[derive(Debug, Clone, Copy)]
enum Found<'t> {
    /// Its label, followed by its digits.
    Run(Run<'t>),
    /// Its label (this span), followed directly by the next row's: a row
    /// printed without numbers.
    Blank(Span),
}

/// Finds `row`'s label at or after `from`, where it is followed (after
/// spaces) by a digit, or, when `next` is given, directly by the label of
/// `next`, the row after it; the first such place. With `marks`, null marks
/// stand in runs as cells (see [`digit_run`]).
fn locate<'t>(
    text: &'t str,
    from: usize,
    row: Expected,
    next: Option<Expected>,
    marks: bool,
) -> Option<Found<'t>> {
    let label = strip_ordinal(row.text);
    let mut at = from;
    while let Some(i) = memchr::memmem::find(text.get(at..)?.as_bytes(), label.as_bytes()) {
        let end = at + i + label.len();
        if let Some(run) = digit_run(text, end, marks) {
            return Some(Found::Run(run));
        }
        if let Some(next) = next {
            let after = strip_ordinal(text[end..].trim_start_matches(' '));
            if after.starts_with(strip_ordinal(next.text)) {
                return Some(Found::Blank(Span::new(at + i, end)));
            }
        }
        at = end;
    }
    None
}

/// How far before its run a label printed otherwise is looked for: a
/// table's header and the row's label.
const MAX_LABEL_TEXT: usize = 600;

/// A row whose label is printed otherwise than the template's (`规范性文件`,
/// `（七）合计`, `3.危及"三安全一稳定"`): the first run after `from`, if the
/// text before it ends with a label that reads as the row's (the label
/// matcher's similarity, [`reads_as`]), and neither ends with a later row's
/// label nor with one that reads as one of the next rows' (a row not
/// printed, or printed without numbers, leaves its run to the next). (A
/// later row's label inside it is no sign: `其他` of `3.其他` is in
/// `2、其他法律行政止公开`.)
fn similar_run<'t>(
    text: &'t str,
    from: usize,
    row: Expected,
    later: impl Iterator<Item = Expected> + Clone,
    marks: bool,
) -> Option<Run<'t>> {
    /// The next rows a run may belong to instead.
    const NEXT: usize = 3;
    let mut end = text.len().min(from + MAX_LABEL_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let window = &text[from..end];
    let starts_run = |c: char| c.is_ascii_digit() || c == '-' || (marks && is_mark(c));
    // Only where a run starts: each run is then scanned once.
    let mut before = None;
    let run = window
        .char_indices()
        .filter(|&(_, c)| {
            let starts = starts_run(c) && !before.is_some_and(|b: char| starts_run(b) || b == '.');
            before = Some(c);
            starts
        })
        .find_map(|(k, _)| digit_run(text, from + k, marks))?;
    let label = text[from..run.start].trim_end();
    if later
        .clone()
        .any(|r| label.ends_with(strip_ordinal(r.text)))
    {
        return None;
    }
    // The label is a tail of the text before the run (a header may precede it).
    let reads = |row: Expected| {
        label
            .char_indices()
            .map(|(k, _)| &label[k..])
            .any(|tail| reads_as(tail, row))
    };
    (reads(row) && !later.take(NEXT).any(reads)).then_some(run)
}

/// Records a row read as blank: printed without numbers (`printed`), or
/// not printed at all; its cells are null, read, not lost.
fn blank_row(
    row: Expected,
    fields: impl IntoIterator<Item = &'static str>,
    span: Span,
    printed: bool,
    out: &mut Glued,
) {
    out.blanks.extend(fields.into_iter().map(|f| (row.path, f)));
    out.blank_rows.push(BlankRow { row, span, printed });
}

/// The digits, spaces, decimal points and units after `at`, without the next
/// label's ordinal (`0000000` of `00000002.其他`). With `marks`, null marks
/// too (`8 — 3`, `187件无75103件`): section 二's rows, whose labels never
/// start with one (`4.无正当理由…` of the matrix does).
fn digit_run(text: &str, at: usize, marks: bool) -> Option<Run<'_>> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start_matches(' ').len();
    let body = &rest[lead..];
    let in_run = |c: char| {
        c.is_ascii_digit()
            || matches!(c, ' ' | '.' | '-' | '元')
            || is_measure(c)
            || (marks && is_mark(c))
    };
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '-' || (marks && is_mark(c))) {
        return None;
    }
    let mut len = body.find(|c: char| !in_run(c)).unwrap_or(body.len());
    let next = body[len..].chars().next();
    // (Spaces before the next label are not the run's: `…7110348. 属于…`.)
    len = body[..len].trim_end_matches(' ').len();
    let run = &body[..len];
    // `…0000002.其他`: the digit before a point that no digit follows is the next label's ordinal.
    if next.is_some_and(|c| !c.is_ascii_digit()) {
        let b = run.as_bytes();
        // (`2 .其他`: an ordinal spaced from its point.)
        let before_point = b
            .strip_suffix(b".")
            .map(|b| b.trim_ascii_end())
            .filter(|b| b.last().is_some_and(u8::is_ascii_digit));
        if let Some(before) = before_point {
            len = before.len() - 1;
        } else if next == Some('、') && b.last().is_some_and(u8::is_ascii_digit) {
            len -= 1;
        }
    }
    // A note inside the run (`100(其中修订50件)00个`): where it ends a cell
    // and how the digits after it split is not read; the row stays unread.
    if let Some(note) = body[len..].strip_prefix('(') {
        let after = note.find(')').map_or("", |k| &note[k + 1..]);
        if after
            .trim_start_matches(' ')
            .starts_with(|c: char| c.is_ascii_digit() || c == '-')
        {
            return None;
        }
    }
    let run = body[..len].trim_end();
    (!run.is_empty()).then_some(Run {
        text: run,
        start: at + lead,
    })
}

/// A measure word printed after a count (`1个`, `17件`): it ends the cell.
fn is_measure(c: char) -> bool {
    matches!(c, '个' | '件' | '项' | '条')
}

/// A character of a null mark (`—`, `——`, `/`, `无`): a run of them is a
/// cell of its own.
fn is_mark(c: char) -> bool {
    matches!(c, '—' | '–' | '/' | '\\' | '无')
}

/// Whether a piece of a run is a null mark (as [`classify`] reads a cell).
fn is_null(text: &str) -> bool {
    classify(text) == CellKind::Null
}

/// One cell of a split: its text and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part<'t> {
    text: &'t str,
    start: usize,
}

/// The pieces of a run as printed: spaces, and measure words after a count
/// (`1个246900元`), end a cell.
/// A run of null mark characters (`——`, `无`) is a piece of its own (each
/// `无`, `/` and `\\` one: `//` is two marks, no one).
fn pieces(run: Run<'_>) -> impl Iterator<Item = Part<'_>> {
    let text = run.text;
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &text[at..];
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| c == ' ' || is_measure(c))
                .len();
        at += skip;
        let rest = &text[at..];
        let first = rest.chars().next()?;
        let len = if is_mark(first) {
            let same = rest.len() - rest.trim_start_matches(first).len();
            if matches!(first, '无' | '/' | '\\') {
                first.len_utf8()
            } else {
                same
            }
        } else {
            rest.find(|c: char| c == ' ' || is_measure(c) || is_mark(c))
                .unwrap_or(rest.len())
        };
        let part = Part {
            text: &rest[..len],
            start: run.start + at,
        };
        at += len;
        Some(part)
    })
}

/// Notes a run too short for its row's `n` cells: proof that the text
/// drops blank cells. (Not a row with no digit, `行政许可—`: a report that
/// prints 0 for zero may leave a row it has nothing for wholly empty.)
fn note_run(out: &mut Glued, row: Expected, run: Run<'_>, n: usize) {
    let digits = run.text.bytes().filter(u8::is_ascii_digit).count();
    let marks = pieces(run).filter(|p| is_null(p.text)).count();
    if digits > 0 && digits + marks < n && out.short.is_none() {
        out.short = Some(Short {
            row,
            digits,
            cells: n,
        });
    }
}

/// Whether a run may be split by its digits alone: not in a text that drops
/// blank cells, where a run printed in fewer pieces than its `n` cells may
/// be fewer numbers and blanks (`397`: 3, 9, 7 or a blank, 397, a blank).
/// There only the template's relations can confirm a split.
fn digits_decide(out: &Glued, run: Run<'_>, n: usize) -> bool {
    out.drops_blanks.is_none() || pieces(run).count() >= n
}

/// `why` a run has no split or several, and, where [`digits_decide`] kept
/// its digits from splitting it alone, the row that shows the text drops
/// blank cells.
fn dropping(out: &Glued, run: Run<'_>, n: usize, why: &str) -> String {
    match out.drops_blanks {
        Some(short) if !digits_decide(out, run, n) => format!(
            "{why}; in a text that drops blank cells ({}), its digits alone split no run",
            short.shows()
        ),
        _ => why.to_owned(),
    }
}

/// Every split of `run` into `n` parts (spaces kept as boundaries, no
/// leading zeros, a decimal point only in a token's last part) that `keep`
/// accepts; `keep` is asked of every first part too, so that it prunes
/// early. The search spends at most [`Budget::allowance`] steps of `budget`.
fn splits<'t>(
    run: Run<'t>,
    n: usize,
    sums: usize,
    keep: &dyn Fn(&Prefix<'t>, usize) -> Verdict,
    budget: &mut Budget,
) -> Result<Vec<Vec<Part<'t>>>, Stop> {
    splits_at_most(run, n, sums, keep, MAX_SPLITS, false, budget)
}

/// [`splits`], stopping with [`Stop::Splits`] once more than `most` are
/// found; with `marks`, a `-` may be a cell of its own, a null mark (`9-5`:
/// 9, a mark and 5, or 9 and -5).
fn splits_at_most<'t>(
    run: Run<'t>,
    n: usize,
    sums: usize,
    keep: &dyn Fn(&Prefix<'t>, usize) -> Verdict,
    most: usize,
    marks: bool,
    budget: &mut Budget,
) -> Result<Vec<Vec<Part<'t>>>, Stop> {
    let mut out = Vec::new();
    // Longer than n cells can be: no split (and no search over it).
    if run.text.len() > n * (MAX_PART + 1) {
        return Ok(out);
    }
    let tokens: Vec<Part<'t>> = pieces(run).collect();
    let mut search = Splits {
        n,
        sums,
        keep,
        out: &mut out,
        most,
        marks,
        steps: 0,
        limit: budget.allowance(),
    };
    let ended = search.tokens(&tokens, &mut Prefix::with_capacity(n));
    budget.spend(search.steps);
    ended.map(|()| out)
}

/// What `keep` says of a split's first parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// They can still hold in the row.
    Keep,
    /// They cannot.
    Drop,
    /// They cannot, nor can any whose last part goes on with more of the
    /// run's digits (a longer part is a larger number).
    Stop,
}

/// The first parts of a split, and their counts added up as they come.
struct Prefix<'t> {
    parts: Vec<Part<'t>>,
    /// `sums[k]`: the first `k` parts' counts added up (`None` once one is
    /// not a count, or the sum overflows).
    sums: Vec<Option<u64>>,
}

impl<'t> Prefix<'t> {
    fn with_capacity(n: usize) -> Self {
        let mut sums = Vec::with_capacity(n + 1);
        sums.push(Some(0));
        Prefix {
            parts: Vec::with_capacity(n),
            sums,
        }
    }

    fn len(&self) -> usize {
        self.parts.len()
    }

    fn push(&mut self, part: Part<'t>) {
        let sum = self.sum_from(0).zip(count(&part));
        self.sums.push(sum.and_then(|(a, b)| a.checked_add(b)));
        self.parts.push(part);
    }

    fn pop(&mut self) {
        self.parts.pop();
        self.sums.pop();
    }

    /// The counts of the parts from index `from` on, added up.
    fn sum_from(&self, from: usize) -> Option<u64> {
        let all = (*self.sums.last()?)?;
        Some(all - self.sums[from]?)
    }
}

/// The state of [`splits`]'s search.
struct Splits<'s, 't> {
    n: usize,
    /// Groups of this many cells end in their sum (0: no such groups): the
    /// sum's digits are then the only part tried.
    sums: usize,
    /// Whether a split, or the first parts of one followed by so many more
    /// bytes of the run, can hold in its row.
    keep: &'s dyn Fn(&Prefix<'t>, usize) -> Verdict,
    out: &'s mut Vec<Vec<Part<'t>>>,
    /// The most splits wanted: past them the search stops.
    most: usize,
    /// Whether a `-` may be a null mark of its own.
    marks: bool,
    /// Steps spent, and the most that may be.
    steps: usize,
    limit: usize,
}

impl<'t> Splits<'_, 't> {
    /// Counts a step: a call, a cut tried or a prefix checked.
    fn step(&mut self) -> Result<(), Stop> {
        if self.steps == self.limit {
            return Err(Stop::Steps);
        }
        self.steps += 1;
        Ok(())
    }

    fn tokens(&mut self, tokens: &[Part<'t>], current: &mut Prefix<'t>) -> Result<(), Stop> {
        self.step()?;
        if self.out.len() > self.most {
            return Err(Stop::Splits);
        }
        let Some((token, rest)) = tokens.split_first() else {
            if current.len() == self.n {
                self.out.push(current.parts.clone());
            }
            return Ok(());
        };
        // Every later token needs at least one part.
        if current.len() + tokens.len() > self.n {
            return Ok(());
        }
        self.token(*token, rest, current)
    }

    /// Splits the rest of one token, then goes on with the next tokens.
    fn token(
        &mut self,
        token: Part<'t>,
        rest: &[Part<'t>],
        current: &mut Prefix<'t>,
    ) -> Result<(), Stop> {
        self.step()?;
        let text = token.text;
        let after: usize = rest.iter().map(|t| t.text.len()).sum();
        if text.len() + after > (self.n - current.len()) * MAX_PART {
            return Ok(());
        }
        // A group's total: only the digits of its parts' sum can stand here.
        if self.sums > 0 && current.len() % self.sums == self.sums - 1 {
            let Some(sum) = current.sum_from(current.len() - (self.sums - 1)) else {
                return Ok(());
            };
            let sum = sum.to_string();
            if !text.starts_with(&sum) {
                return Ok(());
            }
            current.push(Part {
                text: &text[..sum.len()],
                start: token.start,
            });
            if sum.len() == text.len() {
                self.tokens(rest, current)?;
            } else if current.len() + 1 + rest.len() <= self.n {
                let tail = Part {
                    text: &text[sum.len()..],
                    start: token.start + sum.len(),
                };
                if valid_part(tail.text) || tail.text.starts_with(|c: char| c.is_ascii_digit()) {
                    self.token(tail, rest, current)?;
                }
            }
            current.pop();
            return Ok(());
        }
        // The whole token as one part (a null mark is never cut).
        let null = is_null(text);
        if text.len() <= MAX_PART && (null || valid_part(text)) {
            current.push(token);
            if (self.keep)(current, after) == Verdict::Keep {
                self.tokens(rest, current)?;
            }
            current.pop();
        }
        if null || current.len() + 1 + rest.len() >= self.n {
            return Ok(());
        }
        // A first part, then the rest of the token.
        for cut in 1..text.len().min(MAX_PART + 1) {
            if !text.is_char_boundary(cut) {
                break;
            }
            let head = &text[..cut];
            if head.contains('.') {
                break;
            }
            // The cells after this one cannot hold more than MAX_PART bytes each.
            let room = (self.n - current.len() - 1) * MAX_PART;
            let mark = self.marks && head == "-";
            if text.len() - cut + after > room || !(mark || valid_part(head)) {
                continue;
            }
            self.step()?;
            current.push(Part {
                text: head,
                start: token.start,
            });
            let verdict = (self.keep)(current, text.len() - cut + after);
            if verdict == Verdict::Keep {
                let tail = Part {
                    text: &text[cut..],
                    start: token.start + cut,
                };
                self.token(tail, rest, current)?;
            }
            current.pop();
            if verdict == Verdict::Stop {
                break;
            }
        }
        Ok(())
    }
}

/// Steps spent looking for a run's forced split (see [`forced`]).
const FORCED_STEPS: usize = 2_000;

/// The one split of `run` into `n` cells that its digits and spaces allow,
/// whatever the template's relations: `4000004` into seven cells, or
/// `0 0 0 0 0 00` (no cell has a leading zero). `None` where there are
/// several, or none, or more than [`FORCED_STEPS`] steps would tell.
fn forced<'t>(run: Run<'t>, n: usize, budget: &mut Budget) -> Option<Vec<Part<'t>>> {
    let any = |_: &Prefix<'t>, _: usize| Verdict::Keep;
    let mut small = Budget::new(budget.allowance().min(FORCED_STEPS));
    let found = splits_at_most(run, n, 0, &any, 1, false, &mut small);
    budget.spend(small.spent);
    match found {
        Ok(mut found) if found.len() == 1 => found.pop(),
        _ => None,
    }
}

/// Whether `s` can be one cell: digits without a leading zero (but `0`,
/// `0.5`), an optional sign, decimals, a unit.
fn valid_part(s: &str) -> bool {
    // Digits alone, the common case, without the general rules.
    let b = s.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return !b.is_empty() && (b.len() == 1 || b[0] != b'0');
    }
    let body = s.strip_suffix('元').unwrap_or(s);
    let body = body.strip_prefix('-').unwrap_or(body);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.contains('.') && frac.is_empty())
        && !(int.len() > 1 && int.starts_with('0'))
}

/// A part's count: its digits, if it is digits alone and fits a `u64`.
fn count(p: &Part<'_>) -> Option<u64> {
    let b = p.text.as_bytes();
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0u64, |v, &d| {
        d.is_ascii_digit()
            .then(|| v.checked_mul(10)?.checked_add(u64::from(d - b'0')))
            .flatten()
    })
}

/// Whether the first parts of a run of `n` cells in groups of `size`, each
/// group's last cell the sum of the others (表四: three of 5), with `left`
/// digits still to come, can still hold: an open group's sum so far must
/// fit in the digits left for its total (every cell still to come takes one
/// at least). A group's total itself is never asked about: [`splits`] only
/// tries the digits of the sum there.
fn sums_prefix(split: &Prefix<'_>, left: usize, size: usize, n: usize) -> Verdict {
    let Some(k) = split.len().checked_sub(1) else {
        return Verdict::Keep;
    };
    let start = k / size * size;
    let Some(so_far) = split.sum_from(start) else {
        return Verdict::Stop;
    };
    let placed = split.len() - start;
    let others = (size - 1).saturating_sub(placed) + (n - start - size);
    let room = left.saturating_sub(others);
    if room >= 20 || so_far < 10u64.pow(room as u32) {
        Verdict::Keep
    } else {
        Verdict::Stop
    }
}

/// Every split of a matrix row's run whose six applicant columns sum to its
/// 总计, as far as `budget` allows.
///
/// The total is the run's last cell, so it is one of the last token's
/// suffixes (at most 20 digits: a `u64`). For each, the search splits the
/// rest of the run into six cells that sum to it: the part of the total not
/// yet accounted for bounds every cell still to come, in value and in
/// digits, which prunes the search as it goes.
fn row_splits<'t>(run: Run<'t>, budget: &mut Budget) -> Result<Vec<Vec<Part<'t>>>, Stop> {
    let tail = run.text.rsplit(' ').next().unwrap_or(run.text);
    // One allowance for the whole row, whatever the total's length.
    let mut row = Budget::new(budget.allowance());
    let found = row_splits_within(run, tail, &mut row);
    budget.spend(row.spent);
    found
}

/// [`row_splits`] within `budget`, the run's last token being `tail`.
fn row_splits_within<'t>(
    run: Run<'t>,
    tail: &'t str,
    budget: &mut Budget,
) -> Result<Vec<Vec<Part<'t>>>, Stop> {
    const APPLICANTS: usize = Row::COLUMNS - 1;
    let mut out = Vec::new();
    for t in 1..=tail.len().min(20) {
        // A suffix inside a unit (`元`) is no count (found by fuzzing).
        let Some(text) = tail.get(tail.len() - t..) else {
            continue;
        };
        let total = Part {
            text,
            start: run.start + run.text.len() - t,
        };
        let Some(sum) = valid_part(total.text).then(|| count(&total)).flatten() else {
            continue;
        };
        let before = Run {
            text: run.text[..run.text.len() - t].trim_end_matches(' '),
            start: run.start,
        };
        let adds_up = |split: &Prefix<'_>, left: usize| {
            let Some(rest) = split.sum_from(0).and_then(|so_far| sum.checked_sub(so_far)) else {
                return Verdict::Stop;
            };
            // Each cell to come takes a byte at least, and at most as many
            // digits as the part of the total still unaccounted for; and
            // fewer than ten cells, none longer than the others leave room
            // for, sum to at most one digit more (the last cell is that
            // part itself).
            let to_come = APPLICANTS - split.len();
            let holds = match to_come {
                0 => left == 0 && rest == 0,
                1 => left == digits(rest),
                _ => {
                    left >= to_come
                        && left <= to_come * digits(rest)
                        && digits(rest) <= left - to_come + 2
                }
            };
            match (holds, left >= to_come) {
                (true, _) => Verdict::Keep,
                (false, true) => Verdict::Drop,
                (false, false) => Verdict::Stop,
            }
        };
        for mut split in splits(before, APPLICANTS, 0, &adds_up, budget)? {
            split.push(total);
            out.push(split);
            if out.len() > MAX_SPLITS {
                return Err(Stop::Splits);
            }
        }
    }
    Ok(out)
}

/// How many decimal digits `v` is written with.
fn digits(v: u64) -> usize {
    v.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The problem for a row whose run has no split that holds, or several.
fn problem(
    row: Expected,
    run: Run<'_>,
    n: usize,
    found: &[Vec<Part<'_>>],
    why: &str,
) -> GrammarError {
    let span = run.span();
    let digits = clip(run.text);
    if found.is_empty() {
        GrammarError::new(
            ErrorKind::NoSplit,
            Some(row),
            format!("«{digits}» split into {n} numbers {why}"),
            "no such split (the report's own numbers may not add up)",
            span,
        )
    } else {
        let shown: Vec<String> = found.iter().take(4).map(|s| show(s)).collect();
        GrammarError::new(
            ErrorKind::AmbiguousSplit,
            Some(row),
            format!("one split of «{digits}» into {n} numbers {why}"),
            format!(
                "{} splits: {}{}",
                found.len(),
                shown.join("; "),
                if found.len() > 4 { "; …" } else { "" }
            ),
            span,
        )
    }
}

/// The problem for a run whose search stopped before it ended.
fn stopped(row: Expected, run: Run<'_>, n: usize, stop: Stop) -> GrammarError {
    let digits = clip(run.text);
    match stop {
        Stop::Splits => GrammarError::new(
            ErrorKind::AmbiguousSplit,
            Some(row),
            format!("one split of «{digits}» into {n} numbers"),
            format!("more than {MAX_SPLITS} splits (the search stops there)"),
            run.span(),
        ),
        Stop::Steps => limit(
            row,
            run.span(),
            format!("a split of «{digits}» into {n} numbers"),
        ),
    }
}

/// The problem for a row left unread because the search's steps ran out.
fn limit(row: Expected, span: Span, expected: String) -> GrammarError {
    GrammarError::new(
        ErrorKind::SearchLimit,
        Some(row),
        expected,
        format!(
            "the search's step budget spent before it ended ({ROW_STEPS} steps per row, \
             {REPORT_STEPS} per report)"
        ),
        span,
    )
}

/// A run of digits as messages show it: long ones cut short, with their length.
fn clip(digits: &str) -> String {
    const SHOWN: usize = 40;
    if digits.len() <= SHOWN {
        return digits.to_owned();
    }
    let mut end = SHOWN;
    while !digits.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &digits[..end], digits.len())
}

fn show(split: &[Part<'_>]) -> String {
    split.iter().map(|p| p.text).collect::<Vec<_>>().join(" ")
}

/// Records where the cells of a split stand.
fn place(
    out: &mut Glued,
    path: &'static str,
    fields: impl IntoIterator<Item = &'static str>,
    split: &[Part<'_>],
) {
    for (p, field) in split.iter().zip(fields) {
        out.cells.push(Placed {
            path,
            field,
            span: Span::new(p.start, p.start + p.text.len()),
        });
    }
}

/// Records a row read from a split: its cells, and the inference if the run
/// had to be split.
fn read_row(
    row: Expected,
    fields: impl IntoIterator<Item = &'static str>,
    run: Run<'_>,
    split: &[Part<'_>],
    basis: Basis,
    out: &mut Glued,
) {
    place(out, row.path, fields, split);
    if run.text.split_whitespace().count() < split.len() {
        out.inferred.push(Inferred {
            row,
            digits: run.text.to_owned(),
            read: show(split),
            span: run.span(),
            basis,
        });
    }
}

/// The cells on which every split agrees (the same number, wherever its
/// digits stand: `66 6 0 0 72` and `6 6 60 0 72` agree on the second cell),
/// each with the first split's part and the span of every split's digits
/// for it, and `None` for the others; `None` in a text that drops blank
/// cells (its splits leave none blank: the truth may be none of them).
///
/// Only for splits that the template's relations keep (sections 三 and
/// 四): in section 二, where none links its cells, a cell every split of
/// the digits agrees on may still be another's, its own left blank and
/// dropped (`1个93851件`: a blank, 1, 93851).
fn agreed<'t>(out: &Glued, splits: &[&[Part<'t>]]) -> Option<Vec<Option<Agreed<'t>>>> {
    let (first, rest) = splits.split_first()?;
    if out.drops_blanks.is_some() {
        return None;
    }
    let cells: Vec<Option<Agreed<'t>>> = first
        .iter()
        .enumerate()
        .map(|(j, p)| {
            rest.iter().try_fold((*p, part_span(p)), |(p, span), s| {
                let q = s.get(j).filter(|q| q.text == p.text)?;
                Some((p, span.join(part_span(q))))
            })
        })
        .collect();
    cells.iter().any(Option::is_some).then_some(cells)
}

/// A cell every split agrees on: the first split's part, and the span of
/// every split's digits for it.
type Agreed<'t> = (Part<'t>, Span);

/// Where a part stands.
fn part_span(p: &Part<'_>) -> Span {
    Span::new(p.start, p.start + p.text.len())
}

/// Records where the cells read stand (`None`: a cell not read).
fn place_agreed(
    out: &mut Glued,
    path: &'static str,
    fields: impl IntoIterator<Item = &'static str>,
    cells: &[Option<Agreed<'_>>],
) {
    for (cell, field) in cells.iter().zip(fields) {
        if let Some((_, span)) = cell {
            out.cells.push(Placed {
                path,
                field,
                span: *span,
            });
        }
    }
}

/// Records the cells of a row that every split agrees on, and the inference.
fn read_agreed(
    row: Expected,
    fields: impl IntoIterator<Item = &'static str>,
    run: Run<'_>,
    cells: &[Option<Agreed<'_>>],
    out: &mut Glued,
) {
    place_agreed(out, row.path, fields, cells);
    agreed_inference(row, run, cells, out);
}

/// The inference of a row read in part (see [`agreed`]).
fn agreed_inference(row: Expected, run: Run<'_>, cells: &[Option<Agreed<'_>>], out: &mut Glued) {
    let read: Vec<&str> = cells
        .iter()
        .map(|c| c.map_or("?", |(p, _)| p.text))
        .collect();
    out.inferred.push(Inferred {
        row,
        digits: run.text.to_owned(),
        read: read.join(" "),
        span: run.span(),
        basis: Basis::Agreed,
    });
}

/// Reads the three tables from glued `text` (normalized), section 二 in `edition`.
///
/// A text that shows it drops blank cells (a run with fewer digits than its
/// row's cells) is read again with every run split only where it is printed
/// apart: a forced split (`397` into three cells) is then no reading.
pub(crate) fn read(text: &str, edition: Edition) -> Glued {
    let first = read_once(text, edition, None);
    match first.short {
        Some(short) => read_once(text, edition, Some(short)),
        None => first,
    }
}

fn read_once(text: &str, edition: Edition, drops_blanks: Option<Short>) -> Glued {
    let mut out = Glued {
        active_disclosure: crate::model::ActiveDisclosure::empty(edition),
        requests: RequestMatrix::default(),
        reviews: Reviews::default(),
        problems: Vec::new(),
        inferred: Vec::new(),
        cells: Vec::new(),
        blank_rows: Vec::new(),
        blanks: Vec::new(),
        steps: 0,
        short: None,
        drops_blanks,
    };
    let mut budget = Budget::new(REPORT_STEPS);
    let first = strip_ordinal(ROWS_BEFORE_OTHER[0].text);
    let matrix_start = find_row(text, 0, ROWS_BEFORE_OTHER[0])
        .and_then(|r| text[..r.start].rfind(first))
        .unwrap_or(0);
    let active_from = text[..matrix_start].find("第二十条").unwrap_or(0);
    // Where section 二 starts, for digits no row accounts for: its heading
    // (the last mention before the matrix; the first may be the overview's
    // list of sections), else the whole text before the matrix.
    let heading = text[..matrix_start].rfind("主动公开政府信息").unwrap_or(0);
    active(
        text,
        (heading.min(active_from), active_from),
        matrix_start,
        edition,
        &mut out,
        &mut budget,
    );
    let end = matrix(text, matrix_start, &mut out, &mut budget);
    reviews(text, end, &mut out, &mut budget);
    out.problems.sort_by_key(|e| e.span.start);
    out.steps = budget.spent;
    out
}

/// Section 二: each row's run split into its columns (no relation links them).
fn active(
    text: &str,
    (start, from): (usize, usize),
    to: usize,
    edition: Edition,
    out: &mut Glued,
    budget: &mut Budget,
) {
    let spec: &[(Expected, Cols)] = match edition {
        Edition::V2021 => &ROWS_2021,
        Edition::V2019 => &ROWS_2019,
    };
    let mut at = from;
    let mut values = Vec::with_capacity(spec.len());
    // Rows whose label is nowhere, and the runs of the rows found.
    let mut absent = Vec::new();
    let mut runs = Vec::new();
    for (i, (row, cols)) in spec.iter().enumerate() {
        let mut v = vec![Value::default(); cols.len()];
        let next = spec.get(i + 1).map(|(r, _)| *r);
        let fields = cols.iter().map(|c| c.0);
        let found = locate(&text[..to], at, *row, next, true).or_else(|| {
            let later = spec[i + 1..].iter().map(|(r, _)| *r);
            similar_run(&text[..to], at, *row, later, true).map(Found::Run)
        });
        match found {
            // A row the section may not print at all (an agency with no
            // regulations leaves out 规章): decided below.
            None if !text[from..to].contains(strip_ordinal(row.text)) => {
                absent.push((*row, *cols, at));
            }
            None => out.problems.push(missing(*row, Span::new(at, at))),
            Some(Found::Blank(span)) => {
                at = span.end;
                blank_row(*row, fields, span, true, out);
            }
            Some(Found::Run(run)) => {
                at = run.span().end;
                runs.push(run.span());
                note_run(out, *row, run, cols.len());
                v = active_row(*row, cols, run, out, budget);
            }
        }
        values.push(v);
    }
    // Rows whose label is nowhere are not printed only if every digit of the
    // section is some other row's: digits no row accounts for may be theirs
    // (a label printed otherwise, `规范性文件` for `行政规范性文件`).
    // (From the section's start: a heading broken by a space, `第二十 条`,
    // is not where the rows start.)
    let stray = text[start..to].bytes().enumerate().any(|(k, b)| {
        b.is_ascii_digit()
            && !runs
                .iter()
                .any(|r: &Span| r.start <= start + k && start + k < r.end)
    });
    for (row, cols, at) in absent {
        if stray {
            out.problems.push(missing(row, Span::new(at, at)));
        } else {
            blank_row(row, cols.iter().map(|c| c.0), Span::new(at, at), false, out);
        }
    }
    out.active_disclosure = assemble(edition, &values);
}

/// A section 二 run read as its row's cells: every reading of it (see
/// [`readings`]), and the cells all of them agree on. Where they agree on
/// every cell the row is read; otherwise the cells they agree on are, and
/// the row is an `AmbiguousSplit` (a `NoSplit` where there is no reading).
fn active_row(
    row: Expected,
    cols: Cols,
    run: Run<'_>,
    out: &mut Glued,
    budget: &mut Budget,
) -> Vec<Value> {
    let n = cols.len();
    let mut v = vec![Value::default(); n];
    let found = match readings(run, cols, budget) {
        Ok(found) => found,
        Err(stop) => {
            out.problems.push(stopped(row, run, n, stop));
            return v;
        }
    };
    // A run that fills its cells in no way shows that the text drops blanks.
    if !found.iter().any(|r| r.iter().all(Option::is_some)) && out.short.is_none() {
        out.short = Some(Short {
            row,
            digits: run.text.bytes().filter(u8::is_ascii_digit).count(),
            cells: n,
        });
    }
    let Some(first) = found.first() else {
        out.problems
            .push(problem(row, run, n, &[], "(its columns are not related)"));
        return v;
    };
    // Per column: the cell every reading agrees on (`Some(None)`: blank),
    // wherever its digits stand.
    fn text<'t>(c: &Option<Part<'t>>) -> Option<&'t str> {
        c.map(|p| p.text)
    }
    let agreed: Vec<Option<Option<Part<'_>>>> = (0..n)
        .map(|j| {
            found
                .iter()
                .all(|r| text(&r[j]) == text(&first[j]))
                .then_some(first[j])
        })
        .collect();
    for ((j, cell), (field, col)) in agreed.iter().enumerate().zip(cols) {
        match cell {
            Some(Some(p)) => {
                v[j] = typed(std::slice::from_ref(p), &[(field, *col)])
                    .and_then(|t| t.into_iter().next())
                    .unwrap_or_default();
                let span = found
                    .iter()
                    .filter_map(|r| r[j].as_ref().map(part_span))
                    .fold(part_span(p), Span::join);
                out.cells.push(Placed {
                    path: row.path,
                    field,
                    span,
                });
            }
            Some(None) => out.blanks.push((row.path, field)),
            None => {}
        }
    }
    let shown = |cells: &[Option<Part<'_>>]| {
        let texts: Vec<&str> = cells.iter().map(|c| c.map_or("_", |p| p.text)).collect();
        texts.join(" ")
    };
    if agreed.iter().all(Option::is_some) {
        let parts = first.iter().flatten().count();
        if run.text.split_whitespace().count() < parts || parts < n {
            out.inferred.push(Inferred {
                row,
                digits: run.text.to_owned(),
                read: shown(first),
                span: run.span(),
                basis: Basis::Digits,
            });
        }
        return v;
    }
    let listed: Vec<String> = found.iter().take(4).map(|r| shown(r)).collect();
    out.problems.push(GrammarError::new(
        ErrorKind::AmbiguousSplit,
        Some(row),
        format!(
            "one reading of «{}» as the row's {n} cells (its columns are not related, and a \
             glued text prints nothing of a blank cell, `_`)",
            clip(run.text)
        ),
        format!(
            "{} readings: {}{}",
            found.len(),
            listed.join("; "),
            if found.len() > 4 { "; …" } else { "" }
        ),
        run.span(),
    ));
    if agreed.iter().any(Option::is_some) {
        let cells: Vec<String> = agreed
            .iter()
            .map(|c| match c {
                Some(Some(p)) => p.text.to_owned(),
                Some(None) => "_".to_owned(),
                None => "?".to_owned(),
            })
            .collect();
        out.inferred.push(Inferred {
            row,
            digits: run.text.to_owned(),
            read: cells.join(" "),
            span: run.span(),
            basis: Basis::Agreed,
        });
    }
    v
}

/// Every reading of a section 二 run as its row's cells. Glued text prints
/// nothing of a blank cell, and section 二's rows often leave cells blank,
/// so a run may be fewer numbers than its row has cells: `397` in three
/// cells is 3, 9 and 7, or 39 and 7, 3 and 97, or 397 alone, with the rest
/// blank anywhere. A reading splits the run into `k` numbers (`k` at most
/// the row's cells; spaces that survived part numbers) and puts them in `k`
/// of the row's columns, in order, whose types accept them; `None` is a
/// blank. Only a run printed in as many pieces as cells has its cells for
/// sure: then `k` is the row's count.
fn readings<'t>(
    run: Run<'t>,
    cols: Cols,
    budget: &mut Budget,
) -> Result<Vec<Vec<Option<Part<'t>>>>, Stop> {
    let n = cols.len();
    let fits_some = |s: &Prefix<'t>, _: usize| {
        let last = &s.parts[s.len() - 1..];
        match cols
            .iter()
            .any(|c| typed(last, std::slice::from_ref(c)).is_some())
        {
            true => Verdict::Keep,
            false => Verdict::Drop,
        }
    };
    let pieces = pieces(run).count();
    let mut out = Vec::new();
    for k in (pieces.clamp(1, n)..=n).rev() {
        for split in splits_at_most(run, k, 0, &fits_some, MAX_SPLITS, true, budget)? {
            // Each choice of `k` columns of `n`, in order.
            for mask in 0u32..1 << n {
                if mask.count_ones() as usize != k {
                    continue;
                }
                let chosen: Vec<(&'static str, Col)> = (0..n)
                    .filter(|j| mask & (1 << j) != 0)
                    .map(|j| cols[j])
                    .collect();
                if typed(&split, &chosen).is_none() {
                    continue;
                }
                let mut parts = split.iter();
                out.push(
                    (0..n)
                        .map(|j| (mask & (1 << j) != 0).then(|| *parts.next().expect("k parts")))
                        .collect(),
                );
                if out.len() > MAX_SPLITS {
                    return Err(Stop::Splits);
                }
            }
        }
    }
    Ok(out)
}

/// A split read by its columns' types.
fn typed(split: &[Part<'_>], cols: &[(&'static str, Col)]) -> Option<Vec<Value>> {
    split
        .iter()
        .zip(cols)
        .map(|(p, (_, col))| {
            let mut v = Value::default();
            if is_null(p.text) {
                return Some(v);
            }
            match col {
                Col::Count => v.count = Some(count(p)?),
                Col::Signed => v.signed = Some(p.text.parse().ok()?),
                // (No amount of the template is negative: `-35464` before
                // an amount is a null mark.)
                Col::Amount if p.text.starts_with('-') => return None,
                Col::Amount => {
                    v.amount = Some(match p.text.strip_suffix('元') {
                        Some(yuan) => yuan.parse::<Amount>().ok()?.shift(4)?,
                        None => p.text.parse().ok()?,
                    })
                }
            }
            if !matches!(col, Col::Amount) && p.text.contains(['.', '元']) {
                return None;
            }
            Some(v)
        })
        .collect()
}

fn missing(row: Expected, at: Span) -> GrammarError {
    GrammarError::new(
        ErrorKind::MissingRow,
        Some(row),
        format!("the label «{}» followed by its numbers", row.text),
        "no such row",
        at,
    )
}

/// A matrix row's run, the values of its candidate splits, those splits,
/// and whether its digits alone forced the one split.
type Candidates<'t> = (Run<'t>, Vec<[u64; 7]>, Vec<Vec<Part<'t>>>, Basis);

/// The seven counts of a matrix row's split.
fn row_values(split: &[Part<'_>]) -> Option<[u64; 7]> {
    let mut v = [0u64; 7];
    for (o, p) in v.iter_mut().zip(split) {
        *o = count(p)?;
    }
    Some(v)
}

/// Section 三: every row's candidate splits (the one its digits force, or
/// those that hold in the row), then the column relations choose.
fn matrix(text: &str, from: usize, out: &mut Glued, budget: &mut Budget) -> usize {
    let itemized = text[from..].contains(strip_ordinal(OTHER_ITEMS[0].text));
    let specs = requests::specs(itemized);

    let mut at = from;
    // The matrix ends where section 四 begins (its heading or table): no
    // row is looked for past it (`总计` of （七） is also its header's).
    let to = text[from..].find("复议").map_or(text.len(), |k| from + k);
    // Each row's run and its candidate splits (`None`: unread or blank).
    let mut rows: Vec<Option<Candidates<'_>>> = Vec::new();
    for (i, row) in specs.iter().enumerate() {
        let found = locate(&text[..to], at, *row, specs.get(i + 1).copied(), false).or_else(|| {
            let later = specs[i + 1..].iter().copied();
            similar_run(&text[..to], at, *row, later, false).map(Found::Run)
        });
        let run = match found {
            Some(Found::Run(run)) => run,
            Some(Found::Blank(span)) => {
                at = span.end;
                blank_row(*row, Row::FIELDS, span, true, out);
                rows.push(None);
                continue;
            }
            None => {
                out.problems.push(missing(*row, Span::new(at, at)));
                rows.push(None);
                continue;
            }
        };
        at = run.span().end;
        note_run(out, *row, run, Row::COLUMNS);
        // A split the digits force is read even where the report's own
        // total disagrees with it (the checks then report the relation).
        let forced = match digits_decide(out, run, Row::COLUMNS) {
            true => forced(run, Row::COLUMNS, budget),
            false => None,
        };
        let (found, basis) = match forced {
            Some(only) => (vec![only], Basis::Digits),
            None => match row_splits(run, budget) {
                Ok(found) => (found, Basis::Relations),
                Err(stop) => {
                    out.problems.push(stopped(*row, run, Row::COLUMNS, stop));
                    rows.push(None);
                    continue;
                }
            },
        };
        let values: Option<Vec<[u64; 7]>> = found.iter().map(|s| row_values(s)).collect();
        let Some(values) = values.filter(|v| !v.is_empty()) else {
            out.problems.push(problem(
                *row,
                run,
                Row::COLUMNS,
                &[],
                &dropping(out, run, Row::COLUMNS, "whose six columns sum to its 总计"),
            ));
            rows.push(None);
            continue;
        };
        rows.push(Some((run, values, found, basis)));
    }

    // The column relations choose among a row's splits.
    let choice = choose(&rows, budget);
    let mut read = vec![Row::default(); specs.len()];
    for (i, row) in rows.iter().enumerate() {
        let Some((run, _, kept, basis)) = row else {
            continue;
        };
        let alive: Vec<usize> = match &choice {
            Choice::Held(alive) => (0..kept.len()).filter(|&k| alive[i][k]).collect(),
            Choice::NoneHeld | Choice::Stopped => (0..kept.len()).collect(),
        };
        match alive.as_slice() {
            [k] => {
                let v: Vec<Option<u64>> = kept[*k].iter().map(|p| count(p)).collect();
                read[i] = Row::from_cells(v.try_into().expect("seven cells"));
                let basis = match (&choice, kept.len()) {
                    (Choice::Held(_), n) if n > 1 => Basis::Relations,
                    _ => *basis,
                };
                read_row(specs[i], Row::FIELDS, *run, &kept[*k], basis, out);
            }
            _ => {
                if matches!(choice, Choice::Stopped) {
                    out.problems.push(limit(
                        specs[i],
                        run.span(),
                        format!(
                            "one of the {} splits of «{}» whose row adds up, chosen by the \
                             column relations",
                            kept.len(),
                            clip(run.text)
                        ),
                    ));
                } else {
                    let shown: Vec<Vec<Part<'_>>> =
                        alive.iter().map(|&k| kept[k].clone()).collect();
                    let why = match choice {
                        Choice::NoneHeld => {
                            "whose row adds up (the column relations hold for no combination \
                             of the rows' splits, so they cannot choose)"
                        }
                        _ => "whose row and columns add up",
                    };
                    let why = dropping(out, *run, Row::COLUMNS, why);
                    out.problems
                        .push(problem(specs[i], *run, Row::COLUMNS, &shown, &why));
                }
                // (Every split whose row adds up is among `kept`: the cells
                // they all agree on are read.)
                let all: Vec<&[Part<'_>]> = alive.iter().map(|&k| kept[k].as_slice()).collect();
                if let Some(cells) = agreed(out, &all) {
                    let v: Vec<Option<u64>> = cells
                        .iter()
                        .map(|c| c.and_then(|(p, _)| count(&p)))
                        .collect();
                    read[i] = Row::from_cells(v.try_into().expect("seven cells"));
                    read_agreed(specs[i], Row::FIELDS, *run, &cells, out);
                }
            }
        }
    }
    out.requests = requests::assemble(&read, itemized);
    at
}

/// For each row and each of its splits, whether some combination of the
/// other rows' splits makes every column relation hold (relations that
/// involve an unread row are not used).
///
/// A depth-first search: 总计, 结转, the two leading rows (balance checked as
/// soon as they are chosen), then the outcome rows, whose running sums may
/// never pass 总计. Each node is a step of `budget`; past its allowance the
/// search stops and chooses nothing.
fn choose(rows: &[Option<Candidates<'_>>], budget: &mut Budget) -> Choice {
    let n = rows.len();
    let options: Vec<&[[u64; 7]]> = rows
        .iter()
        .map(|r| r.as_ref().map_or(&[][..], |(_, v, _, _)| v.as_slice()))
        .collect();
    let (total, forward) = (n - 2, n - 1);
    let known = |i: usize| !options[i].is_empty();
    let mut search = Search {
        order: [total, forward, 0, 1]
            .into_iter()
            .chain(2..total)
            .filter(|&i| known(i))
            .collect(),
        balance: [0, 1, total, forward].into_iter().all(known),
        outcome: (2..=total).all(known),
        total,
        forward,
        pick: vec![0; n],
        alive: options.iter().map(|o| vec![false; o.len()]).collect(),
        options,
        budget: budget.allowance(),
    };
    let allowed = search.budget;
    let ended = search.run(0, [0; 7]);
    budget.spend(allowed - search.budget);
    match ended {
        Err(()) => Choice::Stopped,
        Ok(()) if search.alive.iter().flatten().any(|&a| a) => Choice::Held(search.alive),
        Ok(()) => Choice::NoneHeld,
    }
}

/// What the column relations chose.
enum Choice {
    /// For each row and each of its splits, whether some combination of the
    /// rows' splits in which it takes part makes every relation hold.
    Held(Vec<Vec<bool>>),
    /// No combination makes them hold (the report's own numbers do not add
    /// up): they cannot choose.
    NoneHeld,
    /// The search ran out of steps.
    Stopped,
}

/// The state of [`choose`]'s search.
struct Search<'o> {
    /// Rows in the order they are chosen (read rows only).
    order: Vec<usize>,
    /// Whether 一 + 二 = （七）+ 四 can be used (all four rows read).
    balance: bool,
    /// Whether （七） = the outcome rows can be used (all read).
    outcome: bool,
    total: usize,
    forward: usize,
    options: Vec<&'o [[u64; 7]]>,
    pick: Vec<usize>,
    alive: Vec<Vec<bool>>,
    /// Nodes the search may still visit.
    budget: usize,
}

impl Search<'_> {
    fn value(&self, i: usize) -> [u64; 7] {
        self.options[i][self.pick[i]]
    }

    /// Chooses the row `order[depth]`, the outcome rows' sums so far being `sum`.
    fn run(&mut self, depth: usize, sum: [u64; 7]) -> Result<(), ()> {
        self.budget = self.budget.checked_sub(1).ok_or(())?;
        let Some(&i) = self.order.get(depth) else {
            if !self.outcome || sum == self.value(self.total) {
                for &r in &self.order {
                    self.alive[r][self.pick[r]] = true;
                }
            }
            return Ok(());
        };
        for k in 0..self.options[i].len() {
            self.pick[i] = k;
            let v = self.options[i][k];
            let mut next = sum;
            if self.balance && i == 1 {
                let (a, t, f) = (
                    self.value(0),
                    self.value(self.total),
                    self.value(self.forward),
                );
                if (0..7).any(|j| a[j].checked_add(v[j]) != t[j].checked_add(f[j])) {
                    continue;
                }
            }
            if i >= 2 && i < self.total {
                for j in 0..7 {
                    next[j] = next[j].saturating_add(v[j]);
                }
                if self.outcome && (0..7).any(|j| next[j] > self.value(self.total)[j]) {
                    continue;
                }
            }
            self.run(depth + 1, next)?;
        }
        Ok(())
    }
}

/// Section 四: fifteen numbers whose groups sum to their 总计.
fn reviews(text: &str, from: usize, out: &mut Glued, budget: &mut Budget) {
    use super::reviews::{PATHS, ROW};
    let rest = &text[from..];
    // The numbers follow the header's last 总计.
    let Some(head) = rest.find("行政复议") else {
        out.problems.push(missing(ROW, Span::new(from, from)));
        return;
    };
    let start = from + head;
    // (Its 总计 may be printed 合计, as the template's variants do: each 计
    // after 总 or 合, in one pass.)
    let run = memchr::memmem::find_iter(&text.as_bytes()[start..], "计")
        .map(|i| start + i)
        .filter(|&i| matches!(text[..i].chars().next_back(), Some('总' | '合')))
        .find_map(|i| digit_run(text, i + "计".len(), false));
    let Some(run) = run else {
        out.problems
            .push(missing(ROW, Span::new(from + head, from + head)));
        return;
    };
    note_run(out, ROW, run, 15);
    // The one split the digits force, or those whose groups of five sum to
    // their 总计.
    let groups_hold = |s: &Prefix<'_>, left: usize| sums_prefix(s, left, 5, 15);
    let forced = match digits_decide(out, run, 15) {
        true => forced(run, 15, budget),
        false => None,
    };
    let (kept, basis) = match forced {
        Some(only) => (vec![only], Basis::Digits),
        None => match splits(run, 15, 5, &groups_hold, budget) {
            Ok(found) => (found, Basis::Relations),
            Err(stop) => {
                out.problems.push(stopped(ROW, run, 15, stop));
                return;
            }
        },
    };
    // The one split's cells, or those every split agrees on.
    let cells: Vec<Option<Agreed<'_>>> = match kept.as_slice() {
        [only] => only.iter().map(|p| Some((*p, part_span(p)))).collect(),
        _ => {
            out.problems.push(problem(
                ROW,
                run,
                15,
                &kept,
                &dropping(out, run, 15, "whose groups sum to their 总计"),
            ));
            let all: Vec<&[Part<'_>]> = kept.iter().map(Vec::as_slice).collect();
            match agreed(out, &all) {
                Some(cells) => cells,
                None => return,
            }
        }
    };
    let v: Vec<Option<u64>> = cells
        .iter()
        .map(|c| c.and_then(|(p, _)| count(&p)))
        .collect();
    let group = |k: usize| ReviewGroup::from_cells([v[k], v[k + 1], v[k + 2], v[k + 3], v[k + 4]]);
    out.reviews = Reviews {
        administrative_review: group(0),
        litigation_direct: group(5),
        litigation_after_review: group(10),
    };
    for (g, path) in PATHS.iter().enumerate() {
        place_agreed(out, path, ReviewGroup::FIELDS, &cells[g * 5..g * 5 + 5]);
    }
    // One inference for the run, not one per group.
    match kept.as_slice() {
        [only] => read_row(ROW, [], run, only, basis, out),
        _ => agreed_inference(ROW, run, &cells, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Run<'_> {
        Run { text, start: 0 }
    }

    /// A matrix row's seven counts, if its six applicant columns sum to its 总计.
    fn row_total(split: &[Part<'_>]) -> Option<[u64; 7]> {
        row_values(split).filter(|v| v[..6].iter().sum::<u64>() == v[6])
    }

    /// Every split of `text` into `n` parts that `keep` accepts, with a fresh budget.
    fn all<'t>(
        text: &'t str,
        n: usize,
        sums: usize,
        keep: &dyn Fn(&Prefix<'t>, usize) -> Verdict,
    ) -> Result<Vec<Vec<Part<'t>>>, Stop> {
        splits(run(text), n, sums, keep, &mut Budget::new(REPORT_STEPS))
    }

    #[test]
    fn splits_keep_spaces_and_refuse_leading_zeros() {
        let s = all("0000000", 7, 0, &|_, _| Verdict::Keep).unwrap();
        assert_eq!(s.len(), 1);
        let s = all("230 000023", 7, 0, &|_, _| Verdict::Keep).unwrap();
        assert!(s.iter().all(|s| s[0].text.starts_with('2')));
        assert!(
            all("0100", 2, 0, &|_, _| Verdict::Keep)
                .unwrap()
                .iter()
                .all(|s| s.iter().all(|p| valid_part(p.text)))
        );
        assert!(!valid_part("01"));
        assert!(valid_part("0.5"));
        assert!(valid_part("75394432.52元"));
        // A unit right after the digits is not cut inside (found by fuzzing).
        for run_text in ["411386500元", "4元1", "12 3元"] {
            let _ = all(run_text, 2, 0, &|_, _| Verdict::Keep);
            let _ = row_splits(run(run_text), &mut Budget::new(REPORT_STEPS));
        }
    }

    /// The fields of `path` whose cells were placed.
    fn placed(g: &Glued, path: &str) -> Vec<&'static str> {
        g.cells
            .iter()
            .filter(|c| c.path == path)
            .map(|c| c.field)
            .collect()
    }

    #[test]
    fn section_two_runs_may_hold_fewer_numbers_than_cells() {
        let text = |penalties: &str| {
            format!(
                "二、主动公开政府信息情况第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量\
                 行政许可5 0 0其他对外管理服务事项0 0 0第二十条第（六）项信息内容上一年项目数量\
                 本年增/减处理决定数量行政处罚{penalties}行政强制0 0 0三、一、本年新收政府信息公开申请数量4000004"
            )
        };
        let read_as = |penalties: &str| -> Option<String> {
            let g = read(&text(penalties), Edition::V2019);
            let cells = placed(&g, "active_disclosure.penalties");
            let problem = g.problems.iter().find(|e| {
                e.row
                    .is_some_and(|r| r.path == "active_disclosure.penalties")
            });
            match problem {
                Some(e) => {
                    assert!(e.expected.contains("blank cell"), "{}", e.expected);
                    None
                }
                None => Some(cells.join(" ")),
            }
        };
        // Printed apart, or digits no shorter split allows: read.
        let all = Some("prior_year change decisions".to_owned());
        assert_eq!(read_as("1 0 0"), all);
        assert_eq!(read_as("000"), all);
        assert_eq!(read_as("0 00"), all);
        // `100`: 1, 0, 0, or 10 and 0, or 100, blanks anywhere; `9-5`: 9, a
        // mark and 5, or 9 and -5.
        for ambiguous in ["100", "397", "9-5", "5 10"] {
            assert_eq!(read_as(ambiguous), None, "{ambiguous}");
        }
        // The cells every reading agrees on are read: `-5 10` is a mark, 5
        // and 10, or a blank, -5 and 10.
        let g = read(&text("-5 10"), Edition::V2019);
        let fields = placed(&g, "active_disclosure.penalties");
        assert_eq!(fields, ["decisions"]);
        assert!(
            g.inferred.iter().any(|i| i.read == "? ? 10"),
            "{:?}",
            g.inferred
        );
        // No amount is negative: `-3546` before 采购总金额 is a mark and
        // the amount, not a blank and -3546.
        let text = "二、主动公开政府信息情况第二十条第（九）项信息内容采购项目数量采购总金额\
                    政府集中采购-3546三、一、本年新收政府信息公开申请数量4000004";
        let g = read(text, Edition::V2019);
        let fields = placed(&g, "active_disclosure.procurement");
        assert_eq!(fields, ["items", "amount"]);
        let crate::model::ActiveDisclosure::V2019(a) = &g.active_disclosure else {
            panic!("2019 edition");
        };
        assert_eq!(a.procurement.items, None);
        assert_eq!(a.procurement.amount, Some(Amount::new(3546, 0)));
    }

    #[test]
    fn a_text_that_drops_blanks_splits_no_matrix_run_by_its_digits_alone() {
        // 一's total misprinted: 4 + 0 + … is not 5. Its digits alone still
        // force the split (the checks then report the relation)…
        let text = |licensing: &str| {
            format!(
                "二、主动公开政府信息情况第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量\
                 行政许可{licensing}其他对外管理服务事项0 0 0三、一、本年新收政府信息公开申请数量4000005"
            )
        };
        let new_requests = |g: &Glued| g.cells.iter().any(|c| c.path == "requests.new_requests");
        assert!(new_requests(&read(&text("1 0 0"), Edition::V2019)));
        // …but not in a text that shows it drops blank cells: a row with
        // fewer digits than cells.
        for shows in ["5 2", "52"] {
            let g = read(&text(shows), Edition::V2019);
            assert!(!new_requests(&g), "{shows}");
            let e = g
                .problems
                .iter()
                .find(|e| e.row.is_some_and(|r| r.path == "requests.new_requests"))
                .unwrap();
            assert!(e.expected.contains("drops blank cells"), "{}", e.expected);
        }
    }

    #[test]
    fn cells_every_split_agrees_on_are_read() {
        // 表四's first group sums one way only; the other two several ways.
        let text = "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果\
                    尚未审结总计932 8 22 775 2961801 626069五、存在的主要问题";
        let g = read(text, Edition::V2021);
        assert_eq!(
            g.reviews.administrative_review.cells(),
            [9, 3, 2, 8, 22].map(Some)
        );
        // The others: unread (a problem on the row), never one split picked.
        assert!(
            g.problems
                .iter()
                .any(|e| e.kind == ErrorKind::AmbiguousSplit
                    && e.row.is_some_and(|r| r.path == "reviews"))
        );
        let differ = |g: &ReviewGroup| g.cells().iter().filter(|c| c.is_none()).count();
        assert!(
            differ(&g.reviews.litigation_direct) + differ(&g.reviews.litigation_after_review) > 0
        );
        let inferred = g
            .inferred
            .iter()
            .find(|i| i.basis == Basis::Agreed)
            .unwrap();
        assert!(inferred.read.starts_with("9 3 2 8 22 ") && inferred.read.contains('?'));
        // The header's last 总计 printed 合计.
        let g = read(
            &text.replace("尚未审结总计", "尚未审结合计"),
            Edition::V2021,
        );
        assert_eq!(
            g.reviews.administrative_review.cells(),
            [9, 3, 2, 8, 22].map(Some)
        );
        // Where several splits hold, every cell read is one they all agree on.
        let placed: Vec<&str> = g.cells.iter().map(|c| c.path).collect();
        assert!(placed.contains(&"reviews.administrative_review"));
        // The same number from other digits agrees too: `66 6 0 0 72` and
        // `6 6 60 0 72` both read 纠正 6, its span over both 6s (`00066 60`).
        let text = "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果\
                    尚未审结总计00 00 000 00066 60 0 72五、存在的主要问题";
        let g = read(text, Edition::V2021);
        assert_eq!(
            g.reviews.litigation_after_review.cells(),
            [None, Some(6), None, Some(0), Some(72)]
        );
        let corrected = g
            .cells
            .iter()
            .find(|c| c.path == "reviews.litigation_after_review" && c.field == "corrected")
            .unwrap();
        assert_eq!(&text[corrected.span.start..corrected.span.end], "6 6");
    }

    #[test]
    fn a_label_printed_otherwise_reads_where_it_stands() {
        let row = |text: &'static str| Expected { text, path: "" };
        let later = [row("行政许可"), row("其他对外管理服务事项")];
        // 规范性文件 for 行政规范性文件, after the table's header.
        let text = "现行有效件数规范性文件6 8 56第二十条";
        let r = similar_run(text, 0, row("行政规范性文件"), later.into_iter(), true).unwrap();
        assert_eq!(r.text, "6 8 56");
        // Not a row whose label is elsewhere: the run is 行政许可's.
        let text = "现行有效件数行政许可6 8 56";
        assert!(similar_run(text, 0, row("行政规范性文件"), later.into_iter(), true).is_none());
        // A short later label inside this one's is no sign (`其他` of `3.其他`).
        let later = [row("3.危及“三安全一稳定”"), row("3.其他")];
        let text = "2、其他法律行政止公开461 965 0 869 00 22953、危及";
        let r = similar_run(
            text,
            0,
            row("2.其他法律行政法规禁止公开"),
            later.into_iter(),
            false,
        );
        assert_eq!(r.unwrap().text, "461 965 0 869 00 2295");
        // Not a row printed without numbers before one printed otherwise:
        // the run reads as the next row's (（七）合计 for （七）总计).
        let later = [row("（七）总计"), row("四、结转下年度继续办理")];
        let text = "（六）其他（七）合计12 0 0 0 0 0 12";
        assert!(similar_run(text, 0, row("（六）其他处理"), later.into_iter(), false).is_none());
        let text = "（六）其他12 0 0 0 0 0 12（七）合计";
        let r = similar_run(text, 0, row("（六）其他处理"), later.into_iter(), false).unwrap();
        assert_eq!(r.text, "12 0 0 0 0 0 12");
    }

    #[test]
    fn squeezing_takes_out_whitespace_inside_labels_only() {
        let text = "行 政许可3 1其他对外管理\n服务事项 8 — 3行政处罚 — —";
        let s = squeeze(text).unwrap();
        assert_eq!(
            s.text(),
            "行政许可3 1其他对外管理服务事项 8 — 3行政处罚 — —"
        );
        // Offsets map back to the text squeezed: the run `8 — 3` stands where it stood.
        let at = s.text().find("8 — 3").unwrap();
        let span = s.original_span(Span::new(at, at + "8 — 3".len()));
        assert_eq!(&text[span.start..span.end], "8 — 3");
        assert!(squeeze("规章 0 0 0\n规范性文件 6").is_none());
        // `无` inside a label is a letter; beside digits or marks, a mark.
        let s = squeeze("1.申请人无 正当理由 无 3无 —").unwrap();
        assert_eq!(s.text(), "1.申请人无正当理由无 3无 —");
    }

    /// A note in a number cell ends it, as a space would; an ordinal or a
    /// label's brackets are no note.
    #[test]
    fn a_note_in_a_number_cell_is_a_space() {
        let text = "规章0 2(其中修订1件) 7项规范性文件100(其中修订50件)00个";
        let s = squeeze(text).unwrap();
        assert_eq!(s.text(), "规章0 2  7项规范性文件100 00个");
        // The space stands for the note.
        let at = s.text().find("100 ").unwrap() + 3;
        let span = s.original_span(Span::new(at, at + 1));
        assert_eq!(&text[span.start..span.end], "(其中修订50件)");
        // After a measure word too.
        let s = squeeze("行政强制3个(含废止1个)2个第二十条").unwrap();
        assert_eq!(s.text(), "行政强制3个 2个第二十条");
        for text in [
            "获取信息0000000(六)其他处理",
            "金额(单位:万元)3",
            "总计7(未完",
            "公开(区分处理的)1",
        ] {
            assert!(squeeze(text).is_none(), "{text}");
        }
    }

    #[test]
    fn null_marks_are_cells_of_section_two_runs() {
        let text = "其他对外管理服务事项187件无75103件第二十条";
        let at = text.find("事项").unwrap() + "事项".len();
        let r = digit_run(text, at, true).unwrap();
        let texts: Vec<&str> = pieces(r).map(|p| p.text).collect();
        assert_eq!(texts, ["187", "无", "75103"]);
        // Not in the matrix, where `4.无正当理由…` follows a run.
        let text = "出版物7695 65384.无正当理由";
        let at = text.find("物").unwrap() + "物".len();
        assert_eq!(digit_run(text, at, false).unwrap().text, "7695 6538");
        let texts: Vec<&str> = pieces(run("8 —— 3//无无")).map(|p| p.text).collect();
        // (`——` is one mark; `/` is one whatever follows it.)
        assert_eq!(texts, ["8", "——", "3", "/", "/", "无", "无"]);
    }

    #[test]
    fn a_measure_word_ends_a_count() {
        let text = "行政事业性收费3-1政府集中采购1个246900元三、";
        let r = digit_run(text, text.find("采购").unwrap() + "采购".len(), false).unwrap();
        assert_eq!(r.text, "1个246900元");
        let found = all(r.text, 2, 0, &|_, _| Verdict::Keep).unwrap();
        let texts: Vec<Vec<&str>> = found
            .iter()
            .map(|s| s.iter().map(|p| p.text).collect())
            .collect();
        assert_eq!(texts, [["1", "246900元"]]);
        assert_eq!(&r.text[found[0][1].start..][..6], "246900");
    }

    #[test]
    fn the_next_rows_ordinal_is_not_a_digit() {
        let text = "5.属于三类内部事务信息10000016.属于四类过程性信息0000000";
        let r = digit_run(text, text.find("信息").unwrap() + "信息".len(), false).unwrap();
        assert_eq!(r.text, "1000001");
        // Spaced from its label (a wrapped one), or from its point: still
        // the next row's.
        for text in [
            "5.属于三类内部事务信息1000001 6. 属于四类过程性信息0000000",
            "5.属于三类内部事务信息1000001 6 .属于四类过程性信息0000000",
            "5.属于三类内部事务信息10000016 .属于四类过程性信息0000000",
        ] {
            let r = digit_run(text, text.find("信息").unwrap() + "信息".len(), false).unwrap();
            assert_eq!(r.text, "1000001", "{text}");
        }
    }

    #[test]
    fn a_row_total_picks_the_split() {
        let text = "一、本年新收政府信息公开申请数量640020470二、";
        assert!(looks_glued(text));
        assert!(!looks_glued(
            "一、本年新收政府信息公开申请数量   1259 36    0 1295\n"
        ));
        assert!(!looks_glued(
            "一、本年新收政府信息公开申请数量3 0 0 0 0 0 3\n"
        ));
        // A space before the run, and the next label glued on at its end.
        assert!(looks_glued(
            "一、本年新收政府信息公开申请数量 3000003二、上年结转政府信息公开申请数量"
        ));
        assert!(!looks_glued(
            "一、本年新收政府信息公开申请数量 3000003\n二、上年结转政府信息公开申请数量"
        ));
        // Its cells apart, but glued to its label and to the next one: the
        // crawler dropped the separators between cells of other kinds.
        assert!(looks_glued(
            "一、本年新收政府信息公开申请数量5893 2417 1280 3485 5277 2049 20401二、上年结转"
        ));
        assert!(looks_glued(
            "一、本年新收政府信息公开申请 数量5893 2417 1280 3485 5277 2049 20401二、上年结转"
        ));
        // (Not where a space or a line end parts either side.)
        for text in [
            "一、本年新收政府信息公开申请数量 5893 2417 1280 3485 5277 2049 20401二、",
            "一、本年新收政府信息公开申请数量5893 2417 1280 3485 5277 2049 20401 二、",
            "一、本年新收政府信息公开申请数量5893 2417 1280 3485 5277 2049 20401\n二、",
        ] {
            assert!(!looks_glued(text), "{text}");
        }
        // Row 一's cells apart, row 二's glued: a later row shows it.
        assert!(looks_glued(
            "一、本年新收政府信息公开申请数量 5893 2417 1280 3485 5277 2049 20401二、\
             上年结转政府信息公开申请数量2 2855 3 25三、本年度办理结果"
        ));
        assert!(!looks_glued(
            "一、本年新收政府信息公开申请数量 5893 2417 1280 3485 5277 2049 20401 二、\
             上年结转政府信息公开申请数量 2 2 8 5 5 3 25 三、本年度办理结果"
        ));
        // A flattened line whose dropped blanks leave fewer numbers than
        // columns: the space before the next label says they are not glued.
        assert!(!looks_glued(
            "一、本年新收政府信息公开申请数量 312 27   4 2 345 二、上年结转政府信息公开申请数量"
        ));
        let r = find_row(text, 0, ROWS_BEFORE_OTHER[0]).unwrap();
        let ok: Vec<_> = row_splits(r, &mut Budget::new(REPORT_STEPS))
            .unwrap()
            .into_iter()
            .map(|s| show(&s))
            .collect();
        assert!(ok.contains(&"64 0 0 2 0 4 70".to_owned()), "{ok:?}");
    }

    use proptest::prelude::*;

    /// A count as reports print them: mostly 0 and small, now and then large.
    fn count_cell() -> impl Strategy<Value = u64> {
        prop_oneof![4 => Just(0u64), 3 => 1u64..10, 2 => 10u64..100, 1 => 100u64..100_000]
    }

    /// A count of 表四: mostly 0 and small, now and then in the hundreds.
    fn review_cell() -> impl Strategy<Value = u64> {
        prop_oneof![4 => Just(0u64), 3 => 1u64..10, 2 => 10u64..100, 1 => 100u64..1000]
    }

    fn joined(cells: &[u64]) -> String {
        cells.iter().map(u64::to_string).collect()
    }

    /// Every label the glued reader looks for, in every table.
    fn labels() -> Vec<&'static str> {
        let mut all: Vec<&str> = ROWS_2021
            .iter()
            .chain(&ROWS_2019)
            .map(|(r, _)| r.text)
            .collect();
        all.extend(requests::specs(true).iter().map(|r| r.text));
        all.extend(requests::specs(false).iter().map(|r| r.text));
        all.push("行政复议总计");
        all
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// A consistent matrix row, its cells run together, is found within
        /// a row's allowance, its true split among those that hold.
        #[test]
        fn consistent_rows_are_found_within_the_allowance(cells in proptest::array::uniform6(count_cell())) {
            let mut row = cells.to_vec();
            row.push(cells.iter().sum());
            let text = joined(&row);
            let mut budget = Budget::new(REPORT_STEPS);
            let found = row_splits(run(&text), &mut budget);
            prop_assert!(budget.spent <= ROW_STEPS);
            let found = found.map_err(|stop| TestCaseError::fail(format!("{stop:?} on {text}")))?;
            let want: Vec<String> = row.iter().map(u64::to_string).collect();
            prop_assert!(found.iter().any(|s| s.iter().map(|p| p.text).eq(want.iter().map(String::as_str))), "{text}");
            prop_assert!(found.iter().all(|s| row_total(s).is_some()));
        }

        /// The same for 表四's fifteen cells in three groups (counts of
        /// reviews and suits run to hundreds, not to tens of thousands).
        #[test]
        fn consistent_reviews_are_found_within_the_allowance(parts in proptest::array::uniform12(review_cell())) {
            let mut cells = Vec::new();
            for g in parts.chunks(4) {
                cells.extend_from_slice(g);
                cells.push(g.iter().sum());
            }
            let text = joined(&cells);
            let mut budget = Budget::new(REPORT_STEPS);
            let hold = |s: &Prefix<'_>, left: usize| sums_prefix(s, left, 5, 15);
            let found = splits(run(&text), 15, 5, &hold, &mut budget);
            prop_assert!(budget.spent <= ROW_STEPS);
            let found = found.map_err(|stop| TestCaseError::fail(format!("{stop:?} on {text}")))?;
            let want: Vec<String> = cells.iter().map(u64::to_string).collect();
            prop_assert!(found.iter().any(|s| s.iter().map(|p| p.text).eq(want.iter().map(String::as_str))), "{text}");
        }

        /// Digit runs of any length after any label: the reading ends within
        /// the report's budget, and every prefix the search checks is a
        /// counted step.
        #[test]
        fn any_run_after_any_label_ends_within_the_budget(
            label in proptest::sample::select(labels()),
            digits in proptest::collection::vec(0u8..10, 0..3000),
            spaces in proptest::collection::vec(0usize..3000, 0..4),
            copies in 1usize..4,
        ) {
            let mut run: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            for at in spaces {
                if at < run.len() {
                    run.insert(at, ' ');
                }
            }
            let first = strip_ordinal(ROWS_BEFORE_OTHER[0].text);
            let mut text = format!("{first}1000001");
            for _ in 0..copies {
                text += label;
                text += &run;
            }
            let glued = read(&text, Edition::V2021);
            prop_assert!(glued.steps <= REPORT_STEPS, "{} steps", glued.steps);

            // An independent count: every prefix checked is a step.
            let checked = std::cell::Cell::new(0usize);
            let keep = |_: &Prefix<'_>, _: usize| {
                checked.set(checked.get() + 1);
                Verdict::Keep
            };
            let mut budget = Budget::new(REPORT_STEPS);
            let _ = splits(Run { text: &run, start: 0 }, 7, 0, &keep, &mut budget);
            prop_assert!(checked.get() <= budget.spent && budget.spent <= ROW_STEPS);
        }
    }

    #[test]
    fn rows_printed_without_numbers_or_not_at_all_are_blank() {
        let section = |rows: &str| {
            format!(
                "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数{rows}\
                 第二十条第（五）项信息内容本年处理决定数量行政许可0第二十条第（六）项信息内容本年处理决定数量\
                 行政处罚159行政强制58第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0\
                 三、一、本年新收政府信息公开申请数量4000004"
            )
        };
        let blank = |g: &Glued| -> Vec<(&str, bool)> {
            g.blank_rows
                .iter()
                .map(|b| (b.row.path, b.printed))
                .collect()
        };
        // Section 二's problems (the text has no other table).
        let problems = |g: &Glued| -> Vec<&str> {
            g.problems
                .iter()
                .filter_map(|e| e.row.map(|r| r.path))
                .filter(|p| p.starts_with("active_disclosure"))
                .collect()
        };
        // No 规章 row: every digit of the section is another row's.
        let g = read(&section("行政规范性文件000"), Edition::V2021);
        assert_eq!(blank(&g), [("active_disclosure.regulations", false)]);
        assert!(problems(&g).is_empty(), "{:?}", g.problems);
        assert_eq!(g.blanks.len(), 3);
        // 规章 printed with no numbers, the next row's label right after it.
        let g = read(&section("规章行政规范性文件000"), Edition::V2021);
        assert_eq!(blank(&g), [("active_disclosure.regulations", true)]);
        // A label printed otherwise that reads as the row's (规范性文件) is
        // that row's: 规章 is then not printed.
        let g = read(&section("规范性文件6856"), Edition::V2021);
        assert_eq!(blank(&g), [("active_disclosure.regulations", false)]);
        assert_eq!(problems(&g), ["active_disclosure.normative_documents"]);
        assert!(g.problems[0].found.contains("readings"), "{:?}", g.problems);
        // One that does not read as any row's leaves digits no row accounts
        // for: the rows not found are unread, not blank.
        let g = read(&section("其他文件6856"), Edition::V2021);
        assert!(blank(&g).is_empty());
        assert_eq!(
            problems(&g),
            [
                "active_disclosure.regulations",
                "active_disclosure.normative_documents"
            ]
        );
    }

    /// 表四 counts in the tens of thousands can take the search past a
    /// row's allowance (found by the property test above with such counts):
    /// the run is then unread, never read wrong.
    #[test]
    fn large_review_counts_end_unread_not_wrong() {
        let parts = [
            1118u64, 0, 91233, 0, 11121, 11, 621, 11, 10, 10101, 11010, 0,
        ];
        let mut cells = Vec::new();
        for g in parts.chunks(4) {
            cells.extend_from_slice(g);
            cells.push(g.iter().sum());
        }
        let text = joined(&cells);
        let hold = |s: &Prefix<'_>, left: usize| sums_prefix(s, left, 5, 15);
        let mut budget = Budget::new(REPORT_STEPS);
        match splits(run(&text), 15, 5, &hold, &mut budget) {
            Err(stop) => assert_eq!(stop, Stop::Steps),
            Ok(found) => {
                let want: Vec<String> = cells.iter().map(u64::to_string).collect();
                assert!(
                    found
                        .iter()
                        .any(|s| s.iter().map(|p| p.text).eq(want.iter().map(String::as_str)))
                );
            }
        }
        assert!(budget.spent <= ROW_STEPS);
    }

    #[test]
    fn long_runs_are_cut_off_not_searched() {
        let first = strip_ordinal(ROWS_BEFORE_OTHER[0].text);
        for len in [40, 100, 1_000, 100_000] {
            let text = format!("{first}{}", "1".repeat(len));
            let mut budget = Budget::new(REPORT_STEPS);
            let _ = row_splits(run(&text[first.len()..]), &mut budget);
            assert!(budget.spent <= ROW_STEPS, "{len}: {} steps", budget.spent);
            let glued = read(&text, Edition::V2021);
            assert!(glued.steps <= REPORT_STEPS, "{len}: {} steps", glued.steps);
            let e = glued
                .problems
                .iter()
                .find(|e| e.row.is_some_and(|r| r.path == "requests.new_requests"))
                .expect("the row is reported");
            assert!(
                matches!(e.kind, ErrorKind::SearchLimit | ErrorKind::NoSplit),
                "{len}: {:?}",
                e.kind
            );
            // Messages show a long run cut short.
            assert!(e.expected.len() < 200, "{}", e.expected);
        }
    }
}
