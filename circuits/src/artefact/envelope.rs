//! The binary envelope of zkcomply's binary files (keys, SRS, snapshots).
//!
//! Layout (all integers little-endian):
//!
//! | bytes | field |
//! | --- | --- |
//! | 8 | magic `ZKCOMPLY` |
//! | 2 | format version ([`FORMAT_VERSION`]) |
//! | 1 | kind ([`Kind`]) |
//! | 1 | flags: bit 0 = made by an insecure `--dev-seed` setup |
//! | 4 + m | metadata: length, then UTF-8 JSON |
//! | 8 + p | payload: length, then bytes (arkworks canonical, compressed) |
//! | 32 | SHA-256 of everything before |

use sha2::{Digest, Sha256};

use super::Backend;
use crate::{error::Result, Error};

/// The file magic.
pub const MAGIC: &[u8; 8] = b"ZKCOMPLY";
/// The envelope version this build reads and writes.
pub const FORMAT_VERSION: u16 = 1;
const FLAG_INSECURE: u8 = 1;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// A Groth16 proving key.
    ProvingKey = 1,
    /// A Groth16 verifying key.
    VerifyingKey = 2,
    /// A sanctions-list snapshot.
    SanctionsSnapshot = 3,
    /// A prover's prepared state, cached on the prover's own device.
    ProverCache = 4,
    /// A Halo2-KZG structured reference string (powers of tau).
    Halo2Srs = 5,
    /// A Halo2-KZG proving key.
    Halo2ProvingKey = 6,
    /// A Halo2-KZG verifying key.
    Halo2VerifyingKey = 7,
}

impl Kind {
    fn from_u8(b: u8) -> Option<Self> {
        match b {
            1 => Some(Kind::ProvingKey),
            2 => Some(Kind::VerifyingKey),
            3 => Some(Kind::SanctionsSnapshot),
            4 => Some(Kind::ProverCache),
            5 => Some(Kind::Halo2Srs),
            6 => Some(Kind::Halo2ProvingKey),
            7 => Some(Kind::Halo2VerifyingKey),
            _ => None,
        }
    }

    /// The kind of the envelope `bytes`, if they start with a valid header: lets a reader
    /// pick the back-end before decoding.
    pub fn peek(bytes: &[u8]) -> Option<Self> {
        if bytes.len() < MAGIC.len() + 3 || &bytes[..MAGIC.len()] != MAGIC {
            return None;
        }
        Self::from_u8(bytes[MAGIC.len() + 2])
    }

    /// The proving system of a key, cache or SRS file; `None` for a snapshot.
    pub fn backend(self) -> Option<Backend> {
        match self {
            Kind::ProvingKey | Kind::VerifyingKey | Kind::ProverCache => Some(Backend::Groth16),
            Kind::Halo2Srs | Kind::Halo2ProvingKey | Kind::Halo2VerifyingKey => {
                Some(Backend::Halo2Kzg)
            }
            Kind::SanctionsSnapshot => None,
        }
    }

    /// What the file is, whatever its back-end: `"proving key"`, `"verifying key"`…
    pub fn role(self) -> &'static str {
        match self {
            Kind::ProvingKey | Kind::Halo2ProvingKey => "proving key",
            Kind::VerifyingKey | Kind::Halo2VerifyingKey => "verifying key",
            Kind::SanctionsSnapshot => "sanctions snapshot",
            Kind::ProverCache => "prover cache",
            Kind::Halo2Srs => "SRS",
        }
    }

    /// A human name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::ProvingKey => "proving key",
            Kind::VerifyingKey => "verifying key",
            Kind::SanctionsSnapshot => "sanctions snapshot",
            Kind::ProverCache => "prover cache",
            Kind::Halo2Srs => "Halo2-KZG SRS",
            Kind::Halo2ProvingKey => "Halo2-KZG proving key",
            Kind::Halo2VerifyingKey => "Halo2-KZG verifying key",
        }
    }
}

/// A decoded envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// What the payload is.
    pub kind: Kind,
    /// Whether it comes from an insecure development setup.
    pub insecure: bool,
    /// JSON metadata (policy, shape, …).
    pub meta: String,
    /// The payload.
    pub payload: Vec<u8>,
}

impl Envelope {
    /// Serializes the envelope, hash included.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.meta.len() + self.payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.push(self.kind as u8);
        out.push(if self.insecure { FLAG_INSECURE } else { 0 });
        out.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        out.extend_from_slice(self.meta.as_bytes());
        out.extend_from_slice(&(self.payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.payload);
        let digest = Sha256::digest(&out);
        out.extend_from_slice(&digest);
        out
    }

