//! The identity registry, and identities.

use std::ffi::c_char;
use std::sync::{PoisonError, RwLock};

use zkcomply::circuits::registration::{RegistrationRequest, SignedRequest};
use zkcomply::circuits::tree::{Identities, IncrementalTree, Leaves};
use zkcomply::{field, AddressKey, Identity, Registry};

use crate::buffer::{self, ZkcBuffer};
use crate::ffi_boundary;
use crate::handle::{self, Handle, ZkcRegistry};
use crate::panic::guard_keep;
use crate::status::{FfiResult, ZkcStatus};

// The functions of both incremental trees (the registry and the state tree of notes).

/// A new empty tree in `*out`.
///
/// # Safety
/// `out` must be writable.
pub(crate) unsafe fn tree_new<K: Leaves + Send + Sync + 'static>(
    depth: u32,
    out: *mut *const <RwLock<IncrementalTree<K>> as Handle>::C,
) -> FfiResult<()>
where
    RwLock<IncrementalTree<K>>: Handle,
{
    // SAFETY: the caller's guarantees.
    let out = unsafe { handle::out_handle(out, "out") }?;
    let tree = IncrementalTree::<K>::new(handle::depth(depth, "depth")?)?;
    *out = handle::publish(RwLock::new(tree));
    Ok(())
}

/// A tree from its JSON form in `*out`.
///
/// # Safety
/// `json` must point to `len` readable bytes; `out` must be writable.
pub(crate) unsafe fn tree_load_json<K: Leaves + Send + Sync + 'static>(
    json: *const u8,
    len: usize,
    out: *mut *const <RwLock<IncrementalTree<K>> as Handle>::C,
) -> FfiResult<()>
where
    RwLock<IncrementalTree<K>>: Handle,
{
    // SAFETY: the caller's guarantees.
    let out = unsafe { handle::out_handle(out, "out") }?;
    // SAFETY: the caller's guarantees.
    let json = unsafe { handle::text(json, len, "json") }?;
    let tree = IncrementalTree::<K>::from_json(K::WHAT, json)?;
    *out = handle::publish(RwLock::new(tree));
    Ok(())
}

/// Appends the leaf written as a NUL-terminated field element; its index goes to `*index`.
///
/// # Safety
/// `leaf` must be a NUL-terminated string; `index` NULL or writable.
pub(crate) unsafe fn tree_insert<K: Leaves + Send + Sync + 'static>(
    tree: *const <RwLock<IncrementalTree<K>> as Handle>::C,
    tree_param: &str,
    leaf: *const c_char,
    leaf_param: &str,
    index: *mut u64,
) -> FfiResult<()>
where
    RwLock<IncrementalTree<K>>: Handle,
{
    let tree = handle::get::<RwLock<IncrementalTree<K>>>(tree, tree_param)?;
    // SAFETY: the caller's guarantees.
    let leaf = unsafe { handle::c_str(leaf, leaf_param) }?;
    let leaf = field::parse(leaf_param, leaf)?;
    let i = tree
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(leaf)?;
    // SAFETY: the caller guarantees `index` is NULL or writable.
    if let Some(index) = unsafe { index.as_mut() } {
        *index = i;
    }
    Ok(())
}

/// `text` of the tree, in a new buffer (the tree is read-locked meanwhile).
///
/// # Safety
/// `out` must be writable.
pub(crate) unsafe fn tree_text<K: Leaves + Send + Sync + 'static>(
    tree: *const <RwLock<IncrementalTree<K>> as Handle>::C,
    tree_param: &str,
    out: *mut *const ZkcBuffer,
    text: impl FnOnce(&IncrementalTree<K>) -> String,
) -> FfiResult<()>
where
    RwLock<IncrementalTree<K>>: Handle,
{
    // SAFETY: the caller's guarantees.
    let out = unsafe { handle::out_handle(out, "out") }?;
    let tree = handle::get::<RwLock<IncrementalTree<K>>>(tree, tree_param)?;
    let text = text(&tree.read().unwrap_or_else(PoisonError::into_inner));
    *out = buffer::publish(text);
    Ok(())
}

/// The root as `0x` and 64 hex digits.
pub(crate) fn root_hex<K: Leaves>(tree: &IncrementalTree<K>) -> String {
    field::to_hex(&tree.root())
}

/// A new, empty registry of depth `depth` (1 to 40; room for `2^depth` identities).
/// `*out` is a new handle, freed with `zkc_registry_free`.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_registry_new(depth: u32, out: *mut *const ZkcRegistry) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_new::<Identities>(depth, out) }
    }
}

