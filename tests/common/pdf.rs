//! A small PDF writer for tests: reports as PDF files with one CID font
//! (`Identity-H`, a `ToUnicode` CMap, no embedded program), ruled tables
//! (merged and blank cells, labels wrapped in their cells, tables running
//! on over page breaks), page numbers, and by the style's choice rotated
//! pages, rules as thin filled rectangles, glyphs painted twice (synthetic
//! bold), underlines in cells and one-character-wide label columns.

use std::collections::HashMap;
use std::fmt::Write;

use super::{C, Style, blocks, spans};
use xxgk::model::Report;

const PAGE_W: f64 = 595.0;
const PAGE_H: f64 = 842.0;
const MARGIN: f64 = 40.0;
const SIZE: f64 = 9.0;
const LEAD: f64 = 12.0;

/// Text and rules laid out on pages, then written as a PDF file.
pub struct Writer {
    codes: HashMap<char, u16>,
    pages: Vec<String>,
    y: f64,
    style: Style,
    rotate: bool,
    thin_rects: bool,
    bold: bool,
    /// Tables are ruled (else their cells stand apart by white space only).
    pub ruled: bool,
}

impl Writer {
    pub fn new(style: Style) -> Writer {
        let mut w = Writer {
            codes: HashMap::new(),
            pages: Vec::new(),
            y: 0.0,
            style,
            rotate: false,
            thin_rects: false,
            bold: false,
            ruled: true,
        };
        w.rotate = w.style.pick(3) == 0;
        w.thin_rects = w.style.pick(2) == 0;
        w.bold = w.style.pick(2) == 0;
        w.new_page();
        w
    }

    fn new_page(&mut self) {
        self.pages.push(String::new());
        self.y = PAGE_H - MARGIN;
    }

    fn out(&mut self) -> &mut String {
        self.pages.last_mut().expect("a page")
    }

    /// Room for `h` points more on the page, or a new page.
    fn room(&mut self, h: f64) -> bool {
        if self.y - h < MARGIN + 20.0 {
            self.new_page();
            return true;
        }
        false
    }

    fn hex(&mut self, text: &str) -> String {
        let mut s = String::from("<");
        for c in text.chars() {
            let next = self.codes.len() as u16 + 1;
            let code = *self.codes.entry(c).or_insert(next);
            write!(s, "{code:04X}").unwrap();
        }
        s.push('>');
        s
    }

    /// Shows `text` with its baseline at (x, y); sometimes twice (fill,
    /// then stroke a hair to the right: synthetic bold).
    pub fn show(&mut self, x: f64, y: f64, text: &str) {
        let hex = self.hex(text);
        let twice = self.bold && self.style.pick(4) == 0;
        let out = self.out();
        writeln!(out, "BT /F1 {SIZE} Tf {x:.2} {y:.2} Td {hex} Tj ET").unwrap();
        if twice {
            writeln!(
                out,
                "BT 1 Tr /F1 {SIZE} Tf {:.2} {y:.2} Td {hex} Tj ET 0 Tr",
                x + 0.3
            )
            .unwrap();
        }
    }

    fn width(text: &str) -> f64 {
        text.chars()
            .map(|c| if c.is_ascii() { SIZE * 0.5 } else { SIZE })
            .sum()
    }

    /// A paragraph, wrapped at the page's width.
    pub fn paragraph(&mut self, text: &str) {
        for line in wrap(text, PAGE_W - 2.0 * MARGIN) {
            self.room(LEAD);
            self.y -= LEAD;
            let y = self.y;
            self.show(MARGIN, y, &line);
        }
    }

    fn rule(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        if !self.ruled {
            return;
        }
        let thin = self.thin_rects;
        let out = self.out();
        if thin {
            let (w, h) = ((x1 - x0).abs().max(0.5), (y1 - y0).abs().max(0.5));
            writeln!(
                out,
                "{:.2} {:.2} {w:.2} {h:.2} re f",
                x0.min(x1),
                y0.min(y1)
            )
            .unwrap();
        } else {
            writeln!(out, "0.5 w {x0:.2} {y0:.2} m {x1:.2} {y1:.2} l S").unwrap();
        }
    }

