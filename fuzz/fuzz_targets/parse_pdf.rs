//! The PDF front end on any bytes (seeded with the corpus PDFs and PDFs
//! built by the tests' writer): no panic, no hang, and an error is an
//! `unreadable document` about the file as a whole.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    match xxgk::markup::pdf::render(bytes) {
        Ok(r) => {
            assert_eq!(r.pages.first(), Some(&0).filter(|_| !r.pages.is_empty()));
            assert!(r.pages.windows(2).all(|w| w[0] <= w[1]));
            assert!(r.pages.last().is_none_or(|p| *p <= r.text.len()));
            let _ = xxgk::parse_lenient(&r.text);
        }
        Err(e) => {
            assert_eq!(e.kind(), xxgk::ErrorKind::Document);
            assert_eq!(e.line(), None);
        }
    }
});
