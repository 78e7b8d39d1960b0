//! Sanctions-list snapshots: the listed keys, the depth and the root, as JSON
//! (`zkcomply-sanctions/1`) or as a compact binary envelope. Loading rebuilds the
//! canonical tree and checks that it gives the stated root.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::SanctionsTree;
use crate::{
    address::AddressKey,
    artefact::{json, Artefact, Envelope, Kind},
    error::Result,
    field, Error, Fr,
};

const FORMAT: &str = "zkcomply-sanctions/1";

#[derive(Serialize, Deserialize)]
struct SnapshotJson {
    format: String,
    depth: usize,
    #[serde(with = "field::hex_serde")]
    root: Fr,
    count: usize,
    keys: Vec<AddressKey>,
}

impl SanctionsTree {
    /// The snapshot as JSON.
    pub fn to_json(&self) -> String {
        let j = SnapshotJson {
            format: FORMAT.into(),
            depth: self.depth(),
            root: self.root(),
            count: self.len(),
            keys: self.keys().collect(),
        };
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }

    /// Reads a snapshot in either form (JSON or binary), rebuilding the tree and checking
    /// its root. `what` names the source in errors.
    ///
    /// # Errors
    /// [`Error::Artefact`] or [`Error::Json`] for a malformed snapshot or a root that
    /// does not match its keys.
    pub fn from_snapshot(what: &str, bytes: &[u8]) -> Result<Self> {
        let bad = |reason: String| Error::Artefact {
            what: what.to_string(),
            reason,
        };
        let (depth, root, keys) = if bytes.first() == Some(&b'{') || bytes.starts_with(b"\n") {
            let j: SnapshotJson = json::parse_slice(what, bytes)?;
            if j.format != FORMAT {
                return Err(bad(format!("format {:?}, expected {FORMAT:?}", j.format)));
            }
            if j.count != j.keys.len() {
                return Err(bad(format!(
                    "count says {}, found {} keys",
                    j.count,
                    j.keys.len()
                )));
            }
            (j.depth, j.root, j.keys)
        } else {
            let env = Envelope::decode(what, bytes, Kind::SanctionsSnapshot)?;
            let p = &env.payload;
            if p.len() < 41 {
                return Err(bad("truncated payload".into()));
            }
            let depth = p[0] as usize;
            let count = u64::from_le_bytes(p[1..9].try_into().unwrap_or_default());
            let root = field::from_be_bytes("root", p[9..41].try_into().unwrap_or(&[0; 32]))?;
            let body = &p[41..];
            if body.len() as u64 != count.saturating_mul(32) {
                return Err(bad(format!(
                    "count says {count} keys, payload holds {} bytes of keys",
                    body.len()
                )));
            }
            let keys = body
                .chunks_exact(32)
                .map(|c| {
                    AddressKey::from_field(field::from_be_bytes(
                        "key",
                        c.try_into().unwrap_or(&[0; 32]),
                    )?)
                })
                .collect::<Result<Vec<_>>>()?;
            (depth, root, keys)
        };
        let n = keys.len();
        let tree = SanctionsTree::from_keys(depth, keys)?;
        if tree.len() != n {
            return Err(bad(format!("{} duplicate keys", n - tree.len())));
        }
        if tree.root() != root {
            return Err(bad(format!(
                "the keys give root {}, the snapshot says {}",
                field::to_hex(&tree.root()),
                field::to_hex(&root)
            )));
        }
        Ok(tree)
    }
}

/// The snapshot file: a binary envelope (`depth: u8`, `count: u64`, `root`, then the keys,
/// 32 bytes each, big-endian), or JSON where the file name ends in `.json`. Either form is
/// read.
impl Artefact for SanctionsTree {
    type Error = Error;
    /// 64 MiB: two million keys in binary, about 800,000 in JSON.
    const MAX_BYTES: u64 = 64 << 20;

    fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::with_capacity(41 + 32 * self.len());
        payload.push(self.depth() as u8);
        payload.extend_from_slice(&(self.len() as u64).to_le_bytes());
        payload.extend_from_slice(&field::to_be_bytes(&self.root()));
        for k in self.keys() {
            payload.extend_from_slice(&field::to_be_bytes(&k.to_field()));
        }
        let meta = format!(
            "{{\"format\":\"{FORMAT}\",\"depth\":{},\"count\":{},\"root\":\"{}\"}}",
            self.depth(),
            self.len(),
            field::to_hex(&self.root())
        );
        Envelope {
            kind: Kind::SanctionsSnapshot,
            insecure: false,
            meta,
            payload,
        }
        .encode()
    }

    fn to_bytes_for(&self, path: &Path) -> Vec<u8> {
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if json {
            self.to_json().into_bytes()
        } else {
            self.to_bytes()
        }
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        Self::from_snapshot(what, bytes)
    }
}
