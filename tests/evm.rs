//! The generated Solidity verifier, `ComplianceGate` and `IdentityRegistry`, compiled with the
//! real solc (solc-js) and run in a real EVM (revm, with the BN254 precompiles): valid proofs
//! pass, and every malformed, tampered, replayed, front-run or out-of-date one fails as
//! specified; the gate's governance (updater delay, two-step ownership) and constructor
//! checks; the registry contract against zkcomply's native registry, and a `compliance` proof
//! against its root through the gate.
//!
//! Needs `tools/node_modules` (`npm ci --prefix tools`); skipped without it unless
//! `ZKCOMPLY_REQUIRE_TOOLS=1`.

use std::path::Path;

use ark_bn254::{Fq, Fq2, G2Affine};
use ark_ff::{One, PrimeField, UniformRand};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    circuits::{commitment, context, domain::Domain},
    setup,
    verifier::solidity::{self, proof_words, selector, verify_calldata},
    AddressKey, ComplianceWitness, Fr, Identity, Policy, Proof, Prover, Registry, SanctionsTree,
    Shape,
};
use zkcomply_testkit::{
    evm::{
        self, bytecode, compile, encode_call, gate_data, inputs_of, word_address, word_fr,
        word_u64, Address, Evm, Outcome,
    },
    world,
};

const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 5,
};
const LIMIT: u64 = 1000;
const SCOPE_EPOCH: u64 = 3;
/// A block time; roots published in the constructor carry it.
const NOW: u64 = 1_700_000_000;
const MAX_ROOT_AGE: u64 = 7 * 86_400;
/// `GateBase.UPDATER_DELAY`.
const UPDATER_DELAY: u64 = 2 * 86_400;
const R_DEC: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
const Q_HEX: &str = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";

/// Test contracts: a verifier that accepts everything (the gate's own logic alone), and a
/// protocol that inherits the gate and passes its own `msg.sender` as the caller.
const TEST_CONTRACTS: &str = r#"// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import "./ComplianceGate.sol";

contract AcceptAllVerifier {
    function verifyProof(uint256[8] calldata, uint256[7] calldata) external pure returns (bool) {
        return true;
    }
}

contract Protocol is ComplianceGate {
    event Paid(address from, address to);

    constructor(
        IComplianceVerifier verifier_,
        uint256 limit_,
        uint64 scopeEpoch_,
        uint64 maxRootAge_,
        address updater_,
        uint256 sanctionsRoot,
        uint256 registryRoot,
        IIdentityRegistry registry_
    ) ComplianceGate(verifier_, limit_, scopeEpoch_, maxRootAge_, updater_, sanctionsRoot, registryRoot, registry_) {}

    function pay(uint256[8] calldata proof, PublicInputs calldata inputs, address to) external {
        _verifyAndConsume(proof, inputs, msg.sender, to);
        emit Paid(msg.sender, to);
    }
}
"#;

fn hex32(s: &str) -> [u8; 32] {
    hex::decode(s).unwrap().try_into().unwrap()
}

/// The address key of an EVM account (`IdentityRegistry.keyOf`).
fn key_of(account: Address) -> AddressKey {
    AddressKey::parse(&format!("0x{}", hex::encode(account.as_slice()))).unwrap()
}

/// The constructor arguments of a `ComplianceGate`.
#[allow(clippy::too_many_arguments)]
fn gate_args(
    verifier: Address,
    limit: [u8; 32],
    scope_epoch: u64,
    max_root_age: u64,
    updater: Address,
    sanctions_root: [u8; 32],
    registry_root: [u8; 32],
    registry: Address,
) -> Vec<u8> {
    [
        word_address(verifier),
        limit,
        word_u64(scope_epoch),
        word_u64(max_root_age),
        word_address(updater),
        sanctions_root,
        registry_root,
        word_address(registry),
    ]
    .concat()
}

fn compile_contracts(tools: &Path, verifier: &str) -> serde_json::Value {
    compile(
        tools,
        &[
            ("ComplianceVerifier.sol", verifier),
            ("GateBase.sol", solidity::GATE_BASE),
            ("ComplianceGate.sol", solidity::COMPLIANCE_GATE),
            ("PoseidonTree.sol", solidity::POSEIDON_TREE),
            ("IdentityRegistry.sol", solidity::IDENTITY_REGISTRY),
            ("TestContracts.sol", TEST_CONTRACTS),
        ],
    )
}

struct Fixture {
    evm: Evm,
    compiled: serde_json::Value,
    verifier: Address,
    gate: Address,
    prover: Prover,
    list: SanctionsTree,
    registry: Registry,
    /// Three registered identities.
    ids: Vec<Identity>,
    recipient: Address,
    rng: ChaCha20Rng,
}

impl Fixture {
    fn new(tools: &Path) -> Self {
        let seed = 0xe7;
        eprintln!("seed {seed}");
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let list = world::sanctions(
            SHAPE.sanctions_depth,
            &[
                "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
                "0x722122dF12D4e14e13Ac3b6895a86e84145b6967",
            ],
        );
        let (registry, ids) = world::registered(
            SHAPE.registry_depth,
            &[
                "0x000000000000000000000000000000000000dEaD",
                "0x000000000000000000000000000000000000bEEF",
                "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre",
            ],
            &mut rng,
        );
        let prover = Prover::new(setup::setup_dev(Policy::Compliance, SHAPE, 5).unwrap()).unwrap();
        let compiled = compile_contracts(tools, &solidity::verifier(prover.verifying_key()));
        let mut evm = Evm::new();
        evm.set_timestamp(NOW);
        let (verifier, _) = evm.deploy(&bytecode(&compiled, "ComplianceVerifier"), &[]);
        let args = gate_args(
            verifier,
            word_u64(LIMIT),
            SCOPE_EPOCH,
            MAX_ROOT_AGE,
            evm.caller,
            word_fr(&list.root()),
            word_fr(&registry.root()),
            Address::ZERO,
        );
        let (gate, _) = evm.deploy(&bytecode(&compiled, "ComplianceGate"), &args);
        Self {
            evm,
            compiled,
            verifier,
            gate,
            prover,
            list,
            registry,
            ids,
            recipient: Address::repeat_byte(0x42),
            rng,
        }
    }

    /// A proof of a compliant transfer of `amount` to `recipient` through the gate, sent by
    /// the default caller.
    fn proof(&mut self, amount: u64, recipient: Address) -> Proof {
        self.proof_as(0, amount, recipient)
    }

    /// The same, by identity `who`.
    fn proof_as(&mut self, who: usize, amount: u64, recipient: Address) -> Proof {
        let (gate, caller) = (self.gate, self.evm.caller);
        self.proof_for(who, gate, caller, amount, recipient)
    }

