//! The last error of each thread, read with `zkc_last_error`.

use std::cell::RefCell;
use std::ffi::c_char;

use crate::panic::guard_value;
use crate::status::ZkcStatus;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records `message` as the calling thread's last error (NUL bytes are escaped so that
/// the C string is the whole message).
pub fn set(message: &str) {
    let message = message.replace('\0', "\\0");
    LAST_ERROR.with(|e| *e.borrow_mut() = message);
}

/// Clears the calling thread's last error.
pub fn clear() {
    LAST_ERROR.with(|e| e.borrow_mut().clear());
}

/// The calling thread's last error (empty if the last call succeeded).
pub fn get() -> String {
    LAST_ERROR.with(|e| e.borrow().clone())
}

/// The length in bytes, without the terminating NUL, of the message of the last failed
/// `zkc_*` call on this thread; 0 if the last call succeeded. A buffer of
/// `zkc_last_error_len() + 1` bytes holds the whole message.
#[no_mangle]
pub extern "C" fn zkc_last_error_len() -> usize {
    guard_value(0, || LAST_ERROR.with(|e| e.borrow().len()))
}

/// Copies the message of the last failed `zkc_*` call on this thread into `out`, as a
/// NUL-terminated UTF-8 string of at most `cap - 1` bytes (cut at a character
/// boundary), and stores the number of bytes copied, without the NUL, in `*written`
/// (if `written` is not NULL). The message is empty when the last call succeeded.
/// Reading the message does not clear it.
///
/// Returns `ZKC_STATUS_OK` if the whole message fit, `ZKC_STATUS_BUFFER_TOO_SMALL` if it
/// was cut (in particular when `cap` is 0: then nothing is written and `out` may be
/// NULL), and `ZKC_STATUS_NULL_PARAMETER` if `out` is NULL while `cap` is not 0.
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes; `written` must be NULL or point
/// to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn zkc_last_error(
    out: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> ZkcStatus {
    guard_value(ZkcStatus::Panic, || {
        if !written.is_null() {
            // SAFETY: the caller guarantees `written` is writable when not NULL.
            unsafe { *written = 0 };
        }
        let message = get();
        if cap == 0 {
            return if message.is_empty() {
                ZkcStatus::Ok
            } else {
                ZkcStatus::BufferTooSmall
            };
        }
        if out.is_null() {
            return ZkcStatus::NullParameter;
        }
        // cap >= 1 here, so this does not underflow.
        let mut n = message.len().min(cap - 1);
        while !message.is_char_boundary(n) {
            n -= 1;
        }
        // SAFETY: the caller guarantees `out` has `cap` writable bytes and n + 1 <= cap.
        unsafe {
            std::ptr::copy_nonoverlapping(message.as_ptr(), out.cast::<u8>(), n);
            *out.add(n) = 0;
        }
        if !written.is_null() {
            // SAFETY: as above.
            unsafe { *written = n };
        }
        if n == message.len() {
            ZkcStatus::Ok
        } else {
            ZkcStatus::BufferTooSmall
        }
    })
}
