//! `zkcomply registry add|root`: the registry operator's commands.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use zkcomply::{field, Registry};

use super::{parse_depth, Ctx, Exit};
use crate::{io, ui};

/// Default depth of a new registry.
const DEFAULT_DEPTH: usize = 20;

/// The registry commands.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Insert an identity commitment (creating the registry file if it is missing).
    Add(AddArgs),
    /// Print the root of a registry as 0x + 64 hex digits.
    Root(RootArgs),
}

/// Arguments of `registry add`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["identity", "commitment"])))]
pub struct AddArgs {
    /// The registry file (JSON).
    #[arg(long, value_name = "FILE")]
    pub registry: PathBuf,
    /// Depth of a new registry (default 20); must match an existing one.
    #[arg(long, value_parser = parse_depth)]
    pub depth: Option<usize>,
    /// An identity file: its commitment is inserted.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// An identity commitment, decimal or 0x-hex.
    #[arg(long, value_name = "F")]
    pub commitment: Option<String>,
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
    let commitment = match (&args.identity, &args.commitment) {
        (Some(path), _) => io::load_identity(path)?.0.commitment(),
        (None, Some(c)) => io::field_arg("--commitment", c)?,
        (None, None) => bail!("give --identity or --commitment"),
    };
    let created = !args.registry.exists();
    let mut registry = if created {
        Registry::new(args.depth.unwrap_or(DEFAULT_DEPTH))?
    } else {
        let r = io::load_registry(&args.registry)?;
        if let Some(depth) = args.depth.filter(|d| *d != r.depth()) {
            bail!(
                "{}: the registry has depth {}, --depth says {depth}",
                args.registry.display(),
                r.depth()
            );
        }
        r
    };
    let existed = registry.index_of(&commitment);
    let index = registry.insert(commitment)?;
    if existed.is_none() {
        registry.save(&args.registry)?;
    }
    let root = field::to_hex(&registry.root());
    let commitment = field::to_hex(&commitment);
    if ctx.json {
        ui::print_json(&json!({
            "registry": args.registry.display().to_string(),
            "created": created,
            "inserted": existed.is_none(),
            "commitment": commitment,
            "index": index,
            "root": root,
            "count": registry.len(),
            "depth": registry.depth(),
        }));
        return Ok(Exit::Success);
    }
    if created {
        say!(
            "created {} (depth {})",
            args.registry.display(),
            registry.depth()
        );
    }
    if existed.is_some() {
        say!("{commitment} is already registered: nothing changed");
    } else {
        say!("inserted {commitment}");
    }
    say!("index: {index}");
    say!("root:  {root}");
    say!("identities: {}", registry.len());
    Ok(Exit::Success)
}

fn root(ctx: Ctx, args: RootArgs) -> Result<Exit> {
    let registry = io::load_registry(&args.registry)?;
    let root = field::to_hex(&registry.root());
    if ctx.json {
        ui::print_json(&json!({
            "registry": args.registry.display().to_string(),
            "root": root,
            "count": registry.len(),
            "depth": registry.depth(),
        }));
    } else {
        say!("{root}");
    }
    Ok(Exit::Success)
}
