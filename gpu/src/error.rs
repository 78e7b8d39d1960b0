//! The error type of the GPU crate. The prover's and verifier's errors wrap it.

/// Why a GPU multi-scalar multiplication could not run or was not trusted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A multi-scalar multiplication was given a different number of bases and scalars.
    #[error("multi-scalar multiplication of {bases} bases by {scalars} scalars: the counts must be equal")]
    LengthMismatch {
        /// The number of bases.
        bases: usize,
        /// The number of scalars.
        scalars: usize,
    },
    /// A window size the MSM does not support.
    #[error("GPU MSM window of {bits} bits: the window must have {min} to {max} bits")]
    WindowBits {
        /// The window size asked for.
        bits: u32,
        /// The smallest supported window.
        min: u32,
        /// The largest supported window.
        max: u32,
    },
    /// The device was lost (driver reset, device removed, or destroyed).
    #[error("the GPU device was lost: {reason}")]
    DeviceLost {
        /// The driver's reason.
        reason: String,
    },
    /// The GPU refused or failed a command (validation, out of memory, internal error,
    /// buffer mapping).
    #[error("GPU {stage} failed: {reason}")]
    Command {
        /// What was being done.
        stage: &'static str,
        /// The driver's message.
        reason: String,
    },
    /// The GPU returned something that is not a valid field element or curve point.
    #[error("GPU result rejected: {reason}")]
    InvalidResult {
        /// What was wrong with it.
        reason: String,
    },
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn messages_name_the_cause() {
        let cases = [
            (
                Error::LengthMismatch {
                    bases: 3,
                    scalars: 2,
                },
                "multi-scalar multiplication of 3 bases by 2 scalars: the counts must be equal",
            ),
            (
                Error::WindowBits {
                    bits: 17,
                    min: 2,
                    max: 16,
                },
                "GPU MSM window of 17 bits: the window must have 2 to 16 bits",
            ),
            (
                Error::DeviceLost {
                    reason: "Destroyed: gone".into(),
                },
                "the GPU device was lost: Destroyed: gone",
            ),
            (
                Error::Command {
                    stage: "waiting for the GPU",
                    reason: "timeout".into(),
                },
                "GPU waiting for the GPU failed: timeout",
            ),
            (
                Error::InvalidResult {
                    reason: "the sum is not a point of G1".into(),
                },
                "GPU result rejected: the sum is not a point of G1",
            ),
        ];
        for (e, message) in cases {
            assert_eq!(e.to_string(), message);
        }
    }
}
