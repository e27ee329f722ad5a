//! PDF files (feature `pdf`), read natively.
//!
//! The objects are read with `hayro-syntax`; what is drawn is read here:
//! - `content.rs` interprets each page's operators into glyphs (character,
//!   place, size) and straight rules, in page space (crop box, rotation);
//! - `font.rs` turns shown bytes into characters: `ToUnicode` maps,
//!   `Identity-H` and embedded CMaps, simple encodings and glyph names;
//! - `grid.rs` rebuilds the tables from their ruling lines;
//! - `lines.rs` rebuilds the other lines from their baselines, gaps kept as
//!   spaces (the layout `pdftotext -layout` gives, which the text grammars
//!   read, tables without rules and vertical labels too).
//!
//! The rendering is that of [`crate::markup`]: a table row is a line of
//! cells between bars (`|规章||3|`), a merged cell written once where it
//! starts, a blank cell kept blank, tables set off by empty lines; a table
//! that runs on over a page break is one table (page numbers at the foot or
//! head of a page are dropped everywhere). [`render`] also gives where each
//! page starts in the rendered text.
//!
//! Hostile files are refused with [`ErrorKind::Document`](crate::ErrorKind):
//! a file past [`MAX_PAGES`] pages or [`MAX_OBJECTS`] objects, a stream that
//! inflates past [`MAX_STREAM`] bytes, content past [`MAX_OPERATORS`]
//! operators or [`MAX_DECODED`] decoded bytes in all, a broken file,
//! one encrypted with a password (one encrypted with the empty password is
//! read), one with no text layer (a scan: the error says to run OCR).

mod content;
mod font;
mod grid;
mod lines;

use hayro_syntax::object::{Array, Dict, Stream};
use hayro_syntax::{LoadPdfError, Pdf};

use super::Renderer;
use crate::Error;
use crate::input::document_error;
use content::{Fonts, Glyph, PageContent};

/// Most pages read.
pub const MAX_PAGES: usize = 5_000;
/// Most objects a file may hold.
pub const MAX_OBJECTS: usize = 2_000_000;
/// Largest a single stream may inflate to, in bytes.
pub const MAX_STREAM: usize = 64 << 20;
/// Most bytes of content, form and font-map streams decoded in all.
pub const MAX_DECODED: usize = 256 << 20;
/// Most content operators read in all.
pub const MAX_OPERATORS: usize = 20_000_000;
/// Most glyphs and rules kept in all.
const MAX_ITEMS: usize = 5_000_000;

const EXPECTED: &str = "a PDF file with a text layer";

/// A PDF file's rendering, and where its pages start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendering {
    /// The rendered text (see [`crate::markup`]).
    pub text: String,
    /// The byte offset in `text` where each page's content starts, in page
    /// order (`pages[0]` is 0).
    pub pages: Vec<usize>,
}

/// The rendering of a PDF file.
pub fn to_text(bytes: &[u8]) -> Result<String, Error> {
    render(bytes).map(|r| r.text)
}

/// The rendering of a PDF file, with the offsets where its pages start.
pub fn render(bytes: &[u8]) -> Result<Rendering, Error> {
    let broken = |what: String| document_error(EXPECTED, what);
    check_streams(bytes).map_err(broken)?;
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| {
        broken(match e {
            LoadPdfError::Decryption(e) => format!(
                "an encrypted PDF that needs a password ({e:?}); save it without a password"
            ),
            LoadPdfError::Invalid => {
                "a broken PDF (no readable cross-reference table or page tree)".to_owned()
            }
        })
    })?;
    if pdf.len() > MAX_OBJECTS {
        return Err(broken(format!(
            "a PDF of {} objects (at most {MAX_OBJECTS} are read)",
            pdf.len()
        )));
    }
    let pages = pdf.pages();
    if pages.len() > MAX_PAGES {
        return Err(broken(format!(
            "a PDF of {} pages (at most {MAX_PAGES} are read)",
            pages.len()
        )));
    }
    let mut budget = Budget::default();
    let mut fonts = Fonts::default();
    let mut contents = Vec::with_capacity(pages.len());
    for page in pages.iter() {
        let data = page_content(page.raw(), &mut budget);
        if let Some(e) = budget.exceeded.take() {
            return Err(broken(e));
        }
        let base = page.initial_transform(true).as_coeffs();
        let height = f64::from(page.render_dimensions().1);
        // Resources as the page tree gives them (inherited ones too).
        let resources = page.resources();
        let content = content::interpret(
            &data,
            (&resources.fonts, &resources.x_objects),
            base,
            height,
            &mut budget,
            &mut fonts,
        )
        .map_err(broken)?;
        if let Some(e) = budget.exceeded.take() {
            return Err(broken(e));
        }
        contents.push(content);
    }
    if contents.iter().all(|c| c.glyphs.is_empty()) {
        let images: usize = contents.iter().map(|c| c.images).sum();
        return Err(broken(if images > 0 {
            format!(
                "a PDF without a text layer ({} pages, {images} images: a scanned report?); \
                 run OCR on it first (e.g. ocrmypdf) and read the result",
                contents.len()
            )
        } else {
            format!("a PDF of {} pages without any text", contents.len())
        }));
    }
    let title = pdf.metadata().title.as_deref().map(info_text);
    Ok(lay_out(&contents, title.as_deref().unwrap_or("")))
}

