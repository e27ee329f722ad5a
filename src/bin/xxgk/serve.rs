//! `xxgk serve`: the review page (`GET /`) and a JSON API over HTTP, for
//! people who do not use a command line and for tools written in other
//! languages. Only the library's public API is called; no request ever
//! reads or writes a path on the server's disk.
//!
//! - `GET /v1/health`: `{"status":"ok","version":…}`.
//! - `POST /v1/parse[?name=N][&format=json|csv|wide-csv]`: the file's bytes
//!   as the body (text in any encoding, HTML, DOCX or PDF, told by content), or
//!   `multipart/form-data` with one or more files (every part is a file,
//!   named by its `filename`). JSON:
//!   the line `xxgk parse --jsonl` writes for the file ([`Record`]: `path`
//!   is `name`), plus `cells` (each cell's place, value, status, whether its
//!   digits were split by the template's arithmetic, and its span in
//!   `text`) and `text` (the rendered text the spans point into, byte
//!   offsets). `csv` and `wide-csv`: what `xxgk parse --csv` / `--wide-csv`
//!   writes for the file. Multipart: `{"files": [...]}`, one such answer per
//!   part in the order sent (a part that is no document xxgk reads has
//!   `error`, as in `xxgk parse --jsonl`, where a raw body gets 415); CSV: the
//!   files' rows under one header, as `xxgk parse --csv a b` writes them.
//! - `POST /v1/check[?name=N]`: the same bodies; its diagnostics and every
//!   finding (broken or not assessable).
//! - `POST /v1/compare`: JSON `{"previous": FILE, "current": FILE}`, each
//!   `{"name": …, "text": "…"}` or `{"name": …, "base64": "…"}`; both read,
//!   the continuity findings of [`xxgk::check_pair`] and the change of every
//!   cell.
//!
//! Errors are `{"error": {"code", "message"}}`: 400 for a malformed
//! request (a malformed multipart body included), 413 past `--max-body` (the
//! whole request, multipart or not), 415 for a raw body that is no document
//! xxgk reads, 503 when the parse queue is full or a request takes longer than
//! `--timeout`, 500 when a handler panics (the server goes on).

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use xxgk::batch::Record;
use xxgk::model::CellStatus;
use xxgk::{Code, Diagnostic, Finding, Format, Severity, Span, Status};

use crate::Output;
use crate::reading::failure;

/// The page, with its CSS and JS: one file, embedded in the binary.
const PAGE: &str = include_str!("page.html");

/// How the server runs.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct Options {
    /// Address to listen on (loopback by default; port 0 picks a free port,
    /// printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Largest request body, in bytes.
    #[arg(long = "max-body", default_value_t = 20 * 1024 * 1024)]
    max_body: usize,
    /// Longest time a request's parses may take, queue included, in
    /// seconds (decimals allowed: 0.5).
    #[arg(long, default_value = "30", value_parser = seconds)]
    timeout: Duration,
    /// Parses run at once (default: one per core).
    #[arg(long)]
    parses: Option<usize>,
    /// Requests that may wait for a parse; past them, 503 at once.
    #[arg(long, default_value_t = 256)]
    queue: usize,
}

/// A time limit given in seconds, decimals allowed; more than 0.
fn seconds(s: &str) -> Result<Duration, String> {
    match s.trim().parse::<f64>() {
        Ok(n) if n > 0.0 && n.is_finite() => {
            Duration::try_from_secs_f64(n).map_err(|e| e.to_string())
        }
        _ => Err(format!("{s:?} is no number of seconds above 0")),
    }
}

/// The most files one multipart request may hold.
const MAX_FILES: usize = 1000;

/// What every handler shares.
struct Shared {
    /// Permits to parse: one per parse that may run at once.
    parses: Arc<Semaphore>,
    /// Permits to wait for a parse.
    queue: Semaphore,
    timeout: Duration,
}

/// An API error: its status, code and message.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    code: String,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        (self.status, json_body(&body)).into_response()
    }
}

impl ApiError {
    fn too_large() -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the request body is larger than the server's limit (--max-body)",
        )
    }
}

impl From<BytesRejection> for ApiError {
    fn from(r: BytesRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large()
        } else {
            ApiError::new(r.status(), "bad_request", r.body_text())
        }
    }
}

impl From<MultipartRejection> for ApiError {
    fn from(r: MultipartRejection) -> Self {
        ApiError::bad_request(format!("malformed multipart/form-data: {}", r.body_text()))
    }
}

