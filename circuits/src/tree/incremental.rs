//! The identity registry: an append-only (incremental) Poseidon Merkle tree of identity
//! commitments, empty leaves 0 and zero-subtree hashes `z(i+1) = H(zi, zi)`.

use std::{collections::HashMap, path::Path};

use serde::{Deserialize, Serialize};

use super::merkle::{fr_vec, MerklePath, PackedTree};
use crate::{artefact, error::Result, field, Error, Fr};

const WHAT: &str = "registry";

/// The identity registry of a KYC provider or deposit contract.
#[derive(Clone, Debug)]
pub struct Registry {
    tree: PackedTree,
    index: HashMap<Fr, u64>,
}

/// The JSON form of a registry: depth, leaves in order, and the root as a check.
#[derive(Serialize, Deserialize)]
struct RegistryJson {
    format: String,
    depth: usize,
    #[serde(with = "field::hex_serde")]
    root: Fr,
    #[serde(with = "fr_vec")]
    leaves: Vec<Fr>,
}

const FORMAT: &str = "zkcomply-registry/1";

impl Registry {
    /// An empty registry.
    ///
    /// # Errors
    /// [`Error::DepthOutOfRange`].
    pub fn new(depth: usize) -> Result<Self> {
        Ok(Self {
            tree: PackedTree::new(depth)?,
            index: HashMap::new(),
        })
    }

    /// Inserts an identity commitment and returns its leaf index. A commitment already
    /// present is not inserted again: its index is returned.
    ///
    /// # Errors
    /// [`Error::TreeFull`].
    pub fn insert(&mut self, commitment: Fr) -> Result<u64> {
        if let Some(i) = self.index.get(&commitment) {
            return Ok(*i);
        }
        let i = self.tree.push(WHAT, commitment)?;
        self.index.insert(commitment, i);
        Ok(i)
    }

    /// The depth.
    pub fn depth(&self) -> usize {
        self.tree.depth()
    }

    /// The root.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The number of registered identities.
    pub fn len(&self) -> u64 {
        self.tree.len()
    }

    /// Whether nobody is registered.
    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    /// The leaf index of a commitment, if registered.
    pub fn index_of(&self, commitment: &Fr) -> Option<u64> {
        self.index.get(commitment).copied()
    }

    /// The membership path of a registered commitment.
    ///
    /// # Errors
    /// [`Error::NotRegistered`].
    pub fn membership(&self, commitment: &Fr) -> Result<MerklePath> {
        let i = self
            .index_of(commitment)
            .ok_or_else(|| Error::NotRegistered {
                commitment: field::to_hex(commitment),
                root: field::to_hex(&self.root()),
            })?;
        self.tree.path(i)
    }

    /// The registry as JSON (`zkcomply-registry/1`).
    pub fn to_json(&self) -> String {
        let j = RegistryJson {
            format: FORMAT.into(),
            depth: self.depth(),
            root: self.root(),
            leaves: self.tree.leaves().to_vec(),
        };
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }

    /// Saves the registry (JSON) atomically.
    ///
    /// # Errors
    /// [`Error::Io`].
    pub fn save(&self, path: &Path) -> Result<()> {
        artefact::write_atomic(path, self.to_json().as_bytes())
    }

    /// Loads a registry saved by [`Registry::save`].
    ///
    /// # Errors
    /// [`Error::Io`], and the errors of [`Registry::from_json`].
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = artefact::read(path)?;
        let what = path.display().to_string();
        let json = std::str::from_utf8(&bytes).map_err(|_| Error::Artefact {
            what: what.clone(),
            reason: "not UTF-8".into(),
        })?;
        Self::from_json(&what, json)
    }

    /// Reads a registry from its JSON form, checking that the leaves give the stated root.
    ///
    /// # Errors
    /// [`Error::Json`], [`Error::Artefact`] for a wrong format or a root that does not
    /// match, and the errors of [`Registry::insert`].
    pub fn from_json(what: &str, json: &str) -> Result<Self> {
        let j: RegistryJson = serde_json::from_str(json).map_err(|source| Error::Json {
            what: what.to_string(),
            source,
        })?;
        if j.format != FORMAT {
            return Err(Error::Artefact {
                what: what.to_string(),
                reason: format!("format {:?}, expected {FORMAT:?}", j.format),
            });
        }
        let tree = PackedTree::from_leaves(WHAT, j.depth, j.leaves)?;
        if tree.root() != j.root {
            return Err(Error::Artefact {
                what: what.to_string(),
                reason: format!(
                    "the leaves give root {}, the file says {}",
                    field::to_hex(&tree.root()),
                    field::to_hex(&j.root)
                ),
            });
        }
        let mut index = HashMap::with_capacity(tree.leaves().len());
        for (i, leaf) in tree.leaves().iter().enumerate() {
            if index.insert(*leaf, i as u64).is_some() {
                return Err(Error::Artefact {
                    what: what.to_string(),
                    reason: format!("commitment {} appears twice", field::to_hex(leaf)),
                });
            }
        }
        Ok(Self { tree, index })
    }
}
