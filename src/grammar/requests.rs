//! Section 三: the request matrix (both editions).
//!
//! The grammar walks the template's rows in order. Group labels
//! (`三、本年度办理结果`, `（三）不予公开`, …) may stand anywhere before their
//! rows and are confirmed, not required. `（六）其他处理` is read as printed:
//! followed by numbers it is one row; followed by `1.申请人无正当理由…` it is
//! itemized.

use crate::cells::CellKind;
use crate::error::{Error, ErrorKind, Section};
use crate::model::{Count, OtherDisposal, OtherDisposalItems, RequestMatrix, Row};

use super::columns::Columns;
use super::labels::{Expected, match_label, template_label};
use super::{
    Cells, Ctx, Fitted, GrammarError, PResult, blanks, counts, describe, fail, label_missing,
    row_after_label, seek, walk,
};

const fn e(text: &'static str) -> Expected {
    Expected::label(text)
}

const fn r(text: &'static str, path: &'static str) -> Expected {
    Expected::row(text, path)
}

/// The matrix rows before （六）, in template order.
pub(super) const ROWS_BEFORE_OTHER: [Expected; 20] = [
    r("一、本年新收政府信息公开申请数量", "requests.new_requests"),
    r("二、上年结转政府信息公开申请数量", "requests.carried_over"),
    r("(一)予以公开", "requests.granted"),
    r(
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        "requests.partially_granted",
    ),
    r("1.属于国家秘密", "requests.denied.state_secret"),
    r(
        "2.其他法律行政法规禁止公开",
        "requests.denied.prohibited_by_law",
    ),
    r("3.危及“三安全一稳定”", "requests.denied.security_stability"),
    r("4.保护第三方合法权益", "requests.denied.third_party_rights"),
    r("5.属于三类内部事务信息", "requests.denied.internal_affairs"),
    r(
        "6.属于四类过程性信息",
        "requests.denied.process_information",
    ),
    r(
        "7.属于行政执法案卷",
        "requests.denied.law_enforcement_files",
    ),
    r("8.属于行政查询事项", "requests.denied.administrative_query"),
    r(
        "1.本机关不掌握相关政府信息",
        "requests.unavailable.not_held",
    ),
    r(
        "2.没有现成信息需要另行制作",
        "requests.unavailable.needs_creation",
    ),
    r(
        "3.补正后申请内容仍不明确",
        "requests.unavailable.unclear_after_amendment",
    ),
    r("1.信访举报投诉类申请", "requests.not_processed.complaint"),
    r("2.重复申请", "requests.not_processed.repeated"),
    r("3.要求提供公开出版物", "requests.not_processed.publication"),
    r(
        "4.无正当理由大量反复申请",
        "requests.not_processed.excessive",
    ),
    r(
        "5.要求行政机关确认或重新出具已获取信息",
        "requests.not_processed.confirmation",
    ),
];

/// （六）其他处理, as a row or as the group of the 2021 items.
const OTHER_DISPOSAL: Expected = r("(六)其他处理", "requests.other_disposal");

/// The 2021 items of （六）其他处理.
pub(super) const OTHER_ITEMS: [Expected; 3] = [
    r(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "requests.other_disposal.no_amendment",
    ),
    r(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "requests.other_disposal.unpaid_fee",
    ),
    r("3.其他", "requests.other_disposal.other"),
];

/// The rows after （六）.
const ROWS_AFTER_OTHER: [Expected; 2] = [
    r("(七)总计", "requests.total"),
    r("四、结转下年度继续办理", "requests.carried_forward"),
];

/// Group labels, which confirm the structure but carry no numbers.
const GROUPS: [Expected; 4] = [
    e("三、本年度办理结果"),
    e("(三)不予公开"),
    e("(四)无法提供"),
    e("(五)不予处理"),
];

