//! The in-circuit twins of [`crate::commitment`].

use ark_r1cs_std::{boolean::Boolean, fields::FieldVar, select::CondSelectGadget};
use ark_relations::gr1cs::SynthesisError;

use super::{poseidon::hash, FrVar};
use crate::{domain::Domain, Fr};

/// `pk = H(tag_public_key, secret)`.
///
/// # Errors
/// [`SynthesisError`] from synthesis.
pub fn public_key(secret: &FrVar) -> Result<FrVar, SynthesisError> {
    hash(&[FrVar::constant(Domain::PublicKey.tag()), secret.clone()])
}

/// `H(tag_identity, key, pk)`.
///
/// # Errors
/// [`SynthesisError`] from synthesis.
pub fn identity_commitment(key: &FrVar, pk: &FrVar) -> Result<FrVar, SynthesisError> {
    hash(&[
        FrVar::constant(Domain::Identity.tag()),
        key.clone(),
        pk.clone(),
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

/// The allowance note `H(tag_note, secret, scope, period, spent, salt)`.
///
/// # Errors
/// [`SynthesisError`] from synthesis.
pub fn note(
    secret: &FrVar,
    scope: &FrVar,
    period: &FrVar,
    spent: &FrVar,
    salt: &FrVar,
) -> Result<FrVar, SynthesisError> {
    hash(&[
        FrVar::constant(Domain::Note.tag()),
        secret.clone(),
        scope.clone(),
        period.clone(),
        spent.clone(),
        salt.clone(),
    ])
}

/// The nullifier a `period_limit` proof publishes: `H(tag_genesis, secret, scope)` when
/// `genesis` (the identity's first note in `scope`), else `H(tag_note_nullifier, secret,
/// salt)` of the note spent. One hash; the selections cost 1 constraint.
///
/// # Errors
/// [`SynthesisError`] from synthesis.
pub fn opening_nullifier(
    genesis: &Boolean<Fr>,
    secret: &FrVar,
    scope: &FrVar,
    salt: &FrVar,
) -> Result<FrVar, SynthesisError> {
    let tag = FrVar::conditionally_select(
        genesis,
        &FrVar::constant(Domain::Genesis.tag()),
        &FrVar::constant(Domain::NoteNullifier.tag()),
    )?;
    let opened = FrVar::conditionally_select(genesis, scope, salt)?;
    hash(&[tag, secret.clone(), opened])
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
    use crate::{address::AddressKey, commitment as native};

    #[test]
    fn equal_native() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let key = AddressKey::parse("0x722122dF12D4e14e13Ac3b6895a86e84145b6967").unwrap();
        let (secret, scope, blinding) = (Fr::from(11u64), Fr::from(22u64), Fr::from(33u64));
        let w = |x: Fr| FrVar::new_witness(cs.clone(), || Ok(x)).unwrap();
        let pk = public_key(&w(secret)).unwrap();
        assert_eq!(pk.value().unwrap(), native::public_key(secret));
        assert_eq!(
            identity_commitment(&w(key.to_field()), &pk)
                .unwrap()
                .value()
                .unwrap(),
            native::identity_commitment(&key, native::public_key(secret))
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
        let salt = Fr::from(44u64);
        assert_eq!(
            note(
                &w(secret),
                &w(scope),
                &w(Fr::from(9u64)),
                &w(Fr::from(700u64)),
                &w(salt)
            )
            .unwrap()
            .value()
            .unwrap(),
            native::note(secret, scope, Fr::from(9u64), Fr::from(700u64), salt)
        );
        for (genesis, expected) in [
            (true, native::genesis_nullifier(secret, scope)),
            (false, native::note_nullifier(secret, salt)),
        ] {
            let g = Boolean::new_witness(cs.clone(), || Ok(genesis)).unwrap();
            assert_eq!(
                opening_nullifier(&g, &w(secret), &w(scope), &w(salt))
                    .unwrap()
                    .value()
                    .unwrap(),
                expected
            );
        }
        assert!(cs.is_satisfied().unwrap());
        assert_ne!(
            native::identity_commitment(&key, native::public_key(secret)),
            native::nullifier(key.to_field(), native::public_key(secret))
        );
    }
}
