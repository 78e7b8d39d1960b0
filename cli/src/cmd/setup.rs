//! `zkcomply setup`: key generation for one policy, Groth16 or (`--backend halo2`) Halo2-KZG.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use serde_json::json;
use zkcomply::Artefact;
use zkcomply::{setup, Policy, Shape};

use super::{parse_backend, parse_depth, parse_policy, Backend, Ctx, Exit};
use crate::{io, ui};

/// Arguments of `setup`.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// The policy: compliance, non_membership, transfer_limit or period_limit.
    #[arg(long, value_parser = parse_policy)]
    pub policy: Policy,
    /// Depth of the sanctions tree the keys accept.
    #[arg(long, default_value_t = 32, value_parser = parse_depth)]
    pub sanctions_depth: usize,
    /// Depth of the registry the keys accept.
    #[arg(long, default_value_t = 20, value_parser = parse_depth)]
    pub registry_depth: usize,
    /// Depth of the state tree of allowance notes the keys accept (period_limit).
    #[arg(long, default_value_t = 24, value_parser = parse_depth)]
    pub state_depth: usize,
    /// The proving system: groth16, or halo2 (Halo2-KZG over a universal SRS: needs
    /// --ptau, --srs or --dev-seed).
    #[arg(long, value_parser = parse_backend, value_name = "groth16|halo2", default_value = "groth16")]
    pub backend: Backend,
    /// INSECURE deterministic setup from this seed (development and tests only); for
    /// halo2, a seeded SRS.
    #[arg(long, value_name = "N")]
    pub dev_seed: Option<u64>,
    /// halo2: take the SRS from this public powers-of-tau file (snarkjs `.ptau`, e.g. the
    /// Hermez powersOfTau28_hez_final_XX.ptau with XX at least the circuit's k).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["dev_seed", "srs"])]
    pub ptau: Option<PathBuf>,
    /// halo2: take the SRS from this SRS file (written by an earlier --save-srs).
    #[arg(long, value_name = "FILE", conflicts_with = "dev_seed")]
    pub srs: Option<PathBuf>,
    /// halo2: also write the SRS the keys use (2^k powers) to this file, for later setups
    /// with --srs.
    #[arg(long, value_name = "FILE")]
    pub save_srs: Option<PathBuf>,
    /// Where to write `<policy>.pk` and `<policy>.vk` (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}

/// The loud warning of a `--dev-seed` setup, on stderr.
pub fn warn_dev_setup(seed: u64) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "\n!!! WARNING: INSECURE development setup (--dev-seed {seed}): anyone who knows the seed can forge proofs.\n\
         !!! The keys are marked insecure, and every command that uses them says so. Never use them in production.\n"
    );
}

/// Runs `setup`.
///
/// # Errors
/// Synthesis failures, unwritable output.
pub fn run(ctx: Ctx, args: SetupArgs) -> Result<Exit> {
    let shape = Shape {
        sanctions_depth: args.sanctions_depth,
        registry_depth: args.registry_depth,
        state_depth: args.state_depth,
    };
    if args.backend == Backend::Halo2Kzg {
        #[cfg(feature = "halo2")]
        return super::halo2::setup(ctx, &args, shape);
        #[cfg(not(feature = "halo2"))]
        return super::no_halo2();
    }
    for (given, option) in [
        (args.ptau.is_some(), "--ptau"),
        (args.srs.is_some(), "--srs"),
        (args.save_srs.is_some(), "--save-srs"),
    ] {
        if given {
            bail!("{option} is for --backend halo2 (a Groth16 setup has no universal SRS)");
        }
    }
    match args.dev_seed {
        Some(seed) => warn_dev_setup(seed),
        None => ui::note(
            "single-party setup with randomness from the operating system: whoever runs it \
             could forge proofs if the randomness leaked, so verifiers must trust this run \
             (production keys come from a multi-party ceremony)",
        ),
    }
    io::create_dir(&args.out_dir)?;
    let policy = args.policy;
    let (pk, elapsed) = ui::timed(
        format!(
            "setup of {policy} (sanctions depth {}, registry depth {})",
            shape.sanctions_depth, shape.registry_depth
        ),
        || match args.dev_seed {
            Some(seed) => setup::setup_dev(policy, shape, seed),
            None => setup::setup(policy, shape),
        },
    )?;
    let vk = pk.verifying_key()?;
    let pk_path = args.out_dir.join(format!("{policy}.pk"));
    let vk_path = args.out_dir.join(format!("{policy}.vk"));
    let (pk_bytes, vk_bytes) = (pk.to_bytes(), vk.to_bytes());
    io::write(&pk_path, &pk_bytes)?;
    io::write(&vk_path, &vk_bytes)?;
    if ctx.json {
        ui::print_json(&json!({
            "backend": "groth16",
            "policy": policy.name(),
            "policy_id": policy.id(),
            "policy_version": policy.version(),
            "sanctions_depth": shape.sanctions_depth,
            "registry_depth": shape.registry_depth,
            "constraints": pk.info.constraints().unwrap_or_default(),
            "insecure_dev_setup": pk.info.insecure_dev_setup,
            "dev_seed": args.dev_seed,
            "proving_key": pk_path.display().to_string(),
            "proving_key_bytes": pk_bytes.len(),
            "verifying_key": vk_path.display().to_string(),
            "verifying_key_bytes": vk_bytes.len(),
            "setup_ms": ui::ms_json(elapsed),
        }));
        return Ok(Exit::Success);
    }
    say!(
        "policy: {policy} (id {}, v{})",
        policy.id(),
        policy.version()
    );
    say!(
        "shape: sanctions depth {}, registry depth {}",
        shape.sanctions_depth,
        shape.registry_depth
    );
    say!("constraints: {}", pk.info.constraints().unwrap_or_default());
    say!("setup: {}", ui::ms(elapsed));
    say!(
        "proving key:   {} ({})",
        pk_path.display(),
        ui::bytes(pk_bytes.len())
    );
    say!(
        "verifying key: {} ({})",
        vk_path.display(),
        ui::bytes(vk_bytes.len())
    );
    if pk.info.insecure_dev_setup {
        say!("INSECURE development keys: for tests and demos only");
    }
    Ok(Exit::Success)
}
