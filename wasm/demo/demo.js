// The demo page: a ZkComply worker loads the `compliance` key, the sanctions list and the
// registry, then proves a transfer for Alice (a clean address) or for Mallory (a sanctioned
// address: the prover refuses). `window.zkcomplyDemo` lets the browser tests drive the page.
import { ZkComply } from "../js/index.js";

const $ = (id) => document.getElementById(id);
const files = new URL("files/", location.href);
const text = async (name) => (await fetch(new URL(name, files))).text();
const bytes = async (name) => new Uint8Array(await (await fetch(new URL(name, files))).arrayBuffer());

let ticks = 0;
setInterval(() => ($("ticker").textContent = `page ticks: ${++ticks}`), 20);

const threads = new URLSearchParams(location.search).get("threads");
const ready = (async () => {
  const zk = await ZkComply.create({
    keyUrl: new URL("compliance.pk", files).href,
    threads: threads ? Number(threads) : "auto",
  });
  await zk.setSanctions({ snapshot: await bytes("sanctions.bin") });
  await zk.setRegistry({ json: await text("registry.json") });
  const identities = { alice: await text("alice.json"), mallory: await text("mallory.json") };
  const { info } = zk;
  const key =
    info.keySource === "prepared"
      ? `prover prepared on an earlier visit, loaded from this browser's cache in ${info.loadMs.toFixed(0)} ms`
      : `proving key ${(info.keyBytes / 1e6).toFixed(2)} MB from the ${info.keySource} in ` +
        `${info.downloadMs.toFixed(0)} ms, checked and loaded in ${info.loadMs.toFixed(0)} ms`;
  $("status").textContent =
    `Ready: ${info.threads} thread${info.threads > 1 ? "s" : ""}` +
    `${info.isolated ? "" : " (page not cross-origin isolated)"}; ${key}.`;
  return { zk, identities };
})();

/** Proves a transfer of `amount` for `who`; resolves to the outcome (never rejects). */
async function prove(who, amount = Number($("amount").value)) {
  const { zk, identities } = await ready;
  const request = JSON.stringify({ amount, limit: 1000, scope: 7, context: 42 });
  const ticksBefore = ticks;
  try {
    const { proof, ms } = await zk.prove(identities[who], request);
    const verified = await zk.verify(await zk.verifyingKey(), proof);
    return { ok: true, proof, ms, verified, ticks: ticks - ticksBefore };
  } catch (e) {
    return { ok: false, error: e.message, ticks: ticks - ticksBefore };
  }
}

async function show(who) {
  $("result").textContent = "Proving…";
  $("proof").hidden = true;
  const r = await prove(who);
  if (r.ok) {
    $("result").className = "ok";
    $("result").textContent = `Proof made in ${r.ms.toFixed(0)} ms; it ${r.verified ? "verifies" : "does NOT verify"}.`;
    $("proof").textContent = r.proof;
    $("proof").hidden = false;
  } else {
    $("result").className = "refused";
    $("result").textContent = `Refused: ${r.error}`;
  }
}

ready.then(
  () => {
    for (const who of ["alice", "mallory"]) {
      $(who).disabled = false;
      $(who).onclick = () => show(who);
    }
  },
  (e) => ($("status").textContent = `Could not load the prover: ${e.message}`),
);

window.zkcomplyDemo = {
  ready: () => ready.then(({ zk }) => zk.info),
  prove,
};
