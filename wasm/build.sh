#!/usr/bin/env bash
# Builds the WebAssembly package: the single-threaded wasm (stable Rust), then the JS glue
# and TypeScript types with wasm-bindgen-cli at the crate's version:
#   wasm/pkg/node  for Node.js (CommonJS)
#   wasm/pkg/web   for browsers (<script type="module">) and bundlers (ES module + init())
# Installs the wasm32 target and wasm-bindgen-cli when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(grep -m1 '^wasm-bindgen = ' wasm/Cargo.toml | sed 's/.*"=\{0,1\}\([0-9.]*\)".*/\1/')
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
if ! wasm-bindgen --version 2>/dev/null | grep -q " $version\$"; then
  echo "-- installing wasm-bindgen-cli $version (once)"
  cargo install wasm-bindgen-cli --version "$version" --quiet
fi
cargo build -p zkcomply-wasm --target wasm32-unknown-unknown --release --locked --quiet
wasm=target/wasm32-unknown-unknown/release/zkcomply_wasm.wasm
rm -rf wasm/pkg/node wasm/pkg/web
wasm-bindgen --target nodejs --out-dir wasm/pkg/node "$wasm"
wasm-bindgen --target web --out-dir wasm/pkg/web "$wasm"
echo "-- wasm/pkg: $(du -k wasm/pkg/web/zkcomply_wasm_bg.wasm | cut -f1) KiB of wasm"
