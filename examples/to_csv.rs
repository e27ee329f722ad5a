//! Write reports as one CSV table, a row per number cell (file, agency,
//! year, edition, table, row, column, value, status), ready for pandas,
//! Excel or DuckDB. Reports are read leniently: every cell that can be read
//! is written; a cell that cannot is left empty with status `unread` (a
//! blank the report prints is empty with status `blank`), its diagnostics
//! on stderr. A file of which no cell can be read is reported on stderr
//! and skipped.
//!
//! `cargo run --example to_csv -- tests/fixtures/seeds/*.txt > cells.csv`

use std::io::Write;

use xxgk::model::CellStatus;

/// A CSV field, quoted where needed.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn main() {
    // A reader that stops early (`| head`) ends the output quietly.
    if let Err(e) = run() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("to_csv: {e}");
            std::process::exit(1);
        }
    }
}

fn run() -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "file,agency,year,edition,table,row,column,value,status"
    )?;
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let parsed = match xxgk::Document::read(&bytes) {
            Ok(document) => document.parse_lenient(),
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        for d in &parsed.diagnostics {
            // (A problem with the input as a whole has no line: 0.)
            let (line, column) = (d.line.unwrap_or(0), d.column.unwrap_or(0));
            eprintln!("{path}:{line}:{column}: {}: {}", d.code, d.message);
        }
        // Nothing read: no cell as a number or null mark, every cell unread.
        let values = parsed.report.values();
        if parsed.cells.is_empty() && values.iter().all(|c| c.status == CellStatus::Unread) {
            eprintln!("{path}: no cell of the tables read, skipped");
            continue;
        }
        let report = &parsed.report;
        let agency = field(report.agency.as_deref().unwrap_or(""));
        let year = report.year.map(|y| y.to_string()).unwrap_or_default();
        for cell in values {
            // A blank or unread cell stays empty, never a 0; its status
            // (value, blank, unread) says which it is.
            let value = cell.value.map(|v| v.to_string()).unwrap_or_default();
            let p = cell.place;
            writeln!(
                out,
                "{},{agency},{year},{},{},{},{},{value},{}",
                field(&path),
                report.edition(),
                p.table,
                p.row,
                p.column,
                cell.status
            )?;
        }
    }
    out.flush()
}
