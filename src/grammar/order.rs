//! Rows whose label is lost or mangled, placed by the template's order.
//!
//! Converters drop a row's label, or leave a piece of it (one that other
//! rows' labels may hold too), most often across a page break:
//!
//! ```text
//! | 予处理 | 4.无正当理由大量反复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
//! | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
//! | 行政机关不再处理其政府信息公 | 40 | 1 | 0 | 0 | 2 | 0 | 43 |
//! ```
//!
//! A careful reader still reads such rows where the text determines them:
//! rows of numbers standing between two rows that read certainly, as many
//! as the template has rows between those two, are those rows in the
//! template's order. Labels confirm the order, they do not carry it: a label
//! that reads as exactly one row (and is no piece of another's) must stand
//! next to that row's numbers; one that reads as no row, or as a piece of
//! several, says nothing. Where the count differs, a label contradicts the
//! order, or a neighbour does not read certainly, nothing is placed.
//!
//! What a row of numbers is follows the layout, as the text shows it: the
//! numbers of one line where a row is printed on a line (tab rows,
//! markdown, CSV, `pdftotext -layout`); where a cell is printed per line
//! (cell per line, HTML text), a run of them, which holds as many rows as
//! its cells fill, one after the other (an empty line ends a row, unless
//! every cell is followed by one).

use super::labels::{self, Expected, Label};
use super::{Cells, Ctx, Fitted, GrammarError, PResult, fit_columns, header_line};
use crate::Span;
use crate::cells::{Cell, CellKind};
use crate::error::ErrorKind;

/// A row placed by the template's order, for its info diagnostic.
#[derive(Debug, Clone)]
pub(crate) struct Ordered {
    /// The row placed.
    pub row: Expected,
    /// The row that reads certainly before the rows placed (`None`: the
    /// first row placed has its own label, first in the gap).
    pub before: Option<Expected>,
    /// The row that reads certainly after them.
    pub after: Expected,
    /// How many rows were placed between them.
    pub rows: usize,
    /// The label text printed in the row's place (empty if none).
    pub found: String,
    /// Where that text and the row's numbers stand.
    pub span: Span,
}

/// What [`place`] found.
pub(crate) enum Order<'a> {
    /// Rows `i..j` read by order, each with its cells and its diagnostic;
    /// the walk goes on at `at`, where row `j` reads.
    Placed {
        rows: Vec<(Fitted<'a>, Ordered)>,
        at: Cells<'a>,
        j: usize,
    },
    /// Nothing placed; a problem to record where rows of numbers without
    /// labels stand there (lenient mode).
    Refused(Option<GrammarError>),
}

/// A row of numbers in the gap: its cells (indexes into the gap), and
/// whether it is a run of cells printed one per line, which may hold
/// several rows.
#[derive(Debug, Clone)]
struct Unit {
    cells: std::ops::Range<usize>,
    flow: bool,
}

/// What the gap holds, in order.
enum Item {
    /// A label cell (not of a header line), by index.
    Label(usize),
    Unit(Unit),
}

/// The bit of [`rows_of`] for the labels of the table that are no row.
const NO_ROW: u64 = 1 << 63;

