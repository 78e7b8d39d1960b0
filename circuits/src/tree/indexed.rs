//! The sanctions list as an indexed Merkle tree in canonical layout (docs/SPEC.md §4).
//!
//! With the listed keys sorted `k1 < … < kn`: leaf 0 = `(0, k1)` (`(0, 0)` if the list is
//! empty), leaf i = `(ki, k(i+1))`, leaf n = `(kn, 0)`, later leaves empty (0); a leaf
//! `(v, nv)` hashes to `H(v, nv)`. The root depends on the set of keys alone.
//!
//! A key `x` is not listed iff some leaf `(v, nv)` has `v < x` and (`x < nv` or `nv = 0`).

use std::collections::BTreeSet;

use ark_ff::Zero;
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::merkle::{MerklePath, PackedTree};
use crate::{address::AddressKey, error::Result, field, poseidon::hash2, Error, Fr};

const WHAT: &str = "sanctions tree";

/// A leaf `(value, next_value)` of the sanctions tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowLeaf {
    /// A listed key, or 0 for the sentinel.
    #[serde(with = "field::hex_serde")]
    pub value: Fr,
    /// The next larger listed key, or 0 for "none" (+∞).
    #[serde(with = "field::hex_serde")]
    pub next_value: Fr,
}

impl LowLeaf {
    /// The leaf's hash `H(value, next_value)`.
    pub fn hash(&self) -> Fr {
        hash2(self.value, self.next_value)
    }

    /// Whether this leaf proves that `key` is not listed: `value < key` and
    /// (`key < next_value` or `next_value = 0`).
    pub fn brackets(&self, key: &AddressKey) -> bool {
        let k = key.to_field();
        self.value < k && (k < self.next_value || self.next_value.is_zero())
    }
}

/// Evidence that a key is not on the list: the low leaf that brackets it and the path
/// from that leaf to the root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonMembershipWitness {
    /// The bracketing leaf.
    pub low_leaf: LowLeaf,
    /// Its authentication path.
    pub path: MerklePath,
}

impl NonMembershipWitness {
    /// Checks the witness natively, exactly as the circuit does.
    pub fn verify(&self, key: &AddressKey, root: Fr) -> bool {
        self.low_leaf.brackets(key) && self.path.root(self.low_leaf.hash()) == root
    }
}

/// The keys an update added and removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateDiff {
    /// Keys newly listed.
    pub added: Vec<AddressKey>,
    /// Keys no longer listed.
    pub removed: Vec<AddressKey>,
}

/// An indexed Merkle tree holding a sanctions list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SanctionsTree {
    /// Listed keys, ascending.
    keys: Vec<AddressKey>,
    tree: PackedTree,
}

impl SanctionsTree {
    /// An empty list.
    ///
    /// # Errors
    /// [`Error::DepthOutOfRange`].
    pub fn new(depth: usize) -> Result<Self> {
        Self::from_keys(depth, [])
    }

    /// The canonical tree of a set of keys. Duplicates count once (see
    /// [`SanctionsTree::count_duplicates`] to report them).
    ///
    /// # Errors
    /// [`Error::DepthOutOfRange`], or [`Error::TreeFull`] if `keys + 1 > 2^depth`.
    pub fn from_keys(depth: usize, keys: impl IntoIterator<Item = AddressKey>) -> Result<Self> {
        let mut keys: Vec<AddressKey> = keys.into_iter().collect();
        #[cfg(feature = "parallel")]
        keys.par_sort_unstable();
        #[cfg(not(feature = "parallel"))]
        keys.sort_unstable();
        keys.dedup();
        // Refuse more keys than the depth holds (the sentinel takes one leaf) before hashing.
        PackedTree::new(depth)?.check_capacity(WHAT, keys.len() as u64 + 1)?;
        let leaves = leaf_hashes(&keys);
        let tree = PackedTree::from_leaves(WHAT, depth, leaves)?;
        Ok(Self { keys, tree })
    }

    /// The number of repeated keys in `keys` (what [`SanctionsTree::from_keys`] drops).
    pub fn count_duplicates(keys: &[AddressKey]) -> usize {
        keys.len() - keys.iter().collect::<BTreeSet<_>>().len()
    }

    /// The depth.
    pub fn depth(&self) -> usize {
        self.tree.depth()
    }

