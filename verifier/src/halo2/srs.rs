//! The KZG structured reference string (SRS) of Halo2 keys, where it came from, its file,
//! and the point codecs of the Halo2 key and SRS files.
//!
//! An **SRS file** (kind `Halo2Srs`) carries [`SrsMeta`] and a payload as halo2-axiom's
//! `ParamsKZG::write_custom(SerdeFormat::Processed)` writes it: `k u32 ‖ [τ^i]₁ for i < 2^k ‖
//! the Lagrange basis [L_i(τ)]₁ for i < 2^k ‖ [1]₂ ‖ [τ]₂`, compressed (32-byte G1, 64-byte
//! G2 points). The Lagrange basis is stored because computing it is a group FFT (seconds at
//! `k = 12`); the reader checks every point (G2 in its subgroup, every coordinate below
//! `p`), that the G1 points are consecutive powers of the `τ` of `[τ]₂` ([`check_powers`])
//! and the Lagrange basis (two multi-scalar multiplications).
//!
//! An SRS of `2^k` points is `g_i = [τ^i]₁` for `i < 2^k`, `[1]₂` and `[τ]₂`. Its
//! [`SrsOrigin`] travels in every key file made from it: a seeded development SRS (whose
//! seed reveals `τ`: **insecure**) or a public powers-of-tau file, named by its hash.

use halo2_axiom::{
    arithmetic::{best_fft, best_multiexp},
    fft::recursive::FFTData,
    halo2curves::{
        bn256::{Bn256, Fq, Fr as Fp, G1Affine, G2Affine, G2},
        ff::{Field, FromUniformBytes, PrimeField},
        group::{cofactor::CofactorGroup, prime::PrimeCurveAffine, Curve, GroupEncoding},
        pairing::Engine,
    },
    poly::{commitment::Params, kzg::commitment::ParamsKZG},
    SerdeFormat,
};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
pub use zkcomply_circuits::artefact::{meta::MAX_K, SrsOrigin};
use zkcomply_circuits::artefact::{Artefact, SrsMeta};

use crate::{error::Result, Error};

/// The bytes of a compressed G1 point.
pub const G1_BYTES: usize = 32;
/// The bytes of a compressed G2 point.
pub const G2_BYTES: usize = 64;
/// An SRS with its origin.
#[derive(Clone, Debug)]
pub struct Srs {
    params: ParamsKZG<Bn256>,
    origin: SrsOrigin,
}

impl Srs {
    /// Wraps `params`, trusting the caller that they come from `origin` and are consistent
    /// (see [`check_powers`]).
    pub fn new_unchecked(params: ParamsKZG<Bn256>, origin: SrsOrigin) -> Self {
        Self { params, origin }
    }

    /// The KZG parameters.
    pub fn params(&self) -> &ParamsKZG<Bn256> {
        &self.params
    }

    /// Where the SRS came from.
    pub fn origin(&self) -> &SrsOrigin {
        &self.origin
    }

    /// `log2` of the number of G1 powers.
    pub fn k(&self) -> u32 {
        self.params.k()
    }

    /// Cuts the SRS down to `2^k` powers (no-op if it is not larger).
    pub fn downsize(&mut self, k: u32) {
        if k < self.params.k() {
            self.params.downsize(k);
        }
    }

    /// The parts: parameters and origin.
    pub fn into_parts(self) -> (ParamsKZG<Bn256>, SrsOrigin) {
        (self.params, self.origin)
    }
}

impl Srs {
    /// The SRS payload of SRS and Halo2 proving key files (see the module's doc).
    pub fn payload(&self) -> Vec<u8> {
        let params = &self.params;
        let mut out = Vec::with_capacity(4 + 64 * params.n() as usize + 128);
        // Writing to a vector cannot fail.
        let _ = params.write_custom(&mut out, SerdeFormat::Processed);
        out
    }

