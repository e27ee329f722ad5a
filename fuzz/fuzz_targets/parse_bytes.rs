//! `parse_bytes` on any bytes (text in any encoding, HTML, DOCX, or none): no panic,
//! and an encoding error names a byte inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(e) = xxgk::parse_bytes(bytes) {
        if e.kind() == xxgk::ErrorKind::Encoding {
            assert!(e.span().start < bytes.len());
        }
    }
});
