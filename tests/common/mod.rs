//! Random reports and the layouts the seeds show, for property tests and benches.
#![allow(dead_code)]

pub mod glued_labels;
pub mod pdf;
pub mod render;

use proptest::prelude::*;
use xxgk::model::*;

/// How a table is flattened to text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A cell per line with a tab indent, rows separated by an empty line,
    /// merged cells as blank `\t` lines (seed 000). Blank data cells stay blank.
    CellPerLine,
    /// A cell per line, every line separated by an empty line (seed 001).
    /// Blank data cells cannot be told from separators, so they print as `—`.
    BlankLines,
    /// Tab-separated rows with the merged cells' blanks (seed 002). Blank data
    /// cells print as `/` (see the `blank` parameter of [`render`]).
    TabRows,
}

pub const LAYOUTS: [Layout; 3] = [Layout::CellPerLine, Layout::BlankLines, Layout::TabRows];

/// One table cell as a layout sees it.
#[derive(Debug, Clone)]
pub enum C {
    /// A label.
    L(&'static str),
    /// A data cell (None is blank).
    V(Option<String>),
    /// A blank left by a merged cell.
    M,
}

fn opt_count() -> BoxedStrategy<Option<Count>> {
    prop_oneof![
        1 => Just(None),
        3 => (0u64..10).prop_map(Some),
        2 => (0u64..100_000).prop_map(Some),
    ]
    .boxed()
}

fn opt_signed() -> BoxedStrategy<Option<i64>> {
    prop_oneof![1 => Just(None), 4 => (-500i64..500).prop_map(Some)].boxed()
}

fn opt_amount() -> BoxedStrategy<Option<Amount>> {
    prop_oneof![
        1 => Just(None),
        4 => (0i64..10_000_000_000, 0u8..=6).prop_map(|(u, s)| Some(Amount::new(u, s))),
    ]
    .boxed()
}

fn row() -> BoxedStrategy<Row> {
    proptest::array::uniform7(opt_count())
        .prop_map(Row::from_cells)
        .boxed()
}

fn group() -> BoxedStrategy<ReviewGroup> {
    proptest::array::uniform5(opt_count())
        .prop_map(ReviewGroup::from_cells)
        .boxed()
}

fn matrix(itemized: bool) -> BoxedStrategy<RequestMatrix> {
    (
        proptest::collection::vec(row(), 20),
        proptest::collection::vec(row(), 3),
        proptest::collection::vec(row(), 2),
    )
        .prop_map(move |(b, o, a)| {
            let other = if itemized {
                OtherDisposal::Itemized(OtherDisposalItems {
                    no_amendment: o[0],
                    unpaid_fee: o[1],
                    other: o[2],
                })
            } else {
                OtherDisposal::Single(o[0])
            };
            RequestMatrix::from_rows(b.try_into().expect("20 rows"), other, a[0], a[1])
        })
        .boxed()
}

fn active_2021() -> BoxedStrategy<ActiveDisclosure> {
    (
        proptest::array::uniform3(opt_count()),
        proptest::array::uniform3(opt_count()),
        proptest::array::uniform3(opt_count()),
        opt_amount(),
    )
        .prop_map(|(r, n, d, amount)| {
            let docs = |c: [Option<Count>; 3]| Documents {
                issued: c[0],
                repealed: c[1],
                in_force: c[2],
            };
            ActiveDisclosure::V2021(Active2021 {
                regulations: docs(r),
                normative_documents: docs(n),
                licensing: Decisions { decisions: d[0] },
                penalties: Decisions { decisions: d[1] },
                coercive_measures: Decisions { decisions: d[2] },
                fees: FeeAmount { amount },
            })
        })
        .boxed()
}

fn items() -> BoxedStrategy<Items> {
    (opt_count(), opt_signed(), opt_count())
        .prop_map(|(p, c, d)| Items {
            prior_year: p,
            change: c,
            decisions: d,
        })
        .boxed()
}

fn active_2019() -> BoxedStrategy<ActiveDisclosure> {
    (
        proptest::array::uniform3(opt_count()),
        proptest::array::uniform3(opt_count()),
        proptest::array::uniform4(items()),
        (opt_count(), opt_signed()),
        (opt_count(), opt_amount()),
    )
        .prop_map(|(r, n, it, fee, proc)| {
            let docs = |c: [Option<Count>; 3]| Publications {
                made: c[0],
                published: c[1],
                total_published: c[2],
            };
            let [licensing, other_services, penalties, coercive_measures] = it;
            ActiveDisclosure::V2019(Active2019 {
                regulations: docs(r),
                normative_documents: docs(n),
                licensing,
                other_services,
                penalties,
                coercive_measures,
                fees: FeeItems {
                    prior_year: fee.0,
                    change: fee.1,
                },
                procurement: Procurement {
                    items: proc.0,
                    amount: proc.1,
                },
            })
        })
        .boxed()
}

const AGENCIES: [&str; 4] = [
    "安丘市官庄镇人民政府",
    "枣庄市台儿庄区人民政府办公室",
    "王店镇人民政府",
    "大盛镇人民政府",
];

/// A random report of either edition (the 2021 edition sometimes prints （六） as one row).
pub fn report() -> BoxedStrategy<Report> {
    let tables = prop_oneof![
        3 => (active_2021(), matrix(true)),
        1 => (active_2021(), matrix(false)),
        2 => (active_2019(), matrix(false)),
    ];
    (
        tables,
        proptest::array::uniform3(group()),
        0usize..AGENCIES.len(),
        2019u16..2026,
    )
        .prop_map(|((active_disclosure, requests), g, agency, year)| Report {
            title: Some(format!(
                "{}{year}年政府信息公开工作年度报告",
                AGENCIES[agency]
            )),
            agency: Some(AGENCIES[agency].to_owned()),
            year: Some(year),
            active_disclosure,
            requests,
            reviews: Reviews {
                administrative_review: g[0],
                litigation_direct: g[1],
                litigation_after_review: g[2],
            },
            narrative: Narrative::default(),
            notes: Vec::new(),
            unread: Vec::new(),
        })
        .boxed()
}

fn v<T: ToString>(x: Option<T>) -> C {
    C::V(x.map(|x| x.to_string()))
}

/// Section 二's rows (each a list of cells), as the template lays them out.
fn active_rows(a: &ActiveDisclosure) -> Vec<Vec<C>> {
    use C::*;
    match a {
        ActiveDisclosure::V2021(a) => vec![
            vec![L("第二十条第（一）项")],
            vec![
                L("信息内容"),
                L("本年制发件数"),
                L("本年废止件数"),
                L("现行有效件数"),
            ],
            vec![
                L("规章"),
                v(a.regulations.issued),
                v(a.regulations.repealed),
                v(a.regulations.in_force),
            ],
            vec![
                L("行政规范性文件"),
                v(a.normative_documents.issued),
                v(a.normative_documents.repealed),
                v(a.normative_documents.in_force),
            ],
            vec![L("第二十条第（五）项")],
            vec![L("信息内容"), L("本年处理决定数量")],
            vec![L("行政许可"), v(a.licensing.decisions)],
            vec![L("第二十条第（六）项")],
            vec![L("信息内容"), L("本年处理决定数量")],
            vec![L("行政处罚"), v(a.penalties.decisions)],
            vec![L("行政强制"), v(a.coercive_measures.decisions)],
            vec![L("第二十条第（八）项")],
            vec![L("信息内容"), L("本年收费金额（单位：万元）")],
            vec![L("行政事业性收费"), v(a.fees.amount)],
        ],
        ActiveDisclosure::V2019(a) => {
            let items = |l: &'static str, i: &Items| {
                vec![L(l), v(i.prior_year), v(i.change), v(i.decisions)]
            };
            vec![
                vec![L("第二十条第（一）项")],
                vec![
                    L("信息内容"),
                    L("本年新制作数量"),
                    L("本年新公开数量"),
                    L("对外公开总数量"),
                ],
                vec![
                    L("规章"),
                    v(a.regulations.made),
                    v(a.regulations.published),
                    v(a.regulations.total_published),
                ],
                vec![
                    L("规范性文件"),
                    v(a.normative_documents.made),
                    v(a.normative_documents.published),
                    v(a.normative_documents.total_published),
                ],
                vec![L("第二十条第（五）项")],
                vec![
                    L("信息内容"),
                    L("上一年项目数量"),
                    L("本年增/减"),
                    L("处理决定数量"),
                ],
                items("行政许可", &a.licensing),
                items("其他对外管理服务事项", &a.other_services),
                vec![L("第二十条第（六）项")],
                vec![
                    L("信息内容"),
                    L("上一年项目数量"),
                    L("本年增/减"),
                    L("处理决定数量"),
                ],
                items("行政处罚", &a.penalties),
                items("行政强制", &a.coercive_measures),
                vec![L("第二十条第（八）项")],
                vec![L("信息内容"), L("上一年项目数量"), L("本年增/减")],
                vec![L("行政事业性收费"), v(a.fees.prior_year), v(a.fees.change)],
                vec![L("第二十条第（九）项")],
                vec![L("信息内容"), L("采购项目数量"), L("采购总金额")],
                vec![
                    L("政府集中采购"),
                    v(a.procurement.items),
                    v(a.procurement.amount),
                ],
            ]
        }
    }
}

