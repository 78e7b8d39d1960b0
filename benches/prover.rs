//! Proving and verifying at the default shape (DS = 32, DR = 20), with plain ark-groth16
//! as the baseline in the same run.
//!
//! - `compliance/witness`: `ComplianceWitness::builder()…build()` (paths, nullifier,
//!   commitment, native checks).
//! - `compliance/zkcomply_prove`: [`Prover::prove_with_rng`] (witness-only synthesis on
//!   matrices saved once per key, QAP reduction, MSMs, and the self-check verification).
//! - `compliance/zkcomply_prove_precomputed`: the same after
//!   [`Prover::precompute_bases`] (multiples of the key's bases for every MSM window).
//! - `compliance/ark_groth16_prove`: the baseline, `Groth16::<Bn254>::prove` from
//!   `ark_snark::SNARK` on the same proving key (full constraint synthesis every time,
//!   no self-check).
//! - `compliance/verify`: [`zkcomply::verify`].
//! - `compliance/prove_batch/4`: [`Prover::prove_batch_with_rng`] on 4 witnesses (divide by
//!   4 for the time per proof, against `zkcomply_prove`).
//! - `compliance/verify_batch/{1,16,256}`: `verify_batch_with_rng` (one multi-pairing for
//!   the batch); the proofs are 4 proved ones and re-randomised copies of them.
//! - `non_membership/zkcomply_prove`, `transfer_limit/zkcomply_prove`,
//!   `period_limit/zkcomply_prove` (state tree depth DT = 24, spending a live note).
//!
//! `scripts/bench.sh` runs this and prints the results as a table.

use std::time::Duration;

use ark_ff::PrimeField;
use ark_groth16::Groth16;
use ark_snark::SNARK;
use criterion::BenchmarkId;
use criterion::{
    black_box, criterion_group, criterion_main, measurement::WallTime, BenchmarkGroup, Criterion,
    SamplingMode,
};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    circuits::policy::PolicyCircuit, setup, verifier::groth16::verify_batch_with_rng, AddressKey,
    AllowanceNote, Bn254, ComplianceWitness, Fr, Identity, Policy, Prover, Registry, SanctionsTree,
    Shape, StateTree,
};

const SEED: u64 = 20_260_101;
/// Keys on the sanctions list (the circuit's cost does not depend on it).
const LISTED: usize = 300;
/// Other identities in the registry besides the prover's.
const REGISTERED: usize = 100;

/// A random key below 2^248 (so below 2^252).
fn random_key(rng: &mut ChaCha20Rng) -> AddressKey {
    let mut bytes = [0u8; 31];
    rng.fill_bytes(&mut bytes);
    AddressKey::from_field(Fr::from_le_bytes_mod_order(&bytes)).expect("nonzero below 2^252")
}

struct World {
    list: SanctionsTree,
    registry: Registry,
    me: Identity,
    /// A state tree holding `me`'s live allowance note `note` among others.
    state: StateTree,
    note: AllowanceNote,
}

fn world(shape: Shape, rng: &mut ChaCha20Rng) -> World {
    let keys: Vec<AddressKey> = (0..LISTED).map(|_| random_key(rng)).collect();
    let list = SanctionsTree::from_keys(shape.sanctions_depth, keys).expect("sanctions tree");
    let me = Identity::random(random_key(rng), rng);
    let mut registry = Registry::new(shape.registry_depth).expect("registry");
    for _ in 0..REGISTERED {
        registry
            .insert(Identity::random(random_key(rng), rng).commitment())
            .expect("registry has room");
    }
    registry.insert(me.commitment()).expect("registry has room");
    let mut state = StateTree::new(shape.state_depth).expect("state tree");
    for _ in 0..REGISTERED {
        state
            .insert(Fr::from(rng.next_u64()))
            .expect("state tree has room");
    }
    let note = AllowanceNote {
        period: 20_000,
        spent: 100,
        salt: Fr::from(rng.next_u64()),
    };
    state
        .insert(note.commitment(me.secret, Fr::from(1u64)))
        .expect("state tree has room");
    World {
        list,
        registry,
        me,
        state,
        note,
    }
}

