//! The prover's own Groth16 proof computation and batch proving, and batch verification
//! (`zkcomply::verifier::groth16::verify_batch*`), on real policy keys. The verifier cannot
//! make proofs itself, so its batch tests live here.

use ark_groth16::Groth16;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    setup,
    verifier::{
        groth16::{verify_batch, verify_batch_with_rng},
        Error,
    },
    verify, Fr, Policy, Proof, Prover,
};

use zkcomply_testkit::world::{self, world, World, SHAPE};

/// A valid `compliance` witness transferring `amount`.
fn witness(w: &World, amount: u64) -> zkcomply::ComplianceWitness {
    world::witness(w, Policy::Compliance, amount)
}

const SEED: u64 = 41;

fn prover() -> Prover {
    Prover::new(setup::setup_dev(Policy::Compliance, SHAPE, SEED).unwrap()).unwrap()
}

#[test]
fn proofs_verify_and_differ_from_run_to_run() {
    println!("seed {SEED}");
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let w = world(&mut rng);
    let prover = prover();
    let wit = witness(&w, 999);
    let p1 = prover.prove_with_rng(&wit, &mut rng).unwrap();
    let p2 = prover.prove_with_rng(&wit, &mut rng).unwrap();
    assert!(verify(prover.verifying_key(), &p1).unwrap());
    assert!(verify(prover.verifying_key(), &p2).unwrap());
    assert_eq!(p1.public_inputs, p2.public_inputs);
    // Fresh r, s each time: all three points change.
    assert_ne!(p1.inner.a, p2.inner.a, "A repeats: r is not fresh");
    assert_ne!(p1.inner.b, p2.inner.b, "B repeats: s is not fresh");
    assert_ne!(p1.inner.c, p2.inner.c);
    // Same seed, same proof.
    let again = prover
        .prove_with_rng(&wit, &mut ChaCha20Rng::seed_from_u64(7))
        .unwrap();
    let twice = prover
        .prove_with_rng(&wit, &mut ChaCha20Rng::seed_from_u64(7))
        .unwrap();
    assert_eq!(again, twice);
    // A wrong public input is rejected.
    let mut values = p1.public_inputs.values().to_vec();
    values[0] += Fr::from(1u64);
    assert!(
        !zkcomply::verifier::groth16::verify_raw(prover.verifying_key(), &p1.inner, &values)
            .unwrap()
    );
}

#[test]
fn prove_batch_proves_each_witness_in_order() {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 1);
    let w = world(&mut rng);
    let prover = prover();
    let witnesses: Vec<_> = [1, 500, 999].map(|a| witness(&w, a)).into();
    let proofs = prover.prove_batch_with_rng(&witnesses, &mut rng).unwrap();
    assert_eq!(proofs.len(), 3);
    for (proof, wit) in proofs.iter().zip(&witnesses) {
        assert_eq!(proof.public_inputs, wit.public_inputs());
        assert!(verify(prover.verifying_key(), proof).unwrap());
    }
    assert!(prover
        .prove_batch_with_rng(&[], &mut rng)
        .unwrap()
        .is_empty());
    // One bad witness (over the limit cannot be built, so: a key for another policy).
    let other = Prover::new(setup::setup_dev(Policy::NonMembership, SHAPE, SEED).unwrap()).unwrap();
    assert!(other.prove_batch_with_rng(&witnesses, &mut rng).is_err());
}

/// `n` valid proofs: three proved, the rest re-randomised copies of them.
fn valid_proofs(prover: &Prover, w: &World, n: usize, rng: &mut ChaCha20Rng) -> Vec<Proof> {
    let proved: Vec<Proof> = [1, 500, 999]
        .iter()
        .map(|&a| prover.prove_with_rng(&witness(w, a), rng).unwrap())
        .collect();
    (0..n)
        .map(|i| {
            let mut p = proved[i % 3].clone();
            if i >= 3 {
                p.inner = Groth16::<zkcomply::Bn254>::rerandomize_proof(
                    &prover.key().inner.vk,
                    &p.inner,
                    rng,
                );
            }
            p
        })
        .collect()
}

#[test]
fn batch_verification_accepts_valid_and_rejects_one_bad_proof() {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 2);
    let w = world(&mut rng);
    let prover = prover();
    let vk = prover.verifying_key();
    let proofs = valid_proofs(&prover, &w, 8, &mut rng);
    for n in [0, 1, 2, 8] {
        assert!(
            verify_batch_with_rng(vk, &proofs[..n], &mut rng).unwrap(),
            "{n} valid proofs"
        );
    }
    assert!(verify_batch(vk, &proofs).unwrap());

    // One bad proof among valid ones, at each position: a wrong public input, a swapped C,
    // a proof of other inputs.
    for bad in 0..proofs.len() {
        let mut batch = proofs.clone();
        let mut values = batch[bad].public_inputs.values().to_vec();
        values[1] += Fr::from(1u64);
        batch[bad].public_inputs = zkcomply::PublicInputs::new(Policy::Compliance, values).unwrap();
        assert!(
            !verify_batch_with_rng(vk, &batch, &mut rng).unwrap(),
            "bad input at {bad}"
        );

        let mut batch = proofs.clone();
        batch[bad].inner.c = proofs[(bad + 1) % proofs.len()].inner.c;
        assert!(
            !verify_batch_with_rng(vk, &batch, &mut rng).unwrap(),
            "bad C at {bad}"
        );
    }
    // Two bad proofs whose errors would cancel in an unweighted sum: C + X and C − X.
    let mut batch = proofs.clone();
    let x = proofs[2].inner.a;
    batch[0].inner.c = (batch[0].inner.c + x).into();
    batch[1].inner.c = (batch[1].inner.c - x).into();
    assert!(!verify(vk, &batch[0]).unwrap() && !verify(vk, &batch[1]).unwrap());
    assert!(
        !verify_batch_with_rng(vk, &batch, &mut rng).unwrap(),
        "cancelling errors"
    );

    // A proof of another policy or with the wrong input count is an error, not a rejection.
    let other = Prover::new(setup::setup_dev(Policy::NonMembership, SHAPE, SEED).unwrap()).unwrap();
    let e = verify_batch(other.verifying_key(), &proofs).unwrap_err();
    assert!(matches!(e, Error::PolicyMismatch { .. }), "{e}");
    assert!(e.to_string().contains("compliance"), "{e}");
}

#[test]
fn public_inputs_at_or_above_r_never_reach_batch_verification() {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 3);
    let w = world(&mut rng);
    let prover = prover();
    let proofs = valid_proofs(&prover, &w, 2, &mut rng);
    let json = proofs[0].to_json();
    let first = format!(
        "\"{}\"",
        zkcomply::field::to_hex(&proofs[0].public_inputs.values()[0])
    );
    assert!(json.contains(&first));
    const R: &str = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
    const R_MINUS_1: &str = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000";
    for too_big in [
        R,
        "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000002",
    ] {
        let e = Proof::from_json(
            "proof",
            &json.replacen(&first, &format!("\"{too_big}\""), 1),
        )
        .unwrap_err();
        let message = e.to_string();
        assert!(
            message.contains(too_big) && message.contains("not below the field modulus r"),
            "{message}"
        );
    }
    // r − 1 is a field element: it parses, and the batch rejects it as a wrong input.
    let edited = Proof::from_json(
        "proof",
        &json.replacen(&first, &format!("\"{R_MINUS_1}\""), 1),
    )
    .unwrap();
    let batch = [edited, proofs[1].clone()];
    assert!(!verify_batch_with_rng(prover.verifying_key(), &batch, &mut rng).unwrap());
}
