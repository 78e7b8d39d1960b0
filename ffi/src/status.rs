//! Status codes, and the mapping of the library's errors onto them.

use zkcomply::circuits::Error as CircuitsError;
use zkcomply::prover::Error as ProverError;
use zkcomply::verifier::Error as VerifierError;

/// The result of every fallible `zkc_*` function. The numbers are stable: new codes are
/// appended, retired ones stay reserved. `zkc_last_error` gives the detail.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZkcStatus {
    /// Success.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullParameter = 1,
    /// An argument is out of range or inconsistent (depth, policy name, UTF-8, …).
    InvalidArgument = 2,
    /// Input bytes (key, snapshot, JSON, address, field element ≥ r, proof points) are
    /// malformed.
    MalformedInput = 3,
    /// A handle of another type, or one already freed, was passed.
    WrongHandle = 4,
    /// The address is on the sanctions list: no compliance proof exists.
    Sanctioned = 5,
    /// The identity commitment is not in the registry.
    NotRegistered = 6,
    /// The amount is above the limit.
    OverLimit = 7,
    /// A proof, witness or key belongs to another policy (or policy version).
    PolicyMismatch = 8,
    /// A tree has another depth than the key was made for.
    DepthMismatch = 9,
    /// A tree has no room left.
    TreeFull = 10,
    /// Proving failed (constraint synthesis, or a witness that does not satisfy the
    /// circuit).
    ProvingFailed = 11,
    /// Reading or writing a file failed.
    Io = 12,
    /// An output buffer was too small; the output was truncated.
    BufferTooSmall = 13,
    /// The library panicked; the panic was caught at the boundary. Please report it.
    Panic = 14,
    /// An internal error that has no better code.
    Internal = 15,
    /// The allowance note is not in the state tree (period_limit).
    NoteNotFound = 16,
    /// A registration request's signature does not show control of the account, or the
    /// request is for another registry or chain.
    RegistrationRefused = 17,
}

impl ZkcStatus {
    /// The code's name as it appears in the C header.
    pub const fn name(self) -> &'static str {
        match self {
            ZkcStatus::Ok => "ZKC_STATUS_OK",
            ZkcStatus::NullParameter => "ZKC_STATUS_NULL_PARAMETER",
            ZkcStatus::InvalidArgument => "ZKC_STATUS_INVALID_ARGUMENT",
            ZkcStatus::MalformedInput => "ZKC_STATUS_MALFORMED_INPUT",
            ZkcStatus::WrongHandle => "ZKC_STATUS_WRONG_HANDLE",
            ZkcStatus::Sanctioned => "ZKC_STATUS_SANCTIONED",
            ZkcStatus::NotRegistered => "ZKC_STATUS_NOT_REGISTERED",
            ZkcStatus::OverLimit => "ZKC_STATUS_OVER_LIMIT",
            ZkcStatus::PolicyMismatch => "ZKC_STATUS_POLICY_MISMATCH",
            ZkcStatus::DepthMismatch => "ZKC_STATUS_DEPTH_MISMATCH",
            ZkcStatus::TreeFull => "ZKC_STATUS_TREE_FULL",
            ZkcStatus::ProvingFailed => "ZKC_STATUS_PROVING_FAILED",
            ZkcStatus::Io => "ZKC_STATUS_IO",
            ZkcStatus::BufferTooSmall => "ZKC_STATUS_BUFFER_TOO_SMALL",
            ZkcStatus::Panic => "ZKC_STATUS_PANIC",
            ZkcStatus::Internal => "ZKC_STATUS_INTERNAL",
            ZkcStatus::NoteNotFound => "ZKC_STATUS_NOTE_NOT_FOUND",
            ZkcStatus::RegistrationRefused => "ZKC_STATUS_REGISTRATION_REFUSED",
        }
    }

    /// The code's name as a NUL-terminated string.
    const fn c_name(self) -> &'static [u8] {
        match self {
            ZkcStatus::Ok => b"ZKC_STATUS_OK\0",
            ZkcStatus::NullParameter => b"ZKC_STATUS_NULL_PARAMETER\0",
            ZkcStatus::InvalidArgument => b"ZKC_STATUS_INVALID_ARGUMENT\0",
            ZkcStatus::MalformedInput => b"ZKC_STATUS_MALFORMED_INPUT\0",
            ZkcStatus::WrongHandle => b"ZKC_STATUS_WRONG_HANDLE\0",
            ZkcStatus::Sanctioned => b"ZKC_STATUS_SANCTIONED\0",
            ZkcStatus::NotRegistered => b"ZKC_STATUS_NOT_REGISTERED\0",
            ZkcStatus::OverLimit => b"ZKC_STATUS_OVER_LIMIT\0",
            ZkcStatus::PolicyMismatch => b"ZKC_STATUS_POLICY_MISMATCH\0",
            ZkcStatus::DepthMismatch => b"ZKC_STATUS_DEPTH_MISMATCH\0",
            ZkcStatus::TreeFull => b"ZKC_STATUS_TREE_FULL\0",
            ZkcStatus::ProvingFailed => b"ZKC_STATUS_PROVING_FAILED\0",
            ZkcStatus::Io => b"ZKC_STATUS_IO\0",
            ZkcStatus::BufferTooSmall => b"ZKC_STATUS_BUFFER_TOO_SMALL\0",
            ZkcStatus::Panic => b"ZKC_STATUS_PANIC\0",
            ZkcStatus::Internal => b"ZKC_STATUS_INTERNAL\0",
            ZkcStatus::NoteNotFound => b"ZKC_STATUS_NOTE_NOT_FOUND\0",
            ZkcStatus::RegistrationRefused => b"ZKC_STATUS_REGISTRATION_REFUSED\0",
        }
    }
}

