//! Non-membership in the sanctions tree: the twin of [`crate::gadgets::indexed`] and
//! [`crate::tree::NonMembershipWitness::verify`].

use halo2_axiom::{circuit::Value, plonk::Error};

use super::{merkle::AssignedPath, policy::Chips, to_fp, AssignedFr, Ctx};
use crate::{address::KEY_BITS, tree::NonMembershipWitness};

/// An assigned non-membership witness: the low leaf `(v, nv)` and its path, private.
#[derive(Clone, Debug)]
pub struct AssignedNonMembership {
    /// The low leaf's value `v`.
    pub value: AssignedFr,
    /// The low leaf's next value `nv` (0 = none).
    pub next_value: AssignedFr,
    /// The low leaf's path.
    pub path: AssignedPath,
}

impl AssignedNonMembership {
    /// Assigns the witness privately.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn assign(
        chips: &Chips,
        ctx: &mut Ctx<'_>,
        w: &NonMembershipWitness,
    ) -> Result<Self, Error> {
        let leaf = chips.gate.witness(
            ctx,
            &[
                Value::known(to_fp(w.low_leaf.value)),
                Value::known(to_fp(w.low_leaf.next_value)),
            ],
        )?;
        Ok(Self {
            value: leaf[0],
            next_value: leaf[1],
            path: AssignedPath::assign(chips, ctx, &w.path)?,
        })
    }

    /// Enforces that `key` is not listed in the tree with root `root`: `v`, `nv` (and the
    /// caller's `key`, which must already be range-checked to [`KEY_BITS`] bits) are
    /// 252-bit; `v < key`; `key < nv` or `nv = 0`; `H(v, nv)` is a leaf under `root`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn enforce_not_listed(
        &self,
        chips: &Chips,
        ctx: &mut Ctx<'_>,
        key: &AssignedFr,
        root: &AssignedFr,
    ) -> Result<(), Error> {
        chips.range.range_check(ctx, &self.value, KEY_BITS)?;
        chips.range.range_check(ctx, &self.next_value, KEY_BITS)?;
        chips
            .range
            .enforce_less_than(ctx, &self.value, key, KEY_BITS)?;
        let below_next = chips
            .range
            .is_less_than(ctx, key, &self.next_value, KEY_BITS)?;
        // (1 − below_next)·nv = 0: if key is not below nv, nv must be 0 (no next key).
        chips
            .gate
            .enforce_zero_unless(ctx, &below_next, &self.next_value)?;
        let leaf = chips.poseidon.hash(ctx, &[self.value, self.next_value])?;
        let computed = self.path.root(chips, ctx, &leaf)?;
        chips.gate.enforce_equal(ctx, &computed, root);
        Ok(())
    }
}
