//! The template's relations (勾稽关系) as findings.
//!
//! [`check`] tests one report against the relations of the template:
//!
//! | rule | relation |
//! |---|---|
//! | `row_total` | in every row of section 三, 总计 = the sum of the six applicant columns |
//! | `balance` | in every column of section 三, 一 + 二 = （七）总计 + 四 |
//! | `outcome_total` | in every column of section 三, （七）总计 = the sum of the outcome rows （一）…（六） |
//! | `group_total` | in each group of section 四, 总计 = 维持 + 纠正 + 其他 + 尚未审结 |
//!
//! [`check_pair`] tests two consecutive years of one agency (`carry_over`,
//! `in_force_continuity`). A relation that involves a blank cell cannot be
//! assessed: it is reported as such, neither passed nor failed. Numbers are
//! never "repaired": a finding says what the relation expects and what the
//! report prints.

use serde::{Deserialize, Serialize};

use crate::model::{ActiveDisclosure, Count, Documents, Report, ReviewGroup, Reviews, Row};

/// A relation of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// 总计 = the sum of the six applicant columns, in a row of section 三.
    RowTotal,
    /// 一 + 二 = （七）总计 + 四, in a column of section 三.
    Balance,
    /// （七）总计 = the sum of the outcome rows, in a column of section 三.
    OutcomeTotal,
    /// 总计 = 维持 + 纠正 + 其他 + 尚未审结, in a group of section 四.
    GroupTotal,
    /// This year's 二、上年结转 = last year's 四、结转下年度继续办理.
    CarryOver,
    /// 现行有效件数 = last year's + 本年制发件数 − 本年废止件数 (2021 edition).
    InForceContinuity,
}

impl Rule {
    /// The rule's id, as in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Rule::RowTotal => "row_total",
            Rule::Balance => "balance",
            Rule::OutcomeTotal => "outcome_total",
            Rule::GroupTotal => "group_total",
            Rule::CarryOver => "carry_over",
            Rule::InForceContinuity => "in_force_continuity",
        }
    }
}

/// Whether a relation fails or cannot be assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The printed numbers break the relation.
    Broken,
    /// A cell the relation needs is blank.
    NotAssessable,
}

/// A relation that does not hold, or cannot be assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Which relation.
    pub rule: Rule,
    /// Broken, or not assessable.
    pub status: Status,
    /// Model path of the row or group where the relation's result stands,
    /// e.g. `requests.denied.state_secret`.
    pub path: String,
    /// The column, e.g. `total` or `natural_person`.
    pub column: String,
    /// What the relation gives (for `row_total`, the sum of the parts);
    /// `None` when not assessable.
    pub expected: Option<i64>,
    /// What the report prints (for `balance`, （七）总计 + 四); `None` when blank.
    pub actual: Option<i64>,
    /// Model paths of the blank cells that keep it from being assessed.
    pub blank: Vec<String>,
    /// The finding in Chinese.
    pub message_zh: String,
    /// The finding in English.
    pub message_en: String,
}

/// Column labels of the matrix, in template order.
const ROW_LABELS_ZH: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];
/// Section 四's groups.
const GROUP_NAMES_ZH: [&str; 3] = [
    "行政复议",
    "行政诉讼（未经复议直接起诉）",
    "行政诉讼（复议后起诉）",
];

/// A cell a relation reads: its row's or group's model path, its field, its value.
type Part<'a> = (&'a str, &'a str, Option<Count>);

/// A sum of cells, or the model paths of the cells that are blank.
fn sum<'a>(cells: impl IntoIterator<Item = Part<'a>>) -> Result<i64, Vec<String>> {
    let mut total: i64 = 0;
    let mut blank = Vec::new();
    for (path, field, c) in cells {
        match c {
            Some(v) => total = total.saturating_add(i64::try_from(v).unwrap_or(i64::MAX)),
            None => blank.push(format!("{path}.{field}")),
        }
    }
    if blank.is_empty() {
        Ok(total)
    } else {
        Err(blank)
    }
}

/// Where a relation stands, as its messages name it (built only for a finding).
enum Where<'a> {
    /// A row of section 三: its label and model path.
    Row { label: &'a str, path: &'a str },
    /// A column of section 三: its field and Chinese label.
    Column { field: &'a str, zh: &'a str },
    /// A group of section 四: its model path and Chinese name.
    Group { path: &'a str, zh: &'a str },
    /// Named in full (the relations between two years, checked far less often).
    Named { zh: String, en: String },
}