    /// A proof by identity `who` of a transfer to `recipient` through `gate`, to be sent by
    /// `caller`, against the fixture's list and registry.
    fn proof_for(
        &mut self,
        who: usize,
        gate: Address,
        caller: Address,
        amount: u64,
        recipient: Address,
    ) -> Proof {
        let (list, registry) = (self.list.clone(), self.registry.clone());
        let id = self.ids[who].clone();
        self.proof_with(&id, &list, &registry, gate, caller, amount, recipient)
    }

    /// A proof by `id` against `list` and `registry` (see [`Fixture::proof_for`]).
    #[allow(clippy::too_many_arguments)]
    fn proof_with(
        &mut self,
        id: &Identity,
        list: &SanctionsTree,
        registry: &Registry,
        gate: Address,
        caller: Address,
        amount: u64,
        recipient: Address,
    ) -> Proof {
        let blinding = Fr::rand(&mut self.rng);
        let ac = commitment::amount_commitment(amount, blinding);
        let ctx = context::evm_transfer(
            1,
            gate.into_array(),
            caller.into_array(),
            recipient.into_array(),
            ac,
        );
        let witness = ComplianceWitness::builder(Policy::Compliance)
            .identity(id)
            .sanctions(list)
            .registry(registry)
            .amount(amount)
            .limit(LIMIT)
            .blinding(blinding)
            .scope(context::evm_scope(1, gate.into_array(), SCOPE_EPOCH))
            .context(ctx)
            .build()
            .unwrap();
        self.prover.prove_with_rng(&witness, &mut self.rng).unwrap()
    }

    /// `verifyProof` with raw words; returns (result, gas).
    fn verify_words(&mut self, words: &[[u8; 32]; 8], inputs: &[[u8; 32]]) -> (bool, u64) {
        let mut data = selector(&format!(
            "verifyProof(uint256[8],uint256[{}])",
            inputs.len()
        ))
        .to_vec();
        for w in words.iter().chain(inputs) {
            data.extend_from_slice(w);
        }
        let out = self.evm.call(self.verifier, &data);
        let gas = out.gas();
        let result = out.output();
        assert_eq!(result.len(), 32, "verifyProof returns one word");
        (result[31] == 1 && result[..31].iter().all(|b| *b == 0), gas)
    }

    fn gate_call(
        &mut self,
        words: &[[u8; 32]; 8],
        inputs: &[[u8; 32]; 7],
        recipient: Address,
    ) -> Outcome {
        let (gate, caller) = (self.gate, self.evm.caller);
        self.gate_call_from(caller, gate, words, inputs, recipient)
    }

    /// `verifyAndConsume` of `gate`, sent by `from`.
    fn gate_call_from(
        &mut self,
        from: Address,
        gate: Address,
        words: &[[u8; 32]; 8],
        inputs: &[[u8; 32]; 7],
        recipient: Address,
    ) -> Outcome {
        let data = gate_data(solidity::VERIFY_AND_CONSUME, words, inputs, &[recipient]);
        self.evm.call_from(from, gate, &data)
    }

    /// `check(proof, inputs, caller, recipient)` of the fixture's gate.
    fn check(
        &mut self,
        words: &[[u8; 32]; 8],
        inputs: &[[u8; 32]; 7],
        caller: Address,
        recipient: Address,
    ) -> Outcome {
        let check = solidity::gate(Policy::Compliance).unwrap().check;
        let data = gate_data(check, words, inputs, &[caller, recipient]);
        self.evm.call(self.gate, &data)
    }

    /// A call of the gate by its updater (the default caller).
    fn updater_call(&mut self, signature: &str, root: [u8; 32]) -> Outcome {
        let data = encode_call(signature, &[root]);
        self.evm.call(self.gate, &data)
    }
}

fn inputs7(proof: &Proof) -> [[u8; 32]; 7] {
    inputs_of(proof).try_into().unwrap()
}

fn succeeded(out: &Outcome) -> bool {
    matches!(out, Outcome::Success { .. })
}

/// keccak256 of an event signature (its first topic).
fn topic(signature: &str) -> [u8; 32] {
    use tiny_keccak::{Hasher, Keccak};
    let mut h = Keccak::v256();
    h.update(signature.as_bytes());
    let mut out = [0u8; 32];
    h.finalize(&mut out);
    out
}

#[test]
fn generated_verifier_accepts_valid_and_rejects_everything_else() {
    let Some(tools) = evm::tools() else { return };
    let mut f = Fixture::new(&tools);
    let recipient = f.recipient;
    let proof = f.proof(250, recipient);
    let words = proof_words(&proof);
    let inputs = inputs_of(&proof);
    let (ok, valid_gas) = f.verify_words(&words, &inputs);
    assert!(ok, "a valid proof is rejected");
    let out = f.evm.call(f.verifier, &verify_calldata(&proof));
    assert_eq!(out.output()[31], 1, "verify_calldata encodes the same call");

    // Flipped proof bits: false, never a revert, never more gas than a valid proof.
    for i in 0..8 {
        for bit in [0u8, 7] {
            let mut w = words;
            w[i][31] ^= 1 << bit;
            let (ok, gas) = f.verify_words(&w, &inputs);
            assert!(!ok, "word {i} bit {bit} flipped: accepted");
            assert!(
                gas <= valid_gas + 200,
                "word {i}: {gas} gas > valid {valid_gas}"
            );
        }
    }
    // Each public input changed: false.
    for i in 0..inputs.len() {
        let mut x = inputs.clone();
        x[i][31] ^= 1;
        assert!(!f.verify_words(&words, &x).0, "input {i} changed: accepted");
    }
    // Public input = r, r + 1 and input + r (the same value mod r): false.
    let r_word = hex32(&format!("{:0>64}", num_hex(R_DEC)));
    for i in [0, inputs.len() - 1] {
        for bad in [
            r_word,
            add_small(&r_word, 1),
            add_words(&inputs[i], &r_word),
        ] {
            let mut x = inputs.clone();
            x[i] = bad;
            assert!(!f.verify_words(&words, &x).0, "input {i} >= r accepted");
        }
    }
    // A not on the curve, a coordinate >= q, the point at infinity: false, and cheap.
    let q = hex32(Q_HEX);
    let cases: [(usize, [u8; 32], [u8; 32]); 4] = [
        (0, word_u64(1), word_u64(3)),
        (0, word_u64(0), word_u64(0)),
        (6, word_u64(1), word_u64(3)),
        (0, add_words(&words[0], &q), words[1]),
    ];
    for (at, x, y) in cases {
        let mut w = words;
        w[at] = x;
        w[at + 1] = y;
        let (ok, gas) = f.verify_words(&w, &inputs);
        assert!(!ok, "malformed point at word {at} accepted");
        assert!(gas < 60_000, "malformed point at word {at} cost {gas} gas");
    }
    // B on the twist but outside the order-r subgroup: the pairing precompile fails, and the
    // bounded gas means it costs no more than a valid proof.
    let b = twist_point_outside_subgroup(&mut f.rng);
    let mut w = words;
    let (bx, by) = (b.x, b.y);
    for (k, c) in [bx.c1, bx.c0, by.c1, by.c0].iter().enumerate() {
        w[2 + k] = fq_word(c);
    }
    let (ok, gas) = f.verify_words(&w, &inputs);
    assert!(!ok, "B outside the subgroup accepted");
    assert!(
        gas <= valid_gas + 200,
        "B outside the subgroup cost {gas} > valid {valid_gas}"
    );

    // A proof for another policy (transfer_limit) under the compliance verifier: false.
    let tl = Prover::new(setup::setup_dev(Policy::TransferLimit, SHAPE, 5).unwrap()).unwrap();
    let w = ComplianceWitness::builder(Policy::TransferLimit)
        .amount(250)
        .limit(LIMIT)
        .blinding(Fr::one())
        .context(proof.public_inputs.values()[6])
        .build()
        .unwrap();
    let other = tl.prove_with_rng(&w, &mut f.rng).unwrap();
    assert!(
        !f.verify_words(&proof_words(&other), &inputs).0,
        "a transfer_limit proof passed the compliance verifier"
    );
}

