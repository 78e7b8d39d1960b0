//! Range checks and comparisons. Every comparison here is on operands that the caller has
//! range-checked to `bits < 253` bits, which is what makes it sound over BN254's `Fr`.

use ark_ff::{BigInteger, Field, One, PrimeField};
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::FieldVar, GR1CSVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::FrVar;
use crate::Fr;

/// The largest operand width for which the comparisons below are sound.
pub const MAX_COMPARE_BITS: usize = 252;

fn pow2(bits: usize) -> Fr {
    Fr::from(2u64).pow([bits as u64])
}

/// Enforces `x < 2^bits` (`bits <= 253`) by decomposing `x` into `bits` boolean witnesses;
/// returns them, little-endian. Costs `bits + 1` constraints.
///
/// # Errors
/// [`SynthesisError::Unsatisfiable`] if `bits > 253` (the decomposition would not be unique).
pub fn enforce_bit_length(
    cs: &ConstraintSystemRef<Fr>,
    x: &FrVar,
    bits: usize,
) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    if bits > 253 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut decomposed = Vec::with_capacity(bits);
    let mut sum = FrVar::zero();
    let mut weight = Fr::one();
    for i in 0..bits {
        let b = Boolean::new_witness(cs.clone(), || {
            let v = x.value()?;
            Ok(v.into_bigint().get_bit(i))
        })?;
        sum += FrVar::from(b.clone()) * weight;
        weight += weight;
        decomposed.push(b);
    }
    sum.enforce_equal(x)?;
    Ok(decomposed)
}

/// Returns `a < b` for operands already known to be `< 2^bits` (`bits <= 252`).
/// Costs `bits + 2` constraints.
///
/// # Errors
/// [`SynthesisError::Unsatisfiable`] if `bits > 252`.
pub fn is_less_than(
    cs: &ConstraintSystemRef<Fr>,
    a: &FrVar,
    b: &FrVar,
    bits: usize,
) -> Result<Boolean<Fr>, SynthesisError> {
    if bits > MAX_COMPARE_BITS {
        return Err(SynthesisError::Unsatisfiable);
    }
    // d = b - a - 1 + 2^bits lies in [0, 2^(bits+1)); its top bit is 1 iff a < b.
    let d = b - a - Fr::one() + pow2(bits);
    let decomposed = enforce_bit_length(cs, &d, bits + 1)?;
    Ok(decomposed[bits].clone())
}

/// Enforces `a < b` for operands already known to be `< 2^bits` (`bits <= 252`):
/// `b - a - 1` must fit in `bits` bits. Costs `bits + 1` constraints.
///
/// # Errors
/// [`SynthesisError::Unsatisfiable`] if `bits > 252`.
pub fn enforce_less_than(
    cs: &ConstraintSystemRef<Fr>,
    a: &FrVar,
    b: &FrVar,
    bits: usize,
) -> Result<(), SynthesisError> {
    enforce_less_or_equal(cs, &(a + Fr::one()), b, bits)
}

/// Enforces `a <= b` for operands already known to be `< 2^bits` (`bits <= 252`):
/// `b - a` must fit in `bits` bits. Costs `bits + 1` constraints.
///
/// # Errors
/// [`SynthesisError::Unsatisfiable`] if `bits > 252`.
pub fn enforce_less_or_equal(
    cs: &ConstraintSystemRef<Fr>,
    a: &FrVar,
    b: &FrVar,
    bits: usize,
) -> Result<(), SynthesisError> {
    if bits > MAX_COMPARE_BITS {
        return Err(SynthesisError::Unsatisfiable);
    }
    enforce_bit_length(cs, &(b - a), bits).map(|_| ())
}

#[cfg(test)]
mod tests {
    use ark_ff::Zero;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    use super::*;

    fn num(x: u128) -> Fr {
        Fr::from(x)
    }

    fn bit_length_holds(x: Fr, bits: usize) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FrVar::new_witness(cs.clone(), || Ok(x)).unwrap();
        enforce_bit_length(&cs, &v, bits).unwrap();
        assert_eq!(cs.num_constraints(), bits + 1);
        cs.is_satisfied().unwrap()
    }

    fn compare(a: Fr, b: Fr, bits: usize) -> (bool, bool, bool, bool) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let av = FrVar::new_witness(cs.clone(), || Ok(a)).unwrap();
        let bv = FrVar::new_witness(cs.clone(), || Ok(b)).unwrap();
        let lt = is_less_than(&cs, &av, &bv, bits).unwrap();
        let lt_ok = cs.is_satisfied().unwrap();
        let lt = lt.value().unwrap();
        let strict = ConstraintSystem::<Fr>::new_ref();
        let (a2, b2) = (
            FrVar::new_witness(strict.clone(), || Ok(a)).unwrap(),
            FrVar::new_witness(strict.clone(), || Ok(b)).unwrap(),
        );
        enforce_less_than(&strict, &a2, &b2, bits).unwrap();
        let le = ConstraintSystem::<Fr>::new_ref();
        let (a3, b3) = (
            FrVar::new_witness(le.clone(), || Ok(a)).unwrap(),
            FrVar::new_witness(le.clone(), || Ok(b)).unwrap(),
        );
        enforce_less_or_equal(&le, &a3, &b3, bits).unwrap();
        (
            lt_ok,
            lt,
            strict.is_satisfied().unwrap(),
            le.is_satisfied().unwrap(),
        )
    }

    #[test]
    fn bit_length_edges() {
        for bits in [1usize, 8, 64, 252] {
            let max = pow2(bits) - Fr::one();
            assert!(bit_length_holds(Fr::zero(), bits));
            assert!(bit_length_holds(max, bits), "2^{bits}-1");
            assert!(!bit_length_holds(pow2(bits), bits), "2^{bits}");
            assert!(
                !bit_length_holds(pow2(bits) + Fr::one(), bits),
                "2^{bits}+1"
            );
            assert!(!bit_length_holds(-Fr::one(), bits), "r-1");
        }
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FrVar::new_witness(cs.clone(), || Ok(Fr::one())).unwrap();
        assert!(enforce_bit_length(&cs, &v, 254).is_err());
        assert!(is_less_than(&cs, &v, &v, 253).is_err());
    }

    #[test]
    fn comparisons_at_edges() {
        let top = pow2(252) - Fr::one();
        for (a, b) in [
            (Fr::zero(), Fr::zero()),
            (Fr::zero(), Fr::one()),
            (Fr::one(), Fr::zero()),
            (top, top),
            (Fr::zero(), top),
            (top, Fr::zero()),
            (top - Fr::one(), top),
        ] {
            let (ok, lt, strict, le) = compare(a, b, 252);
            assert!(ok);
            assert_eq!(lt, a < b);
            assert_eq!(strict, a < b);
            assert_eq!(le, a <= b);
        }
    }

    proptest! {
        #[test]
        fn comparisons_match_integers(a in any::<u64>(), b in any::<u64>(), edge in 0u8..3) {
            let b = match edge { 0 => b, 1 => a, _ => a.saturating_add(1) };
            let (ok, lt, strict, le) = compare(num(a as u128), num(b as u128), 64);
            prop_assert!(ok);
            prop_assert_eq!(lt, a < b);
            prop_assert_eq!(strict, a < b);
            prop_assert_eq!(le, a <= b);
        }
    }
}
