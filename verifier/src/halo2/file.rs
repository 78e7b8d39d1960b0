//! Halo2-KZG key and proof files: the verifying key in the binary envelope (kind
//! [`Kind::Halo2VerifyingKey`]) and proofs in the `zkcomply-proof/1` JSON with
//! `"backend": "halo2-kzg"`. Readers refuse a file of the other back-end by name.
//!
//! A verifying key file's payload is `[1]₁ ‖ [1]₂ ‖ [τ]₂` (compressed, 32 + 64 + 64 bytes)
//! followed by halo2-axiom's verifying key (`SerdeFormat::Processed`: compressed fixed and
//! permutation commitments, selectors). Its metadata ([`Halo2KeyInfo`]) names the policy,
//! the shape, `k` and the SRS's origin.

use std::path::Path;

use halo2_axiom::{plonk, poly::commitment::ParamsProver, SerdeFormat};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zkcomply_circuits::{
    artefact::{self, Envelope, Kind},
    halo2::{CircuitParams, PolicyCircuit},
    Policy, PublicInputs, Shape,
};

use super::{
    input_words,
    srs::{params_from_parts, put_g1, put_g2, PointReader, Srs, SrsOrigin, MAX_K},
    verify, VerifyingKey,
};
use crate::{
    error::Result,
    proof::{decode_json, encode_json, read_text},
    Error,
};

/// The `backend` of Halo2-KZG files.
pub const BACKEND: &str = "halo2-kzg";

/// What a Halo2 key file says about the key, besides the key itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Halo2KeyInfo {
    /// The policy the key proves or verifies.
    pub policy: Policy,
    /// The policy's identifier.
    pub policy_id: u32,
    /// The policy's circuit version.
    pub policy_version: u32,
    /// The tree depths the circuit was built for.
    pub shape: Shape,
    /// The proving system, [`BACKEND`].
    pub backend: String,
    /// `log2` of the circuit's rows.
    pub k: u32,
    /// Whether the SRS is an insecure development SRS.
    pub insecure_dev_setup: bool,
    /// Where the SRS came from.
    pub srs: SrsOrigin,
    /// SHA-256 of halo2's verifying key (`SerdeFormat::Processed`), 0x-hex: ties a proving
    /// key file to its verifying key file.
    pub vk_sha256: String,
}

impl Halo2KeyInfo {
    /// The info of `key`.
    pub fn of(key: &VerifyingKey) -> Self {
        let vk_bytes = key.vk().to_bytes(SerdeFormat::Processed);
        Self {
            policy: key.policy(),
            policy_id: key.policy().id(),
            policy_version: key.policy().version(),
            shape: key.shape(),
            backend: BACKEND.into(),
            k: key.k(),
            insecure_dev_setup: key.insecure_dev_setup(),
            srs: key.origin().clone(),
            vk_sha256: sha256_hex(&vk_bytes),
        }
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

    /// Opens a file envelope of `kind` and reads its info, checking that this build knows
    /// the policy at that version, the back-end, that header and metadata agree on the
    /// setup, and that `k` is the circuit's.
    ///
    /// # Errors
    /// [`Error::Circuits`] for a bad envelope (or one of a Groth16 file), [`Error::Malformed`]
    /// for bad metadata, [`Error::PolicyMismatch`] for another policy version.
    pub fn open(what: &str, bytes: &[u8], kind: Kind) -> Result<(Self, Vec<u8>)> {
        let env = Envelope::decode(what, bytes, kind)?;
        let bad = |reason: String| Error::Malformed {
            what: what.into(),
            reason,
        };
        let info: Halo2KeyInfo =
            serde_json::from_str(&env.meta).map_err(|e| bad(format!("metadata: {e}")))?;
        if info.backend != BACKEND {
            return Err(bad(format!(
                "backend {:?} in the metadata, expected {BACKEND:?}",
                info.backend
            )));
        }
        let p = info.policy;
        if info.policy_id != p.id() || info.policy_version != p.version() {
            return Err(Error::PolicyMismatch {
                expected: format!("{p} v{} (id {})", p.version(), p.id()),
                found: format!("{p} v{} (id {})", info.policy_version, info.policy_id),
            });
        }
        if info.insecure_dev_setup != env.insecure || info.insecure_dev_setup != info.srs.insecure()
        {
            return Err(bad(
                "the header, the metadata and the SRS origin disagree on the setup".into(),
            ));
        }
        let k = PolicyCircuit::blank(p, info.shape)?.k();
        if info.k != k || k > MAX_K {
            return Err(bad(format!(
                "k = {}, but {p} at this shape has 2^{k} rows",
                info.k
            )));
        }
        Ok((info, env.payload))
    }
}

/// SHA-256, 0x-hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(Sha256::digest(bytes)))
}

