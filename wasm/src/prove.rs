//! Proving: a prover from proving-key bytes, and proofs of JSON requests.

use wasm_bindgen::prelude::*;
use zkcomply::{
    circuits::request::ProveRequest, AllowanceNote, Artefact, ComplianceWitness, Identity, Policy,
    ProvingKey,
};

use crate::{
    js_error,
    trees::{Registry, SanctionsTree, StateTree},
};

/// A prover: a proving key with its circuit synthesised once, for many proofs.
#[wasm_bindgen]
pub struct Prover(zkcomply::Prover);

/// A proof and, for `period_limit`, the next allowance note.
#[wasm_bindgen(getter_with_clone)]
pub struct Proved {
    /// The proof file (`zkcomply-proof/1` JSON): send it to the verifier.
    pub proof: String,
    /// `period_limit` only: the next allowance note (`zkcomply-note/1` JSON). Keep it
    /// private, and spend it in the next proof once the verifier has accepted this one.
    #[wasm_bindgen(js_name = nextNote)]
    pub next_note: Option<String>,
}

#[wasm_bindgen]
impl Prover {
    /// A prover from the bytes of a proving key file (`zkcomply setup`'s `.pk`), checked:
    /// envelope, content hash, curve and subgroup of every point.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<Prover, JsError> {
        let key = ProvingKey::from_bytes("proving key", bytes).map_err(js_error)?;
        zkcomply::Prover::new(key).map(Self).map_err(js_error)
    }

    /// A prover from its prepared state (`cacheBytes`), without the slow checks of
    /// `fromBytes` (G2 subgroups) or synthesising the circuit: only for bytes this package
    /// wrote from a checked key and kept where only the page's own code can write (the
    /// worker of `js/index.js` authenticates them with an HMAC key kept in the origin's
    /// IndexedDB). Points are still checked to be on their curves, and every proof's `B`
    /// in G2's subgroup.
    #[wasm_bindgen(js_name = fromCacheBytes)]
    pub fn from_cache_bytes(bytes: &[u8]) -> Result<Prover, JsError> {
        zkcomply::Prover::from_cache_bytes("prover cache", bytes)
            .map(Self)
            .map_err(js_error)
    }

    /// The prover's prepared state (key with uncompressed points, constraint matrices), to
    /// cache on this device and load with `fromCacheBytes`.
    #[wasm_bindgen(js_name = cacheBytes)]
    pub fn cache_bytes(&self) -> Vec<u8> {
        self.0.to_cache_bytes()
    }

    /// The policy the key proves (`compliance`, `non_membership`, `transfer_limit`,
    /// `period_limit`).
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> String {
        self.0.key().info.policy.name().to_string()
    }

    /// Whether the key comes from an INSECURE development setup.
    #[wasm_bindgen(getter, js_name = insecureDevSetup)]
    pub fn insecure_dev_setup(&self) -> bool {
        self.0.key().info.insecure_dev_setup
    }

    /// The verifying key file's bytes.
    #[wasm_bindgen(js_name = verifyingKey)]
    pub fn verifying_key(&self) -> Vec<u8> {
        self.0.verifying_key().to_bytes()
    }

    /// Proves a `compliance` or `non_membership` request.
    ///
    /// - `identity`: the identity file (from `identityNew`); `sanctions` and `registry`:
    ///   the list the address must not be on and the registry it must be in.
    /// - `request`: JSON `{"amount", "limit", "blinding"?, "scope", "context"}` (numbers,
    ///   or decimal / `0x`-hex strings for field elements; `non_membership` needs no
    ///   amount or limit).
    ///
    /// Returns the proof file (`zkcomply-proof/1` JSON). Throws an `Error` naming the
    /// problem: a sanctioned address, an unregistered identity, an amount over the limit, a
    /// malformed request or file, trees of other depths, another policy's key.
    pub fn prove(
        &self,
        identity: &str,
        sanctions: &SanctionsTree,
        registry: &Registry,
        request: &str,
    ) -> Result<String, JsError> {
        self.expect(&[Policy::Compliance, Policy::NonMembership], "prove")?;
        let identity = Some(identity);
        let trees = Some((sanctions, registry));
        Ok(self.prove_any(identity, trees, None, request)?.proof)
    }

    /// Proves a `transfer_limit` request `{"amount", "limit", "blinding"?, "context"}`:
    /// no identity, only the hidden amount. Returns the proof file.
    #[wasm_bindgen(js_name = proveAmount)]
    pub fn prove_amount(&self, request: &str) -> Result<String, JsError> {
        self.expect(&[Policy::TransferLimit], "proveAmount")?;
        Ok(self.prove_any(None, None, None, request)?.proof)
    }

    /// Proves a `period_limit` request `{"amount", "limit", "blinding"?, "scope", "context",
    /// "period"}`: as `prove`, plus the verifier's `state` tree and the live allowance
    /// `note` (its JSON, or `undefined` for the identity's first proof in the scope).
    /// Returns the proof and the next note.
    #[wasm_bindgen(js_name = provePeriod)]
    pub fn prove_period(
        &self,
        identity: &str,
        sanctions: &SanctionsTree,
        registry: &Registry,
        state: &StateTree,
        note: Option<String>,
        request: &str,
    ) -> Result<Proved, JsError> {
        self.expect(&[Policy::PeriodLimit], "provePeriod")?;
        let note = note
            .map(|json| AllowanceNote::from_json("note", &json))
            .transpose()
            .map_err(js_error)?;
        let identity = Some(identity);
        let trees = Some((sanctions, registry));
        self.prove_any(identity, trees, Some((state, note)), request)
    }
}