#[test]
fn compliance_gate_enforces_roots_nullifiers_scope_context_and_limit() {
    let Some(tools) = evm::tools() else { return };
    let mut f = Fixture::new(&tools);
    let recipient = f.recipient;

    // The gate computes the same scope and context as the wallet.
    let scope = context::evm_scope(1, f.gate.into_array(), SCOPE_EPOCH);
    assert_eq!(
        f.evm.call(f.gate, &encode_call("scope()", &[])).output(),
        word_fr(&scope),
        "scope = keccak256(abi.encode(chainid, gate, scopeEpoch)) >> 4"
    );
    assert_eq!(
        f.evm
            .call(f.gate, &encode_call("scopeEpoch()", &[]))
            .output(),
        word_u64(SCOPE_EPOCH)
    );
    let ac = Fr::from(77u64);
    let caller = Address::repeat_byte(0x31);
    let call = encode_call(
        "contextFor(address,address,uint256)",
        &[word_address(caller), word_address(recipient), word_fr(&ac)],
    );
    let expected = context::evm_transfer(
        1,
        f.gate.into_array(),
        caller.into_array(),
        recipient.into_array(),
        ac,
    );
    assert_eq!(f.evm.call(f.gate, &call).output(), word_fr(&expected));

    let proof = f.proof(1000, recipient);
    let words = proof_words(&proof);
    let inputs: [[u8; 32]; 7] = inputs_of(&proof).try_into().unwrap();
    let nullifier = inputs[5];

    // Wrong limit, scope, context: named errors, before any proof check.
    let mut x = inputs;
    x[2] = word_u64(LIMIT + 1);
    let e = encode_call(
        "WrongLimit(uint256,uint256)",
        &[word_u64(LIMIT), word_u64(LIMIT + 1)],
    );
    assert_eq!(f.gate_call(&words, &x, recipient).revert_data(), e);
    let mut x = inputs;
    x[4] = word_fr(&(scope + Fr::one()));
    let e = encode_call("WrongScope(uint256,uint256)", &[word_fr(&scope), x[4]]);
    assert_eq!(f.gate_call(&words, &x, recipient).revert_data(), e);
    let other = Address::repeat_byte(0x43);
    let want = context::evm_transfer(
        1,
        f.gate.into_array(),
        f.evm.caller.into_array(),
        other.into_array(),
        proof.public_inputs.values()[3],
    );
    let e = encode_call(
        "WrongContext(uint256,uint256)",
        &[word_fr(&want), inputs[6]],
    );
    assert_eq!(
        f.gate_call(&words, &inputs, other).revert_data(),
        e,
        "a proof made for another recipient"
    );
    // Unknown roots.
    let mut x = inputs;
    x[0][31] ^= 1;
    assert_eq!(
        f.gate_call(&words, &x, recipient).revert_data(),
        encode_call("UnknownSanctionsRoot(uint256)", &[x[0]])
    );
    let mut x = inputs;
    x[1][31] ^= 1;
    assert_eq!(
        f.gate_call(&words, &x, recipient).revert_data(),
        encode_call("UnknownRegistryRoot(uint256)", &[x[1]])
    );
    // A tampered proof with matching inputs.
    let mut w = words;
    w[7][31] ^= 1;
    assert_eq!(
        f.gate_call(&w, &inputs, recipient).revert_data(),
        encode_call("InvalidProof()", &[])
    );

    // The valid proof passes once, then its nullifier is spent.
    match f.gate_call(&words, &inputs, recipient) {
        Outcome::Success { gas, .. } => eprintln!("ComplianceGate.verifyAndConsume: {gas} gas"),
        other => panic!("valid proof refused: {other:?}"),
    }
    let e = encode_call("NullifierAlreadyUsed(uint256)", &[nullifier]);
    assert_eq!(f.gate_call(&words, &inputs, recipient).revert_data(), e);
    let fresh = f.proof(999, recipient);
    let fresh_inputs: [[u8; 32]; 7] = inputs_of(&fresh).try_into().unwrap();
    assert_eq!(
        fresh_inputs[5], nullifier,
        "same identity, same scope: same nullifier"
    );
    assert_eq!(
        f.gate_call(&proof_words(&fresh), &fresh_inputs, recipient)
            .revert_data(),
        e,
        "a second proof of the same identity"
    );

    // Only the updater publishes roots; after ROOT_HISTORY newer roots a root is stale.
    let publish = |root: u64| {
        let mut d = selector("publishSanctionsRoot(uint256)").to_vec();
        d.extend_from_slice(&word_u64(root));
        d
    };
    let stranger = Address::repeat_byte(0x99);
    let e = encode_call("NotUpdater(address)", &[word_address(stranger)]);
    assert_eq!(
        f.evm.call_from(stranger, f.gate, &publish(1)).revert_data(),
        e
    );
    let mut r_plus = selector("publishSanctionsRoot(uint256)").to_vec();
    r_plus.extend_from_slice(&hex32(&format!("{:0>64}", num_hex(R_DEC))));
    assert_eq!(
        &f.evm.call(f.gate, &r_plus).revert_data()[..4],
        &selector("RootOutOfField(uint256)")
    );
    // A second identity's proof, against a root that is 31 publications old: accepted;
    // a third, against a root 32 publications old: stale.
    for i in 0..31u64 {
        f.evm.call(f.gate, &publish(1000 + i)).output();
    }
    let p2 = f.proof_as(1, 5, recipient);
    let in2: [[u8; 32]; 7] = inputs_of(&p2).try_into().unwrap();
    assert!(
        matches!(
            f.gate_call(&proof_words(&p2), &in2, recipient),
            Outcome::Success { .. }
        ),
        "root 31 publications old"
    );
    f.evm.call(f.gate, &publish(5000)).output();
    let p3 = f.proof_as(2, 5, recipient);
    let in3: [[u8; 32]; 7] = inputs_of(&p3).try_into().unwrap();
    let e = encode_call(
        "StaleSanctionsRoot(uint256,uint64,uint64)",
        &[in3[0], word_u64(1), word_u64(33)],
    );
    assert_eq!(
        f.gate_call(&proof_words(&p3), &in3, recipient)
            .revert_data(),
        e
    );
}

