//! Opaque handles, and the checked casts of every pointer that comes in from C.
//!
//! A handle is the address of an object this library owns. Every live handle is
//! recorded, with its type tag, in one table; a call looks the address up before using
//! it, and never dereferences an address it did not hand out. So NULL gives
//! `ZKC_STATUS_NULL_PARAMETER`, and a handle of another type, a freed handle or a
//! pointer that is not a handle gives `ZKC_STATUS_WRONG_HANDLE` — without reading
//! freed memory. (An address freed and then handed out again for a new object of the
//! same type cannot be told apart from it.) The table holds the objects by `Arc`, so a
//! handle freed while another thread is still using it stays valid until that call
//! returns.

use std::any::Any;
use std::collections::HashMap;
use std::ffi::{c_char, CStr};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock};

use zkcomply::{Proof, Prover, Registry, SanctionsTree, StateTree, VerifyingKey};

use crate::status::{FfiError, FfiResult, ZkcStatus};

/// A sanctions list (indexed Merkle tree). Immutable; thread-safe.
pub struct ZkcSanctionsTree {
    _private: [u8; 0],
}

/// An identity registry (incremental Merkle tree). Inserting locks it; thread-safe.
pub struct ZkcRegistry {
    _private: [u8; 0],
}

/// A state tree of allowance notes (incremental Merkle tree; period_limit). Appending
/// locks it; thread-safe.
pub struct ZkcStateTree {
    _private: [u8; 0],
}

/// A prover: a proving key with its circuit, and the matching verifying key.
/// Immutable; thread-safe.
pub struct ZkcProver {
    _private: [u8; 0],
}

/// A verifying key. Immutable; thread-safe.
pub struct ZkcVerifyingKey {
    _private: [u8; 0],
}

/// A parsed proof with its policy and public inputs. Immutable; thread-safe.
pub struct ZkcProof {
    _private: [u8; 0],
}

/// A type that lives behind a handle.
pub trait Handle: Any + Send + Sync + Sized {
    /// The opaque C type of the handle.
    type C;
    /// The type's name in messages.
    const NAME: &'static str;
}

impl Handle for SanctionsTree {
    type C = ZkcSanctionsTree;
    const NAME: &'static str = "ZkcSanctionsTree";
}

impl Handle for RwLock<Registry> {
    type C = ZkcRegistry;
    const NAME: &'static str = "ZkcRegistry";
}

impl Handle for RwLock<StateTree> {
    type C = ZkcStateTree;
    const NAME: &'static str = "ZkcStateTree";
}

impl Handle for Prover {
    type C = ZkcProver;
    const NAME: &'static str = "ZkcProver";
}

impl Handle for VerifyingKey {
    type C = ZkcVerifyingKey;
    const NAME: &'static str = "ZkcVerifyingKey";
}

impl Handle for Proof {
    type C = ZkcProof;
    const NAME: &'static str = "ZkcProof";
}

struct Entry {
    name: &'static str,
    object: Arc<dyn Any + Send + Sync>,
}

fn table() -> MutexGuard<'static, HashMap<usize, Entry>> {
    static TABLE: OnceLock<Mutex<HashMap<usize, Entry>>> = OnceLock::new();
    TABLE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records `value` and returns its handle.
pub fn publish<T: Handle>(value: T) -> *const T::C {
    let object = Arc::new(value);
    let ptr = Arc::as_ptr(&object);
    table().insert(
        ptr as usize,
        Entry {
            name: T::NAME,
            object,
        },
    );
    ptr.cast()
}

/// The object behind handle `ptr`, passed as parameter `param`.
///
/// # Errors
/// `NULL_PARAMETER` for NULL, `WRONG_HANDLE` for anything but a live `T` handle.
pub fn get<T: Handle>(ptr: *const T::C, param: &str) -> FfiResult<Arc<T>> {
    if ptr.is_null() {
        return Err(FfiError::null(param));
    }
    let table = table();
    let entry = table.get(&(ptr as usize)).ok_or_else(|| {
        FfiError::new(
            ZkcStatus::WrongHandle,
            format!(
                "`{param}` is not a live {} (already freed, or not a zkcomply handle)",
                T::NAME
            ),
        )
    })?;
    Arc::clone(&entry.object).downcast::<T>().map_err(|_| {
        FfiError::new(
            ZkcStatus::WrongHandle,
            format!("`{param}` is a {}, not a {}", entry.name, T::NAME),
        )
    })
}

