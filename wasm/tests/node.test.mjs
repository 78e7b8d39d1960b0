// Node.js tests of every exported function of the WebAssembly package, with bad input:
// garbage key bytes, malformed JSON, wrong types. Run by scripts/test.sh after wasm/build.sh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const z = require("../pkg/node/zkcomply_wasm.js");

const LISTED = "0x8589427373D6D84E98730D7795D8f6f8731FDA16";
const ME = "0x000000000000000000000000000000000000dEaD";
const R = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
const LIST = `# test list\n${LISTED}\n\n  0x722122dF12D4e14e13Ac3b6895a86e84145b6967  \n`;

/** Asserts that `f` throws a JS Error whose message contains every part. */
function throwsWith(f, ...parts) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof Error, `not an Error: ${e}`);
    for (const p of parts) assert.ok(e.message.includes(p), `${JSON.stringify(e.message)} lacks ${p}`);
    return true;
  });
}

function world() {
  const tree = z.SanctionsTree.fromList(LIST, 4);
  const registry = new z.Registry(4);
  const me = z.identityNew(ME);
  const listed = z.identityNew(LISTED);
  registry.insert(z.identityCommitment(me));
  registry.insert(z.identityCommitment(listed));
  return { tree, registry, me, listed };
}

test("version and identities", () => {
  assert.match(z.version(), /^\d+\.\d+\.\d+$/);
  const id = JSON.parse(z.identityNew(ME));
  assert.equal(id.format, "zkcomply-identity/2");
  assert.equal(z.identityPublicKey(JSON.stringify(id)), id.public_key);
  assert.notEqual(id.public_key, id.commitment);
  assert.match(z.identityCommitment(JSON.stringify(id)), /^0x[0-9a-f]{64}$/);
  throwsWith(() => z.identityNew("0x1234"), "invalid address");
  throwsWith(() => z.identityCommitment("{"), "identity");
  throwsWith(() => z.identityCommitment(JSON.stringify({ ...id, secret: R })), "modulus");
  assert.throws(() => z.identityNew(42));
});

test("registration: a wallet's personal_sign (ethers) registers its own account only", async () => {
  // ethers is one of the independent tools (tools/node_modules), installed by scripts/test.sh.
  const { ethers } = require("../../tools/node_modules/ethers");
  const alice = new ethers.Wallet("0x" + "11".repeat(32));
  const mallory = new ethers.Wallet("0x" + "22".repeat(32));
  const id = z.identityNew(alice.address);
  const pk = z.identityPublicKey(id);
  const message = z.registrationMessage(alice.address.toLowerCase(), pk, "kyc.test", 1n);
  assert.ok(message.includes(`account: ${alice.address}`) && message.includes(`public key: ${pk}`));
  const request = (signature, address = alice.address, chain_id = 1) =>
    JSON.stringify({ format: "zkcomply-registration/1", address, public_key: pk, registry: "kyc.test", chain_id, signature });
  const signature = await alice.signMessage(message);
  assert.equal(z.verifyRegistration(request(signature), "kyc.test", 1n), z.identityCommitment(id));
  // Mallory's signature of Alice's message, Alice's signature for another chain, or the
  // request presented to another registry or chain: refused.
  const byMallory = await mallory.signMessage(message);
  throwsWith(() => z.verifyRegistration(request(byMallory), "kyc.test", 1n), "signed by", mallory.address);
  const otherChain = await alice.signMessage(z.registrationMessage(alice.address, pk, "kyc.test", 5n));
  throwsWith(() => z.verifyRegistration(request(otherChain), "kyc.test", 1n), "signed by");
  throwsWith(() => z.verifyRegistration(request(signature), "kyc.other", 1n), "kyc.other");
  throwsWith(() => z.verifyRegistration(request(signature, mallory.address), "kyc.test", 1n), "signed by");
  throwsWith(() => z.verifyRegistration(request("0x1234"), "kyc.test", 1n), "65 bytes");
  throwsWith(() => z.verifyRegistration("{", "kyc.test", 1n), "registration request");
  throwsWith(() => z.registrationMessage("bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6", pk, "kyc.test", 1n), "bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6", "an EVM account is written 0x");
  throwsWith(() => z.registrationMessage(alice.address, R, "kyc.test", 1n), "modulus");
});