#[test]
fn front_run_copies_revert_with_wrong_context_and_the_users_call_passes() {
    let Some(tools) = evm::tools() else { return };
    let mut f = Fixture::new(&tools);
    let (user, front_runner) = (Address::repeat_byte(0x55), Address::repeat_byte(0x66));
    let recipient = f.recipient;
    let gate = f.gate;

    // The user's pending call, copied by a front-runner: the context names the user.
    let proof = f.proof_for(0, gate, user, 250, recipient);
    let (words, inputs) = (proof_words(&proof), inputs7(&proof));
    let theirs = context::evm_transfer(
        1,
        gate.into_array(),
        front_runner.into_array(),
        recipient.into_array(),
        proof.public_inputs.values()[3],
    );
    let wrong = encode_call(
        "WrongContext(uint256,uint256)",
        &[word_fr(&theirs), inputs[6]],
    );
    assert_eq!(
        f.gate_call_from(front_runner, gate, &words, &inputs, recipient)
            .revert_data(),
        wrong,
        "the front-runner's copy"
    );
    // check() takes the caller explicitly: the user's call would pass, the copy would not.
    assert!(succeeded(&f.check(&words, &inputs, user, recipient)));
    assert_eq!(
        f.check(&words, &inputs, front_runner, recipient)
            .revert_data(),
        wrong
    );
    // Nothing was consumed: the user's own call passes, and names the user as the caller.
    let out = f.gate_call_from(user, gate, &words, &inputs, recipient);
    assert!(succeeded(&out), "the user's call: {out:?}");
    let event = f
        .evm
        .events
        .iter()
        .find(|e| {
            e.topics.first()
                == Some(&topic(
                    "ComplianceVerified(uint256,address,address,uint256,uint256,uint256)",
                ))
        })
        .expect("ComplianceVerified");
    assert_eq!(
        event.topics[1..],
        [inputs[5], word_address(user), word_address(recipient)]
    );

    // A protocol that inherits the gate passes its own msg.sender: the same protection.
    let args = gate_args(
        f.verifier,
        word_u64(LIMIT),
        SCOPE_EPOCH,
        MAX_ROOT_AGE,
        f.evm.caller,
        word_fr(&f.list.root()),
        word_fr(&f.registry.root()),
        Address::ZERO,
    );
    let (protocol, _) = f.evm.deploy(&bytecode(&f.compiled, "Protocol"), &args);
    let proof = f.proof_for(1, protocol, user, 100, recipient);
    let (words, inputs) = (proof_words(&proof), inputs7(&proof));
    let pay = gate_data(
        "pay(uint256[8],(uint256,uint256,uint256,uint256,uint256,uint256,uint256),address)",
        &words,
        &inputs,
        &[recipient],
    );
    let copy = f.evm.call_from(front_runner, protocol, &pay);
    assert_eq!(
        &copy.revert_data()[..4],
        &selector("WrongContext(uint256,uint256)"),
        "a copied call of the protocol"
    );
    let out = f.evm.call_from(user, protocol, &pay);
    assert!(succeeded(&out), "the user's call of the protocol: {out:?}");
}

