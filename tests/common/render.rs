//! A generator of realistic renderings: a report printed in every layout the
//! crate reads (cell per line, blank-line separated, tab rows, HTML visible
//! text, `pdftotext -layout`, markdown pipes, CSV, crawler text flattened to
//! one line, glued digit runs), with the phenomena of real reports drawn at
//! random (labels wrapped or broken, label variants and typos, null marks,
//! rows left out, measure words and notes in cells). Each rendering carries
//! the truth it prints and the cells its text does not determine, and
//! [`score`] compares a lenient parse with that truth: every cell right, or
//! unread with a diagnostic; never a wrong number, never a silent null.

use std::collections::{HashMap, HashSet};

use xxgk::model::{Number, Report};

use super::{C, NULL_MARKS, OTHER, OVERVIEW, PROBLEMS, Style};

/// A layout a report is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// A cell per line with a tab indent, rows separated by an empty line,
    /// merged cells as blank `\t` lines.
    CellTab,
    /// A cell per line, every cell followed by an empty line; merged cells
    /// and (without null marks) blank cells leave nothing.
    BlankLines,
    /// Tab-separated rows with the merged cells' blanks.
    TabRows,
    /// The visible text of an HTML page: a cell per line, no indent, blank
    /// cells as a line holding a space, a `<br>` in a cell as a line break.
    HtmlText,
    /// `pdftotext -layout`: labels in a column of some width, wrapped onto
    /// continuation lines, numbers in columns separated by two spaces or
    /// more, on the label's first, middle or last line.
    Pdftotext,
    /// Markdown pipe tables.
    Markdown,
    /// Comma-separated rows.
    Csv,
    /// Crawler text: everything after the title on one line, single spaces
    /// between cells, merged cells gone.
    OneLine,
    /// Crawler text with the cells run together: labels glued to each other
    /// and to their row's digits, with some spaces left over.
    Glued,
}

/// Every layout, in the order the measurement prints them.
pub const ALL: [Layout; 9] = [
    Layout::CellTab,
    Layout::BlankLines,
    Layout::TabRows,
    Layout::HtmlText,
    Layout::Pdftotext,
    Layout::Markdown,
    Layout::Csv,
    Layout::OneLine,
    Layout::Glued,
];

impl Layout {
    /// Its short name.
    pub fn name(self) -> &'static str {
        match self {
            Layout::CellTab => "cell/tab",
            Layout::BlankLines => "blank lines",
            Layout::TabRows => "tab rows",
            Layout::HtmlText => "html text",
            Layout::Pdftotext => "pdftotext -layout",
            Layout::Markdown => "markdown",
            Layout::Csv => "csv",
            Layout::OneLine => "one line",
            Layout::Glued => "glued",
        }
    }

    /// Whether the layout comes from a paged document (see
    /// [`Phenomena::PAGE_BREAK`]).
    fn paged(self) -> bool {
        !matches!(
            self,
            Layout::HtmlText | Layout::Csv | Layout::OneLine | Layout::Glued
        )
    }

    /// Whether the layout keeps the merged cells' blanks (seed 002's pattern).
    fn tab_pattern(self) -> bool {
        matches!(self, Layout::TabRows | Layout::Markdown | Layout::Csv)
    }
}

/// The phenomena of a rendering, as a set of bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Phenomena(pub u8);

impl Phenomena {
    /// Labels wrapped at random characters (a line break inside the cell,
    /// a label column's width, or a space inside the label), under the
    /// Chinese line-start rule.
    pub const WRAP: u8 = 1;
    /// Label variants and typos real reports print (template.md).
    pub const VARIANTS: u8 = 2;
    /// Blank cells printed as `/`, `—`, `无` or `-`.
    pub const NULL_MARKS: u8 = 4;
    /// Rows left out (no 规章 row), （六）2 and 3 printed with no numbers.
    pub const OMITTED: u8 = 8;
    /// Measure words and notes in cells (`1个`, `246900元`, `22（其中修订16件）`).
    pub const UNITS: u8 = 16;
    /// Rows of sections 二 and 三 whose label a converter lost (its cell
    /// gone, or left empty) or mangled into a piece of it (one that other
    /// rows' labels may hold too), as across a page break; in the layouts
    /// that print a row or a cell per line (not on one line, not glued).
    /// A row whose label is lost is determined where it stands between two
    /// rows that read certainly with as many rows of numbers as the
    /// template has rows there (see [`render`]).
    pub const LOST_LABEL: u8 = 32;
    /// Page breaks, in the layouts that come from a paged document (all
    /// but HTML text, CSV, one line and glued): between any two lines, a
    /// page footer (`- 4 -`, `— 4 —`, `第4页`, `第 4 页 共 9 页`, centred
    /// in `pdftotext -layout`), the next page's first line opened by a form
    /// feed or not; inside a table, between a label's lines, anywhere.
    pub const PAGE_BREAK: u8 = 64;
    /// Every phenomenon.
    pub const EVERY: u8 = 127;
    /// Each phenomenon with its name.
    pub const NAMES: [(u8, &'static str); 7] = [
        (Self::WRAP, "wrap"),
        (Self::VARIANTS, "variants"),
        (Self::NULL_MARKS, "null marks"),
        (Self::OMITTED, "omitted rows"),
        (Self::UNITS, "units"),
        (Self::LOST_LABEL, "lost labels"),
        (Self::PAGE_BREAK, "page breaks"),
    ];

    /// Whether the set holds `p`.
    pub fn has(self, p: u8) -> bool {
        self.0 & p != 0
    }

    /// The names of the phenomena in the set (`none` for none).
    pub fn names(self) -> String {
        let names: Vec<&str> = Self::NAMES
            .iter()
            .filter(|(p, _)| self.has(*p))
            .map(|(_, n)| *n)
            .collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join("+")
        }
    }
}

/// A report printed as text, with the truth the text prints and the cells
/// it does not determine.
#[derive(Debug, Clone)]
pub struct Rendering {
    /// The text.
    pub text: String,
    /// What the text prints: the report given, with the cells of rows left
    /// out blank (and, for [`Layout::Glued`], made consistent and with no
    /// blank cell in sections 三 and 四).
    pub truth: Report,
    /// The cells (paths as [`xxgk::model::Place`] prints them) the text does
    /// not determine: a blank dropped where the layout cannot show it, a
    /// glued run that more than one split fits. Such a cell may be unread;
    /// it must still never be wrong.
    pub undetermined: HashSet<String>,
}

/// One cell as the generator sees it.
#[derive(Debug, Clone)]
enum Cell {
    Label(String),
    Value { place: String, num: Option<Number> },
    Merged,
}

type Rows = Vec<Vec<Cell>>;

fn convert(rows: Vec<Vec<C>>, values: &mut std::slice::Iter<'_, xxgk::model::Value>) -> Rows {
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|c| match c {
                    C::L(l) => Cell::Label(l.to_owned()),
                    C::M => Cell::Merged,
                    C::V(text) => {
                        let v = values.next().expect("a value for every cell");
                        assert_eq!(text, v.value.map(|n| n.to_string()), "{}", v.place);
                        Cell::Value {
                            place: v.place.to_string(),
                            num: v.value,
                        }
                    }
                })
                .collect()
        })
        .collect()
}

/// The three tables of `truth`, with each value cell's place.
fn tables(truth: &Report, tab_pattern: bool) -> [Rows; 3] {
    let values = truth.values();
    let mut it = values.iter();
    let a = convert(super::active_rows(&truth.active_disclosure), &mut it);
    let m = convert(super::matrix_rows(&truth.requests, tab_pattern), &mut it);
    let r = convert(super::review_rows(&truth.reviews), &mut it);
    assert!(it.next().is_none(), "every value placed");
    [a, m, r]
}

