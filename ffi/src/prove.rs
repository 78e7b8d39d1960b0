//! Proving.

use std::sync::{PoisonError, RwLock};

use serde_json::Value;
use zkcomply::{
    circuits::request::ProveRequest, AllowanceNote, ComplianceWitness, Identity, Proof, Prover,
    Registry, SanctionsTree, StateTree,
};

use crate::buffer::{self, ZkcBuffer};
use crate::ffi_boundary;
use crate::handle::{self, ZkcProver, ZkcRegistry, ZkcSanctionsTree, ZkcStateTree};
use crate::status::{FfiError, FfiResult, ZkcStatus};

/// The trees and files a proof may use, already checked.
struct Inputs<'a> {
    identity_json: Option<&'a str>,
    tree: *const ZkcSanctionsTree,
    registry: *const ZkcRegistry,
    /// `period_limit` only: the state tree, and the live note (`None` for the first).
    notes: Option<(*const ZkcStateTree, Option<AllowanceNote>)>,
}

/// Builds the witness of `request` for the prover's policy and proves it.
fn prove(
    prover: &Prover,
    inputs: Inputs<'_>,
    request: &ProveRequest,
) -> FfiResult<(Proof, Option<AllowanceNote>)> {
    let policy = prover.key().info.policy;
    let mut builder = ComplianceWitness::builder(policy);
    let tree_h;
    let registry_h;
    let registry_guard;
    let state_h;
    let state_guard;
    if policy.uses_identity()
        || inputs.identity_json.is_some()
        || !inputs.tree.is_null()
        || !inputs.registry.is_null()
    {
        let identity_text = inputs
            .identity_json
            .ok_or_else(|| FfiError::null("identity_json"))?;
        let identity = Identity::from_json("identity", identity_text)?;
        let address = serde_json::from_str::<Value>(identity_text)
            .ok()
            .and_then(|v| v.get("address").and_then(Value::as_str).map(str::to_string));
        tree_h = handle::get::<SanctionsTree>(inputs.tree, "tree")?;
        registry_h = handle::get::<RwLock<Registry>>(inputs.registry, "registry")?;
        registry_guard = registry_h.read().unwrap_or_else(PoisonError::into_inner);
        builder = builder
            .identity(&identity)
            .sanctions(&tree_h)
            .registry(&registry_guard);
        if let Some(address) = address {
            builder = builder.address(address);
        }
    }
    if let Some((state, note)) = inputs.notes {
        state_h = handle::get::<RwLock<StateTree>>(state, "state")?;
        state_guard = state_h.read().unwrap_or_else(PoisonError::into_inner);
        builder = builder.state(&state_guard).note(note.as_ref());
    }
    let witness = request.apply(builder, &mut rand::rngs::OsRng).build()?;
    let proof = prover.prove(&witness)?;
    Ok((proof, witness.next_note()))
}

/// Proves a request with the prover's policy, and returns the proof file
/// (`zkcomply-proof/1` JSON) in a new buffer `*proof_out`; verify it with `zkc_verify`.
/// (Policy `period_limit` needs `zkc_prove_period`.)
///
/// - `identity_json`: the prover's identity file (from `zkc_identity_new`).
/// - `tree`, `registry`: the sanctions list the address must not be on and the registry
///   the identity must be in; their depths must be the key's. (Policy
///   `transfer_limit` uses neither, nor the identity: these three may then be NULL.)
/// - `request_json`: `{"amount": 900, "limit": 1000, "blinding": "0x…", "scope": "1",
///   "context": "0x…"}`. Amounts are JSON numbers or decimal strings; field elements
///   are decimal or `0x`-hex strings (or small JSON numbers). `blinding` is optional
///   (random if absent; pass your own to be able to open the amount commitment).
///   `amount`/`limit` are ignored by, and may be left out for, `non_membership`.
///
/// Errors: `SANCTIONED` (the address is listed), `NOT_REGISTERED` (the identity's
/// commitment is not in the registry), `OVER_LIMIT` (amount > limit), `DEPTH_MISMATCH`
/// (trees of other depths than the key), `INVALID_ARGUMENT` (a missing request field),
/// `MALFORMED_INPUT` (JSON, field element ≥ r), `NULL_PARAMETER`, `WRONG_HANDLE`,
/// `PROVING_FAILED`. `zkc_last_error` gives the detail.
///
/// # Safety
/// `identity_json` and `request_json` must point to `identity_len` and `request_len`
/// readable bytes (or `identity_json` be NULL for `transfer_limit`); `proof_out` must
/// be writable.
#[no_mangle]
pub unsafe extern "C" fn zkc_prove(
    prover: *const ZkcProver,
    identity_json: *const u8,
    identity_len: usize,
    tree: *const ZkcSanctionsTree,
    registry: *const ZkcRegistry,
    request_json: *const u8,
    request_len: usize,
    proof_out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(proof_out, "proof_out") }?;
        let prover = handle::get::<Prover>(prover, "prover")?;
        if prover.key().info.policy.uses_notes() {
            return Err(FfiError::invalid(
                "policy period_limit spends and creates allowance notes: use zkc_prove_period",
            ));
        }
        // SAFETY: the caller's guarantees.
        let request = ProveRequest::from_json(unsafe { handle::text(request_json, request_len, "request_json") }?)?;
        let identity_json = if identity_json.is_null() {
            None
        } else {
            // SAFETY: the caller's guarantees.
            Some(unsafe { handle::text(identity_json, identity_len, "identity_json") }?)
        };
        let inputs = Inputs { identity_json, tree, registry, notes: None };
        let (proof, _) = prove(&prover, inputs, &request)?;
        *out = buffer::publish(proof.to_json());
        Ok(())
    }
}

