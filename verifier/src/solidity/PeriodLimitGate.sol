// SPDX-License-Identifier: MIT
// Part of zkcomply (`zkcomply export solidity` writes it, with GateBase.sol inlined, next to the
// generated verifier).
pragma solidity ^0.8.20;

import "./GateBase.sol";
import "./PoseidonTree.sol";

/// @notice The generated Groth16 verifier of the zkcomply `period_limit` policy.
interface IPeriodLimitVerifier {
    /// @notice True iff `proof` is valid for `input` (never reverts).
    function verifyProof(uint256[8] calldata proof, uint256[10] calldata input) external view returns (bool);
}

/// @title PeriodLimitGate
/// @notice Enforces the zkcomply `period_limit` policy for a protocol: the sender proves, without
/// revealing who they are, that their address is not on the sanctions list, that their identity
/// is in the registry, and that the hidden amounts of all their transfers through this gate
/// in the current period add up to at most the limit; and that the proof was made for this
/// gate, this chain, this caller and this recipient.
/// @dev The running total lives in a private allowance note. Each proof spends the sender's
/// current note (or opens the first one), publishing its nullifier, and creates the next note,
/// whose commitment `newNote` this gate appends to its state tree, a `PoseidonTree` of depth
/// `stateDepth` hashed by the Poseidon contract at `poseidon`. Wallets rebuild the tree from
/// the `NoteAppended` events. The context binds the caller as in `ComplianceGate` (a protocol
/// inherits the gate and calls `_verifyAndConsume` with its own `msg.sender`). Every refusal
/// is a named error.
contract PeriodLimitGate is GateBase {
    using PoseidonTree for PoseidonTree.Tree;

    /// @notice The public inputs of a `period_limit` proof, in the circuit's order.
    struct PublicInputs {
        uint256 sanctionsRoot;
        uint256 registryRoot;
        uint256 stateRoot;
        uint256 limit;
        uint256 period;
        uint256 amountCommitment;
        uint256 scope;
        uint256 nullifier;
        uint256 newNote;
        uint256 context;
    }

    /// @notice How many of the most recent state roots are accepted. Each accepted transfer
    /// appends a note and makes a new root, so a proof made against the latest root stays
    /// valid while up to 63 other transfers through this gate land before it: more than a
    /// 30M-gas block of them (one costs about 830,000 gas at state depth 24). Soundness does
    /// not depend on the window (notes are never removed, spent ones are excluded by their
    /// nullifiers, so any past root would be safe); the bound keeps proofs on recent roots,
    /// whose trees hold nearly every note, so that the root a proof names says little about
    /// when its note was created.
    uint64 public constant STATE_ROOT_HISTORY = 64;
    /// @notice The deepest state tree the gate supports (as zkcomply's trees).
    uint256 public constant MAX_STATE_DEPTH = PoseidonTree.MAX_DEPTH;

    /// @notice The Groth16 verifier of the `period_limit` policy.
    IPeriodLimitVerifier public immutable verifier;
    /// @notice The 2-input circomlib Poseidon contract (poseidon-solidity's PoseidonT3,
    /// `hash(uint256[2]) returns (uint256)`).
    address public immutable poseidon;
    /// @notice The length of a period: proofs must be for period `block.timestamp / periodSeconds`.
    uint256 public immutable periodSeconds;
    /// @notice The depth of the state tree (the circuit's state depth).
    uint256 public immutable stateDepth;

    /// @dev The state tree.
    PoseidonTree.Tree private state;

    error UnknownStateRoot(uint256 root);
    error StaleStateRoot(uint256 root, uint64 recordedAt, uint64 current);
    error WrongPeriod(uint256 expected, uint256 found);
    error ZeroPeriodSeconds();

    /// @notice A note was appended at `index`, making `root` the state root: wallets rebuild
    /// the state tree from these.
    event NoteAppended(uint256 index, uint256 note, uint256 root);
    /// @notice A transfer by `caller` to `recipient` passed; `nullifier` is consumed.
    event PeriodLimitVerified(
        uint256 indexed nullifier,
        address indexed caller,
        address indexed recipient,
        uint256 amountCommitment,
        uint256 period,
        uint256 newNote
    );

    /// @dev Checks the Poseidon contract on the top level of the empty tree (`PoseidonTree.init`).
    constructor(
        IPeriodLimitVerifier verifier_,
        address poseidon_,
        uint256 limit_,
        uint64 scopeEpoch_,
        uint64 maxRootAge_,
        uint256 periodSeconds_,
        uint256 stateDepth_,
        address updater_,
        uint256 sanctionsRoot,
        uint256 registryRoot,
        IIdentityRegistry registry_
    ) GateBase(address(verifier_), limit_, scopeEpoch_, maxRootAge_, updater_, sanctionsRoot, registryRoot, registry_) {
        if (poseidon_ == address(0)) revert ZeroAddress();
        if (periodSeconds_ == 0) revert ZeroPeriodSeconds();
        verifier = verifier_;
        poseidon = poseidon_;
        periodSeconds = periodSeconds_;
        stateDepth = stateDepth_;
        state.init(poseidon_, stateDepth_);
    }

    /// @notice The current period number.
    function currentPeriod() public view returns (uint256) {
        return block.timestamp / periodSeconds;
    }

    /// @notice Number of state roots so far (notes appended + 1); the latest has this epoch.
    function stateEpoch() external view returns (uint64) {
        return state.epoch;
    }

    /// @notice Epoch at which `root` became the state root (0 = never; 1 = the empty tree).
    function stateRootEpoch(uint256 root) external view returns (uint64) {
        return state.roots[root].epoch;
    }

    /// @notice The number of notes appended so far (the index of the next one).
    function stateSize() external view returns (uint256) {
        return state.epoch - 1;
    }

    /// @notice The zero hash of `level`: the root of an empty subtree of that height.
    function zeroHash(uint256 level) external pure returns (uint256) {
        return PoseidonTree.zeroHash(level);
    }

    /// @notice Checks a proof for a transfer by `msg.sender` to `recipient`, consumes its
    /// nullifier and appends its new note to the state tree. Reverts with a named error if
    /// anything does not match.
    function verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) external {
        _verifyAndConsume(proof, inputs, msg.sender, recipient);
    }

    /// @notice Like `verifyAndConsume` for a call by `caller`, without consuming the nullifier
    /// or appending the note (for simulation).
    function check(uint256[8] calldata proof, PublicInputs calldata inputs, address caller, address recipient)
        public
        view
    {
        _checkRoots(inputs.sanctionsRoot, inputs.registryRoot);
        uint64 at = state.roots[inputs.stateRoot].epoch;
        uint64 current = state.epoch;
        if (at == 0) revert UnknownStateRoot(inputs.stateRoot);
        if (current - at >= STATE_ROOT_HISTORY) revert StaleStateRoot(inputs.stateRoot, at, current);
        _checkTerms(inputs.limit, inputs.scope, caller, recipient, inputs.amountCommitment, inputs.context);
        uint256 period = currentPeriod();
        if (inputs.period != period) revert WrongPeriod(period, inputs.period);
        _checkNullifier(inputs.nullifier);
        if (current > 1 << stateDepth) revert PoseidonTree.TreeFull(1 << stateDepth);
        uint256[10] memory input = [
            inputs.sanctionsRoot,
            inputs.registryRoot,
            inputs.stateRoot,
            inputs.limit,
            inputs.period,
            inputs.amountCommitment,
            inputs.scope,
            inputs.nullifier,
            inputs.newNote,
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
        (uint256 index, uint256 root) = state.append(poseidon, stateDepth, inputs.newNote);
        emit NoteAppended(index, inputs.newNote, root);
        emit PeriodLimitVerified(
            inputs.nullifier, caller, recipient, inputs.amountCommitment, inputs.period, inputs.newNote
        );
    }
}
