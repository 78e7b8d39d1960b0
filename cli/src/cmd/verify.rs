//! `zkcomply verify`: exit 0 "accepted", 1 "rejected", 2 for input that cannot be checked.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use serde_json::json;
use zkcomply::{field, Proof, PublicInputs, VerifyingKey};

use super::{parse_backend, Backend, Ctx, Exit};
use crate::{io, ui};

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The verifying key (from `zkcomply setup`; Groth16 or Halo2-KZG).
    #[arg(long, value_name = "FILE")]
    pub vk: PathBuf,
    /// The proving system; the key file says which it is, so this only checks that it
    /// agrees.
    #[arg(long, value_parser = parse_backend, value_name = "groth16|halo2")]
    pub backend: Option<Backend>,
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
        io::load::<VerifyingKey>(vk)
    })?;
    let p = io::load::<Proof>(proof)?;
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
    let (proof, insecure, accepted, elapsed) = match check(&args) {
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
            .inputs
            .named()
            .map(|(i, v)| (i.name().to_string(), json!(field::to_hex(&v))))
            .collect();
        ui::print_json(&json!({
            "accepted": accepted,
            "policy": proof.policy.name(),
            "policy_version": proof.policy_version,
            "backend": proof.backend.name(),
            "insecure_dev_setup": insecure,
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

/// What `verify` reports about a checked proof.
struct Checked {
    backend: Backend,
    policy: zkcomply::Policy,
    policy_version: u32,
    inputs: PublicInputs,
}

/// Loads the key (of the back-end its file says) and the proof, and verifies.
fn check(args: &VerifyArgs) -> Result<(Checked, bool, bool, std::time::Duration)> {
    let bytes = io::read_nonempty(&args.vk)?;
    match super::backend_of_file(&args.vk, &bytes, args.backend)? {
        Backend::Groth16 => {
            let (vk, proof) = load(&args.vk, &args.proof)?;
            let (ok, elapsed) = ui::timed("verifying", || zkcomply::verify(&vk, &proof))?;
            let insecure = vk.info.insecure_dev_setup || proof.insecure_dev_setup;
            let checked = Checked {
                backend: Backend::Groth16,
                policy: proof.policy,
                policy_version: proof.policy_version,
                inputs: proof.public_inputs,
            };
            Ok((checked, insecure, ok, elapsed))
        }
        #[cfg(feature = "halo2")]
        Backend::Halo2Kzg => {
            let (proof, insecure_key, ok, elapsed) =
                super::halo2::verify(&args.vk, &bytes, &args.proof)?;
            let insecure = insecure_key || proof.insecure_dev_setup;
            let checked = Checked {
                backend: Backend::Halo2Kzg,
                policy: proof.policy,
                policy_version: proof.policy_version,
                inputs: proof.public_inputs,
            };
            Ok((checked, insecure, ok, elapsed))
        }
        #[cfg(not(feature = "halo2"))]
        Backend::Halo2Kzg => super::no_halo2(),
    }
}

fn eprintln_error(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "error: {message}");
}
