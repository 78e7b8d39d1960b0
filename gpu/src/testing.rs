//! Test support shared by this crate's, the prover's, the verifier's and the facade's GPU
//! tests. Not part of the API.

use std::sync::OnceLock;

use crate::Gpu;

/// One device per test binary (compiling the kernels takes one to two minutes on
/// llvmpipe), or `None` (the test is skipped, with a message) when there is no adapter
/// and `ZKCOMPLY_REQUIRE_GPU` is not set.
///
/// # Panics
/// If `ZKCOMPLY_REQUIRE_GPU` is set and there is no adapter, or if the adapter cannot
/// run the kernels: that is the test failing.
pub fn gpu_or_skip(test: &str) -> Option<&'static Gpu> {
    static GPU: OnceLock<Result<Option<Gpu>, String>> = OnceLock::new();
    match GPU.get_or_init(|| Gpu::try_new().map_err(|e| e.to_string())) {
        Ok(Some(gpu)) => Some(gpu),
        Ok(None) if std::env::var_os("ZKCOMPLY_REQUIRE_GPU").is_none() => {
            eprintln!(
                "skipping {test}: no GPU adapter (set ZKCOMPLY_REQUIRE_GPU=1 to fail instead)"
            );
            None
        }
        Ok(None) => panic!("{test}: ZKCOMPLY_REQUIRE_GPU is set but there is no GPU adapter"),
        Err(e) => panic!("{test}: the GPU adapter cannot run the kernels: {e}"),
    }
}

/// Destroys `gpu`'s device, as a driver reset would: every later call on it (or on a
/// clone) must be an error, never a panic. For the last step of a test.
pub fn destroy_device(gpu: &Gpu) {
    gpu.device().destroy();
}
