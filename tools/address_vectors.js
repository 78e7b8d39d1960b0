#!/usr/bin/env node
// Address-key vectors from independent libraries: docs/SPEC.md §3 (address families,
// canonical forms, key = int(keccak256(canonical)) >> 4) implemented with npm packages
// only — bs58check and bs58 (base58, base58check), cashaddrjs (cashaddr), bech32
// (segwit), ethers (EIP-55), ripple-address-codec (XRP), js-sha3 (Keccak-256; Monero's
// checksum), none of zkcomply's code.
//
// usage: node tools/address_vectors.js [OUT]
//   writes OUT (default circuits/tests/vectors/address_keys.json), which
//   circuits/tests/address_vectors.rs checks the Rust parser against.
// As a module: `addressKey(addr)` gives { family, canonical, key } or throws, following
// §3's order of families (used by sanctions_root.js).
"use strict";
const fs = require("fs");
const path = require("path");
const { keccak256 } = require("js-sha3");
const { bech32, bech32m } = require("bech32");
const bs58 = require("bs58").default;
const bs58check = require("bs58check").default;
const cashaddr = require("cashaddrjs");
const ripple = require("ripple-address-codec");
const { utils: ethersUtils } = require("ethers");

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const isHex = (s) => /^[0-9a-fA-F]*$/.test(s);
const ascii = (s) => Buffer.from(s, "ascii");
const keyOf = (canonical) => {
  const k = BigInt("0x" + keccak256(canonical)) >> 4n;
  if (k === 0n) throw new Error("key 0 is reserved");
  return "0x" + k.toString(16).padStart(64, "0");
};

// ---- Monero's block base58 (8-byte blocks, 11 characters each) over bs58's digits.
const MONERO_BLOCK = [0, 2, 3, 5, 6, 7, 9, 10, 11];
function moneroEncode(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8) {
    const block = bytes.slice(i, i + 8);
    out += bs58.encode(block).padStart(MONERO_BLOCK[block.length], "1");
  }
  return out;
}
function moneroDecode(s) {
  const out = [];
  for (let i = 0; i < s.length; i += 11) {
    const chunk = s.slice(i, i + 11);
    const n = MONERO_BLOCK.indexOf(chunk.length);
    if (n < 1) throw new Error("monero: bad block length");
    const value = BigInt("0x0" + hex(bs58.decode(chunk)));
    if (value >= 1n << BigInt(8 * n)) throw new Error("monero: block overflow");
    out.push(...Buffer.from(value.toString(16).padStart(2 * n, "0"), "hex"));
  }
  return Uint8Array.from(out);
}
const moneroChecksum = (bytes) => Buffer.from(keccak256.arrayBuffer(bytes)).subarray(0, 4);
function moneroEncodeCheck(bytes) {
  return moneroEncode(Buffer.concat([Buffer.from(bytes), moneroChecksum(bytes)]));
}

