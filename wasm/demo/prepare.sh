#!/usr/bin/env bash
# Makes the browser demo's files in wasm/demo/files with the zkcomply CLI: an INSECURE
# development key for `compliance`, the OFAC-derived sanctions list shipped in data/, two
# identities (a clean address and a sanctioned one) and a registry holding both.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${ZKCOMPLY_BIN:-target/release/zkcomply}
[ -x "$bin" ] || cargo build -q --release -p zkcomply-cli
out=wasm/demo/files
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
# --skip-invalid: the XMR list holds one entry that is no address (data/sanctions/README.md).
$bin list build --skip-invalid --out "$out.tmp/sanctions.bin" data/sanctions/ofac-2024-09/*.txt >/dev/null
$bin identity new --address 0x000000000000000000000000000000000000dEaD --out "$out.tmp/alice.json" >/dev/null
$bin identity new --address 0x8589427373D6D84E98730D7795D8f6f8731FDA16 --out "$out.tmp/mallory.json" >/dev/null
$bin registry add --attested --registry "$out.tmp/registry.json" --identity "$out.tmp/alice.json" >/dev/null
$bin registry add --attested --registry "$out.tmp/registry.json" --identity "$out.tmp/mallory.json" >/dev/null
$bin setup --policy compliance --dev-seed 1 --out-dir "$out.tmp" >/dev/null 2>&1
rm -rf "$out" && mv "$out.tmp" "$out"
echo "-- $out: $(ls "$out" | tr '\n' ' ')"
