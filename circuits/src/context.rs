//! Transaction contexts: the value a proof is bound to, so that it verifies for one
//! transaction only. A verifier decides what its context hashes; this module computes the
//! context `ComplianceGate.sol` expects.

use crate::{address::key_of_bytes, field, Fr};

/// The context of a transfer through an EVM `ComplianceGate`:
/// `keccak256(abi.encode(uint256 chainId, address gate, address recipient,
/// uint256 amountCommitment)) >> 4`, as the contract's `contextFor` computes it.
pub fn evm_transfer(
    chain_id: u64,
    gate: [u8; 20],
    recipient: [u8; 20],
    amount_commitment: Fr,
) -> Fr {
    let mut encoded = [0u8; 128];
    encoded[24..32].copy_from_slice(&chain_id.to_be_bytes());
    encoded[44..64].copy_from_slice(&gate);
    encoded[76..96].copy_from_slice(&recipient);
    encoded[96..128].copy_from_slice(&field::to_be_bytes(&amount_commitment));
    key_of_bytes(&encoded)
}
