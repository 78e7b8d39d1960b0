//! # zkcomply-circuits
//!
//! The statements zkcomply proves, and everything needed to build their witnesses:
//!
//! - [`poseidon`]: circomlib-compatible Poseidon over the BN254 scalar field;
//! - [`address`]: account addresses of any chain turned into 252-bit keys;
//! - [`tree`]: the sanctions list as an indexed Merkle tree and the identity registry as
//!   an incremental Merkle tree;
//! - [`gadgets`]: the R1CS twins of the native primitives;
//! - `halo2` (feature `halo2`): the Halo2 (KZG over BN254) twins of the gadgets and policy
//!   circuits, proving the same statements with the same public inputs;
//! - [`policy`]: the policy circuits (`compliance`, `non_membership`, `transfer_limit`,
//!   `period_limit`);
//! - [`identity`] and [`registration`]: a user's identity and how a registry operator
//!   binds it to an account (an EIP-191 signature, a registry contract, or an attestation);
//! - [`note`]: the allowance notes `period_limit` carries a running total in;
//! - [`witness`]: a builder that refuses impossible requests with a clear error;
//! - [`public_inputs`]: the public inputs of each policy, in their fixed order;
//! - [`request`]: a proving request as JSON (the form the C and WASM APIs take).
//!
//! ```
//! use zkcomply_circuits::{address::AddressKey, tree::SanctionsTree};
//!
//! # fn main() -> Result<(), zkcomply_circuits::Error> {
//! let listed = AddressKey::parse("0x8589427373D6D84E98730D7795D8f6f8731FDA16")?;
//! let tree = SanctionsTree::from_keys(16, [listed])?;
//! let me = AddressKey::parse("0x000000000000000000000000000000000000dEaD")?;
//! assert!(tree.is_listed(&listed));
//! let witness = tree.non_membership(&me)?; // fails for a listed key
//! assert!(witness.verify(&me, tree.root()));
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod address;
pub mod artefact;
pub mod commitment;
pub mod context;
pub mod domain;
pub mod error;
pub mod field;
pub mod gadgets;
#[cfg(feature = "halo2")]
pub mod halo2;
pub mod identity;
pub mod note;
pub mod policy;
pub mod poseidon;
pub mod public_inputs;
pub mod registration;
pub mod request;
pub mod tree;
pub mod witness;

pub use ark_bn254::{Bn254, Fr};
pub use error::Error;
pub use identity::Identity;
pub use note::AllowanceNote;
pub use policy::{Policy, Shape};
pub use public_inputs::{Input, PublicInputs};
pub use tree::{Registry, SanctionsTree, StateTree};
pub use witness::ComplianceWitness;
