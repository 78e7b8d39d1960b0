//! `--backend halo2` (feature `halo2`): Halo2-KZG setup from a seeded (insecure) SRS, a
//! public powers-of-tau file or an SRS file; proving; verification; the Solidity verifier
//! and its entry point. The key files hold the policy, the shape and the SRS's origin.

use std::path::Path;

use anyhow::{bail, Result};
use serde_json::json;
use zkcomply::{
    circuits::halo2::PolicyCircuit,
    prover::halo2::{insecure_dev_srs, ptau::load_ptau, Halo2Prover},
    verifier::halo2::{
        solidity::{entry_point, entry_point_name, verifier, VERIFIER_NAME},
        Halo2Proof, Srs, VerifyingKey,
    },
    Artefact, ComplianceWitness, Policy, Shape,
};

use super::{setup::SetupArgs, Ctx, Exit};
use crate::{io, ui};

use super::prove::Proved;

/// Runs `setup --backend halo2`.
///
/// # Errors
/// No SRS source, an unreadable or refused ptau or SRS file, unwritable output.
pub fn setup(ctx: Ctx, args: &SetupArgs, shape: Shape) -> Result<Exit> {
    let policy = args.policy;
    let k = PolicyCircuit::blank(policy, shape)?.k();
    let srs = match (args.dev_seed, &args.ptau, &args.srs) {
        (Some(seed), None, None) => {
            super::setup::warn_dev_setup(seed);
            insecure_dev_srs(k, seed)
        }
        (None, Some(path), None) => {
            ui::timed(
                format!("reading 2^{k} powers of tau from {}", path.display()),
                || load_ptau(path, k),
            )?
            .0
        }
        (None, None, Some(path)) => {
            let srs = ui::timed(format!("reading {}", path.display()), || Srs::load(path))?.0;
            if srs.origin().insecure() {
                ui::warn_insecure(&format!("SRS {}", path.display()));
            }
            srs
        }
        _ => bail!(
            "--backend halo2 needs one SRS: --ptau FILE (a public powers-of-tau file), --srs \
             FILE (from an earlier --save-srs) or --dev-seed N (INSECURE, tests only)"
        ),
    };
    let origin = srs.origin().clone();
    io::create_dir(&args.out_dir)?;
    let (prover, elapsed) = ui::timed(
        format!(
            "Halo2 key generation of {policy} (2^{k} rows, sanctions depth {}, registry depth {})",
            shape.sanctions_depth, shape.registry_depth
        ),
        || Halo2Prover::keygen(srs, policy, shape),
    )?;
    let vk = prover.verifying_key();
    let pk_path = args.out_dir.join(format!("{policy}.pk"));
    let vk_path = args.out_dir.join(format!("{policy}.vk"));
    let (pk_bytes, vk_bytes) = (prover.to_bytes(), vk.to_bytes());
    io::write(&pk_path, &pk_bytes)?;
    io::write(&vk_path, &vk_bytes)?;
    if let Some(path) = &args.save_srs {
        Srs::new_unchecked(vk.params().clone(), origin.clone()).save(path)?;
    }
    let insecure = origin.insecure();
    if ctx.json {
        ui::print_json(&json!({
            "backend": "halo2-kzg",
            "policy": policy.name(),
            "policy_id": policy.id(),
            "policy_version": policy.version(),
            "sanctions_depth": shape.sanctions_depth,
            "registry_depth": shape.registry_depth,
            "k": k,
            "srs": origin,
            "insecure_dev_setup": insecure,
            "dev_seed": args.dev_seed,
            "proving_key": pk_path.display().to_string(),
            "proving_key_bytes": pk_bytes.len(),
            "verifying_key": vk_path.display().to_string(),
            "verifying_key_bytes": vk_bytes.len(),
            "srs_file": args.save_srs.as_ref().map(|p| p.display().to_string()),
            "setup_ms": ui::ms_json(elapsed),
        }));
        return Ok(Exit::Success);
    }
    say!(
        "policy: {policy} (id {}, v{}), back-end halo2-kzg",
        policy.id(),
        policy.version()
    );
    say!(
        "shape: sanctions depth {}, registry depth {}; 2^{k} rows",
        shape.sanctions_depth,
        shape.registry_depth
    );
    say!("SRS: {}", origin.describe());
    say!("key generation: {}", ui::ms(elapsed));
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
    if let Some(path) = &args.save_srs {
        say!("SRS file:      {}", path.display());
    }
    if insecure {
        say!("INSECURE development keys: for tests and demos only");
    }
    Ok(Exit::Success)
}

/// Loads a Halo2 proving key file (regenerating the keys from its SRS).
///
/// # Errors
/// An unreadable or refused file, naming it.
pub fn load_prover(path: &Path, bytes: &[u8]) -> Result<Halo2Prover> {
    Halo2Prover::from_bytes(&path.display().to_string(), bytes).map_err(|e| io::naming(path, e))
}

/// Whether a Halo2 prover's SRS is insecure, and its policy.
pub fn describe(prover: &Halo2Prover) -> (Policy, bool) {
    let vk = prover.verifying_key();
    (vk.policy(), vk.insecure_dev_setup())
}

