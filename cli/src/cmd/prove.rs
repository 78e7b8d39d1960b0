//! `zkcomply prove`: builds the witness from the user's files and proves it. The context
//! is given as a field element (`--context`) or computed for a transfer through an EVM
//! `ComplianceGate` (`--gate`, `--chain-id`, `--recipient`).

use std::{path::PathBuf, time::Duration};

use anyhow::{anyhow, bail, Result};
use ark_ff::UniformRand;
use clap::{ArgGroup, Args};
use serde_json::json;
use zkcomply::{
    circuits::{commitment, context},
    field,
    prover::ProvingKey,
    AllowanceNote, Artefact, ComplianceWitness, Fr, Input, Policy, Prover, PublicInputs,
    SanctionsTree,
};

use super::{parse_backend, Backend, Ctx, Exit};
use crate::{io, ui};

/// Arguments of `prove`. The policy comes from the key; `transfer_limit` needs no
/// identity, sanctions list or registry, `non_membership` no amount or limit. The context
/// comes from `--context` or from `--gate`, `--chain-id` and `--recipient` together.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("binding").required(true).args(["context", "gate", "request"])))]
pub struct ProveArgs {
    /// The proving key (from `zkcomply setup`; Groth16 or Halo2-KZG).
    #[arg(long, value_name = "FILE")]
    pub pk: PathBuf,
    /// The proving system; the key file says which it is, so this only checks that it
    /// agrees.
    #[arg(long, value_parser = parse_backend, value_name = "groth16|halo2")]
    pub backend: Option<Backend>,
    /// The prover's identity file.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// The sanctions snapshot the address must not be on.
    #[arg(long, value_name = "SNAPSHOT")]
    pub sanctions: Option<PathBuf>,
    /// The registry the identity must be in.
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// The verifier's state tree of allowance notes (period_limit).
    #[arg(
        long,
        value_name = "FILE",
        help_heading = "Period limits (period_limit)"
    )]
    pub state: Option<PathBuf>,
    /// The identity's live allowance note (period_limit; from the previous proof's
    /// --next-note, once the verifier accepted that proof).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "first_note",
        help_heading = "Period limits (period_limit)"
    )]
    pub note: Option<PathBuf>,
    /// This is the identity's first period_limit proof in this scope: open its allowance
    /// (the genesis nullifier can be used once per identity and scope).
    #[arg(long, help_heading = "Period limits (period_limit)")]
    pub first_note: bool,
    /// The current period number (below 2^64), as the verifier computes it (the gate:
    /// block.timestamp / periodSeconds).
    #[arg(long, value_name = "N", help_heading = "Period limits (period_limit)")]
    pub period: Option<u64>,
    /// Where to write the new allowance note (keep it private: spend it in the next proof
    /// once the verifier has accepted this one).
    #[arg(
        long,
        value_name = "FILE",
        help_heading = "Period limits (period_limit)"
    )]
    pub next_note: Option<PathBuf>,
    /// The hidden amount (a whole number below 2^64).
    #[arg(long, value_name = "N")]
    pub amount: Option<u64>,
    /// The public limit, inclusive (below 2^64).
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// The verifier's scope (decimal or 0x-hex field element).
    #[arg(long, value_name = "F")]
    pub scope: Option<String>,
    /// With --gate: the gate's scope epoch (its scopeEpoch()); the scope becomes the one the
    /// gate derives from its chain, address and epoch, instead of --scope.
    #[arg(long, value_name = "N", requires = "gate", conflicts_with = "scope")]
    pub scope_epoch: Option<u64>,
    /// The transaction context (decimal or 0x-hex field element). Or use --gate,
    /// --chain-id and --recipient instead.
    #[arg(long, value_name = "F")]
    pub context: Option<String>,
    /// Bind the proof to a transfer through this ComplianceGate (0x + 40 hex digits): the
    /// context becomes what the gate's contextFor(caller, recipient, amount commitment)
    /// computes on chain --chain-id. Needs --chain-id, --caller and --recipient, and a policy
    /// with an amount.
    #[arg(
        long,
        value_name = "0xADDRESS",
        requires_all = ["chain_id", "caller", "recipient"],
        help_heading = "Context of a ComplianceGate transfer (instead of --context)"
    )]
    pub gate: Option<String>,
    /// The chain id the gate is deployed on (block.chainid), with --gate.
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u64).range(1..),
        requires = "gate",
        conflicts_with = "context",
        help_heading = "Context of a ComplianceGate transfer (instead of --context)"
    )]
    pub chain_id: Option<u64>,
    /// The account that will call the gate's verifyAndConsume (0x + 40 hex digits), with
    /// --gate: a copy of the call sent by anyone else reverts, so the proof cannot be
    /// front-run.
    #[arg(
        long,
        value_name = "0xADDRESS",
        requires = "gate",
        conflicts_with = "context",
        help_heading = "Context of a ComplianceGate transfer (instead of --context)"
    )]
    pub caller: Option<String>,
    /// The recipient of the transfer (0x + 40 hex digits), with --gate.
    #[arg(
        long,
        value_name = "0xADDRESS",
        requires = "gate",
        conflicts_with = "context",
        help_heading = "Context of a ComplianceGate transfer (instead of --context)"
    )]
    pub recipient: Option<String>,
    /// The amount commitment's blinding (random if not given; keep it to open the commitment).
    #[arg(long, value_name = "F")]
    pub blinding: Option<String>,
    /// Where to write the proof (JSON).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The request as a JSON file instead of the options above: `{"amount", "limit", "scope",
    /// "scope_epoch", "context" | "gate" + "chain_id" + "caller" + "recipient", "blinding",
    /// "period"}` (numbers or
    /// decimal/0x-hex strings; the same request the C API takes). Options given as well are
    /// refused.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["amount", "limit", "scope", "scope_epoch", "context", "gate", "chain_id", "caller", "recipient", "blinding", "period"]
    )]
    pub request: Option<PathBuf>,
}

