//! The relations on whatever a lenient parse reads: no panic, no overflow,
//! and every finding names a cell of the model.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parsed = xxgk::parse_lenient(text);
    for f in xxgk::check(&parsed.report) {
        assert!(!f.path.is_empty() && !f.column.is_empty());
        let _ = parsed.finding_span(&f);
    }
    let _ = xxgk::check_pair(&parsed.report, &parsed.report);
    let json = serde_json_free(&parsed.report);
    assert!(!json.is_empty());
});

/// The report's debug form (serde_json is not a dependency here).
fn serde_json_free(report: &xxgk::Report) -> String {
    format!("{report:?}")
}
