//! `PeriodLimitGate` (policy `period_limit`), compiled with the real solc (solc-js) and run in
//! a real EVM (revm): the on-chain Poseidon candidates against zkcomply's circomlib Poseidon,
//! the gate's state tree against zkcomply's Rust tree after every append, the empty roots,
//! the state-root window, the period, and the gas of an append per depth.
//!
//! The gate's own logic is tested with a verifier that accepts every proof, so that trees of
//! any depth and hundreds of transfers cost no proving time; then the whole policy with the
//! generated verifier and real proofs: a sequence of transfers up to the limit, replays, wrong
//! periods, terms and roots, tampered proofs, and the state-root window.
//!
//! Needs `tools/node_modules` (`npm ci --prefix tools`); skipped without it unless
//! `ZKCOMPLY_REQUIRE_TOOLS=1`.

use std::path::Path;

use ark_ff::UniformRand;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    circuits::{commitment, context, poseidon, tree::zero_hashes, AllowanceNote, StateTree},
    field, setup,
    verifier::solidity::{self, proof_words, selector},
    ComplianceWitness, Fr, Identity, Policy, Proof, Prover, Registry, SanctionsTree, Shape,
};
use zkcomply_testkit::{
    evm::{
        self, bytecode, compile, encode_call, gate_data, inputs_of, intrinsic_gas,
        poseidon_contracts, word_address, word_fr, word_u64, Address, Evm, Outcome,
    },
    world,
};

const LIMIT: u64 = 1000;
const SCOPE_EPOCH: u64 = 3;
const MAX_ROOT_AGE: u64 = 7 * 86_400;
const PERIOD_SECONDS: u64 = 86_400;
/// A block time well inside period 19,675.
const NOW: u64 = 1_700_000_000;
const WINDOW: u64 = 64;
const MAX_DEPTH: usize = 40;
const SANCTIONS_ROOT: u64 = 0x5a;
const REGISTRY_ROOT: u64 = 0x7e;

/// Test doubles: a verifier that accepts everything (the gate's logic alone), and a contract
/// with PoseidonT3's interface that does not compute Poseidon.
const DOUBLES: &str = r#"// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract AcceptAllVerifier {
    function verifyProof(uint256[8] calldata, uint256[10] calldata) external pure returns (bool) {
        return true;
    }
}

contract NotPoseidon {
    function hash(uint256[2] calldata x) external pure returns (uint256) {
        return addmod(x[0], x[1], 21888242871839275222246405745257275088548364400416034343698204186575808495617);
    }
}
"#;

/// One hash by a deployed Poseidon contract: (result, execution gas of the call).
fn hash_with(evm: &mut Evm, at: Address, signature: &str, l: Fr, r: Fr) -> (Fr, u64) {
    let data = encode_call(signature, &[word_fr(&l), word_fr(&r)]);
    let out = evm.call(at, &data);
    let h = field::from_be_bytes("hash", out.output().try_into().unwrap()).unwrap();
    (h, out.gas() - intrinsic_gas(&data))
}

/// A `PeriodLimitGate` with the accepting verifier, PoseidonT3, and the Rust tree it must
/// track.
struct Gate {
    evm: Evm,
    address: Address,
    compiled: serde_json::Value,
    verifier: Address,
    poseidon: Address,
    tree: Registry,
    /// The gate's scope (derived from its address).
    scope: Fr,
    next_nullifier: u64,
    recipient: Address,
    rng: ChaCha20Rng,
}

/// The gate's constructor arguments.
fn gate_args(
    verifier: Address,
    poseidon: Address,
    limit: [u8; 32],
    period_seconds: u64,
    depth: usize,
    updater: Address,
) -> Vec<u8> {
    [
        word_address(verifier),
        word_address(poseidon),
        limit,
        word_u64(SCOPE_EPOCH),
        word_u64(MAX_ROOT_AGE),
        word_u64(period_seconds),
        word_u64(depth as u64),
        word_address(updater),
        word_u64(SANCTIONS_ROOT),
        word_u64(REGISTRY_ROOT),
        word_address(Address::ZERO),
    ]
    .concat()
}

fn compile_gate(tools: &Path) -> serde_json::Value {
    compile(
        tools,
        &[
            ("GateBase.sol", solidity::GATE_BASE),
            ("PoseidonTree.sol", solidity::POSEIDON_TREE),
            ("PeriodLimitGate.sol", solidity::PERIOD_LIMIT_GATE),
            ("Doubles.sol", DOUBLES),
        ],
    )
}

impl Gate {
    fn new(tools: &Path, depth: usize, seed: u64) -> Self {
        let compiled = compile_gate(tools);
        let contracts = poseidon_contracts(tools);
        let mut evm = Evm::new();
        evm.set_timestamp(NOW);
        let poseidon = evm.deploy_poseidon_t3(&contracts);
        let (verifier, _) = evm.deploy(&bytecode(&compiled, "AcceptAllVerifier"), &[]);
        let args = gate_args(
            verifier,
            poseidon,
            word_u64(LIMIT),
            PERIOD_SECONDS,
            depth,
            evm.caller,
        );
        let (address, _) = evm.deploy(&bytecode(&compiled, "PeriodLimitGate"), &args);
        eprintln!("state tree depth {depth}, seed {seed}");
        Self {
            evm,
            address,
            compiled,
            verifier,
            poseidon,
            tree: Registry::new(depth).unwrap(),
            scope: context::evm_scope(1, address.into_array(), SCOPE_EPOCH),
            next_nullifier: 1,
            recipient: Address::repeat_byte(0x42),
            rng: ChaCha20Rng::seed_from_u64(seed),
        }
    }