impl Prover {
    fn expect(&self, policies: &[Policy], function: &str) -> Result<(), JsError> {
        let policy = self.0.key().info.policy;
        if policies.contains(&policy) {
            return Ok(());
        }
        let right = match policy {
            Policy::Compliance | Policy::NonMembership => "prove",
            Policy::TransferLimit => "proveAmount",
            Policy::PeriodLimit => "provePeriod",
        };
        Err(JsError::new(&format!(
            "{function} does not prove {policy}: this key's policy; use {right}"
        )))
    }

    fn prove_any(
        &self,
        identity: Option<&str>,
        trees: Option<(&SanctionsTree, &Registry)>,
        notes: Option<(&StateTree, Option<AllowanceNote>)>,
        request: &str,
    ) -> Result<Proved, JsError> {
        let policy = self.0.key().info.policy;
        let request = ProveRequest::from_json(request).map_err(js_error)?;
        let identity = identity
            .map(|json| Identity::from_json("identity", json))
            .transpose()
            .map_err(js_error)?;
        let mut builder = ComplianceWitness::builder(policy);
        if let Some(identity) = &identity {
            builder = builder.identity(identity);
        }
        if let Some((sanctions, registry)) = trees {
            builder = builder.sanctions(&sanctions.0).registry(&registry.0);
        }
        if let Some((state, note)) = &notes {
            builder = builder.state(&state.0).note(note.as_ref());
        }
        let witness = request
            .apply(builder, &mut rand::rngs::OsRng)
            .build()
            .map_err(js_error)?;
        let proof = self.0.prove(&witness).map_err(js_error)?;
        Ok(Proved {
            proof: proof.to_json(),
            next_note: witness.next_note().map(|n| n.to_json()),
        })
    }
}

/// An INSECURE, deterministic development setup of `policy` at the given tree depths:
/// the proving key file's bytes (marked insecure: anybody who knows `seed` can forge
/// proofs). For tests and demos; production keys come from a ceremony.
#[wasm_bindgen(js_name = setupDev)]
pub fn setup_dev(
    policy: &str,
    sanctions_depth: usize,
    registry_depth: usize,
    state_depth: usize,
    seed: u64,
) -> Result<Vec<u8>, JsError> {
    let policy = Policy::from_name(policy).map_err(js_error)?;
    let shape = zkcomply::Shape {
        sanctions_depth,
        registry_depth,
        state_depth,
    };
    for (depth, what) in [
        (sanctions_depth, "sanctions depth"),
        (registry_depth, "registry depth"),
        (state_depth, "state depth"),
    ] {
        if !(1..=zkcomply::circuits::tree::MAX_DEPTH).contains(&depth) {
            return Err(JsError::new(&format!(
                "{what} {depth} is outside 1..={}",
                zkcomply::circuits::tree::MAX_DEPTH
            )));
        }
    }
    let key = zkcomply::setup::setup_dev(policy, shape, seed).map_err(js_error)?;
    Ok(key.to_bytes())
}
