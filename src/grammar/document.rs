//! The whole report: sections found by their headings, each read by its grammar.
//!
//! Headings are label cells that open a line and match a section title in
//! its usual variants (numbered `二、` or not, `#` markdown, full- or
//! half-width punctuation), in increasing order. Where a table section's
//! heading is missing, its table is found by its own first rows.

use std::ops::Range;

use crate::Span;
use crate::cells::{Cell, CellKind};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::{Error, ErrorKind, Section};
use crate::model::{ActiveDisclosure, CellNote, Edition, Narrative, Report, TextSection};
use crate::source::Source;

use super::labels::{Label, OrdinalKind, similar, template_label};
use super::{Cells, Ctx, GrammarError, Placed, Stream, active, meta, requests, reviews, run};

/// Section titles, in order, with their usual variants.
const HEADINGS: [(Section, &[&str]); 6] = [
    (Section::Overview, &["总体情况"]),
    (Section::ActiveDisclosure, &["主动公开政府信息情况"]),
    (Section::Requests, &["收到和处理政府信息公开申请情况"]),
    (
        Section::Reviews,
        &[
            "政府信息公开行政复议行政诉讼情况",
            "因政府信息公开工作被申请行政复议提起行政诉讼情况",
        ],
    ),
    (
        Section::Problems,
        &[
            "存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
        ],
    ),
    (Section::OtherMatters, &["其他需要报告的事项"]),
];
/// Score a numbered heading needs.
const NUMBERED_THRESHOLD: f32 = 0.6;
/// Score an unnumbered heading needs.
const PLAIN_THRESHOLD: f32 = 0.88;
/// Longest heading, in characters.
const MAX_HEADING_CHARS: usize = 40;

/// Whether `cell` can be a heading at all: a label that opens its line (or
/// stands on a flattened one, where sections run on), no
/// longer than a heading, and not a sentence (text with a comma or a full
/// stop is prose that happens to name a section).
fn may_be_heading(cell: &Cell<'_>) -> bool {
    cell.kind == CellKind::Label
        && (cell.line_start || cell.flat)
        // (Characters are counted only where the bytes leave it open.)
        && (cell.text.len() <= MAX_HEADING_CHARS
            || (cell.text.len() <= 4 * MAX_HEADING_CHARS
                && cell.text.chars().count() <= MAX_HEADING_CHARS))
        && !cell.text.contains([',', '。', ';'])
}

/// Whether a cell read as `label` (past any markdown marks) is the heading
/// of section number `n` (1-based).
fn is_heading(label: &Label, n: usize) -> bool {
    let threshold = match label.ordinal {
        // 二、…: the template's own numbering.
        Some(o) if usize::from(o.n) == n && o.kind == OrdinalKind::Numeral => NUMBERED_THRESHOLD,
        // （二）…: renumbered, so the title must match closely.
        Some(o) if usize::from(o.n) == n && o.kind == OrdinalKind::Bracketed => PLAIN_THRESHOLD,
        // `2.…` numbers the sub-items of section 一, and other numbers other things.
        Some(_) => return false,
        None => PLAIN_THRESHOLD,
    };
    HEADINGS[n - 1]
        .1
        .iter()
        .any(|v| similar(template_label(v), &label.key, threshold))
}

/// Index of each section's heading cell, where found.
fn find_headings(input: Cells<'_>) -> [Option<usize>; 6] {
    let mut found = [None; 6];
    let mut next = 1;
    for (i, cell) in input.as_slice().iter().enumerate() {
        if !may_be_heading(cell) {
            continue;
        }
        let Some(label) = input.label(i) else {
            continue;
        };
        if let Some(n) = (next..=6).find(|&n| is_heading(label, n)) {
            found[n - 1] = Some(i);
            next = n + 1;
            if next > 6 {
                break;
            }
        }
    }
    found
}

/// The cells of section `n` (1-based): after its heading, up to the next heading found.
fn region(headings: &[Option<usize>; 6], n: usize, len: usize) -> Option<Range<usize>> {
    let start = headings[n - 1]? + 1;
    Some(start..next_heading(headings, n, len))
}

/// The cells between the nearest found headings around section `n`, for a
/// section whose own heading is missing.
fn neighbourhood(headings: &[Option<usize>; 6], n: usize, len: usize) -> Range<usize> {
    let start = headings[..n - 1]
        .iter()
        .flatten()
        .last()
        .map_or(0, |&i| i + 1);
    start..next_heading(headings, n, len)
}

