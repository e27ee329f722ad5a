//! Word documents (feature `docx`).
//!
//! The body of a DOCX file, `word/document.xml`, is read from its ZIP
//! archive and rendered as described in [`crate::markup`]: paragraphs
//! (`w:p`) and tables (`w:tbl`, `w:tr`, `w:tc`) in document order, the text
//! of a paragraph's runs (`w:r`, `w:t`) joined, a cell that continues a
//! vertical merge (`w:vMerge` without `restart`) skipped, a horizontal merge
//! (`w:gridSpan`) written once. Deleted text (`w:delText`), field codes
//! (`w:instrText`) and the fallback copies of drawings (`mc:Fallback`) are
//! not read.
//!
//! Hostile files are refused with [`ErrorKind::Document`](crate::ErrorKind):
//! an archive of more than [`MAX_ENTRIES`] entries, a body larger than
//! [`MAX_BODY`] bytes once decompressed (whatever size the archive claims),
//! an encrypted entry, a broken archive or body.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::Renderer;
use crate::Error;
use crate::input::document_error;

/// Most entries an archive may list.
pub const MAX_ENTRIES: usize = 10_000;
/// Largest decompressed `word/document.xml`, in bytes.
pub const MAX_BODY: u64 = 64 << 20;

const EXPECTED: &str = "a DOCX file (a ZIP archive with word/document.xml)";

/// The rendering of a DOCX file.
pub fn to_text(bytes: &[u8]) -> Result<String, Error> {
    let broken = |what: String| document_error(EXPECTED, what);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| broken(format!("a broken ZIP archive ({e})")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(broken(format!(
            "an archive of {} entries (at most {MAX_ENTRIES} are read)",
            archive.len()
        )));
    }
    let entry = archive.by_name("word/document.xml").map_err(|e| match e {
        zip::result::ZipError::FileNotFound => {
            broken("a ZIP archive without word/document.xml".to_owned())
        }
        e => broken(format!("word/document.xml unreadable ({e})")),
    })?;
    if entry.encrypted() {
        return Err(broken("an encrypted word/document.xml".to_owned()));
    }
    let too_large = || broken(format!("a body larger than {MAX_BODY} bytes decompressed"));
    if entry.size() > MAX_BODY {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(entry.size() as usize);
    entry
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| broken(format!("word/document.xml unreadable ({e})")))?;
    if body.len() as u64 > MAX_BODY {
        return Err(too_large());
    }
    let xml = std::str::from_utf8(&body).map_err(|e| {
        broken(format!(
            "word/document.xml not UTF-8 (byte offset {})",
            e.valid_up_to()
        ))
    })?;
    render(xml).map_err(broken)
}

/// Renders the XML of `word/document.xml`.
fn render(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut r = Renderer::default();
    // Inside `w:t`; inside a skipped element (depth); inside a vMerge continuation cell.
    let (mut in_text, mut skipped, mut merged) = (false, 0usize, false);
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "a broken word/document.xml ({e}, near byte {})",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                if skipped > 0 || matches!(name.as_ref(), b"Fallback" | b"instrText" | b"delText") {
                    skipped += 1;
                    continue;
                }
                match name.as_ref() {
                    b"t" => in_text = true,
                    b"tbl" => r.table_start(),
                    b"tr" => r.row_start(),
                    b"tc" => {
                        merged = false;
                        r.cell_start();
                    }
                    b"vMerge" if continues_merge(&e) => {
                        merged = true;
                        r.cell_skip();
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skipped > 0 || merged {
                    continue;
                }
                match e.local_name().as_ref() {
                    b"tab" => r.text("\t"),
                    b"br" | b"cr" | b"p" => r.block_break(),
                    b"vMerge" if continues_merge(&e) => {
                        merged = true;
                        r.cell_skip();
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skipped > 0 {
                    skipped -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    b"t" => in_text = false,
                    b"p" if !merged => r.block_break(),
                    b"tc" => {
                        if !merged {
                            r.cell_end();
                        }
                        merged = false;
                    }
                    b"tr" => r.row_end(),
                    b"tbl" => r.table_end(),
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skipped == 0 && !merged => {
                let text = t.decode().map_err(|e| format!("undecodable text ({e})"))?;
                r.text(&text);
            }
            Event::GeneralRef(g) if in_text && skipped == 0 && !merged => {
                let name = g.decode().map_err(|e| format!("undecodable text ({e})"))?;
                if let Some(c) = g.resolve_char_ref().ok().flatten() {
                    r.text(c.encode_utf8(&mut [0; 4]));
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    r.text(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(r.finish())
}

/// Whether a `w:vMerge` continues the merge above (no `w:val`, or not `restart`).
fn continues_merge(e: &BytesStart<'_>) -> bool {
    let val = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .map(|a| a.value.into_owned());
    val.as_deref() != Some(b"restart")
}