/// Proves a `period_limit` request: the transfer's amount, added to what the identity's
/// live allowance note has spent in the period, stays within the period limit. Returns
/// the proof file in `*proof_out` and the new allowance note (`zkcomply-note/1` JSON) in
/// `*next_note_out`: keep it private, and pass it as `note_json` to the next proof once
/// the verifier has accepted this one (and appended the proof's `new_note` to its state
/// tree).
///
/// - `identity_json`, `tree`, `registry`: as `zkc_prove`.
/// - `state`: the verifier's state tree of notes (its depth must be the key's).
/// - `note_json`: the live note (from the previous proof's `*next_note_out`), or NULL for
///   the identity's first proof in this scope (a second first note is refused by the
///   verifier: its genesis nullifier is already used).
/// - `request_json`: as `zkc_prove`, plus `"period"`: the current period number (< 2^64).
///
/// Errors: those of `zkc_prove`, and `NOTE_NOT_FOUND` (the note is not in the state tree),
/// `OVER_LIMIT` (the period's total would exceed the limit), `INVALID_ARGUMENT` (a
/// period before the note's, another policy than `period_limit`).
///
/// # Safety
/// `identity_json`, `note_json` (unless NULL) and `request_json` must point to
/// `identity_len`, `note_len` and `request_len` readable bytes; `proof_out` and
/// `next_note_out` must be writable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn zkc_prove_period(
    prover: *const ZkcProver,
    identity_json: *const u8,
    identity_len: usize,
    tree: *const ZkcSanctionsTree,
    registry: *const ZkcRegistry,
    state: *const ZkcStateTree,
    note_json: *const u8,
    note_len: usize,
    request_json: *const u8,
    request_len: usize,
    proof_out: *mut *const ZkcBuffer,
    next_note_out: *mut *const ZkcBuffer,
) -> ZkcStatus {
    ffi_boundary! {
        // SAFETY: the caller's guarantees.
        let out = unsafe { handle::out_handle(proof_out, "proof_out") }?;
        // SAFETY: the caller's guarantees.
        let next_out = unsafe { handle::out_handle(next_note_out, "next_note_out") }?;
        let prover = handle::get::<Prover>(prover, "prover")?;
        let policy = prover.key().info.policy;
        if !policy.uses_notes() {
            return Err(FfiError::invalid(format!(
                "zkc_prove_period proves period_limit; this prover's policy is {policy}: use zkc_prove"
            )));
        }
        // SAFETY: the caller's guarantees.
        let request = ProveRequest::from_json(unsafe { handle::text(request_json, request_len, "request_json") }?)?;
        // SAFETY: the caller's guarantees.
        let identity_json = Some(unsafe { handle::text(identity_json, identity_len, "identity_json") }?);
        let note = if note_json.is_null() {
            None
        } else {
            // SAFETY: the caller's guarantees.
            let text = unsafe { handle::text(note_json, note_len, "note_json") }?;
            Some(AllowanceNote::from_json("note", text)?)
        };
        let inputs = Inputs { identity_json, tree, registry, notes: Some((state, note)) };
        let (proof, next) = prove(&prover, inputs, &request)?;
        let next = next.ok_or_else(|| FfiError::new(ZkcStatus::Internal, "no next note"))?;
        *out = buffer::publish(proof.to_json());
        *next_out = buffer::publish(next.to_json());
        Ok(())
    }
}
