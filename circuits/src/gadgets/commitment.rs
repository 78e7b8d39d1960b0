//! The in-circuit twins of [`crate::commitment`].

use ark_r1cs_std::fields::FieldVar;
use ark_relations::gr1cs::SynthesisError;

use super::{poseidon::hash, FrVar};
use crate::domain::Domain;

/// `H(tag_identity, key, secret)`.
///
/// # Errors
/// [`SynthesisError`] from synthesis.
pub fn identity_commitment(key: &FrVar, secret: &FrVar) -> Result<FrVar, SynthesisError> {
    hash(&[
        FrVar::constant(Domain::Identity.tag()),
        key.clone(),
        secret.clone(),
    ])
}

/// `H(tag_nullifier, secret, scope)`.
///
/// # Errors
/// [`SynthesisError`] from synthesis.
pub fn nullifier(secret: &FrVar, scope: &FrVar) -> Result<FrVar, SynthesisError> {
    hash(&[
        FrVar::constant(Domain::Nullifier.tag()),
        secret.clone(),
        scope.clone(),
    ])
}

/// `H(amount, blinding)`.
///
/// # Errors
/// [`SynthesisError`] from synthesis.
pub fn amount_commitment(amount: &FrVar, blinding: &FrVar) -> Result<FrVar, SynthesisError> {
    hash(&[amount.clone(), blinding.clone()])
}

#[cfg(test)]
mod tests {
    use ark_r1cs_std::{alloc::AllocVar, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;

    use super::*;
    use crate::{address::AddressKey, commitment as native, Fr};

    #[test]
    fn equal_native() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let key = AddressKey::parse("0x722122dF12D4e14e13Ac3b6895a86e84145b6967").unwrap();
        let (secret, scope, blinding) = (Fr::from(11u64), Fr::from(22u64), Fr::from(33u64));
        let w = |x: Fr| FrVar::new_witness(cs.clone(), || Ok(x)).unwrap();
        assert_eq!(
            identity_commitment(&w(key.to_field()), &w(secret))
                .unwrap()
                .value()
                .unwrap(),
            native::identity_commitment(&key, secret)
        );
        assert_eq!(
            nullifier(&w(secret), &w(scope)).unwrap().value().unwrap(),
            native::nullifier(secret, scope)
        );
        assert_eq!(
            amount_commitment(&w(Fr::from(1500u64)), &w(blinding))
                .unwrap()
                .value()
                .unwrap(),
            native::amount_commitment(1500, blinding)
        );
        assert!(cs.is_satisfied().unwrap());
        assert_ne!(
            native::identity_commitment(&key, secret),
            native::nullifier(key.to_field(), secret)
        );
    }
}