test("trees", () => {
  const { tree, registry } = world();
  assert.equal(tree.size(), 2);
  assert.ok(tree.isListed(LISTED));
  assert.ok(!tree.isListed(ME));
  assert.match(tree.root(), /^0x[0-9a-f]{64}$/);
  throwsWith(() => tree.isListed("not an address"), "invalid address");
  throwsWith(() => z.SanctionsTree.fromList("0xnope\n", 4), "invalid address");
  throwsWith(() => z.SanctionsTree.fromList(LIST, 0), "depth");
  throwsWith(() => z.SanctionsTree.fromSnapshot(new Uint8Array([1, 2, 3])), "snapshot");

  const copy = z.Registry.fromJson(registry.toJson());
  assert.equal(copy.root(), registry.root());
  assert.equal(copy.size(), 2n);
  assert.equal(copy.insert("7"), 2n);
  assert.notEqual(copy.root(), registry.root());
  throwsWith(() => copy.insert(R), "modulus");
  throwsWith(() => copy.insert("0xzz"), "leaf");
  throwsWith(() => z.Registry.fromJson("{}"), "registry");
  // A root with its last hex digit changed (always a change, whatever the random root).
  const json = registry.toJson();
  const root = JSON.parse(json).root;
  const wrong = root.slice(0, -1) + (root.endsWith("0") ? "1" : "0");
  throwsWith(() => z.Registry.fromJson(json.replace(root, wrong)), "root");
  throwsWith(() => new z.Registry(41), "depth");
  const state = new z.StateTree(4);
  throwsWith(() => z.StateTree.fromJson(registry.toJson()), "format");
  assert.equal(z.StateTree.fromJson(state.toJson()).root(), state.root());
});

test("prove and verify compliance, and every refusal", () => {
  const { tree, registry, me, listed } = world();
  const pk = z.setupDev("compliance", 4, 4, 4, 1n);
  const prover = z.Prover.fromBytes(pk);
  assert.equal(prover.policy, "compliance");
  assert.ok(prover.insecureDevSetup);
  const vk = prover.verifyingKey();
  const request = JSON.stringify({ amount: 900, limit: 1000, scope: "1", context: "0x2a" });
  const proof = prover.prove(me, tree, registry, request);
  assert.equal(JSON.parse(proof).format, "zkcomply-proof/1");
  assert.equal(z.verify(vk, proof), true);

  // tampered: a public input changed, or a proof point flipped
  const p = JSON.parse(proof);
  const tampered = { ...p, public_inputs: { ...p.public_inputs, limit: "0x" + (1001).toString(16) } };
  assert.equal(z.verify(vk, JSON.stringify(tampered)), false);
  throwsWith(() => z.verify(vk, JSON.stringify({ ...p, public_inputs: { ...p.public_inputs, context: R } })), "modulus");
  throwsWith(() => z.verify(vk, "{"), "proof");
  throwsWith(() => z.verify(new Uint8Array([0, 1, 2]), proof), "verifying key");
  throwsWith(() => z.verify(pk, proof), "verifying key");

  // refusals of the witness builder
  throwsWith(() => prover.prove(listed, tree, registry, request), "is on the sanctions list");
  throwsWith(() => prover.prove(z.identityNew("0x1111111111111111111111111111111111111111"), tree, registry, request), "not in the registry");
  throwsWith(() => prover.prove(me, tree, registry, JSON.stringify({ amount: 1001, limit: 1000, scope: 1, context: 2 })), "exceeds limit");
  throwsWith(() => prover.prove(me, tree, registry, "{"), "request", "invalid JSON");
  throwsWith(() => prover.prove(me, tree, registry, "[]"), "JSON object");
  throwsWith(() => prover.prove(me, tree, registry, JSON.stringify({ amount: -1, limit: 5, scope: 1, context: 2 })), "amount");
  throwsWith(() => prover.prove(me, tree, registry, JSON.stringify({ amount: 1, limit: 5, scope: 1, context: 2, x: 1 })), "unknown field");
  throwsWith(() => prover.prove(me, tree, registry, JSON.stringify({ amount: 1, limit: 5, scope: 1 })), "context");
  throwsWith(() => prover.prove(me, tree, registry, JSON.stringify({ amount: 1, limit: 5, scope: R, context: 2 })), "modulus");
  throwsWith(() => prover.prove("{}", tree, registry, request), "identity");
  throwsWith(() => prover.prove(me, z.SanctionsTree.fromList(LIST, 5), registry, request), "depth");
  throwsWith(() => prover.proveAmount(request), "use prove");
  assert.throws(() => prover.prove(me, registry, tree, request)); // wrong classes

  // garbage and truncated keys
  throwsWith(() => z.Prover.fromBytes(new Uint8Array([1, 2, 3])), "proving key");
  throwsWith(() => z.Prover.fromBytes(pk.slice(0, pk.length - 1)), "proving key");
  throwsWith(() => z.Prover.fromBytes(vk), "proving key");
  throwsWith(() => z.setupDev("nope", 4, 4, 4, 1n), "unknown policy");
  throwsWith(() => z.setupDev("compliance", 0, 4, 4, 1n), "depth");
});