/// Every row label, in template order (for telling a missing row from an unknown label).
fn all_rows() -> impl Iterator<Item = Expected> {
    ROWS_BEFORE_OTHER
        .into_iter()
        .chain(std::iter::once(OTHER_DISPOSAL))
        .chain(OTHER_ITEMS)
        .chain(ROWS_AFTER_OTHER)
}

/// Parses the text of section 三 alone (its heading may be included).
///
/// ```
/// let text = "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n\
///             二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n\
///             (一)予以公开 3 0 0 0 0 0 3\n";
/// let err = xxgk::grammar::requests::parse(text).unwrap_err();
/// assert_eq!(err.kind(), xxgk::ErrorKind::MissingRow);
/// assert!(err.to_string().starts_with("section 三, row (二)部分公开"));
/// ```
pub fn parse(text: &str) -> Result<RequestMatrix, Error> {
    super::parse_section(text, Section::Requests, |input| {
        matrix(input, &mut Ctx::strict())
    })
}

/// The matrix grammar.
pub(crate) fn matrix<'a>(input: Cells<'a>, ctx: &mut Ctx) -> PResult<'a, RequestMatrix> {
    // Everything before the first row is column headers.
    let input = seek(input, &ROWS_BEFORE_OTHER[..1])?;
    // （六）其他处理 is itemized where its first items are printed.
    let itemized = is_itemized(input);
    let specs = specs(itemized);
    // Labels of the table that are no row: a piece of one names no row (nor
    // does a column header printed again, `总计` among them).
    let mut others = GROUPS.to_vec();
    if itemized {
        others.push(OTHER_DISPOSAL);
    }
    others.extend(HEADERS);
    // One table: its short rows are placed by the columns of all its rows.
    let columns = Columns::new(input, Row::COLUMNS, &[], &[]);
    let (rest, rows) = walk(
        input,
        &specs,
        &others,
        ctx,
        |_| Row::FIELDS,
        |at, i, ctx| matrix_row(at, specs[i], ctx, &columns),
        |fitted, i, ctx| row_values(&fitted, specs[i], ctx),
    )?;
    Ok((rest, assemble(&rows, itemized)))
}

/// The matrix's rows in template order, （六） itemized or one row.
pub(super) fn specs(itemized: bool) -> Vec<Expected> {
    let mut specs = Vec::with_capacity(25);
    specs.extend(ROWS_BEFORE_OTHER);
    if itemized {
        specs.extend(OTHER_ITEMS);
    } else {
        specs.push(OTHER_DISPOSAL);
    }
    specs.extend(ROWS_AFTER_OTHER);
    specs
}

/// The matrix from its rows, read in the order of [`specs`].
pub(super) fn assemble(rows: &[Row], itemized: bool) -> RequestMatrix {
    let mut before = [Row::default(); 20];
    before.copy_from_slice(&rows[..20]);
    let other = if itemized {
        OtherDisposal::Itemized(OtherDisposalItems {
            no_amendment: rows[20],
            unpaid_fee: rows[21],
            other: rows[22],
        })
    } else {
        OtherDisposal::Single(rows[20])
    };
    let n = rows.len();
    RequestMatrix::from_rows(before, other, rows[n - 2], rows[n - 1])
}

/// Whether the 2021 items of （六）其他处理 are printed (their first two
/// labels are long and distinctive).
fn is_itemized(input: Cells<'_>) -> bool {
    (0..input.len())
        .any(|i| super::labels::match_any(input.advance(i), &OTHER_ITEMS[..2]).is_some())
}

/// Whether the cells hold the matrix's first row anywhere.
pub(crate) fn has_matrix(input: Cells<'_>) -> bool {
    seek(input, &ROWS_BEFORE_OTHER[..1]).is_ok()
}

