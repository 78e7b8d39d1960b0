//! The generated Solidity verifier and `ComplianceGate`, compiled with the real solc (solc-js)
//! and run in a real EVM (revm, with the BN254 precompiles): valid proofs pass, and every
//! malformed, tampered or replayed one fails as specified.
//!
//! Needs `tools/node_modules` (`npm ci --prefix tools`); skipped without it unless
//! `ZKCOMPLY_REQUIRE_TOOLS=1`.

#[path = "support/evm.rs"]
mod evm;
#[path = "support/tools.rs"]
mod support_tools;

use ark_bn254::{Fq, Fq2, G2Affine};
use ark_ff::{One, PrimeField, UniformRand};
use evm::{bytecode, compile, word_address, word_u64, Evm, Outcome};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use revm::primitives::Address;
use zkcomply::{
    circuits::{commitment, context},
    field, setup,
    verifier::solidity::{self, proof_words, selector, verify_calldata},
    AddressKey, ComplianceWitness, Fr, Identity, Policy, Proof, Prover, Registry, SanctionsTree,
    Shape,
};

const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 5,
};
const LIMIT: u64 = 1000;
const SCOPE: u64 = 0x5c0be;
const R_DEC: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
const Q_HEX: &str = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";

fn hex32(s: &str) -> [u8; 32] {
    hex::decode(s).unwrap().try_into().unwrap()
}

fn fr_word(x: &Fr) -> [u8; 32] {
    field::to_be_bytes(x)
}

