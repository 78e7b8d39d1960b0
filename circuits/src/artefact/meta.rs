//! The metadata of key and SRS files, range-checked where it is decoded: nothing read from
//! a file sizes an allocation before it is checked.

use serde::{Deserialize, Serialize};

use super::{Backend, Envelope, Kind};
use crate::{error::Result, Error, Policy, Shape};

/// The largest `k` a Halo2 key or SRS file may have (`2^28` rows, the size of the largest
/// public powers-of-tau files).
pub const MAX_K: u32 = 28;

/// Where a Halo2 SRS came from, as key and SRS files record it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SrsOrigin {
    /// `ParamsKZG::setup(k, ChaCha20Rng::seed_from_u64(seed))`: anyone who knows the seed
    /// knows `τ` and can forge proofs. **Insecure**: tests and `--dev-seed` only.
    DevSeed {
        /// The seed.
        seed: u64,
    },
    /// The first `2^k` powers of a snarkjs powers-of-tau (`.ptau`) file.
    Ptau {
        /// The file's BLAKE2b-512 hash, 0x-hex (what `b2sum` prints, and the hash the
        /// snarkjs README publishes for the Hermez files).
        blake2b: String,
        /// The file's power: it holds `2^power` powers of `τ`.
        power: u32,
    },
}

impl SrsOrigin {
    /// Whether whoever made the SRS could know `τ` (a development seed).
    pub fn insecure(&self) -> bool {
        matches!(self, SrsOrigin::DevSeed { .. })
    }

    /// A one-line description for messages.
    pub fn describe(&self) -> String {
        match self {
            SrsOrigin::DevSeed { seed } => {
                format!("INSECURE development SRS from seed {seed}")
            }
            SrsOrigin::Ptau { blake2b, power } => {
                format!("powers of tau (power {power}, BLAKE2b {blake2b})")
            }
        }
    }
}

/// What a key file says about its key, besides the key: the same fields for both
/// back-ends, then the back-end's own ([`KeyParams`], whose tag is the `backend` field).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyMeta {
    /// The policy the key proves or verifies.
    pub policy: Policy,
    /// The policy's identifier.
    pub policy_id: u32,
    /// The policy's circuit version.
    pub policy_version: u32,
    /// The tree depths the circuit was built for ([`Shape::canonical`]).
    pub shape: Shape,
    /// Whether the key comes from an insecure, deterministic `--dev-seed` setup (Groth16)
    /// or development SRS (Halo2).
    pub insecure_dev_setup: bool,
    /// The back-end and its fields.
    #[serde(flatten)]
    pub params: KeyParams,
}

/// The back-end-specific fields of a key file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "backend")]
pub enum KeyParams {
    /// A Groth16 key.
    #[serde(rename = "groth16")]
    Groth16 {
        /// Number of R1CS constraints.
        constraints: usize,
    },
    /// A Halo2-KZG key.
    #[serde(rename = "halo2-kzg")]
    Halo2Kzg {
        /// `log2` of the circuit's rows.
        k: u32,
        /// Where the SRS came from.
        srs: SrsOrigin,
        /// SHA-256 of halo2's verifying key (`SerdeFormat::Processed`), 0x-hex: ties a
        /// proving key file to its verifying key file.
        vk_sha256: String,
    },
}

impl KeyMeta {
    /// The metadata of a Groth16 key for `policy` at `shape`.
    pub fn groth16(policy: Policy, shape: Shape, insecure: bool, constraints: usize) -> Self {
        Self::new(policy, shape, insecure, KeyParams::Groth16 { constraints })
    }

    /// The metadata of a Halo2-KZG key for `policy` at `shape`, `2^k` rows, over an SRS of
    /// `srs`, whose halo2 verifying key hashes to `vk_sha256`.
    pub fn halo2(policy: Policy, shape: Shape, k: u32, srs: SrsOrigin, vk_sha256: String) -> Self {
        let insecure = srs.insecure();
        Self::new(
            policy,
            shape,
            insecure,
            KeyParams::Halo2Kzg { k, srs, vk_sha256 },
        )
    }

    fn new(policy: Policy, shape: Shape, insecure: bool, params: KeyParams) -> Self {
        Self {
            policy,
            policy_id: policy.id(),
            policy_version: policy.version(),
            shape: shape.canonical(policy),
            insecure_dev_setup: insecure,
            params,
        }
    }

    /// The proving system.
    pub fn backend(&self) -> Backend {
        match self.params {
            KeyParams::Groth16 { .. } => Backend::Groth16,
            KeyParams::Halo2Kzg { .. } => Backend::Halo2Kzg,
        }
    }

