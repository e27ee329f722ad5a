//! Section 三 (收到和处理政府信息公开申请情况): the request matrix.

use serde::{Deserialize, Serialize};

use super::Count;

/// One row of the matrix: the seven applicant columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// 自然人.
    pub natural_person: Option<Count>,
    /// 法人或其他组织 · 商业企业.
    pub commercial: Option<Count>,
    /// 法人或其他组织 · 科研机构.
    pub research: Option<Count>,
    /// 法人或其他组织 · 社会公益组织.
    pub social_welfare: Option<Count>,
    /// 法人或其他组织 · 法律服务机构.
    pub legal_services: Option<Count>,
    /// 法人或其他组织 · 其他.
    pub other_entity: Option<Count>,
    /// 总计.
    pub total: Option<Count>,
}

impl Row {
    /// Number of columns, in template order.
    pub const COLUMNS: usize = 7;

    /// The columns' field names, in template order.
    pub const FIELDS: [&'static str; 7] = [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_services",
        "other_entity",
        "total",
    ];

    /// The row from its seven cells in template order
    /// (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
    pub const fn from_cells(c: [Option<Count>; 7]) -> Self {
        Row {
            natural_person: c[0],
            commercial: c[1],
            research: c[2],
            social_welfare: c[3],
            legal_services: c[4],
            other_entity: c[5],
            total: c[6],
        }
    }

    /// The seven cells in template order.
    pub const fn cells(&self) -> [Option<Count>; 7] {
        [
            self.natural_person,
            self.commercial,
            self.research,
            self.social_welfare,
            self.legal_services,
            self.other_entity,
            self.total,
        ]
    }
}

/// The whole matrix, rows in template order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestMatrix {
    /// 一、本年新收政府信息公开申请数量.
    pub new_requests: Row,
    /// 二、上年结转政府信息公开申请数量.
    pub carried_over: Row,
    /// 三、（一）予以公开.
    pub granted: Row,
    /// 三、（二）部分公开（区分处理的，只计这一情形，不计其他情形）.
    pub partially_granted: Row,
    /// 三、（三）不予公开.
    pub denied: Denied,
    /// 三、（四）无法提供.
    pub unavailable: Unavailable,
    /// 三、（五）不予处理.
    pub not_processed: NotProcessed,
    /// 三、（六）其他处理, itemized or as one row, as printed.
    pub other_disposal: OtherDisposal,
    /// 三、（七）总计.
    pub total: Row,
    /// 四、结转下年度继续办理.
    pub carried_forward: Row,
}

/// A row of the matrix as [`RequestMatrix::rows`] lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef<'a> {
    /// Model path, e.g. `requests.denied.state_secret`.
    pub path: &'static str,
    /// The template's label, e.g. `（三）不予公开 1.属于国家秘密`.
    pub label: &'static str,
    /// Whether it is an outcome row (三、本年度办理结果 （一）…（六）).
    pub outcome: bool,
    /// The row.
    pub row: &'a Row,
}