/// A `--request` file: the options of `prove` as one JSON object.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    amount: Option<u64>,
    limit: Option<u64>,
    scope: Option<FieldText>,
    scope_epoch: Option<u64>,
    context: Option<FieldText>,
    gate: Option<String>,
    chain_id: Option<u64>,
    caller: Option<String>,
    recipient: Option<String>,
    blinding: Option<FieldText>,
    period: Option<u64>,
}

/// A field element written as a JSON number or string.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum FieldText {
    Number(u64),
    Text(String),
}

impl From<FieldText> for String {
    fn from(f: FieldText) -> String {
        match f {
            FieldText::Number(n) => n.to_string(),
            FieldText::Text(s) => s,
        }
    }
}

impl ProveArgs {
    /// Fills the options from `--request`, if given (clap refused options given as well).
    fn with_request(mut self) -> Result<Self> {
        let Some(path) = &self.request else {
            return Ok(self);
        };
        let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let r: Request = serde_json::from_str(&text)
            .map_err(|e| anyhow!("{}: invalid request: {e}", path.display()))?;
        self.amount = r.amount;
        self.limit = r.limit;
        self.scope = r.scope.map(String::from);
        self.scope_epoch = r.scope_epoch;
        self.context = r.context.map(String::from);
        self.gate = r.gate;
        self.chain_id = r.chain_id;
        self.caller = r.caller;
        self.recipient = r.recipient;
        self.blinding = r.blinding.map(String::from);
        self.period = r.period;
        Ok(self)
    }
}

fn need<T>(value: Option<T>, option: &str, policy: Policy) -> Result<T> {
    value.ok_or_else(|| anyhow!("policy {policy} needs {option}"))
}

/// What the proof is bound to.
enum Binding {
    /// A context given as it is.
    Context(Fr),
    /// A transfer through a ComplianceGate: the context is `context::evm_transfer`.
    Gate {
        chain_id: u64,
        gate: [u8; 20],
        caller: [u8; 20],
        recipient: [u8; 20],
    },
}

