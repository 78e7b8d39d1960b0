//! Append-only (incremental) Poseidon Merkle trees, empty leaves 0 and zero-subtree hashes
//! `z(i+1) = H(zi, zi)`: the identity registry, and the state tree of allowance notes.

use std::{collections::HashMap, marker::PhantomData};

use serde::{Deserialize, Serialize};

use super::merkle::{fr_vec, MerklePath, PackedTree};
use crate::{
    artefact::{json, Artefact},
    error::Result,
    field, Error, Fr,
};

/// What an [`IncrementalTree`] holds: its name, file format and missing-leaf error.
pub trait Leaves {
    /// The tree's name in messages.
    const WHAT: &'static str;
    /// The `format` of its JSON form.
    const FORMAT: &'static str;
    /// The error for a leaf that is not in the tree.
    fn missing(leaf: &Fr, root: &Fr) -> Error;
}

/// The leaves of the identity registry: identity commitments.
#[derive(Clone, Copy, Debug)]
pub struct Identities;

impl Leaves for Identities {
    const WHAT: &'static str = "registry";
    const FORMAT: &'static str = "zkcomply-registry/1";
    fn missing(leaf: &Fr, root: &Fr) -> Error {
        Error::NotRegistered {
            commitment: field::to_hex(leaf),
            root: field::to_hex(root),
        }
    }
}

/// The leaves of a state tree: allowance note commitments.
#[derive(Clone, Copy, Debug)]
pub struct Notes;

impl Leaves for Notes {
    const WHAT: &'static str = "state tree";
    const FORMAT: &'static str = "zkcomply-state/1";
    fn missing(leaf: &Fr, root: &Fr) -> Error {
        Error::NoteNotFound {
            note: field::to_hex(leaf),
            root: field::to_hex(root),
        }
    }
}

/// The identity registry of a KYC provider or deposit contract.
pub type Registry = IncrementalTree<Identities>;

/// The state tree of allowance notes a `period_limit` verifier appends to.
pub type StateTree = IncrementalTree<Notes>;

/// An append-only Merkle tree of distinct leaves, with an index from leaf to position.
#[derive(Clone, Debug)]
pub struct IncrementalTree<K> {
    tree: PackedTree,
    index: HashMap<Fr, u64>,
    kind: PhantomData<K>,
}

/// The JSON form: depth, leaves in order, and the root as a check.
#[derive(Serialize, Deserialize)]
struct TreeJson {
    format: String,
    depth: usize,
    #[serde(with = "field::hex_serde")]
    root: Fr,
    #[serde(with = "fr_vec")]
    leaves: Vec<Fr>,
}

impl<K: Leaves> IncrementalTree<K> {
    /// An empty tree.
    ///
    /// # Errors
    /// [`Error::DepthOutOfRange`].
    pub fn new(depth: usize) -> Result<Self> {
        Ok(Self {
            tree: PackedTree::new(depth)?,
            index: HashMap::new(),
            kind: PhantomData,
        })
    }

    /// Appends a leaf and returns its index. A leaf already present is not inserted
    /// again: its index is returned.
    ///
    /// # Errors
    /// [`Error::TreeFull`].
    pub fn insert(&mut self, commitment: Fr) -> Result<u64> {
        if let Some(i) = self.index.get(&commitment) {
            return Ok(*i);
        }
        let i = self.tree.push(K::WHAT, commitment)?;
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

    /// The number of leaves.
    pub fn len(&self) -> u64 {
        self.tree.len()
    }

    /// Whether the tree is empty.
    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    /// The index of a leaf, if present.
    pub fn index_of(&self, commitment: &Fr) -> Option<u64> {
        self.index.get(commitment).copied()
    }

    /// The membership path of a leaf.
    ///
    /// # Errors
    /// [`Error::NotRegistered`] (registry) or [`Error::NoteNotFound`] (state tree).
    pub fn membership(&self, commitment: &Fr) -> Result<MerklePath> {
        let i = self
            .index_of(commitment)
            .ok_or_else(|| K::missing(commitment, &self.root()))?;
        self.tree.path(i)
    }

    /// The tree as JSON (`zkcomply-registry/1` or `zkcomply-state/1`).
    pub fn to_json(&self) -> String {
        let j = TreeJson {
            format: K::FORMAT.into(),
            depth: self.depth(),
            root: self.root(),
            leaves: self.tree.leaves().to_vec(),
        };
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }

    /// Reads a tree from its JSON form, checking that the leaves give the stated root.
    ///
    /// # Errors
    /// [`Error::Json`], [`Error::Artefact`] for a wrong format or a root that does not
    /// match, and the errors of [`IncrementalTree::insert`].
    pub fn from_json(what: &str, json: &str) -> Result<Self> {
        let j: TreeJson = json::parse(what, json)?;
        if j.format != K::FORMAT {
            return Err(Error::Artefact {
                what: what.to_string(),
                reason: format!("format {:?}, expected {:?}", j.format, K::FORMAT),
            });
        }
        let tree = PackedTree::from_leaves(K::WHAT, j.depth, j.leaves)?;
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
                    reason: format!("leaf {} appears twice", field::to_hex(leaf)),
                });
            }
        }
        Ok(Self {
            tree,
            index,
            kind: PhantomData,
        })
    }
}

/// The tree file (JSON), checked against its root when read.
impl<K: Leaves> Artefact for IncrementalTree<K> {
    type Error = Error;
    /// 256 MiB: about 3.5 million leaves of 0x-hex JSON.
    const MAX_BYTES: u64 = 256 << 20;

    fn to_bytes(&self) -> Vec<u8> {
        self.to_json().into_bytes()
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        Self::from_json(what, json::text(what, bytes)?)
    }
}
