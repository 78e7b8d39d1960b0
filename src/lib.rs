//! # zkcomply
//!
//! Privacy-preserving compliance proofs over BN254: prove in zero knowledge that an
//! address is **not** on a sanctions list, that its identity is in a KYC registry, and
//! that a hidden amount is within a limit, bound to one transaction and scoped against
//! replay. This crate is the one dependency a wallet adds: it re-exports the circuits,
//! the prover (feature `prover`) and the verifier (feature `verifier`); feature `halo2` adds
//! the Halo2 (KZG over BN254) circuits as `circuits::halo2` (and, with `prover` and `verifier`,
//! `backend`: one prover, proof and verifying key type over Groth16 and Halo2-KZG, the back-end a
//! parameter), feature `gpu` the GPU multi-scalar multiplication (`prover::gpu`, the
//! `zkcomply-gpu` crate) for the prover's G1 MSMs (`Prover::with_gpu`) and batch verification
//! (`verifier::groth16::verify_batch_with_gpu`).
//!
//! ```
//! use rand::SeedableRng;
//! use zkcomply::{setup, AddressKey, ComplianceWitness, Fr, Identity, Policy, Prover, Registry, RegistrationRequest, SanctionsTree, Shape};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
//! let shape = Shape { sanctions_depth: 8, registry_depth: 8, state_depth: 8 };
//!
//! // The list operator publishes the sanctions root.
//! let list = SanctionsTree::from_keys(shape.sanctions_depth, [AddressKey::parse("0x8589427373D6D84E98730D7795D8f6f8731FDA16")?])?;
//!
//! // The user makes an identity for their account and signs a registration request with the
//! // account's key; the KYC provider checks the signature and inserts the commitment it gets.
//! let wallet = k256::ecdsa::SigningKey::random(&mut rng);
//! let address = RegistrationRequest::address_of(&wallet);
//! let me = Identity::random(AddressKey::parse(&address)?, &mut rng);
//! let request = RegistrationRequest::new(&address, me.public_key(), "kyc.example", 1)?;
//! let signature = request.sign(&wallet)?;
//! let mut registry = Registry::new(shape.registry_depth)?;
//! registry.insert(request.verify(&signature)?)?;
//!
//! // Setup (here an insecure, deterministic development setup).
//! let prover = Prover::new(setup::setup_dev(Policy::Compliance, shape, 1)?)?;
//!
//! // The wallet proves: not sanctioned, registered, 900 <= 1000.
//! let witness = ComplianceWitness::builder(Policy::Compliance)
//!     .identity(&me).sanctions(&list).registry(&registry)
//!     .amount(900).limit(1000).blinding(Fr::from(12345u64))
//!     .scope(Fr::from(1u64)).context(Fr::from(2u64))
//!     .build()?;
//! let proof = prover.prove_with_rng(&witness, &mut rng)?;
//!
//! // Anyone verifies with the verifying key.
//! assert!(zkcomply::verify(prover.verifying_key(), &proof)?);
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(all(feature = "prover", feature = "verifier", feature = "halo2"))]
pub mod backend;

pub use zkcomply_circuits as circuits;
pub use zkcomply_circuits::artefact;
pub use zkcomply_circuits::{
    address::AddressKey,
    artefact::{Artefact, Backend},
    field,
    registration::{Attestation, RegistrationRequest, SignedRequest},
    AllowanceNote, Bn254, ComplianceWitness, Fr, Identity, Input, Policy, PublicInputs, Registry,
    SanctionsTree, Shape, StateTree,
};
#[cfg(feature = "prover")]
pub use zkcomply_prover as prover;
#[cfg(feature = "prover")]
pub use zkcomply_prover::{setup, Prover, ProvingKey};
#[cfg(feature = "verifier")]
pub use zkcomply_verifier as verifier;
#[cfg(feature = "verifier")]
pub use zkcomply_verifier::{verify, Proof, VerifyingKey};

/// The names a wallet uses, with the [`Artefact`] trait that gives every key, proof, tree
/// and note its `to_bytes`/`from_bytes`/`save`/`load`: `use zkcomply::prelude::*;`.
pub mod prelude {
    #[cfg(feature = "prover")]
    pub use crate::{setup, Prover, ProvingKey};
    #[cfg(feature = "verifier")]
    pub use crate::{verify, Proof, VerifyingKey};
    pub use crate::{
        AddressKey, AllowanceNote, Artefact, Backend, ComplianceWitness, Fr, Identity, Policy,
        PublicInputs, RegistrationRequest, Registry, SanctionsTree, Shape, StateTree,
    };
}
