//! The hashes a proof publishes or opens, natively (the circuit mirrors these in
//! [`crate::gadgets::commitment`]).

use crate::{address::AddressKey, domain::Domain, poseidon::hash, Fr};

/// The identity commitment `H(tag_identity, key, secret)` inserted in the registry.
pub fn identity_commitment(key: &AddressKey, secret: Fr) -> Fr {
    hash(&[Domain::Identity.tag(), key.to_field(), secret]).unwrap_or_default()
}

/// The scoped nullifier `H(tag_nullifier, secret, scope)`: one per identity per scope.
pub fn nullifier(secret: Fr, scope: Fr) -> Fr {
    hash(&[Domain::Nullifier.tag(), secret, scope]).unwrap_or_default()
}

/// The amount commitment `H(amount, blinding)`.
pub fn amount_commitment(amount: u64, blinding: Fr) -> Fr {
    hash(&[Fr::from(amount), blinding]).unwrap_or_default()
}