    fn view(&mut self, signature: &str, args: &[[u8; 32]]) -> Vec<u8> {
        let data = encode_call(signature, args);
        self.evm.call(self.address, &data).output().to_vec()
    }

    fn view_u64(&mut self, signature: &str, args: &[[u8; 32]]) -> u64 {
        let out = self.view(signature, args);
        assert!(out[..24].iter().all(|b| *b == 0), "{signature}: {out:?}");
        u64::from_be_bytes(out[24..32].try_into().unwrap())
    }

    /// Public inputs of a transfer that passes every check of the gate: the latest state
    /// root, the current period, a fresh nullifier, and `note` as the new note.
    fn inputs(&mut self, note: Fr) -> [[u8; 32]; 10] {
        let ac = Fr::rand(&mut self.rng);
        let ctx = context::evm_transfer(
            1,
            self.address.into_array(),
            self.evm.caller.into_array(),
            self.recipient.into_array(),
            ac,
        );
        let nullifier = Fr::from(self.next_nullifier);
        self.next_nullifier += 1;
        [
            word_u64(SANCTIONS_ROOT),
            word_u64(REGISTRY_ROOT),
            word_fr(&self.tree.root()),
            word_u64(LIMIT),
            word_u64(self.current_period()),
            word_fr(&ac),
            word_fr(&self.scope),
            word_fr(&nullifier),
            word_fr(&note),
            word_fr(&ctx),
        ]
    }

    fn current_period(&mut self) -> u64 {
        self.view_u64("currentPeriod()", &[])
    }

    fn verify_and_consume(&mut self, inputs: &[[u8; 32]; 10]) -> Outcome {
        let data = gate_data(
            solidity::PERIOD_LIMIT_VERIFY_AND_CONSUME,
            &[[0u8; 32]; 8],
            inputs,
            &[self.recipient],
        );
        self.evm.call(self.address, &data)
    }

    /// `check` for the default caller.
    fn check(&mut self, inputs: &[[u8; 32]; 10]) -> Outcome {
        let data = gate_data(
            check_signature(),
            &[[0u8; 32]; 8],
            inputs,
            &[self.evm.caller, self.recipient],
        );
        self.evm.call(self.address, &data)
    }

    /// Appends `note` through `verifyAndConsume` and checks the `NoteAppended` event and the
    /// root against the Rust tree; returns the gas of the call.
    fn append(&mut self, note: Fr) -> u64 {
        let inputs = self.inputs(note);
        self.append_with(&inputs)
    }

    /// The same with given inputs (`inputs[8]` is the note).
    fn append_with(&mut self, inputs: &[[u8; 32]; 10]) -> u64 {
        let note = field::from_be_bytes("new_note", &inputs[8]).unwrap();
        let gas = match self.verify_and_consume(inputs) {
            Outcome::Success { gas, .. } => gas,
            other => panic!("append {} refused: {other:?}", self.tree.len()),
        };
        let index = self.tree.insert(note).unwrap();
        let root = self.tree.root();
        let topic = selector_hash("NoteAppended(uint256,uint256,uint256)");
        let event = self
            .evm
            .events
            .iter()
            .find(|e| e.topics.first() == Some(&topic))
            .expect("NoteAppended emitted");
        assert_eq!(event.address, self.address);
        assert_eq!(
            event.data,
            [word_u64(index), word_fr(&note), word_fr(&root)].concat(),
            "NoteAppended at index {index}: (index, note, root) as the Rust tree"
        );
        assert_eq!(
            self.view_u64("stateRootEpoch(uint256)", &[word_fr(&root)]),
            index + 2,
            "the new root is recorded"
        );
        assert_eq!(self.view_u64("stateEpoch()", &[]), index + 2);
        assert_eq!(self.view_u64("stateSize()", &[]), index + 1);
        gas
    }
}

/// The ABI signature of `PeriodLimitGate.check`.
fn check_signature() -> &'static str {
    solidity::gate(Policy::PeriodLimit).unwrap().check
}

/// keccak256 of an event signature (its first topic).
fn selector_hash(signature: &str) -> [u8; 32] {
    use tiny_keccak::{Hasher, Keccak};
    let mut h = Keccak::v256();
    h.update(signature.as_bytes());
    let mut out = [0u8; 32];
    h.finalize(&mut out);
    out
}

