//! Errors with their place in the original input.

use std::fmt;
use std::sync::Arc;

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
    /// A document that cannot be opened: a broken or encrypted DOCX archive
    /// or PDF file, one past the size limits, a PDF without a text layer (a
    /// scan), or a format whose front end is not compiled in (features
    /// `html`, `docx`, `pdf`).
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
/// An error about the input as a whole (a file that cannot be read, bytes
/// in no encoding xxgk reads, a document that cannot be opened, a text with
/// none of the template's tables) has no place in a text: its
/// [`line`](Error::line) and [`column`](Error::column) are `None`, and its
/// `Display` names no position. Its span is empty at 0, except for an
/// [`ErrorKind::Encoding`] error, whose span is the first invalid bytes in
/// the bytes given (its message names their offset).
///
/// An [`ErrorKind::Io`] error keeps the [`std::io::Error`] that caused it as
/// its [`source`](std::error::Error::source). Errors compare equal when their
/// fields do; two I/O sources compare by their [`kind`](std::io::Error::kind)
/// and message, since `std::io::Error` has no equality of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// 1-based line and column, `None` for the input as a whole.
    place: Option<(usize, usize)>,
    source: Option<IoSource>,
}

/// The I/O error behind an [`ErrorKind::Io`] error: shared, so that the
/// error stays `Clone`, and compared by kind and message.
#[derive(Debug, Clone)]
struct IoSource(Arc<std::io::Error>);

impl PartialEq for IoSource {
    fn eq(&self, other: &Self) -> bool {
        self.0.kind() == other.0.kind() && self.0.to_string() == other.0.to_string()
    }
}

impl Eq for IoSource {}

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
                place: Some((line, column)),
                source: None,
            }),
        }
    }

    /// An error about the input as a whole (a file, an archive, a text with
    /// none of the template's tables), with no place in a text: its span is
    /// empty at offset 0, and it has no line and column.
    pub(crate) fn whole(kind: ErrorKind, expected: &str, found: impl Into<String>) -> Self {
        Error::whole_at(kind, expected, found.into(), Span::new(0, 0))
    }

    /// An error about the input as a whole that still has a span in the
    /// bytes given (the invalid bytes of an encoding error), but no line and
    /// column, since those bytes are no text.
    pub(crate) fn whole_at(kind: ErrorKind, expected: &str, found: String, span: Span) -> Self {
        let mut e = Error::new(kind, None, None, expected.to_owned(), found, span, 1, 1);
        e.inner.place = None;
        e
    }

    /// The [`ErrorKind::Io`] error for the file at `path`, which `error`
    /// kept from being read: its source.
    pub(crate) fn io(path: &std::path::Path, error: std::io::Error) -> Self {
        let mut e = Error::whole(
            ErrorKind::Io,
            "a readable file",
            format!("{}: {error}", path.display()),
        );
        e.inner.source = Some(IoSource(Arc::new(error)));
        e
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

    /// Byte span in the original input (for an error about the input as a
    /// whole, empty at 0; for an encoding error, the invalid bytes).
    pub fn span(&self) -> Span {
        self.inner.span
    }

    /// 1-based line of the span's start; `None` for an error about the input
    /// as a whole, which has no place in it.
    pub fn line(&self) -> Option<usize> {
        self.inner.place.map(|(line, _)| line)
    }

    /// 1-based column of the span's start, counted in characters; `None` for
    /// an error about the input as a whole.
    pub fn column(&self) -> Option<usize> {
        self.inner.place.map(|(_, column)| column)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|s| &*s.0 as &(dyn std::error::Error + 'static))
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Message(self).fmt(f)?;
        match self.inner.place {
            Some((line, column)) => write!(f, " (line {line}, column {column})"),
            None => Ok(()),
        }
    }
}
