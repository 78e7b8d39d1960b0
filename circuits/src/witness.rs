//! Witnesses of the policy circuits, and a builder that refuses impossible requests.
//!
//! ```
//! use rand::SeedableRng;
//! use zkcomply_circuits::{address::AddressKey, ComplianceWitness, Fr, Identity, Policy, Registry, SanctionsTree};
//!
//! # fn main() -> Result<(), zkcomply_circuits::Error> {
//! let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
//! let sanctioned = AddressKey::parse("0x8589427373D6D84E98730D7795D8f6f8731FDA16")?;
//! let list = SanctionsTree::from_keys(8, [sanctioned])?;
//! let me = Identity::random(AddressKey::parse("0x000000000000000000000000000000000000dEaD")?, &mut rng);
//! let mut registry = Registry::new(8)?;
//! registry.insert(me.commitment())?;
//!
//! let witness = ComplianceWitness::builder(Policy::Compliance)
//!     .identity(&me)
//!     .sanctions(&list)
//!     .registry(&registry)
//!     .amount(900)
//!     .limit(1000)
//!     .blinding(Fr::from(42u64))
//!     .scope(Fr::from(7u64))
//!     .context(Fr::from(99u64))
//!     .build()?;
//! assert_eq!(witness.public_inputs().values().len(), 7);
//!
//! let over = ComplianceWitness::builder(Policy::Compliance)
//!     .identity(&me).sanctions(&list).registry(&registry)
//!     .amount(1500).limit(1000).blinding(Fr::from(42u64))
//!     .scope(Fr::from(7u64)).context(Fr::from(99u64))
//!     .build();
//! assert_eq!(over.unwrap_err().to_string(), "amount 1500 exceeds limit 1000");
//! # Ok(())
//! # }
//! ```

use ark_ff::Zero;

use crate::{
    address::KEY_BITS,
    commitment,
    domain::Domain,
    error::Result,
    field,
    identity::Identity,
    note::AllowanceNote,
    policy::AMOUNT_BITS,
    policy::{Policy, Shape},
    poseidon,
    public_inputs::{Input, PublicInputs},
    tree::{LowLeaf, MerklePath, NonMembershipWitness, Registry, SanctionsTree, StateTree},
    Error, Fr,
};

/// Everything a policy circuit needs: the private witness and the public inputs.
///
/// Policies that do not use a part (e.g. `transfer_limit` has no identity) hold zeros there.
#[derive(Clone, Debug)]
pub struct ComplianceWitness {
    pub(crate) policy: Policy,
    pub(crate) shape: Shape,
    // private
    pub(crate) key: Fr,
    pub(crate) secret: Fr,
    pub(crate) low_leaf: NonMembershipWitness,
    pub(crate) registry_path: MerklePath,
    pub(crate) amount: Fr,
    pub(crate) blinding: Fr,
    pub(crate) genesis: bool,
    pub(crate) old_note: NoteWitness,
    pub(crate) state_path: MerklePath,
    pub(crate) new_salt: Fr,
    next: Option<AllowanceNote>,
    // public
    pub(crate) sanctions_root: Fr,
    pub(crate) registry_root: Fr,
    pub(crate) limit: Fr,
    pub(crate) amount_commitment: Fr,
    pub(crate) scope: Fr,
    pub(crate) nullifier: Fr,
    pub(crate) context: Fr,
    pub(crate) state_root: Fr,
    pub(crate) period: Fr,
    pub(crate) new_note_commitment: Fr,
}

/// The fields of an allowance note as circuit values (period, spent, salt).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoteWitness {
    pub(crate) period: Fr,
    pub(crate) spent: Fr,
    pub(crate) salt: Fr,
}

impl From<&AllowanceNote> for NoteWitness {
    fn from(n: &AllowanceNote) -> Self {
        Self {
            period: Fr::from(n.period),
            spent: Fr::from(n.spent),
            salt: n.salt,
        }
    }
}

impl NoteWitness {
    pub(crate) fn commitment(&self, secret: Fr, scope: Fr) -> Fr {
        commitment::note(secret, scope, self.period, self.spent, self.salt)
    }
}

