// The proving worker: loads the WebAssembly build (multi-threaded when the page is
// cross-origin isolated and threads are wanted, single-threaded otherwise), the proving key
// (from the Cache API when it was downloaded before) and the trees, then answers the
// calls of `ZkComply` (index.js) one at a time. Proving never blocks the page.

let z; // the wasm-bindgen module
let prover; // the Prover of the loaded key
let sanctions, registry, state; // the trees the proofs are made against
let threads = 1;

const CACHE = "zkcomply-keys-v1";

/** The bytes at `url`, from the Cache API when it holds them (else fetched and stored). */
async function cachedBytes(url, useCache) {
  const cache = useCache && self.caches ? await caches.open(CACHE) : undefined;
  let response = cache && (await cache.match(url));
  const source = response ? "cache" : "network";
  if (!response) {
    response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (cache) await cache.put(url, response.clone());
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()), source };
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
    let keySource = "bytes";
    let download = 0;
    if (!key) {
      const t = performance.now();
      ({ bytes: key, source: keySource } = await cachedBytes(keyUrl, cache));
      download = performance.now() - t;
    }
    const load = timed(() => z.Prover.fromBytes(key));
    prover = load.value;
    return {
      threads,
      isolated,
      policy: prover.policy,
      insecureDevSetup: prover.insecureDevSetup,
      keyBytes: key.length,
      keySource,
      downloadMs: download,
      loadMs: load.ms,
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
