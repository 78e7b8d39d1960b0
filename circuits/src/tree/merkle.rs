//! A Poseidon Merkle tree whose leaves are packed to the left: leaves `0..len` are
//! set, every later leaf is the empty leaf 0, and empty subtrees hash to the zero
//! hashes `z0 = 0, z(i+1) = H(zi, zi)`. Both zkcomply trees have this shape.

use std::sync::OnceLock;

use ark_ff::Zero;
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{error::Result, poseidon::hash2, Error, Fr};

/// The deepest tree supported.
pub const MAX_DEPTH: usize = 40;

/// The zero hashes `z0 ..= z(MAX_DEPTH)`: `z0 = 0`, `z(i+1) = H(zi, zi)`; `zd` is the
/// root of an empty tree of depth `d`.
pub fn zero_hashes() -> &'static [Fr; MAX_DEPTH + 1] {
    static ZEROS: OnceLock<[Fr; MAX_DEPTH + 1]> = OnceLock::new();
    ZEROS.get_or_init(|| {
        let mut z = [Fr::zero(); MAX_DEPTH + 1];
        for i in 0..MAX_DEPTH {
            z[i + 1] = hash2(z[i], z[i]);
        }
        z
    })
}

/// A Merkle authentication path: the leaf's index and the sibling at each level,
/// from the leaf up. Bit `i` of `index` is 1 when the node at level `i` is a right child.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerklePath {
    /// The leaf's position.
    pub index: u64,
    /// The siblings, leaf level first.
    #[serde(with = "fr_vec")]
    pub siblings: Vec<Fr>,
}

impl MerklePath {
    /// The root reached from `leaf` along this path.
    pub fn root(&self, leaf: Fr) -> Fr {
        self.siblings
            .iter()
            .enumerate()
            .fold(leaf, |node, (level, sibling)| {
                if (self.index >> level) & 1 == 1 {
                    hash2(*sibling, node)
                } else {
                    hash2(node, *sibling)
                }
            })
    }

    /// The path's depth.
    pub fn depth(&self) -> usize {
        self.siblings.len()
    }

    /// The index as `depth` little-endian bits (the circuit's private input).
    pub fn index_bits(&self) -> Vec<bool> {
        (0..self.depth())
            .map(|i| (self.index >> i) & 1 == 1)
            .collect()
    }
}

/// A left-packed Poseidon Merkle tree that stores only the non-empty part of each level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackedTree {
    depth: usize,
    /// `levels[0]` holds the leaves, `levels[l]` the non-empty nodes of level `l`.
    levels: Vec<Vec<Fr>>,
}

impl PackedTree {
    /// An empty tree.
    ///
    /// # Errors
    /// [`Error::DepthOutOfRange`] unless `1 <= depth <= MAX_DEPTH`.
    pub fn new(depth: usize) -> Result<Self> {
        check_depth(depth)?;
        Ok(Self {
            depth,
            levels: vec![Vec::new(); depth + 1],
        })
    }

    /// A tree with the given leaves at positions `0..leaves.len()`.
    ///
    /// # Errors
    /// [`Error::DepthOutOfRange`], or [`Error::TreeFull`] if there are more than
    /// 2^depth leaves.
    pub fn from_leaves(what: &'static str, depth: usize, leaves: Vec<Fr>) -> Result<Self> {
        let mut tree = Self::new(depth)?;
        tree.check_capacity(what, leaves.len() as u64)?;
        tree.levels[0] = leaves;
        tree.rehash_from(0);
        Ok(tree)
    }

    /// The depth.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The number of set leaves.
    pub fn len(&self) -> u64 {
        self.levels[0].len() as u64
    }

    /// Whether no leaf is set.
    pub fn is_empty(&self) -> bool {
        self.levels[0].is_empty()
    }

    /// The leaves set so far.
    pub fn leaves(&self) -> &[Fr] {
        &self.levels[0]
    }

    /// The root.
    pub fn root(&self) -> Fr {
        self.levels[self.depth]
            .first()
            .copied()
            .unwrap_or(zero_hashes()[self.depth])
    }

    /// The authentication path of leaf `index`.
    ///
    /// # Errors
    /// [`Error::IndexOutOfRange`] unless `index < len()`.
    pub fn path(&self, index: u64) -> Result<MerklePath> {
        if index >= self.len() {
            return Err(Error::IndexOutOfRange {
                index,
                len: self.len(),
            });
        }
        let zeros = zero_hashes();
        let siblings = (0..self.depth)
            .map(|level| {
                let sibling = ((index >> level) ^ 1) as usize;
                self.levels[level]
                    .get(sibling)
                    .copied()
                    .unwrap_or(zeros[level])
            })
            .collect();
        Ok(MerklePath { index, siblings })
    }

    /// Appends a leaf and updates the path above it.
    ///
    /// # Errors
    /// [`Error::TreeFull`] if the tree already holds 2^depth leaves.
    pub fn push(&mut self, what: &'static str, leaf: Fr) -> Result<u64> {
        let index = self.len();
        self.check_capacity(what, index + 1)?;
        self.levels[0].push(leaf);
        self.rehash_from(index as usize);
        Ok(index)
    }