// ---- One function per family: the canonical bytes, or a throw.
const BASE58CHECK_VERSIONS = {
  "00": "Bitcoin", "05": "Bitcoin", "30": "Litecoin", "32": "Litecoin",
  "1e": "Dogecoin", "16": "Dogecoin", "4c": "Dash", "10": "Dash",
  "1cb8": "Zcash", "1cbd": "Zcash", "26": "BitcoinGold", "17": "BitcoinGold", "41": "Tron",
};
const families = {
  Evm(s) {
    const h = s.replace(/^0[xX]/, "");
    if (!/^[0-9a-fA-F]{40}$/.test(h)) throw new Error("EVM: not 40 hex digits");
    // ethers checks EIP-55 for mixed case and accepts one-case input as is.
    return Buffer.from(ethersUtils.getAddress("0x" + h).slice(2), "hex");
  },
  Tron(s) {
    if (/^41[0-9a-fA-F]{40}$/.test(s)) return ascii(bs58check.encode(Buffer.from(s, "hex")));
    const payload = bs58check.decode(s);
    if (payload.length !== 21 || payload[0] !== 0x41) throw new Error("TRON: not version 0x41");
    return ascii(s);
  },
  Base58Check(s) {
    const payload = bs58check.decode(s);
    const version = hex(payload.subarray(0, payload.length === 22 ? 2 : 1));
    if (!(payload.length === 21 || payload.length === 22) || !BASE58CHECK_VERSIONS[version]) {
      throw new Error(`base58check: unknown version ${version}`);
    }
    return { family: BASE58CHECK_VERSIONS[version], canonical: ascii(bs58check.encode(payload)) };
  },
  CashAddr(s) {
    if (/[a-z]/.test(s) && /[A-Z]/.test(s)) throw new Error("cashaddr: mixed case");
    const lower = s.toLowerCase();
    const full = lower.includes(":") ? lower : "bitcoincash:" + lower;
    const { prefix, type, hash } = cashaddr.decode(full);
    if (prefix !== "bitcoincash") throw new Error("cashaddr: not bitcoincash");
    if (hash.length !== 20) throw new Error("cashaddr: not a 20-byte hash");
    const version = { P2PKH: 0x00, P2SH: 0x05 }[type];
    return ascii(bs58check.encode(Buffer.from([version, ...hash])));
  },
  Segwit(s) {
    for (const [codec, isV0] of [[bech32, true], [bech32m, false]]) {
      let decoded;
      try {
        decoded = codec.decode(s, 90);
      } catch (_) {
        continue;
      }
      const version = decoded.words[0];
      if ((version === 0) !== isV0) throw new Error("segwit: wrong checksum for the version");
      const program = codec.fromWords(decoded.words.slice(1));
      if (version > 16 || program.length < 2 || program.length > 40) throw new Error("segwit: bad program");
      if (version === 0 && program.length !== 20 && program.length !== 32) throw new Error("segwit: bad v0 program");
      return ascii(s.toLowerCase());
    }
    throw new Error("segwit: not bech32 or bech32m");
  },
  Xrp(s) {
    return ascii(ripple.encodeAccountID(ripple.decodeAccountID(s)));
  },
  Monero(s) {
    const raw = moneroDecode(s);
    const body = raw.subarray(0, raw.length - 4);
    if (!Buffer.from(raw.subarray(raw.length - 4)).equals(moneroChecksum(body))) {
      throw new Error("monero: checksum mismatch");
    }
    const expected = { 18: 65, 42: 65, 19: 73 }[body[0]];
    if (body.length !== expected) throw new Error("monero: bad network byte or length");
    const keys = Buffer.from(body.subarray(0, 65));
    if (keys[0] === 19) keys[0] = 18; // integrated → its standard address
    return ascii(moneroEncodeCheck(keys));
  },
  Solana(s) {
    const bytes = bs58.decode(s);
    if (bytes.length !== 32) throw new Error("solana: not 32 bytes");
    return ascii(bs58.encode(bytes));
  },
};

// §3's order of families, each with its shape.
const KNOWN_HRPS = ["bc", "tb", "bcrt", "ltc", "tltc", "rltc"];
const hrpOf = (s) => (s.lastIndexOf("1") > 0 ? s.slice(0, s.lastIndexOf("1")) : null);
const ORDER = [
  ["Evm", (s) => /^0[xX]/.test(s) || (s.length === 40 && isHex(s))],
  ["Tron", (s) => s.length === 42 && s.startsWith("41") && isHex(s)],
  ["CashAddr", (s) => s.includes(":") || (s.length >= 42 && s.length <= 112 && /^[qpzr][qpzry9x8gf2tvdw0s3jn54khce6mua7l]*$/i.test(s))],
  ["Segwit", (s) => KNOWN_HRPS.includes((hrpOf(s) || "").toLowerCase())],
  ["Monero", (s) => s.length === 95 || s.length === 106],
  ["Xrp", (s) => s.startsWith("r") && s.length >= 25 && s.length <= 35],
  ["Base58Check", (s) => s.length >= 25 && s.length <= 36],
  ["Solana", (s) => s.length >= 32 && s.length <= 44],
  ["Segwit", (s) => !(/[a-z]/.test(s) && /[A-Z]/.test(s)) && s.length <= 90 && /^[a-zA-Z]+$/.test(hrpOf(s) || "")],
];

// Parses `s` as `family`: one of `families`, or a base58check chain (Bitcoin, Litecoin, …).
function parseAs(family, s) {
  const parser = families[family] ? family : "Base58Check";
  const r = families[parser](s);
  const parsed = r instanceof Uint8Array ? { family, canonical: r } : r;
  if (parser === "Base58Check" && family !== "Base58Check" && parsed.family !== family) {
    throw new Error(`${s} is ${parsed.family}, not ${family}`);
  }
  return parsed;
}

function addressKey(s) {
  if (!s || /[\s\x00-\x1f\x7f]/.test(s) || !/^[\x20-\x7e]*$/.test(s)) throw new Error("not an address");
  let first = null;
  for (const [family, shaped] of ORDER) {
    if (!shaped(s)) continue;
    try {
      const { family: f, canonical } = parseAs(family, s);
      return { family: f, canonical, key: keyOf(canonical) };
    } catch (e) {
      first = first || e;
    }
  }
  throw first || new Error("no family has its shape");
}