/// A [`Where`] named in Chinese, formatted without a string of its own.
struct Zh<'w, 'a>(&'w Where<'a>);

/// A [`Where`] named in English, formatted without a string of its own.
struct En<'w, 'a>(&'w Where<'a>);

impl std::fmt::Display for Zh<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Where::Named { zh, .. } => f.write_str(zh),
            Where::Row { label, .. } => f.write_str(label),
            Where::Column { zh, .. } => write!(f, "第三部分「{zh}」列"),
            Where::Group { zh, .. } => write!(f, "第四部分「{zh}」"),
        }
    }
}

impl std::fmt::Display for En<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Where::Named { en, .. } => f.write_str(en),
            Where::Row { path, .. } | Where::Group { path, .. } => f.write_str(path),
            Where::Column { field, .. } => write!(f, "section 三, column {field}"),
        }
    }
}

/// Builds the finding for `lhs` (computed) against `rhs` (printed).
struct Relation<'a> {
    rule: Rule,
    path: &'a str,
    column: &'a str,
    place: Where<'a>,
    what_zh: &'a str,
    what_en: &'a str,
}

impl Relation<'_> {
    /// Judges the computed side against the printed side (a cell, or for
    /// `balance` the sum （七）+四); a blank cell on either makes it not assessable.
    fn judge(
        self,
        expected: Result<i64, Vec<String>>,
        actual: Result<i64, Vec<String>>,
    ) -> Option<Finding> {
        let blank: Vec<String> = [&expected, &actual]
            .into_iter()
            .filter_map(|side| side.as_ref().err())
            .flatten()
            .cloned()
            .collect();
        let actual = actual.ok();
        if !blank.is_empty() {
            return Some(Finding {
                rule: self.rule,
                status: Status::NotAssessable,
                path: self.path.to_owned(),
                column: self.column.to_owned(),
                expected: None,
                actual,
                message_zh: format!(
                    "{}：{}无法核对，{} 个单元格为空",
                    Zh(&self.place),
                    self.what_zh,
                    blank.len()
                ),
                message_en: format!(
                    "{}: {} cannot be assessed, {} blank cell{}",
                    En(&self.place),
                    self.what_en,
                    blank.len(),
                    if blank.len() == 1 { "" } else { "s" }
                ),
                blank,
            });
        }
        let expected = expected.ok()?;
        (Some(expected) != actual).then(|| Finding {
            rule: self.rule,
            status: Status::Broken,
            path: self.path.to_owned(),
            column: self.column.to_owned(),
            expected: Some(expected),
            actual,
            blank: Vec::new(),
            message_zh: format!(
                "{}：{}不成立，应为 {}，报告为 {}",
                Zh(&self.place),
                self.what_zh,
                expected,
                actual.unwrap_or_default()
            ),
            message_en: format!(
                "{}: {} does not hold: expected {}, the report prints {}",
                En(&self.place),
                self.what_en,
                expected,
                actual.unwrap_or_default()
            ),
        })
    }
}

