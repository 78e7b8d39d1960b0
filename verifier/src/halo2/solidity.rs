//! Solidity verifiers of Halo2 proofs (feature `halo2`).
//!
//! [`verifier`] is snark-verifier's generated `Halo2Verifier` for one key: a contract with
//! only a fallback, called with `inputs ‖ proof` (each input a 32-byte big-endian word), that
//! returns nothing if the proof is valid and reverts otherwise. snark-verifier's code reads
//! every input and every proof scalar as `mod(calldataload(offset), f_q)`, reducing it modulo
//! `r` instead of refusing it, so on its own it would accept `x + r` for an input `x`; zkcomply
//! patches it ([`refuse_unreduced_scalars`]) so that it fails for any such word `≥ r`, as the
//! native verifier does: it is safe by construction, called directly or not.
//! [`entry_point`] is the contract callers use: `verifyProof(bytes proof, uint256[N] input)
//! returns (bool)`, which also refuses inputs `≥ r` and never reverts, as the Groth16 verifier
//! does. Both pin `pragma solidity 0.8.19`; the generated one must be compiled with the
//! optimizer off ("stack too deep" otherwise) and EVM version `paris` or later.

use std::fmt::Write as _;

use halo2_axiom::{
    circuit::{Layouter, SimpleFloorPlanner},
    halo2curves::bn256::Fr as Fp,
    plonk::{self, Circuit, ConstraintSystem},
};
use snark_verifier_sdk::{evm::gen_evm_verifier_sol_code, CircuitExt, GWC};
use zkcomply_circuits::{
    halo2::{CircuitParams, PolicyCircuit, PolicyConfig},
    Fr, Policy,
};

use super::{input_words, VerifyingKey};

/// The generated contract's name.
pub const VERIFIER_NAME: &str = "Halo2Verifier";