// ---- The vectors: accounts (every encoding of one account: one key) and invalid addresses.
function synthetic() {
  const hash = Buffer.from(keccak256.arrayBuffer("zkcomply address vectors")).subarray(0, 20);
  const withVersion = (v) => bs58check.encode(Buffer.concat([Buffer.from(v), hash]));
  const p2sh = withVersion([0x05]);
  const p2shCash = cashaddr.encode("bitcoincash", "P2SH", Uint8Array.from(hash));
  const standard = "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL";
  const keys = moneroDecode(standard).subarray(0, 65);
  const integrated = moneroEncodeCheck(Buffer.concat([Buffer.from([19]), keys.subarray(1), Buffer.from("0123456789abcdef", "hex")]));
  const v0 = [0, ...bech32.toWords(hash)];
  return {
    dogecoin: withVersion([0x1e]),
    dogecoinP2sh: withVersion([0x16]),
    zcashT3: withVersion([0x1c, 0xbd]),
    unknownVersion: withVersion([0x99]),
    p2sh,
    p2shCash,
    p2shCashBare: p2shCash.split(":")[1],
    monero: standard,
    moneroIntegrated: integrated,
    ltcSegwit: bech32.encode("ltc", v0),
    v0WithBech32m: bech32m.encode("bc", v0),
  };
}

