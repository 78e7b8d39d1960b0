// zkcomply in the browser: a prover that runs in a Web Worker, so the page stays
// responsive, on several threads when the page is cross-origin isolated (COOP + COEP
// headers). The proving key is downloaded and fully checked once; the prover prepared from
// it is kept in the Cache API (authenticated with this origin's own HMAC key), so later
// visits load it in a fraction of the time.
//
//   import { ZkComply } from "zkcomply/browser";
//   const zk = await ZkComply.create({ keyUrl: "/keys/compliance.pk" });
//   await zk.setSanctions({ snapshot: await (await fetch("/lists/sanctions.bin")).bytes() });
//   await zk.setRegistry({ json: await (await fetch("/registry.json")).text() });
//   const { proof, ms } = await zk.prove(identityJson, JSON.stringify({ amount: 250, limit: 1000, scope: 7, context: 42 }));
//
// Every method returns a promise; a failure rejects it with an `Error` naming the problem
// (a sanctioned address, an amount over the limit, a malformed file…).

/** A proving worker holding one proving key and the trees its proofs are made against. */
export class ZkComply {
  #worker;
  #terminated = false;
  #next = 0;
  #pending = new Map();

  /** Information on the loaded key and the worker (see `create`). */
  info;

  constructor(worker) {
    this.#worker = worker;
    worker.onmessage = ({ data: { id, ok, value, error } }) => {
      const call = this.#pending.get(id);
      if (!call) return;
      this.#pending.delete(id);
      ok ? call.resolve(value) : call.reject(new Error(error));
    };
    worker.onerror = (event) => {
      const error = new Error(`zkcomply worker failed: ${event.message ?? "unknown error"}`);
      for (const call of this.#pending.values()) call.reject(error);
      this.#pending.clear();
    };
  }

  /**
   * Starts a worker and loads a proving key, from `key` (bytes) or `keyUrl` (downloaded
   * and checked once; later the prepared prover is taken from the Cache API, unless
   * `cache` is false). `threads`: "auto" (all
   * cores when the page is cross-origin isolated, else one), 1, or a number of threads.
   * Resolves to a `ZkComply` whose `info` says how many threads it uses, where the key came
   * from and how long downloading and loading it took.
   */
  static async create({ key, keyUrl, threads = "auto", cache = true } = {}) {
    if (!key && !keyUrl) throw new Error("ZkComply.create needs `key` (bytes) or `keyUrl`");
    const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    const zk = new ZkComply(worker);
    try {
      zk.info = await zk.#call("init", { threads: threads === "auto" ? 0 : threads, key, keyUrl, cache });
    } catch (e) {
      worker.terminate();
      throw e;
    }
    return zk;
  }

  /** Sets the sanctions list: `{ snapshot }` (a `zkcomply list build` file) or `{ list, depth }`. */
  setSanctions(tree) {
    return this.#call("sanctions", tree);
  }

  /** Sets the registry of identity commitments: `{ json }` (a `zkcomply-registry/1` file). */
  setRegistry(tree) {
    return this.#call("registry", tree);
  }

  /** Sets the state tree of allowance notes (`period_limit`): `{ json }`. */
  setState(tree) {
    return this.#call("state", tree);
  }

  /** Whether `address` is on the sanctions list. */
  isListed(address) {
    return this.#call("isListed", { address });
  }

  /** Proves a `compliance` / `non_membership` request: `{ proof, ms }`. */
  prove(identity, request) {
    return this.#call("prove", { identity, request });
  }

  /** Proves a `transfer_limit` request: `{ proof, ms }`. */
  proveAmount(request) {
    return this.#call("proveAmount", { request });
  }

  /** Proves a `period_limit` request from the live note (or none): `{ proof, nextNote, ms }`. */
  provePeriod(identity, note, request) {
    return this.#call("provePeriod", { identity, note, request });
  }

  /** The verifying key file of the loaded proving key (bytes). */
  verifyingKey() {
    return this.#call("verifyingKey");
  }

  /** Verifies a proof file against verifying-key bytes: true or false. */
  verify(verifyingKey, proof) {
    return this.#call("verify", { verifyingKey, proof });
  }

  /** Stops the worker; pending and later calls are rejected. */
  terminate() {
    this.#terminated = true;
    this.#worker.terminate();
    for (const call of this.#pending.values()) call.reject(new Error("zkcomply worker terminated"));
    this.#pending.clear();
  }

  #call(method, args) {
    if (this.#terminated) return Promise.reject(new Error("zkcomply worker terminated"));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, method, args });
    });
  }
}
