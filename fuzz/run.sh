#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), seeded with the
# crate's seed reports and layout fixtures, with the template's vocabulary
# as a dictionary (no sanitizer: the crate forbids unsafe code). Needs a nightly toolchain and `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
for target in parse_text parse_bytes check; do
    mkdir -p "corpus/$target"
    cp ../tests/fixtures/seeds/*.txt ../tests/fixtures/layouts/*.txt "corpus/$target/"
    cargo +nightly fuzz run --sanitizer none "$target" -- -max_total_time="$seconds" -dict=template.dict \
        -max_len=65536 -rss_limit_mb=2048 2>&1 | tail -n 12
done