/// Frees handle `ptr`. NULL is a no-op.
///
/// # Errors
/// `WRONG_HANDLE` for anything but a live `T` handle (e.g. a second free).
pub fn release<T: Handle>(ptr: *const T::C, param: &str) -> FfiResult<()> {
    if ptr.is_null() {
        return Ok(());
    }
    let removed = {
        let mut table = table();
        match table.get(&(ptr as usize)) {
            None => {
                return Err(FfiError::new(
                    ZkcStatus::WrongHandle,
                    format!(
                        "`{param}` is not a live {} (freed twice, or not a zkcomply handle)",
                        T::NAME
                    ),
                ))
            }
            Some(entry) if !entry.object.is::<T>() => {
                return Err(FfiError::new(
                    ZkcStatus::WrongHandle,
                    format!("`{param}` is a {}, not a {}", entry.name, T::NAME),
                ))
            }
            Some(_) => table.remove(&(ptr as usize)),
        }
    };
    // Dropped outside the lock (a proving key takes a while to free).
    drop(removed);
    Ok(())
}

/// The number of live handles and buffers: those created and not yet freed. For leak
/// checks in tests and diagnostics (0 once everything has been freed).
#[no_mangle]
pub extern "C" fn zkc_live_handles() -> usize {
    crate::panic::guard_value(0, || table().len())
}

/// A writable out-parameter `out`, set to NULL first so that it is NULL on failure.
///
/// # Safety
/// `out` must be NULL or point to a writable pointer.
pub unsafe fn out_handle<'a, C>(out: *mut *const C, param: &str) -> FfiResult<&'a mut *const C> {
    // SAFETY: the caller guarantees `out` is NULL or valid for writes.
    let out = unsafe { out.as_mut() }.ok_or_else(|| FfiError::null(param))?;
    *out = std::ptr::null();
    Ok(out)
}

/// A writable out-parameter for a plain value.
///
/// # Safety
/// `out` must be NULL or point to a writable `T`.
pub unsafe fn out_value<'a, T>(out: *mut T, param: &str) -> FfiResult<&'a mut T> {
    // SAFETY: the caller guarantees `out` is NULL or valid for writes.
    unsafe { out.as_mut() }.ok_or_else(|| FfiError::null(param))
}

/// `len` bytes at `data`. `data` must not be NULL, even for `len` 0.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes that stay unchanged during the
/// call.
pub unsafe fn bytes<'a>(data: *const u8, len: usize, param: &str) -> FfiResult<&'a [u8]> {
    if data.is_null() {
        return Err(FfiError::null(param));
    }
    if len > isize::MAX as usize {
        return Err(FfiError::invalid(format!(
            "`{param}`: length {len} is too large"
        )));
    }
    // SAFETY: the caller guarantees `len` readable bytes at `data`.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// `len` bytes at `data`, which must be UTF-8 text.
///
/// # Safety
/// As [`bytes`].
pub unsafe fn text<'a>(data: *const u8, len: usize, param: &str) -> FfiResult<&'a str> {
    // SAFETY: forwarded.
    let b = unsafe { bytes(data, len, param) }?;
    std::str::from_utf8(b).map_err(|e| FfiError::malformed(format!("`{param}` is not UTF-8: {e}")))
}

/// A NUL-terminated UTF-8 string.
///
/// # Safety
/// `s` must be NULL or point to a NUL-terminated string.
pub unsafe fn c_str<'a>(s: *const c_char, param: &str) -> FfiResult<&'a str> {
    if s.is_null() {
        return Err(FfiError::null(param));
    }
    // SAFETY: the caller guarantees a NUL-terminated string.
    unsafe { CStr::from_ptr(s) }
        .to_str()
        .map_err(|e| FfiError::invalid(format!("`{param}` is not UTF-8: {e}")))
}

/// Checks a tree depth given by C.
///
/// # Errors
/// `INVALID_ARGUMENT` outside `1..=MAX_DEPTH`.
pub fn depth(depth: u32, param: &str) -> FfiResult<usize> {
    let max = zkcomply::circuits::tree::MAX_DEPTH;
    match usize::try_from(depth) {
        Ok(d) if (1..=max).contains(&d) => Ok(d),
        _ => Err(FfiError::invalid(format!(
            "`{param}` = {depth} is outside 1..={max}"
        ))),
    }
}
