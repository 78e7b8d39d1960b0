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
    /// A multi-scalar multiplication was given a different number of bases and scalars.
    #[error("multi-scalar multiplication of {bases} bases by {scalars} scalars: the counts must be equal")]
    LengthMismatch {
        /// The number of bases.
        bases: usize,
        /// The number of scalars.
        scalars: usize,
    },
    /// A GPU multi-scalar multiplication was asked for a window size it does not support.
    #[error("GPU MSM window of {bits} bits: the window must have {min} to {max} bits")]
    GpuWindow {
        /// The window size asked for.
        bits: u32,
        /// The smallest supported window.
        min: u32,
        /// The largest supported window.
        max: u32,
    },
    /// The GPU device was lost (driver reset, device removed, or destroyed).
    #[error("the GPU device was lost: {reason}")]
    GpuLost {
        /// The driver's reason.
        reason: String,
    },
    /// The GPU refused or failed a command (validation, out of memory, internal error,
    /// buffer mapping).
    #[error("GPU {stage} failed: {reason}")]
    GpuCommand {
        /// What was being done.
        stage: &'static str,
        /// The driver's message.
        reason: String,
    },
    /// The GPU returned something that is not a valid field element or curve point.
    #[error("GPU result rejected: {reason}")]
    GpuResult {
        /// What was wrong with it.
        reason: String,
    },
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
