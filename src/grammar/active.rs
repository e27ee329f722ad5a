//! Section 二: the 主动公开 tables, one grammar per template edition.
//!
//! The edition is read from the tables themselves: their column headers
//! (本年制发件数 … in 2021; 本年新制作数量, 上一年项目数量, 第二十条第（九）项 …
//! in 2019). Rows follow in template order; item headings (第二十条第（X）项)
//! and column headers between them are confirmed and skipped.

use std::sync::LazyLock;

use crate::cells::{Cell, CellKind};
use crate::error::{Error, ErrorKind, Section};
use crate::model::{
    Active2019, Active2021, ActiveDisclosure, Decisions, Documents, Edition, FeeAmount, FeeItems,
    Items, Procurement, Publications,
};

use super::columns::Columns;
use super::labels::{Expected, is_exactly, match_label, push_key};
use super::{
    Cells, Ctx, GrammarError, PResult, amount, count, describe, fail, row, seek, signed, walk,
};

const fn e(text: &'static str) -> Expected {
    Expected::label(text)
}

const fn r(text: &'static str, path: &'static str) -> Expected {
    Expected::row(text, path)
}

/// Key fragments that only the 2021 tables print.
const MARKS_2021: [&str; 4] = [
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年收费金额",
];
/// Key fragments that only the 2019 tables print.
const MARKS_2019: [&str; 8] = [
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "第二十条第九项",
    "采购项目数量",
    "政府集中采购",
    "其他对外管理服务事项",
];

/// Labels that stand between rows: item headings and column headers of both editions.
const HEADERS: [Expected; 19] = [
    e("第二十条第(一)项"),
    e("第二十条第(五)项"),
    e("第二十条第(六)项"),
    e("第二十条第(八)项"),
    e("第二十条第(九)项"),
    e("信息内容"),
    e("本年制发件数"),
    e("本年废止件数"),
    e("现行有效件数"),
    e("本年处理决定数量"),
    e("本年收费金额(单位:万元)"),
    e("本年新制作数量"),
    e("本年新公开数量"),
    e("对外公开总数量"),
    e("上一年项目数量"),
    e("本年增/减"),
    e("处理决定数量"),
    e("采购项目数量"),
    e("采购总金额"),
];

/// How a column's cells are read.
#[derive(Clone, Copy)]
pub(super) enum Col {
    Count,
    Signed,
    Amount,
}

/// A row's columns: each one's model field and how its cells are read.
pub(super) type Cols = &'static [(&'static str, Col)];

const DOCS_2021: Cols = &[
    ("issued", Col::Count),
    ("repealed", Col::Count),
    ("in_force", Col::Count),
];
const DOCS_2019: Cols = &[
    ("made", Col::Count),
    ("published", Col::Count),
    ("total_published", Col::Count),
];
const DECISIONS: Cols = &[("decisions", Col::Count)];
const ITEMS: Cols = &[
    ("prior_year", Col::Count),
    ("change", Col::Signed),
    ("decisions", Col::Count),
];

pub(super) const ROWS_2021: [(Expected, Cols); 6] = [
    (r("规章", "active_disclosure.regulations"), DOCS_2021),
    (
        r("行政规范性文件", "active_disclosure.normative_documents"),
        DOCS_2021,
    ),
    (r("行政许可", "active_disclosure.licensing"), DECISIONS),
    (r("行政处罚", "active_disclosure.penalties"), DECISIONS),
    (
        r("行政强制", "active_disclosure.coercive_measures"),
        DECISIONS,
    ),
    (
        r("行政事业性收费", "active_disclosure.fees"),
        &[("amount", Col::Amount)],
    ),
];

pub(super) const ROWS_2019: [(Expected, Cols); 8] = [
    (r("规章", "active_disclosure.regulations"), DOCS_2019),
    (
        r("规范性文件", "active_disclosure.normative_documents"),
        DOCS_2019,
    ),
    (r("行政许可", "active_disclosure.licensing"), ITEMS),
    (
        r("其他对外管理服务事项", "active_disclosure.other_services"),
        ITEMS,
    ),
    (r("行政处罚", "active_disclosure.penalties"), ITEMS),
    (r("行政强制", "active_disclosure.coercive_measures"), ITEMS),
    (
        r("行政事业性收费", "active_disclosure.fees"),
        &[("prior_year", Col::Count), ("change", Col::Signed)],
    ),
    (
        r("政府集中采购", "active_disclosure.procurement"),
        &[("items", Col::Count), ("amount", Col::Amount)],
    ),
];