/// The report made consistent (every relation of template.md holds) with
/// no blank cell in sections 三 and 四, as the glued reader needs to split
/// runs.
pub fn consistent(r: &Report) -> Report {
    use xxgk::model::{OtherDisposal, OtherDisposalItems, ReviewGroup, Row};
    let mut out = r.clone();
    let fill = |row: &Row| {
        let mut c = row.cells().map(|c| c.unwrap_or(0) % 1000);
        c[6] = c[..6].iter().sum();
        c
    };
    let rows: Vec<[u64; 7]> = r.requests.rows().iter().map(|x| fill(x.row)).collect();
    let n = rows.len();
    // Outcome rows: after the two leading rows, before 总计 and 结转.
    let mut total = [0u64; 7];
    for row in &rows[2..n - 2] {
        for (t, c) in total.iter_mut().zip(row) {
            *t += c;
        }
    }
    let forward = rows[n - 1];
    let mut carried = rows[1];
    let mut new = [0u64; 7];
    for j in 0..6 {
        carried[j] = carried[j].min(total[j] + forward[j]);
    }
    carried[6] = carried[..6].iter().sum();
    for j in 0..7 {
        new[j] = total[j] + forward[j] - carried[j];
    }
    let row = |c: [u64; 7]| Row::from_cells(c.map(Some));
    let mut leading: Vec<Row> = rows[..20].iter().map(|c| row(*c)).collect();
    leading[0] = row(new);
    leading[1] = row(carried);
    let other = match &r.requests.other_disposal {
        OtherDisposal::Itemized(_) => OtherDisposal::Itemized(OtherDisposalItems {
            no_amendment: row(rows[20]),
            unpaid_fee: row(rows[21]),
            other: row(rows[22]),
        }),
        OtherDisposal::Single(_) => OtherDisposal::Single(row(rows[20])),
    };
    out.requests = xxgk::model::RequestMatrix::from_rows(
        leading.try_into().expect("20 rows"),
        other,
        row(total),
        row(forward),
    );
    let rv = &mut out.reviews;
    for g in [
        &mut rv.administrative_review,
        &mut rv.litigation_direct,
        &mut rv.litigation_after_review,
    ] {
        let mut c = g.cells().map(|c| c.unwrap_or(0) % 100);
        c[4] = c[..4].iter().sum();
        *g = ReviewGroup::from_cells(c.map(Some));
    }
    out
}

/// Closing punctuation: never starts a line. (ASCII too: the `.` of `2.重复申请`
/// is an infix separator, before which Unicode's line breaking rules (UAX
/// #14, class IS) allow no break either; `．` is class CL; and ASCII quotes,
/// class QU, take no break on either side.)
fn closing(c: char) -> bool {
    "）】」』》，。、；：？！”．).,;:!?\"'".contains(c)
}

/// Opening punctuation: never ends a line (ASCII quotes: see [`closing`]).
fn opening(c: char) -> bool {
    "（【「『《“(\"'".contains(c)
}

/// Moves a break before `chars[k]` back while it would start a line with
/// closing punctuation or end one with opening punctuation, or stand next
/// to an ASCII `"` (either, so never broken next to: UAX #14, LB19);
/// `None` where no break is left after `start`.
fn legal_break(chars: &[char], start: usize, mut k: usize) -> Option<usize> {
    while k > start
        && k < chars.len()
        && (closing(chars[k]) || opening(chars[k - 1]) || chars[k] == '"' || chars[k - 1] == '"')
    {
        k -= 1;
    }
    (k > start && k < chars.len()).then_some(k)
}

/// The label cut in two at a random legal place (or not at all).
fn cut(label: &str, s: &mut Style) -> Vec<String> {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() < 2 {
        return vec![label.to_owned()];
    }
    let k = 1 + s.pick(chars.len() as u64 - 1) as usize;
    match legal_break(&chars, 0, k) {
        Some(k) => vec![chars[..k].iter().collect(), chars[k..].iter().collect()],
        None => vec![label.to_owned()],
    }
}

/// Display width: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The label wrapped greedily into lines of at most `w` columns, under the
/// line-start rule (a line may overrun where no legal break exists).
fn wrap_to(label: &str, w: usize) -> Vec<String> {
    let chars: Vec<char> = label.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut k = start;
        let mut used = 0;
        while k < chars.len() && used + width(&chars[k].to_string()) <= w {
            used += width(&chars[k].to_string());
            k += 1;
        }
        if k >= chars.len() {
            lines.push(chars[start..].iter().collect());
            break;
        }
        let k = legal_break(&chars, start, k.max(start + 1)).unwrap_or(chars.len());
        lines.push(chars[start..k].iter().collect());
        start = k;
    }
    lines
}

/// A label as a report may print it instead of the template's.
fn variant(label: &str, s: &mut Style, half_width: bool, numbering: &str) -> String {
    let mut l = match label {
        "行政规范性文件" if s.pick(2) == 0 => "规范性文件".to_owned(),
        "总计" if s.pick(2) == 0 => "合计".to_owned(),
        "（七）总计" if s.pick(3) == 0 => "（七）合计".to_owned(),
        "（六）其他处理" if s.pick(3) == 0 => "（六）其他".to_owned(),
        "社会公益组织" if s.pick(2) == 0 => "社会公益".to_owned(),
        "法律服务机构" if s.pick(2) == 0 => "法律服务".to_owned(),
        "2.其他法律行政法规禁止公开" => match s.pick(3) {
            0 => "2.其他法律和行政法规禁止公开".to_owned(),
            1 => "2.其他法律行政止公开".to_owned(),
            _ => label.to_owned(),
        },
        "3.危及“三安全一稳定”" => match s.pick(3) {
            0 => "3.危及\"三安全一稳定\"".to_owned(),
            1 => "3.危及三安全一稳定".to_owned(),
            _ => label.to_owned(),
        },
        _ => label.to_owned(),
    };
    let first: Vec<char> = l.chars().take(2).collect();
    if first.len() == 2 && first[0].is_ascii_digit() && first[1] == '.' {
        l = format!(
            "{}{numbering}{}",
            first[0],
            l.chars().skip(2).collect::<String>()
        );
    }
    if half_width && l.starts_with('（') && l.chars().nth(2) == Some('）') {
        let c: Vec<char> = l.chars().collect();
        l = format!("({}) {}", c[1], c[3..].iter().collect::<String>());
    }
    l
}

/// Section headings, with the variants real reports print.
fn headings(s: &mut Style, variants: bool) -> [String; 5] {
    let four = if variants {
        match s.pick(3) {
            0 => "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            1 => "四、政府信息公开行政法复议、行政诉讼情况",
            _ => "四、政府信息公开行政复议、行政诉讼情况",
        }
    } else {
        "四、政府信息公开行政复议、行政诉讼情况"
    };
    [
        "一、总体情况".into(),
        "二、主动公开政府信息情况".into(),
        "三、收到和处理政府信息公开申请情况".into(),
        four.into(),
        "五、存在的主要问题及改进情况".into(),
    ]
}

/// A value's text, with a measure word or note where `units` says so.
fn number_text(place: &str, n: Number, units: bool, s: &mut Style) -> String {
    let plain = n.to_string();
    if !units || !place.starts_with("active_disclosure") {
        return plain;
    }
    match n {
        Number::Count(c) => match s.pick(5) {
            0 => format!("{c}件"),
            1 => format!("{c}个"),
            2 => format!("{c}项"),
            3 if c > 1 => format!("{c}（其中修订{}件）", c / 2),
            _ => plain,
        },
        Number::Amount(a) => {
            let scale = a.scale();
            if scale <= 4 && s.pick(2) == 0 {
                if let Some(yuan) = a.units().checked_mul(10i64.pow(u32::from(4 - scale))) {
                    return format!("{yuan}元");
                }
            }
            if s.pick(2) == 0 {
                format!("{plain}万元")
            } else {
                plain
            }
        }
        Number::Signed(_) => plain,
    }
}

/// Random choices of one rendering.
struct Ctx<'a> {
    s: &'a mut Style,
    ph: Phenomena,
    mark: &'static str,
    half_width: bool,
    numbering: &'static str,
    undetermined: HashSet<String>,
    /// Per table (0: section 二, 1: section 三), the rows (by index in
    /// the table's rows) whose label is lost: `None` gone, `Some` a piece.
    lost: [HashMap<usize, Option<String>>; 2],
    /// The table being printed (an index into `lost`), if any of those.
    table: Option<usize>,
    /// `pdftotext -layout`: the lines that print a label and two numbers or
    /// more, in order (what shows that the text is aligned).
    pdf_lines: Vec<PdfLine>,
    /// `pdftotext -layout`: the rows printed with numbers, in order.
    pdf_rows: Vec<PdfNumbers>,
    /// How many tables `pdf_table` has printed (a key for each's tables).
    pdf_tables: usize,
    /// The matrix's header as printed (where it starts and ends in the
    /// text): a page break between two of its rows prints the header again,
    /// or not (a table's header rows repeated on each page).
    header: Option<(usize, usize)>,
    /// Where each row of the table being printed starts in the text.
    row_starts: Vec<usize>,
}

/// A row of a `pdftotext -layout` table printed with numbers.
#[derive(Debug, Default)]
struct PdfNumbers {
    /// Its table: which `pdf_table` printed it, and which of that call's
    /// tables (section 二 prints several).
    table: (usize, usize),
    /// Where its numbers' line starts in the text, before page breaks.
    at: usize,
    /// Its cells' places.
    places: Vec<String>,
    /// How many of its cells print blank (as spaces).
    blanks: usize,
}

