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
//!    to their 总计.
//! 3. Where a matrix row still has several splits, the column relations
//!    (一 + 二 = （七）+ 四, （七） = the sum of the outcome rows) choose
//!    among them.
//!
//! A row with exactly one split that holds is read, and the reading is
//! reported as inferred. A row with several is an `AmbiguousSplit` error
//! that lists them; one with none a `NoSplit` error. Nothing is guessed.
//!
//! The search is bounded: at most [`MAX_SPLITS`] splits are kept per row and
//! [`MAX_STEPS`] steps spent finding them (a run with more is ambiguous), and
//! at most [`MAX_COMBINATIONS`] combinations of the matrix rows' splits are
//! tried against the column relations.

use crate::Span;
use crate::error::ErrorKind;
use crate::model::{Amount, Edition, RequestMatrix, ReviewGroup, Reviews, Row};

use super::active::{Col, Cols, ROWS_2019, ROWS_2021, Value, assemble};
use super::labels::{Expected, strip_ordinal};
use super::requests::{self, OTHER_ITEMS, ROWS_BEFORE_OTHER};
use super::{GrammarError, Placed};

/// Most splits kept for one row.
pub const MAX_SPLITS: usize = 256;
/// Most search steps spent on one row.
pub const MAX_STEPS: usize = 100_000;
/// Most search nodes spent choosing among the matrix rows' splits by the
/// column relations.
pub const MAX_COMBINATIONS: usize = 100_000;

/// A split row's inferred reading, for the diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inferred {
    pub row: Expected,
    pub digits: String,
    pub read: String,
    pub span: Span,
}

/// What the glued reader found.
pub(crate) struct Glued {
    pub active_disclosure: crate::model::ActiveDisclosure,
    pub requests: RequestMatrix,
    pub reviews: Reviews,
    pub problems: Vec<GrammarError>,
    pub inferred: Vec<Inferred>,
    pub cells: Vec<Placed>,
}

/// Whether the matrix's first row runs its cells together: its label
/// followed directly (no space: space-aligned layouts always leave one) by at
/// least seven digits in fewer than seven pieces.
pub(crate) fn looks_glued(text: &str) -> bool {
    let label = strip_ordinal(ROWS_BEFORE_OTHER[0].text);
    memchr::memmem::find_iter(text.as_bytes(), label).any(|i| {
        let after = &text[i + label.len()..];
        if !after.starts_with(|c: char| c.is_ascii_digit()) {
            return false;
        }
        let line = after.split('\n').next().unwrap_or("");
        let run: &str = &line[..line
            .find(|c: char| !(c.is_ascii_digit() || c == ' '))
            .unwrap_or(line.len())];
        let digits = run.bytes().filter(u8::is_ascii_digit).count();
        digits >= Row::COLUMNS && run.split_whitespace().count() < Row::COLUMNS
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
    let label = strip_ordinal(row.text);
    let mut at = from;
    while let Some(i) = memchr::memmem::find(text.get(at..)?.as_bytes(), label.as_bytes()) {
        let end = at + i + label.len();
        if let Some(run) = digit_run(text, end) {
            return Some(run);
        }
        at = end;
    }
    None
}

/// The digits, spaces, decimal points and units after `at`, without the next
/// label's ordinal (`0000000` of `00000002.其他`).
fn digit_run(text: &str, at: usize) -> Option<Run<'_>> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start_matches(' ').len();
    let body = &rest[lead..];
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    let mut len = body
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '元')))
        .unwrap_or(body.len());
    let next = body[len..].chars().next();
    let run = &body[..len];
    // `…0000002.其他`: the digit before a point that no digit follows is the next label's ordinal.
    if next.is_some_and(|c| !c.is_ascii_digit()) {
        let b = run.as_bytes();
        if b.len() >= 2 && b[b.len() - 1] == b'.' && b[b.len() - 2].is_ascii_digit() {
            len -= 2;
        } else if next == Some('、') && b.last().is_some_and(u8::is_ascii_digit) {
            len -= 1;
        }
    }
    let run = body[..len].trim_end();
    (!run.is_empty()).then_some(Run {
        text: run,
        start: at + lead,
    })
}

