//! Batches: many reports parsed in parallel and written in file order.
//!
//! Files are taken in chunks; each chunk is parsed in parallel (rayon) and
//! then written in order, so output order is stable and memory stays
//! bounded by a chunk, whatever the batch's size. A file that cannot be read
//! or parsed is reported in its place and never stops the batch.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use xxgk::model::{ActiveDisclosure, Edition, OtherDisposal, Report, RequestMatrix, Row};
use xxgk::{Code, Diagnostic, Finding, Format, Severity, Span, Status};

use crate::{Output, read_bytes, to_json};

/// Extensions searched for in directories (files named on the command line
/// are read whatever their name).
const EXTENSIONS: [&str; 7] = ["txt", "md", "html", "htm", "shtml", "xhtml", "docx"];
/// Files parsed in parallel before their results are written. Small enough
/// that a chunk's rendered output stays a few megabytes (the memory a batch
/// touches, whatever its size), large enough that the pause between chunks
/// is a small share of a chunk's time.
const CHUNK: usize = 256;

/// One file's outcome.
struct Outcome {
    path: String,
    format: Option<Format>,
    result: Result<Report, Diagnostic>,
    /// Relations the report breaks.
    findings: Vec<Finding>,
}

/// What a JSON line says of a file.
#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<Format>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<&'a [Finding]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a Diagnostic>,
}

/// The files of `paths`: a file as given, a directory searched recursively
/// for report files (hidden entries skipped), each directory in name order.
/// A directory that cannot be listed is reported and skipped.
fn files(paths: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("xxgk: {}: {e}", dir.display());
                return;
            }
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_none_or(|n| n.starts_with('.')) {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out);
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// Reads and parses one file.
fn outcome(path: &Path) -> Outcome {
    let name = path.display().to_string();
    let bytes = match read_bytes(path) {
        Ok(b) => b,
        Err(message) => {
            return Outcome {
                path: name,
                format: None,
                result: Err(Diagnostic {
                    severity: Severity::Error,
                    code: Code::Io,
                    message,
                    path: None,
                    span: Span::new(0, 0),
                    line: 1,
                    column: 1,
                }),
                findings: Vec::new(),
            };
        }
    };
    let format = Format::sniff(&bytes);
    let result = xxgk::parse_bytes(&bytes).map_err(|e| Diagnostic::from(&e));
    let findings = match &result {
        Ok(r) => xxgk::check(r)
            .into_iter()
            .filter(|f| f.status == Status::Broken)
            .collect(),
        Err(_) => Vec::new(),
    };
    Outcome {
        path: name,
        format: Some(format),
        result,
        findings,
    }
}

/// What the writer keeps of one file: its rendered output and what the
/// summary counts. The report itself is dropped in the worker that read it.
struct Rendered {
    path: String,
    bytes: Vec<u8>,
    /// The error's code and message, when the file did not parse.
    failure: Option<(String, String)>,
    /// The report breaks a relation.
    with_findings: bool,
}

impl Rendered {
    fn new(o: &Outcome, bytes: Vec<u8>) -> Rendered {
        Rendered {
            path: o.path.clone(),
            bytes,
            failure: o
                .result
                .as_ref()
                .err()
                .map(|d| (d.code.to_string(), d.message.clone())),
            with_findings: !o.findings.is_empty(),
        }
    }
}

/// Counts for the summary.
#[derive(Default)]
struct Summary {
    parsed: usize,
    with_findings: usize,
    failed: BTreeMap<String, usize>,
}

impl Summary {
    fn add(&mut self, r: &Rendered) {
        match &r.failure {
            None => {
                self.parsed += 1;
                self.with_findings += usize::from(r.with_findings);
            }
            Some((code, _)) => *self.failed.entry(code.clone()).or_default() += 1,
        }
    }

    fn print(&self) {
        let failed: usize = self.failed.values().sum();
        let kinds: Vec<String> = self
            .failed
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let kinds = if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        };
        eprintln!(
            "xxgk: {} files: {} parsed, {failed} failed{kinds}; {} reports break a relation",
            self.parsed + failed,
            self.parsed,
            self.with_findings,
        );
    }
}

