//! The Groth16 verifying key of one policy, and its file format.

use std::path::Path;

use ark_bn254::Bn254;
use ark_groth16::PreparedVerifyingKey;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use serde::{Deserialize, Serialize};
use zkcomply_circuits::{
    artefact::{self, Envelope, Kind},
    Policy, Shape,
};

use crate::{error::Result, Error};

/// What a key file says about the key, besides the key itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    /// The policy the key proves or verifies.
    pub policy: Policy,
    /// The policy's identifier.
    pub policy_id: u32,
    /// The policy's circuit version.
    pub policy_version: u32,
    /// The tree depths the circuit was built for.
    pub shape: Shape,
    /// The proving system.
    pub backend: String,
    /// Whether the key comes from an insecure, deterministic `--dev-seed` setup.
    pub insecure_dev_setup: bool,
    /// Number of R1CS constraints.
    pub constraints: usize,
}

impl KeyInfo {
    /// The info of a key made for `policy` at `shape`.
    pub fn new(policy: Policy, shape: Shape, insecure_dev_setup: bool, constraints: usize) -> Self {
        Self {
            policy,
            policy_id: policy.id(),
            policy_version: policy.version(),
            shape,
            backend: "groth16".into(),
            insecure_dev_setup,
            constraints,
        }
    }

    /// `name vN`, as errors print it.
    pub fn label(&self) -> String {
        format!("{} v{}", self.policy, self.policy_version)
    }

    /// Encodes `payload` in a file envelope of `kind` carrying this info.
    pub fn envelope(&self, kind: Kind, payload: Vec<u8>) -> Vec<u8> {
        Envelope {
            kind,
            insecure: self.insecure_dev_setup,
            meta: serde_json::to_string(self).unwrap_or_default(),
            payload,
        }
        .encode()
    }

    /// Opens a file envelope of `kind` and reads its info, checking that this build
    /// knows the policy at that version.
    ///
    /// # Errors
    /// [`Error::Circuits`] for a bad envelope, [`Error::Malformed`] for bad metadata.
    pub fn open(what: &str, bytes: &[u8], kind: Kind) -> Result<(Self, Vec<u8>)> {
        let env = Envelope::decode(what, bytes, kind)?;
        let info: KeyInfo = serde_json::from_str(&env.meta).map_err(|e| Error::Malformed {
            what: what.into(),
            reason: format!("metadata: {e}"),
        })?;
        let p = info.policy;
        if info.policy_id != p.id() || info.policy_version != p.version() {
            return Err(Error::PolicyMismatch {
                expected: format!("{p} v{} (id {})", p.version(), p.id()),
                found: format!("{p} v{} (id {})", info.policy_version, info.policy_id),
            });
        }
        if info.insecure_dev_setup != env.insecure {
            return Err(Error::Malformed {
                what: what.into(),
                reason: "metadata and header disagree on the setup".into(),
            });
        }
        Ok((info, env.payload))
    }
}

/// A verifying key: the policy it belongs to and the prepared Groth16 key.
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    /// What the key is for.
    pub info: KeyInfo,
    /// The Groth16 key: `α₁, β₂, γ₂, δ₂` and the input bases `IC` (`γ_abc_g1`).
    pub inner: ark_groth16::VerifyingKey<Bn254>,
    pub(crate) prepared: PreparedVerifyingKey<Bn254>,
}

impl VerifyingKey {
    /// Wraps an arkworks key.
    ///
    /// # Errors
    /// [`Error::InputCount`] if the key's input count does not match the policy's.
    pub fn new(info: KeyInfo, inner: ark_groth16::VerifyingKey<Bn254>) -> Result<Self> {
        let expected = info.policy.inputs().len();
        let found = inner.gamma_abc_g1.len().saturating_sub(1);
        if expected != found {
            return Err(Error::InputCount { expected, found });
        }
        let prepared = ark_groth16::prepare_verifying_key(&inner);
        Ok(Self {
            info,
            inner,
            prepared,
        })
    }

    /// The key file: envelope + compressed arkworks key.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        self.inner
            .serialize_compressed(&mut payload)
            .unwrap_or_default();
        self.info.envelope(Kind::VerifyingKey, payload)
    }

    /// Reads a key file, checking header, hash, curve and subgroup membership.
    ///
    /// # Errors
    /// [`Error::Circuits`] for a bad envelope, [`Error::Malformed`] for bad points.
    pub fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let (info, payload) = KeyInfo::open(what, bytes, Kind::VerifyingKey)?;
        let inner = ark_groth16::VerifyingKey::deserialize_with_mode(
            payload.as_slice(),
            Compress::Yes,
            Validate::Yes,
        )
        .map_err(|e| Error::Malformed {
            what: what.into(),
            reason: format!("verifying key: {e}"),
        })?;
        Self::new(info, inner)
    }

    /// Saves the key atomically.
    ///
    /// # Errors
    /// [`Error::Circuits`] wrapping an I/O error.
    pub fn save(&self, path: &Path) -> Result<()> {
        Ok(artefact::write_atomic(path, &self.to_bytes())?)
    }

    /// Loads a key file.
    ///
    /// # Errors
    /// As [`VerifyingKey::from_bytes`], and I/O errors.
    pub fn load(path: &Path) -> Result<Self> {
        Self::from_bytes(&path.display().to_string(), &artefact::read(path)?)
    }
}
