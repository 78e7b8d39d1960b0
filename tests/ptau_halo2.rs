//! A public KZG SRS from a powers-of-tau file written by the independent tool snarkjs:
//! `powersoftau new bn128 <k>`, one `contribute` (so `τ ≠ 1`) and `prepare phase2` (the
//! layout of the published Hermez `powersOfTau28_hez_final_XX.ptau` files). Both the
//! contributed and the prepared file load to the same SRS; a Halo2 `transfer_limit` proof made
//! with it verifies through the key files; a file with a tampered point, one cut short and
//! one of too small a power are refused with errors naming the file and the cause.
//! Needs `tools/node_modules` (`npm ci --prefix tools`) and node; skipped without them
//! unless `ZKCOMPLY_REQUIRE_TOOLS=1`.

use std::path::Path;
use zkcomply::Artefact;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    circuits::halo2::PolicyCircuit,
    prover::halo2::{ptau::load_ptau, Halo2Prover},
    verifier::halo2::{Halo2Proof, SrsOrigin, VerifyingKey},
    ComplianceWitness, Fr, Policy, Shape,
};

const SEED: u64 = 0x4b5a4b;
const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 5,
};

fn snarkjs(tools: &Path, dir: &Path, args: &[&str]) {
    zkcomply_testkit::tools::node(
        Some(dir),
        &tools.join("node_modules/snarkjs/build/cli.cjs"),
        args,
    );
}

#[test]
fn snarkjs_ptau_gives_a_working_srs_and_tampering_is_refused() {
    let Some(tools) = zkcomply_testkit::tools::tools("snarkjs") else {
        return;
    };
    let policy = Policy::TransferLimit;
    let k = PolicyCircuit::blank(policy, SHAPE).unwrap().k();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let power = k.to_string();
    snarkjs(
        &tools,
        d,
        &["powersoftau", "new", "bn128", &power, "a.ptau"],
    );
    snarkjs(
        &tools,
        d,
        &[
            "powersoftau",
            "contribute",
            "a.ptau",
            "b.ptau",
            "-e=zkcomply test entropy",
            "--name=zkcomply test",
        ],
    );
    snarkjs(
        &tools,
        d,
        &["powersoftau", "prepare", "phase2", "b.ptau", "final.ptau"],
    );

    // The uncontributed file is τ = 1.
    let err = load_ptau(&d.join("a.ptau"), k).unwrap_err().to_string();
    assert!(err.contains("τ = 1"), "{err}");

    let contributed = load_ptau(&d.join("b.ptau"), k).unwrap();
    let srs = load_ptau(&d.join("final.ptau"), k).unwrap();
    assert_eq!(srs.params().s_g2(), contributed.params().s_g2());
    assert!(matches!(srs.origin(), SrsOrigin::Ptau { power: p, .. } if *p == k));
    assert!(!srs.origin().insecure());
    let small = load_ptau(&d.join("final.ptau"), k - 2).unwrap();
    assert_eq!(small.k(), k - 2);

    let prover = Halo2Prover::keygen(srs, policy, SHAPE).unwrap();
    let vk_path = d.join("t.vk");
    prover.verifying_key().save(&vk_path).unwrap();
    let vk = VerifyingKey::load(&vk_path).unwrap();
    let w = ComplianceWitness::builder(policy)
        .amount(700)
        .limit(1000)
        .blinding(Fr::from(3u64))
        .context(Fr::from(4u64))
        .build()
        .unwrap();
    let proof = prover
        .proof_with_rng(&w, &mut ChaCha20Rng::seed_from_u64(SEED))
        .unwrap();
    assert!(!proof.insecure_dev_setup);
    let proof = Halo2Proof::from_json("p", &proof.to_json()).unwrap();
    assert!(proof.verify(&vk).unwrap(), "seed {SEED}");

    // Tampered files. tauG1 starts after the file header (12), section 1 (12 + 44) and
    // section 2's header (12).
    let bytes = std::fs::read(d.join("final.ptau")).unwrap();
    let g1 = 12 + 12 + 44 + 12;
    let write = |name: &str, b: &[u8]| {
        let p = d.join(name);
        std::fs::write(&p, b).unwrap();
        p
    };
    let mut swapped = bytes.clone();
    let (a, b) = (g1 + 64 * 5, g1 + 64 * 6);
    let tmp = swapped[a..a + 64].to_vec();
    swapped.copy_within(b..b + 64, a);
    swapped[b..b + 64].copy_from_slice(&tmp);
    let err = load_ptau(&write("swapped.ptau", &swapped), k)
        .unwrap_err()
        .to_string();
    assert!(err.contains("swapped.ptau"), "{err}");
    assert!(err.contains("not consecutive powers of τ"), "{err}");
    let mut flipped = bytes.clone();
    flipped[g1 + 64 * 3 + 7] ^= 0x10;
    let err = load_ptau(&write("flipped.ptau", &flipped), k)
        .unwrap_err()
        .to_string();
    assert!(err.contains("tauG1 point 3 is not a G1 point"), "{err}");
    let err = load_ptau(&write("short.ptau", &bytes[..bytes.len() / 3]), k)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("short.ptau") && err.contains("truncated"),
        "{err}"
    );
    let err = load_ptau(&d.join("final.ptau"), k + 1)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("the circuit needs 2^{}", k + 1)),
        "{err}"
    );
}
