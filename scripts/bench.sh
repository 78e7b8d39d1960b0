#!/usr/bin/env bash
# Runs the criterion benchmarks (benches/prover.rs, benches/trees.rs, benches/primitives.rs)
# in release and prints
# the results as a Markdown table, with the zkcomply prover compared against plain
# ark-groth16 proving measured in the same run.
#
#   scripts/bench.sh                  run both benches, then print the table
#   scripts/bench.sh -- <filter>      pass arguments on to the criterion binaries
#   scripts/bench.sh --report         only print the table from the last run's results
#
# ZKCOMPLY_BENCH_1M=1 adds the 10^6-key sanctions tree build (≈ 30 s an iteration) and the
# 2^20-size MSM and FFT rows.
# Timings depend on the machine and its load: compare rows of one run, not across runs.
set -euo pipefail
cd "$(dirname "$0")/.."

run=1
if [ "${1:-}" = "--report" ]; then
  run=0
  shift
fi
[ "${1:-}" = "--" ] && shift

target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
criterion_dir="${CRITERION_HOME:-$target_dir/criterion}"

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }

since=0
context="results from an earlier run"
if [ "$run" = 1 ]; then
  since=$(date +%s)
  load_before=$(load)
  cargo bench -p zkcomply --bench prover --bench trees --bench primitives -- "$@" >&2
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')
  context="$(nproc) cores (${cpu:-unknown CPU}); load average before $load_before, after $(load)"
fi

python3 - "$criterion_dir" "$since" "$context" <<'EOF'
import json
import os
import sys

root, since, context = sys.argv[1], float(sys.argv[2]), sys.argv[3]

# Rows in this order, then anything else found; (criterion id, what it measures).
KNOWN = [
    ("compliance/witness", "compliance: build the witness (paths, nullifier, checks)"),
    ("compliance/zkcomply_prove", "compliance: prove, zkcomply `Prover` (incl. self-check verify)"),
    ("compliance/zkcomply_prove_precomputed", "compliance: prove, zkcomply `Prover` after `precompute_bases`"),
    ("compliance/ark_groth16_prove", "compliance: prove, plain ark-groth16 `Groth16::prove` (baseline)"),
    ("compliance/verify", "compliance: verify (`zkcomply::verify`)"),
    ("compliance/prove_batch/4", "compliance: prove 4 witnesses, `Prover::prove_batch` (both cores)"),
    ("compliance/verify_batch/1", "compliance: batch-verify 1 proof (`verify_batch`)"),
    ("compliance/verify_batch/16", "compliance: batch-verify 16 proofs (`verify_batch`)"),
    ("compliance/verify_batch/256", "compliance: batch-verify 256 proofs (`verify_batch`)"),
    ("non_membership/zkcomply_prove", "non_membership: prove, zkcomply `Prover`"),
    ("transfer_limit/zkcomply_prove", "transfer_limit: prove, zkcomply `Prover`"),
    ("period_limit/zkcomply_prove", "period_limit: prove, zkcomply `Prover` (DT = 24)"),
    ("sanctions_tree/from_keys/1000", "sanctions tree (DS = 32): build from 10^3 keys"),
    ("sanctions_tree/from_keys/100000", "sanctions tree (DS = 32): build from 10^5 keys"),
    ("sanctions_tree/from_keys/1000000", "sanctions tree (DS = 32): build from 10^6 keys"),
    ("sanctions_tree/update_add_1/100000", "sanctions tree: add 1 key (mid-list) to 10^5 keys"),
    ("sanctions_tree/non_membership/100000", "sanctions tree: non-membership witness, 10^5 keys"),
    ("registry/insert/10000", "registry (DR = 20): insert into 10^4 commitments"),
    ("registry/membership/10000", "registry (DR = 20): membership witness, 10^4 commitments"),
    ("poseidon/hash_2", "Poseidon hash of 2 inputs"),
    ("poseidon/light_poseidon_hash_2", "Poseidon hash of 2 inputs, light-poseidon (baseline)"),
]
for k, n in ((12, 4096), (16, 65536), (20, 1048576)):
    for kind, what in (("random", "random scalars"),
                       ("compliance_like", "scalars distributed as the compliance witness"),
                       ("bits", "half the scalars 0 or 1")):
        for who, how in (("ark", "ark-ec"), ("zkcomply", "zkcomply-msm"),
                         ("zkcomply_fixed", "zkcomply-msm, precomputed bases")):
            KNOWN.append((f"msm_g1/{who}_{kind}/{n}", f"G1 MSM ({how}), 2^{k} points, {what}"))
    KNOWN.append((f"fft/fft/{n}", f"FFT (ark-poly radix-2), 2^{k}"))
    KNOWN.append((f"fft/ifft/{n}", f"IFFT (ark-poly radix-2), 2^{k}"))