function vectors() {
  const x = synthetic();
  const flip = (s, i = s.length - 1) => s.slice(0, i) + (s[i] === "2" ? "3" : "2") + s.slice(i + 1);
  const evm = "0x8589427373D6D84E98730D7795D8f6f8731FDA16";
  const cash = "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq";
  const legacy = (c) => {
    const { type, hash } = cashaddr.decode(c);
    return bs58check.encode(Buffer.from([type === "P2PKH" ? 0x00 : 0x05, ...hash]));
  };
  const tronHex = hex(bs58check.decode("TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre"));
  const accounts = [
    ["Evm", [evm, evm.toLowerCase(), "0x" + evm.slice(2).toUpperCase(), "0X" + evm.slice(2), evm.slice(2), evm.slice(2).toLowerCase(), evm.slice(2).toUpperCase()]],
    ["Evm", ["0x000000000000000000000000000000000000dEaD", "000000000000000000000000000000000000dead"]],
    ["Tron", ["TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre", tronHex, tronHex.toUpperCase()]],
    ["Tron", ["TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq"]],
    ["CashAddr", [cash, cash.toUpperCase(), cash.split(":")[1], cash.split(":")[1].toUpperCase(), ["Base58Check", legacy(cash)]]],
    ["CashAddr", [x.p2shCash, x.p2shCashBare, x.p2shCashBare.toUpperCase(), ["Base58Check", x.p2sh]]],
    ["Bitcoin", ["12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"]],
    ["Bitcoin", ["12sjrrhoFEsedNRhtgwvvRqjFTh8fZTDX9"]],
    ["Bitcoin", ["3LtcaPbCj87CwJHnRX3vh7c2y9RZQqeSy8"]],
    ["Litecoin", ["LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb"]],
    ["Litecoin", ["M8yFL6SFC6TreATegTyuSYkDfDRbisdpT3"]],
    ["Dogecoin", [x.dogecoin]],
    ["Dogecoin", [x.dogecoinP2sh]],
    ["Dogecoin", ["DFFJhnQNZf8rf67tYnesPu7MuGUpYtzv7Z"]],
    ["Dash", ["XnPFsRWTaSgiVauosEwQ6dEitGYXgwznz2"]],
    ["Zcash", ["t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWL"]],
    ["Zcash", [x.zcashT3]],
    ["BitcoinGold", ["GPwg61XoHqQPNmAucFACuQ5H9sGCDv9TpS"]],
    ["Segwit", ["bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6", "BC1QA5WKGAEW2DKV56KFVJ49J0AV5NML45X9EK9HZ6"]],
    ["Segwit", ["bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"]],
    ["Segwit", [x.ltcSegwit, x.ltcSegwit.toUpperCase()]],
    ["Xrp", ["rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66"]],
    ["Monero", [x.monero, x.moneroIntegrated]],
    ["Monero", ["884Bz8UH63aYsjVdkfWfScRYWZGGNbjFL7pztqvWNSrtYT4reFSwyvkCj9KEGUtheHhhMUj87ciTBFyzoesrMJ4L1FvSoxL"]],
    ["Solana", ["So11111111111111111111111111111111111111112"]],
    ["Solana", ["11111111111111111111111111111111"]],
    ["Solana", ["9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"]],
  ];
  const out = [];
  for (const [expected, addresses] of accounts) {
    const entries = addresses.map((a) => {
      // [family, address]: parse as that family (the legacy form in a cashaddr group).
      const [family, address] = Array.isArray(a) ? a : [expected, a];
      const parsed = parseAs(family, address);
      const auto = addressKey(address);
      if (auto.family !== parsed.family || !Buffer.from(auto.canonical).equals(Buffer.from(parsed.canonical))) {
        throw new Error(`${address}: §3's order gives ${auto.family}, expected ${parsed.family}`);
      }
      return { address, family: parsed.family, canonical_hex: hex(parsed.canonical), key: keyOf(parsed.canonical) };
    });
    const keys = new Set(entries.map((e) => e.key));
    if (keys.size !== 1) throw new Error(`${addresses[0]}: its encodings give ${keys.size} keys`);
    out.push({ key: entries[0].key, addresses: entries });
  }
  if (new Set(out.map((acc) => acc.key)).size !== out.length) throw new Error("two accounts share a key");

  // Invalid addresses, each refused by the independent library of its family.
  const invalid = [
    ["Evm", "0x8589427373d6D84E98730D7795D8f6f8731FDA16", "EVM: EIP-55 checksum mismatch"],
    ["Evm", "8589427373D6D84E98730D7795D8f6f8731FDa16", "EVM: EIP-55 checksum mismatch"],
    ["Evm", evm.slice(0, 40), "EVM: wrong length: an EVM address has 40 hex digits, found 38"],
    ["Evm", "0x8589427373D6D84E98730D7795D8f6f8731FDA1G", "EVM: bad hex: 'G' is not a hex digit"],
    ["Base58Check", flip("18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB"), "bitcoin base58check: checksum mismatch"],
    ["Base58Check", "12qtd5bfwrsdnsazy76uve1xycgntojh9h", "bitcoin base58check: checksum mismatch"],
    ["Base58Check", "lnf2jdiuunbz7gmdkfyhn4rq5mexwxiwfb", "base58check: 'l' at position 0 is not a base58 character"],
    ["Base58Check", flip("LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb"), "litecoin base58check: checksum mismatch"],
    ["Base58Check", flip("t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWL"), "zcash transparent base58check: checksum mismatch"],
    ["Base58Check", x.unknownVersion, "base58check: unknown version 0x99"],
    ["Base58Check", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9", "base58check: wrong length"],
    ["Tron", flip("TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre"), "TRON base58check: checksum mismatch"],
    ["CashAddr", "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhQ", "cashaddr: mixed case"],
    ["CashAddr", "Qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq", "cashaddr: mixed case"],
    ["CashAddr", "bitcoincash:QPF2CPHC5DKUCLKQUR7LHJ2YUQQ9PK3HMUKLE77VHQ", "cashaddr: mixed case"],
    ["CashAddr", "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhr", "cashaddr: checksum mismatch"],
    ["CashAddr", "bchtest:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq", "cashaddr: prefix \"bchtest\" is not \"bitcoincash\""],
    ["Segwit", "bc1qA5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6", "segwit bech32/bech32m: decoding segwit address failed: parsing unchecked hrpstring failed: character error: mixed-case strings not allowed"],
    ["Segwit", "bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz7", "segwit bech32/bech32m: decoding segwit address failed: invalid checksum"],
    ["Segwit", x.v0WithBech32m, "segwit bech32/bech32m: decoding segwit address failed: invalid checksum"],
    ["Xrp", flip("rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66"), "XRP base58check: checksum mismatch"],
    ["Monero", flip(x.monero), "monero base58: checksum mismatch (Keccak-256)"],
    ["Solana", "So111111111111111111111111111111111111111", "solana base58: wrong length"],
    [null, "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320", "64 hex digits: not an address of any supported family (an EVM address has 40 hex digits, a TRON hex address 42 starting with 41; 64 is the length of a hash or a key)"],
  ].map(([family, address, message]) => {
    if (family) {
      let refused = false;
      try {
        parseAs(family, address);
      } catch (_) {
        refused = true;
      }
      if (!refused) throw new Error(`${address} is valid ${family} according to the libraries`);
    }
    let autoRefused = false;
    try {
      addressKey(address);
    } catch (_) {
      autoRefused = true;
    }
    if (!autoRefused) throw new Error(`${address} parses in some family`);
    return { address, message };
  });
  return { accounts: out, invalid };
}

function versions() {
  const out = {};
  for (const p of ["bs58", "bs58check", "cashaddrjs", "bech32", "ethers", "ripple-address-codec", "js-sha3"]) {
    out[p] = require(path.join(__dirname, "node_modules", p, "package.json")).version;
  }
  return out;
}

if (require.main === module) {
  const out = process.argv[2] || path.join(__dirname, "..", "circuits", "tests", "vectors", "address_keys.json");
  const { accounts, invalid } = vectors();
  const doc = {
    note:
      "Generated by tools/address_vectors.js (node tools/address_vectors.js): docs/SPEC.md §3 address keys " +
      "computed with independent npm libraries. Each account lists encodings that must give one key; each " +
      "invalid address must be refused with an error containing `message` (the family and the failed check).",
    libraries: versions(),
    accounts,
    invalid,
  };
  fs.writeFileSync(out, JSON.stringify(doc, null, 2) + "\n");
  console.log(`${out}: ${accounts.length} accounts, ${invalid.length} invalid addresses`);
}

module.exports = { addressKey, keyOf };
