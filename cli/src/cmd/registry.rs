//! `zkcomply registry add|root`: the registry operator's commands.
//!
//! `add` inserts `H(T_id, key, pk)` for an account the operator has checked: by the
//! account's EIP-191 signature (`--request`, or `--address --pk --signature`), or, for
//! accounts whose signatures zkcomply does not check, by the operator's own attestation,
//! which must be said explicitly (`--attested`). It never takes a bare commitment or a
//! secret on trust.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use zkcomply::{
    circuits::{
        registration::{parse_signature, Attestation, RegistrationRequest, SignedRequest},
        tree::{Identities, IncrementalTree, Leaves},
    },
    field, AddressKey, Artefact, Fr,
};

use super::{parse_depth, Ctx, Exit};
use crate::{io, ui};

/// Default depth of a new registry.
const DEFAULT_DEPTH: usize = 20;

/// The registry commands.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Insert the identity of an account you checked (creating the registry file if it is
    /// missing): a signed request of an EVM account, or your own attestation (--attested).
    Add(AddArgs),
    /// Print the root of a registry as 0x + 64 hex digits.
    Root(RootArgs),
}

/// Arguments of `registry add`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["request", "address", "identity"])))]
pub struct AddArgs {
    /// The registry file (JSON).
    #[arg(long, value_name = "FILE")]
    pub registry: PathBuf,
    /// Depth of a new registry (default 20); must match an existing one.
    #[arg(long, value_parser = parse_depth)]
    pub depth: Option<usize>,
    /// A signed registration request (`zkcomply identity new --sign-with`).
    #[arg(long, value_name = "FILE", requires_all = ["registry_name", "chain_id"])]
    pub request: Option<PathBuf>,
    /// The account's address.
    #[arg(long, value_name = "A", requires = "pk")]
    pub address: Option<String>,
    /// The identity's public key (decimal or 0x-hex), as the user gives it.
    #[arg(long, value_name = "F")]
    pub pk: Option<String>,
    /// The account's EIP-191 signature of the registration message (0x + 130 hex digits).
    #[arg(long, value_name = "HEX", requires_all = ["address", "registry_name", "chain_id"])]
    pub signature: Option<String>,
    /// This registry's name, as signed by the user.
    #[arg(long, value_name = "NAME")]
    pub registry_name: Option<String>,
    /// The EVM chain id this registry serves, as signed by the user.
    #[arg(long, value_name = "N")]
    pub chain_id: Option<u64>,
    /// You, the operator, attest that the user controls --address (or the identity file's
    /// address) by means of your own; zkcomply checks nothing.
    #[arg(long, conflicts_with_all = ["request", "signature"])]
    pub attested: bool,
    /// With --attested: an identity file to take the address and public key from (it holds
    /// the user's secret: for a self-hosted registry only).
    #[arg(
        long,
        value_name = "FILE",
        requires = "attested",
        conflicts_with = "address"
    )]
    pub identity: Option<PathBuf>,
}

/// Arguments of `registry root`.
#[derive(Debug, Args)]
pub struct RootArgs {
    /// The registry file.
    #[arg(value_name = "FILE")]
    pub registry: PathBuf,
}

/// Runs a registry command.
///
/// # Errors
/// Unreadable or malformed files, a full registry, a depth mismatch, write failures.
pub fn run(ctx: Ctx, command: RegistryCommand) -> Result<Exit> {
    match command {
        RegistryCommand::Add(a) => add(ctx, a),
        RegistryCommand::Root(a) => root(ctx, a),
    }
}

fn add(ctx: Ctx, args: AddArgs) -> Result<Exit> {
    let commitment = checked_commitment(&args)?;
    append::<Identities>(ctx, &args.registry, args.depth, DEFAULT_DEPTH, commitment)
}