    /// Parses an envelope, checking magic, version, kind and hash. `what` names the
    /// file in errors.
    ///
    /// # Errors
    /// [`Error::Artefact`] saying which check failed.
    pub fn decode(what: &str, bytes: &[u8], expected: Kind) -> Result<Self> {
        let bad = |reason: String| Error::Artefact {
            what: what.to_string(),
            reason,
        };
        let mut r = Reader { bytes, pos: 0 };
        let truncated = |field: &str| bad(format!("truncated: the file ends inside the {field}"));
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad(format!(
                "not a zkcomply {} file (no {:?} magic)",
                expected.name(),
                String::from_utf8_lossy(MAGIC)
            )));
        }
        r.pos = MAGIC.len();
        let version = u16::from_le_bytes(
            r.take(2)
                .ok_or_else(|| truncated("header"))?
                .try_into()
                .unwrap_or([0; 2]),
        );
        if version != FORMAT_VERSION {
            return Err(bad(format!(
                "format version {version}, this build reads version {FORMAT_VERSION}"
            )));
        }
        let kind_byte = r.take(1).ok_or_else(|| truncated("header"))?[0];
        let kind =
            Kind::from_u8(kind_byte).ok_or_else(|| bad(format!("unknown kind {kind_byte}")))?;
        if kind != expected && kind.role() == expected.role() {
            if let (Some(found), Some(expected)) = (kind.backend(), expected.backend()) {
                return Err(Error::BackendMismatch {
                    what: what.into(),
                    role: kind.role(),
                    expected,
                    found,
                });
            }
        }
        if kind != expected {
            return Err(bad(format!(
                "holds a {}, expected a {}",
                kind.name(),
                expected.name()
            )));
        }
        let flags = r.take(1).ok_or_else(|| truncated("header"))?[0];
        let meta_len = u32::from_le_bytes(
            r.take(4)
                .ok_or_else(|| truncated("header"))?
                .try_into()
                .unwrap_or([0; 4]),
        );
        let meta = r
            .take(meta_len as usize)
            .ok_or_else(|| truncated("metadata"))?;
        let meta =
            String::from_utf8(meta.to_vec()).map_err(|_| bad("metadata is not UTF-8".into()))?;
        let payload_len = u64::from_le_bytes(
            r.take(8)
                .ok_or_else(|| truncated("header"))?
                .try_into()
                .unwrap_or([0; 8]),
        );
        let payload = usize::try_from(payload_len)
            .ok()
            .and_then(|n| r.take(n))
            .ok_or_else(|| truncated("payload"))?;
        let body_end = r.pos;
        let digest = r.take(32).ok_or_else(|| truncated("content hash"))?;
        if r.pos != bytes.len() {
            return Err(bad(format!(
                "{} unexpected bytes after the content hash",
                bytes.len() - r.pos
            )));
        }
        if Sha256::digest(&bytes[..body_end]).as_slice() != digest {
            return Err(bad(
                "content hash mismatch: the file is corrupt or was modified".into(),
            ));
        }
        Ok(Self {
            kind,
            insecure: flags & FLAG_INSECURE != 0,
            meta,
            payload: payload.to_vec(),
        })
    }

    /// The SHA-256 content hash of the encoded envelope, 0x-hex.
    pub fn content_hash(&self) -> String {
        let bytes = self.encode();
        format!("0x{}", hex::encode(&bytes[bytes.len() - 32..]))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Envelope {
        Envelope {
            kind: Kind::VerifyingKey,
            insecure: true,
            meta: "{\"policy\":\"x\"}".into(),
            payload: vec![1, 2, 3],
        }
    }

    #[test]
    fn round_trip() {
        let e = sample();
        assert_eq!(
            Envelope::decode("f", &e.encode(), Kind::VerifyingKey).unwrap(),
            e
        );
    }

    #[test]
    fn every_corruption_is_named() {
        let bytes = sample().encode();
        let err = |b: &[u8], k| Envelope::decode("key.bin", b, k).unwrap_err().to_string();
        assert!(err(&[], Kind::VerifyingKey).contains("no \"ZKCOMPLY\" magic"));
        assert!(err(b"garbage garbage", Kind::VerifyingKey).contains("magic"));
        assert!(err(&bytes, Kind::ProvingKey).contains("expected a proving key"));
        assert_eq!(Kind::peek(&bytes), Some(Kind::VerifyingKey));
        assert_eq!(Kind::peek(b"ZKCOMPLY"), None);
        let halo2 = Envelope {
            kind: Kind::Halo2VerifyingKey,
            ..sample()
        }
        .encode();
        assert!(err(&halo2, Kind::VerifyingKey)
            .contains("holds a Halo2-KZG verifying key, expected a Groth16 verifying key"));
        for cut in [9, 12, 20, bytes.len() - 1] {
            assert!(
                err(&bytes[..cut], Kind::VerifyingKey).contains("truncated"),
                "cut {cut}"
            );
        }
        let mut v = bytes.clone();
        v[8] = 9;
        assert!(err(&v, Kind::VerifyingKey).contains("format version 9"));
        let mut flipped = bytes.clone();
        let n = flipped.len();
        flipped[n - 33] ^= 1; // the last payload byte
        assert!(err(&flipped, Kind::VerifyingKey).contains("content hash mismatch"));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(err(&longer, Kind::VerifyingKey).contains("unexpected bytes"));
        let mut huge = bytes;
        huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(err(&huge, Kind::VerifyingKey).contains("truncated"));
    }
}
