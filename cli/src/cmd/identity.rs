//! `zkcomply identity new`: a fresh identity (address key + random secret) in a private
//! file, and, for an EVM account, the signed registration request the registry operator
//! checks.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use zkcomply::{
    circuits::registration::{RegistrationRequest, SignedRequest},
    field, AddressKey, Identity,
};

use super::{Ctx, Exit};
use crate::{io, ui};

/// The identity commands.
#[derive(Debug, Subcommand)]
pub enum IdentityCommand {
    /// Create an identity with a random secret; prints its public key and commitment (never
    /// the secret). With --sign-with, also writes the registration request for the operator.
    New(NewArgs),
}

/// Arguments of `identity new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The user's address (any chain).
    #[arg(long, value_name = "A")]
    pub address: String,
    /// Where to write the identity file (mode 0600). It holds the secret: keep it private.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Overwrite an existing file (its secret, and any registration made with it, is lost).
    #[arg(long)]
    pub force: bool,
    /// Sign a registration request with the EVM account's private key, read from FILE
    /// (0x + 64 hex digits): proves to the operator that the account is yours.
    #[arg(long, value_name = "FILE", requires_all = ["registry_name", "chain_id", "request_out"])]
    pub sign_with: Option<PathBuf>,
    /// The registry's name, as its operator publishes it (signed into the request).
    #[arg(long, value_name = "NAME", requires = "sign_with")]
    pub registry_name: Option<String>,
    /// The EVM chain id the registry serves (signed into the request).
    #[arg(long, value_name = "N", requires = "sign_with")]
    pub chain_id: Option<u64>,
    /// Where to write the signed registration request (`zkcomply-registration/1`, no secret).
    #[arg(long, value_name = "FILE", requires = "sign_with")]
    pub request_out: Option<PathBuf>,
}

/// Runs an identity command.
///
/// # Errors
/// An invalid address, an existing file without --force, a signing key that is not the
/// address's, write failures.
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
    // Sign before writing anything, so a wrong key leaves no identity file behind.
    let request = match (&args.sign_with, &args.registry_name, args.chain_id) {
        (Some(key_file), Some(registry), Some(chain_id)) => {
            let signing_key = io::load_signing_key(key_file)?;
            let request =
                RegistrationRequest::new(&args.address, identity.public_key(), registry, chain_id)?;
            let signature = request
                .sign(&signing_key)
                .with_context(|| format!("{}", key_file.display()))?;
            Some(SignedRequest { request, signature })
        }
        _ => None,
    };
    io::write_private(&args.out, identity.to_json(Some(&args.address)).as_bytes())?;
    if let (Some(signed), Some(path)) = (&request, &args.request_out) {
        io::write(path, signed.to_json().as_bytes())?;
    }
    let public_key = field::to_hex(&identity.public_key());
    let commitment = field::to_hex(&identity.commitment());
    let request_path = args.request_out.as_ref().map(|p| p.display().to_string());
    if ctx.json {
        ui::print_json(&json!({
            "address": args.address,
            "key": key.to_string(),
            "public_key": public_key,
            "commitment": commitment,
            "identity": args.out.display().to_string(),
            "registration_request": request_path,
        }));
    } else {
        say!("address:    {}", args.address);
        say!("key:        {key}");
        say!("public key: {public_key} (give it to the registry operator)");
        say!("commitment: {commitment}");
        say!(
            "identity:   {} (holds the secret: keep it private)",
            args.out.display()
        );
        if let Some(path) = request_path {
            say!("request:    {path} (signed by the account: send it to the operator)");
        }
    }
    Ok(Exit::Success)
}
