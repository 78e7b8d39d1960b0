//! Native Groth16 verification with a prepared key.

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use zkcomply_circuits::Fr;

use crate::{error::Result, key::VerifyingKey, proof::Proof, Error};

/// Verifies `proof` under `vk`.
///
/// Returns `Ok(true)` if the proof is valid, `Ok(false)` if it is well-formed but false.
///
/// # Errors
/// [`Error::PolicyMismatch`] if the proof names another policy or version than the key;
/// [`Error::InputCount`] for the wrong number of public inputs.
#[must_use = "a proof is only accepted if this returns Ok(true)"]
pub fn verify(vk: &VerifyingKey, proof: &Proof) -> Result<bool> {
    let info = &vk.info;
    if proof.policy != info.policy || proof.policy_version != info.policy_version {
        return Err(Error::PolicyMismatch {
            expected: info.label(),
            found: format!("{} v{}", proof.policy, proof.policy_version),
        });
    }
    verify_raw(vk, &proof.inner, proof.public_inputs.values())
}

/// Verifies an arkworks proof against public inputs given in the policy's order.
///
/// # Errors
/// [`Error::InputCount`].
#[must_use = "a proof is only accepted if this returns Ok(true)"]
pub fn verify_raw(
    vk: &VerifyingKey,
    proof: &ark_groth16::Proof<Bn254>,
    inputs: &[Fr],
) -> Result<bool> {
    let expected = vk.inner.gamma_abc_g1.len() - 1;
    if inputs.len() != expected {
        return Err(Error::InputCount {
            expected,
            found: inputs.len(),
        });
    }
    Ok(Groth16::<Bn254>::verify_proof(&vk.prepared, proof, inputs)?)
}
