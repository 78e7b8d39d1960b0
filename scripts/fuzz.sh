#!/usr/bin/env bash
# A libFuzzer campaign over every parser: `bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]`
# (default 60 s each, every target). Installs nightly and cargo-fuzz when missing. The
# corpus grows in fuzz/corpus/<target>; crashes land in fuzz/artifacts/<target>. Prints the
# executions per target at the end. (The ordinary test run replays the corpus with
# mutations: tests/fuzz_corpus.rs.)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
command -v rustup >/dev/null && rustup toolchain list | grep -q nightly \
  || rustup toolchain install nightly --profile minimal
cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
report=()
for t in "${targets[@]}"; do
  log=$(mktemp)
  cargo +nightly fuzz run --release "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=60 -print_final_stats=1 2>&1 | tee "$log" | tail -n 3
  report+=("$t: $(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions in ${seconds} s")
  rm -f "$log"
done
printf '%s\n' "${report[@]}"
