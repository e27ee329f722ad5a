//! `xxgk`: read 政府信息公开工作年度报告 from the command line.
//!
//! - `xxgk parse FILE` reads the report leniently and prints its JSON on
//!   stdout (`-` reads stdin): every cell that could be read, the others
//!   listed in `unread`; its diagnostics go to stderr, one line each. Exit
//!   status 0 when every cell was read, 1 for a partial report, 2 when no
//!   cell of the tables could be read (nothing on stdout then). `--strict`:
//!   all or nothing, exit 2 at the first problem.
//! - `xxgk parse DIR_OR_FILES... [--jsonl | --csv | --wide-csv]` parses a
//!   batch in parallel (see `batch`).
//! - `xxgk sum DIR_OR_FILES...` adds reports of one edition up, as they are
//!   read.
//! - `xxgk check DIR_OR_FILES...` reads each report leniently and prints its
//!   diagnostics and the relations it breaks as annotated source snippets
//!   (`--json`: one JSON object per file and line). Exit status 0 when
//!   nothing is found, 1 when something is, 2 when a file cannot be read.
//!
//! - `xxgk serve` serves the review page and the JSON API (see `serve`).
//!
//! Directories are searched the same way by all three (see `walk`).

mod batch;
mod check;
mod progress;
mod reading;
mod serve;
mod walk;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    about = "Read 政府信息公开工作年度报告 into typed, checked data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How a batch is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    /// One JSON object per report and line: its path and format, then the
    /// report, its diagnostics and the relations it breaks, or its
    /// diagnostics and error.
    Jsonl,
    /// A long table: file, agency, year, edition, table, row, column, value,
    /// status (`value`, `blank` or `unread`).
    Csv,
    /// One row per report (file, agency, year, edition, error, unread), one
    /// column per cell.
    WideCsv,
}

/// How files are found and read in parallel.
#[derive(clap::Args, Debug, Clone, Copy)]
pub(crate) struct Walk {
    /// Enter symbolic links to directories (a link back to a directory
    /// already entered is not entered again). Links to files are always
    /// read; a file reached twice is read once.
    #[arg(long)]
    pub(crate) follow: bool,
    /// Worker threads (default, or 0: one per core; at most four per core).
    #[arg(long, short = 'j', value_parser = jobs)]
    pub(crate) jobs: Option<usize>,
}

/// `-j N`: 0 is the default (one thread per core), and more than four
/// threads per core are four per core (noted on stderr, never an error:
/// parsing is bound by the cores, and thousands of threads exhaust memory).
fn jobs(arg: &str) -> Result<usize, String> {
    let n: usize = arg
        .trim()
        .parse()
        .map_err(|_| format!("expected a number of threads, found {arg:?}"))?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores.saturating_mul(4);
    if n > cap {
        eprintln!("xxgk: -j {n} is more than four threads per core ({cores} cores); using {cap}");
        return Ok(cap);
    }
    Ok(n)
}

/// A template edition, as `--edition` names it.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum EditionArg {
    #[value(name = "2019")]
    V2019,
    #[value(name = "2021")]
    V2021,
}