impl From<MultipartError> for ApiError {
    fn from(e: MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large()
        } else {
            // Whatever else breaks a multipart body (a missing boundary, a
            // part cut short, a stream that ends early) is the request's.
            ApiError::bad_request(format!("malformed multipart/form-data: {}", e.body_text()))
        }
    }
}

/// A JSON body, with its content type.
fn json_body<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
            .into_response(),
    }
}

/// `xxgk serve`: runs until interrupted.
pub(crate) fn serve(options: Options) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("xxgk: cannot start the server: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xxgk: {e}");
            ExitCode::from(2)
        }
    }
}

/// The router, for the options given.
fn router(options: &Options) -> Router {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shared = Arc::new(Shared {
        parses: Arc::new(Semaphore::new(options.parses.unwrap_or(cores).max(1))),
        queue: Semaphore::new(options.queue.max(1)),
        timeout: options.timeout,
    });
    let mut router = Router::new()
        .route("/", get(page))
        .route("/v1/health", get(health))
        .route("/v1/parse", post(parse))
        .route("/v1/check", post(check))
        .route("/v1/compare", post(compare));
    // A handler that panics, to test that a panic answers 500 and the
    // server goes on: only when the environment asks for it.
    if std::env::var_os("XXGK_SERVE_PANIC_ROUTE").is_some() {
        router = router.route("/v1/panic", get(panics));
    }
    router
        .fallback(not_found)
        .with_state(shared)
        .layer(DefaultBodyLimit::max(options.max_body))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

async fn run(options: Options) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(options.addr).await?;
    let addr = listener.local_addr()?;
    eprintln!("xxgk: serving the review page on http://{addr}/ (Ctrl-C stops)");
    axum::serve(listener, router(&options))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// A panic's answer: 500, in JSON.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the server failed on this request (a bug: please report it with the file)",
    )
    .into_response()
}

async fn panics() -> Response {
    panic!("the test route panics")
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

async fn page() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                     connect-src 'self'; img-src data:",
                ),
            ),
        ],
        PAGE,
    )
        .into_response()
}

async fn health() -> Response {
    json_body(&serde_json::json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

/// Runs `work` on a blocking thread once a parse permit is had: 503 when the
/// queue is full or the time limit passes, 500 when `work` panics.
async fn parsing<T: Send + 'static>(
    shared: &Shared,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let mut out = parsing_each(shared, vec![work]).await?;
    Ok(out.pop().expect("one job, one result"))
}

/// Tasks aborted when dropped: a request past its time limit leaves no
/// parse waiting for a permit (one already running finishes).
struct Tasks<T>(Vec<tokio::task::JoinHandle<Result<T, ApiError>>>);

impl<T> Drop for Tasks<T> {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// Runs every job of one request, each on a blocking thread once it has a
/// parse permit (one permit per file: the bound counts parses, not
/// requests), and gives their results in order. The request takes one
/// place in the queue; 503 when the queue is full or the whole request
/// passes the time limit, 500 when a job panics.
async fn parsing_each<T: Send + 'static>(
    shared: &Shared,
    jobs: Vec<impl FnOnce() -> T + Send + 'static>,
) -> Result<Vec<T>, ApiError> {
    let busy = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "too many requests are waiting: try again later",
        )
    };
    let _waiting = shared.queue.try_acquire().map_err(|_| busy())?;
    let failed = || {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed on this file (a bug: please report it with the file)",
        )
    };
    let mut tasks = Tasks(
        jobs.into_iter()
            .map(|work| {
                let parses = shared.parses.clone();
                tokio::spawn(async move {
                    // The permit is held until the parse ends, even past the
                    // time limit.
                    let permit = parses.acquire_owned().await.map_err(|_| busy())?;
                    tokio::task::spawn_blocking(move || {
                        let out = work();
                        drop(permit);
                        out
                    })
                    .await
                    .map_err(|_| failed())
                })
            })
            .collect(),
    );
    tokio::time::timeout(shared.timeout, async {
        let mut out = Vec::with_capacity(tasks.0.len());
        for task in &mut tasks.0 {
            out.push(task.await.map_err(|_| failed())??);
        }
        Ok(out)
    })
    .await
    .map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "the request took longer than the server's time limit (--timeout)",
        )
    })?
}

/// A request's body: one file's bytes, or the files of a multipart body.
enum Body {
    Raw(Bytes),
    Multipart(Vec<(String, Bytes)>),
}