/// The commitment of the account the arguments show control of, or an error saying why
/// they do not.
fn checked_commitment(args: &AddArgs) -> Result<Fr> {
    let operator = || -> Result<(&str, u64)> {
        match (&args.registry_name, args.chain_id) {
            (Some(name), Some(chain)) => Ok((name, chain)),
            _ => bail!("a signed registration needs --registry-name and --chain-id"),
        }
    };
    if let Some(path) = &args.request {
        let text = io::read_text(path)?;
        let signed = SignedRequest::from_json(&path.display().to_string(), &text)
            .map_err(|e| io::naming(path, e))?;
        let (name, chain) = operator()?;
        return signed.verify(name, chain).map_err(|e| io::naming(path, e));
    }
    if args.attested {
        let attestation = match (&args.identity, &args.address, &args.pk) {
            (Some(path), _, _) => {
                let (identity, _) = io::load_identity(path)?;
                Attestation {
                    key: identity.key,
                    public_key: identity.public_key(),
                }
            }
            (None, Some(address), Some(pk)) => Attestation {
                key: AddressKey::parse(address)?,
                public_key: io::field_arg("--pk", pk)?,
            },
            _ => bail!("--attested needs --address and --pk, or --identity"),
        };
        ui::warn("registered on your attestation: zkcomply did not check who controls the account");
        return Ok(attestation.commitment());
    }
    let (Some(address), Some(pk)) = (&args.address, &args.pk) else {
        bail!("give --request, or --address and --pk with --signature (or --attested)");
    };
    let Some(signature) = &args.signature else {
        bail!(
            "--address {address}: no --signature; registration needs the account's EIP-191 \
             signature, or your explicit --attested"
        );
    };
    let (name, chain) = operator()?;
    let request = RegistrationRequest::new(address, io::field_arg("--pk", pk)?, name, chain)?;
    let signature = parse_signature(signature).map_err(|e| anyhow::anyhow!("--signature: {e}"))?;
    Ok(request.verify(&signature)?)
}

/// Appends `leaf` to the tree file at `path` (created with `depth`, or `default_depth`, if
/// missing), saves it atomically and reports the leaf's index and the new root.
///
/// # Errors
/// An unreadable or malformed file, a depth mismatch, a full tree, write failures.
pub fn append<K: Leaves>(
    ctx: Ctx,
    path: &Path,
    depth: Option<usize>,
    default_depth: usize,
    leaf: Fr,
) -> Result<Exit> {
    let created = !path.exists();
    let mut tree = if created {
        IncrementalTree::<K>::new(depth.unwrap_or(default_depth))?
    } else {
        let t = io::load::<IncrementalTree<K>>(path)?;
        if let Some(depth) = depth.filter(|d| *d != t.depth()) {
            bail!(
                "{}: the {} has depth {}, --depth says {depth}",
                path.display(),
                K::WHAT,
                t.depth()
            );
        }
        t
    };
    let existed = tree.index_of(&leaf);
    let index = tree.insert(leaf)?;
    if existed.is_none() {
        tree.save(path)?;
    }
    let root = field::to_hex(&tree.root());
    let leaf = field::to_hex(&leaf);
    if ctx.json {
        ui::print_json(&json!({
            "file": path.display().to_string(),
            "created": created,
            "inserted": existed.is_none(),
            "leaf": leaf,
            "index": index,
            "root": root,
            "count": tree.len(),
            "depth": tree.depth(),
        }));
        return Ok(Exit::Success);
    }
    if created {
        say!("created {} (depth {})", path.display(), tree.depth());
    }
    if existed.is_some() {
        say!("{leaf} is already in the {}: nothing changed", K::WHAT);
    } else {
        say!("inserted {leaf}");
    }
    say!("index: {index}");
    say!("root:  {root}");
    say!("leaves: {}", tree.len());
    Ok(Exit::Success)
}

fn root(ctx: Ctx, args: RootArgs) -> Result<Exit> {
    print_root::<Identities>(ctx, &args.registry)
}

/// Prints the root of the tree file at `path`.
///
/// # Errors
/// An unreadable or malformed file.
pub fn print_root<K: Leaves>(ctx: Ctx, path: &Path) -> Result<Exit> {
    let tree = io::load::<IncrementalTree<K>>(path)?;
    let root = field::to_hex(&tree.root());
    if ctx.json {
        ui::print_json(&json!({
            "file": path.display().to_string(),
            "root": root,
            "count": tree.len(),
            "depth": tree.depth(),
        }));
    } else {
        say!("{root}");
    }
    Ok(Exit::Success)
}
