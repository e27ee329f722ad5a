//! Parse one report and print a few of its numbers.
//!
//! `cargo run --example parse_one -- tests/fixtures/seeds/001_1ada044614214e9c.txt`

use xxgk::model::ActiveDisclosure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/seeds/001_1ada044614214e9c.txt".into());
    let text = std::fs::read_to_string(&path)?;
    let report = match xxgk::parse(&text) {
        Ok(report) => report,
        Err(e) => {
            match (e.line(), e.column()) {
                (Some(line), Some(column)) => eprintln!("{path}:{line}:{column}: {e}"),
                _ => eprintln!("{path}: {e}"),
            }
            std::process::exit(2);
        }
    };
    println!("{} ({} edition, {:?})", path, report.edition(), report.year);
    let new = report.requests.new_requests;
    println!(
        "new requests: {:?} of which natural persons {:?}",
        new.total, new.natural_person
    );
    if let ActiveDisclosure::V2021(a) = &report.active_disclosure {
        println!(
            "normative documents in force: {:?}",
            a.normative_documents.in_force
        );
    }
    Ok(())
}