/// The rows of `specs` a label cell at the head of `at` may be, as a bit
/// set: those it reads as, and those whose template label holds its key
/// (a piece of it; its start, where it has an ordinal), with no
/// conflicting ordinal; and [`NO_ROW`] if it may
/// be one of `others` (group labels, headers) so.
///
/// A label is read over as many cells as its longest match spans (`规` ⏎
/// `范性文件`, a piece of `行政规范性文件` alone, though `规` is of `规章`
/// too). A label that reads as exactly one row, all of its key (`行政` ⏎
/// `强制`), is that row's, and no other's it reads as only in part (`行政`,
/// the start of every `行政…` row's); its key whole may still be a piece of
/// other labels (`其他`).
///
/// Rows before `from` are read already: a label that reads as one of them
/// only in part (`2.申请人`, the head of （六）2, reads in part as `2.重复申请`
/// of （五）) is not that row, since rows stand in the template's order;
/// a piece of their labels may still stand here (the rest of a wrapped one).
fn rows_of(at: Cells<'_>, specs: &[Expected], others: &[Expected], from: usize) -> u64 {
    let Some(first) = at.label(0) else {
        return 0;
    };
    let matches = |spec: &Expected| labels::match_label(at, *spec);
    let read: Vec<(usize, labels::Match)> = specs
        .iter()
        .enumerate()
        .take(63)
        .filter_map(|(k, s)| matches(s).map(|m| (k, m)))
        .collect();
    let exact: Vec<(usize, usize)> = read
        .iter()
        .filter(|(_, m)| m.score >= labels::EXACT)
        .map(|&(k, m)| (k, m.cells))
        .collect();
    // The label read: its first cell, or the cells its longest match (an
    // exact one first) spans.
    let span = if exact.is_empty() {
        read.iter().map(|(_, m)| m.cells).max()
    } else {
        exact.iter().map(|&(_, cells)| cells).max()
    };
    let whole;
    let label = match span {
        Some(cells) if cells > 1 => {
            let text: String = at.as_slice()[..cells].iter().map(|c| c.text).collect();
            whole = Label::parse(&text);
            &whole
        }
        _ => first,
    };
    let piece_of = |spec: &Expected| {
        let t = labels::template_label(spec.text);
        let ordinal_fits = label.ordinal.is_none_or(|o| t.ordinal == Some(o));
        // (A piece with an ordinal is a label's start: `1.申请` starts
        // （六）1's, and is no piece of `1.信访举报投诉类申请`.)
        ordinal_fits
            && match (label.key.is_empty(), label.ordinal) {
                (true, ordinal) => ordinal.is_some(),
                (false, Some(_)) => t.key.starts_with(&label.key),
                (false, None) => t.key.contains(&label.key),
            }
    };
    let mut set = 0;
    for (k, _) in &exact {
        set |= 1 << k;
    }
    if exact.is_empty() {
        for (k, _) in read.iter().filter(|(k, _)| *k >= from) {
            set |= 1 << k;
        }
    }
    for (k, spec) in specs.iter().enumerate().take(63) {
        if piece_of(spec) {
            set |= 1 << k;
        }
    }
    // (A numbered label is no unnumbered column header's: `(七)总计` is no
    // `总计`.)
    let other = |o: &Expected| {
        let numbered = label.ordinal.is_some() && labels::template_label(o.text).ordinal.is_none();
        !numbered && (piece_of(o) || matches(o).is_some())
    };
    if others.iter().any(other) {
        set |= NO_ROW;
    }
    set
}

/// The one row a bit set names, if it names exactly one (and may be no
/// label of the table that is no row).
fn only(set: u64) -> Option<usize> {
    (set.count_ones() == 1 && set & NO_ROW == 0).then(|| set.trailing_zeros() as usize)
}

/// The row among `specs[from..]` the label at the head of `at` reads as
/// and names alone: it reads as no other row, and is no piece of another's
/// label, nor of one of `others` (`其他`, a piece of `（二）部分公开…不计其他
/// 情形`, names no row, though it reads as `（六）其他处理`; nor does `其他处`,
/// a piece of the group label `（六）其他处理`, though it reads as `3.其他`).
pub(crate) fn named(
    at: Cells<'_>,
    specs: &[Expected],
    others: &[Expected],
    from: usize,
) -> Option<usize> {
    labels::match_any(at, &specs[from..])?;
    only(rows_of(at, specs, others, from)).filter(|&r| r >= from)
}

/// Splits a run of value cells (`gap[run]`, no label among them) into
/// rows of numbers, as its layout shows them; runs of blank cells alone
/// are layout (merged cells), not rows.
fn pieces(gap: &[Cell<'_>], run: std::ops::Range<usize>, items: &mut Vec<Item>) {
    let mut push = |cells: std::ops::Range<usize>, flow: bool| {
        if gap[cells.clone()]
            .iter()
            .any(|c| matches!(c.kind, CellKind::Number | CellKind::Null))
        {
            items.push(Item::Unit(Unit { cells, flow }));
        }
    };
    let cells = &gap[run.clone()];
    let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
        return;
    };
    if first.line == last.line {
        push(run, false);
        return;
    }
    if cells.windows(2).all(|w| w[1].line > w[0].line) {
        // A cell per line: an empty line ends a row, unless every cell has one.
        let gaps = cells
            .windows(2)
            .filter(|w| w[1].line > w[0].line + 1)
            .count();
        if gaps == cells.len() - 1 {
            push(run, true);
            return;
        }
        let mut start = run.start;
        for k in run.start + 1..run.end {
            if gap[k].line > gap[k - 1].line + 1 {
                push(start..k, true);
                start = k;
            }
        }
        push(start..run.end, true);
        return;
    }
    // Rows of numbers, a line each.
    let mut start = run.start;
    for k in run.start + 1..run.end {
        if gap[k].line != gap[k - 1].line {
            push(start..k, false);
            start = k;
        }
    }
    push(start..run.end, false);
}

