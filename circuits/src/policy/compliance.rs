//! Policy `compliance`: not sanctioned, registered, amount within the limit, scoped nullifier, bound to a context.

use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::statements::{
    bind_context, commit_amount, enforce_identity, enforce_scoped_nullifier, enforce_within_limit,
    PublicVars,
};
use crate::{witness::ComplianceWitness, Fr};

pub(super) fn synthesize(
    cs: ConstraintSystemRef<Fr>,
    w: &ComplianceWitness,
) -> Result<(), SynthesisError> {
    let public = PublicVars::new(&cs, w)?;
    let secret = enforce_identity(&cs, w, &public)?;
    enforce_scoped_nullifier(&secret, &public)?;
    let amount = commit_amount(&cs, w, &public)?;
    enforce_within_limit(&cs, &amount, &public)?;
    bind_context(&public)
}
