//! The state tree of allowance notes a `period_limit` verifier keeps (the same
//! incremental tree as the registry, with note commitments as leaves).

use std::ffi::c_char;
use std::sync::RwLock;

use zkcomply::{
    circuits::tree::{IncrementalTree, Notes},
    StateTree,
};

use crate::buffer::ZkcBuffer;
use crate::ffi_boundary;
use crate::handle::{self, ZkcStateTree};
use crate::panic::guard_keep;
use crate::registry::{root_hex, tree_insert, tree_load_json, tree_new, tree_text};
use crate::status::ZkcStatus;

/// A new, empty state tree of depth `depth` (1 to 40; room for `2^depth` notes, one per
/// accepted period_limit proof). `*out` is a new handle, freed with `zkc_state_free`.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_state_new(depth: u32, out: *mut *const ZkcStateTree) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_new::<Notes>(depth, out) }
    }
}

/// Loads a state tree from its JSON form (`zkcomply-state/1`, as written by
/// `zkc_state_to_json` or `zkcomply state add`).
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT`, `INVALID_ARGUMENT` (depth).
///
/// # Safety
/// `json` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_state_load_json(
    json: *const u8,
    len: usize,
    out: *mut *const ZkcStateTree,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_load_json::<Notes>(json, len, out) }
    }
}

/// Appends a note commitment (a NUL-terminated field element, `0x`-hex or decimal, below
/// the field modulus: an accepted proof's `new_note`), and stores its leaf index in
/// `*index` if `index` is not NULL. Safe to call while other threads use the tree.
///
/// Errors: `NULL_PARAMETER`, `WRONG_HANDLE`, `MALFORMED_INPUT` (note), `TREE_FULL`.
///
/// # Safety
/// `note` must be a NUL-terminated string; `index` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_state_insert(
    state: *const ZkcStateTree,
    note: *const c_char,
    index: *mut u64,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_insert::<Notes>(state, "state", note, "note", index) }
    }
}

/// The root of the state tree as `0x` and 64 hex digits, in a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_state_root_hex(
    state: *const ZkcStateTree,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_text(state, "state", out, root_hex::<Notes>) }
    }
}

/// The state tree as JSON (loads with `zkc_state_load_json`), in a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_state_to_json(
    state: *const ZkcStateTree,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        unsafe { tree_text(state, "state", out, IncrementalTree::<Notes>::to_json) }
    }
}

/// Frees a state tree. NULL is a no-op; a handle already freed or of another type gives
/// `ZKC_STATUS_WRONG_HANDLE` and is left alone.
#[no_mangle]
pub extern "C" fn zkc_state_free(state: *const ZkcStateTree) -> ZkcStatus {
    guard_keep(|| handle::release::<RwLock<StateTree>>(state, "state"))
}
