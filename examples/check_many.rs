//! Check many reports at once: which could not be read (and which of their
//! null cells are unread rather than left blank), and which break a
//! relation of the template (勾稽关系), with the cell to look at; then add
//! the clean ones of the first one's edition up, one at a time.
//!
//! `cargo run --example check_many -- tests/fixtures/seeds/*.txt`

use std::io::Write;

use xxgk::Status;
use xxgk::model::CellStatus;

fn main() {
    // A reader that stops early (`| head`, `| grep -q`) ends the output, not
    // in a panic.
    if let Err(e) = run() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("check_many: {e}");
            std::process::exit(1);
        }
    }
}

fn run() -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let (mut clean, mut flagged) = (0, 0);
    // Adds reports as they come, holding none of them.
    let mut summer = xxgk::aggregate::Summer::new();
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
            // A report of the other edition is refused, and the sum goes on.
            if let Err(e) = summer.add(&parsed.report) {
                eprintln!("{path}: not added: {e}");
            }
            continue;
        }
        flagged += 1;
        for d in &parsed.diagnostics {
            writeln!(
                out,
                "{path}:{}:{}: {:?} {}: {}",
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.severity,
                d.code,
                d.message
            )?;
        }
        // A null cell is either one the report leaves blank or one that
        // could not be read (listed in `report.unread`).
        let values = parsed.report.values();
        let count = |s: CellStatus| values.iter().filter(|v| v.status == s).count();
        writeln!(
            out,
            "{path}: {} cells read, {} blank, {} unread",
            count(CellStatus::Value),
            count(CellStatus::Blank),
            count(CellStatus::Unread)
        )?;
        for f in &broken {
            let at = parsed.finding_span(f).map(|s| s.start);
            writeln!(out, "{path}: byte {at:?}: {}", f.message_en)?;
        }
    }
    writeln!(
        out,
        "{} reports: {clean} clean, {flagged} flagged",
        paths.len()
    )?;
    if let Ok(sum) = summer.finish() {
        let new = sum.report.requests.new_requests.total;
        writeln!(
            out,
            "{} clean reports of the {} edition added: {new:?} new requests, {} cells unknown",
            sum.reports,
            sum.report.edition(),
            sum.unknown.len()
        )?;
    }
    Ok(())
}
