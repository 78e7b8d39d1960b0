//! The Halo2 prover and verifier APIs: keys from the blank circuit, proofs with a Keccak
//! transcript verified natively; tampered proofs and inputs rejected (`Ok(false)`), inputs
//! `≥ r` and the wrong input count refused (errors), and bad keys or witnesses refused with
//! errors naming the cause. An insecure seeded development SRS; small trees.

use ark_ff::{BigInteger, PrimeField};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply_circuits::{
    address::AddressKey, halo2::PolicyCircuit, ComplianceWitness, Fr, Identity, Policy, Registry,
    SanctionsTree, Shape,
};
use zkcomply_prover::{
    halo2::{insecure_dev_srs, Halo2Prover},
    Error,
};
use zkcomply_verifier::{
    halo2::{input_words, verify},
    Error as VerifierError,
};

const SEED: u64 = 0x4b5a49;
const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 5,
};

fn witness(policy: Policy, amount: u64) -> ComplianceWitness {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let listed =
        ["0x722122dF12D4e14e13Ac3b6895a86e84145b6967"].map(|a| AddressKey::parse(a).unwrap());
    let list = SanctionsTree::from_keys(SHAPE.sanctions_depth, listed).unwrap();
    let me = Identity::random(
        AddressKey::parse("0x000000000000000000000000000000000000dEaD").unwrap(),
        &mut rng,
    );
    let mut registry = Registry::new(SHAPE.registry_depth).unwrap();
    registry.insert(me.commitment()).unwrap();
    ComplianceWitness::builder(policy)
        .identity(&me)
        .sanctions(&list)
        .registry(&registry)
        .amount(amount)
        .limit(1000)
        .blinding(Fr::from(42u64))
        .scope(Fr::from(7u64))
        .context(Fr::from(9u64))
        .build()
        .unwrap()
}

fn keygen(policy: Policy) -> Halo2Prover {
    let k = PolicyCircuit::blank(policy, SHAPE).unwrap().k();
    Halo2Prover::keygen(insecure_dev_srs(k, SEED), policy, SHAPE).unwrap()
}

#[test]
fn compliance_round_trip_and_tampering() {
    let prover = keygen(Policy::Compliance);
    let key = prover.verifying_key();
    assert_eq!(key.num_inputs(), 7);
    let w = witness(Policy::Compliance, 1000);
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let proof = prover.prove_with_rng(&w, &mut rng).unwrap();
    let inputs = w.public_inputs().values().to_vec();
    let words = input_words(&inputs);
    assert!(verify(key, &proof, &words).unwrap(), "seed {SEED}");

    // Another proof of the same witness differs (blinding) and verifies too.
    let again = prover.prove_with_rng(&w, &mut rng).unwrap();
    assert_ne!(again, proof);
    assert!(verify(key, &again, &words).unwrap());

    for i in 0..words.len() {
        let mut bad = inputs.clone();
        bad[i] += Fr::from(1u64);
        assert!(
            !verify(key, &proof, &input_words(&bad)).unwrap(),
            "input {i} + 1"
        );
    }
    let mut swapped = words.clone();
    swapped.swap(0, 1);
    assert!(
        !verify(key, &proof, &swapped).unwrap(),
        "inputs 0 and 1 swapped"
    );
    for at in [0, 64, proof.len() / 3, proof.len() - 1] {
        let mut bad = proof.clone();
        bad[at] ^= 0x80;
        assert!(
            !verify(key, &bad, &words).unwrap(),
            "bit 7 flipped at byte {at}"
        );
    }
    assert!(
        !verify(key, &proof[..proof.len() - 32], &words).unwrap(),
        "truncated"
    );
    let appended = [proof.as_slice(), &[0]].concat();
    assert!(!verify(key, &appended, &words).unwrap(), "appended");
    assert!(!verify(key, &[], &words).unwrap(), "empty proof");
}

#[test]
fn inputs_at_or_above_r_and_wrong_counts_are_errors() {
    let prover = keygen(Policy::TransferLimit);
    let key = prover.verifying_key();
    let w = witness(Policy::TransferLimit, 5);
    let proof = prover
        .prove_with_rng(&w, &mut ChaCha20Rng::seed_from_u64(SEED))
        .unwrap();
    let inputs = w.public_inputs().values().to_vec();
    let words = input_words(&inputs);
    assert!(verify(key, &proof, &words).unwrap());

    let r: [u8; 32] = Fr::MODULUS.to_bytes_be().try_into().unwrap();
    let mut r_minus_1 = Fr::MODULUS;
    r_minus_1.sub_with_borrow(&Fr::from(1u64).into_bigint());
    let r_minus_1: [u8; 32] = r_minus_1.to_bytes_be().try_into().unwrap();
    for (i, input) in Policy::TransferLimit.inputs().iter().enumerate() {
        for word in [r, [0xff; 32]] {
            let mut bad = words.clone();
            bad[i] = word;
            let err = verify(key, &proof, &bad).unwrap_err();
            let msg = err.to_string();
            assert!(
                matches!(
                    &err,
                    VerifierError::Circuits(zkcomply_circuits::Error::InvalidField { name, .. })
                        if name == input.name()
                ),
                "{msg}"
            );
            assert!(
                msg.contains(input.name()) && msg.contains(&hex::encode(word)),
                "{msg}"
            );
        }
        // r − 1 is a field element: checked, and rejected.
        let mut bad = words.clone();
        bad[i] = r_minus_1;
        assert!(!verify(key, &proof, &bad).unwrap(), "input {i} = r − 1");
    }
    for n in [0, words.len() - 1, words.len() + 1] {
        let bad: Vec<[u8; 32]> = words.iter().cycle().take(n).copied().collect();
        let err = verify(key, &proof, &bad).unwrap_err();
        assert!(
            matches!(err, VerifierError::InputCount { expected: 3, found } if found == n),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            format!("the key expects 3 public inputs, got {n}")
        );
    }
}

#[test]
fn keys_and_witnesses_are_checked() {
    let policy = Policy::TransferLimit;
    let k = PolicyCircuit::blank(policy, SHAPE).unwrap().k();

    let err = Halo2Prover::keygen(insecure_dev_srs(k - 1, SEED), policy, SHAPE).unwrap_err();
    assert!(
        matches!(err, Error::SrsTooSmall { needed, found } if needed == k && found == k - 1),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!("the SRS has 2^{} points, the circuit needs 2^{k}", k - 1)
    );

    // A larger SRS is cut down to the circuit's size; its proofs verify.
    let prover = Halo2Prover::keygen(insecure_dev_srs(k + 1, SEED), policy, SHAPE).unwrap();
    let w = witness(policy, 1000);
    let proof = prover
        .prove_with_rng(&w, &mut ChaCha20Rng::seed_from_u64(SEED))
        .unwrap();
    let words = input_words(w.public_inputs().values());
    assert!(verify(prover.verifying_key(), &proof, &words).unwrap());

    // A proof under another SRS's key is rejected.
    let other = Halo2Prover::keygen(insecure_dev_srs(k, SEED + 1), policy, SHAPE).unwrap();
    assert!(!verify(other.verifying_key(), &proof, &words).unwrap());

    let err = prover
        .prove_with_rng(
            &witness(Policy::NonMembership, 1),
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the witness is for non_membership, the proving key is for transfer_limit"
    );

    let err = prover
        .prove_with_rng(
            &ComplianceWitness::blank(policy, SHAPE),
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Unsatisfied { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "the witness does not satisfy the transfer_limit circuit: the proof does not verify"
    );
}
