//! Errors with their place in the original input.

use std::fmt;

use crate::Span;

/// What kind of problem stopped the parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text has none of the standard tables (a pre-2019 report, or not a
    /// report at all), or their edition cannot be told.
    #[error("unsupported template")]
    UnsupportedTemplate,
    /// A section whose table is required was not found.
    #[error("missing section")]
    MissingSection,
    /// A row of the template is not where the template puts it.
    #[error("missing row")]
    MissingRow,
    /// A label that is not part of the template at this place.
    #[error("unexpected label")]
    UnexpectedLabel,
    /// A row has more or fewer cells than the template gives it.
    #[error("wrong number of cells")]
    CellCount,
    /// A cell holds something that is not a valid number for its column.
    #[error("invalid number")]
    InvalidNumber,
    /// A run of digits whose cells ran together (`行政规范性文件693665`) splits
    /// into the row's cells in more than one way that the template's
    /// relations allow.
    #[error("ambiguous split")]
    AmbiguousSplit,
    /// A run of digits whose cells ran together splits in no way that the
    /// template's relations allow (the report's own numbers may not add up).
    #[error("no split")]
    NoSplit,
    /// The search for a split of digits that ran together reached its step
    /// budget: the cells it concerns are left unread.
    #[error("search limit")]
    SearchLimit,
    /// The input's bytes are not text in an encoding xxgk reads (UTF-8, or
    /// GB18030/GBK and UTF-16 with the `encoding` feature).
    #[error("invalid encoding")]
    Encoding,
    /// A document that cannot be opened: a broken or encrypted DOCX archive,
    /// one past the size limits, or a format whose front end is not compiled
    /// in (features `html`, `docx`).
    #[error("unreadable document")]
    Document,
    /// The file could not be read (see [`crate::parse_path`]).
    #[error("I/O error")]
    Io,
}

impl ErrorKind {
    /// A stable snake_case code for the kind, as diagnostics print it: the
    /// string of its [`Code`](crate::Code) (`cell_count`).
    pub fn code(self) -> &'static str {
        crate::Code::from(self).as_str()
    }
}

/// A section of the report, as the template numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Section {
    /// The title and the metadata it carries.
    Title,
    /// 一、总体情况.
    Overview,
    /// 二、主动公开政府信息情况.
    ActiveDisclosure,
    /// 三、收到和处理政府信息公开申请情况.
    Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况.
    Reviews,
    /// 五、存在的主要问题及改进情况.
    Problems,
    /// 六、其他需要报告的事项.
    OtherMatters,
}

impl Section {
    /// The section's number as the template prints it (`二`), or `标题`.
    pub fn numeral(self) -> &'static str {
        match self {
            Section::Title => "标题",
            Section::Overview => "一",
            Section::ActiveDisclosure => "二",
            Section::Requests => "三",
            Section::Reviews => "四",
            Section::Problems => "五",
            Section::OtherMatters => "六",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "section {}", self.numeral())
    }
}

/// Why a report could not be read, and where.
///
/// Its `Display` reads like
/// `section 三, row 二、上年结转政府信息公开申请数量: expected 7 numbers, found 5 (line 88, column 2)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", Render(self))]
pub struct Error {
    // Boxed: a `Result<_, Error>` stays one pointer wide on its error side.
    inner: Box<Inner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    section: Option<Section>,
    row: Option<String>,
    path: Option<&'static str>,
    expected: String,
    found: String,
    span: Span,
    line: usize,
    column: usize,
}

impl Error {
    /// An error at `span` of the original input, with its line and column
    /// already known (see [`crate::source::Source::error`] to compute them).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        kind: ErrorKind,
        section: Option<Section>,
        row: Option<String>,
        expected: String,
        found: String,
        span: Span,
        line: usize,
        column: usize,
    ) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                section,
                row,
                path: None,
                expected,
                found,
                span,
                line,
                column,
            }),
        }
    }

    /// An error about the input as a whole (a file, an archive), with no
    /// place in a text: its span is empty at offset 0.
    pub(crate) fn whole(kind: ErrorKind, expected: &str, found: impl Into<String>) -> Self {
        Error::new(
            kind,
            None,
            None,
            expected.to_owned(),
            found.into(),
            Span::new(0, 0),
            1,
            1,
        )
    }

    /// The same error, naming the model path of its row.
    pub(crate) fn with_path(mut self, path: Option<&'static str>) -> Self {
        self.inner.path = path;
        self
    }

    /// The kind of problem.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The model path of the row concerned (`requests.denied.state_secret`), if any.
    pub fn path(&self) -> Option<&str> {
        self.inner.path
    }

    /// The error without its place: `section 三, row X: expected …, found …`.
    pub fn message(&self) -> String {
        Message(self).to_string()
    }

    /// The section in which it was found, if any.
    pub fn section(&self) -> Option<Section> {
        self.inner.section
    }

    /// The template label of the row concerned, if any.
    pub fn row(&self) -> Option<&str> {
        self.inner.row.as_deref()
    }

    /// What the template expected there.
    pub fn expected(&self) -> &str {
        &self.inner.expected
    }

    /// What the input holds there.
    pub fn found(&self) -> &str {
        &self.inner.found
    }

    /// Byte span in the original input.
    pub fn span(&self) -> Span {
        self.inner.span
    }

    /// 1-based line of the span's start.
    pub fn line(&self) -> usize {
        self.inner.line
    }

    /// 1-based column of the span's start, counted in characters.
    pub fn column(&self) -> usize {
        self.inner.column
    }
}

struct Message<'a>(&'a Error);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0.inner;
        if let Some(section) = e.section {
            write!(f, "{section}, ")?;
        }
        if let Some(row) = &e.row {
            write!(f, "row {row}: ")?;
        }
        write!(f, "expected {}, found {}", e.expected, e.found)
    }
}

struct Render<'a>(&'a Error);

impl fmt::Display for Render<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        write!(
            f,
            "{} (line {}, column {})",
            Message(e),
            e.inner.line,
            e.inner.column
        )
    }
}