#[test]
fn poseidon_contracts_compute_circomlib_poseidon() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let contracts = poseidon_contracts(&tools);
    let mut evm = Evm::new();
    let t3 = evm.deploy_poseidon_t3(&contracts);
    let circom = evm.deploy_circomlibjs_poseidon(&contracts);
    let mut rng = ChaCha20Rng::seed_from_u64(0x9053);
    let minus_one = -Fr::from(1u64);
    let mut cases = vec![
        (Fr::from(0u64), Fr::from(0u64)),
        (Fr::from(1u64), Fr::from(2u64)),
        (minus_one, minus_one),
    ];
    cases.extend((0..8).map(|_| (Fr::rand(&mut rng), Fr::rand(&mut rng))));
    let (mut gas_t3, mut gas_circom) = (Vec::new(), Vec::new());
    for (l, r) in cases {
        let want = poseidon::hash2(l, r);
        let (h, g) = hash_with(&mut evm, t3, "hash(uint256[2])", l, r);
        assert_eq!(h, want, "PoseidonT3.hash([{l}, {r}])");
        gas_t3.push(g);
        let (h, g) = hash_with(&mut evm, circom, "poseidon(uint256[2])", l, r);
        assert_eq!(h, want, "circomlibjs poseidon([{l}, {r}])");
        gas_circom.push(g);
    }
    let (t3_max, circom_min) = (
        *gas_t3.iter().max().unwrap(),
        *gas_circom.iter().min().unwrap(),
    );
    eprintln!(
        "one 2-input Poseidon hash, execution gas of a direct call: poseidon-solidity {} PoseidonT3 \
         {}..{}, circomlibjs {} {}..{}",
        contracts["poseidonSolidity"]["version"].as_str().unwrap(),
        gas_t3.iter().min().unwrap(),
        t3_max,
        contracts["circomlibjs"]["version"].as_str().unwrap(),
        circom_min,
        gas_circom.iter().max().unwrap()
    );
    assert!(
        t3_max < circom_min,
        "PeriodLimitGate uses PoseidonT3 because it is the cheaper: {t3_max} vs {circom_min}"
    );
}

#[test]
fn state_tree_tracks_the_rust_tree_until_full() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let depth = 4;
    let mut g = Gate::new(&tools, depth, 0x57a7e);
    assert_eq!(
        g.view_u64("stateRootEpoch(uint256)", &[word_fr(&zero_hashes()[depth])]),
        1,
        "the empty root"
    );
    assert_eq!(g.tree.root(), zero_hashes()[depth]);
    for _ in 0..1u64 << depth {
        let note = Fr::rand(&mut g.rng);
        g.append(note);
    }
    // Full: refused by check and by verifyAndConsume, nothing consumed.
    let inputs = g.inputs(Fr::from(7u64));
    let e = encode_call("TreeFull(uint256)", &[word_u64(1 << depth)]);
    assert_eq!(g.check(&inputs).revert_data(), e);
    assert_eq!(g.verify_and_consume(&inputs).revert_data(), e);
    assert_eq!(
        g.view_u64("nullifierUsed(uint256)", &[inputs[7]]),
        0,
        "a refused transfer consumes nothing"
    );
}

#[test]
fn state_tree_tracks_the_rust_tree_at_depth_20() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let mut g = Gate::new(&tools, 20, 0x20);
    // Leaves at the edges of the field, then random ones.
    for note in [Fr::from(1u64), -Fr::from(1u64), Fr::from(2u64)] {
        g.append(note);
    }
    for _ in 0..37 {
        let note = Fr::rand(&mut g.rng);
        g.append(note);
    }
}

