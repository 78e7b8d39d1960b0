//! Merkle trees over Poseidon: the sanctions list, the identity registry and the state
//! tree of allowance notes.

mod incremental;
mod indexed;
mod merkle;
mod snapshot;

pub use incremental::{Identities, IncrementalTree, Leaves, Notes, Registry, StateTree};
pub use indexed::{LowLeaf, NonMembershipWitness, SanctionsTree, UpdateDiff};
pub use merkle::{zero_hashes, MerklePath, PackedTree, MAX_DEPTH};

/// Default depth of the sanctions tree (`DS`): room for 2^32 − 1 listed keys.
pub const DEFAULT_SANCTIONS_DEPTH: usize = 32;
/// Default depth of the registry (`DR`): room for 2^20 identities.
pub const DEFAULT_REGISTRY_DEPTH: usize = 20;
/// Default depth of a state tree (`DT`): room for 2^24 allowance notes (one per transfer).
pub const DEFAULT_STATE_DEPTH: usize = 24;
