#!/usr/bin/env bash
# WebAssembly (single-threaded, Node.js/V8) vs native proving of `compliance` at the
# default shape (DS = 32, DR = 20), measured in one run on the same key, list and registry:
# the native time is the CLI's `prove_ms` (proving only), the WASM time `Prover.prove`.
# Needs wasm/build.sh to have run. Usage: bash wasm/bench/prove.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
cargo build -q --release -p zkcomply-cli
bin=target/release/zkcomply
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
$bin list build --skip-invalid --out "$dir/s.bin" data/sanctions/ofac-2024-09/*.txt >/dev/null
$bin identity new --address 0x000000000000000000000000000000000000dEaD --out "$dir/id.json" >/dev/null
$bin registry add --attested --registry "$dir/reg.json" --identity "$dir/id.json" >/dev/null
$bin setup --policy compliance --dev-seed 1 --out-dir "$dir" >/dev/null 2>&1
request='{"amount": 250, "limit": 1000, "scope": 7, "context": 42}'
echo "$request" >"$dir/request.json"
native=()
for _ in $(seq "$runs"); do
  native+=("$($bin prove --json --pk "$dir/compliance.pk" --identity "$dir/id.json" --sanctions "$dir/s.bin" \
    --registry "$dir/reg.json" --request "$dir/request.json" --out "$dir/p.json" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["prove_ms"])')")
done
node - "$dir" "$runs" "$request" "${native[@]}" <<'JS'
const fs = require("fs");
const z = require(process.cwd() + "/wasm/pkg/node/zkcomply_wasm.js");
const [dir, runs, request, ...native] = process.argv.slice(2);
const read = (f) => fs.readFileSync(`${dir}/${f}`);
const tree = z.SanctionsTree.fromSnapshot(read("s.bin"));
const registry = z.Registry.fromJson(read("reg.json").toString());
const id = read("id.json").toString();
let t = performance.now();
const prover = z.Prover.fromBytes(read("compliance.pk"));
const load = performance.now() - t;
const wasm = [];
for (let i = 0; i < Number(runs); i++) {
  t = performance.now();
  const proof = prover.prove(id, tree, registry, request);
  wasm.push(performance.now() - t);
  if (!z.verify(prover.verifyingKey(), proof)) throw new Error("proof rejected");
}
const median = (xs) => xs.map(Number).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [w, n] = [median(wasm), median(native)];
console.log(`compliance, DS = 32, DR = 20; median of ${runs}; load average ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
console.log(`| prover | prove | ratio |\n| --- | ---: | ---: |`);
console.log(`| native (Rust, ${require("os").cpus().length} threads) | ${n.toFixed(0)} ms | 1.00 |`);
console.log(`| WebAssembly, single thread (Node.js ${process.version}) | ${w.toFixed(0)} ms | ${(w / n).toFixed(2)}× native |`);
console.log(`proving key load + circuit synthesis in WebAssembly: ${load.toFixed(0)} ms; key ${read("compliance.pk").length} bytes`);
JS