impl Ctx<'_> {
    /// How the label of row `i` of the table being printed is printed:
    /// `None` as the template (or a variant) prints it, `Some(None)` not
    /// at all, `Some(Some(piece))` as a piece of it.
    fn lost(&self, i: usize) -> Option<Option<String>> {
        self.table.and_then(|t| self.lost[t].get(&i).cloned())
    }

    fn label(&mut self, l: &str) -> String {
        if self.ph.has(Phenomena::VARIANTS) {
            variant(l, self.s, self.half_width, self.numbering)
        } else {
            l.to_owned()
        }
    }

    /// A value's text; `None` for a blank the layout prints in its own way.
    fn value(&mut self, place: &str, num: Option<Number>) -> Option<String> {
        match num {
            Some(n) => Some(number_text(place, n, self.ph.has(Phenomena::UNITS), self.s)),
            None if self.ph.has(Phenomena::NULL_MARKS) => {
                let mark = if self.s.pick(8) == 0 {
                    NULL_MARKS[self.s.pick(NULL_MARKS.len() as u64) as usize]
                } else {
                    self.mark
                };
                Some(mark.to_owned())
            }
            None => None,
        }
    }

    /// Marks every value cell of a row undetermined.
    fn undetermine(&mut self, row: &[Cell]) {
        for c in row {
            if let Cell::Value { place, .. } = c {
                self.undetermined.insert(place.clone());
            }
        }
    }

    /// A label broken by a space inside (WRAP in layouts with no line
    /// breaks inside cells), sometimes.
    fn spaced(&mut self, l: String) -> String {
        if self.ph.has(Phenomena::WRAP) && self.s.pick(3) == 0 {
            cut(&l, self.s).join(" ")
        } else {
            l
        }
    }
}

/// A report's blocks: a paragraph, or a table's rows.
enum Block {
    Text(String),
    /// A table's rows, and which table may lose labels (0: section 二,
    /// 1: section 三).
    Table(Rows, Option<usize>),
}

/// Renders `r` in `layout` with the phenomena `ph`, its other choices drawn
/// from `style`.
pub fn render(r: &Report, layout: Layout, ph: Phenomena, mut style: Style) -> Rendering {
    let s = &mut style;
    let mut truth = if layout == Layout::Glued {
        consistent(r)
    } else {
        r.clone()
    };
    let [mut active, mut matrix, reviews] = tables(&truth, layout.tab_pattern());
    let mut lost_infos: Option<[Vec<RowInfo>; 2]> = None;
    // Rows left out: their cells are blank in the truth.
    let mut blanked: HashSet<String> = HashSet::new();
    if ph.has(Phenomena::OMITTED) {
        if s.pick(2) == 0 {
            active.retain(|row| {
                let drop = matches!(row.first(), Some(Cell::Label(l)) if l == "规章");
                if drop {
                    for c in row {
                        if let Cell::Value { place, .. } = c {
                            blanked.insert(place.clone());
                        }
                    }
                }
                !drop
            });
        }
        if s.pick(2) == 0 {
            for row in &mut matrix {
                let item = row.iter().any(|c| {
                    matches!(c, Cell::Label(l) if l.starts_with("2.申请人逾期") || l == "3.其他")
                });
                if item {
                    row.retain(|c| match c {
                        Cell::Value { place, .. } => {
                            blanked.insert(place.clone());
                            false
                        }
                        _ => true,
                    });
                }
            }
        }
    }
    if !blanked.is_empty() {
        truth.for_each_value(|place, slot| {
            if blanked.contains(&place.to_string()) {
                match slot {
                    xxgk::model::Slot::Count(v) => *v = None,
                    xxgk::model::Slot::Signed(v) => *v = None,
                    xxgk::model::Slot::Amount(v) => *v = None,
                }
            }
        });
    }
    let mut ctx = Ctx {
        mark: NULL_MARKS[s.pick(NULL_MARKS.len() as u64) as usize],
        half_width: s.pick(3) == 0,
        numbering: ["．", "、", "."][s.pick(3) as usize],
        s,
        ph,
        undetermined: HashSet::new(),
        lost: Default::default(),
        table: None,
        pdf_lines: Vec::new(),
        pdf_rows: Vec::new(),
        pdf_tables: 0,
        header: None,
        row_starts: Vec::new(),
    };
    let lines = !matches!(layout, Layout::OneLine | Layout::Glued);
    if ph.has(Phenomena::LOST_LABEL) && lines {
        let regulations_dropped = !active
            .iter()
            .any(|row| matches!(row.first(), Some(Cell::Label(l)) if l == "规章"));
        for (t, rows) in [&active, &matrix].into_iter().enumerate() {
            ctx.lost[t] = lose_labels(rows, ctx.s, layout, ph);
        }
        let infos = [
            row_infos(&active, &ctx.lost[0], regulations_dropped, layout, ph),
            row_infos(&matrix, &ctx.lost[1], false, layout, ph),
        ];
        lost_infos = Some(infos);
    }
    let heads = headings(ctx.s, ph.has(Phenomena::VARIANTS));
    let blocks = vec![
        Block::Text(heads[0].clone()),
        Block::Text(OVERVIEW.into()),
        Block::Text(heads[1].clone()),
        Block::Table(active, Some(0)),
        Block::Text(heads[2].clone()),
        Block::Table(matrix, Some(1)),
        Block::Text(heads[3].clone()),
        Block::Table(reviews, None),
        Block::Text(heads[4].clone()),
        Block::Text(PROBLEMS.into()),
        Block::Text("六、其他需要报告的事项".into()),
        Block::Text(OTHER.into()),
    ];
    let mut out = String::new();
    let mut matrix_rows = Vec::new();
    out.push_str(r.title.as_deref().unwrap_or(""));
    out.push('\n');
    match layout {
        Layout::OneLine | Layout::Glued => flat(&mut out, &blocks, layout, &mut ctx),
        _ => {
            out.push('\n');
            for b in &blocks {
                match b {
                    Block::Text(t) => {
                        if layout == Layout::Markdown && t.contains('、') && t.len() < 120 {
                            out.push_str("## ");
                        }
                        out.push_str(t);
                        out.push('\n');
                        if layout == Layout::Markdown {
                            out.push('\n');
                        }
                    }
                    Block::Table(rows, table) => {
                        ctx.table = *table;
                        let start = out.len();
                        // (Its header: the rows before the first with numbers.)
                        let body = rows
                            .iter()
                            .position(|r| r.iter().any(|c| matches!(c, Cell::Value { .. })))
                            .unwrap_or(0);
                        let header_end = match layout {
                            Layout::Pdftotext => pdf_table(&mut out, rows, body, &mut ctx),
                            _ => line_table(&mut out, rows, body, layout, &mut ctx),
                        };
                        if *table == Some(1) && layout != Layout::Markdown {
                            ctx.header = Some((start, header_end));
                            matrix_rows = std::mem::take(&mut ctx.row_starts);
                            matrix_rows.retain(|&r| r > header_end);
                        }
                        ctx.row_starts.clear();
                        ctx.table = None;
                    }
                }
            }
        }
    }
    let mut breaks = Vec::new();
    if ph.has(Phenomena::PAGE_BREAK) && layout.paged() {
        let header = ctx
            .header
            .map(|(start, end)| (start, end, matrix_rows.as_slice()));
        (out, breaks) = break_pages(&out, layout, header, ctx.s);
    }
    if layout == Layout::Pdftotext {
        // Numbers of a row with blank cells stand under the columns of their
        // table, which a reader knows where the table prints a full row on
        // the same page (a table across pages may stand elsewhere on each)
        // and the text shows that it is aligned.
        let page = |at: usize| breaks.iter().filter(|&&b| b <= at).count();
        let aligned = shows_alignment(&ctx.pdf_lines, page);
        let full: HashSet<((usize, usize), usize)> = ctx
            .pdf_rows
            .iter()
            .filter(|r| r.blanks == 0)
            .map(|r| (r.table, page(r.at)))
            .collect();
        for r in std::mem::take(&mut ctx.pdf_rows) {
            let short = r.blanks > 0 && r.blanks < r.places.len();
            if short && !(aligned && full.contains(&(r.table, page(r.at)))) {
                ctx.undetermined.extend(r.places);
            }
        }
    }
    if let Some(infos) = lost_infos {
        let undetermined = infos
            .iter()
            .flat_map(|rows| by_order(rows, layout, &ctx.undetermined))
            .collect::<Vec<_>>();
        ctx.undetermined.extend(undetermined);
    }
    Rendering {
        text: out,
        truth,
        undetermined: ctx.undetermined,
    }
}

