//! Key generation and key files.

use std::ffi::c_char;

use zkcomply::{setup, Artefact, Policy, Prover, Shape, VerifyingKey};

use crate::buffer::{self, ZkcBuffer};
use crate::ffi_boundary;
use crate::handle::{self, ZkcProver, ZkcVerifyingKey};
use crate::panic::guard_keep;
use crate::status::{FfiResult, ZkcStatus};

/// The policy and shape of a setup.
///
/// # Safety
/// `policy` must be NULL or a NUL-terminated string.
unsafe fn shape(
    policy: *const c_char,
    sanctions_depth: u32,
    registry_depth: u32,
    state_depth: u32,
) -> FfiResult<(Policy, Shape)> {
    // SAFETY: the caller's guarantee.
    let policy = Policy::from_name(unsafe { handle::c_str(policy, "policy") }?)?;
    let shape = Shape {
        sanctions_depth: handle::depth(sanctions_depth, "sanctions_depth")?,
        registry_depth: handle::depth(registry_depth, "registry_depth")?,
        state_depth: handle::depth(state_depth, "state_depth")?,
    };
    Ok((policy, shape))
}

/// An INSECURE, deterministic development setup: anybody who knows `seed` can forge
/// proofs, and the keys say so (`insecure_dev_setup`). For tests and demos only.
/// `policy` is `"compliance"`, `"non_membership"`, `"transfer_limit"` or
/// `"period_limit"`; the depths (1 to 40) are those of the sanctions list, the registry
/// and the state tree of allowance notes (period_limit only) the proofs will use.
/// `*out` is a new prover handle (proving key + verifying key), freed with
/// `zkc_prover_free`.
///
/// Errors: `NULL_PARAMETER`, `INVALID_ARGUMENT` (policy name, depth).
///
/// # Safety
/// `policy` must be a NUL-terminated string; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_setup_dev(
    policy: *const c_char,
    sanctions_depth: u32,
    registry_depth: u32,
    state_depth: u32,
    seed: u64,
    out: *mut *const ZkcProver,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let (policy, shape) = unsafe { shape(policy, sanctions_depth, registry_depth, state_depth) }?;
        let prover = Prover::new(setup::setup_dev(policy, shape, seed)?)?;
        *out = handle::publish(prover);
        Ok(())
    }
}

/// A single-party setup with randomness from the operating system. Whoever runs it
/// could forge proofs in principle; production keys come from a multi-party ceremony.
/// Arguments and errors as `zkc_setup_dev`.
///
/// # Safety
/// `policy` must be a NUL-terminated string; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_setup(
    policy: *const c_char,
    sanctions_depth: u32,
    registry_depth: u32,
    state_depth: u32,
    out: *mut *const ZkcProver,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let (policy, shape) = unsafe { shape(policy, sanctions_depth, registry_depth, state_depth) }?;
        let prover = Prover::new(setup::setup(policy, shape)?)?;
        *out = handle::publish(prover);
        Ok(())
    }
}

/// Loads a proving-key file (as written by `zkc_proving_key_to_bytes` or the CLI),
/// checking its header, hash and points, and prepares a prover. `*out` is a new prover
/// handle.
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT` (truncated, garbage, a verifying key).
///
/// # Safety
/// `data` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_proving_key_load(
    data: *const u8,
    len: usize,
    out: *mut *const ZkcProver,
) -> ZkcStatus {
    // SAFETY: the caller's guarantees.
    unsafe { load_prover(data, len, false, out) }
}

/// As `zkc_proving_key_load`, and precomputes the multiples of the key's bases for every
/// MSM window: each later proof is faster (about 1.4× for `compliance`), at the cost of
/// seconds now and memory (about 95 MB for `compliance` at the default shape). For a
/// prover that makes many proofs.
///
/// # Safety
/// As `zkc_proving_key_load`.
#[no_mangle]
pub unsafe extern "C" fn zkc_proving_key_load_precomputed(
    data: *const u8,
    len: usize,
    out: *mut *const ZkcProver,
) -> ZkcStatus {
    // SAFETY: the caller's guarantees.
    unsafe { load_prover(data, len, true, out) }
}

/// The body of the two loaders.
///
/// # Safety
/// As `zkc_proving_key_load`.
unsafe fn load_prover(
    data: *const u8,
    len: usize,
    precompute: bool,
    out: *mut *const ZkcProver,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let data = unsafe { handle::bytes(data, len, "data") }?;
        let key = zkcomply::ProvingKey::from_bytes("proving key", data)?;
        let mut prover = Prover::new(key)?;
        if precompute {
            prover.precompute_bases();
        }
        *out = handle::publish(prover);
        Ok(())
    }
}

/// The prover's proving-key file, in a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_proving_key_to_bytes(
    prover: *const ZkcProver,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        let prover = handle::get::<Prover>(prover, "prover")?;
        *out = buffer::publish(prover.key().to_bytes());
        Ok(())
    }
}

/// Frees a prover. NULL is a no-op; a handle already freed or of another type gives
/// `ZKC_STATUS_WRONG_HANDLE` and is left alone.
#[no_mangle]
pub extern "C" fn zkc_prover_free(prover: *const ZkcProver) -> ZkcStatus {
    guard_keep(|| handle::release::<Prover>(prover, "prover"))
}

/// The verifying key of a prover's proving key. `*out` is a new handle, independent of
/// the prover (free each with its own function).
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_verifying_key_from_proving_key(
    prover: *const ZkcProver,
    out: *mut *const ZkcVerifyingKey,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        let prover = handle::get::<Prover>(prover, "prover")?;
        *out = handle::publish(prover.verifying_key().clone());
        Ok(())
    }
}

/// Loads a verifying-key file, checking its header, hash and points. `*out` is a new
/// handle, freed with `zkc_verifying_key_free`.
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT` (truncated, garbage, a proving key).
///
/// # Safety
/// `data` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_verifying_key_load(
    data: *const u8,
    len: usize,
    out: *mut *const ZkcVerifyingKey,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let data = unsafe { handle::bytes(data, len, "data") }?;
        *out = handle::publish(VerifyingKey::from_bytes("verifying key", data)?);
        Ok(())
    }
}

/// The verifying-key file, in a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_verifying_key_to_bytes(
    vk: *const ZkcVerifyingKey,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        let vk = handle::get::<VerifyingKey>(vk, "vk")?;
        *out = buffer::publish(vk.to_bytes());
        Ok(())
    }
}

/// Frees a verifying key. NULL is a no-op; a handle already freed or of another type
/// gives `ZKC_STATUS_WRONG_HANDLE` and is left alone.
#[no_mangle]
pub extern "C" fn zkc_verifying_key_free(vk: *const ZkcVerifyingKey) -> ZkcStatus {
    guard_keep(|| handle::release::<VerifyingKey>(vk, "vk"))
}