#[test]
fn zero_hashes_and_empty_roots_match_rust_at_every_depth() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let mut g = Gate::new(&tools, 1, 1);
    for (level, z) in zero_hashes().iter().enumerate() {
        assert_eq!(
            g.view("zeroHash(uint256)", &[word_u64(level as u64)]),
            word_fr(z),
            "zeroHash({level})"
        );
    }
    let out = g
        .evm
        .call(
            g.address,
            &encode_call("zeroHash(uint256)", &[word_u64(MAX_DEPTH as u64 + 1)]),
        )
        .revert_data()
        .to_vec();
    assert_eq!(
        out,
        encode_call(
            "TreeDepthOutOfRange(uint256,uint256)",
            &[word_u64(MAX_DEPTH as u64 + 1), word_u64(MAX_DEPTH as u64)]
        )
    );

    // Each depth deploys (the constructor checks PoseidonT3 on its top level) with the
    // empty root of the Rust tree as its first state root.
    let code = bytecode(&g.compiled, "PeriodLimitGate");
    let (verifier, poseidon, caller) = (g.verifier, g.poseidon, g.evm.caller);
    let args = |depth: usize| {
        gate_args(
            verifier,
            poseidon,
            word_u64(LIMIT),
            PERIOD_SECONDS,
            depth,
            caller,
        )
    };
    for depth in 1..=MAX_DEPTH {
        let (gate, _) = g.evm.deploy(&code, &args(depth));
        let data = encode_call(
            "stateRootEpoch(uint256)",
            &[word_fr(&Registry::new(depth).unwrap().root())],
        );
        assert_eq!(
            g.evm.call(gate, &data).output(),
            word_u64(1),
            "empty root at depth {depth}"
        );
        let data = encode_call("stateDepth()", &[]);
        assert_eq!(g.evm.call(gate, &data).output(), word_u64(depth as u64));
    }

    // Refused deployments, each with its named error.
    let not_poseidon = g.evm.deploy(&bytecode(&g.compiled, "NotPoseidon"), &[]).0;
    let contracts = poseidon_contracts(&tools);
    let circom = g.evm.deploy_circomlibjs_poseidon(&contracts);
    let z = zero_hashes();
    let mut two_64 = [0u8; 32];
    two_64[23] = 1;
    let with = |hasher: Address, limit: [u8; 32], period: u64, depth: usize| {
        gate_args(verifier, hasher, limit, period, depth, caller)
    };
    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        (
            "depth 0",
            with(poseidon, word_u64(LIMIT), PERIOD_SECONDS, 0),
            encode_call(
                "TreeDepthOutOfRange(uint256,uint256)",
                &[word_u64(0), word_u64(MAX_DEPTH as u64)],
            ),
        ),
        (
            "depth 41",
            with(poseidon, word_u64(LIMIT), PERIOD_SECONDS, MAX_DEPTH + 1),
            encode_call(
                "TreeDepthOutOfRange(uint256,uint256)",
                &[word_u64(MAX_DEPTH as u64 + 1), word_u64(MAX_DEPTH as u64)],
            ),
        ),
        (
            "a hash that is not Poseidon",
            with(not_poseidon, word_u64(LIMIT), PERIOD_SECONDS, 3),
            encode_call(
                "WrongPoseidon(address,uint256,uint256)",
                &[
                    word_address(not_poseidon),
                    word_fr(&z[3]),
                    word_fr(&(z[2] + z[2])),
                ],
            ),
        ),
        (
            "a Poseidon contract with another interface (circomlibjs)",
            with(circom, word_u64(LIMIT), PERIOD_SECONDS, 3),
            encode_call("HashFailed(address)", &[word_address(circom)]),
        ),
        (
            "no code at the Poseidon address",
            with(
                Address::repeat_byte(0x77),
                word_u64(LIMIT),
                PERIOD_SECONDS,
                3,
            ),
            encode_call(
                "HashFailed(address)",
                &[word_address(Address::repeat_byte(0x77))],
            ),
        ),
        (
            "Poseidon address zero",
            with(Address::ZERO, word_u64(LIMIT), PERIOD_SECONDS, 3),
            encode_call("ZeroAddress()", &[]),
        ),
        (
            "periods of 0 seconds",
            with(poseidon, word_u64(LIMIT), 0, 3),
            encode_call("ZeroPeriodSeconds()", &[]),
        ),
        (
            "limit = 2^64",
            with(poseidon, two_64, PERIOD_SECONDS, 3),
            encode_call("LimitOutOfRange(uint256,uint256)", &[two_64, two_64]),
        ),
    ];
    for (what, args, want) in cases {
        match g.evm.try_deploy(&code, &args) {
            Err(Outcome::Revert { output, .. }) => assert_eq!(output, want, "{what}"),
            other => panic!("{what}: expected a revert, got {other:?}"),
        }
    }
}

#[test]
fn state_root_window_period_and_terms() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let mut g = Gate::new(&tools, 8, 0x3);
    let empty = g.tree.root();

    // A root stays accepted while fewer than WINDOW newer roots exist: the empty root, with
    // 63 appends after it, is accepted (its transfer is the 64th append)...
    for _ in 0..WINDOW - 1 {
        let note = Fr::rand(&mut g.rng);
        g.append(note);
    }
    let note = Fr::rand(&mut g.rng);
    let mut old = g.inputs(note);
    old[2] = word_fr(&empty);
    g.append_with(&old);
    // ... and refused once 64 newer roots exist.
    let note = Fr::rand(&mut g.rng);
    let mut stale = g.inputs(note);
    stale[2] = word_fr(&empty);
    assert_eq!(
        g.verify_and_consume(&stale).revert_data(),
        encode_call(
            "StaleStateRoot(uint256,uint64,uint64)",
            &[word_fr(&empty), word_u64(1), word_u64(WINDOW + 1)]
        )
    );
    let mut unknown = g.inputs(Fr::from(5u64));
    unknown[2] = word_fr(&Fr::from(12345u64));
    assert_eq!(
        g.check(&unknown).revert_data(),
        encode_call("UnknownStateRoot(uint256)", &[unknown[2]])
    );

    // The period: block.timestamp / periodSeconds, exactly.
    let period = NOW / PERIOD_SECONDS;
    assert_eq!(g.current_period(), period);
    let inputs = g.inputs(Fr::from(6u64));
    for (now, accepted) in [
        (period * PERIOD_SECONDS, true),
        (period * PERIOD_SECONDS + PERIOD_SECONDS - 1, true),
        (period * PERIOD_SECONDS - 1, false),
        ((period + 1) * PERIOD_SECONDS, false),
    ] {
        g.evm.set_timestamp(now);
        let out = g.check(&inputs);
        if accepted {
            assert!(matches!(out, Outcome::Success { .. }), "at {now}: {out:?}");
        } else {
            assert_eq!(
                out.revert_data(),
                encode_call(
                    "WrongPeriod(uint256,uint256)",
                    &[word_u64(now / PERIOD_SECONDS), word_u64(period)]
                ),
                "at {now}"
            );
        }
    }
    g.evm.set_timestamp(NOW);

    // Limit, scope, context, roots, nullifier: each its named error.
    let mut x = inputs;
    x[3] = word_u64(LIMIT + 1);
    assert_eq!(
        g.check(&x).revert_data(),
        encode_call(
            "WrongLimit(uint256,uint256)",
            &[word_u64(LIMIT), word_u64(LIMIT + 1)]
        )
    );
    let mut x = inputs;
    x[6] = word_fr(&(g.scope + Fr::from(1u64)));
    assert_eq!(
        g.check(&x).revert_data(),
        encode_call("WrongScope(uint256,uint256)", &[word_fr(&g.scope), x[6]])
    );
    assert_eq!(
        g.view("scope()", &[]),
        word_fr(&g.scope),
        "the Rust twin of the derived scope"
    );
    let mut x = inputs;
    x[9][31] ^= 1;
    assert_eq!(
        g.check(&x).revert_data(),
        encode_call("WrongContext(uint256,uint256)", &[inputs[9], x[9]])
    );
    let mut x = inputs;
    x[0] = word_u64(SANCTIONS_ROOT + 1);
    assert_eq!(
        g.check(&x).revert_data(),
        encode_call("UnknownSanctionsRoot(uint256)", &[x[0]])
    );
    let mut x = inputs;
    x[1] = word_u64(REGISTRY_ROOT + 1);
    assert_eq!(
        g.check(&x).revert_data(),
        encode_call("UnknownRegistryRoot(uint256)", &[x[1]])
    );
    let used = old[7];
    let mut x = inputs;
    x[7] = used;
    assert_eq!(
        g.check(&x).revert_data(),
        encode_call("NullifierAlreadyUsed(uint256)", &[used])
    );
}

