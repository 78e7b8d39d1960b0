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
  || [ ! -d tools/node_modules/solc-0.8.19 ]; then
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true
# Mesa's llvmpipe Vulkan driver: a software GPU adapter for the GPU MSM tests.
if ! ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mesa-vulkan-drivers >/dev/null
fi

step "format"
cargo fmt --all -- --check

step "lint"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --workspace --all-targets --locked \
  --features zkcomply-prover/gpu,zkcomply-verifier/gpu,zkcomply/gpu -- -D warnings
cargo clippy -p zkcomply-circuits -p zkcomply-prover -p zkcomply-verifier -p zkcomply \
  --all-targets --features halo2 --locked -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
RUSTDOCFLAGS="-D warnings" cargo doc -p zkcomply-gpu -p zkcomply-prover -p zkcomply-verifier \
  --features zkcomply-prover/gpu,zkcomply-verifier/gpu --no-deps --locked --quiet

step "tests (release)"
# zkcomply-gpu's tests run in the GPU step below, once.
ZKCOMPLY_REQUIRE_TOOLS=1 cargo test --workspace --exclude zkcomply-gpu --release --locked

step "Halo2 back-end (feature halo2, release)"
cargo test -p zkcomply-circuits -p zkcomply-prover -p zkcomply-verifier --features halo2 --release --locked
ZKCOMPLY_REQUIRE_TOOLS=1 cargo test --release --locked --features halo2 --test evm_halo2

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