/// A text string of the document information (UTF-16BE or UTF-8 with their
/// byte order marks, else PDFDocEncoding read as Latin-1).
fn info_text(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(utf8) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// Limits on the work one file may cause.
#[derive(Debug, Default)]
pub(super) struct Budget {
    operators: usize,
    decoded: usize,
    items: usize,
    /// The first limit passed, if any.
    exceeded: Option<String>,
}

impl Budget {
    fn operator(&mut self) -> Result<(), String> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(format!("content of more than {MAX_OPERATORS} operators"));
        }
        Ok(())
    }

    fn items(&mut self, n: usize) -> Result<(), ()> {
        self.items += n;
        if self.items > MAX_ITEMS {
            self.exceeded
                .get_or_insert_with(|| format!("more than {MAX_ITEMS} glyphs and rules"));
            return Err(());
        }
        Ok(())
    }
}

/// A stream's decoded data, counted against the budget (`None` if it cannot
/// be decoded or the budget is spent).
pub(super) fn decode_stream(stream: &Stream<'_>, budget: &mut Budget) -> Option<Vec<u8>> {
    if budget.exceeded.is_some() {
        return None;
    }
    let data = stream.decoded_data().ok()?;
    budget.decoded += data.len();
    if budget.decoded > MAX_DECODED {
        budget.exceeded = Some(format!(
            "more than {MAX_DECODED} bytes of content once decoded"
        ));
        return None;
    }
    Some(data.into_owned())
}

/// The page's content streams, concatenated.
fn page_content(page: &Dict<'_>, budget: &mut Budget) -> Vec<u8> {
    if let Some(s) = page.get::<Stream<'_>>(b"Contents".as_slice()) {
        return decode_stream(&s, budget).unwrap_or_default();
    }
    let mut out = Vec::new();
    if let Some(a) = page.get::<Array<'_>>(b"Contents".as_slice()) {
        for s in a.iter::<Stream<'_>>().take(10_000) {
            if let Some(data) = decode_stream(&s, budget) {
                out.extend_from_slice(&data);
                out.push(b'\n');
            }
        }
    }
    out
}

/// Refuses a file one of whose Flate streams inflates past [`MAX_STREAM`]
/// (a decompression bomb), before any object is decoded. Only streams that
/// could inflate that far are tried (deflate inflates at most ~1032 times),
/// and not font programs or images, which are never decoded.
fn check_streams(bytes: &[u8]) -> Result<(), String> {
    use miniz_oxide::inflate::stream::{InflateState, inflate};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    const MAX_RATIO: usize = 1032;
    let mut at = 0;
    let mut buf = vec![0u8; 64 << 10];
    while let Some(k) = memchr::memmem::find(&bytes[at..], b"stream") {
        let start = at + k + 6;
        at = start;
        if bytes[..start - 6].ends_with(b"end") {
            continue;
        }
        let data = match &bytes[start..] {
            [b'\r', b'\n', rest @ ..] | [b'\n', rest @ ..] | [b'\r', rest @ ..] => rest,
            _ => continue,
        };
        let len = memchr::memmem::find(data, b"endstream").unwrap_or(data.len());
        if len.saturating_mul(MAX_RATIO) <= MAX_STREAM || never_decoded(&bytes[..start - 6]) {
            continue;
        }
        let zlib = data.first().is_some_and(|b| b & 0x0F == 8);
        let mut state = InflateState::new_boxed(if zlib {
            DataFormat::ZLibIgnoreChecksum
        } else {
            DataFormat::Raw
        });
        let (mut read, mut out) = (0usize, 0usize);
        loop {
            let r = inflate(&mut state, &data[read..len], &mut buf, MZFlush::None);
            read += r.bytes_consumed;
            out += r.bytes_written;
            if out > MAX_STREAM {
                return Err(format!(
                    "a stream that inflates past {MAX_STREAM} bytes (a decompression bomb?)"
                ));
            }
            let done = !matches!(r.status, Ok(MZStatus::Ok));
            if done || (r.bytes_consumed == 0 && r.bytes_written == 0) {
                break;
            }
        }
        at = start + len;
    }
    Ok(())
}

