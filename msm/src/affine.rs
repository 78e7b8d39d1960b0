//! Bucket accumulation in affine coordinates: additions go into the buckets a batch at a
//! time, and one field inversion serves the whole batch (Montgomery's trick), so that an
//! addition costs about 6 multiplications instead of the 10 of a mixed addition into
//! extended Jacobian buckets. A batch holds at most one addition per bucket; an addition
//! whose bucket is already in the batch waits for the next pass.

use ark_ec::{
    short_weierstrass::{Affine, Projective, SWCurveConfig},
    AffineRepr, PrimeGroup, VariableBaseMSM,
};
use ark_ff::{AdditiveGroup, Field, Zero};

use crate::BatchInverse;

/// The most additions per batch: enough to make the one inversion cheap against them.
const BATCH: usize = 1024;

/// One addition: `bucket += ±points[point]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Op {
    bucket: u32,
    /// The point's index, with the top bit set for a subtraction.
    point: u32,
}

impl Op {
    /// Adds (`negate` false) or subtracts `points[point]` into `bucket`.
    pub(crate) fn new(bucket: usize, point: usize, negate: bool) -> Self {
        debug_assert!(point < 1 << 31 && bucket <= u32::MAX as usize);
        Self {
            bucket: bucket as u32,
            point: point as u32 | (u32::from(negate) << 31),
        }
    }

    fn point<P: SWCurveConfig>(self, points: &[Affine<P>]) -> Affine<P> {
        let p = points[(self.point & !(1 << 31)) as usize];
        if self.point >> 31 == 1 {
            -p
        } else {
            p
        }
    }
}

/// Buckets filled by [`accumulate`]: affine sums, and the additions that could not wait for
/// a batch, in arkworks' bucket coordinates.
pub(crate) struct Buckets<P: SWCurveConfig> {
    affine: Vec<Affine<P>>,
    extra: Vec<<Projective<P> as VariableBaseMSM>::Bucket>,
}

/// The `buckets` after the additions `ops` of `points` into them, from empty buckets.
/// When additions pile up on a few buckets (a window's top digits take few values), those
/// that cannot wait go to the extra buckets with a mixed addition instead.
pub(crate) fn accumulate<P: SWCurveConfig>(
    buckets: usize,
    points: &[Affine<P>],
    ops: Vec<Op>,
) -> Buckets<P>
where
    P::BaseField: BatchInverse,
{
    // A batch holds distinct buckets: with a quarter of them, few additions wait.
    let size = (buckets / 4).clamp(16, BATCH);
    let zero = <Projective<P> as VariableBaseMSM>::ZERO_BUCKET;
    let mut out = Buckets {
        affine: vec![Affine::<P>::identity(); buckets],
        extra: Vec::new(),
    };
    // The batch number in which each bucket was last used.
    let mut used = vec![u32::MAX; buckets];
    let mut batch_no = 0u32;
    let mut batch: Vec<(usize, Affine<P>)> = Vec::with_capacity(size);
    let mut waiting: Vec<Op> = Vec::with_capacity(size);
    let mut scratch = Scratch::default();
    let extra = |out: &mut Buckets<P>, op: Op| {
        if out.extra.is_empty() {
            out.extra = vec![zero; buckets];
        }
        out.extra[op.bucket as usize] += op.point(points);
    };
    for op in ops {
        let b = op.bucket as usize;
        if used[b] == batch_no {
            if waiting.len() < size {
                waiting.push(op);
            } else {
                extra(&mut out, op);
            }
            continue;
        }
        used[b] = batch_no;
        batch.push((b, op.point(points)));
        if batch.len() == size {
            add_batch(&mut out.affine, &mut batch, &mut scratch);
            batch_no += 1;
            // The additions that waited go first in the next batch.
            waiting.retain(|op| {
                let b = op.bucket as usize;
                if used[b] == batch_no || batch.len() == size {
                    return true;
                }
                used[b] = batch_no;
                batch.push((b, op.point(points)));
                false
            });
        }
    }
    add_batch(&mut out.affine, &mut batch, &mut scratch);
    for op in waiting {
        extra(&mut out, op);
    }
    out
}

/// Buffers reused across batches.
struct Scratch<P: SWCurveConfig> {
    /// `(bucket, point, doubling)` of the additions that need an inversion.
    pending: Vec<(usize, Affine<P>, bool)>,
    denominators: Vec<P::BaseField>,
}

impl<P: SWCurveConfig> Default for Scratch<P> {
    fn default() -> Self {
        Self {
            pending: Vec::with_capacity(BATCH),
            denominators: Vec::with_capacity(BATCH),
        }
    }
}

