//! Identities: an address key and a secret.

use wasm_bindgen::prelude::*;
use zkcomply::{field, AddressKey, Identity};

use crate::js_error;

/// A new identity for `address` (any chain's format) with a secret from
/// `crypto.getRandomValues`: the identity file (`zkcomply-identity/1` JSON). Keep it
/// private; the KYC provider registers its `commitment`.
#[wasm_bindgen(js_name = identityNew)]
pub fn identity_new(address: &str) -> Result<String, JsError> {
    let key = AddressKey::parse(address).map_err(js_error)?;
    Ok(Identity::random(key, &mut rand::rngs::OsRng).to_json(Some(address)))
}

/// The commitment of an identity file, `0x` and 64 hex digits (after checking the file).
#[wasm_bindgen(js_name = identityCommitment)]
pub fn identity_commitment(identity_json: &str) -> Result<String, JsError> {
    let identity = Identity::from_json("identity", identity_json).map_err(js_error)?;
    Ok(field::to_hex(&identity.commitment()))
}