#[test]
fn roots_expire_after_max_root_age_and_revoked_roots_are_refused() {
    let Some(tools) = evm::tools() else { return };
    let mut f = Fixture::new(&tools);
    let (recipient, caller) = (f.recipient, f.evm.caller);
    let proof = f.proof(250, recipient);
    let (words, inputs) = (proof_words(&proof), inputs7(&proof));
    let (sanctions_root, registry_root) = (inputs[0], inputs[1]);
    let root_info = |f: &mut Fixture, getter: &str, root: [u8; 32]| {
        f.evm
            .call(f.gate, &encode_call(getter, &[root]))
            .output()
            .to_vec()
    };
    assert_eq!(
        root_info(&mut f, "sanctionsRoots(uint256)", sanctions_root),
        [word_u64(1), word_u64(NOW), word_u64(0)].concat(),
        "(epoch, publishedAt, revoked)"
    );

    // maxRootAge seconds after publication the roots are still accepted; one second later
    // the sanctions root has expired, and so has the registry root.
    f.evm.set_timestamp(NOW + MAX_ROOT_AGE);
    assert!(succeeded(&f.check(&words, &inputs, caller, recipient)));
    let late = NOW + MAX_ROOT_AGE + 1;
    f.evm.set_timestamp(late);
    assert_eq!(
        f.check(&words, &inputs, caller, recipient).revert_data(),
        encode_call(
            "ExpiredSanctionsRoot(uint256,uint64,uint256)",
            &[sanctions_root, word_u64(NOW), word_u64(late)]
        )
    );
    assert_eq!(
        f.gate_call(&words, &inputs, recipient).revert_data(),
        encode_call(
            "ExpiredSanctionsRoot(uint256,uint64,uint256)",
            &[sanctions_root, word_u64(NOW), word_u64(late)]
        ),
        "verifyAndConsume too"
    );
    // Publishing a root again renews it.
    assert!(succeeded(
        &f.updater_call("publishSanctionsRoot(uint256)", sanctions_root)
    ));
    assert_eq!(
        f.check(&words, &inputs, caller, recipient).revert_data(),
        encode_call(
            "ExpiredRegistryRoot(uint256,uint64,uint256)",
            &[registry_root, word_u64(NOW), word_u64(late)]
        )
    );
    assert!(succeeded(
        &f.updater_call("publishRegistryRoot(uint256)", registry_root)
    ));
    assert!(succeeded(&f.check(&words, &inputs, caller, recipient)));

    // Revocation: only by the updater, of a known root, at once and for good.
    let stranger = Address::repeat_byte(0x99);
    let revoke = encode_call("revokeSanctionsRoot(uint256)", &[sanctions_root]);
    assert_eq!(
        f.evm.call_from(stranger, f.gate, &revoke).revert_data(),
        encode_call("NotUpdater(address)", &[word_address(stranger)])
    );
    assert_eq!(
        f.updater_call("revokeSanctionsRoot(uint256)", word_u64(12345))
            .revert_data(),
        encode_call("UnknownSanctionsRoot(uint256)", &[word_u64(12345)])
    );
    assert!(succeeded(&f.evm.call(f.gate, &revoke)));
    assert_eq!(
        f.evm.events[0].topics,
        [topic("SanctionsRootRevoked(uint256)"), sanctions_root]
    );
    let revoked = encode_call("RevokedSanctionsRoot(uint256)", &[sanctions_root]);
    assert_eq!(
        f.check(&words, &inputs, caller, recipient).revert_data(),
        revoked
    );
    assert_eq!(
        f.gate_call(&words, &inputs, recipient).revert_data(),
        revoked,
        "verifyAndConsume of a valid proof against a revoked root"
    );
    assert_eq!(
        f.updater_call("publishSanctionsRoot(uint256)", sanctions_root)
            .revert_data(),
        revoked,
        "a revoked root cannot be published again"
    );
    assert_eq!(
        root_info(&mut f, "sanctionsRoots(uint256)", sanctions_root)[64..],
        word_u64(1)
    );
    // The registry root likewise.
    let added = AddressKey::parse("0x1111111111111111111111111111111111111111").unwrap();
    let list2 = SanctionsTree::from_keys(
        SHAPE.sanctions_depth,
        f.list.keys().chain(std::iter::once(added)),
    )
    .unwrap();
    assert!(succeeded(&f.updater_call(
        "publishSanctionsRoot(uint256)",
        word_fr(&list2.root())
    )));
    f.list = list2;
    let fresh = f.proof_as(1, 10, recipient);
    let (fresh_words, fresh_inputs) = (proof_words(&fresh), inputs7(&fresh));
    assert!(succeeded(&f.check(
        &fresh_words,
        &fresh_inputs,
        caller,
        recipient
    )));
    assert!(succeeded(
        &f.updater_call("revokeRegistryRoot(uint256)", registry_root)
    ));
    assert_eq!(
        f.gate_call(&fresh_words, &fresh_inputs, recipient)
            .revert_data(),
        encode_call("RevokedRegistryRoot(uint256)", &[registry_root])
    );
}

