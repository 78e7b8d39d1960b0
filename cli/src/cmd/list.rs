//! `zkcomply list build|add|remove|root|check`: the list operator's commands for the
//! sanctions list, an indexed Merkle tree whose root depends on the set of keys alone.

use std::{collections::HashMap, path::PathBuf, time::Duration};

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use zkcomply::{circuits::tree::UpdateDiff, field, AddressKey, SanctionsTree};

use super::{parse_depth, Ctx, Exit};
use crate::{
    io::{self, AddressSet, Origin, SourcedAddress},
    ui,
};

/// The sanctions-list commands.
#[derive(Debug, Subcommand)]
pub enum ListCommand {
    /// Build a snapshot from address lists (text, .json, .csv), several at once.
    Build(BuildArgs),
    /// List more addresses: update a snapshot and print the diff and the new root.
    Add(UpdateArgs),
    /// Delist addresses: update a snapshot and print the diff and the new root.
    Remove(UpdateArgs),
    /// Print the root of a snapshot as 0x + 64 hex digits, alone on its line.
    Root(RootArgs),
    /// Say whether an address is listed (exit 0 either way).
    Check(CheckArgs),
}

/// Arguments of `list build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the snapshot: JSON if the name ends in .json, compact binary otherwise.
    #[arg(long, value_name = "SNAPSHOT")]
    pub out: PathBuf,
    /// Depth of the tree: room for 2^depth - 1 keys.
    #[arg(long, default_value_t = 32, value_parser = parse_depth)]
    pub depth: usize,
    /// Address lists: one address per line (blank lines and `#` comments skipped), a
    /// .json array of strings, or a .csv file with an `address` column.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Arguments of `list add` and `list remove`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The snapshot to update (rewritten atomically unless --out is given).
    #[arg(long, value_name = "S")]
    pub snapshot: PathBuf,
    /// Write the updated snapshot here instead.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Addresses given on the command line (put list files before --address: every
    /// value after it is an address).
    #[arg(long = "address", value_name = "A", num_args = 1..)]
    pub addresses: Vec<String>,
    /// Address list files (same formats as `list build`).
    #[arg(value_name = "FILE", required_unless_present = "addresses")]
    pub files: Vec<PathBuf>,
}

/// Arguments of `list root`.
#[derive(Debug, Args)]
pub struct RootArgs {
    /// The snapshot.
    #[arg(value_name = "SNAPSHOT")]
    pub snapshot: PathBuf,
}

/// Arguments of `list check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The snapshot.
    #[arg(long, value_name = "S")]
    pub snapshot: PathBuf,
    /// The address to look up.
    #[arg(value_name = "ADDRESS")]
    pub address: String,
}

/// Runs a list command.
///
/// # Errors
/// Unreadable or malformed inputs, invalid addresses, a full tree, write failures.
pub fn run(ctx: Ctx, command: ListCommand) -> Result<Exit> {
    match command {
        ListCommand::Build(a) => build(ctx, a),
        ListCommand::Add(a) => update(ctx, a, true),
        ListCommand::Remove(a) => update(ctx, a, false),
        ListCommand::Root(a) => root(ctx, a),
        ListCommand::Check(a) => check(ctx, a),
    }
}

/// A tree built from address lists, with what was read.
pub struct Built {
    /// The addresses read and their repeats.
    pub set: AddressSet,
    /// The tree.
    pub tree: SanctionsTree,
    /// Time to build the tree (reading excluded).
    pub elapsed: Duration,
}

/// Builds the canonical tree of a set of addresses at `depth`.
///
/// # Errors
/// A depth out of range, or more keys than the tree holds.
pub fn build_tree(entries: Vec<SourcedAddress>, depth: usize) -> Result<Built> {
    let set = AddressSet::new(entries);
    let (tree, elapsed) = ui::timed(
        format!("building the depth-{depth} tree of {} keys", set.distinct()),
        || SanctionsTree::from_keys(depth, set.keys()),
    )?;
    Ok(Built { set, tree, elapsed })
}

/// The JSON description of the repeats in a set.
pub fn duplicates_json(set: &AddressSet) -> Value {
    Value::Array(
        set.duplicates
            .iter()
            .map(|d| {
                json!({
                    "address": d.entry.address,
                    "key": d.entry.key.to_string(),
                    "at": d.entry.origin.to_string(),
                    "first": d.first.to_string(),
                })
            })
            .collect(),
    )
}

/// Prints up to `max` repeats for humans.
pub fn print_duplicates(set: &AddressSet, max: usize) {
    for d in set.duplicates.iter().take(max) {
        say!(
            "  {} ({}) repeats the key first seen at {}",
            d.entry.origin,
            d.entry.address,
            d.first
        );
    }
    if set.duplicates.len() > max {
        say!(
            "  … and {} more (--json lists them all)",
            set.duplicates.len() - max
        );
    }
}

