//! Identities (an address key and a secret) and their registration: the message an EVM
//! wallet signs, and the operator's check of the signature.

use wasm_bindgen::prelude::*;
use zkcomply::{
    circuits::registration::{RegistrationRequest, SignedRequest},
    field, AddressKey, Identity,
};

use crate::js_error;

/// A new identity for `address` (any chain's format) with a secret from
/// `crypto.getRandomValues`: the identity file (`zkcomply-identity/2` JSON). Keep it
/// private; give the registry operator its `public_key` (see `registrationMessage`).
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

/// The public key `pk` of an identity file, `0x` and 64 hex digits: what the user gives
/// the registry operator (never the secret).
#[wasm_bindgen(js_name = identityPublicKey)]
pub fn identity_public_key(identity_json: &str) -> Result<String, JsError> {
    let identity = Identity::from_json("identity", identity_json).map_err(js_error)?;
    Ok(field::to_hex(&identity.public_key()))
}

/// The text an EVM account signs with `personal_sign` (EIP-191) to register the identity
/// `publicKey` (0x-hex) with the registry `registry` on chain `chainId`.
#[wasm_bindgen(js_name = registrationMessage)]
pub fn registration_message(
    address: &str,
    public_key: &str,
    registry: &str,
    chain_id: u64,
) -> Result<String, JsError> {
    let pk = field::parse("publicKey", public_key).map_err(js_error)?;
    let request = RegistrationRequest::new(address, pk, registry, chain_id).map_err(js_error)?;
    Ok(request.message())
}

/// The registry operator's check of a signed request (`zkcomply-registration/1` JSON, the
/// `signature` being the wallet's `personal_sign`): returns the identity commitment to
/// insert; throws if the signature is not the account's, or the request is for another
/// registry or chain.
#[wasm_bindgen(js_name = verifyRegistration)]
pub fn verify_registration(
    request_json: &str,
    registry: &str,
    chain_id: u64,
) -> Result<String, JsError> {
    let signed =
        SignedRequest::from_json("registration request", request_json).map_err(js_error)?;
    let commitment = signed.verify(registry, chain_id).map_err(js_error)?;
    Ok(field::to_hex(&commitment))
}
