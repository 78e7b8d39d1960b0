// The fuzz corpus (fuzz/corpus/<target>) and deterministic mutations of each seed through
// the WebAssembly package's parsers: each call returns or throws a JS Error naming the
// problem; none traps (a Rust panic would surface as a WebAssembly.RuntimeError). The same
// targets run natively under libFuzzer (scripts/fuzz.sh) and in tests/fuzz_corpus.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const z = require("../pkg/node/zkcomply_wasm.js");
const CORPUS = new URL("../../fuzz/corpus/", import.meta.url);

/** A small deterministic generator (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/** Bit flips, overwritten, inserted and deleted bytes, truncation, digits made huge. */
function mutate(seed, next) {
  let d = Array.from(seed);
  for (let m = 1 + next(3); m > 0; m--) {
    const at = next(Math.max(d.length, 1));
    switch (next(6)) {
      case 0: if (d.length) d[at] ^= 1 << next(8); break;
      case 1: if (d.length) d[at] = next(256); break;
      case 2: d.splice(at, 0, next(256)); break;
      case 3: d.splice(at, 1); break;
      case 4: d = d.slice(0, at); break;
      default: {
        const i = d.findIndex((b, j) => j >= at && b >= 0x30 && b <= 0x39);
        if (i >= 0) d.splice(i, 1, ...Array(80).fill(0x39));
      }
    }
  }
  return Uint8Array.from(d);
}

/** The SHA-256 trailer of a binary file made right. */
function seal(bytes) {
  if (bytes.length < 32) return bytes;
  const body = bytes.subarray(0, bytes.length - 32);
  return Uint8Array.from([...body, ...createHash("sha256").update(body).digest()]);
}

const text = (b) => new TextDecoder().decode(b);
const seeds = (target) =>
  readdirSync(new URL(`${target}/`, CORPUS)).sort().map((f) => readFileSync(new URL(`${target}/${f}`, CORPUS)));
const proof = text(seeds("groth16_proof")[0]);
const vk = seeds("groth16_vk")[0];

/** Each parser of the package, fed one input. */
const TARGETS = {
  snapshot: (b) => z.SanctionsTree.fromSnapshot(b),
  snapshot_binary: (b) => z.SanctionsTree.fromSnapshot(seal(b)),
  registry: (b) => z.Registry.fromJson(text(b)),
  state: (b) => z.StateTree.fromJson(text(b)),
  identity: (b) => z.identityCommitment(text(b)),
  registration: (b) => z.verifyRegistration(text(b), "kyc.example", 1n),
  groth16_vk: (b) => z.verify(seal(b), proof),
  groth16_proof: (b) => z.verify(vk, text(b)),
  groth16_pk: (b) => z.Prover.fromBytes(seal(b)),
};

test("the seeds are real files: the seed proof verifies under the seed key", () => {
  assert.equal(z.verify(vk, proof), true);
  assert.ok(z.SanctionsTree.fromSnapshot(seeds("snapshot_binary")[0]).size() > 0);
});

for (const [target, run] of Object.entries(TARGETS)) {
  test(`fuzz corpus through the package: ${target}`, () => {
    const next = rng(0x22 + target.length);
    const mutations = target === "groth16_pk" ? 12 : 48;
    for (const seed of seeds(target)) {
      for (let i = 0; i <= mutations; i++) {
        const input = i === 0 ? Uint8Array.from(seed) : mutate(seed, next);
        try {
          run(input);
        } catch (e) {
          assert.ok(!(e instanceof WebAssembly.RuntimeError), `${target}: trapped: ${e}`);
          assert.ok(e instanceof Error && e.message.length > 0, `${target}: threw ${e}`);
        }
      }
    }
  });
}