/// `text` with one to three page breaks between its lines (not before the
/// title's): each a page footer on a line of its own (centred in
/// `pdftotext -layout`; an empty line after it or not, as the layout prints
/// a paragraph), the next line opened by a form feed or not, between two
/// rows of the matrix (`header`: its header's start and end, and where its
/// later rows start) its header printed again or not; and
/// where in `text` each new page starts.
fn break_pages(
    text: &str,
    layout: Layout,
    header: Option<(usize, usize, &[usize])>,
    s: &mut Style,
) -> (String, Vec<usize>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.len() < 3 {
        return (text.to_owned(), Vec::new());
    }
    let breaks = 1 + s.pick(3) as usize;
    let mut at: Vec<usize> = (0..breaks)
        .map(|_| 1 + s.pick(lines.len() as u64 - 1) as usize)
        .collect();
    at.sort_unstable();
    at.dedup();
    let total = 2 + at.len() + s.pick(20) as usize;
    let mut out = String::with_capacity(text.len() + 64 * at.len());
    let mut page = 1 + s.pick(3) as usize;
    let (mut starts, mut from) = (Vec::new(), 0);
    for (i, line) in lines.iter().enumerate() {
        if at.contains(&i) {
            starts.push(from);
            let footer = match s.pick(5) {
                0 => format!("-{page}-"),
                1 => format!("- {page} -"),
                2 => format!("— {page} —"),
                3 => format!("第{page}页"),
                _ => format!("第 {page} 页 共 {total} 页"),
            };
            if layout == Layout::Pdftotext {
                out.push_str(&" ".repeat(20 + s.pick(30) as usize));
            }
            out.push_str(&footer);
            out.push('\n');
            // A footer is a paragraph as the layout prints one: a line of its
            // own with a cell per line (where an empty line ends a row), and
            // an empty line after it between blank lines.
            let empty = match layout {
                Layout::CellTab => false,
                Layout::BlankLines => true,
                _ => s.pick(2) == 0,
            };
            if empty {
                out.push('\n');
            }
            if layout == Layout::Pdftotext || s.pick(2) == 0 {
                out.push('\x0c');
            }
            page += 1;
            if let Some((start, end, rows)) = header {
                if rows.contains(&from) && s.pick(2) == 0 {
                    out.push_str(&text[start..end]);
                }
            }
        }
        out.push_str(line);
        from += line.len();
    }
    (out, starts)
}

/// A row of a table as the reader of [`Phenomena::LOST_LABEL`] sees it.
#[derive(Debug)]
struct RowInfo {
    /// Its value cells' places.
    places: Vec<String>,
    /// Whether its label is lost (gone or a piece), and whether gone.
    lost: bool,
    gone: bool,
    /// Whether it prints a number or a null mark (a row of numbers).
    numbers: bool,
    /// Whether it prints every cell (a blank one too).
    complete: bool,
    /// Whether merged cells stand before its label (blank lines in a
    /// cell-per-line layout).
    merged_before: bool,
    /// Whether it is a CSV record of its label and one null mark
    /// (`行政许可,—`), which the crate reads as one field of text.
    csv_null_pair: bool,
}

/// The rows of a table whose label may be lost: those with value cells, and
/// the items printed without numbers; never the table's first (the table
/// is found by it), and never both （六）1 and （六）2 (their labels tell
/// that （六） is itemized). Each lost row's label is gone, or a piece of
/// it: a stretch of its text after the ordinal, sometimes the longest one
/// it shares with another row's label (`行政机关不再处理其政府信息公`).
///
/// Nor a row after one printed with no number, or (where blank cells are
/// dropped) without some of its cells: the lost row's numbers would read
/// as that row's, a text the reader cannot tell from one that prints them
/// so. Nor, its label gone, a row printed as a page footer (`- 8 —`, a
/// number between null marks), which is not read.
fn lose_labels(
    rows: &Rows,
    s: &mut Style,
    layout: Layout,
    ph: Phenomena,
) -> HashMap<usize, Option<String>> {
    let template = template_rows(rows);
    let values = |i: usize| -> Vec<Option<Number>> {
        rows[i]
            .iter()
            .filter_map(|c| match c {
                Cell::Value { num, .. } => Some(*num),
                _ => None,
            })
            .collect()
    };
    let marks = ph.has(Phenomena::NULL_MARKS);
    let whole = |i: usize| {
        let v = values(i);
        v.iter().any(Option::is_some)
            && (marks || layout != Layout::BlankLines || v.iter().all(Option::is_some))
    };
    let footer = |i: usize| {
        let v = values(i);
        marks && v.len() == 3 && v[0].is_none() && v[1].is_some() && v[2].is_none()
    };
    let candidates: Vec<usize> = template
        .windows(2)
        .filter(|w| whole(w[0]))
        .map(|w| w[1])
        .collect();
    let texts: Vec<String> = candidates
        .iter()
        .map(|&i| {
            row_label(&rows[i])
                .map(|(_, l)| strip_ordinal(l))
                .unwrap_or_default()
        })
        .collect();
    let mut out = HashMap::new();
    if candidates.is_empty() {
        return out;
    }
    let n = 1 + s.pick(3) as usize;
    for _ in 0..n {
        let k = s.pick(candidates.len() as u64) as usize;
        let i = candidates[k];
        let item = |l: &str| l.starts_with("1.申请人") || l.starts_with("2.申请人");
        let label = row_label(&rows[i])
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        if item(&label)
            && out
                .keys()
                .any(|&j| row_label(&rows[j]).is_some_and(|(_, l)| item(l) && *l != label))
        {
            continue;
        }
        let text: Vec<char> = texts[k].chars().collect();
        if text.len() < 3 && footer(i) {
            continue;
        }
        let piece = if text.len() < 3 || (s.pick(2) == 0 && !footer(i)) {
            None
        } else {
            // The longest stretch it shares with another row's label, or
            // a stretch at random.
            let other: Vec<char> = texts[s.pick(texts.len() as u64) as usize].chars().collect();
            let (a, len) = longest_common(&text, &other);
            if s.pick(2) == 0 && len >= 2 && len < text.len() {
                Some(text[a..a + len].iter().collect())
            } else {
                let len = 2 + s.pick(text.len() as u64 - 2) as usize;
                let a = s.pick((text.len() - len + 1) as u64) as usize;
                Some(text[a..a + len].iter().collect())
            }
        };
        // (A CSV record's cells are told apart by its commas outside
        // brackets: an unpaired bracket in a piece hides them, a matter of
        // reading CSV, not of lost labels. Such a piece keeps no bracket.)
        // Nor does it start or end with a comma, which is a separator's
        // once normalized (`，` is `,`) and leaves an empty cell.
        let piece = piece.and_then(|p: String| {
            let open = p.chars().filter(|&c| c == '（').count();
            let close = p.chars().filter(|&c| c == '）').count();
            let p: String = if layout != Layout::Csv || open == close {
                p
            } else {
                p.chars().filter(|&c| c != '（' && c != '）').collect()
            };
            // (Nor does it start with `无`, which, wrapped onto a line of
            // its own, is a null mark.)
            let p = p.trim_matches('，').trim_start_matches('无');
            (p.chars().count() >= 2).then(|| p.to_owned())
        });
        out.insert(i, piece);
    }
    out
}

/// Where the longest common stretch of `a` and `b` starts in `a`, and its length.
fn longest_common(a: &[char], b: &[char]) -> (usize, usize) {
    let mut best = (0, 0);
    for i in 0..a.len() {
        for j in 0..b.len() {
            let len = a[i..]
                .iter()
                .zip(&b[j..])
                .take_while(|(x, y)| x == y)
                .count();
            if len > best.1 {
                best = (i, len);
            }
        }
    }
    best
}

/// The text of a label after its ordinal (`1.属于国家秘密` → `属于国家秘密`).
fn strip_ordinal(l: &str) -> String {
    let chars: Vec<char> = l.chars().collect();
    let skip = match chars.as_slice() {
        ['（', _, '）', ..] => 3,
        [d, '.' | '、', ..] if d.is_ascii_digit() || "一二三四五六七八九十".contains(*d) => {
            2
        }
        _ => 0,
    };
    chars[skip..].iter().collect()
}

/// A row's own label (its last), and where it stands.
fn row_label(row: &[Cell]) -> Option<(usize, &String)> {
    row.iter().enumerate().rev().find_map(|(i, c)| match c {
        Cell::Label(l) => Some((i, l)),
        _ => None,
    })
}

/// The rows of a table that are rows of the template, in order: those with
/// value cells, and the items printed without numbers.
fn template_rows(rows: &Rows) -> Vec<usize> {
    (0..rows.len())
        .filter(|&i| {
            rows[i].iter().any(|c| matches!(c, Cell::Value { .. }))
                || row_is_item_without_numbers(&rows[i])
        })
        .collect()
}

