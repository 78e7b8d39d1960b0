// SPDX-License-Identifier: MIT
// Part of zkcomply (`zkcomply export solidity` writes it, with PoseidonTree.sol inlined).
pragma solidity ^0.8.20;

import "./PoseidonTree.sol";

/// @title IdentityRegistry
/// @notice zkcomply's registry as a deposit contract: an account registers itself, and nobody
/// is trusted. `register(pk)` appends the identity commitment
/// `H(T_id, key(msg.sender), pk)` (SPEC §2, §3, §5) to an append-only Poseidon Merkle tree of
/// `depth` levels, where `key(account) = uint256(keccak256(abi.encodePacked(account))) >> 4`
/// is the account's address key, `pk = H(T_pk, secret)` the user's public key and
/// `T_id = uint256(keccak256("zkcomply/identity/v2")) >> 4`. The caller is the account, so an
/// identity is bound to the account that registered it and cannot be registered for another.
/// One account has one identity: a second `register` from the same account is refused.
/// Gates read the roots with `rootInfo` (`GateBase.registry`).
/// @dev `depth` must be the registry depth `DR` of the circuits' keys (20 by default). H with
/// 3 inputs is poseidon-solidity's PoseidonT4, the tree's H with 2 inputs its PoseidonT3; the
/// constructor checks both against circomlib values. Wallets rebuild the tree from the
/// `Registered` events.
contract IdentityRegistry {
    using PoseidonTree for PoseidonTree.Tree;

    /// @notice The identity commitment's domain tag, `T_id` (SPEC §2).
    uint256 public constant IDENTITY_TAG = uint256(keccak256("zkcomply/identity/v2")) >> 4;
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev circomlib Poseidon(1, 2, 3), the constructor's check of the 3-input contract.
    uint256 private constant H123 = 6542985608222806190361240322586112750744169038454362455181422643027100751666;

    /// @notice The 2-input circomlib Poseidon contract (poseidon-solidity's PoseidonT3).
    address public immutable poseidonT3;
    /// @notice The 3-input circomlib Poseidon contract (poseidon-solidity's PoseidonT4).
    address public immutable poseidonT4;
    /// @notice The depth of the tree (the circuits' registry depth).
    uint256 public immutable depth;

    /// @notice The current root.
    uint256 public root;
    /// @notice The identity commitment each account registered (0: none).
    mapping(address => uint256) public identityOf;
    /// @dev The tree.
    PoseidonTree.Tree private tree;

    error ZeroAddress();
    error AlreadyRegistered(address account, uint256 identity);
    error PublicKeyOutOfField(uint256 pk);

    /// @notice `account` registered `identity = H(T_id, key(account), pk)` at leaf `index`,
    /// making `root` the registry's root.
    event Registered(address indexed account, uint256 indexed identity, uint256 pk, uint256 index, uint256 root);

    constructor(address poseidonT3_, address poseidonT4_, uint256 depth_) {
        if (poseidonT3_ == address(0) || poseidonT4_ == address(0)) revert ZeroAddress();
        uint256 found = PoseidonTree.hash3(poseidonT4_, 1, 2, 3);
        if (found != H123) revert PoseidonTree.WrongPoseidon(poseidonT4_, H123, found);
        poseidonT3 = poseidonT3_;
        poseidonT4 = poseidonT4_;
        depth = depth_;
        root = tree.init(poseidonT3_, depth_);
    }

    /// @notice Registers the caller with public key `pk` (< r); returns its leaf index.
    function register(uint256 pk) external returns (uint256 index) {
        if (pk >= R) revert PublicKeyOutOfField(pk);
        uint256 known = identityOf[msg.sender];
        if (known != 0) revert AlreadyRegistered(msg.sender, known);
        uint256 identity = commitmentOf(msg.sender, pk);
        identityOf[msg.sender] = identity;
        uint256 previous = root;
        uint256 newRoot;
        (index, newRoot) = tree.append(poseidonT3, depth, identity);
        tree.supersede(previous);
        root = newRoot;
        emit Registered(msg.sender, identity, pk, index, newRoot);
    }

    /// @notice The address key of an EVM account: keccak256 of its 20 bytes, shifted right by 4.
    function keyOf(address account) public pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked(account))) >> 4;
    }

    /// @notice The identity commitment `account` gets with public key `pk`.
    function commitmentOf(address account, uint256 pk) public view returns (uint256) {
        return PoseidonTree.hash3(poseidonT4, IDENTITY_TAG, keyOf(account), pk);
    }

    /// @notice When `root_` became the root (`epoch` 0: never; 1: the empty tree; n + 1 after
    /// n registrations) and when the next registration replaced it (0: still the root).
    function rootInfo(uint256 root_) external view returns (uint64 epoch, uint64 recordedAt, uint64 supersededAt) {
        PoseidonTree.Root memory r = tree.roots[root_];
        return (r.epoch, r.recordedAt, r.supersededAt);
    }

    /// @notice The number of identities registered (the index of the next one).
    function size() external view returns (uint256) {
        return tree.epoch - 1;
    }

    /// @notice The zero hash of `level`: the root of an empty subtree of that height.
    function zeroHash(uint256 level) external pure returns (uint256) {
        return PoseidonTree.zeroHash(level);
    }
}
