//! Policy `transfer_limit`: a hidden amount within a public limit, bound to a context.

use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::statements::{bind_context, enforce_amount, PublicVars};
use crate::{witness::ComplianceWitness, Fr};

pub(super) fn synthesize(
    cs: ConstraintSystemRef<Fr>,
    w: &ComplianceWitness,
) -> Result<(), SynthesisError> {
    let public = PublicVars::new(&cs, w)?;
    enforce_amount(&cs, w, &public)?;
    bind_context(&public)
}