impl ComplianceWitness {
    /// A builder for a witness of `policy`.
    pub fn builder<'a>(policy: Policy) -> WitnessBuilder<'a> {
        WitnessBuilder {
            policy: Some(policy),
            ..WitnessBuilder::default()
        }
    }

    /// A placeholder witness of the right shape (all zeros), for setup and counting.
    pub fn blank(policy: Policy, shape: Shape) -> Self {
        let path = |depth| MerklePath {
            index: 0,
            siblings: vec![Fr::zero(); depth],
        };
        Self {
            policy,
            shape,
            key: Fr::zero(),
            secret: Fr::zero(),
            low_leaf: NonMembershipWitness {
                low_leaf: LowLeaf {
                    value: Fr::zero(),
                    next_value: Fr::zero(),
                },
                path: path(shape.sanctions_depth),
            },
            registry_path: path(shape.registry_depth),
            amount: Fr::zero(),
            blinding: Fr::zero(),
            genesis: false,
            old_note: NoteWitness::default(),
            state_path: path(shape.state_depth),
            new_salt: Fr::zero(),
            next: None,
            sanctions_root: Fr::zero(),
            registry_root: Fr::zero(),
            limit: Fr::zero(),
            amount_commitment: Fr::zero(),
            scope: Fr::zero(),
            nullifier: Fr::zero(),
            context: Fr::zero(),
            state_root: Fr::zero(),
            period: Fr::zero(),
            new_note_commitment: Fr::zero(),
        }
    }

    /// The policy.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The tree depths the witness was built for.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The value of one public input (zero if the policy does not have it).
    pub fn public(&self, input: Input) -> Fr {
        match input {
            Input::SanctionsRoot => self.sanctions_root,
            Input::RegistryRoot => self.registry_root,
            Input::Limit => self.limit,
            Input::AmountCommitment => self.amount_commitment,
            Input::Scope => self.scope,
            Input::Nullifier => self.nullifier,
            Input::Context => self.context,
            Input::StateRoot => self.state_root,
            Input::Period => self.period,
            Input::NewNote => self.new_note_commitment,
        }
    }

    /// The allowance note a `period_limit` proof creates: keep it, and spend it in the next
    /// proof once the verifier has appended its commitment to the state tree. `None` for
    /// other policies.
    pub fn next_note(&self) -> Option<AllowanceNote> {
        self.next
    }

    /// Whether the witness satisfies its policy, checked natively: the oracle the circuit
    /// is tested against (docs/SPEC.md §6 constraint by constraint).
    pub fn satisfies(&self) -> bool {
        let fits = |x: &Fr, bits| field::fits_in_bits(x, bits);
        let identity = || {
            let (v, nv) = (
                self.low_leaf.low_leaf.value,
                self.low_leaf.low_leaf.next_value,
            );
            let pk = commitment::public_key(self.secret);
            let id = poseidon::hash(&[Domain::Identity.tag(), self.key, pk]).unwrap_or_default();
            [self.key, v, nv].iter().all(|x| fits(x, KEY_BITS))
                && v < self.key
                && (self.key < nv || nv.is_zero())
                && self.low_leaf.path.depth() == self.shape.sanctions_depth
                && self.low_leaf.path.root(self.low_leaf.low_leaf.hash()) == self.sanctions_root
                && self.registry_path.depth() == self.shape.registry_depth
                && self.registry_path.root(id) == self.registry_root
        };
        let scoped_nullifier = || commitment::nullifier(self.secret, self.scope) == self.nullifier;
        let amount = || {
            fits(&self.amount, AMOUNT_BITS)
                && poseidon::hash(&[self.amount, self.blinding]).ok()
                    == Some(self.amount_commitment)
        };
        let within_limit = |total: &Fr| {
            fits(total, AMOUNT_BITS) && fits(&self.limit, AMOUNT_BITS) && *total <= self.limit
        };
        let notes = || {
            let (old, period) = (&self.old_note, self.period);
            let spent = self.amount
                + if old.period == period {
                    old.spent
                } else {
                    Fr::zero()
                };
            let opened = if self.genesis {
                old.period.is_zero()
                    && old.spent.is_zero()
                    && commitment::genesis_nullifier(self.secret, self.scope) == self.nullifier
            } else {
                self.state_path
                    .root(old.commitment(self.secret, self.scope))
                    == self.state_root
                    && commitment::note_nullifier(self.secret, old.salt) == self.nullifier
            };
            let next = NoteWitness {
                period,
                spent,
                salt: self.new_salt,
            };
            self.state_path.depth() == self.shape.state_depth
                && [old.period, old.spent, period]
                    .iter()
                    .all(|x| fits(x, AMOUNT_BITS))
                && opened
                && old.period <= period
                && within_limit(&spent)
                && next.commitment(self.secret, self.scope) == self.new_note_commitment
        };
        let policy = self.policy;
        (!policy.uses_identity() || identity())
            && (!policy.uses_amount() || amount())
            && match policy {
                Policy::Compliance => scoped_nullifier() && within_limit(&self.amount),
                Policy::NonMembership => scoped_nullifier(),
                Policy::TransferLimit => within_limit(&self.amount),
                Policy::PeriodLimit => !self.amount.is_zero() && notes(),
            }
    }