for who, how in (("ark", "ark-ec"), ("zkcomply", "zkcomply-msm"),
                 ("zkcomply_fixed", "zkcomply-msm, precomputed bases")):
    KNOWN.append((f"msm_g2/{who}_random/16384", f"G2 MSM ({how}), 2^14 points, random scalars"))

results = {}
for dirpath, _, files in os.walk(root):
    if os.path.basename(dirpath) != "new" or "estimates.json" not in files:
        continue
    estimates = os.path.join(dirpath, "estimates.json")
    if os.path.getmtime(estimates) < since:
        continue  # left over from an earlier run
    with open(os.path.join(dirpath, "benchmark.json")) as f:
        full_id = json.load(f)["full_id"]
    with open(estimates) as f:
        e = json.load(f)
    mean = e["mean"]
    results[full_id] = (
        mean["point_estimate"],
        mean["confidence_interval"]["lower_bound"],
        mean["confidence_interval"]["upper_bound"],
    )

if not results:
    sys.exit(f"no criterion results under {root}" + (" from this run" if since else ""))


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}" if ns < 100 * scale else f"{ns / scale:.0f} {unit}"
    return f"{ns:.3g} ns"


print(f"Criterion means, release build; {context}.")
print()
rows = [(i, d) for i, d in KNOWN if i in results]
rows += [(i, i) for i in sorted(results) if i not in dict(KNOWN)]
print("| Benchmark | Mean | 95% CI |")
print("|---|---:|---:|")
for i, desc in rows:
    mean, lo, hi = results[i]
    print(f"| {desc} | {fmt(mean)} | {fmt(lo)} – {fmt(hi)} |")

ours, base = "compliance/zkcomply_prove", "compliance/ark_groth16_prove"
if ours in results and base in results:
    a, b = results[ours][0], results[base][0]
    print()
    when = "same run" if since else "last results on disk"
    if a <= b:
        print(f"zkcomply prove vs ark-groth16 prove (compliance, {when}): "
              f"{fmt(a)} vs {fmt(b)}, {b / a:.2f}× faster")
    else:
        print(f"zkcomply prove vs ark-groth16 prove (compliance, {when}): "
              f"{fmt(a)} vs {fmt(b)}, {a / b:.2f}× slower")
    pre = "compliance/zkcomply_prove_precomputed"
    if pre in results:
        p = results[pre][0]
        print(f"zkcomply prove with precomputed bases: {fmt(p)}, {b / p:.2f}× faster than "
              f"ark-groth16, {a / p:.2f}× faster than without")
    if "compliance/verify" in results:
        v = results["compliance/verify"][0]
        print(f"verify / zkcomply prove: {fmt(v)} / {fmt(a)} = {100 * v / a:.1f}%")
    if "compliance/prove_batch/4" in results:
        p = results["compliance/prove_batch/4"][0] / 4
        print(f"prove_batch, per proof: {fmt(p)}, {b / p:.2f}× faster than ark-groth16, "
              f"{a / p:.2f}× faster than one `prove` at a time")
if "compliance/verify" in results:
    v = results["compliance/verify"][0]
    for n in (16, 256):
        key = f"compliance/verify_batch/{n}"
        if key in results:
            per = results[key][0] / n
            print(f"batch verification of {n}: {fmt(per)} per proof, {v / per:.1f}× faster than `verify`")
EOF
