//! Domain-separation tags: every Poseidon hash of a user's `secret` starts with a tag
//! naming its use, so that a value published by one statement can never be replayed as,
//! or linked to, a value of another (docs/SPEC.md §2).

use crate::{address::key_of_bytes, Fr};

/// The uses of the user's secret, each with its own tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Domain {
    /// Identity commitment `H(tag, key, secret)`.
    Identity,
    /// Scoped nullifier `H(tag, secret, scope)`.
    Nullifier,
}

impl Domain {
    /// The ASCII label whose key is the tag.
    pub const fn label(self) -> &'static str {
        match self {
            Domain::Identity => "zkcomply/identity/v1",
            Domain::Nullifier => "zkcomply/nullifier/v1",
        }
    }

    /// The tag: `int(keccak256(label)) >> 4`, the same map as address keys.
    pub fn tag(self) -> Fr {
        key_of_bytes(self.label().as_bytes())
    }
}
