//! Allowance notes: the private running total of one identity's transfers in a period
//! (policy `period_limit`, docs/SPEC.md §6.4).
//!
//! An identity holds exactly one live note per scope. Each `period_limit` proof spends the
//! live note (publishing its nullifier) and creates the next one, whose commitment the
//! verifier appends to its state tree. The first proof opens the chain with the genesis
//! nullifier instead, which exists once per identity and scope.

use serde::{Deserialize, Serialize};

use crate::{
    artefact::{json, Artefact},
    commitment,
    error::Result,
    field, Error, Fr,
};

const FORMAT: &str = "zkcomply-note/1";

/// The JSON form of a note file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteJson {
    format: String,
    period: u64,
    spent: u64,
    #[serde(with = "field::hex_serde")]
    salt: Fr,
}

/// An allowance note: the period it counts, what was spent in it, and a random salt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllowanceNote {
    /// The period number the note counts transfers of.
    pub period: u64,
    /// The sum of the amounts transferred in `period` so far.
    pub spent: u64,
    /// A random salt that makes the note and its nullifier unlinkable.
    pub salt: Fr,
}

impl AllowanceNote {
    /// The commitment the state tree of the verifier with `scope` holds:
    /// `H(tag_note, secret, scope, period, spent, salt)`.
    pub fn commitment(&self, secret: Fr, scope: Fr) -> Fr {
        commitment::note(
            secret,
            scope,
            Fr::from(self.period),
            Fr::from(self.spent),
            self.salt,
        )
    }

    /// The nullifier published when this note is spent: `H(tag_note_nullifier, secret, salt)`.
    pub fn nullifier(&self, secret: Fr) -> Fr {
        commitment::note_nullifier(secret, self.salt)
    }

    /// The note as JSON (`zkcomply-note/1`). Keep it private: with the identity's secret
    /// it links the transfers it counts.
    pub fn to_json(&self) -> String {
        let j = NoteJson {
            format: FORMAT.into(),
            period: self.period,
            spent: self.spent,
            salt: self.salt,
        };
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }

    /// Reads a note from its JSON form; `what` names the source in errors.
    ///
    /// # Errors
    /// [`Error::Json`] for malformed JSON or fields, [`Error::Artefact`] for another format.
    pub fn from_json(what: &str, json: &str) -> Result<Self> {
        let j: NoteJson = json::parse(what, json)?;
        if j.format != FORMAT {
            return Err(Error::Artefact {
                what: what.to_string(),
                reason: format!("format {:?}, expected {FORMAT:?}", j.format),
            });
        }
        Ok(Self {
            period: j.period,
            spent: j.spent,
            salt: j.salt,
        })
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

/// The note file (JSON), saved readable by its owner alone: with the identity's secret it
/// opens the allowance.
impl Artefact for AllowanceNote {
    type Error = Error;
    const PRIVATE: bool = true;
    const MAX_BYTES: u64 = 1 << 16;

    fn to_bytes(&self) -> Vec<u8> {
        self.to_json().into_bytes()
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        Self::from_json(what, json::text(what, bytes)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn saved_notes_are_private_even_over_a_public_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("note.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let n = AllowanceNote {
            period: 1,
            spent: 2,
            salt: Fr::from(3u64),
        };
        n.save(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(AllowanceNote::load(&path).unwrap(), n);
    }

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

    #[test]
    fn json_round_trip_and_named_errors() {
        let n = AllowanceNote {
            period: 20_000,
            spent: 12,
            salt: -Fr::from(1u64),
        };
        assert_eq!(AllowanceNote::from_json("n", &n.to_json()).unwrap(), n);
        for (bad, why) in [
            ("{", "n: "),
            (
                r#"{"format":"zkcomply-note/2","period":1,"spent":0,"salt":"0x01"}"#,
                "expected \"zkcomply-note/1\"",
            ),
            (
                r#"{"format":"zkcomply-note/1","period":-1,"spent":0,"salt":"0x01"}"#,
                "invalid value",
            ),
            (
                r#"{"format":"zkcomply-note/1","period":1,"spent":18446744073709551616,"salt":"0x01"}"#,
                "",
            ),
            (
                r#"{"format":"zkcomply-note/1","period":1,"spent":0,"salt":"0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001"}"#,
                "modulus",
            ),
            (
                r#"{"format":"zkcomply-note/1","period":1,"spent":0,"salt":"0x01","x":1}"#,
                "unknown field",
            ),
        ] {
            let e = AllowanceNote::from_json("n", bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
