//! `zkcomply prove`: builds the witness from the user's files and proves it.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use ark_ff::UniformRand;
use clap::Args;
use serde_json::json;
use zkcomply::{field, ComplianceWitness, Fr, Policy, Prover};

use super::{Ctx, Exit};
use crate::{io, ui};

/// Arguments of `prove`. The policy comes from the key; `transfer_limit` needs no
/// identity, sanctions list or registry, `non_membership` no amount or limit.
#[derive(Debug, Args)]
pub struct ProveArgs {
    /// The proving key (from `zkcomply setup`).
    #[arg(long, value_name = "FILE")]
    pub pk: PathBuf,
    /// The prover's identity file.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// The sanctions snapshot the address must not be on.
    #[arg(long, value_name = "SNAPSHOT")]
    pub sanctions: Option<PathBuf>,
    /// The registry the identity must be in.
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// The hidden amount (a whole number below 2^64).
    #[arg(long, value_name = "N")]
    pub amount: Option<u64>,
    /// The public limit, inclusive (below 2^64).
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// The verifier's scope (decimal or 0x-hex field element).
    #[arg(long, value_name = "F")]
    pub scope: Option<String>,
    /// The transaction context (decimal or 0x-hex field element).
    #[arg(long, value_name = "F")]
    pub context: String,
    /// The amount commitment's blinding (random if not given; keep it to open the commitment).
    #[arg(long, value_name = "F")]
    pub blinding: Option<String>,
    /// Where to write the proof (JSON).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

fn need<T>(value: Option<T>, option: &str, policy: Policy) -> Result<T> {
    value.ok_or_else(|| anyhow!("policy {policy} needs {option}"))
}

/// Runs `prove`.
///
/// # Errors
/// Malformed inputs, a witness the builder refuses (sanctioned, not registered, over
/// the limit), a key/witness mismatch, write failures.
pub fn run(ctx: Ctx, args: ProveArgs) -> Result<Exit> {
    let context = io::field_arg("--context", &args.context)?;
    let scope = args
        .scope
        .as_deref()
        .map(|s| io::field_arg("--scope", s))
        .transpose()?;
    let blinding = args
        .blinding
        .as_deref()
        .map(|s| io::field_arg("--blinding", s))
        .transpose()?;

    let (pk, load_time) = ui::timed(format!("loading {}", args.pk.display()), || {
        io::load_proving_key(&args.pk)
    })?;
    let policy = pk.info.policy;
    if pk.info.insecure_dev_setup {
        ui::warn_insecure(&format!("proving key {}", args.pk.display()));
    }
    let ignored: Vec<&str> = [
        (
            !policy.uses_identity() && args.identity.is_some(),
            "--identity",
        ),
        (
            !policy.uses_identity() && args.sanctions.is_some(),
            "--sanctions",
        ),
        (
            !policy.uses_identity() && args.registry.is_some(),
            "--registry",
        ),
        (!policy.uses_identity() && args.scope.is_some(), "--scope"),
        (!policy.uses_amount() && args.amount.is_some(), "--amount"),
        (!policy.uses_amount() && args.limit.is_some(), "--limit"),
        (
            !policy.uses_amount() && args.blinding.is_some(),
            "--blinding",
        ),
    ]
    .into_iter()
    .filter_map(|(unused, name)| unused.then_some(name))
    .collect();
    if !ignored.is_empty() {
        ui::note(&format!(
            "policy {policy} does not use {}: ignored",
            ignored.join(", ")
        ));
    }

    let identity;
    let sanctions;
    let registry;
    let mut builder = ComplianceWitness::builder(policy).context(context);
    if policy.uses_identity() {
        let (id, address) = io::load_identity(need(args.identity.as_ref(), "--identity", policy)?)?;
        identity = id;
        let path = need(args.sanctions.as_ref(), "--sanctions", policy)?;
        sanctions = ui::timed(format!("loading {}", path.display()), || {
            io::load_snapshot(path)
        })?
        .0;
        registry = io::load_registry(need(args.registry.as_ref(), "--registry", policy)?)?;
        builder = builder
            .identity(&identity)
            .sanctions(&sanctions)
            .registry(&registry)
            .scope(need(scope, "--scope", policy)?);
        if let Some(address) = address {
            builder = builder.address(address);
        }
    }
    let mut blinding_used = None;
    if policy.uses_amount() {
        let b = blinding.unwrap_or_else(|| Fr::rand(&mut rand::rngs::OsRng));
        blinding_used = Some(b);
        builder = builder
            .amount(need(args.amount, "--amount", policy)?)
            .limit(need(args.limit, "--limit", policy)?)
            .blinding(b);
    }
    // The builder's errors ("address … is on the sanctions list", "amount … exceeds
    // limit …") are shown as they are.
    let witness = builder.build()?;

    let (prover, prepare_time) = ui::timed("synthesising the circuit", || Prover::new(pk))?;
    let (proof, prove_time) = ui::timed(format!("proving {policy}"), || prover.prove(&witness))?;
    proof.save(&args.out)?;
    let inputs: serde_json::Map<String, serde_json::Value> = proof
        .public_inputs
        .named()
        .map(|(i, v)| (i.name().to_string(), json!(field::to_hex(&v))))
        .collect();
    if ctx.json {
        ui::print_json(&json!({
            "proof": args.out.display().to_string(),
            "policy": policy.name(),
            "insecure_dev_setup": proof.insecure_dev_setup,
            "public_inputs": inputs,
            "blinding": blinding_used.map(|b| field::to_hex(&b)),
            "constraints": prover.num_constraints(),
            "proof_bytes": proof.proof_bytes().len(),
            "load_ms": ui::ms_json(load_time),
            "prepare_ms": ui::ms_json(prepare_time),
            "prove_ms": ui::ms_json(prove_time),
        }));
        return Ok(Exit::Success);
    }
    say!(
        "policy: {policy} ({} constraints)",
        prover.num_constraints()
    );
    say!("public inputs:");
    for (input, value) in proof.public_inputs.named() {
        say!("  {input}: {}", field::to_hex(&value));
    }
    if let Some(b) = blinding_used {
        say!(
            "blinding: {} (keep it to open the amount commitment)",
            field::to_hex(&b)
        );
    }
    say!(
        "proof: {} ({} bytes compressed)",
        args.out.display(),
        proof.proof_bytes().len()
    );
    say!(
        "timing: key loaded in {}, circuit prepared in {}, proved in {}",
        ui::ms(load_time),
        ui::ms(prepare_time),
        ui::ms(prove_time)
    );
    Ok(Exit::Success)
}