    /// Reads and checks an SRS payload of `2^k` powers (`k` from the file's metadata, in
    /// `1..=MAX_K`), trusting `origin` for what it says about `τ`'s provenance.
    ///
    /// # Errors
    /// [`Error::Malformed`] naming the bad length, point or check.
    pub fn from_payload(what: &str, payload: &[u8], k: u32, origin: SrsOrigin) -> Result<Self> {
        let bad = |reason: String| Error::Malformed {
            what: what.into(),
            reason,
        };
        if !(1..=MAX_K).contains(&k) {
            return Err(bad(format!("k = {k}, expected 1 to {MAX_K}")));
        }
        let mut r = PointReader::new(what, payload);
        let found = r.u32("k")?;
        if found != k {
            return Err(bad(format!(
                "the payload holds 2^{found} powers, the metadata says 2^{k}"
            )));
        }
        let n = 1usize << k;
        let expected = 4 + 2 * G1_BYTES * n + 2 * G2_BYTES;
        if payload.len() != expected {
            return Err(bad(format!(
                "payload of {} bytes, 2^{k} powers and their Lagrange basis need {expected}",
                payload.len(),
            )));
        }
        let g = (0..n)
            .map(|i| r.g1(&format!("[τ^{i}]₁")))
            .collect::<Result<Vec<_>>>()?;
        let lagrange = (0..n)
            .map(|i| r.g1(&format!("Lagrange point {i}")))
            .collect::<Result<Vec<_>>>()?;
        let g2 = r.g2("[1]₂")?;
        let s_g2 = r.g2("[τ]₂")?;
        r.finish()?;
        check_powers(what, &g, &g2, &s_g2)?;
        check_lagrange(what, k, &g, &lagrange)?;
        Ok(Self::new_unchecked(
            params_from_parts(k, g, Some(lagrange), g2, s_g2),
            origin,
        ))
    }
}

/// The SRS file: envelope (kind `Halo2Srs`) with [`SrsMeta`] and [`Srs::payload`].
impl Artefact for Srs {
    type Error = Error;

    fn to_bytes(&self) -> Vec<u8> {
        SrsMeta::new(self.k(), self.origin.clone()).seal(self.payload())
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let (meta, payload) = SrsMeta::open(what, bytes)?;
        Self::from_payload(what, &payload, meta.k, meta.srs)
    }
}

/// KZG parameters of `2^k` rows from their parts. Without `lagrange`, the Lagrange basis is
/// computed by halo2-axiom's own `g_to_lagrange` (a group FFT: seconds at `k = 12`) if `g`
/// holds `2^k` points; `g` of one point gives verifier-only parameters
/// ([`crate::halo2::verify`] reads only `g[0]`, `[1]₂`, `[τ]₂`).
pub fn params_from_parts(
    k: u32,
    g: Vec<G1Affine>,
    lagrange: Option<Vec<G1Affine>>,
    g2: G2Affine,
    s_g2: G2Affine,
) -> ParamsKZG<Bn256> {
    // `from_parts` is a method: a two-point SRS serves as its receiver and is discarded.
    let template = ParamsKZG::<Bn256>::setup(1, ChaCha20Rng::seed_from_u64(0));
    let lagrange = match lagrange {
        Some(l) => Some(l),
        None if g.len() == 1usize << k => None,
        None => Some(Vec::new()),
    };
    template.from_parts(k, g, lagrange, g2, s_g2)
}

