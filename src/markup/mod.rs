//! Front ends for marked-up documents: HTML pages (feature `html`) and DOCX
//! files (feature `docx`), rendered as the text the cell layer reads.
//!
//! The rendering keeps what the markup knows and text extraction loses:
//! - a paragraph (or any other block) is a line;
//! - a table row is a line of tab-separated cells, and a blank cell
//!   (`<td>&nbsp;</td>`, an empty `w:tc`) is an empty piece between two tabs,
//!   so it stays a cell;
//! - a table is set off by empty lines; a table inside a table cell (a page
//!   laid out with tables) is rendered in place, its rows as lines;
//! - a cell's text is one piece: its line breaks and runs of whitespace
//!   become one space, dropped between two non-ASCII characters (labels
//!   wrapped inside a cell, `本年新<br>制作数量`, read whole).
//!
//! A merged cell (`rowspan`, `colspan`, `w:gridSpan`, `w:vMerge`) is written
//! once, where it starts, and never repeated in the rows or columns it
//! covers. The template fixes the order of every table's cells, and that
//! order, not the grid position, is what the grammars read: published pages
//! span their header columns differently from their data rows (a header
//! `自然人` over two grid columns above one data column, a number spanning
//! three columns of a one-column row), so grid positions would mislead
//! where the order does not.

#[cfg(feature = "docx")]
pub mod docx;
#[cfg(feature = "html")]
pub mod html;

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
                if prev.is_some_and(|p| p.is_ascii() || c.is_ascii()) {
                    self.block.push(' ');
                }
                self.space = false;
            }
            self.block.push(c);
        }
    }

    /// A line break or block boundary (`<br>`, `</p>`, `w:p`): ends a
    /// paragraph; inside a table cell, separates the cell's text like a space.
    pub(crate) fn block_break(&mut self) {
        if self.in_cell() {
            self.space = !self.block.is_empty();
        } else {
            self.flush_paragraph();
        }
    }

    /// A table starts. Inside a cell, the cell becomes the table's container:
    /// the row so far is written and the inner table's rows follow.
    pub(crate) fn table_start(&mut self) {
        if self.in_cell() {
            let outer = self.tables.last_mut().expect("in a cell");
            outer.row.push(std::mem::take(&mut self.block));
            outer.in_cell = false;
            self.space = false;
            self.flush_row();
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

    /// A table cell ends.
    pub(crate) fn cell_end(&mut self) {
        if !self.in_cell() {
            return;
        }
        let cell = cell_text(std::mem::take(&mut self.block));
        self.space = false;
        let table = self.tables.last_mut().expect("in a cell");
        table.row.push(cell);
        table.in_cell = false;
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
            for (i, cell) in table.row.iter().enumerate() {
                if i > 0 {
                    self.out.push('\t');
                }
                self.out.push_str(cell);
            }
            self.out.push('\n');
        }
        table.row.clear();
    }
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
    fn rows_are_lines_of_tab_separated_cells_with_blanks_kept() {
        let text = render(|r| {
            r.text("二、主动公开");
            r.block_break();
            r.table_start();
            for row in [["规章", "", "3"], ["", "", ""], ["规范性文件", "1,234", " 5 "]] {
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
            "二、主动公开\n\n规章\t\t3\n规范性文件\t1234\t5\n\n三、\n"
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
        assert_eq!(text, "\n本年新制作数量\ta b/c\n\n");
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
        assert_eq!(text, "\n导航\t\n\n规章\t1\n\n页脚\n\n");
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