impl RequestMatrix {
    /// Every row with its path and label, in template order.
    pub fn rows(&self) -> Vec<RowRef<'_>> {
        let r = |path, label, outcome, row| RowRef {
            path,
            label,
            outcome,
            row,
        };
        let d = &self.denied;
        let u = &self.unavailable;
        let n = &self.not_processed;
        let mut rows = vec![
            r(
                "requests.new_requests",
                "一、本年新收政府信息公开申请数量",
                false,
                &self.new_requests,
            ),
            r(
                "requests.carried_over",
                "二、上年结转政府信息公开申请数量",
                false,
                &self.carried_over,
            ),
            r("requests.granted", "（一）予以公开", true, &self.granted),
            r(
                "requests.partially_granted",
                "（二）部分公开",
                true,
                &self.partially_granted,
            ),
            r(
                "requests.denied.state_secret",
                "（三）不予公开 1.属于国家秘密",
                true,
                &d.state_secret,
            ),
            r(
                "requests.denied.prohibited_by_law",
                "（三）不予公开 2.其他法律行政法规禁止公开",
                true,
                &d.prohibited_by_law,
            ),
            r(
                "requests.denied.security_stability",
                "（三）不予公开 3.危及“三安全一稳定”",
                true,
                &d.security_stability,
            ),
            r(
                "requests.denied.third_party_rights",
                "（三）不予公开 4.保护第三方合法权益",
                true,
                &d.third_party_rights,
            ),
            r(
                "requests.denied.internal_affairs",
                "（三）不予公开 5.属于三类内部事务信息",
                true,
                &d.internal_affairs,
            ),
            r(
                "requests.denied.process_information",
                "（三）不予公开 6.属于四类过程性信息",
                true,
                &d.process_information,
            ),
            r(
                "requests.denied.law_enforcement_files",
                "（三）不予公开 7.属于行政执法案卷",
                true,
                &d.law_enforcement_files,
            ),
            r(
                "requests.denied.administrative_query",
                "（三）不予公开 8.属于行政查询事项",
                true,
                &d.administrative_query,
            ),
            r(
                "requests.unavailable.not_held",
                "（四）无法提供 1.本机关不掌握相关政府信息",
                true,
                &u.not_held,
            ),
            r(
                "requests.unavailable.needs_creation",
                "（四）无法提供 2.没有现成信息需要另行制作",
                true,
                &u.needs_creation,
            ),
            r(
                "requests.unavailable.unclear_after_amendment",
                "（四）无法提供 3.补正后申请内容仍不明确",
                true,
                &u.unclear_after_amendment,
            ),
            r(
                "requests.not_processed.complaint",
                "（五）不予处理 1.信访举报投诉类申请",
                true,
                &n.complaint,
            ),
            r(
                "requests.not_processed.repeated",
                "（五）不予处理 2.重复申请",
                true,
                &n.repeated,
            ),
            r(
                "requests.not_processed.publication",
                "（五）不予处理 3.要求提供公开出版物",
                true,
                &n.publication,
            ),
            r(
                "requests.not_processed.excessive",
                "（五）不予处理 4.无正当理由大量反复申请",
                true,
                &n.excessive,
            ),
            r(
                "requests.not_processed.confirmation",
                "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
                true,
                &n.confirmation,
            ),
        ];
        match &self.other_disposal {
            OtherDisposal::Itemized(o) => rows.extend([
                r(
                    "requests.other_disposal.no_amendment",
                    "（六）其他处理 1.申请人无正当理由逾期不补正",
                    true,
                    &o.no_amendment,
                ),
                r(
                    "requests.other_disposal.unpaid_fee",
                    "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
                    true,
                    &o.unpaid_fee,
                ),
                r(
                    "requests.other_disposal.other",
                    "（六）其他处理 3.其他",
                    true,
                    &o.other,
                ),
            ]),
            OtherDisposal::Single(row) => {
                rows.push(r("requests.other_disposal", "（六）其他处理", true, row))
            }
        }
        rows.push(r("requests.total", "（七）总计", false, &self.total));
        rows.push(r(
            "requests.carried_forward",
            "四、结转下年度继续办理",
            false,
            &self.carried_forward,
        ));
        rows
    }

    /// How many rows come before （六）其他处理: 一、二, （一）（二）, the eight of
    /// （三）, the three of （四） and the five of （五）.
    pub const LEADING_ROWS: usize = 20;

    /// The matrix from its rows in template order: the [`LEADING_ROWS`](Self::LEADING_ROWS)
    /// rows up to （五）5, then （六）, （七）总计 and 四、结转下年度继续办理.
    pub fn from_rows(
        leading: [Row; Self::LEADING_ROWS],
        other_disposal: OtherDisposal,
        total: Row,
        carried_forward: Row,
    ) -> Self {
        let [
            new_requests,
            carried_over,
            granted,
            partially_granted,
            state_secret,
            prohibited_by_law,
            security_stability,
            third_party_rights,
            internal_affairs,
            process_information,
            law_enforcement_files,
            administrative_query,
            not_held,
            needs_creation,
            unclear_after_amendment,
            complaint,
            repeated,
            publication,
            excessive,
            confirmation,
        ] = leading;
        RequestMatrix {
            new_requests,
            carried_over,
            granted,
            partially_granted,
            denied: Denied {
                state_secret,
                prohibited_by_law,
                security_stability,
                third_party_rights,
                internal_affairs,
                process_information,
                law_enforcement_files,
                administrative_query,
            },
            unavailable: Unavailable {
                not_held,
                needs_creation,
                unclear_after_amendment,
            },
            not_processed: NotProcessed {
                complaint,
                repeated,
                publication,
                excessive,
                confirmation,
            },
            other_disposal,
            total,
            carried_forward,
        }
    }
}

/// （三）不予公开.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Denied {
    /// 1.属于国家秘密.
    pub state_secret: Row,
    /// 2.其他法律行政法规禁止公开.
    pub prohibited_by_law: Row,
    /// 3.危及“三安全一稳定”.
    pub security_stability: Row,
    /// 4.保护第三方合法权益.
    pub third_party_rights: Row,
    /// 5.属于三类内部事务信息.
    pub internal_affairs: Row,
    /// 6.属于四类过程性信息.
    pub process_information: Row,
    /// 7.属于行政执法案卷.
    pub law_enforcement_files: Row,
    /// 8.属于行政查询事项.
    pub administrative_query: Row,
}

/// （四）无法提供.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unavailable {
    /// 1.本机关不掌握相关政府信息.
    pub not_held: Row,
    /// 2.没有现成信息需要另行制作.
    pub needs_creation: Row,
    /// 3.补正后申请内容仍不明确.
    pub unclear_after_amendment: Row,
}

/// （五）不予处理.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotProcessed {
    /// 1.信访举报投诉类申请.
    pub complaint: Row,
    /// 2.重复申请.
    pub repeated: Row,
    /// 3.要求提供公开出版物.
    pub publication: Row,
    /// 4.无正当理由大量反复申请.
    pub excessive: Row,
    /// 5.要求行政机关确认或重新出具已获取信息.
    pub confirmation: Row,
}

/// （六）其他处理, as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // a plain data model: boxing would only cost its users
pub enum OtherDisposal {
    /// Three sub-rows, as the 2021 template prescribes.
    Itemized(OtherDisposalItems),
    /// One row: the 2019 template, and 2021-edition reports that print it so.
    Single(Row),
}

impl Default for OtherDisposal {
    fn default() -> Self {
        OtherDisposal::Itemized(OtherDisposalItems::default())
    }
}

/// （六）其他处理, itemized (2021 template).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherDisposalItems {
    /// 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请.
    pub no_amendment: Row,
    /// 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请.
    pub unpaid_fee: Row,
    /// 3.其他.
    pub other: Row,
}