/// One cell of a split: its text and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part<'t> {
    text: &'t str,
    start: usize,
}

/// Every split of `run` into `n` parts (spaces kept as boundaries, no
/// leading zeros, a decimal point only in a token's last part) that `keep`
/// accepts, as far as the bounds allow; `keep` is asked of every first part
/// too, so that it prunes early. `Err` when the bounds were reached.
fn splits<'t>(
    run: Run<'t>,
    n: usize,
    sums: usize,
    keep: &dyn Fn(&[Part<'t>], usize) -> bool,
) -> Result<Vec<Vec<Part<'t>>>, ()> {
    let mut tokens = Vec::new();
    let mut offset = 0;
    for token in run.text.split(' ') {
        if !token.is_empty() {
            tokens.push(Part {
                text: token,
                start: run.start + offset,
            });
        }
        offset += token.len() + 1;
    }
    let mut out = Vec::new();
    let mut steps = 0;
    let mut current = Vec::with_capacity(n);
    let mut search = Splits {
        n,
        sums,
        keep,
        out: &mut out,
        steps: &mut steps,
    };
    search.tokens(&tokens, &mut current)?;
    Ok(out)
}

/// The state of [`splits`]'s search.
struct Splits<'s, 't> {
    n: usize,
    /// Groups of this many cells end in their sum (0: no such groups): the
    /// sum's digits are then the only part tried.
    sums: usize,
    /// Whether a split, or the first parts of one followed by so many more
    /// bytes of the run, can hold in its row.
    keep: &'s dyn Fn(&[Part<'t>], usize) -> bool,
    out: &'s mut Vec<Vec<Part<'t>>>,
    steps: &'s mut usize,
}