/// The template rows of a table as the reader of lost labels sees them (a
/// first row `规章` left out stands first, not printed).
fn row_infos(
    rows: &Rows,
    lost: &HashMap<usize, Option<String>>,
    first_dropped: bool,
    layout: Layout,
    ph: Phenomena,
) -> Vec<RowInfo> {
    let marks = ph.has(Phenomena::NULL_MARKS);
    let mut out = Vec::new();
    if first_dropped {
        out.push(RowInfo {
            places: Vec::new(),
            lost: false,
            gone: false,
            numbers: false,
            complete: false,
            merged_before: false,
            csv_null_pair: false,
        });
    }
    for i in template_rows(rows) {
        let row = &rows[i];
        let nums: Vec<&Option<Number>> = row
            .iter()
            .filter_map(|c| match c {
                Cell::Value { num, .. } => Some(num),
                _ => None,
            })
            .collect();
        let blank = nums.iter().any(|n| n.is_none());
        let at = row_label(row).map_or(0, |(k, _)| k);
        out.push(RowInfo {
            places: row
                .iter()
                .filter_map(|c| match c {
                    Cell::Value { place, .. } => Some(place.clone()),
                    _ => None,
                })
                .collect(),
            lost: lost.contains_key(&i),
            gone: lost.get(&i).is_some_and(Option::is_none),
            numbers: nums.iter().any(|n| n.is_some()) || (blank && marks),
            complete: !(blank
                && !marks
                && matches!(layout, Layout::BlankLines | Layout::Pdftotext)),
            merged_before: row[..at].iter().any(|c| matches!(c, Cell::Merged)),
            csv_null_pair: layout == Layout::Csv && nums.len() == 1 && blank && marks,
        });
    }
    out
}

/// The cells a careful reader cannot place where labels are lost: a run
/// of rows whose labels are lost is read by the template's order only
/// where a row that reads certainly stands on either side of it (its label
/// printed, numbers or null marks printed, every cell printed and
/// determined) and each of the run prints a row of numbers (a number or a
/// null mark) and all its cells; in a cell-per-line layout its cells must
/// be just its own (merged cells printed as blank lines before a lost
/// label run into them). Elsewhere the run's cells are undetermined, and
/// so are the row's before it, whose numbers the lost row's run on from
/// (but in cell/tab, where an empty line ends every row).
fn by_order(rows: &[RowInfo], layout: Layout, undetermined: &HashSet<String>) -> Vec<String> {
    let certain = |r: &RowInfo| {
        !r.lost
            && !r.csv_null_pair
            && r.numbers
            && r.complete
            && !r.places.is_empty()
            && !r.places.iter().any(|p| undetermined.contains(p))
    };
    // The row after a run reads certainly where the row after it is no
    // row of numbers with its label gone (a number after a row's numbers
    // may be the rest of one wrapped).
    let certain_after = |k: usize| {
        certain(&rows[k])
            && !rows
                .get(k + 1)
                .is_some_and(|r| r.lost && r.gone && r.numbers)
    };
    let placeable = |r: &RowInfo| {
        (r.gone || !r.csv_null_pair)
            && r.numbers
            && r.complete
            && !(layout == Layout::CellTab && r.gone && r.merged_before)
            && !r.places.iter().all(|p| undetermined.contains(p))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if !rows[i].lost {
            i += 1;
            continue;
        }
        let start = i;
        while i < rows.len() && rows[i].lost {
            i += 1;
        }
        let run = &rows[start..i];
        let before = start.checked_sub(1).map(|b| &rows[b]);
        let read = before.is_some_and(certain)
            && i < rows.len()
            && certain_after(i)
            && run.iter().all(placeable);
        if read {
            continue;
        }
        out.extend(run.iter().flat_map(|r| r.places.iter().cloned()));
        if let Some(b) = before.filter(|_| run[0].gone) {
            out.extend(b.places.iter().cloned());
        }
    }
    out
}

/// The layouts with a line per cell or per row.
/// Prints a table in a line layout; returns where its rows from `body` on
/// (those before are its header) start.
fn line_table(
    out: &mut String,
    rows: &Rows,
    body: usize,
    layout: Layout,
    ctx: &mut Ctx<'_>,
) -> usize {
    let mut header_end = out.len();
    for (i, row) in rows.iter().enumerate() {
        if i == body {
            header_end = out.len();
        }
        ctx.row_starts.push(out.len());
        let mut cells: Vec<Option<String>> = Vec::new();
        // Whether each cell printed is a label.
        let mut labels: Vec<bool> = Vec::new();
        let mut dropped = false;
        let lost = ctx.lost(i);
        let own = row_label(row).map(|(k, _)| k);
        for (k, c) in row.iter().enumerate() {
            let lost = lost.as_ref().filter(|_| Some(k) == own);
            labels.push(matches!(c, Cell::Label(_)));
            cells.push(match c {
                // A lost label: its cell gone (or, where cells keep their
                // place, left empty: always in a CSV record, whose fields
                // keep their columns), or a piece of it.
                Cell::Label(_) if lost.is_some_and(Option::is_none) => {
                    if layout == Layout::Csv || (layout.tab_pattern() && ctx.s.pick(2) == 0) {
                        labels.pop();
                        labels.push(false);
                        None
                    } else {
                        labels.pop();
                        continue;
                    }
                }
                Cell::Label(l) => {
                    let l = match lost {
                        Some(Some(piece)) => piece.clone(),
                        _ => ctx.label(l),
                    };
                    Some(match layout {
                        Layout::HtmlText if ctx.ph.has(Phenomena::WRAP) && ctx.s.pick(3) == 0 => {
                            cut(&l, ctx.s).join("\n")
                        }
                        Layout::HtmlText => l,
                        _ => ctx.spaced(l),
                    })
                }
                Cell::Merged => match layout {
                    Layout::BlankLines | Layout::HtmlText => {
                        labels.pop();
                        continue;
                    }
                    _ => None,
                },
                Cell::Value { place, num } => match ctx.value(place, *num) {
                    Some(t) => Some(t),
                    None if layout == Layout::BlankLines => {
                        dropped = true;
                        labels.pop();
                        continue;
                    }
                    None if layout == Layout::HtmlText => Some(" ".into()),
                    None => None,
                },
            });
        }
        // A tab-separated line whose one filled field is its last: the
        // tabs before it are its indentation, not empty fields (a row whose
        // label is gone and the rest blank but its last cell).
        let filled = |c: &Option<String>| c.as_deref().is_some_and(|t| !t.is_empty());
        if layout == Layout::TabRows
            && cells.last().is_some_and(filled)
            && cells.iter().filter(|c| filled(c)).count() == 1
        {
            dropped = true;
        }
        if dropped {
            ctx.undetermine(row);
        }
        if layout.tab_pattern() {
            undetermine_unplaced(row, &cells, &labels, ctx);
        }
        match layout {
            Layout::CellTab => {
                for c in &cells {
                    for line in c.as_deref().unwrap_or("").split('\n') {
                        out.push('\t');
                        out.push_str(line);
                        out.push('\n');
                    }
                }
                out.push('\n');
            }
            Layout::BlankLines => {
                for c in cells.iter().flatten() {
                    out.push_str(c);
                    out.push_str("\n\n");
                }
            }
            Layout::HtmlText => {
                for c in &cells {
                    out.push_str(c.as_deref().unwrap_or(" "));
                    out.push('\n');
                }
            }
            Layout::TabRows | Layout::Csv => {
                let sep = if layout == Layout::Csv { "," } else { "\t" };
                let line: Vec<&str> = cells.iter().map(|c| c.as_deref().unwrap_or("")).collect();
                out.push_str(&line.join(sep));
                out.push('\n');
            }
            Layout::Markdown => {
                let line: Vec<&str> = cells.iter().map(|c| c.as_deref().unwrap_or("")).collect();
                out.push_str("| ");
                out.push_str(&line.join(" | "));
                out.push_str(" |\n");
                if i == 0 {
                    out.push('|');
                    out.push_str(&"---|".repeat(line.len()));
                    out.push('\n');
                }
            }
            _ => unreachable!("not a line layout"),
        }
    }
    if layout == Layout::Markdown {
        out.push('\n');
    }
    header_end
}

/// Marks undetermined the cells of a row printed with its merged cells'
/// blanks (`cells`, `None` blank) that the text cannot place: the row's
/// values are some window of the fields after its label with only blanks
/// outside it, and a cell whose text differs between such windows could be
/// either. Converters leave those blanks as they please (seed 002 leaves
/// one after row 一's label and none after （七）总计's), so only the text
/// of the row tells.
///
/// `labels` tells which of `cells` are labels printed: the fields are those
/// after the last (a row whose label is lost has none, or only its group's).
fn undetermine_unplaced(
    row: &[Cell],
    cells: &[Option<String>],
    labels: &[bool],
    ctx: &mut Ctx<'_>,
) {
    let fields = &cells[labels.iter().rposition(|&l| l).map_or(0, |k| k + 1)..];
    let places: Vec<&String> = row
        .iter()
        .filter_map(|c| match c {
            Cell::Value { place, .. } => Some(place),
            _ => None,
        })
        .collect();
    let n = places.len();
    if n == 0 || fields.len() < n {
        return;
    }
    let windows: Vec<&[Option<String>]> = (0..=fields.len() - n)
        .filter(|&k| {
            fields[..k]
                .iter()
                .chain(&fields[k + n..])
                .all(Option::is_none)
        })
        .map(|k| &fields[k..k + n])
        .collect();
    for (j, place) in places.into_iter().enumerate() {
        if windows.iter().any(|w| w[j] != windows[0][j]) {
            ctx.undetermined.insert(place.clone());
        }
    }
}

