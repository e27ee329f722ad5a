//! Front ends for marked-up documents: HTML pages (feature `html`), DOCX
//! files (feature `docx`) and PDF files (feature `pdf`), rendered as the
//! text the cell layer reads.
//!
//! The rendering keeps what the markup knows and text extraction loses:
//! - a paragraph (or any other block) is a line;
//! - a table row is a line of cells framed by `|` (`|规章||3|`), and a
//!   blank cell (`<td>&nbsp;</td>`, an empty `w:tc`) is an empty piece
//!   between two bars, so it stays a cell, first and last on a row too;
//! - a table is set off by empty lines; a table inside a table cell (a page
//!   laid out with tables) is rendered in place, its rows as lines;
//! - a cell's text is one piece: a run of whitespace becomes one space
//!   between two ASCII characters and nothing otherwise; a line break joins
//!   two ASCII letters with a space and anything else directly (labels
//!   wrapped inside a cell, `本年新<br>制作数量`, `5<br>.属于…`, read whole);
//! - a cell that holds a table, or several paragraphs of more than 200
//!   characters, is the page's layout rather than a datum: its paragraphs
//!   are lines.
//!
//! A merged cell (`rowspan`, `colspan`, `w:gridSpan`, `w:vMerge`) is written
//! once, where it starts, and never repeated in the rows or columns it
//! covers. The template fixes the order of every table's cells, and that
//! order, not the grid position, is what the grammars read: published pages
//! span their header columns differently from their data rows (a header
//! `自然人` over two grid columns above one data column, a number spanning
//! three columns of a one-column row), so grid positions would mislead
//! where the order does not.

// The renderer serves the front ends; without them it is unused.
#![cfg_attr(
    not(any(feature = "html", feature = "docx", feature = "pdf")),
    allow(dead_code)
)]

#[cfg(feature = "docx")]
pub mod docx;
#[cfg(feature = "html")]
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(any(feature = "html", feature = "pdf"))]
pub mod title;

/// Marks a block boundary inside a cell's text until the cell ends.
const BREAK: char = '\n';
/// Longest cell of several paragraphs still read as one datum.
const MAX_CELL_CHARS: usize = 200;

/// Builds the rendering from a document's structure, in document order.
#[derive(Debug, Default)]
pub(crate) struct Renderer {
    out: String,
    /// The text of the block being read: a paragraph, or a table cell.
    block: String,
    /// Whitespace was seen since the last character of `block`.
    space: bool,
    /// Open tables, innermost last.
    tables: Vec<Table>,
}

#[derive(Debug, Default)]
struct Table {
    /// Cells of the row being read.
    row: Vec<String>,
    /// A cell is open (its text is `Renderer::block`).
    in_cell: bool,
}

impl Renderer {
    /// Adds text to the current block.
    pub(crate) fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() {
                self.space = !self.block.is_empty();
                continue;
            }
            if self.space {
                let prev = self.block.chars().next_back();
                if prev.is_some_and(|p| p != BREAK && p.is_ascii() && c.is_ascii()) {
                    self.block.push(' ');
                }
                self.space = false;
            }
            self.block.push(c);
        }
    }

    /// A line break or block boundary (`<br>`, `</p>`, `w:p`): ends a
    /// paragraph. Inside a table cell it is kept until the cell ends: a
    /// cell's pieces are joined as one, unless the cell turns out to hold the
    /// page's layout rather than a datum (see [`Renderer::cell_end`]).
    pub(crate) fn block_break(&mut self) {
        if self.in_cell() {
            if !self.block.is_empty() && !self.block.ends_with(BREAK) {
                self.block.push(BREAK);
            }
            self.space = false;
        } else {
            self.flush_paragraph();
        }
    }

    /// A table starts. Inside a cell, the cell becomes the table's container:
    /// the row so far is written and the inner table's rows follow.
    pub(crate) fn table_start(&mut self) {
        if self.in_cell() {
            self.cell_to_paragraphs();
        } else {
            self.flush_paragraph();
        }
        self.out.push('\n');
        self.tables.push(Table::default());
    }

    /// A table ends (rows and cells left open are closed).
    pub(crate) fn table_end(&mut self) {
        if self.tables.is_empty() {
            return;
        }
        self.row_end();
        self.flush_paragraph();
        self.tables.pop();
        self.out.push('\n');
    }

    /// A table row starts.
    pub(crate) fn row_start(&mut self) {
        self.row_end();
    }

    /// A table row ends: written as a line, unless every cell is blank.
    pub(crate) fn row_end(&mut self) {
        self.cell_end();
        self.flush_row();
    }

    /// A table cell starts (a cell outside any row opens one).
    pub(crate) fn cell_start(&mut self) {
        if self.tables.is_empty() {
            return;
        }
        self.cell_end();
        // Text between cells is not a cell's: write it as a paragraph.
        self.flush_paragraph();
        if let Some(table) = self.tables.last_mut() {
            table.in_cell = true;
        }
    }

    /// A table cell ends. A cell of several paragraphs and more than
    /// [`MAX_CELL_CHARS`] characters is the page's layout, not a datum: its
    /// paragraphs are written as lines (as is a cell that holds a table).
    pub(crate) fn cell_end(&mut self) {
        if !self.in_cell() {
            return;
        }
        if self.block.contains(BREAK) && self.block.chars().count() > MAX_CELL_CHARS {
            self.cell_to_paragraphs();
            return;
        }
        let cell = cell_text(join_pieces(&std::mem::take(&mut self.block)));
        self.space = false;
        let table = self.tables.last_mut().expect("in a cell");
        table.row.push(cell);
        table.in_cell = false;
    }

    /// The open cell holds layout: the row so far is written, then the
    /// cell's paragraphs, each a line; what follows in the cell is read as
    /// paragraphs too.
    fn cell_to_paragraphs(&mut self) {
        let block = std::mem::take(&mut self.block);
        self.space = false;
        if let Some(table) = self.tables.last_mut() {
            table.in_cell = false;
        }
        self.flush_row();
        for piece in block.split(BREAK).filter(|p| !p.is_empty()) {
            self.out.push_str(piece);
            self.out.push('\n');
        }
    }

    /// The open cell continues a merged cell above it: it is not written.
    #[cfg_attr(not(feature = "docx"), allow(dead_code))]
    pub(crate) fn cell_skip(&mut self) {
        if let Some(table) = self.tables.last_mut().filter(|t| t.in_cell) {
            table.in_cell = false;
            self.block.clear();
            self.space = false;
        }
    }

    /// A line written as it is, spaces kept (a PDF's line rebuilt from its
    /// baseline, whose gaps part columns): ends the paragraph before it.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(crate) fn line(&mut self, line: &str) {
        self.flush_paragraph();
        let line = line.trim_end();
        if !line.trim_start().is_empty() {
            self.out.push_str(&line.replace(['\n', '\r'], " "));
            self.out.push('\n');
        }
    }

    /// Bytes written so far (a paragraph or row still open not counted).
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// The rendering.
    pub(crate) fn finish(mut self) -> String {
        while !self.tables.is_empty() {
            self.table_end();
        }
        self.flush_paragraph();
        self.out
    }

    fn in_cell(&self) -> bool {
        self.tables.last().is_some_and(|t| t.in_cell)
    }

    fn flush_paragraph(&mut self) {
        if !self.block.is_empty() {
            self.out.push_str(&self.block);
            self.out.push('\n');
            self.block.clear();
        }
        self.space = false;
    }

    fn flush_row(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        if table.row.iter().any(|c| !c.is_empty()) {
            self.out.push('|');
            for cell in &table.row {
                self.out.push_str(cell);
                self.out.push('|');
            }
            self.out.push('\n');
        }
        table.row.clear();
    }
}

