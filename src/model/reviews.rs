//! Section 四 (政府信息公开行政复议、行政诉讼情况).

use serde::{Deserialize, Serialize};

use super::Count;

/// The fifteen numbers of section 四, in three groups of five.
///
/// In JSON and in model paths the groups are `administrative_review`,
/// `litigation_direct` and `litigation_after_review` ([`Reviews::GROUPS`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reviews {
    /// 行政复议.
    pub administrative_review: ReviewGroup,
    /// 行政诉讼 · 未经复议直接起诉.
    pub litigation_direct: ReviewGroup,
    /// 行政诉讼 · 复议后起诉.
    pub litigation_after_review: ReviewGroup,
}

/// One group of five columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewGroup {
    /// 结果维持.
    pub upheld: Option<Count>,
    /// 结果纠正.
    pub corrected: Option<Count>,
    /// 其他结果.
    pub other: Option<Count>,
    /// 尚未审结.
    pub pending: Option<Count>,
    /// 总计.
    pub total: Option<Count>,
}

impl Reviews {
    /// The groups' field names, in template order.
    pub const GROUPS: [&'static str; 3] = [
        "administrative_review",
        "litigation_direct",
        "litigation_after_review",
    ];
}

impl ReviewGroup {
    /// The columns' field names, in template order.
    pub const FIELDS: [&'static str; 5] = ["upheld", "corrected", "other", "pending", "total"];

    /// The group from its five cells in template order
    /// (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
    pub const fn from_cells(c: [Option<Count>; 5]) -> Self {
        ReviewGroup {
            upheld: c[0],
            corrected: c[1],
            other: c[2],
            pending: c[3],
            total: c[4],
        }
    }

    /// The five cells in template order.
    pub const fn cells(&self) -> [Option<Count>; 5] {
        [
            self.upheld,
            self.corrected,
            self.other,
            self.pending,
            self.total,
        ]
    }
}