/// Proves `witness` and writes the proof file to `out`.
///
/// # Errors
/// A witness the circuit refuses; write failures.
pub fn prove(prover: &Halo2Prover, witness: &ComplianceWitness, out: &Path) -> Result<Proved> {
    let policy = witness.policy();
    let (proof, prove_time) = ui::timed(format!("proving {policy} (Halo2-KZG)"), || {
        prover.proof(witness)
    })?;
    io::write(out, proof.to_json().as_bytes())?;
    let k = prover.verifying_key().k();
    Ok(Proved {
        public_inputs: proof.public_inputs,
        insecure_dev_setup: proof.insecure_dev_setup,
        proof_bytes: proof.proof.len(),
        size: format!("2^{k} rows, Halo2-KZG"),
        size_json: json!({ "backend": "halo2-kzg", "k": k }),
        prepare_time: std::time::Duration::ZERO,
        prove_time,
    })
}

/// Loads a Halo2 verifying key and proof and verifies; `None` when a file cannot be
/// checked is reported by the caller.
///
/// # Errors
/// Unreadable or malformed files, a Groth16 proof, another policy.
pub fn verify(
    vk_path: &Path,
    vk_bytes: &[u8],
    proof_path: &Path,
) -> Result<(Halo2Proof, bool, bool, std::time::Duration)> {
    let (key, _) = ui::timed(format!("loading {}", vk_path.display()), || {
        VerifyingKey::from_bytes(&vk_path.display().to_string(), vk_bytes)
            .map_err(|e| io::naming(vk_path, e))
    })?;
    let text = io::read_text(proof_path)?;
    let proof = Halo2Proof::from_json(&proof_path.display().to_string(), &text)
        .map_err(|e| io::naming(proof_path, e))?;
    warn_insecure(
        key.insecure_dev_setup(),
        proof.insecure_dev_setup,
        vk_path,
        proof_path,
    );
    let (ok, elapsed) = ui::timed("verifying (Halo2-KZG)", || proof.verify(&key))?;
    Ok((proof, key.insecure_dev_setup(), ok, elapsed))
}

fn warn_insecure(key: bool, proof: bool, vk: &Path, p: &Path) {
    match (key, proof) {
        (true, true) => ui::warn_insecure(&format!(
            "verifying key {} (and proof {})",
            vk.display(),
            p.display()
        )),
        (true, false) => ui::warn_insecure(&format!("verifying key {}", vk.display())),
        (false, true) => ui::warn_insecure(&format!("proof {}", p.display())),
        (false, false) => {}
    }
}

/// Runs `export solidity` for a Halo2 verifying key: snark-verifier's generated
/// `Halo2Verifier.sol` and the policy's entry point contract.
///
/// # Errors
/// A malformed key, write failures.
pub fn export_solidity(ctx: Ctx, vk_path: &Path, vk_bytes: &[u8], out: &Path) -> Result<Exit> {
    let key = VerifyingKey::from_bytes(&vk_path.display().to_string(), vk_bytes)
        .map_err(|e| io::naming(vk_path, e))?;
    let policy = key.policy();
    let entry = entry_point_name(policy);
    if key.insecure_dev_setup() {
        ui::warn_insecure(&format!(
            "verifying key {} (a contract from it accepts forged proofs)",
            vk_path.display()
        ));
    }
    let (source, elapsed) = ui::timed("generating the Halo2 verifier", || {
        Ok::<_, anyhow::Error>(verifier(&key))
    })?;
    io::create_dir(out)?;
    let verifier_path = out.join(format!("{VERIFIER_NAME}.sol"));
    let entry_path = out.join(format!("{entry}.sol"));
    io::write(&verifier_path, source.as_bytes())?;
    io::write(&entry_path, entry_point(policy).as_bytes())?;
    let files = [
        verifier_path.display().to_string(),
        entry_path.display().to_string(),
    ];
    let n = policy.inputs().len();
    let function = format!("verifyProof(bytes,uint256[{n}])");
    if ctx.json {
        ui::print_json(&json!({
            "backend": "halo2-kzg",
            "dir": out.display().to_string(),
            "files": files,
            "contracts": [VERIFIER_NAME, entry],
            "verifier": entry,
            "policy": policy.name(),
            "policy_version": policy.version(),
            "insecure_dev_setup": key.insecure_dev_setup(),
            "srs": key.origin(),
            "function": function,
            "generate_ms": ui::ms_json(elapsed),
        }));
        return Ok(Exit::Success);
    }
    for f in &files {
        say!("wrote {f}");
    }
    say!(
        "contract {VERIFIER_NAME}: snark-verifier's generated verifier (solc 0.8.19, optimizer \
         off; {} bytes of source)",
        source.len()
    );
    say!(
        "contract {entry}: constructor(address halo2Verifier); \
         function verifyProof(bytes calldata proof, uint256[{n}] calldata input) external view \
         returns (bool)"
    );
    say!("SRS: {}", key.origin().describe());
    if key.insecure_dev_setup() {
        say!("INSECURE development key: never deploy {entry} where value is at stake");
    }
    Ok(Exit::Success)
}
