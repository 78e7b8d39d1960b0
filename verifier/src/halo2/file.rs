//! Halo2-KZG key and proof files: the verifying key in the binary envelope (kind
//! [`Kind::Halo2VerifyingKey`]) and proofs in the `zkcomply-proof/1` JSON with
//! `"backend": "halo2-kzg"`. Readers refuse a file of the other back-end by name.
//!
//! A verifying key file's payload is `[1]₁ ‖ [1]₂ ‖ [τ]₂` (compressed, 32 + 64 + 64 bytes)
//! followed by halo2-axiom's verifying key (`SerdeFormat::Processed`: compressed fixed and
//! permutation commitments, selectors). Its metadata ([`KeyMeta`]) names the policy,
//! the shape, `k`, the SRS's origin and the SHA-256 of halo2's key.

use halo2_axiom::{plonk, poly::commitment::ParamsProver, SerdeFormat};
use sha2::{Digest, Sha256};
use zkcomply_circuits::{
    artefact::{json, Artefact, Backend, KeyMeta, KeyParams, Kind},
    halo2::{CircuitParams, PolicyCircuit},
    Policy, PublicInputs, Shape,
};

use super::{
    input_words,
    srs::{params_from_parts, put_g1, put_g2, PointReader, Srs, SrsOrigin},
    verify, VerifyingKey,
};
use crate::{
    error::Result,
    proof::{decode_json, encode_json},
    Error,
};

/// The `backend` of Halo2-KZG files.
pub const BACKEND: Backend = Backend::Halo2Kzg;

/// SHA-256, 0x-hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(Sha256::digest(bytes)))
}

impl VerifyingKey {
    /// The metadata of this key's files.
    pub fn meta(&self) -> KeyMeta {
        let vk_bytes = self.vk().to_bytes(SerdeFormat::Processed);
        KeyMeta::halo2(
            self.policy(),
            self.shape(),
            self.k(),
            self.origin().clone(),
            sha256_hex(&vk_bytes),
        )
    }

    /// Opens a Halo2 key file's envelope of `kind` and checks its metadata (as
    /// [`KeyMeta::open`] does) and that `k` is the circuit's: what both Halo2 key readers
    /// start with.
    ///
    /// # Errors
    /// As [`KeyMeta::open`]; [`Error::Malformed`] for a `k` that is not the circuit's.
    pub fn open(what: &str, bytes: &[u8], kind: Kind) -> Result<KeyFile> {
        let (meta, payload) = KeyMeta::open(what, bytes, kind)?;
        let KeyParams::Halo2Kzg { k, srs, vk_sha256 } = meta.params else {
            return Err(Error::Malformed {
                what: what.into(),
                reason: "Groth16 metadata in a Halo2 key file".into(),
            });
        };
        let rows = PolicyCircuit::blank(meta.policy, meta.shape)?.k();
        if k != rows {
            return Err(Error::Malformed {
                what: what.into(),
                reason: format!(
                    "k = {k}, but {} at this shape has 2^{rows} rows",
                    meta.policy
                ),
            });
        }
        Ok(KeyFile {
            policy: meta.policy,
            shape: meta.shape,
            k,
            srs,
            vk_sha256,
            payload,
        })
    }
}

/// A Halo2 key file opened by [`VerifyingKey::open`]: its checked metadata and payload.
#[derive(Debug)]
pub struct KeyFile {
    /// The policy.
    pub policy: Policy,
    /// The shape (in range, canonical for the policy).
    pub shape: Shape,
    /// `log2` of the circuit's rows: the circuit's own.
    pub k: u32,
    /// Where the SRS came from.
    pub srs: SrsOrigin,
    /// SHA-256 of halo2's verifying key, 0x-hex.
    pub vk_sha256: String,
    /// The payload.
    pub payload: Vec<u8>,
}

/// The verifying key file: envelope (kind [`Kind::Halo2VerifyingKey`]) with
/// `[1]₁ ‖ [1]₂ ‖ [τ]₂ ‖ halo2's key`. Points are checked to be on the curve (G2 points in
/// the subgroup), `k` to be the circuit's, and the key's hash to match the metadata.
impl Artefact for VerifyingKey {
    type Error = Error;

    fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        put_g1(&mut payload, &self.params().get_g()[0]);
        put_g2(&mut payload, &self.params().g2());
        put_g2(&mut payload, &self.params().s_g2());
        payload.extend_from_slice(&self.vk().to_bytes(SerdeFormat::Processed));
        self.meta().seal(Kind::Halo2VerifyingKey, payload)
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let KeyFile {
            policy,
            shape,
            k,
            srs,
            vk_sha256,
            payload,
        } = Self::open(what, bytes, Kind::Halo2VerifyingKey)?;
        let mut r = PointReader::new(what, &payload);
        let g0 = r.g1("[1]₁")?;
        let g2 = r.g2("[1]₂")?;
        let s_g2 = r.g2("[τ]₂")?;
        let vk_bytes = r.rest();
        if sha256_hex(vk_bytes) != vk_sha256 {
            return Err(Error::Malformed {
                what: what.into(),
                reason: "halo2's verifying key does not match the metadata's vk_sha256".into(),
            });
        }
        let vk = read_vk(what, vk_bytes, policy, k)?;
        let params = params_from_parts(k, vec![g0], None, g2, s_g2);
        Ok(Self::new(
            policy,
            shape,
            Srs::new_unchecked(params, srs),
            vk,
        ))
    }
}

/// Reads halo2's verifying key of `policy`'s circuit of `2^k` rows (`k` checked by the caller).
fn read_vk(
    what: &str,
    bytes: &[u8],
    policy: Policy,
    k: u32,
) -> Result<plonk::VerifyingKey<halo2_axiom::halo2curves::bn256::G1Affine>> {
    let bad = |reason: String| Error::Malformed {
        what: what.into(),
        reason,
    };
    // Version byte, then k: halo2 builds a domain of 2^k before anything else.
    match bytes.get(1..5) {
        Some(b) if u32::from_le_bytes([b[0], b[1], b[2], b[3]]) == k => {}
        _ => return Err(bad(format!("halo2's verifying key is not for k = {k}"))),
    }
    let mut rest = bytes;
    // halo2-axiom's reader may panic on bytes it did not write (e.g. selectors that change
    // the constraint system): a panic is reported as a malformed key.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        plonk::VerifyingKey::read::<_, PolicyCircuit<'static>>(
            &mut rest,
            SerdeFormat::Processed,
            CircuitParams::of(policy),
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

/// The proof file (`zkcomply-proof/1` JSON with `"backend": "halo2-kzg"`).
impl Artefact for Halo2Proof {
    type Error = Error;
    const MAX_BYTES: u64 = 1 << 20;

    fn to_bytes(&self) -> Vec<u8> {
        self.to_json().into_bytes()
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        Self::from_json(what, json::text(what, bytes)?)
    }
}
