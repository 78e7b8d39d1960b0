//! The arithmetic under a Groth16 proof, with arkworks 0.6 (release, `asm`, `parallel`).
//!
//! - `msm_g1/{random,compliance_like,bits}/{4096,65536}`: `VariableBaseMSM::msm` in G1 with
//!   uniformly random scalars; with the scalar distribution of the `compliance` witness at
//!   the default shape (measured: 15,101 values, 6.0% zeros, 4.0% ones, < 0.1% other values
//!   below 2^64, the rest full-width — Poseidon states are full field elements); and with
//!   half the scalars 0 or 1 (as a circuit made mostly of bits would have).
//!   Each is measured with arkworks' MSM (`ark_…`), the project's (`zkcomply_…`,
//!   `zkcomply-msm`) and the project's over precomputed bases (`zkcomply_fixed_…`,
//!   `FixedBases`: the proving key's bases are fixed) in the same run.
//! - `msm_g2/{ark,zkcomply}_random/16384`: the same in G2.
//! - `fft/{fft,ifft}/{4096,65536}`: `Radix2EvaluationDomain::{fft,ifft}_in_place`.
//!
//! Set `ZKCOMPLY_BENCH_1M=1` to add the 2^20 sizes (a G1 MSM of 2^20 points takes seconds
//! on two cores).

use std::time::Duration;

use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::short_weierstrass::{Affine, Projective, SWCurveConfig};
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::{One, UniformRand, Zero};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use criterion::{
    black_box, criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

const SEED: u64 = 20_260_103;

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1 << 12, 1 << 16];
    if std::env::var_os("ZKCOMPLY_BENCH_1M").is_some() {
        sizes.push(1 << 20);
    }
    sizes
}

/// `n` distinct points `q, q + p, q + 2p, …` (MSM cost does not depend on how the bases
/// were made, and this is far faster than `n` scalar multiplications).
fn bases<P: SWCurveConfig>(n: usize, rng: &mut ChaCha20Rng) -> Vec<Affine<P>> {
    let step = Projective::<P>::rand(rng);
    let mut acc = Projective::<P>::rand(rng);
    let points: Vec<Projective<P>> = (0..n)
        .map(|_| {
            acc += step;
            acc
        })
        .collect();
    Projective::normalize_batch(&points)
}

/// Scalars: `zero` and `one` are the fractions of 0s and 1s, the rest uniform.
fn scalars(n: usize, zero: f64, one: f64, rng: &mut ChaCha20Rng) -> Vec<Fr> {
    (0..n)
        .map(|_| {
            let u: f64 = rng.gen();
            if u < zero {
                Fr::zero()
            } else if u < zero + one {
                Fr::one()
            } else {
                Fr::rand(rng)
            }
        })
        .collect()
}

fn msm(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let mut group = c.benchmark_group("msm_g1");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for n in sizes() {
        let bases: Vec<G1Affine> = bases(n, &mut rng);
        let fixed = zkcomply_msm::FixedBases::new(&bases);
        for (name, zero, one) in [
            ("random", 0.0, 0.0),
            ("compliance_like", 0.060, 0.040),
            ("bits", 0.25, 0.25),
        ] {
            let scalars = scalars(n, zero, one, &mut rng);
            let id = |who: &str| BenchmarkId::new(format!("{who}_{name}"), n);
            group.bench_with_input(id("ark"), &scalars, |b, scalars| {
                b.iter(|| G1Projective::msm(black_box(&bases), scalars).expect("equal lengths"))
            });
            group.bench_with_input(id("zkcomply"), &scalars, |b, scalars| {
                b.iter(|| zkcomply_msm::msm(black_box(&bases), scalars))
            });
            group.bench_with_input(id("zkcomply_fixed"), &scalars, |b, scalars| {
                b.iter(|| fixed.msm(black_box(scalars)))
            });
        }
    }
    group.finish();
}

fn msm_g2(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 2);
    let mut group = c.benchmark_group("msm_g2");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let n = 1 << 14;
    let bases: Vec<G2Affine> = bases(n, &mut rng);
    let scalars = scalars(n, 0.0, 0.0, &mut rng);
    group.bench_with_input(BenchmarkId::new("ark_random", n), &scalars, |b, scalars| {
        b.iter(|| G2Projective::msm(black_box(&bases), scalars).expect("equal lengths"))
    });
    group.bench_with_input(
        BenchmarkId::new("zkcomply_random", n),
        &scalars,
        |b, scalars| b.iter(|| zkcomply_msm::msm(black_box(&bases), scalars)),
    );
    let fixed = zkcomply_msm::FixedBases::new(&bases);
    group.bench_with_input(
        BenchmarkId::new("zkcomply_fixed_random", n),
        &scalars,
        |b, scalars| b.iter(|| fixed.msm(black_box(scalars))),
    );
    group.finish();
}

fn fft(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 1);
    let mut group = c.benchmark_group("fft");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    for n in sizes() {
        let domain = Radix2EvaluationDomain::<Fr>::new(n).expect("2-adic size");
        let values: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        group.bench_with_input(BenchmarkId::new("fft", n), &values, |b, values| {
            b.iter_batched(
                || values.clone(),
                |mut v| {
                    domain.fft_in_place(&mut v);
                    v
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_with_input(BenchmarkId::new("ifft", n), &values, |b, values| {
            b.iter_batched(
                || values.clone(),
                |mut v| {
                    domain.ifft_in_place(&mut v);
                    v
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, msm, msm_g2, fft);
criterion_main!(benches);
