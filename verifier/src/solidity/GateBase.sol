// SPDX-License-Identifier: MIT
// Part of zkcomply: the base of ComplianceGate and PeriodLimitGate (`zkcomply export solidity`
// writes each gate with this base inlined).
pragma solidity ^0.8.20;

/// @title GateBase
/// @notice What the zkcomply gates share: an owner, an updater who publishes the sanctions and
/// registry roots (the last `ROOT_HISTORY` of each are accepted, so that a proof made just
/// before an update still verifies), the gate's limit and scope, the nullifier set, and the
/// context that binds a proof to one chain, gate, recipient and amount commitment.
/// @dev A gate checks a proof with `_checkRoots`, `_checkTerms` and `_checkNullifier`, then
/// marks the nullifier used. Every refusal is a named error.
abstract contract GateBase {
    /// @notice How many of the most recent roots of each tree are accepted.
    uint64 public constant ROOT_HISTORY = 32;
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice The limit every proof must be made for.
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

    /// @param verifier_ The gate's Groth16 verifier (only checked to be non-zero here).
    constructor(
        address verifier_,
        uint256 limit_,
        uint256 scope_,
        address updater_,
        uint256 sanctionsRoot,
        uint256 registryRoot
    ) {
        if (verifier_ == address(0) || updater_ == address(0)) revert ZeroAddress();
        if (scope_ >= R) revert WrongScope(scope_ % R, scope_);
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

    /// @dev Refuses a sanctions or registry root that was never published or is more than
    /// `ROOT_HISTORY - 1` publications old.
    function _checkRoots(uint256 sanctionsRoot, uint256 registryRoot) internal view {
        uint64 at = sanctionsRootEpoch[sanctionsRoot];
        uint64 current = sanctionsEpoch;
        if (at == 0) revert UnknownSanctionsRoot(sanctionsRoot);
        if (!_recent(at, current, ROOT_HISTORY)) revert StaleSanctionsRoot(sanctionsRoot, at, current);
        at = registryRootEpoch[registryRoot];
        current = registryEpoch;
        if (at == 0) revert UnknownRegistryRoot(registryRoot);
        if (!_recent(at, current, ROOT_HISTORY)) revert StaleRegistryRoot(registryRoot, at, current);
    }

    /// @dev Refuses a proof made for another limit, scope, or transfer (`context`).
    function _checkTerms(
        uint256 limit_,
        uint256 scope_,
        address recipient,
        uint256 amountCommitment,
        uint256 context
    ) internal view {
        if (limit_ != limit) revert WrongLimit(limit, limit_);
        if (scope_ != scope) revert WrongScope(scope, scope_);
        uint256 expected = contextFor(recipient, amountCommitment);
        if (context != expected) revert WrongContext(expected, context);
    }

    /// @dev Refuses a nullifier already consumed.
    function _checkNullifier(uint256 nullifier) internal view {
        if (nullifierUsed[nullifier]) revert NullifierAlreadyUsed(nullifier);
    }

    /// @dev The root window: a root published at epoch `at` (> 0) is accepted while fewer than
    /// `window` newer roots have been recorded after it (`current` is the latest epoch).
    function _recent(uint64 at, uint64 current, uint64 window) internal pure returns (bool) {
        return current - at < window;
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
