//! The error type of the verifier crate.

/// Why a proof or key could not be checked. (A proof that is well-formed but false is
/// not an error: verification returns `Ok(false)`.)
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of the circuits crate (bad field element, artefact, JSON, policy…).
    #[error(transparent)]
    Circuits(#[from] zkcomply_circuits::Error),
    /// Points or scalars that do not deserialize (not on the curve, not in the subgroup,
    /// wrong length, coordinate not below the modulus…).
    #[error("{what}: {reason}")]
    Malformed {
        /// What was being read.
        what: String,
        /// Why it was refused.
        reason: String,
    },
    /// The proof belongs to another policy (or version) than the key.
    #[error("the proof is for {found}, the key is for {expected}")]
    PolicyMismatch {
        /// The key's policy and version.
        expected: String,
        /// The proof's policy and version.
        found: String,
    },
    /// The number of public inputs does not match the key.
    #[error("the key expects {expected} public inputs, got {found}")]
    InputCount {
        /// Inputs the key expects.
        expected: usize,
        /// Inputs given.
        found: usize,
    },
    /// A GPU multi-scalar multiplication failed (feature `gpu`).
    #[cfg(feature = "gpu")]
    #[error(transparent)]
    Gpu(#[from] zkcomply_gpu::Error),
    /// The pairing computation failed.
    #[error("verification failed to run: {0}")]
    Synthesis(#[from] ark_relations::gr1cs::SynthesisError),
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(all(test, feature = "gpu"))]
mod tests {
    use super::Error;

    /// A GPU failure, a lost device included, converts into this crate's error with the
    /// GPU crate's message.
    #[test]
    fn gpu_errors_keep_their_message() {
        let lost = zkcomply_gpu::Error::DeviceLost {
            reason: "Destroyed: gone".into(),
        };
        let e = Error::from(lost);
        assert!(
            matches!(e, Error::Gpu(zkcomply_gpu::Error::DeviceLost { .. })),
            "{e}"
        );
        assert_eq!(e.to_string(), "the GPU device was lost: Destroyed: gone");
    }
}