/// The policy circuit as snark-verifier's `CircuitExt` (no accumulator in its instances).
struct Statement(PolicyCircuit<'static>);

impl Circuit<Fp> for Statement {
    type Config = PolicyConfig;
    type FloorPlanner = SimpleFloorPlanner;
    type Params = CircuitParams;

    fn without_witnesses(&self) -> Self {
        Self(self.0.without_witnesses())
    }

    fn params(&self) -> CircuitParams {
        self.0.params()
    }

    fn configure_with_params(
        meta: &mut ConstraintSystem<Fp>,
        params: CircuitParams,
    ) -> PolicyConfig {
        PolicyCircuit::configure_with_params(meta, params)
    }

    fn configure(meta: &mut ConstraintSystem<Fp>) -> PolicyConfig {
        PolicyCircuit::configure(meta)
    }

    fn synthesize(
        &self,
        config: PolicyConfig,
        layouter: impl Layouter<Fp>,
    ) -> Result<(), plonk::Error> {
        self.0.synthesize(config, layouter)
    }
}

impl CircuitExt<Fp> for Statement {
    fn num_instance(&self) -> Vec<usize> {
        vec![self.0.instances().len()]
    }

    fn instances(&self) -> Vec<Vec<Fp>> {
        vec![self.0.instances()]
    }
}

/// The Solidity source of snark-verifier's `Halo2Verifier` for `key` (KZG + GWC, Keccak
/// transcript), patched to refuse every input and proof scalar `≥ r`
/// ([`refuse_unreduced_scalars`]): see the module docs for its calling convention.
pub fn verifier(key: &VerifyingKey) -> String {
    let generated =
        gen_evm_verifier_sol_code::<Statement, GWC>(key.params(), key.vk(), vec![key.num_inputs()]);
    refuse_unreduced_scalars(&generated).0
}

/// snark-verifier's generated code with a check before each load of a scalar from calldata:
/// every line `mstore(P, mod(calldataload(O), f_q))` gets the line
/// `success := and(lt(calldataload(O), f_q), success)` before it, so that a word `≥ r` at
/// offset `O` (an input, or a scalar of the proof) makes the verifier revert, where the
/// generated code alone would reduce it. Returns the patched source and the calldata offsets
/// checked, in order (the inputs' come first: `0, 32, …`).
pub fn refuse_unreduced_scalars(generated: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(generated.len() + 4096);
    let mut offsets = Vec::new();
    for line in generated.lines() {
        let trimmed = line.trim_start();
        let offset = trimmed
            .strip_prefix("mstore(")
            .and_then(|rest| rest.split_once(", mod(calldataload("))
            .and_then(|(_, rest)| rest.strip_suffix("), f_q))"));
        if let Some(offset) = offset {
            let indent = &line[..line.len() - trimmed.len()];
            let _ = writeln!(
                out,
                "{indent}success := and(lt(calldataload({offset}), f_q), success)"
            );
            if let Some(n) = offset
                .strip_prefix("0x")
                .and_then(|h| usize::from_str_radix(h, 16).ok())
            {
                offsets.push(n);
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    (out, offsets)
}

/// The entry point's contract name for `policy`, e.g. `Halo2ComplianceVerifier`.
pub fn entry_point_name(policy: Policy) -> String {
    format!("Halo2{}", crate::solidity::verifier_name(policy))
}

/// The Solidity source of `policy`'s entry point, deployed with the address of a deployed
/// [`verifier`] for the same key as its constructor argument: `verifyProof(bytes proof,
/// uint256[N] input)` returns true only if every input is below `r` and the generated verifier
/// accepts `input ‖ proof`; it returns false (never reverts) otherwise.
pub fn entry_point(policy: Policy) -> String {
    let n = policy.inputs().len();
    let name = entry_point_name(policy);
    let policy = policy.name();
    format!(
        r#"// SPDX-License-Identifier: MIT
// Generated by zkcomply-verifier (halo2::solidity::entry_point) for policy `{policy}`.
pragma solidity 0.8.19;

/// @title The Halo2-KZG verifier of policy `{policy}`, with typed inputs below r.
contract {name} {{
    /// The scalar field modulus r of BN254.
    uint256 internal constant R =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// The generated Halo2Verifier of this policy's key.
    address public immutable halo2Verifier;

    constructor(address verifier) {{
        require(verifier.code.length > 0, "no verifier code");
        halo2Verifier = verifier;
    }}

    /// @notice Verifies a proof; returns false (never reverts) for a false or malformed
    /// proof or an input that is not below r.
    function verifyProof(bytes calldata proof, uint256[{n}] calldata input) external view returns (bool) {{
        for (uint256 i = 0; i < {n}; i++) {{
            if (input[i] >= R) return false;
        }}
        (bool ok, ) = halo2Verifier.staticcall(abi.encodePacked(input, proof));
        return ok;
    }}
}}
"#
    )
}

/// Calldata for the generated verifier: the inputs as 32-byte big-endian words, then the
/// proof.
pub fn verifier_calldata(inputs: &[Fr], proof: &[u8]) -> Vec<u8> {
    let mut data: Vec<u8> = input_words(inputs).concat();
    data.extend_from_slice(proof);
    data
}

/// Calldata for the entry point's `verifyProof(bytes, uint256[N])`, with the inputs given as
/// words (so a test can pass one `≥ r`).
pub fn entry_point_calldata(input_words: &[[u8; 32]], proof: &[u8]) -> Vec<u8> {
    let signature = format!("verifyProof(bytes,uint256[{}])", input_words.len());
    let mut data = crate::solidity::selector(&signature).to_vec();
    // Head: the offset of `proof` (after the head: one word, then N input words), the inputs.
    let head = 32 * (1 + input_words.len());
    data.extend_from_slice(&word(head as u64));
    for w in input_words {
        data.extend_from_slice(w);
    }
    data.extend_from_slice(&word(proof.len() as u64));
    data.extend_from_slice(proof);
    data.resize(data.len() + (32 - proof.len() % 32) % 32, 0);
    data
}

fn word(x: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&x.to_be_bytes());
    w
}
