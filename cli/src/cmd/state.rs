//! `zkcomply state add|root`: the state tree of allowance notes a `period_limit` verifier
//! keeps. A gate contract appends each accepted proof's `new_note` itself; these commands
//! keep a local copy (a wallet mirroring the gate's events, or a verifier run off-chain).

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use zkcomply::{
    circuits::tree::{Notes, DEFAULT_STATE_DEPTH},
    Input, Policy, Proof,
};

use super::{
    parse_depth,
    registry::{append, print_root},
    Ctx, Exit,
};
use crate::io;

/// The state tree commands.
#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Append a note commitment (creating the file if it is missing): what a verifier does
    /// when it accepts a period_limit proof.
    Add(AddArgs),
    /// Print the root of a state tree as 0x + 64 hex digits.
    Root(RootArgs),
}

/// Arguments of `state add`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["proof", "note"])))]
pub struct AddArgs {
    /// The state tree file (JSON).
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// Depth of a new state tree (default 24); must match an existing one.
    #[arg(long, value_parser = parse_depth)]
    pub depth: Option<usize>,
    /// An accepted period_limit proof: its `new_note` is appended.
    #[arg(long, value_name = "FILE")]
    pub proof: Option<PathBuf>,
    /// A note commitment, decimal or 0x-hex.
    #[arg(long, value_name = "F")]
    pub note: Option<String>,
}

/// Arguments of `state root`.
#[derive(Debug, Args)]
pub struct RootArgs {
    /// The state tree file.
    #[arg(value_name = "FILE")]
    pub state: PathBuf,
}

/// Runs a state tree command.
///
/// # Errors
/// Unreadable or malformed files, a proof of another policy, a full tree, a depth
/// mismatch, write failures.
pub fn run(ctx: Ctx, command: StateCommand) -> Result<Exit> {
    match command {
        StateCommand::Add(a) => {
            let leaf = match (&a.proof, &a.note) {
                (Some(path), _) => {
                    let proof = io::load::<Proof>(path)?;
                    let Some(note) = proof.public_inputs.get(Input::NewNote) else {
                        bail!(
                            "{}: a {} proof has no new note (only {} proofs do)",
                            path.display(),
                            proof.policy,
                            Policy::PeriodLimit
                        );
                    };
                    note
                }
                (None, Some(n)) => io::field_arg("--note", n)?,
                (None, None) => bail!("give --proof or --note"),
            };
            append::<Notes>(ctx, &a.state, a.depth, DEFAULT_STATE_DEPTH, leaf)
        }
        StateCommand::Root(a) => print_root::<Notes>(ctx, &a.state),
    }
}