fn vals(r: &Row) -> Vec<C> {
    r.cells().iter().map(|c| v(*c)).collect()
}

/// Section 三's rows. `tab_rows` selects seed 002's merged-cell pattern
/// (labels spread over columns in one line), otherwise seed 000's.
fn matrix_rows(m: &RequestMatrix, tab_rows: bool) -> Vec<Vec<C>> {
    use C::*;
    let mut rows = vec![
        vec![
            L("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
            M,
            L("申请人情况"),
        ],
        vec![
            M,
            M,
            L("自然人"),
            L("法人或其他组织"),
            M,
            M,
            M,
            M,
            L("总计"),
        ],
        vec![
            M,
            M,
            M,
            L("商业企业"),
            L("科研机构"),
            L("社会公益组织"),
            L("法律服务机构"),
            L("其他"),
            M,
        ],
    ];
    // Seed 002 leaves a merged blank after a label that spans two columns,
    // and one at the end of the row.
    let (mid, post) = if tab_rows { (1, 1) } else { (0, 0) };
    let mut push = |pre: Vec<C>, label: &'static str, r: &Row, mid: usize, post: usize| {
        let mut row = pre;
        row.push(L(label));
        row.extend((0..mid).map(|_| M));
        row.extend(vals(r));
        row.extend((0..post).map(|_| M));
        rows.push(row);
    };
    push(
        vec![],
        "一、本年新收政府信息公开申请数量",
        &m.new_requests,
        mid,
        post,
    );
    push(
        vec![],
        "二、上年结转政府信息公开申请数量",
        &m.carried_over,
        mid,
        post,
    );
    push(
        vec![L("三、本年度办理结果")],
        "（一）予以公开",
        &m.granted,
        0,
        post,
    );
    push(
        vec![M],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        &m.partially_granted,
        0,
        post,
    );
    let groups: [(&'static str, Vec<(&'static str, &Row)>); 3] = [
        (
            "（三）不予公开",
            vec![
                ("1.属于国家秘密", &m.denied.state_secret),
                ("2.其他法律行政法规禁止公开", &m.denied.prohibited_by_law),
                ("3.危及“三安全一稳定”", &m.denied.security_stability),
                ("4.保护第三方合法权益", &m.denied.third_party_rights),
                ("5.属于三类内部事务信息", &m.denied.internal_affairs),
                ("6.属于四类过程性信息", &m.denied.process_information),
                ("7.属于行政执法案卷", &m.denied.law_enforcement_files),
                ("8.属于行政查询事项", &m.denied.administrative_query),
            ],
        ),
        (
            "（四）无法提供",
            vec![
                ("1.本机关不掌握相关政府信息", &m.unavailable.not_held),
                ("2.没有现成信息需要另行制作", &m.unavailable.needs_creation),
                (
                    "3.补正后申请内容仍不明确",
                    &m.unavailable.unclear_after_amendment,
                ),
            ],
        ),
        (
            "（五）不予处理",
            vec![
                ("1.信访举报投诉类申请", &m.not_processed.complaint),
                ("2.重复申请", &m.not_processed.repeated),
                ("3.要求提供公开出版物", &m.not_processed.publication),
                ("4.无正当理由大量反复申请", &m.not_processed.excessive),
                (
                    "5.要求行政机关确认或重新出具已获取信息",
                    &m.not_processed.confirmation,
                ),
            ],
        ),
    ];
    let mut push_group = |name: &'static str, items: Vec<(&'static str, &Row)>| {
        for (i, (label, r)) in items.into_iter().enumerate() {
            let pre = if i == 0 { vec![M, L(name)] } else { vec![M, M] };
            push(pre, label, r, 0, 0);
        }
    };
    for (name, items) in groups {
        push_group(name, items);
    }
    match &m.other_disposal {
        OtherDisposal::Itemized(o) => push_group(
            "（六）其他处理",
            vec![
                (
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    &o.no_amendment,
                ),
                (
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    &o.unpaid_fee,
                ),
                ("3.其他", &o.other),
            ],
        ),
        OtherDisposal::Single(r) => push(vec![M], "（六）其他处理", r, 0, post),
    }
    push(vec![], "（七）总计", &m.total, 0, 2 * post);
    push(
        vec![],
        "四、结转下年度继续办理",
        &m.carried_forward,
        mid,
        post,
    );
    rows
}

