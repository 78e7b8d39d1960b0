//! Merkle path gadget: the twin of [`crate::tree::MerklePath::root`].

use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, select::CondSelectGadget};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::{poseidon, FrVar};
use crate::{tree::MerklePath, Fr};

/// An allocated Merkle path: siblings and index bits (little-endian), all private.
#[derive(Clone, Debug)]
pub struct MerklePathVar {
    /// Sibling at each level, leaf level first.
    pub siblings: Vec<FrVar>,
    /// Bit `i` is 1 when the node at level `i` is a right child.
    pub index_bits: Vec<Boolean<Fr>>,
}

impl MerklePathVar {
    /// Allocates `path` as private witnesses (`depth` booleans and `depth` siblings).
    ///
    /// # Errors
    /// [`SynthesisError`] from allocation.
    pub fn new_witness(
        cs: &ConstraintSystemRef<Fr>,
        path: &MerklePath,
    ) -> Result<Self, SynthesisError> {
        let siblings = path
            .siblings
            .iter()
            .map(|s| FrVar::new_witness(cs.clone(), || Ok(*s)))
            .collect::<Result<_, _>>()?;
        let index_bits = path
            .index_bits()
            .into_iter()
            .map(|b| Boolean::new_witness(cs.clone(), || Ok(b)))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            siblings,
            index_bits,
        })
    }

    /// The root reached from `leaf`: per level one selection (1 constraint) and one
    /// Poseidon hash.
    ///
    /// # Errors
    /// [`SynthesisError`] from synthesis.
    pub fn root(&self, leaf: &FrVar) -> Result<FrVar, SynthesisError> {
        let mut node = leaf.clone();
        for (sibling, is_right) in self.siblings.iter().zip(&self.index_bits) {
            let left = FrVar::conditionally_select(is_right, sibling, &node)?;
            let right = &node + sibling - &left;
            node = poseidon::hash(&[left, right])?;
        }
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use ark_r1cs_std::{eq::EqGadget, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;

    use super::*;
    use crate::tree::PackedTree;

    #[test]
    fn equals_native_path_and_rejects_a_wrong_index() {
        let leaves: Vec<Fr> = (1..=11u64).map(Fr::from).collect();
        let tree = PackedTree::from_leaves("t", 4, leaves.clone()).unwrap();
        for (i, leaf) in leaves.iter().enumerate() {
            let path = tree.path(i as u64).unwrap();
            let cs = ConstraintSystem::<Fr>::new_ref();
            let p = MerklePathVar::new_witness(&cs, &path).unwrap();
            let l = FrVar::new_witness(cs.clone(), || Ok(*leaf)).unwrap();
            let root = p.root(&l).unwrap();
            assert_eq!(root.value().unwrap(), tree.root());
            root.enforce_equal(&FrVar::new_input(cs.clone(), || Ok(tree.root())).unwrap())
                .unwrap();
            assert!(cs.is_satisfied().unwrap(), "leaf {i}");

            let mut wrong = path.clone();
            wrong.index ^= 1;
            let cs = ConstraintSystem::<Fr>::new_ref();
            let p = MerklePathVar::new_witness(&cs, &wrong).unwrap();
            let l = FrVar::new_witness(cs.clone(), || Ok(*leaf)).unwrap();
            p.root(&l)
                .unwrap()
                .enforce_equal(&FrVar::new_input(cs.clone(), || Ok(tree.root())).unwrap())
                .unwrap();
            assert!(!cs.is_satisfied().unwrap(), "leaf {i} with a wrong index");
        }
    }
}
