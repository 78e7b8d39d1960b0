//! `zkcomply demo`: a narrated end-to-end run on the OFAC lists embedded in the binary.
//! A clean, registered address proves a compliant transfer; a sanctioned (but
//! registered) address and an over-limit amount are refused by the witness builder; a
//! proof with a changed public input is rejected by the verifier. Then the same user
//! spends a daily allowance (`period_limit`) up to the limit, is refused one unit more,
//! starts afresh the next day, and cannot open a second allowance.

use std::{
    collections::HashSet,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use anyhow::{Context, Result};
use ark_ff::UniformRand;
use clap::Args;
use rand::RngCore;
use serde_json::{json, Value};
use zkcomply::{
    circuits::{
        poseidon,
        registration::{Attestation, RegistrationRequest, SignedRequest},
    },
    field, setup, AddressKey, AllowanceNote, Artefact, ComplianceWitness, Fr, Identity, Input,
    Policy, Proof, Prover, PublicInputs, Registry, SanctionsTree, Shape, StateTree, VerifyingKey,
};

use super::{list, setup::warn_dev_setup, Ctx, Exit};
use crate::{
    io,
    ofac::{self, OFAC_2024_09},
    ui,
};

/// The registry's name and chain, as its operator publishes them.
const REGISTRY_NAME: &str = "demo-kyc";
/// The listed Bitcoin Cash account `qpf2cphc…77vhq` (embedded BCH list, line 2) in other
/// encodings of the same account.
const BCH_ALIASES: [&str; 2] = [
    "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
    "BITCOINCASH:QPF2CPHC5DKUCLKQUR7LHJ2YUQQ9PK3HMUKLE77VHQ",
];
/// A sanctioned address from the embedded ETH list (line 90), used to show a refusal.
const SANCTIONED: &str = "0x8589427373D6D84E98730D7795D8f6f8731FDA16";
/// The verifier's contract in the story (part of the scope).
const GATE: &str = "0x00000000000000000000000000000000000C0DE5";
/// The recipient of the transfer (part of the context).
const RECIPIENT: &str = "0x000000000000000000000000000000000000bEEF";
/// The period of the scope (one nullifier per identity per period).
const PERIOD: u64 = 202_409;
/// The chain of the transfer (part of the context).
const CHAIN_ID: u64 = 1;
/// The amount proved, and the limit.
const AMOUNT: u64 = 250;
const LIMIT: u64 = 1000;
/// The amount the over-limit attempt asks for.
const OVER_LIMIT: u64 = 1500;
/// Other identities in the registry besides the two of the story.
const OTHERS: usize = 6;
const STEPS: usize = 9;
/// The day numbers of the period-limit story, and the daily limit.
const DAY: u64 = 20_000;
const DAILY_LIMIT: u64 = 1000;

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seed of the INSECURE development setup of the `compliance` policy.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub dev_seed: u64,
    /// Write the artefacts (snapshot, registry, identities, keys, proofs) here.
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
}

/// The narration: text on stdout (or a JSON summary at the end), step timings, and the
/// expectations that failed.
struct Narrator {
    json: bool,
    steps: Vec<Value>,
    timings: Vec<(usize, String, Duration)>,
    checks: usize,
    failures: Vec<String>,
    work_dir: Option<PathBuf>,
    written: Vec<String>,
}

impl Narrator {
    fn step(&self, n: usize, title: &str) {
        if !self.json {
            say!();
            say!("[{n}/{STEPS}] {title}");
        }
    }

    fn line(&self, text: impl AsRef<str>) {
        if !self.json {
            say!("      {}", text.as_ref());
        }
    }

    fn done(&mut self, n: usize, name: &str, elapsed: Duration, detail: Value) {
        self.line(format!("time: {}", ui::ms(elapsed)));
        self.timings.push((n, name.to_string(), elapsed));
        self.steps.push(json!({
            "step": n,
            "name": name,
            "ms": ui::ms_json(elapsed),
            "detail": detail,
        }));
    }