fn build(ctx: Ctx, args: BuildArgs) -> Result<Exit> {
    let mut entries = Vec::new();
    let mut files = Vec::new();
    for path in &args.files {
        let (read, _) = ui::timed(format!("reading {}", path.display()), || {
            io::read_address_file(path)
        })?;
        files.push(json!({ "path": path.display().to_string(), "addresses": read.len() }));
        entries.extend(read);
    }
    let Built { set, tree, elapsed } = build_tree(entries, args.depth)?;
    let (_, save_time) = ui::timed(format!("writing {}", args.out.display()), || {
        tree.save(&args.out)
    })?;
    let format = snapshot_format(&args.out);
    let root = field::to_hex(&tree.root());
    if ctx.json {
        ui::print_json(&json!({
            "snapshot": args.out.display().to_string(),
            "format": format,
            "files": files,
            "addresses": set.entries.len(),
            "duplicates": set.duplicates.len(),
            "duplicate_entries": duplicates_json(&set),
            "distinct_keys": tree.len(),
            "depth": tree.depth(),
            "root": root,
            "build_ms": ui::ms_json(elapsed),
            "write_ms": ui::ms_json(save_time),
        }));
        return Ok(Exit::Success);
    }
    say!(
        "read {} addresses from {} file(s)",
        set.entries.len(),
        args.files.len()
    );
    say!(
        "duplicates: {} (same key listed more than once, e.g. one EVM address on several chains; counted once)",
        set.duplicates.len()
    );
    print_duplicates(&set, 10);
    say!("distinct keys: {}", tree.len());
    say!("depth: {}", tree.depth());
    say!("root: {root}");
    say!(
        "snapshot: {} ({format}), tree built in {}",
        args.out.display(),
        ui::ms(elapsed)
    );
    Ok(Exit::Success)
}

fn snapshot_format(path: &std::path::Path) -> &'static str {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        "json"
    } else {
        "binary"
    }
}

fn update(ctx: Ctx, args: UpdateArgs, add: bool) -> Result<Exit> {
    let mut entries = Vec::new();
    for path in &args.files {
        entries.extend(io::read_address_file(path)?);
    }
    for address in &args.addresses {
        if std::path::Path::new(address).is_file() {
            bail!(
                "--address {address}: this names a file, not an address; give list files \
                 before --address"
            );
        }
        let origin = Origin {
            file: format!("--address {address}"),
            line: None,
            element: None,
        };
        let key = AddressKey::parse(address).map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
        entries.push(SourcedAddress {
            address: address.clone(),
            key,
            origin,
        });
    }
    if entries.is_empty() {
        bail!("no addresses given: name address list files or use --address");
    }
    let (mut tree, _) = ui::timed(format!("loading {}", args.snapshot.display()), || {
        io::load_snapshot(&args.snapshot)
    })?;
    let old_root = field::to_hex(&tree.root());
    let names: HashMap<AddressKey, &str> = entries
        .iter()
        .map(|e| (e.key, e.address.as_str()))
        .collect();
    let keys: Vec<AddressKey> = entries.iter().map(|e| e.key).collect();
    let mut ignored: Vec<AddressKey> = keys
        .iter()
        .copied()
        .filter(|k| tree.is_listed(k) == add)
        .collect();
    ignored.sort();
    ignored.dedup();
    let (diff, elapsed) = ui::timed("updating the tree", || {
        if add {
            tree.update(keys.iter().copied(), [])
        } else {
            tree.update([], keys.iter().copied())
        }
    })?;
    let out = args.out.as_ref().unwrap_or(&args.snapshot);
    let changed = !(diff.added.is_empty() && diff.removed.is_empty());
    if changed || args.out.is_some() {
        tree.save(out)?;
    }
    let root = field::to_hex(&tree.root());
    let described = |ks: &[AddressKey]| -> Value {
        ks.iter()
            .map(|k| json!({ "key": k.to_string(), "address": names.get(k).copied() }))
            .collect()
    };
    let UpdateDiff { added, removed } = &diff;
    if ctx.json {
        ui::print_json(&json!({
            "snapshot": out.display().to_string(),
            "changed": changed,
            "added": described(added),
            "removed": described(removed),
            "ignored": described(&ignored),
            "old_root": old_root,
            "root": root,
            "count": tree.len(),
            "depth": tree.depth(),
            "update_ms": ui::ms_json(elapsed),
        }));
        return Ok(Exit::Success);
    }
    for k in added {
        say!("+ {k}  {}", names.get(k).copied().unwrap_or(""));
    }
    for k in removed {
        say!("- {k}  {}", names.get(k).copied().unwrap_or(""));
    }
    if !ignored.is_empty() {
        say!(
            "ignored {} key(s) {}",
            ignored.len(),
            if add {
                "already listed"
            } else {
                "not on the list"
            }
        );
    }
    say!(
        "added {}, removed {}; {} keys listed",
        added.len(),
        removed.len(),
        tree.len()
    );
    say!("old root: {old_root}");
    say!("new root: {root}");
    if changed || args.out.is_some() {
        say!(
            "snapshot: {} (updated in {})",
            out.display(),
            ui::ms(elapsed)
        );
    } else {
        say!("no change: {} left as it was", out.display());
    }
    Ok(Exit::Success)
}

fn root(ctx: Ctx, args: RootArgs) -> Result<Exit> {
    let tree = io::load_snapshot(&args.snapshot)?;
    let root = field::to_hex(&tree.root());
    if ctx.json {
        ui::print_json(&json!({
            "snapshot": args.snapshot.display().to_string(),
            "root": root,
            "depth": tree.depth(),
            "count": tree.len(),
        }));
    } else {
        say!("{root}");
    }
    Ok(Exit::Success)
}

fn check(ctx: Ctx, args: CheckArgs) -> Result<Exit> {
    let key = AddressKey::parse(&args.address)?;
    let tree = io::load_snapshot(&args.snapshot)?;
    let listed = tree.is_listed(&key);
    let root = field::to_hex(&tree.root());
    if ctx.json {
        ui::print_json(&json!({
            "address": args.address,
            "key": key.to_string(),
            "listed": listed,
            "root": root,
        }));
    } else if listed {
        say!("{} is listed (key {key}, root {root})", args.address);
    } else {
        say!("{} is not listed (key {key}, root {root})", args.address);
    }
    Ok(Exit::Success)
}