    /// The public inputs, in the policy's order.
    pub fn public_inputs(&self) -> PublicInputs {
        let values = self
            .policy
            .inputs()
            .iter()
            .map(|i| self.public(*i))
            .collect();
        PublicInputs::new(self.policy, values)
            .unwrap_or_else(|_| unreachable!("one value per input"))
    }
}

/// Builds a [`ComplianceWitness`]; [`WitnessBuilder::build`] names the first bad or
/// missing input.
#[derive(Clone, Debug, Default)]
pub struct WitnessBuilder<'a> {
    policy: Option<Policy>,
    identity: Option<Identity>,
    address: Option<String>,
    sanctions: Option<&'a SanctionsTree>,
    registry: Option<&'a Registry>,
    amount: Option<u64>,
    limit: Option<u64>,
    blinding: Option<Fr>,
    scope: Option<Fr>,
    context: Option<Fr>,
    state: Option<&'a StateTree>,
    note: Option<Option<AllowanceNote>>,
    period: Option<u64>,
    salt: Option<Fr>,
}

impl<'a> WitnessBuilder<'a> {
    /// The policy being built (`compliance` unless the builder was made for another).
    pub fn policy(&self) -> Policy {
        self.policy.unwrap_or(Policy::Compliance)
    }

    /// The prover's identity (address key and secret).
    pub fn identity(mut self, identity: &Identity) -> Self {
        self.identity = Some(identity.clone());
        self
    }

