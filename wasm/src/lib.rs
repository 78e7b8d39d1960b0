//! # zkcomply-wasm
//!
//! zkcomply for JavaScript: the same proofs as the Rust crate, built for WebAssembly with
//! wasm-bindgen, so that a user proves in their own browser (or Node.js) and their secrets
//! never leave the device.
//!
//! - [`trees`]: the sanctions list, the registry and the state tree of allowance notes;
//! - [`identity`]: new identities and their commitments;
//! - [`prove`]: a prover from proving-key bytes, and proving a JSON request;
//! - [`verify`]: verifying a proof file with verifying-key bytes.
//!
//! Every function that can fail throws a JavaScript `Error` whose message names what is
//! wrong; bad input never panics.
#![deny(missing_docs)]

pub mod identity;
pub mod prove;
pub mod trees;
pub mod verify;

use wasm_bindgen::prelude::*;
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Whether this build proves on several threads (`initThreadPool` must run first).
#[wasm_bindgen]
pub fn threads() -> bool {
    cfg!(feature = "threads")
}

/// The library's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs when the module is instantiated: a panic (a bug: bad input gives an `Error`) is
/// written to `console.error` with its message and location before the module traps.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!(
            "zkcomply-wasm panicked (please report it): {info}"
        ))
    }));
}

/// A library error as a JavaScript `Error` with its message.
pub(crate) fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}
