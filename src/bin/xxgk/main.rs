//! `xxgk`: read 政府信息公开工作年度报告 from the command line.
//!
//! - `xxgk parse FILE` prints the report's JSON on stdout (`-` reads stdin);
//!   exit status 0 on success, 2 with the error on stderr otherwise.
//! - `xxgk parse DIR_OR_FILES... [--jsonl | --csv | --wide-csv]` parses a
//!   batch in parallel (see `batch`).
//! - `xxgk sum FILES...` adds reports of one edition up.
//! - `xxgk check FILE...` reads each report leniently and prints its
//!   diagnostics and the relations it breaks as annotated source snippets
//!   (`--json`: one JSON object per file and line). Exit status 0 when
//!   nothing is found, 1 when something is, 2 when a file cannot be read.

mod batch;
mod check;

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
    /// One JSON object per report and line: its path, then the report and
    /// the relations it breaks, or its error.
    Jsonl,
    /// A long table: file, agency, year, edition, table, row, column, value.
    Csv,
    /// One row per report, one column per cell.
    WideCsv,
}

#[derive(Subcommand)]
enum Command {
    /// Parse reports. One file: its JSON, pretty-printed. Several files or
    /// directories (searched for .txt, .md, .html, .htm, .docx files): one
    /// line per report in file order, in parallel, with a summary on stderr.
    Parse {
        /// Files (text, HTML or DOCX, told by content), directories, or `-`
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
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
    },
    /// Add reports of one edition up, as a county compiles its townships'
    /// reports: a cell null in any report stays null (listed, never 0).
    Sum {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
    },
    /// Check reports: what could not be read, and the template relations
    /// (勾稽关系) they break, shown on their source.
    Check {
        /// The reports' files, or `-` for stdin.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON object per file and line, for machines.
        #[arg(long)]
        json: bool,
    },
}

/// A file's bytes, or why they cannot be had.
pub(crate) fn read_bytes(file: &Path) -> Result<Vec<u8>, String> {
    if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("stdin: {e}"))?;
        Ok(buf)
    } else {
        std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))
    }
}

/// A file's text: decoded, or rendered from HTML or DOCX (see `xxgk::input`).
pub(crate) fn read(file: &Path) -> Result<String, String> {
    let bytes = read_bytes(file)?;
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
            jobs,
        } => {
            let output = match (jsonl, csv, wide_csv) {
                (_, true, _) => Some(Output::Csv),
                (_, _, true) => Some(Output::WideCsv),
                (true, _, _) => Some(Output::Jsonl),
                _ => None,
            };
            match (output, paths.as_slice()) {
                (None, [one]) if !one.is_dir() => parse(one),
                _ => batch::parse(&paths, output.unwrap_or(Output::Jsonl), jobs),
            }
        }
        Command::Sum { paths, jobs } => batch::sum(&paths, jobs),
        Command::Check { files, json } => check::check(&files, json),
    }
}

/// JSON of a value (the model always serializes).
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// `xxgk parse FILE`: the JSON contract.
fn parse(file: &Path) -> ExitCode {
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
