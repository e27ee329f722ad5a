//! Label matching: a cell's text against a template label.
//!
//! A label is read as an optional ordinal (`一、`, `（三）`, `1.`, `2、`) and a
//! key: its letters, digits and ideographs, with whitespace, punctuation,
//! brackets and quotes dropped. Two labels match when their keys are equal,
//! or similar enough by a score (Dice coefficient over the longest common
//! subsequence, with abbreviations such as `其他` for `其他处理` scored as
//! prefixes), where an agreeing ordinal lowers the bar and a conflicting one
//! rules the match out. A label may be wrapped over several cells
//! (`5.要求行政机关确认或重新` + `出具已获取信息`, `总` + `计`): the matcher
//! extends over following label cells while the match improves.

use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char, one_of};
use nom::combinator::{map_opt, opt};
use nom::sequence::{delimited, terminated};
use nom::{IResult, Parser};

use crate::cells::{Cell, CellKind};

/// Score of an exact key match.
pub(crate) const EXACT: f32 = 1.0;
/// Lowest score accepted when the ordinals do not speak.
const THRESHOLD: f32 = 0.75;
/// Lowest score accepted when the ordinals agree.
const THRESHOLD_WITH_ORDINAL: f32 = 0.5;
/// Score given to a key that is a prefix of the expected key (an abbreviation).
const PREFIX_SCORE: f32 = 0.8;
/// A cell longer than this many times the expected label (plus slack) is not read as it.
const MAX_LENGTH_RATIO: usize = 3;
/// Bytes of slack for short labels (`总计` printed with notes or spaces).
const LENGTH_SLACK: usize = 24;
/// How many cells a wrapped label may span.
const MAX_LABEL_CELLS: usize = 8;

/// A label split into its ordinal and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    /// The ordinal's value (`（三）` → 3), if the label starts with one.
    pub ordinal: Option<u8>,
    /// Letters, digits and ideographs of the rest.
    pub key: String,
}

impl Label {
    /// Reads a label from (normalized) text.
    pub fn parse(text: &str) -> Label {
        let text =
            text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '#' | '*' | '>'));
        let (rest, ordinal) = match ordinal(text) {
            Ok((rest, n)) => (rest, Some(n)),
            Err(_) => (text, None),
        };
        Label {
            ordinal,
            key: key(rest),
        }
    }
}

/// The text after a label's ordinal (`1.属于国家秘密` → `属于国家秘密`).
pub(crate) fn strip_ordinal(text: &str) -> &str {
    ordinal(text).map_or(text, |(rest, _)| rest)
}

/// The significant characters of a text: letters, digits, ideographs.
pub(crate) fn key(text: &str) -> String {
    text.chars().filter(|&c| is_key_char(c)).collect()
}

/// Letters, digits and ideographs (with a fast path for ASCII and the CJK block).
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{4e00}'..='\u{9fff}').contains(&c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// The value of a Chinese numeral from 一 to 九十九.
fn chinese_numeral(s: &str) -> Option<u8> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| (i / 3 + 1) as u8);
    let mut chars = s.chars();
    match (chars.next()?, chars.next(), chars.next(), chars.next()) {
        ('十', None, _, _) => Some(10),
        ('十', Some(u), None, _) => Some(10 + digit(u)?),
        (d, None, _, _) => digit(d),
        (t, Some('十'), None, _) => Some(digit(t)? * 10),
        (t, Some('十'), Some(u), None) => Some(digit(t)? * 10 + digit(u)?),
        _ => None,
    }
}

/// An ordinal at the start of a label: `一、`, `（一）`, `(1)`, `1.`, `1、`.
fn ordinal(input: &str) -> IResult<&str, u8> {
    let numeral = |i| {
        map_opt(
            take_while_m_n(1, 3, |c: char| "一二三四五六七八九十".contains(c)),
            chinese_numeral,
        )
        .parse(i)
    };
    let digits = |i| {
        map_opt(
            take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
            |d: &str| d.parse::<u8>().ok(),
        )
        .parse(i)
    };
    let open = |i| one_of("(（").parse(i);
    let close = |i| one_of(")）").parse(i);
    let bracketed = delimited(open, nom::branch::alt((numeral, digits)), close);
    let chinese = terminated(numeral, one_of("、.．"));
    // `1.属于` but not `1.5`, and not `2023年`.
    let arabic = terminated(digits, one_of(".、．"));
    let (rest, n) = nom::branch::alt((bracketed, chinese, arabic)).parse(input)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    let (rest, _) = opt(char(' ')).parse(rest)?;
    Ok((rest, n))
}

