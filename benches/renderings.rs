//! The share of cells read per layout and per phenomenon, over N generated
//! reports (default 10,000; `XXGK_RENDERINGS_N` sets it) with a fixed seed:
//! each report is rendered in every layout with random phenomena, and again
//! with one phenomenon alone (none, then each in turn), parsed leniently and
//! scored cell by cell (tests/common/render.rs). Not timed: a measurement.
//!
//! `XXGK_RENDERINGS_DUMP=dir` writes the first rendering of each failure
//! class (layout, kind, row) there, with its failures, for a reproducer.

use std::collections::BTreeMap;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

#[path = "../tests/common/mod.rs"]
mod common;

use common::Style;
use common::render::{ALL, Phenomena, Tally, render, score};

fn percent(a: usize, b: usize) -> String {
    if b == 0 {
        "-".into()
    } else {
        format!("{:.2}%", 100.0 * a as f64 / b as f64)
    }
}

fn header(first: &str) {
    println!(
        "| {first} | reports | cells | read right | unread | wrong | silent null | share read (determined) | share read (all) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
}

fn line(name: &str, reports: usize, t: &Tally) {
    println!(
        "| {name} | {reports} | {} | {} | {} | {} | {} | {} | {} |",
        t.cells,
        t.right,
        t.unread,
        t.wrong,
        t.silent,
        percent(t.right_determined, t.determined),
        percent(t.right, t.cells)
    );
}

fn main() {
    let n: usize = std::env::var("XXGK_RENDERINGS_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let dump = std::env::var("XXGK_RENDERINGS_DUMP").ok();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[17; 32]),
    );
    let strategy = common::report();
    let mut style = Style(0x5eed_0017);
    let mut by_layout: BTreeMap<usize, (usize, Tally)> = BTreeMap::new();
    let mut by_phenomenon: BTreeMap<(usize, u8), (usize, Tally)> = BTreeMap::new();
    // Failure classes: (layout, kind, row) → count, first example.
    let mut classes: BTreeMap<(&'static str, &'static str, String), (usize, String)> =
        BTreeMap::new();
    for i in 0..n {
        let r = strategy.new_tree(&mut runner).expect("a report").current();
        let alone = [0u8, 1, 2, 4, 8, 16, 32, 64][i % 8];
        for (li, &layout) in ALL.iter().enumerate() {
            let bits = style.pick(u64::from(Phenomena::EVERY) + 1) as u8;
            for (k, ph) in [Phenomena(bits), Phenomena(alone)].into_iter().enumerate() {
                let seed = Style(style.0 ^ ((i as u64) << 8) ^ li as u64);
                let rendering = render(&r, layout, ph, seed);
                let parsed = xxgk::parse_lenient(&rendering.text);
                let (t, failures) = score(&rendering, &parsed);
                let entry = if k == 0 {
                    by_layout.entry(li).or_default()
                } else {
                    by_phenomenon.entry((li, alone)).or_default()
                };
                entry.0 += 1;
                entry.1.add(&t);
                for f in &failures {
                    let row = f.place.rsplit_once('.').map_or("", |(r, _)| r).to_owned();
                    let key = (layout.name(), f.kind, row);
                    let e = classes.entry(key).or_insert_with(|| {
                        let detail: Vec<String> = failures
                            .iter()
                            .map(|f| {
                                format!(
                                    "{} {}: got {:?} truth {:?}",
                                    f.kind, f.place, f.got, f.want
                                )
                            })
                            .collect();
                        let diags: Vec<String> = parsed
                            .diagnostics
                            .iter()
                            .map(|d| format!("{:?} {}", d.code, d.message))
                            .collect();
                        (
                            0,
                            format!(
                                "layout {} phenomena {}\n{}\n-- diagnostics\n{}\n-- text\n{}",
                                layout.name(),
                                ph.names(),
                                detail.join("\n"),
                                diags.join("\n"),
                                rendering.text
                            ),
                        )
                    });
                    e.0 += 1;
                }
            }
        }
    }
    println!("Renderings of {n} generated reports, random phenomena per report and layout:\n");
    header("layout");
    let mut all = (0, Tally::default());
    for (li, (reports, t)) in &by_layout {
        line(ALL[*li].name(), *reports, t);
        all.0 += reports;
        all.1.add(t);
    }
    line("all", all.0, &all.1);
    println!("\nOne phenomenon alone (each report in turn: none, then each phenomenon):\n");
    header("layout · phenomenon");
    for ((li, bits), (reports, t)) in &by_phenomenon {
        line(
            &format!("{} · {}", ALL[*li].name(), Phenomena(*bits).names()),
            *reports,
            t,
        );
    }
    println!("\nFailure classes (layout, kind, row): cells\n");
    let mut sorted: Vec<_> = classes.iter().collect();
    sorted.sort_by_key(|(k, (c, _))| (k.1 != "wrong", k.1 != "silent null", std::cmp::Reverse(*c)));
    for (k, (count, _)) in &sorted {
        println!("{:>8}  {} · {} · {}", count, k.0, k.1, k.2);
    }
    if let Some(dir) = dump {
        std::fs::create_dir_all(&dir).expect("dump dir");
        for (i, (k, (_, example))) in sorted.iter().enumerate() {
            let name = format!(
                "{dir}/{i:03}_{}_{}.txt",
                k.0.replace([' ', '/'], "_"),
                k.1.replace(' ', "_")
            );
            std::fs::write(name, example).expect("dump");
        }
    }
}