impl Binding {
    /// From the arguments (clap has already refused a mix of the two ways, or half of one).
    fn from_args(args: &ProveArgs) -> Result<Self> {
        let gate = (&args.gate, args.chain_id, &args.caller, &args.recipient);
        match (&args.context, gate) {
            (Some(c), (None, None, None, None)) => {
                Ok(Binding::Context(io::field_arg("--context", c)?))
            }
            (None, (Some(gate), Some(chain_id), Some(caller), Some(recipient))) => {
                Ok(Binding::Gate {
                    chain_id,
                    gate: io::evm_address_arg("--gate", gate)?,
                    caller: io::evm_address_arg("--caller", caller)?,
                    recipient: io::evm_address_arg("--recipient", recipient)?,
                })
            }
            (None, (None, None, None, None)) => Err(anyhow!(
                "the request has no context (or gate, chain_id, caller and recipient)"
            )),
            _ => Err(anyhow!(
                "give either --context, or --gate, --chain-id, --caller and --recipient together"
            )),
        }
    }

    /// The transfer, for `--json` (null for a plain `--context`).
    fn describe_json(&self) -> serde_json::Value {
        match self {
            Binding::Context(_) => serde_json::Value::Null,
            Binding::Gate {
                chain_id,
                gate,
                caller,
                recipient,
            } => json!({
                "gate": io::eip55(gate),
                "chain_id": chain_id,
                "caller": io::eip55(caller),
                "recipient": io::eip55(recipient),
            }),
        }
    }
}

/// A proving key of either back-end.
enum Key {
    Groth16(Box<ProvingKey>),
    #[cfg(feature = "halo2")]
    Halo2(Box<zkcomply::prover::halo2::Halo2Prover>),
}

impl Key {
    fn load(args: &ProveArgs) -> Result<Self> {
        let bytes = io::read_nonempty(&args.pk)?;
        match super::backend_of_file(&args.pk, &bytes, args.backend)? {
            Backend::Groth16 => Ok(Key::Groth16(Box::new(io::load::<ProvingKey>(&args.pk)?))),
            #[cfg(feature = "halo2")]
            Backend::Halo2Kzg => Ok(Key::Halo2(Box::new(super::halo2::load_prover(
                &args.pk, &bytes,
            )?))),
            #[cfg(not(feature = "halo2"))]
            Backend::Halo2Kzg => super::no_halo2(),
        }
    }

    /// The policy and whether the setup was insecure.
    fn describe(&self) -> (Policy, bool) {
        match self {
            Key::Groth16(pk) => (pk.info.policy, pk.info.insecure_dev_setup),
            #[cfg(feature = "halo2")]
            Key::Halo2(p) => super::halo2::describe(p),
        }
    }
}

/// What a proof run produced, whatever the back-end.
#[derive(Debug)]
pub struct Proved {
    /// The public inputs.
    pub public_inputs: PublicInputs,
    /// Whether the key came from an insecure setup.
    pub insecure_dev_setup: bool,
    /// The proof's size in bytes.
    pub proof_bytes: usize,
    /// The circuit's size, for text output.
    pub size: String,
    /// The circuit's size and back-end, for `--json`.
    pub size_json: serde_json::Value,
    /// Preparing the prover (Groth16: synthesising the circuit).
    pub prepare_time: Duration,
    /// Proving.
    pub prove_time: Duration,
}

fn prove_groth16(
    pk: ProvingKey,
    witness: &ComplianceWitness,
    out: &std::path::Path,
) -> Result<Proved> {
    let policy = witness.policy();
    let (prover, prepare_time) = ui::timed("synthesising the circuit", || Prover::new(pk))?;
    let (proof, prove_time) = ui::timed(format!("proving {policy}"), || prover.prove(witness))?;
    proof.save(out)?;
    let n = prover.num_constraints();
    Ok(Proved {
        public_inputs: proof.public_inputs.clone(),
        insecure_dev_setup: proof.insecure_dev_setup,
        proof_bytes: proof.proof_bytes().len(),
        size: format!("{n} constraints"),
        size_json: json!({ "backend": "groth16", "constraints": n }),
        prepare_time,
        prove_time,
    })
}