    /// Records an expectation; a failed one makes the demo exit with status 1.
    fn expect(&mut self, ok: bool, what: &str) {
        self.checks += 1;
        if ok {
            self.line(format!("ok: {what}"));
        } else {
            self.line(format!("UNEXPECTED: {what} did not hold"));
            self.failures.push(what.to_string());
        }
    }

    /// A step that must be refused by the witness builder: times `attempt`, prints its
    /// error, and expects the error to satisfy `refused`.
    fn refusal<T>(
        &mut self,
        step: usize,
        name: &str,
        what: &str,
        attempt: impl FnOnce() -> std::result::Result<T, zkcomply::circuits::Error>,
        refused: impl FnOnce(&str) -> bool,
    ) {
        let start = Instant::now();
        let message = attempt().err().map(|e| e.to_string());
        let elapsed = start.elapsed();
        let ok = message.as_deref().is_some_and(refused);
        self.line(format!(
            "refused:        {}",
            message
                .as_deref()
                .unwrap_or("(no error: a witness was built!)")
        ));
        self.expect(ok, what);
        self.done(
            step,
            name,
            elapsed,
            json!({ "refused": ok, "error": message }),
        );
    }

    /// Writes an artefact into the work directory, if there is one.
    fn save(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.save_as(name, bytes, io::write)
    }

    /// Writes an artefact holding a secret (an identity, a note), readable by its owner alone.
    fn save_private(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.save_as(name, bytes, io::write_private)
    }

    fn save_as(
        &mut self,
        name: &str,
        bytes: &[u8],
        write: fn(&Path, &[u8]) -> Result<()>,
    ) -> Result<()> {
        if let Some(dir) = &self.work_dir {
            let path = dir.join(name);
            write(&path, bytes)?;
            self.written.push(path.display().to_string());
        }
        Ok(())
    }
}

fn random_evm_address(rng: &mut impl RngCore) -> String {
    let mut bytes = [0u8; 20];
    rng.fill_bytes(&mut bytes);
    format!("0x{}", hex::encode(bytes))
}

/// A fresh EVM wallet: its signing key and its EIP-55 address.
fn random_wallet(rng: &mut (impl RngCore + rand::CryptoRng)) -> (k256::ecdsa::SigningKey, String) {
    let key = k256::ecdsa::SigningKey::random(rng);
    let address = RegistrationRequest::address_of(&key);
    (key, address)
}

fn timed<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, Duration)> {
    let start = Instant::now();
    let t = f()?;
    Ok((t, start.elapsed()))
}

