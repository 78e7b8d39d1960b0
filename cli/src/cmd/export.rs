//! `zkcomply export snarkjs|solidity|calldata`: files for snarkjs (`verification_key.json`,
//! `proof.json`, `public.json`), Solidity contracts for on-chain verification (the generated
//! `<Policy>Verifier.sol`, `ComplianceGate.sol` or `PeriodLimitGate.sol`, and the on-chain
//! registry `IdentityRegistry.sol`), and the calldata of a proof.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use zkcomply::{
    field,
    verifier::{snarkjs, solidity},
    Policy, Proof, VerifyingKey,
};

use super::{parse_backend, Backend, Ctx, Exit};
use crate::{io, ui};

/// The export commands.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// snarkjs JSON: verification_key.json, and with --proof also proof.json and public.json.
    Snarkjs(SnarkjsArgs),
    /// Solidity: `<Policy>Verifier.sol` generated from the key, and for the compliance and
    /// period_limit policies also their gate, ComplianceGate.sol or PeriodLimitGate.sol, and
    /// the on-chain registry IdentityRegistry.sol, as one file each (deploy the verifier, then
    /// the gate with its address; the registry is optional: a gate given its address reads its
    /// roots, one given address 0 takes registry roots from its updater). For a Halo2 key:
    /// snark-verifier's generated `Halo2Verifier.sol` and the policy's entry point
    /// `Halo2<Policy>Verifier.sol` (deploy the first, then the second with its address).
    Solidity(SolidityArgs),
    /// The 0x-hex calldata of a proof: `verifyProof(uint256[8],uint256[n])` of the generated
    /// verifier, or with --gate-recipient the verifyAndConsume of the policy's gate
    /// (ComplianceGate or PeriodLimitGate).
    ///
    /// Text output is the calldata alone on one line (the function goes to stderr), ready
    /// for `cast send` or `eth_call`. The proof is not checked here: `zkcomply verify` does.
    Calldata(CalldataArgs),
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