/// `pdftotext -layout`: a label column, then the numbers in columns at
/// fixed character positions per table (pdftotext places text by
/// characters, a CJK character counting one), each column at least its
/// widest value and two characters wide (so that no value moves a later
/// column), right-, left- or centre-aligned, and with a character of
/// jitter either way or none. A blank cell is spaces.
/// Prints a table as `pdftotext -layout` does; returns where its rows from
/// `body` on (those before are its header) start.
fn pdf_table(out: &mut String, rows: &Rows, body: usize, ctx: &mut Ctx<'_>) -> usize {
    let wrap = ctx.ph.has(Phenomena::WRAP);
    // Labels wrap at a display width (a cell's width on the page).
    let lw = 8 + 2 * ctx.s.pick(8) as usize;
    let cw = 4 + ctx.s.pick(6) as usize;
    let align = match ctx.s.pick(3) {
        0 => Align::Right,
        1 => Align::Left,
        _ => Align::Centre,
    };
    let jitter = ctx.s.pick(2) == 0;
    let indent = ctx.s.pick(8) as usize;
    // Group labels in a left column (their chunks spread over the group's
    // lines), or on a line of their own.
    let left_column = ctx.s.pick(2) == 0;
    let gw = 6 + 2 * ctx.s.pick(3) as usize;
    let call = ctx.pdf_tables;
    ctx.pdf_tables += 1;
    // First what each row prints, then where.
    let mut printed: Vec<PdfRow> = Vec::new();
    let mut table = 0;
    for (ri, row) in rows.iter().enumerate() {
        let values: Vec<(String, Option<String>)> = row
            .iter()
            .filter_map(|c| match c {
                Cell::Value { place, num } => Some((place.clone(), *num)),
                _ => None,
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|(place, num)| {
                let t = ctx.value(&place, num);
                (place, t)
            })
            .collect();
        let labels: Vec<(usize, String)> = row
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                Cell::Label(l) => Some((i, l.clone())),
                _ => None,
            })
            .collect();
        if values.is_empty() && !row_is_item_without_numbers(row) {
            // A heading row: its labels on one line, apart. (Section 二's
            // tables each open with their 第二十条 heading.)
            if labels
                .first()
                .is_some_and(|(_, l)| l.starts_with("第二十条"))
            {
                table += 1;
            }
            let line: Vec<String> = labels.iter().map(|(_, l)| ctx.label(l)).collect();
            printed.push(PdfRow::Heading(line.join("    ")));
            continue;
        }
        let Some(&(pos, ref label)) = labels.last() else {
            // Section 四's numbers: no label.
            printed.push(PdfRow::Numbers {
                table,
                prefixes: Vec::new(),
                in_group: false,
                lines: Vec::new(),
                at: 0,
                values,
            });
            continue;
        };
        let in_group = pos >= 2;
        let prefixes: Vec<(bool, Vec<String>)> = labels[..labels.len() - 1]
            .iter()
            .map(|(_, prefix)| {
                let p = ctx.label(prefix);
                if in_group && left_column && !p.starts_with("三、") {
                    (true, wrap_to(&p, gw))
                } else {
                    (false, vec![p])
                }
            })
            .collect();
        // A lost label: gone (the numbers alone on their line), or a piece.
        let l = match ctx.lost(ri) {
            Some(None) => String::new(),
            Some(Some(piece)) => piece,
            None => ctx.label(label),
        };
        let lines = if wrap && !l.is_empty() {
            wrap_to(&l, lw)
        } else {
            vec![l]
        };
        let at = match ctx.s.pick(3) {
            0 => 0,
            1 => (lines.len() - 1) / 2,
            _ => lines.len() - 1,
        };
        printed.push(PdfRow::Numbers {
            table,
            prefixes,
            in_group,
            lines,
            at,
            values,
        });
    }
    // The label and group columns, in characters.
    let chars = |s: &str| s.chars().count();
    let (mut lwc, mut gwc) = (0, 0);
    let mut widest: Vec<usize> = Vec::new();
    for r in &printed {
        let PdfRow::Numbers {
            prefixes,
            lines,
            values,
            ..
        } = r
        else {
            continue;
        };
        lwc = lines.iter().map(|l| chars(l)).fold(lwc, usize::max);
        for (queued, chunks) in prefixes {
            if *queued {
                gwc = chunks.iter().map(|c| chars(c)).fold(gwc, usize::max);
            }
        }
        if widest.len() < values.len() {
            widest.resize(values.len(), 0);
        }
        for (w, (_, t)) in widest.iter_mut().zip(values) {
            *w = (*w).max(t.as_deref().map_or(0, chars));
        }
    }
    let jit = usize::from(jitter);
    let margin = 1 + jit;
    let base = indent + if left_column { gwc + 2 } else { 0 } + lwc + 2;
    let mut starts = Vec::with_capacity(widest.len());
    let mut x = base;
    let widths: Vec<usize> = widest.iter().map(|w| cw.max(w + 2 + 2 * jit)).collect();
    for w in &widths {
        starts.push(x);
        x += w;
    }
    let indent = " ".repeat(indent);
    let mut queue: std::collections::VecDeque<String> = Default::default();
    let mut header_end = out.len();
    for (i, r) in printed.into_iter().enumerate() {
        if i == body {
            header_end = out.len();
        }
        ctx.row_starts.push(out.len());
        let (table, prefixes, in_group, lines, at, values) = match r {
            PdfRow::Heading(line) => {
                out.push_str(&indent);
                out.push_str(&line);
                out.push_str("\n\n");
                continue;
            }
            PdfRow::Numbers {
                table,
                prefixes,
                in_group,
                lines,
                at,
                values,
            } => (table, prefixes, in_group, lines, at, values),
        };
        let mut numbers = PdfNumbers {
            table: (call, table),
            at: 0,
            places: values.iter().map(|(p, _)| p.clone()).collect(),
            blanks: values.iter().filter(|(_, t)| t.is_none()).count(),
        };
        // The numbers, placed from the line's character `base` on.
        let mut extents = Vec::new();
        let mut nums = String::new();
        let mut col = base;
        for (j, (_, t)) in values.iter().enumerate() {
            let Some(t) = t else { continue };
            let w = chars(t);
            let room = widths[j] - 2 * margin - w;
            let mut a = starts[j]
                + margin
                + match align {
                    Align::Right => room,
                    Align::Left => 0,
                    Align::Centre => room / 2,
                };
            if jitter {
                a = a + ctx.s.pick(3) as usize - 1;
            }
            nums.push_str(&" ".repeat(a - col));
            nums.push_str(t);
            extents.push((a, a + w));
            col = a + w;
        }
        if lines.is_empty() {
            // Section 四's numbers: no label.
            ctx.pdf_rows.push(PdfNumbers {
                at: out.len(),
                ..numbers
            });
            out.push_str(&" ".repeat(base));
            out.push_str(&nums);
            out.push_str("\n\n");
            continue;
        }
        for (queued, chunks) in prefixes {
            if queued {
                queue.extend(chunks);
            } else {
                for p in chunks {
                    out.push_str(&indent);
                    out.push_str(&p);
                    out.push('\n');
                }
            }
        }
        if !in_group {
            while let Some(q) = queue.pop_front() {
                out.push_str(&indent);
                out.push_str(&q);
                out.push('\n');
            }
        }
        for (k, line) in lines.iter().enumerate() {
            let mut text = indent.clone();
            if left_column {
                let q = if in_group {
                    queue.pop_front().unwrap_or_default()
                } else {
                    String::new()
                };
                text.push_str(&pad_chars(&q, gwc));
                text.push_str("  ");
            }
            if k == at && !values.is_empty() {
                ctx.pdf_rows.push(PdfNumbers {
                    at: out.len(),
                    ..std::mem::take(&mut numbers)
                });
                // Where the label before the numbers ends (a group label's
                // piece, if the row's own is lost): a line with none shows
                // no alignment.
                let before = format!("{text}{line}");
                let label_end = chars(before.trim_end());
                text.push_str(&pad_chars(line, lwc));
                text.push_str("  ");
                text.push_str(&nums);
                if extents.len() >= 2 && !before.trim().is_empty() {
                    ctx.pdf_lines.push(PdfLine {
                        at: out.len(),
                        label_end,
                        extents: extents.clone(),
                    });
                }
            } else {
                text.push_str(line);
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    while let Some(q) = queue.pop_front() {
        out.push_str(&indent);
        out.push_str(&q);
        out.push('\n');
    }
    header_end
}

/// How a `pdftotext -layout` table aligns its numbers in their columns.
#[derive(Debug, Clone, Copy)]
enum Align {
    Right,
    Left,
    Centre,
}

/// A row of a `pdftotext -layout` table, as it prints.
enum PdfRow {
    /// Labels on a line of their own.
    Heading(String),
    /// A row with numbers (section 四's has no label).
    Numbers {
        /// Its table (section 二 has several, each with its columns).
        table: usize,
        /// Its group labels, each queued for the left column (in chunks)
        /// or on a line of its own.
        prefixes: Vec<(bool, Vec<String>)>,
        in_group: bool,
        /// Its label's lines.
        lines: Vec<String>,
        /// The line its numbers print on.
        at: usize,
        /// Each cell's place and text (`None`: blank, printed as spaces).
        values: Vec<(String, Option<String>)>,
    },
}

/// A line of a `pdftotext -layout` table that prints a label and two
/// numbers or more: where (in characters) the label ends and each number
/// stands.
#[derive(Debug, Clone)]
struct PdfLine {
    /// Where it starts in the text, before page breaks.
    at: usize,
    label_end: usize,
    extents: Vec<(usize, usize)>,
}

/// Whether the lines show the text is aligned, as a reader can tell: two
/// lines on one page (`page` of where a line starts) with as many numbers
/// that stand under each other (within a character), whose labels end at
/// different places and at different distances from their first numbers.
/// Each line is compared with the first with as many numbers (at most 16)
/// on its page. (The reader's rule; see `src/grammar/columns.rs`.)
fn shows_alignment(lines: &[PdfLine], page: impl Fn(usize) -> usize) -> bool {
    let gap =
        |a: (usize, usize), b: (usize, usize)| b.0.saturating_sub(a.1).max(a.0.saturating_sub(b.1));
    let mut first: HashMap<usize, &PdfLine> = HashMap::new();
    let mut on = 0;
    for l in lines {
        let m = l.extents.len();
        if !(2..=16).contains(&m) {
            continue;
        }
        if page(l.at) != on {
            first.clear();
            on = page(l.at);
        }
        let lead = |l: &PdfLine| l.extents[0].0 as i64 - l.label_end as i64;
        match first.get(&m) {
            None => {
                first.insert(m, l);
            }
            Some(f) => {
                let up = f
                    .extents
                    .iter()
                    .zip(&l.extents)
                    .all(|(a, b)| gap(*a, *b) <= 1);
                if up && lead(l) != lead(f) && l.label_end != f.label_end {
                    return true;
                }
            }
        }
    }
    false
}

/// A matrix item row whose numbers were left out (it still reads as a row).
fn row_is_item_without_numbers(row: &[Cell]) -> bool {
    row.iter()
        .any(|c| matches!(c, Cell::Label(l) if l.starts_with("2.申请人逾期") || l == "3.其他"))
}

/// `s` padded with spaces to `w` characters.
fn pad_chars(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
}

/// Crawler text: one line with single spaces, or glued runs.
fn flat(out: &mut String, blocks: &[Block], layout: Layout, ctx: &mut Ctx<'_>) {
    let glued = layout == Layout::Glued;
    // Glued: a space left between a row's label and its digits, and inside
    // its runs, with these odds (0: never).
    let label_gap = if glued { ctx.s.pick(3) } else { 0 };
    let inner_gap = if glued { ctx.s.pick(3) } else { 0 };
    let mut tokens: Vec<String> = Vec::new();
    // Glued: whether a row printed so far shows that the text drops blank
    // cells (some digits, fewer than its cells with its null marks).
    let mut shows_drops = false;
    for b in blocks {
        match b {
            Block::Text(t) => tokens.push(t.clone()),
            Block::Table(rows, _) => {
                for row in rows {
                    let mut labels = String::new();
                    let mut segments: Vec<(String, Vec<String>)> = Vec::new();
                    let mut cells: Vec<String> = Vec::new();
                    let mut dropped = false;
                    for c in row {
                        match c {
                            Cell::Label(l) => {
                                let l = ctx.label(l);
                                let l = ctx.spaced(l);
                                if glued {
                                    labels.push_str(&l);
                                } else {
                                    cells.push(l);
                                }
                            }
                            Cell::Merged => {}
                            Cell::Value { place, num } => match ctx.value(place, *num) {
                                Some(t) if glued => {
                                    let gap = segments.is_empty()
                                        || (inner_gap > 0 && ctx.s.pick(3) < inner_gap);
                                    if gap {
                                        segments.push((String::new(), Vec::new()));
                                    }
                                    let seg = segments.last_mut().expect("a segment");
                                    seg.0.push_str(&t);
                                    seg.1.push(place.clone());
                                }
                                Some(t) => cells.push(t),
                                None => dropped = true,
                            },
                        }
                    }
                    if dropped {
                        ctx.undetermine(row);
                    }
                    if glued {
                        let mut s = labels;
                        for (k, (digits, _)) in segments.iter().enumerate() {
                            if k > 0 || (label_gap > 0 && ctx.s.pick(3) < label_gap) {
                                s.push(' ');
                            }
                            s.push_str(digits);
                        }
                        if !dropped {
                            ctx.undetermined.extend(match row_groups(&segments) {
                                Some(group) => unsettled(&segments, group, shows_drops),
                                None => blanks_may_drop(&segments),
                            });
                        }
                        // Digits, and null marks as the reader counts them:
                        // a run of dashes one, each slash and each 无 one (a
                        // `-` may be a sign: not one); a note
                        // (`（其中修订1件）`) none.
                        let printed: usize = segments
                            .iter()
                            .map(|(t, _)| {
                                let mut count = 0;
                                let mut last = ' ';
                                let mut note = false;
                                for c in t.chars() {
                                    note = (note || c == '（') && c != '）';
                                    let cell = c.is_ascii_digit()
                                        || "无/\\".contains(c)
                                        || ("—–".contains(c) && c != last);
                                    count += usize::from(cell && !note);
                                    last = c;
                                }
                                count
                            })
                            .sum();
                        let digits = segments
                            .iter()
                            .flat_map(|(t, _)| t.chars())
                            .any(|c| c.is_ascii_digit());
                        let n = row
                            .iter()
                            .filter(|c| matches!(c, Cell::Value { .. }))
                            .count();
                        shows_drops |= digits && printed < n;
                        tokens.push(s);
                    } else {
                        tokens.extend(cells);
                    }
                }
            }
        }
    }
    out.push_str(&tokens.join(if glued { "" } else { " " }));
    out.push('\n');
}

/// A glued matrix or 表四 row's groups: cells in groups of this many, each
/// ending in its sum (the matrix's 总计, each 表四 group's 总计); `None` for
/// section 二.
fn row_groups(segments: &[(String, Vec<String>)]) -> Option<usize> {
    let first = segments.first()?.1.first()?;
    if first.starts_with("requests.") {
        Some(7)
    } else if first.starts_with("reviews.") {
        Some(5)
    } else {
        None
    }
}

/// The cells of a glued matrix or 表四 row that its own digits and row
/// relations leave open: its run (pieces printed apart) cut into its cells
/// in every way with no leading zero whose groups end in their sums; a cell
/// is known where every such split agrees. In a text that `shows_drops`
/// (blank cells), a row with several such splits is open as a whole: its
/// truth may be fewer numbers than cells, none of them. (The column
/// relations across rows may settle more; a reader that reads those reads
/// them right, but they are not counted as determined.)
fn unsettled(segments: &[(String, Vec<String>)], group: usize, shows_drops: bool) -> Vec<String> {
    const MOST: usize = 64;
    let places: Vec<&String> = segments.iter().flat_map(|s| &s.1).collect();
    let n = places.len();
    let pieces: Vec<&[u8]> = segments.iter().map(|s| s.0.as_bytes()).collect();
    struct Search<'a> {
        pieces: &'a [&'a [u8]],
        n: usize,
        group: usize,
        parts: Vec<u64>,
        found: Vec<Vec<u64>>,
        steps: usize,
    }
    impl Search<'_> {
        // Cuts piece `i` from byte `at` on.
        fn go(&mut self, i: usize, at: usize) -> bool {
            self.steps += 1;
            if self.found.len() > MOST || self.steps > 200_000 {
                return false;
            }
            if i == self.pieces.len() {
                if self.parts.len() == self.n {
                    self.found.push(self.parts.clone());
                }
                return true;
            }
            let piece = self.pieces[i];
            if at == piece.len() {
                // A piece ends a cell.
                return at > 0 && self.go(i + 1, 0);
            }
            if self.parts.len() == self.n {
                return true;
            }
            let most = if piece[at] == b'0' { 1 } else { 6 };
            for len in 1..=most.min(piece.len() - at) {
                let v: u64 = std::str::from_utf8(&piece[at..at + len])
                    .expect("digits")
                    .parse()
                    .expect("digits");
                let k = self.parts.len();
                if k % self.group == self.group - 1 {
                    let sum: u64 = self.parts[k + 1 - self.group..].iter().sum();
                    if v != sum {
                        continue;
                    }
                }
                self.parts.push(v);
                let ok = self.go(i, at + len);
                self.parts.pop();
                if !ok {
                    return false;
                }
            }
            true
        }
    }
    if !pieces
        .iter()
        .all(|p| !p.is_empty() && p.iter().all(u8::is_ascii_digit))
    {
        return places.into_iter().cloned().collect();
    }
    let mut search = Search {
        pieces: &pieces,
        n,
        group,
        parts: Vec::with_capacity(n),
        found: Vec::new(),
        steps: 0,
    };
    if !search.go(0, 0) || search.found.is_empty() {
        return places.into_iter().cloned().collect();
    }
    let found = search.found;
    if shows_drops && found.len() > 1 {
        return places.into_iter().cloned().collect();
    }
    (0..n)
        .filter(|&j| found.iter().any(|f| f[j] != found[0][j]))
        .map(|j| places[j].clone())
        .collect()
}

