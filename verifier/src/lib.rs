//! # zkcomply-verifier
//!
//! Verifies zkcomply proofs natively, and exports keys and proofs for other verifiers
//! (snarkjs). It never depends on the prover, so verifier-only builds stay small.
//!
//! - [`key`]: the Groth16 verifying key of one policy, with its file format;
//! - [`proof`]: a proof with its policy and public inputs, as JSON;
//! - [`groth16`]: verification with a prepared key, one proof or a batch (with feature
//!   `gpu`, a batch's multi-scalar multiplications can run on a GPU);
//! - [`snarkjs`]: snarkjs-compatible `verification_key.json`, `proof.json`, `public.json`;
//! - [`solidity`]: the generated Solidity verifier, the `ComplianceGate` and `PeriodLimitGate`
//!   contracts, the on-chain registry `IdentityRegistry`, calldata;
//! - `halo2` (feature `halo2`): Halo2-KZG verification, natively and with snark-verifier's
//!   generated Solidity verifier (patched to refuse scalars `≥ r`);
//! - `gpu` (feature `gpu`): the `zkcomply-gpu` crate (GPU multi-scalar multiplication),
//!   for `groth16::verify_batch_with_gpu`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod error;
pub mod groth16;
#[cfg(feature = "halo2")]
pub mod halo2;
pub mod key;
pub mod proof;
pub mod snarkjs;
pub mod solidity;

#[cfg(feature = "gpu")]
pub use zkcomply_gpu as gpu;

pub use error::Error;
pub use groth16::{verify, verify_batch};
pub use key::VerifyingKey;
pub use proof::Proof;