    /// The number of R1CS constraints of a Groth16 key.
    pub fn constraints(&self) -> Option<usize> {
        match self.params {
            KeyParams::Groth16 { constraints } => Some(constraints),
            KeyParams::Halo2Kzg { .. } => None,
        }
    }

    /// `name vN`, as errors print it.
    pub fn label(&self) -> String {
        format!("{} v{}", self.policy, self.policy_version)
    }

    /// `payload` in a file envelope of `kind` carrying this metadata.
    pub fn seal(&self, kind: Kind, payload: Vec<u8>) -> Vec<u8> {
        Envelope {
            kind,
            insecure: self.insecure_dev_setup,
            meta: serde_json::to_string(self).unwrap_or_default(),
            payload,
        }
        .encode()
    }

    /// Opens a key file's envelope of `kind` and checks its metadata: the back-end is the
    /// kind's, this build knows the policy at that version, the shape is in range and
    /// canonical ([`Shape::canonical`]), header and metadata (and SRS origin) agree on the setup, `k` is in range.
    ///
    /// # Errors
    /// [`Error::Artefact`], [`Error::BackendMismatch`], [`Error::Json`],
    /// [`Error::PolicyMismatch`], [`Error::DepthOutOfRange`].
    pub fn open(what: &str, bytes: &[u8], kind: Kind) -> Result<(Self, Vec<u8>)> {
        let env = Envelope::decode(what, bytes, kind)?;
        let meta: KeyMeta = super::json::parse(&format!("{what}: metadata"), &env.meta)?;
        let bad = |reason: String| Error::Artefact {
            what: what.into(),
            reason,
        };
        if let Some(expected) = kind.backend() {
            if meta.backend() != expected {
                return Err(Error::BackendMismatch {
                    what: format!("{what}: metadata"),
                    role: kind.role(),
                    expected,
                    found: meta.backend(),
                });
            }
        }
        let p = meta.policy;
        if meta.policy_id != p.id() || meta.policy_version != p.version() {
            return Err(Error::PolicyMismatch {
                expected: format!("{p} v{} (id {})", p.version(), p.id()),
                found: format!("{p} v{} (id {})", meta.policy_version, meta.policy_id),
            });
        }
        meta.shape.validate(p)?;
        let srs_insecure = match &meta.params {
            KeyParams::Groth16 { .. } => meta.insecure_dev_setup,
            KeyParams::Halo2Kzg { k, srs, vk_sha256 } => {
                if !(1..=MAX_K).contains(k) {
                    return Err(bad(format!("k = {k}, expected 1 to {MAX_K}")));
                }
                check_sha256_hex(what, "vk_sha256", vk_sha256)?;
                srs.insecure()
            }
        };
        if meta.insecure_dev_setup != env.insecure || meta.insecure_dev_setup != srs_insecure {
            return Err(bad(
                "the header and the metadata disagree on the setup (insecure_dev_setup)".into(),
            ));
        }
        Ok((meta, env.payload))
    }
}

/// What an SRS file says about its SRS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SrsMeta {
    /// The proving system: always Halo2-KZG.
    pub backend: Backend,
    /// `log2` of the number of G1 powers.
    pub k: u32,
    /// Whether the SRS is an insecure development SRS.
    pub insecure_dev_setup: bool,
    /// Where the SRS came from.
    pub srs: SrsOrigin,
}

impl SrsMeta {
    /// The metadata of an SRS of `2^k` powers from `srs`.
    pub fn new(k: u32, srs: SrsOrigin) -> Self {
        Self {
            backend: Backend::Halo2Kzg,
            k,
            insecure_dev_setup: srs.insecure(),
            srs,
        }
    }

    /// `payload` in an SRS file envelope.
    pub fn seal(&self, payload: Vec<u8>) -> Vec<u8> {
        Envelope {
            kind: Kind::Halo2Srs,
            insecure: self.insecure_dev_setup,
            meta: serde_json::to_string(self).unwrap_or_default(),
            payload,
        }
        .encode()
    }

    /// Opens an SRS file's envelope and checks its metadata (back-end, `k` in range, the
    /// setup flags agree).
    ///
    /// # Errors
    /// [`Error::Artefact`], [`Error::Json`].
    pub fn open(what: &str, bytes: &[u8]) -> Result<(Self, Vec<u8>)> {
        let env = Envelope::decode(what, bytes, Kind::Halo2Srs)?;
        let meta: SrsMeta = super::json::parse(&format!("{what}: metadata"), &env.meta)?;
        let bad = |reason: String| Error::Artefact {
            what: what.into(),
            reason,
        };
        if meta.backend != Backend::Halo2Kzg {
            return Err(Error::BackendMismatch {
                what: format!("{what}: metadata"),
                role: Kind::Halo2Srs.role(),
                expected: Backend::Halo2Kzg,
                found: meta.backend,
            });
        }
        if !(1..=MAX_K).contains(&meta.k) {
            return Err(bad(format!("k = {}, expected 1 to {MAX_K}", meta.k)));
        }
        if meta.insecure_dev_setup != env.insecure || meta.insecure_dev_setup != meta.srs.insecure()
        {
            return Err(bad(
                "the header, the metadata and the SRS origin disagree on the setup".into(),
            ));
        }
        Ok((meta, env.payload))
    }
}

