//! Criterion benches: the section 三 grammar alone and the whole parse, on
//! each seed, with byte throughput; the layers under them (normalize,
//! cells); hostile 10 MB inputs (strict and lenient), whose time per MB
//! must stay within 2× of a seed's; and the slowest glued reports we can
//! construct (`glued_worst`), which the glued reader's step budget bounds.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "../tests/common/mod.rs"]
mod common;

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy()[..3].to_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    seeds.sort();
    seeds
}

/// The text of section 三 of a report: from its heading to section 四's.
fn section_three(text: &str) -> &str {
    let start = text
        .find("三、收到和处理政府信息公开申请情况")
        .expect("section 三");
    let end = text[start..]
        .find("四、政府信息公开行政复议")
        .map_or(text.len(), |i| start + i);
    &text[start..end]
}

fn bench(c: &mut Criterion) {
    let seeds = seeds();
    let mut group = c.benchmark_group("requests_grammar");
    for (name, text) in &seeds {
        let section = section_three(text);
        group.throughput(Throughput::Bytes(section.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| xxgk::grammar::requests::parse(black_box(section)).unwrap())
        });
    }
    group.finish();

    // The layers under the grammars, alone: what the whole parse spends before it.
    let mut group = c.benchmark_group("layers");
    for (name, text) in &seeds {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("normalize/{name}"), |b| {
            b.iter(|| xxgk::normalize::normalize(black_box(text)).text().len())
        });
        let source = xxgk::normalize::normalize(text);
        group.bench_function(format!("cells/{name}"), |b| {
            b.iter(|| xxgk::cells::cells(black_box(source.text())).len())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("whole_parse");
    for (name, text) in &seeds {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| xxgk::parse(black_box(text)).unwrap())
        });
    }
    group.finish();
}

/// Ten megabytes.
const TEN_MB: usize = 10 << 20;

/// Seed 002 with one of its matrix rows repeated inside section 三 to 10 MB.
fn repeated_rows(seed: &str) -> String {
    let row = "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0\n";
    let at = seed.find("#### 四、").expect("section 四 of seed 002");
    let mut text = String::with_capacity(TEN_MB + seed.len());
    text.push_str(&seed[..at]);
    while text.len() < TEN_MB {
        text.push_str(row);
    }
    text.push_str(&seed[at..]);
    text
}

/// Seed 002 with its matrix broken at row 二 and a short row (three cells
/// of seven) repeated after it to 10 MB: every row fails, and the lenient
/// reader looks for the next row through all of it.
fn broken_rows(seed: &str) -> String {
    let row = "(一) 予以公开\t0\t0\t0\n";
    let broken = "二、上年结转政府信息公开申请数量\t\t0\t0\n";
    let at = seed
        .find("二、上年结转政府信息公开申请数量")
        .expect("row 二 of seed 002");
    let end = seed.find("#### 四、").expect("section 四 of seed 002");
    let mut text = String::with_capacity(TEN_MB + seed.len());
    text.push_str(&seed[..at]);
    text.push_str(broken);
    while text.len() < TEN_MB {
        text.push_str(row);
    }
    text.push_str(&seed[end..]);
    text
}

/// Seed 002 repeated to 10 MB with every line end made a space.
fn no_newline(seed: &str) -> String {
    let line = seed.replace(['\n', '\r'], " ");
    let mut text = String::with_capacity(TEN_MB + line.len());
    while text.len() < TEN_MB {
        text.push_str(&line);
    }
    text
}

fn hostile(c: &mut Criterion) {
    let seeds = seeds();
    let seed = &seeds.iter().find(|(n, _)| n == "002").expect("seed 002").1;
    let mut group = c.benchmark_group("hostile_10mb");
    group.sample_size(10);
    for (name, text) in [
        ("repeated_rows", repeated_rows(seed)),
        ("no_newline", no_newline(seed)),
        ("broken_rows", broken_rows(seed)),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}/strict"), |b| {
            b.iter(|| xxgk::parse(black_box(&text)).is_ok())
        });
        group.bench_function(format!("{name}/lenient"), |b| {
            b.iter(|| xxgk::parse_lenient(black_box(&text)).diagnostics.len())
        });
    }
    group.finish();
}

/// Section 二's rows (2021), whose runs a glued page prints first.
const ACTIVE_LABELS: [&str; 6] = [
    "规章",
    "行政规范性文件",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
];

/// The matrix's rows after its twenty leading ones, then 表四's last header
/// cell before its fifteen numbers.
const LATER_LABELS: [&str; 4] = [
    "（六）其他处理",
    "（七）总计",
    "四、结转下年度继续办理",
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持总计",
];

/// A glued report whose every row's run is `run(row)`.
fn glued_report(run: impl Fn(usize) -> String) -> String {
    let mut s = String::from(
        "某区人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数",
    );
    let labels = ACTIVE_LABELS
        .iter()
        .chain(&common::glued_labels::MATRIX_ROWS)
        .chain(&LATER_LABELS);
    for (i, label) in labels.enumerate() {
        s += label;
        s += &run(i);
    }
    s + "\n"
}

/// Digits that look random (a fixed linear congruential sequence).
fn noise(len: usize, seed: usize) -> String {
    let mut x = seed as u64 * 2_654_435_761 + 1;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            char::from(b'0' + (x >> 59) as u8 % 10)
        })
        .collect()
}

/// The slowest glued inputs we can construct: runs after every label that
/// the search cannot settle (it spends the report's whole budget), runs of
/// 10^5 digits, and a glued matrix repeated to 1 and 10 MB (linear).
fn glued_worst(c: &mut Criterion) {
    let mut group = c.benchmark_group("glued_worst");
    group.sample_size(10);
    let matrix = glued_report(|i| noise(24, i)).replace('\n', "");
    let repeated = |size: usize| {
        let mut text = String::with_capacity(size + matrix.len());
        while text.len() < size {
            text.push_str(&matrix);
        }
        text
    };
    for (name, text) in [
        ("every_row_40_ones", glued_report(|_| "1".repeat(40))),
        ("every_row_60_ones", glued_report(|_| "1".repeat(60))),
        ("every_row_30_noise", glued_report(|i| noise(30, i))),
        ("every_row_40_noise", glued_report(|i| noise(40, i))),
        (
            "every_row_1e5_digits",
            glued_report(|_| "1".repeat(100_000)),
        ),
        ("matrix_repeated_1mb", repeated(1 << 20)),
        ("matrix_repeated_10mb", repeated(TEN_MB)),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}/lenient"), |b| {
            b.iter(|| xxgk::parse_lenient(black_box(&text)).diagnostics.len())
        });
    }
    group.finish();
}

/// One random report read as text, as a site page and as a DOCX file: what
/// each front end costs on top of the grammars.
#[cfg(all(feature = "html", feature = "docx"))]
fn front_ends(c: &mut Criterion) {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let report = common::report().new_tree(&mut runner).unwrap().current();
    let text = common::render(&report, common::Layout::TabRows, "/");
    let page = common::html(&report, common::Style(1));
    let docx = common::docx(&report, common::Style(1));
    let mut group = c.benchmark_group("front_ends");
    for (name, bytes) in [
        ("text", text.as_bytes()),
        ("html", page.as_bytes()),
        ("docx", &docx[..]),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| xxgk::parse_bytes(black_box(bytes)).is_ok())
        });
    }
    group.finish();
}

#[cfg(not(all(feature = "html", feature = "docx")))]
fn front_ends(_: &mut Criterion) {}

criterion_group!(benches, bench, hostile, glued_worst, front_ends);
criterion_main!(benches);
