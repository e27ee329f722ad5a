#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another.
#
# Seeds: the crate's seed reports and layout fixtures, every input of
# ../../shared/corpus where present (text, markdown, HTML, PDF), and DOCX
# files built from the seeds (seed_docx.py); the template's vocabulary is the
# dictionary. Hangs are findings: an input that runs past TIMEOUT seconds
# (default 2) is saved as a crash. Inputs may grow to MAX_LEN bytes (default
# 1 MiB), well past the seeds' size. No sanitizer: the crate forbids unsafe
# code. Needs the nightly toolchain and `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
timeout=${TIMEOUT:-2}
max_len=${MAX_LEN:-1048576}
targets=${TARGETS:-"parse_text parse_bytes check glued parse_pdf"}
corpus=../../shared/corpus/inputs
for target in $targets; do
    mkdir -p "corpus/$target"
    if [ "$target" = parse_pdf ]; then
        # The corpus PDFs, and PDFs the tests' writer builds (XXGK_PDF_SEEDS).
        if [ -d "$corpus" ]; then
            cp "$corpus"/*.pdf ../../shared/corpus/raw/*.pdf "corpus/$target/" 2>/dev/null || true
        fi
        (cd .. && XXGK_PDF_SEEDS="$PWD/fuzz/corpus/$target" cargo test --features pdf --test pdf write_seeds -- --ignored >/dev/null 2>&1) || true
    elif [ "$target" != glued ]; then
        cp ../tests/fixtures/seeds/*.txt ../tests/fixtures/layouts/* "corpus/$target/"
        if [ -d "$corpus" ]; then
            cp "$corpus"/* "corpus/$target/"
        fi
        if [ "$target" = parse_bytes ]; then
            python3 seed_docx.py "corpus/$target" ../tests/fixtures/seeds/*.txt
        fi
    fi
    # The whole log is kept (artifacts/TARGET.log): a finding's message and
    # the input that caused it are printed from it.
    mkdir -p artifacts
    status=0
    cargo +nightly fuzz run --sanitizer none "$target" -- \
        -max_total_time="$seconds" -timeout="$timeout" -max_len="$max_len" \
        -len_control=100 -dict=template.dict -rss_limit_mb=2048 \
        -print_final_stats=1 >"artifacts/$target.log" 2>&1 || status=$?
    echo "== $target (exit $status)"
    grep -E "panicked|^thread|ERROR|SUMMARY|Test unit written|^Done|stat::" "artifacts/$target.log" || true
done
