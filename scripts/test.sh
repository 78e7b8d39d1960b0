#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need, then checks
# formatting, lints, docs and runs every test in release.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "tools"
if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -x tools/node_modules/.bin/snarkjs ] || [ ! -d tools/node_modules/poseidon-solidity ] \
  || [ ! -d tools/node_modules/solc-0.8.19 ] || [ ! -d tools/node_modules/cashaddrjs ] \
  || [ ! -d tools/node_modules/ripple-address-codec ]; then
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true
# Mesa's llvmpipe Vulkan driver: a software GPU adapter for the GPU MSM tests.
if ! ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mesa-vulkan-drivers >/dev/null
fi

step "format"
cargo fmt --all -- --check

# The CLI turns on its `halo2` feature by default, so every `--workspace` build below has the
# Halo2 back-end on in all crates (features unify across the workspace). The libraries and the
# CLI without it are linted on their own.
step "lint"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --workspace --all-targets --locked \
  --features zkcomply-prover/gpu,zkcomply-verifier/gpu,zkcomply/gpu -- -D warnings
cargo clippy -p zkcomply-circuits -p zkcomply-prover -p zkcomply-verifier -p zkcomply \
  --all-targets --locked -- -D warnings
cargo clippy -p zkcomply-cli --no-default-features --all-targets --locked -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
RUSTDOCFLAGS="-D warnings" cargo doc -p zkcomply-gpu -p zkcomply-prover -p zkcomply-verifier \
  --features zkcomply-prover/gpu,zkcomply-verifier/gpu --no-deps --locked --quiet

# With the Halo2 back-end on (the CLI's default feature): its circuit, prover, verifier and
# file tests, tests/evm_halo2.rs, tests/ptau_halo2.rs (snarkjs makes the ptau) and
# cli/tests/halo2.rs run here too.
step "tests (release)"
# zkcomply-gpu's tests run in the GPU step below, once.
ZKCOMPLY_REQUIRE_TOOLS=1 cargo test --workspace --exclude zkcomply-gpu --release --locked

step "GPU MSM, GPU proving and batch verification (llvmpipe unless a GPU is present)"
ZKCOMPLY_REQUIRE_GPU=1 cargo test -p zkcomply-gpu -p zkcomply-prover -p zkcomply-verifier \
  --features zkcomply-prover/gpu,zkcomply-verifier/gpu --release --locked
ZKCOMPLY_REQUIRE_GPU=1 cargo test -p zkcomply --features gpu --release --locked --test gpu

step "C FFI"
bash ffi/tests/run.sh

step "WASM (Node.js and headless Chromium)"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
bash wasm/build.sh
ZKCOMPLY_BIN="$PWD/target/release/zkcomply" bash wasm/demo/prepare.sh
ZKCOMPLY_REQUIRE_TOOLS=1 ZKCOMPLY_BIN="$PWD/target/release/zkcomply" node --test wasm/tests/
