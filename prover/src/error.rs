//! The error type of the prover crate.

/// Why a key could not be made or loaded, or a proof not produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of the circuits crate (witness, trees, artefacts…).
    #[error(transparent)]
    Circuits(#[from] zkcomply_circuits::Error),
    /// An error of the verifier crate (keys, proofs).
    #[error(transparent)]
    Verifier(#[from] zkcomply_verifier::Error),
    /// Constraint synthesis or proving failed.
    #[error("proving failed: {0}")]
    Synthesis(#[from] ark_relations::gr1cs::SynthesisError),
    /// A proving key's points do not deserialize.
    #[error("{what}: {reason}")]
    Malformed {
        /// What was being read.
        what: String,
        /// Why it was refused.
        reason: String,
    },
    /// The witness is for another policy than the key.
    #[error("the witness is for {found}, the proving key is for {expected}")]
    PolicyMismatch {
        /// The key's policy.
        expected: String,
        /// The witness's policy.
        found: String,
    },
    /// The GPU multi-scalar multiplication failed (feature `gpu`).
    #[cfg(feature = "gpu")]
    #[error(transparent)]
    Gpu(#[from] zkcomply_gpu::Error),
    /// The witness does not satisfy the circuit, so the proof would not verify.
    #[error("the witness does not satisfy the {policy} circuit: the proof does not verify")]
    Unsatisfied {
        /// The policy.
        policy: String,
    },
    /// A powers-of-tau file cannot be used as an SRS.
    #[error("powers-of-tau file {}: {reason}", path.display())]
    Ptau {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The KZG parameters have fewer points than the circuit has rows.
    #[error("the SRS has 2^{found} points, the circuit needs 2^{needed}")]
    SrsTooSmall {
        /// `log2` of the rows the circuit needs.
        needed: u32,
        /// `log2` of the SRS's points.
        found: u32,
    },
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