    /// The root.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The number of listed keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The listed keys, ascending.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = AddressKey> + '_ {
        self.keys.iter().copied()
    }

    /// Whether `key` is listed.
    pub fn is_listed(&self, key: &AddressKey) -> bool {
        self.keys.binary_search(key).is_ok()
    }

    /// Leaf `index` as `(value, next_value)`.
    ///
    /// # Errors
    /// [`Error::IndexOutOfRange`] past the last leaf.
    pub fn leaf(&self, index: u64) -> Result<LowLeaf> {
        let n = self.keys.len() as u64;
        if index > n {
            return Err(Error::IndexOutOfRange { index, len: n + 1 });
        }
        let i = index as usize;
        Ok(LowLeaf {
            value: value_at(&self.keys, i),
            next_value: next_at(&self.keys, i),
        })
    }

    /// The non-membership witness of `key`.
    ///
    /// # Errors
    /// [`Error::Sanctioned`] if the key is listed.
    pub fn non_membership(&self, key: &AddressKey) -> Result<NonMembershipWitness> {
        let position = self.keys.partition_point(|x| x < key);
        if self.keys.get(position) == Some(key) {
            return Err(Error::Sanctioned {
                address: key.to_string(),
                root: field::to_hex(&self.root()),
            });
        }
        let low_leaf = self.leaf(position as u64)?;
        let path = self.tree.path(position as u64)?;
        Ok(NonMembershipWitness { low_leaf, path })
    }

    /// Adds and removes keys, giving the canonical tree of the new set and the diff.
    /// Keys already listed (to add) or not listed (to remove) are ignored. Unchanged
    /// leaf hashes are reused; nodes are recomputed from the first changed leaf on.
    ///
    /// # Errors
    /// [`Error::TreeFull`]; the tree is then left as it was.
    pub fn update(
        &mut self,
        add: impl IntoIterator<Item = AddressKey>,
        remove: impl IntoIterator<Item = AddressKey>,
    ) -> Result<UpdateDiff> {
        let add: BTreeSet<AddressKey> = add.into_iter().collect();
        let remove: BTreeSet<AddressKey> = remove.into_iter().collect();
        let mut diff = UpdateDiff::default();
        let mut keys = Vec::with_capacity(self.keys.len() + add.len());
        let mut adds = add.iter().peekable();
        for k in &self.keys {
            while let Some(a) = adds.next_if(|a| *a < k) {
                if !remove.contains(a) {
                    keys.push(*a);
                    diff.added.push(*a);
                }
            }
            adds.next_if(|a| *a == k);
            if remove.contains(k) {
                diff.removed.push(*k);
            } else {
                keys.push(*k);
            }
        }
        for a in adds.filter(|a| !remove.contains(a)) {
            keys.push(*a);
            diff.added.push(*a);
        }
        if diff.added.is_empty() && diff.removed.is_empty() {
            return Ok(diff);
        }
        let leaves = self.reuse_leaf_hashes(&keys);
        self.tree.replace_leaves(WHAT, leaves)?;
        self.keys = keys;
        Ok(diff)
    }

    /// Leaf hashes for `keys`, taking each from the current tree where the leaf is the same.
    fn reuse_leaf_hashes(&self, keys: &[AddressKey]) -> Vec<Fr> {
        let old = self.tree.leaves();
        let mut out = Vec::with_capacity(keys.len() + 1);
        let mut j = 0; // leaf j of the old tree has value_at(old keys, j)
        for i in 0..=keys.len() {
            let (value, next) = (value_at(keys, i), next_at(keys, i));
            if i > 0 {
                while j <= self.keys.len() && value_at(&self.keys, j) < value {
                    j += 1;
                }
            }
            let same = j <= self.keys.len()
                && value_at(&self.keys, j) == value
                && next_at(&self.keys, j) == next;
            out.push(if same { old[j] } else { hash2(value, next) });
        }
        out
    }
}

/// The canonical leaf hashes of a sorted, duplicate-free key list.
fn leaf_hashes(keys: &[AddressKey]) -> Vec<Fr> {
    let n = keys.len();
    let leaf = |i: usize| hash2(value_at(keys, i), next_at(keys, i));
    #[cfg(feature = "parallel")]
    return (0..=n).into_par_iter().map(leaf).collect();
    #[cfg(not(feature = "parallel"))]
    return (0..=n).map(leaf).collect();
}

/// The value of leaf `i`: 0 for the sentinel, else the i-th smallest key.
fn value_at(keys: &[AddressKey], i: usize) -> Fr {
    if i == 0 {
        Fr::zero()
    } else {
        keys[i - 1].to_field()
    }
}

/// The next value of leaf `i`: the (i+1)-th smallest key, or 0 past the largest.
fn next_at(keys: &[AddressKey], i: usize) -> Fr {
    keys.get(i).map(|k| k.to_field()).unwrap_or(Fr::zero())
}
