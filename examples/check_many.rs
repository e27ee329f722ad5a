//! Check many reports at once: which could not be read, and which break a
//! relation of the template (勾稽关系), with the cell to look at.
//!
//! `cargo run --example check_many -- tests/fixtures/seeds/*.txt`

use xxgk::Status;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let (mut clean, mut flagged) = (0, 0);
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        // Any format: text in any encoding, HTML (feature `html`), DOCX (`docx`).
        let document = match xxgk::Document::read(&bytes) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        // Lenient: every cell that can be read, a diagnostic for the others.
        let parsed = document.parse_lenient();
        let broken: Vec<_> = xxgk::check(&parsed.report)
            .into_iter()
            .filter(|f| f.status == Status::Broken)
            .collect();
        if parsed.is_clean() && broken.is_empty() {
            clean += 1;
            continue;
        }
        flagged += 1;
        for d in &parsed.diagnostics {
            println!(
                "{path}:{}:{}: {:?} {}: {}",
                d.line, d.column, d.severity, d.code, d.message
            );
        }
        for f in &broken {
            let at = parsed.finding_span(f).map(|s| s.start);
            println!("{path}: byte {at:?}: {}", f.message_en);
        }
    }
    println!("{} reports: {clean} clean, {flagged} flagged", paths.len());
}