fn review_rows(r: &Reviews) -> Vec<Vec<C>> {
    use C::*;
    let heads = || {
        vec![
            L("结果维持"),
            L("结果纠正"),
            L("其他结果"),
            L("尚未审结"),
            L("总计"),
        ]
    };
    let mut values = Vec::new();
    for g in [
        r.administrative_review,
        r.litigation_direct,
        r.litigation_after_review,
    ] {
        values.extend(g.cells().iter().map(|c| v(*c)));
    }
    let mut second = heads();
    second.extend([L("未经复议直接起诉"), L("复议后起诉")]);
    let mut third = vec![M, M, M, M, M];
    third.extend(heads());
    third.extend(heads());
    vec![vec![L("行政复议"), L("行政诉讼")], second, third, values]
}

/// How a blank data cell prints in a layout that cannot keep it blank.
pub const NULL_MARKS: [&str; 4] = ["—", "/", "无", "-"];

fn render_table(out: &mut String, rows: &[Vec<C>], layout: Layout, null: &str) {
    for row in rows {
        match layout {
            Layout::CellPerLine => {
                for c in row {
                    match c {
                        C::L(l) => out.push_str(&format!("\t{l}\n")),
                        C::V(Some(x)) => out.push_str(&format!("\t{x}\n")),
                        C::V(None) | C::M => out.push_str("\t\n"),
                    }
                }
                out.push('\n');
            }
            Layout::BlankLines => {
                for c in row {
                    match c {
                        C::L(l) => out.push_str(&format!("{l}\n\n")),
                        C::V(Some(x)) => out.push_str(&format!("{x}\n\n")),
                        C::V(None) => out.push_str(&format!("{null}\n\n")),
                        C::M => {}
                    }
                }
            }
            Layout::TabRows => {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        C::L(l) => (*l).to_owned(),
                        C::V(Some(x)) => x.clone(),
                        C::V(None) => null.to_owned(),
                        C::M => String::new(),
                    })
                    .collect();
                out.push_str(&cells.join("\t"));
                out.push('\n');
            }
        }
    }
}

