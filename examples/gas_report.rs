//! Gas report of the on-chain verifiers, measured in revm (a real EVM) on contracts compiled
//! with solc-js: zkcomply's generated Groth16 verifier per policy against the verifier snarkjs
//! generates for the same key, the precompile floor, malformed proofs, `ComplianceGate` (with
//! roots published by its updater, and with an `IdentityRegistry` contract), `PeriodLimitGate`
//! with its state tree and the Poseidon contracts it could use, and `IdentityRegistry.register`.
//!
//! `npm ci --prefix tools && cargo run --release --example gas_report`

use ark_ff::{BigInteger, PrimeField, UniformRand};
use rand::SeedableRng;
use zkcomply::{
    circuits::{commitment, context},
    field, setup,
    verifier::{
        snarkjs,
        solidity::{self, proof_words, selector},
    },
    AddressKey, ComplianceWitness, Fr, Identity, Policy, Prover, Registry, SanctionsTree, Shape,
    StateTree,
};
use zkcomply_testkit::evm::{
    self, bytecode, compile, intrinsic_gas, word_address, word_u64, Address, Evm,
};

fn main() {
    let Some(tools) = evm::poseidon_tools() else {
        std::process::exit(1)
    };
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let shape = Shape::default();
    let list = SanctionsTree::from_keys(
        shape.sanctions_depth,
        [AddressKey::parse("0x722122dF12D4e14e13Ac3b6895a86e84145b6967").unwrap()],
    )
    .unwrap();
    // The identity of the account that sends the transactions (Evm's default caller).
    let me = Identity::random(
        AddressKey::parse(&format!("0x{}", hex::encode(Evm::new().caller.as_slice()))).unwrap(),
        &mut rng,
    );
    let mut registry = Registry::new(shape.registry_depth).unwrap();
    registry.insert(me.commitment()).unwrap();
    let state = StateTree::new(shape.state_depth).unwrap();
    let limit = 1000u64;
    let (scope_epoch, max_root_age) = (0u64, 7 * 86_400u64);
    let witness = |policy: Policy, blinding: Fr, scope: Fr, context: Fr| {
        ComplianceWitness::builder(policy)
            .identity(&me)
            .sanctions(&list)
            .registry(&registry)
            .amount(250)
            .limit(limit)
            .blinding(blinding)
            .scope(scope)
            .context(context)
            .state(&state)
            .note(None)
            .period(1)
            .salt(blinding + Fr::from(1u64))
            .build()
            .unwrap()
    };

    println!("| policy | inputs | floor (181,000 + 6,150·n) | zkcomply verify (execution) | over floor | snarkjs verifier (execution) | zkcomply total tx | malformed A | B outside G2 subgroup | deploy zkcomply / snarkjs |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut compliance = None;
    let mut period_limit = None;
    for policy in Policy::ALL {
        let prover = Prover::new(setup::setup_dev(policy, shape, 1).unwrap()).unwrap();
        let blinding = Fr::rand(&mut rng);
        let proof = prover
            .prove_with_rng(
                &witness(policy, blinding, Fr::from(7u64), Fr::from(42u64)),
                &mut rng,
            )
            .unwrap();
        let n = proof.public_inputs.values().len();

        let dir = tempfile::tempdir().unwrap();
        let vk_json = dir.path().join("verification_key.json");
        std::fs::write(
            &vk_json,
            snarkjs::verification_key(prover.verifying_key()).to_string(),
        )
        .unwrap();
        let out =
            zkcomply_testkit::tools::node(None, &tools.join("snarkjs_verifier.js"), [&vk_json]);
        let snark_src = String::from_utf8(out.stdout).unwrap();
        let ours_src = solidity::verifier(prover.verifying_key());
        let name = solidity::verifier_name(policy);
        let compiled = compile(
            &tools,
            &[("Ours.sol", &ours_src), ("Snarkjs.sol", &snark_src)],
        );
        let mut evm = Evm::new();
        let (ours, deploy_ours) = evm.deploy(&bytecode(&compiled, &name), &[]);
        let (theirs, deploy_theirs) = evm.deploy(&bytecode(&compiled, "Groth16Verifier"), &[]);

        let words = proof_words(&proof);
        let inputs: Vec<[u8; 32]> = proof
            .public_inputs
            .values()
            .iter()
            .map(field::to_be_bytes)
            .collect();
        let encode = |sig: &str, w: &[[u8; 32]; 8]| {
            let mut d = selector(sig).to_vec();
            for x in w.iter().chain(&inputs) {
                d.extend_from_slice(x);
            }
            d
        };
        let ours_sig = format!("verifyProof(uint256[8],uint256[{n}])");
        let theirs_sig = format!("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[{n}])");
        let run = |evm: &mut Evm, to: Address, data: Vec<u8>| {
            let out = evm.call(to, &data);
            assert_eq!(out.output().len(), 32);
            (
                out.output()[31],
                out.gas(),
                out.gas() - intrinsic_gas(&data),
            )
        };
        let (ok, total, exec) = run(&mut evm, ours, encode(&ours_sig, &words));
        assert_eq!(ok, 1, "{policy}: zkcomply verifier rejected a valid proof");
        let (ok2, _, exec_snark) = run(&mut evm, theirs, encode(&theirs_sig, &words));
        assert_eq!(ok2, 1, "{policy}: snarkjs verifier rejected a valid proof");
        let mut bad_a = words;
        bad_a[1][31] ^= 1;
        let (r, _, exec_bad_a) = run(&mut evm, ours, encode(&ours_sig, &bad_a));
        assert_eq!(r, 0);
        let mut bad_b = words;
        let b = outside_subgroup(&mut rng);
        for (k, c) in [b.0, b.1, b.2, b.3].iter().enumerate() {
            bad_b[2 + k] = *c;
        }
        let (r, _, exec_bad_b) = run(&mut evm, ours, encode(&ours_sig, &bad_b));
        assert_eq!(r, 0);
        let floor = 181_000 + 6_150 * n as u64;
        println!(
            "| {policy} | {n} | {floor} | {exec} | {:+.2}% | {exec_snark} ({:+.2}% over floor) | {total} | {exec_bad_a} | {exec_bad_b} | {deploy_ours} / {deploy_theirs} |",
            100.0 * (exec as f64 - floor as f64) / floor as f64,
            100.0 * (exec_snark as f64 - floor as f64) / floor as f64,
        );
        match policy {
            Policy::Compliance => compliance = Some((prover, ours_src)),
            Policy::PeriodLimit => period_limit = Some((prover, ours_src)),
            _ => {}
        }
    }

    // ComplianceGate: a full verifyAndConsume, with roots published by the updater, then with
    // an IdentityRegistry contract (whose register is measured too).
    let (prover, ours_src) = compliance.unwrap();
    let compiled = compile(
        &tools,
        &[
            ("ComplianceVerifier.sol", &ours_src),
            ("GateBase.sol", solidity::GATE_BASE),
            ("ComplianceGate.sol", solidity::COMPLIANCE_GATE),
            ("PoseidonTree.sol", solidity::POSEIDON_TREE),
            ("IdentityRegistry.sol", solidity::IDENTITY_REGISTRY),
        ],
    );
    let mut evm = Evm::new();
    evm.set_timestamp(1_700_000_000);
    let contracts = evm::poseidon_contracts(&tools);
    let t3 = evm.deploy_poseidon_t3(&contracts);
    let t4 = evm.deploy_poseidon_t4(&contracts);
    let (verifier, _) = evm.deploy(&bytecode(&compiled, "ComplianceVerifier"), &[]);
    let caller = evm.caller;
    let gate_args = |registry_root: [u8; 32], registry: Address| {
        [
            word_address(verifier),
            word_u64(limit),
            word_u64(scope_epoch),
            word_u64(max_root_age),
            word_address(caller),
            field::to_be_bytes(&list.root()),
            registry_root,
            word_address(registry),
        ]
        .concat()
    };
    let args = gate_args(field::to_be_bytes(&registry.root()), Address::ZERO);
    let (gate, deploy_gate) = evm.deploy(&bytecode(&compiled, "ComplianceGate"), &args);
    let recipient = Address::repeat_byte(0x42);
    let gate_proof = |gate: Address, registry: &Registry, rng: &mut rand_chacha::ChaCha20Rng| {
        let blinding = Fr::rand(rng);
        let ac = commitment::amount_commitment(250, blinding);
        let ctx = context::evm_transfer(
            1,
            gate.into_array(),
            caller.into_array(),
            recipient.into_array(),
            ac,
        );
        let scope = context::evm_scope(1, gate.into_array(), scope_epoch);
        let w = ComplianceWitness::builder(Policy::Compliance)
            .identity(&me)
            .sanctions(&list)
            .registry(registry)
            .amount(250)
            .limit(limit)
            .blinding(blinding)
            .scope(scope)
            .context(ctx)
            .build()
            .unwrap();
        prover.prove_with_rng(&w, rng).unwrap()
    };
    let proof = gate_proof(gate, &registry, &mut rng);
    let data = solidity::gate_calldata(&proof, recipient.into_array()).unwrap();
    let out = evm.call(gate, &data);
    out.output();

    // IdentityRegistry at the key's registry depth: the default caller registers first (a
    // fresh tree), then a second account (a later leaf).
    let depth = shape.registry_depth;
    let (reg, deploy_registry) = evm.deploy(
        &bytecode(&compiled, "IdentityRegistry"),
        &[word_address(t3), word_address(t4), word_u64(depth as u64)].concat(),
    );
    let register_data = solidity::register_calldata(&me.public_key());
    let first = evm.call(reg, &register_data);
    first.output();
    let other = Address::repeat_byte(0x0e);
    let second_data = solidity::register_calldata(&Fr::from(5u64));
    let second = evm.call_from(other, reg, &second_data);
    second.output();
    let mut on_chain = Registry::new(depth).unwrap();
    on_chain.insert(me.commitment()).unwrap();
    on_chain
        .insert(commitment::identity_commitment(
            &AddressKey::parse(&format!("0x{}", hex::encode(other.as_slice()))).unwrap(),
            Fr::from(5u64),
        ))
        .unwrap();
    let args = gate_args([0u8; 32], reg);
    let (reg_gate, _) = evm.deploy(&bytecode(&compiled, "ComplianceGate"), &args);
    let proof2 = gate_proof(reg_gate, &on_chain, &mut rng);
    let data2 = solidity::gate_calldata(&proof2, recipient.into_array()).unwrap();
    let out2 = evm.call(reg_gate, &data2);
    out2.output();
    println!();
    // Compressed proofs: what one Fq square root costs through the modexp precompile (0x05),
    // against the calldata a compressed proof would save.
    let q = ark_bn254::Fq::MODULUS;
    let mut e = q;
    e.add_with_carry(&1u64.into());
    e.div2();
    e.div2(); // (q + 1) / 4: x^e is a square root of x when q ≡ 3 mod 4
    let exp = (e, q);
    let mut call = Vec::new();
    for len in [32u64, 32, 32] {
        call.extend_from_slice(&word_u64(len));
    }
    call.extend_from_slice(&field::to_be_bytes(&Fr::from(5u64)));
    call.extend_from_slice(&exp.0.to_bytes_be());
    call.extend_from_slice(&exp.1.to_bytes_be());
    let sqrt = evm.call(Address::with_last_byte(5), &call);
    sqrt.output();
    let sqrt_gas = sqrt.gas() - intrinsic_gas(&call);
    let words = proof_words(&proof);
    let full = intrinsic_gas(&words.concat()) - 21_000;
    let compressed: Vec<u8> = [&words[0][..], &words[2], &words[3], &words[6]].concat();
    let saved = full - (intrinsic_gas(&compressed) - 21_000);
    println!(
        "Compressed proof calldata: saves {saved} gas of calldata, but decompression needs at least 4 Fq square roots \
         (2 for A and C, 2 for B in Fq2) at {sqrt_gas} gas each through modexp = {} gas: proofs stay uncompressed.",
        4 * sqrt_gas
    );
    println!("ComplianceGate: deploy {deploy_gate} gas; verifyAndConsume {} gas in all ({} execution, {} calldata + 21,000 base).", out.gas(), out.gas() - intrinsic_gas(&data), intrinsic_gas(&data) - 21_000);
    println!("ComplianceGate reading an IdentityRegistry: verifyAndConsume {} gas in all ({} execution).", out2.gas(), out2.gas() - intrinsic_gas(&data2));
    println!(
        "IdentityRegistry (depth {depth}, PoseidonT3 + PoseidonT4): deploy {deploy_registry} gas; register {} gas in all \
         for the first identity ({} execution), {} for the second ({} execution).",
        first.gas(),
        first.gas() - intrinsic_gas(&register_data),
        second.gas(),
        second.gas() - intrinsic_gas(&second_data),
    );

    let (prover, ours_src) = period_limit.unwrap();
    let me = PeriodLimitUser {
        identity: &me,
        list: &list,
        registry: &registry,
        limit,
        scope_epoch,
        max_root_age,
    };
    period_limit_gate(&tools, &prover, &ours_src, &me, &mut rng);
}

/// What a `period_limit` proof needs besides the state tree and the note.
struct PeriodLimitUser<'a> {
    identity: &'a Identity,
    list: &'a SanctionsTree,
    registry: &'a Registry,
    limit: u64,
    scope_epoch: u64,
    max_root_age: u64,
}

