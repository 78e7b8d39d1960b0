//! The Poseidon gadget: the same permutation as [`crate::poseidon::hash`], with 3
//! constraints per S-box (x², x⁴, x⁵) and linear layers free. Constant inputs fold.

use ark_r1cs_std::{fields::FieldVar, GR1CSVar};
use ark_relations::gr1cs::SynthesisError;

use super::FrVar;
use crate::poseidon::params;

/// `H(inputs)` in the circuit; equals the native [`crate::poseidon::hash`].
///
/// ```
/// use ark_r1cs_std::{alloc::AllocVar, GR1CSVar};
/// use ark_relations::gr1cs::ConstraintSystem;
/// use zkcomply_circuits::{gadgets::{poseidon, FrVar}, poseidon as native, Fr};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let cs = ConstraintSystem::<Fr>::new_ref();
/// let x = FrVar::new_witness(cs.clone(), || Ok(Fr::from(1u64)))?;
/// let y = FrVar::new_witness(cs.clone(), || Ok(Fr::from(2u64)))?;
/// let h = poseidon::hash(&[x, y])?;
/// assert_eq!(h.value()?, native::hash(&[Fr::from(1u64), Fr::from(2u64)])?);
/// assert!(cs.is_satisfied()?);
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// [`SynthesisError::Unsatisfiable`] for an unsupported number of inputs.
pub fn hash(inputs: &[FrVar]) -> Result<FrVar, SynthesisError> {
    let p = params(inputs.len()).map_err(|_| SynthesisError::Unsatisfiable)?;
    if inputs.is_constant() {
        let values = inputs
            .iter()
            .map(|x| x.value())
            .collect::<Result<Vec<_>, _>>()?;
        let h = crate::poseidon::hash(&values).map_err(|_| SynthesisError::Unsatisfiable)?;
        return Ok(FrVar::constant(h));
    }
    let t = p.width;
    let half = p.full_rounds / 2;
    let mut state: Vec<FrVar> = Vec::with_capacity(t);
    state.push(FrVar::zero());
    state.extend_from_slice(inputs);
    for round in 0..p.full_rounds + p.partial_rounds {
        for (s, c) in state.iter_mut().zip(&p.ark[round * t..(round + 1) * t]) {
            *s += *c;
        }
        let full = round < half || round >= half + p.partial_rounds;
        for s in state.iter_mut().take(if full { t } else { 1 }) {
            let x2 = s.square()?;
            let x4 = x2.square()?;
            *s = x4 * &*s;
        }
        state = p
            .mds
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&state)
                    .fold(FrVar::zero(), |acc, (m, s)| acc + s * *m)
            })
            .collect();
    }
    Ok(state.swap_remove(0))
}

#[cfg(test)]
mod tests {
    use ark_r1cs_std::{alloc::AllocVar, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;
    use rand::SeedableRng;

    use super::*;
    use crate::{poseidon as native, Fr};

    #[test]
    fn equals_native_in_every_mode_with_counted_constraints() {
        let seed = 7u64;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        for n in 1..=native::MAX_INPUTS {
            let xs: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
            let expected = native::hash(&xs).unwrap();
            for mode in ["witness", "input", "constant"] {
                let cs = ConstraintSystem::<Fr>::new_ref();
                let vars: Vec<FrVar> = xs
                    .iter()
                    .map(|x| match mode {
                        "witness" => FrVar::new_witness(cs.clone(), || Ok(*x)).unwrap(),
                        "input" => FrVar::new_input(cs.clone(), || Ok(*x)).unwrap(),
                        _ => FrVar::constant(*x),
                    })
                    .collect();
                let h = hash(&vars).unwrap();
                assert_eq!(
                    h.value().unwrap(),
                    expected,
                    "seed {seed}, {n} inputs, {mode}"
                );
                assert!(cs.is_satisfied().unwrap(), "{n} inputs, {mode}");
                let p = native::params(n).unwrap();
                // First full round: the capacity element is a constant, so its S-box is free.
                let expected_constraints = if mode == "constant" {
                    0
                } else {
                    3 * (p.full_rounds * p.width - 1 + p.partial_rounds)
                };
                assert_eq!(
                    cs.num_constraints(),
                    expected_constraints,
                    "{n} inputs, {mode}"
                );
            }
        }
    }

    #[test]
    fn wrong_output_is_unsatisfied() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FrVar::new_witness(cs.clone(), || Ok(Fr::from(1u64))).unwrap();
        let y = FrVar::new_witness(cs.clone(), || Ok(Fr::from(2u64))).unwrap();
        let h = hash(&[x, y]).unwrap();
        let claimed = FrVar::new_input(cs.clone(), || Ok(Fr::from(3u64))).unwrap();
        use ark_r1cs_std::eq::EqGadget;
        h.enforce_equal(&claimed).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn arity_out_of_range_is_an_error() {
        assert!(hash(&[]).is_err());
        let many = vec![FrVar::constant(Fr::from(1u64)); native::MAX_INPUTS + 1];
        assert!(hash(&many).is_err());
    }
}
