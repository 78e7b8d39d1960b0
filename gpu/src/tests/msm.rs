//! The GPU MSM against arkworks' CPU MSM, on whatever adapter there is (llvmpipe in CI).

use crate::{
    testing::gpu_or_skip, Error, Gpu, MsmConfig, Reduction, MAX_WINDOW_BITS, MIN_WINDOW_BITS,
};
use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::{One, UniformRand, Zero};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

const SEED: u64 = 20_261_126;

fn rng(test: &str, salt: u64) -> ChaCha20Rng {
    eprintln!("{test}: seed {SEED} + {salt}");
    ChaCha20Rng::seed_from_u64(SEED + salt)
}

/// `n` random points (distinct with overwhelming probability).
fn points(n: usize, rng: &mut ChaCha20Rng) -> Vec<G1Affine> {
    let projective: Vec<G1Projective> = (0..n).map(|_| G1Projective::rand(rng)).collect();
    G1Projective::normalize_batch(&projective)
}

fn scalars(n: usize, rng: &mut ChaCha20Rng) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// The GPU MSM equals arkworks' for both reductions.
fn assert_matches_cpu(gpu: &Gpu, bases: &[G1Affine], scalars: &[Fr], what: &str) {
    let expected = G1Projective::msm(bases, scalars).expect("equal lengths");
    for reduction in [Reduction::Gpu, Reduction::Cpu] {
        let config = MsmConfig {
            window_bits: None,
            reduction,
        };
        let got = gpu
            .msm_g1_with(bases, scalars, &config)
            .unwrap_or_else(|e| panic!("{what} ({reduction:?}): {e}"));
        assert_eq!(
            got,
            expected,
            "{what} ({reduction:?}), {} points",
            bases.len()
        );
    }
}

#[test]
fn random_inputs_of_several_sizes() {
    let Some(gpu) = gpu_or_skip("random_inputs_of_several_sizes") else {
        return;
    };
    eprintln!("adapter: {}", gpu.adapter_name());
    let mut rng = rng("random_inputs_of_several_sizes", 0);
    for n in [1, 2, 7, 1 << 10, 1 << 12] {
        let bases = points(n, &mut rng);
        let scalars = scalars(n, &mut rng);
        assert_matches_cpu(gpu, &bases, &scalars, "random");
    }
}

#[test]
fn edge_scalars_zero_one_and_minus_one() {
    let Some(gpu) = gpu_or_skip("edge_scalars_zero_one_and_minus_one") else {
        return;
    };
    let mut rng = rng("edge_scalars_zero_one_and_minus_one", 1);
    let minus_one = -Fr::one();
    let n = 1 << 12;
    let bases = points(n, &mut rng);
    for (what, scalar) in [
        ("all 0", Fr::zero()),
        ("all 1", Fr::one()),
        ("all r − 1", minus_one),
    ] {
        // "all 1" puts 4096 points in one bucket: bounded runs, then combined.
        assert_matches_cpu(gpu, &bases, &vec![scalar; n], what);
    }
    let mixed: Vec<Fr> = (0..n)
        .map(|i| match i % 5 {
            0 => Fr::zero(),
            1 => Fr::one(),
            2 => minus_one,
            3 => Fr::from(2u64),
            _ => Fr::rand(&mut rng),
        })
        .collect();
    assert_matches_cpu(gpu, &bases, &mixed, "0, 1, r − 1, 2 and random");
    assert_matches_cpu(
        gpu,
        &bases[..3],
        &[Fr::zero(), Fr::one(), minus_one],
        "0, 1, r − 1",
    );
}

