//! Write reports as one CSV table, a row per number cell (file, agency,
//! year, edition, table, row, column, value), ready for pandas, Excel or
//! DuckDB. A report that cannot be read is reported on stderr and skipped.
//!
//! `cargo run --example to_csv -- tests/fixtures/seeds/*.txt > cells.csv`

use std::io::Write;

/// A CSV field, quoted where needed.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn main() -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "file,agency,year,edition,table,row,column,value")?;
    for path in std::env::args().skip(1) {
        let report = match xxgk::parse_path(&path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let agency = field(report.agency.as_deref().unwrap_or(""));
        let year = report.year.map(|y| y.to_string()).unwrap_or_default();
        for cell in report.values() {
            // A blank cell stays empty: never a 0.
            let value = cell.value.map(|v| v.to_string()).unwrap_or_default();
            let p = cell.place;
            writeln!(
                out,
                "{},{agency},{year},{},{},{},{},{value}",
                field(&path),
                report.edition(),
                p.table,
                p.row,
                p.column
            )?;
        }
    }
    out.flush()
}
