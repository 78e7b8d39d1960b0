//! # zkcomply-msm
//!
//! Multi-scalar multiplication `Σ sᵢ·Pᵢ` for the Groth16 prover and the batch verifier,
//! on short-Weierstrass curves (BN254 G1 and G2 here).
//!
//! Pippenger's bucket method over signed windows: each scalar is cut into `c`-bit digits
//! in `[-2^(c-1), 2^(c-1)]`, so a window needs `2^(c-1)` buckets and a negative digit
//! subtracts the point (negation is free on these curves). The buckets are filled in
//! affine coordinates, a batch of additions sharing one inversion (module `affine`), and summed
//! in extended Jacobian coordinates. The windows are independent and run in parallel on
//! rayon's pool, which is native threads, or Web Workers in the multi-threaded WebAssembly
//! build: one reason the crate exists next to arkworks' MSM, whose parallel version builds
//! a thread pool of its own on every call, which WebAssembly cannot do. Zero scalars and
//! identity points are skipped, one-scalars are plain additions. [`FixedBases`] precomputes
//! the window multiples of bases that many MSMs share (a proving key's).
#![deny(missing_docs)]

mod affine;
mod fixed;
mod inverse;

pub use fixed::FixedBases;
pub use inverse::BatchInverse;

use ark_ec::{
    short_weierstrass::{Affine, Projective, SWCurveConfig},
    AdditiveGroup, AffineRepr,
};
use ark_ff::{BigInteger, One, PrimeField, Zero};
#[cfg(feature = "parallel")]
use rayon::prelude::*;

use affine::{accumulate, weighted_sum, Op};

/// `Σ sᵢ·Pᵢ` over the pairs of `bases` and `scalars` (the shorter one sets the length).
pub fn msm<P: SWCurveConfig>(bases: &[Affine<P>], scalars: &[P::ScalarField]) -> Projective<P>
where
    P::BaseField: BatchInverse,
{
    let mut ones = Projective::<P>::zero();
    let mut points = Vec::with_capacity(bases.len());
    let mut bigints = Vec::with_capacity(bases.len());
    for (base, scalar) in bases.iter().zip(scalars) {
        if scalar.is_zero() || base.is_zero() {
            continue;
        }
        if scalar.is_one() {
            ones += base;
        } else {
            points.push(*base);
            bigints.push(scalar.into_bigint());
        }
    }
    ones + msm_bigint::<P>(&points, &bigints)
}

/// `Σ sᵢ·Pᵢ` for scalars given as integers (below the group order or not: the digits cover
/// every bit of the integer type).
pub fn msm_bigint<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: &[<P::ScalarField as PrimeField>::BigInt],
) -> Projective<P>
where
    P::BaseField: BatchInverse,
{
    let n = bases.len().min(scalars.len());
    if n == 0 {
        return Projective::zero();
    }
    let c = window_bits(n);
    // One more window than the bits need: the carry of the top signed digit.
    let bits = 64 * scalars[0].as_ref().len();
    let windows = bits.div_ceil(c) + 1;
    let digits = signed_digits(&scalars[..n], c, windows);
    let window_sum = |w: usize| {
        let ops = digits
            .chunks_exact(windows)
            .enumerate()
            .filter(|(_, row)| row[w] != 0)
            .map(|(i, row)| Op::new(row[w].unsigned_abs() as usize - 1, i, row[w] < 0))
            .collect();
        weighted_sum(&accumulate(1 << (c - 1), &bases[..n], ops), 0)
    };
    #[cfg(feature = "parallel")]
    let sums: Vec<Projective<P>> = (0..windows).into_par_iter().map(window_sum).collect();
    #[cfg(not(feature = "parallel"))]
    let sums: Vec<Projective<P>> = (0..windows).map(window_sum).collect();
    sums.iter().rev().fold(Projective::zero(), |mut acc, s| {
        for _ in 0..c {
            acc.double_in_place();
        }
        acc + s
    })
}

/// The window width for `n` points: about `ln n + 2` bits, as bucket work (`n` additions per
/// window) and reduction work (`2^c` per window) balance there.
fn window_bits(n: usize) -> usize {
    if n < 32 {
        3
    } else {
        // ⌊ln n⌋ from the bit length: ln n ≈ log2 n · 0.693.
        ((usize::BITS - n.leading_zeros()) as usize * 69 / 100 + 2).min(16)
    }
}

/// The signed `c`-bit digits of each scalar, `windows` per scalar (row-major).
pub(crate) fn signed_digits<B: BigInteger>(scalars: &[B], c: usize, windows: usize) -> Vec<i32> {
    let mut digits = vec![0i32; scalars.len() * windows];
    #[cfg(feature = "parallel")]
    digits
        .par_chunks_mut(windows)
        .zip(scalars.par_iter())
        .for_each(|(out, s)| signed_digit_row(s.as_ref(), c, out));
    #[cfg(not(feature = "parallel"))]
    digits
        .chunks_mut(windows)
        .zip(scalars.iter())
        .for_each(|(out, s)| signed_digit_row(s.as_ref(), c, out));
    digits
}