/// Scores below this are reported as 0 (no threshold is that low).
const MIN_SCORED: f32 = THRESHOLD_WITH_ORDINAL;

/// How far a wrapped label's lines may stand from its first line's column.
const COLUMN_TOLERANCE: u32 = 2;

/// Whether `next`, on a later line than `first`, starts in another column:
/// in a space-aligned layout it belongs to another column's label.
pub(crate) fn in_other_column(first: &Cell<'_>, next: &Cell<'_>) -> bool {
    next.line > first.line && first.column.abs_diff(next.column) > COLUMN_TOLERANCE
}

/// Similarity of two keys in `0.0..=1.0`.
pub(crate) fn similarity(expected: &str, actual: &str) -> f32 {
    if expected == actual {
        return EXACT;
    }
    if actual.is_empty() || expected.is_empty() {
        return 0.0;
    }
    let e: Vec<char> = expected.chars().collect();
    let a: Vec<char> = actual.chars().collect();
    // The score can be no higher than the keys' lengths allow; below every
    // threshold it is not worth the quadratic LCS.
    let bound = 2.0 * e.len().min(a.len()) as f32 / (e.len() + a.len()) as f32;
    if bound < MIN_SCORED {
        return 0.0;
    }
    let dice = 2.0 * lcs(&e, &a) as f32 / (e.len() + a.len()) as f32;
    if a.len() >= 2 && expected.starts_with(actual) {
        dice.max(PREFIX_SCORE)
    } else {
        dice
    }
}

/// Length of the longest common subsequence.
fn lcs(a: &[char], b: &[char]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diag = 0;
        for (j, &y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

/// A template label, as the grammar expects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Expected {
    /// The label as the template prints it.
    pub text: &'static str,
    /// Where the row's numbers go in the model (`requests.denied.state_secret`),
    /// empty for labels that carry none (groups, headers).
    pub path: &'static str,
}

impl Expected {
    /// A label that carries no numbers.
    pub(crate) const fn label(text: &'static str) -> Self {
        Expected { text, path: "" }
    }

    /// A row label and the model path of its numbers.
    pub(crate) const fn row(text: &'static str, path: &'static str) -> Self {
        Expected { text, path }
    }
}

/// A successful label match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Match {
    /// How many cells the label spans.
    pub cells: usize,
    /// How well it matched.
    pub score: f32,
}

