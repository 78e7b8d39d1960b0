#!/usr/bin/env node
// An independent implementation of docs/SPEC.md §3–§4 (address keys, canonical sanctions
// tree), written against the specification with circomlibjs Poseidon, js-sha3 keccak256
// and the bech32 package — none of zkcomply's code. Prints the root of the list.
//
// usage: node sanctions_root.js DEPTH FILE...   (one address per line)
"use strict";
const fs = require("fs");
const { keccak256 } = require("js-sha3");
const { bech32, bech32m } = require("bech32");
const { buildPoseidon } = require("circomlibjs");

function isBech32(s) {
  for (const codec of [bech32, bech32m]) {
    try {
      codec.decode(s, 1023);
      return true;
    } catch (_) {}
  }
  return false;
}

function canonical(addr) {
  if (/^0[xX]/.test(addr)) {
    const hex = addr.slice(2);
    if (!/^[0-9a-fA-F]{40}$/.test(hex)) throw new Error(`bad EVM address ${addr}`);
    return Buffer.from(hex, "hex");
  }
  if (isBech32(addr)) return Buffer.from(addr.toLowerCase(), "utf8");
  return Buffer.from(addr, "utf8");
}

const key = (addr) => BigInt("0x" + keccak256(canonical(addr))) >> 4n;

async function main() {
  const [depthArg, ...files] = process.argv.slice(2);
  const depth = Number(depthArg);
  const poseidon = await buildPoseidon();
  const H = (a, b) => poseidon.F.toObject(poseidon([a, b]));
  const keys = new Set();
  for (const f of files) {
    for (const line of fs.readFileSync(f, "utf8").split(/\r?\n/)) {
      const a = line.trim();
      if (a && !a.startsWith("#")) keys.add(key(a));
    }
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
