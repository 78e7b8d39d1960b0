//! The policy circuits. Each policy has a stable name, identifier and version, which
//! keys and proofs carry so that a proof for one policy never verifies under another.

mod compliance;
mod non_membership;
mod period_limit;
mod statements;
mod transfer_limit;

use std::fmt;

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use serde::{Deserialize, Serialize};

pub use statements::AMOUNT_BITS;

use crate::{
    error::Result,
    tree::{DEFAULT_REGISTRY_DEPTH, DEFAULT_SANCTIONS_DEPTH, DEFAULT_STATE_DEPTH},
    witness::ComplianceWitness,
    Error, Fr,
};

/// A statement zkcomply proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Not sanctioned, registered, amount within the limit, scoped nullifier, context.
    Compliance,
    /// Not sanctioned, registered, scoped nullifier, context.
    NonMembership,
    /// Hidden amount within a public limit, context.
    TransferLimit,
    /// Not sanctioned, registered, and the running total of the period's hidden amounts
    /// within a public limit, through a private allowance note; context.
    PeriodLimit,
}

impl Policy {
    /// Every policy.
    pub const ALL: [Policy; 4] = [
        Policy::Compliance,
        Policy::NonMembership,
        Policy::TransferLimit,
        Policy::PeriodLimit,
    ];