#[test]
fn governance_updater_delay_two_step_ownership_and_constructor_checks() {
    let Some(tools) = evm::tools() else { return };
    let compiled = compile_contracts(&tools, "");
    let mut evm = Evm::new();
    evm.set_timestamp(NOW);
    let owner = evm.caller;
    let (verifier, _) = evm.deploy(&bytecode(&compiled, "AcceptAllVerifier"), &[]);
    let code = bytecode(&compiled, "ComplianceGate");
    let args = |limit: [u8; 32], epoch: u64, age: u64, registry_root: u64, registry: Address| {
        gate_args(
            verifier,
            limit,
            epoch,
            age,
            owner,
            word_u64(0x5a),
            word_u64(registry_root),
            registry,
        )
    };
    let scope_of = |evm: &mut Evm, gate: Address| -> [u8; 32] {
        evm.call(gate, &encode_call("scope()", &[]))
            .output()
            .try_into()
            .unwrap()
    };

    // Scopes are derived from the chain, the gate's address and the epoch: never shared.
    let (gate, _) = evm.deploy(
        &code,
        &args(word_u64(LIMIT), SCOPE_EPOCH, MAX_ROOT_AGE, 7, Address::ZERO),
    );
    let (twin, _) = evm.deploy(
        &code,
        &args(word_u64(LIMIT), SCOPE_EPOCH, MAX_ROOT_AGE, 7, Address::ZERO),
    );
    let (next, _) = evm.deploy(
        &code,
        &args(
            word_u64(LIMIT),
            SCOPE_EPOCH + 1,
            MAX_ROOT_AGE,
            7,
            Address::ZERO,
        ),
    );
    let mut scopes = Vec::new();
    for (at, epoch) in [
        (gate, SCOPE_EPOCH),
        (twin, SCOPE_EPOCH),
        (next, SCOPE_EPOCH + 1),
    ] {
        let scope = scope_of(&mut evm, at);
        assert_eq!(
            scope,
            word_fr(&context::evm_scope(1, at.into_array(), epoch)),
            "the Rust twin"
        );
        scopes.push(scope);
    }
    assert!(scopes[0] != scopes[1] && scopes[0] != scopes[2] && scopes[1] != scopes[2]);

    // Constructor refusals.
    let two_64 = word_u64(0);
    let two_64 = {
        let mut w = two_64;
        w[23] = 1;
        w
    };
    let max = [0xffu8; 32];
    let no_code = Address::repeat_byte(0x77);
    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        (
            "limit = 2^64",
            args(two_64, 0, MAX_ROOT_AGE, 7, Address::ZERO),
            encode_call("LimitOutOfRange(uint256,uint256)", &[two_64, two_64]),
        ),
        (
            "limit = 2^256 - 1",
            args(max, 0, MAX_ROOT_AGE, 7, Address::ZERO),
            encode_call("LimitOutOfRange(uint256,uint256)", &[max, two_64]),
        ),
        (
            "maxRootAge = 0",
            args(word_u64(LIMIT), 0, 0, 7, Address::ZERO),
            encode_call("ZeroMaxRootAge()", &[]),
        ),
        (
            "a registry contract without code",
            args(word_u64(LIMIT), 0, MAX_ROOT_AGE, 0, no_code),
            encode_call("NoCode(address)", &[word_address(no_code)]),
        ),
        (
            "a registry contract and a registry root",
            args(word_u64(LIMIT), 0, MAX_ROOT_AGE, 7, verifier),
            encode_call("RegistryContractSet(address)", &[word_address(verifier)]),
        ),
    ];
    for (what, args, want) in cases {
        match evm.try_deploy(&code, &args) {
            Err(Outcome::Revert { output, .. }) => assert_eq!(output, want, "{what}"),
            other => panic!("{what}: expected a revert, got {other:?}"),
        }
    }
    let mut below = two_64;
    below[23] = 0;
    below[24..].fill(0xff);
    assert!(
        evm.try_deploy(&code, &args(below, 0, MAX_ROOT_AGE, 7, Address::ZERO))
            .is_ok(),
        "limit = 2^64 - 1"
    );
    let mut w = verifier.into_array();
    w[0] ^= 1;
    let no_verifier = Address::from(w);
    let mut a = args(word_u64(LIMIT), 0, MAX_ROOT_AGE, 7, Address::ZERO);
    a[..32].copy_from_slice(&word_address(no_verifier));
    assert_eq!(
        evm.try_deploy(&code, &a).unwrap_err().revert_data(),
        encode_call("NoCode(address)", &[word_address(no_verifier)])
    );

    // The updater changes only after UPDATER_DELAY, to the proposed account, which accepts.
    let view = |evm: &mut Evm, signature: &str| {
        evm.call(gate, &encode_call(signature, &[]))
            .output()
            .to_vec()
    };
    let (stranger, new_updater) = (Address::repeat_byte(0x99), Address::repeat_byte(0x0a));
    let propose = encode_call("proposeUpdater(address)", &[word_address(new_updater)]);
    assert_eq!(
        evm.call_from(stranger, gate, &propose).revert_data(),
        encode_call("NotOwner(address)", &[word_address(stranger)])
    );
    let accept = encode_call("acceptUpdater()", &[]);
    assert_eq!(
        evm.call_from(new_updater, gate, &accept).revert_data(),
        encode_call("NotPendingUpdater(address)", &[word_address(new_updater)]),
        "nothing proposed"
    );
    assert!(succeeded(&evm.call(gate, &propose)));
    let ready = NOW + UPDATER_DELAY;
    assert_eq!(
        evm.events[0].topics,
        [
            topic("UpdaterProposed(address,address,uint64)"),
            word_address(owner),
            word_address(new_updater)
        ]
    );
    assert_eq!(evm.events[0].data, word_u64(ready));
    assert_eq!(
        view(&mut evm, "pendingUpdater()"),
        word_address(new_updater)
    );
    assert_eq!(view(&mut evm, "updaterReadyAt()"), word_u64(ready));
    for now in [NOW, ready - 1] {
        evm.set_timestamp(now);
        assert_eq!(
            evm.call_from(new_updater, gate, &accept).revert_data(),
            encode_call(
                "UpdaterDelayNotOver(uint64,uint256)",
                &[word_u64(ready), word_u64(now)]
            ),
            "at {now}"
        );
        // Meanwhile the current updater still publishes.
        let publish = encode_call("publishSanctionsRoot(uint256)", &[word_u64(now)]);
        assert!(succeeded(&evm.call(gate, &publish)));
        assert_eq!(
            evm.call_from(new_updater, gate, &publish).revert_data(),
            encode_call("NotUpdater(address)", &[word_address(new_updater)])
        );
    }
    evm.set_timestamp(ready);
    assert_eq!(
        evm.call_from(stranger, gate, &accept).revert_data(),
        encode_call("NotPendingUpdater(address)", &[word_address(stranger)])
    );
    assert!(succeeded(&evm.call_from(new_updater, gate, &accept)));
    assert_eq!(view(&mut evm, "updater()"), word_address(new_updater));
    assert_eq!(
        view(&mut evm, "pendingUpdater()"),
        word_address(Address::ZERO)
    );
    let publish = encode_call("publishSanctionsRoot(uint256)", &[word_u64(99)]);
    assert!(succeeded(&evm.call_from(new_updater, gate, &publish)));
    assert_eq!(
        evm.call(gate, &publish).revert_data(),
        encode_call("NotUpdater(address)", &[word_address(owner)]),
        "the previous updater"
    );
    // A proposal withdrawn (address 0) cannot be accepted.
    let other = Address::repeat_byte(0x0b);
    assert!(succeeded(&evm.call(
        gate,
        &encode_call("proposeUpdater(address)", &[word_address(other)])
    )));
    assert!(succeeded(&evm.call(
        gate,
        &encode_call("proposeUpdater(address)", &[word_address(Address::ZERO)])
    )));
    evm.set_timestamp(ready + UPDATER_DELAY);
    assert_eq!(
        evm.call_from(other, gate, &accept).revert_data(),
        encode_call("NotPendingUpdater(address)", &[word_address(other)])
    );

    // Ownership: offered, then accepted by the new owner only.
    let new_owner = Address::repeat_byte(0x0c);
    let transfer = encode_call("transferOwnership(address)", &[word_address(new_owner)]);
    assert_eq!(
        evm.call_from(stranger, gate, &transfer).revert_data(),
        encode_call("NotOwner(address)", &[word_address(stranger)])
    );
    assert!(succeeded(&evm.call(gate, &transfer)));
    assert_eq!(view(&mut evm, "pendingOwner()"), word_address(new_owner));
    assert_eq!(view(&mut evm, "owner()"), word_address(owner), "not yet");
    let propose = encode_call("proposeUpdater(address)", &[word_address(stranger)]);
    assert_eq!(
        evm.call_from(new_owner, gate, &propose).revert_data(),
        encode_call("NotOwner(address)", &[word_address(new_owner)])
    );
    let accept_ownership = encode_call("acceptOwnership()", &[]);
    assert_eq!(
        evm.call_from(stranger, gate, &accept_ownership)
            .revert_data(),
        encode_call("NotPendingOwner(address)", &[word_address(stranger)])
    );
    assert!(succeeded(&evm.call_from(
        new_owner,
        gate,
        &accept_ownership
    )));
    assert_eq!(view(&mut evm, "owner()"), word_address(new_owner));
    assert_eq!(
        view(&mut evm, "pendingOwner()"),
        word_address(Address::ZERO)
    );
    assert_eq!(
        evm.call(gate, &propose).revert_data(),
        encode_call("NotOwner(address)", &[word_address(owner)]),
        "the previous owner"
    );
    assert!(succeeded(&evm.call_from(new_owner, gate, &propose)));
}

/// Deploys poseidon-solidity's PoseidonT3 and PoseidonT4 (once per EVM).
fn deploy_poseidons(tools: &Path, evm: &mut Evm) -> (Address, Address) {
    let contracts = evm::poseidon_contracts(tools);
    let t3 = evm.deploy_poseidon_t3(&contracts);
    (t3, evm.deploy_poseidon_t4(&contracts))
}

/// An `IdentityRegistry` of `depth` on PoseidonT3 and PoseidonT4.
fn deploy_registry(
    evm: &mut Evm,
    compiled: &serde_json::Value,
    (t3, t4): (Address, Address),
    depth: usize,
) -> Address {
    let args = [word_address(t3), word_address(t4), word_u64(depth as u64)].concat();
    evm.deploy(&bytecode(compiled, "IdentityRegistry"), &args).0
}

