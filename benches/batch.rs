//! The batch bench: N reports (default 100,000; `XXGK_BENCH_REPORTS`),
//! random numbers in the seeds' three layouts, parsed to JSON lines by the
//! release `xxgk` binary on every core, end to end (directory walk, reading,
//! parsing, checking, JSON, writing), with its wall time and peak memory
//! (`/usr/bin/time`). Then the same at a tenth and a hundredth of N, to show
//! the cost per byte stays flat. One untimed run first warms the page cache
//! (the first read of freshly generated files otherwise lands on the smallest
//! batch); the sizes then take turns for five rounds and each one's fastest
//! run is reported, with the spread of the cost per byte across sizes at the
//! end.
//!
//! `cargo bench --features cli --bench batch`

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use proptest::strategy::{Strategy, ValueTree};

#[path = "../tests/common/mod.rs"]
mod common;

/// Writes `n` reports under `dir` (once: reused while the count matches).
fn generate(dir: &Path, n: usize) -> u64 {
    let stamp = dir.join(format!(".{n}"));
    if !stamp.exists() {
        let _ = std::fs::remove_dir_all(dir);
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = common::report();
        for i in 0..n {
            let report = strategy.new_tree(&mut runner).unwrap().current();
            let layout = common::LAYOUTS[i % common::LAYOUTS.len()];
            let null = common::NULL_MARKS[i % common::NULL_MARKS.len()];
            let sub = dir.join(format!("{:03}", i / 1000));
            if i % 1000 == 0 {
                std::fs::create_dir_all(&sub).unwrap();
            }
            let text = common::render(&report, layout, null);
            std::fs::write(sub.join(format!("{i:06}.txt")), text).unwrap();
        }
        std::fs::write(&stamp, b"").unwrap();
    }
    let mut bytes = 0;
    for sub in std::fs::read_dir(dir).unwrap() {
        let sub = sub.unwrap().path();
        if sub.is_dir() {
            for f in std::fs::read_dir(sub).unwrap() {
                bytes += f.unwrap().metadata().unwrap().len();
            }
        }
    }
    bytes
}

/// Runs `xxgk parse DIRS --jsonl` and returns (seconds, peak RSS in MB).
fn run(dirs: &[PathBuf]) -> (f64, f64) {
    let report = std::env::temp_dir().join(format!("xxgk-bench-time-{}", std::process::id()));
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_xxgk"))
        .args(["parse", "--jsonl"])
        .args(dirs)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("/usr/bin/time and the xxgk binary");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "xxgk failed: {status}"
    );
    let kb: f64 = std::fs::read_to_string(&report)
        .unwrap()
        .trim()
        .lines()
        .last()
        .unwrap()
        .parse()
        .unwrap();
    let _ = std::fs::remove_file(report);
    (seconds, kb / 1024.0)
}

/// Timed runs per size; the fastest is reported.
const RUNS: usize = 5;

fn main() {
    // `cargo bench` passes `--bench`; a plain `cargo test` run does nothing.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("XXGK_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-batch");
    let t = Instant::now();
    let bytes = generate(&root, n);
    eprintln!(
        "{n} reports, {:.1} MB, ready in {:.1} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let mut subs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    subs.sort();
    println!(
        "| reports | MB | wall s (best of {RUNS}) | MB/s | ns per byte | µs per report | peak RSS MB |"
    );
    println!("|---|---|---|---|---|---|---|");
    // Warm-up: reads every file once, untimed.
    run(&subs);
    // The sizes take turns, round after round, so a slow minute of the
    // machine falls on all of them rather than on one.
    let sizes: Vec<(usize, usize, f64)> = [100, 10, 1]
        .iter()
        .map(|fraction| {
            let take = (subs.len() / fraction).max(1);
            let count = (n * take / subs.len()).max(1);
            let mb = bytes as f64 / 1e6 * take as f64 / subs.len() as f64;
            (take, count, mb)
        })
        .collect();
    let mut best = vec![(f64::INFINITY, 0.0f64); sizes.len()];
    for _ in 0..RUNS {
        for (&(take, ..), best) in sizes.iter().zip(&mut best) {
            let (s, rss) = run(&subs[..take]);
            *best = (best.0.min(s), best.1.max(rss));
        }
    }
    let mut per_byte = Vec::new();
    for (&(_, count, mb), &(s, rss)) in sizes.iter().zip(&best) {
        per_byte.push(s * 1e3 / mb);
        println!(
            "| {count} | {mb:.1} | {s:.2} | {:.1} | {:.2} | {:.1} | {rss:.0} |",
            mb / s,
            s * 1e3 / mb,
            s * 1e6 / count as f64
        );
    }
    let max = per_byte.iter().copied().fold(0.0, f64::max);
    let min = per_byte.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "\nspread of the cost per byte across sizes: {:.2}×",
        max / min
    );
}
