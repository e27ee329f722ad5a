//! The `xxgk parse` command: the contract by which results are checked.
#![cfg(feature = "cli")]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

const SEED: &str = "tests/fixtures/seeds/001_1ada044614214e9c.txt";

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
}

#[test]
fn parse_prints_the_json_contract() {
    let out = xxgk().args(["parse", SEED]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/expected/001_1ada044614214e9c.json").unwrap(),
    )
    .unwrap();
    assert_eq!(got, want);
}

#[test]
fn parse_reads_stdin() {
    let mut child = xxgk()
        .args(["parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(SEED).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["requests"]["new_requests"]["total"], 3);
}

#[test]
fn errors_exit_2_with_the_place_on_stderr() {
    let dir = std::env::temp_dir().join(format!("xxgk-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "某县2016年政府信息公开工作年度报告\n今年没有表格。\n").unwrap();
    let out = xxgk().args(["parse"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("expected the tables of the 2019 or 2021 template"),
        "{err}"
    );
    // About the file as a whole: no position.
    assert!(!err.contains("(line"), "{err}");

    let missing = xxgk().args(["parse", "no/such/file.txt"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));

    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, [b'a', 0xff, b'b']).unwrap();
    let out = xxgk().args(["parse"]).arg(&latin1).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0xFF at byte offset 1"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

const TAB_SEED: &str = "tests/fixtures/seeds/002_2aaec12b832f2882.txt";

/// Display width as a terminal shows it: CJK and full-width characters take
/// two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[test]
fn check_a_clean_report_exits_0() {
    let out = xxgk().args(["check", TAB_SEED]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 diagnostics, 0 broken relations"), "{text}");
}

#[test]
fn check_shows_a_broken_relation_on_its_source() {
    let dir = std::env::temp_dir().join(format!("xxgk-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.txt");
    let seed = std::fs::read_to_string(TAB_SEED).unwrap();
    let row = "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0";
    assert!(seed.contains(row));
    std::fs::write(
        &broken,
        seed.replacen(row, "(一) 予以公开\t5\t0\t0\t0\t0\t0\t0", 1),
    )
    .unwrap();

    let out = xxgk().arg("check").arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("finding[row_total]"))
        .unwrap_or_else(|| panic!("{text}"));
    // `  --> file:line:col`, ` |`, `N | source`, ` | caret`.
    assert!(lines[at + 1].contains(&format!("{}:", broken.display())));
    let source = lines[at + 3].split_once(" | ").unwrap().1;
    let caret = lines[at + 4].split_once(" | ").unwrap().1;
    assert!(source.starts_with("三、本年度办理结果"), "{source}");
    // The caret stands under the row's last cell, its 总计, past the CJK label.
    assert_eq!(caret.trim_start(), "^");
    assert_eq!(width(caret) - 1, width(source) - 1);
    assert!(text.contains("= path: requests.granted.total"), "{text}");

    let out = xxgk()
        .args(["check", "--json"])
        .arg(&broken)
        .arg(TAB_SEED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let reports = json_lines(&out.stdout);
    assert_eq!(reports.len(), 2);
    let row_total = reports[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "row_total")
        .unwrap();
    assert_eq!(row_total["path"], "requests.granted");
    assert_eq!(row_total["expected"], 5);
    assert_eq!(row_total["actual"], 0);
    assert!(row_total["line"].as_u64().unwrap() > 1);
    assert_eq!(reports[1]["findings"].as_array().unwrap().len(), 0);

    let out = xxgk()
        .args(["check", "no/such/file.txt", TAB_SEED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unreadable input wins");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_reads_gb18030() {
    let dir = std::env::temp_dir().join(format!("xxgk-gbk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = std::fs::read_to_string(TAB_SEED).unwrap();
    // 规章 and the rest, in GB18030 (the seed's text is all in GBK's range).
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&seed);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8 any more");
    let file = dir.join("gbk.txt");
    std::fs::write(&file, bytes).unwrap();
    let out = xxgk().arg("parse").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["agency"], "王店镇人民政府");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `xxgk parse` reads a Word file, a site page and a PDF file by their
/// content, whatever their names, to the tables their text gives.
#[cfg(all(feature = "html", feature = "docx", feature = "pdf"))]
#[test]
fn parse_reads_docx_html_and_pdf_files() {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let report = common::report().new_tree(&mut runner).unwrap().current();
    let dir = std::env::temp_dir().join(format!("xxgk-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        (
            "report.txt",
            common::render(&report, common::Layout::TabRows, "/").into_bytes(),
        ),
        ("report.docx", common::docx(&report, common::Style(3))),
        (
            "page.htm",
            common::html(&report, common::Style(3)).into_bytes(),
        ),
        ("no-extension", common::docx(&report, common::Style(4))),
        ("report.pdf", common::pdf::pdf(&report, common::Style(5))),
        (
            "pdf-without-extension",
            common::pdf::pdf(&report, common::Style(6)),
        ),
    ];
    let mut tables = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = xxgk().arg("parse").arg(&path).output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let keys = [
            "edition",
            "title",
            "agency",
            "year",
            "active_disclosure",
            "requests",
            "reviews",
        ];
        tables.push(keys.map(|k| json[k].clone()));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(tables.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(tables[0][3], serde_json::json!(report.year));
}

/// A directory of reports: the seeds, a copy in a subdirectory, a file that
/// is not a report, and a file of another extension (not searched).
fn batch_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("xxgk-batch-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    for e in std::fs::read_dir("tests/fixtures/seeds").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(SEED, dir.join("sub/a.txt")).unwrap();
    std::fs::write(dir.join("sub/b.txt"), "不是年度报告").unwrap();
    std::fs::write(dir.join("sub/c.json"), "{}").unwrap();
    dir
}

/// The objects of JSON-lines output (`parse --jsonl`, `check --json`).
fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// CSV fields of a line, quotes honoured.
fn csv_fields(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn batch_jsonl_keeps_file_order_and_every_result() {
    let dir = batch_dir("jsonl");
    let out = xxgk()
        .args(["parse", "--jsonl", "-j", "2"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one file fails");
    let lines = json_lines(&out.stdout);
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(
        lines.len(),
        5 + 2,
        "seeds, a.txt, b.txt; c.json not searched"
    );
    let bad = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("/b.txt"))
        .unwrap();
    assert_eq!(bad["error"]["code"], "unsupported_template");
    assert!(lines.iter().filter(|l| l.get("report").is_some()).count() == 6);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("7 files: 6 clean, 0 partial, 1 failed (1 unsupported_template)"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn batch_order_and_summary_hold_across_many_chunks() {
    // More files than the writer holds at once (several of its chunks),
    // with a bad file every 97th: every file keeps its place and its result.
    let dir = std::env::temp_dir().join(format!("xxgk-batch-many-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let seed = std::fs::read(SEED).unwrap();
    let n = 700;
    for i in 0..n {
        let text: &[u8] = if i % 97 == 5 {
            "不是年度报告".as_bytes()
        } else {
            &seed
        };
        std::fs::write(dir.join(format!("{i:04}.txt")), text).unwrap();
    }
    let out = xxgk()
        .args(["parse", "--jsonl", "-j", "2"])
        .arg(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), n);
    for (i, line) in lines.iter().enumerate() {
        let path = line["path"].as_str().unwrap();
        assert!(path.ends_with(&format!("{i:04}.txt")), "{i}: {path}");
        assert_eq!(line.get("error").is_some(), i % 97 == 5, "{path}");
    }
    let bad = (0..n).filter(|i| i % 97 == 5).count();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{n} files: {} clean, 0 partial, {bad} failed ({bad} unsupported_template)",
            n - bad
        )),
        "{stderr}"
    );
}

#[test]
fn batch_csv_long_and_wide_agree_with_the_json() {
    let dir = batch_dir("csv");
    let json = xxgk()
        .arg("parse")
        .arg(dir.join("sub/a.txt"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();

    let long = xxgk().args(["parse", "--csv"]).arg(&dir).output().unwrap();
    let long = String::from_utf8(long.stdout).unwrap();
    let mut lines = long.lines();
    assert_eq!(
        lines.next(),
        Some("file,agency,year,edition,table,row,column,value,status")
    );
    let mut cells = 0;
    for line in lines.filter(|l| l.contains("sub/a.txt")) {
        let f = csv_fields(line);
        assert_eq!(f.len(), 9, "{line}");
        let mut want = &report[&f[4]];
        for k in f[5].split('.').chain([f[6].as_str()]) {
            want = &want[k];
        }
        let want = if want.is_null() {
            String::new()
        } else {
            want.to_string()
        };
        assert_eq!(f[7], want, "{line}");
        let status = if f[7].is_empty() { "blank" } else { "value" };
        assert_eq!(f[8], status, "{line}");
        cells += 1;
    }
    assert_eq!(
        cells, 200,
        "every cell of a 2021 report with （六） itemized"
    );

    let wide = xxgk()
        .args(["parse", "--wide-csv"])
        .arg(&dir)
        .output()
        .unwrap();
    let wide = String::from_utf8(wide.stdout).unwrap();
    let rows: Vec<Vec<String>> = wide.lines().map(csv_fields).collect();
    assert_eq!(rows.len(), 1 + 7);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    let col = rows[0]
        .iter()
        .position(|h| h == "requests.new_requests.total")
        .unwrap();
    let a = rows.iter().find(|r| r[0].ends_with("sub/a.txt")).unwrap();
    assert_eq!(
        a[col],
        report["requests"]["new_requests"]["total"].to_string()
    );
    let b = rows.iter().find(|r| r[0].ends_with("/b.txt")).unwrap();
    assert!(b[4].contains("expected"), "the error column: {b:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sum_adds_one_edition_and_keeps_nulls_unknown() {
    let dir = std::env::temp_dir().join(format!("xxgk-sum-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(dir.join("a.txt"), &text).unwrap();
    std::fs::write(dir.join("b.txt"), &text).unwrap();
    let out = xxgk().arg("sum").arg(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sum: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sum["reports"], 2);
    assert_eq!(sum["report"]["requests"]["new_requests"]["total"], 6);
    assert_eq!(sum["unknown"].as_array().unwrap().len(), 0);

    // Blank 总计 of the first row in one report: unknown in the sum.
    let one = xxgk().arg("parse").arg(dir.join("a.txt")).output().unwrap();
    let mut report: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(report["reviews"]["administrative_review"]["total"], 0);
    report["reviews"]["administrative_review"]["total"] = serde_json::Value::Null;
    let blanked: xxgk::Report = serde_json::from_value(report).unwrap();
    let summed = xxgk::aggregate::sum(&[blanked, text.parse().unwrap()]).unwrap();
    assert_eq!(summed.report.reviews.administrative_review.total, None);
    assert_eq!(summed.unknown.len(), 1);

    // Another edition is refused.
    std::fs::copy(
        "tests/fixtures/seeds/003_dfa9267d7cc7c60b.txt",
        dir.join("c.txt"),
    )
    .unwrap();
    let out = xxgk().arg("sum").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2019 edition"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A fresh scratch directory of its own for a test.
fn scratch(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("xxgk-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The `path` of every line of `parse --jsonl`, relative to `dir`.
fn jsonl_paths(stdout: &[u8], dir: &std::path::Path) -> Vec<String> {
    json_lines(stdout)
        .iter()
        .map(|l| {
            let p = l["path"].as_str().unwrap();
            let rel = std::path::Path::new(p).strip_prefix(dir).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect()
}

/// `root/d/{a.txt, sub/b.txt, sub/loop -> .., ext -> ../ext}` and
/// `root/ext/c.txt`: a loop of links, and a link to a directory outside.
#[cfg(unix)]
fn linked_tree(tag: &str) -> std::path::PathBuf {
    use std::os::unix::fs::symlink;
    let root = scratch(tag);
    let d = root.join("d");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::create_dir_all(root.join("ext")).unwrap();
    std::fs::copy(SEED, d.join("a.txt")).unwrap();
    std::fs::copy(SEED, d.join("sub/b.txt")).unwrap();
    std::fs::copy(SEED, root.join("ext/c.txt")).unwrap();
    symlink("..", d.join("sub/loop")).unwrap();
    symlink("../ext", d.join("ext")).unwrap();
    root
}

#[cfg(unix)]
#[test]
fn walks_enter_links_to_directories_only_with_follow_and_never_loop() {
    let root = linked_tree("links");
    let d = root.join("d");
    // Without --follow: neither the loop nor the outside directory.
    let out = xxgk().args(["parse", "--jsonl"]).arg(&d).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(jsonl_paths(&out.stdout, &d), ["a.txt", "sub/b.txt"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 links to directories not followed (--follow follows them)"),
        "{stderr}"
    );
    // With it: the outside directory once, the loop not again.
    let out = xxgk()
        .args(["parse", "--jsonl", "--follow"])
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        jsonl_paths(&out.stdout, &d),
        ["a.txt", "ext/c.txt", "sub/b.txt"]
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("not followed"));

    // `sum` and `check` walk the same way.
    for (follow, n) in [(false, 2), (true, 3)] {
        let mut sum = xxgk();
        sum.arg("sum").arg(&d);
        let mut check = xxgk();
        check.arg("check").arg(&d);
        if follow {
            sum.arg("--follow");
            check.arg("--follow");
        }
        let out = sum.output().unwrap();
        let summed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summed["reports"], n, "follow: {follow}");
        let out = check.output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            text.matches("0 diagnostics, 0 broken relations").count(),
            n,
            "{text}"
        );
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_file_reached_twice_is_read_once() {
    let root = scratch("twice");
    let d = root.join("d");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::copy(SEED, d.join("a.txt")).unwrap();
    std::fs::copy(TAB_SEED, d.join("b.txt")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("a.txt", d.join("link1.txt")).unwrap();
        symlink(d.join("a.txt"), d.join("link2.txt")).unwrap();
        std::fs::hard_link(d.join("b.txt"), d.join("c-hard.txt")).unwrap();
    }
    // Named twice, by name and in its directory, and (on unix) through two
    // links and a second name.
    let out = xxgk()
        .args(["parse", "--jsonl"])
        .arg(d.join("b.txt"))
        .arg(&d)
        .arg(d.join("a.txt"))
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(jsonl_paths(&out.stdout, &d), ["b.txt", "a.txt"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("xxgk: 2 files: 2 clean"), "{stderr}");

    let out = xxgk()
        .arg("sum")
        .arg(&d)
        .arg(d.join("a.txt"))
        .output()
        .unwrap();
    let summed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summed["reports"], 2);
    let out = xxgk()
        .arg("check")
        .arg(d.join("a.txt"))
        .arg(&d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches(" diagnostics, ").count(), 2, "{text}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_extensions_searched_are_those_help_and_readme_list() {
    let help = xxgk().args(["parse", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let (_, after) = help.split_once("searched for ").unwrap();
    let (list, _) = after.split_once(" files").unwrap();
    let readme = std::fs::read_to_string("README.md").unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        readme.contains(&format!("searched for {list} files")),
        "README does not list {list}"
    );
    let listed: Vec<&str> = list
        .split([',', ' '])
        .filter(|w| w.starts_with('.'))
        .collect();
    assert!(listed.len() >= 5, "{list}");
    let dir = scratch("extensions");
    let seed = std::fs::read(SEED).unwrap();
    for ext in listed.iter().chain(&[".pdf", ".json", ".doc"]) {
        std::fs::write(dir.join(format!("r{ext}")), &seed).unwrap();
    }
    let out = xxgk()
        .args(["parse", "--jsonl"])
        .arg(&dir)
        .output()
        .unwrap();
    let mut read: Vec<String> = jsonl_paths(&out.stdout, &dir)
        .into_iter()
        .map(|p| p.trim_start_matches('r').to_owned())
        .collect();
    read.sort();
    let mut want: Vec<&str> = listed.clone();
    want.sort();
    assert_eq!(read, want);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn jsonl_lines_read_back_as_records_byte_for_byte() {
    let dir = batch_dir("records");
    std::fs::write(dir.join("docx.docx"), b"PK\x03\x04 not really").unwrap();
    let out = xxgk()
        .args(["parse", "--jsonl"])
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut kinds = (0, 0);
    for line in text.lines() {
        let record: xxgk::batch::Record = serde_json::from_str(line).unwrap();
        assert_eq!(serde_json::to_string(&record).unwrap(), line);
        match (&record.report, &record.error) {
            (Some(_), None) => kinds.0 += 1,
            (None, Some(_)) => kinds.1 += 1,
            _ => panic!("{line}"),
        }
    }
    assert_eq!(kinds, (6, 2), "reports and errors");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sum_output_reads_back_as_the_library_sum() {
    let dir = scratch("sum-back");
    let text = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(dir.join("a.txt"), &text).unwrap();
    let blanked = text.replacen("\t3\t", "\t\t", 1);
    std::fs::write(dir.join("b.txt"), &blanked).unwrap();
    let out = xxgk().arg("sum").arg(&dir).output().unwrap();
    let sum: xxgk::aggregate::Sum = serde_json::from_slice(&out.stdout).unwrap();
    let reports: Vec<xxgk::Report> = [&text, &blanked]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    assert_eq!(sum, xxgk::aggregate::sum(&reports).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sum_keeps_one_edition_with_edition_and_names_it_when_mixed() {
    let dir = scratch("editions");
    std::fs::copy(SEED, dir.join("a.txt")).unwrap();
    std::fs::copy(TAB_SEED, dir.join("b.txt")).unwrap();
    std::fs::copy(
        "tests/fixtures/seeds/003_dfa9267d7cc7c60b.txt",
        dir.join("c.txt"),
    )
    .unwrap();
    let out = xxgk().arg("sum").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("c.txt follows the 2019 edition")
            && stderr.contains("a.txt the 2021 edition")
            && stderr.contains("--edition 2021 or --edition 2019"),
        "{stderr}"
    );

    let out = xxgk()
        .args(["sum", "--edition", "2021"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "skipping is no error");
    let summed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summed["reports"], 2);
    assert_eq!(summed["report"]["edition"], "2021");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("c.txt: the 2019 edition (skipped: --edition 2021)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("added 2 reports; 1 skipped (not the 2021 edition)"),
        "{stderr}"
    );

    let out = xxgk()
        .args(["sum", "--edition", "2019"])
        .arg(&dir)
        .output()
        .unwrap();
    let summed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summed["reports"], 1);
    assert_eq!(
        summed["files"][0].as_str().unwrap(),
        dir.join("c.txt").to_str().unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn too_many_jobs_are_capped_with_a_note() {
    let out = xxgk()
        .args(["parse", "--jsonl", "-j", "1000000000", SEED, TAB_SEED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_lines(&out.stdout).len(), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("xxgk: -j 1000000000 is more than four threads per core"),
        "{stderr}"
    );
    let out = xxgk().args(["sum", "-j", "0", SEED]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "0: one per core");
}

#[test]
fn batch_errors_name_the_file_once() {
    let out = xxgk()
        .args(["parse", "--jsonl", SEED, "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("no/such/file.txt").count(), 1, "{stderr}");
    assert!(
        stderr.contains("xxgk: no/such/file.txt: No such file or directory"),
        "{stderr}"
    );
    let line = &json_lines(&out.stdout)[1];
    assert_eq!(line["error"]["code"], "io");
    assert!(
        !line["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no/such")
    );
}

#[test]
fn check_of_a_file_with_no_table_prints_its_error_alone() {
    let dir = scratch("check-none");
    let file = dir.join("notes.txt");
    std::fs::write(
        &file,
        "某县2016年政府信息公开工作年度报告\n今年没有表格。\n",
    )
    .unwrap();
    let out = xxgk().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("error[unsupported_template]"), "{text}");
    assert!(!text.contains("note["), "{text}");
    assert!(
        text.ends_with(
            "notes.txt: 1 diagnostics; no cell of the tables read, no relation assessed\n"
        ),
        "{text}"
    );
    assert!(text.lines().count() < 10, "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs `xxgk ARGS` with a stdout whose reader is gone (as when `head`
/// has read its lines): every write fails with a broken pipe.
fn with_stdout_closed(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut child = xxgk()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_does_not_hide_what_check_finds() {
    let dir = scratch("check-pipe");
    let seed = std::fs::read_to_string(TAB_SEED).unwrap();
    let row = "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0";
    let broken = dir.join("z-broken.txt");
    std::fs::write(
        &broken,
        seed.replacen(row, "(一) 予以公开\t5\t0\t0\t0\t0\t0\t0", 1),
    )
    .unwrap();
    for json in [false, true] {
        let mut args = vec![std::ffi::OsStr::new("check")];
        if json {
            args.push("--json".as_ref());
        }
        args.extend([TAB_SEED.as_ref(), broken.as_os_str()]);
        let out = with_stdout_closed(&args);
        assert_eq!(out.status.code(), Some(1), "json: {json}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_stdout_does_not_hide_a_failed_file_of_a_batch() {
    let dir = batch_dir("parse-pipe");
    std::fs::write(dir.join("0-bad.txt"), "不是年度报告").unwrap();
    let out = with_stdout_closed(&["parse".as_ref(), "--jsonl".as_ref(), dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("0-bad.txt"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The row of [`TAB_SEED`] damaged to make a partial report: three numbers
/// where seven stand, so that the row (一) 予以公开 cannot be read.
const GRANTED: &str = "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0";

/// The seven cells of the damaged row, as `unread` lists them.
fn granted_cells() -> Vec<String> {
    [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_services",
        "other_entity",
        "total",
    ]
    .iter()
    .map(|c| format!("requests.granted.{c}"))
    .collect()
}

/// A directory holding `clean.txt` (a seed), `partial.txt` (the same seed
/// with one row damaged) and `none.txt` (no table at all).
fn partial_dir(tag: &str) -> std::path::PathBuf {
    let dir = scratch(tag);
    let seed = std::fs::read_to_string(TAB_SEED).unwrap();
    assert!(seed.contains(GRANTED));
    std::fs::write(dir.join("clean.txt"), &seed).unwrap();
    std::fs::write(
        dir.join("partial.txt"),
        seed.replacen(GRANTED, "(一) 予以公开\t0\t0\t0", 1),
    )
    .unwrap();
    std::fs::write(
        dir.join("none.txt"),
        "某县2016年政府信息公开工作年度报告\n今年没有表格。\n",
    )
    .unwrap();
    dir
}

#[test]
fn parse_exits_0_clean_1_partial_2_nothing_read() {
    let dir = partial_dir("exit");
    let clean = xxgk()
        .arg("parse")
        .arg(dir.join("clean.txt"))
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert!(
        clean.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert!(
        report.get("unread").is_none(),
        "absent when every cell was read"
    );

    // Partial: every cell read is printed, the others listed in `unread`,
    // and the diagnostic is on stderr, one line, with its place.
    let partial = dir.join("partial.txt");
    let out = xxgk().arg("parse").arg(&partial).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["unread"], serde_json::json!(granted_cells()));
    assert!(report["requests"]["granted"]["total"].is_null());
    assert_eq!(report["requests"]["new_requests"]["total"], 0);
    assert_eq!(report["year"], 2023);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "{}:44:20: error[cell_count]: section 三, row (一)予以公开: expected 7 numbers, \
             found 3 and 1 blank cells\n",
            partial.display()
        )
    );
    // The same from stdin, named so.
    let mut child = xxgk()
        .args(["parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(&partial).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let from_stdin: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(from_stdin, report);
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("stdin:44:20: error[cell_count]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // --strict: all or nothing.
    let out = xxgk()
        .args(["parse", "--strict"])
        .arg(&partial)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected 7 numbers"));
    let out = xxgk()
        .args(["parse", "--strict"])
        .arg(dir.join("clean.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let strict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        strict,
        serde_json::from_slice::<serde_json::Value>(&clean.stdout).unwrap()
    );

    // Nothing of the tables read: nothing on stdout.
    let none = dir.join("none.txt");
    let out = xxgk().arg("parse").arg(&none).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with(&format!(
            "{}: error[unsupported_template]: ",
            none.display()
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn jsonl_carries_a_partial_report_with_its_diagnostics() {
    let dir = partial_dir("jsonl-partial");
    let out = xxgk()
        .args(["parse", "--jsonl"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    let records: Vec<xxgk::batch::Record> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (line, record) in lines.iter().zip(&records) {
        assert_eq!(&serde_json::to_string(record).unwrap(), line);
        assert!(
            line.contains(r#""diagnostics":["#),
            "always present: {line}"
        );
    }
    // clean.txt, none.txt, partial.txt: in file order.
    let [clean, none, partial] = &records[..] else {
        panic!("{text}")
    };
    assert!(clean.diagnostics.is_empty() && clean.report.is_some());
    assert!(clean.report.as_ref().unwrap().unread.is_empty());
    let report = partial
        .report
        .as_ref()
        .expect("a partial report is printed");
    assert_eq!(report.unread, granted_cells());
    assert_eq!(report.requests.granted.total, None);
    assert_eq!(report.requests.new_requests.total, Some(0));
    let d = &partial.diagnostics[..];
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, xxgk::Code::CellCount);
    assert_eq!(d[0].severity, xxgk::Severity::Error);
    assert_eq!(d[0].path.as_deref(), Some("requests.granted"));
    assert_eq!((d[0].line, d[0].column), (Some(44), Some(20)));
    assert!(partial.findings.is_some() && partial.error.is_none());
    assert!(none.report.is_none());
    assert_eq!(
        none.error.as_ref().map(|e| e.code),
        Some(xxgk::Code::UnsupportedTemplate)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "xxgk: 3 files: 1 clean, 1 partial, 1 failed (1 unsupported_template); \
             diagnostics: 1 cell_count, 1 unsupported_template;"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("partial.txt:44:20: error[cell_count]"),
        "{stderr}"
    );

    // A batch of clean reports exits 0, one with a partial report 1.
    let out = xxgk()
        .args(["parse", "--jsonl"])
        .arg(dir.join("clean.txt"))
        .arg(TAB_SEED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = xxgk()
        .args(["parse", "--jsonl"])
        .arg(dir.join("clean.txt"))
        .arg(dir.join("partial.txt"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a partial report is not a success"
    );

    // --strict: the partial report is a failed file.
    let out = xxgk()
        .args(["parse", "--jsonl", "--strict"])
        .arg(dir.join("clean.txt"))
        .arg(dir.join("partial.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    assert!(lines[1].get("report").is_none());
    assert_eq!(lines[1]["error"]["code"], "cell_count");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("2 files: 1 clean, 0 partial, 1 failed (1 cell_count)"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn csv_says_which_cells_are_unread() {
    let dir = partial_dir("csv-partial");
    let out = xxgk().args(["parse", "--csv"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut statuses = std::collections::BTreeMap::<(bool, String), usize>::new();
    for line in text.lines().skip(1) {
        let f = csv_fields(line);
        assert_eq!(f.len(), 9, "{line}");
        let path = format!("{}.{}.{}", f[4], f[5], f[6]);
        let partial = f[0].ends_with("partial.txt");
        let want = if partial && granted_cells().contains(&path) {
            "unread"
        } else if f[7].is_empty() {
            "blank"
        } else {
            "value"
        };
        assert_eq!(f[8], want, "{line}");
        if f[8] == "unread" {
            assert_eq!(f[7], "", "an unread cell is never 0: {line}");
        }
        *statuses.entry((partial, f[8].clone())).or_default() += 1;
    }
    assert_eq!(statuses.get(&(true, "unread".to_owned())), Some(&7));
    assert_eq!(statuses.get(&(false, "unread".to_owned())), None);

    let out = xxgk()
        .args(["parse", "--wide-csv"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<String>> = text.lines().map(csv_fields).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    assert_eq!(rows[0][4..6], ["error", "unread"]);
    let total = rows[0]
        .iter()
        .position(|h| h == "requests.granted.total")
        .unwrap();
    let row = |name: &str| rows.iter().find(|r| r[0].ends_with(name)).unwrap();
    let partial = row("partial.txt");
    assert_eq!(partial[4], "");
    assert_eq!(partial[5], granted_cells().join(";"));
    assert_eq!(partial[total], "");
    let clean = row("clean.txt");
    assert_eq!((clean[5].as_str(), clean[total].as_str()), ("", "0"));
    let none = row("none.txt");
    assert!(none[4].contains("expected the tables"), "{none:?}");
    assert_eq!(none[5], "");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sum_keeps_a_partial_reports_unread_cells_unknown() {
    let dir = partial_dir("sum-partial");
    std::fs::remove_file(dir.join("none.txt")).unwrap();
    let out = xxgk().arg("sum").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "cells unknown");
    let sum: xxgk::aggregate::Sum = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sum.reports, 2, "the partial report is added");
    assert_eq!(sum.report.requests.granted.total, None, "never 0");
    assert_eq!(sum.report.requests.partially_granted.total, Some(0));
    let unknown: Vec<String> = sum.unknown.iter().map(|u| u.place.to_string()).collect();
    assert_eq!(unknown, granted_cells());
    // clean.txt is report 0, partial.txt report 1.
    assert!(
        sum.unknown
            .iter()
            .all(|u| u.missing_in == [1] && !u.overflow)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("partial.txt: partial: 7 cells unread (unknown in the sum)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "requests.granted.total unknown: null in {} (unread)",
            dir.join("partial.txt").display()
        )),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_stdout_keeps_a_partial_reports_status_and_diagnostics() {
    let dir = partial_dir("partial-pipe");
    let partial = dir.join("partial.txt");
    let out = with_stdout_closed(&["parse".as_ref(), partial.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[cell_count]"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for format in ["--jsonl", "--csv", "--wide-csv"] {
        let out = with_stdout_closed(&["parse".as_ref(), format.as_ref(), partial.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