/// The name of a status code (e.g. `"ZKC_STATUS_SANCTIONED"`), as a static
/// NUL-terminated string; `"ZKC_STATUS_UNKNOWN"` for a number that is not a code.
/// Never NULL; never free it.
#[no_mangle]
pub extern "C" fn zkc_status_name(status: u32) -> *const std::ffi::c_char {
    const ALL: [ZkcStatus; 18] = [
        ZkcStatus::Ok,
        ZkcStatus::NullParameter,
        ZkcStatus::InvalidArgument,
        ZkcStatus::MalformedInput,
        ZkcStatus::WrongHandle,
        ZkcStatus::Sanctioned,
        ZkcStatus::NotRegistered,
        ZkcStatus::OverLimit,
        ZkcStatus::PolicyMismatch,
        ZkcStatus::DepthMismatch,
        ZkcStatus::TreeFull,
        ZkcStatus::ProvingFailed,
        ZkcStatus::Io,
        ZkcStatus::BufferTooSmall,
        ZkcStatus::Panic,
        ZkcStatus::Internal,
        ZkcStatus::NoteNotFound,
        ZkcStatus::RegistrationRefused,
    ];
    let name: &'static [u8] = ALL
        .iter()
        .find(|s| **s as u32 == status)
        .map_or(b"ZKC_STATUS_UNKNOWN\0", |s| s.c_name());
    name.as_ptr().cast()
}

/// A failure on its way to the boundary: a status and the message for `zkc_last_error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FfiError {
    /// The status returned to C.
    pub status: ZkcStatus,
    /// The detail.
    pub message: String,
}

impl FfiError {
    /// A failure with `status` and `message`.
    pub fn new(status: ZkcStatus, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// A NULL pointer for the parameter `name`.
    pub fn null(name: &str) -> Self {
        Self::new(ZkcStatus::NullParameter, format!("`{name}` is NULL"))
    }

    /// An invalid argument.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ZkcStatus::InvalidArgument, message)
    }

    /// Malformed input.
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(ZkcStatus::MalformedInput, message)
    }

    /// Prefixes the message with `context: `.
    pub fn context(mut self, context: &str) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

/// The result of the functions behind the boundary.
pub type FfiResult<T> = Result<T, FfiError>;

/// The status code of a circuits error.
pub fn circuits_status(e: &CircuitsError) -> ZkcStatus {
    use CircuitsError as E;
    match e {
        E::InvalidAddress { .. }
        | E::InvalidField { .. }
        | E::PublicInputs { .. }
        | E::Artefact { .. }
        | E::BackendMismatch { .. }
        | E::Json { .. } => ZkcStatus::MalformedInput,
        E::DepthOutOfRange { .. }
        | E::KeyOutOfRange { .. }
        | E::NotListed { .. }
        | E::IndexOutOfRange { .. }
        | E::TooWide { .. }
        | E::MissingInput { .. }
        | E::PeriodBackwards { .. }
        | E::ZeroAmount { .. }
        | E::UnknownPolicy { .. }
        | E::UnknownBackend { .. }
        | E::PoseidonArity { .. } => ZkcStatus::InvalidArgument,
        E::DepthMismatch { .. } => ZkcStatus::DepthMismatch,
        E::TreeFull { .. } => ZkcStatus::TreeFull,
        E::Sanctioned { .. } => ZkcStatus::Sanctioned,
        E::NotRegistered { .. } => ZkcStatus::NotRegistered,
        E::OverLimit { .. } | E::OverPeriodLimit { .. } => ZkcStatus::OverLimit,
        E::NoteNotFound { .. } => ZkcStatus::NoteNotFound,
        E::InvalidRegistration { .. } => ZkcStatus::RegistrationRefused,
        E::PolicyMismatch { .. } => ZkcStatus::PolicyMismatch,
        E::Io { .. } => ZkcStatus::Io,
        E::Synthesis(_) => ZkcStatus::ProvingFailed,
        _ => ZkcStatus::Internal,
    }
}

/// The status code of a verifier error.
pub fn verifier_status(e: &VerifierError) -> ZkcStatus {
    use VerifierError as E;
    match e {
        E::Circuits(e) => circuits_status(e),
        E::Malformed { .. } | E::InputCount { .. } => ZkcStatus::MalformedInput,
        E::PolicyMismatch { .. } => ZkcStatus::PolicyMismatch,
        _ => ZkcStatus::Internal,
    }
}

/// The status code of a prover error.
pub fn prover_status(e: &ProverError) -> ZkcStatus {
    use ProverError as E;
    match e {
        E::Circuits(e) => circuits_status(e),
        E::Verifier(e) => verifier_status(e),
        E::Malformed { .. } => ZkcStatus::MalformedInput,
        E::PolicyMismatch { .. } => ZkcStatus::PolicyMismatch,
        E::Synthesis(_) | E::Unsatisfied { .. } => ZkcStatus::ProvingFailed,
        _ => ZkcStatus::Internal,
    }
}

/// The full message of an error: its display, then each source's.
fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    message
}

impl From<CircuitsError> for FfiError {
    fn from(e: CircuitsError) -> Self {
        Self::new(circuits_status(&e), chain(&e))
    }
}

impl From<VerifierError> for FfiError {
    fn from(e: VerifierError) -> Self {
        Self::new(verifier_status(&e), chain(&e))
    }
}

impl From<ProverError> for FfiError {
    fn from(e: ProverError) -> Self {
        Self::new(prover_status(&e), chain(&e))
    }
}
