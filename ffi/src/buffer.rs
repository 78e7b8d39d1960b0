//! Library-owned output buffers.

use crate::handle::{self, Handle};
use crate::panic::guard_keep;
use crate::status::ZkcStatus;

/// Bytes owned by the library: `len` bytes at `data`, followed by one NUL byte that is
/// not counted in `len` (so a text buffer is also a C string). Read-only; free it with
/// `zkc_buffer_free`.
#[repr(C)]
pub struct ZkcBuffer {
    /// The bytes; never NULL.
    pub data: *const u8,
    /// The number of bytes, without the trailing NUL.
    pub len: usize,
}

/// The object behind a `ZkcBuffer*`: the public header first, then the storage it
/// points into.
#[repr(C)]
pub struct OwnedBuffer {
    head: ZkcBuffer,
    storage: Box<[u8]>,
}

// SAFETY: `head.data` points into `storage`, which is never written after creation.
unsafe impl Send for OwnedBuffer {}
// SAFETY: as above.
unsafe impl Sync for OwnedBuffer {}

impl OwnedBuffer {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.storage[..self.head.len]
    }
}

impl Handle for OwnedBuffer {
    type C = ZkcBuffer;
    const NAME: &'static str = "ZkcBuffer";
}

/// A new buffer holding `bytes`; the `ZkcBuffer` it points to is the start of the
/// buffer object, so C reads `data` and `len` through the handle.
pub fn publish(bytes: impl Into<Vec<u8>>) -> *const ZkcBuffer {
    let mut storage = bytes.into();
    let len = storage.len();
    storage.push(0);
    let storage = storage.into_boxed_slice();
    let head = ZkcBuffer {
        data: storage.as_ptr(),
        len,
    };
    handle::publish(OwnedBuffer { head, storage })
}

/// Frees a buffer returned by the library. NULL is a no-op (`ZKC_STATUS_OK`); a buffer
/// already freed, or a pointer that is not a `ZkcBuffer` from this library, gives
/// `ZKC_STATUS_WRONG_HANDLE` and is left alone.
/// The pointer is looked up, never dereferenced, so any value is safe to pass.
#[no_mangle]
pub extern "C" fn zkc_buffer_free(buffer: *const ZkcBuffer) -> ZkcStatus {
    guard_keep(|| handle::release::<OwnedBuffer>(buffer, "buffer"))
}
