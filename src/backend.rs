//! One API over both proving systems, the back-end a parameter (features `prover`,
//! `verifier` and `halo2`): [`Prover::groth16`] or [`Prover::halo2`], then the same
//! [`Prover::prove`], [`Proof`] files and [`verify`] for either. Key and proof files say
//! which back-end they belong to, so [`Prover::from_bytes`], [`VerifyingKey::from_bytes`]
//! and [`Proof::from_json`] pick it from the file. The Groth16 types of the crate root
//! ([`crate::Prover`], [`crate::Proof`], [`crate::VerifyingKey`]) are unchanged.
//!
//! ```
//! use zkcomply::{backend, prover::halo2::insecure_dev_srs, circuits::halo2::PolicyCircuit};
//! use zkcomply::artefact::Artefact;
//! use zkcomply::{setup, ComplianceWitness, Fr, Policy, Shape};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let shape = Shape { sanctions_depth: 4, registry_depth: 4, state_depth: 4 };
//! let policy = Policy::TransferLimit;
//! let k = PolicyCircuit::blank(policy, shape)?.k();
//! let witness = ComplianceWitness::builder(policy)
//!     .amount(900).limit(1000).blinding(Fr::from(5u64)).context(Fr::from(6u64))
//!     .build()?;
//! let mut checked = Vec::new();
//! for prover in [
//!     backend::Prover::groth16(setup::setup_dev(policy, shape, 1)?)?,
//!     backend::Prover::halo2(insecure_dev_srs(k, 1), policy, shape)?,
//! ] {
//!     let proof = prover.prove(&witness)?;
//!     let vk = backend::VerifyingKey::from_bytes("vk", &prover.verifying_key().to_bytes())?;
//!     let proof = backend::Proof::from_json("proof", &proof.to_json())?;
//!     assert_eq!(proof.backend(), prover.backend());
//!     assert!(backend::verify(&vk, &proof)?);
//!     checked.push((vk, proof));
//! }
//! // A proof of one back-end under a key of the other is an error, not a rejection.
//! let err = backend::verify(&checked[0].0, &checked[1].1).unwrap_err();
//! assert_eq!(err.to_string(), "proof: holds a Halo2-KZG proof, expected a Groth16 proof");
//! # Ok(())
//! # }
//! ```

use rand::{CryptoRng, RngCore};
pub use zkcomply_circuits::artefact::Backend;
use zkcomply_circuits::{
    artefact::{json, Artefact, Kind},
    ComplianceWitness, Policy, PublicInputs, Shape,
};
use zkcomply_prover::{halo2::Halo2Prover, ProvingKey};
use zkcomply_verifier::halo2::{self as h2, Halo2Proof, Srs};

/// A prover of either back-end, for one policy at one shape.
#[derive(Debug)]
pub enum Prover {
    /// A Groth16 prover.
    Groth16(Box<crate::Prover>),
    /// A Halo2-KZG prover.
    Halo2Kzg(Box<Halo2Prover>),
}

/// A verifying key of either back-end.
#[derive(Clone, Debug)]
pub enum VerifyingKey {
    /// A Groth16 key.
    Groth16(Box<crate::VerifyingKey>),
    /// A Halo2-KZG key (with its SRS's `[1]₁`, `[1]₂`, `[τ]₂`).
    Halo2Kzg(Box<h2::VerifyingKey>),
}

/// A proof of either back-end, with its policy and public inputs (the `zkcomply-proof/1`
/// file).
#[derive(Clone, Debug, PartialEq)]
pub enum Proof {
    /// A Groth16 proof.
    Groth16(Box<crate::Proof>),
    /// A Halo2-KZG proof.
    Halo2Kzg(Halo2Proof),
}

impl Prover {
    /// A Groth16 prover from its proving key.
    ///
    /// # Errors
    /// As [`crate::Prover::new`].
    pub fn groth16(pk: ProvingKey) -> Result<Self, zkcomply_prover::Error> {
        Ok(Prover::Groth16(Box::new(crate::Prover::new(pk)?)))
    }

    /// A Halo2-KZG prover: keys generated for `policy` at `shape` over `srs` (see
    /// [`zkcomply_prover::halo2::ptau::load_ptau`] for a public SRS).
    ///
    /// # Errors
    /// As [`Halo2Prover::keygen`].
    pub fn halo2(srs: Srs, policy: Policy, shape: Shape) -> Result<Self, zkcomply_prover::Error> {
        Ok(Prover::Halo2Kzg(Box::new(Halo2Prover::keygen(
            srs, policy, shape,
        )?)))
    }

    /// The back-end.
    pub fn backend(&self) -> Backend {
        match self {
            Prover::Groth16(_) => Backend::Groth16,
            Prover::Halo2Kzg(_) => Backend::Halo2Kzg,
        }
    }

    /// The policy the prover proves.
    pub fn policy(&self) -> Policy {
        match self {
            Prover::Groth16(p) => p.verifying_key().info.policy,
            Prover::Halo2Kzg(p) => p.verifying_key().policy(),
        }
    }

    /// The verifying key of the prover's keys.
    pub fn verifying_key(&self) -> VerifyingKey {
        match self {
            Prover::Groth16(p) => VerifyingKey::Groth16(Box::new(p.verifying_key().clone())),
            Prover::Halo2Kzg(p) => VerifyingKey::Halo2Kzg(Box::new(p.verifying_key().clone())),
        }
    }

