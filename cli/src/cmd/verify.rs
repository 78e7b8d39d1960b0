//! `zkcomply verify`: exit 0 "accepted", 1 "rejected", 2 for input that cannot be checked.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use serde_json::json;
use zkcomply::{field, Proof, VerifyingKey};

use super::{Ctx, Exit};
use crate::{io, ui};

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The verifying key (from `zkcomply setup`).
    #[arg(long, value_name = "FILE")]
    pub vk: PathBuf,
    /// The proof (from `zkcomply prove`).
    #[arg(long, value_name = "FILE")]
    pub proof: PathBuf,
}

/// Loads a verifying key and a proof, warning about insecure ones.
///
/// # Errors
/// Unreadable or malformed files.
pub fn load(vk: &std::path::Path, proof: &std::path::Path) -> Result<(VerifyingKey, Proof)> {
    let (key, _) = ui::timed(format!("loading {}", vk.display()), || {
        io::load_verifying_key(vk)
    })?;
    let p = io::load_proof(proof)?;
    match (key.info.insecure_dev_setup, p.insecure_dev_setup) {
        (true, true) => ui::warn_insecure(&format!(
            "verifying key {} (and proof {})",
            vk.display(),
            proof.display()
        )),
        (true, false) => ui::warn_insecure(&format!("verifying key {}", vk.display())),
        (false, true) => ui::warn_insecure(&format!("proof {}", proof.display())),
        (false, false) => {}
    }
    Ok((key, p))
}

/// Runs `verify`. Errors are reported here (exit 2), so that `--json` always prints an
/// object with `accepted`.
///
/// # Errors
/// None: every failure becomes [`Exit::Error`].
pub fn run(ctx: Ctx, args: VerifyArgs) -> Result<Exit> {
    let checked = load(&args.vk, &args.proof).and_then(|(vk, proof)| {
        let (ok, elapsed) = ui::timed("verifying", || zkcomply::verify(&vk, &proof))?;
        Ok((vk, proof, ok, elapsed))
    });
    let (vk, proof, accepted, elapsed) = match checked {
        Ok(c) => c,
        Err(e) => {
            let message = ui::message(&e);
            eprintln_error(&message);
            if ctx.json {
                ui::print_json(&json!({ "accepted": false, "error": message }));
            }
            return Ok(Exit::Error);
        }
    };
    let verdict = if accepted { "accepted" } else { "rejected" };
    if ctx.json {
        let inputs: serde_json::Map<String, serde_json::Value> = proof
            .public_inputs
            .named()
            .map(|(i, v)| (i.name().to_string(), json!(field::to_hex(&v))))
            .collect();
        ui::print_json(&json!({
            "accepted": accepted,
            "policy": proof.policy.name(),
            "policy_version": proof.policy_version,
            "insecure_dev_setup": vk.info.insecure_dev_setup || proof.insecure_dev_setup,
            "public_inputs": inputs,
            "verify_ms": ui::ms_json(elapsed),
        }));
    } else {
        say!("{verdict}");
        say!(
            "policy {} v{}, verified in {}",
            proof.policy,
            proof.policy_version,
            ui::ms(elapsed)
        );
    }
    Ok(if accepted {
        Exit::Success
    } else {
        Exit::Failure
    })
}

fn eprintln_error(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "error: {message}");
}