#[test]
fn append_gas_per_depth() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    eprintln!(
        "| state depth | verifyAndConsume (accepting verifier), mean of 32 | check, mean | \
         the difference (nullifier, append, events), mean | the same, max |"
    );
    for depth in [5usize, 10, 16, 20, 24, 32, 40] {
        let mut g = Gate::new(&tools, depth, depth as u64);
        let (mut total, mut checks, mut max) = (0u64, 0u64, 0u64);
        let n = 32u64;
        for _ in 0..n {
            let note = Fr::rand(&mut g.rng);
            let inputs = g.inputs(note);
            let check = g.check(&inputs).gas();
            let all = g.append_with(&inputs);
            total += all;
            checks += check;
            max = max.max(all - check);
        }
        eprintln!(
            "| {depth} | {} | {} | {} | {max} |",
            total / n,
            checks / n,
            (total - checks) / n
        );
    }
}

/// The canonical ABI signature of a function, from solc's ABI JSON (tuples expanded).
fn abi_signature(abi: &serde_json::Value, name: &str) -> String {
    fn ty(p: &serde_json::Value) -> String {
        let t = p["type"].as_str().unwrap();
        match t.strip_prefix("tuple") {
            Some(suffix) => {
                let inner: Vec<String> =
                    p["components"].as_array().unwrap().iter().map(ty).collect();
                format!("({}){suffix}", inner.join(","))
            }
            None => t.to_string(),
        }
    }
    let f = abi
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "function" && e["name"] == name)
        .unwrap_or_else(|| panic!("no function {name}"));
    let inputs: Vec<String> = f["inputs"].as_array().unwrap().iter().map(ty).collect();
    format!("{name}({})", inputs.join(","))
}

#[test]
fn gates_compile_alone_as_exported_with_the_same_abi() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let together = compile(&tools, &solidity::SOURCES);
    for gate in solidity::GATES {
        let alone = compile(
            &tools,
            &[(&format!("{}.sol", gate.name), &gate.standalone())],
        );
        assert_eq!(
            alone[gate.name]["abi"], together[gate.name]["abi"],
            "{}: the exported single file has the ABI of the sources",
            gate.name
        );
        assert_eq!(
            abi_signature(&together[gate.name]["abi"], "verifyAndConsume"),
            gate.verify_and_consume,
            "{}",
            gate.name
        );
        assert_eq!(
            abi_signature(&together[gate.name]["abi"], "check"),
            gate.check,
            "{}",
            gate.name
        );
        assert_eq!(solidity::gate(gate.policy), Some(gate));
        assert!(!gate.standalone().contains("import"), "{}", gate.name);
        assert!(
            compact(&gate.standalone()).contains(&compact(gate.constructor)),
            "{}: the constructor is {}",
            gate.name,
            gate.constructor
        );
    }
    let registry = solidity::IDENTITY_REGISTRY_CONTRACT;
    let alone = registry.standalone();
    assert!(!alone.contains("import"));
    assert_eq!(
        compile(&tools, &[("IdentityRegistry.sol", &alone)])[registry.name]["abi"],
        together[registry.name]["abi"]
    );
    assert!(compact(&alone).contains(&compact(registry.constructor)));
    assert_eq!(
        abi_signature(&together[registry.name]["abi"], "register"),
        solidity::REGISTER
    );
    // The gates read the registry through IIdentityRegistry.rootInfo: the same signature.
    assert_eq!(
        abi_signature(&together[registry.name]["abi"], "rootInfo"),
        abi_signature(&together["IIdentityRegistry"]["abi"], "rootInfo")
    );
}