/// The relations of one report that do not hold or cannot be assessed.
///
/// ```
/// let text = std::fs::read_to_string("tests/fixtures/seeds/001_1ada044614214e9c.txt")?;
/// let report = xxgk::parse(&text)?;
/// assert!(xxgk::check(&report).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(report: &Report) -> Vec<Finding> {
    let mut findings = Vec::new();
    let rows = report.requests.rows();
    // row_total
    for r in &rows {
        let cells = r.row.cells();
        let parts = (0..6).map(|k| (r.path, Row::FIELDS[k], cells[k]));
        findings.extend(
            Relation {
                rule: Rule::RowTotal,
                path: r.path,
                column: "total",
                place: Where::Row {
                    label: r.label,
                    path: r.path,
                },
                what_zh: "总计等于各申请人类别之和",
                what_en: "总计 = the sum of the six applicant columns",
            }
            .judge(sum(parts), sum([(r.path, "total", cells[6])])),
        );
    }
    let m = &report.requests;
    for (k, field) in Row::FIELDS.iter().enumerate() {
        let col = |row: &Row, path: &'static str| (path, *field, row.cells()[k]);
        // balance: 一 + 二 = （七） + 四.
        let received = sum([
            col(&m.new_requests, "requests.new_requests"),
            col(&m.carried_over, "requests.carried_over"),
        ]);
        let handled = sum([
            col(&m.total, "requests.total"),
            col(&m.carried_forward, "requests.carried_forward"),
        ]);
        let col_zh = ROW_LABELS_ZH[k];
        findings.extend(
            Relation {
                rule: Rule::Balance,
                path: "requests.total",
                column: field,
                place: Where::Column { field, zh: col_zh },
                what_zh: "第一项加第二项之和等于第三项加第四项之和",
                what_en: "一 + 二 = （七）总计 + 四",
            }
            .judge(received, handled),
        );
        // outcome_total
        let outcomes = rows
            .iter()
            .filter(|r| r.outcome)
            .map(|r| col(r.row, r.path));
        findings.extend(
            Relation {
                rule: Rule::OutcomeTotal,
                path: "requests.total",
                column: field,
                place: Where::Column { field, zh: col_zh },
                what_zh: "（七）总计等于各办理结果之和",
                what_en: "（七）总计 = the sum of the outcome rows",
            }
            .judge(sum(outcomes), sum([col(&m.total, "requests.total")])),
        );
    }
    // group_total
    let groups = groups(&report.reviews);
    for (g, (name, group)) in Reviews::GROUPS.iter().zip(groups).enumerate() {
        let path = format!("reviews.{name}");
        let c = group.cells();
        let parts = (0..4).map(|k| (path.as_str(), ReviewGroup::FIELDS[k], c[k]));
        findings.extend(
            Relation {
                rule: Rule::GroupTotal,
                path: &path,
                column: "total",
                place: Where::Group {
                    path: &path,
                    zh: GROUP_NAMES_ZH[g],
                },
                what_zh: "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
                what_en: "总计 = 维持 + 纠正 + 其他 + 尚未审结",
            }
            .judge(sum(parts), sum([(path.as_str(), "total", c[4])])),
        );
    }
    findings
}

fn groups(r: &Reviews) -> [ReviewGroup; 3] {
    [
        r.administrative_review,
        r.litigation_direct,
        r.litigation_after_review,
    ]
}

/// The relations between two consecutive years of one agency: this year's
/// 二、上年结转 against last year's 四、结转下年度继续办理, and (2021 edition)
/// 现行有效件数 against last year's plus 本年制发件数 minus 本年废止件数.
pub fn check_pair(previous: &Report, current: &Report) -> Vec<Finding> {
    let mut findings = Vec::new();
    let before = previous.requests.carried_forward.cells();
    let now = current.requests.carried_over.cells();
    for (k, field) in Row::FIELDS.iter().enumerate() {
        findings.extend(
            Relation {
                rule: Rule::CarryOver,
                path: "requests.carried_over",
                column: field,
                place: Where::Named {
                    zh: format!("二、上年结转「{}」列", ROW_LABELS_ZH[k]),
                    en: format!("requests.carried_over, column {field}"),
                },
                what_zh: "上年结转等于上一年度报告的结转下年度继续办理",
                what_en: "二、上年结转 = last year's 四、结转下年度继续办理",
            }
            .judge(
                sum([("previous.requests.carried_forward", *field, before[k])]),
                sum([("requests.carried_over", *field, now[k])]),
            ),
        );
    }
    if let (ActiveDisclosure::V2021(p), ActiveDisclosure::V2021(c)) =
        (&previous.active_disclosure, &current.active_disclosure)
    {
        for (path, label, p, c) in [
            (
                "active_disclosure.regulations",
                "规章",
                &p.regulations,
                &c.regulations,
            ),
            (
                "active_disclosure.normative_documents",
                "行政规范性文件",
                &p.normative_documents,
                &c.normative_documents,
            ),
        ] {
            findings.extend(in_force(path, label, p, c));
        }
    }
    findings
}