/// The cells of a glued section 二 row that a reader cannot know, since
/// glued text prints nothing of a blank cell and section 二's rows often
/// leave cells blank: `397` in three cells is 3, 9 and 7, or 39 and 7 (or 3
/// and 97, or 397) with blanks anywhere. A cell is known where every such
/// reading agrees. `segments`: the row's pieces printed apart, each with
/// its cells' places. (Sections 三 and 四: the glued reader takes a run
/// with as many digits as cells to be those cells, as the issue asks.)
fn blanks_may_drop(segments: &[(String, Vec<String>)]) -> Vec<String> {
    let places: Vec<&String> = segments.iter().flat_map(|s| &s.1).collect();
    let n = places.len();
    if n < 2 || segments.len() == n || !places[0].starts_with("active_disclosure.") {
        return Vec::new();
    }
    let plain = |t: &str| {
        t.chars()
            .all(|c| c.is_ascii_digit() || NULL_MARKS.contains(&&*c.to_string()))
    };
    // (Long pieces: known only where printed apart, which is not the case.)
    if !segments
        .iter()
        .all(|s| plain(&s.0) && s.0.chars().count() <= 12)
    {
        return places.into_iter().cloned().collect();
    }
    // A part: a number with no leading zero, a signed one, or a null mark.
    // (signed: whether it needs a signed column.)
    fn part(t: &str) -> Option<bool> {
        let (signed, digits) = match t.strip_prefix('-') {
            Some(d) if !d.is_empty() => (true, d),
            _ => (false, t),
        };
        // (A run of dashes may be one mark, as `——` is.)
        let dashes = |d: char| t.chars().count() > 1 && t.chars().all(|c| c == d);
        if NULL_MARKS.contains(&t) || dashes('—') || dashes('-') {
            return Some(false);
        }
        let ok = digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.is_empty()
            && (digits == "0" || !digits.starts_with('0'));
        ok.then_some(signed)
    }
    // Every way to cut each segment into parts, the segments in order.
    fn cuts(segs: &[&str], acc: &mut Vec<(String, bool)>, out: &mut Vec<Vec<(String, bool)>>) {
        let Some((first, rest)) = segs.split_first() else {
            out.push(acc.clone());
            return;
        };
        let chars: Vec<char> = first.chars().collect();
        // Cut points: a bit per gap between two characters.
        for mask in 0u32..1 << (chars.len() - 1) {
            let mut parts = Vec::new();
            let mut cur = String::new();
            for (i, c) in chars.iter().enumerate() {
                cur.push(*c);
                if i + 1 == chars.len() || mask & (1 << i) != 0 {
                    parts.push(std::mem::take(&mut cur));
                }
            }
            let Some(typed): Option<Vec<(String, bool)>> = parts
                .into_iter()
                .map(|p| part(&p).map(|s| (p, s)))
                .collect()
            else {
                continue;
            };
            let k = acc.len();
            acc.extend(typed);
            cuts(rest, acc, out);
            acc.truncate(k);
        }
    }
    let segs: Vec<&str> = segments.iter().map(|s| s.0.as_str()).collect();
    let mut all = Vec::new();
    cuts(&segs, &mut Vec::new(), &mut all);
    let mut readings: Vec<Vec<Option<String>>> = Vec::new();
    for parts in all.iter().filter(|p| p.len() <= n) {
        for mask in 0u32..1 << n {
            if mask.count_ones() as usize != parts.len() {
                continue;
            }
            let cols: Vec<usize> = (0..n).filter(|j| mask & (1 << j) != 0).collect();
            if parts
                .iter()
                .zip(&cols)
                .any(|((_, signed), &j)| *signed && !places[j].ends_with(".change"))
            {
                continue;
            }
            let mut r = vec![None; n];
            for ((t, _), &j) in parts.iter().zip(&cols) {
                r[j] = Some(t.clone());
            }
            readings.push(r);
        }
    }
    (0..n)
        .filter(|&j| readings.iter().any(|r| r[j] != readings[0][j]))
        .map(|j| places[j].clone())
        .collect()
}

