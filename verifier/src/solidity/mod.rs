//! Solidity for on-chain verification: a Groth16 verifier contract generated per verifying
//! key (gas-optimised, see `Groth16Verifier.sol.tmpl`), the policy contracts ("gates")
//! `ComplianceGate` and `PeriodLimitGate` with their shared base `GateBase`, the on-chain
//! registry `IdentityRegistry`, the append-only Poseidon tree `PoseidonTree` that
//! `PeriodLimitGate` and `IdentityRegistry` share, and the calldata of a proof.

use std::fmt::Write as _;

use ark_bn254::{Fq, Fq2, G1Affine, G2Affine};
use ark_ec::{short_weierstrass::SWCurveConfig, AffineRepr};
use ark_ff::{BigInteger, PrimeField};
use zkcomply_circuits::{artefact::Artefact, field, Fr, Policy};

use crate::{key::VerifyingKey, proof::Proof, Error};

const VERIFIER_TEMPLATE: &str = include_str!("Groth16Verifier.sol.tmpl");

/// The source of `GateBase.sol`: what the gates share (owner with a two-step transfer,
/// updater changed after a delay, sanctions and registry roots with their windows, ages and
/// revocations, or an `IdentityRegistry` contract for the registry roots, limit, derived
/// scope, nullifier set, caller-bound context).
pub const GATE_BASE: &str = include_str!("GateBase.sol");

/// The source of `PoseidonTree.sol`: the append-only Poseidon Merkle tree (frontier, zero
/// hashes, root history) of `PeriodLimitGate` and `IdentityRegistry`.
pub const POSEIDON_TREE: &str = include_str!("PoseidonTree.sol");

/// The source of `ComplianceGate.sol` (policy `compliance`); it imports `GateBase.sol`
/// ([`GATE_BASE`]), see [`standalone`] for one file.
pub const COMPLIANCE_GATE: &str = include_str!("ComplianceGate.sol");

/// The source of `PeriodLimitGate.sol` (policy `period_limit`): it also keeps the state tree
/// of allowance notes, hashed by a Poseidon contract (poseidon-solidity's `PoseidonT3`). It
/// imports `GateBase.sol` ([`GATE_BASE`]) and `PoseidonTree.sol` ([`POSEIDON_TREE`]), see
/// [`standalone`] for one file.
pub const PERIOD_LIMIT_GATE: &str = include_str!("PeriodLimitGate.sol");

/// The source of `IdentityRegistry.sol`: the on-chain registry, whose `register(pk)` appends
/// `H(T_id, key(msg.sender), pk)` (one identity per account, bound to it by `msg.sender`);
/// gates given its address accept its roots. It imports `PoseidonTree.sol`
/// ([`POSEIDON_TREE`]), see [`IDENTITY_REGISTRY_CONTRACT`] for one file.
pub const IDENTITY_REGISTRY: &str = include_str!("IdentityRegistry.sol");

/// The sources other sources import, by file name.
const LIBRARIES: [(&str, &str); 2] = [
    ("GateBase.sol", GATE_BASE),
    ("PoseidonTree.sol", POSEIDON_TREE),
];

/// Every contract source, by file name (for a compiler's standard JSON input).
pub const SOURCES: [(&str, &str); 5] = [
    ("GateBase.sol", GATE_BASE),
    ("PoseidonTree.sol", POSEIDON_TREE),
    ("ComplianceGate.sol", COMPLIANCE_GATE),
    ("PeriodLimitGate.sol", PERIOD_LIMIT_GATE),
    ("IdentityRegistry.sol", IDENTITY_REGISTRY),
];

/// A contract that is not a gate: its name, its source and how to deploy it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contract {
    /// The contract's name, e.g. `IdentityRegistry`.
    pub name: &'static str,
    /// Its source (it may import `PoseidonTree.sol`; see [`Contract::standalone`]).
    pub source: &'static str,
    /// Its constructor, as Solidity declares it.
    pub constructor: &'static str,
}

impl Contract {
    /// The source with its imports inlined: one file that compiles alone.
    pub fn standalone(&self) -> String {
        standalone(self.source)
    }
}

/// The on-chain registry ([`IDENTITY_REGISTRY`]).
pub const IDENTITY_REGISTRY_CONTRACT: Contract = Contract {
    name: "IdentityRegistry",
    source: IDENTITY_REGISTRY,
    constructor: "constructor(address poseidonT3, address poseidonT4, uint256 depth)",
};

