//! Criterion benches: the section 三 grammar alone and the whole parse, on
//! each seed, with byte throughput.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

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

    let mut group = c.benchmark_group("whole_parse");
    for (name, text) in &seeds {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| xxgk::parse(black_box(text)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