/// Solidity source with whitespace and parameter names' underscores removed (constructor
/// declarations compared across line breaks).
fn compact(source: &str) -> String {
    source
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect()
}

/// Small trees for real proofs; the state tree holds the 70-odd notes of the window test.
const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 8,
};

/// `PeriodLimitGate` with the generated verifier of a real (development) key: wallets prove
/// with zkcomply and follow the gate's state tree.
struct Chain {
    evm: Evm,
    gate: Address,
    prover: Prover,
    list: SanctionsTree,
    registry: Registry,
    /// The wallets' copy of the gate's state tree, rebuilt from `NoteAppended` events.
    state: StateTree,
    ids: Vec<Identity>,
    recipient: Address,
    rng: ChaCha20Rng,
}

/// A proof and the note its sender keeps once the gate accepts it.
struct Transfer {
    proof: Proof,
    next: AllowanceNote,
}

impl Chain {
    fn new(tools: &Path) -> Self {
        let seed = 0xe2e;
        eprintln!("seed {seed}");
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let list = world::sanctions(
            SHAPE.sanctions_depth,
            &["0x8589427373D6D84E98730D7795D8f6f8731FDA16"],
        );
        let (registry, ids) = world::registered(
            SHAPE.registry_depth,
            &[
                "0x000000000000000000000000000000000000dEaD",
                "0x000000000000000000000000000000000000bEEF",
                "0x000000000000000000000000000000000000cafE",
            ],
            &mut rng,
        );
        let prover = Prover::new(setup::setup_dev(Policy::PeriodLimit, SHAPE, 9).unwrap()).unwrap();
        let source = solidity::verifier(prover.verifying_key());
        let compiled = compile(
            tools,
            &[
                ("PeriodLimitVerifier.sol", &source),
                ("GateBase.sol", solidity::GATE_BASE),
                ("PoseidonTree.sol", solidity::POSEIDON_TREE),
                ("PeriodLimitGate.sol", solidity::PERIOD_LIMIT_GATE),
            ],
        );
        let mut evm = Evm::new();
        evm.set_timestamp(NOW);
        let poseidon = evm.deploy_poseidon_t3(&poseidon_contracts(tools));
        let (verifier, _) = evm.deploy(&bytecode(&compiled, "PeriodLimitVerifier"), &[]);
        let args = [
            word_address(verifier),
            word_address(poseidon),
            word_u64(LIMIT),
            word_u64(SCOPE_EPOCH),
            word_u64(MAX_ROOT_AGE),
            word_u64(PERIOD_SECONDS),
            word_u64(SHAPE.state_depth as u64),
            word_address(evm.caller),
            word_fr(&list.root()),
            word_fr(&registry.root()),
            word_address(Address::ZERO),
        ]
        .concat();
        let (gate, _) = evm.deploy(&bytecode(&compiled, "PeriodLimitGate"), &args);
        Self {
            evm,
            gate,
            prover,
            list,
            registry,
            state: StateTree::new(SHAPE.state_depth).unwrap(),
            ids,
            recipient: Address::repeat_byte(0x42),
            rng,
        }
    }

    /// A witness of a transfer of `amount` by identity `who`, spending `note` (None: its
    /// first note), for `period` and `limit`, against the wallets' current state tree.
    fn witness(
        &mut self,
        who: usize,
        note: Option<&AllowanceNote>,
        period: u64,
        amount: u64,
        limit: u64,
    ) -> zkcomply::circuits::error::Result<ComplianceWitness> {
        let blinding = Fr::rand(&mut self.rng);
        let salt = Fr::rand(&mut self.rng);
        let ac = commitment::amount_commitment(amount, blinding);
        let ctx = context::evm_transfer(
            1,
            self.gate.into_array(),
            self.evm.caller.into_array(),
            self.recipient.into_array(),
            ac,
        );
        ComplianceWitness::builder(Policy::PeriodLimit)
            .identity(&self.ids[who])
            .sanctions(&self.list)
            .registry(&self.registry)
            .state(&self.state)
            .note(note)
            .period(period)
            .amount(amount)
            .limit(limit)
            .blinding(blinding)
            .scope(self.scope())
            .context(ctx)
            .salt(salt)
            .build()
    }

    /// The gate's scope (derived from its address).
    fn scope(&self) -> Fr {
        context::evm_scope(1, self.gate.into_array(), SCOPE_EPOCH)
    }

    /// A proof of a transfer within the gate's limit (see [`Chain::witness`]).
    fn transfer(
        &mut self,
        who: usize,
        note: Option<&AllowanceNote>,
        period: u64,
        amount: u64,
    ) -> Transfer {
        self.transfer_with_limit(who, note, period, amount, LIMIT)
    }