/// The ABI signature of `IdentityRegistry.register`.
pub const REGISTER: &str = "register(uint256)";

/// ABI-encoded call `register(pk)` of an `IdentityRegistry`: registers the sending account
/// with public key `pk`.
pub fn register_calldata(pk: &Fr) -> Vec<u8> {
    let mut out = selector(REGISTER).to_vec();
    out.extend_from_slice(&field::to_be_bytes(pk));
    out
}

/// A policy contract a protocol calls: `verifyAndConsume(proof, inputs, recipient)`, where
/// `inputs` is the policy's public inputs as a struct, in the circuit's order, and the proof's
/// context binds the caller (`msg.sender`, see [`zkcomply_circuits::context::evm_transfer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gate {
    /// The policy it enforces.
    pub policy: Policy,
    /// The contract's name, e.g. `ComplianceGate`.
    pub name: &'static str,
    /// Its source, which imports `GateBase.sol` (and `PoseidonTree.sol`).
    pub source: &'static str,
    /// The ABI signature of its `verifyAndConsume`.
    pub verify_and_consume: &'static str,
    /// The ABI signature of its `check` (a view: `verifyAndConsume` for an explicit caller,
    /// without consuming anything).
    pub check: &'static str,
    /// Its constructor, as Solidity declares it.
    pub constructor: &'static str,
}

/// The gates, one per policy that has one.
pub const GATES: [Gate; 2] = [
    Gate {
        policy: Policy::Compliance,
        name: "ComplianceGate",
        source: COMPLIANCE_GATE,
        verify_and_consume: VERIFY_AND_CONSUME,
        check: "check(uint256[8],(uint256,uint256,uint256,uint256,uint256,uint256,uint256),address,address)",
        constructor: "constructor(IComplianceVerifier verifier, uint256 limit, uint64 scopeEpoch, \
                      uint64 maxRootAge, address updater, uint256 sanctionsRoot, \
                      uint256 registryRoot, IIdentityRegistry registry)",
    },
    Gate {
        policy: Policy::PeriodLimit,
        name: "PeriodLimitGate",
        source: PERIOD_LIMIT_GATE,
        verify_and_consume: PERIOD_LIMIT_VERIFY_AND_CONSUME,
        check: "check(uint256[8],(uint256,uint256,uint256,uint256,uint256,uint256,uint256,\
                uint256,uint256,uint256),address,address)",
        constructor: "constructor(IPeriodLimitVerifier verifier, address poseidon, \
                      uint256 limit, uint64 scopeEpoch, uint64 maxRootAge, \
                      uint256 periodSeconds, uint256 stateDepth, address updater, \
                      uint256 sanctionsRoot, uint256 registryRoot, IIdentityRegistry registry)",
    },
];

/// The gate of `policy`, if it has one.
pub fn gate(policy: Policy) -> Option<Gate> {
    GATES.into_iter().find(|g| g.policy == policy)
}

impl Gate {
    /// The gate's source with its imports (`GateBase.sol`, `PoseidonTree.sol`) inlined: one
    /// file that compiles alone.
    pub fn standalone(&self) -> String {
        standalone(self.source)
    }
}

/// `source` with each `import "./X.sol";` of a library file (`GateBase.sol`,
/// `PoseidonTree.sol`) replaced by that file's contracts, each once, recursively, so that it
/// compiles alone (as `zkcomply export solidity` writes it). A source without imports is
/// returned unchanged.
pub fn standalone(source: &str) -> String {
    let mut done = Vec::new();
    inline_imports(source, &mut done)
}

fn inline_imports(source: &str, done: &mut Vec<&'static str>) -> String {
    let pragma = "pragma solidity ^0.8.20;\n";
    let mut out = source.to_string();
    for (file, text) in LIBRARIES {
        let import = format!("import \"./{file}\";\n");
        if !out.contains(&import) {
            continue;
        }
        let replacement = if done.contains(&file) {
            String::new()
        } else {
            done.push(file);
            let body = text
                .split_once(pragma)
                .map_or(text, |(_, body)| body)
                .trim_start();
            let body = inline_imports(body, done);
            format!("// {file}, inlined:\n\n{body}\n")
        };
        out = out.replacen(&import, &replacement, 1);
    }
    out
}

