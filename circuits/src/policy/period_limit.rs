//! Policy `period_limit`: not sanctioned, registered, and the running total of the period's
//! hidden amounts within the limit, carried from one proof to the next by a private
//! allowance note (docs/SPEC.md §6.4); bound to a context.

use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::FieldVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::statements::{
    bind_context, commit_amount, enforce_identity, enforce_within_limit, PublicVars, AMOUNT_BITS,
};
use crate::{
    gadgets::{commitment, merkle::MerklePathVar, range, FrVar},
    public_inputs::Input,
    witness::ComplianceWitness,
    Fr,
};

pub(super) fn synthesize(
    cs: ConstraintSystemRef<Fr>,
    w: &ComplianceWitness,
) -> Result<(), SynthesisError> {
    let public = PublicVars::new(&cs, w)?;
    let secret = enforce_identity(&cs, w, &public)?;
    let amount = commit_amount(&cs, w, &public)?;
    // A transfer moves something: then a chain's (period, spent) strictly increases, so a
    // new note never equals an earlier one (the verifier's tree never holds a leaf twice).
    amount.enforce_not_equal(&FrVar::zero())?;
    let period = public.get(Input::Period)?;
    range::enforce_bit_length(&cs, period, AMOUNT_BITS)?;

    // The note spent: in the state tree, or the zero note of a genesis proof.
    let genesis = Boolean::new_witness(cs.clone(), || Ok(w.genesis))?;
    let witness = |x: Fr| FrVar::new_witness(cs.clone(), || Ok(x));
    let (old_period, old_spent, old_salt) = (
        witness(w.old_note.period)?,
        witness(w.old_note.spent)?,
        witness(w.old_note.salt)?,
    );
    range::enforce_bit_length(&cs, &old_period, AMOUNT_BITS)?;
    range::enforce_bit_length(&cs, &old_spent, AMOUNT_BITS)?;
    let genesis_fr = FrVar::from(genesis.clone());
    old_period.mul_equals(&genesis_fr, &FrVar::zero())?;
    old_spent.mul_equals(&genesis_fr, &FrVar::zero())?;
    let scope = public.get(Input::Scope)?;
    let old_note = commitment::note(&secret, scope, &old_period, &old_spent, &old_salt)?;
    MerklePathVar::new_witness(&cs, &w.state_path)?
        .root(&old_note)?
        .conditional_enforce_equal(public.get(Input::StateRoot)?, &!&genesis)?;
    commitment::opening_nullifier(&genesis, &secret, scope, &old_salt)?
        .enforce_equal(public.get(Input::Nullifier)?)?;

    // Periods never go back; the total restarts with a new period.
    range::enforce_less_or_equal(&cs, &old_period, period, AMOUNT_BITS)?;
    let same_period = FrVar::from(old_period.is_eq(period)?);
    let spent = &amount + &same_period * &old_spent;
    range::enforce_bit_length(&cs, &spent, AMOUNT_BITS)?;
    enforce_within_limit(&cs, &spent, &public)?;

    let new_salt = witness(w.new_salt)?;
    commitment::note(&secret, scope, period, &spent, &new_salt)?
        .enforce_equal(public.get(Input::NewNote)?)?;
    bind_context(&public)
}