    fn transfer_with_limit(
        &mut self,
        who: usize,
        note: Option<&AllowanceNote>,
        period: u64,
        amount: u64,
        limit: u64,
    ) -> Transfer {
        let w = self.witness(who, note, period, amount, limit).unwrap();
        let next = w.next_note().unwrap();
        let proof = self.prover.prove_with_rng(&w, &mut self.rng).unwrap();
        Transfer { proof, next }
    }

    fn submit_words(&mut self, words: &[[u8; 32]; 8], inputs: &[[u8; 32]]) -> Outcome {
        let mut data = selector(solidity::PERIOD_LIMIT_VERIFY_AND_CONSUME).to_vec();
        for w in words.iter().chain(inputs) {
            data.extend_from_slice(w);
        }
        data.extend_from_slice(&word_address(self.recipient));
        self.evm.call(self.gate, &data)
    }

    /// `verifyAndConsume` of a proof; on success the wallets append its note from the event
    /// and check their root against the gate's.
    fn submit(&mut self, t: &Transfer) -> Outcome {
        let data = solidity::gate_calldata(&t.proof, self.recipient.into_array()).unwrap();
        let out = self.evm.call(self.gate, &data);
        if let Outcome::Success { .. } = out {
            let topic = selector_hash("NoteAppended(uint256,uint256,uint256)");
            let event = self
                .evm
                .events
                .iter()
                .find(|e| e.topics.first() == Some(&topic))
                .expect("NoteAppended");
            let note =
                field::from_be_bytes("note", event.data[32..64].try_into().unwrap()).unwrap();
            assert_eq!(
                note,
                t.proof.public_inputs.values()[8],
                "the proof's new note"
            );
            let index = self.state.insert(note).unwrap();
            assert_eq!(
                event.data,
                [word_u64(index), word_fr(&note), word_fr(&self.state.root())].concat(),
                "the gate's state root is the wallets'"
            );
        }
        out
    }

    fn accept(&mut self, t: &Transfer, what: &str) -> u64 {
        match self.submit(t) {
            Outcome::Success { gas, .. } => gas,
            other => panic!("{what}: refused: {other:?}"),
        }
    }

    fn refuse(&mut self, t: &Transfer, error: &[u8], what: &str) {
        assert_eq!(self.submit(t).revert_data(), error, "{what}");
    }
}

