//! snarkjs (an independent Groth16 implementation) accepts the verification key, proof and
//! public inputs zkcomply exports, and rejects a tampered proof or public input.
//!
//! Needs `tools/node_modules/.bin/snarkjs` (`npm ci --prefix tools`, done by `.ci/run`).
//! Without it the test is skipped, unless `ZKCOMPLY_REQUIRE_TOOLS=1` makes that a failure.

use std::{path::PathBuf, process::Command};

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use zkcomply::{
    setup, verifier::snarkjs, AddressKey, ComplianceWitness, Fr, Identity, Policy, Proof, Prover,
    Registry, SanctionsTree, Shape, StateTree,
};
use zkcomply_testkit::tools::tools;

fn snarkjs_bin() -> Option<PathBuf> {
    tools("snarkjs").map(|dir| dir.join("node_modules/.bin/snarkjs"))
}

/// Runs `snarkjs groth16 verify` on exported files; true if snarkjs says OK.
fn snarkjs_accepts(
    bin: &PathBuf,
    vk: &serde_json::Value,
    proof: &serde_json::Value,
    public: &serde_json::Value,
) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, v: &serde_json::Value| {
        let p = dir.path().join(name);
        std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
        p
    };
    let (v, p, i) = (
        write("verification_key.json", vk),
        write("proof.json", proof),
        write("public.json", public),
    );
    let out = Command::new(bin)
        .args(["groth16", "verify"])
        .arg(v)
        .arg(i)
        .arg(p)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let ok = stdout.contains("OK!");
    assert_eq!(
        ok,
        out.status.success(),
        "snarkjs exit status and output disagree: {stdout}"
    );
    ok
}

fn proof_for(policy: Policy, rng: &mut ChaCha20Rng) -> (Prover, Proof) {
    let shape = Shape {
        sanctions_depth: 5,
        registry_depth: 4,
        state_depth: 4,
    };
    let list = SanctionsTree::from_keys(
        shape.sanctions_depth,
        [AddressKey::parse("0x722122dF12D4e14e13Ac3b6895a86e84145b6967").unwrap()],
    )
    .unwrap();
    let me = Identity::random(
        AddressKey::parse("TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre").unwrap(),
        rng,
    );
    let mut registry = Registry::new(shape.registry_depth).unwrap();
    registry.insert(me.commitment()).unwrap();
    let state = StateTree::new(shape.state_depth).unwrap();
    let witness = ComplianceWitness::builder(policy)
        .identity(&me)
        .sanctions(&list)
        .registry(&registry)
        .amount(10)
        .limit(10)
        .blinding(Fr::from(3u64))
        .scope(Fr::from(4u64))
        .context(Fr::from(5u64))
        .state(&state)
        .note(None)
        .period(6)
        .salt(Fr::from(7u64))
        .build()
        .unwrap();
    let prover = Prover::new(setup::setup_dev(policy, shape, 11).unwrap()).unwrap();
    let proof = prover.prove_with_rng(&witness, rng).unwrap();
    (prover, proof)
}

#[test]
fn snarkjs_verifies_exported_proofs() {
    let Some(bin) = snarkjs_bin() else { return };
    let mut rng = ChaCha20Rng::seed_from_u64(99);
    for policy in Policy::ALL {
        let (prover, proof) = proof_for(policy, &mut rng);
        let vk = snarkjs::verification_key(prover.verifying_key());
        let (p, public) = (snarkjs::proof(&proof), snarkjs::public(&proof));
        assert!(
            snarkjs_accepts(&bin, &vk, &p, &public),
            "{policy}: snarkjs rejected a valid proof"
        );

        let mut tampered = public.clone();
        tampered[0] = serde_json::Value::String("1".into());
        assert!(
            !snarkjs_accepts(&bin, &vk, &p, &tampered),
            "{policy}: snarkjs accepted a changed public input"
        );

        let mut swapped = p.clone();
        swapped["pi_a"] = p["pi_c"].clone();
        assert!(
            !snarkjs_accepts(&bin, &vk, &swapped, &public),
            "{policy}: snarkjs accepted a tampered proof"
        );
    }
}
