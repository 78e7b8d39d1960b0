//! The file-format layer: every zkcomply file (keys, SRS, snapshots, trees, notes, proofs)
//! is read and written here, once.
//!
//! - [`envelope`]: the binary envelope of keys, SRS and snapshots (magic, version, kind,
//!   JSON metadata, payload, SHA-256 trailer);
//! - [`Backend`]: the proving system a key or proof belongs to;
//! - [`meta`]: the metadata of key and SRS files ([`KeyMeta`], [`SrsMeta`], [`SrsOrigin`]),
//!   range-checked where it is decoded;
//! - [`json`]: the one JSON reader (duplicate keys refused at every depth);
//! - [`Artefact`]: `to_bytes`/`from_bytes` per type, and `save`/`load` for all of them,
//!   with a size limit checked before anything is read and atomic (temp file + rename)
//!   writes, private (0600) for files holding a secret.

mod backend;
pub mod envelope;
mod file;
pub mod json;
pub mod meta;

pub use backend::Backend;
pub use envelope::{Envelope, Kind, FORMAT_VERSION, MAGIC};
pub use file::{read, read_limited, write_atomic, write_private, Artefact, DEFAULT_MAX_BYTES};
pub use meta::{KeyMeta, KeyParams, SrsMeta, SrsOrigin};
