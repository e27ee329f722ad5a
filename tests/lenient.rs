//! Lenient parsing and hostile input: damaged reports never make the parser
//! panic; the lenient reader never reads a wrong number, and where it meets
//! no problem it gives exactly what the strict one gives.

mod common;

use common::{LAYOUTS, render, report};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

const SEEDS: [&str; 5] = [
    include_str!("fixtures/seeds/000_1762ab0cc7bc4c17.txt"),
    include_str!("fixtures/seeds/001_1ada044614214e9c.txt"),
    include_str!("fixtures/seeds/002_2aaec12b832f2882.txt"),
    include_str!("fixtures/seeds/003_dfa9267d7cc7c60b.txt"),
    include_str!("fixtures/seeds/004_db398b86512a2bb8.txt"),
];

fn config(cases: u32) -> Config {
    Config {
        cases,
        ..Config::default()
    }
}

/// A change to a text, at a position given as a fraction of its length.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(f64, usize),
    Insert(f64, String),
    InsertLine(f64, String),
    DuplicateLine(f64),
    DeleteLine(f64),
    SwapLines(f64, f64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        Just("\n".to_owned()),
        Just("\t".to_owned()),
        Just(" 7 ".to_owned()),
        Just("（三）不予公开".to_owned()),
        Just("三、收到和处理政府信息公开申请情况\n".to_owned()),
        Just("规章".to_owned()),
        Just("|".to_owned()),
        Just("—".to_owned()),
        "\\PC{0,6}",
    ];
    prop_oneof![
        (0.0..1.0, 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (0.0..1.0, fragment).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (0.0..1.0).prop_map(Mutation::DuplicateLine),
        (0.0..1.0).prop_map(Mutation::DeleteLine),
        (0.0..1.0, 0.0..1.0).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

/// Damage as extraction tools do it: whole lines lost or repeated,
/// separators and null marks inserted anywhere (a number wrapped, a cell
/// split), stray label lines inserted. (Swapping two cells, or editing a
/// number's digits, gives another table that reads as well as the first: no
/// reader can tell, and these are not generated here.)
fn damage() -> impl Strategy<Value = Mutation> {
    let separator = prop_oneof![Just("\n"), Just("\t"), Just(" "), Just("|"), Just("—")];
    let label = prop_oneof![
        Just("（三）不予公开"),
        Just("规章"),
        Just("三、收到和处理政府信息公开申请情况"),
    ];
    prop_oneof![
        (0.0..1.0, separator).prop_map(|(at, s)| Mutation::Insert(at, s.to_owned())),
        (0.0..1.0, label).prop_map(|(at, s)| Mutation::InsertLine(at, s.to_owned())),
        (0.0..1.0).prop_map(Mutation::DuplicateLine),
        (0.0..1.0).prop_map(Mutation::DeleteLine),
    ]
}

/// The char boundary nearest below `at × len`.
fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let line = |at: f64, n: usize| ((n as f64) * at) as usize % n.max(1);
    match m {
        Mutation::Delete(at, n) => {
            let start = boundary(text, *at);
            let end = text[start..]
                .char_indices()
                .nth(*n)
                .map_or(text.len(), |(i, _)| start + i);
            format!("{}{}", &text[..start], &text[end..])
        }
        Mutation::Insert(at, s) => {
            let i = boundary(text, *at);
            format!("{}{s}{}", &text[..i], &text[i..])
        }
        Mutation::InsertLine(at, s) => {
            let i = line(*at, lines.len());
            lines.insert(i, s);
            lines.join("\n")
        }
        Mutation::DuplicateLine(at) => {
            let i = line(*at, lines.len());
            lines.insert(i, lines[i]);
            lines.join("\n")
        }
        Mutation::DeleteLine(at) => {
            let i = line(*at, lines.len());
            lines.remove(i);
            lines.join("\n")
        }
        Mutation::SwapLines(a, b) => {
            let (i, j) = (line(*a, lines.len()), line(*b, lines.len()));
            lines.swap(i, j);
            lines.join("\n")
        }
    }
}

/// Every number leaf of `v`, with its path.
fn numbers(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                numbers(v, &format!("{path}.{k}"), out);
            }
        }
        Value::Number(_) => out.push((path.to_owned(), v.clone())),
        _ => {}
    }
}

