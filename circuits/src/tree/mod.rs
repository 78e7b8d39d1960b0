//! Merkle trees over Poseidon: the sanctions list and the identity registry.

mod incremental;
mod indexed;
mod merkle;
mod snapshot;

pub use incremental::Registry;
pub use indexed::{LowLeaf, NonMembershipWitness, SanctionsTree, UpdateDiff};
pub use merkle::{zero_hashes, MerklePath, PackedTree, MAX_DEPTH};

/// Default depth of the sanctions tree (`DS`): room for 2^32 − 1 listed keys.
pub const DEFAULT_SANCTIONS_DEPTH: usize = 32;
/// Default depth of the registry (`DR`): room for 2^20 identities.
pub const DEFAULT_REGISTRY_DEPTH: usize = 20;