/// Checks that `g` are consecutive powers `[τ^i]₁` starting at the generator, with `g2` the
/// G2 generator and `s_g2 = [τ]₂` for the same `τ ≠ 0`: `e(g_1, [1]₂) = e(g_0, [τ]₂)` and,
/// with random `ρ_i`, `e(Σ ρ_i·g_{i+1}, [1]₂) = e(Σ ρ_i·g_i, [τ]₂)` (which a wrong power
/// passes with probability about `1/r`). `what` names the source in errors.
///
/// # Errors
/// [`Error::Malformed`] naming the failed check.
pub fn check_powers(what: &str, g: &[G1Affine], g2: &G2Affine, s_g2: &G2Affine) -> Result<()> {
    let bad = |reason: &str| Error::Malformed {
        what: what.into(),
        reason: reason.into(),
    };
    if g.len() < 2 {
        return Err(bad("an SRS needs at least two G1 powers"));
    }
    if g[0] != G1Affine::generator() {
        return Err(bad("the first G1 power is not the generator [1]₁"));
    }
    if *g2 != G2Affine::generator() {
        return Err(bad("the first G2 power is not the generator [1]₂"));
    }
    if bool::from(s_g2.is_identity()) || bool::from(g[1].is_identity()) {
        return Err(bad("τ = 0: [τ]₁ or [τ]₂ is the point at infinity"));
    }
    if g[1] == g[0] || s_g2 == g2 {
        return Err(bad(
            "τ = 1: nobody contributed randomness (e.g. `snarkjs powersoftau new` without `contribute`)",
        ));
    }
    if !bool::from(G2::from(*s_g2).is_torsion_free()) {
        return Err(bad("[τ]₂ is not in the G2 subgroup"));
    }
    if Bn256::pairing(&g[1], g2) != Bn256::pairing(&g[0], s_g2) {
        return Err(bad("[τ]₁ and [τ]₂ disagree: e([τ]₁, [1]₂) ≠ e([1]₁, [τ]₂)"));
    }
    // Random coefficients, seeded from the points themselves (fixed before the draw).
    let mut seed = [0u8; 32];
    for (i, p) in [g[1], g[g.len() - 1]].iter().enumerate() {
        let bytes = p.to_bytes();
        for (j, b) in bytes.as_ref().iter().enumerate().take(16) {
            seed[16 * i + j] ^= *b;
        }
    }
    let mut rng = ChaCha20Rng::from_seed(seed);
    rng.next_u64();
    let rho: Vec<Fp> = (0..g.len() - 1)
        .map(|_| {
            let mut wide = [0u8; 64];
            rng.fill_bytes(&mut wide);
            Fp::from_uniform_bytes(&wide)
        })
        .collect();
    let lhs = best_multiexp(&rho, &g[1..]);
    let rhs = best_multiexp(&rho, &g[..g.len() - 1]);
    if Bn256::pairing(&lhs.to_affine(), g2) != Bn256::pairing(&rhs.to_affine(), s_g2) {
        return Err(bad(
            "the G1 points are not consecutive powers of τ (random-combination pairing check failed)",
        ));
    }
    Ok(())
}

/// Checks that `lagrange` is the Lagrange basis of the powers `g` over the `2^k`-th roots
/// of unity (`lagrange = IFFT(g)`, as halo2's `g_to_lagrange` computes it): with random
/// `ρ`, `Σ ρ_i·lagrange_i = Σ c_i·g_i` for `c = IFFT(ρ)` (the inverse DFT matrix is
/// symmetric). Two multi-scalar multiplications instead of a group FFT, which costs
/// `n·log n / 2` scalar multiplications (seconds at `k = 12`).
///
/// # Errors
/// [`Error::Malformed`] if the lengths differ from `2^k` or the check fails.
pub(crate) fn check_lagrange(
    what: &str,
    k: u32,
    g: &[G1Affine],
    lagrange: &[G1Affine],
) -> Result<()> {
    let n = 1usize << k;
    if g.len() != n || lagrange.len() != n {
        return Err(Error::Malformed {
            what: what.into(),
            reason: format!(
                "{} powers and {} Lagrange points, expected 2^{k} of each",
                g.len(),
                lagrange.len()
            ),
        });
    }
    let mut seed = [0u8; 32];
    seed[..16].copy_from_slice(&lagrange[n - 1].to_bytes().as_ref()[..16]);
    seed[16..].copy_from_slice(&lagrange[0].to_bytes().as_ref()[..16]);
    let mut rng = ChaCha20Rng::from_seed(seed);
    let rho: Vec<Fp> = (0..n)
        .map(|_| {
            let mut wide = [0u8; 64];
            rng.fill_bytes(&mut wide);
            Fp::from_uniform_bytes(&wide)
        })
        .collect();
    // The same transform as halo2-axiom's `g_to_lagrange`, on scalars.
    let mut c = rho.clone();
    let omega = Fp::ROOT_OF_UNITY;
    let mut omega_inv = Fp::ROOT_OF_UNITY_INV;
    for _ in k..Fp::S {
        omega_inv = omega_inv.square();
    }
    let data = FFTData::new(n, omega, omega_inv);
    best_fft(&mut c, omega_inv, k, &data, true);
    let n_inv = Fp::TWO_INV.pow_vartime([u64::from(k), 0, 0, 0]);
    for x in &mut c {
        *x *= n_inv;
    }
    if best_multiexp(&rho, lagrange) != best_multiexp(&c, g) {
        return Err(Error::Malformed {
            what: what.into(),
            reason: "the Lagrange points are not the Lagrange basis of the powers".into(),
        });
    }
    Ok(())
}