/// The gap's labels (header lines aside) and rows of numbers, in order.
fn items(input: Cells<'_>) -> Vec<Item> {
    let gap = input.as_slice();
    let mut items = Vec::new();
    let mut q = 0;
    while q < gap.len() {
        if gap[q].kind == CellKind::Label {
            // A table's header printed again (a page break): no row's label.
            if let Some(len) = header_line(input.advance(q)) {
                q += len.min(gap.len() - q);
                continue;
            }
            items.push(Item::Label(q));
            q += 1;
            continue;
        }
        let end = q + gap[q..]
            .iter()
            .take_while(|c| c.kind != CellKind::Label)
            .count();
        // A blank cell on a label's line, cells one per line after it: the
        // label line's empty field (`理的,只计这一情形,` read as a CSV
        // record), no cell of the rows below.
        let start = if q > 0
            && gap[q].kind == CellKind::Blank
            && gap[q - 1].line == gap[q].line
            && gap.get(q + 1).is_some_and(|c| c.line > gap[q].line)
        {
            q + 1
        } else {
            q
        };
        pieces(gap, start..end, &mut items);
        q = end;
    }
    items
}

/// The span from the start of `a` to the end of `b`.
fn between(a: &Cell<'_>, b: &Cell<'_>) -> Span {
    Span::new(a.span.start, b.span.end.max(a.span.start))
}

