//! `zkcomply list build|add|remove|root|check`: the list operator's commands for the
//! sanctions list, an indexed Merkle tree whose root depends on the set of keys alone.
//!
//! Every entry of a list is parsed by its address family (docs/SPEC.md §3). An entry that is
//! not a valid address is never hashed as bytes: `build`, `add` and `remove` report every such
//! entry (file, line, why) and refuse, unless `--skip-invalid` is given, which leaves them out
//! and still reports each.

use std::{
    collections::HashMap,
    fmt,
    path::{Path, PathBuf},
    time::Duration,
};

use anyhow::{anyhow, bail, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use zkcomply::{
    circuits::{address::Address, artefact, tree::UpdateDiff},
    field, AddressKey, Artefact, SanctionsTree,
};

use super::{parse_depth, Ctx, Exit};
use crate::{
    io::{self, AddressSet, ListFormat, Origin, SourcedAddress},
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
    /// Leave out the entries that are not valid addresses (each is still reported, on
    /// stderr and under `invalid` in --json) instead of refusing the lists.
    #[arg(long)]
    pub skip_invalid: bool,
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
    /// Leave out the list entries that are not valid addresses (each is still reported)
    /// instead of refusing the lists. An invalid --address is always refused.
    #[arg(long)]
    pub skip_invalid: bool,
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

/// A list entry that is not a valid address.
#[derive(Clone, Debug)]
pub struct Invalid {
    /// Where it was read.
    pub origin: Origin,
    /// The entry as written.
    pub address: String,
    /// Why it is not an address: the family tried and the check that failed.
    pub reason: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

/// The entries of address lists: the valid ones and the invalid ones.
#[derive(Clone, Debug, Default)]
pub struct Lists {
    /// The valid entries, in order.
    pub entries: Vec<SourcedAddress>,
    /// The entries that are not valid addresses, in order.
    pub invalid: Vec<Invalid>,
    /// Per file: its name, its valid entries and its invalid entries.
    pub files: Vec<(String, usize, usize)>,
}

impl Lists {
    /// Refuses the lists if some entries are invalid and `skip_invalid` is not set, with an
    /// error listing every one; with `skip_invalid`, reports each as a warning on stderr.
    ///
    /// # Errors
    /// Invalid entries without `skip_invalid`.
    pub fn check_invalid(&self, skip_invalid: bool) -> Result<()> {
        if self.invalid.is_empty() {
            return Ok(());
        }
        if !skip_invalid {
            bail!("{}", self.report());
        }
        for i in &self.invalid {
            ui::warn(&format!("skipped {i}"));
        }
        Ok(())
    }

    /// The refusal: how many entries are invalid, then one line per entry.
    pub fn report(&self) -> String {
        let mut out = match self.invalid.len() {
            1 => "1 entry is not a valid address".to_string(),
            n => format!("{n} entries are not valid addresses"),
        };
        out.push_str(
            " (nothing was written; --skip-invalid leaves them out, each still reported):",
        );
        for i in &self.invalid {
            out.push_str(&format!("\n  {i}"));
        }
        out
    }

    /// The invalid entries as JSON.
    pub fn invalid_json(&self) -> Value {
        self.invalid
            .iter()
            .map(
                |i| json!({ "at": i.origin.to_string(), "address": i.address, "reason": i.reason }),
            )
            .collect()
    }
}

/// Reads address list files, finding every entry that is not a valid address rather than
/// stopping at the first (see [`Lists::check_invalid`]).
///
/// # Errors
/// An unreadable or malformed file, or one with no entries, as [`io::read_address_file`].
pub fn read_lists(paths: &[PathBuf]) -> Result<Lists> {
    let mut lists = Lists::default();
    for path in paths {
        let (read, _) = ui::timed(format!("reading {}", path.display()), || read_list(path))?;
        lists.files.push((
            path.display().to_string(),
            read.entries.len(),
            read.invalid.len(),
        ));
        lists.entries.extend(read.entries);
        lists.invalid.extend(read.invalid);
    }
    Ok(lists)
}

/// One list file: the strict reader's result, or, when it stops at an invalid address,
/// every entry of the file sorted into valid and invalid.
fn read_list(path: &Path) -> Result<Lists> {
    let strict = match io::read_address_file(path) {
        Ok(entries) => {
            return Ok(Lists {
                entries,
                ..Lists::default()
            })
        }
        Err(e) => e,
    };
    let bytes = artefact::read(path)?;
    match scan(&path.display().to_string(), &bytes, ListFormat::of(path)) {
        Some(lists) if !lists.invalid.is_empty() => Ok(lists),
        // Not an address problem: the strict reader's error says what is wrong.
        _ => Err(strict),
    }
}

/// Every entry of a list held in memory, sorted into valid and invalid, or `None` if the
/// list itself is malformed (not UTF-8, bad JSON, no `address` column, …).
pub fn scan(name: &str, bytes: &[u8], format: ListFormat) -> Option<Lists> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let origin = |line: Option<usize>, element: Option<usize>| Origin {
        file: name.to_string(),
        line,
        element,
    };
    let mut raw: Vec<(String, Origin)> = Vec::new();
    match format {
        ListFormat::Text => {
            for (i, line) in text.lines().enumerate() {
                let address = line.trim();
                if !address.is_empty() && !address.starts_with('#') {
                    raw.push((address.to_string(), origin(Some(i + 1), None)));
                }
            }
        }
        ListFormat::Json => {
            let Value::Array(items) = serde_json::from_str::<Value>(text).ok()? else {
                return None;
            };
            let mut from = 0;
            for (i, item) in items.iter().enumerate() {
                let address = item.as_str()?;
                let needle = serde_json::to_string(address).ok()?;
                let found = text[from..].find(&needle).map(|p| from + p);
                if let Some(pos) = found {
                    from = pos + needle.len();
                }
                let line = found.map(|pos| text[..pos].matches('\n').count() + 1);
                raw.push((address.trim().to_string(), origin(line, Some(i))));
            }
        }
        ListFormat::Csv => {
            let mut reader = csv::ReaderBuilder::new()
                .trim(csv::Trim::All)
                .comment(Some(b'#'))
                .flexible(true)
                .from_reader(text.as_bytes());
            let column = reader
                .headers()
                .ok()?
                .iter()
                .position(|h| h.eq_ignore_ascii_case("address"))?;
            for record in reader.records() {
                let record = record.ok()?;
                let line = record.position().map_or(0, |p| p.line() as usize);
                raw.push((
                    record.get(column).unwrap_or_default().to_string(),
                    origin(Some(line), None),
                ));
            }
        }
    }
    let mut lists = Lists::default();
    for (address, origin) in raw {
        match AddressKey::parse(&address) {
            Ok(key) => lists.entries.push(SourcedAddress {
                address,
                key,
                origin,
            }),
            Err(e) => lists.invalid.push(Invalid {
                origin,
                address,
                reason: e.to_string(),
            }),
        }
    }
    Some(lists)
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
    let lists = read_lists(&args.files)?;
    lists.check_invalid(args.skip_invalid)?;
    let files: Vec<Value> = lists
        .files
        .iter()
        .map(|(path, valid, invalid)| json!({ "path": path, "addresses": valid, "invalid": invalid }))
        .collect();
    if lists.entries.is_empty() {
        bail!("no valid addresses in the lists: nothing to build");
    }
    let invalid = lists.invalid_json();
    let skipped = lists.invalid.len();
    let Built { set, tree, elapsed } = build_tree(lists.entries, args.depth)?;
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
            "skipped": skipped,
            "invalid": invalid,
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
    if skipped > 0 {
        say!(
            "skipped: {skipped} (not valid addresses, left out by --skip-invalid; each reported on stderr)"
        );
    }
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
    let lists = read_lists(&args.files)?;
    lists.check_invalid(args.skip_invalid)?;
    let skipped = lists.invalid_json();
    let mut entries = lists.entries;
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
        let key = AddressKey::parse(address).map_err(|e| anyhow!("{origin}: {e}"))?;
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
        io::load::<SanctionsTree>(&args.snapshot)
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
            "skipped": skipped,
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
    let tree = io::load::<SanctionsTree>(&args.snapshot)?;
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
    let address = Address::parse(&args.address)?;
    let key = address.key()?;
    let tree = io::load::<SanctionsTree>(&args.snapshot)?;
    let listed = tree.is_listed(&key);
    let root = field::to_hex(&tree.root());
    let canonical = address.to_string();
    if ctx.json {
        ui::print_json(&json!({
            "address": args.address,
            "family": address.family().name(),
            "canonical": canonical,
            "key": key.to_string(),
            "listed": listed,
            "root": root,
        }));
        return Ok(Exit::Success);
    }
    let said = if listed { "is listed" } else { "is not listed" };
    say!("{} {said} (key {key}, root {root})", args.address);
    if canonical != args.address {
        say!(
            "  {} address; its key is that of {canonical}",
            address.family()
        );
    }
    Ok(Exit::Success)
}
