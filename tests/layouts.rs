//! The project's own fixtures in every layout the field's tools produce
//! (tests/fixtures/layouts/: pdftotext -layout, markdown pipes, HTML visible
//! text, CSV, tab rows with units), each with non-zero numbers and its
//! hand-written JSON: every field the JSON gives must come out exactly.

use std::path::Path;

#[test]
fn every_layout_fixture_reads_exactly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "json"))
        .collect();
    entries.sort();
    for input in entries {
        let expected_path = input.with_extension("json");
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
        let text = std::fs::read_to_string(&input).unwrap();
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let report = xxgk::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = serde_json::to_value(&report).unwrap();
        for (key, want) in expected.as_object().unwrap() {
            assert_eq!(&got[key], want, "{name}: {key}");
        }
        checked += 1;
    }
    assert!(
        checked >= 5,
        "expected a fixture per layout, found {checked}"
    );
}

#[test]
fn notes_in_number_cells_are_kept_with_their_paths() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts");
    let text = std::fs::read_to_string(dir.join("tab_rows_units.txt")).unwrap();
    let report = xxgk::parse(&text).unwrap();
    assert!(!report.notes.is_empty());
    for note in &report.notes {
        let cell = &text[note.span.start..note.span.end];
        assert!(cell.contains("其中"), "{cell}");
        assert!(
            note.note.starts_with('(') && note.note.ends_with(')'),
            "{}",
            note.note
        );
        assert!(
            note.path.starts_with("active_disclosure.") || note.path.starts_with("requests."),
            "{}",
            note.path
        );
    }
}

/// A long matrix label wrapped at every place Chinese typesetting allows (no
/// line starts with closing punctuation), in `pdftotext -layout` text, with
/// the row's numbers on the label's last line or on its first: the report
/// reads exactly, and never gives a wrong number.
#[test]
fn a_label_wrapped_anywhere_reads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts");
    let text = std::fs::read_to_string(dir.join("pdftotext_layout.txt")).unwrap();
    let want = xxgk::parse(&text).unwrap();
    let start = text.find("       （二）部分公开").unwrap();
    let end =
        start + text[start..].find("形，不计其他情形）\n").unwrap() + "形，不计其他情形）\n".len();
    let label: Vec<char> = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        .chars()
        .collect();
    let numbers = "12        2        0        1        0        0       15";
    let mut tried = 0;
    for cut in 1..label.len() {
        if "，。、）".contains(label[cut]) {
            continue;
        }
        let (a, b): (String, String) =
            (label[..cut].iter().collect(), label[cut..].iter().collect());
        let last = format!("       {a}\n       {b}      {numbers}\n");
        let first = format!("       {a}      {numbers}\n       {b}\n");
        for (how, row) in [("last", last), ("first", first)] {
            let wrapped = format!("{}{row}{}", &text[..start], &text[end..]);
            let parsed = xxgk::parse_lenient(&wrapped);
            for v in parsed.report.values() {
                if let Some(n) = v.value {
                    let truth = want.values().into_iter().find(|w| w.place == v.place);
                    assert_eq!(
                        truth.and_then(|w| w.value),
                        Some(n),
                        "{how} {cut}: {}",
                        v.place
                    );
                }
            }
            // Numbers on the first line: the label must be told from its
            // first part there, which needs three characters of its key
            // past the ordinal （二）.
            if how == "last" || cut >= 6 {
                assert!(parsed.is_clean(), "{how} {cut}: {:?}", parsed.diagnostics);
                assert_eq!(parsed.report.values(), want.values(), "{how} {cut}");
            }
            tried += 1;
        }
    }
    assert!(tried > 40);
}
