//! Tables whose cells ran together: random consistent reports rendered with
//! no separator at all read back exactly, or end in an ambiguity that is
//! reported; never in a wrong number.

use proptest::prelude::*;
use proptest::test_runner::Config;

#[path = "common/glued_labels.rs"]
mod glued_labels;
use glued_labels::MATRIX_ROWS as ROWS;
const ITEMS: [&str; 3] = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
];
/// Group labels printed before the row of the same index.
fn group_before(i: usize) -> &'static str {
    match i {
        2 => "三、本年度办理结果",
        4 => "（三）不予公开",
        12 => "（四）无法提供",
        15 => "（五）不予处理",
        _ => "",
    }
}

/// A matrix whose every relation holds: outcome rows (the two leading rows
/// excluded), then 总计, carried forward, carried over and new requests per
/// column. Also returns 表四.
#[derive(Debug, Clone)]
struct Consistent {
    /// 20 leading rows, then （六） (three items when `itemized`), 总计, 结转.
    rows: Vec<[u64; 7]>,
    itemized: bool,
    reviews: [u64; 15],
    /// Section 二 (2021): 规章, 行政规范性文件, 行政许可, 行政处罚, 行政强制.
    active: [u64; 9],
}

fn small() -> impl Strategy<Value = u64> {
    prop_oneof![4 => Just(0u64), 3 => 1u64..10, 2 => 10u64..100, 1 => 100u64..1000]
}

fn consistent() -> impl Strategy<Value = Consistent> {
    (
        any::<bool>(),
        proptest::collection::vec(proptest::array::uniform6(small()), 21),
        proptest::array::uniform6(small()),
        proptest::array::uniform6(small()),
        proptest::array::uniform12(small()),
        proptest::array::uniform9(small()),
    )
        .prop_map(|(itemized, outcome, forward, carried, groups, active)| {
            let with_total = |c: [u64; 6]| {
                let mut r = [0; 7];
                r[..6].copy_from_slice(&c);
                r[6] = c.iter().sum();
                r
            };
            // Outcome rows: 18 (（一）…（五）) and （六） (1 or 3 rows).
            let n_outcome = if itemized { 21 } else { 19 };
            let outcome: Vec<[u64; 7]> = outcome[..n_outcome]
                .iter()
                .map(|c| with_total(*c))
                .collect();
            let mut total = [0u64; 7];
            for r in &outcome {
                for j in 0..7 {
                    total[j] += r[j];
                }
            }
            let forward = with_total(forward);
            // carried ≤ total + forward, new = total + forward − carried.
            let mut carried_c = [0u64; 6];
            let mut new_c = [0u64; 6];
            for j in 0..6 {
                carried_c[j] = carried[j].min(total[j] + forward[j]);
                new_c[j] = total[j] + forward[j] - carried_c[j];
            }
            let mut rows = vec![with_total(new_c), with_total(carried_c)];
            rows.extend(outcome);
            rows.push(total);
            rows.push(forward);
            let mut reviews = [0u64; 15];
            for g in 0..3 {
                let parts = &groups[g * 4..g * 4 + 4];
                reviews[g * 5..g * 5 + 4].copy_from_slice(parts);
                reviews[g * 5 + 4] = parts.iter().sum();
            }
            Consistent {
                rows,
                itemized,
                reviews,
                active,
            }
        })
}