impl<'t> Splits<'_, 't> {
    fn tokens(&mut self, tokens: &[Part<'t>], current: &mut Vec<Part<'t>>) -> Result<(), ()> {
        *self.steps += 1;
        if *self.steps > MAX_STEPS || self.out.len() > MAX_SPLITS {
            return Err(());
        }
        let Some((token, rest)) = tokens.split_first() else {
            if current.len() == self.n {
                self.out.push(current.clone());
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
        current: &mut Vec<Part<'t>>,
    ) -> Result<(), ()> {
        let text = token.text;
        let after: usize = rest.iter().map(|t| t.text.len()).sum();
        // A group's total: only the digits of its parts' sum can stand here.
        if self.sums > 0 && current.len() % self.sums == self.sums - 1 {
            let group = &current[current.len() - (self.sums - 1)..];
            let Some(sum) = group
                .iter()
                .try_fold(0u64, |a, p| count(p).and_then(|v| a.checked_add(v)))
            else {
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
        // The whole token as one part.
        if valid_part(text) {
            current.push(token);
            if (self.keep)(current, after) {
                self.tokens(rest, current)?;
            }
            current.pop();
        }
        if current.len() + 1 + rest.len() >= self.n {
            return Ok(());
        }
        // A first part, then the rest of the token.
        for cut in 1..text.len() {
            if !text.is_char_boundary(cut) {
                break;
            }
            let head = &text[..cut];
            if head.contains('.') {
                break;
            }
            if !valid_part(head) {
                continue;
            }
            current.push(Part {
                text: head,
                start: token.start,
            });
            if (self.keep)(current, text.len() - cut + after) {
                let tail = Part {
                    text: &text[cut..],
                    start: token.start + cut,
                };
                self.token(tail, rest, current)?;
            }
            current.pop();
        }
        Ok(())
    }
}

/// Whether `s` can be one cell: digits without a leading zero (but `0`,
/// `0.5`), an optional sign, decimals, a unit.
fn valid_part(s: &str) -> bool {
    let body = s.strip_suffix('元').unwrap_or(s);
    let body = body.strip_prefix('-').unwrap_or(body);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.contains('.') && frac.is_empty())
        && !(int.len() > 1 && int.starts_with('0'))
}

fn count(p: &Part<'_>) -> Option<u64> {
    p.text.parse().ok()
}

/// Whether the first parts of a run of `n` cells in groups of `size`, each
/// group's last cell the sum of the others (a matrix row: one group of 7;
/// 表四: three of 5), with `left` digits still to come, can still hold: a
/// complete group must add up, and an open one's sum so far must fit in the
/// digits left for its total (every cell still to come takes one at least).
fn sums_prefix(split: &[Part<'_>], left: usize, size: usize, n: usize) -> bool {
    let Some(k) = split.len().checked_sub(1) else {
        return true;
    };
    let start = k / size * size;
    let group = &split[start..];
    let mut so_far = 0u64;
    for p in &group[..group.len().min(size - 1)] {
        let Some(sum) = count(p).and_then(|v| so_far.checked_add(v)) else {
            return false;
        };
        so_far = sum;
    }
    if group.len() == size {
        return count(&group[size - 1]) == Some(so_far);
    }
    let others = (size - 1 - group.len()) + (n - start - size);
    let room = left.saturating_sub(others);
    room >= 20 || so_far < 10u64.pow(room as u32)
}

/// [`sums_prefix`] for a matrix row.
fn row_prefix(split: &[Part<'_>], left: usize) -> bool {
    sums_prefix(split, left, Row::COLUMNS, Row::COLUMNS)
}

/// A matrix row's seven counts, if its six applicant columns sum to its 总计.
fn row_total(split: &[Part<'_>]) -> Option<[u64; 7]> {
    let mut v = [0u64; 7];
    for (o, p) in v.iter_mut().zip(split) {
        *o = count(p)?;
    }
    let sum = v[..6].iter().try_fold(0u64, |a, x| a.checked_add(*x))?;
    (sum == v[6]).then_some(v)
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
    if found.is_empty() {
        GrammarError::new(
            ErrorKind::NoSplit,
            Some(row),
            format!("«{}» split into {n} numbers {why}", run.text),
            "no such split (the report's own numbers may not add up)",
            span,
        )
    } else {
        let shown: Vec<String> = found.iter().take(4).map(|s| show(s)).collect();
        GrammarError::new(
            ErrorKind::AmbiguousSplit,
            Some(row),
            format!("one split of «{}» into {n} numbers {why}", run.text),
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

/// The problem for a run with more splits than the search keeps.
fn too_many(row: Expected, run: Run<'_>, n: usize) -> GrammarError {
    GrammarError::new(
        ErrorKind::AmbiguousSplit,
        Some(row),
        format!("one split of «{}» into {n} numbers", run.text),
        format!("more than {MAX_SPLITS} splits (the search stops there)"),
        run.span(),
    )
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
    out: &mut Glued,
) {
    place(out, row.path, fields, split);
    if run.text.split_whitespace().count() < split.len() {
        out.inferred.push(Inferred {
            row,
            digits: run.text.to_owned(),
            read: show(split),
            span: run.span(),
        });
    }
}

/// Reads the three tables from glued `text` (normalized), section 二 in `edition`.
pub(crate) fn read(text: &str, edition: Edition) -> Glued {
    let mut out = Glued {
        active_disclosure: crate::model::ActiveDisclosure::empty(edition),
        requests: RequestMatrix::default(),
        reviews: Reviews::default(),
        problems: Vec::new(),
        inferred: Vec::new(),
        cells: Vec::new(),
    };
    let first = strip_ordinal(ROWS_BEFORE_OTHER[0].text);
    let matrix_start = find_row(text, 0, ROWS_BEFORE_OTHER[0])
        .and_then(|r| text[..r.start].rfind(first))
        .unwrap_or(0);
    let active_from = text[..matrix_start].find("第二十条").unwrap_or(0);
    active(text, active_from, matrix_start, edition, &mut out);
    let end = matrix(text, matrix_start, &mut out);
    reviews(text, end, &mut out);
    out.problems.sort_by_key(|e| e.span.start);
    out
}

/// Section 二: each row's run split into its columns (no relation links them).
fn active(text: &str, from: usize, to: usize, edition: Edition, out: &mut Glued) {
    let spec: &[(Expected, Cols)] = match edition {
        Edition::V2021 => &ROWS_2021,
        Edition::V2019 => &ROWS_2019,
    };
    let mut at = from;
    let mut values = Vec::with_capacity(spec.len());
    for (row, cols) in spec {
        let mut v = vec![Value::default(); cols.len()];
        match find_row(&text[..to], at, *row) {
            None => out.problems.push(missing(*row, Span::new(at, at))),
            Some(run) => {
                at = run.span().end;
                match splits(run, cols.len(), 0, &|s, _| {
                    typed(&s[s.len() - 1..], &cols[s.len() - 1..]).is_some()
                }) {
                    Ok(found) => {
                        if let [only] = found.as_slice() {
                            v = typed(only, cols).unwrap_or_default();
                            read_row(*row, cols.iter().map(|c| c.0), run, only, out);
                        } else {
                            out.problems.push(problem(
                                *row,
                                run,
                                cols.len(),
                                &found,
                                "(its columns are not related)",
                            ));
                        }
                    }
                    Err(()) => out.problems.push(too_many(*row, run, cols.len())),
                }
            }
        }
        values.push(v);
    }
    out.active_disclosure = assemble(edition, &values);
}

/// A split read by its columns' types.
fn typed(split: &[Part<'_>], cols: Cols) -> Option<Vec<Value>> {
    split
        .iter()
        .zip(cols)
        .map(|(p, (_, col))| {
            let mut v = Value::default();
            match col {
                Col::Count => v.count = Some(count(p)?),
                Col::Signed => v.signed = Some(p.text.parse().ok()?),
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

/// A matrix row's run, the values of the splits that hold in the row, and
/// those splits.
type Candidates<'t> = (Run<'t>, Vec<[u64; 7]>, Vec<Vec<Part<'t>>>);

/// Section 三: every row's splits that hold in the row, then the column relations.
fn matrix(text: &str, from: usize, out: &mut Glued) -> usize {
    let itemized = text[from..].contains(strip_ordinal(OTHER_ITEMS[0].text));
    let specs = requests::specs(itemized);

    let mut at = from;
    // Each row's run and the splits that hold in it (`None`: unread).
    let mut rows: Vec<Option<Candidates<'_>>> = Vec::new();
    for row in &specs {
        let Some(run) = find_row(text, at, *row) else {
            out.problems.push(missing(*row, Span::new(at, at)));
            rows.push(None);
            continue;
        };
        at = run.span().end;
        let found = match splits(run, Row::COLUMNS, Row::COLUMNS, &row_prefix) {
            Ok(found) => found,
            Err(()) => {
                out.problems.push(too_many(*row, run, Row::COLUMNS));
                rows.push(None);
                continue;
            }
        };
        let values: Vec<[u64; 7]> = found.iter().filter_map(|s| row_total(s)).collect();
        let kept = found;
        if kept.is_empty() {
            out.problems.push(problem(
                *row,
                run,
                Row::COLUMNS,
                &[],
                "whose six columns sum to its 总计",
            ));
            rows.push(None);
            continue;
        }
        rows.push(Some((run, values, kept)));
    }

    // The column relations choose among a row's splits.
    let choices = choose(&rows);
    let mut read = vec![Row::default(); specs.len()];
    for (i, row) in rows.iter().enumerate() {
        let Some((run, _, kept)) = row else { continue };
        let alive: Vec<usize> = (0..kept.len()).filter(|&k| choices[i][k]).collect();
        match alive.as_slice() {
            [k] => {
                let v: Vec<Option<u64>> = kept[*k].iter().map(|p| count(p)).collect();
                read[i] = Row::from_cells(v.try_into().expect("seven cells"));
                read_row(specs[i], Row::FIELDS, *run, &kept[*k], out);
            }
            _ => {
                let shown: Vec<Vec<Part<'_>>> = alive.iter().map(|&k| kept[k].clone()).collect();
                out.problems.push(problem(
                    specs[i],
                    *run,
                    Row::COLUMNS,
                    &shown,
                    "whose row and columns add up",
                ));
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
/// never pass 总计. Past [`MAX_COMBINATIONS`] search nodes it stops, and
/// every split is kept (none is chosen).
fn choose(rows: &[Option<Candidates<'_>>]) -> Vec<Vec<bool>> {
    let n = rows.len();
    let options: Vec<&[[u64; 7]]> = rows
        .iter()
        .map(|r| r.as_ref().map_or(&[][..], |(_, v, _)| v.as_slice()))
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
        budget: MAX_COMBINATIONS,
    };
    if search.run(0, [0; 7]).is_err() {
        return search.options.iter().map(|o| vec![true; o.len()]).collect();
    }
    search.alive
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
fn reviews(text: &str, from: usize, out: &mut Glued) {
    use super::reviews::{PATHS, ROW};
    let rest = &text[from..];
    // The numbers follow the header's last 总计.
    let Some(head) = rest.find("行政复议") else {
        out.problems.push(missing(ROW, Span::new(from, from)));
        return;
    };
    let mut at = from + head;
    let run = loop {
        let Some(i) = text[at..].find("总计") else {
            break None;
        };
        at += i + "总计".len();
        if let Some(run) = digit_run(text, at) {
            break Some(run);
        }
    };
    let Some(run) = run else {
        out.problems
            .push(missing(ROW, Span::new(from + head, from + head)));
        return;
    };
    // Each group of five sums to its 总计.
    let groups_hold = |s: &[Part<'_>], left: usize| sums_prefix(s, left, 5, 15);
    let kept = match splits(run, 15, 5, &groups_hold) {
        Ok(found) => found,
        Err(()) => {
            out.problems.push(too_many(ROW, run, 15));
            return;
        }
    };
    let [only] = kept.as_slice() else {
        out.problems.push(problem(
            ROW,
            run,
            15,
            &kept,
            "whose groups sum to their 总计",
        ));
        return;
    };
    let v: Vec<Option<u64>> = only.iter().map(count).collect();
    let group = |k: usize| ReviewGroup::from_cells([v[k], v[k + 1], v[k + 2], v[k + 3], v[k + 4]]);
    out.reviews = Reviews {
        administrative_review: group(0),
        litigation_direct: group(5),
        litigation_after_review: group(10),
    };
    for (g, path) in PATHS.iter().enumerate() {
        place(out, path, ReviewGroup::FIELDS, &only[g * 5..g * 5 + 5]);
    }
    // One inference for the run, not one per group.
    read_row(ROW, [], run, only, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Run<'_> {
        Run { text, start: 0 }
    }

    #[test]
    fn splits_keep_spaces_and_refuse_leading_zeros() {
        let s = splits(run("0000000"), 7, 0, &|_, _| true).unwrap();
        assert_eq!(s.len(), 1);
        let s = splits(run("230 000023"), 7, 0, &|_, _| true).unwrap();
        assert!(s.iter().all(|s| s[0].text.starts_with('2')));
        assert!(
            splits(run("0100"), 2, 0, &|_, _| true)
                .unwrap()
                .iter()
                .all(|s| s.iter().all(|p| valid_part(p.text)))
        );
        assert!(!valid_part("01"));
        assert!(valid_part("0.5"));
        assert!(valid_part("75394432.52元"));
        // A unit right after the digits is not cut inside (found by fuzzing).
        for run_text in ["411386500元", "4元1", "12 3元"] {
            let _ = splits(run(run_text), 2, 0, &|_, _| true);
        }
    }

    #[test]
    fn the_next_rows_ordinal_is_not_a_digit() {
        let text = "5.属于三类内部事务信息10000016.属于四类过程性信息0000000";
        let r = digit_run(text, text.find("信息").unwrap() + "信息".len()).unwrap();
        assert_eq!(r.text, "1000001");
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
        let r = find_row(text, 0, ROWS_BEFORE_OTHER[0]).unwrap();
        let ok: Vec<_> = splits(r, 7, 7, &row_prefix)
            .unwrap()
            .into_iter()
            .map(|s| show(&s))
            .collect();
        assert!(ok.contains(&"64 0 0 2 0 4 70".to_owned()), "{ok:?}");
    }
}