/// Rows `i..` of `specs` read by the template's order from the head of
/// `input`, where row `i` could not be read (see the module's docs).
///
/// `prev_read`: row `i - 1` was read, with its numbers, right before
/// `input` (the neighbour before; otherwise row `i`'s own label must stand
/// first). `others`: the table's labels that are no row (group labels,
/// headers). `read` reads a row at its label (tried on a scratch context
/// to find the neighbour after); `fields(r)` names row `r`'s columns.
///
/// Bounded: the search for the neighbour after stops once more numbers
/// are passed than the rows left can hold, and the rest is linear in the
/// gap (each label scored against the table's rows).
pub(crate) fn place<'a, T, F: IntoIterator<Item = &'static str>>(
    input: Cells<'a>,
    specs: &[Expected],
    others: &[Expected],
    i: usize,
    prev_read: bool,
    fields: &impl Fn(usize) -> F,
    read: &mut impl FnMut(Cells<'a>, usize, &mut Ctx) -> PResult<'a, T>,
) -> Order<'a> {
    let refused = Order::Refused(None);
    let columns = |r: usize| fields(r).into_iter().count();
    // The neighbour after: the first later row whose label reads as it alone
    // and which reads there, numbers and all.
    let cells = input.as_slice();
    let room: usize = (i..specs.len()).map(columns).sum();
    let mut numbers = 0;
    let mut anchor = None;
    for (p, cell) in cells.iter().enumerate() {
        match cell.kind {
            CellKind::Number | CellKind::Null => {
                numbers += 1;
                if numbers > room {
                    break;
                }
            }
            CellKind::Blank => {}
            CellKind::Label => {
                let at = input.advance(p);
                let Some(j) = named(at, specs, others, i + 1) else {
                    continue;
                };
                if read(at, j, &mut Ctx::strict()).is_ok() {
                    anchor = Some((p, j));
                    break;
                }
            }
        }
    }
    let Some((p, j)) = anchor else {
        return refused;
    };
    let gap_input = input.range(0..p);
    let gap = gap_input.as_slice();
    let items = items(gap_input);
    let units: Vec<&Unit> = items
        .iter()
        .filter_map(|it| match it {
            Item::Unit(u) => Some(u),
            Item::Label(_) => None,
        })
        .collect();
    if units.is_empty() {
        return refused;
    }
    // Each label's rows (a bit set), and how many rows of numbers precede it.
    let mut labels: Vec<(usize, usize, u64)> = Vec::new();
    let mut seen = 0;
    for it in &items {
        match it {
            Item::Label(q) => {
                labels.push((*q, seen, rows_of(gap_input.advance(*q), specs, others, i)))
            }
            Item::Unit(_) => seen += 1,
        }
    }
    // A label with digits beyond its ordinal on a line of numbers is a
    // cell of the row the cells layer could not read (`0—`, a number and
    // a mark run together), not text: where the row's cells stand is then
    // unknown.
    // (The lines of numbers, in order: each label looked up once.)
    let number_lines: Vec<u32> = gap
        .iter()
        .filter(|d| matches!(d.kind, CellKind::Number | CellKind::Null))
        .map(|d| d.line)
        .collect();
    let damaged = |q: usize| {
        gap_input.label(q).is_some_and(|l| l.key.has_ascii_digit())
            && number_lines.binary_search(&gap[q].line).is_ok()
    };
    if labels.iter().any(|&(q, _, _)| damaged(q)) {
        return refused;
    }
    // Rows of numbers with no label that names one row before them: the
    // labels lost. Nothing to say where there are none.
    let unlabeled = (0..units.len())
        .filter(|&u| {
            !labels
                .iter()
                .any(|&(_, k, set)| k == u && only(set).is_some())
        })
        .count();
    let span = between(
        &gap[units[0].cells.start],
        &gap[units[units.len() - 1].cells.end - 1],
    );
    let before = if prev_read { Some(specs[i - 1]) } else { None };
    let problem = |found: String, span: Span| {
        (unlabeled > 0).then(|| {
            GrammarError::new(
                ErrorKind::MissingRow,
                Some(specs[i]),
                format!(
                    "{} rows of numbers between {} and row «{}», as the template orders them",
                    j - i,
                    before.map_or_else(
                        || format!("the label of row «{}»", specs[i].text),
                        |b| format!("row «{}»", b.text)
                    ),
                    specs[j].text
                ),
                found,
                span,
            )
        })
    };
    // A row of a line each: never two on a line, nor a label after one on
    // its line (a cell of it is text).
    for (a, b) in units.iter().zip(units.iter().skip(1)) {
        if !a.flow && !b.flow && gap[a.cells.end - 1].line == gap[b.cells.start].line {
            return refused;
        }
    }
    for u in units.iter().filter(|u| !u.flow) {
        let last = &gap[u.cells.end - 1];
        if let Some(next) = cells.get(u.cells.end) {
            if next.kind == CellKind::Label && next.line == last.line && !next.flat {
                return refused;
            }
        }
    }
    // The rows in order: a row of a line each, or as many rows as a run of
    // cells fills. (unit, first in it, last in it) for each row i..j.
    let mut at_unit: Vec<(usize, bool, bool)> = Vec::with_capacity(j - i);
    let mut r = i;
    for (u, unit) in units.iter().enumerate() {
        if unit.flow {
            let len = unit.cells.len();
            let (start, mut sum) = (r, 0);
            while sum < len && r < j {
                sum += columns(r);
                r += 1;
            }
            if sum != len {
                r = usize::MAX;
                break;
            }
            at_unit.extend((start..r).map(|x| (u, x == start, x + 1 == r)));
        } else {
            if r >= j {
                r = usize::MAX;
                break;
            }
            at_unit.push((u, true, true));
            r += 1;
        }
    }
    if r != j {
        let found = format!(
            "{} rows of numbers, {unlabeled} of them with no label that names their row",
            units.len()
        );
        return Order::Refused(problem(found, span));
    }
    // Labels confirm the order: one that names a single row stands next to
    // that row's numbers (before them, or after them: a wrapped label's rest).
    for &(q, k, set) in &labels {
        let Some(named) = only(set) else { continue };
        let fits = if named + 1 == i {
            k == 0
        } else if named == j {
            k == units.len()
        } else if (i..j).contains(&named) {
            let (u, first, last) = at_unit[named - i];
            (k == u && first) || (k == u + 1 && last)
        } else {
            false
        };
        if !fits {
            let found = format!(
                "the label «{}», of row «{}», out of the template's order there",
                gap[q].text, specs[named].text
            );
            return Order::Refused(problem(found, gap[q].span));
        }
    }
    // The neighbour before: row i - 1, read; or row i's own label, first.
    if !prev_read
        && !labels
            .iter()
            .any(|&(_, k, set)| k == 0 && only(set) == Some(i))
    {
        return refused;
    }
    // Each row's cells fitted to its columns; a row that fits none is no row.
    let mut rows = Vec::with_capacity(j - i);
    let mut offset = 0;
    for (x, &(u, first, _)) in at_unit.iter().enumerate() {
        let r = i + x;
        let unit = units[u];
        if first {
            offset = unit.cells.start;
        }
        let n = columns(r);
        let run = if unit.flow {
            let run = &gap[offset..offset + n];
            offset += n;
            run
        } else {
            &gap[unit.cells.clone()]
        };
        let names: Vec<&str> = fields(r).into_iter().collect();
        let at = run.first().map_or(span, |c| c.span);
        let fitted = match fit_columns(run, n, &names, specs[r], at) {
            Ok(f) if f.cells.iter().any(Option::is_some) => f,
            _ => return refused,
        };
        // The label text printed in the row's place: labels since the row
        // of numbers before, but those that name another row.
        let (text, from) = if first {
            let mine: Vec<usize> = labels
                .iter()
                .filter(|&&(_, k, set)| k == u && only(set).is_none_or(|n| n == r))
                .map(|&(q, _, _)| q)
                .collect();
            let text: Vec<&str> = mine.iter().map(|&q| gap[q].text).collect();
            (text.join(" "), mine.first().map(|&q| &gap[q]))
        } else {
            (String::new(), None)
        };
        let first_cell = from.or(run.first()).unwrap_or(&gap[unit.cells.start]);
        let last_cell = run.last().unwrap_or(first_cell);
        rows.push((
            fitted,
            Ordered {
                row: specs[r],
                before,
                after: specs[j],
                rows: j - i,
                found: text,
                span: between(first_cell, last_cell),
            },
        ));
    }
    Order::Placed {
        rows,
        at: input.advance(p),
        j,
    }
}