struct Fixture {
    evm: Evm,
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
    fn new(tools: &std::path::Path) -> Self {
        let mut rng = ChaCha20Rng::seed_from_u64(0xe7);
        let list = SanctionsTree::from_keys(
            SHAPE.sanctions_depth,
            [
                "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
                "0x722122dF12D4e14e13Ac3b6895a86e84145b6967",
            ]
            .map(|a| AddressKey::parse(a).unwrap()),
        )
        .unwrap();
        let mut registry = Registry::new(SHAPE.registry_depth).unwrap();
        let ids: Vec<Identity> = [
            "0x000000000000000000000000000000000000dEaD",
            "0x000000000000000000000000000000000000bEEF",
            "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre",
        ]
        .iter()
        .map(|a| Identity::random(AddressKey::parse(a).unwrap(), &mut rng))
        .collect();
        for id in &ids {
            registry.insert(id.commitment()).unwrap();
        }
        let prover = Prover::new(setup::setup_dev(Policy::Compliance, SHAPE, 5).unwrap()).unwrap();
        let source = solidity::verifier(prover.verifying_key());
        let compiled = compile(
            tools,
            &[
                ("ComplianceVerifier.sol", &source),
                ("GateBase.sol", solidity::GATE_BASE),
                ("ComplianceGate.sol", solidity::COMPLIANCE_GATE),
            ],
        );
        let mut evm = Evm::new();
        let (verifier, _) = evm.deploy(&bytecode(&compiled, "ComplianceVerifier"), &[]);
        let args = [
            word_address(verifier),
            word_u64(LIMIT),
            word_u64(SCOPE),
            word_address(evm.caller),
            fr_word(&list.root()),
            fr_word(&registry.root()),
        ]
        .concat();
        let (gate, _) = evm.deploy(&bytecode(&compiled, "ComplianceGate"), &args);
        Self {
            evm,
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

    /// A proof of a compliant transfer of `amount` to `recipient` through the gate.
    fn proof(&mut self, amount: u64, recipient: Address) -> Proof {
        self.proof_as(0, amount, recipient)
    }

    /// The same, by identity `who`.
    fn proof_as(&mut self, who: usize, amount: u64, recipient: Address) -> Proof {
        let blinding = Fr::rand(&mut self.rng);
        let ac = commitment::amount_commitment(amount, blinding);
        let ctx = context::evm_transfer(1, self.gate.into_array(), recipient.into_array(), ac);
        let witness = ComplianceWitness::builder(Policy::Compliance)
            .identity(&self.ids[who])
            .sanctions(&self.list)
            .registry(&self.registry)
            .amount(amount)
            .limit(LIMIT)
            .blinding(blinding)
            .scope(Fr::from(SCOPE))
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
        let mut data = selector(solidity::VERIFY_AND_CONSUME).to_vec();
        for w in words.iter().chain(inputs) {
            data.extend_from_slice(w);
        }
        data.extend_from_slice(&word_address(recipient));
        self.evm.call(self.gate, &data)
    }
}

fn inputs_of(proof: &Proof) -> Vec<[u8; 32]> {
    proof.public_inputs.values().iter().map(fr_word).collect()
}

fn custom_error(signature: &str, args: &[[u8; 32]]) -> Vec<u8> {
    let mut v = selector(signature).to_vec();
    for a in args {
        v.extend_from_slice(a);
    }
    v
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

    // The gate computes the same context as the wallet.
    let ac = Fr::from(77u64);
    let mut call = selector("contextFor(address,uint256)").to_vec();
    call.extend_from_slice(&word_address(recipient));
    call.extend_from_slice(&fr_word(&ac));
    let expected = context::evm_transfer(1, f.gate.into_array(), recipient.into_array(), ac);
    assert_eq!(f.evm.call(f.gate, &call).output(), fr_word(&expected));

    let proof = f.proof(1000, recipient);
    let words = proof_words(&proof);
    let inputs: [[u8; 32]; 7] = inputs_of(&proof).try_into().unwrap();
    let nullifier = inputs[5];

    // Wrong limit, scope, context: named errors, before any proof check.
    let mut x = inputs;
    x[2] = word_u64(LIMIT + 1);
    let e = custom_error(
        "WrongLimit(uint256,uint256)",
        &[word_u64(LIMIT), word_u64(LIMIT + 1)],
    );
    assert_eq!(f.gate_call(&words, &x, recipient).revert_data(), e);
    let mut x = inputs;
    x[4] = word_u64(SCOPE + 1);
    let e = custom_error(
        "WrongScope(uint256,uint256)",
        &[word_u64(SCOPE), word_u64(SCOPE + 1)],
    );
    assert_eq!(f.gate_call(&words, &x, recipient).revert_data(), e);
    let other = Address::repeat_byte(0x43);
    let want = context::evm_transfer(
        1,
        f.gate.into_array(),
        other.into_array(),
        proof.public_inputs.values()[3],
    );
    let e = custom_error(
        "WrongContext(uint256,uint256)",
        &[fr_word(&want), inputs[6]],
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
        custom_error("UnknownSanctionsRoot(uint256)", &[x[0]])
    );
    let mut x = inputs;
    x[1][31] ^= 1;
    assert_eq!(
        f.gate_call(&words, &x, recipient).revert_data(),
        custom_error("UnknownRegistryRoot(uint256)", &[x[1]])
    );
    // A tampered proof with matching inputs.
    let mut w = words;
    w[7][31] ^= 1;
    assert_eq!(
        f.gate_call(&w, &inputs, recipient).revert_data(),
        custom_error("InvalidProof()", &[])
    );

    // The valid proof passes once, then its nullifier is spent.
    match f.gate_call(&words, &inputs, recipient) {
        Outcome::Success { gas, .. } => eprintln!("ComplianceGate.verifyAndConsume: {gas} gas"),
        other => panic!("valid proof refused: {other:?}"),
    }
    let e = custom_error("NullifierAlreadyUsed(uint256)", &[nullifier]);
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
    let e = custom_error("NotUpdater(address)", &[word_address(stranger)]);
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
    let e = custom_error(
        "StaleSanctionsRoot(uint256,uint64,uint64)",
        &[in3[0], word_u64(1), word_u64(33)],
    );
    assert_eq!(
        f.gate_call(&proof_words(&p3), &in3, recipient)
            .revert_data(),
        e
    );
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
