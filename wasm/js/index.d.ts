/** Information on a `ZkComply` worker and its proving key. */
export interface ZkComplyInfo {
  /** Threads the worker proves on (1: the single-threaded build). */
  threads: number;
  /** Whether the page is cross-origin isolated (needed for threads). */
  isolated: boolean;
  /** The key's policy: `compliance`, `non_membership`, `transfer_limit` or `period_limit`. */
  policy: string;
  /** Whether the key comes from an INSECURE development setup. */
  insecureDevSetup: boolean;
  /** The proving key file's size in bytes (not read for a `prepared` prover). */
  keyBytes?: number;
  /**
   * Where the prover came from: the key file downloaded (`network`), from the Cache API
   * (`cache`) or given (`bytes`), all fully checked; or `prepared`: the prover prepared
   * from a checked key on an earlier visit, authenticated with this origin's HMAC key.
   */
  keySource: "network" | "cache" | "bytes" | "prepared";
  /** Milliseconds spent downloading the key (or reading it from the cache). */
  downloadMs: number;
  /** Milliseconds spent checking the key and synthesising the circuit (or loading the prepared prover). */
  loadMs: number;
}

/** Options of `ZkComply.create`. */
export interface ZkComplyOptions {
  /** The proving key file's bytes. */
  key?: Uint8Array;
  /** Where to download the proving key file (cached with the Cache API). */
  keyUrl?: string | URL;
  /** `"auto"` (all cores when cross-origin isolated, else 1), or a number of threads. */
  threads?: "auto" | number;
  /**
   * Whether to keep the downloaded key, and the prover prepared from it, in the Cache API
   * (default true). Give each version of a key its own URL: a cached URL is not fetched again.
   */
  cache?: boolean;
}

/** A tree's root and size. */
export interface TreeInfo {
  root: string;
  size: number;
}

/** A proof file (`zkcomply-proof/1` JSON) and the proving time. */
export interface Proved {
  proof: string;
  ms: number;
}

/** A proving worker holding one proving key and the trees its proofs are made against. */
export declare class ZkComply {
  private constructor(worker: Worker);
  /** Information on the loaded key and the worker. */
  readonly info: ZkComplyInfo;
  /** Starts a worker and loads a proving key. */
  static create(options: ZkComplyOptions): Promise<ZkComply>;
  /** Sets the sanctions list: a snapshot file, or a list and a depth. */
  setSanctions(tree: { snapshot: Uint8Array } | { list: string; depth: number }): Promise<TreeInfo>;
  /** Sets the registry of identity commitments. */
  setRegistry(tree: { json: string }): Promise<TreeInfo>;
  /** Sets the state tree of allowance notes (`period_limit`). */
  setState(tree: { json: string }): Promise<TreeInfo>;
  /** Whether `address` is on the sanctions list. */
  isListed(address: string): Promise<boolean>;
  /** Proves a `compliance` / `non_membership` request. */
  prove(identity: string, request: string): Promise<Proved>;
  /** Proves a `transfer_limit` request. */
  proveAmount(request: string): Promise<Proved>;
  /** Proves a `period_limit` request from the live note (`undefined` for the first). */
  provePeriod(identity: string, note: string | undefined, request: string): Promise<Proved & { nextNote: string }>;
  /** The verifying key file of the loaded proving key. */
  verifyingKey(): Promise<Uint8Array>;
  /** Verifies a proof file against verifying-key bytes. */
  verify(verifyingKey: Uint8Array, proof: string): Promise<boolean>;
  /** Stops the worker. */
  terminate(): void;
}
