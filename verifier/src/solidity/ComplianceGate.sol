// SPDX-License-Identifier: MIT
// Part of zkcomply (`zkcomply export solidity` writes it next to the generated verifier).
pragma solidity ^0.8.20;

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
contract ComplianceGate {
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

    /// @notice How many of the most recent roots of each tree are accepted.
    uint64 public constant ROOT_HISTORY = 32;
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice The Groth16 verifier of the `compliance` policy.
    IComplianceVerifier public immutable verifier;
    /// @notice The limit every proof must be made for (amount <= limit).
    uint256 public immutable limit;
    /// @notice This gate's scope: nullifiers are per identity and scope.
    uint256 public immutable scope;

    /// @notice May change the updater and hand over ownership.
    address public owner;
    /// @notice May publish new roots.
    address public updater;

    /// @notice Number of sanctions roots published so far; the latest has this epoch.
    uint64 public sanctionsEpoch;
    /// @notice Number of registry roots published so far; the latest has this epoch.
    uint64 public registryEpoch;
    /// @notice Epoch at which each sanctions root was published (0 = never).
    mapping(uint256 => uint64) public sanctionsRootEpoch;
    /// @notice Epoch at which each registry root was published (0 = never).
    mapping(uint256 => uint64) public registryRootEpoch;
    /// @notice Nullifiers already consumed.
    mapping(uint256 => bool) public nullifierUsed;

    error NotOwner(address caller);
    error NotUpdater(address caller);
    error ZeroAddress();
    error RootOutOfField(uint256 root);
    error UnknownSanctionsRoot(uint256 root);
    error StaleSanctionsRoot(uint256 root, uint64 publishedAt, uint64 current);
    error UnknownRegistryRoot(uint256 root);
    error StaleRegistryRoot(uint256 root, uint64 publishedAt, uint64 current);
    error WrongLimit(uint256 expected, uint256 found);
    error WrongScope(uint256 expected, uint256 found);
    error WrongContext(uint256 expected, uint256 found);
    error NullifierAlreadyUsed(uint256 nullifier);
    error InvalidProof();

    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event UpdaterChanged(address indexed previousUpdater, address indexed newUpdater);
    event SanctionsRootPublished(uint256 indexed root, uint64 epoch);
    event RegistryRootPublished(uint256 indexed root, uint64 epoch);
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
    ) {
        if (address(verifier_) == address(0) || updater_ == address(0)) revert ZeroAddress();
        if (scope_ >= R) revert WrongScope(scope_ % R, scope_);
        verifier = verifier_;
        limit = limit_;
        scope = scope_;
        owner = msg.sender;
        updater = updater_;
        emit OwnershipTransferred(address(0), msg.sender);
        emit UpdaterChanged(address(0), updater_);
        _publishSanctionsRoot(sanctionsRoot);
        _publishRegistryRoot(registryRoot);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyUpdater() {
        if (msg.sender != updater) revert NotUpdater(msg.sender);
        _;
    }

    /// @notice The context a proof for a transfer to `recipient` must carry:
    /// keccak256(abi.encode(chainid, this gate, recipient, amountCommitment)) >> 4.
    function contextFor(address recipient, uint256 amountCommitment) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), recipient, amountCommitment))) >> 4;
    }

    /// @notice Checks a proof for a transfer to `recipient` and consumes its nullifier.
    /// Reverts with a named error if anything does not match.
    function verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) external {
        _verifyAndConsume(proof, inputs, recipient);
    }

    /// @notice Like `verifyAndConsume`, without consuming the nullifier (for simulation).
    function check(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) public view {
        _checkRoot(inputs.sanctionsRoot, sanctionsRootEpoch[inputs.sanctionsRoot], sanctionsEpoch, true);
        _checkRoot(inputs.registryRoot, registryRootEpoch[inputs.registryRoot], registryEpoch, false);
        if (inputs.limit != limit) revert WrongLimit(limit, inputs.limit);
        if (inputs.scope != scope) revert WrongScope(scope, inputs.scope);
        uint256 expected = contextFor(recipient, inputs.amountCommitment);
        if (inputs.context != expected) revert WrongContext(expected, inputs.context);
        if (nullifierUsed[inputs.nullifier]) revert NullifierAlreadyUsed(inputs.nullifier);
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

    /// @notice Publishes a new sanctions root (the list operator's latest snapshot).
    function publishSanctionsRoot(uint256 root) external onlyUpdater {
        _publishSanctionsRoot(root);
    }

    /// @notice Publishes a new registry root.
    function publishRegistryRoot(uint256 root) external onlyUpdater {
        _publishRegistryRoot(root);
    }

    /// @notice Changes who may publish roots.
    function setUpdater(address newUpdater) external onlyOwner {
        if (newUpdater == address(0)) revert ZeroAddress();
        emit UpdaterChanged(updater, newUpdater);
        updater = newUpdater;
    }

    /// @notice Hands ownership over.
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    function _verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) internal {
        check(proof, inputs, recipient);
        nullifierUsed[inputs.nullifier] = true;
        emit ComplianceVerified(inputs.nullifier, recipient, inputs.amountCommitment, inputs.sanctionsRoot, inputs.registryRoot);
    }

    function _checkRoot(uint256 root, uint64 publishedAt, uint64 current, bool sanctions) private pure {
        if (publishedAt == 0) {
            if (sanctions) revert UnknownSanctionsRoot(root);
            revert UnknownRegistryRoot(root);
        }
        if (current - publishedAt >= ROOT_HISTORY) {
            if (sanctions) revert StaleSanctionsRoot(root, publishedAt, current);
            revert StaleRegistryRoot(root, publishedAt, current);
        }
    }

    function _publishSanctionsRoot(uint256 root) private {
        if (root >= R) revert RootOutOfField(root);
        uint64 epoch = ++sanctionsEpoch;
        sanctionsRootEpoch[root] = epoch;
        emit SanctionsRootPublished(root, epoch);
    }

    function _publishRegistryRoot(uint256 root) private {
        if (root >= R) revert RootOutOfField(root);
        uint64 epoch = ++registryEpoch;
        registryRootEpoch[root] = epoch;
        emit RegistryRootPublished(root, epoch);
    }
}