/// `register(pk)` from `account`.
fn register(evm: &mut Evm, registry: Address, account: Address, pk: &Fr) -> Outcome {
    evm.call_from(account, registry, &solidity::register_calldata(pk))
}

#[test]
fn registry_contract_tracks_the_native_registry_and_feeds_the_gate() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let mut f = Fixture::new(&tools);
    let depth = SHAPE.registry_depth;
    let poseidons = deploy_poseidons(&tools, &mut f.evm);
    let registry = deploy_registry(&mut f.evm, &f.compiled, poseidons, depth);
    let view = |evm: &mut Evm, signature: &str, args: &[[u8; 32]]| {
        evm.call(registry, &encode_call(signature, args))
            .output()
            .to_vec()
    };
    assert_eq!(
        view(&mut f.evm, "IDENTITY_TAG()", &[]),
        word_fr(&Domain::Identity.tag()),
        "T_id = keccak256(\"zkcomply/identity/v2\") >> 4"
    );
    let mut native = Registry::new(depth).unwrap();
    assert_eq!(
        view(&mut f.evm, "root()", &[]),
        word_fr(&native.root()),
        "empty"
    );

    // Accounts register their public keys; the contract's root follows the native registry
    // with identity_commitment(key of msg.sender, pk).
    let accounts: Vec<Address> = (1..=4u8).map(|i| Address::repeat_byte(0x10 + i)).collect();
    let ids: Vec<Identity> = accounts
        .iter()
        .map(|a| Identity::random(key_of(*a), &mut f.rng))
        .collect();
    let mut roots = vec![native.root()];
    for (i, (account, id)) in accounts.iter().zip(&ids).enumerate() {
        let pk = id.public_key();
        let key = key_of(*account);
        assert_eq!(
            view(&mut f.evm, "keyOf(address)", &[word_address(*account)]),
            word_fr(&key.to_field())
        );
        let want = commitment::identity_commitment(&key, pk);
        assert_eq!(want, id.commitment());
        assert_eq!(
            view(
                &mut f.evm,
                "commitmentOf(address,uint256)",
                &[word_address(*account), word_fr(&pk)]
            ),
            word_fr(&want)
        );
        let out = register(&mut f.evm, registry, *account, &pk);
        match &out {
            Outcome::Success { gas, output } => {
                assert_eq!(output[..], word_u64(i as u64), "the leaf index");
                eprintln!("IdentityRegistry.register (depth {depth}), leaf {i}: {gas} gas");
            }
            other => panic!("register {i}: {other:?}"),
        }
        native.insert(want).unwrap();
        roots.push(native.root());
        let event = &f.evm.events[0];
        assert_eq!(
            event.topics,
            [
                topic("Registered(address,uint256,uint256,uint256,uint256)"),
                word_address(*account),
                word_fr(&want)
            ]
        );
        assert_eq!(
            event.data,
            [word_fr(&pk), word_u64(i as u64), word_fr(&native.root())].concat()
        );
        assert_eq!(
            view(&mut f.evm, "root()", &[]),
            word_fr(&native.root()),
            "after {} inserts",
            i + 1
        );
        assert_eq!(
            view(&mut f.evm, "identityOf(address)", &[word_address(*account)]),
            word_fr(&want)
        );
    }
    assert_eq!(view(&mut f.evm, "size()", &[]), word_u64(4));
    // (epoch, recordedAt, supersededAt) of each root.
    for (i, root) in roots.iter().enumerate() {
        let superseded = if i + 1 < roots.len() { NOW } else { 0 };
        assert_eq!(
            view(&mut f.evm, "rootInfo(uint256)", &[word_fr(root)]),
            [word_u64(i as u64 + 1), word_u64(NOW), word_u64(superseded)].concat(),
            "root {i}"
        );
    }
    assert_eq!(
        view(&mut f.evm, "rootInfo(uint256)", &[word_u64(5)]),
        [[0u8; 32]; 3].concat(),
        "unknown"
    );

    // One account, one identity; public keys below r.
    let again = register(&mut f.evm, registry, accounts[0], &Fr::from(5u64));
    assert_eq!(
        again.revert_data(),
        encode_call(
            "AlreadyRegistered(address,uint256)",
            &[word_address(accounts[0]), word_fr(&ids[0].commitment())]
        )
    );
    let r_word = hex32(&num_hex(R_DEC));
    let mut data = selector(solidity::REGISTER).to_vec();
    data.extend_from_slice(&r_word);
    let newcomer = Address::repeat_byte(0x20);
    assert_eq!(
        f.evm.call_from(newcomer, registry, &data).revert_data(),
        encode_call("PublicKeyOutOfField(uint256)", &[r_word])
    );
    assert_eq!(
        view(&mut f.evm, "root()", &[]),
        word_fr(&native.root()),
        "nothing appended"
    );

    // A gate that reads the registry contract: no updater, no published registry root.
    let args = gate_args(
        f.verifier,
        word_u64(LIMIT),
        SCOPE_EPOCH,
        MAX_ROOT_AGE,
        f.evm.caller,
        word_fr(&f.list.root()),
        [0u8; 32],
        registry,
    );
    let (gate, _) = f
        .evm
        .deploy(&bytecode(&f.compiled, "ComplianceGate"), &args);
    assert_eq!(
        f.evm
            .call(
                gate,
                &encode_call("publishRegistryRoot(uint256)", &[word_fr(&native.root())])
            )
            .revert_data(),
        encode_call("RegistryContractSet(address)", &[word_address(registry)])
    );
    // Account 1 proves against the registry contract's current root and calls the gate itself.
    let (list, recipient) = (f.list.clone(), f.recipient);
    let proof = f.proof_with(&ids[1], &list, &native, gate, accounts[1], 300, recipient);
    assert_eq!(proof.public_inputs.values()[1], native.root());
    let (words, inputs) = (proof_words(&proof), inputs7(&proof));
    let out = f.gate_call_from(accounts[1], gate, &words, &inputs, recipient);
    match &out {
        Outcome::Success { gas, .. } => {
            eprintln!("ComplianceGate.verifyAndConsume with the registry contract: {gas} gas")
        }
        other => panic!("a proof against the registry contract's root: {other:?}"),
    }
    // Accounts 2 and 3 prove against the same root; a new registration supersedes it, and
    // the root stays accepted for maxRootAge seconds after that, no longer.
    let proof2 = f.proof_with(&ids[2], &list, &native, gate, accounts[2], 300, recipient);
    let proof3 = f.proof_with(&ids[3], &list, &native, gate, accounts[3], 300, recipient);
    let old_root = native.root();
    let later = NOW + 1000;
    f.evm.set_timestamp(later);
    let newcomer_id = Identity::random(key_of(newcomer), &mut f.rng);
    assert!(succeeded(&register(
        &mut f.evm,
        registry,
        newcomer,
        &newcomer_id.public_key()
    )));
    native.insert(newcomer_id.commitment()).unwrap();
    // The sanctions root is renewed by its updater; the registry root needs no one.
    f.evm.set_timestamp(later + MAX_ROOT_AGE);
    let renew = encode_call("publishSanctionsRoot(uint256)", &[word_fr(&list.root())]);
    assert!(succeeded(&f.evm.call(gate, &renew)));
    let out = f.gate_call_from(
        accounts[2],
        gate,
        &proof_words(&proof2),
        &inputs7(&proof2),
        recipient,
    );
    assert!(succeeded(&out), "superseded maxRootAge ago: {out:?}");
    f.evm.set_timestamp(later + MAX_ROOT_AGE + 1);
    assert_eq!(
        f.gate_call_from(
            accounts[3],
            gate,
            &proof_words(&proof3),
            &inputs7(&proof3),
            recipient
        )
        .revert_data(),
        encode_call(
            "ExpiredRegistryRoot(uint256,uint64,uint256)",
            &[
                word_fr(&old_root),
                word_u64(later),
                word_u64(later + MAX_ROOT_AGE + 1)
            ]
        ),
        "superseded more than maxRootAge ago"
    );
    // The current root is accepted however old: it is the registry now.
    let current = native.root();
    let proof4 = f.proof_with(&newcomer_id, &list, &native, gate, newcomer, 1, recipient);
    f.evm.set_timestamp(later + 3 * MAX_ROOT_AGE);
    assert!(succeeded(&f.evm.call(gate, &renew)));
    let (words4, inputs4) = (proof_words(&proof4), inputs7(&proof4));
    // A root the registry never had.
    let check = solidity::gate(Policy::Compliance).unwrap().check;
    let mut x = inputs4;
    x[1][31] ^= 1;
    assert_eq!(
        f.evm
            .call(gate, &gate_data(check, &words4, &x, &[newcomer, recipient]))
            .revert_data(),
        encode_call("UnknownRegistryRoot(uint256)", &[x[1]])
    );
    let out = f.gate_call_from(newcomer, gate, &words4, &inputs4, recipient);
    assert!(succeeded(&out), "the current root {current}: {out:?}");
}

