#!/usr/bin/env node
// Compiles Solidity sources with solc-js (the pinned npm `solc`) and prints, as JSON,
// { "<Contract>": { "abi": [...], "bytecode": "0x…", "deployedSize": n } } for every contract.
// Compiler errors go to stderr with a non-zero exit.
//
// usage: node solc.js [--no-optimize] [--solc=PACKAGE] [--evm=VERSION] FILE.sol...
//
// --solc picks another pinned solc-js (e.g. `solc-0.8.19`, the version snark-verifier's
// generated Halo2 verifiers pin); --evm sets the EVM version (default cancun; solc 0.8.19
// knows up to paris).
"use strict";
const fs = require("fs");
const path = require("path");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
};
const solc = require(option("solc", "solc"));
const evmVersion = option("evm", "cancun");
const optimize = !args.includes("--no-optimize");
const files = args.filter((a) => !a.startsWith("--"));
const sources = {};
for (const f of files) sources[path.basename(f)] = { content: fs.readFileSync(f, "utf8") };
const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: optimize, runs: 200 },
    evmVersion,
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === "error");
if (errors.length) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}
const out = { compiler: solc.version() };
for (const file of Object.keys(output.contracts || {})) {
  for (const [name, c] of Object.entries(output.contracts[file])) {
    out[name] = {
      abi: c.abi,
      bytecode: "0x" + c.evm.bytecode.object,
      deployedSize: c.evm.deployedBytecode.object.length / 2,
    };
  }
}
console.log(JSON.stringify(out));
