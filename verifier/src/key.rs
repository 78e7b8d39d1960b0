//! The Groth16 verifying key of one policy, and its file format.

use ark_bn254::Bn254;
use ark_groth16::PreparedVerifyingKey;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use zkcomply_circuits::artefact::{Artefact, KeyMeta, Kind};

use crate::{error::Result, Error};

/// A verifying key: the policy it belongs to and the prepared Groth16 key.
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    /// What the key is for.
    pub info: KeyMeta,
    /// The Groth16 key: `α₁, β₂, γ₂, δ₂` and the input bases `IC` (`γ_abc_g1`).
    pub inner: ark_groth16::VerifyingKey<Bn254>,
    pub(crate) prepared: PreparedVerifyingKey<Bn254>,
}

impl VerifyingKey {
    /// Wraps an arkworks key.
    ///
    /// # Errors
    /// [`Error::InputCount`] if the key's input count does not match the policy's.
    pub fn new(info: KeyMeta, inner: ark_groth16::VerifyingKey<Bn254>) -> Result<Self> {
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
}

/// The key file: envelope (kind [`Kind::VerifyingKey`]) with [`KeyMeta`] and the compressed
/// arkworks key. The reader checks header, hash, metadata, curve and subgroup membership,
/// and refuses bytes after the key.
impl Artefact for VerifyingKey {
    type Error = Error;

    fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        self.inner
            .serialize_compressed(&mut payload)
            .unwrap_or_default();
        self.info.seal(Kind::VerifyingKey, payload)
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let (info, payload) = KeyMeta::open(what, bytes, Kind::VerifyingKey)?;
        let mut reader = payload.as_slice();
        let inner = ark_groth16::VerifyingKey::deserialize_with_mode(
            &mut reader,
            Compress::Yes,
            Validate::Yes,
        )
        .map_err(|e| Error::Malformed {
            what: what.into(),
            reason: format!("verifying key: {e}"),
        })?;
        if !reader.is_empty() {
            return Err(Error::Malformed {
                what: what.into(),
                reason: format!("{} unexpected bytes after the verifying key", reader.len()),
            });
        }
        Self::new(info, inner)
    }
}
