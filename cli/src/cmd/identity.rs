//! `zkcomply identity new`: a fresh identity (address key + random secret) in a file.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use zkcomply::{field, AddressKey, Identity};

use super::{Ctx, Exit};
use crate::{io, ui};

/// The identity commands.
#[derive(Debug, Subcommand)]
pub enum IdentityCommand {
    /// Create an identity with a random secret; prints its commitment (never the secret).
    New(NewArgs),
}

/// Arguments of `identity new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The user's address (any chain).
    #[arg(long, value_name = "A")]
    pub address: String,
    /// Where to write the identity file. It holds the secret: keep it private.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Overwrite an existing file (its secret, and any registration made with it, is lost).
    #[arg(long)]
    pub force: bool,
}

/// Runs an identity command.
///
/// # Errors
/// An invalid address, an existing file without --force, write failures.
pub fn run(ctx: Ctx, command: IdentityCommand) -> Result<Exit> {
    match command {
        IdentityCommand::New(a) => new(ctx, a),
    }
}

fn new(ctx: Ctx, args: NewArgs) -> Result<Exit> {
    let key = AddressKey::parse(&args.address)?;
    if args.out.exists() && !args.force {
        bail!(
            "{}: the file exists; it may hold a registered identity (use --force to overwrite it)",
            args.out.display()
        );
    }
    let identity = Identity::random(key, &mut rand::rngs::OsRng);
    io::write(&args.out, identity.to_json(Some(&args.address)).as_bytes())?;
    let commitment = field::to_hex(&identity.commitment());
    if ctx.json {
        ui::print_json(&json!({
            "address": args.address,
            "key": key.to_string(),
            "commitment": commitment,
            "identity": args.out.display().to_string(),
        }));
    } else {
        say!("address:    {}", args.address);
        say!("key:        {key}");
        say!("commitment: {commitment}");
        say!(
            "identity:   {} (holds the secret: keep it private)",
            args.out.display()
        );
    }
    Ok(Exit::Success)
}
