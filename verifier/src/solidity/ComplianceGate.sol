// SPDX-License-Identifier: MIT
// Part of zkcomply (`zkcomply export solidity` writes it, with GateBase.sol inlined, next to the
// generated verifier).
pragma solidity ^0.8.20;

import "./GateBase.sol";

/// @notice The generated Groth16 verifier of the zkcomply `compliance` policy.
interface IComplianceVerifier {
    /// @notice True iff `proof` is valid for `input` (never reverts).
    function verifyProof(uint256[8] calldata proof, uint256[7] calldata input) external view returns (bool);
}

/// @title ComplianceGate
/// @notice Enforces the zkcomply `compliance` policy for a protocol: the sender proves, without
/// revealing who they are, that their address is not on the sanctions list, that their identity
/// is in the registry, that the hidden amount is within the limit, and that the proof was made
/// for this gate, this chain, this caller and this recipient. Each identity can pass once per
/// scope.
/// @dev The context binds the caller of `verifyAndConsume` (`msg.sender`), so a copy of a
/// pending call sent by anyone else reverts with `WrongContext`. A protocol that calls the gate
/// from its own contract is that caller: it must inherit the gate and call
/// `_verifyAndConsume` with its own `msg.sender` (or bind its user in the caller it passes),
/// since a forwarding contract that anyone can call would let anyone use a copied proof.
/// Accepted roots: see `GateBase`. Every refusal is a named error.
contract ComplianceGate is GateBase {
    /// @notice The public inputs of a `compliance` proof, in the circuit's order.
    struct PublicInputs {
        uint256 sanctionsRoot;
        uint256 registryRoot;
        uint256 limit;
        uint256 amountCommitment;
        uint256 scope;
        uint256 nullifier;
        uint256 context;
    }

    /// @notice The Groth16 verifier of the `compliance` policy.
    IComplianceVerifier public immutable verifier;

    /// @notice A transfer by `caller` to `recipient` passed; `nullifier` is consumed.
    event ComplianceVerified(
        uint256 indexed nullifier,
        address indexed caller,
        address indexed recipient,
        uint256 amountCommitment,
        uint256 sanctionsRoot,
        uint256 registryRoot
    );

    constructor(
        IComplianceVerifier verifier_,
        uint256 limit_,
        uint64 scopeEpoch_,
        uint64 maxRootAge_,
        address updater_,
        uint256 sanctionsRoot,
        uint256 registryRoot,
        IIdentityRegistry registry_
    ) GateBase(address(verifier_), limit_, scopeEpoch_, maxRootAge_, updater_, sanctionsRoot, registryRoot, registry_) {
        verifier = verifier_;
    }

    /// @notice Checks a proof for a transfer by `msg.sender` to `recipient` and consumes its
    /// nullifier. Reverts with a named error if anything does not match.
    function verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) external {
        _verifyAndConsume(proof, inputs, msg.sender, recipient);
    }

    /// @notice Like `verifyAndConsume` for a call by `caller`, without consuming the nullifier
    /// (for simulation: the caller is explicit, so any account can check any call).
    function check(uint256[8] calldata proof, PublicInputs calldata inputs, address caller, address recipient)
        public
        view
    {
        _checkRoots(inputs.sanctionsRoot, inputs.registryRoot);
        _checkTerms(inputs.limit, inputs.scope, caller, recipient, inputs.amountCommitment, inputs.context);
        _checkNullifier(inputs.nullifier);
        uint256[7] memory input = [
            inputs.sanctionsRoot,
            inputs.registryRoot,
            inputs.limit,
            inputs.amountCommitment,
            inputs.scope,
            inputs.nullifier,
            inputs.context
        ];
        if (!verifier.verifyProof(proof, input)) revert InvalidProof();
    }

    /// @dev `verifyAndConsume` for a protocol that inherits the gate: `caller` is the account
    /// the proof was made for (the protocol's own `msg.sender`).
    function _verifyAndConsume(
        uint256[8] calldata proof,
        PublicInputs calldata inputs,
        address caller,
        address recipient
    ) internal {
        check(proof, inputs, caller, recipient);
        nullifierUsed[inputs.nullifier] = true;
        emit ComplianceVerified(
            inputs.nullifier, caller, recipient, inputs.amountCommitment, inputs.sanctionsRoot, inputs.registryRoot
        );
    }
}