/// The report as a web page's text with its table separators gone, but
/// where `gaps` keeps some: for the row of index `i`, bit 0 of
/// `gaps[i % gaps.len()]` puts a space between its label and its digits,
/// bit `j + 1` one between its cells `j` and `j + 1`. No gaps: every
/// separator gone.
fn render(c: &Consistent, gaps: &[u32]) -> String {
    let mut row_index = 0;
    let mut digits = |r: &[u64]| {
        let mask = if gaps.is_empty() {
            0
        } else {
            gaps[row_index % gaps.len()]
        };
        row_index += 1;
        let mut s = String::new();
        if mask & 1 != 0 {
            s.push(' ');
        }
        for (j, v) in r.iter().enumerate() {
            if j > 0 && mask & (1 << j) != 0 {
                s.push(' ');
            }
            s += &v.to_string();
        }
        s
    };
    let a = &c.active;
    let mut s = String::from(
        "某区人民政府2023年政府信息公开工作年度报告\n一、总体情况 本年度工作稳步推进。\n",
    );
    s += &format!(
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章{}行政规范性文件{}\
         第二十条第（五）项信息内容本年处理决定数量行政许可{}第二十条第（六）项信息内容本年处理决定数量行政处罚{}行政强制{}\
         第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费12.5",
        digits(&a[0..3]),
        digits(&a[3..6]),
        a[6],
        a[7],
        a[8]
    );
    s += "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他";
    for (i, label) in ROWS.iter().enumerate() {
        s += group_before(i);
        s += label;
        s += &digits(&c.rows[i]);
    }
    let mut k = 20;
    if c.itemized {
        s += "（六）其他处理";
        for item in ITEMS {
            s += item;
            s += &digits(&c.rows[k]);
            k += 1;
        }
    } else {
        s += "（六）其他处理";
        s += &digits(&c.rows[k]);
        k += 1;
    }
    s += "（七）总计";
    s += &digits(&c.rows[k]);
    s += "四、结转下年度继续办理";
    s += &digits(&c.rows[k + 1]);
    s += "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计";
    s += &digits(&c.reviews);
    s += "五、存在的主要问题及改进情况 无。六、其他需要报告的事项 无。\n";
    s
}

/// The rows of a read matrix, in the order `render` prints them.
fn rows_of(m: &xxgk::model::RequestMatrix) -> Vec<[Option<u64>; 7]> {
    m.rows().iter().map(|r| r.row.cells()).collect()
}

proptest! {
    #![proptest_config(Config { cases: 200, ..Config::default() })]

    #[test]
    fn glued_tables_read_back_or_are_ambiguous(
        c in consistent(),
        gaps in prop_oneof![
            Just(Vec::new()),
            proptest::collection::vec(any::<u32>().prop_map(|m| m & 0b1), 1..8),
            // Bit 6 clear: the row's last two cells stay glued. (Rows whose
            // every cell a space separates, on one line, are another layout.)
            proptest::collection::vec(any::<u32>().prop_map(|m| m & 0b011_1111), 1..8),
        ],
    ) {
        let text = render(&c, &gaps);
        let parsed = xxgk::parse_lenient(&text);
        let read = rows_of(&parsed.report.requests);
        prop_assert_eq!(read.len(), c.rows.len());
        for (i, (got, want)) in read.iter().zip(&c.rows).enumerate() {
            for j in 0..7 {
                if let Some(v) = got[j] {
                    prop_assert_eq!(v, want[j], "row {} column {}\n{}", i, j, text);
                }
            }
            if got.iter().any(Option::is_none) {
                // An unread row is one the diagnostics call ambiguous.
                prop_assert!(parsed.diagnostics.iter().any(|d| matches!(d.code, xxgk::Code::AmbiguousSplit | xxgk::Code::SearchLimit)
                    && d.path.as_deref().is_some_and(|p| p.starts_with("requests"))),
                    "row {} unread without a reason: {:?}", i, parsed.diagnostics);
            }
        }
        let r = &parsed.report.reviews;
        let groups = [r.administrative_review, r.litigation_direct, r.litigation_after_review];
        for (g, group) in groups.iter().enumerate() {
            for (k, v) in group.cells().iter().enumerate() {
                if let Some(v) = v {
                    prop_assert_eq!(*v, c.reviews[g * 5 + k]);
                }
            }
        }
        // Section 二 has no relations: a 3-cell run reads only when one split exists.
        if let xxgk::model::ActiveDisclosure::V2021(a) = &parsed.report.active_disclosure {
            prop_assert!(a.licensing.decisions == Some(c.active[6]));
            for (cells, want) in [(&a.regulations, &c.active[0..3]), (&a.normative_documents, &c.active[3..6])] {
                let got = [cells.issued, cells.repealed, cells.in_force];
                if got.iter().all(Option::is_some) {
                    prop_assert_eq!(got.map(Option::unwrap).to_vec(), want.to_vec());
                }
            }
        } else {
            prop_assert!(false, "edition");
        }
        // Strict: the same report, or the ambiguity as its error.
        match xxgk::parse(&text) {
            Ok(report) => prop_assert_eq!(report, parsed.report),
            Err(e) => prop_assert!(
                matches!(e.kind(), xxgk::ErrorKind::AmbiguousSplit | xxgk::ErrorKind::SearchLimit),
                "{}", e
            ),
        }
    }
}
