//! `zkcomply registry add|root`: the registry operator's commands.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use zkcomply::{
    circuits::tree::{Identities, IncrementalTree, Leaves},
    field, Fr,
};

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
    append::<Identities>(ctx, &args.registry, args.depth, DEFAULT_DEPTH, commitment)
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
        let t = io::load_tree::<K>(path)?;
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
    let tree = io::load_tree::<K>(path)?;
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