/// How the cells of a rendering were read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Cells of the truth.
    pub cells: usize,
    /// Of them, cells the text determines.
    pub determined: usize,
    /// Cells read right (a number equal to the truth's, or null for a blank).
    pub right: usize,
    /// Of them, cells the text determines.
    pub right_determined: usize,
    /// Cells left null and listed unread, with a diagnostic.
    pub unread: usize,
    /// Of them, cells the text determines.
    pub unread_determined: usize,
    /// Cells read as a number other than the truth's.
    pub wrong: usize,
    /// Cells left null where the truth has a number, not listed unread.
    pub silent: usize,
}

impl Tally {
    /// Adds another tally.
    pub fn add(&mut self, o: &Tally) {
        self.cells += o.cells;
        self.determined += o.determined;
        self.right += o.right;
        self.right_determined += o.right_determined;
        self.unread += o.unread;
        self.unread_determined += o.unread_determined;
        self.wrong += o.wrong;
        self.silent += o.silent;
    }
}

/// A cell read wrong, left silently null, or unread though determined.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The cell's path.
    pub place: String,
    /// `wrong`, `silent null` or `unread`.
    pub kind: &'static str,
    /// What the parse gives.
    pub got: Option<Number>,
    /// What the text prints.
    pub want: Option<Number>,
    /// Whether the text determines the cell.
    pub determined: bool,
}

/// Compares a lenient parse of `r.text` with the truth, cell by cell.
/// Cells the parse has no place for (another edition, （六） in another
/// shape) count as unread when every cell of that part is unread, as wrong
/// when any holds a number.
pub fn score(r: &Rendering, parsed: &xxgk::Parsed) -> (Tally, Vec<Failure>) {
    let got: HashMap<String, xxgk::model::Value> = parsed
        .report
        .values()
        .into_iter()
        .map(|v| (v.place.to_string(), v))
        .collect();
    let diagnosed = !parsed.diagnostics.is_empty();
    let mut t = Tally::default();
    let mut failures = Vec::new();
    for want in r.truth.values() {
        let place = want.place.to_string();
        let determined = !r.undetermined.contains(&place);
        t.cells += 1;
        t.determined += usize::from(determined);
        let (value, unread) = match got.get(&place) {
            Some(v) => (v.value, v.status == xxgk::model::CellStatus::Unread),
            None => {
                // The part the place belongs to, in the shape read.
                let part = if want.place.table == "active_disclosure" {
                    "active_disclosure.".to_owned()
                } else {
                    format!(
                        "{}.{}",
                        want.place.table,
                        want.place.row.split('.').next().unwrap_or("")
                    )
                };
                let cells: Vec<&xxgk::model::Value> = got
                    .values()
                    .filter(|v| v.place.to_string().starts_with(&part))
                    .collect();
                let number = cells.iter().find_map(|v| v.value);
                let unread = cells
                    .iter()
                    .all(|v| v.status == xxgk::model::CellStatus::Unread);
                (number, unread)
            }
        };
        let kind = if value == want.value {
            t.right += 1;
            t.right_determined += usize::from(determined);
            continue;
        } else if value.is_some() {
            t.wrong += 1;
            "wrong"
        } else if unread && diagnosed {
            t.unread += 1;
            t.unread_determined += usize::from(determined);
            if !determined {
                continue;
            }
            "unread"
        } else {
            t.silent += 1;
            "silent null"
        };
        failures.push(Failure {
            place,
            kind,
            got: value,
            want: want.value,
            determined,
        });
    }
    (t, failures)
}

/// The report with every blank cell filled (0), for layouts whose text
/// cannot show a blank cell.
pub fn without_blanks(r: &Report) -> Report {
    let mut out = r.clone();
    out.for_each_value(|_, slot| match slot {
        xxgk::model::Slot::Count(v) => *v = Some(v.unwrap_or(0)),
        xxgk::model::Slot::Signed(v) => *v = Some(v.unwrap_or(0)),
        xxgk::model::Slot::Amount(v) => *v = Some(v.unwrap_or(xxgk::model::Amount::from_int(0))),
    });
    out
}