/// Loads a registry from its JSON form (as written by `zkc_registry_to_json`).
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT`, `INVALID_ARGUMENT` (depth).
///
/// # Safety
/// `json` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_registry_load_json(
    json: *const u8,
    len: usize,
    out: *mut *const ZkcRegistry,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_load_json::<Identities>(json, len, out) }
    }
}

/// Appends an identity commitment (a NUL-terminated field element, `0x`-hex or
/// decimal, below the field modulus) to the registry, and stores its leaf index in
/// `*index` if `index` is not NULL. Safe to call while other threads use the registry.
///
/// Errors: `NULL_PARAMETER`, `WRONG_HANDLE`, `MALFORMED_INPUT` (commitment),
/// `TREE_FULL`.
///
/// # Safety
/// `commitment` must be a NUL-terminated string; `index` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_registry_insert(
    registry: *const ZkcRegistry,
    commitment: *const c_char,
    index: *mut u64,
) -> ZkcStatus {
    ffi_boundary! {
        unsafe { tree_insert::<Identities>(registry, "registry", commitment, "commitment", index) }
    }
}

/// Writes the root of the registry to `out`: 32 bytes, big-endian.
///
/// # Safety
/// `out` must point to 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn zkc_registry_root(
    registry: *const ZkcRegistry,
    out: *mut u8,
) -> ZkcStatus {
    ffi_boundary! {
        if out.is_null() {
            return Err(crate::status::FfiError::null("out"));
        }
        let registry = handle::get::<RwLock<Registry>>(registry, "registry")?;
        let root = field::to_be_bytes(&registry.read().unwrap_or_else(PoisonError::into_inner).root());
        // SAFETY: the caller guarantees 32 writable bytes at `out`.
        unsafe { std::ptr::copy_nonoverlapping(root.as_ptr(), out, 32) };
        Ok(())
    }
}

/// The root of the registry as `0x` and 64 hex digits, in a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_registry_root_hex(
    registry: *const ZkcRegistry,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_text(registry, "registry", out, root_hex::<Identities>) }
    }
}

/// The registry as JSON (loads with `zkc_registry_load_json`), in a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_registry_to_json(
    registry: *const ZkcRegistry,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_text(registry, "registry", out, IncrementalTree::<Identities>::to_json) }
    }
}

/// Frees a registry. NULL is a no-op; a handle already freed or of another type gives
/// `ZKC_STATUS_WRONG_HANDLE` and is left alone.
#[no_mangle]
pub extern "C" fn zkc_registry_free(registry: *const ZkcRegistry) -> ZkcStatus {
    guard_keep(|| handle::release::<RwLock<Registry>>(registry, "registry"))
}

/// A new identity for `address` (NUL-terminated, any chain's format) with a secret
/// drawn from the operating system's randomness: the identity file
/// (`zkcomply-identity/2` JSON with `address`, `key`, `secret`, `public_key` and
/// `commitment`) in a new buffer. Keep it private: whoever holds the secret can prove as
/// this identity. The registry operator gets its `public_key`, never the secret, with proof
/// that the user controls the address (see `zkc_registration_message`).
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT` (address).
///
/// # Safety
/// `address` must be a NUL-terminated string; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_identity_new(
    address: *const c_char,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let address = unsafe { handle::c_str(address, "address") }?;
        let identity = Identity::random(AddressKey::parse(address)?, &mut rand::rngs::OsRng);
        *out = buffer::publish(identity.to_json(Some(address)));
        Ok(())
    }
}

/// The commitment of an identity file, as `0x` and 64 hex digits in a new buffer
/// (after checking the file: format, address, and that the commitment matches).
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT`.
///
/// # Safety
/// `identity_json` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_identity_commitment(
    identity_json: *const u8,
    len: usize,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let json = unsafe { handle::text(identity_json, len, "identity_json") }?;
        let identity = Identity::from_json("identity", json)?;
        *out = buffer::publish(field::to_hex(&identity.commitment()));
        Ok(())
    }
}

/// The public key `pk` of an identity file, as `0x` and 64 hex digits in a new buffer: what
/// the user gives the registry operator (after checking the file).
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT`.
///
/// # Safety
/// `identity_json` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_identity_public_key(
    identity_json: *const u8,
    len: usize,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let json = unsafe { handle::text(identity_json, len, "identity_json") }?;
        let identity = Identity::from_json("identity", json)?;
        *out = buffer::publish(field::to_hex(&identity.public_key()));
        Ok(())
    }
}

/// The text the EVM account `address` signs with `personal_sign` (EIP-191) to register the
/// identity public key `public_key` (0x-hex) with the registry named `registry` on chain
/// `chain_id`, in a new buffer. The wallet signs it with its own key store; the operator
/// checks the signature with `zkc_registration_verify`.
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT` (address, public key),
/// `REGISTRATION_REFUSED` (registry name empty, too long or with control characters).
///
/// # Safety
/// `address`, `public_key` and `registry` must be NUL-terminated strings; `out` must be
/// writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_registration_message(
    address: *const c_char,
    public_key: *const c_char,
    registry: *const c_char,
    chain_id: u64,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let address = unsafe { handle::c_str(address, "address") }?;
        // SAFETY: the caller's guarantees.
        let public_key = unsafe { handle::c_str(public_key, "public_key") }?;
        // SAFETY: the caller's guarantees.
        let registry = unsafe { handle::c_str(registry, "registry") }?;
        let pk = field::parse("public_key", public_key)?;
        let request = RegistrationRequest::new(address, pk, registry, chain_id)?;
        *out = buffer::publish(request.message());
        Ok(())
    }
}

/// The registry operator's check of a signed registration request
/// (`zkcomply-registration/1` JSON, `request_json`, `len` bytes) for its registry
/// `registry` on chain `chain_id`: on success, the identity commitment to insert, as `0x`
/// and 64 hex digits in a new buffer.
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT` (JSON, address, signature encoding),
/// `REGISTRATION_REFUSED` (a signature by another account, or over another public key,
/// registry or chain; a request for another registry or chain).
///
/// # Safety
/// `request_json` must point to `len` readable bytes; `registry` must be a NUL-terminated
/// string; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_registration_verify(
    request_json: *const u8,
    len: usize,
    registry: *const c_char,
    chain_id: u64,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let json = unsafe { handle::text(request_json, len, "request_json") }?;
        // SAFETY: the caller's guarantees.
        let registry = unsafe { handle::c_str(registry, "registry") }?;
        let signed = SignedRequest::from_json("registration request", json)?;
        *out = buffer::publish(field::to_hex(&signed.verify(registry, chain_id)?));
        Ok(())
    }
}
