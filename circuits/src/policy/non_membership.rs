//! Policy `non_membership`: not sanctioned, registered, scoped nullifier, bound to a context.

use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::statements::{bind_context, enforce_identity, enforce_scoped_nullifier, PublicVars};
use crate::{witness::ComplianceWitness, Fr};

pub(super) fn synthesize(
    cs: ConstraintSystemRef<Fr>,
    w: &ComplianceWitness,
) -> Result<(), SynthesisError> {
    let public = PublicVars::new(&cs, w)?;
    let secret = enforce_identity(&cs, w, &public)?;
    enforce_scoped_nullifier(&secret, &public)?;
    bind_context(&public)
}
