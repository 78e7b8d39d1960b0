//! Verification, single and batched, and parsed proofs.

use std::ffi::c_char;

use zkcomply::{field, Proof, VerifyingKey};

use crate::buffer::{self, ZkcBuffer};
use crate::ffi_boundary;
use crate::handle::{self, ZkcProof, ZkcVerifyingKey};
use crate::panic::guard_keep;
use crate::status::{FfiError, FfiResult, ZkcStatus};

/// Input bytes given by the caller: `len` bytes at `data`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ZkcSlice {
    /// The bytes (not NULL).
    pub data: *const u8,
    /// Their number.
    pub len: usize,
}

fn check(vk: &VerifyingKey, proof_json: &str) -> FfiResult<bool> {
    let proof = Proof::from_json("proof", proof_json)?;
    Ok(zkcomply::verify(vk, &proof)?)
}

/// Verifies a proof file (`zkcomply-proof/1` JSON) under `vk`. Returns `ZKC_STATUS_OK`
/// when the proof could be checked, with `*accepted` true if it is valid and false if
/// it is well-formed but false (tampered, another key, other public inputs). Returns
/// an error status, with `*accepted` false, when it could not be checked:
/// `MALFORMED_INPUT` (bad JSON, a public input ≥ r, points not on the curve),
/// `POLICY_MISMATCH` (a proof of another policy), `NULL_PARAMETER`, `WRONG_HANDLE`.
///
/// Thread-safe: many threads may verify with the same `vk` at once.
///
/// # Safety
/// `proof_json` must point to `len` readable bytes; `accepted` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_verify(
    vk: *const ZkcVerifyingKey,
    proof_json: *const u8,
    len: usize,
    accepted: *mut bool,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let accepted = unsafe { handle::out_value(accepted, "accepted") }?;
        *accepted = false;
        let vk = handle::get::<VerifyingKey>(vk, "vk")?;
        // SAFETY: the caller's guarantees.
        let json = unsafe { handle::text(proof_json, len, "proof_json") }?;
        *accepted = check(&vk, json)?;
        Ok(())
    }
}

/// Verifies `n` proof files under `vk`, setting `results[i]` to whether proof `i` was
/// accepted. Every proof is checked; a proof that cannot be checked counts as not
/// accepted, and the call then returns the status of the first such proof (its index
/// is in `zkc_last_error`); otherwise it returns `ZKC_STATUS_OK`. `n` may be 0 (then
/// `proofs` and `results` may be NULL).
///
/// # Safety
/// `proofs` must point to `n` `ZkcSlice`s, each pointing to readable bytes; `results`
/// must point to `n` writable `bool`s.
#[no_mangle]
pub unsafe extern "C" fn zkc_verify_batch(
    vk: *const ZkcVerifyingKey,
    proofs: *const ZkcSlice,
    n: usize,
    results: *mut bool,
) -> ZkcStatus {
    ffi_boundary! {
        let vk = handle::get::<VerifyingKey>(vk, "vk")?;
        if n == 0 {
            return Ok(());
        }
        if results.is_null() {
            return Err(FfiError::null("results"));
        }
        if n > isize::MAX as usize / std::mem::size_of::<ZkcSlice>() {
            return Err(FfiError::invalid(format!("`n` = {n} is too large")));
        }
        // SAFETY: the caller guarantees `n` writable bools.
        let results = unsafe { std::slice::from_raw_parts_mut(results, n) };
        results.fill(false);
        // SAFETY: the caller guarantees `n` slices (checked for NULL first).
        let proofs = unsafe { handle::bytes(proofs.cast::<u8>(), 0, "proofs") }
            .map(|_| unsafe { std::slice::from_raw_parts(proofs, n) })?;
        let mut first_error: Option<FfiError> = None;
        for (i, (p, r)) in proofs.iter().zip(results.iter_mut()).enumerate() {
            // SAFETY: the caller guarantees each slice is readable.
            let outcome = unsafe { handle::text(p.data, p.len, "proofs[i]") }
                .and_then(|json| check(&vk, json));
            match outcome {
                Ok(ok) => *r = ok,
                Err(e) => {
                    if first_error.is_none() {
                        first_error = Some(e.context(&format!("proof {i}")));
                    }
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// Parses a proof file (`zkcomply-proof/1` JSON), checking every public input (< r)
/// and point. `*out` is a new handle, freed with `zkc_proof_free`.
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT`.
///
/// # Safety
/// `json` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_proof_from_json(
    json: *const u8,
    len: usize,
    out: *mut *const ZkcProof,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let json = unsafe { handle::text(json, len, "json") }?;
        *out = handle::publish(Proof::from_json("proof", json)?);
        Ok(())
    }
}

/// The proof file of a parsed proof, in a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_proof_to_json(
    proof: *const ZkcProof,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        let proof = handle::get::<Proof>(proof, "proof")?;
        *out = buffer::publish(proof.to_json());
        Ok(())
    }
}

/// One public input of a proof by name (e.g. `"nullifier"`, `"sanctions_root"`,
/// `"context"`), as `0x` and 64 hex digits in a new buffer.
///
/// Errors: `NULL_PARAMETER`, `WRONG_HANDLE`, `INVALID_ARGUMENT` (a name the proof's
/// policy does not have).
///
/// # Safety
/// `name` must be a NUL-terminated string; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_proof_public_input(
    proof: *const ZkcProof,
    name: *const c_char,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        let proof = handle::get::<Proof>(proof, "proof")?;
        // SAFETY: the caller's guarantees.
        let name = unsafe { handle::c_str(name, "name") }?;
        let value = proof
            .public_inputs
            .named()
            .find(|(input, _)| input.name() == name)
            .map(|(_, v)| v)
            .ok_or_else(|| FfiError::invalid(format!("policy {} has no public input {name:?}", proof.policy)))?;
        *out = buffer::publish(field::to_hex(&value));
        Ok(())
    }
}

/// Verifies a parsed proof under `vk`; as `zkc_verify`.
///
/// # Safety
/// `accepted` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_verify_proof(
    vk: *const ZkcVerifyingKey,
    proof: *const ZkcProof,
    accepted: *mut bool,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let accepted = unsafe { handle::out_value(accepted, "accepted") }?;
        *accepted = false;
        let vk = handle::get::<VerifyingKey>(vk, "vk")?;
        let proof = handle::get::<Proof>(proof, "proof")?;
        *accepted = zkcomply::verify(&vk, &proof)?;
        Ok(())
    }
}

/// Frees a parsed proof. NULL is a no-op; a handle already freed or of another type
/// gives `ZKC_STATUS_WRONG_HANDLE` and is left alone.
#[no_mangle]
pub extern "C" fn zkc_proof_free(proof: *const ZkcProof) -> ZkcStatus {
    guard_keep(|| handle::release::<Proof>(proof, "proof"))
}
