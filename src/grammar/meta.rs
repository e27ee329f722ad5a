//! The title, and the agency and year it names.
//!
//! The title is the first line near the top that names the report
//! (`…政府信息公开工作年度报告`), joined with its neighbour when the title is
//! printed over two lines (`大盛镇人民政府2020年政府信息公开工作` + `年度报告`,
//! or `洪泽区人民政府` + `2023 年政府信息公开工作年度报告`). The agency is what
//! the title prints before `政府信息公开`, without the year; the year is the
//! `YYYY年` the title names.

use nom::bytes::complete::{tag, take_while_m_n};
use nom::combinator::{map_res, opt, recognize};
use nom::sequence::pair;
use nom::{IResult, Parser};

use crate::cells::{Cell, CellKind};
use crate::grammar::labels::push_kept;

/// How many lines from the top the title may stand.
const TITLE_LINES: usize = 15;
/// Longest line taken for the agency printed above a title that starts with the year.
const MAX_AGENCY_LINE: usize = 30;

/// What the title says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The title, whitespace removed.
    pub title: Option<String>,
    /// The agency, as the title names it.
    pub agency: Option<String>,
    /// The year the report covers.
    pub year: Option<u16>,
}

/// Reads the title, agency and year from the top of a report.
///
/// ```
/// let m = xxgk::grammar::meta::parse("# 王店镇人民政府 2023 年政府信息公开工作年度报告\n一、总体情况\n");
/// assert_eq!(m.agency.as_deref(), Some("王店镇人民政府"));
/// assert_eq!(m.year, Some(2023));
/// ```
pub fn parse(text: &str) -> Meta {
    let source = crate::normalize::normalize(text);
    let cells = crate::cells::cells(source.text());
    meta(&cells)
}

