//! Accuracy on the real reports of `../shared/corpus`: every case of
//! `cases.tsv` is parsed and every cell compared with its hand-checked
//! truth. Where that folder is absent the test passes, and says so on the
//! terminal (`corpus: skipped, …`), not in the captured output that
//! `cargo test` shows only with `--nocapture`; so does the one-line total
//! where it is present. The table of cases is printed (captured) as before.
//!
//! Fails when a case expected `exact` is not, except where its expectation
//! names a capability still to come, and on any wrong number anywhere: a
//! number that differs from the truth, or (lenient) a table cell left null
//! but not listed in `unread` where the truth has a number.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Expectations that name a capability not compiled in: reported, not
/// required.
const LATER: &[&str] = match (cfg!(feature = "html"), cfg!(feature = "pdf")) {
    (true, true) => &[],
    (true, false) => &["PDF front end"],
    (false, true) => &["HTML front end"],
    (false, false) => &["HTML front end", "PDF front end"],
};

/// Glued digit runs that several splits satisfy (section 二 has no relation
/// between its columns) cannot be read exactly without a guess: such a case
/// must end in that ambiguity, named, and read every other cell leniently.
const AMBIGUOUS: &str = "ambiguous split";

struct Outcome {
    case: String,
    expectation: String,
    right: usize,
    total: usize,
    /// Number cells that differ from the truth (a number where the truth has
    /// another or none, or none where it has one).
    wrong: Vec<String>,
    /// Other cells that differ (edition, agency).
    other: Vec<String>,
    /// Relations the report breaks (what `xxgk::check` finds).
    findings: Vec<String>,
    error: Option<String>,
    /// Lenient parse: cells right, and numbers it read that the truth does
    /// not have (a null it leaves is unread, not wrong).
    lenient_right: usize,
    lenient_wrong: Vec<String>,
    lenient_diagnostics: usize,
}

/// Writes a line to the terminal, past the test harness's capture: libtest
/// captures what `println!` and `eprintln!` print, not what is written to
/// the standard error stream directly.
fn tell(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Every leaf of the truth, with its path.
fn leaves(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                leaves(v, format!("{path}.{k}"), out);
            }
        }
        _ => out.push((path, v.clone())),
    }
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').skip(1).try_fold(v, |v, k| v.get(k))
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn run_case(dir: &Path, input: &str, truth: &str, expectation: &str) -> Outcome {
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("truth/{truth}.json"))).unwrap(),
    )
    .unwrap();
    let mut cells = Vec::new();
    leaves(&truth, String::new(), &mut cells);
    let mut outcome = Outcome {
        case: input.to_owned(),
        expectation: expectation.to_owned(),
        right: 0,
        total: cells.len(),
        wrong: Vec::new(),
        other: Vec::new(),
        findings: Vec::new(),
        error: None,
        lenient_right: 0,
        lenient_wrong: Vec::new(),
        lenient_diagnostics: 0,
    };
    let bytes = std::fs::read(dir.join(input)).unwrap();
    let document = match xxgk::Document::read(&bytes) {
        Ok(d) => d,
        Err(e) => {
            outcome.error = Some(format!("{}: {e}", e.kind()));
            return outcome;
        }
    };
    let text = document.text();
    let lenient = xxgk::parse_lenient(text);
    outcome.lenient_diagnostics = lenient.diagnostics.len();
    let read = serde_json::to_value(&lenient.report).unwrap();
    for (path, want) in &cells {
        let have = lookup(&read, path).cloned().unwrap_or(Value::Null);
        if same(&have, want) {
            outcome.lenient_right += 1;
        } else if have.is_number() {
            outcome
                .lenient_wrong
                .push(format!("lenient {path}: {have} (truth {want})"));
        } else if want.is_number()
            && ["active_disclosure", "requests", "reviews"]
                .iter()
                .any(|t| path[1..].starts_with(t))
            && !lenient.report.unread.iter().any(|u| *u == path[1..])
        {
            // A table cell null and not listed unread claims the report
            // leaves it blank: a wrong value.
            outcome.lenient_wrong.push(format!(
                "lenient {path}: null, not listed unread (truth {want})"
            ));
        }
    }
    let strict = xxgk::parse(text);
    assert_eq!(
        lenient.is_clean(),
        strict.is_ok(),
        "{input}: lenient clean iff strict succeeds"
    );
    if let Ok(r) = &strict {
        assert_eq!(
            r, &lenient.report,
            "{input}: a clean lenient parse is the strict one"
        );
    }
    let got = match strict {
        Ok(r) => {
            outcome.findings = xxgk::check(&r)
                .into_iter()
                .filter(|f| f.status == xxgk::Status::Broken)
                .map(|f| f.message_en)
                .collect();
            serde_json::to_value(&r).unwrap()
        }
        Err(e) => {
            outcome.error = Some(format!("{}: {e}", e.kind()));
            return outcome;
        }
    };
    for (path, want) in cells {
        let have = lookup(&got, &path).cloned().unwrap_or(Value::Null);
        if same(&have, &want) {
            outcome.right += 1;
        } else if want.is_number() || have.is_number() {
            outcome.wrong.push(format!("{path}: {have} (truth {want})"));
        } else {
            outcome.other.push(format!("{path}: {have} (truth {want})"));
        }
    }
    outcome
}

