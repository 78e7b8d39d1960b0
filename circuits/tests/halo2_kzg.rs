//! Real Halo2 proofs of the `compliance` policy: KZG commitments with the GWC multi-open
//! argument and a Blake2b transcript, at the default shape (DS = 32, DR = 20).
//!
//! The SRS is a deterministic development SRS from `ParamsKZG::setup` with a seeded RNG:
//! **insecure** (whoever knows the seed knows the trapdoor), for tests only. Production uses
//! a public powers-of-tau SRS.
//!
//! Run with `--nocapture` to see the proof size and the keygen / prove / verify times.

use std::time::Instant;

use halo2_axiom::{
    halo2curves::bn256::{Bn256, G1Affine},
    plonk::{create_proof, keygen_pk, keygen_vk, verify_proof, ProvingKey, VerifyingKey},
    poly::kzg::{
        commitment::{KZGCommitmentScheme, ParamsKZG},
        multiopen::{ProverGWC, VerifierGWC},
        strategy::SingleStrategy,
    },
    transcript::{
        Blake2bRead, Blake2bWrite, Challenge255, TranscriptReadBuffer, TranscriptWriterBuffer,
    },
};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply_circuits::{
    address::AddressKey,
    halo2::{Fp, PolicyCircuit},
    ComplianceWitness, Fr, Identity, Policy, Registry, SanctionsTree, Shape, StateTree,
};

const SEED: u64 = 0x4b5a47;

/// The insecure development SRS for `2^k` rows, derived from `seed`.
fn insecure_dev_srs(k: u32, seed: u64) -> ParamsKZG<Bn256> {
    ParamsKZG::<Bn256>::setup(k, ChaCha20Rng::seed_from_u64(seed))
}

fn prove(
    params: &ParamsKZG<Bn256>,
    pk: &ProvingKey<G1Affine>,
    circuit: &PolicyCircuit<'_>,
    instances: &[Fp],
    rng: &mut ChaCha20Rng,
) -> Vec<u8> {
    let mut transcript = Blake2bWrite::<_, G1Affine, Challenge255<_>>::init(vec![]);
    create_proof::<KZGCommitmentScheme<Bn256>, ProverGWC<'_, Bn256>, _, _, _, _>(
        params,
        pk,
        std::slice::from_ref(circuit),
        &[&[instances]],
        rng,
        &mut transcript,
    )
    .expect("a valid witness proves");
    transcript.finalize()
}

/// Whether `proof` verifies for `instances` (an unreadable proof counts as rejected).
fn verify(
    params: &ParamsKZG<Bn256>,
    vk: &VerifyingKey<G1Affine>,
    proof: &[u8],
    instances: &[Fp],
) -> bool {
    let mut transcript = Blake2bRead::<_, G1Affine, Challenge255<_>>::init(proof);
    verify_proof::<KZGCommitmentScheme<Bn256>, VerifierGWC<'_, Bn256>, _, _, _>(
        params,
        vk,
        SingleStrategy::new(params),
        &[&[instances]],
        &mut transcript,
    )
    .is_ok()
}

/// A valid witness of `policy` at `shape` (a first `period_limit` proof opens from the
/// genesis note).
fn witness_of(policy: Policy, shape: Shape, amount: u64, context: u64) -> ComplianceWitness {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let listed = [
        "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
        "0x722122dF12D4e14e13Ac3b6895a86e84145b6967",
    ]
    .map(|a| AddressKey::parse(a).unwrap());
    let list = SanctionsTree::from_keys(shape.sanctions_depth, listed).unwrap();
    let me = Identity::random(
        AddressKey::parse("0x000000000000000000000000000000000000dEaD").unwrap(),
        &mut rng,
    );
    let mut registry = Registry::new(shape.registry_depth).unwrap();
    registry.insert(me.commitment()).unwrap();
    let state = StateTree::new(shape.state_depth).unwrap();
    ComplianceWitness::builder(policy)
        .identity(&me)
        .sanctions(&list)
        .registry(&registry)
        .amount(amount)
        .limit(1000)
        .blinding(Fr::from(42u64))
        .scope(Fr::from(7u64))
        .context(Fr::from(context))
        .state(&state)
        .note(None)
        .period(3)
        .salt(Fr::from(5u64))
        .build()
        .unwrap()
}

fn witness(amount: u64, context: u64) -> ComplianceWitness {
    witness_of(Policy::Compliance, Shape::default(), amount, context)
}

/// One policy's keys, proof and measurements.
struct Run {
    k: u32,
    rows: usize,
    keygen_ms: u128,
    prove_ms: u128,
    verify_ms: u128,
    params: ParamsKZG<Bn256>,
    vk: VerifyingKey<G1Affine>,
    proof: Vec<u8>,
    instances: Vec<Fp>,
}

