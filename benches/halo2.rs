//! Groth16 against Halo2-KZG for the `compliance` policy at the default shape (DS = 32,
//! DR = 20), in one run: proving (each prover's self-check verification included), native
//! verification, and the proof sizes (printed before the timings).
//!
//! - `groth16_vs_halo2/groth16_prove`, `halo2_prove`: [`Prover::prove_with_rng`] and
//!   [`Halo2Prover::prove_with_rng`] (KZG + GWC, Keccak transcript) on the same witness;
//! - `groth16_vs_halo2/groth16_verify`, `halo2_verify`: [`zkcomply::verify`] and
//!   [`zkcomply::verifier::halo2::verify`].
//!
//! The Groth16 key is a `--dev-seed` setup and the Halo2 SRS a seeded development SRS: both
//! insecure, which does not change the timings. Run with
//! `cargo bench --features halo2 --bench halo2`.

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion, SamplingMode};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    circuits::halo2::PolicyCircuit,
    prover::halo2::{insecure_dev_srs, Halo2Prover},
    setup,
    verifier::halo2::{input_words, verify as halo2_verify},
    ComplianceWitness, Policy, Prover, Shape,
};

use zkcomply_testkit::world;

const SEED: u64 = 20_261_126;

/// A valid `compliance` witness at `shape`: one key on the sanctions list, the prover alone in
/// the registry.
fn witness(shape: Shape) -> ComplianceWitness {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    world::witness(
        &world::random_world(shape, 1, 0, &mut rng),
        Policy::Compliance,
        900,
    )
}

fn bench(c: &mut Criterion) {
    let shape = Shape::default();
    let w = witness(shape);
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);

    let groth16 = Prover::new(setup::setup_dev(Policy::Compliance, shape, SEED).expect("setup"))
        .expect("prover");
    let g_proof = groth16.prove_with_rng(&w, &mut rng).expect("proof");
    let k = PolicyCircuit::blank(Policy::Compliance, shape)
        .expect("layout")
        .k();
    let halo2 = Halo2Prover::keygen(insecure_dev_srs(k, SEED), Policy::Compliance, shape)
        .expect("halo2 keys");
    let h_proof = halo2.prove_with_rng(&w, &mut rng).expect("halo2 proof");
    let words = input_words(w.public_inputs().values());
    println!(
        "proof size: Groth16 {} B (compressed; 256 B as calldata), Halo2-KZG {} B (k = {k})",
        g_proof.proof_bytes().len(),
        h_proof.len()
    );

    let mut group = c.benchmark_group("groth16_vs_halo2");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("groth16_prove", |b| {
        b.iter(|| {
            groth16
                .prove_with_rng(black_box(&w), &mut rng)
                .expect("proof")
        })
    });
    group.bench_function("halo2_prove", |b| {
        b.iter(|| {
            halo2
                .prove_with_rng(black_box(&w), &mut rng)
                .expect("proof")
        })
    });
    group.bench_function("groth16_verify", |b| {
        b.iter(|| zkcomply::verify(groth16.verifying_key(), black_box(&g_proof)).expect("checked"))
    });
    group.bench_function("halo2_verify", |b| {
        b.iter(|| {
            halo2_verify(halo2.verifying_key(), black_box(&h_proof), &words).expect("checked")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
