//! A small harness around revm (a real EVM with the BN254 precompiles) and solc-js, shared
//! by the contract tests and the gas report, and the ABI words the contracts take.

use std::{collections::HashMap, path::PathBuf};

use zkcomply::{field, verifier::solidity::selector, Fr, Proof};

use crate::tools::node;

pub use revm::primitives::Address;
use revm::{
    context::TxEnv,
    context_interface::result::{ExecutionResult, Output},
    database::InMemoryDB,
    primitives::{Bytes, TxKind, U256},
    Context, ExecuteCommitEvm, MainBuilder, MainContext, MainnetEvm,
};

/// The repository's `tools/` folder, if solc-js is installed there.
pub fn tools() -> Option<PathBuf> {
    crate::tools::tools("solc")
}

/// The repository's `tools/` folder, if solc-js and poseidon-solidity are installed there.
pub fn poseidon_tools() -> Option<PathBuf> {
    tools()?;
    crate::tools::tools("poseidon-solidity")
}

/// `tools/poseidon_contracts.js`: the two circomlib-compatible Poseidon contracts (2 inputs),
/// poseidon-solidity's PoseidonT3 with its deterministic deployment and circomlibjs's
/// generated contract, and poseidon-solidity's PoseidonT4 (3 inputs), from their npm packages.
pub fn poseidon_contracts(tools: &std::path::Path) -> serde_json::Value {
    let out = node(None, &tools.join("poseidon_contracts.js"), [""; 0]);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A 0x-hex JSON string as bytes.
pub fn json_bytes(v: &serde_json::Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap().trim_start_matches("0x")).unwrap()
}

/// A 0x-hex JSON string as an address.
pub fn json_address(v: &serde_json::Value) -> Address {
    Address::from_slice(&json_bytes(v))
}

/// Compiles Solidity sources with the pinned solc-js; returns contract name -> creation code.
pub fn compile(tools: &std::path::Path, sources: &[(&str, &str)]) -> serde_json::Value {
    compile_with(tools, &[], sources)
}

/// Compiles Solidity sources with `tools/solc.js` and extra options (`--no-optimize`,
/// `--solc=PACKAGE`, `--evm=VERSION`).
pub fn compile_with(
    tools: &std::path::Path,
    options: &[&str],
    sources: &[(&str, &str)],
) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, text) in sources {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        files.push(p);
    }
    let args = options
        .iter()
        .map(std::ffi::OsStr::new)
        .chain(files.iter().map(|f| f.as_os_str()));
    let out = node(None, &tools.join("solc.js"), args);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Creation bytecode of a compiled contract.
pub fn bytecode(compiled: &serde_json::Value, name: &str) -> Vec<u8> {
    let hex = compiled[name]["bytecode"]
        .as_str()
        .unwrap_or_else(|| panic!("{name} not compiled"));
    hex::decode(hex.trim_start_matches("0x")).unwrap()
}

/// What a transaction did.
#[derive(Debug)]
#[allow(missing_docs)] // the fields say what they are
pub enum Outcome {
    /// Returned `output`, using `gas`.
    Success { output: Vec<u8>, gas: u64 },
    /// Reverted with `output`.
    Revert { output: Vec<u8>, gas: u64 },
    /// Halted (out of gas, invalid opcode…).
    Halt { reason: String, gas: u64 },
}

impl Outcome {
    /// The gas the transaction used.
    pub fn gas(&self) -> u64 {
        match self {
            Outcome::Success { gas, .. }
            | Outcome::Revert { gas, .. }
            | Outcome::Halt { gas, .. } => *gas,
        }
    }

    /// The returned bytes, panicking with the revert/halt otherwise.
    pub fn output(&self) -> &[u8] {
        match self {
            Outcome::Success { output, .. } => output,
            other => panic!("call failed: {other:?}"),
        }
    }

    /// The revert data (custom error), panicking otherwise.
    pub fn revert_data(&self) -> &[u8] {
        match self {
            Outcome::Revert { output, .. } => output,
            other => panic!("expected a revert: {other:?}"),
        }
    }
}

/// An event a transaction emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The contract that emitted it.
    pub address: Address,
    /// Its topics (the first is the event's signature hash, unless anonymous).
    pub topics: Vec<[u8; 32]>,
    /// Its non-indexed data, ABI-encoded.
    pub data: Vec<u8>,
}

