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
