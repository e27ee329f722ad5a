//! The PDF front end on each PDF of `../shared/corpus` (skipped, and said
//! so, where it is absent): xxgk's rendering (`markup::pdf::to_text`) and,
//! where poppler's `pdftotext` is installed, `pdftotext -layout` on the same
//! file (a process per run, as a user would run it), in the same run.
//! Then the whole parse from the PDF's bytes.
//!
//! `cargo bench --features pdf --bench pdf`

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn pdfs() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut out = Vec::new();
    for sub in ["raw", "inputs"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "pdf") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                out.push((name, path));
            }
        }
    }
    out.sort();
    out
}

fn pdftotext() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn bench(c: &mut Criterion) {
    let files = pdfs();
    if files.is_empty() {
        eprintln!("pdf bench: skipped, ../shared/corpus has no PDF files");
        return;
    }
    let poppler = pdftotext();
    if !poppler {
        eprintln!("pdf bench: pdftotext not installed, poppler not timed");
    }
    let mut group = c.benchmark_group("pdf");
    group.sample_size(30);
    for (name, path) in &files {
        let bytes = std::fs::read(path).unwrap();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("xxgk/{name}"), |b| {
            b.iter(|| xxgk::markup::pdf::to_text(std::hint::black_box(&bytes)).unwrap())
        });
        group.bench_function(format!("xxgk_parse/{name}"), |b| {
            b.iter(|| xxgk::parse_bytes(std::hint::black_box(&bytes)))
        });
        if poppler {
            group.bench_function(format!("pdftotext_layout/{name}"), |b| {
                b.iter(|| {
                    let out = Command::new("pdftotext")
                        .arg("-layout")
                        .arg(path)
                        .arg("-")
                        .stderr(Stdio::null())
                        .output()
                        .unwrap();
                    assert!(out.status.success());
                    out.stdout
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
