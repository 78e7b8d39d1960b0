//! Allowance notes: the private running total of one identity's transfers in a period
//! (policy `period_limit`, docs/SPEC.md §6.4).
//!
//! An identity holds exactly one live note per scope. Each `period_limit` proof spends the
//! live note (publishing its nullifier) and creates the next one, whose commitment the
//! verifier appends to its state tree. The first proof opens the chain with the genesis
//! nullifier instead, which exists once per identity and scope.

use serde::{Deserialize, Serialize};

use crate::{commitment, field, Fr};

/// An allowance note: the period it counts, what was spent in it, and a random salt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowanceNote {
    /// The period number the note counts transfers of.
    pub period: u64,
    /// The sum of the amounts transferred in `period` so far.
    pub spent: u64,
    /// A random salt that makes the note and its nullifier unlinkable.
    #[serde(with = "field::hex_serde")]
    pub salt: Fr,
}

impl AllowanceNote {
    /// The commitment the state tree of the verifier with `scope` holds:
    /// `H(tag_note, secret, scope, period, spent, salt)`.
    pub fn commitment(&self, secret: Fr, scope: Fr) -> Fr {
        commitment::note(secret, scope, self.period, self.spent, self.salt)
    }

    /// The nullifier published when this note is spent: `H(tag_note_nullifier, secret, salt)`.
    pub fn nullifier(&self, secret: Fr) -> Fr {
        commitment::note_nullifier(secret, self.salt)
    }

    /// The total a transfer of `amount` in `period` brings the running total to, or
    /// `None` if `period` is earlier than the note's or the sum overflows 64 bits.
    pub fn total_after(&self, period: u64, amount: u64) -> Option<u64> {
        match period.cmp(&self.period) {
            std::cmp::Ordering::Less => None,
            std::cmp::Ordering::Equal => self.spent.checked_add(amount),
            std::cmp::Ordering::Greater => Some(amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_reset_with_the_period_and_never_go_back() {
        let n = AllowanceNote {
            period: 10,
            spent: 700,
            salt: Fr::from(5u64),
        };
        assert_eq!(n.total_after(10, 300), Some(1000));
        assert_eq!(n.total_after(11, 300), Some(300));
        assert_eq!(n.total_after(9, 1), None);
        assert_eq!(
            AllowanceNote {
                spent: u64::MAX,
                ..n
            }
            .total_after(10, 1),
            None
        );
        let (secret, scope) = (Fr::from(77u64), Fr::from(78u64));
        assert_ne!(n.commitment(secret, scope), n.nullifier(secret));
        assert_ne!(
            n.commitment(secret, scope),
            AllowanceNote { spent: 701, ..n }.commitment(secret, scope)
        );
        assert_ne!(n.commitment(secret, scope), n.commitment(secret, secret));
    }
}