fn check_sha256_hex(what: &str, field: &str, value: &str) -> Result<()> {
    let ok = value.len() == 66
        && value.starts_with("0x")
        && value[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::Artefact {
            what: what.into(),
            reason: format!("{field} is not a 0x-prefixed lowercase SHA-256"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groth16() -> KeyMeta {
        KeyMeta::groth16(Policy::Compliance, Shape::default(), true, 100)
    }

    #[test]
    fn the_json_of_both_back_ends_keeps_its_fields() {
        let v = serde_json::to_value(groth16()).unwrap();
        assert_eq!(v["backend"], "groth16");
        assert_eq!(v["constraints"], 100);
        assert_eq!(v["shape"]["sanctions_depth"], 32);
        let h = KeyMeta::halo2(
            Policy::TransferLimit,
            Shape::default(),
            12,
            SrsOrigin::DevSeed { seed: 3 },
            format!("0x{}", "ab".repeat(32)),
        );
        let v = serde_json::to_value(&h).unwrap();
        assert_eq!(v["backend"], "halo2-kzg");
        assert_eq!(v["srs"]["source"], "dev_seed");
        assert_eq!(v["insecure_dev_setup"], true);
        let bytes = h.seal(Kind::Halo2VerifyingKey, vec![1]);
        assert_eq!(
            KeyMeta::open("vk", &bytes, Kind::Halo2VerifyingKey)
                .unwrap()
                .0,
            h
        );
    }

    /// Reseals `meta` as a key file after `edit` changed its JSON.
    fn resealed(edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
        let mut v = serde_json::to_value(groth16()).unwrap();
        edit(&mut v);
        Envelope {
            kind: Kind::VerifyingKey,
            insecure: true,
            meta: v.to_string(),
            payload: vec![7],
        }
        .encode()
    }

    #[test]
    fn metadata_is_range_checked_before_use() {
        let err = |b: Vec<u8>| {
            KeyMeta::open("k.vk", &b, Kind::VerifyingKey)
                .unwrap_err()
                .to_string()
        };
        assert!(KeyMeta::open("k.vk", &resealed(|_| {}), Kind::VerifyingKey).is_ok());
        for depth in [0u64, 41, 1 << 26, 1 << 53, u64::MAX] {
            let e = err(resealed(|v| v["shape"]["registry_depth"] = depth.into()));
            assert!(e.contains("depth") && e.contains("40"), "{depth}: {e}");
        }
        let e = err(resealed(|v| v["backend"] = "halo2-kzg".into()));
        assert!(e.contains("metadata"), "{e}");
        let e = err(resealed(|v| v["policy_version"] = 1.into()));
        assert!(e.contains("policy mismatch"), "{e}");
        let e = err(resealed(|v| v["insecure_dev_setup"] = false.into()));
        assert!(e.contains("disagree"), "{e}");
        let dup = Envelope {
            kind: Kind::VerifyingKey,
            insecure: true,
            meta: serde_json::to_string(&groth16()).unwrap().replacen(
                '{',
                "{\"constraints\":1,",
                1,
            ),
            payload: vec![],
        }
        .encode();
        assert!(err(dup).contains("duplicate key"));
    }

    #[test]
    fn unused_trees_have_one_depth() {
        let shape = Shape {
            sanctions_depth: 10,
            registry_depth: 11,
            state_depth: 12,
        };
        let m = KeyMeta::groth16(Policy::TransferLimit, shape, false, 1);
        assert_eq!(m.shape, Shape::default());
        let bytes = m.seal(Kind::VerifyingKey, vec![]);
        assert!(KeyMeta::open("vk", &bytes, Kind::VerifyingKey).is_ok());
        let mut v = serde_json::to_value(&m).unwrap();
        v["shape"]["sanctions_depth"] = 10.into();
        let bytes = Envelope {
            kind: Kind::VerifyingKey,
            insecure: false,
            meta: v.to_string(),
            payload: vec![],
        }
        .encode();
        let e = KeyMeta::open("vk", &bytes, Kind::VerifyingKey)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("a sanctions tree the policy does not use: expected depth 32, found 10"),
            "{e}"
        );
    }
}