#[test]
fn period_limit_end_to_end_with_real_proofs() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let mut c = Chain::new(&tools);
    let p = NOW / PERIOD_SECONDS;
    let (a, b, d) = (0, 1, 2);

    // A opens its note (genesis) and reaches the limit exactly in two transfers. A
    // front-runner's copy of A's first call reverts and consumes nothing.
    let t1 = c.transfer(a, None, p, 400);
    let front_runner = Address::repeat_byte(0x66);
    let copy = solidity::gate_calldata(&t1.proof, c.recipient.into_array()).unwrap();
    let theirs = context::evm_transfer(
        1,
        c.gate.into_array(),
        front_runner.into_array(),
        c.recipient.into_array(),
        t1.proof.public_inputs.values()[5],
    );
    assert_eq!(
        c.evm.call_from(front_runner, c.gate, &copy).revert_data(),
        encode_call(
            "WrongContext(uint256,uint256)",
            &[word_fr(&theirs), inputs_of(&t1.proof)[9]]
        ),
        "the front-runner's copy"
    );
    let gas_genesis = c.accept(&t1, "genesis, 400, by A after the copy");
    let t2 = c.transfer(a, Some(&t1.next), p, 600);
    // check simulates without consuming, for an explicit caller.
    let check = |caller: Address| {
        gate_data(
            check_signature(),
            &proof_words(&t2.proof),
            &inputs_of(&t2.proof),
            &[caller, c.recipient],
        )
    };
    assert!(
        matches!(
            c.evm.call(c.gate, &check(c.evm.caller)),
            Outcome::Success { .. }
        ),
        "check"
    );
    assert_eq!(
        &c.evm.call(c.gate, &check(front_runner)).revert_data()[..4],
        &selector("WrongContext(uint256,uint256)"),
        "check for another caller"
    );
    let gas_spend = c.accept(&t2, "400 + 600 = the limit");
    assert_eq!(t2.next.spent, LIMIT);
    eprintln!(
        "PeriodLimitGate.verifyAndConsume, state depth {}: genesis {gas_genesis} gas, spend {gas_spend} gas (transactions)",
        SHAPE.state_depth
    );
    // One more in the period: the wallet cannot even build the proof.
    let over = c
        .witness(a, Some(&t2.next), p, 1, LIMIT)
        .unwrap_err()
        .to_string();
    assert!(
        over.contains("exceeds the period limit 1000"),
        "over the limit: {over}"
    );

    // Replays: an old note spent again, a second genesis, the same proof twice.
    let again = c.transfer(a, Some(&t1.next), p, 100);
    let used =
        |t: &Transfer| encode_call("NullifierAlreadyUsed(uint256)", &[inputs_of(&t.proof)[7]]);
    assert_eq!(inputs_of(&again.proof)[7], inputs_of(&t2.proof)[7]);
    c.refuse(&again, &used(&again), "spending an old note again");
    let genesis2 = c.transfer(a, None, p, 100);
    assert_eq!(inputs_of(&genesis2.proof)[7], inputs_of(&t1.proof)[7]);
    c.refuse(&genesis2, &used(&genesis2), "a second genesis");
    c.refuse(&t2, &used(&t2), "the same proof twice");

    // A new period: the total restarts.
    c.evm.set_timestamp((p + 1) * PERIOD_SECONDS);
    let t3 = c.transfer(a, Some(&t2.next), p + 1, 500);
    c.accept(&t3, "a new period, the total restarts");
    assert_eq!((t3.next.period, t3.next.spent), (p + 1, 500));

    // Wrong period: a proof for a past period, and one for a future period.
    let past = c.transfer(b, None, p, 10);
    c.refuse(
        &past,
        &encode_call(
            "WrongPeriod(uint256,uint256)",
            &[word_u64(p + 1), word_u64(p)],
        ),
        "a past period",
    );
    let future = c.transfer(b, None, p + 2, 10);
    c.refuse(
        &future,
        &encode_call(
            "WrongPeriod(uint256,uint256)",
            &[word_u64(p + 1), word_u64(p + 2)],
        ),
        "a future period",
    );
    // A proof made for another limit.
    let limit = c.transfer_with_limit(b, None, p + 1, 1500, 2000);
    c.refuse(
        &limit,
        &encode_call(
            "WrongLimit(uint256,uint256)",
            &[word_u64(LIMIT), word_u64(2000)],
        ),
        "another limit",
    );

    // A valid proof of B with one input changed at a time, or the proof itself tampered.
    let tb = c.transfer(b, None, p + 1, 10);
    let words = proof_words(&tb.proof);
    let inputs = inputs_of(&tb.proof);
    let changed = |i: usize| {
        let mut x = inputs.clone();
        x[i][31] ^= 1;
        x
    };
    let cases = [
        (
            changed(6),
            encode_call(
                "WrongScope(uint256,uint256)",
                &[word_fr(&c.scope()), changed(6)[6]],
            ),
            "scope",
        ),
        (
            changed(9),
            encode_call("WrongContext(uint256,uint256)", &[inputs[9], changed(9)[9]]),
            "context",
        ),
        (
            changed(5),
            encode_call(
                "WrongContext(uint256,uint256)",
                &[
                    word_fr(&context::evm_transfer(
                        1,
                        c.gate.into_array(),
                        c.evm.caller.into_array(),
                        c.recipient.into_array(),
                        field::from_be_bytes("ac", &changed(5)[5]).unwrap(),
                    )),
                    inputs[9],
                ],
            ),
            "amount commitment",
        ),
        (
            changed(2),
            encode_call("UnknownStateRoot(uint256)", &[changed(2)[2]]),
            "state root",
        ),
        (changed(8), encode_call("InvalidProof()", &[]), "new note"),
        (changed(7), encode_call("InvalidProof()", &[]), "nullifier"),
    ];
    for (x, error, what) in cases {
        assert_eq!(c.submit_words(&words, &x).revert_data(), error, "{what}");
    }
    let mut w = words;
    w[0][31] ^= 1;
    assert_eq!(
        c.submit_words(&w, &inputs).revert_data(),
        encode_call("InvalidProof()", &[]),
        "a tampered proof"
    );
    let mut w = words;
    w[7][31] ^= 1;
    assert_eq!(
        c.submit_words(&w, &inputs).revert_data(),
        encode_call("InvalidProof()", &[]),
        "a tampered proof"
    );
    let other = Address::repeat_byte(0x43);
    let recipient = std::mem::replace(&mut c.recipient, other);
    let want = context::evm_transfer(
        1,
        c.gate.into_array(),
        c.evm.caller.into_array(),
        other.into_array(),
        tb.proof.public_inputs.values()[5],
    );
    c.refuse(
        &tb,
        &encode_call(
            "WrongContext(uint256,uint256)",
            &[word_fr(&want), inputs[9]],
        ),
        "a proof made for another recipient",
    );
    c.recipient = recipient;

    // The state-root window, with proofs made against the same root: B's is accepted after
    // 63 other transfers, D's is stale after 64.
    let root = c.state.root();
    let epoch = c.state.len() + 1;
    let late_b = tb;
    let late_d = c.transfer(d, None, p + 1, 10);
    let mut note = t3.next;
    for _ in 0..WINDOW - 1 {
        let t = c.transfer(a, Some(&note), p + 1, 1);
        c.accept(&t, "A, 1");
        note = t.next;
    }
    assert_eq!(note.spent, 500 + WINDOW - 1);
    c.accept(&late_b, "a proof 63 transfers old");
    c.refuse(
        &late_d,
        &encode_call(
            "StaleStateRoot(uint256,uint64,uint64)",
            &[word_fr(&root), word_u64(epoch), word_u64(epoch + WINDOW)],
        ),
        "a proof 64 transfers old",
    );
}