test("prover cache: prepared state round trip, and refusals", () => {
  const { tree, registry, me } = world();
  const prover = z.Prover.fromBytes(z.setupDev("compliance", 4, 4, 4, 2n));
  const cached = prover.cacheBytes();
  const again = z.Prover.fromCacheBytes(cached);
  assert.equal(again.policy, "compliance");
  assert.deepEqual(again.verifyingKey(), prover.verifyingKey());
  const proof = again.prove(me, tree, registry, JSON.stringify({ amount: 3, limit: 9, scope: 1, context: 5 }));
  assert.equal(z.verify(prover.verifyingKey(), proof), true);
  assert.deepEqual(again.cacheBytes(), cached);
  throwsWith(() => z.Prover.fromCacheBytes(new Uint8Array([1, 2, 3])), "prover cache");
  throwsWith(() => z.Prover.fromCacheBytes(cached.slice(0, cached.length - 1)), "prover cache");
  throwsWith(() => z.Prover.fromCacheBytes(z.setupDev("compliance", 4, 4, 4, 2n)), "prover cache");
  const flipped = cached.slice();
  flipped[flipped.length >> 1] ^= 1;
  throwsWith(() => z.Prover.fromCacheBytes(flipped), "prover cache");
  assert.equal(z.threads(), false); // the Node.js build is single-threaded
});

test("transfer_limit and period_limit", () => {
  const { tree, registry, me } = world();
  const amountOnly = z.Prover.fromBytes(z.setupDev("transfer_limit", 4, 4, 4, 1n));
  const p = amountOnly.proveAmount(JSON.stringify({ amount: 5, limit: 10, context: 3 }));
  assert.equal(z.verify(amountOnly.verifyingKey(), p), true);
  throwsWith(() => amountOnly.proveAmount(JSON.stringify({ amount: 11, limit: 10, context: 3 })), "exceeds limit");

  const period = z.Prover.fromBytes(z.setupDev("period_limit", 4, 4, 4, 1n));
  const vk = period.verifyingKey();
  const state = new z.StateTree(4);
  const req = (amount, day) => JSON.stringify({ amount, limit: 1000, scope: 9, context: 2, period: day });
  const first = period.provePeriod(me, tree, registry, state, undefined, req(600, 7));
  assert.equal(z.verify(vk, first.proof), true);
  assert.equal(JSON.parse(first.nextNote).spent, 600);
  state.insert(JSON.parse(first.proof).public_inputs.new_note);
  const second = period.provePeriod(me, tree, registry, state, first.nextNote, req(400, 7));
  assert.equal(JSON.parse(second.nextNote).spent, 1000);
  throwsWith(() => period.provePeriod(me, tree, registry, state, second.nextNote, req(1, 7)), "is not in the state tree");
  state.insert(JSON.parse(second.proof).public_inputs.new_note);
  throwsWith(() => period.provePeriod(me, tree, registry, state, second.nextNote, req(1, 7)), "exceeds the period limit 1000");
  throwsWith(() => period.provePeriod(me, tree, registry, state, second.nextNote, req(1, 6)), "periods never go back");
  throwsWith(() => period.provePeriod(me, tree, registry, state, second.nextNote, req(0, 8)), "at least 1");
  throwsWith(() => period.provePeriod(me, tree, registry, state, "{}", req(1, 8)), "note");
  const next = period.provePeriod(me, tree, registry, state, second.nextNote, req(1000, 8));
  assert.equal(JSON.parse(next.nextNote).spent, 1000);
  throwsWith(() => period.prove(me, tree, registry, req(1, 8)), "use provePeriod");
});

test("a proof made in WebAssembly verifies natively (the zkcomply CLI), a tampered one does not", async (t) => {
  const bin = process.env.ZKCOMPLY_BIN;
  if (!bin) {
    t.skip("ZKCOMPLY_BIN is not set");
    return;
  }
  const { execFileSync, spawnSync } = await import("node:child_process");
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { tree, registry, me } = world();
  const prover = z.Prover.fromBytes(z.setupDev("compliance", 4, 4, 4, 3n));
  const proof = prover.prove(me, tree, registry, JSON.stringify({ amount: 1, limit: 2, scope: 3, context: 4 }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkcomply-wasm-"));
  fs.writeFileSync(path.join(dir, "c.vk"), prover.verifyingKey());
  fs.writeFileSync(path.join(dir, "proof.json"), proof);
  const out = execFileSync(bin, ["verify", "--vk", path.join(dir, "c.vk"), "--proof", path.join(dir, "proof.json")], { stdio: ["ignore", "pipe", "ignore"] });
  assert.equal(out.toString().split("\n")[0], "accepted");
  const p = JSON.parse(proof);
  p.public_inputs.scope = "0x05";
  fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify(p));
  const bad = spawnSync(bin, ["verify", "--vk", path.join(dir, "c.vk"), "--proof", path.join(dir, "bad.json")]);
  assert.equal(bad.status, 1);
  fs.rmSync(dir, { recursive: true });
});
