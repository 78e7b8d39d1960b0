//! The sub-statements the policies are made of, each over allocated variables.

use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::FieldVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use crate::{
    address::KEY_BITS,
    gadgets::{commitment, indexed::NonMembershipVar, merkle::MerklePathVar, range, FrVar},
    public_inputs::Input,
    witness::ComplianceWitness,
    Fr,
};

/// Bit width of amounts and limits.
pub const AMOUNT_BITS: usize = 64;

/// The public inputs, allocated in the policy's order.
pub(super) struct PublicVars(Vec<(Input, FrVar)>);

impl PublicVars {
    pub(super) fn new(
        cs: &ConstraintSystemRef<Fr>,
        w: &ComplianceWitness,
    ) -> Result<Self, SynthesisError> {
        w.policy
            .inputs()
            .iter()
            .map(|input| {
                Ok((
                    *input,
                    FrVar::new_input(cs.clone(), || Ok(w.public(*input)))?,
                ))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub(super) fn get(&self, input: Input) -> Result<&FrVar, SynthesisError> {
        self.0
            .iter()
            .find(|(i, _)| *i == input)
            .map(|(_, v)| v)
            .ok_or(SynthesisError::AssignmentMissing)
    }
}

/// The identity part: `key` is 252-bit and not listed under `sanctions_root`;
/// `H(tag_id, key, H(tag_pk, secret))` is in the registry under `registry_root`. Returns
/// `secret`.
pub(super) fn enforce_identity(
    cs: &ConstraintSystemRef<Fr>,
    w: &ComplianceWitness,
    public: &PublicVars,
) -> Result<FrVar, SynthesisError> {
    let key = FrVar::new_witness(cs.clone(), || Ok(w.key))?;
    let secret = FrVar::new_witness(cs.clone(), || Ok(w.secret))?;
    range::enforce_bit_length(cs, &key, KEY_BITS)?;

    NonMembershipVar::new_witness(cs, &w.low_leaf)?.enforce_not_listed(
        cs,
        &key,
        public.get(Input::SanctionsRoot)?,
    )?;

    let pk = commitment::public_key(&secret)?;
    let id = commitment::identity_commitment(&key, &pk)?;
    let registry_path = MerklePathVar::new_witness(cs, &w.registry_path)?;
    registry_path
        .root(&id)?
        .enforce_equal(public.get(Input::RegistryRoot)?)?;
    Ok(secret)
}

/// `nullifier = H(tag, secret, scope)`: one proof per identity and scope.
pub(super) fn enforce_scoped_nullifier(
    secret: &FrVar,
    public: &PublicVars,
) -> Result<(), SynthesisError> {
    commitment::nullifier(secret, public.get(Input::Scope)?)?
        .enforce_equal(public.get(Input::Nullifier)?)
}

/// The hidden amount: 64-bit and `amount_commitment = H(amount, blinding)`. Returns
/// `amount`.
pub(super) fn commit_amount(
    cs: &ConstraintSystemRef<Fr>,
    w: &ComplianceWitness,
    public: &PublicVars,
) -> Result<FrVar, SynthesisError> {
    let amount = FrVar::new_witness(cs.clone(), || Ok(w.amount))?;
    let blinding = FrVar::new_witness(cs.clone(), || Ok(w.blinding))?;
    range::enforce_bit_length(cs, &amount, AMOUNT_BITS)?;
    commitment::amount_commitment(&amount, &blinding)?
        .enforce_equal(public.get(Input::AmountCommitment)?)?;
    Ok(amount)
}

/// `total <= limit` with `limit` 64-bit; `total` must already be range-checked to 64 bits.
pub(super) fn enforce_within_limit(
    cs: &ConstraintSystemRef<Fr>,
    total: &FrVar,
    public: &PublicVars,
) -> Result<(), SynthesisError> {
    let limit = public.get(Input::Limit)?;
    range::enforce_bit_length(cs, limit, AMOUNT_BITS)?;
    range::enforce_less_or_equal(cs, total, limit, AMOUNT_BITS)
}

/// Binds `context` into a constraint (`context² = c`), so that it is not a free input
/// a proof could be replayed under.
pub(super) fn bind_context(public: &PublicVars) -> Result<(), SynthesisError> {
    public.get(Input::Context)?.square().map(|_| ())
}
