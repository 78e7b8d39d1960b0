//! The commands, one module per group, and the top-level argument parser.

pub mod demo;
pub mod export;
#[cfg(feature = "halo2")]
pub mod halo2;
pub mod identity;
pub mod info;
pub mod list;
pub mod prove;
pub mod registry;
pub mod setup;
pub mod state;
pub mod verify;

use std::path::Path;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};
use zkcomply::{circuits::artefact::Kind, Policy};

/// zkcomply: zero-knowledge compliance proofs (sanctions non-membership, registered
/// identity, transfer limits) over BN254 with Groth16 or Halo2-KZG.
#[derive(Debug, Parser)]
#[command(name = "zkcomply", version, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 success (verify: accepted), 1 verify: rejected \
    (demo: an expectation failed), 2 error."
)]
pub struct Cli {
    /// Print one JSON object on stdout instead of text (warnings still go to stderr).
    #[arg(long, global = true)]
    pub json: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The top-level commands.
// Parsed once per run: the size of the largest variant (`prove`'s options) does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sanctions lists: build, update, inspect (indexed Merkle tree snapshots).
    #[command(subcommand)]
    List(list::ListCommand),
    /// Identity registries (incremental Merkle trees of identity commitments).
    #[command(subcommand)]
    Registry(registry::RegistryCommand),
    /// State trees of allowance notes (what a period_limit verifier appends to).
    #[command(subcommand)]
    State(state::StateCommand),
    /// Identities: an address key and a secret.
    #[command(subcommand)]
    Identity(identity::IdentityCommand),
    /// Generate the proving and verifying keys of a policy (Groth16, or Halo2-KZG with
    /// --backend halo2).
    Setup(setup::SetupArgs),
    /// Prove a statement with a proving key.
    ///
    /// The policy comes from the key: `compliance` needs every input; `non_membership`
    /// needs no --amount, --limit or --blinding; `transfer_limit` needs no --identity,
    /// --sanctions, --registry or --scope; `period_limit` needs everything `compliance`
    /// does, plus --state, --period, --next-note and --note (or --first-note for the
    /// identity's first transfer in the scope). Field elements are decimal or 0x-hex and must
    /// be below the BN254 scalar modulus r. The context is --context, or for a transfer
    /// through an EVM ComplianceGate --gate, --chain-id and --recipient (the context its
    /// contextFor computes). The proof is checked before it is written.
    Prove(prove::ProveArgs),
    /// Verify a proof with a verifying key (exit 0 accepted, 1 rejected, 2 error).
    ///
    /// Prints "accepted" (exit 0) for a valid proof and "rejected" (exit 1) for a
    /// well-formed proof that is false; a file that cannot be checked (unreadable,
    /// malformed, another policy, an input not below r) is an error (exit 2).
    Verify(verify::VerifyArgs),
    /// Export keys and proofs for other verifiers.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// A narrated end-to-end run on the shipped OFAC lists.
    Demo(demo::DemoArgs),
    /// The policies: identifiers, versions, public inputs and constraint counts.
    #[command(visible_alias = "circuits")]
    Info(info::InfoArgs),
}

/// How a command that ran to the end went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Success (a proof accepted).
    Success,
    /// A negative answer that is not an error: a proof rejected, a demo expectation unmet.
    Failure,
    /// An error.
    Error,
}

impl Exit {
    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Error => 2,
        }
    }
}

/// What every command gets besides its own arguments.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    /// `--json`: one JSON object on stdout.
    pub json: bool,
}

/// Runs the command.
///
/// # Errors
/// Whatever the command reports; `main` prints it and exits with status 2.
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = Ctx { json: cli.json };
    match cli.command {
        Command::List(c) => list::run(ctx, c),
        Command::Registry(c) => registry::run(ctx, c),
        Command::State(c) => state::run(ctx, c),
        Command::Identity(c) => identity::run(ctx, c),
        Command::Setup(a) => setup::run(ctx, a),
        Command::Prove(a) => prove::run(ctx, a),
        Command::Verify(a) => verify::run(ctx, a),
        Command::Export(c) => export::run(ctx, c),
        Command::Demo(a) => demo::run(ctx, a),
        Command::Info(a) => info::run(ctx, a),
    }
}

/// Parses a policy name for clap.
///
/// # Errors
/// The library's "unknown policy" message.
pub fn parse_policy(name: &str) -> Result<Policy, String> {
    Policy::from_name(&name.replace('-', "_")).map_err(|e| e.to_string())
}

/// Parses a tree depth for clap: 1 to the largest depth the trees support.
///
/// # Errors
/// A message naming the range.
pub fn parse_depth(s: &str) -> Result<usize, String> {
    let max = zkcomply::circuits::tree::MAX_DEPTH;
    match s.parse::<usize>() {
        Ok(d) if (1..=max).contains(&d) => Ok(d),
        _ => Err(format!("a tree depth is a whole number from 1 to {max}")),
    }
}

pub use zkcomply::Backend;

/// Parses `--backend` for clap: `groth16`, `halo2` or `halo2-kzg`.
///
/// # Errors
/// A message naming the known back-ends.
pub fn parse_backend(s: &str) -> Result<Backend, String> {
    s.parse::<Backend>().map_err(|e| e.to_string())
}

/// The back-end of the key file `bytes` (read from `path`): Groth16 for anything that
/// is not a Halo2 envelope, so that the Groth16 reader names what is wrong. Refuses a
/// `--backend` that disagrees with the file.
///
/// # Errors
/// A message naming the file, what it holds and the `--backend` given.
pub fn backend_of_file(path: &Path, bytes: &[u8], given: Option<Backend>) -> Result<Backend> {
    let kind = Kind::peek(bytes);
    let found = kind.and_then(Kind::backend).unwrap_or(Backend::Groth16);
    if let (Some(given), Some(kind)) = (given, kind) {
        if given != found {
            bail!(
                "--backend {}: {} holds a {} ({} back-end)",
                given.name(),
                path.display(),
                kind.name(),
                found.name()
            );
        }
    }
    Ok(found)
}

/// The error for `--backend halo2` in a build without the `halo2` feature.
#[cfg(not(feature = "halo2"))]
pub fn no_halo2<T>() -> Result<T> {
    bail!("this zkcomply was built without the halo2 feature: rebuild with `--features halo2` for --backend halo2")
}
