//! Prints the text a file's report is read from: the decoded text, or the
//! rendering of an HTML, DOCX or PDF file (tables as rows of `|cell|`),
//! with the page each line starts on for a PDF file.
//!
//! `cargo run --example render --features pdf -- report.pdf`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: render FILE")?;
    let bytes = std::fs::read(&path)?;
    let doc = xxgk::Document::read(&bytes)?;
    let mut offset = 0;
    for line in doc.text().split_inclusive('\n') {
        match doc.page_at(offset) {
            Some(page) => print!("{page:>3} {line}"),
            None => print!("{line}"),
        }
        offset += line.len();
    }
    Ok(())
}
