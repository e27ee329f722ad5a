//! Section 四: administrative review and litigation, fifteen numbers in one row.
//!
//! The header (行政复议, 行政诉讼, 结果维持, … in whatever order and however
//! split) is followed by one row of fifteen cells: three groups of
//! 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.

use crate::cells::CellKind;
use crate::error::{Error, ErrorKind, Section};
use crate::model::{Count, ReviewGroup, Reviews};

use super::labels::Expected;
use super::{Cells, Ctx, Fitted, GrammarError, PResult, counts, fail, fit, fit_columns, value_run};

/// The label under which errors about the row are reported.
pub(super) const ROW: Expected = Expected::row("行政复议、行政诉讼", "reviews");
/// Model paths of the three groups.
pub(super) const PATHS: [&str; 3] = [
    "reviews.administrative_review",
    "reviews.litigation_direct",
    "reviews.litigation_after_review",
];
/// Words of the header, one of which must precede the numbers
/// (a header split mid-word, `行政⏎复议`, still has `诉讼` or `复议` whole).
const HEADER_MARKS: [&str; 4] = ["复议", "诉讼", "维持", "审结"];
/// Cells in the row.
const COLUMNS: usize = 15;
/// The row's columns as errors name them.
const FIELDS: [&str; COLUMNS] = [
    "administrative_review.upheld",
    "administrative_review.corrected",
    "administrative_review.other",
    "administrative_review.pending",
    "administrative_review.total",
    "litigation_direct.upheld",
    "litigation_direct.corrected",
    "litigation_direct.other",
    "litigation_direct.pending",
    "litigation_direct.total",
    "litigation_after_review.upheld",
    "litigation_after_review.corrected",
    "litigation_after_review.other",
    "litigation_after_review.pending",
    "litigation_after_review.total",
];
/// Cells in a group.
const GROUP: usize = 5;

/// Parses the text of section 四 alone (its heading may be included).
///
/// ```
/// let text = "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\
///             1 0 0 1 2  0 0 0 0 0  0 0 0 0 0";
/// let r = xxgk::grammar::reviews::parse(text).unwrap();
/// assert_eq!(r.administrative_review.total, Some(2));
/// ```
pub fn parse(text: &str) -> Result<Reviews, Error> {
    super::parse_section(text, Section::Reviews, |input| {
        reviews(input, &mut Ctx::strict())
    })
}

/// The section 四 grammar: header labels, then the first run of cells that
/// holds a number.
pub(crate) fn reviews<'a>(input: Cells<'a>, ctx: &mut Ctx) -> PResult<'a, Reviews> {
    let cells = input.as_slice();
    let mut i = 0;
    let mut label_line = None;
    let mut header_seen = false;
    let mut all_blank = None;
    let mut groups = Vec::with_capacity(COLUMNS);
    while i < cells.len() {
        if cells[i].kind == CellKind::Label {
            label_line = Some(cells[i].line);
            header_seen = header_seen || HEADER_MARKS.iter().any(|m| cells[i].text.contains(m));
            i += 1;
            continue;
        }
        if !header_seen {
            // Numbers before any 行政复议/行政诉讼 header are not this table's.
            i += 1;
            continue;
        }
        let (rest, run) = value_run(
            input.advance(i),
            label_line.unwrap_or(cells[i].line.wrapping_sub(1)),
        );
        if run.iter().any(|c| c.kind != CellKind::Blank) {
            let whole = fit_columns(run, COLUMNS, &FIELDS, ROW, rest.here());
            match whole {
                // Columns the layout leaves in doubt stay unread (the
                // problem names them); the others are read.
                Ok(fitted)
                    if groups.is_empty()
                        && (fitted.unplaced.is_none()
                            || fitted.cells.iter().any(Option::is_some)) =>
                {
                    if let Some(e) = fitted.unplaced {
                        ctx.problem(e)?;
                    }
                    return Ok((rest, to_reviews(&fitted.cells, ctx)?));
                }
                _ => {
                    // The table split in three, a group of five each (its own header above it).
                    let group = fit(run, GROUP, ROW, rest.here());
                    match (group, whole.and_then(Fitted::whole)) {
                        (Ok(g), _) => groups.extend(g.into_iter().map(Some)),
                        (Err(_), Err(e)) if groups.is_empty() => return fail(e),
                        (Err(e), _) => return fail(e),
                    }
                    if groups.len() == COLUMNS {
                        return Ok((rest, to_reviews(&groups, ctx)?));
                    }
                }
            }
        }
        if run.len() == COLUMNS {
            all_blank = Some((rest, run));
        }
        i += run.len().max(1);
    }
    if let Some((rest, run)) = all_blank {
        // Fifteen blank cells and nothing else: a table left empty.
        let values = fit(run, COLUMNS, ROW, rest.here()).map_err(nom::Err::Failure)?;
        let values: Vec<_> = values.into_iter().map(Some).collect();
        return Ok((rest, to_reviews(&values, ctx)?));
    }
    fail(if header_seen {
        GrammarError::new(
            ErrorKind::CellCount,
            Some(ROW),
            format!("{COLUMNS} numbers"),
            format!("{}", groups.len()),
            input.here(),
        )
    } else {
        GrammarError::new(
            ErrorKind::MissingSection,
            None,
            "the table of section 四 (行政复议, 行政诉讼)",
            "no such table",
            input.here(),
        )
    })
}

