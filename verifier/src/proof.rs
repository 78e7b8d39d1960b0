//! A proof together with its policy and public inputs, and its JSON file format
//! (`zkcomply-proof/1`).

use ark_bn254::Bn254;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use serde::{Deserialize, Serialize};
use zkcomply_circuits::{
    artefact::{json, Artefact, Backend},
    Policy, PublicInputs,
};

use crate::{error::Result, Error};

const FORMAT: &str = "zkcomply-proof/1";
/// The largest proof file read: a proof and its public inputs take a few kilobytes.
const MAX_BYTES: u64 = 1 << 20;

/// A Groth16 proof `(A ∈ G1, B ∈ G2, C ∈ G1)` of a policy, with its public inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof {
    /// The policy proved.
    pub policy: Policy,
    /// The policy's circuit version.
    pub policy_version: u32,
    /// Whether the proving key came from an insecure `--dev-seed` setup.
    pub insecure_dev_setup: bool,
    /// The Groth16 proof.
    pub inner: ark_groth16::Proof<Bn254>,
    /// The public inputs, in the policy's order.
    pub public_inputs: PublicInputs,
}

#[derive(Serialize, Deserialize)]
struct ProofJson {
    format: String,
    policy: String,
    policy_version: u32,
    backend: Backend,
    insecure_dev_setup: bool,
    proof: String,
    public_inputs: serde_json::Map<String, serde_json::Value>,
}

impl Proof {
    /// The compressed proof: 128 bytes.
    pub fn proof_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(128);
        self.inner
            .serialize_compressed(&mut out)
            .unwrap_or_default();
        out
    }

    /// Reads a compressed proof, checking that each point is on the curve and in the
    /// prime-order subgroup.
    ///
    /// # Errors
    /// [`Error::Malformed`].
    pub fn inner_from_bytes(bytes: &[u8]) -> Result<ark_groth16::Proof<Bn254>> {
        let mut reader = bytes;
        let proof =
            ark_groth16::Proof::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes)
                .map_err(|e| Error::Malformed {
                    what: "proof".into(),
                    reason: e.to_string(),
                })?;
        if !reader.is_empty() {
            return Err(Error::Malformed {
                what: "proof".into(),
                reason: format!("{} trailing bytes", reader.len()),
            });
        }
        Ok(proof)
    }

    /// The proof file as JSON.
    pub fn to_json(&self) -> String {
        encode_json(
            Backend::Groth16,
            self.policy,
            self.policy_version,
            self.insecure_dev_setup,
            &self.proof_bytes(),
            &self.public_inputs,
        )
    }

    /// Reads a proof file. Every public input must be a field element `< r`, and every
    /// point must be on the curve and in the subgroup.
    ///
    /// # Errors
    /// [`Error::Circuits`] for bad JSON or inputs, [`Error::Malformed`] for a bad proof or
    /// a proof of another back-end.
    pub fn from_json(what: &str, json: &str) -> Result<Self> {
        let f = decode_json(what, json, Backend::Groth16)?;
        let inner = Self::inner_from_bytes(&f.proof)?;
        Ok(Self {
            policy: f.policy,
            policy_version: f.policy_version,
            insecure_dev_setup: f.insecure_dev_setup,
            inner,
            public_inputs: f.public_inputs,
        })
    }
}

/// The proof file (`zkcomply-proof/1` JSON with `"backend": "groth16"`).
impl Artefact for Proof {
    type Error = Error;
    const MAX_BYTES: u64 = MAX_BYTES;

    fn to_bytes(&self) -> Vec<u8> {
        self.to_json().into_bytes()
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        Self::from_json(what, json::text(what, bytes)?)
    }
}

/// The fields of a proof file, whatever its back-end.
#[derive(Debug)]
pub(crate) struct ProofFile {
    pub(crate) policy: Policy,
    pub(crate) policy_version: u32,
    pub(crate) insecure_dev_setup: bool,
    pub(crate) proof: Vec<u8>,
    pub(crate) public_inputs: PublicInputs,
}

/// A `zkcomply-proof/1` file of `backend`.
pub(crate) fn encode_json(
    backend: Backend,
    policy: Policy,
    policy_version: u32,
    insecure_dev_setup: bool,
    proof: &[u8],
    public_inputs: &PublicInputs,
) -> String {
    let public_inputs = match serde_json::to_value(public_inputs) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let j = ProofJson {
        format: FORMAT.into(),
        policy: policy.name().into(),
        policy_version,
        backend,
        insecure_dev_setup,
        proof: format!("0x{}", hex::encode(proof)),
        public_inputs,
    };
    serde_json::to_string_pretty(&j).unwrap_or_default()
}

/// Reads a `zkcomply-proof/1` file, refusing one of another back-end than `backend`.
pub(crate) fn decode_json(what: &str, text: &str, backend: Backend) -> Result<ProofFile> {
    let j: ProofJson = json::parse(what, text)?;
    let bad = |reason: String| Error::Malformed {
        what: what.into(),
        reason,
    };
    if j.format != FORMAT {
        return Err(bad(format!("format {:?}, expected {FORMAT:?}", j.format)));
    }
    if j.backend != backend {
        return Err(zkcomply_circuits::Error::BackendMismatch {
            what: what.into(),
            role: "proof",
            expected: backend,
            found: j.backend,
        }
        .into());
    }
    let policy = Policy::from_name(&j.policy)?;
    let mut pairs = Vec::with_capacity(j.public_inputs.len());
    for (name, value) in &j.public_inputs {
        let v = value
            .as_str()
            .ok_or_else(|| bad(format!("public input {name} is not a string")))?;
        pairs.push((name.as_str(), v));
    }
    let public_inputs = PublicInputs::from_named(policy, pairs)?;
    let hex = j
        .proof
        .strip_prefix("0x")
        .ok_or_else(|| bad("proof is not 0x-hex".into()))?;
    let proof = hex::decode(hex).map_err(|e| bad(format!("proof is not hex: {e}")))?;
    Ok(ProofFile {
        policy,
        policy_version: j.policy_version,
        insecure_dev_setup: j.insecure_dev_setup,
        proof,
        public_inputs,
    })
}
