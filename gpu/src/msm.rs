//! The host side of the GPU multi-scalar multiplication (Pippenger's bucket method).
//!
//! 1. Pairs with a zero scalar or an identity base are dropped (they add nothing).
//! 2. Each scalar is cut into `c`-bit windows. Per window, a counting sort on the CPU
//!    groups the point indices by digit, so that bucket `(w, d)` is a contiguous run.
//! 3. GPU `accumulate`: each bucket is cut into runs of at most 32 points (`RUN`), one
//!    invocation sums a run (mixed additions); `combine` then adds the runs of a bucket,
//!    at most 32 per invocation, until each bucket is one point. The bound keeps
//!    skewed buckets (all scalars 1, say) from serialising on one invocation, and keeps
//!    each invocation under llvmpipe's limit of 65,535 loop iterations, shared by all
//!    the loops of a shader (Mesa gallivm's `LP_MAX_TGSI_LOOP_ITERATIONS`; past it the
//!    loop is silently left: a wrong sum, no error).
//! 4. Bucket reduction `Σ_d d·B_d` per window, either on the GPU (`reduce`: segments of
//!    buckets with running sums, finished on the CPU with a few additions per segment)
//!    or on the CPU from all the buckets ([`Reduction`]).
//! 5. Windows are combined on the CPU: `Σ_w 2^(c·w)·W_w`, `c` doublings per window.
//!
//! Inputs too large for one storage binding are cut into chunks whose results are added.

use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup, PrimeGroup, VariableBaseMSM};
use ark_ff::{BigInt, PrimeField, Zero};

use crate::{
    device::Gpu,
    error::{Error, Result},
    words::{self, AFFINE_WORDS, JACOBIAN_WORDS},
};

/// The smallest supported window, in bits.
pub const MIN_WINDOW_BITS: u32 = 2;
/// The largest supported window, in bits.
pub const MAX_WINDOW_BITS: u32 = 16;
/// Points (or partial sums) one invocation adds at most. On llvmpipe a mixed addition
/// costs ≈ 200 loop iterations and a Jacobian one ≈ 260: 32 of them stay well under its
/// 65,535 (measured: a single run of 337 mixed additions came out wrong).
const RUN: u32 = 32;
/// Buckets per segment of the GPU bucket reduction (at most); two additions each.
const SEGMENT: usize = 16;
/// [`Gpu::min_gpu_points`] of a hardware adapter. Not measured on one (only llvmpipe was
/// at hand): set it with [`Gpu::with_min_gpu_points`] after measuring with
/// `benches/gpu.rs`.
pub const DEFAULT_MIN_GPU_POINTS: usize = 1 << 16;

/// Where each window's buckets are reduced to `Σ_d d·B_d`.
///
/// On llvmpipe (one run under load, `benches/gpu.rs`) the CPU reduction measured 3–10%
/// faster at 2^12..2^15 points and 10% slower at 2^16. The GPU reduction is the default:
/// it reads back 2 points per 16 buckets instead of every bucket, and leaves the CPU
/// 3 additions per 16 buckets instead of 2 per bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reduction {
    /// On the GPU, by segments of buckets; the CPU adds a few points per segment.
    #[default]
    Gpu,
    /// On the CPU, from all the buckets read back.
    Cpu,
}

/// How [`Gpu::msm_g1_with`] runs. The default picks the window size from the input size
/// and reduces on the GPU.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MsmConfig {
    /// Window size `c` in bits ([`MIN_WINDOW_BITS`]..=[`MAX_WINDOW_BITS`]); `None`: chosen
    /// from the number of points by [`window_bits`].
    pub window_bits: Option<u32>,
    /// Where the buckets are reduced.
    pub reduction: Reduction,
}

/// The default window size for `n` points: `log2(n) − 4`, within 4..=16 bits, so that a
/// bucket holds about 16 points (one run) and there are many buckets to run in parallel.
/// Not tuned by measurement yet.
pub fn window_bits(n: usize) -> u32 {
    let log = usize::BITS - n.max(1).leading_zeros() - 1;
    log.saturating_sub(4).clamp(4, MAX_WINDOW_BITS)
}

