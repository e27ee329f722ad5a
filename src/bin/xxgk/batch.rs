//! Batches: many reports parsed in parallel and written in file order.
//!
//! Files are taken in chunks as the walk (`walk`) hands them out; each
//! chunk is parsed in parallel (rayon) and then written in order, so output
//! order is stable and memory stays bounded by a chunk, whatever the
//! batch's size. A file that cannot be read
//! or parsed is reported in its place and never stops the batch.

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::Serialize;
use xxgk::aggregate::{SumError, Summer};
use xxgk::batch::Record;
use xxgk::model::{Edition, OtherDisposal, Report, RequestMatrix, Row};
use xxgk::{Code, Status};

use crate::reading::{self, Outcome};
use crate::{Output, Walk, progress, read_bytes, walk};

/// Files parsed in parallel before their results are written. Small enough
/// that a chunk's rendered output stays a few megabytes (the memory a batch
/// touches, whatever its size), large enough that the pause between chunks
/// is a small share of a chunk's time.
const CHUNK: usize = 256;

/// How a batch reads each file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    /// All or nothing: a report with any cell that cannot be read fails.
    pub(crate) strict: bool,
    /// Info diagnostics shown on stderr too.
    pub(crate) verbose: bool,
}

/// Reads, parses and checks one file; and how its reading ended.
fn record(path: &Path, strict: bool) -> (Record, Outcome) {
    let reading = reading::read(read_bytes(path), strict);
    let outcome = reading.outcome();
    let path = path.display().to_string();
    let record = match reading.result {
        Ok(report) => {
            let findings = xxgk::check(&report)
                .into_iter()
                .filter(|f| f.status == Status::Broken)
                .collect();
            Record {
                path,
                format: reading.format,
                report: Some(report),
                diagnostics: reading.diagnostics,
                findings: Some(findings),
                error: None,
            }
        }
        Err(error) => Record {
            path,
            format: reading.format,
            report: None,
            diagnostics: reading.diagnostics,
            findings: None,
            error: Some(error),
        },
    };
    (record, outcome)
}

/// What the writer keeps of one file: its rendered output and what the
/// summary counts. The report itself is dropped in the worker that read it.
struct Rendered {
    path: String,
    bytes: Vec<u8>,
    outcome: Outcome,
    /// The error's code and message, when nothing of the file was read.
    failure: Option<(String, String)>,
    /// The lines stderr shows of a report's diagnostics.
    lines: Vec<String>,
    /// The codes of its diagnostics, one per diagnostic.
    codes: Vec<Code>,
    /// The report breaks a relation.
    with_findings: bool,
}

impl Rendered {
    fn new(r: Record, outcome: Outcome, bytes: Vec<u8>, verbose: bool) -> Rendered {
        let lines = if r.error.is_none() {
            r.diagnostics
                .iter()
                .filter(|d| reading::shown(d, verbose))
                .map(|d| reading::line(&r.path, d))
                .collect()
        } else {
            Vec::new()
        };
        Rendered {
            outcome,
            failure: r.error.map(|d| (d.code.to_string(), d.message)),
            lines,
            codes: r.diagnostics.iter().map(|d| d.code).collect(),
            with_findings: r.findings.is_some_and(|f| !f.is_empty()),
            path: r.path,
            bytes,
        }
    }
}

/// Counts for the summary.
#[derive(Default)]
struct Summary {
    clean: usize,
    partial: usize,
    with_findings: usize,
    failed: BTreeMap<String, usize>,
    /// Diagnostics by code, in the codes' alphabetical order (as `failed`).
    diagnostics: BTreeMap<&'static str, usize>,
}

impl Summary {
    fn add(&mut self, r: &Rendered) {
        match &r.failure {
            None => {
                match r.outcome {
                    Outcome::Clean => self.clean += 1,
                    _ => self.partial += 1,
                }
                self.with_findings += usize::from(r.with_findings);
            }
            Some((code, _)) => *self.failed.entry(code.clone()).or_default() += 1,
        }
        for code in &r.codes {
            *self.diagnostics.entry(code.as_str()).or_default() += 1;
        }
    }