/// The name of the generated verifier contract of a policy, e.g. `ComplianceVerifier`.
pub fn verifier_name(policy: Policy) -> String {
    let camel: String = policy
        .name()
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("{camel}Verifier")
}

fn dec(x: &Fq) -> String {
    x.into_bigint().to_string()
}

fn g1(p: &G1Affine) -> (String, String) {
    let (x, y) = p.xy().unwrap_or_default();
    (dec(&x), dec(&y))
}

/// A G2 point as EIP-197 words: `x.c1, x.c0, y.c1, y.c0`.
fn g2(p: &G2Affine) -> [String; 4] {
    let (x, y) = p.xy().unwrap_or_default();
    [dec(&x.c1), dec(&x.c0), dec(&y.c1), dec(&y.c0)]
}

/// The verifier contract for `vk`: `<Policy>Verifier` with
/// `verifyProof(uint256[8] proof, uint256[n] input) returns (bool)`.
pub fn verifier(vk: &VerifyingKey) -> String {
    let k = &vk.inner;
    let info = &vk.info;
    let n = k.gamma_abc_g1.len() - 1;
    let inputs = info.policy.inputs();
    let mut checks = String::new();
    let mut terms = String::new();
    for (i, (ic, input)) in k.gamma_abc_g1.iter().skip(1).zip(inputs).enumerate() {
        let off = format!("0x{:x}", 32 * i);
        let _ = writeln!(
            checks,
            "            ok := and(ok, lt(calldataload(add(input, {off})), r)) // {input}"
        );
        let (x, y) = g1(ic);
        let _ = write!(
            terms,
            "            // + {input} * IC_{i1}\n\
             \x20           mstore(add(f, 0x40), {x})\n\
             \x20           mstore(add(f, 0x60), {y})\n\
             \x20           mstore(add(f, 0x80), calldataload(add(input, {off})))\n\
             \x20           ok := and(ok, staticcall(6000, 0x07, add(f, 0x40), 0x60, add(f, 0x40), 0x40))\n\
             \x20           ok := and(ok, staticcall(150, 0x06, f, 0x80, f, 0x40))\n",
            i1 = i + 1
        );
    }
    let twist_b: Fq2 = ark_bn254::g2::Config::COEFF_B;
    let (ic0x, ic0y) = g1(&k.gamma_abc_g1[0]);
    let (ax, ay) = g1(&k.alpha_g1);
    let [ngx1, ngx0, ngy1, ngy0] = g2(&-k.gamma_g2);
    let [nbx1, nbx0, nby1, nby0] = g2(&-k.beta_g2);
    let [ndx1, ndx0, ndy1, ndy0] = g2(&-k.delta_g2);
    let vk_bytes = vk.to_bytes();
    let vk_hash = format!("0x{}", hex::encode(&vk_bytes[vk_bytes.len() - 32..]));
    let insecure = if info.insecure_dev_setup {
        "// WARNING: INSECURE development key (--dev-seed): anyone who knows the seed can forge\n\
         // proofs that this contract accepts. Never deploy it where value is at stake.\n"
    } else {
        ""
    };
    let input_names: Vec<&str> = inputs.iter().map(|i| i.name()).collect();
    let replacements: [(&str, String); 29] = [
        ("{{VERSION}}", env!("CARGO_PKG_VERSION").to_string()),
        ("{{POLICY}}", info.policy.name().to_string()),
        ("{{POLICY_ID}}", info.policy_id.to_string()),
        ("{{POLICY_VERSION}}", info.policy_version.to_string()),
        ("{{VK_HASH}}", vk_hash),
        ("{{INSECURE}}", insecure.to_string()),
        ("{{NAME}}", verifier_name(info.policy)),
        ("{{N}}", n.to_string()),
        ("{{INPUT_NAMES}}", input_names.join(", ")),
        ("{{INPUT_CHECKS}}", checks.trim_end().to_string()),
        ("{{IC_TERMS}}", terms.trim_end().to_string()),
        ("{{TWIST_B0}}", dec(&twist_b.c0)),
        ("{{TWIST_B1}}", dec(&twist_b.c1)),
        ("{{IC0_X}}", ic0x),
        ("{{IC0_Y}}", ic0y),
        ("{{ALPHA_X}}", ax),
        ("{{ALPHA_Y}}", ay),
        ("{{NGAMMA_X1}}", ngx1),
        ("{{NGAMMA_X0}}", ngx0),
        ("{{NGAMMA_Y1}}", ngy1),
        ("{{NGAMMA_Y0}}", ngy0),
        ("{{NBETA_X1}}", nbx1),
        ("{{NBETA_X0}}", nbx0),
        ("{{NBETA_Y1}}", nby1),
        ("{{NBETA_Y0}}", nby0),
        ("{{NDELTA_X1}}", ndx1),
        ("{{NDELTA_X0}}", ndx0),
        ("{{NDELTA_Y1}}", ndy1),
        ("{{NDELTA_Y0}}", ndy0),
    ];
    replacements
        .iter()
        .fold(VERIFIER_TEMPLATE.to_string(), |s, (k, v)| s.replace(k, v))
}