#[test]
fn registry_contract_at_depth_20_full_trees_and_constructor_checks() {
    let Some(tools) = evm::poseidon_tools() else {
        return;
    };
    let compiled = compile_contracts(&tools, "");
    let mut evm = Evm::new();
    evm.set_timestamp(NOW);
    let mut rng = ChaCha20Rng::seed_from_u64(0x20);
    // DR = 20, the default registry depth: the roots match the native registry's.
    let poseidons = deploy_poseidons(&tools, &mut evm);
    let registry = deploy_registry(&mut evm, &compiled, poseidons, 20);
    let mut native = Registry::new(20).unwrap();
    let mut gas = Vec::new();
    for i in 0..9u8 {
        let account = Address::repeat_byte(0x30 + i);
        let pk = if i == 0 {
            -Fr::one()
        } else {
            Fr::rand(&mut rng)
        };
        let out = register(&mut evm, registry, account, &pk);
        gas.push(out.gas());
        assert!(succeeded(&out), "register {i}: {out:?}");
        native
            .insert(commitment::identity_commitment(&key_of(account), pk))
            .unwrap();
        assert_eq!(
            evm.call(registry, &encode_call("root()", &[])).output(),
            word_fr(&native.root()),
            "depth 20, after {} inserts",
            i + 1
        );
    }
    eprintln!("IdentityRegistry.register at depth 20: {gas:?} gas");

    // Full at 2^depth identities.
    let small = deploy_registry(&mut evm, &compiled, poseidons, 2);
    for i in 0..4u8 {
        let out = register(
            &mut evm,
            small,
            Address::repeat_byte(0x40 + i),
            &Fr::from(i as u64),
        );
        assert!(succeeded(&out), "{out:?}");
    }
    let out = register(&mut evm, small, Address::repeat_byte(0x50), &Fr::from(9u64));
    assert_eq!(
        out.revert_data(),
        encode_call("TreeFull(uint256)", &[word_u64(4)])
    );

    // Refused deployments.
    let (t3, t4) = poseidons;
    let code = bytecode(&compiled, "IdentityRegistry");
    let cases = [
        (
            "depth 0",
            [word_address(t3), word_address(t4), word_u64(0)],
            encode_call(
                "TreeDepthOutOfRange(uint256,uint256)",
                &[word_u64(0), word_u64(40)],
            ),
        ),
        (
            "depth 41",
            [word_address(t3), word_address(t4), word_u64(41)],
            encode_call(
                "TreeDepthOutOfRange(uint256,uint256)",
                &[word_u64(41), word_u64(40)],
            ),
        ),
        (
            "PoseidonT3 as the 3-input contract",
            [word_address(t3), word_address(t3), word_u64(20)],
            encode_call("HashFailed(address)", &[word_address(t3)]),
        ),
        (
            "PoseidonT4 as the 2-input contract",
            [word_address(t4), word_address(t4), word_u64(20)],
            encode_call("HashFailed(address)", &[word_address(t4)]),
        ),
        (
            "no Poseidon",
            [word_address(Address::ZERO), word_address(t4), word_u64(20)],
            encode_call("ZeroAddress()", &[]),
        ),
    ];
    for (what, args, want) in cases {
        match evm.try_deploy(&code, &args.concat()) {
            Err(Outcome::Revert { output, .. }) => assert_eq!(output, want, "{what}"),
            other => panic!("{what}: expected a revert, got {other:?}"),
        }
    }
}

/// r in hex (r itself is not a field element, so it is written out).
fn num_hex(dec: &str) -> String {
    assert_eq!(dec, R_DEC);
    "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001".to_string()
}

fn add_small(w: &[u8; 32], k: u8) -> [u8; 32] {
    add_words(w, &word_u64(k as u64))
}

fn add_words(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let s = a[i] as u16 + b[i] as u16 + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    out
}

fn fq_word(x: &Fq) -> [u8; 32] {
    use ark_ff::BigInteger;
    x.into_bigint().to_bytes_be().try_into().unwrap()
}

fn twist_point_outside_subgroup(rng: &mut ChaCha20Rng) -> G2Affine {
    loop {
        let x = Fq2::rand(rng);
        if let Some(p) = G2Affine::get_point_from_x_unchecked(x, false) {
            if !p.is_in_correct_subgroup_assuming_on_curve() {
                return p;
            }
        }
    }
}
