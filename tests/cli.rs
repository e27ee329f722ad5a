//! The `xxgk parse` command: the contract by which results are checked.
#![cfg(feature = "cli")]

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
    assert!(err.contains("(line 1, column 1)"), "{err}");

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