/// `sums[b] += p` for each `(b, p)` of the batch (distinct buckets), then empties it.
fn add_batch<P: SWCurveConfig>(
    sums: &mut [Affine<P>],
    batch: &mut Vec<(usize, Affine<P>)>,
    s: &mut Scratch<P>,
) where
    P::BaseField: BatchInverse,
{
    s.pending.clear();
    s.denominators.clear();
    for (b, p) in batch.drain(..) {
        let q = sums[b];
        if p.is_zero() {
            continue;
        }
        if q.is_zero() {
            sums[b] = p;
        } else if q.x != p.x {
            s.pending.push((b, p, false));
            s.denominators.push(p.x - q.x);
        } else if q.y == p.y && !p.y.is_zero() {
            s.pending.push((b, p, true));
            s.denominators.push(p.y.double());
        } else {
            sums[b] = Affine::identity(); // p = −q (or a point of order 2)
        }
    }
    P::BaseField::batch_inverse(&mut s.denominators);
    for (&(b, p, doubling), inverse) in s.pending.iter().zip(&s.denominators) {
        let q = sums[b];
        let lambda = if doubling {
            let x2 = p.x.square();
            (x2.double() + x2 + P::COEFF_A) * inverse
        } else {
            (p.y - q.y) * inverse
        };
        let x = lambda.square() - p.x - q.x;
        let y = lambda * (q.x - x) - q.y;
        sums[b] = Affine::new_unchecked(x, y);
    }
}

/// `Σ (k + 1 + offset)·buckets[k]`, by running sums from the top bucket down (the last
/// running sum is `Σ buckets[k]`, which the offset multiplies).
pub(crate) fn weighted_sum<P: SWCurveConfig>(buckets: &Buckets<P>, offset: u64) -> Projective<P> {
    let zero = <Projective<P> as VariableBaseMSM>::ZERO_BUCKET;
    let mut running = zero;
    let mut sum = zero;
    for (k, bucket) in buckets.affine.iter().enumerate().rev() {
        running += bucket;
        if let Some(extra) = buckets.extra.get(k) {
            running += extra;
        }
        sum += &running;
    }
    let (sum, running): (Projective<P>, Projective<P>) = (sum.into(), running.into());
    if offset == 0 {
        sum
    } else {
        sum + running.mul_bigint([offset])
    }
}

#[cfg(test)]
mod tests {
    use ark_bn254::{G1Affine, G1Projective, G2Affine, G2Projective};
    use ark_ec::{CurveGroup, PrimeGroup};
    use ark_std::UniformRand;
    use rand::{rngs::StdRng, Rng, SeedableRng};

    use super::*;

    /// Random additions and subtractions, with doublings (a point added to a bucket that
    /// holds it), cancellations (its negation) and the identity: the same buckets as
    /// projective arithmetic.
    fn agrees<P: SWCurveConfig>(points: &[Affine<P>], buckets: usize, n_ops: usize, seed: u64)
    where
        Projective<P>: CurveGroup<Affine = Affine<P>>,
        P::BaseField: BatchInverse,
    {
        let mut rng = StdRng::seed_from_u64(seed);
        let ops: Vec<Op> = (0..n_ops)
            .map(|_| {
                Op::new(
                    rng.gen_range(0..buckets),
                    rng.gen_range(0..points.len()),
                    rng.gen_bool(0.3),
                )
            })
            .collect();
        let mut expected = vec![Projective::<P>::zero(); buckets];
        for op in &ops {
            expected[op.bucket as usize] += op.point(points);
        }
        let got = accumulate(buckets, points, ops);
        for (b, e) in expected.iter().enumerate() {
            let mut total = got.affine[b].into_group();
            if let Some(extra) = got.extra.get(b) {
                let extra: Projective<P> = (*extra).into();
                total += extra;
            }
            assert_eq!(total, *e, "bucket {b}");
        }
        let weighted: Projective<P> = expected
            .iter()
            .enumerate()
            .map(|(k, e)| *e * P::ScalarField::from((k + 1) as u64))
            .sum();
        assert_eq!(weighted_sum(&got, 0), weighted);
        let offset = 1000u64;
        let total: Projective<P> = expected.iter().sum();
        assert_eq!(
            weighted_sum(&got, offset),
            weighted + total * P::ScalarField::from(offset)
        );
    }

    #[test]
    fn g1_buckets_equal_projective_sums() {
        let mut rng = StdRng::seed_from_u64(1);
        let g = G1Projective::generator();
        // Few distinct points into few buckets: many doublings and cancellations.
        let mut points: Vec<G1Affine> =
            vec![g.into_affine(), (-g).into_affine(), G1Affine::identity()];
        agrees(&points, 3, 5000, 2);
        points.extend((0..50).map(|_| G1Projective::rand(&mut rng).into_affine()));
        agrees(&points, 7, 3000, 3);
        agrees(&points, 2000, 3000, 4);
    }

    #[test]
    fn g2_buckets_equal_projective_sums() {
        let mut rng = StdRng::seed_from_u64(5);
        let mut points: Vec<G2Affine> = vec![G2Projective::generator().into_affine()];
        points.extend((0..20).map(|_| G2Projective::rand(&mut rng).into_affine()));
        agrees(&points, 5, 2000, 6);
        agrees(&points, 500, 2000, 7);
    }
}