    /// Proves `witness` with randomness from the operating system.
    ///
    /// # Errors
    /// As [`Prover::prove_with_rng`].
    pub fn prove(&self, witness: &ComplianceWitness) -> Result<Proof, zkcomply_prover::Error> {
        self.prove_with_rng(witness, &mut rand::rngs::OsRng)
    }

    /// Proves `witness`, blinding with `rng`.
    ///
    /// # Errors
    /// The back-end's: a witness of another policy or shape, or one that does not satisfy
    /// the circuit.
    pub fn prove_with_rng<R: RngCore + CryptoRng>(
        &self,
        witness: &ComplianceWitness,
        rng: &mut R,
    ) -> Result<Proof, zkcomply_prover::Error> {
        match self {
            Prover::Groth16(p) => Ok(Proof::Groth16(Box::new(p.prove_with_rng(witness, rng)?))),
            Prover::Halo2Kzg(p) => Ok(Proof::Halo2Kzg(p.proof_with_rng(witness, rng)?)),
        }
    }
}

impl VerifyingKey {
    /// The back-end.
    pub fn backend(&self) -> Backend {
        match self {
            VerifyingKey::Groth16(_) => Backend::Groth16,
            VerifyingKey::Halo2Kzg(_) => Backend::Halo2Kzg,
        }
    }
}

impl Proof {
    /// The proof file (`zkcomply-proof/1` JSON).
    pub fn to_json(&self) -> String {
        match self {
            Proof::Groth16(p) => p.to_json(),
            Proof::Halo2Kzg(p) => p.to_json(),
        }
    }

    /// Reads a proof file of either back-end (its `backend` field decides).
    ///
    /// # Errors
    /// As the back-end's reader; bad JSON.
    pub fn from_json(what: &str, text: &str) -> Result<Self, zkcomply_verifier::Error> {
        let backend = json::parse::<serde_json::Value>(what, text)
            .ok()
            .and_then(|v| v.get("backend")?.as_str()?.parse::<Backend>().ok());
        match backend {
            Some(Backend::Halo2Kzg) => Ok(Proof::Halo2Kzg(Halo2Proof::from_json(what, text)?)),
            _ => Ok(Proof::Groth16(Box::new(crate::Proof::from_json(
                what, text,
            )?))),
        }
    }

    /// The back-end.
    pub fn backend(&self) -> Backend {
        match self {
            Proof::Groth16(_) => Backend::Groth16,
            Proof::Halo2Kzg(_) => Backend::Halo2Kzg,
        }
    }

    /// The public inputs.
    pub fn public_inputs(&self) -> &PublicInputs {
        match self {
            Proof::Groth16(p) => &p.public_inputs,
            Proof::Halo2Kzg(p) => &p.public_inputs,
        }
    }
}

/// Verifies `proof` under `vk`: `Ok(true)` accepted, `Ok(false)` rejected.
///
/// # Errors
/// [`zkcomply_circuits::Error::BackendMismatch`] for a proof of the other back-end than the key;
/// otherwise as the back-end's `verify` (another policy, bad inputs).
#[must_use = "a proof is only accepted if this returns Ok(true)"]
pub fn verify(vk: &VerifyingKey, proof: &Proof) -> Result<bool, zkcomply_verifier::Error> {
    match (vk, proof) {
        (VerifyingKey::Groth16(k), Proof::Groth16(p)) => crate::verify(k, p),
        (VerifyingKey::Halo2Kzg(k), Proof::Halo2Kzg(p)) => p.verify(k),
        _ => Err(zkcomply_circuits::Error::BackendMismatch {
            what: "proof".into(),
            role: "proof",
            expected: vk.backend(),
            found: proof.backend(),
        }
        .into()),
    }
}

/// A proving key file of either back-end (the envelope's kind decides).
impl Artefact for Prover {
    type Error = zkcomply_prover::Error;

    fn to_bytes(&self) -> Vec<u8> {
        match self {
            Prover::Groth16(p) => p.key().to_bytes(),
            Prover::Halo2Kzg(p) => p.to_bytes(),
        }
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self, zkcomply_prover::Error> {
        match Kind::peek(bytes) {
            Some(Kind::Halo2ProvingKey) => Ok(Prover::Halo2Kzg(Box::new(Halo2Prover::from_bytes(
                what, bytes,
            )?))),
            _ => Self::groth16(ProvingKey::from_bytes(what, bytes)?),
        }
    }
}

/// A verifying key file of either back-end (the envelope's kind decides).
impl Artefact for VerifyingKey {
    type Error = zkcomply_verifier::Error;

    fn to_bytes(&self) -> Vec<u8> {
        match self {
            VerifyingKey::Groth16(k) => k.to_bytes(),
            VerifyingKey::Halo2Kzg(k) => k.to_bytes(),
        }
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self, zkcomply_verifier::Error> {
        match Kind::peek(bytes) {
            Some(Kind::Halo2VerifyingKey) => Ok(VerifyingKey::Halo2Kzg(Box::new(
                h2::VerifyingKey::from_bytes(what, bytes)?,
            ))),
            _ => Ok(VerifyingKey::Groth16(Box::new(
                crate::VerifyingKey::from_bytes(what, bytes)?,
            ))),
        }
    }
}

/// A proof file of either back-end (its `backend` field decides).
impl Artefact for Proof {
    type Error = zkcomply_verifier::Error;
    const MAX_BYTES: u64 = 1 << 20;

    fn to_bytes(&self) -> Vec<u8> {
        self.to_json().into_bytes()
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self, zkcomply_verifier::Error> {
        Self::from_json(what, json::text(what, bytes)?)
    }
}
