#!/usr/bin/env bash
# The test suite, in two tiers:
#
#   bash scripts/test.sh quick   formatting, lints, and every unit, integration and doc test
#                                of the libraries' default features (Groth16, CPU). Installs
#                                nothing (no apt, npm or nightly): tests that need the Node.js
#                                tools skip with a message. About ten minutes from cold.
#   bash scripts/test.sh         the full run, which CI calls (.ci/run): installs what the
#                                tests need, runs the quick tier, then every crate with every
#                                back-end (Halo2, the GPU on llvmpipe unless a GPU is present),
#                                the docs, the C FFI under valgrind, and the WASM package in
#                                Node.js and headless Chromium.
#
# Tests build in release (crypto code is too slow unoptimised), without cross-crate LTO:
# a test build gains nothing from it. Each step's time is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

tier=${1:-full}
case $tier in
  quick | full) ;;
  *)
    echo "usage: bash scripts/test.sh [quick|full]" >&2
    exit 2
    ;;
esac
export CARGO_PROFILE_RELEASE_LTO=false

# The libraries, tested with their default features (the CLI's default `halo2` feature would
# otherwise be unified into them).
libraries=(-p zkcomply-msm -p zkcomply-circuits -p zkcomply-prover -p zkcomply-verifier -p zkcomply)

started=$SECONDS
step_started=$SECONDS
current=""
times=()
finish_step() {
  if [ -n "$current" ]; then
    times+=("$(printf '%6ds  %s' $((SECONDS - step_started)) "$current")")
  fi
  current=""
}
step() {
  finish_step
  current=$*
  step_started=$SECONDS
  printf '\n== %s\n' "$*"
}
summary() {
  local status=$?
  finish_step
  printf '\n== times (%s tier)\n' "$tier"
  printf '%s\n' "${times[@]}"
  printf '%6ds  total%s\n' $((SECONDS - started)) "$([ "$status" = 0 ] || echo ", FAILED")"
}
trap summary EXIT

# Full tier: the system packages and the Node.js tools install in the background while the
# quick tier builds; the steps that need them wait for them.
tools_log=target/test-tools.log
tools_pid=""
install_tools() {
  local packages=()
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  command -v valgrind >/dev/null 2>&1 || packages+=(valgrind)
  # Mesa's llvmpipe Vulkan driver: a software GPU adapter for the GPU tests.
  ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || packages+=(mesa-vulkan-drivers)
  if [ ${#packages[@]} -gt 0 ]; then
    echo "-- apt-get install ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
  if [ ! -x tools/node_modules/.bin/snarkjs ] || [ ! -d tools/node_modules/poseidon-solidity ] \
    || [ ! -d tools/node_modules/solc-0.8.19 ] || [ ! -d tools/node_modules/cashaddrjs ] \
    || [ ! -d tools/node_modules/ripple-address-codec ]; then
    echo "-- npm ci --prefix tools"
    npm ci --prefix tools --no-audit --no-fund --loglevel=error
  fi
}
wait_for_tools() {
  [ -n "$tools_pid" ] || return 0
  if ! wait "$tools_pid"; then
    cat "$tools_log" >&2
    echo "installing the test tools failed" >&2
    exit 1
  fi
  cat "$tools_log"
  tools_pid=""
}
if [ "$tier" = full ]; then
  mkdir -p target
  install_tools >"$tools_log" 2>&1 &
  tools_pid=$!
fi

step "format"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo fmt --all -- --check

step "lint: the libraries' default features"
cargo clippy "${libraries[@]}" --all-targets --locked -- -D warnings

step "tests: the libraries' default features (release)"
cargo test "${libraries[@]}" --release --locked

[ "$tier" = quick ] && exit 0

# Every crate with every back-end on: the CLI turns on `halo2` by default, and `zkcomply/gpu`
# turns on the prover's and verifier's GPU MSMs, `zkcomply-testkit/halo2` the Halo2 fuzz
# targets, so this one feature set covers all code.
all=(--workspace --features zkcomply/gpu,zkcomply-testkit/halo2)

step "lint: every crate, every back-end"
cargo clippy "${all[@]}" --all-targets --locked -- -D warnings
cargo clippy -p zkcomply-cli --no-default-features --all-targets --locked -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc "${all[@]}" --no-deps --locked --quiet

step "tools (apt, npm)"
wait_for_tools

# Halo2's circuit, prover, verifier and file tests, tests/evm_halo2.rs, tests/ptau_halo2.rs
# (snarkjs makes the ptau), cli/tests/halo2.rs, and the GPU kernels, MSMs, proofs and batch
# verification (tests/gpu.rs) run here too.
step "tests: every crate, every back-end (release; GPU tests on llvmpipe unless a GPU is present)"
ZKCOMPLY_REQUIRE_TOOLS=1 ZKCOMPLY_REQUIRE_GPU=1 cargo test "${all[@]}" --release --locked

step "C FFI"
bash ffi/tests/run.sh

step "WASM (Node.js and headless Chromium)"
# The published build: with the release profile's LTO.
CARGO_PROFILE_RELEASE_LTO=thin bash wasm/build.sh
ZKCOMPLY_BIN="$PWD/target/release/zkcomply" bash wasm/demo/prepare.sh
ZKCOMPLY_REQUIRE_TOOLS=1 ZKCOMPLY_BIN="$PWD/target/release/zkcomply" node --test wasm/tests/
