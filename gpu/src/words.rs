//! The 32-bit word encoding shared by the host and the shaders: a base-field element is
//! the 8 little-endian words of its Montgomery form (ark-ff's own representation, with the
//! same R = 2^256, so nothing is converted), an affine point is `x, y` and a Jacobian
//! point `X, Y, Z` (ark-bn254's `G1Projective` coordinates).

use ark_bn254::{Fq, G1Affine, G1Projective};
use ark_ff::{BigInt, PrimeField, Zero};

use crate::error::{Error, Result};

/// Words of one field element.
pub(crate) const FQ_WORDS: usize = 8;
/// Words of one affine point.
pub(crate) const AFFINE_WORDS: usize = 2 * FQ_WORDS;
/// Words of one Jacobian point.
pub(crate) const JACOBIAN_WORDS: usize = 3 * FQ_WORDS;

/// Appends the Montgomery form of `x` as 8 words.
pub(crate) fn push_fq(out: &mut Vec<u32>, x: &Fq) {
    for limb in x.0 .0 {
        out.push(limb as u32);
        out.push((limb >> 32) as u32);
    }
}

/// Appends the affine coordinates of `p`; the caller has left out the identity.
pub(crate) fn push_affine(out: &mut Vec<u32>, p: &G1Affine) {
    push_fq(out, &p.x);
    push_fq(out, &p.y);
}

/// Appends the Jacobian coordinates of `p`.
#[cfg(test)]
pub(crate) fn push_jacobian(out: &mut Vec<u32>, p: &G1Projective) {
    push_fq(out, &p.x);
    push_fq(out, &p.y);
    push_fq(out, &p.z);
}

/// The field element whose Montgomery form is `words` (8 words).
///
/// # Errors
/// [`Error::InvalidResult`] if the words are not 8 or encode a value ≥ p (not reduced).
pub(crate) fn fq(words: &[u32]) -> Result<Fq> {
    if words.len() != FQ_WORDS {
        return Err(Error::InvalidResult {
            reason: format!(
                "a field element of {} words, expected {FQ_WORDS}",
                words.len()
            ),
        });
    }
    let mut limbs = [0u64; 4];
    for (limb, pair) in limbs.iter_mut().zip(words.chunks_exact(2)) {
        *limb = u64::from(pair[0]) | (u64::from(pair[1]) << 32);
    }
    let repr = BigInt(limbs);
    if repr >= Fq::MODULUS {
        return Err(Error::InvalidResult {
            reason: format!("coordinate {repr} is not reduced modulo p"),
        });
    }
    Ok(Fq::new_unchecked(repr))
}

/// The point whose Jacobian coordinates are `words` (24 words); `Z = 0` is the identity.
///
/// # Errors
/// [`Error::InvalidResult`] for a coordinate that is not a reduced field element.
pub(crate) fn jacobian(words: &[u32]) -> Result<G1Projective> {
    if words.len() != JACOBIAN_WORDS {
        return Err(Error::InvalidResult {
            reason: format!(
                "a point of {} words, expected {JACOBIAN_WORDS}",
                words.len()
            ),
        });
    }
    let x = fq(&words[..FQ_WORDS])?;
    let y = fq(&words[FQ_WORDS..2 * FQ_WORDS])?;
    let z = fq(&words[2 * FQ_WORDS..])?;
    if z.is_zero() {
        return Ok(G1Projective::zero());
    }
    Ok(G1Projective::new_unchecked(x, y, z))
}

/// `words` as little-endian bytes, for a buffer upload.
pub(crate) fn bytes(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Little-endian `bytes` as words (a trailing partial word is dropped).
pub(crate) fn from_bytes(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
    use ark_ff::{One, UniformRand};
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use super::*;

    #[test]
    fn field_elements_and_points_round_trip() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for x in [Fq::zero(), Fq::one(), -Fq::one(), Fq::rand(&mut rng)] {
            let mut w = Vec::new();
            push_fq(&mut w, &x);
            assert_eq!(fq(&w).ok(), Some(x));
        }
        let p = G1Projective::generator() * ark_bn254::Fr::rand(&mut rng);
        for q in [p, G1Projective::zero()] {
            let mut w = Vec::new();
            push_jacobian(&mut w, &q);
            assert_eq!(jacobian(&w).ok(), Some(q));
        }
        let mut w = Vec::new();
        push_affine(&mut w, &p.into_affine());
        assert_eq!(w.len(), AFFINE_WORDS);
        assert!(!p.into_affine().is_zero());
        assert_eq!(from_bytes(&bytes(&w)), w);
    }

    #[test]
    fn unreduced_and_short_words_are_refused() {
        let mut w = Vec::new();
        for limb in Fq::MODULUS.0 {
            w.push(limb as u32);
            w.push((limb >> 32) as u32);
        }
        let e = fq(&w).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("not reduced modulo p"), "{e}");
        let e = fq(&w[..7]).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("7 words, expected 8"), "{e}");
        let e = jacobian(&w)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("8 words, expected 24"), "{e}");
    }
}
