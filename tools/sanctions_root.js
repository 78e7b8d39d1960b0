#!/usr/bin/env node
// An independent implementation of docs/SPEC.md §3–§4 (address keys, canonical sanctions
// tree), written against the specification with circomlibjs Poseidon and the address
// libraries of address_vectors.js (bs58check, cashaddrjs, bech32, ethers, js-sha3, …) —
// none of zkcomply's code. Prints the root of the list.
//
// usage: node sanctions_root.js [--skip-invalid] DEPTH FILE...   (one address per line)
//   An entry that is not a valid address is an error, or with --skip-invalid is skipped
//   and reported on stderr as "skipped FILE:LINE: ADDRESS".
"use strict";
const fs = require("fs");
const { buildPoseidon } = require("circomlibjs");
const { addressKey } = require("./address_vectors.js");

async function main() {
  let args = process.argv.slice(2);
  const skipInvalid = args[0] === "--skip-invalid";
  if (skipInvalid) args = args.slice(1);
  const [depthArg, ...files] = args;
  const depth = Number(depthArg);
  const poseidon = await buildPoseidon();
  const H = (a, b) => poseidon.F.toObject(poseidon([a, b]));
  const keys = new Set();
  for (const f of files) {
    fs.readFileSync(f, "utf8")
      .split(/\r?\n/)
      .forEach((line, i) => {
        const a = line.trim();
        if (!a || a.startsWith("#")) return;
        let key;
        try {
          key = BigInt(addressKey(a).key);
        } catch (e) {
          if (!skipInvalid) throw new Error(`${f}:${i + 1}: ${a}: ${e.message}`);
          console.error(`skipped ${f}:${i + 1}: ${a}`);
          return;
        }
        keys.add(key);
      });
  }
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Leaves: (0, k1), (k1, k2), …, (kn, 0).
  let level = [];
  for (let i = 0; i <= sorted.length; i++) {
    const v = i === 0 ? 0n : sorted[i - 1];
    const nv = i < sorted.length ? sorted[i] : 0n;
    level.push(H(v, nv));
  }
  let zero = 0n;
  for (let l = 0; l < depth; l++) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(H(level[i], i + 1 < level.length ? level[i + 1] : zero));
    }
    level = next;
    zero = H(zero, zero);
  }
  const root = level.length ? level[0] : zero;
  console.log("0x" + root.toString(16).padStart(64, "0"));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e.message);
    process.exit(1);
  },
);