/// Bit `offset` onwards, `c` bits, of `s`.
fn digit(s: &BigInt<4>, offset: u32, c: u32) -> usize {
    let limb = (offset / 64) as usize;
    let shift = offset % 64;
    if limb >= 4 {
        return 0;
    }
    let mut v = s.0[limb] >> shift;
    if shift + c > 64 && limb + 1 < 4 {
        v |= s.0[limb + 1] << (64 - shift);
    }
    (v & ((1u64 << c) - 1)) as usize
}

/// Cuts each group `bounds[g]..bounds[g + 1]` of items into runs of at most [`RUN`]
/// items (one run for an empty group). Returns the runs' starts (one more than runs: the
/// last is the end) and each group's runs as bounds over the runs.
fn split_runs(bounds: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut starts = Vec::with_capacity(bounds.len());
    let mut groups = Vec::with_capacity(bounds.len());
    groups.push(0u32);
    for g in bounds.windows(2) {
        let runs = (g[1] - g[0]).div_ceil(RUN).max(1);
        starts.extend((0..runs).map(|r| g[0] + r * RUN));
        groups.push(groups[groups.len() - 1] + runs);
    }
    starts.push(bounds.last().copied().unwrap_or(0));
    (starts, groups)
}

/// The work of one GPU pass: point indices grouped into buckets, then into runs.
struct Plan {
    /// The point indices, by window, then by digit.
    point_idx: Vec<u32>,
    /// Per level, the starts of its runs: level 0 over `point_idx` (`accumulate`), level
    /// `l + 1` over the sums of level `l` (`combine`). After the last level, run `b` is
    /// bucket `b`.
    levels: Vec<Vec<u32>>,
}