/// Arguments of `export solidity`.
#[derive(Debug, Args)]
pub struct SolidityArgs {
    /// The verifying key (Groth16 or Halo2-KZG).
    #[arg(long, value_name = "FILE")]
    pub vk: PathBuf,
    /// The proving system; the key file says which it is, so this only checks that it
    /// agrees.
    #[arg(long, value_parser = parse_backend, value_name = "groth16|halo2")]
    pub backend: Option<Backend>,
    /// The directory to write into (created if missing; existing files are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Arguments of `export calldata`.
#[derive(Debug, Args)]
pub struct CalldataArgs {
    /// The proof (from `zkcomply prove`).
    #[arg(long, value_name = "FILE")]
    pub proof: PathBuf,
    /// Encode the gate's verifyAndConsume(proof, inputs, recipient) for this recipient
    /// (0x + 40 hex digits) instead of verifyProof; compliance and period_limit proofs only.
    /// The proof's context must have been made for it (`zkcomply prove --gate … --recipient …`).
    #[arg(long, value_name = "0xADDRESS")]
    pub gate_recipient: Option<String>,
}

/// Runs an export command.
///
/// # Errors
/// Unreadable or malformed inputs, a proof of another policy, write failures.
pub fn run(ctx: Ctx, command: ExportCommand) -> Result<Exit> {
    match command {
        ExportCommand::Snarkjs(a) => export_snarkjs(ctx, a),
        ExportCommand::Solidity(a) => export_solidity(ctx, a),
        ExportCommand::Calldata(a) => export_calldata(ctx, a),
    }
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

fn export_snarkjs(ctx: Ctx, args: SnarkjsArgs) -> Result<Exit> {
    let vk = io::load::<VerifyingKey>(&args.vk)?;
    if vk.info.insecure_dev_setup {
        ui::warn_insecure(&format!("verifying key {}", args.vk.display()));
    }
    let proof = match &args.proof {
        Some(path) => {
            let proof = io::load::<Proof>(path)?;
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

/// The loud warning of `export solidity` for a key of a `--dev-seed` setup, on stderr.
fn warn_insecure_contract(vk: &std::path::Path, contract: &str) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "\n!!! WARNING: {} is an INSECURE development key (--dev-seed): anyone who knows the seed\n\
         !!! can forge proofs that {contract} accepts. The contract says so in its header.\n\
         !!! Never deploy it where value is at stake: run a real setup for production keys.\n",
        vk.display()
    );
}

fn export_solidity(ctx: Ctx, args: SolidityArgs) -> Result<Exit> {
    let bytes = io::read_nonempty(&args.vk)?;
    if super::backend_of_file(&args.vk, &bytes, args.backend)? == Backend::Halo2Kzg {
        #[cfg(feature = "halo2")]
        return super::halo2::export_solidity(ctx, &args.vk, &bytes, &args.out);
        #[cfg(not(feature = "halo2"))]
        return super::no_halo2();
    }
    let vk = io::load::<VerifyingKey>(&args.vk)?;
    let policy = vk.info.policy;
    let name = solidity::verifier_name(policy);
    if vk.info.insecure_dev_setup {
        warn_insecure_contract(&args.vk, &name);
    }
    let n = policy.inputs().len();
    let function = format!("verifyProof(uint256[8],uint256[{n}])");
    let declaration = format!(
        "function verifyProof(uint256[8] calldata proof, uint256[{n}] calldata input) \
         external view returns (bool)"
    );
    let selector = format!("0x{}", hex::encode(solidity::selector(&function)));
    let source = solidity::verifier(&vk);
    if !source.contains(&declaration) {
        bail!("the generated {name} does not declare `{declaration}`: please report this bug");
    }

    io::create_dir(&args.out)?;
    let verifier_path = args.out.join(format!("{name}.sol"));
    io::write(&verifier_path, source.as_bytes())?;
    let mut written = vec![verifier_path];
    let mut contracts = vec![name.clone()];
    let gate = solidity::gate(policy);
    let registry = solidity::IDENTITY_REGISTRY_CONTRACT;
    if let Some(gate) = gate {
        for (name, source) in [
            (gate.name, gate.standalone()),
            (registry.name, registry.standalone()),
        ] {
            let path = args.out.join(format!("{name}.sol"));
            io::write(&path, source.as_bytes())?;
            written.push(path);
            contracts.push(name.into());
        }
    }
    let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    let inputs: Vec<&str> = policy.inputs().iter().map(|i| i.name()).collect();
    if ctx.json {
        ui::print_json(&json!({
            "dir": args.out.display().to_string(),
            "files": files,
            "contracts": contracts,
            "verifier": name,
            "policy": policy.name(),
            "policy_version": vk.info.policy_version,
            "insecure_dev_setup": vk.info.insecure_dev_setup,
            "function": function,
            "selector": selector,
            "public_inputs": inputs,
        }));
        return Ok(Exit::Success);
    }
    for f in &files {
        say!("wrote {f}");
    }
    say!(
        "contract {name} (policy {policy} v{}, {n} public inputs: {})",
        vk.info.policy_version,
        inputs.join(", ")
    );
    say!("  {declaration}");
    say!("  selector {selector} = {function}");
    if let Some(gate) = gate {
        say!(
            "contract {} (takes the address of a deployed {name})",
            gate.name
        );
        say!("  {}", gate.constructor);
        if gate.policy == Policy::PeriodLimit {
            say!(
                "  poseidon: poseidon-solidity's PoseidonT3, at \
                 0x3333333C0A88F9BE4fd23ed0536F9B6c427e3B93 on chains that have it; \
                 stateDepth: the key's state depth ({})",
                vk.info.shape.state_depth
            );
        }
        say!(
            "  scope = keccak256(abi.encode(chainid, gate, scopeEpoch)) >> 4; roots older than \
             maxRootAge seconds are refused; registry: an IdentityRegistry, or 0 for roots \
             published by the updater"
        );
        say!(
            "  function verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata \
             inputs, address recipient) external"
        );
        say!(
            "  function contextFor(address caller, address recipient, uint256 amountCommitment) \
             public view returns (uint256): the proof binds the account that calls \
             verifyAndConsume (prove --caller)"
        );
        say!(
            "contract {} (optional: deploy it, then the gate with its address)",
            registry.name
        );
        say!(
            "  {}: depth must be the key's registry depth ({}); poseidonT3, poseidonT4: \
             poseidon-solidity's PoseidonT3 (0x3333333C0A88F9BE4fd23ed0536F9B6c427e3B93) and \
             PoseidonT4 (0x4443338EF595F44e0121df4C21102677B142ECF0), on chains that have them",
            registry.constructor,
            vk.info.shape.registry_depth
        );
        say!(
            "  function register(uint256 pk) external: appends H(T_id, key(msg.sender), pk), \
             once per account"
        );
    }
    if vk.info.insecure_dev_setup {
        say!("INSECURE development key: never deploy {name} where value is at stake");
    }
    Ok(Exit::Success)
}

fn word_hex(word: &[u8]) -> String {
    format!("0x{}", hex::encode(word))
}

fn export_calldata(ctx: Ctx, args: CalldataArgs) -> Result<Exit> {
    let recipient = args
        .gate_recipient
        .as_deref()
        .map(|a| io::evm_address_arg("--gate-recipient", a))
        .transpose()?;
    let proof = io::load::<Proof>(&args.proof)?;
    if proof.insecure_dev_setup {
        ui::warn_insecure(&format!("proof {}", args.proof.display()));
    }
    let words = solidity::proof_words(&proof);
    let inputs = proof.public_inputs.values();
    let (function, calldata) = match recipient {
        None => {
            let function = format!("verifyProof(uint256[8],uint256[{}])", inputs.len());
            (function, solidity::verify_calldata(&proof))
        }
        Some(recipient) => {
            let Some(gate) = solidity::gate(proof.policy) else {
                bail!(
                    "--gate-recipient: ComplianceGate takes compliance proofs and \
                     PeriodLimitGate period_limit proofs, {} is a {} proof",
                    args.proof.display(),
                    proof.policy
                );
            };
            (
                gate.verify_and_consume.to_string(),
                solidity::gate_calldata(&proof, recipient)?,
            )
        }
    };
    let hex_calldata = word_hex(&calldata);
    if ctx.json {
        ui::print_json(&json!({
            "function": function,
            "selector": word_hex(&calldata[..4]),
            "calldata": hex_calldata,
            "bytes": calldata.len(),
            "proof": words.iter().map(|w| word_hex(w)).collect::<Vec<_>>(),
            "inputs": inputs.iter().map(field::to_hex).collect::<Vec<_>>(),
            "recipient": recipient.map(|r| io::eip55(&r)),
            "policy": proof.policy.name(),
        }));
    } else {
        ui::note(&format!(
            "calldata of {function} ({} bytes)",
            calldata.len()
        ));
        say!("{hex_calldata}");
    }
    Ok(Exit::Success)
}
