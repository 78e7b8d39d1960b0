//! Verification.

use wasm_bindgen::prelude::*;
use zkcomply::{Artefact, Proof, VerifyingKey};

use crate::js_error;

/// Verifies a proof file (`zkcomply-proof/1` JSON) with the bytes of a verifying key:
/// `true` if the proof is valid, `false` if it is well-formed but false. Throws an `Error`
/// for a proof or key that cannot be checked (malformed, another policy, an input ≥ r).
#[wasm_bindgen]
pub fn verify(verifying_key: &[u8], proof: &str) -> Result<bool, JsError> {
    let vk = VerifyingKey::from_bytes("verifying key", verifying_key).map_err(js_error)?;
    let proof = Proof::from_json("proof", proof).map_err(js_error)?;
    zkcomply::verify(&vk, &proof).map_err(js_error)
}
