#!/usr/bin/env node
// Renders the Groth16 Solidity verifier that snarkjs generates (its own template,
// templates/verifier_groth16.sol.ejs) for a snarkjs verification_key.json, as the gas
// baseline of zkcomply's generated verifier.
//
// usage: node snarkjs_verifier.js verification_key.json > SnarkjsVerifier.sol
"use strict";
const fs = require("fs");
const path = require("path");
const ejs = require("ejs");

const vk = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const template = fs.readFileSync(
  path.join(__dirname, "node_modules", "snarkjs", "templates", "verifier_groth16.sol.ejs"),
  "utf8",
);
process.stdout.write(ejs.render(template, vk));
