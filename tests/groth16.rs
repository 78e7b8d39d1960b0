//! Groth16 round trips per policy, and every way a proof must be rejected.

use ark_ff::{One, Zero};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::Artefact;
use zkcomply::{
    field, setup, verifier::groth16::verify_raw, ComplianceWitness, Fr, Policy, Proof, Prover,
    PublicInputs, SanctionsTree,
};

use zkcomply_testkit::world::{witness, world, SHAPE};

#[test]
fn every_policy_round_trips_and_rejects_tampering() {
    let seed = 20261125;
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let w = world(&mut rng);
    let mut provers = Vec::new();
    for policy in Policy::ALL {
        let prover = Prover::new(setup::setup_dev(policy, SHAPE, seed).unwrap()).unwrap();
        let proof = prover
            .prove_with_rng(&witness(&w, policy, 999), &mut rng)
            .unwrap();
        let vk = prover.verifying_key();
        assert!(
            zkcomply::verify(vk, &proof).unwrap(),
            "seed {seed}: {policy}"
        );

        // The proof file and the key file survive a round trip.
        let reread = Proof::from_json("proof", &proof.to_json()).unwrap();
        assert!(zkcomply::verify(vk, &reread).unwrap());
        let vk2 = zkcomply::VerifyingKey::from_bytes("vk", &vk.to_bytes()).unwrap();
        assert!(zkcomply::verify(&vk2, &reread).unwrap());

        // Each public input changed by one: rejected.
        for i in 0..proof.public_inputs.values().len() {
            let mut values = proof.public_inputs.values().to_vec();
            values[i] += Fr::one();
            let mut bad = proof.clone();
            bad.public_inputs = PublicInputs::new(policy, values).unwrap();
            assert!(
                !zkcomply::verify(vk, &bad).unwrap(),
                "{policy}: input {i} changed"
            );
        }

        // Every byte of the proof flipped: rejected, either as malformed or as false.
        let bytes = proof.proof_bytes();
        assert_eq!(bytes.len(), 128);
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            match Proof::inner_from_bytes(&b) {
                Ok(inner) => assert!(
                    !verify_raw(vk, &inner, proof.public_inputs.values()).unwrap(),
                    "{policy}: byte {i}"
                ),
                Err(e) => assert!(e.to_string().starts_with("proof:"), "{e}"),
            }
        }
        provers.push((prover, proof));
    }

    // A proof for one policy never verifies under another's key.
    let (compliance, non_membership) = (&provers[0], &provers[1]);
    let e = zkcomply::verify(non_membership.0.verifying_key(), &compliance.1).unwrap_err();
    assert!(
        e.to_string()
            .contains("the proof is for compliance v2, the key is for non_membership v2"),
        "{e}"
    );
    // Relabelled as the other policy, it is rejected by the pairing check (or the input count).
    let mut relabelled = non_membership.1.clone();
    relabelled.inner = compliance.1.inner.clone();
    assert!(!zkcomply::verify(non_membership.0.verifying_key(), &relabelled).unwrap());
    let (transfer, _) = (&provers[2], ());
    assert!(verify_raw(
        transfer.0.verifying_key(),
        &compliance.1.inner,
        compliance.1.public_inputs.values()
    )
    .is_err());
}

#[test]
fn public_inputs_at_or_above_r_are_refused() {
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let w = world(&mut rng);
    let prover = Prover::new(setup::setup_dev(Policy::TransferLimit, SHAPE, 3).unwrap()).unwrap();
    let proof = prover
        .prove_with_rng(&witness(&w, Policy::TransferLimit, 999), &mut rng)
        .unwrap();
    let json = proof.to_json();
    let context = field::to_hex(&proof.public_inputs.values()[2]);
    // context + r is the same field element mod r: it must be refused, not reduced.
    let r = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
    for bad in [
        r.to_string(),
        "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000007".to_string(),
    ] {
        let e = Proof::from_json("p", &json.replace(&context, &bad))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not below the field modulus"), "{e}");
    }
    // r - 1 parses (it is a field element) but the proof is then false.
    let r_minus_1 = field::to_hex(&-Fr::one());
    let p = Proof::from_json("p", &json.replace(&context, &r_minus_1)).unwrap();
    assert!(!zkcomply::verify(prover.verifying_key(), &p).unwrap());
    assert_ne!(proof.public_inputs.values()[2], Fr::zero());
}

#[test]
fn prover_refuses_mismatched_witnesses() {
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let w = world(&mut rng);
    let prover = Prover::new(setup::setup_dev(Policy::NonMembership, SHAPE, 4).unwrap()).unwrap();
    let e = prover
        .prove_with_rng(&witness(&w, Policy::Compliance, 999), &mut rng)
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("the witness is for compliance, the proving key is for non_membership"),
        "{e}"
    );
    let deeper = SanctionsTree::from_keys(SHAPE.sanctions_depth + 1, w.list.keys()).unwrap();
    let wit = ComplianceWitness::builder(Policy::NonMembership)
        .identity(&w.me)
        .sanctions(&deeper)
        .registry(&w.registry)
        .scope(Fr::from(1u64))
        .context(Fr::from(1u64))
        .build()
        .unwrap();
    let e = prover.prove_with_rng(&wit, &mut rng).unwrap_err();
    assert!(
        e.to_string()
            .contains("sanctions tree: expected depth 6, found 7"),
        "{e}"
    );
}
