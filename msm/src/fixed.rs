//! MSMs over bases fixed across many calls (a proving key's queries): each base's multiples
//! `2^(c·j)·P` for every window `j` are computed once, so that an MSM puts the digits of
//! every window into one set of buckets and reduces it once, with no doublings — about a
//! third less work per MSM than Pippenger over separate windows, for `windows` times the
//! memory of the bases. Threads split the buckets, not the bases: each thread adds the
//! digits of its range of bucket values and reduces its own buckets, so no bucket is
//! reduced twice.

use ark_ec::{
    short_weierstrass::{Affine, Projective, SWCurveConfig},
    AdditiveGroup, CurveGroup,
};
use ark_ff::PrimeField;
#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::{
    affine::{accumulate, weighted_sum, Op},
    signed_digits, BatchInverse,
};

/// Bases with their window multiples precomputed, for many MSMs.
#[derive(Clone)]
pub struct FixedBases<P: SWCurveConfig> {
    /// Window width in bits.
    c: usize,
    /// Windows per scalar.
    windows: usize,
    /// `table[i·windows + j] = 2^(c·j)·Pᵢ`.
    table: Vec<Affine<P>>,
}

impl<P: SWCurveConfig> FixedBases<P>
where
    P::BaseField: BatchInverse,
{
    /// Precomputes the multiples of `bases`, with the window width that minimises the
    /// work of an MSM.
    pub fn new(bases: &[Affine<P>]) -> Self {
        let n = bases.len();
        let bits = P::ScalarField::MODULUS_BIT_SIZE as usize + 1;
        let threads = threads();
        // An affine addition per digit; per bucket (2^(c-1) of them) two Jacobian
        // additions of about three times its cost.
        let cost = |c: usize| n * bits.div_ceil(c) + 3 * (1 << (c - 1));
        let c = (4..=16).min_by_key(|&c| cost(c)).unwrap_or(8);
        let windows = bits.div_ceil(c);
        let multiples = |base: &Affine<P>| {
            let mut acc = Projective::from(*base);
            (0..windows)
                .map(|_| {
                    let here = acc;
                    for _ in 0..c {
                        acc.double_in_place();
                    }
                    here
                })
                .collect::<Vec<_>>()
        };
        let chunk = n.div_ceil(threads).max(1);
        let normalized = |bases: &[Affine<P>]| {
            let projective: Vec<Projective<P>> = bases.iter().flat_map(multiples).collect();
            Projective::normalize_batch(&projective)
        };
        #[cfg(feature = "parallel")]
        let table = bases.par_chunks(chunk).flat_map_iter(normalized).collect();
        #[cfg(not(feature = "parallel"))]
        let table = bases.chunks(chunk).flat_map(normalized).collect();
        Self { c, windows, table }
    }

    /// The number of bases.
    pub fn len(&self) -> usize {
        self.table.len() / self.windows.max(1)
    }

    /// Whether there are no bases.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The bytes the table takes.
    pub fn memory(&self) -> usize {
        self.table.len() * std::mem::size_of::<Affine<P>>()
    }

    /// `Σ sᵢ·Pᵢ` over the bases and `scalars` (the shorter one sets the length).
    pub fn msm(&self, scalars: &[P::ScalarField]) -> Projective<P> {
        let n = self.len().min(scalars.len());
        let (c, windows) = (self.c, self.windows);
        #[cfg(feature = "parallel")]
        let bigints: Vec<_> = scalars[..n].par_iter().map(|s| s.into_bigint()).collect();
        #[cfg(not(feature = "parallel"))]
        let bigints: Vec<_> = scalars[..n].iter().map(|s| s.into_bigint()).collect();
        // Row `i` holds scalar `i`'s digits, so a digit's index is its table entry's.
        let digits = signed_digits(&bigints, c, windows);
        let buckets = 1usize << (c - 1);
        let parts = threads().min(buckets);
        let table = &self.table[..n * windows];
        // Part `t` adds the digits `d` with `lo < |d| ≤ hi` into buckets `|d| − lo − 1`.
        let part = |t: usize| {
            let (lo, hi) = (t * buckets / parts, (t + 1) * buckets / parts);
            let ops = (digits.iter().enumerate())
                .filter_map(|(k, &d)| {
                    let b = d.unsigned_abs() as usize;
                    (lo < b && b <= hi).then(|| Op::new(b - lo - 1, k, d < 0))
                })
                .collect();
            weighted_sum(&accumulate(hi - lo, table, ops), lo as u64)
        };
        #[cfg(feature = "parallel")]
        return (0..parts).into_par_iter().map(part).sum();
        #[cfg(not(feature = "parallel"))]
        return (0..parts).map(part).sum();
    }
}

impl<P: SWCurveConfig> std::fmt::Debug for FixedBases<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedBases")
            .field("bases", &(self.table.len() / self.windows.max(1)))
            .field("window_bits", &self.c)
            .field("windows", &self.windows)
            .finish()
    }
}

fn threads() -> usize {
    #[cfg(feature = "parallel")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    return 1;
}

#[cfg(test)]
mod tests {
    use ark_bn254::{g1, g2, Fr, G1Affine, G1Projective};
    use ark_ff::{Field, One, Zero};
    use ark_std::UniformRand;
    use rand::{rngs::StdRng, SeedableRng};

    use super::*;

    fn check<P: SWCurveConfig<ScalarField = Fr>>(n: usize, seed: u64)
    where
        P::BaseField: BatchInverse,
    {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut bases: Vec<Affine<P>> = (0..n)
            .map(|_| Projective::<P>::rand(&mut rng).into_affine())
            .collect();
        if n > 4 {
            bases[1] = Affine::identity();
            bases[2] = bases[3];
        }
        let fixed = FixedBases::new(&bases);
        assert_eq!(fixed.len(), n);
        for round in 0..2 {
            let mut scalars: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
            let edge = [Fr::zero(), Fr::one(), -Fr::one(), Fr::from(2u64).pow([253])];
            for (s, e) in scalars.iter_mut().zip(edge) {
                *s = e;
            }
            let naive: Projective<P> = bases.iter().zip(&scalars).map(|(p, s)| *p * s).sum();
            assert_eq!(fixed.msm(&scalars), naive, "n = {n}, round {round}");
            assert_eq!(fixed.msm(&scalars), crate::msm(&bases, &scalars));
        }
    }

    #[test]
    fn equals_the_naive_sum() {
        for (n, seed) in [(1, 1), (3, 2), (50, 3), (1000, 4)] {
            check::<g1::Config>(n, seed);
        }
        check::<g2::Config>(200, 5);
    }

    #[test]
    fn shorter_scalars_and_empty() {
        let mut rng = StdRng::seed_from_u64(6);
        let bases: Vec<G1Affine> = (0..10)
            .map(|_| G1Projective::rand(&mut rng).into_affine())
            .collect();
        let fixed = FixedBases::new(&bases);
        let s = [Fr::from(5u64), Fr::from(7u64)];
        assert_eq!(fixed.msm(&s), bases[0] * s[0] + bases[1] * s[1]);
        assert!(fixed.msm(&[]).is_zero());
        let none = FixedBases::<g1::Config>::new(&[]);
        assert!(none.is_empty());
        assert!(none.msm(&s).is_zero());
    }
}
