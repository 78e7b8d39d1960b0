//! Merkle paths: the twin of [`crate::gadgets::merkle`] and [`crate::tree::MerklePath::root`].
//!
//! Per level (rows of the gate, then one Poseidon): `b·b − b = 0`;
//! `left = node + b·(sibling − node)` (two rows); `right = node + sibling − left` (one row);
//! `node ← H(left, right)`.

use halo2_axiom::{circuit::Value, halo2curves::ff::Field, plonk::Error};

use super::{policy::Chips, to_fp, AssignedFr, Ctx, Fp};
use crate::tree::MerklePath;

/// An assigned Merkle path: siblings and boolean index bits, leaf level first, all private.
#[derive(Clone, Debug)]
pub struct AssignedPath {
    /// Sibling at each level.
    pub siblings: Vec<AssignedFr>,
    /// Bit `i` is 1 when the node at level `i` is a right child (constrained boolean).
    pub index_bits: Vec<AssignedFr>,
}

impl AssignedPath {
    /// Assigns `path` as private witnesses and constrains every index bit to be boolean.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn assign(chips: &Chips, ctx: &mut Ctx<'_>, path: &MerklePath) -> Result<Self, Error> {
        let siblings: Vec<Value<Fp>> = path
            .siblings
            .iter()
            .map(|s| Value::known(to_fp(*s)))
            .collect();
        let bits: Vec<Value<Fp>> = path
            .index_bits()
            .into_iter()
            .map(|b| Value::known(if b { Fp::ONE } else { Fp::ZERO }))
            .collect();
        let siblings = chips.gate.witness(ctx, &siblings)?;
        let index_bits = chips.gate.witness(ctx, &bits)?;
        for b in &index_bits {
            chips.gate.enforce_bool(ctx, b)?;
        }
        Ok(Self {
            siblings,
            index_bits,
        })
    }

    /// The root reached from `leaf`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn root(
        &self,
        chips: &Chips,
        ctx: &mut Ctx<'_>,
        leaf: &AssignedFr,
    ) -> Result<AssignedFr, Error> {
        let mut node = *leaf;
        for (sibling, is_right) in self.siblings.iter().zip(&self.index_bits) {
            let left = chips.gate.select(ctx, is_right, sibling, &node)?;
            let right = chips.gate.linear(
                ctx,
                &[(Fp::ONE, &node), (Fp::ONE, sibling), (-Fp::ONE, &left)],
                Fp::ZERO,
            )?;
            node = chips.poseidon.hash(ctx, &[left, right])?;
        }
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{halo2::gate::tests::mock, tree::PackedTree, Fr};

    fn root_is(path: &MerklePath, leaf: Fr, root: Fr) -> Result<(), String> {
        mock(move |c, ctx| {
            let p = AssignedPath::assign(c, ctx, path)?;
            let l = c.gate.witness(ctx, &[Value::known(to_fp(leaf))])?[0];
            let r = p.root(c, ctx, &l)?;
            let expected = c.gate.constant(ctx, to_fp(root))?;
            c.gate.enforce_equal(ctx, &r, &expected);
            Ok(())
        })
    }

    #[test]
    fn equals_native_path_and_rejects_a_wrong_index_or_sibling() {
        let leaves: Vec<Fr> = (1..=5u64).map(Fr::from).collect();
        let tree = PackedTree::from_leaves("t", 3, leaves.clone()).unwrap();
        for (i, leaf) in leaves.iter().enumerate() {
            let path = tree.path(i as u64).unwrap();
            assert_eq!(path.root(*leaf), tree.root());
            root_is(&path, *leaf, tree.root()).unwrap_or_else(|e| panic!("leaf {i}: {e}"));
            let mut wrong = path.clone();
            wrong.index ^= 1;
            assert!(
                root_is(&wrong, *leaf, tree.root()).is_err(),
                "leaf {i}: wrong index"
            );
            let mut wrong = path.clone();
            wrong.siblings[2] += Fr::from(1u64);
            assert!(
                root_is(&wrong, *leaf, tree.root()).is_err(),
                "leaf {i}: wrong sibling"
            );
        }
    }

    #[test]
    fn a_non_boolean_index_bit_is_rejected() {
        // With b = 2 the selection computes left = 2·sibling − node: not a path at all.
        let r = mock(|c, ctx| {
            let b = c.gate.witness(ctx, &[Value::known(Fp::from(2u64))])?[0];
            let p = AssignedPath {
                siblings: c.gate.witness(ctx, &[Value::known(Fp::ONE)])?,
                index_bits: vec![b],
            };
            for b in &p.index_bits {
                c.gate.enforce_bool(ctx, b)?;
            }
            Ok(())
        });
        assert!(r.is_err());
    }
}
