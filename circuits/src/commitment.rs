//! The hashes a proof publishes or opens, natively (the circuit mirrors these in
//! [`crate::gadgets::commitment`]).

use crate::{address::AddressKey, domain::Domain, poseidon::hash, Fr};

/// The identity public key `pk = H(tag_public_key, secret)`: the value a user hands the
/// registry operator, who can then compute the commitment without the secret.
pub fn public_key(secret: Fr) -> Fr {
    hash(&[Domain::PublicKey.tag(), secret]).unwrap_or_default()
}

/// The identity commitment `H(tag_identity, key, pk)` inserted in the registry: a function
/// of the account's key and the public key alone, so that the operator who checked that the
/// user controls the account computes it itself.
pub fn identity_commitment(key: &AddressKey, pk: Fr) -> Fr {
    hash(&[Domain::Identity.tag(), key.to_field(), pk]).unwrap_or_default()
}

/// The scoped nullifier `H(tag_nullifier, secret, scope)`: one per identity per scope.
pub fn nullifier(secret: Fr, scope: Fr) -> Fr {
    hash(&[Domain::Nullifier.tag(), secret, scope]).unwrap_or_default()
}

/// The amount commitment `H(amount, blinding)`.
pub fn amount_commitment(amount: u64, blinding: Fr) -> Fr {
    hash(&[Fr::from(amount), blinding]).unwrap_or_default()
}

/// The allowance note `H(tag_note, secret, scope, period, spent, salt)` kept in the state
/// tree of the verifier with this `scope`.
/// (`period` and `spent` are field elements here so that the circuit's tests can commit to
/// out-of-range values; [`crate::AllowanceNote::commitment`] takes them as `u64`.)
pub fn note(secret: Fr, scope: Fr, period: Fr, spent: Fr, salt: Fr) -> Fr {
    hash(&[Domain::Note.tag(), secret, scope, period, spent, salt]).unwrap_or_default()
}

/// The nullifier `H(tag_note_nullifier, secret, salt)` published when a note is spent.
pub fn note_nullifier(secret: Fr, salt: Fr) -> Fr {
    hash(&[Domain::NoteNullifier.tag(), secret, salt]).unwrap_or_default()
}

/// The nullifier `H(tag_genesis, secret, scope)` published when an identity opens its
/// first allowance note in `scope`: once per identity and scope.
pub fn genesis_nullifier(secret: Fr, scope: Fr) -> Fr {
    hash(&[Domain::Genesis.tag(), secret, scope]).unwrap_or_default()
}