/// Runs the demo.
///
/// # Errors
/// Failures of the main path (a tree, setup or proof that cannot be made, an unwritable
/// work directory). Unmet expectations give [`Exit::Failure`] instead.
pub fn run(ctx: Ctx, args: DemoArgs) -> Result<Exit> {
    if let Some(dir) = &args.work_dir {
        io::create_dir(dir)?;
    }
    let mut n = Narrator {
        json: ctx.json,
        steps: Vec::new(),
        timings: Vec::new(),
        checks: 0,
        failures: Vec::new(),
        work_dir: args.work_dir.clone(),
        written: Vec::new(),
    };
    let mut rng = rand::rngs::OsRng;
    let shape = Shape::default();
    let total = Instant::now();
    if !ctx.json {
        say!("zkcomply demo: prove a compliant transfer in zero knowledge, and watch three bad ones fail");
        say!(
            "policy `compliance`: the sender's address is not on the sanctions list, its identity is in \
             the KYC registry, and the hidden amount is within the limit"
        );
    }

    // (1) The list operator builds the sanctions tree from the OFAC lists.
    n.step(
        1,
        "List operator: build the sanctions tree from the OFAC SDN lists (2024-09, embedded)",
    );
    // Every entry parses by its address family, but one documented non-address (ofac.rs).
    let shipped = ofac::load()?;
    for skipped in &shipped.skipped {
        n.line(format!("skipped:        {skipped}"));
    }
    let built = list::build_tree(shipped.entries, shape.sanctions_depth)?;
    let (set, tree) = (&built.set, &built.tree);
    let root = field::to_hex(&tree.root());
    n.line(format!("files:          {}", OFAC_2024_09.len()));
    n.line(format!("addresses read: {}", set.entries.len()));
    n.line(format!(
        "duplicates:     {} (an EVM address listed under ETH, ARB, BSC… has one key; counted once)",
        set.duplicates.len()
    ));
    for d in set.duplicates.iter().take(3) {
        n.line(format!(
            "  e.g. {} = {} ({})",
            d.entry.origin, d.first, d.entry.address
        ));
    }
    n.line(format!("distinct keys:  {}", tree.len()));
    n.line(format!("depth:          {}", tree.depth()));
    n.line(format!("root:           {root}"));
    let sanctioned_key = AddressKey::parse(SANCTIONED)?;
    n.expect(
        tree.is_listed(&sanctioned_key),
        &format!("{SANCTIONED} is on the list"),
    );
    n.save("sanctions.bin", &tree.to_bytes())?;
    let (elapsed, detail) = (
        built.elapsed,
        json!({
            "addresses": set.entries.len(),
            "duplicates": set.duplicates.len(),
            "distinct_keys": tree.len(),
            "depth": tree.depth(),
            "root": root,
        }),
    );
    n.done(1, "sanctions tree", elapsed, detail);

    // (2) A user gets an identity and registers it by signing with their account; the
    // operator checks the signature and computes the commitment itself.
    n.step(
        2,
        "User and KYC provider: a fresh identity for a clean address, registered by signature",
    );
    let (wallet, alice_address) = random_wallet(&mut rng);
    let ((alice, request, sanctioned, registry), elapsed) = timed(|| {
        let alice = Identity::random(AddressKey::parse(&alice_address)?, &mut rng);
        let request =
            RegistrationRequest::new(&alice_address, alice.public_key(), REGISTRY_NAME, CHAIN_ID)?;
        let signature = request.sign(&wallet)?;
        let signed = SignedRequest { request, signature };
        let commitment = signed.verify(REGISTRY_NAME, CHAIN_ID)?;
        // Registered before it was listed, on the operator's attestation.
        let sanctioned = Identity::random(sanctioned_key, &mut rng);
        let mut registry = Registry::new(shape.registry_depth)?;
        for i in 0..OTHERS {
            let other =
                Identity::random(AddressKey::parse(&random_evm_address(&mut rng))?, &mut rng);
            registry.insert(other.commitment())?;
            if i == 2 {
                registry.insert(commitment)?;
                registry.insert(
                    Attestation {
                        key: sanctioned.key,
                        public_key: sanctioned.public_key(),
                    }
                    .commitment(),
                )?;
            }
        }
        Ok((alice, signed, sanctioned, registry))
    })?;
    let alice_index = registry.index_of(&alice.commitment());
    let sanctioned_index = registry.index_of(&sanctioned.commitment());
    n.line(format!(
        "address:        {alice_address} (a fresh wallet, so not listed)"
    ));
    n.line(format!(
        "public key:     {} = H(tag, secret), all the operator gets",
        field::to_hex(&alice.public_key())
    ));
    n.line(format!(
        "signature:      0x{}… (EIP-191, by the address, over pk, registry {REGISTRY_NAME:?}, chain {CHAIN_ID})",
        hex::encode(&request.signature[..8])
    ));
    n.line(format!(
        "commitment:     {} = H(tag, key, pk), computed by the operator from the address it checked",
        field::to_hex(&alice.commitment())
    ));
    n.line(format!(
        "registry:       depth {}, {} identities, root {}",
        registry.depth(),
        registry.len(),
        field::to_hex(&registry.root())
    ));
    n.line(format!(
        "also registered: the sanctioned {SANCTIONED} (index {}), so only the list can stop it",
        sanctioned_index.map_or("?".into(), |i| i.to_string())
    ));
    n.expect(
        !tree.is_listed(&alice.key),
        "the user's address is not listed",
    );
    n.expect(
        alice_index.is_some() && sanctioned_index.is_some(),
        "both identities are registered",
    );
    // Someone tries to register an address that is not theirs (a fresh, unlisted one, to
    // keep proving after their own is listed): they sign with their own key and present the
    // request as the other address's. The signature is not the address's: refused.
    let (mallory_wallet, mallory_address) = random_wallet(&mut rng);
    let (_, unlisted) = random_wallet(&mut rng);
    let attempt =
        RegistrationRequest::new(&mallory_address, Fr::from(7u64), REGISTRY_NAME, CHAIN_ID)
            .and_then(|mut request| {
                let signature = request.sign(&mallory_wallet)?;
                request.address = unlisted.clone();
                SignedRequest { request, signature }.verify(REGISTRY_NAME, CHAIN_ID)
            });
    let message = attempt.as_ref().err().map(ToString::to_string);
    n.line(format!(
        "someone else's address: {}",
        message.as_deref().unwrap_or("(accepted!)")
    ));
    n.expect(
        message.is_some_and(|m| m.contains("not by the account")),
        "a registration signed by another account is refused",
    );
    // One account, one key: the listed Bitcoin Cash account, written with its prefix or
    // in upper case, is still listed.
    for alias in BCH_ALIASES {
        let listed = AddressKey::parse(alias).is_ok_and(|k| tree.is_listed(&k));
        n.expect(listed, &format!("{alias} is listed (the same account)"));
    }
    n.save_private(
        "identity.json",
        alice.to_json(Some(&alice_address)).as_bytes(),
    )?;
    n.save("registration-request.json", request.to_json().as_bytes())?;
    n.save_private(
        "sanctioned-identity.json",
        sanctioned.to_json(Some(SANCTIONED)).as_bytes(),
    )?;
    n.save("registry.json", registry.to_json().as_bytes())?;
    n.done(
        2,
        "identity and registry",
        elapsed,
        json!({
            "address": alice_address,
            "public_key": field::to_hex(&alice.public_key()),
            "commitment": field::to_hex(&alice.commitment()),
            "index": alice_index,
            "registry_root": field::to_hex(&registry.root()),
            "registry_size": registry.len(),
        }),
    );

    // (3) Setup of the compliance policy (insecure, deterministic).
    n.step(
        3,
        &format!(
            "Setup of `compliance` (sanctions depth {}, registry depth {}), INSECURE dev seed {}",
            shape.sanctions_depth, shape.registry_depth, args.dev_seed
        ),
    );
    warn_dev_setup(args.dev_seed);
    let (pk, setup_time) = ui::timed("Groth16 setup of compliance", || {
        setup::setup_dev(Policy::Compliance, shape, args.dev_seed)
    })?;
    let (pk_bytes, vk_bytes) = (pk.to_bytes(), pk.verifying_key()?.to_bytes());
    let constraints = pk.info.constraints().unwrap_or_default();
    n.line(format!("constraints:    {constraints}"));
    n.line(format!(
        "proving key:    {}; verifying key: {}",
        ui::bytes(pk_bytes.len()),
        ui::bytes(vk_bytes.len())
    ));
    n.line("keys marked insecure: anyone who knows the seed can forge proofs");
    n.expect(pk.info.insecure_dev_setup, "the keys are marked insecure");
    n.save("compliance.pk", &pk_bytes)?;
    n.save("compliance.vk", &vk_bytes)?;
    let (prover, prepare_time) = ui::timed("synthesising the circuit", || Prover::new(pk))?;
    n.line(format!(
        "prover ready:   constraint matrices synthesised once in {}",
        ui::ms(prepare_time)
    ));
    n.done(
        3,
        "setup",
        setup_time,
        json!({
            "constraints": constraints,
            "proving_key_bytes": pk_bytes.len(),
            "verifying_key_bytes": vk_bytes.len(),
            "prepare_ms": ui::ms_json(prepare_time),
        }),
    );

    // (4) The wallet proves a compliant transfer.
    n.step(
        4,
        &format!("Wallet: prove a transfer of {AMOUNT} (limit {LIMIT}) to {RECIPIENT}"),
    );
    let scope = poseidon::hash(&[AddressKey::parse(GATE)?.to_field(), Fr::from(PERIOD)])?;
    let context = poseidon::hash(&[
        AddressKey::parse(RECIPIENT)?.to_field(),
        Fr::from(CHAIN_ID),
        Fr::from(7u64),
    ])?;
    let blinding = Fr::rand(&mut rng);
    let witness = |identity: &Identity, address: &str, amount: u64| {
        ComplianceWitness::builder(Policy::Compliance)
            .identity(identity)
            .address(address)
            .sanctions(tree)
            .registry(&registry)
            .amount(amount)
            .limit(LIMIT)
            .blinding(blinding)
            .scope(scope)
            .context(context)
            .build()
    };
    n.line(format!(
        "scope:          H(key({GATE}), {PERIOD}) = {}",
        field::to_hex(&scope)
    ));
    n.line(format!(
        "context:        H(key(recipient), chain {CHAIN_ID}, nonce 7) = {}",
        field::to_hex(&context)
    ));
    let w = witness(&alice, &alice_address, AMOUNT).context("building the user's witness")?;
    let (proof, prove_time) = ui::timed("proving", || prover.prove(&w))?;
    let proof_json = proof.to_json();
    let proof_bytes = proof.proof_bytes().len();
    n.line(format!(
        "circuit:        {} constraints, proved in {}",
        prover.num_constraints(),
        ui::ms(prove_time)
    ));
    n.line(format!(
        "proof:          {proof_bytes} bytes (compressed Groth16), {} as JSON with its public inputs",
        ui::bytes(proof_json.len())
    ));
    n.line(format!(
        "nullifier:      {} (one use per identity per scope)",
        field::to_hex(
            &proof
                .public_inputs
                .get(Input::Nullifier)
                .unwrap_or_default()
        )
    ));
    n.line(format!(
        "amount commitment: {} (the amount stays hidden)",
        field::to_hex(
            &proof
                .public_inputs
                .get(Input::AmountCommitment)
                .unwrap_or_default()
        )
    ));
    n.save("proof.json", proof_json.as_bytes())?;
    n.done(
        4,
        "prove",
        prove_time,
        json!({ "proof_bytes": proof_bytes, "proof_json_bytes": proof_json.len() }),
    );

    // (5) A verifier checks it with the verifying key alone.
    n.step(5, "Verifier: check the proof with the verifying key");
    let vk = VerifyingKey::from_bytes("compliance.vk", &vk_bytes)?;
    let received = Proof::from_json("proof.json", &proof_json)?;
    let (accepted, verify_time) = timed(|| Ok(zkcomply::verify(&vk, &received)?))?;
    n.line(if accepted { "accepted" } else { "rejected" });
    n.expect(accepted, "the compliant transfer's proof is accepted");
    n.done(5, "verify", verify_time, json!({ "accepted": accepted }));

    // (6) A sanctioned address cannot even build a witness.
    n.step(
        6,
        &format!("Sanctioned sender {SANCTIONED} (registered) tries the same transfer"),
    );
    n.refusal(
        6,
        "sanctioned address refused",
        "the witness builder refuses a sanctioned address",
        || witness(&sanctioned, SANCTIONED, AMOUNT),
        |m| m.contains("is on the sanctions list"),
    );

    // (7) An amount above the limit cannot either.
    n.step(
        7,
        &format!("The user tries {OVER_LIMIT} against the limit {LIMIT}"),
    );
    let over_limit = format!("amount {OVER_LIMIT} exceeds limit {LIMIT}");
    n.refusal(
        7,
        "over-limit amount refused",
        "the witness builder refuses an over-limit amount",
        || witness(&alice, &alice_address, OVER_LIMIT),
        |m| m == over_limit,
    );

    // (8) A proof whose public inputs were changed is rejected.
    n.step(
        8,
        "Attacker: reuse the valid proof with changed public inputs",
    );
    let start = Instant::now();
    let mut tampered_results = Vec::new();
    for (input, new_value, story) in [
        (
            Input::Limit,
            Fr::from(1_000_000u64),
            "limit raised to 1000000",
        ),
        (
            Input::Context,
            poseidon::hash(&[Fr::from(0xbad_u64), Fr::from(CHAIN_ID), Fr::from(7u64)])?,
            "context moved to another recipient",
        ),
        (
            Input::Nullifier,
            Fr::from(12345u64),
            "nullifier replaced (replay attempt)",
        ),
    ] {
        let tampered = tamper(&received, input, new_value)?;
        let accepted = zkcomply::verify(&vk, &tampered)?;
        n.line(format!(
            "{story}: {}",
            if accepted { "accepted" } else { "rejected" }
        ));
        n.expect(!accepted, &format!("a proof with the {story} is rejected"));
        if input == Input::Limit {
            n.save("tampered-proof.json", tampered.to_json().as_bytes())?;
        }
        tampered_results.push(json!({ "input": input.name(), "accepted": accepted }));
    }
    n.done(
        8,
        "tampered proofs rejected",
        start.elapsed(),
        Value::Array(tampered_results),
    );

    period_limit(
        &mut n, &args, shape, tree, &registry, &alice, scope, context, &mut rng,
    )?;

    summary(
        &mut n,
        &root,
        constraints,
        proof_bytes,
        total.elapsed(),
        args.work_dir.as_deref(),
    );
    Ok(if n.failures.is_empty() {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// Step 9: a daily allowance with `period_limit`, against a verifier that keeps a state
/// tree and a nullifier set (what `PeriodLimitGate` does on chain).
#[allow(clippy::too_many_arguments)]
fn period_limit(
    n: &mut Narrator,
    args: &DemoArgs,
    shape: Shape,
    tree: &SanctionsTree,
    registry: &Registry,
    alice: &Identity,
    scope: Fr,
    context: Fr,
    rng: &mut impl RngCore,
) -> Result<()> {
    n.step(
        9,
        &format!(
            "Daily limit {DAILY_LIMIT} (`period_limit`): the running total stays in a private note"
        ),
    );
    let start = Instant::now();
    let (pk, setup_time) = ui::timed("Groth16 setup of period_limit", || {
        setup::setup_dev(Policy::PeriodLimit, shape, args.dev_seed)
    })?;
    let vk = pk.verifying_key()?;
    let prover = Prover::new(pk)?;
    n.line(format!(
        "setup:          {} constraints (state tree depth {}), {}",
        prover.num_constraints(),
        shape.state_depth,
        ui::ms(setup_time)
    ));
    let mut state = StateTree::new(shape.state_depth)?;
    let mut nullifiers = HashSet::new();
    let mut note: Option<AllowanceNote> = None;
    let mut salt = || {
        use ark_ff::UniformRand;
        Fr::rand(&mut *rng)
    };
    let mut transfers = Vec::new();
    let mut attempt = |note: Option<&AllowanceNote>, state: &StateTree, day: u64, amount: u64| {
        ComplianceWitness::builder(Policy::PeriodLimit)
            .identity(alice)
            .sanctions(tree)
            .registry(registry)
            .state(state)
            .note(note)
            .period(day)
            .amount(amount)
            .limit(DAILY_LIMIT)
            .blinding(salt())
            .scope(scope)
            .context(context)
            .salt(salt())
            .build()
    };
    let mut first_nullifier = None;
    for (day, amount) in [(DAY, 600), (DAY, 400), (DAY + 1, 1000)] {
        let w = attempt(note.as_ref(), &state, day, amount)?;
        let (proof, prove_time) = ui::timed("proving", || prover.prove(&w))?;
        let nullifier = proof
            .public_inputs
            .get(Input::Nullifier)
            .unwrap_or_default();
        let accepted = zkcomply::verify(&vk, &proof)? && nullifiers.insert(nullifier);
        first_nullifier.get_or_insert(nullifier);
        let next = w
            .next_note()
            .context("a period_limit witness has a next note")?;
        n.line(format!(
            "day {day}: transfer {amount:>4} → total {:>4} of {DAILY_LIMIT}, proved in {}, {}",
            next.spent,
            ui::ms(prove_time),
            if accepted { "accepted" } else { "rejected" }
        ));
        n.expect(
            accepted,
            &format!("the day-{day} transfer of {amount} is accepted"),
        );
        state.insert(proof.public_inputs.get(Input::NewNote).unwrap_or_default())?;
        transfers.push(json!({ "day": day, "amount": amount, "total": next.spent, "prove_ms": ui::ms_json(prove_time) }));
        note = Some(next);
        if day == DAY && next.spent == DAILY_LIMIT {
            let refused = attempt(note.as_ref(), &state, DAY, 1)
                .err()
                .map(|e| e.to_string());
            n.line(format!(
                "day {DAY}: one unit more: refused: {}",
                refused.as_deref().unwrap_or("(accepted!)")
            ));
            n.expect(
                refused.is_some_and(|m| m.contains("exceeds the period limit")),
                "one unit over the daily limit is refused",
            );
        }
    }
    // A second allowance: the genesis nullifier exists once per identity and scope.
    let again = attempt(None, &state, DAY + 1, 1)?;
    let (proof, _) = ui::timed("proving", || prover.prove(&again))?;
    let nullifier = proof
        .public_inputs
        .get(Input::Nullifier)
        .unwrap_or_default();
    let refused = Some(nullifier) == first_nullifier && !nullifiers.insert(nullifier);
    n.line(format!(
        "a second, empty allowance: the proof carries the first one's genesis nullifier: {}",
        if refused { "rejected" } else { "accepted!" }
    ));
    n.expect(
        refused,
        "a second allowance is refused (nullifier already used)",
    );
    n.line("the verifier saw only nullifiers and note commitments: no identity, amount or total");
    n.done(
        9,
        "daily limit",
        start.elapsed(),
        json!({ "constraints": prover.num_constraints(), "transfers": transfers }),
    );
    Ok(())
}

/// The proof with one public input replaced.
fn tamper(proof: &Proof, input: Input, value: Fr) -> Result<Proof> {
    let values = proof
        .public_inputs
        .named()
        .map(|(i, v)| if i == input { value } else { v })
        .collect();
    let mut out = proof.clone();
    out.public_inputs = PublicInputs::new(proof.policy, values)?;
    Ok(out)
}

fn summary(
    n: &mut Narrator,
    root: &str,
    constraints: usize,
    proof_bytes: usize,
    total: Duration,
    work_dir: Option<&Path>,
) {
    let ok = n.failures.is_empty();
    if n.json {
        ui::print_json(&json!({
            "ok": ok,
            "checks": n.checks,
            "failures": n.failures,
            "sanctions_root": root,
            "constraints": constraints,
            "proof_bytes": proof_bytes,
            "insecure_dev_setup": true,
            "total_ms": ui::ms_json(total),
            "steps": n.steps,
            "written": n.written,
        }));
        return;
    }
    say!();
    say!("Summary");
    for (step, name, elapsed) in &n.timings {
        say!("  {step}. {name:<28} {:>10}", ui::ms(*elapsed));
    }
    say!("  compliance circuit: {constraints} constraints; proof {proof_bytes} bytes");
    say!("  total: {}", ui::ms(total));
    if let Some(dir) = work_dir {
        say!("  artefacts in {}:", dir.display());
        for f in &n.written {
            say!("    {f}");
        }
        say!(
            "  try: zkcomply verify --vk {} --proof {}",
            dir.join("compliance.vk").display(),
            dir.join("proof.json").display()
        );
    }
    if ok {
        say!(
            "all {} expectations met: a compliant transfer was proved and accepted; a sanctioned \
             address and an over-limit amount were refused; tampered proofs were rejected; a \
             daily allowance was spent to its limit and no further",
            n.checks
        );
        say!("(the keys come from an INSECURE development setup: for demonstration only)");
    } else {
        say!(
            "FAILED: {} of {} expectations not met:",
            n.failures.len(),
            n.checks
        );
        for f in &n.failures {
            say!("  - {f}");
        }
    }
}