/// A progress bar on stderr when it is a terminal, else nothing.
fn progress(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} reports, {per_sec}, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

/// A pool of `jobs` worker threads (`None`: rayon's global pool, one thread
/// per core).
fn pool(jobs: Option<usize>) -> Option<rayon::ThreadPool> {
    jobs.and_then(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build().ok())
}

/// Parses `files` in parallel, ticking `bar`, and turns each outcome into
/// what the caller keeps in the worker too (for `parse`, rendered bytes: the
/// writer only copies them); results in file order.
fn outcomes<R: Send>(
    files: &[PathBuf],
    pool: Option<&rayon::ThreadPool>,
    bar: &ProgressBar,
    keep: impl Fn(Outcome) -> R + Sync,
) -> Vec<R> {
    let run = || {
        files
            .par_iter()
            .map(|f| {
                let kept = keep(outcome(f));
                bar.inc(1);
                kept
            })
            .collect()
    };
    match pool {
        Some(pool) => pool.install(run),
        None => run(),
    }
}

/// `xxgk parse PATHS... --jsonl|--csv|--wide-csv`. Exit status 0 when every
/// file parsed, 1 when some did not, 2 when no file was found.
pub(crate) fn parse(paths: &[PathBuf], output: Output, jobs: Option<usize>) -> ExitCode {
    let files = files(paths);
    if files.is_empty() {
        eprintln!("xxgk: no report files found");
        return ExitCode::from(2);
    }
    let bar = progress(files.len());
    let mut summary = Summary::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // The wide table's columns, computed once for the batch.
    let places = if output == Output::WideCsv {
        wide_places()
    } else {
        Vec::new()
    };
    let header = match output {
        Output::Jsonl => None,
        Output::Csv => Some("file,agency,year,edition,table,row,column,value".to_owned()),
        Output::WideCsv => Some(format!(
            "file,agency,year,edition,error,{}",
            places.join(",")
        )),
    };
    let mut ok = header.is_none_or(|h| writeln!(out, "{h}").is_ok());
    let pool = pool(jobs);
    let render = |o: Outcome| {
        let mut bytes = Vec::new();
        // Writing into memory cannot fail.
        let _ = write(&mut bytes, output, &places, &o);
        Rendered::new(&o, bytes)
    };
    for chunk in files.chunks(CHUNK) {
        if !ok {
            break;
        }
        for r in &outcomes(chunk, pool.as_ref(), &bar, render) {
            summary.add(r);
            if let Some((_, message)) = &r.failure {
                bar.suspend(|| eprintln!("xxgk: {}: {message}", r.path));
            }
            ok &= out.write_all(&r.bytes).is_ok();
        }
    }
    ok &= out.flush().is_ok();
    bar.finish_and_clear();
    summary.print();
    if !ok {
        // stdout closed (a pipe into `head`): the summary still says what was read.
        return ExitCode::SUCCESS;
    }
    ExitCode::from(u8::from(!summary.failed.is_empty()))
}