/// The table (第二十条第（X）项) of each row of [`ROWS_2021`]: rows of one
/// table share its columns.
const TABLES_2021: [u8; 6] = [0, 0, 1, 2, 2, 3];
/// The table of each row of [`ROWS_2019`].
const TABLES_2019: [u8; 8] = [0, 0, 1, 1, 2, 2, 3, 4];

/// A cell read by its column.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Value {
    pub(super) count: Option<u64>,
    pub(super) signed: Option<i64>,
    pub(super) amount: Option<crate::model::Amount>,
}

/// Parses the text of section 二 alone (its heading may be included).
///
/// ```
/// let text = "第二十条第(一)项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n\
///             规章 0 0 0\n行政规范性文件 1 1 8\n第二十条第(五)项\n信息内容 本年处理决定数量\n\
///             行政许可 5\n第二十条第(六)项\n行政处罚 3\n行政强制 0\n\
///             第二十条第(八)项\n信息内容 本年收费金额(单位:万元)\n行政事业性收费 1.25\n";
/// let a = xxgk::grammar::active::parse(text).unwrap();
/// assert_eq!(a.edition(), xxgk::model::Edition::V2021);
/// ```
pub fn parse(text: &str) -> Result<ActiveDisclosure, Error> {
    super::parse_section(
        text,
        Section::ActiveDisclosure,
        |input| match detect_edition(input.as_slice()) {
            Some(edition) => active(input, edition, &mut Ctx::strict()),
            None => fail(undetected(input)),
        },
    )
}

/// The edition the section 二 tables follow, by their distinctive labels.
pub(crate) fn detect_edition(cells: &[Cell<'_>]) -> Option<Edition> {
    let mut all = String::new();
    for c in cells {
        if c.kind == CellKind::Label && c.text.chars().count() <= 40 {
            push_key(&mut all, c.text);
        }
    }
    edition_of_key(&all)
}

/// The edition whose distinctive labels a text's key (see
/// [`key`](super::labels::key)) holds more of.
pub(crate) fn edition_of_key(all: &str) -> Option<Edition> {
    use memchr::memmem::Finder;
    /// The marks' searchers, built once per process (building one costs
    /// more than a search through a section's key).
    static FINDERS: LazyLock<[Vec<Finder<'static>>; 2]> = LazyLock::new(|| {
        [&MARKS_2021[..], &MARKS_2019[..]].map(|marks| marks.iter().map(Finder::new).collect())
    });
    let votes = |finders: &[Finder<'_>]| {
        finders
            .iter()
            .filter(|f| f.find(all.as_bytes()).is_some())
            .count()
    };
    let (v2021, v2019) = (votes(&FINDERS[0]), votes(&FINDERS[1]));
    match v2021.cmp(&v2019) {
        std::cmp::Ordering::Greater => Some(Edition::V2021),
        std::cmp::Ordering::Less => Some(Edition::V2019),
        std::cmp::Ordering::Equal => None,
    }
}

/// The error when section 二 shows no edition.
pub(crate) fn undetected(input: Cells<'_>) -> GrammarError {
    GrammarError::new(
        ErrorKind::UnsupportedTemplate,
        None,
        "the column headers of the 2019 or 2021 template (本年制发件数 or 本年新制作数量)",
        "neither",
        input.here(),
    )
}

/// The section 二 grammar for a known edition.
pub(crate) fn active<'a>(
    input: Cells<'a>,
    edition: Edition,
    ctx: &mut Ctx,
) -> PResult<'a, ActiveDisclosure> {
    let (spec, tables): (&[(Expected, Cols)], &[u8]) = match edition {
        Edition::V2021 => (&ROWS_2021, &TABLES_2021),
        Edition::V2019 => (&ROWS_2019, &TABLES_2019),
    };
    let (rest, v) = rows(input, spec, tables, ctx)?;
    Ok((rest, assemble(edition, &v)))
}

/// The rows of an edition's spec (`ROWS_2021` or `ROWS_2019`), read, as the model.
pub(super) fn assemble(edition: Edition, v: &[Vec<Value>]) -> ActiveDisclosure {
    match edition {
        Edition::V2021 => {
            let docs = |r: &[Value]| Documents {
                issued: r[0].count,
                repealed: r[1].count,
                in_force: r[2].count,
            };
            let decisions = |r: &[Value]| Decisions {
                decisions: r[0].count,
            };
            ActiveDisclosure::V2021(Active2021 {
                regulations: docs(&v[0]),
                normative_documents: docs(&v[1]),
                licensing: decisions(&v[2]),
                penalties: decisions(&v[3]),
                coercive_measures: decisions(&v[4]),
                fees: FeeAmount {
                    amount: v[5][0].amount,
                },
            })
        }
        Edition::V2019 => {
            let docs = |r: &[Value]| Publications {
                made: r[0].count,
                published: r[1].count,
                total_published: r[2].count,
            };
            let items = |r: &[Value]| Items {
                prior_year: r[0].count,
                change: r[1].signed,
                decisions: r[2].count,
            };
            ActiveDisclosure::V2019(Active2019 {
                regulations: docs(&v[0]),
                normative_documents: docs(&v[1]),
                licensing: items(&v[2]),
                other_services: items(&v[3]),
                penalties: items(&v[4]),
                coercive_measures: items(&v[5]),
                fees: FeeItems {
                    prior_year: v[6][0].count,
                    change: v[6][1].signed,
                },
                procurement: Procurement {
                    items: v[7][0].count,
                    amount: v[7][1].amount,
                },
            })
        }
    }
}

