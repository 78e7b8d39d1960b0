//! The Groth16 proving key of one policy, and its file format.

use std::path::Path;

use ark_bn254::Bn254;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use zkcomply_circuits::artefact::{self, Kind};
use zkcomply_verifier::{key::KeyInfo, VerifyingKey};

use crate::{error::Result, Error};

/// A proving key: the policy it belongs to and the arkworks key (which embeds the
/// verifying key).
#[derive(Clone, Debug)]
pub struct ProvingKey {
    /// What the key is for.
    pub info: KeyInfo,
    /// The Groth16 key: `β₁, δ₁` and the queries `A_i(τ)`, `B_i(τ)` (G1 and G2),
    /// `H` (`τ^i·t(τ)/δ`) and `L` (`(β·A_i + α·B_i + C_i)(τ)/δ`).
    pub inner: ark_groth16::ProvingKey<Bn254>,
}

impl ProvingKey {
    /// The matching verifying key.
    ///
    /// # Errors
    /// [`Error::Verifier`] if the key's input count does not match its policy.
    pub fn verifying_key(&self) -> Result<VerifyingKey> {
        Ok(VerifyingKey::new(self.info.clone(), self.inner.vk.clone())?)
    }

    /// The key file: envelope + compressed arkworks key.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        self.inner
            .serialize_compressed(&mut payload)
            .unwrap_or_default();
        self.info.envelope(Kind::ProvingKey, payload)
    }

    /// Reads a key file, checking header, hash, curve and subgroup membership.
    ///
    /// # Errors
    /// [`Error::Verifier`] for a bad envelope, [`Error::Malformed`] for bad points.
    pub fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let (info, payload) = KeyInfo::open(what, bytes, Kind::ProvingKey)?;
        let inner = ark_groth16::ProvingKey::deserialize_with_mode(
            payload.as_slice(),
            Compress::Yes,
            Validate::Yes,
        )
        .map_err(|e| Error::Malformed {
            what: what.into(),
            reason: format!("proving key: {e}"),
        })?;
        let key = Self { info, inner };
        key.verifying_key()?;
        Ok(key)
    }

    /// Saves the key atomically.
    ///
    /// # Errors
    /// I/O errors.
    pub fn save(&self, path: &Path) -> Result<()> {
        Ok(artefact::write_atomic(path, &self.to_bytes())
            .map_err(zkcomply_verifier::Error::from)?)
    }

    /// Loads a key file.
    ///
    /// # Errors
    /// As [`ProvingKey::from_bytes`], and I/O errors.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = artefact::read(path).map_err(zkcomply_verifier::Error::from)?;
        Self::from_bytes(&path.display().to_string(), &bytes)
    }
}