    /// Files counted.
    fn files(&self) -> usize {
        self.clean + self.partial + self.failed.values().sum::<usize>()
    }

    /// The batch's exit status: 0 when every report is clean, 1 when any
    /// is partial or any file failed.
    fn status(&self) -> u8 {
        u8::from(self.partial > 0 || !self.failed.is_empty())
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
        let codes: Vec<String> = self
            .diagnostics
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let codes = if codes.is_empty() {
            "none".to_owned()
        } else {
            codes.join(", ")
        };
        eprintln!(
            "xxgk: {} files: {} clean, {} partial, {failed} failed{kinds}; diagnostics: {codes}; \
             {} reports break a relation",
            self.files(),
            self.clean,
            self.partial,
            self.with_findings,
        );
    }
}

/// A pool of `jobs` worker threads (`None`: rayon's global pool, one thread
/// per core, also when the pool cannot be built).
fn pool(jobs: Option<usize>) -> Option<rayon::ThreadPool> {
    let n = jobs?;
    match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
        Ok(pool) => Some(pool),
        Err(e) => {
            eprintln!("xxgk: cannot start {n} threads ({e}); one per core");
            None
        }
    }
}

/// Runs `work` on `files` in parallel, ticking `bar`; results in file
/// order. What the caller keeps is made in the worker (for `parse`,
/// rendered bytes: the writer only copies them).
fn outcomes<R: Send>(
    files: &[PathBuf],
    pool: Option<&rayon::ThreadPool>,
    bar: &ProgressBar,
    work: &(impl Fn(&Path) -> R + Sync),
) -> Vec<R> {
    let run = || {
        files
            .par_iter()
            .map(|f| {
                let kept = work(f);
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

/// Runs `work` on every file in parallel, a chunk of [`CHUNK`] files at a
/// time as the walk hands them out, and gives each result to `take` in file
/// order; `take` may stop the batch.
fn run<R: Send>(
    files: &walk::Files,
    jobs: Option<usize>,
    bar: &ProgressBar,
    work: impl Fn(&Path) -> R + Sync,
    mut take: impl FnMut(&Path, R) -> ControlFlow<()>,
) {
    let pool = pool(jobs);
    let mut chunk: Vec<PathBuf> = Vec::with_capacity(CHUNK);
    let mut flush = |chunk: &mut Vec<PathBuf>| {
        let results = outcomes(chunk, pool.as_ref(), bar, &work);
        let flow = chunk
            .iter()
            .zip(results)
            .try_for_each(|(path, r)| take(path, r));
        chunk.clear();
        flow
    };
    let mut flow = ControlFlow::Continue(());
    files.for_each(|path| {
        chunk.push(path.to_path_buf());
        if chunk.len() == CHUNK {
            flow = flush(&mut chunk);
        }
        flow
    });
    if flow.is_continue() && !chunk.is_empty() {
        let _ = flush(&mut chunk);
    }
}

/// `xxgk parse PATHS... --jsonl|--csv|--wide-csv`: each file read
/// leniently (`--strict`: all or nothing). Exit status 0 when every report
/// is clean, 1 when any is partial or any file failed (nothing of it read),
/// 2 when no file was found. A closed stdout (a pipe into `head`) ends the
/// batch; the status and the summary then tell of the files read until
/// then.
pub(crate) fn parse(paths: &[PathBuf], output: Output, how: Reading, walk: Walk) -> ExitCode {
    let files = match walk::some_files(paths, walk.follow) {
        Ok(files) => files,
        Err(status) => return status,
    };
    let bar = progress::bar(files.len());
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
        Output::Csv => Some("file,agency,year,edition,table,row,column,value,status".to_owned()),
        Output::WideCsv => Some(format!(
            "file,agency,year,edition,error,unread,{}",
            places.join(",")
        )),
    };
    let mut ok = header.is_none_or(|h| writeln!(out, "{h}").is_ok());
    let render = |path: &Path| {
        let (r, outcome) = record(path, how.strict);
        let mut bytes = Vec::new();
        // Writing into memory cannot fail.
        let _ = write(&mut bytes, output, &places, &r);
        Rendered::new(r, outcome, bytes, how.verbose)
    };
    // Even when the header cannot be written, the first file is read (and
    // counted) before the batch stops: the status never says "clean" of a
    // batch that read nothing.
    run(&files, walk.jobs, &bar, render, |_, r| {
        summary.add(&r);
        if let Some((_, message)) = &r.failure {
            bar.suspend(|| eprintln!("xxgk: {}: {message}", r.path));
        }
        if !r.lines.is_empty() {
            bar.suspend(|| r.lines.iter().for_each(|l| eprintln!("{l}")));
        }
        ok = ok && out.write_all(&r.bytes).is_ok();
        if ok {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    ok = ok && out.flush().is_ok();
    bar.finish_and_clear();
    if !ok {
        // stdout closed (a pipe into `head`): the summary says what was read.
        eprintln!(
            "xxgk: stdout closed: output stopped, {} of {} files read",
            summary.files(),
            files.len()
        );
    }
    summary.print();
    ExitCode::from(summary.status())
}

/// Writes one file's outcome (`places`: the wide table's columns).
pub(crate) fn write(
    out: &mut impl Write,
    output: Output,
    places: &[String],
    o: &Record,
) -> std::io::Result<()> {
    match output {
        Output::Jsonl => {
            serde_json::to_writer(&mut *out, o)?;
            out.write_all(b"\n")
        }
        Output::Csv => {
            let Some(r) = &o.report else { return Ok(()) };
            let lead = lead(&o.path, r);
            for v in r.values() {
                // Never a 0 for a null: empty, and the status says which.
                let value = v.value.map(|n| n.to_string()).unwrap_or_default();
                let p = v.place;
                writeln!(
                    out,
                    "{lead},{},{},{},{value},{}",
                    p.table, p.row, p.column, v.status
                )?;
            }
            Ok(())
        }
        Output::WideCsv => {
            let mut line = String::new();
            match (&o.report, &o.error) {
                (Some(r), _) => {
                    line.push_str(&lead(&o.path, r));
                    line.push_str(",,");
                    line.push_str(&field(&r.unread.join(";")));
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
                (None, d) => {
                    let message = d.as_ref().map_or("", |d| d.message.as_str());
                    line.push_str(&format!("{},,,,{},", field(&o.path), field(message)));
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
pub(crate) fn wide_places() -> Vec<String> {
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
            requests,
            ..Report::empty(edition)
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

/// The paths of the files added, in the order added, as `xxgk sum` prints
/// them: one string (no allocation per file), as they are output.
#[derive(Default)]
struct Added {
    text: String,
    /// Where each path ends in `text`.
    ends: Vec<usize>,
}

impl Added {
    fn push(&mut self, path: &str) {
        self.text.push_str(path);
        self.ends.push(self.text.len());
    }

    /// The path of the `i`th report added.
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

impl Serialize for Added {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.ends.len()).map(|i| self.get(i)))
    }
}

/// What `xxgk sum` prints: the files added (`missing_in` indexes them), the
/// records of those that failed, and the sum.
#[derive(Serialize)]
struct Summed<'a> {
    files: &'a Added,
    failed: &'a [Record],
    #[serde(flatten)]
    sum: &'a xxgk::aggregate::Sum,
}

/// Why a sum stopped before its last file.
enum Stop {
    /// A report of another edition than the first's.
    Mixed {
        path: String,
        expected: Edition,
        found: Edition,
    },
    Other(SumError),
}

/// `xxgk sum PATHS... [--edition E]`: reports added as they are read (a
/// chunk of files at a time, in file order): memory does not grow with
/// their number but for the lists the output prints (the files added, those
/// that failed, the reports that lack a cell). Exit status 0 when every
/// file parsed and every cell is known, 1 when not, 2 when nothing could be
/// added or the editions differ.
///
/// Files are read leniently: a partial report is added, and its unread
/// cells are unknown in the sum (null, never 0), named as unread on stderr.
pub(crate) fn sum(paths: &[PathBuf], walk: Walk, edition: Option<Edition>) -> ExitCode {
    let files = match walk::some_files(paths, walk.follow) {
        Ok(files) => files,
        Err(status) => return status,
    };
    let bar = progress::bar(files.len());
    let mut summer = Summer::new();
    let mut added = Added::default();
    let mut failed: Vec<Record> = Vec::new();
    let mut skipped = 0usize;
    let mut stop = None;
    // The cells each partial report added could not read, by its index.
    let mut unread: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let read = |path: &Path| {
        let mut reading = reading::read(read_bytes(path), false);
        if let Ok(r) = &mut reading.result {
            // The sum reads the tables alone.
            r.narrative = Default::default();
            r.notes = Vec::new();
        }
        reading
    };
    run(&files, walk.jobs, &bar, read, |path, reading| {
        let path = path.display().to_string();
        let report = match reading.result {
            Ok(report) => report,
            Err(error) => {
                bar.suspend(|| eprintln!("xxgk: {path}: {} (not added)", error.message));
                failed.push(Record {
                    path,
                    format: reading.format,
                    report: None,
                    diagnostics: reading.diagnostics,
                    findings: None,
                    error: Some(error),
                });
                return ControlFlow::Continue(());
            }
        };
        if let Some(keep) = edition.filter(|e| *e != report.edition()) {
            skipped += 1;
            bar.suspend(|| {
                eprintln!(
                    "xxgk: {path}: the {} edition (skipped: --edition {keep})",
                    report.edition()
                )
            });
            return ControlFlow::Continue(());
        }
        match summer.add(&report) {
            Ok(()) => {
                if !report.unread.is_empty() {
                    let n = report.unread.len();
                    bar.suspend(|| {
                        eprintln!("xxgk: {path}: partial: {n} cells unread (unknown in the sum)")
                    });
                    unread.insert(added.ends.len(), report.unread);
                }
                added.push(&path);
                ControlFlow::Continue(())
            }
            Err(SumError::MixedEditions {
                expected, found, ..
            }) => {
                stop = Some(Stop::Mixed {
                    path,
                    expected,
                    found,
                });
                ControlFlow::Break(())
            }
            Err(e) => {
                stop = Some(Stop::Other(e));
                ControlFlow::Break(())
            }
        }
    });
    bar.finish_and_clear();
    match stop {
        Some(Stop::Mixed {
            path,
            expected,
            found,
        }) => {
            eprintln!(
                "xxgk: cannot add up: {path} follows the {found} edition, {} the {expected} edition; \
                 --edition {expected} or --edition {found} adds the reports of one and skips the others",
                added.get(0)
            );
            return ExitCode::from(2);
        }
        Some(Stop::Other(e)) => {
            eprintln!("xxgk: cannot add up: {e}");
            return ExitCode::from(2);
        }
        None => {}
    }
    let skipped_note = match (skipped, edition) {
        (0, _) | (_, None) => String::new(),
        (n, Some(e)) => format!("; {n} skipped (not the {e} edition)"),
    };
    let sum = match summer.finish() {
        Ok(sum) => sum,
        Err(e) => {
            eprintln!(
                "xxgk: cannot add up: {e} ({} files: {} not added{skipped_note})",
                files.len(),
                failed.len()
            );
            return ExitCode::from(2);
        }
    };
    let summed = Summed {
        files: &added,
        failed: &failed,
        sum: &sum,
    };
    // Written as it is serialized: the list of files is not copied.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = serde_json::to_writer(&mut out, &summed)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    for u in &sum.unknown {
        let why = if u.overflow {
            "overflows".to_owned()
        } else {
            let place = u.place.to_string();
            let names: Vec<String> = u
                .missing_in
                .iter()
                .map(|&i| {
                    let lost = unread.get(&i).is_some_and(|cells| cells.contains(&place));
                    let why = if lost { " (unread)" } else { "" };
                    format!("{}{why}", added.get(i))
                })
                .collect();
            format!("null in {}", names.join(", "))
        };
        eprintln!("xxgk: {} unknown: {why}", u.place);
    }
    eprintln!(
        "xxgk: added {} reports{skipped_note}; {} not added; {} cells unknown",
        sum.reports,
        failed.len(),
        sum.unknown.len()
    );
    ExitCode::from(u8::from(!failed.is_empty() || !sum.unknown.is_empty()))
}