#[test]
fn identity_duplicate_and_opposite_points() {
    let Some(gpu) = gpu_or_skip("identity_duplicate_and_opposite_points") else {
        return;
    };
    let mut rng = rng("identity_duplicate_and_opposite_points", 2);
    let p = points(1, &mut rng)[0];
    let identity = G1Affine::identity();

    // Identity points, alone and among others.
    assert_matches_cpu(gpu, &[identity; 5], &scalars(5, &mut rng), "identity only");
    let mut bases = points(64, &mut rng);
    for i in (0..64).step_by(3) {
        bases[i] = identity;
    }
    assert_matches_cpu(gpu, &bases, &scalars(64, &mut rng), "identity among points");

    // The same point many times: equal digits put it twice in a bucket (P + P).
    let same = vec![p; 200];
    assert_matches_cpu(gpu, &same, &vec![Fr::one(); 200], "P 200 times, scalar 1");
    let s = Fr::rand(&mut rng);
    assert_matches_cpu(gpu, &same, &vec![s; 200], "P 200 times, one random scalar");
    assert_matches_cpu(
        gpu,
        &same,
        &scalars(200, &mut rng),
        "P 200 times, random scalars",
    );

    // P and −P with equal scalars cancel in every bucket (P + (−P)).
    let pair = [p, -p];
    assert_matches_cpu(gpu, &pair, &[s, s], "P and −P, equal scalars");
    assert_matches_cpu(gpu, &pair, &[Fr::one(), Fr::one()], "P and −P, scalar 1");
    assert_matches_cpu(
        gpu,
        &pair,
        &[s, s + Fr::one()],
        "P and −P, scalars s, s + 1",
    );
    let mut triples = Vec::new();
    for q in points(50, &mut rng) {
        triples.extend([q, -q, q]);
    }
    let scalars: Vec<Fr> = (0..triples.len())
        .map(|_| {
            if rng.gen_bool(0.5) {
                s
            } else {
                Fr::rand(&mut rng)
            }
        })
        .collect();
    assert_matches_cpu(gpu, &triples, &scalars, "Q, −Q, Q triples");
}

#[test]
fn every_window_size_gives_the_same_sum() {
    let Some(gpu) = gpu_or_skip("every_window_size_gives_the_same_sum") else {
        return;
    };
    let mut rng = rng("every_window_size_gives_the_same_sum", 3);
    let bases = points(300, &mut rng);
    let scalars = scalars(300, &mut rng);
    let expected = G1Projective::msm(&bases, &scalars).expect("equal lengths");
    for bits in [MIN_WINDOW_BITS, 3, 5, 8, 11, 13] {
        for reduction in [Reduction::Gpu, Reduction::Cpu] {
            let config = MsmConfig {
                window_bits: Some(bits),
                reduction,
            };
            let got = gpu.msm_g1_with(&bases, &scalars, &config);
            assert_eq!(
                got.ok(),
                Some(expected),
                "{bits}-bit windows, {reduction:?}"
            );
        }
    }
}

#[test]
fn bad_input_is_an_error() {
    let Some(gpu) = gpu_or_skip("bad_input_is_an_error") else {
        return;
    };
    let mut rng = rng("bad_input_is_an_error", 4);
    let bases = points(3, &mut rng);
    let scalars = scalars(3, &mut rng);
    let e = gpu
        .msm_g1(&bases, &scalars[..2])
        .expect_err("lengths differ");
    assert!(
        matches!(
            e,
            Error::LengthMismatch {
                bases: 3,
                scalars: 2
            }
        ),
        "{e}"
    );
    assert_eq!(
        e.to_string(),
        "multi-scalar multiplication of 3 bases by 2 scalars: the counts must be equal"
    );
    let e = gpu
        .msm_g1_auto(&bases[..1], &scalars)
        .expect_err("lengths differ");
    assert!(
        matches!(
            e,
            Error::LengthMismatch {
                bases: 1,
                scalars: 3
            }
        ),
        "{e}"
    );
    for bits in [0, MIN_WINDOW_BITS - 1, MAX_WINDOW_BITS + 1, u32::MAX] {
        let config = MsmConfig {
            window_bits: Some(bits),
            reduction: Reduction::Gpu,
        };
        let e = gpu
            .msm_g1_with(&bases, &scalars, &config)
            .expect_err("window out of range");
        assert_eq!(
            e.to_string(),
            format!("GPU MSM window of {bits} bits: the window must have 2 to 16 bits")
        );
    }
    assert_eq!(gpu.msm_g1(&[], &[]).ok(), Some(G1Projective::zero()));
}

#[test]
fn threshold_decides_between_gpu_and_cpu() {
    let Some(gpu) = gpu_or_skip("threshold_decides_between_gpu_and_cpu") else {
        return;
    };
    match gpu.min_gpu_points() {
        // Software adapters measured slower than the CPU at every size.
        None => assert!(gpu.is_software() && !gpu.prefers_gpu(usize::MAX)),
        Some(min) => assert!(gpu.prefers_gpu(min) && !gpu.prefers_gpu(min - 1)),
    }
    let mut rng = rng("threshold_decides_between_gpu_and_cpu", 5);
    let bases = points(100, &mut rng);
    let scalars = scalars(100, &mut rng);
    let expected = G1Projective::msm(&bases, &scalars).expect("equal lengths");
    assert_eq!(gpu.msm_g1_auto(&bases, &scalars).ok(), Some(expected));
}
