//! Halo2-KZG proofs of the `compliance` policy verified on-chain: snark-verifier's generated
//! Solidity verifier for the key (KZG + GWC, Keccak transcript), patched by zkcomply to refuse
//! every input and proof scalar `≥ r`, compiled with solc 0.8.19 (the version it pins,
//! optimizer off) and run in revm with the BN254 precompiles, directly and behind zkcomply's
//! entry point. The valid proof is accepted; tampered proofs, a tampered public input and an
//! input or a proof scalar `≥ r` are rejected, natively and on-chain.
//!
//! At the default shape (DS = 32, DR = 20): the verifier's size depends on the circuit's
//! columns and gates, which all shapes share, not on the depths. The EVM enforces mainnet's
//! limits, so the test fails if the verifier outgrows the 24,576-byte code size limit
//! (EIP-170). The SRS is an insecure seeded development SRS.
//! Needs `tools/node_modules` (`npm ci --prefix tools`); skipped without it unless
//! `ZKCOMPLY_REQUIRE_TOOLS=1`. Run with `--nocapture` for sizes and gas.

use ark_ff::{BigInteger, PrimeField};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    circuits::halo2::PolicyCircuit,
    prover::halo2::{insecure_dev_srs, Halo2Prover},
    verifier::halo2::{
        input_words,
        solidity::{
            entry_point, entry_point_calldata, entry_point_name, refuse_unreduced_scalars,
            verifier, verifier_calldata, VERIFIER_NAME,
        },
        verify,
    },
    ComplianceWitness, Fr, Policy, Shape,
};
use zkcomply_testkit::{
    evm::{bytecode, compile_with, intrinsic_gas, word_address, Address, Evm, Outcome},
    world,
};

const SEED: u64 = 0x4b5a48;

/// A valid `compliance` witness at `shape`: one key on the sanctions list, the prover alone in
/// the registry.
fn witness(shape: Shape) -> ComplianceWitness {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    world::witness(
        &world::random_world(shape, 1, 0, &mut rng),
        Policy::Compliance,
        900,
    )
}

/// `x + r` as a 32-byte big-endian word (fits: r < 2^254).
fn plus_r(x: &Fr) -> [u8; 32] {
    let mut sum = x.into_bigint();
    sum.add_with_carry(&Fr::MODULUS);
    sum.to_bytes_be().try_into().unwrap()
}

/// Whether the entry point returned `true` (one ABI word 1); panics if it reverted.
fn returned_true(outcome: &Outcome) -> bool {
    let out = outcome.output();
    assert_eq!(out.len(), 32, "one bool word");
    out[31] == 1 && out[..31].iter().all(|b| *b == 0)
}