/// The 8 proof words in EIP-197 order: `A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y`.
pub fn proof_words(proof: &Proof) -> [[u8; 32]; 8] {
    let word = |x: &Fq| {
        let mut w = [0u8; 32];
        w.copy_from_slice(&x.into_bigint().to_bytes_be());
        w
    };
    let (a, b, c) = (&proof.inner.a, &proof.inner.b, &proof.inner.c);
    let (ax, ay) = a.xy().unwrap_or_default();
    let (bx, by) = b.xy().unwrap_or_default();
    let (cx, cy) = c.xy().unwrap_or_default();
    [
        word(&ax),
        word(&ay),
        word(&bx.c1),
        word(&bx.c0),
        word(&by.c1),
        word(&by.c0),
        word(&cx),
        word(&cy),
    ]
}

/// ABI-encoded call `verifyProof(uint256[8],uint256[n])` of the generated verifier.
pub fn verify_calldata(proof: &Proof) -> Vec<u8> {
    let n = proof.public_inputs.values().len();
    let signature = format!("verifyProof(uint256[8],uint256[{n}])");
    let mut out = selector(&signature).to_vec();
    for w in proof_words(proof) {
        out.extend_from_slice(&w);
    }
    for x in proof.public_inputs.values() {
        out.extend_from_slice(&field::to_be_bytes(x));
    }
    out
}

/// The ABI signature of `ComplianceGate.verifyAndConsume`.
pub const VERIFY_AND_CONSUME: &str =
    "verifyAndConsume(uint256[8],(uint256,uint256,uint256,uint256,uint256,uint256,uint256),address)";

/// The ABI signature of `PeriodLimitGate.verifyAndConsume`.
pub const PERIOD_LIMIT_VERIFY_AND_CONSUME: &str = "verifyAndConsume(uint256[8],(uint256,uint256,\
     uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256),address)";

/// ABI-encoded call `verifyAndConsume(proof, inputs, recipient)` of the proof's gate
/// (`ComplianceGate` or `PeriodLimitGate`): the selector, the 8 proof words, the public
/// inputs (a static tuple, encoded in place) and the recipient as a left-padded word. The
/// gate accepts it only from the caller the proof's context was made for.
///
/// # Errors
/// [`Error::PolicyMismatch`] unless the proof's policy has a gate ([`gate`]).
pub fn gate_calldata(proof: &Proof, recipient: [u8; 20]) -> crate::error::Result<Vec<u8>> {
    let Some(gate) = gate(proof.policy) else {
        let gates: Vec<String> = GATES
            .iter()
            .map(|g| format!("{} ({})", g.policy, g.name))
            .collect();
        return Err(Error::PolicyMismatch {
            expected: gates.join(" or "),
            found: proof.policy.to_string(),
        });
    };
    let mut out = selector(gate.verify_and_consume).to_vec();
    for w in proof_words(proof) {
        out.extend_from_slice(&w);
    }
    for x in proof.public_inputs.values() {
        out.extend_from_slice(&field::to_be_bytes(x));
    }
    out.extend_from_slice(&[0u8; 12]);
    out.extend_from_slice(&recipient);
    Ok(out)
}

/// The 4-byte ABI selector of a function or error signature.
pub fn selector(signature: &str) -> [u8; 4] {
    use tiny_keccak::{Hasher, Keccak};
    let mut h = Keccak::v256();
    h.update(signature.as_bytes());
    let mut out = [0u8; 32];
    h.finalize(&mut out);
    [out[0], out[1], out[2], out[3]]
}
