//! The typed report: serde types for both template editions, no parsing.
//!
//! The JSON form of [`Report`] is the project's stable contract
//! (`serde_json::to_string(&report)`); field names never change within a
//! major version.

mod active;
mod amount;
mod requests;
mod reviews;
mod values;

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

pub use active::{
    Active2019, Active2021, ActiveDisclosure, Decisions, Documents, FeeAmount, FeeItems, Items,
    Procurement, Publications,
};
pub use amount::{Amount, AmountError, MAX_SCALE};
pub use requests::{
    Denied, NotProcessed, OtherDisposal, OtherDisposalItems, RequestMatrix, Row, RowRef,
    Unavailable,
};
pub use reviews::{ReviewGroup, Reviews};
pub use values::{CellStatus, Number, Place, Slot, Value};

use crate::Span;

/// A count of documents, decisions or requests. Blank cells are `None`.
pub type Count = u64;

/// The template edition a report's tables follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Edition {
    /// 国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    V2019,
    /// 国办公开办函〔2021〕30号, used for the 2021 and later reports.
    #[serde(rename = "2021")]
    V2021,
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Edition::V2019 => "2019",
            Edition::V2021 => "2021",
        })
    }
}

/// A parsed 政府信息公开工作年度报告.
///
/// Its edition is that of its section 二 tables ([`Report::edition`]); the JSON
/// form carries it as the `edition` field.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "ReportRepr")]
pub struct Report {
    /// The title as printed, whitespace removed, e.g. `安丘市官庄镇人民政府2023年政府信息公开工作年度报告`.
    pub title: Option<String>,
    /// The agency, as the title names it.
    pub agency: Option<String>,
    /// The year the report covers (not the year it was published).
    pub year: Option<u16>,
    /// 二、主动公开政府信息情况.
    pub active_disclosure: ActiveDisclosure,
    /// 三、收到和处理政府信息公开申请情况.
    pub requests: RequestMatrix,
    /// 四、政府信息公开行政复议、行政诉讼情况.
    pub reviews: Reviews,
    /// The free-text sections 一、五、六, verbatim.
    pub narrative: Narrative,
    /// Notes printed inside number cells, kept beside the numbers read from them.
    pub notes: Vec<CellNote>,
    /// The cells the report prints that a lenient parse could not read, by
    /// model path (`requests.denied.state_secret.total`), in template order:
    /// each is `None` above. A `None` not listed is a cell the report leaves
    /// blank. Empty when every cell was read (always, from the strict
    /// [`parse`](crate::parse)); the JSON leaves it out then.
    pub unread: Vec<String>,
}

/// A note printed inside a number cell (`22（其中修订 16 件）`): the cell's
/// number is in the model, its note here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellNote {
    /// The model path of the cell, e.g. `active_disclosure.regulations.issued`.
    pub path: String,
    /// The note as read (normalized), e.g. `(其中修订 16 件)`.
    pub note: String,
    /// Byte span of the whole cell in the original input.
    pub span: Span,
}

impl Report {
    /// A report of `edition` with every cell null (（六） itemized), and no
    /// title, agency, year, narrative or notes: a frame to fill, or the
    /// template's cells to list.
    ///
    /// ```
    /// use xxgk::model::{Edition, Report};
    /// let report = Report::empty(Edition::V2019);
    /// assert_eq!(report.edition(), Edition::V2019);
    /// assert!(report.values().iter().all(|v| v.value.is_none()));
    /// ```
    pub fn empty(edition: Edition) -> Report {
        Report {
            title: None,
            agency: None,
            year: None,
            active_disclosure: ActiveDisclosure::empty(edition),
            requests: RequestMatrix::default(),
            reviews: Reviews::default(),
            narrative: Narrative::default(),
            notes: Vec::new(),
            unread: Vec::new(),
        }
    }

    /// The template edition, from the section 二 tables.
    pub fn edition(&self) -> Edition {
        self.active_disclosure.edition()
    }
}

/// The free-text sections, kept verbatim from the original input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// 一、总体情况.
    pub overview: Option<TextSection>,
    /// 五、存在的主要问题及改进情况.
    pub problems: Option<TextSection>,
    /// 六、其他需要报告的事项.
    pub other_matters: Option<TextSection>,
}

/// A free-text section: its heading and body as printed, and where the body is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSection {
    /// The heading line as printed, trimmed.
    pub heading: String,
    /// The body as printed (original characters), trimmed.
    pub text: String,
    /// Byte span of `text` in the original input.
    pub span: Span,
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Report", 10)?;
        s.serialize_field("edition", &self.edition())?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("agency", &self.agency)?;
        s.serialize_field("year", &self.year)?;
        s.serialize_field("active_disclosure", &self.active_disclosure)?;
        s.serialize_field("requests", &self.requests)?;
        s.serialize_field("reviews", &self.reviews)?;
        s.serialize_field("narrative", &self.narrative)?;
        s.serialize_field("notes", &self.notes)?;
        if self.unread.is_empty() {
            s.skip_field("unread")?;
        } else {
            s.serialize_field("unread", &self.unread)?;
        }
        s.end()
    }
}

/// The serialized shape of [`Report`], with its explicit `edition`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportRepr {
    edition: Edition,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    year: Option<u16>,
    active_disclosure: ActiveDisclosure,
    requests: RequestMatrix,
    reviews: Reviews,
    #[serde(default)]
    narrative: Narrative,
    #[serde(default)]
    notes: Vec<CellNote>,
    #[serde(default)]
    unread: Vec<String>,
}

impl TryFrom<ReportRepr> for Report {
    type Error = String;

    fn try_from(r: ReportRepr) -> Result<Self, Self::Error> {
        if r.edition != r.active_disclosure.edition() {
            return Err(format!(
                "edition {} does not match the {} shape of active_disclosure",
                r.edition,
                r.active_disclosure.edition()
            ));
        }
        Ok(Report {
            title: r.title,
            agency: r.agency,
            year: r.year,
            active_disclosure: r.active_disclosure,
            requests: r.requests,
            reviews: r.reviews,
            narrative: r.narrative,
            notes: r.notes,
            unread: r.unread,
        })
    }
}
