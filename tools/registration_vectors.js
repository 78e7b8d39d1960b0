#!/usr/bin/env node
// Independent vectors for docs/SPEC.md §2 and §5 (identity v2 and registration), computed
// with circomlibjs Poseidon, js-sha3 Keccak and ethers (EIP-55 addresses, EIP-191
// personal_sign, signature recovery) — none of zkcomply's code. Writes
// circuits/tests/vectors/registration.json, which circuits/tests/registration_vectors.rs
// checks the Rust implementation against.
//
// usage: node tools/registration_vectors.js
"use strict";
const fs = require("fs");
const path = require("path");
const { buildPoseidon } = require("circomlibjs");
const { keccak256 } = require("js-sha3");
const { ethers } = require("ethers");

/** int(keccak256(bytes)) >> 4 as a BigInt: domain tags and EVM address keys. */
function key(bytes) {
  return BigInt("0x" + keccak256(bytes)) >> 4n;
}
const hex = (x) => "0x" + x.toString(16).padStart(64, "0");

async function main() {
  const poseidon = await buildPoseidon();
  const H = (...xs) => poseidon.F.toObject(poseidon(xs));
  const T_pk = key(Buffer.from("zkcomply/public-key/v2"));
  const T_id = key(Buffer.from("zkcomply/identity/v2"));
  // Deterministic keys: Hardhat's public test accounts #0 and #1, and two arbitrary ones.
  const wallets = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x" + "07".repeat(32),
    "0x" + "fe".repeat(31) + "01",
  ].map((k) => new ethers.Wallet(k));
  const secrets = [1n, 123456789n, 2n ** 250n + 7n, 21888242871839275222246405745257275088548364400416034343698204186575808495616n];
  const registries = ["kyc.example/main", "deposit:0x5FbDB2315678afecb367f032d57f64e2e4d1f8b2", "k", "régistre"];
  const chains = [1, 10, 31337, 2 ** 53 - 1];
  const cases = [];
  for (let i = 0; i < wallets.length; i++) {
    const w = wallets[i];
    const address = ethers.utils.getAddress(w.address); // EIP-55
    const pk = H(T_pk, secrets[i]);
    const account = key(Buffer.from(address.slice(2), "hex"));
    const id = H(T_id, account, pk);
    const message =
      "zkcomply registration\n" +
      `registry: ${registries[i]}\n` +
      `chain: ${chains[i]}\n` +
      `account: ${address}\n` +
      `public key: ${hex(pk)}`;
    const signature = await w.signMessage(message);
    if (ethers.utils.verifyMessage(message, signature) !== address) throw new Error("ethers disagrees with itself");
    cases.push({
      private_key: w.privateKey,
      address,
      address_lower: address.toLowerCase(),
      secret: hex(secrets[i]),
      public_key: hex(pk),
      key: hex(account),
      commitment: hex(id),
      registry: registries[i],
      chain_id: chains[i],
      message,
      eip191_hash: ethers.utils.hashMessage(message),
      signature,
    });
  }
  const out = {
    note:
      "docs/SPEC.md §2 and §5: pk = H(T_pk, secret), id = H(T_id, key(address), pk), and the " +
      "EIP-191 registration message and signature, computed by tools/registration_vectors.js with " +
      "circomlibjs 0.1.7 Poseidon, js-sha3 and ethers 5 (RFC 6979 signatures, so deterministic).",
    tags: { public_key: hex(T_pk), identity: hex(T_id) },
    cases,
  };
  const file = path.join(__dirname, "..", "circuits", "tests", "vectors", "registration.json");
  fs.writeFileSync(file, JSON.stringify(out, null, 1) + "\n");
  console.log(`wrote ${file}: ${cases.length} cases`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
