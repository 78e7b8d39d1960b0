//! The panic boundary: every `extern "C"` body runs inside [`guard`] (or
//! [`guard_value`]), so that a panic becomes `ZKC_STATUS_PANIC` (or NULL / 0) instead of
//! unwinding into C, which since Rust 1.81 aborts the host process.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error;
use crate::status::{FfiResult, ZkcStatus};

/// The panic message, if the payload is a string.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// Runs the body of a status-returning function: clears the thread's last error, runs
/// `body`, records a failure's message as the last error and returns its status. A
/// panic becomes [`ZkcStatus::Panic`].
pub fn guard(body: impl FnOnce() -> FfiResult<()>) -> ZkcStatus {
    error::clear();
    guard_keep(body)
}

/// As [`guard`], but leaves the last error alone unless `body` fails: for the `*_free`
/// functions, so that freeing after a failure keeps the failure's message.
pub fn guard_keep(body: impl FnOnce() -> FfiResult<()>) -> ZkcStatus {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => ZkcStatus::Ok,
        Ok(Err(e)) => {
            error::set(&e.message);
            e.status
        }
        Err(payload) => {
            error::set(&format!(
                "zkcomply panicked (please report this): {}",
                panic_message(payload.as_ref())
            ));
            ZkcStatus::Panic
        }
    }
}

/// Runs the body of a function that returns a plain value (a pointer, a length) and
/// does not touch the last error; a panic gives `on_panic`.
pub fn guard_value<R>(on_panic: R, body: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_panic)
}

/// Wraps the body of an `extern "C"` function that returns a [`ZkcStatus`]: the body is
/// a block whose value is `FfiResult<()>`.
#[macro_export]
#[doc(hidden)]
macro_rules! ffi_boundary {
    ($($body:tt)*) => {
        $crate::panic::guard(move || -> $crate::status::FfiResult<()> { $($body)* })
    };
}