/// Keys from the blank circuit, `runs` proofs of `w` (the fastest timed) and their
/// verification. Also checks that a tampered first input is rejected.
fn round_trip(w: &ComplianceWitness, runs: usize) -> Run {
    let blank = PolicyCircuit::blank(w.policy(), w.shape()).unwrap();
    let (k, rows) = (blank.k(), blank.rows().unwrap());
    let params = insecure_dev_srs(k, SEED);
    let t = Instant::now();
    let vk = keygen_vk(&params, &blank).unwrap();
    let pk = keygen_pk(&params, vk.clone(), &blank).unwrap();
    let keygen_ms = t.elapsed().as_millis();
    let circuit = PolicyCircuit::new(w).unwrap();
    let instances = circuit.instances();
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 1);
    let (mut prove_ms, mut verify_ms, mut proof) = (u128::MAX, u128::MAX, vec![]);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        proof = prove(&params, &pk, &circuit, &instances, &mut rng);
        prove_ms = prove_ms.min(t.elapsed().as_millis());
        let t = Instant::now();
        assert!(
            verify(&params, &vk, &proof, &instances),
            "seed {SEED}: {}",
            w.policy()
        );
        verify_ms = verify_ms.min(t.elapsed().as_millis());
    }
    let mut bad = instances.clone();
    bad[0] += Fp::from(1u64);
    assert!(
        !verify(&params, &vk, &proof, &bad),
        "{}: tampered input",
        w.policy()
    );
    Run {
        k,
        rows,
        keygen_ms,
        prove_ms,
        verify_ms,
        params,
        vk,
        proof,
        instances,
    }
}

/// Every policy proves and verifies at a small shape, and no policy's proof verifies under
/// another policy's key, with either policy's public inputs.
#[test]
fn every_policy_round_trips_at_a_small_shape() {
    let shape = Shape {
        sanctions_depth: 6,
        registry_depth: 5,
        state_depth: 5,
    };
    let runs: Vec<(Policy, Run)> = Policy::ALL
        .into_iter()
        .map(|policy| (policy, round_trip(&witness_of(policy, shape, 900, 99), 1)))
        .collect();
    for (policy, run) in &runs {
        println!(
            "seed {SEED}: {policy} at depths 6/5/5: {} rows, k = {}, proof {} bytes",
            run.rows,
            run.k,
            run.proof.len()
        );
    }
    for (p, a) in &runs {
        for (q, b) in runs.iter().filter(|(q, _)| q != p) {
            for instances in [&a.instances, &b.instances] {
                assert!(
                    !verify(&b.params, &b.vk, &a.proof, instances),
                    "a {p} proof verified under the {q} key"
                );
            }
        }
    }
}

/// The numbers for the README: every policy at the default shape (DS = 32, DR = 20,
/// DT = 24), the fastest of three proofs. Slow; run alone with
/// `--ignored --nocapture --test-threads=1`.
#[test]
#[ignore = "timing run"]
fn default_shape_timings() {
    for policy in Policy::ALL {
        let r = round_trip(&witness_of(policy, Shape::default(), 900, 99), 3);
        println!(
            "{policy}: {} rows, k = {}, proof {} B, keygen {} ms, prove {} ms, verify {} ms",
            r.rows,
            r.k,
            r.proof.len(),
            r.keygen_ms,
            r.prove_ms,
            r.verify_ms
        );
    }
}

#[test]
fn compliance_proves_and_verifies_with_kzg_shplonk() {
    let shape = Shape::default();
    let blank = PolicyCircuit::blank(Policy::Compliance, shape).unwrap();
    let k = blank.k();
    println!(
        "seed {SEED}: compliance at DS = {}, DR = {}: {} rows, k = {k}",
        shape.sanctions_depth,
        shape.registry_depth,
        blank.rows().unwrap()
    );
    let params = insecure_dev_srs(k, SEED);

    let t = Instant::now();
    let vk = keygen_vk(&params, &blank).unwrap();
    let pk = keygen_pk(&params, vk.clone(), &blank).unwrap();
    println!("keygen (INSECURE dev SRS): {} ms", t.elapsed().as_millis());

    let w = witness(900, 99);
    let circuit = PolicyCircuit::new(&w).unwrap();
    assert_eq!(circuit.k(), k);
    let instances = circuit.instances();
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 1);
    let t = Instant::now();
    let proof = prove(&params, &pk, &circuit, &instances, &mut rng);
    let prove_ms = t.elapsed().as_millis();
    let t = Instant::now();
    assert!(verify(&params, &vk, &proof, &instances), "seed {SEED}");
    let verify_ms = t.elapsed().as_millis();
    println!(
        "proof {} bytes, prove {prove_ms} ms, verify {verify_ms} ms",
        proof.len()
    );

    // Another witness (another amount and context) proves under the same keys.
    let other = witness(1000, 100);
    let other_circuit = PolicyCircuit::new(&other).unwrap();
    let other_instances = other_circuit.instances();
    let other_proof = prove(&params, &pk, &other_circuit, &other_instances, &mut rng);
    assert!(verify(&params, &vk, &other_proof, &other_instances));

    // Negative twins. Each public input changed: rejected.
    for (i, input) in Policy::Compliance.inputs().iter().enumerate() {
        let mut bad = instances.clone();
        bad[i] += Fp::from(1u64);
        assert!(!verify(&params, &vk, &proof, &bad), "tampered {input}");
    }
    // A proof checked against another proof's inputs: rejected.
    assert!(!verify(&params, &vk, &proof, &other_instances));
    // Too few inputs: rejected.
    assert!(!verify(&params, &vk, &proof, &instances[..6]));
    // Flipped bits at a few places, and a truncated proof: rejected.
    for at in [0, 100, proof.len() / 2, proof.len() - 1] {
        let mut bad = proof.clone();
        bad[at] ^= 1;
        assert!(
            !verify(&params, &vk, &bad, &instances),
            "bit flipped at {at}"
        );
    }
    assert!(!verify(
        &params,
        &vk,
        &proof[..proof.len() - 32],
        &instances
    ));
    // A verifying key of another SRS: rejected.
    let other_params = insecure_dev_srs(k, SEED + 2);
    let other_vk = keygen_vk(&other_params, &blank).unwrap();
    assert!(!verify(&other_params, &other_vk, &proof, &instances));
}