/// Reads the body: multipart when the content type says `multipart/`, raw
/// bytes otherwise. `--max-body` bounds the whole request either way.
async fn body_of(request: Request) -> Result<Body, ApiError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .get(..10)
                .is_some_and(|t| t.eq_ignore_ascii_case("multipart/"))
        });
    if !multipart {
        return Ok(Body::Raw(Bytes::from_request(request, &()).await?));
    }
    let mut multipart = Multipart::from_request(request, &()).await?;
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await? {
        if files.len() == MAX_FILES {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("more than {MAX_FILES} files in one request"),
            ));
        }
        let name = field
            .file_name()
            .or(field.name())
            .filter(|n| !n.is_empty())
            .map_or_else(|| format!("file{}", files.len() + 1), str::to_owned);
        files.push((name, field.bytes().await?));
    }
    if files.is_empty() {
        return Err(ApiError::bad_request(
            "the multipart/form-data body holds no file",
        ));
    }
    Ok(Body::Multipart(files))
}

/// A request's query parameters (`name`, `format`), percent-decoded.
fn query(uri: &Uri) -> Result<BTreeMap<String, String>, ApiError> {
    let mut out = BTreeMap::new();
    for pair in uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        out.insert(percent_decode(key)?, percent_decode(value)?);
    }
    Ok(out)
}

/// `%XX` escapes and `+` (a space) decoded; the result must be UTF-8.
fn percent_decode(s: &str) -> Result<String, ApiError> {
    let bad = || ApiError::bad_request(format!("malformed query string: {s:?}"));
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3).ok_or_else(bad)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// One cell as the API gives it.
#[derive(Serialize)]
struct Cell {
    /// `table.row.column`, as in `unread` and the CSV exports.
    place: String,
    table: &'static str,
    row: &'static str,
    column: &'static str,
    value: Option<xxgk::model::Number>,
    /// `value`, `blank` or `unread`.
    status: CellStatus,
    /// Digits run together, split by the template's arithmetic (an
    /// `inferred_split` diagnostic covers the cell).
    inferred: bool,
    /// Where the cell stands in `text` (byte offsets), when it was read.
    span: Option<Span>,
}

/// A file read for the API.
#[derive(Serialize)]
struct FileResult {
    #[serde(flatten)]
    record: Record,
    /// Every cell, in template order (empty when nothing was read).
    cells: Vec<Cell>,
    /// The rendered text the spans point into.
    text: String,
}

/// Why a file is no document xxgk reads: 415 for a raw body.
fn unsupported(d: Diagnostic) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        d.code.as_str(),
        d.message,
    )
}

/// A file that is no document xxgk reads, as a multipart answer gives it:
/// the record `xxgk parse --jsonl` writes for such a file (`error` set, no
/// `report`), with no cells and no text.
fn unread_file(name: String, d: Diagnostic) -> FileResult {
    FileResult {
        record: Record {
            path: name,
            format: None,
            report: None,
            diagnostics: vec![d.clone()],
            findings: None,
            error: Some(d),
        },
        cells: Vec::new(),
        text: String::new(),
    }
}

/// Reads a file's bytes leniently, as `xxgk parse` does; the error when the
/// bytes are no document xxgk reads.
fn read_file(name: String, bytes: &[u8]) -> Result<FileResult, Diagnostic> {
    if let Some(kind) = unreadable(bytes) {
        return Err(Diagnostic {
            severity: Severity::Error,
            code: Code::Document,
            message: format!("expected a DOCX, PDF, HTML or text file, found {kind}"),
            path: None,
            span: Span::new(0, 0),
            line: None,
            column: None,
        });
    }
    let document = xxgk::Document::read(bytes).map_err(|e| Diagnostic::from(&e))?;
    let format = Some(document.format());
    let parsed = document.parse_lenient();
    let text = document.text().to_owned();
    if let Some(error) = failure(&parsed) {
        return Ok(FileResult {
            record: Record {
                path: name,
                format,
                report: None,
                diagnostics: parsed.diagnostics,
                findings: None,
                error: Some(error),
            },
            cells: Vec::new(),
            text,
        });
    }
    let inferred: Vec<Span> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::InferredSplit)
        .map(|d| d.span)
        .collect();
    let cells = parsed
        .report
        .values()
        .into_iter()
        .map(|v| {
            let place = v.place.to_string();
            let span = parsed.cells.get(&place).copied();
            let inferred = span.is_some_and(|s| {
                inferred
                    .iter()
                    .any(|i| i.start <= s.start && s.end <= i.end && !i.is_empty())
            });
            Cell {
                place,
                table: v.place.table,
                row: v.place.row,
                column: v.place.column,
                value: v.value,
                status: v.status,
                inferred,
                span,
            }
        })
        .collect();
    let findings = xxgk::check(&parsed.report)
        .into_iter()
        .filter(|f| f.status == Status::Broken)
        .collect();
    Ok(FileResult {
        record: Record {
            path: name,
            format,
            report: Some(parsed.report),
            diagnostics: parsed.diagnostics,
            findings: Some(findings),
            error: None,
        },
        cells,
        text,
    })
}

