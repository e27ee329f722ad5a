//! Every seed report parses to its full expected JSON (written by reading the report).

use std::path::Path;

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let text = std::fs::read_to_string(dir.join(format!("seeds/{name}.txt"))).unwrap();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("expected/{name}.json"))).unwrap(),
    )
    .unwrap();
    let report = xxgk::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let got = serde_json::to_value(&report).unwrap();
    for key in expected.as_object().unwrap().keys() {
        assert_eq!(got[key], expected[key], "{name}: field {key}");
    }
    assert_eq!(got, expected, "{name}");
    // The JSON reads back into the same report.
    let back: xxgk::Report = serde_json::from_value(got).unwrap();
    assert_eq!(back, report, "{name}: JSON round trip");
    // Free-text spans point at their text in the original input.
    for section in [
        &report.narrative.overview,
        &report.narrative.problems,
        &report.narrative.other_matters,
    ]
    .into_iter()
    .flatten()
    {
        assert_eq!(&text[section.span.start..section.span.end], section.text);
    }
}

#[test]
fn seed_000_cell_per_line_with_tab_indent() {
    check("000_1762ab0cc7bc4c17");
}

#[test]
fn seed_001_cells_separated_by_blank_lines() {
    check("001_1ada044614214e9c");
}

#[test]
fn seed_002_tab_separated_rows_with_merged_blanks() {
    check("002_2aaec12b832f2882");
}

#[test]
fn seed_003_edition_2019() {
    check("003_dfa9267d7cc7c60b");
}

#[test]
fn seed_004_bookmarks_and_wrapped_labels() {
    check("004_db398b86512a2bb8");
}

#[test]
fn seeds_read_the_same_through_crlf_and_a_bom() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let plain = xxgk::parse(&text).unwrap();
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let other = xxgk::parse(&crlf).unwrap();
        assert_eq!(plain.active_disclosure, other.active_disclosure);
        assert_eq!(plain.requests, other.requests);
        assert_eq!(plain.reviews, other.reviews);
        assert_eq!(plain.title, other.title);
        let o = other.narrative.overview.unwrap();
        assert_eq!(&crlf[o.span.start..o.span.end], o.text);
    }
}

#[test]
fn a_pre_2019_report_is_unsupported() {
    let text = "某某县人民政府2017年政府信息公开工作年度报告\n一、概述\n今年我县共主动公开信息120条。\n二、主动公开政府信息情况\n共公开文件30件。\n";
    let err = xxgk::parse(text).unwrap_err();
    assert_eq!(err.kind(), xxgk::ErrorKind::UnsupportedTemplate);
}

#[test]
fn a_broken_matrix_names_the_row_and_the_place() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let text = std::fs::read_to_string(dir.join("002_2aaec12b832f2882.txt")).unwrap();
    let broken = text.replace(
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t",
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0",
    );
    assert_ne!(broken, text);
    let err = xxgk::parse(&broken).unwrap_err();
    assert_eq!(err.kind(), xxgk::ErrorKind::CellCount);
    let line = text[..text.find("二、上年结转").unwrap()].lines().count() + 1;
    assert_eq!(
        err.to_string(),
        format!(
            "section 三, row 二、上年结转政府信息公开申请数量: expected 7 numbers, found 5 and 1 blank cells (line {line}, column 18)"
        )
    );
    assert_eq!(&broken[err.span().start..err.span().end], "");
}

/// `text` without the line that holds `heading` (the seed prints an
/// en space before one of them: a whitespace line left in its place would be
/// a blank cell of the row printed a cell per line above it).
fn drop_line(text: &str, heading: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !l.contains(heading))
        .collect()
}

/// Headings missing, renumbered or printed in their variants: the tables are
/// still found, by their own rows where the heading is gone.
#[test]
fn headings_in_their_variants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let text = std::fs::read_to_string(dir.join("001_1ada044614214e9c.txt")).unwrap();
    let want = xxgk::parse(&text).unwrap();
    let h2 = "二、主动公开政府信息情况";
    let h3 = "三、收到和处理政府信息公开申请情况";
    let h4 = "四、政府信息公开行政复议、行政诉讼情况";
    for h in [h2, h3, h4] {
        assert!(text.contains(h), "{h}");
    }
    let variants: Vec<(&str, String)> = vec![
        (
            "no headings",
            drop_line(&drop_line(&drop_line(&text, h2), h3), h4),
        ),
        ("no heading 二", drop_line(&text, h2)),
        ("no heading 三", drop_line(&text, h3)),
        ("no heading 四", drop_line(&text, h4)),
        (
            "unnumbered",
            text.replace(h2, &h2[6..])
                .replace(h3, &h3[6..])
                .replace(h4, &h4[6..]),
        ),
        (
            "renumbered （二）",
            text.replace(h2, &format!("（二）{}", &h2[6..]))
                .replace(h3, &format!("（三）{}", &h3[6..]))
                .replace(h4, &format!("（四）{}", &h4[6..])),
        ),
        (
            "markdown",
            text.replace(h2, &format!("## {h2}"))
                .replace(h3, &format!("### {h3}")),
        ),
        (
            "variant 四",
            text.replace(h4, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        ),
        ("Kangxi radical", text.replace(h2, &h2.replace('二', "⼆"))),
        ("spaces", text.replace(h2, "二、 主动公开 政府信息情况")),
    ];
    for (name, variant) in variants {
        let got = xxgk::parse(&variant).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.active_disclosure, want.active_disclosure, "{name}");
        assert_eq!(got.requests, want.requests, "{name}");
        assert_eq!(got.reviews, want.reviews, "{name}");
    }
}

#[test]
fn seeds_satisfy_every_relation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let report = xxgk::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let findings = xxgk::check(&report);
        assert!(findings.is_empty(), "{}: {findings:#?}", path.display());
    }
}