    /// The stable name.
    pub const fn name(self) -> &'static str {
        match self {
            Policy::Compliance => "compliance",
            Policy::NonMembership => "non_membership",
            Policy::TransferLimit => "transfer_limit",
            Policy::PeriodLimit => "period_limit",
        }
    }

    /// The stable numeric identifier.
    pub const fn id(self) -> u32 {
        match self {
            Policy::Compliance => 1,
            Policy::NonMembership => 2,
            Policy::TransferLimit => 3,
            Policy::PeriodLimit => 4,
        }
    }

    /// The version of the policy's circuit; it changes whenever its constraints do.
    /// Version 2 of the identity policies commits to `H(key, pk)` with `pk = H(secret)`
    /// (docs/SPEC.md §5), so that a registry operator can check the account it registers.
    pub const fn version(self) -> u32 {
        if self.uses_identity() {
            2
        } else {
            1
        }
    }

    /// Looks a policy up by name.
    ///
    /// # Errors
    /// [`Error::UnknownPolicy`].
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| Error::UnknownPolicy {
                found: name.to_string(),
            })
    }

    /// Whether the policy checks the sanctions list and the registry.
    pub const fn uses_identity(self) -> bool {
        !matches!(self, Policy::TransferLimit)
    }

    /// Whether the policy checks an amount against a limit.
    pub const fn uses_amount(self) -> bool {
        !matches!(self, Policy::NonMembership)
    }

    /// Whether the policy spends and creates allowance notes in a state tree.
    pub const fn uses_notes(self) -> bool {
        matches!(self, Policy::PeriodLimit)
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The tree depths a circuit is built for (its keys work for these depths only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shape {
    /// Depth of the sanctions tree (`DS`).
    pub sanctions_depth: usize,
    /// Depth of the registry (`DR`).
    pub registry_depth: usize,
    /// Depth of the state tree of allowance notes (`DT`, policy `period_limit` only).
    #[serde(default = "default_state_depth")]
    pub state_depth: usize,
}

fn default_state_depth() -> usize {
    DEFAULT_STATE_DEPTH
}

impl Default for Shape {
    fn default() -> Self {
        Self {
            sanctions_depth: DEFAULT_SANCTIONS_DEPTH,
            registry_depth: DEFAULT_REGISTRY_DEPTH,
            state_depth: DEFAULT_STATE_DEPTH,
        }
    }
}

impl Shape {
    /// This shape with the depths of the trees `policy` does not use set to their defaults:
    /// the one shape key files record for it.
    pub fn canonical(self, policy: Policy) -> Shape {
        let default = Shape::default();
        Shape {
            sanctions_depth: if policy.uses_identity() {
                self.sanctions_depth
            } else {
                default.sanctions_depth
            },
            registry_depth: if policy.uses_identity() {
                self.registry_depth
            } else {
                default.registry_depth
            },
            state_depth: if policy.uses_notes() {
                self.state_depth
            } else {
                default.state_depth
            },
        }
    }

    /// Checks a shape read from a file: every depth in `1..=MAX_DEPTH`, and the shape
    /// [`Shape::canonical`] for `policy`.
    ///
    /// # Errors
    /// [`Error::DepthOutOfRange`], or [`Error::DepthMismatch`] for a tree `policy` does not use
    /// whose depth is not the default.
    pub fn validate(&self, policy: Policy) -> Result<()> {
        for depth in [self.sanctions_depth, self.registry_depth, self.state_depth] {
            if depth == 0 || depth > crate::tree::MAX_DEPTH {
                return Err(Error::DepthOutOfRange {
                    depth,
                    max: crate::tree::MAX_DEPTH,
                });
            }
        }
        let canonical = self.canonical(policy);
        let unused = [
            (
                "a sanctions tree the policy does not use",
                canonical.sanctions_depth,
                self.sanctions_depth,
            ),
            (
                "a registry the policy does not use",
                canonical.registry_depth,
                self.registry_depth,
            ),
            (
                "a state tree the policy does not use",
                canonical.state_depth,
                self.state_depth,
            ),
        ];
        match unused.into_iter().find(|(_, e, f)| e != f) {
            Some((tree, expected, found)) => Err(Error::DepthMismatch {
                what: tree,
                expected,
                found,
            }),
            None => Ok(()),
        }
    }

    /// Checks that a witness of `policy` with shape `found` fits a circuit of this shape:
    /// the depths of the trees the policy uses must be equal.
    ///
    /// # Errors
    /// [`Error::DepthMismatch`] naming the first tree whose depth differs.
    pub fn check(&self, policy: Policy, found: &Shape) -> Result<()> {
        let trees = [
            (
                policy.uses_identity(),
                "sanctions tree",
                self.sanctions_depth,
                found.sanctions_depth,
            ),
            (
                policy.uses_identity(),
                "registry",
                self.registry_depth,
                found.registry_depth,
            ),
            (
                policy.uses_notes(),
                "state tree",
                self.state_depth,
                found.state_depth,
            ),
        ];
        match trees.into_iter().find(|(used, _, e, f)| *used && e != f) {
            Some((_, what, expected, found)) => Err(Error::DepthMismatch {
                what,
                expected,
                found,
            }),
            None => Ok(()),
        }
    }
}

/// A policy circuit over a witness, ready for setup or proving.
#[derive(Clone, Debug)]
pub struct PolicyCircuit<'a> {
    witness: std::borrow::Cow<'a, ComplianceWitness>,
}

impl<'a> PolicyCircuit<'a> {
    /// The circuit proving `witness`.
    pub fn new(witness: &'a ComplianceWitness) -> Self {
        Self {
            witness: std::borrow::Cow::Borrowed(witness),
        }
    }

    /// The circuit's shape only, with a placeholder witness (for setup and counting).
    pub fn blank(policy: Policy, shape: Shape) -> PolicyCircuit<'static> {
        PolicyCircuit {
            witness: std::borrow::Cow::Owned(ComplianceWitness::blank(policy, shape)),
        }
    }

    /// The public inputs, in order.
    pub fn public_inputs(&self) -> Vec<Fr> {
        self.witness.public_inputs().values().to_vec()
    }
}

impl ConstraintSynthesizer<Fr> for PolicyCircuit<'_> {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let w = self.witness.as_ref();
        match w.policy() {
            Policy::Compliance => compliance::synthesize(cs, w),
            Policy::NonMembership => non_membership::synthesize(cs, w),
            Policy::TransferLimit => transfer_limit::synthesize(cs, w),
            Policy::PeriodLimit => period_limit::synthesize(cs, w),
        }
    }
}

/// The number of R1CS constraints of a policy at a shape.
///
/// # Errors
/// [`Error::Synthesis`].
pub fn constraint_count(policy: Policy, shape: Shape) -> Result<usize> {
    use ark_relations::gr1cs::{ConstraintSystem, OptimizationGoal, SynthesisMode};
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Setup);
    PolicyCircuit::blank(policy, shape).generate_constraints(cs.clone())?;
    cs.finalize();
    Ok(cs.num_constraints())
}

#[cfg(test)]
mod tests;