/// An EVM whose transactions come from `caller` unless another sender is named.
pub struct Evm {
    evm: MainnetEvm<revm::handler::MainnetContext<InMemoryDB>>,
    /// The default sender.
    pub caller: Address,
    /// The next nonce of each sender.
    nonces: HashMap<Address, u64>,
    gas_limit: u64,
    /// The events of the last transaction (none if it reverted).
    pub events: Vec<Event>,
}

impl Default for Evm {
    fn default() -> Self {
        Self::new()
    }
}

impl Evm {
    /// An empty chain (mainnet rules) whose default sender is `0xcaca…ca`.
    pub fn new() -> Self {
        let evm = Context::mainnet()
            .with_db(InMemoryDB::default())
            .build_mainnet();
        Self {
            evm,
            caller: Address::repeat_byte(0xca),
            nonces: HashMap::new(),
            gas_limit: 16_000_000,
            events: Vec::new(),
        }
    }

    /// Sets the timestamp of the blocks that follow (`block.timestamp`).
    pub fn set_timestamp(&mut self, seconds: u64) {
        self.evm.ctx.block.timestamp = U256::from(seconds);
    }

    /// The current `block.timestamp`.
    pub fn timestamp(&self) -> u64 {
        self.evm.ctx.block.timestamp.to::<u64>()
    }

    fn send(
        &mut self,
        from: Address,
        kind: TxKind,
        data: Vec<u8>,
    ) -> (ExecutionResult, Option<Address>) {
        let nonce = self.nonces.get(&from).copied().unwrap_or(0);
        let tx = TxEnv::builder()
            .caller(from)
            .kind(kind)
            .data(Bytes::from(data))
            .gas_limit(self.gas_limit)
            .nonce(nonce)
            .build()
            .unwrap();
        let result = self.evm.transact_commit(tx).unwrap();
        self.nonces.insert(from, nonce + 1);
        self.events = result
            .logs()
            .iter()
            .map(|log| Event {
                address: log.address,
                topics: log.topics().iter().map(|t| t.0).collect(),
                data: log.data.data.to_vec(),
            })
            .collect();
        let created = match &result {
            ExecutionResult::Success {
                output: Output::Create(_, addr),
                ..
            } => *addr,
            _ => None,
        };
        (result, created)
    }

    /// Deploys `code ‖ args`; returns the address and the gas used.
    pub fn deploy(&mut self, code: &[u8], args: &[u8]) -> (Address, u64) {
        self.deploy_from(self.caller, code, args)
    }

    /// Deploys `code ‖ args` from `from`; returns the address and the gas used.
    pub fn deploy_from(&mut self, from: Address, code: &[u8], args: &[u8]) -> (Address, u64) {
        self.try_deploy_from(from, code, args)
            .unwrap_or_else(|failed| panic!("deployment failed: {failed:?}"))
    }

    /// Deploys `code ‖ args`; the address and the gas used, or the revert or halt.
    pub fn try_deploy(&mut self, code: &[u8], args: &[u8]) -> Result<(Address, u64), Outcome> {
        self.try_deploy_from(self.caller, code, args)
    }

    fn try_deploy_from(
        &mut self,
        from: Address,
        code: &[u8],
        args: &[u8],
    ) -> Result<(Address, u64), Outcome> {
        let data = [code, args].concat();
        let (result, created) = self.send(from, TxKind::Create, data);
        let gas = result.tx_gas_used();
        match (created, result) {
            (Some(address), _) => Ok((address, gas)),
            (None, ExecutionResult::Revert { output, .. }) => Err(Outcome::Revert {
                output: output.to_vec(),
                gas,
            }),
            (None, other) => Err(Outcome::Halt {
                reason: format!("{other:?}"),
                gas,
            }),
        }
    }