    /// The address the identity's key came from, to name it in errors.
    pub fn address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }

    /// The sanctions list the address must not be on.
    pub fn sanctions(mut self, tree: &'a SanctionsTree) -> Self {
        self.sanctions = Some(tree);
        self
    }

    /// The registry the identity must be in.
    pub fn registry(mut self, registry: &'a Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// The hidden amount.
    pub fn amount(mut self, amount: u64) -> Self {
        self.amount = Some(amount);
        self
    }

    /// The public limit (inclusive).
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The amount commitment's blinding factor (random, kept by the prover).
    pub fn blinding(mut self, blinding: Fr) -> Self {
        self.blinding = Some(blinding);
        self
    }

    /// The verifier's scope.
    pub fn scope(mut self, scope: Fr) -> Self {
        self.scope = Some(scope);
        self
    }

    /// The transaction context.
    pub fn context(mut self, context: Fr) -> Self {
        self.context = Some(context);
        self
    }

    /// The state tree the verifier keeps (`period_limit`).
    pub fn state(mut self, tree: &'a StateTree) -> Self {
        self.state = Some(tree);
        self
    }

    /// The identity's live allowance note, or `None` for its first proof in this scope
    /// (`period_limit`).
    pub fn note(mut self, note: Option<&AllowanceNote>) -> Self {
        self.note = Some(note.copied());
        self
    }

    /// The current period number (`period_limit`).
    pub fn period(mut self, period: u64) -> Self {
        self.period = Some(period);
        self
    }

    /// The salt of the new allowance note (random, kept by the prover; `period_limit`).
    pub fn salt(mut self, salt: Fr) -> Self {
        self.salt = Some(salt);
        self
    }

    /// Builds and checks the witness natively.
    ///
    /// # Errors
    /// [`Error::MissingInput`] for an input the policy needs; [`Error::Sanctioned`] if
    /// the address is listed; [`Error::NotRegistered`]; [`Error::OverLimit`];
    /// [`Error::NoteNotFound`], [`Error::OverPeriodLimit`], [`Error::PeriodBackwards`] and
    /// [`Error::ZeroAmount`] (`period_limit`).
    pub fn build(self) -> Result<ComplianceWitness> {
        let policy = self.policy.unwrap_or(Policy::Compliance);
        let name = policy.name();
        let need = |input: &'static str| Error::MissingInput {
            policy: name,
            input,
        };
        let context = self.context.ok_or(need("context"))?;
        let mut w = ComplianceWitness::blank(policy, Shape::default());
        w.context = context;
        if policy.uses_identity() {
            let identity = self.identity.ok_or(need("identity"))?;
            let sanctions = self.sanctions.ok_or(need("sanctions"))?;
            let registry = self.registry.ok_or(need("registry"))?;
            let scope = self.scope.ok_or(need("scope"))?;
            w.shape.sanctions_depth = sanctions.depth();
            w.shape.registry_depth = registry.depth();
            w.low_leaf =
                sanctions
                    .non_membership(&identity.key)
                    .map_err(|e| match (e, &self.address) {
                        (Error::Sanctioned { root, .. }, Some(address)) => Error::Sanctioned {
                            address: address.clone(),
                            root,
                        },
                        (e, _) => e,
                    })?;
            w.registry_path = registry.membership(&identity.commitment())?;
            w.key = identity.key.to_field();
            w.secret = identity.secret;
            w.sanctions_root = sanctions.root();
            w.registry_root = registry.root();
            w.scope = scope;
            w.nullifier = identity.nullifier(scope);
        }
        if policy.uses_amount() {
            let amount = self.amount.ok_or(need("amount"))?;
            let limit = self.limit.ok_or(need("limit"))?;
            let blinding = self.blinding.ok_or(need("blinding"))?;
            if amount > limit {
                return Err(Error::OverLimit {
                    amount: amount.to_string(),
                    limit: limit.to_string(),
                });
            }
            w.amount = Fr::from(amount);
            w.limit = Fr::from(limit);
            w.blinding = blinding;
            w.amount_commitment = commitment::amount_commitment(amount, blinding);
        }
        if policy.uses_notes() {
            let state = self.state.ok_or(need("state"))?;
            let note = self.note.ok_or(need("note"))?;
            let period = self.period.ok_or(need("period"))?;
            let salt = self.salt.ok_or(need("salt"))?;
            let (amount, limit) = (self.amount.unwrap_or(0), self.limit.unwrap_or(0));
            if amount == 0 {
                return Err(Error::ZeroAmount { policy: name });
            }
            let secret = w.secret;
            w.shape.state_depth = state.depth();
            let spent = match &note {
                None => {
                    w.genesis = true;
                    w.state_path = ComplianceWitness::blank(policy, w.shape).state_path;
                    w.nullifier = commitment::genesis_nullifier(secret, w.scope);
                    Some(amount)
                }
                Some(n) => {
                    if period < n.period {
                        return Err(Error::PeriodBackwards {
                            period,
                            note_period: n.period,
                        });
                    }
                    w.old_note = NoteWitness::from(n);
                    w.state_path = state.membership(&n.commitment(secret, w.scope))?;
                    w.nullifier = n.nullifier(secret);
                    n.total_after(period, amount)
                }
            };
            let spent = spent
                .filter(|s| *s <= limit)
                .ok_or_else(|| Error::OverPeriodLimit {
                    period,
                    spent: note.filter(|n| n.period == period).map_or(0, |n| n.spent),
                    amount,
                    limit,
                })?;
            let next = AllowanceNote {
                period,
                spent,
                salt,
            };
            w.state_root = state.root();
            w.period = Fr::from(period);
            w.new_salt = salt;
            w.new_note_commitment = next.commitment(secret, w.scope);
            w.next = Some(next);
        }
        Ok(w)
    }
}
