// Headless-Chromium tests of the browser package: the demo page proves in a Web Worker,
// multi-threaded when the page is cross-origin isolated and single-threaded when it is not;
// the proof verifies natively (the zkcomply CLI), a tampered one does not; a sanctioned
// address and an amount over the limit are refused; the page's own thread keeps running
// while the worker proves; the second visit loads the prepared prover from the Cache API,
// and a prepared prover changed there is not used.
// Needs wasm/build.sh, wasm/demo/prepare.sh, Debian's chromium and playwright-core (tools/).
// Skipped when chromium is missing, unless ZKCOMPLY_REQUIRE_TOOLS is set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../demo/serve.mjs";

const WASM = fileURLToPath(new URL("..", import.meta.url));
const FILES = join(WASM, "demo/files");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const PLAYWRIGHT = join(WASM, "../tools/node_modules/playwright-core/index.mjs");
const BIN = process.env.ZKCOMPLY_BIN;

/** Why the browser tests cannot run here, or undefined. */
function missing() {
  if (!existsSync(CHROMIUM)) return `no chromium at ${CHROMIUM}`;
  if (!existsSync(PLAYWRIGHT)) return "playwright-core is not installed (npm ci --prefix tools)";
  if (!existsSync(join(FILES, "compliance.pk"))) return "no demo files (bash wasm/demo/prepare.sh)";
  if (!existsSync(join(WASM, "pkg/web-threads"))) return "no threaded build (bash wasm/build.sh)";
  if (!BIN) return "ZKCOMPLY_BIN is not set";
}