/// Appends a compressed G1 point.
pub(crate) fn put_g1(out: &mut Vec<u8>, p: &G1Affine) {
    out.extend_from_slice(p.to_bytes().as_ref());
}

/// Appends a compressed G2 point.
pub(crate) fn put_g2(out: &mut Vec<u8>, p: &G2Affine) {
    out.extend_from_slice(p.to_bytes().as_ref());
}

/// A reader of compressed points that names the file and the point in its errors.
#[derive(Debug)]
pub(crate) struct PointReader<'a> {
    what: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> PointReader<'a> {
    /// Reads `bytes`, naming `what` in errors.
    pub(crate) fn new(what: &'a str, bytes: &'a [u8]) -> Self {
        Self {
            what,
            bytes,
            pos: 0,
        }
    }

    fn bad(&self, reason: String) -> Error {
        Error::Malformed {
            what: self.what.into(),
            reason,
        }
    }

    /// The next `n` bytes.
    ///
    /// # Errors
    /// [`Error::Malformed`] if the bytes end first.
    pub(crate) fn take(&mut self, n: usize, field: &str) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(self.bad(format!(
                "truncated: {field} needs {n} bytes at offset {}, {} left",
                self.pos,
                self.bytes.len() - self.pos
            ))),
        }
    }

    /// A little-endian `u32`.
    ///
    /// # Errors
    /// [`Error::Malformed`] if truncated.
    pub(crate) fn u32(&mut self, field: &str) -> Result<u32> {
        let b = self.take(4, field)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A compressed G1 point (on the curve by construction; G1 has cofactor 1).
    ///
    /// # Errors
    /// [`Error::Malformed`] naming `field` if the bytes are not a point.
    pub(crate) fn g1(&mut self, field: &str) -> Result<G1Affine> {
        let mut repr = <G1Affine as GroupEncoding>::Repr::default();
        repr.as_mut().copy_from_slice(self.take(G1_BYTES, field)?);
        Option::from(G1Affine::from_bytes(&repr))
            .ok_or_else(|| self.bad(format!("{field} is not a G1 point")))
    }

    /// A compressed G2 point, checked to be in the prime-order subgroup.
    ///
    /// # Errors
    /// [`Error::Malformed`] naming `field` if the bytes are not a point of the subgroup.
    pub(crate) fn g2(&mut self, field: &str) -> Result<G2Affine> {
        let mut repr = <G2Affine as GroupEncoding>::Repr::default();
        repr.as_mut().copy_from_slice(self.take(G2_BYTES, field)?);
        // halo2curves unwraps each Fq coordinate of `x` (it panics on one `≥ p`): check them
        // first, the two flag bits of the last byte cleared.
        let mut x = [0u8; G2_BYTES];
        x.copy_from_slice(repr.as_ref());
        x[G2_BYTES - 1] &= 0b0011_1111;
        for (half, name) in x.chunks_exact(32).zip(["c0", "c1"]) {
            let mut c = [0u8; 32];
            c.copy_from_slice(half);
            if bool::from(Fq::from_bytes(&c).is_none()) {
                return Err(self.bad(format!(
                    "{field} is not a G2 point (coordinate x.{name} is not below p)"
                )));
            }
        }
        let p: G2Affine = Option::from(G2Affine::from_bytes(&repr))
            .ok_or_else(|| self.bad(format!("{field} is not a G2 point")))?;
        if !bool::from(G2::from(p).is_torsion_free()) {
            return Err(self.bad(format!("{field} is not in the G2 subgroup")));
        }
        Ok(p)
    }

    /// The bytes not read yet.
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    /// Fails if bytes are left.
    ///
    /// # Errors
    /// [`Error::Malformed`] saying how many.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.pos != self.bytes.len() {
            return Err(self.bad(format!(
                "{} unexpected bytes after the last field",
                self.bytes.len() - self.pos
            )));
        }
        Ok(())
    }
}