/// `PeriodLimitGate` with poseidon-solidity's PoseidonT3 at the key's state depth: a first
/// (genesis) transfer, then one spending its note; `check` alone on the same calldata gives
/// the share of consuming the nullifier, appending the note and the events. Then one hash by
/// each Poseidon contract.
fn period_limit_gate(
    tools: &std::path::Path,
    prover: &Prover,
    verifier_src: &str,
    user: &PeriodLimitUser,
    rng: &mut rand_chacha::ChaCha20Rng,
) {
    let compiled = compile(
        tools,
        &[
            ("PeriodLimitVerifier.sol", verifier_src),
            ("GateBase.sol", solidity::GATE_BASE),
            ("PoseidonTree.sol", solidity::POSEIDON_TREE),
            ("PeriodLimitGate.sol", solidity::PERIOD_LIMIT_GATE),
        ],
    );
    let contracts = evm::poseidon_contracts(tools);
    let mut evm = Evm::new();
    let (now, period_seconds) = (1_700_000_000u64, 86_400u64);
    evm.set_timestamp(now);
    let poseidon = evm.deploy_poseidon_t3(&contracts);
    let circomlibjs = evm.deploy_circomlibjs_poseidon(&contracts);
    let (verifier, _) = evm.deploy(&bytecode(&compiled, "PeriodLimitVerifier"), &[]);
    let depth = prover.verifying_key().info.shape.state_depth;
    let args = [
        word_address(verifier),
        word_address(poseidon),
        word_u64(user.limit),
        word_u64(user.scope_epoch),
        word_u64(user.max_root_age),
        word_u64(period_seconds),
        word_u64(depth as u64),
        word_address(evm.caller),
        field::to_be_bytes(&user.list.root()),
        field::to_be_bytes(&user.registry.root()),
        word_address(Address::ZERO),
    ]
    .concat();
    let (gate, deploy_gate) = evm.deploy(&bytecode(&compiled, "PeriodLimitGate"), &args);
    println!("PeriodLimitGate (state depth {depth}, PoseidonT3): deploy {deploy_gate} gas.");
    let recipient = Address::repeat_byte(0x42);
    let mut state = StateTree::new(depth).unwrap();
    let mut note = None;
    // The two events: LOG1 and LOG4 with 3 words of data each (375 per log and per topic,
    // 8 per byte); the nullifier: a fresh slot already read by `check` (20,000).
    let (events, nullifier) = (375 + 375 + 8 * 96 + 375 + 4 * 375 + 8 * 96, 20_000);
    for what in ["genesis", "spending the note"] {
        let blinding = Fr::rand(rng);
        let ac = commitment::amount_commitment(250, blinding);
        let ctx = context::evm_transfer(
            1,
            gate.into_array(),
            evm.caller.into_array(),
            recipient.into_array(),
            ac,
        );
        let w = ComplianceWitness::builder(Policy::PeriodLimit)
            .identity(user.identity)
            .sanctions(user.list)
            .registry(user.registry)
            .state(&state)
            .note(note.as_ref())
            .period(now / period_seconds)
            .amount(250)
            .limit(user.limit)
            .blinding(blinding)
            .scope(context::evm_scope(1, gate.into_array(), user.scope_epoch))
            .context(ctx)
            .salt(Fr::rand(rng))
            .build()
            .unwrap();
        let proof = prover.prove_with_rng(&w, rng).unwrap();
        let data = solidity::gate_calldata(&proof, recipient.into_array()).unwrap();
        // check(proof, inputs, caller, recipient): the same words with the caller before the
        // recipient.
        let mut check = selector(solidity::gate(Policy::PeriodLimit).unwrap().check).to_vec();
        check.extend_from_slice(&data[4..data.len() - 32]);
        check.extend_from_slice(&word_address(evm.caller));
        check.extend_from_slice(&data[data.len() - 32..]);
        let checked = evm.call(gate, &check);
        checked.output();
        let out = evm.call(gate, &data);
        out.output();
        state.insert(proof.public_inputs.values()[8]).unwrap();
        note = w.next_note();
        let consume = out.gas() - checked.gas();
        println!(
            "PeriodLimitGate, {what}: verifyAndConsume {} gas in all ({} execution, {} calldata + 21,000 base); \
             check alone {} execution; the rest {consume}: nullifier {nullifier}, events {events}, append of the note {}.",
            out.gas(),
            out.gas() - intrinsic_gas(&data),
            intrinsic_gas(&data) - 21_000,
            checked.gas() - intrinsic_gas(&check),
            consume - nullifier - events,
        );
    }
    let hash = |evm: &mut Evm, at: Address, signature: &str| {
        let mut d = selector(signature).to_vec();
        d.extend_from_slice(&word_u64(1));
        d.extend_from_slice(&word_u64(2));
        let out = evm.call(at, &d);
        out.output();
        out.gas() - intrinsic_gas(&d)
    };
    println!(
        "Poseidon, one 2-input hash (execution gas of a direct call): poseidon-solidity {} PoseidonT3 {}, \
         circomlibjs {} {}; an append makes {depth} hashes.",
        contracts["poseidonSolidity"]["version"].as_str().unwrap_or("?"),
        hash(&mut evm, poseidon, "hash(uint256[2])"),
        contracts["circomlibjs"]["version"].as_str().unwrap_or("?"),
        hash(&mut evm, circomlibjs, "poseidon(uint256[2])"),
    );
}

/// A point on the BN254 twist outside the order-r subgroup, as EIP-197 words.
fn outside_subgroup(
    rng: &mut rand_chacha::ChaCha20Rng,
) -> ([u8; 32], [u8; 32], [u8; 32], [u8; 32]) {
    use ark_bn254::{Fq2, G2Affine};
    use ark_ff::{BigInteger, PrimeField};
    let w = |x: &ark_bn254::Fq| -> [u8; 32] { x.into_bigint().to_bytes_be().try_into().unwrap() };
    loop {
        if let Some(p) = G2Affine::get_point_from_x_unchecked(Fq2::rand(rng), false) {
            if !p.is_in_correct_subgroup_assuming_on_curve() {
                return (w(&p.x.c1), w(&p.x.c0), w(&p.y.c1), w(&p.y.c0));
            }
        }
    }
}