/// The three groups from the fifteen cells (`None`: a column left unplaced).
fn to_reviews(
    values: &[Option<&crate::cells::Cell<'_>>],
    ctx: &mut Ctx,
) -> Result<Reviews, nom::Err<GrammarError>> {
    let c: [Option<Count>; COLUMNS] = counts(values, ROW, ctx)?;
    for (path, group) in PATHS.iter().zip(values.chunks(GROUP)) {
        let (fields, cells): (Vec<_>, Vec<_>) = ReviewGroup::FIELDS
            .iter()
            .zip(group)
            .filter_map(|(f, c)| c.map(|c| (*f, c)))
            .unzip();
        ctx.place(path, fields, &cells);
    }
    let group = |k: usize| ReviewGroup::from_cells([c[k], c[k + 1], c[k + 2], c[k + 3], c[k + 4]]);
    Ok(Reviews {
        administrative_review: group(0),
        litigation_direct: group(5),
        litigation_after_review: group(10),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_blanks_are_not_values() {
        let text = "\t行政复议\n\t行政诉讼\n\n\t结果维持\n\t总计\n\t未经复议直接起诉\n\t复议后起诉\n\n\t\n\t\n\t\n\n\t结果\n维持\n\t总计\n\n"
            .to_owned()
            + &(1..=15).map(|i| format!("\t{i}\n")).collect::<String>();
        let r = parse(&text).unwrap();
        assert_eq!(r.administrative_review.upheld, Some(1));
        assert_eq!(r.litigation_after_review.total, Some(15));
    }

    #[test]
    fn an_empty_table_is_all_null() {
        let text =
            "\t行政复议\n\t行政诉讼\n\n\t\n\t\n\n\t结果维持\n\n".to_owned() + &"\t\n".repeat(15);
        let r = parse(&text).unwrap();
        assert_eq!(r, Reviews::default());
    }

    #[test]
    fn numbers_without_the_header_are_not_the_table() {
        let err = parse("五、存在的主要问题\n1\n2\n").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingSection);
    }

    #[test]
    fn a_table_split_in_three() {
        let text = "### 行政复议\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| 27 | 10 | 9 | 15 | 61 |\n\
                    ### 行政诉讼（未经复议直接起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 3 | 0 | 0 | 0 | 3 |\n\
                    ### 行政诉讼（复议后起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 8 | 0 | 1 | 1 | 10 |\n";
        let r = parse(text).unwrap();
        assert_eq!(r.administrative_review.total, Some(61));
        assert_eq!(r.litigation_direct.upheld, Some(3));
        assert_eq!(r.litigation_after_review.pending, Some(1));
    }

    /// Sixteen fields, the first and last blank, fit the fifteen columns
    /// in two windows: the columns on which both agree are read (lenient),
    /// the two others unread, named by the problem; strict, it is an error.
    #[test]
    fn columns_in_doubt_are_named_and_the_others_read() {
        let text = "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\t"
            .to_owned()
            + &["0"; 14].join("\t")
            + "\t\n";
        let err = parse(&text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CellCount);
        let source = crate::normalize::normalize(&text);
        let stream = super::super::Stream::new(source.text());
        let mut ctx = Ctx::lenient();
        let (_, r) = super::super::run(reviews(stream.input(), &mut ctx)).unwrap();
        assert_eq!(r.administrative_review.upheld, None);
        assert_eq!(r.administrative_review.corrected, Some(0));
        assert_eq!(r.litigation_after_review.pending, Some(0));
        assert_eq!(r.litigation_after_review.total, None);
        let problems = ctx.take_problems();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].found.ends_with(
                "(they differ in administrative_review.upheld, litigation_after_review.total)"
            ),
            "{}",
            problems[0].found
        );
        assert_eq!(ctx.cells.len(), 13);
    }

    #[test]
    fn too_few_numbers() {
        let err = parse("行政复议\n1 2 3").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CellCount);
        assert_eq!(err.expected(), "15 numbers");
    }
}