/// The rows of one edition, in order, with headers skipped between them;
/// `tables[i]` is the table of row `i`. A row's values are `None` where
/// null (and, in lenient mode, where unread or in doubt).
fn rows<'a>(
    input: Cells<'a>,
    spec: &[(Expected, Cols)],
    tables: &[u8],
    ctx: &mut Ctx,
) -> PResult<'a, Vec<Vec<Value>>> {
    let labels: Vec<Expected> = spec.iter().map(|(e, _)| *e).collect();
    // Where each table's heading (第二十条第（一）项 …) stands, if printed
    // as the template prints it: the tables' bounds, whatever their rows'
    // labels (a lost label's piece, `政处`, ends no table).
    let headings = headings(input, tables.last().map_or(0, |&t| usize::from(t) + 1));
    // (A report may leave its first rows out: no 规章 row.)
    let input = seek(input, &labels)?;
    let fields = |i: usize| spec[i].1.iter().map(|(f, _)| *f);
    // The columns of the table being read: from where its first row is
    // looked for to the first row of a later table.
    let mut columns: Option<(u8, Columns<'a, '_>)> = None;
    let (rest, mut out) = walk(
        input,
        &labels,
        &HEADERS,
        ctx,
        fields,
        |input, i, ctx| {
            let (expected, cols) = spec[i];
            if columns.as_ref().is_none_or(|(t, _)| *t != tables[i]) {
                let t = usize::from(tables[i]);
                let first = tables.iter().position(|&u| u == tables[i]).unwrap_or(i);
                let later = tables
                    .iter()
                    .position(|&u| u > tables[i])
                    .unwrap_or(spec.len());
                // From its heading (or where its row is first looked for)
                // to the next table's heading (or the first label that
                // reads as a later table's row and none of its own).
                let scope = headings[t].map_or(input, |(at, _)| at);
                let next = headings[t + 1..].iter().flatten().next();
                columns = Some((
                    tables[i],
                    match next {
                        Some(&(_, end)) if end > scope.offset() => {
                            Columns::new(scope.range(0..end - scope.offset()), cols.len(), &[], &[])
                        }
                        _ => {
                            Columns::new(scope, cols.len(), &labels[later..], &labels[first..later])
                        }
                    },
                ));
            }
            let table = columns.as_ref().map(|(_, c)| c);
            let input = skip_headers(input, expected);
            let names: Vec<&str> = cols.iter().map(|(f, _)| *f).collect();
            let (rest, fitted) = match row(input, expected, cols.len(), &names, table) {
                Ok(ok) => ok,
                Err(nom::Err::Error(e)) => {
                    return fail(deviation(input, expected, &spec[i + 1..], e));
                }
                Err(other) => return Err(other),
            };
            // Columns the layout leaves in doubt stay null (unread), the
            // others are read.
            if let Some(e) = fitted.unplaced.clone() {
                ctx.problem(e)?;
            }
            Ok((rest, values(fitted.cells.iter().copied(), spec[i], ctx)?))
        },
        // A row placed by order: columns the layout leaves in doubt (a
        // lost label's empty field before its numbers) stay null, unread,
        // the problem recorded; the others are read.
        |fitted, i, ctx| {
            if let Some(e) = fitted.unplaced.clone() {
                ctx.problem(e)?;
            }
            values(fitted.cells.iter().copied(), spec[i], ctx)
        },
    )?;
    // Rows left unread (lenient mode) are all null.
    for (values, (_, cols)) in out.iter_mut().zip(spec) {
        values.resize(cols.len(), Value::default());
    }
    Ok((rest, out))
}

/// Where the headings of the first `n` tables (第二十条第（一）项 …,
/// [`HEADERS`]) stand in `input`, printed as the template prints them: the
/// cells from each, and its index among the stream's cells.
fn headings(input: Cells<'_>, n: usize) -> Vec<Option<(Cells<'_>, usize)>> {
    let mut out = vec![None; n];
    for i in 0..input.len() {
        let at = input.advance(i);
        if !at.first().is_some_and(|c| c.text.starts_with('第')) {
            continue;
        }
        if let Some(t) = (0..n).find(|&t| out[t].is_none() && is_exactly(at, HEADERS[t])) {
            out[t] = Some((at, at.offset()));
        }
    }
    out
}

