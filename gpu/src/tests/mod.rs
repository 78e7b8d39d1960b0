//! The crate's tests, in one binary so that the kernels are compiled once for all of
//! them (a minute or more on llvmpipe): the WGSL field and curve functions against
//! ark-bn254 ([`kernels`]) and the MSM against arkworks' ([`msm`]). Skipped with a
//! message without an adapter, unless `ZKCOMPLY_REQUIRE_GPU` is set, which makes that a
//! failure.

mod kernels;
mod msm;
