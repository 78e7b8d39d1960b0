// SPDX-License-Identifier: MIT
// Part of zkcomply: the base of ComplianceGate and PeriodLimitGate (`zkcomply export solidity`
// writes each gate with this base inlined).
pragma solidity ^0.8.20;

/// @notice What a gate reads from an on-chain registry (zkcomply's `IdentityRegistry`).
interface IIdentityRegistry {
    /// @notice When `root` became the registry's root (`epoch` 0: never), and when the next
    /// root replaced it (`supersededAt` 0: it is the current root).
    function rootInfo(uint256 root) external view returns (uint64 epoch, uint64 recordedAt, uint64 supersededAt);
}

/// @title GateBase
/// @notice What the zkcomply gates share: an owner (two-step transfer), an updater who
/// publishes and revokes the sanctions roots (and the registry roots, unless the gate reads
/// them from an `IdentityRegistry` contract), changed only after `UPDATER_DELAY`; the root
/// windows (a root is accepted while it is among the last `ROOT_HISTORY` published and at
/// most `maxRootAge` seconds old); the gate's limit and its scope, derived from the chain,
/// the gate's address and `scopeEpoch`; the nullifier set; and the context that binds a
/// proof to one chain, gate, caller, recipient and amount commitment.
/// @dev A gate checks a proof with `_checkRoots`, `_checkTerms` and `_checkNullifier`, then
/// marks the nullifier used. Every refusal is a named error.
abstract contract GateBase {
    /// @notice How many of the most recent published roots of each tree are accepted.
    uint64 public constant ROOT_HISTORY = 32;
    /// @notice How long a proposed updater waits before it can take over (`acceptUpdater`).
    uint256 public constant UPDATER_DELAY = 2 days;
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice A published root: its epoch (0 = never published), its publication time, and
    /// whether the updater revoked it. One storage slot.
    struct PublishedRoot {
        uint64 epoch;
        uint64 publishedAt;
        bool revoked;
    }

    /// @notice Number of sanctions roots published so far; the latest has this epoch.
    uint64 public sanctionsEpoch;
    /// @notice Number of registry roots published so far (0 with a registry contract).
    uint64 public registryEpoch;

    /// @notice The limit every proof must be made for (< 2^64).
    uint256 public immutable limit;
    /// @notice This gate's scope: keccak256(abi.encode(chainid, this gate, scopeEpoch)) >> 4.
    /// Nullifiers are per identity and scope, so no two gates share nullifiers.
    uint256 public immutable scope;
    /// @notice The epoch the scope is derived from (a new epoch: a new scope, fresh nullifiers).
    uint64 public immutable scopeEpoch;
    /// @notice How old (in seconds) a root may be: a published root from its publication, a
    /// registry-contract root from when it was superseded.
    uint64 public immutable maxRootAge;
    /// @notice The registry contract whose roots are accepted, or 0: roots published by the
    /// updater.
    IIdentityRegistry public immutable registry;

    /// @notice May propose an updater and hand over ownership.
    address public owner;
    /// @notice The owner-to-be, who must call `acceptOwnership` (0: none).
    address public pendingOwner;
    /// @notice May publish and revoke roots.
    address public updater;
    /// @notice The proposed updater (0: none), who may call `acceptUpdater` from `updaterReadyAt`.
    address public pendingUpdater;
    /// @notice When `pendingUpdater` may take over.
    uint64 public updaterReadyAt;

    /// @notice Each sanctions root ever published.
    mapping(uint256 => PublishedRoot) public sanctionsRoots;
    /// @notice Each registry root ever published (none with a registry contract).
    mapping(uint256 => PublishedRoot) public registryRoots;
    /// @notice Nullifiers already consumed.
    mapping(uint256 => bool) public nullifierUsed;

    error NotOwner(address caller);
    error NotPendingOwner(address caller);
    error NotUpdater(address caller);
    error NotPendingUpdater(address caller);
    error UpdaterDelayNotOver(uint64 readyAt, uint256 now_);
    error ZeroAddress();
    error NoCode(address account);
    error LimitOutOfRange(uint256 limit, uint256 bound);
    error ZeroMaxRootAge();
    error RegistryContractSet(address registry);
    error RootOutOfField(uint256 root);
    error UnknownSanctionsRoot(uint256 root);
    error RevokedSanctionsRoot(uint256 root);
    error StaleSanctionsRoot(uint256 root, uint64 publishedAt, uint64 current);
    error ExpiredSanctionsRoot(uint256 root, uint64 publishedAt, uint256 now_);
    error UnknownRegistryRoot(uint256 root);
    error RevokedRegistryRoot(uint256 root);
    error StaleRegistryRoot(uint256 root, uint64 publishedAt, uint64 current);
    error ExpiredRegistryRoot(uint256 root, uint64 since, uint256 now_);
    error WrongLimit(uint256 expected, uint256 found);
    error WrongScope(uint256 expected, uint256 found);
    error WrongContext(uint256 expected, uint256 found);
    error NullifierAlreadyUsed(uint256 nullifier);
    error InvalidProof();

    event OwnershipTransferStarted(address indexed owner, address indexed pendingOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event UpdaterProposed(address indexed updater, address indexed proposed, uint64 readyAt);
    event UpdaterChanged(address indexed previousUpdater, address indexed newUpdater);
    event SanctionsRootPublished(uint256 indexed root, uint64 epoch);
    event SanctionsRootRevoked(uint256 indexed root);
    event RegistryRootPublished(uint256 indexed root, uint64 epoch);
    event RegistryRootRevoked(uint256 indexed root);

    /// @param verifier_ The gate's Groth16 verifier (must have code).
    /// @param limit_ The limit, below 2^64 (the circuits' range).
    /// @param scopeEpoch_ Derives the scope with the chain id and this gate's address.
    /// @param maxRootAge_ Seconds a root stays valid (see `maxRootAge`); not 0.
    /// @param registryRoot The first registry root, or 0 with a registry contract.
    /// @param registry_ An `IdentityRegistry` (with code) whose roots the gate accepts with no
    /// updater involved, or 0: the updater publishes registry roots.
    constructor(
        address verifier_,
        uint256 limit_,
        uint64 scopeEpoch_,
        uint64 maxRootAge_,
        address updater_,
        uint256 sanctionsRoot,
        uint256 registryRoot,
        IIdentityRegistry registry_
    ) {
        if (verifier_ == address(0) || updater_ == address(0)) revert ZeroAddress();
        if (verifier_.code.length == 0) revert NoCode(verifier_);
        if (limit_ >> 64 != 0) revert LimitOutOfRange(limit_, 1 << 64);
        if (maxRootAge_ == 0) revert ZeroMaxRootAge();
        limit = limit_;
        scopeEpoch = scopeEpoch_;
        scope = uint256(keccak256(abi.encode(block.chainid, address(this), scopeEpoch_))) >> 4;
        maxRootAge = maxRootAge_;
        registry = registry_;
        owner = msg.sender;
        updater = updater_;
        emit OwnershipTransferred(address(0), msg.sender);
        emit UpdaterChanged(address(0), updater_);
        _publish(sanctionsRoots, sanctionsRoot, false);
        if (address(registry_) == address(0)) {
            _publish(registryRoots, registryRoot, true);
        } else {
            if (address(registry_).code.length == 0) revert NoCode(address(registry_));
            if (registryRoot != 0) revert RegistryContractSet(address(registry_));
        }
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyUpdater() {
        if (msg.sender != updater) revert NotUpdater(msg.sender);
        _;
    }

    modifier noRegistryContract() {
        if (address(registry) != address(0)) revert RegistryContractSet(address(registry));
        _;
    }

    /// @notice The context a proof for a transfer by `caller` (the account that calls
    /// `verifyAndConsume`) to `recipient` must carry:
    /// keccak256(abi.encode(chainid, this gate, caller, recipient, amountCommitment)) >> 4.
    function contextFor(address caller, address recipient, uint256 amountCommitment) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), caller, recipient, amountCommitment))) >> 4;
    }

    /// @notice Publishes a new sanctions root (the list operator's latest snapshot). Publishing
    /// the current root again renews it (a new epoch and time). A revoked root stays revoked.
    function publishSanctionsRoot(uint256 root) external onlyUpdater {
        _publish(sanctionsRoots, root, false);
    }

    /// @notice Publishes a new registry root (not with a registry contract).
    function publishRegistryRoot(uint256 root) external onlyUpdater noRegistryContract {
        _publish(registryRoots, root, true);
    }

    /// @notice Refuses every proof against `root` from now on, for good.
    function revokeSanctionsRoot(uint256 root) external onlyUpdater {
        _revoke(sanctionsRoots, root, false);
    }

    /// @notice Refuses every proof against registry root `root` from now on, for good (not
    /// with a registry contract).
    function revokeRegistryRoot(uint256 root) external onlyUpdater noRegistryContract {
        _revoke(registryRoots, root, true);
    }

    /// @notice Proposes `newUpdater`, who may take over with `acceptUpdater` once
    /// `UPDATER_DELAY` has passed; replaces any earlier proposal (address 0 withdraws it).
    function proposeUpdater(address newUpdater) external onlyOwner {
        uint64 readyAt = uint64(block.timestamp + UPDATER_DELAY);
        pendingUpdater = newUpdater;
        updaterReadyAt = readyAt;
        emit UpdaterProposed(updater, newUpdater, readyAt);
    }

    /// @notice The proposed updater takes over, `UPDATER_DELAY` after the proposal.
    function acceptUpdater() external {
        if (msg.sender != pendingUpdater || msg.sender == address(0)) revert NotPendingUpdater(msg.sender);
        uint64 readyAt = updaterReadyAt;
        if (block.timestamp < readyAt) revert UpdaterDelayNotOver(readyAt, block.timestamp);
        emit UpdaterChanged(updater, msg.sender);
        updater = msg.sender;
        pendingUpdater = address(0);
        updaterReadyAt = 0;
    }

    /// @notice Starts handing ownership to `newOwner`, who must call `acceptOwnership`
    /// (address 0 withdraws the offer).
    function transferOwnership(address newOwner) external onlyOwner {
        pendingOwner = newOwner;
        emit OwnershipTransferStarted(owner, newOwner);
    }

    /// @notice The pending owner takes ownership.
    function acceptOwnership() external {
        if (msg.sender != pendingOwner || msg.sender == address(0)) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(owner, msg.sender);
        owner = msg.sender;
        pendingOwner = address(0);
    }

    /// @dev Refuses a sanctions or registry root that is unknown, revoked, more than
    /// `ROOT_HISTORY - 1` publications old or older than `maxRootAge`; with a registry
    /// contract, a registry root it never had or that was superseded more than `maxRootAge`
    /// seconds ago.
    function _checkRoots(uint256 sanctionsRoot, uint256 registryRoot) internal view {
        PublishedRoot memory p = sanctionsRoots[sanctionsRoot];
        uint64 current = sanctionsEpoch;
        if (p.epoch == 0) revert UnknownSanctionsRoot(sanctionsRoot);
        if (p.revoked) revert RevokedSanctionsRoot(sanctionsRoot);
        if (current - p.epoch >= ROOT_HISTORY) revert StaleSanctionsRoot(sanctionsRoot, p.epoch, current);
        if (block.timestamp > uint256(p.publishedAt) + maxRootAge) {
            revert ExpiredSanctionsRoot(sanctionsRoot, p.publishedAt, block.timestamp);
        }
        IIdentityRegistry registry_ = registry;
        if (address(registry_) == address(0)) {
            p = registryRoots[registryRoot];
            current = registryEpoch;
            if (p.epoch == 0) revert UnknownRegistryRoot(registryRoot);
            if (p.revoked) revert RevokedRegistryRoot(registryRoot);
            if (current - p.epoch >= ROOT_HISTORY) revert StaleRegistryRoot(registryRoot, p.epoch, current);
            if (block.timestamp > uint256(p.publishedAt) + maxRootAge) {
                revert ExpiredRegistryRoot(registryRoot, p.publishedAt, block.timestamp);
            }
        } else {
            (uint64 epoch, , uint64 supersededAt) = registry_.rootInfo(registryRoot);
            if (epoch == 0) revert UnknownRegistryRoot(registryRoot);
            if (supersededAt != 0 && block.timestamp > uint256(supersededAt) + maxRootAge) {
                revert ExpiredRegistryRoot(registryRoot, supersededAt, block.timestamp);
            }
        }
    }

    /// @dev Refuses a proof made for another limit, scope, or transfer (`context`).
    function _checkTerms(
        uint256 limit_,
        uint256 scope_,
        address caller,
        address recipient,
        uint256 amountCommitment,
        uint256 context
    ) internal view {
        if (limit_ != limit) revert WrongLimit(limit, limit_);
        if (scope_ != scope) revert WrongScope(scope, scope_);
        uint256 expected = contextFor(caller, recipient, amountCommitment);
        if (context != expected) revert WrongContext(expected, context);
    }

    /// @dev Refuses a nullifier already consumed.
    function _checkNullifier(uint256 nullifier) internal view {
        if (nullifierUsed[nullifier]) revert NullifierAlreadyUsed(nullifier);
    }

    function _publish(mapping(uint256 => PublishedRoot) storage roots, uint256 root, bool isRegistry) private {
        if (root >= R) revert RootOutOfField(root);
        if (roots[root].revoked) {
            if (isRegistry) revert RevokedRegistryRoot(root);
            revert RevokedSanctionsRoot(root);
        }
        uint64 epoch;
        if (isRegistry) {
            epoch = ++registryEpoch;
            emit RegistryRootPublished(root, epoch);
        } else {
            epoch = ++sanctionsEpoch;
            emit SanctionsRootPublished(root, epoch);
        }
        roots[root] = PublishedRoot(epoch, uint64(block.timestamp), false);
    }

    function _revoke(mapping(uint256 => PublishedRoot) storage roots, uint256 root, bool isRegistry) private {
        PublishedRoot storage p = roots[root];
        if (isRegistry) {
            if (p.epoch == 0) revert UnknownRegistryRoot(root);
            emit RegistryRootRevoked(root);
        } else {
            if (p.epoch == 0) revert UnknownSanctionsRoot(root);
            emit SanctionsRootRevoked(root);
        }
        p.revoked = true;
    }
}