/// A cell's pieces joined as one: with a space between two ASCII letters
/// (words), directly otherwise (`本年新` + `制作数量`, `5` + `.属于…`).
fn join_pieces(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    for piece in block.split(BREAK).filter(|p| !p.is_empty()) {
        let words = out
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && piece.starts_with(|c: char| c.is_ascii_alphabetic());
        if words {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// A cell's text as the cell layer must see it: one piece. Thousands
/// separators in a number (`1,234`) are dropped, since a comma next to a
/// digit separates cells in text layouts; a `|` (a cell separator there
/// too) becomes `/`.
fn cell_text(text: String) -> String {
    let grouped = {
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut groups = int.strip_prefix('-').unwrap_or(int).split(',');
        let head = groups.next().unwrap_or("");
        text.contains(',')
            && (1..=3).contains(&head.len())
            && head.bytes().all(|b| b.is_ascii_digit())
            && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
            && frac.bytes().all(|b| b.is_ascii_digit())
    };
    if grouped {
        text.replace(',', "")
    } else if text.contains('|') {
        text.replace('|', "/")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(build: impl FnOnce(&mut Renderer)) -> String {
        let mut r = Renderer::default();
        build(&mut r);
        r.finish()
    }

    #[test]
    fn rows_are_lines_of_cells_framed_by_bars_with_blanks_kept() {
        let text = render(|r| {
            r.text("二、主动公开");
            r.block_break();
            r.table_start();
            for row in [
                ["规章", "", "3"],
                ["", "", ""],
                ["规范性文件", "1,234", " 5 "],
            ] {
                r.row_start();
                for cell in row {
                    r.cell_start();
                    r.text(cell);
                    r.cell_end();
                }
                r.row_end();
            }
            r.table_end();
            r.text("三、");
        });
        assert_eq!(
            text,
            "二、主动公开\n\n|规章||3|\n|规范性文件|1234|5|\n\n三、\n"
        );
    }

    #[test]
    fn a_cell_is_one_piece() {
        let text = render(|r| {
            r.table_start();
            r.cell_start();
            r.text("  本年新 ");
            r.block_break();
            r.text("制作\u{3000}数量");
            r.cell_start();
            r.text("a\n b|c");
        });
        assert_eq!(text, "\n|本年新制作数量|a b/c|\n\n");
    }

    #[test]
    fn a_table_in_a_cell_is_rendered_in_place() {
        let text = render(|r| {
            r.table_start();
            r.cell_start();
            r.text("导航");
            r.cell_start();
            r.table_start();
            r.cell_start();
            r.text("规章");
            r.cell_start();
            r.text("1");
            r.table_end();
            r.text("页脚");
            r.table_end();
        });
        assert_eq!(text, "\n|导航|\n\n|规章|1|\n\n页脚\n\n");
    }

    #[test]
    fn only_grouped_digits_lose_their_commas() {
        assert_eq!(cell_text("12,345.5".into()), "12345.5");
        assert_eq!(cell_text("-1,000".into()), "-1000");
        assert_eq!(cell_text("12,34".into()), "12,34");
        assert_eq!(cell_text("1,2,3".into()), "1,2,3");
        assert_eq!(cell_text("规章,1".into()), "规章,1");
    }
}
