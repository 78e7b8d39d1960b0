//! The library version.

use std::ffi::c_char;

/// The version, NUL-terminated.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The library version (e.g. `"0.1.0"`), as a static NUL-terminated string. Never
/// NULL; never free it.
#[no_mangle]
pub extern "C" fn zkc_version() -> *const c_char {
    VERSION.as_ptr().cast()
}
