//! `xxgk check`: diagnostics and broken relations as annotated snippets.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use unicode_width::UnicodeWidthChar;
use xxgk::{Diagnostic, Finding, Parsed, Severity, Span, Status};

use crate::{read, to_json, walk};

/// A finding with its place in the source, as `--json` prints it.
#[derive(Serialize)]
struct Located<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    span: Option<Span>,
    line: Option<usize>,
    column: Option<usize>,
}

/// What `check --json` prints for one file.
#[derive(Serialize)]
struct Checked<'a> {
    file: String,
    error: Option<String>,
    diagnostics: &'a [Diagnostic],
    findings: Vec<Located<'a>>,
}

/// `xxgk check PATHS... [--json] [--follow]`: each file in turn. A closed
/// stdout (a pipe into `head`) ends the output, not the check: the exit
/// status still tells of every file.
pub(crate) fn check(paths: &[PathBuf], json: bool, follow: bool) -> ExitCode {
    let files = match walk::some_files(paths, follow) {
        Ok(files) => files,
        Err(status) => return status,
    };
    let mut status = 0u8;
    let stdout = std::io::stdout();
    let mut out = Some(stdout.lock());
    files.for_each(|file| {
        let (found, written) = check_one(file, json, out.as_mut());
        status = status.max(found);
        if written.is_err() {
            // Nobody reads any more: check on, without a word.
            out = None;
        }
        std::ops::ControlFlow::Continue(())
    });
    ExitCode::from(status)
}

/// Checks one file, writing what it finds to `out` (nothing when `None`):
/// its status (0, 1 or 2, as the command's) and whether the writing went
/// well.
fn check_one(file: &Path, json: bool, out: Option<&mut impl Write>) -> (u8, std::io::Result<()>) {
    let name = file.display().to_string();
    let text = match read(file) {
        Ok(text) => text,
        Err(e) => {
            let written = match out {
                Some(out) if json => {
                    let checked = Checked {
                        file: name,
                        error: Some(e),
                        diagnostics: &[],
                        findings: Vec::new(),
                    };
                    writeln!(out, "{}", to_json(&checked))
                }
                // Nobody reads the JSON any more.
                None if json => Ok(()),
                _ => {
                    eprintln!("xxgk: {e}");
                    Ok(())
                }
            };
            return (2, written);
        }
    };
    let parsed = xxgk::parse_lenient(&text);
    let findings = xxgk::check(&parsed.report);
    let flagged = parsed
        .diagnostics
        .iter()
        .any(|d| d.severity != Severity::Info)
        || findings.iter().any(|f| f.status == Status::Broken);
    let status = u8::from(flagged);
    let Some(out) = out else {
        return (status, Ok(()));
    };
    let located: Vec<Located<'_>> = findings
        .iter()
        .map(|f| {
            let span = finding_span(&parsed, f);
            let place = span.map(|s| line_column(&text, s.start));
            Located {
                finding: f,
                span,
                line: place.map(|p| p.0),
                column: place.map(|p| p.1),
            }
        })
        .collect();
    let written = if json {
        let checked = Checked {
            file: name,
            error: None,
            diagnostics: &parsed.diagnostics,
            findings: located,
        };
        writeln!(out, "{}", to_json(&checked))
    } else {
        write!(out, "{}", annotate(&name, &text, &parsed, &located))
    };
    (status, written)
}

/// Where a finding shows: its cell, or else the first cell read of its row.
fn finding_span(parsed: &Parsed, f: &Finding) -> Option<Span> {
    parsed.finding_span(f).or_else(|| {
        let prefix = format!("{}.", f.path);
        parsed
            .cells
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(_, s)| *s)
            .min_by_key(|s| s.start)
    })
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[start..].chars().count() + 1,
    )
}

/// The report's diagnostics and findings as annotated snippets.
fn annotate(file: &str, text: &str, parsed: &Parsed, findings: &[Located<'_>]) -> String {
    let mut out = String::new();
    for d in &parsed.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        out += &format!("{level}[{}]: {}\n", d.code, d.message);
        out += &snippet(file, text, Some(d.span));
        if let Some(path) = &d.path {
            out += &format!("   = path: {path}\n");
        }
        out.push('\n');
    }
    if parsed.cells.is_empty() {
        // Not a cell of the tables read (not a report, or not one the
        // grammars know): the relations have nothing to say.
        out += &format!(
            "{file}: {} diagnostics; no cell of the tables read, no relation assessed\n",
            parsed.diagnostics.len()
        );
        return out;
    }
    // A relation that cannot be assessed only because cells could not be
    // read says nothing the diagnostics do not: counted, not shown.
    let unread = |path: &String| {
        parsed.diagnostics.iter().any(|d| {
            d.path
                .as_deref()
                .is_some_and(|p| path.starts_with(p) && path[p.len()..].starts_with('.'))
        })
    };
    let mut hidden = 0;
    for l in findings {
        let f = l.finding;
        if f.status == Status::NotAssessable && !f.blank.is_empty() && f.blank.iter().all(unread) {
            hidden += 1;
            continue;
        }
        let level = match f.status {
            Status::Broken => "finding",
            Status::NotAssessable => "note",
        };
        out += &format!("{level}[{}]: {}\n", f.rule.id(), f.message_en);
        out += &snippet(file, text, l.span);
        out += &format!("   = {}\n", f.message_zh);
        out += &format!("   = path: {}.{}\n\n", f.path, f.column);
    }
    let broken = findings
        .iter()
        .filter(|l| l.finding.status == Status::Broken)
        .count();
    out += &format!(
        "{file}: {} diagnostics, {broken} broken relations, {} not assessable",
        parsed.diagnostics.len(),
        findings.len() - broken
    );
    if hidden > 0 {
        out += &format!(" ({hidden} of them only for cells that could not be read, not shown)");
    }
    out.push('\n');
    out
}

/// Characters of context shown on either side of a span in a long line.
const CONTEXT: usize = 40;

/// The last `n` characters of `s`.
fn clip_start(s: &str, n: usize) -> &str {
    s.char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(s, |(i, _)| &s[i..])
}

/// The first `n` characters of `s`.
fn clip_end(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// `--> file:line:col`, the source line, and a caret under the span,
/// aligned by display width (CJK characters are two columns wide, a tab four).
fn snippet(file: &str, text: &str, span: Option<Span>) -> String {
    let Some(span) = span else {
        return format!("  --> {file}\n");
    };
    let start = span.start.min(text.len());
    let (line, column) = line_column(text, start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = span.end.clamp(start, line_end);
    // A long line (a web page's text on one line) is shown around the span.
    let before = clip_start(&text[line_start..start], CONTEXT);
    let after = clip_end(&text[end..line_end], CONTEXT);
    let prefix = if before.len() < start - line_start {
        format!("…{before}")
    } else {
        before.to_owned()
    };
    let suffix = if after.len() < line_end - end {
        "…"
    } else {
        ""
    };
    let shown = format!("{prefix}{}{after}{suffix}", &text[start..end]);
    let width = |s: &str| -> usize {
        s.chars()
            .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
            .sum()
    };
    let lead = width(&prefix);
    let marked = width(&text[start..end]).max(1);
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    format!(
        "{pad}--> {file}:{line}:{column}\n{pad} |\n{number} | {}\n{pad} | {}{}\n",
        shown.replace('\t', "    ").trim_end(),
        " ".repeat(lead),
        "^".repeat(marked)
    )
}