/// The lenient parse of `text`, checked for its own consistency.
fn lenient(text: &str) -> Result<xxgk::Parsed, TestCaseError> {
    let strict = xxgk::parse(text);
    let parsed = xxgk::parse_lenient(text);
    prop_assert_eq!(
        parsed.is_clean(),
        strict.is_ok(),
        "lenient clean iff strict succeeds: {:?}",
        parsed.diagnostics.first()
    );
    if let Ok(r) = &strict {
        prop_assert_eq!(r, &parsed.report);
    }
    if let Err(e) = &strict {
        // The strict error is the lenient parse's first problem in its section.
        prop_assert!(
            parsed
                .diagnostics
                .iter()
                .any(|d| d.code == xxgk::Code::from(e.kind())),
            "{e} not among {:?}",
            parsed.diagnostics
        );
    }
    for d in &parsed.diagnostics {
        prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        // A place, 1-based, or none for a problem with the whole input.
        prop_assert_eq!(d.line.is_some(), d.column.is_some());
        prop_assert!(d.line.is_none_or(|l| l >= 1) && d.column.is_none_or(|c| c >= 1));
        prop_assert!(d.line.is_some() || d.span == xxgk::Span::new(0, 0));
    }
    for span in parsed.cells.values() {
        prop_assert!(span.end <= text.len() && text.is_char_boundary(span.start));
    }
    Ok(parsed)
}

proptest! {
    #![proptest_config(config(500))]

    /// Seeds damaged by a few random edits: no panic, and the lenient parse
    /// agrees with the strict one.
    #[test]
    fn mutated_seeds_are_handled(seed in 0..SEEDS.len(), edits in proptest::collection::vec(mutation(), 1..4)) {
        let mut text = SEEDS[seed].to_owned();
        for m in &edits {
            text = apply(&text, m);
        }
        lenient(&text)?;
    }

    /// Any string: no panic, and the lenient parse agrees with the strict one.
    #[test]
    fn any_string_is_handled_leniently(s in "\\PC*") {
        lenient(&s)?;
    }

    /// A random report, damaged: every number the lenient parse reads is
    /// the report's own; none is shifted or invented.
    #[test]
    fn damage_never_gives_a_wrong_number(
        r in report(),
        layout in 0..LAYOUTS.len(),
        edit in damage(),
    ) {
        let text = apply(&render(&r, LAYOUTS[layout], "—"), &edit);
        let parsed = lenient(&text)?;
        let want = serde_json::to_value(&r).unwrap();
        let have = serde_json::to_value(&parsed.report).unwrap();
        let mut read = Vec::new();
        for table in ["active_disclosure", "requests", "reviews"] {
            numbers(&have[table], &format!(".{table}"), &mut read);
        }
        for (path, v) in read {
            let truth = path.split('.').skip(1).try_fold(&want, |v, k| v.get(k));
            prop_assert_eq!(truth, Some(&v), "{} after {:?} in layout {}:\n{}", path, edit, layout, text);
        }
        // No silent null: a number of the report left null is listed unread.
        // (Where section 二's edition could not be told, none of its cells
        // is read, and all are listed.)
        let mut truth = Vec::new();
        let mut tables = vec!["requests", "reviews"];
        if parsed.report.edition() == r.edition() {
            tables.push("active_disclosure");
        } else {
            for v in parsed.report.values().iter().filter(|v| v.place.table == "active_disclosure") {
                prop_assert!(v.value.is_none() && parsed.report.unread.contains(&v.place.to_string()));
            }
        }
        for table in tables {
            numbers(&want[table], &format!(".{table}"), &mut truth);
        }
        for (path, _) in truth {
            let got = path.split('.').skip(1).try_fold(&have, |v, k| v.get(k));
            if got.is_none() {
                // The cell has no place in the shape read ((六) itemized or
                // one row): that part was not read, and all of it is listed.
                let part: String = path[1..].split('.').take(2).collect::<Vec<_>>().join(".");
                for v in parsed.report.values().iter().filter(|v| v.place.to_string().starts_with(&part)) {
                    prop_assert!(v.value.is_none() && parsed.report.unread.contains(&v.place.to_string()),
                        "{} after {:?}: {:?}", path, edit, v);
                }
            } else if got.is_some_and(serde_json::Value::is_null) {
                // A row whose line was deleted whole is a row the report
                // leaves out: blank, and a diagnostic says so.
                let left_out = parsed.diagnostics.iter().any(|d| {
                    d.code == xxgk::Code::BlankRow
                        && d.path.as_deref().is_some_and(|row| {
                            path[1..].strip_prefix(row).is_some_and(|f| f.starts_with('.'))
                        })
                });
                prop_assert!(
                    left_out || parsed.report.unread.iter().any(|u| *u == path[1..]),
                    "{} null but not unread after {:?} in layout {}: {:?}\n{}",
                    path, edit, layout, parsed.report.unread, text
                );
            }
        }
    }
}

