//! zkcomply developer tasks, run as `cargo run -p xtask -- <task>` (see `main.rs`).
//!
//! - [`poseidon`]: the Poseidon paper's parameter generator (Grain LFSR round constants and
//!   Cauchy MDS matrices) and the renderer of `circuits/src/poseidon/constants.rs`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod poseidon;
