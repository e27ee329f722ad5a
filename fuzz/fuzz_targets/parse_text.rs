//! `parse` and `parse_lenient` on any text: no panic, and the two agree.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let strict = xxgk::parse(text);
    let lenient = xxgk::parse_lenient(text);
    assert_eq!(strict.is_ok(), lenient.is_clean());
    if let Ok(report) = &strict {
        assert_eq!(report, &lenient.report);
    }
    for d in &lenient.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
});