/// Formats xxgk does not read, told by their first bytes (a short header
/// may decode as text otherwise).
fn unreadable(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 6] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x00\x00\x00", "binary data"),
        (b"\x1F\x8B", "a gzip file"),
        (b"Rar!", "a RAR archive"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// The file's name from the query (`report` when none is given).
fn name_of(query: &BTreeMap<String, String>) -> String {
    query
        .get("name")
        .filter(|n| !n.is_empty())
        .cloned()
        .unwrap_or_else(|| "report".to_owned())
}

async fn parse(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    request: Request,
) -> Result<Response, ApiError> {
    let body = body_of(request).await?;
    let query = query(&uri)?;
    let output = match query.get("format").map(String::as_str) {
        None | Some("json") => None,
        Some("csv") => Some(Output::Csv),
        Some("wide-csv") => Some(Output::WideCsv),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "unknown format {other:?}: expected json, csv or wide-csv"
            )));
        }
    };
    let results = match body {
        Body::Raw(body) => {
            let name = name_of(&query);
            let result = parsing(&shared, move || read_file(name, &body))
                .await?
                .map_err(unsupported)?;
            if output.is_none() {
                return Ok(json_body(&result));
            }
            vec![result]
        }
        Body::Multipart(files) => {
            let results = parsing_each(&shared, jobs(files, read_file, unread_file)).await?;
            if output.is_none() {
                return Ok(json_body(&Files { files: results }));
            }
            results
        }
    };
    let output = output.unwrap_or(Output::Csv);
    let places = if output == Output::WideCsv {
        crate::batch::wide_places()
    } else {
        Vec::new()
    };
    let mut bytes = Vec::new();
    let _ = match output {
        Output::Csv => writeln!(
            bytes,
            "file,agency,year,edition,table,row,column,value,status"
        ),
        _ => writeln!(
            bytes,
            "file,agency,year,edition,error,unread,{}",
            places.join(",")
        ),
    };
    for result in &results {
        // Writing into memory cannot fail.
        let _ = crate::batch::write(&mut bytes, output, &places, &result.record);
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        )],
        bytes,
    )
        .into_response())
}

/// A multipart request's answer: one answer per file, in the order sent.
#[derive(Serialize)]
struct Files<T> {
    files: Vec<T>,
}

/// One job per file of a multipart body: `read`, and `unread` for a file
/// that is no document xxgk reads.
fn jobs<T: Send + 'static>(
    files: Vec<(String, Bytes)>,
    read: fn(String, &[u8]) -> Result<T, Diagnostic>,
    unread: fn(String, Diagnostic) -> T,
) -> Vec<impl FnOnce() -> T + Send + 'static> {
    files
        .into_iter()
        .map(move |(name, bytes)| {
            move || match read(name.clone(), &bytes) {
                Ok(t) => t,
                Err(d) => unread(name, d),
            }
        })
        .collect()
}

/// What `/v1/check` answers.
#[derive(Serialize)]
struct Checked {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<Format>,
    diagnostics: Vec<Diagnostic>,
    /// Every finding, broken or not assessable.
    findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Diagnostic>,
}

impl Checked {
    fn of(r: FileResult) -> Checked {
        let findings = r
            .record
            .report
            .as_ref()
            .map(xxgk::check)
            .unwrap_or_default();
        Checked {
            path: r.record.path,
            format: r.record.format,
            diagnostics: r.record.diagnostics,
            findings,
            error: r.record.error,
        }
    }
}

/// A file checked: its diagnostics and findings.
fn check_file(name: String, bytes: &[u8]) -> Result<Checked, Diagnostic> {
    read_file(name, bytes).map(Checked::of)
}

/// A file that is no document xxgk reads, as a multipart check gives it.
fn unread_check(name: String, d: Diagnostic) -> Checked {
    Checked::of(unread_file(name, d))
}

async fn check(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    request: Request,
) -> Result<Response, ApiError> {
    let body = body_of(request).await?;
    let query = query(&uri)?;
    match body {
        Body::Raw(body) => {
            let name = name_of(&query);
            let checked = parsing(&shared, move || check_file(name, &body))
                .await?
                .map_err(unsupported)?;
            Ok(json_body(&checked))
        }
        Body::Multipart(files) => {
            let checked = parsing_each(&shared, jobs(files, check_file, unread_check)).await?;
            Ok(json_body(&Files { files: checked }))
        }
    }
}