/// The index of the first heading found after section `n`, or `default`.
fn next_heading(headings: &[Option<usize>; 6], n: usize, default: usize) -> usize {
    headings[n..]
        .iter()
        .flatten()
        .next()
        .copied()
        .unwrap_or(default)
}

/// The input of a table section: after its heading, or else the
/// neighbourhood where its table must stand.
fn table_region<'c>(all: Cells<'c>, headings: &[Option<usize>; 6], n: usize) -> Cells<'c> {
    let len = all.len();
    all.range(region(headings, n, len).unwrap_or_else(|| neighbourhood(headings, n, len)))
}

/// The grammar input of section `n`, if its heading was found.
fn region_input<'c>(all: Cells<'c>, headings: &[Option<usize>; 6], n: usize) -> Option<Cells<'c>> {
    region(headings, n, all.len()).map(|r| all.range(r))
}

/// The verbatim text of a free-text section.
fn text_section(
    source: &Source<'_>,
    cells: &[Cell<'_>],
    headings: &[Option<usize>; 6],
    n: usize,
) -> Option<TextSection> {
    let h = headings[n - 1]?;
    let heading = &cells[h];
    // The body starts on the next line, or right after a heading that runs
    // on in a flattened line, and ends where the next heading's line (or the
    // next heading, in a flattened line) starts.
    let body_start = if heading.flat {
        heading.span.end
    } else {
        source.text()[heading.span.end..]
            .find('\n')
            .map_or(source.text().len(), |i| heading.span.end + i + 1)
    };
    let body_end = headings[n..]
        .iter()
        .flatten()
        .next()
        .map_or(source.text().len(), |&j| match &cells[j] {
            next if next.flat && !next.line_start => next.span.start,
            next => line_start(source.text(), next.span.start),
        });
    let body = source.original_span(Span::new(body_start, body_end.max(body_start)));
    let original = source.original();
    let raw = &original[body.start..body.end];
    let lead = raw.len() - raw.trim_start().len();
    let text = raw.trim();
    let heading_span = source.original_span(heading.span);
    Some(TextSection {
        heading: original[heading_span.start..heading_span.end]
            .trim()
            .trim_start_matches(['#', '*'])
            .trim()
            .to_owned(),
        text: text.to_owned(),
        span: Span::new(body.start + lead, body.start + lead + text.len()),
    })
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// A report read in lenient mode: what could be read, and each problem met.
pub(crate) struct Lenient {
    pub report: Report,
    pub problems: Vec<Error>,
    pub cells: Vec<Placed>,
    /// The blank cells read, by row path and field.
    pub blanks: Vec<(&'static str, &'static str)>,
    /// Cells read by splitting runs of digits, as info diagnostics.
    pub inferred: Vec<Diagnostic>,
}

/// Reads a whole report, stopping at the first problem.
pub(crate) fn report(source: &Source<'_>) -> Result<Report, Error> {
    let mut ctx = Ctx::strict();
    read(source, &mut ctx).map(|(report, _)| report)
}

/// Reads a whole report, going on past every problem.
pub(crate) fn lenient(source: &Source<'_>) -> Lenient {
    let mut ctx = Ctx::lenient();
    let (report, mut problems) = match read(source, &mut ctx) {
        Ok(ok) => ok,
        Err(e) => unreachable!("a lenient read records its problems: {e}"),
    };
    problems.sort_by_key(|e| e.span().start);
    // Info diagnostics about a row: where it stands, and what was done.
    let info = |row: super::labels::Expected, span: Span, code: Code, what: String| {
        let span = source.original_span(span);
        let (line, column) = source.line_column(span.start);
        let section = section_of(Some(row))
            .map(|s| format!("{s}, "))
            .unwrap_or_default();
        Diagnostic {
            severity: Severity::Info,
            code,
            message: format!("{section}row {}: {what}", row.text),
            path: Some(row.path.to_owned()),
            span,
            line: Some(line),
            column: Some(column),
        }
    };
    let mut inferred: Vec<Diagnostic> = ctx
        .inferred
        .drain(..)
        .map(|i| {
            let settled = match i.basis {
                super::glued::Basis::Digits => "the only split that its digits allow",
                super::glued::Basis::Relations => {
                    "the only split that the template's relations allow"
                }
                super::glued::Basis::Agreed => {
                    "the cells on which every split that holds agrees (the others, `?`, \
                     are unread)"
                }
            };
            let what = format!("the digits «{}» read as «{}», {settled}", i.digits, i.read);
            info(i.row, i.span, Code::InferredSplit, what)
        })
        .collect();
    inferred.extend(ctx.blank_rows.drain(..).map(|b| {
        let how = if b.printed {
            "printed with its label and no numbers"
        } else {
            "not printed"
        };
        let what = format!("{how}; its cells are null");
        info(b.row, b.span, Code::BlankRow, what)
    }));
    inferred.extend(ctx.ordered.drain(..).map(|o| {
        let before = o.before.map_or_else(
            || "its own label".to_owned(),
            |b| format!("row «{}»", b.text),
        );
        let label = if o.found.is_empty() {
            "no label text found for it".to_owned()
        } else {
            format!("the label text found for it: «{}»", o.found)
        };
        let what = format!(
            "read by the template's order: {} rows of numbers stand between {before} and row «{}», as many as the template's rows there; {label}",
            o.rows, o.after.text
        );
        info(o.row, o.span, Code::PlacedByOrder, what)
    }));
    Lenient {
        report,
        problems,
        cells: ctx.cells,
        blanks: ctx.blanks,
        inferred,
    }
}

/// Reads a whole report. Strict, the first problem is returned; lenient,
/// problems are returned beside the report, and a section whose table
/// cannot be read at all is null.
fn read(source: &Source<'_>, ctx: &mut Ctx) -> Result<(Report, Vec<Error>), Error> {
    let stream = Stream::new(source.text());
    let all = stream.input();
    let cells = all.as_slice();
    let headings = find_headings(all);
    let mut problems = Vec::new();
    let lenient = ctx.is_lenient();
    let meet = move |e: Error, problems: &mut Vec<Error>| {
        if lenient {
            problems.push(e);
            Ok(())
        } else {
            Err(e)
        }
    };

    // Cells run together: the template's labels and arithmetic cut them apart.
    // (Read with the whitespace inside labels taken out: `行 政许可`.)
    if super::glued::looks_glued(source.text()) {
        let squeezed = super::glued::squeeze(source.text());
        let glued_text = squeezed.as_ref().map_or(source.text(), Source::text);
        let key = super::labels::key(source.text());
        let edition = active::edition_of_key(&key).unwrap_or(Edition::V2021);
        let mut glued = super::glued::read(glued_text, edition);
        if let Some(squeezed) = &squeezed {
            glued.map_spans(|span| squeezed.original_span(span));
        }
        for e in glued.problems {
            let s = section_of(e.row);
            meet(e.locate(source, s), &mut problems)?;
        }
        ctx.cells.extend(glued.cells);
        ctx.inferred.extend(glued.inferred);
        ctx.blanks.extend(glued.blanks);
        ctx.blank_rows.extend(glued.blank_rows);
        let tables = Tables {
            active_disclosure: glued.active_disclosure,
            requests: glued.requests,
            reviews: glued.reviews,
        };
        return Ok((assemble(source, cells, &headings, tables, ctx), problems));
    }

    // Each table starts after its heading; where a heading is missing, where
    // the table before it ended.
    let active_input = table_region(all, &headings, 2);
    let edition = match active::detect_edition(active_input.as_slice()) {
        Some(edition) => Some(edition),
        None if headings[1].is_none() && !requests::has_matrix(all) => {
            // Not a report of the template: nothing more to read (lenient mode).
            meet(unsupported(), &mut problems)?;
            return Ok((
                assemble(source, cells, &headings, Tables::default(), ctx),
                problems,
            ));
        }
        None => {
            let e =
                active::undetected(active_input).locate(source, Some(Section::ActiveDisclosure));
            meet(e, &mut problems)?;
            None
        }
    };
    fn section<T>(
        r: Result<T, GrammarError>,
        s: Section,
        source: &Source<'_>,
        meet: impl Fn(Error, &mut Vec<Error>) -> Result<(), Error>,
        problems: &mut Vec<Error>,
    ) -> Result<Option<T>, Error> {
        match r {
            Ok(ok) => Ok(Some(ok)),
            Err(e) => meet(e.locate(source, Some(s)), problems).map(|()| None),
        }
    }
    let (after_active, active_disclosure) = match edition {
        Some(edition) => section(
            run(active::active(active_input, edition, ctx)),
            Section::ActiveDisclosure,
            source,
            meet,
            &mut problems,
        )?
        .unwrap_or((active_input, ActiveDisclosure::empty(edition))),
        // The edition unknown (lenient mode), section 二 is null in the current edition.
        None => (active_input, ActiveDisclosure::empty(Edition::V2021)),
    };
    let requests_input = region_input(all, &headings, 3).unwrap_or(after_active);
    let (after_matrix, requests) = section(
        run(requests::matrix(requests_input, ctx)),
        Section::Requests,
        source,
        meet,
        &mut problems,
    )?
    .unwrap_or_default_at(requests_input);
    let reviews_input = region_input(all, &headings, 4).unwrap_or(after_matrix);
    let (_, reviews) = section(
        run(reviews::reviews(reviews_input, ctx)),
        Section::Reviews,
        source,
        meet,
        &mut problems,
    )?
    .unwrap_or_default_at(reviews_input);
    problems.extend(ctx.take_problems().into_iter().map(|e| {
        let s = section_of(e.row);
        e.locate(source, s)
    }));

    let tables = Tables {
        active_disclosure,
        requests,
        reviews,
    };
    Ok((assemble(source, cells, &headings, tables, ctx), problems))
}

/// The three tables of a report.
struct Tables {
    active_disclosure: ActiveDisclosure,
    requests: crate::model::RequestMatrix,
    reviews: crate::model::Reviews,
}

impl Default for Tables {
    /// Every cell null, section 二 in the current (2021) edition.
    fn default() -> Self {
        Tables {
            active_disclosure: ActiveDisclosure::empty(Edition::V2021),
            requests: Default::default(),
            reviews: Default::default(),
        }
    }
}

/// The report from its tables, its title and its free-text sections.
fn assemble(
    source: &Source<'_>,
    cells: &[Cell<'_>],
    headings: &[Option<usize>; 6],
    tables: Tables,
    ctx: &Ctx,
) -> Report {
    let top_end = headings
        .iter()
        .flatten()
        .next()
        .copied()
        .unwrap_or(cells.len());
    let meta = meta::meta(&cells[..top_end]);
    Report {
        title: meta.title,
        agency: meta.agency,
        year: meta.year,
        active_disclosure: tables.active_disclosure,
        requests: tables.requests,
        reviews: tables.reviews,
        narrative: Narrative {
            overview: text_section(source, cells, headings, 1),
            problems: text_section(source, cells, headings, 5),
            other_matters: text_section(source, cells, headings, 6),
        },
        notes: ctx
            .notes
            .iter()
            .map(|n| CellNote {
                path: format!("{}.{}", n.cell.path, n.cell.field),
                note: n.note.clone(),
                span: source.original_span(n.cell.span),
            })
            .collect(),
        unread: Vec::new(),
    }
}

/// The section a row belongs to, by its model path.
fn section_of(row: Option<super::labels::Expected>) -> Option<Section> {
    let path = row?.path;
    [
        ("active_disclosure", Section::ActiveDisclosure),
        ("requests", Section::Requests),
        ("reviews", Section::Reviews),
    ]
    .into_iter()
    .find(|(p, _)| path.starts_with(p))
    .map(|(_, s)| s)
}

/// A section's result, or its null form where it could not be read.
trait OrNull<'a, T> {
    fn unwrap_or_default_at(self, at: Cells<'a>) -> (Cells<'a>, T);
}

impl<'a, T: Default> OrNull<'a, T> for Option<(Cells<'a>, T)> {
    fn unwrap_or_default_at(self, at: Cells<'a>) -> (Cells<'a>, T) {
        self.unwrap_or((at, T::default()))
    }
}

/// The error for input that has none of the template's tables: about the
/// text as a whole, it has no place in it.
fn unsupported() -> Error {
    Error::whole(
        ErrorKind::UnsupportedTemplate,
        "the tables of the 2019 or 2021 template (主动公开政府信息情况, 收到和处理政府信息公开申请情况)",
        "no such tables",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_variants_are_their_own_keys() {
        for (_, variants) in HEADINGS {
            for v in variants {
                let t = template_label(v);
                assert_eq!(t.ordinal, None, "{v}");
                assert_eq!(super::super::labels::key(v), *v);
                assert_eq!(t.key.len(), v.chars().count(), "{v}");
            }
        }
    }
}
