//! # zkcomply-ffi
//!
//! The C ABI of zkcomply, for wallets, mobile apps and back-ends written in C, C++,
//! Swift, Kotlin/JNI, Go (cgo) or anything else that can call C.
//!
//! - Every function returns a [`ZkcStatus`](status::ZkcStatus) (or, for the few that
//!   cannot fail, a plain value); `zkc_last_error` gives the human-readable detail of the
//!   last failure on the calling thread.
//! - Objects live behind opaque handles (`ZkcSanctionsTree*`, `ZkcRegistry*`,
//!   `ZkcStateTree*`, `ZkcProver*`, `ZkcVerifyingKey*`, `ZkcProof*`), each freed by its own NULL-safe
//!   `zkc_*_free`. Handles are checked on every call: NULL gives
//!   `ZKC_STATUS_NULL_PARAMETER`, a handle of another type or one already freed gives
//!   `ZKC_STATUS_WRONG_HANDLE`.
//! - Output bytes and strings come in library-owned `ZkcBuffer`s, freed with
//!   `zkc_buffer_free`.
//! - No panic crosses the boundary: a panic becomes `ZKC_STATUS_PANIC` (or NULL).
//! - Handles are immutable after creation (except the registry and the state tree, which
//!   lock themselves), so
//!   one verifying key may be used from many threads at once.
//!
//! The header `include/zkcomply.h` is generated from this crate by cbindgen.
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod buffer;
pub mod error;
pub mod handle;
pub mod keys;
pub mod panic;
pub mod prove;
pub mod registry;
pub mod state;
pub mod status;
pub mod tree;
pub mod verify;
pub mod version;
