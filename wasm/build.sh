#!/usr/bin/env bash
# Builds the WebAssembly package, and its JS glue and TypeScript types with wasm-bindgen-cli
# at the crate's version:
#   wasm/pkg/node         Node.js (CommonJS), single-threaded
#   wasm/pkg/web          browsers and bundlers (ES module + init()), single-threaded
#   wasm/pkg/web-threads  browsers, multi-threaded (rayon over Web Workers): shared memory,
#                         so only on cross-origin isolated pages (COOP + COEP headers)
# The threaded build needs nightly Rust with rust-src (`-Z build-std` rebuilds std with
# atomics). Installs the wasm32 target, that nightly and wasm-bindgen-cli when missing.
# `bash wasm/build.sh single` skips the threaded build.
set -euo pipefail
cd "$(dirname "$0")/.."

nightly=nightly-2026-05-19
version=$(grep -m1 '^wasm-bindgen = ' wasm/Cargo.toml | sed 's/.*"=\{0,1\}\([0-9.]*\)".*/\1/')
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
if ! wasm-bindgen --version 2>/dev/null | grep -q " $version\$"; then
  echo "-- installing wasm-bindgen-cli $version (once)"
  cargo install wasm-bindgen-cli --version "$version" --quiet
fi

cargo build -p zkcomply-wasm --target wasm32-unknown-unknown --release --locked --quiet
wasm=target/wasm32-unknown-unknown/release/zkcomply_wasm.wasm
rm -rf wasm/pkg/node wasm/pkg/web wasm/pkg/web-threads
wasm-bindgen --target nodejs --out-dir wasm/pkg/node "$wasm"
wasm-bindgen --target web --remove-name-section --out-dir wasm/pkg/web "$wasm"
echo "-- wasm/pkg/web: $(du -k wasm/pkg/web/zkcomply_wasm_bg.wasm | cut -f1) KiB of wasm"
[ "${1:-}" = single ] && exit 0

if ! rustup run "$nightly" rustc --version >/dev/null 2>&1 ||
  ! rustup component list --toolchain "$nightly" --installed | grep -q rust-src; then
  echo "-- installing $nightly with rust-src (once)"
  rustup toolchain install "$nightly" --profile minimal --component rust-src
fi
# Shared, imported memory and the TLS exports that wasm-bindgen's thread support needs.
RUSTFLAGS='-C target-feature=+atomics,+bulk-memory,+mutable-globals
  -C link-arg=--shared-memory -C link-arg=--max-memory=1073741824 -C link-arg=--import-memory
  -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size
  -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base' \
  cargo "+$nightly" build -p zkcomply-wasm --features threads --target wasm32-unknown-unknown \
  --release --locked --quiet --target-dir target/wasm-threads -Z build-std=panic_abort,std
wasm-bindgen --target web --remove-name-section --out-dir wasm/pkg/web-threads \
  target/wasm-threads/wasm32-unknown-unknown/release/zkcomply_wasm.wasm
echo "-- wasm/pkg/web-threads: $(du -k wasm/pkg/web-threads/zkcomply_wasm_bg.wasm | cut -f1) KiB of wasm"