/// Runs `prove`.
///
/// # Errors
/// Malformed inputs, a witness the builder refuses (sanctioned, not registered, over
/// the limit), a key/witness mismatch, write failures.
pub fn run(ctx: Ctx, args: ProveArgs) -> Result<Exit> {
    let args = args.with_request()?;
    let binding = Binding::from_args(&args)?;
    let scope = match (&args.scope, args.scope_epoch, &binding) {
        (Some(s), _, _) => Some(io::field_arg("--scope", s)?),
        (None, Some(epoch), Binding::Gate { chain_id, gate, .. }) => {
            Some(context::evm_scope(*chain_id, *gate, epoch))
        }
        _ => None,
    };
    let blinding = args
        .blinding
        .as_deref()
        .map(|s| io::field_arg("--blinding", s))
        .transpose()?;

    let (key, load_time) = ui::timed(format!("loading {}", args.pk.display()), || {
        Key::load(&args)
    })?;
    let (policy, insecure_key) = key.describe();
    if insecure_key {
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
        (
            !policy.uses_identity() && args.scope_epoch.is_some(),
            "--scope-epoch",
        ),
        (!policy.uses_amount() && args.amount.is_some(), "--amount"),
        (!policy.uses_amount() && args.limit.is_some(), "--limit"),
        (
            !policy.uses_amount() && args.blinding.is_some(),
            "--blinding",
        ),
        (!policy.uses_notes() && args.state.is_some(), "--state"),
        (!policy.uses_notes() && args.note.is_some(), "--note"),
        (!policy.uses_notes() && args.first_note, "--first-note"),
        (!policy.uses_notes() && args.period.is_some(), "--period"),
        (
            !policy.uses_notes() && args.next_note.is_some(),
            "--next-note",
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

    // The amount commitment is known before proving, so the context can bind it.
    let amount = if policy.uses_amount() {
        let b = blinding.unwrap_or_else(|| Fr::rand(&mut rand::rngs::OsRng));
        Some((
            need(args.amount, "--amount", policy)?,
            need(args.limit, "--limit", policy)?,
            b,
        ))
    } else {
        None
    };
    let amount_commitment = amount.map(|(a, _, b)| commitment::amount_commitment(a, b));
    let context = match &binding {
        Binding::Context(c) => *c,
        Binding::Gate {
            chain_id,
            gate,
            caller,
            recipient,
        } => {
            let Some(ac) = amount_commitment else {
                bail!(
                    "--gate: policy {policy} has no amount commitment to bind a transfer to \
                     (ComplianceGate takes compliance proofs): give --context instead"
                );
            };
            if !matches!(policy, Policy::Compliance | Policy::PeriodLimit) {
                ui::note(&format!(
                    "ComplianceGate takes compliance proofs; this {policy} proof gets the \
                     same context, for a verifier that computes it the same way"
                ));
            }
            context::evm_transfer(*chain_id, *gate, *caller, *recipient, ac)
        }
    };

    let identity;
    let sanctions;
    let registry;
    let mut builder = ComplianceWitness::builder(policy).context(context);
    if policy.uses_identity() {
        let (id, address) = io::load_identity(need(args.identity.as_ref(), "--identity", policy)?)?;
        identity = id;
        let path = need(args.sanctions.as_ref(), "--sanctions", policy)?;
        sanctions = ui::timed(format!("loading {}", path.display()), || {
            io::load::<SanctionsTree>(path)
        })?
        .0;
        registry = io::load(need(args.registry.as_ref(), "--registry", policy)?)?;
        builder = builder
            .identity(&identity)
            .sanctions(&sanctions)
            .registry(&registry)
            .scope(need(scope, "--scope", policy)?);
        if let Some(address) = address {
            builder = builder.address(address);
        }
    }
    let state;
    let note;
    let mut next_note_path = None;
    if policy.uses_notes() {
        let path = need(args.state.as_ref(), "--state", policy)?;
        state = io::load(path)?;
        note = match (&args.note, args.first_note) {
            (Some(path), _) => Some(io::load::<AllowanceNote>(path)?),
            (None, true) => None,
            (None, false) => bail!(
                "policy {policy} needs --note (the live allowance note), or --first-note for                  the identity's first transfer in this scope"
            ),
        };
        let path = need(args.next_note.as_ref(), "--next-note", policy)?;
        if args.note.as_ref() == Some(path) {
            bail!(
                "--next-note {}: keep the live note until the verifier accepts the proof;                  write the next one to another file",
                path.display()
            );
        }
        next_note_path = Some(path);
        builder = builder
            .state(&state)
            .note(note.as_ref())
            .period(need(args.period, "--period", policy)?)
            .salt(Fr::rand(&mut rand::rngs::OsRng));
    }
    let blinding_used = amount.map(|(_, _, b)| b);
    if let Some((amount, limit, b)) = amount {
        builder = builder.amount(amount).limit(limit).blinding(b);
    }
    // The builder's errors ("address … is on the sanctions list", "amount … exceeds
    // limit …") are shown as they are.
    let witness = builder.build()?;
    if let Some(ac) = amount_commitment {
        if witness.public(Input::AmountCommitment) != ac {
            bail!(
                "the witness's amount commitment is not H(amount, blinding), so the context \
                 binds another one: please report this bug"
            );
        }
    }

    let proof = match key {
        Key::Groth16(pk) => prove_groth16(*pk, &witness, &args.out)?,
        #[cfg(feature = "halo2")]
        Key::Halo2(prover) => super::halo2::prove(&prover, &witness, &args.out)?,
    };
    let (prepare_time, prove_time) = (proof.prepare_time, proof.prove_time);
    let next_note = witness.next_note();
    if let (Some(path), Some(n)) = (next_note_path, &next_note) {
        n.save(path)?;
    }
    let inputs: serde_json::Map<String, serde_json::Value> = proof
        .public_inputs
        .named()
        .map(|(i, v)| (i.name().to_string(), json!(field::to_hex(&v))))
        .collect();
    if ctx.json {
        let size = &proof.size_json;
        ui::print_json(&json!({
            "proof": args.out.display().to_string(),
            "backend": size["backend"],
            "k": size.get("k"),
            "policy": policy.name(),
            "insecure_dev_setup": proof.insecure_dev_setup,
            "public_inputs": inputs,
            "blinding": blinding_used.map(|b| field::to_hex(&b)),
            "gate_transfer": binding.describe_json(),
            "next_note": next_note.map(|n| json!({
                "file": args.next_note.as_ref().map(|p| p.display().to_string()),
                "period": n.period,
                "spent": n.spent,
            })),
            "constraints": size.get("constraints"),
            "proof_bytes": proof.proof_bytes,
            "load_ms": ui::ms_json(load_time),
            "prepare_ms": ui::ms_json(prepare_time),
            "prove_ms": ui::ms_json(prove_time),
        }));
        return Ok(Exit::Success);
    }
    say!("policy: {policy} ({})", proof.size);
    say!("public inputs:");
    for (input, value) in proof.public_inputs.named() {
        say!("  {input}: {}", field::to_hex(&value));
    }
    if let Binding::Gate {
        chain_id,
        gate,
        caller,
        recipient,
    } = &binding
    {
        say!(
            "context bound to a transfer to {} sent by {} through ComplianceGate {} on chain \
             {chain_id} (what its contextFor computes)",
            io::eip55(recipient),
            io::eip55(caller),
            io::eip55(gate)
        );
    }
    if let (Some(n), Some(path)) = (&next_note, &args.next_note) {
        say!(
            "next allowance note: {} (period {}, spent {}); spend it in the next proof once              the verifier has accepted this one",
            path.display(),
            n.period,
            n.spent
        );
    }
    if let Some(b) = blinding_used {
        say!(
            "blinding: {} (keep it to open the amount commitment)",
            field::to_hex(&b)
        );
    }
    say!(
        "proof: {} ({} bytes)",
        args.out.display(),
        proof.proof_bytes
    );
    say!(
        "timing: key loaded in {}, circuit prepared in {}, proved in {}",
        ui::ms(load_time),
        ui::ms(prepare_time),
        ui::ms(prove_time)
    );
    Ok(Exit::Success)
}