#[test]
fn corpus_accuracy() {
    let dir = corpus_dir();
    let Ok(cases) = std::fs::read_to_string(dir.join("cases.tsv")) else {
        tell(&format!(
            "corpus: skipped, {} is absent: no accuracy measured",
            dir.display()
        ));
        return;
    };
    let outcomes: Vec<Outcome> = cases
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            run_case(&dir, f[0], f[1], f[3])
        })
        .collect();

    println!(
        "{:<32} {:>9} {:>6} {:>9} {:>5}  error / wrong cells",
        "case", "right", "wrong", "lenient", "diag"
    );
    let mut failures = Vec::new();
    for o in &outcomes {
        println!(
            "{:<32} {:>4}/{:<4} {:>6} {:>4}/{:<4} {:>5}  {}",
            o.case.trim_start_matches("inputs/"),
            o.right,
            o.total,
            o.wrong.len(),
            o.lenient_right,
            o.total,
            o.lenient_diagnostics,
            o.error.as_deref().unwrap_or("")
        );
        for w in o.wrong.iter().chain(&o.other).chain(&o.lenient_wrong) {
            println!("    {w}");
        }
        for f in &o.findings {
            println!("    finding: {f}");
        }
        let later = LATER.iter().any(|l| o.expectation.contains(l))
            || (o.expectation.contains("glued digits")
                && o.error.as_deref().is_some_and(|e| e.contains(AMBIGUOUS)));
        let exact = (o.expectation.starts_with("exact") || o.expectation.contains(": exact"))
            && !o.expectation.contains("or a clear error");
        // Every number right, the title and agency maybe not (a page
        // printed to PDF may lack them).
        let numbers = o.expectation.contains("every number exact");
        if !o.wrong.is_empty() || !o.lenient_wrong.is_empty() {
            failures.push(format!(
                "{}: {} wrong numbers, {} in lenient mode",
                o.case,
                o.wrong.len(),
                o.lenient_wrong.len()
            ));
        } else if exact && !later && o.right != o.total {
            failures.push(format!(
                "{}: expected exact, {}/{} right",
                o.case, o.right, o.total
            ));
        } else if numbers && !later && (o.error.is_some() || o.right + o.other.len() != o.total) {
            failures.push(format!(
                "{}: expected every number exact, {}/{} right ({})",
                o.case,
                o.right,
                o.total,
                o.error.as_deref().unwrap_or("numbers differ")
            ));
        }
    }
    let (right, total): (usize, usize) = outcomes
        .iter()
        .fold((0, 0), |(r, t), o| (r + o.right, t + o.total));
    let lenient: usize = outcomes.iter().map(|o| o.lenient_right).sum();
    println!("all cases: {right}/{total} cells right; lenient: {lenient}/{total}");
    tell(&format!(
        "corpus: {} cases, {right}/{total} cells right, lenient {lenient}/{total} \
         (the table: cargo test --test corpus -- --nocapture)",
        outcomes.len()
    ));
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
}
