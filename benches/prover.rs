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

use ark_groth16::Groth16;
use ark_snark::SNARK;
use criterion::BenchmarkId;
use criterion::{
    black_box, criterion_group, criterion_main, measurement::WallTime, BenchmarkGroup, Criterion,
    SamplingMode,
};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use world::World;
use zkcomply::{
    circuits::policy::PolicyCircuit, setup, verifier::groth16::verify_batch_with_rng, Bn254,
    ComplianceWitness, Policy, Prover, Shape,
};

const SEED: u64 = 20_260_101;
/// Keys on the sanctions list (the circuit's cost does not depend on it).
const LISTED: usize = 300;
/// Other identities in the registry besides the prover's.
const REGISTERED: usize = 100;

use zkcomply_testkit::world;

/// A world at `shape` with the keys and identities above.
fn world(shape: Shape, rng: &mut ChaCha20Rng) -> World {
    world::random_world(shape, LISTED, REGISTERED, rng)
}

/// A valid witness of `policy` for 900 under a limit of 1000.
fn witness(w: &World, policy: Policy) -> ComplianceWitness {
    world::witness(w, policy, 900)
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
