//! `zkcomply export snarkjs`: `verification_key.json`, `proof.json` and `public.json`
//! that `snarkjs groth16 verify` accepts.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use zkcomply::verifier::snarkjs;

use super::{Ctx, Exit};
use crate::{io, ui};

/// The export commands.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// snarkjs JSON: verification_key.json, and with --proof also proof.json and public.json.
    Snarkjs(SnarkjsArgs),
}

/// Arguments of `export snarkjs`.
#[derive(Debug, Args)]
pub struct SnarkjsArgs {
    /// The verifying key.
    #[arg(long, value_name = "FILE")]
    pub vk: PathBuf,
    /// A proof made with the matching proving key.
    #[arg(long, value_name = "FILE")]
    pub proof: Option<PathBuf>,
    /// The directory to write into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Runs an export command.
///
/// # Errors
/// Unreadable or malformed inputs, a proof of another policy, write failures.
pub fn run(ctx: Ctx, command: ExportCommand) -> Result<Exit> {
    match command {
        ExportCommand::Snarkjs(a) => export_snarkjs(ctx, a),
    }
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

fn export_snarkjs(ctx: Ctx, args: SnarkjsArgs) -> Result<Exit> {
    let vk = io::load_verifying_key(&args.vk)?;
    if vk.info.insecure_dev_setup {
        ui::warn_insecure(&format!("verifying key {}", args.vk.display()));
    }
    let proof = match &args.proof {
        Some(path) => {
            let proof = io::load_proof(path)?;
            if proof.insecure_dev_setup {
                ui::warn_insecure(&format!("proof {}", path.display()));
            }
            // Refuses a proof of another policy; a false proof is exported with a warning.
            let accepted = zkcomply::verify(&vk, &proof)?;
            if !accepted {
                ui::warn(&format!(
                    "{} does not verify under {}: snarkjs will reject it too",
                    path.display(),
                    args.vk.display()
                ));
            }
            Some((proof, accepted))
        }
        None => None,
    };
    io::create_dir(&args.out)?;
    let mut written = Vec::new();
    let vk_path = args.out.join("verification_key.json");
    io::write(&vk_path, &pretty(&snarkjs::verification_key(&vk)))?;
    written.push(vk_path);
    if let Some((proof, _)) = &proof {
        let proof_path = args.out.join("proof.json");
        io::write(&proof_path, &pretty(&snarkjs::proof(proof)))?;
        written.push(proof_path);
        let public_path = args.out.join("public.json");
        io::write(&public_path, &pretty(&snarkjs::public(proof)))?;
        written.push(public_path);
    }
    let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    if ctx.json {
        ui::print_json(&json!({
            "dir": args.out.display().to_string(),
            "files": files,
            "policy": vk.info.policy.name(),
            "accepted": proof.as_ref().map(|(_, ok)| *ok),
        }));
    } else {
        for f in &files {
            say!("wrote {f}");
        }
        if proof.is_some() {
            say!(
                "check with: snarkjs groth16 verify {} {} {}",
                args.out.join("verification_key.json").display(),
                args.out.join("public.json").display(),
                args.out.join("proof.json").display()
            );
        }
    }
    Ok(Exit::Success)
}