    /// Deploys poseidon-solidity's PoseidonT3 as on a real chain: the CREATE2 proxy from its
    /// keyless deployer (Nick's method, nonce 0), then PoseidonT3 through the proxy. The
    /// address must be the package's, which shows that this is the code deployed at that
    /// address on every chain that has it.
    pub fn deploy_poseidon_t3(&mut self, contracts: &serde_json::Value) -> Address {
        let ps = &contracts["poseidonSolidity"];
        let (proxy, _) = self.deploy_from(
            json_address(&ps["proxyDeployer"]),
            &json_bytes(&ps["proxyCreationCode"]),
            &[],
        );
        assert_eq!(proxy, json_address(&ps["proxyAddress"]), "CREATE2 proxy");
        let out = self.call(proxy, &json_bytes(&ps["deployData"]));
        let deployed = Address::from_slice(out.output());
        assert_eq!(deployed, json_address(&ps["address"]), "PoseidonT3");
        deployed
    }

    /// Deploys poseidon-solidity's PoseidonT4 (3 inputs) through the CREATE2 proxy that
    /// [`Evm::deploy_poseidon_t3`] deployed, at the package's address.
    pub fn deploy_poseidon_t4(&mut self, contracts: &serde_json::Value) -> Address {
        let ps = &contracts["poseidonSolidity"];
        let out = self.call(
            json_address(&ps["proxyAddress"]),
            &json_bytes(&ps["t4"]["deployData"]),
        );
        let deployed = Address::from_slice(out.output());
        assert_eq!(deployed, json_address(&ps["t4"]["address"]), "PoseidonT4");
        deployed
    }

    /// Deploys circomlibjs's generated Poseidon contract for 2 inputs.
    pub fn deploy_circomlibjs_poseidon(&mut self, contracts: &serde_json::Value) -> Address {
        let code = json_bytes(&contracts["circomlibjs"]["creationCode"]);
        self.deploy(&code, &[]).0
    }

    /// Calls `to` with `data` from the default caller.
    pub fn call(&mut self, to: Address, data: &[u8]) -> Outcome {
        self.call_from(self.caller, to, data)
    }

    /// Calls `to` with `data` from `from`.
    pub fn call_from(&mut self, from: Address, to: Address, data: &[u8]) -> Outcome {
        let (result, _) = self.send(from, TxKind::Call(to), data.to_vec());
        let gas = result.tx_gas_used();
        match result {
            ExecutionResult::Success { output, .. } => Outcome::Success {
                output: output.into_data().to_vec(),
                gas,
            },
            ExecutionResult::Revert { output, .. } => Outcome::Revert {
                output: output.to_vec(),
                gas,
            },
            ExecutionResult::Halt { reason, .. } => Outcome::Halt {
                reason: format!("{reason:?}"),
                gas,
            },
        }
    }
}

/// Intrinsic gas of a call transaction with `data` (21000 + 4 per zero byte + 16 per other).
pub fn intrinsic_gas(data: &[u8]) -> u64 {
    21_000
        + data
            .iter()
            .map(|b| if *b == 0 { 4 } else { 16 })
            .sum::<u64>()
}

/// A 32-byte ABI word from a u64.
pub fn word_u64(x: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&x.to_be_bytes());
    w
}

/// A 32-byte ABI word from an address.
pub fn word_address(a: Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_slice());
    w
}

/// A 32-byte ABI word holding a field element (big-endian).
pub fn word_fr(x: &Fr) -> [u8; 32] {
    field::to_be_bytes(x)
}

/// A call, or a custom error, as the ABI encodes it: the selector of `signature`, then
/// `words`.
pub fn encode_call(signature: &str, words: &[[u8; 32]]) -> Vec<u8> {
    let mut data = selector(signature).to_vec();
    for w in words {
        data.extend_from_slice(w);
    }
    data
}

/// A gate call: the selector, the proof's 8 words, the public inputs, then `addresses`.
pub fn gate_data(
    signature: &str,
    proof: &[[u8; 32]; 8],
    inputs: &[[u8; 32]],
    addresses: &[Address],
) -> Vec<u8> {
    let words: Vec<[u8; 32]> = proof
        .iter()
        .chain(inputs)
        .copied()
        .chain(addresses.iter().map(|a| word_address(*a)))
        .collect();
    encode_call(signature, &words)
}

/// A proof's public inputs as ABI words.
pub fn inputs_of(proof: &Proof) -> Vec<[u8; 32]> {
    proof.public_inputs.values().iter().map(word_fr).collect()
}
