//! Transaction contexts and verifier scopes: the values a proof is bound to, so that it
//! verifies for one transaction, by one caller, through one verifier only. A verifier decides
//! what its context and scope hash; this module computes the ones zkcomply's EVM gates
//! (`ComplianceGate.sol`, `PeriodLimitGate.sol`) expect.

use crate::{address::key_of_bytes, field, Fr};

/// The context of a transfer by `caller` to `recipient` through an EVM gate (`ComplianceGate`
/// or `PeriodLimitGate`):
/// `keccak256(abi.encode(uint256 chainId, address gate, address caller, address recipient,
/// uint256 amountCommitment)) >> 4`, as the contract's `contextFor` computes it.
///
/// `caller` is the account that calls the gate's `verifyAndConsume` (its `msg.sender`): a copy
/// of the call sent by anyone else carries another caller and is refused, so a pending
/// transaction cannot be front-run. A protocol contract that calls the gate is itself the
/// caller: it must inherit the gate and pass its own `msg.sender` (SPEC §9).
///
/// ```
/// use zkcomply_circuits::{context, Fr};
/// let gate = [0x11; 20];
/// let a = context::evm_transfer(1, gate, [0xaa; 20], [0x42; 20], Fr::from(7u64));
/// let b = context::evm_transfer(1, gate, [0xbb; 20], [0x42; 20], Fr::from(7u64));
/// assert_ne!(a, b, "another caller, another context");
/// ```
pub fn evm_transfer(
    chain_id: u64,
    gate: [u8; 20],
    caller: [u8; 20],
    recipient: [u8; 20],
    amount_commitment: Fr,
) -> Fr {
    let mut encoded = [0u8; 160];
    encoded[24..32].copy_from_slice(&chain_id.to_be_bytes());
    encoded[44..64].copy_from_slice(&gate);
    encoded[76..96].copy_from_slice(&caller);
    encoded[108..128].copy_from_slice(&recipient);
    encoded[128..160].copy_from_slice(&field::to_be_bytes(&amount_commitment));
    key_of_bytes(&encoded)
}

/// The scope of an EVM gate deployed at `gate` on chain `chain_id` with scope epoch `epoch`:
/// `keccak256(abi.encode(uint256 chainId, address gate, uint64 scopeEpoch)) >> 4`, as the
/// gate's constructor computes it (its `scope()`). Two gates never share a scope, so the
/// nullifiers of one user at two gates cannot be linked; a new epoch gives a new scope.
///
/// ```
/// use zkcomply_circuits::context;
/// let gate = [0x11; 20];
/// assert_ne!(context::evm_scope(1, gate, 0), context::evm_scope(10, gate, 0));
/// assert_ne!(context::evm_scope(1, gate, 0), context::evm_scope(1, gate, 1));
/// ```
pub fn evm_scope(chain_id: u64, gate: [u8; 20], epoch: u64) -> Fr {
    let mut encoded = [0u8; 96];
    encoded[24..32].copy_from_slice(&chain_id.to_be_bytes());
    encoded[44..64].copy_from_slice(&gate);
    encoded[88..96].copy_from_slice(&epoch.to_be_bytes());
    key_of_bytes(&encoded)
}
