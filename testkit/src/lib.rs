//! # zkcomply-testkit
//!
//! What zkcomply's tests, examples and benchmarks share (not published):
//!
//! - [`world`]: the small world the Groth16 tests prove in (a sanctions list, a registry
//!   holding the prover's identity, a state tree holding its allowance note) and valid
//!   witnesses in it;
//! - [`evm`]: a real EVM (revm, with the BN254 precompiles) and the pinned solc-js, the
//!   ABI words the contracts take, and poseidon-solidity's deterministic deployments;
//! - [`fuzz`]: the fuzz targets of every parser, for cargo-fuzz and the corpus replay;
//! - [`tools`]: the independent tools of `tools/` (npm packages), or a skip with a message
//!   (a failure when `ZKCOMPLY_REQUIRE_TOOLS` is set).
//!
//! Every helper panics with a message on failure: that is the calling test failing.
#![deny(missing_docs)]

pub mod evm;
pub mod fuzz;
pub mod tools;
pub mod world;
