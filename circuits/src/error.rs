//! The error type of the circuits crate.

use std::path::PathBuf;

/// Everything that can go wrong while parsing inputs, building trees or witnesses, or
/// reading artefacts. Each variant names the bad value and, where there is one, the limit.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An address could not be parsed.
    #[error("invalid address {address:?}: {reason}")]
    InvalidAddress {
        /// The address as given (lossily decoded if it was not UTF-8).
        address: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A registration was refused: its signature does not show control of the account.
    #[error("registration refused: {reason}")]
    InvalidRegistration {
        /// What is wrong (a malformed signature, another signer, a bad registry name).
        reason: String,
    },
    /// A string is not a field element (decimal or 0x-hex) below the BN254 scalar modulus.
    #[error("invalid field element {value:?} for {name}: {reason}")]
    InvalidField {
        /// Which value (e.g. `scope`, `secret`).
        name: String,
        /// The value as given.
        value: String,
        /// Why it was refused.
        reason: String,
    },
    /// Poseidon was asked for an arity it does not support.
    #[error("Poseidon takes 1 to {max} inputs, got {inputs}")]
    PoseidonArity {
        /// The number of inputs given.
        inputs: usize,
        /// The largest supported number of inputs.
        max: usize,
    },
    /// A tree depth outside the supported range.
    #[error("tree depth {depth} is outside 1..={max}")]
    DepthOutOfRange {
        /// The requested depth.
        depth: usize,
        /// The largest supported depth.
        max: usize,
    },
    /// A tree, key or proof was made for another depth.
    #[error("{what}: expected depth {expected}, found {found}")]
    DepthMismatch {
        /// What was being matched (e.g. `sanctions tree`).
        what: &'static str,
        /// The depth required.
        expected: usize,
        /// The depth found.
        found: usize,
    },
    /// The tree has no room for more leaves.
    #[error("{what} is full: it holds {capacity} leaves, {needed} needed")]
    TreeFull {
        /// Which tree.
        what: &'static str,
        /// Its capacity (2^depth).
        capacity: u64,
        /// The number of leaves that would be needed.
        needed: u64,
    },
    /// A key is 0 (reserved for the sentinel) or not below 2^252.
    #[error("key {key} is out of range: keys must be in 1..2^252")]
    KeyOutOfRange {
        /// The key, 0x-hex.
        key: String,
    },
    /// The key is on the sanctions list, so no non-membership witness exists.
    #[error("address {address} is on the sanctions list (root {root})")]
    Sanctioned {
        /// The address (or its key, if the address is not known).
        address: String,
        /// The root of the list, 0x-hex.
        root: String,
    },
    /// A key to remove from a list is not on it.
    #[error("key {key} is not on the list")]
    NotListed {
        /// The key, 0x-hex.
        key: String,
    },
    /// The identity commitment is not in the registry.
    #[error("identity commitment {commitment} is not in the registry (root {root})")]
    NotRegistered {
        /// The commitment, 0x-hex.
        commitment: String,
        /// The registry root, 0x-hex.
        root: String,
    },
    /// The allowance note is not in the state tree.
    #[error("allowance note {note} is not in the state tree (root {root})")]
    NoteNotFound {
        /// The note commitment, 0x-hex.
        note: String,
        /// The state root, 0x-hex.
        root: String,
    },
    /// The period's running total would exceed the period limit.
    #[error("period {period}: spent {spent} + amount {amount} exceeds the period limit {limit}")]
    OverPeriodLimit {
        /// The period.
        period: u64,
        /// What the live note has spent in this period.
        spent: u64,
        /// The amount of this transfer.
        amount: u64,
        /// The period limit.
        limit: u64,
    },
    /// A `period_limit` transfer of 0: it would recreate the note it spends.
    #[error(
        "policy {policy} needs an amount of at least 1 (a transfer of 0 would repeat the note)"
    )]
    ZeroAmount {
        /// The policy.
        policy: &'static str,
    },
    /// The period is earlier than the live note's.
    #[error("period {period} is before the note's period {note_period}: periods never go back")]
    PeriodBackwards {
        /// The period asked for.
        period: u64,
        /// The live note's period.
        note_period: u64,
    },
    /// A leaf index outside the tree's filled part.
    #[error("leaf index {index} is out of range: the tree holds {len} leaves")]
    IndexOutOfRange {
        /// The index requested.
        index: u64,
        /// The number of leaves.
        len: u64,
    },
    /// The amount is above the limit.
    #[error("amount {amount} exceeds limit {limit}")]
    OverLimit {
        /// The amount.
        amount: String,
        /// The limit.
        limit: String,
    },
    /// A value does not fit in the number of bits the circuit range-checks.
    #[error("{name} = {value} does not fit in {bits} bits")]
    TooWide {
        /// Which value.
        name: &'static str,
        /// The value, decimal.
        value: String,
        /// The bit width allowed.
        bits: usize,
    },
    /// A witness is missing an input its policy needs.
    #[error("policy {policy} needs `{input}`, which was not given")]
    MissingInput {
        /// The policy being built.
        policy: &'static str,
        /// The missing input.
        input: &'static str,
    },
    /// An unknown policy name or identifier.
    #[error(
        "unknown policy {found:?} (known: compliance, non_membership, transfer_limit, period_limit)"
    )]
    UnknownPolicy {
        /// The name or identifier given.
        found: String,
    },
    /// A proof, key or input set belongs to another policy.
    #[error("policy mismatch: expected {expected}, found {found}")]
    PolicyMismatch {
        /// The policy required.
        expected: String,
        /// The policy found.
        found: String,
    },
    /// An unknown proving system.
    #[error("unknown back-end {found:?} (known: groth16, halo2-kzg)")]
    UnknownBackend {
        /// The name given.
        found: String,
    },
    /// A key, SRS or proof of the other proving system.
    #[error("{what}: holds a {found} {role}, expected a {expected} {role}")]
    BackendMismatch {
        /// Which file or value.
        what: String,
        /// What it is: `"proof"`, `"verifying key"`…
        role: &'static str,
        /// The back-end the reader expects.
        expected: crate::artefact::Backend,
        /// The back-end found.
        found: crate::artefact::Backend,
    },
    /// The public inputs do not match the policy's layout.
    #[error("public inputs of {policy}: {reason}")]
    PublicInputs {
        /// The policy.
        policy: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// An artefact (key, proof, snapshot) is malformed.
    #[error("{what}: {reason}")]
    Artefact {
        /// Which artefact (a file path or a kind).
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("cannot access {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A JSON document could not be parsed or does not have the expected shape.
    #[error("{what}: invalid JSON: {source}")]
    Json {
        /// Which document.
        what: String,
        /// The parser's error.
        #[source]
        source: serde_json::Error,
    },
    /// Constraint synthesis failed.
    #[error("constraint synthesis failed: {0}")]
    Synthesis(#[from] ark_relations::gr1cs::SynthesisError),
    /// Halo2 circuit synthesis failed (feature `halo2`).
    #[cfg(feature = "halo2")]
    #[error("Halo2 circuit synthesis failed: {0}")]
    Halo2(#[from] halo2_axiom::plonk::Error),
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