/// One file of a compare request.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Upload {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    base64: Option<String>,
}

impl Upload {
    fn bytes(self, which: &str) -> Result<(String, Vec<u8>), ApiError> {
        let name = self.name.unwrap_or_else(|| which.to_owned());
        match (self.text, self.base64) {
            (Some(text), None) => Ok((name, text.into_bytes())),
            (None, Some(b64)) => Ok((
                name,
                base64_decode(&b64)
                    .ok_or_else(|| ApiError::bad_request(format!("{which}: invalid base64")))?,
            )),
            _ => Err(ApiError::bad_request(format!(
                "{which}: give exactly one of \"text\" and \"base64\""
            ))),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareRequest {
    previous: Upload,
    current: Upload,
}

/// A cell's change from last year's report to this year's.
#[derive(Serialize)]
struct Change {
    place: String,
    previous: Option<xxgk::model::Number>,
    current: Option<xxgk::model::Number>,
    /// `current - previous` (amounts rounded to 4 decimals); `None` when
    /// either is null or the cell is in only one report.
    change: Option<f64>,
}

#[derive(Serialize)]
struct Compared {
    previous: FileResult,
    current: FileResult,
    /// The continuity findings (`carry_over`, `in_force_continuity`);
    /// empty when either report could not be read.
    continuity: Vec<Finding>,
    /// Every cell of either report, in this year's template order.
    changes: Vec<Change>,
}

async fn compare(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body?;
    let request: CompareRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "expected {{\"previous\": {{\"name\", \"text\" or \"base64\"}}, \"current\": …}}: {e}"
        ))
    })?;
    let (previous_name, previous) = request.previous.bytes("previous")?;
    let (current_name, current) = request.current.bytes("current")?;
    let compared = parsing(&shared, move || {
        let previous = read_file(previous_name, &previous).map_err(unsupported)?;
        let current = read_file(current_name, &current).map_err(unsupported)?;
        let (continuity, changes) = match (&previous.record.report, &current.record.report) {
            (Some(p), Some(c)) => (xxgk::check_pair(p, c), changes(&previous, &current)),
            _ => (Vec::new(), Vec::new()),
        };
        Ok::<_, ApiError>(Compared {
            previous,
            current,
            continuity,
            changes,
        })
    })
    .await??;
    Ok(json_body(&compared))
}

/// A number as f64, for a change.
fn number(n: xxgk::model::Number) -> Option<f64> {
    serde_json::to_value(n).ok()?.as_f64()
}

/// The change of every cell: this year's cells in order, then last year's
/// that this year's template lacks.
fn changes(previous: &FileResult, current: &FileResult) -> Vec<Change> {
    let before: BTreeMap<&str, Option<xxgk::model::Number>> = previous
        .cells
        .iter()
        .map(|c| (c.place.as_str(), c.value))
        .collect();
    let mut out: Vec<Change> = current
        .cells
        .iter()
        .map(|c| {
            let prior = before.get(c.place.as_str()).copied().flatten();
            Change {
                place: c.place.clone(),
                previous: prior,
                current: c.value,
                change: match (prior.and_then(number), c.value.and_then(number)) {
                    (Some(p), Some(n)) => Some(((n - p) * 10_000.0).round() / 10_000.0),
                    _ => None,
                },
            }
        })
        .collect();
    let now: std::collections::BTreeSet<&str> =
        current.cells.iter().map(|c| c.place.as_str()).collect();
    out.extend(
        previous
            .cells
            .iter()
            .filter(|c| !now.contains(c.place.as_str()))
            .map(|c| Change {
                place: c.place.clone(),
                previous: c.value,
                current: None,
                change: None,
            }),
    );
    out
}

/// Standard base64 (RFC 4648, padding optional, whitespace ignored).
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padding = false;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding = true;
                continue;
            }
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        if padding {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_reads_padded_and_unpadded() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64_decode("5Lit5paH").unwrap(), "中文".as_bytes());
        assert!(base64_decode("aGV*").is_none());
    }

    #[test]
    fn queries_decode() {
        let uri: Uri = "/v1/parse?name=%E4%B8%AD+a.txt&format=csv".parse().unwrap();
        let q = query(&uri).unwrap();
        assert_eq!(q["name"], "中 a.txt");
        assert_eq!(q["format"], "csv");
        assert!(percent_decode("%zz").is_err());
    }
}