    /// Replaces all leaves, recomputing only the nodes at or right of the first leaf that
    /// differs from the current ones.
    ///
    /// # Errors
    /// [`Error::TreeFull`] if there are more than 2^depth leaves.
    pub fn replace_leaves(&mut self, what: &'static str, leaves: Vec<Fr>) -> Result<()> {
        self.check_capacity(what, leaves.len() as u64)?;
        let old = &self.levels[0];
        let first = old.iter().zip(&leaves).take_while(|(a, b)| a == b).count();
        if first == old.len() && first == leaves.len() {
            return Ok(());
        }
        self.levels[0] = leaves;
        self.rehash_from(first);
        Ok(())
    }

    /// Fails if `needed` leaves do not fit the tree.
    pub(crate) fn check_capacity(&self, what: &'static str, needed: u64) -> Result<()> {
        let capacity = 1u64 << self.depth;
        if needed > capacity {
            return Err(Error::TreeFull {
                what,
                capacity,
                needed,
            });
        }
        Ok(())
    }

    /// Recomputes every node whose subtree contains a leaf at position `>= first`.
    fn rehash_from(&mut self, first: usize) {
        let zeros = zero_hashes();
        let mut start = first;
        for level in 0..self.depth {
            start /= 2;
            let (lower, upper) = self.levels.split_at_mut(level + 1);
            let children = &lower[level];
            let parents = &mut upper[0];
            let len = children.len().div_ceil(2);
            parents.truncate(start.min(len));
            let node = |i: usize| {
                let left = children[2 * i];
                let right = children.get(2 * i + 1).copied().unwrap_or(zeros[level]);
                hash2(left, right)
            };
            #[cfg(feature = "parallel")]
            let fresh: Vec<Fr> = (parents.len()..len).into_par_iter().map(node).collect();
            #[cfg(not(feature = "parallel"))]
            let fresh: Vec<Fr> = (parents.len()..len).map(node).collect();
            parents.extend(fresh);
        }
    }
}

fn check_depth(depth: usize) -> Result<()> {
    if depth == 0 || depth > MAX_DEPTH {
        return Err(Error::DepthOutOfRange {
            depth,
            max: MAX_DEPTH,
        });
    }
    Ok(())
}

/// Serde for `Vec<Fr>` as 0x-hex strings.
pub(crate) mod fr_vec {
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    use crate::{field, Fr};

    pub fn serialize<S: Serializer>(v: &[Fr], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(field::to_hex))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Fr>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|s| field::parse("tree node", s).map_err(D::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_root(depth: usize, leaves: &[Fr]) -> Fr {
        let mut level: Vec<Fr> = leaves.to_vec();
        level.resize(1 << depth, Fr::zero());
        for _ in 0..depth {
            level = level.chunks(2).map(|c| hash2(c[0], c[1])).collect();
        }
        level[0]
    }

    #[test]
    fn matches_naive_tree_and_paths_verify() {
        for depth in 1..=5 {
            for n in 0..=(1usize << depth) {
                let leaves: Vec<Fr> = (0..n).map(|i| Fr::from(i as u64 * 7 + 3)).collect();
                let t = PackedTree::from_leaves("t", depth, leaves.clone()).unwrap();
                assert_eq!(t.root(), naive_root(depth, &leaves), "depth {depth} n {n}");
                for (i, leaf) in leaves.iter().enumerate() {
                    assert_eq!(t.path(i as u64).unwrap().root(*leaf), t.root());
                }
            }
        }
    }

    #[test]
    fn push_and_replace_equal_rebuild() {
        let mut t = PackedTree::new(4).unwrap();
        let mut leaves = vec![];
        for i in 0..16u64 {
            leaves.push(Fr::from(i + 100));
            t.push("t", Fr::from(i + 100)).unwrap();
            assert_eq!(t, PackedTree::from_leaves("t", 4, leaves.clone()).unwrap());
        }
        assert!(matches!(
            t.push("t", Fr::from(1u64)),
            Err(Error::TreeFull {
                capacity: 16,
                needed: 17,
                ..
            })
        ));
        assert_eq!(t.len(), 16, "a refused push leaves no state behind");
        let shorter: Vec<Fr> = leaves[..5]
            .iter()
            .copied()
            .chain([Fr::from(9u64)])
            .collect();
        t.replace_leaves("t", shorter.clone()).unwrap();
        assert_eq!(t, PackedTree::from_leaves("t", 4, shorter).unwrap());
    }

    #[test]
    fn depth_limits() {
        assert!(matches!(
            PackedTree::new(0),
            Err(Error::DepthOutOfRange { depth: 0, .. })
        ));
        assert!(PackedTree::new(MAX_DEPTH + 1).is_err());
        assert!(PackedTree::new(MAX_DEPTH).is_ok());
    }
}
