//! GPU against CPU multi-scalar multiplication in G1, in one run (feature `gpu`:
//! `cargo bench -p zkcomply --features gpu --bench gpu`).
//!
//! - `msm_g1_gpu/cpu/N`: arkworks' `VariableBaseMSM::msm` (the prover's CPU path);
//! - `msm_g1_gpu/gpu/N`: `Gpu::msm_g1`, buckets summed and reduced on the GPU;
//! - `msm_g1_gpu/gpu_cpu_reduce/N`: buckets summed on the GPU, reduced on the CPU;
//!
//! for N = 2^12 … 2^16 random points and uniformly random scalars. The GPU rows include
//! the whole call: bucket sort on the CPU, upload, kernels, read-back, final additions.
//! Without an adapter only the CPU rows run. The adapter is named on stderr.

use std::time::Duration;

use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::UniformRand;
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::prover::gpu::{Gpu, MsmConfig, Reduction};

const SEED: u64 = 20_261_127;

/// `n` distinct points `q, q + p, q + 2p, …` (as in benches/primitives.rs).
fn bases(n: usize, rng: &mut ChaCha20Rng) -> Vec<G1Affine> {
    let step = G1Projective::rand(rng);
    let mut acc = G1Projective::rand(rng);
    let points: Vec<G1Projective> = (0..n)
        .map(|_| {
            acc += step;
            acc
        })
        .collect();
    G1Projective::normalize_batch(&points)
}

fn msm_gpu(c: &mut Criterion) {
    let gpu = Gpu::new();
    match &gpu {
        Some(gpu) => eprintln!("GPU adapter: {}", gpu.adapter_name()),
        None => eprintln!("no GPU adapter: only the CPU rows run"),
    }
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let mut group = c.benchmark_group("msm_g1_gpu");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for log in 12..=16 {
        let n = 1usize << log;
        let bases = bases(n, &mut rng);
        let scalars: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let expected = G1Projective::msm(&bases, &scalars).expect("equal lengths");
        group.bench_with_input(BenchmarkId::new("cpu", n), &scalars, |b, scalars| {
            b.iter(|| G1Projective::msm(black_box(&bases), scalars).expect("equal lengths"))
        });
        let Some(gpu) = &gpu else {
            continue;
        };
        for (name, reduction) in [("gpu", Reduction::Gpu), ("gpu_cpu_reduce", Reduction::Cpu)] {
            let config = MsmConfig {
                window_bits: None,
                reduction,
            };
            let check = gpu.msm_g1_with(&bases, &scalars, &config);
            assert_eq!(
                check.ok(),
                Some(expected),
                "{name}/{n}: differs from the CPU"
            );
            group.bench_with_input(BenchmarkId::new(name, n), &scalars, |b, scalars| {
                b.iter(|| {
                    gpu.msm_g1_with(black_box(&bases), scalars, &config)
                        .expect("GPU MSM")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, msm_gpu);
criterion_main!(benches);