    /// A ruled table: rows of cells (merged blanks `C::M` as spans), on one
    /// column grid; a row that does not fit goes to the next page.
    pub fn table(&mut self, rows: &[Vec<C>]) {
        let rows: Vec<Vec<(Option<&C>, usize)>> = rows.iter().map(|r| spans(r)).collect();
        let ncols = rows
            .iter()
            .map(|r| r.iter().map(|(_, s)| s).sum::<usize>())
            .max()
            .unwrap_or(1);
        let width = PAGE_W - 2.0 * MARGIN;
        let first = if ncols == 1 {
            width
        } else if self.style.pick(3) == 0 {
            SIZE + 6.0 // one character a line
        } else {
            width * 0.3
        };
        let rest = if ncols > 1 {
            (width - first) / (ncols - 1) as f64
        } else {
            0.0
        };
        let xs: Vec<f64> = (0..=ncols)
            .map(|c| {
                if c == 0 {
                    MARGIN
                } else {
                    MARGIN + first + rest * (c - 1) as f64
                }
            })
            .collect();
        self.y -= 6.0;
        let mut top_of_page = false;
        for row in &rows {
            // The cells' columns and wrapped lines.
            let mut placed = Vec::new();
            let mut col = 0;
            for (k, (cell, span)) in row.iter().enumerate() {
                let end = if k + 1 == row.len() {
                    ncols
                } else {
                    (col + span).min(ncols)
                };
                let text = match cell {
                    Some(C::L(l)) => (*l).to_owned(),
                    Some(C::V(Some(v))) => v.clone(),
                    _ => String::new(),
                };
                let lines = wrap(&text, xs[end] - xs[col] - 4.0);
                placed.push((col, end, cell.is_none(), lines));
                col = end;
            }
            let n = placed.iter().map(|p| p.3.len()).max().unwrap_or(1).max(1);
            let h = n as f64 * LEAD + 4.0;
            if self.y - h < MARGIN + 20.0 {
                // The page's last row closed (or, by the style's choice, left
                // open: the verticals end where the rule would be).
                if self.style.pick(2) == 0 {
                    let y = self.y;
                    self.rule(xs[0], y, xs[ncols], y);
                }
                self.new_page();
                top_of_page = true;
            }
            let (top, bottom) = (self.y, self.y - h);
            for (c0, c1, merged, lines) in &placed {
                let (x0, x1) = (xs[*c0], xs[*c1]);
                if !*merged || top_of_page {
                    self.rule(x0, top, x1, top);
                }
                self.rule(x0, top, x0, bottom);
                self.rule(x1, top, x1, bottom);
                for (i, line) in lines.iter().enumerate() {
                    let y = top - LEAD * (i + 1) as f64 + 1.0;
                    self.show(x0 + 2.0, y, line);
                    if i == 0 && self.style.pick(8) == 0 {
                        // An underline under the text: no rule of the table.
                        let w = Self::width(line).min(x1 - x0 - 8.0);
                        self.rule(x0 + 2.0, y - 1.5, x0 + 2.0 + w, y - 1.5);
                    }
                }
            }
            top_of_page = false;
            self.y = bottom;
        }
        let y = self.y;
        self.rule(xs[0], y, xs[ncols], y);
        self.y -= 6.0;
    }

    /// The PDF file.
    pub fn finish(mut self) -> Vec<u8> {
        let n = self.pages.len();
        // Page numbers at the foot.
        for i in 0..n {
            let hex = self.hex(&format!("- {} -", i + 1));
            writeln!(
                self.pages[i],
                "BT /F1 {SIZE} Tf {:.2} {:.2} Td {hex} Tj ET",
                PAGE_W / 2.0 - 10.0,
                MARGIN / 2.0
            )
            .unwrap();
        }
        let mut objects: Vec<Vec<u8>> = Vec::new();
        // 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, then pages.
        objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
        let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
        objects
            .push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
        objects.push(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
              /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
                .to_vec(),
        );
        let mut codes: Vec<(char, u16)> = self.codes.iter().map(|(c, k)| (*c, *k)).collect();
        codes.sort_by_key(|(_, k)| *k);
        let widths: Vec<String> = codes
            .iter()
            .map(|(c, k)| format!("{k} [{}]", if c.is_ascii() { 500 } else { 1000 }))
            .collect();
        objects.push(
            format!(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                 /DW 1000 /W [{}] >>",
                widths.join(" ")
            )
            .into_bytes(),
        );
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
             1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
        );
        for chunk in codes.chunks(100) {
            writeln!(cmap, "{} beginbfchar", chunk.len()).unwrap();
            for (c, k) in chunk {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                writeln!(cmap, "<{k:04X}> <{hex}>").unwrap();
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
        objects.push(stream("", cmap.as_bytes()));
        for page in &self.pages {
            let (media, content) = if self.rotate {
                (
                    format!("[0 0 {PAGE_H} {PAGE_W}] /Rotate 90"),
                    format!("q 0 1 -1 0 {PAGE_H} 0 cm\n{page}Q\n"),
                )
            } else {
                (format!("[0 0 {PAGE_W} {PAGE_H}]"), page.clone())
            };
            let next = objects.len() + 2;
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox {media} \
                     /Resources << /Font << /F1 3 0 R >> >> /Contents {next} 0 R >>"
                )
                .into_bytes(),
            );
            objects.push(stream("", content.as_bytes()));
        }
        write_pdf(&objects, "")
    }
}

/// A stream object with extra dictionary entries.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// A PDF file of the given objects (numbered from 1, the first the
/// catalog), with a cross-reference table and extra trailer entries.
pub fn write_pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Text cut into lines no wider than `width` points.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut w = 0.0;
    for c in text.chars() {
        let cw = if c.is_ascii() { SIZE * 0.5 } else { SIZE };
        if w + cw > width && !lines.last().unwrap().is_empty() {
            lines.push(String::new());
            w = 0.0;
        }
        lines.last_mut().unwrap().push(c);
        w += cw;
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// The report as a PDF file.
pub fn pdf(r: &Report, style: Style) -> Vec<u8> {
    pdf_with(r, Writer::new(style))
}

/// The report as a PDF file whose tables have no rules.
pub fn unruled_pdf(r: &Report, style: Style) -> Vec<u8> {
    let mut w = Writer::new(style);
    w.ruled = false;
    pdf_with(r, w)
}

fn pdf_with(r: &Report, mut w: Writer) -> Vec<u8> {
    for block in blocks(r) {
        match block {
            Ok(p) => w.paragraph(&p),
            Err(rows) => w.table(&rows),
        }
    }
    w.finish()
}
