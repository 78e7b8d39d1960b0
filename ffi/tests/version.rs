//! `zkc_version` matches Cargo.toml, and the boundary helpers behave at their edges.

use std::ffi::CStr;

use zkcomply_ffi::error::{zkc_last_error, zkc_last_error_len};
use zkcomply_ffi::registry::{zkc_registry_free, zkc_registry_new};
use zkcomply_ffi::status::{zkc_status_name, ZkcStatus};
use zkcomply_ffi::version::zkc_version;

#[test]
fn version_matches_cargo_toml() {
    // SAFETY: zkc_version returns a static NUL-terminated string.
    let v = unsafe { CStr::from_ptr(zkc_version()) };
    assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn status_names() {
    for code in 0..18u32 {
        // SAFETY: a static NUL-terminated string.
        let name = unsafe { CStr::from_ptr(zkc_status_name(code)) };
        assert!(name.to_str().unwrap().starts_with("ZKC_STATUS_"));
        assert_ne!(name.to_str().unwrap(), "ZKC_STATUS_UNKNOWN", "{code}");
    }
    assert_eq!(ZkcStatus::Panic.name(), "ZKC_STATUS_PANIC");
    assert_eq!(
        ZkcStatus::RegistrationRefused.name(),
        "ZKC_STATUS_REGISTRATION_REFUSED"
    );
    // SAFETY: as above.
    let unknown = unsafe { CStr::from_ptr(zkc_status_name(18)) };
    assert_eq!(unknown.to_str().unwrap(), "ZKC_STATUS_UNKNOWN");
}

#[test]
fn last_error_with_zero_and_tiny_buffers() {
    let mut out = std::ptr::null();
    // SAFETY: `out` is writable.
    let s = unsafe { zkc_registry_new(0, &mut out) };
    assert_eq!(s, ZkcStatus::InvalidArgument);
    assert!(out.is_null());
    let len = zkc_last_error_len();
    assert!(len > 0);
    let mut written = 7usize;
    // SAFETY: cap 0 with a NULL buffer is allowed; `written` is writable.
    let s = unsafe { zkc_last_error(std::ptr::null_mut(), 0, &mut written) };
    assert_eq!((s, written), (ZkcStatus::BufferTooSmall, 0));
    let mut buf = vec![1 as std::ffi::c_char; len + 1];
    for cap in [1, 2, len, len + 1] {
        // SAFETY: `buf` has at least `cap` bytes.
        let s = unsafe { zkc_last_error(buf.as_mut_ptr(), cap, &mut written) };
        assert_eq!(written, cap - 1);
        assert_eq!(buf[cap - 1], 0);
        let want = if cap == len + 1 {
            ZkcStatus::Ok
        } else {
            ZkcStatus::BufferTooSmall
        };
        assert_eq!(s, want);
    }
    // SAFETY: `out` is writable.
    assert_eq!(unsafe { zkc_registry_new(3, &mut out) }, ZkcStatus::Ok);
    assert_eq!(zkc_last_error_len(), 0);
    assert_eq!(zkc_registry_free(out), ZkcStatus::Ok);
    assert_eq!(zkc_registry_free(out), ZkcStatus::WrongHandle);
}