/// Column headers, which may stand again inside the matrix (or in place of
/// lost ones: 数据1 … 数据6) and carry no numbers.
const HEADERS: [Expected; 14] = [
    e("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"),
    e("申请人情况"),
    e("自然人"),
    e("法人或其他组织"),
    e("商业企业"),
    e("科研机构"),
    e("社会公益组织"),
    e("法律服务机构"),
    e("其他"),
    e("总计"),
    e("类别"),
    e("项目"),
    e("数量"),
    e("数据"),
];

/// How many cells of structure (group labels, column headers, a header
/// line) stand at the head of the input.
fn structure(at: Cells<'_>) -> Option<usize> {
    if let Some(m) = GROUPS.iter().find_map(|g| match_label(at, *g)) {
        return Some(m.cells);
    }
    if is_group_fragment(at) {
        return Some(1);
    }
    if let Some(len) = super::header_line(at) {
        return Some(len);
    }
    let unnumbered = at.label(0).is_some_and(|l| l.ordinal.is_none());
    if unnumbered {
        return HEADERS
            .iter()
            .find_map(|h| match_label(at, *h))
            .map(|m| m.cells);
    }
    None
}

/// One row of the matrix, after any group labels and column headers.
fn matrix_row<'a>(
    mut input: Cells<'a>,
    expected: Expected,
    ctx: &mut Ctx,
    columns: &Columns<'a, '_>,
) -> PResult<'a, Row> {
    let mut title = None;
    loop {
        let at = blanks(input);
        let Some(m) = match_label(at, expected) else {
            if let Some(n) = structure(at) {
                input = at.advance(n);
                continue;
            }
            return fail(
                title.unwrap_or_else(|| deviation(at, expected, label_missing(at, expected))),
            );
        };
        match row_after_label(at, m, expected, Row::COLUMNS, &Row::FIELDS, Some(columns)) {
            Ok((rest, fitted)) => return Ok((rest, row_values(&fitted, expected, ctx)?)),
            Err(nom::Err::Error(e)) => {
                // The row's label as a title over its table.
                title.get_or_insert(e);
                input = at.advance(m.cells);
            }
            Err(other) => return Err(other),
        }
    }
}

/// A row's cells fitted to its columns, read. Columns the layout leaves in
/// doubt stay null (unread, the problem recorded), the others are read.
fn row_values(
    fitted: &Fitted<'_>,
    expected: Expected,
    ctx: &mut Ctx,
) -> Result<Row, nom::Err<GrammarError>> {
    if let Some(e) = &fitted.unplaced {
        ctx.problem(e.clone())?;
    }
    let c: [Option<Count>; 7] = counts(&fitted.cells, expected, ctx)?;
    let (fields, cells) = fitted.placed(&Row::FIELDS);
    ctx.place(expected.path, fields, &cells);
    Ok(Row::from_cells(c))
}

/// Whether the head of `at` is a piece of a group label printed over several
/// lines (`（三）不` + `予公开`) or one character a line (`三、`, `本`, `年`,
/// … of 三、本年度办理结果).
fn is_group_fragment(at: Cells<'_>) -> bool {
    let Some(piece) = at.label(0) else {
        return false;
    };
    if piece.key.is_empty() && piece.ordinal.is_none() {
        return false;
    }
    GROUPS.iter().chain([&OTHER_DISPOSAL]).any(|g| {
        let group = template_label(g.text);
        piece.ordinal.is_none_or(|o| Some(o) == group.ordinal) && group.key.contains(&piece.key)
    })
}