/// The lines of the top of the report, as compact strings.
fn top_lines(cells: &[Cell<'_>]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut last_line = None;
    for c in cells {
        if c.kind == CellKind::Blank {
            continue;
        }
        if last_line != Some(c.line) {
            if lines.len() == TITLE_LINES {
                break;
            }
            lines.push(String::new());
            last_line = Some(c.line);
        }
        let line = lines.last_mut().expect("pushed above");
        push_kept(line, c.text, |ch| !ch.is_whitespace());
    }
    for l in &mut lines {
        let t = l.trim_start_matches(['#', '*', '>']);
        let t = t.strip_prefix("标题:").unwrap_or(t);
        let cut = l.len() - t.len();
        l.drain(..cut);
    }
    lines
}

/// The metadata grammar over the first cells of a report.
pub(crate) fn meta(cells: &[Cell<'_>]) -> Meta {
    let lines = top_lines(cells);
    let names_report = |l: &str| l.contains("政府信息公开") || l.contains("信息公开年报");
    let Some(i) = lines
        .iter()
        .position(|l| names_report(l) && l.contains("报告") && l.chars().count() <= 60)
        .or_else(|| {
            lines
                .iter()
                .position(|l| names_report(l) && l.chars().count() <= 60 && !l.contains('。'))
        })
    else {
        return Meta::default();
    };
    let mut title = lines[i].clone();
    if !title.contains("报告") {
        if let Some(next) = lines
            .get(i + 1)
            .filter(|n| n.contains("报告") && n.chars().count() <= 10)
        {
            title.push_str(next);
        }
    }
    if year_at_start(&title) {
        if let Some(prev) = i.checked_sub(1).map(|p| &lines[p]) {
            let plain = !prev
                .chars()
                .any(|c| c.is_ascii_digit() || matches!(c, '。' | ':' | ','));
            if plain && prev.chars().count() <= MAX_AGENCY_LINE {
                title.insert_str(0, prev);
            }
        }
    }
    let (agency, year) = agency_and_year(&title);
    let top: String = lines.concat();
    let agency = agency.map(|a| full_name(&a, &top).unwrap_or(a));
    Meta {
        title: Some(title),
        agency,
        year,
    }
}

/// Characters that end the name of a place above the agency (淮安市, 江苏省).
const PLACE_ENDS: [char; 4] = ['市', '省', '州', '盟'];
/// Characters in a place name with its level (`淮安市`).
const PLACE_CHARS: usize = 3;
/// How many place names may stand above the agency.
const MAX_PLACES: usize = 2;

/// The agency's full name where the top of the report prints it with the
/// places above it (title `洪泽区人民政府`, preface `…由淮安市洪泽区人民政府办公室…`):
/// up to two place names of two characters and a level (`淮安市`, `江苏省淮安市`).
fn full_name(agency: &str, top: &str) -> Option<String> {
    let mut best: Option<String> = None;
    for (at, _) in top.match_indices(agency) {
        let before: Vec<char> = top[..at]
            .chars()
            .rev()
            .take(MAX_PLACES * PLACE_CHARS)
            .collect();
        let mut taken = 0;
        while taken < MAX_PLACES
            && before.len() >= (taken + 1) * PLACE_CHARS
            && PLACE_ENDS.contains(&before[taken * PLACE_CHARS])
            && before[taken * PLACE_CHARS..(taken + 1) * PLACE_CHARS]
                .iter()
                .all(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        {
            taken += 1;
        }
        if taken > 0
            && best
                .as_ref()
                .is_none_or(|b| b.chars().count() < taken * PLACE_CHARS)
        {
            best = Some(before[..taken * PLACE_CHARS].iter().rev().collect());
        }
    }
    best.map(|p| format!("{p}{agency}"))
}

fn year_at_start(s: &str) -> bool {
    year(s).is_ok()
}

/// `2023年` or `2023年度`, as the year.
fn year(input: &str) -> IResult<&str, u16> {
    let (rest, (y, _)) = pair(
        map_res(
            take_while_m_n(4, 4, |c: char| c.is_ascii_digit()),
            str::parse::<u16>,
        ),
        recognize(pair(tag("年"), opt(tag("度")))),
    )
    .parse(input)?;
    Ok((rest, y))
}

/// The agency (the title before `政府信息公开`, year removed) and the year.
fn agency_and_year(title: &str) -> (Option<String>, Option<u16>) {
    let mut found = None;
    for (i, _) in title.char_indices() {
        if let Ok((rest, y)) = year(&title[i..]) {
            if (1990..=2100).contains(&y) && !title[..i].ends_with(|c: char| c.is_ascii_digit()) {
                found = Some((i, title.len() - rest.len(), y));
                break;
            }
        }
    }
    let end = title
        .find("政府信息公开")
        .or_else(|| title.find("信息公开年报"))
        .unwrap_or(title.len());
    let mut agency = title[..end].to_owned();
    if let Some((s, e, _)) = found.filter(|&(s, _, _)| s < end) {
        agency.replace_range(s..e.min(end), "");
    }
    let agency = agency
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned();
    (
        (!agency.is_empty()).then_some(agency),
        found.map(|(_, _, y)| y),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> (Option<String>, Option<String>, Option<u16>) {
        let m = parse(text);
        (m.title, m.agency, m.year)
    }

    #[test]
    fn title_shapes() {
        assert_eq!(
            m(
                "点击接收年报语音朗读\n枣庄市台儿庄区人民政府办公室2023年政府信息公开工作年度报告\n作者:x"
            ),
            (
                Some("枣庄市台儿庄区人民政府办公室2023年政府信息公开工作年度报告".into()),
                Some("枣庄市台儿庄区人民政府办公室".into()),
                Some(2023)
            )
        );
        assert_eq!(
            m("大盛镇人民政府2020年政府信息公开工作\n年度报告\n  一、总体情况"),
            (
                Some("大盛镇人民政府2020年政府信息公开工作年度报告".into()),
                Some("大盛镇人民政府".into()),
                Some(2020)
            )
        );
        assert_eq!(
            m("          洪泽区人民政府\n      2023 年政府信息公开工作年度报告\n").1,
            Some("洪泽区人民政府".into())
        );
        assert_eq!(
            m("2019年上海市人民政府办公厅政府信息公开工作年度报告\n").1,
            Some("上海市人民政府办公厅".into())
        );
        assert_eq!(
            m("标题: 平潭综合实验区2019年度政府信息公开工作年度报告\n").1,
            Some("平潭综合实验区".into())
        );
        assert_eq!(m("一、总体情况\n今年很好。"), (None, None, None));
        assert_eq!(
            m("洪泽区人民政府\n2023 年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室根据《条例》编制。").1,
            Some("淮安市洪泽区人民政府".into())
        );
        assert_eq!(
            m("洪泽区人民政府2023年政府信息公开工作年度报告\n本报告由区人民政府编制,洪泽区人民政府办公室负责。").1,
            Some("洪泽区人民政府".into())
        );
    }
}