/// The free text each rendered report carries in sections 一、五、六.
pub const OVERVIEW: &str = "本年度，本机关认真贯彻落实《条例》，政府信息公开工作稳步推进。";
pub const PROBLEMS: &str = "存在问题：公开内容有待丰富。改进措施：加强培训。";
pub const OTHER: &str = "本年度未收取信息处理费。";

/// Renders a whole report in a layout; blank data cells print as `null` where
/// the layout cannot keep them blank (`null` empty keeps them blank in
/// [`Layout::TabRows`]).
pub fn render(r: &Report, layout: Layout, null: &str) -> String {
    let mut out = String::new();
    out.push_str(r.title.as_deref().unwrap_or(""));
    out.push_str("\n\n一、总体情况\n");
    out.push_str(OVERVIEW);
    out.push_str("\n二、主动公开政府信息情况\n");
    render_table(&mut out, &active_rows(&r.active_disclosure), layout, null);
    out.push_str("三、收到和处理政府信息公开申请情况\n");
    render_table(
        &mut out,
        &matrix_rows(&r.requests, layout == Layout::TabRows),
        layout,
        null,
    );
    out.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    render_table(&mut out, &review_rows(&r.reviews), layout, null);
    out.push_str("五、存在的主要问题及改进情况\n");
    out.push_str(PROBLEMS);
    out.push_str("\n六、其他需要报告的事项\n");
    out.push_str(OTHER);
    out.push('\n');
    out
}

