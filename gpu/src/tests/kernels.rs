//! The WGSL field and curve functions against ark-bn254, through the test kernels of
//! `shaders/check.wgsl`.

use std::sync::OnceLock;

use ark_bn254::{Fq, Fr, G1Affine, G1Projective};
use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{BigInt, Field, One, PrimeField, UniformRand, Zero};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use crate::{device, shader, testing::gpu_or_skip, words, Gpu};

const SEED: u64 = 20_261_125;

/// The check shader's kernels, compiled once per test binary, in parallel.
const CHECK_KERNELS: [&str; 4] = ["field_ops", "curve_add", "curve_double", "curve_add_affine"];

fn check_kernels(gpu: &Gpu) -> &'static [wgpu::ComputePipeline; 4] {
    static KERNELS: OnceLock<[wgpu::ComputePipeline; 4]> = OnceLock::new();
    KERNELS.get_or_init(|| {
        let module = device::module(gpu.device(), "check", &shader::source(shader::CHECK));
        device::pipelines(
            gpu.device(),
            &module,
            "compiling the check kernels",
            CHECK_KERNELS,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Runs the check kernel `entry` on `n` items and returns `out_words` words.
fn run_check(
    gpu: &Gpu,
    entry: &str,
    lhs: &[u32],
    rhs: &[u32],
    n: usize,
    out_words: usize,
) -> Vec<u32> {
    let index = CHECK_KERNELS
        .iter()
        .position(|name| *name == entry)
        .unwrap_or_else(|| panic!("no check kernel {entry}"));
    let pipeline = &check_kernels(gpu)[index];
    let (encoder, out) = gpu
        .scoped("running a check kernel", || {
            let lhs = gpu.storage("lhs", lhs);
            let rhs = gpu.storage("rhs", rhs);
            let out = gpu.output("out", out_words);
            let count = gpu.uniform("count", [n as u32, 0, 0, 0]);
            let group = gpu.bind(pipeline, &[(0, &lhs), (1, &rhs), (2, &out), (3, &count)]);
            let mut encoder = gpu.encoder();
            gpu.dispatch(&mut encoder, pipeline, &group, n as u32);
            (encoder, out)
        })
        .unwrap_or_else(|e| panic!("{entry}: {e}"));
    gpu.submit_and_read(encoder, &out, out_words)
        .unwrap_or_else(|e| panic!("{entry}: {e}"))
}

/// The Jacobian points `out` holds, 24 words each.
fn jacobians(out: &[u32], what: impl Fn(usize) -> String) -> Vec<G1Projective> {
    out.chunks_exact(24)
        .enumerate()
        .map(|(i, w)| words::jacobian(w).unwrap_or_else(|e| panic!("{}: {e}", what(i))))
        .collect()
}

/// Edge values: 0, 1, p − 1, 2, (p − 1)/2, and elements whose Montgomery forms are
/// 1, p − 1 and 2^253 − 1 (limbs at their maximum, for the carry chains).
fn edge_elements() -> Vec<Fq> {
    let mut p_minus_1 = Fq::MODULUS;
    p_minus_1.0[0] -= 1;
    let all_ones_253 = BigInt([u64::MAX, u64::MAX, u64::MAX, (1 << 61) - 1]);
    vec![
        Fq::zero(),
        Fq::one(),
        -Fq::one(),
        Fq::from(2u64),
        Fq::from(Fq::MODULUS_MINUS_ONE_DIV_TWO),
        Fq::new_unchecked(BigInt::from(1u64)),
        Fq::new_unchecked(p_minus_1),
        Fq::new_unchecked(all_ones_253),
    ]
}

#[test]
fn field_add_sub_mul_neg_match_ark() {
    let Some(gpu) = gpu_or_skip("field_add_sub_mul_neg_match_ark") else {
        return;
    };
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    eprintln!("seed {SEED}, adapter {}", gpu.adapter_name());
    let edges = edge_elements();
    let mut pairs: Vec<(Fq, Fq)> = Vec::new();
    for a in &edges {
        for b in &edges {
            pairs.push((*a, *b));
        }
        pairs.push((*a, Fq::rand(&mut rng)));
        pairs.push((Fq::rand(&mut rng), *a));
    }
    for _ in 0..256 {
        pairs.push((Fq::rand(&mut rng), Fq::rand(&mut rng)));
    }
    let (mut lhs, mut rhs) = (Vec::new(), Vec::new());
    for (a, b) in &pairs {
        words::push_fq(&mut lhs, a);
        words::push_fq(&mut rhs, b);
    }
    let out = run_check(gpu, "field_ops", &lhs, &rhs, pairs.len(), 32 * pairs.len());
    for (i, ((a, b), got)) in pairs.iter().zip(out.chunks_exact(32)).enumerate() {
        let got: Vec<Fq> = got
            .chunks_exact(8)
            .map(|w| words::fq(w).unwrap_or_else(|e| panic!("pair {i}: {e}")))
            .collect();
        assert_eq!(got[0], *a + b, "pair {i}: {a} + {b}");
        assert_eq!(got[1], *a - b, "pair {i}: {a} - {b}");
        assert_eq!(got[2], *a * b, "pair {i}: {a} * {b}");
        assert_eq!(got[3], -*a, "pair {i}: -{a}");
    }
}

/// `p` in Jacobian coordinates with `Z = z` (the same point, other coordinates).
fn rescaled(p: &G1Affine, z: Fq) -> G1Projective {
    G1Projective::new_unchecked(p.x * z.square(), p.y * z.square() * z, z)
}

#[test]
fn curve_add_double_match_ark() {
    let Some(gpu) = gpu_or_skip("curve_add_double_match_ark") else {
        return;
    };
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 1);
    let random_point =
        |rng: &mut ChaCha20Rng| (G1Projective::generator() * Fr::rand(rng)).into_affine();
    let mut cases: Vec<(G1Projective, G1Affine, &str)> = Vec::new();
    for _ in 0..8 {
        let q = random_point(&mut rng);
        let z = Fq::rand(&mut rng);
        let other = random_point(&mut rng);
        cases.extend([
            (rescaled(&other, z), q, "P + Q"),
            (rescaled(&q, z), q, "P = Q (Z ≠ 1)"),
            (rescaled(&q, Fq::one()), q, "P = Q (Z = 1)"),
            (rescaled(&(-q), z), q, "P = -Q"),
            (G1Projective::zero(), q, "P = identity"),
            (
                G1Projective::new_unchecked(Fq::from(5u64), Fq::from(7u64), Fq::zero()),
                q,
                "P = identity, other X, Y",
            ),
            (rescaled(&(q + q).into_affine(), z), q, "P = 2Q"),
        ]);
    }
    let n = cases.len();
    let what = |i: usize| format!("case {i} ({})", cases[i % n].2);
    // P + Q, then Q + P (both Jacobian, Q with Z = 1), for every case.
    let (mut lhs, mut rhs) = (Vec::new(), Vec::new());
    for (p, q, _) in &cases {
        words::push_jacobian(&mut lhs, p);
        words::push_jacobian(&mut rhs, &q.into_group());
    }
    for (p, q, _) in &cases {
        words::push_jacobian(&mut lhs, &q.into_group());
        words::push_jacobian(&mut rhs, p);
    }
    let sums = jacobians(
        &run_check(gpu, "curve_add", &lhs, &rhs, 2 * n, 48 * n),
        what,
    );
    let (mut jac, mut affine) = (Vec::new(), Vec::new());
    for (p, q, _) in &cases {
        words::push_jacobian(&mut jac, p);
        words::push_affine(&mut affine, q);
    }
    let doubles = jacobians(&run_check(gpu, "curve_double", &jac, &[], n, 24 * n), what);
    let mixed = jacobians(
        &run_check(gpu, "curve_add_affine", &jac, &affine, n, 24 * n),
        what,
    );
    for (i, (p, q, what)) in cases.iter().enumerate() {
        let got = [sums[i], sums[n + i], doubles[i], mixed[i]];
        let q = q.into_group();
        assert_eq!(got[0], *p + q, "case {i} ({what}): P + Q");
        assert_eq!(got[1], q + p, "case {i} ({what}): Q + P");
        assert_eq!(got[2], p.double(), "case {i} ({what}): 2P");
        assert_eq!(got[3], *p + q, "case {i} ({what}): P + Q mixed");
        for (k, r) in got.iter().enumerate() {
            assert!(
                r.into_affine().is_on_curve(),
                "case {i} ({what}): output {k} off the curve"
            );
        }
    }
}