impl Plan {
    /// Counting sort of `(window, digit)` pairs (digit 0 joins no bucket), then runs.
    fn new(scalars: &[BigInt<4>], c: u32, windows: u32) -> Self {
        let per_window = 1usize << c;
        let mut starts = vec![0u32; windows as usize * per_window + 1];
        for s in scalars {
            for w in 0..windows {
                let d = digit(s, w * c, c);
                if d != 0 {
                    starts[w as usize * per_window + d + 1] += 1;
                }
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut point_idx = vec![0u32; starts.last().copied().unwrap_or(0) as usize];
        for (i, s) in scalars.iter().enumerate() {
            for w in 0..windows {
                let d = digit(s, w * c, c);
                if d != 0 {
                    let slot = &mut next[w as usize * per_window + d];
                    point_idx[*slot as usize] = i as u32;
                    *slot += 1;
                }
            }
        }
        let buckets = starts.len() - 1;
        let mut levels = Vec::new();
        let mut bounds = starts;
        loop {
            let (runs, groups) = split_runs(&bounds);
            let done = runs.len() - 1 == buckets;
            levels.push(runs);
            if done {
                break;
            }
            bounds = groups;
        }
        Self { point_idx, levels }
    }
}

impl Gpu {
    /// `Σ scalars[i] · bases[i]`, equal to arkworks' `G1Projective::msm(bases, scalars)`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if the slices differ in length; [`Error::DeviceLost`],
    /// [`Error::Command`] or [`Error::InvalidResult`] if the GPU fails.
    pub fn msm_g1(&self, bases: &[G1Affine], scalars: &[Fr]) -> Result<G1Projective> {
        self.msm_g1_with(bases, scalars, &MsmConfig::default())
    }

    /// [`Gpu::msm_g1`] with a chosen window size and reduction.
    ///
    /// # Errors
    /// As [`Gpu::msm_g1`], and [`Error::WindowBits`] for a window size out of range.
    pub fn msm_g1_with(
        &self,
        bases: &[G1Affine],
        scalars: &[Fr],
        config: &MsmConfig,
    ) -> Result<G1Projective> {
        if bases.len() != scalars.len() {
            return Err(Error::LengthMismatch {
                bases: bases.len(),
                scalars: scalars.len(),
            });
        }
        if let Some(bits) = config.window_bits {
            if !(MIN_WINDOW_BITS..=MAX_WINDOW_BITS).contains(&bits) {
                return Err(Error::WindowBits {
                    bits,
                    min: MIN_WINDOW_BITS,
                    max: MAX_WINDOW_BITS,
                });
            }
        }
        let (points, bigints): (Vec<G1Affine>, Vec<BigInt<4>>) = bases
            .iter()
            .zip(scalars)
            .filter(|(b, s)| !b.is_zero() && !s.is_zero())
            .map(|(b, s)| (*b, s.into_bigint()))
            .unzip();
        let c = config
            .window_bits
            .unwrap_or_else(|| window_bits(points.len()));
        let windows = Fr::MODULUS_BIT_SIZE.div_ceil(c);
        // The largest buffer is the sorted indices, 4 bytes per point and window.
        let chunk = (self.max_binding_bytes() / (4 * u64::from(windows)))
            .min(self.max_binding_bytes() / (4 * AFFINE_WORDS as u64))
            .min(u64::from(u32::MAX) / u64::from(windows))
            .max(1) as usize;
        let _serial = self
            .serial
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.check_health()?;
        let mut total = G1Projective::zero();
        for (p, s) in points.chunks(chunk).zip(bigints.chunks(chunk)) {
            total += self.msm_chunk(p, s, c, config.reduction)?;
        }
        if !total.into_affine().is_on_curve() {
            return Err(Error::InvalidResult {
                reason: "the sum is not a point of G1".into(),
            });
        }
        Ok(total)
    }

    /// The smallest MSM that [`Gpu::msm_g1_auto`] runs on this device; `None`: none (the
    /// default for software adapters, which measured slower than the CPU at every size).
    pub fn min_gpu_points(&self) -> Option<usize> {
        self.min_gpu_points
    }

    /// This device with [`Gpu::min_gpu_points`] set to `min` (`None`: always the CPU).
    #[must_use]
    pub fn with_min_gpu_points(mut self, min: Option<usize>) -> Self {
        self.min_gpu_points = min;
        self
    }

    /// Whether an MSM of `n` points should run on this device rather than the CPU.
    pub fn prefers_gpu(&self, n: usize) -> bool {
        self.min_gpu_points.is_some_and(|min| n >= min)
    }

    /// `Σ scalars[i] · bases[i]` on the GPU if [`Gpu::prefers_gpu`] says so, else with
    /// arkworks on the CPU. The result is the same either way.
    ///
    /// # Errors
    /// As [`Gpu::msm_g1`].
    pub fn msm_g1_auto(&self, bases: &[G1Affine], scalars: &[Fr]) -> Result<G1Projective> {
        if self.prefers_gpu(bases.len()) {
            self.msm_g1(bases, scalars)
        } else {
            G1Projective::msm(bases, scalars).map_err(|_| Error::LengthMismatch {
                bases: bases.len(),
                scalars: scalars.len(),
            })
        }
    }

    /// One GPU pass over `points` (no identity) and `scalars` (no zero).
    fn msm_chunk(
        &self,
        points: &[G1Affine],
        scalars: &[BigInt<4>],
        c: u32,
        reduction: Reduction,
    ) -> Result<G1Projective> {
        let windows = Fr::MODULUS_BIT_SIZE.div_ceil(c);
        let per_window = 1usize << c;
        let buckets_len = windows as usize * per_window;
        let plan = Plan::new(scalars, c, windows);
        let mut base_words = Vec::with_capacity(points.len() * AFFINE_WORDS);
        for p in points {
            words::push_affine(&mut base_words, p);
        }
        let segment = SEGMENT.min(per_window);
        let segments = per_window / segment;
        let reduce_len = windows as usize * segments;

        let read = self.scoped("running the MSM kernels", || {
            let bases = self.storage("bases", &base_words);
            let point_idx = self.storage("point_idx", &plan.point_idx);
            let mut encoder = self.encoder();
            let mut sums_in: Option<wgpu::Buffer> = None;
            for (level, runs) in plan.levels.iter().enumerate() {
                let jobs = runs.len() - 1;
                let starts = self.storage("starts", runs);
                let out = self.output("partial sums", jobs * JACOBIAN_WORDS);
                let params = self.uniform("params", [jobs as u32, 0, 0, 0]);
                let (pipeline, group) = match (level, &sums_in) {
                    (0, _) | (_, None) => (
                        &self.accumulate,
                        self.bind(
                            &self.accumulate,
                            &[
                                (0, &bases),
                                (1, &point_idx),
                                (2, &starts),
                                (3, &out),
                                (4, &params),
                            ],
                        ),
                    ),
                    (_, Some(input)) => (
                        &self.combine,
                        self.bind(
                            &self.combine,
                            &[(2, &starts), (3, &out), (4, &params), (6, input)],
                        ),
                    ),
                };
                self.dispatch(&mut encoder, pipeline, &group, jobs as u32);
                sums_in = Some(out);
            }
            let buckets =
                sums_in.unwrap_or_else(|| self.output("buckets", buckets_len * JACOBIAN_WORDS));
            match reduction {
                Reduction::Gpu => {
                    let sums = self.output("sums", 2 * reduce_len * JACOBIAN_WORDS);
                    let params = self.uniform(
                        "params",
                        [
                            reduce_len as u32,
                            per_window as u32,
                            segment as u32,
                            segments as u32,
                        ],
                    );
                    let group = self.bind(&self.reduce, &[(4, &params), (5, &sums), (6, &buckets)]);
                    self.dispatch(&mut encoder, &self.reduce, &group, reduce_len as u32);
                    (encoder, sums, 2 * reduce_len * JACOBIAN_WORDS)
                }
                Reduction::Cpu => (encoder, buckets, buckets_len * JACOBIAN_WORDS),
            }
        })?;
        let (encoder, source, len) = read;
        let out = self.submit_and_read(encoder, &source, len)?;
        if out.len() != len {
            return Err(Error::InvalidResult {
                reason: format!("{} words read back, expected {len}", out.len()),
            });
        }
        let points = out
            .chunks_exact(JACOBIAN_WORDS)
            .map(words::jacobian)
            .collect::<Result<Vec<_>>>()?;
        let window_sums: Vec<G1Projective> = match reduction {
            Reduction::Gpu => points
                .chunks_exact(2 * segments)
                .map(|w| finish_segments(w, segment as u64))
                .collect(),
            Reduction::Cpu => points
                .chunks_exact(per_window)
                .map(reduce_buckets)
                .collect(),
        };
        let mut total = G1Projective::zero();
        for w in window_sums.iter().rev() {
            for _ in 0..c {
                total.double_in_place();
            }
            total += w;
        }
        Ok(total)
    }
}

/// `Σ_d d·B_d` over one window's buckets, by running sums from the top bucket down.
fn reduce_buckets(buckets: &[G1Projective]) -> G1Projective {
    let mut running = G1Projective::zero();
    let mut sum = G1Projective::zero();
    for b in buckets.iter().skip(1).rev() {
        running += b;
        sum += running;
    }
    sum
}

/// A window's `Σ_d d·B_d` from the GPU's per-segment `(T_s, A_s)`, where segment `s`
/// covers buckets `[s·S, (s+1)·S)`, `T_s = Σ B_d` and `A_s = Σ (d − s·S + 1)·B_d` over it:
/// `Σ_s A_s + Σ_s (s·S − 1)·T_s = Σ_s A_s + S·Σ_s s·T_s − Σ_s T_s`.
fn finish_segments(pairs: &[G1Projective], segment: u64) -> G1Projective {
    let mut sum_a = G1Projective::zero();
    let mut running = G1Projective::zero();
    let mut weighted = G1Projective::zero();
    for pair in pairs.chunks_exact(2).rev() {
        sum_a += pair[1];
        running += pair[0];
        weighted += running;
    }
    // weighted = Σ (s+1)·T_s, running = Σ T_s.
    let s_times_t = weighted - running;
    sum_a + s_times_t.mul_bigint([segment]) - running
}

#[cfg(test)]
mod tests {
    use ark_ff::UniformRand;
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use super::*;

    #[test]
    fn digits_recompose_the_scalar() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        for c in MIN_WINDOW_BITS..=MAX_WINDOW_BITS {
            for s in [
                Fr::from(0u64),
                Fr::from(1u64),
                -Fr::from(1u64),
                Fr::rand(&mut rng),
            ] {
                let windows = Fr::MODULUS_BIT_SIZE.div_ceil(c);
                let mut acc = Fr::from(0u64);
                for w in (0..windows).rev() {
                    acc *= Fr::from(1u64 << c);
                    acc += Fr::from(digit(&s.into_bigint(), w * c, c) as u64);
                }
                assert_eq!(acc, s, "c = {c}");
            }
        }
    }

    #[test]
    fn counting_sort_groups_by_digit() {
        let mut rng = ChaCha20Rng::seed_from_u64(4);
        let scalars: Vec<BigInt<4>> = (0..100).map(|_| Fr::rand(&mut rng).into_bigint()).collect();
        let (c, windows) = (5, Fr::MODULUS_BIT_SIZE.div_ceil(5));
        let plan = Plan::new(&scalars, c, windows);
        // 100 points in 32 buckets: no bucket needs more than one run.
        assert_eq!(plan.levels.len(), 1);
        let starts = &plan.levels[0];
        for w in 0..windows as usize {
            for d in 0..1usize << c {
                let slot = w * (1 << c) + d;
                let run = &plan.point_idx[starts[slot] as usize..starts[slot + 1] as usize];
                let expected: Vec<u32> = (0..scalars.len() as u32)
                    .filter(|&i| d != 0 && digit(&scalars[i as usize], w as u32 * c, c) == d)
                    .collect();
                assert_eq!(run, expected.as_slice(), "window {w}, digit {d}");
            }
        }
    }

    #[test]
    fn long_buckets_are_cut_into_bounded_runs() {
        // 5000 scalars 1: one bucket of 5000 points, then 157 runs, then 5, then 1.
        let scalars = vec![BigInt::from(1u64); 5000];
        let (c, windows) = (4, Fr::MODULUS_BIT_SIZE.div_ceil(4));
        let plan = Plan::new(&scalars, c, windows);
        let buckets = windows as usize * 16;
        assert_eq!(plan.levels.len(), 3);
        let mut items = plan.point_idx.len() as u32;
        for runs in &plan.levels {
            assert_eq!(runs.last().copied(), Some(items), "runs cover their input");
            assert!(runs.windows(2).all(|r| r[0] <= r[1] && r[1] - r[0] <= RUN));
            items = (runs.len() - 1) as u32;
        }
        assert_eq!(items as usize, buckets);
        assert_eq!(
            split_runs(&[0, 0, 65, 65]),
            (vec![0, 0, 32, 64, 65, 65], vec![0, 1, 4, 5])
        );
    }

    #[test]
    fn cpu_reductions_weigh_each_bucket_by_its_digit() {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let buckets: Vec<G1Projective> = (0..16)
            .map(|_| G1Projective::generator() * Fr::rand(&mut rng))
            .collect();
        let expected: G1Projective = buckets
            .iter()
            .enumerate()
            .map(|(d, b)| *b * Fr::from(d as u64))
            .sum();
        assert_eq!(reduce_buckets(&buckets), expected);
        // Segments of 4 buckets, each (T_s, A_s) computed as the GPU does.
        let mut pairs = Vec::new();
        for seg in buckets.chunks(4) {
            let (mut t, mut a) = (G1Projective::zero(), G1Projective::zero());
            for b in seg.iter().rev() {
                t += b;
                a += t;
            }
            pairs.extend([t, a]);
        }
        assert_eq!(finish_segments(&pairs, 4), expected);
    }

    #[test]
    fn window_sizes_stay_in_range() {
        for n in [0, 1, 2, 7, 1 << 10, 1 << 16, 1 << 24, usize::MAX] {
            let c = window_bits(n);
            assert!((4..=MAX_WINDOW_BITS).contains(&c), "n = {n}: {c}");
        }
        assert_eq!(window_bits(1 << 16), 12);
    }
}