/// The parsed report's tables and metadata equal the model's.
pub fn same_tables(got: &Report, want: &Report) -> Result<(), TestCaseError> {
    prop_assert_eq!(&got.active_disclosure, &want.active_disclosure);
    prop_assert_eq!(&got.requests, &want.requests);
    prop_assert_eq!(&got.reviews, &want.reviews);
    prop_assert_eq!(&got.title, &want.title);
    prop_assert_eq!(&got.agency, &want.agency);
    prop_assert_eq!(got.year, want.year);
    prop_assert_eq!(got.edition(), want.edition());
    Ok(())
}

/// Choices a markup rendering makes (how a blank cell, a wrapped label, a
/// table break are written), drawn from one number.
#[derive(Debug, Clone, Copy)]
pub struct Style(pub u64);

impl Style {
    /// The next choice among `n`.
    pub fn pick(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A label cut in two at a random character (a label wrapped in its cell,
/// or split across runs).
fn cut(label: &str, style: &mut Style) -> (String, String) {
    let chars: Vec<char> = label.chars().collect();
    let at = style.pick(chars.len() as u64 + 1) as usize;
    (chars[..at].iter().collect(), chars[at..].iter().collect())
}

/// A table's cells with their column spans: blanks left by merged cells
/// become the span of the cell before them on the row, or, first on a row,
/// the cells a merge from above covers (`None`).
fn spans(row: &[C]) -> Vec<(Option<&C>, usize)> {
    let mut out: Vec<(Option<&C>, usize)> = Vec::new();
    for c in row {
        match (c, out.last_mut()) {
            (C::M, Some((Some(_), span))) => *span += 1,
            (C::M, _) => out.push((None, 1)),
            _ => out.push((Some(c), 1)),
        }
    }
    out
}

/// The report's blocks: a paragraph, or a table's rows.
fn blocks(r: &Report) -> Vec<Result<String, Vec<Vec<C>>>> {
    vec![
        Ok(r.title.clone().unwrap_or_default()),
        Ok("一、总体情况".into()),
        Ok(OVERVIEW.into()),
        Ok("二、主动公开政府信息情况".into()),
        Err(active_rows(&r.active_disclosure)),
        Ok("三、收到和处理政府信息公开申请情况".into()),
        Err(matrix_rows(&r.requests, true)),
        Ok("四、政府信息公开行政复议、行政诉讼情况".into()),
        Err(review_rows(&r.reviews)),
        Ok("五、存在的主要问题及改进情况".into()),
        Ok(PROBLEMS.into()),
        Ok("六、其他需要报告的事项".into()),
        Ok(OTHER.into()),
    ]
}

/// A whole site page holding the report: head, script, navigation, the
/// report in a layout table, its tables with rowspan/colspan merges, blank
/// cells as `&nbsp;` or empty, labels wrapped with `<br>` or paragraphs,
/// tables sometimes split in two.
pub fn html(r: &Report, mut style: Style) -> String {
    let s = &mut style;
    let mut out = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政务公开</title>\
         <script>var a = '<td>1</td>'; if (a < 2) {}</script><style>td { padding: 0 }</style></head>\
         <body><nav><ul><li><a href=\"/\">首页</a></li><li>2019年报告</li></ul></nav>\
         <table class=\"layout\"><tr><td>",
    );
    for block in blocks(r) {
        match block {
            Ok(p) => out.push_str(&format!("<p>{}</p>\n", escape(&p))),
            Err(rows) => {
                let split = s.pick(rows.len() as u64 * 2);
                out.push_str("<table border=\"1\">\n");
                for (i, row) in rows.iter().enumerate() {
                    if i as u64 == split && i > 0 {
                        out.push_str("</table>\n<p>&nbsp;</p>\n<table>\n");
                    }
                    out.push_str("<tr>");
                    for (cell, span) in spans(row) {
                        let attr = if span > 1 {
                            format!(" colspan=\"{span}\"")
                        } else {
                            String::new()
                        };
                        let text = match cell {
                            None => continue,
                            Some(C::L(l)) => {
                                let (a, b) = cut(l, s);
                                let br = ["<br>", "<br/>\n", "</p><p>", ""][s.pick(4) as usize];
                                format!("<p>{}{br}<span>{}</span></p>", escape(&a), escape(&b))
                            }
                            Some(C::V(Some(x))) => x.clone(),
                            Some(_) => ["&nbsp;", "", " ", "<p></p>"][s.pick(4) as usize].into(),
                        };
                        out.push_str(&format!("<td{attr}>{text}</td>"));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
    }
    out.push_str("</td></tr></table><div class=\"footer\">版权所有</div></body></html>");
    out
}

/// A run of text, as Word writes it.
fn run(text: &str) -> String {
    format!(
        "<w:r><w:rPr><w:sz w:val=\"21\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(text)
    )
}

/// The `word/document.xml` of the report: its tables with `w:gridSpan` and
/// `w:vMerge` merges, labels split across runs, blank cells as empty
/// paragraphs, tables sometimes split in two.
pub fn docx_xml(r: &Report, mut style: Style) -> String {
    let s = &mut style;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>",
    );
    for block in blocks(r) {
        match block {
            Ok(p) => {
                let (a, b) = cut(&p, s);
                out.push_str(&format!(
                    "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>{}{}</w:p>",
                    run(&a),
                    run(&b)
                ));
            }
            Err(rows) => {
                let split = s.pick(rows.len() as u64 * 2);
                out.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
                for (i, row) in rows.iter().enumerate() {
                    if i as u64 == split && i > 0 {
                        out.push_str("</w:tbl><w:p/><w:tbl>");
                    }
                    out.push_str("<w:tr>");
                    for (cell, span) in spans(row) {
                        let mut props = String::new();
                        if span > 1 {
                            props.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
                        }
                        let body = match cell {
                            None => {
                                props.push_str("<w:vMerge/>");
                                "<w:p/>".to_owned()
                            }
                            Some(C::L(l)) => {
                                let (a, b) = cut(l, s);
                                format!("<w:p>{}{}</w:p>", run(&a), run(&b))
                            }
                            Some(C::V(Some(x))) => format!("<w:p>{}</w:p>", run(x)),
                            Some(_) => "<w:p/>".to_owned(),
                        };
                        out.push_str(&format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"));
                    }
                    out.push_str("</w:tr>");
                }
                out.push_str("</w:tbl>");
            }
        }
    }
    out.push_str("<w:sectPr/></w:body></w:document>");
    out
}

/// A DOCX archive with the given entries.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A DOCX file whose body is `document_xml`.
pub fn docx_with(document_xml: &str) -> Vec<u8> {
    zip(&[
        (
            "[Content_Types].xml",
            b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        ),
        ("word/document.xml", document_xml.as_bytes()),
    ])
}

/// The report as a DOCX file.
pub fn docx(r: &Report, style: Style) -> Vec<u8> {
    docx_with(&docx_xml(r, style))
}