/// Scores the label starting at `cells[0]` against `expected`.
///
/// Returns `None` if the first cell is not a label, the ordinals conflict, or
/// the best score is below the threshold.
pub(crate) fn match_label(cells: &[Cell<'_>], expected: Expected) -> Option<Match> {
    let first = cells.first().filter(|c| c.kind == CellKind::Label)?;
    // A cell far longer than the label (a paragraph) cannot score: skip it
    // before reading it, which also bounds the work per cell.
    if !could_be(first, expected) {
        return None;
    }
    match_read(cells, expected, &Label::parse(first.text))
}

/// Whether `cell` is short enough to be read as `expected`.
fn could_be(cell: &Cell<'_>, expected: Expected) -> bool {
    cell.text.len() <= MAX_LENGTH_RATIO * expected.text.len() + LENGTH_SLACK
}

/// The first of `candidates` whose label starts at `cells[0]` (a label cell
/// read once for all of them), and its match.
pub(crate) fn match_any(cells: &[Cell<'_>], candidates: &[Expected]) -> Option<(usize, Match)> {
    let first = cells.first().filter(|c| c.kind == CellKind::Label)?;
    let mut got: Option<Label> = None;
    candidates.iter().enumerate().find_map(|(k, expected)| {
        if !could_be(first, *expected) {
            return None;
        }
        let got = got.get_or_insert_with(|| Label::parse(first.text));
        match_read(cells, *expected, got).map(|m| (k, m))
    })
}

thread_local! {
    /// Template labels read once per thread: they are a fixed set of
    /// `'static` strings, each tried against many cells.
    static TEMPLATE: std::cell::RefCell<std::collections::HashMap<&'static str, std::rc::Rc<Label>>> =
        Default::default();
}

/// A template label, read (once) into its ordinal and key.
fn template_label(text: &'static str) -> std::rc::Rc<Label> {
    TEMPLATE.with(|t| {
        t.borrow_mut()
            .entry(text)
            .or_insert_with(|| std::rc::Rc::new(Label::parse(text)))
            .clone()
    })
}

/// [`match_label`] with the first cell already read as `got`.
fn match_read(cells: &[Cell<'_>], expected: Expected, got: &Label) -> Option<Match> {
    let first = &cells[0];
    let want = template_label(expected.text);
    let ordinal_agrees = match (want.ordinal, got.ordinal) {
        (Some(w), Some(g)) if w != g => {
            // Conflicting numbering: only an exact text is accepted (a misnumbered row).
            return (got.key == want.key).then_some(Match {
                cells: 1,
                score: EXACT,
            });
        }
        (Some(_), Some(_)) => true,
        _ => false,
    };
    let mut best = Match {
        cells: 1,
        score: similarity(&want.key, &got.key),
    };
    // The key so far, copied only when a following label cell extends it.
    let mut acc = String::new();
    for (i, next) in cells.iter().enumerate().skip(1).take(MAX_LABEL_CELLS - 1) {
        if best.score >= EXACT || next.kind != CellKind::Label {
            break;
        }
        if i == 1 {
            acc.push_str(&got.key);
        }
        let next_label = Label::parse(next.text);
        if next_label.ordinal.is_some() {
            break;
        }
        let before = acc.len();
        acc.push_str(&next_label.key);
        let score = similarity(&want.key, &acc);
        if score > best.score {
            best = Match {
                cells: i + 1,
                score,
            };
        } else if in_other_column(first, next) {
            // A piece of another column's label (a vertical group label)
            // between the lines of this one: passed over, not taken in.
            acc.truncate(before);
        } else if !want.key.starts_with(acc.as_str()) {
            break;
        }
    }
    let threshold = if ordinal_agrees {
        THRESHOLD_WITH_ORDINAL
    } else {
        THRESHOLD
    };
    (best.score >= threshold).then_some(best)
}

#[cfg(test)]
fn ordinal_of(text: &str) -> Option<u8> {
    Label::parse(text).ordinal
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::cells;

    #[test]
    fn ordinals() {
        assert_eq!(ordinal_of("一、本年新收"), Some(1));
        assert_eq!(ordinal_of("(三)不予公开"), Some(3));
        assert_eq!(ordinal_of("（七）总计"), Some(7));
        assert_eq!(ordinal_of("5.要求行政机关"), Some(5));
        assert_eq!(ordinal_of("1、属于国家秘密"), Some(1));
        assert_eq!(ordinal_of("十二、其他"), Some(12));
        assert_eq!(ordinal_of("2023年"), None);
        assert_eq!(ordinal_of("1.5"), None);
        assert_eq!(ordinal_of("第二十条第(一)项"), None);
        assert_eq!(ordinal_of("(本列数据)"), None);
    }

    #[test]
    fn keys_drop_punctuation_and_space() {
        assert_eq!(Label::parse("3.危及“三安全一稳定”").key, "危及三安全一稳定");
        assert_eq!(
            Label::parse("### 二、主动公开 政府信息情况").key,
            "主动公开政府信息情况"
        );
        assert_eq!(Label::parse("本年增/减").key, "本年增减");
    }

    fn m(text: &str, expected: &'static str) -> Option<Match> {
        match_label(&cells(text), Expected::label(expected))
    }

    #[test]
    fn variants_match() {
        assert_eq!(m("（七）总计", "(七)总计").unwrap().score, EXACT);
        assert!(m("(七)合计", "(七)总计").is_some());
        assert!(m("(六)其他", "(六)其他处理").is_some());
        assert!(m("2.其他法律行政止公开", "2.其他法律行政法规禁止公开").is_some());
        assert!(m("社会公益", "社会公益组织").is_some());
        assert!(m("规范性文件", "行政规范性文件").is_some());
    }

    #[test]
    fn wrapped_labels_span_cells() {
        let got = m(
            "5.要求行政机关确认或重新\n出具已获取信息\n0",
            "5.要求行政机关确认或重新出具已获取信息",
        )
        .unwrap();
        assert_eq!(
            got,
            Match {
                cells: 2,
                score: EXACT
            }
        );
        assert_eq!(m("总\n\n计", "总计").unwrap().cells, 2);
        assert_eq!(m("商业\n企业\n科研机构", "商业企业").unwrap().cells, 2);
    }

    #[test]
    fn different_rows_do_not_match() {
        assert!(m("3.其他", "2.其他法律行政法规禁止公开").is_none());
        assert!(
            m(
                "(一)予以公开",
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
            )
            .is_none()
        );
        assert!(m("行政处罚", "行政强制").is_none());
        assert!(m("行政许可", "行政强制").is_none());
        assert!(m("0", "规章").is_none());
    }
}