#[test]
fn a_broken_table_keeps_the_other_sections() {
    let text = SEEDS[2].replacen(
        "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0",
        "(一) 予以公开\t0\t0\t0",
        1,
    );
    let parsed = xxgk::parse_lenient(&text);
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    let d = &parsed.diagnostics[0];
    assert_eq!(d.code, xxgk::Code::CellCount);
    assert_eq!(d.path.as_deref(), Some("requests.granted"));
    assert_eq!(&text[d.span.start..d.span.end], "0");
    let strict = xxgk::parse(SEEDS[2]).unwrap();
    let mut expected = strict.requests.clone();
    expected.granted = Default::default();
    assert_eq!(parsed.report.requests, expected);
    assert_eq!(parsed.report.active_disclosure, strict.active_disclosure);
    assert_eq!(parsed.report.reviews, strict.reviews);
}

#[test]
fn a_missing_table_is_null_with_a_diagnostic() {
    // Section 四 cut off: sections 二 and 三 are still read.
    let cut = SEEDS[2].find("四、政府信息公开行政复议").unwrap();
    let parsed = xxgk::parse_lenient(&SEEDS[2][..cut]);
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.path.as_deref() == Some("reviews") || d.message.starts_with("section 四"))
    );
    let strict = xxgk::parse(SEEDS[2]).unwrap();
    assert_eq!(parsed.report.requests, strict.requests);
    assert_eq!(parsed.report.active_disclosure, strict.active_disclosure);
    assert_eq!(parsed.report.reviews, xxgk::model::Reviews::default());
}

#[test]
fn not_a_report_is_one_diagnostic() {
    let parsed = xxgk::parse_lenient("本报告是2015年的，没有表格。");
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].code, xxgk::Code::UnsupportedTemplate);
    // About the text as a whole: the strict error names no position.
    let err = xxgk::parse("本报告是2015年的，没有表格。").unwrap_err();
    assert_eq!((err.line(), err.column()), (None, None));
    assert_eq!(
        err.to_string(),
        "expected the tables of the 2019 or 2021 template \
         (主动公开政府信息情况, 收到和处理政府信息公开申请情况), found no such tables"
    );
}

#[test]
fn cells_are_located_for_findings() {
    let parsed = xxgk::parse_lenient(SEEDS[2]);
    let span = parsed
        .span_of("requests.new_requests", "total")
        .expect("a located cell");
    assert_eq!(&SEEDS[2][span.start..span.end], "0");
    assert_eq!(parsed.cells.len(), parsed.cells.values().count());
}

#[test]
fn a_row_that_runs_on_counts_its_numbers_not_its_blank_cells() {
    // Seven numbers and trailing blank cells (tabs), then more on the row:
    // the error counts the seven numbers.
    let row = "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0\t\n";
    assert!(SEEDS[2].contains(row));
    for (printed, found) in [
        (
            "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0\t\t\t\n5\n",
            "7 on it, then the number cell «5» after it",
        ),
        (
            "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0\t\t\t说明\n",
            "7 on it, then the label «说明» on the same line",
        ),
    ] {
        let err = xxgk::parse(&SEEDS[2].replacen(row, printed, 1)).unwrap_err();
        assert_eq!(err.kind(), xxgk::ErrorKind::CellCount, "{err}");
        assert_eq!(err.row(), Some("(一)予以公开"), "{err}");
        assert_eq!(err.found(), found, "{err}");
    }
}
