//! Domain-separation tags: every Poseidon hash of a user's `secret` starts with a tag
//! naming its use, so that a value published by one statement can never be replayed as,
//! or linked to, a value of another (docs/SPEC.md §2).

use crate::{address::key_of_bytes, Fr};

/// The uses of the user's secret, each with its own tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Domain {
    /// Identity public key `pk = H(tag, secret)`: what a registry operator sees.
    PublicKey,
    /// Identity commitment `H(tag, key, pk)`, computable from the account and `pk` alone.
    Identity,
    /// Scoped nullifier `H(tag, secret, scope)`.
    Nullifier,
    /// Allowance note `H(tag, secret, scope, period, spent, salt)`.
    Note,
    /// Nullifier of a spent allowance note `H(tag, secret, salt)`.
    NoteNullifier,
    /// Nullifier of the first allowance note of an identity in a scope `H(tag, secret, scope)`.
    Genesis,
}

impl Domain {
    /// The ASCII label whose key is the tag.
    pub const fn label(self) -> &'static str {
        match self {
            Domain::PublicKey => "zkcomply/public-key/v2",
            Domain::Identity => "zkcomply/identity/v2",
            Domain::Nullifier => "zkcomply/nullifier/v1",
            Domain::Note => "zkcomply/note/v1",
            Domain::NoteNullifier => "zkcomply/note-nullifier/v1",
            Domain::Genesis => "zkcomply/genesis/v1",
        }
    }

    /// The tag: `int(keccak256(label)) >> 4`, the same map as address keys.
    pub fn tag(self) -> Fr {
        key_of_bytes(self.label().as_bytes())
    }
}