#[cfg(test)]
mod tests {
    use super::super::requests::{self, specs};
    use super::super::{Stream, run};
    use super::*;
    use crate::model::{RequestMatrix, Row};

    /// The matrix printed a row per line (`sep` between cells), row `r`'s
    /// cells `r, 0, 0, 0, 0, 0, r` (all 0 for row 0), its label as
    /// `label(r, template label)` prints it.
    fn matrix(sep: &str, label: impl Fn(usize, &str) -> Option<String>) -> String {
        let mut s = String::new();
        for (r, spec) in specs(false).iter().enumerate() {
            if let Some(l) = label(r, spec.text) {
                s.push_str(&l);
                s.push_str(sep);
            }
            let cells = [r, 0, 0, 0, 0, 0, r].map(|c| c.to_string());
            s.push_str(&cells.join(sep));
            s.push('\n');
        }
        s
    }

    fn lenient(text: &str) -> (RequestMatrix, Vec<GrammarError>, Vec<Ordered>) {
        let source = crate::normalize::normalize(text);
        let stream = Stream::new(source.text());
        let mut ctx = Ctx::lenient();
        let (_, m) = run(requests::matrix(stream.input(), &mut ctx)).unwrap();
        (m, ctx.take_problems(), ctx.ordered)
    }

    fn row(r: usize) -> Row {
        let r = r as u64;
        Row::from_cells([r, 0, 0, 0, 0, 0, r].map(Some))
    }

    fn whole(l: &str) -> Option<String> {
        Some(l.to_owned())
    }

    #[test]
    fn rows_of_numbers_with_labels_lost_or_pieces_of_them_are_read_by_order() {
        let want = lenient(&matrix("\t", |_, l| whole(l))).0;
        // Row 19 (（五）5) lost; row 12's label a piece of its own (本机关不掌握
        // 相关政府信息), one that rows 0 and 1 also hold; row 4's lost
        // between rows 3 and 5 that read.
        let text = matrix("\t", |r, l| match r {
            19 | 4 => None,
            12 => whole("政府信息"),
            _ => whole(l),
        });
        let (m, problems, ordered) = lenient(&text);
        assert_eq!(m, want);
        assert!(problems.is_empty(), "{problems:?}");
        let placed: Vec<&str> = ordered.iter().map(|o| o.row.text).collect();
        assert!(placed.contains(&"5.要求行政机关确认或重新出具已获取信息"));
        assert!(placed.contains(&"1.本机关不掌握相关政府信息"));
        let found = ordered
            .iter()
            .find(|o| o.row.text.starts_with("1.本机关"))
            .unwrap();
        assert_eq!(found.found, "政府信息");
        // Strict too: nothing is left unread.
        assert_eq!(requests::parse(&text).unwrap(), want);
        // Markdown, the numbers' line with no label cell at all.
        let md = matrix(" | ", |r, l| (r != 19).then(|| format!("| {l}")))
            .lines()
            .map(|l| {
                if l.starts_with('|') {
                    format!("{l} |\n")
                } else {
                    format!("| {l} |\n")
                }
            })
            .collect::<String>();
        assert_eq!(lenient(&md).0, want);
    }