/// Whether the stream whose dictionary ends `before` is one that is never
/// decoded here: an embedded font program (`/Length1`…) or an image.
fn never_decoded(before: &[u8]) -> bool {
    let window = &before[before.len().saturating_sub(2048)..];
    let dict = match memchr::memmem::rfind(window, b"obj") {
        Some(i) => &window[i..],
        None => window,
    };
    [&b"/Length1"[..], b"/Length2", b"/Length3", b"/Image"]
        .iter()
        .any(|key| memchr::memmem::find(dict, key).is_some())
}

/// Lays the pages out as the rendering. A `/Title` that names the report
/// (`…2019年度政府信息公开工作年度报告_…网站`) gets a first line, as a
/// page's `<title>` does (see [`crate::markup::title`]): the body's line
/// that prints it, or the title without the site's name.
fn lay_out(pages: &[PageContent], title: &str) -> Rendering {
    let mut r = Renderer::default();
    let mut starts = Vec::with_capacity(pages.len());
    let mut table_open = false;
    let mut work = grid::MAX_WORK;
    for page in pages {
        starts.push(r.len());
        let mut used = vec![false; page.glyphs.len()];
        let tables = grid::tables(&page.rules, &page.glyphs, &mut used, &mut work);
        let free: Vec<&Glyph> = page
            .glyphs
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(g, _)| g)
            .collect();
        let lines: Vec<lines::Line<'_>> = lines::group(free)
            .into_iter()
            .filter(|l| !page_number(l, page.height))
            .collect();
        // Blocks top to bottom: lines and tables by their top.
        let mut li = lines.iter().peekable();
        let mut ti = tables.iter().peekable();
        loop {
            let line_y = li.peek().map(|l| l.y - l.size);
            let table_y = ti.peek().map(|t| t.top);
            match (line_y, table_y) {
                (None, None) => break,
                (Some(ly), Some(ty)) if ly < ty => {}
                (Some(_), None) => {}
                _ => {
                    let t = ti.next().expect("peeked");
                    let rows: Vec<Vec<Vec<String>>> = t
                        .rows
                        .iter()
                        .map(|row| {
                            row.iter()
                                .map(|cell| {
                                    let glyphs = cell.iter().map(|&k| &page.glyphs[k]).collect();
                                    lines::group(glyphs).iter().map(|l| l.text()).collect()
                                })
                                .collect()
                        })
                        .collect();
                    let mut skip = 0;
                    if table_open {
                        skip = continued_cells(rows.first().map_or(&[][..], |r| &r[..]));
                    } else {
                        r.table_start();
                        table_open = true;
                    }
                    for row in &rows {
                        r.row_start();
                        for cell in row.iter().skip(std::mem::take(&mut skip)) {
                            r.cell_start();
                            for line in cell {
                                r.text(line);
                                r.block_break();
                            }
                            r.cell_end();
                        }
                        r.row_end();
                    }
                    continue;
                }
            }
            let line = li.next().expect("peeked");
            if table_open {
                r.table_end();
                table_open = false;
            }
            r.line(&line.text());
        }
    }
    let body = r.finish();
    let head = crate::markup::title::without_site(title.trim());
    if !crate::markup::title::names_report(head) {
        return Rendering {
            text: body,
            pages: starts,
        };
    }
    let mut line = crate::markup::title::title(head, &body).trim().to_owned();
    line.push('\n');
    Rendering {
        text: format!("{line}{body}"),
        // The title line counts as the first page's.
        pages: starts
            .iter()
            .enumerate()
            .map(|(i, s)| if i == 0 { 0 } else { s + line.len() })
            .collect(),
    }
}

/// How many cells that start the first row of a table run on from the page
/// before continue cells merged there (labels merged over rows, which the
/// page break cuts): the blank cells before a label. Blank cells before a
/// number are blank data, and are kept.
fn continued_cells(row: &[Vec<String>]) -> usize {
    let blank = row.iter().take_while(|c| c.is_empty()).count();
    let label = row.get(blank).is_some_and(|cell| {
        cell.concat()
            .chars()
            .any(|c| !(c.is_ascii_digit() || c.is_whitespace() || ".,-+%".contains(c)))
    });
    if label { blank } else { 0 }
}

/// A page number in the top or bottom tenth of the page (`3`, `- 3 -`,
/// `第3页 共5页`, `3/5`).
fn page_number(line: &lines::Line<'_>, height: f64) -> bool {
    if line.y > 0.1 * height && line.y < 0.9 * height {
        return false;
    }
    let text = line.text();
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "-—–－/第页共PpageoOf".contains(c))
}
