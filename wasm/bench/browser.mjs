// Browser vs native proving of `compliance` (DS = 32, DR = 20) in one run, on the demo's
// files: headless Chromium single-threaded (page not cross-origin isolated) and
// multi-threaded (isolated, one thread per core), and the native CLI's `prove_ms`.
// Needs wasm/build.sh and wasm/demo/prepare.sh. Usage: node wasm/bench/browser.mjs [runs]
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../demo/serve.mjs";

const WASM = fileURLToPath(new URL("..", import.meta.url));
const FILES = join(WASM, "demo/files");
const BIN = process.env.ZKCOMPLY_BIN ?? join(WASM, "../target/release/zkcomply");
const { chromium } = await import(join(WASM, "../tools/node_modules/playwright-core/index.mjs"));
const runs = Number(process.argv[2] ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const request = JSON.stringify({ amount: 250, limit: 1000, scope: 7, context: 42 });

function native() {
  const dir = mkdtempSync(join(tmpdir(), "zkcomply-bench-"));
  const times = [];
  spawnSync("sh", ["-c", `echo '${request}' > ${dir}/request.json`]);
  for (let i = 0; i < runs; i++) {
    const out = spawnSync(BIN, ["prove", "--json", "--pk", `${FILES}/compliance.pk`, "--identity", `${FILES}/alice.json`,
      "--sanctions", `${FILES}/sanctions.bin`, "--registry", `${FILES}/registry.json`, "--request", `${dir}/request.json`, "--out", `${dir}/p.json`]);
    if (out.status !== 0) throw new Error(`zkcomply prove: ${out.stderr}`);
    times.push(JSON.parse(out.stdout).prove_ms);
  }
  rmSync(dir, { recursive: true });
  return median(times);
}

async function browser(isolated) {
  const server = await serve({ port: 0, isolated });
  const profile = mkdtempSync(join(tmpdir(), "zkcomply-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}demo/`);
    const info = await page.evaluate(() => window.zkcomplyDemo.ready());
    await page.evaluate(() => window.zkcomplyDemo.prove("alice", 250)); // warm-up
    const times = [];
    for (let i = 0; i < runs; i++) {
      const r = await page.evaluate(() => window.zkcomplyDemo.prove("alice", 250));
      if (!r.ok || !r.verified) throw new Error(`browser proof failed: ${r.error}`);
      times.push(r.ms);
    }
    return { ms: median(times), info };
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const n = native();
const single = await browser(false);
const multi = await browser(true);
const chromiumVersion = spawnSync(process.env.CHROMIUM ?? "/usr/bin/chromium", ["--version"]).stdout.toString().trim();
console.log(`compliance, DS = 32, DR = 20; median of ${runs}; ${availableParallelism()} cores; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}; ${chromiumVersion}`);
console.log("| prover | prove | vs native | key check + load |\n| --- | ---: | ---: | ---: |");
console.log(`| native (Rust, ${availableParallelism()} threads) | ${n.toFixed(0)} ms | 1.00 | |`);
for (const [name, r] of [["browser, 1 thread", single], [`browser, ${multi.info.threads} threads`, multi]]) {
  console.log(`| ${name} | ${r.ms.toFixed(0)} ms | ${(r.ms / n).toFixed(2)}× | ${(r.info.loadMs / 1000).toFixed(1)} s |`);
}
console.log(`multi-threaded vs single-threaded in the browser: ${(single.ms / multi.ms).toFixed(2)}× faster; proving key ${(multi.info.keyBytes / 1e6).toFixed(2)} MB`);