/// The signed `c`-bit digits of the integer `limbs` (little-endian `u64`s) into `out`:
/// digits in `[-2^(c-1), 2^(c-1)]` whose weighted sum `Σ dⱼ·2^(c·j)` is the integer, when
/// `out` has room for the last carry.
fn signed_digit_row(limbs: &[u64], c: usize, out: &mut [i32]) {
    let radix = 1i64 << c;
    let mut carry = 0i64;
    for (j, d) in out.iter_mut().enumerate() {
        let bit = j * c;
        let mut value = 0u64;
        if bit < 64 * limbs.len() {
            let (limb, shift) = (bit / 64, bit % 64);
            value = limbs[limb] >> shift;
            if shift + c > 64 && limb + 1 < limbs.len() {
                value |= limbs[limb + 1] << (64 - shift);
            }
            value &= (1u64 << c) - 1;
        }
        let mut digit = value as i64 + carry;
        carry = 0;
        if digit > radix / 2 {
            digit -= radix;
            carry = 1;
        }
        *d = digit as i32;
    }
}

#[cfg(test)]
mod tests {
    use ark_bn254::{g1, g2, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
    use ark_ec::{CurveGroup, VariableBaseMSM};
    use ark_ff::{BigInt, Field};
    use ark_std::UniformRand;
    use rand::{rngs::StdRng, SeedableRng};

    use super::*;

    fn points<P: SWCurveConfig>(n: usize, rng: &mut StdRng) -> Vec<Affine<P>> {
        (0..n)
            .map(|_| Projective::<P>::rand(rng).into_affine())
            .collect()
    }

    /// Random, zero, one, `r − 1`, small and 2^k scalars, identity and repeated points:
    /// equal to the naive sum and to arkworks' MSM.
    fn agrees<P: SWCurveConfig<ScalarField = Fr>>(n: usize, seed: u64)
    where
        P::BaseField: BatchInverse,
    {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut bases: Vec<Affine<P>> = points(n, &mut rng);
        let mut scalars: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let edge = [
            Fr::zero(),
            Fr::one(),
            -Fr::one(),
            Fr::from(2u64),
            Fr::from(1u64 << 40),
            Fr::from(2u64).pow([253]),
            -Fr::from(2u64).pow([200]),
        ];
        for (i, e) in edge.iter().enumerate().filter(|(i, _)| *i < n) {
            scalars[i] = *e;
        }
        if n > 10 {
            bases[8] = Affine::identity();
            bases[9] = bases[10];
            bases[3] = -bases[4];
        }
        let naive: Projective<P> = bases.iter().zip(&scalars).map(|(p, s)| *p * s).sum();
        let ours = msm(&bases, &scalars);
        assert_eq!(ours, naive, "n = {n}");
        assert_eq!(
            ours,
            Projective::<P>::msm(&bases, &scalars).unwrap(),
            "n = {n}"
        );
    }

    #[test]
    fn g1_equals_naive_and_arkworks() {
        for (n, seed) in [(1, 1), (2, 2), (7, 3), (33, 4), (300, 5), (2048, 6)] {
            agrees::<g1::Config>(n, seed);
        }
    }

    #[test]
    fn g2_equals_naive_and_arkworks() {
        for (n, seed) in [(1, 7), (5, 8), (64, 9), (700, 10)] {
            agrees::<g2::Config>(n, seed);
        }
    }

    #[test]
    fn empty_and_mismatched_lengths() {
        let mut rng = StdRng::seed_from_u64(11);
        let bases: Vec<G1Affine> = points(4, &mut rng);
        assert!(msm::<g1::Config>(&[], &[]).is_zero());
        let scalars = [Fr::from(3u64), Fr::from(5u64)];
        let expected: G1Projective = bases[0] * scalars[0] + bases[1] * scalars[1];
        assert_eq!(msm(&bases, &scalars), expected);
        assert_eq!(
            msm(&bases[..2], &[scalars[0], scalars[1], Fr::one()]),
            expected
        );
        let g2: Vec<G2Affine> = points(2, &mut rng);
        assert_eq!(msm(&g2, &[Fr::zero(), Fr::zero()]), G2Projective::zero());
    }

    #[test]
    fn integers_above_the_modulus() {
        // All-ones 256-bit integers: every digit at its maximum, and the top carry.
        let mut rng = StdRng::seed_from_u64(12);
        let bases: Vec<G1Affine> = points(40, &mut rng);
        let big = BigInt::<4>([u64::MAX; 4]);
        let as_field = Fr::from_bigint(BigInt::<4>([u64::MAX, u64::MAX, u64::MAX, 0])).unwrap()
            + Fr::from(2u64).pow([192]) * Fr::from(u64::MAX);
        let expected: G1Projective = bases.iter().map(|p| *p * as_field).sum();
        assert_eq!(msm_bigint(&bases, &vec![big; 40]), expected);
    }
}