fn in_force(path: &str, label: &str, previous: &Documents, current: &Documents) -> Option<Finding> {
    // last year's + issued − repealed, as (last year's + issued) − repealed.
    let added = sum([
        (
            format!("previous.{path}").as_str(),
            "in_force",
            previous.in_force,
        ),
        (path, "issued", current.issued),
    ]);
    let expected = match (added, sum([(path, "repealed", current.repealed)])) {
        (Ok(a), Ok(r)) => Ok(a - r),
        (a, r) => Err([a, r]
            .into_iter()
            .filter_map(Result::err)
            .flatten()
            .collect()),
    };
    Relation {
        rule: Rule::InForceContinuity,
        path,
        column: "in_force",
        place: Where::Named {
            zh: format!("{label}「现行有效件数」"),
            en: format!("{path}.in_force"),
        },
        what_zh: "现行有效件数等于上年现行有效件数加本年制发件数减本年废止件数",
        what_en: "现行有效件数 = last year's + 本年制发件数 − 本年废止件数",
    }
    .judge(expected, sum([(path, "in_force", current.in_force)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn row(c: [u64; 7]) -> Row {
        Row::from_cells(c.map(Some))
    }

    fn report() -> Report {
        let mut m = RequestMatrix::from_rows(
            [row([0; 7]); 20],
            OtherDisposal::Single(row([0; 7])),
            row([3, 0, 0, 0, 0, 0, 3]),
            row([1, 0, 0, 0, 0, 0, 1]),
        );
        m.new_requests = row([4, 0, 0, 0, 0, 0, 4]);
        m.granted = row([3, 0, 0, 0, 0, 0, 3]);
        Report {
            active_disclosure: ActiveDisclosure::V2021(Active2021::default()),
            requests: m,
            ..Report::empty(Edition::V2021)
        }
    }

    #[test]
    fn a_consistent_report_has_only_blank_groups() {
        let f = check(&report());
        assert!(
            f.iter()
                .all(|f| f.rule == Rule::GroupTotal && f.status == Status::NotAssessable),
            "{f:#?}"
        );
    }

    #[test]
    fn broken_relations_are_found_not_repaired() {
        let mut r = report();
        r.requests.denied.state_secret = row([1, 1, 0, 0, 0, 0, 1]);
        r.reviews.administrative_review =
            ReviewGroup::from_cells([Some(10), Some(1), Some(0), Some(0), Some(0)]);
        let f = check(&r);
        let broken: Vec<_> = f.iter().filter(|f| f.status == Status::Broken).collect();
        let row_total = broken.iter().find(|f| f.rule == Rule::RowTotal).unwrap();
        assert_eq!(row_total.path, "requests.denied.state_secret");
        assert_eq!((row_total.expected, row_total.actual), (Some(2), Some(1)));
        assert!(row_total.message_zh.contains("应为 2"));
        assert_eq!(
            row_total.message_en,
            "requests.denied.state_secret: 总计 = the sum of the six applicant columns \
             does not hold: expected 2, the report prints 1"
        );
        let group = broken.iter().find(|f| f.rule == Rule::GroupTotal).unwrap();
        assert_eq!((group.expected, group.actual), (Some(11), Some(0)));
        assert_eq!(
            group.message_zh,
            "第四部分「行政复议」：总计等于结果维持、结果纠正、其他结果、尚未审结之和不成立，应为 11，报告为 0"
        );
        let column = broken
            .iter()
            .find(|f| f.rule == Rule::OutcomeTotal && f.column == "natural_person")
            .unwrap();
        assert!(column.message_zh.starts_with("第三部分「自然人」列："));
        assert!(
            column
                .message_en
                .starts_with("section 三, column natural_person: ")
        );
        assert!(
            broken
                .iter()
                .any(|f| f.rule == Rule::OutcomeTotal && f.column == "natural_person")
        );
        assert_eq!(r.requests.denied.state_secret.total, Some(1));
    }

    #[test]
    fn blank_cells_make_a_relation_not_assessable() {
        let mut r = report();
        r.requests.granted.research = None;
        let f = check(&r);
        let na = f
            .iter()
            .find(|f| f.rule == Rule::RowTotal && f.path == "requests.granted")
            .unwrap();
        assert_eq!(na.status, Status::NotAssessable);
        assert_eq!(na.blank, vec!["requests.granted.research".to_owned()]);
    }

    #[test]
    fn pairs_of_years() {
        let mut prev = report();
        prev.requests.carried_forward = row([2, 0, 0, 0, 0, 0, 2]);
        let cur = report();
        let f = check_pair(&prev, &cur);
        let carry: Vec<_> = f.iter().filter(|f| f.rule == Rule::CarryOver).collect();
        assert_eq!(carry.len(), 2);
        assert_eq!((carry[0].expected, carry[0].actual), (Some(2), Some(0)));
    }
}