/** Launches headless chromium with a fresh profile; `run(browser)`; closes it. */
async function withChromium(run) {
  const { chromium } = await import(PLAYWRIGHT);
  const profile = mkdtempSync(join(tmpdir(), "zkcomply-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    return await run(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Opens the demo page; resolves to the page and the worker's info. */
async function open(context, url, query = "") {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${url}demo/${query}`);
  const info = await page.evaluate(() => window.zkcomplyDemo.ready());
  assert.deepEqual(errors, [], "page errors");
  return { page, info };
}

/** Runs `zkcomply verify` on a proof; returns its exit status. */
function verifyNatively(proof) {
  const dir = mkdtempSync(join(tmpdir(), "zkcomply-browser-"));
  try {
    writeFileSync(join(dir, "proof.json"), proof);
    return spawnSync(BIN, ["verify", "--vk", join(FILES, "compliance.vk"), "--proof", join(dir, "proof.json")]).status;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A test with a server (COOP/COEP headers when `isolated`) and a fresh chromium. */
function browserTest(name, isolated, run) {
  test(name, async (t) => {
    const why = missing();
    if (why && !process.env.ZKCOMPLY_REQUIRE_TOOLS) return t.skip(why);
    assert.equal(why, undefined, why);
    const server = await serve({ port: 0, isolated });
    try {
      await withChromium((context) => run(context, server.url));
    } finally {
      await server.close();
    }
  });
}

/** The demo's checks on one page. */
async function proveOnPage(page, info, threads) {
  assert.equal(info.policy, "compliance");
  assert.equal(info.keyBytes, readFileSync(join(FILES, "compliance.pk")).length);
  assert.equal(info.threads, threads);

  const ok = await page.evaluate(() => window.zkcomplyDemo.prove("alice", 250));
  assert.equal(ok.ok, true, ok.error);
  assert.equal(ok.verified, true, "verified in the worker");
  assert.ok(ok.ticks >= 1, "the page's thread ran while the worker proved");
  assert.equal(verifyNatively(ok.proof), 0, "the native verifier accepts the browser's proof");

  const tampered = JSON.parse(ok.proof);
  tampered.public_inputs.limit = "0x" + (1001).toString(16);
  assert.equal(verifyNatively(JSON.stringify(tampered)), 1, "tampered public input rejected natively");
  const flipped = JSON.parse(ok.proof);
  flipped.public_inputs.context = "0x2b";
  assert.equal(verifyNatively(JSON.stringify(flipped)), 1, "another context rejected natively");

  const sanctioned = await page.evaluate(() => window.zkcomplyDemo.prove("mallory", 250));
  assert.equal(sanctioned.ok, false);
  assert.match(sanctioned.error, /on the sanctions list/);
  const over = await page.evaluate(() => window.zkcomplyDemo.prove("alice", 1001));
  assert.equal(over.ok, false);
  assert.match(over.error, /limit/);
}

browserTest("browser: multi-threaded on a cross-origin isolated page, key cached", true, async (context, url) => {
  const first = await open(context, url, "?threads=2");
  assert.equal(first.info.isolated, true);
  assert.equal(first.info.keySource, "network");
  await proveOnPage(first.page, first.info, 2);
  await first.page.close();
  // The second visit loads the prover prepared on the first, from the Cache API.
  const second = await open(context, url, "?threads=2");
  assert.equal(second.info.keySource, "prepared");
  const again = await second.page.evaluate(() => window.zkcomplyDemo.prove("alice", 999));
  assert.equal(again.ok, true, again.error);
  assert.equal(verifyNatively(again.proof), 0);
  // A prepared prover changed in the cache (its MAC kept) is not used: the key is
  // taken from the cache and fully checked again.
  await second.page.evaluate(async () => {
    const cache = await caches.open("zkcomply-provers-v1");
    const url = new URL("files/compliance.pk", location.href).href;
    const entry = await cache.match(url);
    const bytes = new Uint8Array(await entry.arrayBuffer());
    bytes[bytes.length >> 1] ^= 1;
    await cache.put(url, new Response(bytes, { headers: entry.headers }));
  });
  await second.page.close();
  const third = await open(context, url, "?threads=2");
  assert.equal(third.info.keySource, "cache");
  const checked = await third.page.evaluate(() => window.zkcomplyDemo.prove("alice", 1));
  assert.equal(checked.ok, true, checked.error);
  assert.equal(verifyNatively(checked.proof), 0);
});

browserTest("browser: single-threaded when the page is not cross-origin isolated", false, async (context, url) => {
  const { page, info } = await open(context, url);
  assert.equal(info.isolated, false);
  await proveOnPage(page, info, 1);
});

browserTest("browser: the worker API refuses bad input with Errors", false, async (context, url) => {
  const page = await context.newPage();
  await page.goto(`${url}demo/files/`); // any page of the origin
  const outcome = await page.evaluate(async () => {
    const { ZkComply } = await import("/js/index.js");
    const failure = async (f) => {
      try {
        await f();
        return "no error";
      } catch (e) {
        return e instanceof Error ? e.message : `not an Error: ${e}`;
      }
    };
    const text = async (name) => (await fetch(`/demo/files/${name}`)).text();
    const out = {
      missingKey: await failure(() => ZkComply.create({ keyUrl: "/demo/files/nope.pk", cache: false })),
      noKey: await failure(() => ZkComply.create({})),
      garbageKey: await failure(() => ZkComply.create({ key: new Uint8Array([1, 2, 3]) })),
    };
    const key = new Uint8Array(await (await fetch("/demo/files/compliance.pk")).arrayBuffer());
    const zk = await ZkComply.create({ key, threads: 1 });
    out.keySource = zk.info.keySource;
    const alice = await text("alice.json");
    out.beforeTrees = await failure(() => zk.prove(alice, "{}"));
    out.badSnapshot = await failure(() => zk.setSanctions({ snapshot: new Uint8Array([9, 9, 9]) }));
    const list = await zk.setSanctions({ list: "0x8589427373D6D84E98730D7795D8f6f8731FDA16\n", depth: 8 });
    out.listSize = list.size;
    out.listed = await zk.isListed("0x8589427373d6d84e98730d7795d8f6f8731fda16");
    out.notListed = await zk.isListed("0x000000000000000000000000000000000000dEaD");
    out.badAddress = await failure(() => zk.isListed("0x1234"));
    out.badRegistry = await failure(() => zk.setRegistry({ json: "{" }));
    await zk.setRegistry({ json: await text("registry.json") });
    out.depthMismatch = await failure(() =>
      zk.prove(alice, JSON.stringify({ amount: 1, limit: 2, scope: 3, context: 4 })),
    );
    out.badRequest = await failure(() => zk.prove("{}", "not json"));
    out.wrongPolicy = await failure(() => zk.proveAmount(JSON.stringify({ amount: 1, limit: 2, context: 3 })));
    out.badVerify = await failure(() => zk.verify(new Uint8Array([1]), "{}"));
    zk.terminate();
    out.afterTerminate = await failure(() => zk.isListed("0x000000000000000000000000000000000000dEaD"));
    return out;
  });
  assert.match(outcome.missingKey, /HTTP 404/);
  assert.match(outcome.noKey, /needs `key`/);
  assert.match(outcome.garbageKey, /proving key/);
  assert.equal(outcome.keySource, "bytes");
  assert.match(outcome.beforeTrees, /no sanctions tree/);
  assert.match(outcome.badSnapshot, /snapshot/);
  assert.equal(outcome.listSize, 1);
  assert.equal(outcome.listed, true);
  assert.equal(outcome.notListed, false);
  assert.match(outcome.badAddress, /invalid address/);
  assert.match(outcome.badRegistry, /registry/);
  assert.match(outcome.depthMismatch, /depth/);
  assert.match(outcome.badRequest, /request|identity/);
  assert.match(outcome.wrongPolicy, /use prove/);
  assert.match(outcome.badVerify, /verifying key|proof/);
  assert.match(outcome.afterTerminate, /terminated/);
});