/// Writes one file's outcome (`places`: the wide table's columns).
fn write(
    out: &mut impl Write,
    output: Output,
    places: &[String],
    o: &Outcome,
) -> std::io::Result<()> {
    match output {
        Output::Jsonl => {
            let line = Line {
                path: &o.path,
                format: o.format,
                report: o.result.as_ref().ok(),
                findings: o.result.is_ok().then_some(o.findings.as_slice()),
                error: o.result.as_ref().err(),
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")
        }
        Output::Csv => {
            let Ok(r) = &o.result else { return Ok(()) };
            let lead = lead(&o.path, r);
            for v in r.values() {
                let value = v.value.map(|n| n.to_string()).unwrap_or_default();
                let p = v.place;
                writeln!(out, "{lead},{},{},{},{value}", p.table, p.row, p.column)?;
            }
            Ok(())
        }
        Output::WideCsv => {
            let mut line = String::new();
            match &o.result {
                Ok(r) => {
                    line.push_str(&lead(&o.path, r));
                    line.push(',');
                    let values: BTreeMap<String, String> = r
                        .values()
                        .into_iter()
                        .filter_map(|v| Some((v.place.to_string(), v.value?.to_string())))
                        .collect();
                    for place in places {
                        line.push(',');
                        if let Some(v) = values.get(place) {
                            line.push_str(v);
                        }
                    }
                }
                Err(d) => {
                    line.push_str(&format!("{},,,,{}", field(&o.path), field(&d.message)));
                    line.push_str(&",".repeat(places.len()));
                }
            }
            writeln!(out, "{line}")
        }
    }
}

/// The first columns of a report's CSV rows: file, agency, year, edition.
fn lead(path: &str, r: &Report) -> String {
    format!(
        "{},{},{},{}",
        field(path),
        field(r.agency.as_deref().unwrap_or("")),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        r.edition()
    )
}

/// A CSV field, quoted where it must be (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Every cell any report can have, in template order: the 2021 edition's,
/// then the 2019 edition's own, （六） itemized and as one row.
fn wide_places() -> Vec<String> {
    let mut places = Vec::new();
    for (edition, single) in [
        (Edition::V2021, false),
        (Edition::V2021, true),
        (Edition::V2019, true),
    ] {
        let mut requests = RequestMatrix::default();
        if single {
            requests.other_disposal = OtherDisposal::Single(Row::default());
        }
        let report = Report {
            title: None,
            agency: None,
            year: None,
            active_disclosure: ActiveDisclosure::empty(edition),
            requests,
            reviews: Default::default(),
            narrative: Default::default(),
            notes: Vec::new(),
            unread: Vec::new(),
        };
        for v in report.values() {
            let place = v.place.to_string();
            if !places.contains(&place) {
                places.push(place);
            }
        }
    }
    places
}

/// What `xxgk sum` prints.
#[derive(Serialize)]
struct Summed<'a> {
    files: Vec<&'a str>,
    failed: Vec<Line<'a>>,
    #[serde(flatten)]
    sum: &'a xxgk::aggregate::Sum,
}

/// `xxgk sum PATHS...`: exit status 0 when every file parsed and every cell
/// is known, 1 when not, 2 when nothing could be added.
pub(crate) fn sum(paths: &[PathBuf], jobs: Option<usize>) -> ExitCode {
    let files = files(paths);
    let outcomes = outcomes(&files, pool(jobs).as_ref(), &ProgressBar::hidden(), |o| o);
    let (ok, failed): (Vec<&Outcome>, Vec<&Outcome>) =
        outcomes.iter().partition(|o| o.result.is_ok());
    for o in &failed {
        if let Err(d) = &o.result {
            eprintln!("xxgk: {}: {} (not added)", o.path, d.message);
        }
    }
    let reports: Vec<Report> = ok
        .iter()
        .filter_map(|o| o.result.as_ref().ok().cloned())
        .collect();
    let sum = match xxgk::aggregate::sum(&reports) {
        Ok(s) => s,
        Err(e) => {
            let e = match e {
                xxgk::aggregate::SumError::MixedEditions {
                    index,
                    expected,
                    found,
                } => format!(
                    "{} follows the {found} edition, {} the {expected} edition",
                    ok[index].path, ok[0].path
                ),
                e => e.to_string(),
            };
            eprintln!("xxgk: cannot add up: {e}");
            return ExitCode::from(2);
        }
    };
    let summed = Summed {
        files: ok.iter().map(|o| o.path.as_str()).collect(),
        failed: failed
            .iter()
            .map(|o| Line {
                path: &o.path,
                format: o.format,
                report: None,
                findings: None,
                error: o.result.as_ref().err(),
            })
            .collect(),
        sum: &sum,
    };
    let _ = writeln!(std::io::stdout().lock(), "{}", to_json(&summed));
    for u in &sum.unknown {
        let why = if u.overflow {
            "overflows".to_owned()
        } else {
            let names: Vec<&str> = u.missing_in.iter().map(|&i| ok[i].path.as_str()).collect();
            format!("null in {}", names.join(", "))
        };
        eprintln!("xxgk: {} unknown: {why}", u.place);
    }
    eprintln!(
        "xxgk: added {} reports; {} not added; {} cells unknown",
        sum.reports,
        failed.len(),
        sum.unknown.len()
    );
    ExitCode::from(u8::from(!failed.is_empty() || !sum.unknown.is_empty()))
}