fn witness(w: &World, policy: Policy) -> ComplianceWitness {
    ComplianceWitness::builder(policy)
        .identity(&w.me)
        .sanctions(&w.list)
        .registry(&w.registry)
        .amount(900)
        .limit(1000)
        .blinding(Fr::from(12_345u64))
        .scope(Fr::from(1u64))
        .context(Fr::from(2u64))
        .state(&w.state)
        .note(Some(&w.note))
        .period(w.note.period)
        .salt(Fr::from(3u64))
        .build()
        .expect("valid witness")
}

fn prover(policy: Policy, shape: Shape) -> Prover {
    let key = setup::setup_dev(policy, shape, SEED).expect("setup");
    Prover::new(key).expect("prover")
}

fn configure<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group
}

fn compliance(c: &mut Criterion) {
    let shape = Shape::default();
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let w = world(shape, &mut rng);
    let prover = prover(Policy::Compliance, shape);
    eprintln!(
        "compliance: DS = {}, DR = {}, {} constraints",
        shape.sanctions_depth,
        shape.registry_depth,
        prover.num_constraints()
    );
    let wit = witness(&w, Policy::Compliance);
    let proof = prover.prove_with_rng(&wit, &mut rng).expect("proof");
    assert!(zkcomply::verify(prover.verifying_key(), &proof).expect("verify"));

    let mut group = configure(c, "compliance");
    group.bench_function("witness", |b| {
        b.iter(|| witness(black_box(&w), Policy::Compliance))
    });
    group.bench_function("zkcomply_prove", |b| {
        b.iter(|| {
            prover
                .prove_with_rng(black_box(&wit), &mut rng)
                .expect("proof")
        })
    });
    let mut precomputed = self::prover(Policy::Compliance, shape);
    precomputed.precompute_bases();
    eprintln!(
        "compliance: precomputed bases take {} MB",
        precomputed.precomputed_bytes() >> 20
    );
    group.bench_function("zkcomply_prove_precomputed", |b| {
        b.iter(|| {
            precomputed
                .prove_with_rng(black_box(&wit), &mut rng)
                .expect("proof")
        })
    });
    drop(precomputed);
    let pk = &prover.key().inner;
    group.bench_function("ark_groth16_prove", |b| {
        b.iter(|| {
            Groth16::<Bn254>::prove(pk, PolicyCircuit::new(black_box(&wit)), &mut rng)
                .expect("proof")
        })
    });
    group.bench_function("verify", |b| {
        b.iter(|| zkcomply::verify(prover.verifying_key(), black_box(&proof)).expect("verify"))
    });
    let four: Vec<ComplianceWitness> = (0..4).map(|_| wit.clone()).collect();
    group.bench_function(BenchmarkId::new("prove_batch", four.len()), |b| {
        b.iter(|| {
            prover
                .prove_batch_with_rng(black_box(&four), &mut rng)
                .expect("proofs")
        })
    });
    let proved = prover
        .prove_batch_with_rng(&four, &mut rng)
        .expect("proofs");
    let proofs: Vec<zkcomply::Proof> = (0..256)
        .map(|i| {
            let mut p = proved[i % proved.len()].clone();
            p.inner = Groth16::<Bn254>::rerandomize_proof(&pk.vk, &p.inner, &mut rng);
            p
        })
        .collect();
    for n in [1, 16, 256] {
        let batch = &proofs[..n];
        let vk = prover.verifying_key();
        assert!(verify_batch_with_rng(vk, batch, &mut rng).expect("batch"));
        group.bench_function(BenchmarkId::new("verify_batch", n), |b| {
            b.iter(|| verify_batch_with_rng(vk, black_box(batch), &mut rng).expect("batch"))
        });
    }
    group.finish();
}

fn other_policies(c: &mut Criterion) {
    let shape = Shape::default();
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 1);
    let w = world(shape, &mut rng);
    for policy in [
        Policy::NonMembership,
        Policy::TransferLimit,
        Policy::PeriodLimit,
    ] {
        let prover = prover(policy, shape);
        eprintln!("{policy}: {} constraints", prover.num_constraints());
        let wit = witness(&w, policy);
        let mut group = configure(c, policy.name());
        group.bench_function("zkcomply_prove", |b| {
            b.iter(|| {
                prover
                    .prove_with_rng(black_box(&wit), &mut rng)
                    .expect("proof")
            })
        });
        group.finish();
    }
}

criterion_group!(benches, compliance, other_policies);
criterion_main!(benches);