/// A row's cells read by their columns (a cell that is not a number of its
/// column is null, the problem recorded; `None`, a column left unplaced,
/// is null).
fn values<'c, 'a: 'c>(
    cells: impl IntoIterator<Item = Option<&'c Cell<'a>>>,
    (expected, cols): (Expected, Cols),
    ctx: &mut Ctx,
) -> Result<Vec<Value>, nom::Err<GrammarError>> {
    let mut values = vec![Value::default(); cols.len()];
    for ((cell, (field, col)), v) in cells.into_iter().zip(cols.iter()).zip(values.iter_mut()) {
        // (`None`: a column left unplaced, null.)
        let Some(cell) = cell else { continue };
        let read = match col {
            Col::Count => count(cell, expected).map(|c| v.count = c),
            Col::Signed => signed(cell, expected).map(|c| v.signed = c),
            Col::Amount => amount(cell, expected).map(|c| v.amount = c),
        };
        if let Err(e) = read {
            ctx.problem(e)?;
        }
        ctx.place(expected.path, [*field], &[cell]);
    }
    Ok(values)
}

/// Skips item headings, column headers and blank cells before the row
/// `expected`. The template's order comes first: where the row's own label
/// stands, nothing is tried against the headers.
fn skip_headers(mut input: Cells<'_>, expected: Expected) -> Cells<'_> {
    loop {
        input = super::blanks(input);
        if match_label(input, expected).is_some() {
            return input;
        }
        // A header printed as the template prints it: no header is the
        // start of another, so no longer match can beat it.
        if HEADERS.iter().any(|h| is_exactly(input, *h)) {
            input = input.advance(1);
            continue;
        }
        let best = HEADERS
            .iter()
            .filter_map(|h| match_label(input, *h))
            .max_by(|a, b| {
                (a.score, a.cells)
                    .partial_cmp(&(b.score, b.cells))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        match best {
            Some(m) => input = input.advance(m.cells),
            None => return input,
        }
    }
}

/// Explains why `expected` is not at the head of `input`.
fn deviation(
    input: Cells<'_>,
    expected: Expected,
    later: &[(Expected, Cols)],
    e: GrammarError,
) -> GrammarError {
    let Some(cell) = input.first() else { return e };
    let (kind, found) = match later.iter().find(|(r, _)| match_label(input, *r).is_some()) {
        Some((other, _)) => (
            ErrorKind::MissingRow,
            format!("«{}», the label of row {}", cell.text, other.text),
        ),
        None if cell.kind == CellKind::Label => (
            ErrorKind::UnexpectedLabel,
            format!("«{}», which is not a row of the template", cell.text),
        ),
        None => (ErrorKind::CellCount, describe(Some(cell))),
    };
    GrammarError::new(
        kind,
        Some(expected),
        format!("the label «{}»", expected.text),
        found,
        cell.span,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::labels::key;

    #[test]
    fn no_header_starts_another() {
        for a in HEADERS {
            for b in HEADERS {
                let (ka, kb) = (key(a.text), key(b.text));
                assert!(
                    a == b || !kb.starts_with(&ka),
                    "{} starts {}",
                    a.text,
                    b.text
                );
            }
        }
    }

    const Y2019: &str = "第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n\
        规章\t1\t2\t3\n规范性文件\t4\t5\t6\n第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n\
        行政许可\t10\t-2\t7\n其他对外管理服务事项\t1\t0\t1\n第二十条第（六）项\n行政处罚\t5\t+1\t9\n行政强制\t0\t0\t0\n\
        第二十条第（八）项\n信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t3\t-1\n\
        第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t6\t25.1\n";

    #[test]
    fn edition_2019() {
        let a = parse(Y2019).unwrap();
        let ActiveDisclosure::V2019(a) = a else {
            panic!("wrong edition")
        };
        assert_eq!(a.licensing.change, Some(-2));
        assert_eq!(a.penalties.change, Some(1));
        assert_eq!(a.fees.change, Some(-1));
        assert_eq!(a.procurement.amount, Some("25.1".parse().unwrap()));
    }

    #[test]
    fn a_negative_count_is_invalid() {
        let err = parse(&Y2019.replace("规章\t1", "规章\t-1")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidNumber);
        assert_eq!(err.row(), Some("规章"));
    }

    #[test]
    fn no_headers_no_edition() {
        let err = parse("规章 0 0 0").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedTemplate);
    }
}