#[test]
fn compliance_proof_verifies_on_chain() {
    let Some(tools) = zkcomply_testkit::tools::tools("solc-0.8.19") else {
        return;
    };
    let shape = Shape::default();
    let w = witness(shape);
    let k = PolicyCircuit::blank(Policy::Compliance, shape).unwrap().k();
    let prover = Halo2Prover::keygen(insecure_dev_srs(k, SEED), Policy::Compliance, shape).unwrap();
    let key = prover.verifying_key();
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 1);
    let proof = prover.prove_with_rng(&w, &mut rng).unwrap();
    let inputs = w.public_inputs().values().to_vec();
    let words = input_words(&inputs);
    assert!(verify(key, &proof, &words).unwrap(), "seed {SEED}: native");

    // The patch: a check before every scalar load from calldata, the inputs' first, and no
    // reducing load left unchecked.
    let patched = verifier(key);
    let (again, offsets) = refuse_unreduced_scalars(&patched);
    assert_eq!(
        offsets[..words.len()],
        (0..words.len()).map(|i| 32 * i).collect::<Vec<_>>(),
        "the inputs are checked"
    );
    assert!(offsets.len() > words.len(), "and the proof's scalars");
    assert_eq!(
        again.matches("success := and(lt(calldataload(").count(),
        2 * offsets.len(),
        "patching twice adds the checks again, so the source was patched once"
    );
    // The last checked offset is a scalar of the proof (after the inputs).
    let scalar_at = offsets[offsets.len() - 1] - 32 * words.len();

    // Compile: the generated verifier with solc 0.8.19, optimizer off; the entry point too.
    let sources = [
        ("Halo2Verifier.sol", patched),
        ("Entry.sol", entry_point(Policy::Compliance)),
    ];
    let sources: Vec<(&str, &str)> = sources.iter().map(|(n, s)| (*n, s.as_str())).collect();
    let compiled = compile_with(
        &tools,
        &["--no-optimize", "--solc=solc-0.8.19", "--evm=paris"],
        &sources,
    );
    assert!(
        compiled["compiler"].as_str().unwrap().starts_with("0.8.19"),
        "compiler {}",
        compiled["compiler"]
    );
    let entry_name = entry_point_name(Policy::Compliance);
    // Mainnet's limits: a verifier over EIP-170's code size limit fails to deploy.
    let mut evm = Evm::new();
    let (plonk, deploy_verifier) = evm.deploy(&bytecode(&compiled, VERIFIER_NAME), &[]);
    let (entry, deploy_entry) = evm.deploy(&bytecode(&compiled, &entry_name), &word_address(plonk));

    // The valid proof: the generated verifier returns, the entry point returns true.
    let raw = verifier_calldata(&inputs, &proof);
    let raw_call = evm.call(plonk, &raw);
    assert!(matches!(raw_call, Outcome::Success { .. }), "{raw_call:?}");
    let data = entry_point_calldata(&words, &proof);
    let call = evm.call(entry, &data);
    assert!(returned_true(&call), "seed {SEED}: {call:?}");

    let accepted = |evm: &mut Evm, to: Address, words: &[[u8; 32]], proof: &[u8]| {
        returned_true(&evm.call(to, &entry_point_calldata(words, proof)))
    };

    // Tampered proofs: one bit flipped at the first commitment, in the middle, at the end,
    // a byte cut off, a byte appended.
    for at in [0, 31, proof.len() / 2, proof.len() - 1] {
        let mut bad = proof.clone();
        bad[at] ^= 1;
        assert!(
            !verify(key, &bad, &words).unwrap(),
            "bit flipped at byte {at}: native"
        );
        assert!(
            !accepted(&mut evm, entry, &words, &bad),
            "bit flipped at byte {at}: EVM"
        );
    }
    let cut = &proof[..proof.len() - 1];
    assert!(!verify(key, cut, &words).unwrap(), "truncated: native");
    assert!(!accepted(&mut evm, entry, &words, cut), "truncated: EVM");
    let mut long = proof.clone();
    long.push(0);
    assert!(
        !verify(key, &long, &words).unwrap(),
        "a byte appended: native"
    );

    // Each public input tampered (+1) is rejected.
    for i in 0..words.len() {
        let mut bad = inputs.clone();
        bad[i] += Fr::from(1u64);
        let bad = input_words(&bad);
        assert!(!verify(key, &proof, &bad).unwrap(), "input {i} + 1: native");
        assert!(
            !accepted(&mut evm, entry, &bad, &proof),
            "input {i} + 1: EVM"
        );
    }

    // An input x + r (which snark-verifier's code alone would reduce to x and accept) and r
    // itself are refused, through the entry point and by the patched verifier called directly.
    for i in [0, words.len() - 1] {
        let mut bad = words.clone();
        bad[i] = plus_r(&inputs[i]);
        assert!(verify(key, &proof, &bad).is_err(), "input {i} + r: native");
        assert!(
            !accepted(&mut evm, entry, &bad, &proof),
            "input {i} + r: EVM"
        );
        let unreduced = [bad.concat(), proof.clone()].concat();
        assert!(
            matches!(evm.call(plonk, &unreduced), Outcome::Revert { .. }),
            "the verifier called directly with input {i} + r"
        );
        bad[i] = plus_r(&Fr::from(0u64));
        assert!(
            !accepted(&mut evm, entry, &bad, &proof),
            "input {i} = r: EVM"
        );
    }

    // A scalar of the proof plus r: refused natively, directly and through the entry point.
    let mut bad = proof.clone();
    let scalar = Fr::from_be_bytes_mod_order(&proof[scalar_at..scalar_at + 32]);
    assert_eq!(
        proof[scalar_at..scalar_at + 32],
        scalar.into_bigint().to_bytes_be()[..],
        "a canonical scalar at byte {scalar_at}"
    );
    bad[scalar_at..scalar_at + 32].copy_from_slice(&plus_r(&scalar));
    assert!(
        !verify(key, &bad, &words).unwrap_or(false),
        "proof scalar + r: native"
    );
    assert!(
        matches!(
            evm.call(plonk, &verifier_calldata(&inputs, &bad)),
            Outcome::Revert { .. }
        ),
        "proof scalar + r: the verifier called directly"
    );
    assert!(
        !accepted(&mut evm, entry, &words, &bad),
        "proof scalar + r: EVM"
    );

    let size = |name: &str| compiled[name]["deployedSize"].as_u64().unwrap();
    println!(
        "compliance (DS = {}, DR = {}, k = {k}): proof {} B; {VERIFIER_NAME} {} B of code \
         (EIP-170 limit: 24,576 B), deployment {deploy_verifier} gas; {entry_name} {} B, \
         deployment {deploy_entry} gas",
        shape.sanctions_depth,
        shape.registry_depth,
        proof.len(),
        size(VERIFIER_NAME),
        size(&entry_name),
    );
    println!(
        "verify: generated verifier {} gas ({} execution); through the entry point {} gas ({} execution)",
        raw_call.gas(),
        raw_call.gas() - intrinsic_gas(&raw),
        call.gas(),
        call.gas() - intrinsic_gas(&data),
    );
}