/// Explains why `expected` is not at the head of `at`.
fn deviation(at: Cells<'_>, expected: Expected, e: GrammarError) -> GrammarError {
    let Some(cell) = at.first() else { return e };
    if cell.kind != CellKind::Label {
        return GrammarError::new(
            ErrorKind::CellCount,
            Some(expected),
            format!("the label «{}»", expected.text),
            describe(Some(cell)),
            cell.span,
        );
    }
    match all_rows().find(|r| *r != expected && match_label(at, *r).is_some()) {
        Some(other) => GrammarError::new(
            ErrorKind::MissingRow,
            Some(expected),
            format!("the label «{}»", expected.text),
            format!("«{}», the label of row {}", cell.text, other.text),
            cell.span,
        ),
        None => GrammarError::new(
            ErrorKind::UnexpectedLabel,
            Some(expected),
            format!("the label «{}»", expected.text),
            format!("«{}», which is not a row of the template", cell.text),
            cell.span,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn rows(other: &str) -> String {
        let mut s = String::new();
        for (i, r) in ROWS_BEFORE_OTHER.iter().enumerate() {
            s.push_str(&format!("{}\t{i}\t0\t0\t0\t0\t0\t{i}\n", r.text));
        }
        s.push_str(other);
        s.push_str("(七)总计\t1\t0\t0\t0\t0\t0\t1\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n");
        s
    }

    #[test]
    fn single_and_itemized_other_disposal() {
        let m = parse(&rows("(六)其他处理\t2\t0\t0\t0\t0\t0\t2\n")).unwrap();
        assert_eq!(
            m.other_disposal,
            OtherDisposal::Single(Row::from_cells([
                Some(2),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(2)
            ]))
        );
        assert_eq!(m.denied.state_secret.total, Some(4));
        let m = parse(&rows("(六)其他处理\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n3.其他\t3\t0\t0\t0\t0\t0\t3\n")).unwrap();
        match m.other_disposal {
            OtherDisposal::Itemized(items) => assert_eq!(items.other.total, Some(3)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_short_row_is_an_error_naming_it() {
        let text = rows("(六)其他处理\t2\t0\t0\t0\t0\t0\t2\n").replace(
            "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1",
            "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t1",
        );
        let err = parse(&text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CellCount);
        assert_eq!(
            err.to_string(),
            "section 三, row 二、上年结转政府信息公开申请数量: expected 7 numbers, found 5 (line 2, column 18)"
        );
    }

    #[test]
    fn a_row_left_out_is_blank_and_an_unknown_label_is_named() {
        let text = rows("(六)其他处理\t2\t0\t0\t0\t0\t0\t2\n");
        let without: String = text
            .lines()
            .filter(|l| !l.starts_with("2.重复申请"))
            .map(|l| format!("{l}\n"))
            .collect();
        let m = parse(&without).unwrap();
        assert_eq!(m.not_processed.repeated, Row::default());
        assert_eq!(m.not_processed.complaint.total, Some(15));
        // Printed with its label and no numbers: blank too.
        let empty = text.replace("2.重复申请\t16\t0\t0\t0\t0\t0\t16", "2.重复申请");
        assert_eq!(parse(&empty).unwrap(), m);
        // Every label, then every number: nothing is blank.
        let apart: String = text
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_owned() + "\n")
            .chain(
                text.lines()
                    .flat_map(|l| l.split('\t').skip(1).map(|n| n.to_owned() + "\n")),
            )
            .collect();
        assert!(parse(&apart).is_err());
        // A label set out of place (before rows it does not belong to) is
        // passed over: the rows stand with their numbers further on.
        let stray = text.replace(
            "1.信访举报投诉类申请",
            "三、本年度办理结果\n5.要求行政机关确认或重新出具\n1.信访举报投诉类申请",
        );
        assert_eq!(parse(&stray).unwrap(), parse(&text).unwrap());
        // A label that reads as no row, where the template has one row
        // between two that read: that row, by order (see `order`).
        let unknown = text.replace("2.重复申请", "2.某种新情形");
        assert_eq!(parse(&unknown).unwrap(), parse(&text).unwrap());
        // A row the template does not have: an error that names it.
        let extra = text.replace(
            "3.要求提供公开出版物",
            "2.某种新情形\t1\t0\t0\t0\t0\t0\t1\n3.要求提供公开出版物",
        );
        let err = parse(&extra).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnexpectedLabel);
        assert!(err.found().contains("某种新情形"), "{err}");
    }
}
