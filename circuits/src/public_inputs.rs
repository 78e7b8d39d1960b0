//! The public inputs of each policy, in their fixed order (docs/SPEC.md §5). This file
//! is the one place that order is written down.

use std::fmt;

use serde::{ser::SerializeMap, Serialize, Serializer};

use crate::{error::Result, field, policy::Policy, Error, Fr};

/// A public input, by its name in DESIGN §3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    /// Root of the sanctions tree the key is not listed in.
    SanctionsRoot,
    /// Root of the identity registry the identity is in.
    RegistryRoot,
    /// Upper bound on the amount (inclusive), < 2^64.
    Limit,
    /// `H(amount, blinding)`.
    AmountCommitment,
    /// The verifier's domain (contract ‖ period, …).
    Scope,
    /// `H(tag_nullifier, secret, scope)`: one use per identity per scope; in
    /// `period_limit`, the nullifier of the spent allowance note (or the genesis one).
    Nullifier,
    /// Root of the state tree the spent allowance note is in (`period_limit`).
    StateRoot,
    /// The current period number, < 2^64 (`period_limit`).
    Period,
    /// The commitment of the new allowance note (`period_limit`).
    NewNote,
    /// Binds the proof to one transaction.
    Context,
}

impl Input {
    /// The snake_case name used in JSON, the CLI and the Solidity code.
    pub const fn name(self) -> &'static str {
        match self {
            Input::SanctionsRoot => "sanctions_root",
            Input::RegistryRoot => "registry_root",
            Input::Limit => "limit",
            Input::AmountCommitment => "amount_commitment",
            Input::Scope => "scope",
            Input::Nullifier => "nullifier",
            Input::Context => "context",
            Input::StateRoot => "state_root",
            Input::Period => "period",
            Input::NewNote => "new_note",
        }
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Policy {
    /// The public inputs of this policy, in order.
    pub const fn inputs(self) -> &'static [Input] {
        use Input::*;
        match self {
            Policy::Compliance => &[
                SanctionsRoot,
                RegistryRoot,
                Limit,
                AmountCommitment,
                Scope,
                Nullifier,
                Context,
            ],
            Policy::NonMembership => &[SanctionsRoot, RegistryRoot, Scope, Nullifier, Context],
            Policy::TransferLimit => &[Limit, AmountCommitment, Context],
            Policy::PeriodLimit => &[
                SanctionsRoot,
                RegistryRoot,
                StateRoot,
                Limit,
                Period,
                AmountCommitment,
                Scope,
                Nullifier,
                NewNote,
                Context,
            ],
        }
    }
}

/// The public inputs of one proof: a policy and its values in the policy's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicInputs {
    policy: Policy,
    values: Vec<Fr>,
}

impl PublicInputs {
    /// Public inputs from values in the policy's order.
    ///
    /// # Errors
    /// [`Error::PublicInputs`] if the count is wrong.
    pub fn new(policy: Policy, values: Vec<Fr>) -> Result<Self> {
        let expected = policy.inputs().len();
        if values.len() != expected {
            return Err(Error::PublicInputs {
                policy: policy.name(),
                reason: format!("expected {expected} values, found {}", values.len()),
            });
        }
        Ok(Self { policy, values })
    }

    /// Public inputs from `(name, value)` pairs, each value decimal or 0x-hex and `< r`.
    /// Every input of the policy must be given exactly once, and no other.
    ///
    /// # Errors
    /// [`Error::PublicInputs`] naming a missing, unknown or repeated input, and
    /// [`Error::InvalidField`] for a value that is not a field element `< r`.
    pub fn from_named<'a>(
        policy: Policy,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self> {
        let inputs = policy.inputs();
        let mut values: Vec<Option<Fr>> = vec![None; inputs.len()];
        for (name, value) in pairs {
            let i = inputs
                .iter()
                .position(|x| x.name() == name)
                .ok_or_else(|| Error::PublicInputs {
                    policy: policy.name(),
                    reason: format!("unknown input {name:?}"),
                })?;
            if values[i].replace(field::parse(name, value)?).is_some() {
                return Err(Error::PublicInputs {
                    policy: policy.name(),
                    reason: format!("{name} given twice"),
                });
            }
        }
        let values = values
            .into_iter()
            .zip(inputs)
            .map(|(v, input)| {
                v.ok_or_else(|| Error::PublicInputs {
                    policy: policy.name(),
                    reason: format!("{input} is missing"),
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self { policy, values })
    }

    /// The policy.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The values, in the policy's order.
    pub fn values(&self) -> &[Fr] {
        &self.values
    }

    /// The value of one input, if the policy has it.
    pub fn get(&self, input: Input) -> Option<Fr> {
        self.policy
            .inputs()
            .iter()
            .position(|x| *x == input)
            .map(|i| self.values[i])
    }

    /// `(name, value)` pairs in order.
    pub fn named(&self) -> impl Iterator<Item = (Input, Fr)> + '_ {
        self.policy
            .inputs()
            .iter()
            .copied()
            .zip(self.values.iter().copied())
    }
}

impl Serialize for PublicInputs {
    /// An ordered JSON object `{ name: "0x…" }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.values.len()))?;
        for (input, value) in self.named() {
            m.serialize_entry(input.name(), &field::to_hex(&value))?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_round_trip_and_errors() {
        let p = Policy::TransferLimit;
        let ok = PublicInputs::from_named(
            p,
            [
                ("limit", "1000"),
                ("context", "0x05"),
                ("amount_commitment", "7"),
            ],
        )
        .unwrap();
        assert_eq!(
            ok.values(),
            &[Fr::from(1000u64), Fr::from(7u64), Fr::from(5u64)]
        );
        assert_eq!(ok.get(Input::Context), Some(Fr::from(5u64)));
        assert_eq!(ok.get(Input::Nullifier), None);
        let e = PublicInputs::from_named(p, [("limit", "1"), ("context", "2")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("amount_commitment is missing"), "{e}");
        let e = PublicInputs::from_named(p, [("limit", "1"), ("limit", "2")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("limit given twice"), "{e}");
        let e = PublicInputs::from_named(p, [("nullifier", "1")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown input \"nullifier\""), "{e}");
        let e = PublicInputs::from_named(p, [("limit", field::MODULUS_DECIMAL)])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not below the field modulus"), "{e}");
        assert!(PublicInputs::new(p, vec![Fr::from(1u64)]).is_err());
    }
}
