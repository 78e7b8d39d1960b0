#!/usr/bin/env node
// The maintained circomlib-compatible Poseidon contracts the tests measure and deploy, as JSON:
//   poseidonSolidity: poseidon-solidity's PoseidonT3 (`hash(uint256[2])`), with its
//     deterministic deployment: the keyless deployer and creation code of the CREATE2 proxy
//     (Nick's method), the proxy's address, the call data (salt ‖ creation code) that deploys
//     PoseidonT3 through it, and the address that gives on every chain;
//     and, as `t4`, the same for its PoseidonT4 (`hash(uint256[3])`, 3 inputs: the identity
//     commitment of IdentityRegistry), deployed through the same proxy;
//   circomlibjs: the creation code of circomlibjs's generated contract (`poseidon(uint256[2])`).
//
// usage: node poseidon_contracts.js
"use strict";
const fs = require("fs");
const path = require("path");
const ps = require("poseidon-solidity");
const { ethers } = require("ethers");
const { poseidonContract } = require("circomlibjs");

// circomlibjs's package.json is not exported: read it from its folder.
function version(pkg) {
  const dir = path.dirname(require.resolve(pkg));
  for (const d of [dir, path.dirname(dir)]) {
    const f = path.join(d, "package.json");
    if (fs.existsSync(f)) return JSON.parse(fs.readFileSync(f, "utf8")).version;
  }
  throw new Error(`no package.json for ${pkg}`);
}

const proxyTx = ethers.utils.parseTransaction(ps.proxy.tx);
const out = {
  poseidonSolidity: {
    version: version("poseidon-solidity"),
    proxyDeployer: proxyTx.from,
    proxyCreationCode: proxyTx.data,
    proxyAddress: ethers.utils.getAddress(ps.PoseidonT3.proxyAddress),
    deployData: ps.PoseidonT3.data,
    creationCode: ps.PoseidonT3.bytecode,
    address: ethers.utils.getAddress(ps.PoseidonT3.address),
    t4: {
      deployData: ps.PoseidonT4.data,
      address: ethers.utils.getAddress(ps.PoseidonT4.address),
    },
  },
  circomlibjs: {
    version: version("circomlibjs"),
    creationCode: poseidonContract.createCode(2),
  },
};
console.log(JSON.stringify(out));
