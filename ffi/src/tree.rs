//! The sanctions list: build, load, root, lookup.

use std::ffi::c_char;

use zkcomply::{field, AddressKey, Artefact, SanctionsTree};

use crate::buffer::{self, ZkcBuffer};
use crate::ffi_boundary;
use crate::handle::{self, ZkcSanctionsTree};
use crate::panic::guard_keep;
use crate::status::{FfiError, ZkcStatus};

/// Builds a sanctions list of depth `depth` (1 to 40; room for `2^depth - 1` addresses)
/// from `len` bytes at `addresses`: UTF-8 text, one address per line (any chain's
/// format; surrounding whitespace is ignored, as are empty lines and lines starting
/// with `#`). Duplicates count once. `len` may be 0 for an empty list, but
/// `addresses` must not be NULL. On success `*out` is a new handle, freed with
/// `zkc_tree_free`; on failure it is NULL.
///
/// Errors: `NULL_PARAMETER`, `INVALID_ARGUMENT` (depth), `MALFORMED_INPUT` (not UTF-8,
/// or an address that does not parse; the message names the line), `TREE_FULL`.
///
/// # Safety
/// `addresses` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_tree_build(
    addresses: *const u8,
    len: usize,
    depth: u32,
    out: *mut *const ZkcSanctionsTree,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let list = unsafe { handle::text(addresses, len, "addresses") }?;
        let depth = handle::depth(depth, "depth")?;
        let mut keys = Vec::new();
        for (i, line) in list.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            keys.push(AddressKey::parse(line).map_err(|e| FfiError::from(e).context(&format!("line {}", i + 1)))?);
        }
        let tree = SanctionsTree::from_keys(depth, keys)?;
        *out = handle::publish(tree);
        Ok(())
    }
}

/// Loads a sanctions-list snapshot in either form (the JSON `zkcomply-sanctions/1` or
/// the binary envelope), rebuilding the tree and checking its stated root. On success
/// `*out` is a new handle; on failure it is NULL.
///
/// Errors: `NULL_PARAMETER`, `MALFORMED_INPUT` (truncated, garbage, wrong root),
/// `INVALID_ARGUMENT` (depth out of range), `TREE_FULL`.
///
/// # Safety
/// `data` must point to `len` readable bytes; `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_tree_load(
    data: *const u8,
    len: usize,
    out: *mut *const ZkcSanctionsTree,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        // SAFETY: the caller's guarantees.
        let data = unsafe { handle::bytes(data, len, "data") }?;
        let tree = SanctionsTree::from_snapshot("sanctions snapshot", data)?;
        *out = handle::publish(tree);
        Ok(())
    }
}

/// The snapshot of a sanctions list: the JSON form if `json` is true, else the compact
/// binary envelope. Both load with `zkc_tree_load`. `*out` is a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_tree_snapshot(
    tree: *const ZkcSanctionsTree,
    json: bool,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        let tree = handle::get::<SanctionsTree>(tree, "tree")?;
        *out = if json { buffer::publish(tree.to_json()) } else { buffer::publish(tree.to_bytes()) };
        Ok(())
    }
}

/// Writes the root of the sanctions list to `out`: 32 bytes, big-endian.
///
/// # Safety
/// `out` must point to 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn zkc_tree_root(tree: *const ZkcSanctionsTree, out: *mut u8) -> ZkcStatus {
    ffi_boundary! {
        if out.is_null() {
            return Err(FfiError::null("out"));
        }
        let tree = handle::get::<SanctionsTree>(tree, "tree")?;
        let root = field::to_be_bytes(&tree.root());
        // SAFETY: the caller guarantees 32 writable bytes at `out`.
        unsafe { std::ptr::copy_nonoverlapping(root.as_ptr(), out, 32) };
        Ok(())
    }
}

/// The root of the sanctions list as `0x` and 64 hex digits, in a new buffer.
///
/// # Safety
/// `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_tree_root_hex(
    tree: *const ZkcSanctionsTree,
    out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(out, "out") }?;
        let tree = handle::get::<SanctionsTree>(tree, "tree")?;
        *out = buffer::publish(field::to_hex(&tree.root()));
        Ok(())
    }
}

/// Sets `*listed` to whether `address` (a NUL-terminated string, any chain's format)
/// is on the sanctions list.
///
/// Errors: `NULL_PARAMETER`, `WRONG_HANDLE`, `MALFORMED_INPUT` (address).
///
/// # Safety
/// `address` must be a NUL-terminated string; `listed` must be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_tree_is_listed(
    tree: *const ZkcSanctionsTree,
    address: *const c_char,
    listed: *mut bool,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let listed = unsafe { handle::out_value(listed, "listed") }?;
        *listed = false;
        let tree = handle::get::<SanctionsTree>(tree, "tree")?;
        // SAFETY: the caller's guarantees.
        let address = unsafe { handle::c_str(address, "address") }?;
        *listed = tree.is_listed(&AddressKey::parse(address)?);
        Ok(())
    }
}

/// Frees a sanctions list. NULL is a no-op; a handle already freed or of another type
/// gives `ZKC_STATUS_WRONG_HANDLE` and is left alone.
#[no_mangle]
pub extern "C" fn zkc_tree_free(tree: *const ZkcSanctionsTree) -> ZkcStatus {
    guard_keep(|| handle::release::<SanctionsTree>(tree, "tree"))
}
