// The proving worker: loads the WebAssembly build (multi-threaded when the page is
// cross-origin isolated and threads are wanted, single-threaded otherwise), the proving key
// (from the Cache API when it was downloaded before) and the trees, then answers the
// calls of `ZkComply` (index.js) one at a time. Proving never blocks the page.

let z; // the wasm-bindgen module
let prover; // the Prover of the loaded key
let sanctions, registry, state; // the trees the proofs are made against
let threads = 1;

const KEYS = "zkcomply-keys-v1"; // key files, by URL
const PROVERS = "zkcomply-provers-v1"; // prepared provers, by their key's URL

/** The bytes at `url`, from the Cache API when it holds them (else fetched and stored). */
async function cachedBytes(cache, url) {
  let response = cache && (await cache.match(url));
  const source = response ? "cache" : "network";
  if (!response) {
    response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (cache) await cache.put(url, response.clone());
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()), source };
}

// The prepared prover (`Prover.cacheBytes`: key with uncompressed points, constraint
// matrices) is cached next to the key, authenticated with an HMAC key that is made in this
// origin and never leaves it (non-extractable, in IndexedDB): `fromCacheBytes` skips the
// slow checks, so it only reads bytes this code wrote.

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("zkcomply", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("keys");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function request(store, f) {
  return new Promise((resolve, reject) => {
    const r = f(store);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** This origin's HMAC key for prepared provers (made on first use). */
async function macKey() {
  const db = await database();
  try {
    const store = (mode) => db.transaction("keys", mode).objectStore("keys");
    const existing = await request(store("readonly"), (s) => s.get("prover-cache-mac"));
    if (existing) return existing;
    const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    try {
      await request(store("readwrite"), (s) => s.add(key, "prover-cache-mac"));
      return key;
    } catch {
      return await request(store("readonly"), (s) => s.get("prover-cache-mac")); // made meanwhile
    }
  } finally {
    db.close();
  }
}

/** What the MAC covers: the key's URL the entry is stored under, then the bytes. */
function signed(url, bytes) {
  const name = new TextEncoder().encode(url);
  const all = new Uint8Array(name.length + 1 + bytes.length);
  all.set(name);
  all.set(bytes, name.length + 1);
  return all;
}

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (s) => new Uint8Array((s.match(/../g) ?? []).map((h) => parseInt(h, 16)));

/** The prepared prover cached for `url`, if its MAC is right and it loads; else undefined. */
async function preparedProver(cache, url) {
  const response = await cache.match(url);
  if (!response) return undefined;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const tag = unhex(response.headers.get("x-zkcomply-mac") ?? "");
  const key = await macKey();
  if (tag.length === 32 && (await crypto.subtle.verify("HMAC", key, tag, signed(url, bytes)))) {
    try {
      return z.Prover.fromCacheBytes(bytes);
    } catch {
      // An entry of another version of this package: made again below.
    }
  }
  await cache.delete(url);
  return undefined;
}

async function storePrepared(cache, url, p) {
  const bytes = p.cacheBytes();
  const tag = await crypto.subtle.sign("HMAC", await macKey(), signed(url, bytes));
  await cache.put(url, new Response(bytes, { headers: { "x-zkcomply-mac": hex(tag) } }));
}

/** Loads the proving key: prepared from the cache, else checked from the bytes. */
async function loadProver({ key, keyUrl, cache: useCache }) {
  const cached = useCache && keyUrl && self.caches && self.indexedDB;
  const [cache, provers] = cached ? await Promise.all([caches.open(KEYS), caches.open(PROVERS)]) : [];
  const url = keyUrl && new URL(keyUrl, self.location.href).href;
  let t = performance.now();
  if (cached) {
    const p = await preparedProver(provers, url);
    if (p) return { prover: p, keySource: "prepared", downloadMs: 0, loadMs: performance.now() - t };
  }
  let keySource = "bytes";
  if (!key) ({ bytes: key, source: keySource } = await cachedBytes(cache, keyUrl));
  const downloadMs = performance.now() - t;
  t = performance.now();
  const p = z.Prover.fromBytes(key);
  const loadMs = performance.now() - t;
  if (cached) await storePrepared(provers, url, p);
  return { prover: p, keySource, keyBytes: key.length, downloadMs, loadMs };
}

const timed = (f) => {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
};

const methods = {
  async init({ threads: wanted, key, keyUrl, cache = true }) {
    const isolated = self.crossOriginIsolated === true;
    const multi = wanted !== 1 && isolated;
    z = await import(multi ? "../pkg/web-threads/zkcomply_wasm.js" : "../pkg/web/zkcomply_wasm.js");
    await z.default();
    if (multi) {
      threads = wanted > 1 ? wanted : navigator.hardwareConcurrency || 2;
      await z.initThreadPool(threads);
    }
    const loaded = await loadProver({ key, keyUrl, cache });
    prover = loaded.prover;
    return {
      threads,
      isolated,
      policy: prover.policy,
      insecureDevSetup: prover.insecureDevSetup,
      keyBytes: loaded.keyBytes,
      keySource: loaded.keySource,
      downloadMs: loaded.downloadMs,
      loadMs: loaded.loadMs,
    };
  },
  sanctions({ snapshot, list, depth }) {
    sanctions?.free();
    sanctions = snapshot ? z.SanctionsTree.fromSnapshot(snapshot) : z.SanctionsTree.fromList(list, depth);
    return { root: sanctions.root(), size: sanctions.size() };
  },
  registry({ json }) {
    registry?.free();
    registry = z.Registry.fromJson(json);
    return { root: registry.root(), size: Number(registry.size()) };
  },
  state({ json }) {
    state?.free();
    state = z.StateTree.fromJson(json);
    return { root: state.root(), size: Number(state.size()) };
  },
  verifyingKey() {
    return prover.verifyingKey();
  },
  isListed({ address }) {
    return need(sanctions, "sanctions").isListed(address);
  },
  prove({ identity, request }) {
    const { value, ms } = timed(() =>
      prover.prove(identity, need(sanctions, "sanctions"), need(registry, "registry"), request),
    );
    return { proof: value, ms };
  },
  proveAmount({ request }) {
    const { value, ms } = timed(() => prover.proveAmount(request));
    return { proof: value, ms };
  },
  provePeriod({ identity, note, request }) {
    const { value, ms } = timed(() =>
      prover.provePeriod(identity, need(sanctions, "sanctions"), need(registry, "registry"), need(state, "state"), note ?? undefined, request),
    );
    return { proof: value.proof, nextNote: value.nextNote, ms };
  },
  verify({ verifyingKey, proof }) {
    return z.verify(verifyingKey, proof);
  },
};

function need(tree, name) {
  if (!tree) throw new Error(`no ${name} tree: set it before proving`);
  return tree;
}

self.onmessage = async ({ data: { id, method, args } }) => {
  try {
    if (method !== "init" && !prover) throw new Error("the worker is not initialised");
    const f = methods[method];
    if (!f) throw new Error(`unknown method ${method}`);
    self.postMessage({ id, ok: true, value: await f(args ?? {}) });
  } catch (e) {
    self.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
