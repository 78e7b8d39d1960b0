//! # zkcomply-prover
//!
//! Groth16 setup, proving keys and proving for the zkcomply policies over BN254.
//!
//! - [`setup`]: key generation, deterministic `--dev-seed` setups marked insecure;
//! - [`key`]: the proving key and its file format;
//! - [`groth16`]: the prover, which synthesises the constraint matrices once per key
//!   and, per proof, only the witness;
//! - `gpu` (feature `gpu`): the `zkcomply-gpu` crate, multi-scalar multiplication on a
//!   GPU through `wgpu`, which `Prover::with_gpu` uses for the G1 MSMs of a proof.
//! - `halo2` (feature `halo2`): Halo2-KZG keys and proofs with a Keccak transcript.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cache;
pub mod error;
pub mod groth16;
#[cfg(feature = "halo2")]
pub mod halo2;
pub mod key;
pub mod setup;

#[cfg(feature = "gpu")]
pub use zkcomply_gpu as gpu;

pub use error::Error;
pub use groth16::Prover;
pub use key::ProvingKey;