    #[test]
    fn a_damaged_cell_is_no_label_text() {
        // `0—`, a number and a mark run together, is taken for text by the
        // cells layer: the row's cells after it, and a trailing tab's blank,
        // are no row of numbers placed by order (its first cell would move).
        let text = matrix("\t", |_, l| whole(l)).replacen(
            "数量\t0\t0\t0\t0\t0\t0\t0\n",
            "数量\t0—\t0\t0\t0\t0\t0\t0\t\n",
            1,
        );
        let (m, problems, ordered) = lenient(&text);
        assert!(ordered.is_empty(), "{ordered:?}");
        assert_eq!(m.new_requests, Row::default());
        assert!(!problems.is_empty());
        assert_eq!(m.carried_over, row(1));
    }

    #[test]
    fn a_header_printed_again_names_no_row() {
        // A page break before row 13 (（四）2), whose label is lost, and the
        // matrix's header printed again there, a cell per line: its `总计`
        // is no （七）总计.
        let want = lenient(&matrix("\t", |_, l| whole(l))).0;
        let header = "申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n其他\n";
        let text = matrix("\n", |r, l| match r {
            13 => Some(format!("- 3 -\n\x0c{header}").trim_end().to_owned()),
            _ => whole(l),
        })
        .replace("\n", "\n\n");
        let (m, problems, ordered) = lenient(&text);
        assert_eq!(m, want, "{problems:?}");
        assert_eq!(ordered.len(), 1);
    }

    #[test]
    fn a_cell_per_line_run_holds_as_many_rows_as_its_cells_fill() {
        let want = lenient(&matrix("\t", |_, l| whole(l))).0;
        // A cell per line, no empty line between rows: row 9's numbers run
        // on after row 8's.
        let text = matrix("\n", |r, l| (r != 9).then(|| l.to_owned()));
        let (m, problems, ordered) = lenient(&text);
        assert_eq!(m, want, "{problems:?}");
        // Row 8's numbers ran on: it is placed too, by its own label.
        assert_eq!(ordered.len(), 2);
        assert_eq!(ordered[0].found, "5.属于三类内部事务信息");
        assert_eq!(ordered[1].found, "");
        // One cell short: not placed, and both rows unread.
        let short = text.replacen("\n9\n0\n", "\n9\n", 1);
        let (m, problems, ordered) = lenient(&short);
        assert!(ordered.is_empty());
        assert_eq!(m.denied.internal_affairs, Row::default());
        assert_eq!(m.denied.process_information, Row::default());
        assert_eq!(m.denied.law_enforcement_files, row(10));
        assert!(!problems.is_empty());
    }

    #[test]
    fn not_placed_where_the_count_differs_or_a_label_contradicts() {
        // Rows 5 and 6 lost, and a stray row of numbers: four rows of
        // numbers from row 4 (whose numbers run on) to row 7, where the
        // template has three rows.
        let text = matrix("\t", |r, l| (!matches!(r, 5 | 6)).then(|| l.to_owned())).replace(
            "5\t0\t0\t0\t0\t0\t5\n",
            "5\t0\t0\t0\t0\t0\t5\n1\t1\t1\t1\t1\t1\t1\n",
        );
        let (m, problems, ordered) = lenient(&text);
        assert!(ordered.is_empty());
        assert_eq!(m.denied.prohibited_by_law, Row::default());
        assert_eq!(m.denied.security_stability, Row::default());
        let e = problems
            .iter()
            .find(|e| {
                e.expected
                    .starts_with("3 rows of numbers between row «(二)部分公开")
            })
            .expect("the count named");
        assert!(e.found.starts_with("4 rows of numbers"), "{}", e.found);
        assert_eq!(m.denied.state_secret, Row::default());
        assert_eq!(m.denied.third_party_rights, row(7));
        // A label that names another row, where the order puts row 5.
        let text = matrix("\t", |r, l| match r {
            5 => whole("3.危及“三安全一稳定”"),
            6 => None,
            _ => whole(l),
        });
        let (m, _, ordered) = lenient(&text);
        assert!(ordered.is_empty());
        assert_eq!(m.denied.prohibited_by_law, Row::default());
        // The last row lost: no row after it reads.
        let text = matrix("\t", |r, l| (r != 22).then(|| l.to_owned()));
        let (m, problems, ordered) = lenient(&text);
        assert!(ordered.is_empty());
        assert_eq!(m.carried_forward, Row::default());
        assert!(!problems.is_empty());
    }
}
