//! Non-membership in the sanctions tree: the twin of
//! [`crate::tree::NonMembershipWitness::verify`].

use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::FieldVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::{merkle::MerklePathVar, poseidon, range, FrVar};
use crate::{address::KEY_BITS, tree::NonMembershipWitness, Fr};

/// An allocated non-membership witness: the low leaf `(v, nv)` and its path, private.
#[derive(Clone, Debug)]
pub struct NonMembershipVar {
    /// The low leaf's value `v`.
    pub value: FrVar,
    /// The low leaf's next value `nv` (0 = none).
    pub next_value: FrVar,
    /// The low leaf's path.
    pub path: MerklePathVar,
}

impl NonMembershipVar {
    /// Allocates the witness privately.
    ///
    /// # Errors
    /// [`SynthesisError`] from allocation.
    pub fn new_witness(
        cs: &ConstraintSystemRef<Fr>,
        w: &NonMembershipWitness,
    ) -> Result<Self, SynthesisError> {
        Ok(Self {
            value: FrVar::new_witness(cs.clone(), || Ok(w.low_leaf.value))?,
            next_value: FrVar::new_witness(cs.clone(), || Ok(w.low_leaf.next_value))?,
            path: MerklePathVar::new_witness(cs, &w.path)?,
        })
    }

    /// Enforces that `key` is not listed in the tree with root `root`: `v`, `nv` (and the
    /// caller's `key`, which must already be range-checked to [`KEY_BITS`] bits) are
    /// 252-bit; `v < key`; `key < nv` or `nv = 0`; `H(v, nv)` is a leaf under `root`.
    ///
    /// # Errors
    /// [`SynthesisError`] from synthesis.
    pub fn enforce_not_listed(
        &self,
        cs: &ConstraintSystemRef<Fr>,
        key: &FrVar,
        root: &FrVar,
    ) -> Result<(), SynthesisError> {
        range::enforce_bit_length(cs, &self.value, KEY_BITS)?;
        range::enforce_bit_length(cs, &self.next_value, KEY_BITS)?;
        range::enforce_less_than(cs, &self.value, key, KEY_BITS)?;
        let below_next = range::is_less_than(cs, key, &self.next_value, KEY_BITS)?;
        // (1 - below_next) * nv = 0: if key is not below nv, nv must be 0 (no next key).
        let not_below = FrVar::one() - FrVar::from(below_next);
        (not_below * &self.next_value).enforce_equal(&FrVar::zero())?;
        let leaf = poseidon::hash(&[self.value.clone(), self.next_value.clone()])?;
        self.path.root(&leaf)?.enforce_equal(root)
    }
}
