//! # zkcomply-gpu
//!
//! Multi-scalar multiplication in BN254's G1 on a GPU: WGSL compute shaders run with
//! `wgpu`, so the same kernels run on Vulkan, Metal, DX12 and WebGPU, and on software
//! adapters such as Mesa's llvmpipe. The prover (feature `gpu` of `zkcomply-prover`,
//! re-exported as `zkcomply_prover::gpu`) and the batch verifier (feature `gpu` of
//! `zkcomply-verifier`) use it for their G1 MSMs when a [`Gpu`] is attached and
//! [`Gpu::prefers_gpu`] says the size wins; the CPU otherwise.
//!
//! - [`device`]: adapter and device acquisition ([`Gpu::new`] is `None` without an
//!   adapter), driver errors turned into [`Error`]s, never panics;
//! - [`msm`]: Pippenger's bucket method, buckets summed on the GPU ([`Gpu::msm_g1`]), and
//!   the size threshold deciding GPU or CPU ([`Gpu::prefers_gpu`], [`Gpu::msm_g1_auto`]);
//! - [`error`]: the error type;
//! - `shaders/field.wgsl` (BN254 `Fq`, Montgomery form in 16-bit limbs),
//!   `shaders/curve.wgsl` (Jacobian G1 arithmetic), `shaders/msm.wgsl` (the kernels).
//!
//! Results are bit-identical to arkworks' `VariableBaseMSM::msm` as group elements (tests
//! compare them), and every result is checked to be on the curve before it is returned.
//! (The example is compiled, not run, by the doc tests: compiling the kernels takes a
//! minute on a software adapter; the unit tests run it.)
//!
//! ```no_run
//! use ark_bn254::{Fr, G1Affine, G1Projective};
//! use ark_ec::{AffineRepr, VariableBaseMSM};
//! use zkcomply_gpu::Gpu;
//!
//! # fn main() -> Result<(), zkcomply_gpu::Error> {
//! let bases = vec![G1Affine::generator(); 3];
//! let scalars = vec![Fr::from(1u64), Fr::from(2u64), Fr::from(3u64)];
//! let expected = G1Projective::msm(&bases, &scalars).expect("equal lengths");
//! match Gpu::new() {
//!     Some(gpu) => assert_eq!(gpu.msm_g1(&bases, &scalars)?, expected),
//!     None => println!("no GPU adapter: the CPU MSM is used"),
//! }
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod device;
pub mod error;
pub mod msm;
mod shader;
#[doc(hidden)]
pub mod testing;
mod words;

#[cfg(test)]
mod tests;

pub use device::Gpu;
pub use error::{Error, Result};
pub use msm::{
    window_bits, MsmConfig, Reduction, DEFAULT_MIN_GPU_POINTS, MAX_WINDOW_BITS, MIN_WINDOW_BITS,
};