impl VerifyingKey {
    /// The verifying key file: envelope (kind [`Kind::Halo2VerifyingKey`]) with
    /// `[1]₁ ‖ [1]₂ ‖ [τ]₂ ‖ halo2's key`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        put_g1(&mut payload, &self.params().get_g()[0]);
        put_g2(&mut payload, &self.params().g2());
        put_g2(&mut payload, &self.params().s_g2());
        payload.extend_from_slice(&self.vk().to_bytes(SerdeFormat::Processed));
        Halo2KeyInfo::of(self).envelope(Kind::Halo2VerifyingKey, payload)
    }

    /// Reads a verifying key file; `what` names it in errors. Points are checked to be on
    /// the curve (G2 points in the subgroup), `k` to be the circuit's, and the key's hash to
    /// match the metadata.
    ///
    /// # Errors
    /// [`Error::Circuits`] for a bad envelope (a Groth16 key among them),
    /// [`Error::Malformed`] for bad points or key bytes.
    pub fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let (info, payload) = Halo2KeyInfo::open(what, bytes, Kind::Halo2VerifyingKey)?;
        let mut r = PointReader::new(what, &payload);
        let g0 = r.g1("[1]₁")?;
        let g2 = r.g2("[1]₂")?;
        let s_g2 = r.g2("[τ]₂")?;
        let vk_bytes = r.rest();
        if sha256_hex(vk_bytes) != info.vk_sha256 {
            return Err(Error::Malformed {
                what: what.into(),
                reason: "halo2's verifying key does not match the metadata's vk_sha256".into(),
            });
        }
        let vk = read_vk(what, vk_bytes, &info)?;
        let params = params_from_parts(info.k, vec![g0], None, g2, s_g2);
        Ok(Self::new(
            info.policy,
            info.shape,
            Srs::new_unchecked(params, info.srs),
            vk,
        ))
    }

    /// Writes the key file atomically.
    ///
    /// # Errors
    /// I/O errors.
    pub fn save(&self, path: &Path) -> Result<()> {
        Ok(artefact::write_atomic(path, &self.to_bytes())?)
    }

    /// Loads a key file.
    ///
    /// # Errors
    /// As [`VerifyingKey::from_bytes`], and I/O errors.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = artefact::read(path)?;
        Self::from_bytes(&path.display().to_string(), &bytes)
    }
}

/// Reads halo2's verifying key of `info`'s circuit (whose `k` the caller checked).
fn read_vk(
    what: &str,
    bytes: &[u8],
    info: &Halo2KeyInfo,
) -> Result<plonk::VerifyingKey<halo2_axiom::halo2curves::bn256::G1Affine>> {
    let bad = |reason: String| Error::Malformed {
        what: what.into(),
        reason,
    };
    // Version byte, then k: halo2 builds a domain of 2^k before anything else.
    match bytes.get(1..5) {
        Some(k) if u32::from_le_bytes([k[0], k[1], k[2], k[3]]) == info.k => {}
        _ => {
            return Err(bad(format!(
                "halo2's verifying key is not for k = {}",
                info.k
            )))
        }
    }
    let mut rest = bytes;
    // halo2-axiom's reader may panic on bytes it did not write (e.g. selectors that change
    // the constraint system): a panic is reported as a malformed key.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        plonk::VerifyingKey::read::<_, PolicyCircuit<'static>>(
            &mut rest,
            SerdeFormat::Processed,
            CircuitParams::of(info.policy),
        )
    }))
    .map_err(|_| bad("halo2's verifying key is malformed (its reader panicked)".into()))?;
    let vk = read.map_err(|e| bad(format!("halo2's verifying key: {e}")))?;
    if !rest.is_empty() {
        return Err(bad(format!(
            "{} unexpected bytes after halo2's verifying key",
            rest.len()
        )));
    }
    Ok(vk)
}

/// A Halo2-KZG proof of a policy with its public inputs: the `zkcomply-proof/1` file with
/// `"backend": "halo2-kzg"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Halo2Proof {
    /// The policy proved.
    pub policy: Policy,
    /// The policy's circuit version.
    pub policy_version: u32,
    /// Whether the SRS was an insecure development SRS.
    pub insecure_dev_setup: bool,
    /// The proof: the Keccak transcript's bytes (points as 64-byte `x ‖ y`, scalars as
    /// 32-byte words, big-endian).
    pub proof: Vec<u8>,
    /// The public inputs, in the policy's order.
    pub public_inputs: PublicInputs,
}

impl Halo2Proof {
    /// The proof file as JSON.
    pub fn to_json(&self) -> String {
        encode_json(
            BACKEND,
            self.policy,
            self.policy_version,
            self.insecure_dev_setup,
            &self.proof,
            &self.public_inputs,
        )
    }

    /// Reads a proof file. Every public input must be a field element `< r`.
    ///
    /// # Errors
    /// [`Error::Circuits`] for bad JSON or inputs, [`Error::Malformed`] for a file of
    /// another back-end or a proof that is not hex.
    pub fn from_json(what: &str, json: &str) -> Result<Self> {
        let f = decode_json(what, json, BACKEND)?;
        Ok(Self {
            policy: f.policy,
            policy_version: f.policy_version,
            insecure_dev_setup: f.insecure_dev_setup,
            proof: f.proof,
            public_inputs: f.public_inputs,
        })
    }

    /// Saves the proof file atomically.
    ///
    /// # Errors
    /// I/O errors.
    pub fn save(&self, path: &Path) -> Result<()> {
        Ok(artefact::write_atomic(path, self.to_json().as_bytes())?)
    }

    /// Loads a proof file.
    ///
    /// # Errors
    /// As [`Halo2Proof::from_json`], and I/O errors.
    pub fn load(path: &Path) -> Result<Self> {
        let (what, json) = read_text(path)?;
        Self::from_json(&what, &json)
    }

    /// Verifies the proof under `key`: `Ok(true)` accepted, `Ok(false)` rejected.
    ///
    /// # Errors
    /// [`Error::PolicyMismatch`] for a key of another policy or version; as [`verify`].
    #[must_use = "a proof is only accepted if this returns Ok(true)"]
    pub fn verify(&self, key: &VerifyingKey) -> Result<bool> {
        let p = key.policy();
        if self.policy != p || self.policy_version != p.version() {
            return Err(Error::PolicyMismatch {
                expected: format!("{p} v{}", p.version()),
                found: format!("{} v{}", self.policy, self.policy_version),
            });
        }
        verify(key, &self.proof, &input_words(self.public_inputs.values()))
    }
}
