//! Section 二 (主动公开政府信息情况), one type per template edition.

use serde::{Deserialize, Serialize};

use super::{Amount, Count, Edition};

/// Section 二 as printed: its shape depends on the template edition.
///
/// In JSON it is the edition's object itself (no tag); the report's
/// `edition` field tells which one it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ActiveDisclosure {
    /// The 2021 template (国办公开办函〔2021〕30号).
    V2021(Active2021),
    /// The 2019 template (国办公开办函〔2019〕60号).
    V2019(Active2019),
}

impl ActiveDisclosure {
    /// The template edition these tables follow.
    pub fn edition(&self) -> Edition {
        match self {
            ActiveDisclosure::V2021(_) => Edition::V2021,
            ActiveDisclosure::V2019(_) => Edition::V2019,
        }
    }

    /// The tables of `edition` with every cell null.
    pub fn empty(edition: Edition) -> Self {
        match edition {
            Edition::V2021 => ActiveDisclosure::V2021(Active2021::default()),
            Edition::V2019 => ActiveDisclosure::V2019(Active2019::default()),
        }
    }
}

/// Section 二, 2021 edition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Active2021 {
    /// 规章 (第二十条第（一）项).
    pub regulations: Documents,
    /// 行政规范性文件 (第二十条第（一）项).
    pub normative_documents: Documents,
    /// 行政许可 (第二十条第（五）项).
    pub licensing: Decisions,
    /// 行政处罚 (第二十条第（六）项).
    pub penalties: Decisions,
    /// 行政强制 (第二十条第（六）项).
    pub coercive_measures: Decisions,
    /// 行政事业性收费 (第二十条第（八）项).
    pub fees: FeeAmount,
}

/// A 2021-edition document row: 规章 or 行政规范性文件.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// 本年制发件数.
    pub issued: Option<Count>,
    /// 本年废止件数.
    pub repealed: Option<Count>,
    /// 现行有效件数.
    pub in_force: Option<Count>,
}

/// A 2021-edition decision row: 行政许可, 行政处罚 or 行政强制.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    /// 本年处理决定数量.
    pub decisions: Option<Count>,
}

/// The 2021-edition fee row, 行政事业性收费.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeAmount {
    /// 本年收费金额（单位：万元）.
    pub amount: Option<Amount>,
}

/// Section 二, 2019 edition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Active2019 {
    /// 规章 (第二十条第（一）项).
    pub regulations: Publications,
    /// 规范性文件 (第二十条第（一）项).
    pub normative_documents: Publications,
    /// 行政许可 (第二十条第（五）项).
    pub licensing: Items,
    /// 其他对外管理服务事项 (第二十条第（五）项).
    pub other_services: Items,
    /// 行政处罚 (第二十条第（六）项).
    pub penalties: Items,
    /// 行政强制 (第二十条第（六）项).
    pub coercive_measures: Items,
    /// 行政事业性收费 (第二十条第（八）项).
    pub fees: FeeItems,
    /// 政府集中采购 (第二十条第（九）项).
    pub procurement: Procurement,
}

/// A 2019-edition document row: 规章 or 规范性文件.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publications {
    /// 本年新制作数量.
    pub made: Option<Count>,
    /// 本年新公开数量.
    pub published: Option<Count>,
    /// 对外公开总数量.
    pub total_published: Option<Count>,
}

/// A 2019-edition item row: 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    /// 上一年项目数量.
    pub prior_year: Option<Count>,
    /// 本年增/减 (negative for a decrease).
    pub change: Option<i64>,
    /// 处理决定数量.
    pub decisions: Option<Count>,
}

/// The 2019-edition fee row, 行政事业性收费.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeItems {
    /// 上一年项目数量.
    pub prior_year: Option<Count>,
    /// 本年增/减 (negative for a decrease).
    pub change: Option<i64>,
}

/// The 2019-edition procurement row, 政府集中采购.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    /// 采购项目数量.
    pub items: Option<Count>,
    /// 采购总金额, in 万元.
    pub amount: Option<Amount>,
}