impl From<EditionArg> for xxgk::model::Edition {
    fn from(e: EditionArg) -> Self {
        match e {
            EditionArg::V2019 => xxgk::model::Edition::V2019,
            EditionArg::V2021 => xxgk::model::Edition::V2021,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Parse reports, every cell that can be read (the others listed in
    /// `unread`, their diagnostics on stderr). One file: its JSON,
    /// pretty-printed; exit status 0 when every cell was read, 1 for a
    /// partial report, 2 when nothing of the tables was read. Several files
    /// or directories (searched for .txt, .md, .html, .htm, .shtml, .xhtml,
    /// .docx and .pdf files): one line per report in file order, in parallel,
    /// with a summary on stderr; exit status 1 when any report is partial or
    /// any file failed.
    Parse {
        /// Files (text, HTML, DOCX or PDF, told by content), directories, or `-`
        /// for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// JSON lines (the default for a batch).
        #[arg(long, group = "output")]
        jsonl: bool,
        /// A long CSV table, a row per cell.
        #[arg(long, group = "output")]
        csv: bool,
        /// A wide CSV table, a row per report.
        #[arg(long = "wide-csv", group = "output")]
        wide_csv: bool,
        /// All or nothing: a report with any cell that cannot be read is
        /// not printed (exit status 2 for one file; a failed file in a
        /// batch).
        #[arg(long)]
        strict: bool,
        /// Print info diagnostics too (such as `inferred_split`: digits run
        /// together, read by the only split the relations allow).
        #[arg(long, short = 'v')]
        verbose: bool,
        #[command(flatten)]
        walk: Walk,
    },
    /// Add reports of one edition up, as a county compiles its townships'
    /// reports: a cell null in any report stays null (listed, never 0).
    /// Directories are searched as by `parse`.
    Sum {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Add only the reports of this edition; the others are skipped
        /// (listed on stderr). Without it, reports of two editions are an
        /// error.
        #[arg(long, value_enum)]
        edition: Option<EditionArg>,
        #[command(flatten)]
        walk: Walk,
    },
    /// Check reports: what could not be read, and the template relations
    /// (勾稽关系) they break, shown on their source. Directories are
    /// searched as by `parse`.
    Check {
        /// Files, directories, or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// One JSON object per file and line, for machines.
        #[arg(long)]
        json: bool,
        /// Enter symbolic links to directories (see `parse --help`).
        #[arg(long)]
        follow: bool,
    },
    /// Serve the review page (http://127.0.0.1:8080/ by default) and the
    /// JSON API (/v1/parse, /v1/check, /v1/compare, /v1/health) on
    /// loopback: drop reports on the page to see their tables, what could
    /// not be read and the relations they break.
    Serve(serve::Options),
}

/// A file's bytes (`-`: stdin's), or why they cannot be had.
pub(crate) fn read_bytes(file: &Path) -> std::io::Result<Vec<u8>> {
    if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(file)
    }
}

/// A file's text: decoded, or rendered from HTML or DOCX (see `xxgk::input`);
/// the error names the file.
pub(crate) fn read(file: &Path) -> Result<String, String> {
    let name = || {
        if file.as_os_str() == "-" {
            "stdin".to_owned()
        } else {
            file.display().to_string()
        }
    };
    let bytes = read_bytes(file).map_err(|e| format!("{}: {e}", name()))?;
    xxgk::Document::read(&bytes)
        .map(|d| d.text().to_owned())
        .map_err(|e| format!("{}: {e}", file.display()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse {
            paths,
            jsonl,
            csv,
            wide_csv,
            strict,
            verbose,
            walk,
        } => {
            let output = match (jsonl, csv, wide_csv) {
                (_, true, _) => Some(Output::Csv),
                (_, _, true) => Some(Output::WideCsv),
                (true, _, _) => Some(Output::Jsonl),
                _ => None,
            };
            match (output, paths.as_slice()) {
                (None, [one]) if !one.is_dir() && strict => parse_strict(one),
                (None, [one]) if !one.is_dir() => parse(one, verbose),
                _ => batch::parse(
                    &paths,
                    output.unwrap_or(Output::Jsonl),
                    batch::Reading { strict, verbose },
                    walk,
                ),
            }
        }
        Command::Sum {
            paths,
            edition,
            walk,
        } => batch::sum(&paths, walk, edition.map(Into::into)),
        Command::Check {
            paths,
            json,
            follow,
        } => check::check(&paths, json, follow),
        Command::Serve(options) => serve::serve(options),
    }
}

/// JSON of a value (the model always serializes).
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// How a file is named in messages (`-` is stdin).
fn name(file: &Path) -> String {
    if file.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        file.display().to_string()
    }
}

/// `xxgk parse FILE`: the JSON contract, every cell that could be read.
/// Exit status 0 (clean), 1 (partial) or 2 (nothing read: nothing on
/// stdout).
fn parse(file: &Path, verbose: bool) -> ExitCode {
    let name = name(file);
    let reading = reading::read(read_bytes(file), false);
    let outcome = reading.outcome();
    match &reading.result {
        Err(e) if e.code == xxgk::Code::Io => eprintln!("xxgk: {name}: {}", e.message),
        Err(e) if matches!(e.code, xxgk::Code::Encoding | xxgk::Code::Document) => {
            eprintln!("xxgk: {name}: {}", e.message)
        }
        _ => {
            for d in reading
                .diagnostics
                .iter()
                .filter(|d| reading::shown(d, verbose))
            {
                eprintln!("{}", reading::line(&name, d));
            }
        }
    }
    if let Ok(report) = &reading.result {
        match serde_json::to_string_pretty(report) {
            // A closed stdout (a pipe into `head`) is not an error of ours.
            Ok(json) => {
                let _ = writeln!(std::io::stdout().lock(), "{json}");
            }
            Err(e) => {
                eprintln!("xxgk: {name}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::from(outcome as u8)
}

/// `xxgk parse --strict FILE`: the JSON contract, all or nothing.
fn parse_strict(file: &Path) -> ExitCode {
    let result = read(file)
        .and_then(|text| xxgk::parse(&text).map_err(|e| format!("{}: {e}", file.display())))
        .and_then(|report| serde_json::to_string_pretty(&report).map_err(|e| e.to_string()));
    match result {
        Ok(json) => {
            // A closed stdout (a pipe into `head`) is not an error of ours.
            let _ = writeln!(std::io::stdout().lock(), "{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xxgk: {e}");
            ExitCode::from(2)
        }
    }
}
