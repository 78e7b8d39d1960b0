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
/// is in the KYC registry, that the hidden amount is within the limit, and that the proof was
/// made for this gate, this chain and this recipient. Each identity can pass once per scope.
/// @dev A protocol calls `verifyAndConsume` (or inherits and calls `_verifyAndConsume`) before
/// acting. Accepted roots: the last `ROOT_HISTORY` published roots of each tree, so that a
/// proof made just before a root update still verifies. Every refusal is a named error.
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

    event ComplianceVerified(
        uint256 indexed nullifier, address indexed recipient, uint256 amountCommitment, uint256 sanctionsRoot, uint256 registryRoot
    );

    constructor(
        IComplianceVerifier verifier_,
        uint256 limit_,
        uint256 scope_,
        address updater_,
        uint256 sanctionsRoot,
        uint256 registryRoot
    ) GateBase(address(verifier_), limit_, scope_, updater_, sanctionsRoot, registryRoot) {
        verifier = verifier_;
    }

    /// @notice Checks a proof for a transfer to `recipient` and consumes its nullifier.
    /// Reverts with a named error if anything does not match.
    function verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) external {
        _verifyAndConsume(proof, inputs, recipient);
    }

    /// @notice Like `verifyAndConsume`, without consuming the nullifier (for simulation).
    function check(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) public view {
        _checkRoots(inputs.sanctionsRoot, inputs.registryRoot);
        _checkTerms(inputs.limit, inputs.scope, recipient, inputs.amountCommitment, inputs.context);
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

    function _verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) internal {
        check(proof, inputs, recipient);
        nullifierUsed[inputs.nullifier] = true;
        emit ComplianceVerified(inputs.nullifier, recipient, inputs.amountCommitment, inputs.sanctionsRoot, inputs.registryRoot);
    }
}
