// SPDX-License-Identifier: MIT
// Part of zkcomply: the append-only Poseidon Merkle tree of PeriodLimitGate (its state tree) and
// IdentityRegistry (its registry), written once (`zkcomply export solidity` inlines it).
pragma solidity ^0.8.20;

/// @title PoseidonTree
/// @notice An append-only Merkle tree of `depth` levels, as zkcomply's Rust trees (SPEC §5):
/// leaves left-packed from position 0, empty leaf 0, node = H(left, right), zero hashes
/// z0 = 0, z(i+1) = H(zi, zi), H = circomlib Poseidon with 2 inputs computed by a Poseidon
/// contract (poseidon-solidity's PoseidonT3, `hash(uint256[2]) returns (uint256)`). It keeps
/// the frontier (`filledSubtrees`) and, for every root it ever had, when it became current.
/// @dev The contract that uses it holds the Poseidon address and the depth (immutables) and
/// passes them in; `init` once in its constructor, then `append`.
library PoseidonTree {
    /// @notice The deepest tree supported (as zkcomply's trees).
    uint256 internal constant MAX_DEPTH = 40;
    /// @dev The selectors of `hash(uint256[2])` (PoseidonT3) and `hash(uint256[3])`
    /// (PoseidonT4), left-aligned.
    uint256 private constant HASH2_SELECTOR = 0x561558fe00000000000000000000000000000000000000000000000000000000;
    uint256 private constant HASH3_SELECTOR = 0x20cf0a3700000000000000000000000000000000000000000000000000000000;

    /// @notice When a root became current. `epoch`: the number of roots the tree had then
    /// (1 = the empty tree, n + 1 after n appends); `recordedAt`: `block.timestamp`;
    /// `supersededAt`: when the next root replaced it, for a contract that records it with
    /// `supersede` (0 = not recorded, or still current). One storage slot.
    struct Root {
        uint64 epoch;
        uint64 recordedAt;
        uint64 supersededAt;
    }

    /// @notice The tree's state: the epoch of its latest root (appends + 1), the frontier
    /// (`filledSubtrees[i]` is the latest complete left node at level `i`) and its roots.
    struct Tree {
        uint64 epoch;
        uint256[MAX_DEPTH] filledSubtrees;
        mapping(uint256 => Root) roots;
    }

    error TreeFull(uint256 capacity);
    error TreeDepthOutOfRange(uint256 depth, uint256 max);
    error WrongPoseidon(address poseidon, uint256 expected, uint256 found);
    error HashFailed(address poseidon);

    /// @notice Starts an empty tree of `depth` levels and returns its root. Checks the
    /// Poseidon contract on the top level: H(z(depth-1), z(depth-1)) must be z(depth).
    function init(Tree storage tree, address hasher, uint256 depth) internal returns (uint256 emptyRoot) {
        if (depth == 0 || depth > MAX_DEPTH) revert TreeDepthOutOfRange(depth, MAX_DEPTH);
        uint256 below = zeroHash(depth - 1);
        emptyRoot = zeroHash(depth);
        uint256 found = hash2(hasher, below, below);
        if (found != emptyRoot) revert WrongPoseidon(hasher, emptyRoot, found);
        tree.epoch = 1;
        tree.roots[emptyRoot] = Root(1, uint64(block.timestamp), 0);
    }

    /// @notice Whether the tree is full (`2^depth` leaves).
    function isFull(Tree storage tree, uint256 depth) internal view returns (bool) {
        return tree.epoch > 1 << depth;
    }

    /// @notice Appends `leaf` and records the new root (reverts with `TreeFull` when full).
    /// @dev Only the frontier node of the lowest level whose index bit is 0 is stored: it is
    /// the one that completes a left subtree (all lower bits are 1), and the only one a later
    /// append reads before it changes.
    function append(Tree storage tree, address hasher, uint256 depth, uint256 leaf)
        internal
        returns (uint256 index, uint256 root)
    {
        uint64 epoch = tree.epoch;
        index = epoch - 1;
        if (index >> depth != 0) revert TreeFull(1 << depth);
        root = leaf;
        bool stored = false;
        uint256 bits = index;
        for (uint256 level = 0; level < depth; ++level) {
            if (bits & 1 == 0) {
                if (!stored) {
                    tree.filledSubtrees[level] = root;
                    stored = true;
                }
                root = hash2(hasher, root, zeroHash(level));
            } else {
                root = hash2(hasher, tree.filledSubtrees[level], root);
            }
            bits >>= 1;
        }
        tree.epoch = epoch + 1;
        tree.roots[root] = Root(epoch + 1, uint64(block.timestamp), 0);
    }

    /// @notice Records that `root` stopped being current now.
    function supersede(Tree storage tree, uint256 root) internal {
        tree.roots[root].supersededAt = uint64(block.timestamp);
    }

    /// @notice The zero hash of `level`: the root of an empty subtree of that height.
    function zeroHash(uint256 level) internal pure returns (uint256 z) {
        if (level > MAX_DEPTH) revert TreeDepthOutOfRange(level, MAX_DEPTH);
        // z(i+1) = Poseidon(zi, zi), z0 = 0; checked against zkcomply's Rust trees
        // (tests/evm_period.rs), and `init` checks the top one of its depth on-chain.
        assembly ("memory-safe") {
            switch level
                case 0 { z := 0x0000000000000000000000000000000000000000000000000000000000000000 }
                case 1 { z := 0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864 }
                case 2 { z := 0x1069673dcdb12263df301a6ff584a7ec261a44cb9dc68df067a4774460b1f1e1 }
                case 3 { z := 0x18f43331537ee2af2e3d758d50f72106467c6eea50371dd528d57eb2b856d238 }
                case 4 { z := 0x07f9d837cb17b0d36320ffe93ba52345f1b728571a568265caac97559dbc952a }
                case 5 { z := 0x2b94cf5e8746b3f5c9631f4c5df32907a699c58c94b2ad4d7b5cec1639183f55 }
                case 6 { z := 0x2dee93c5a666459646ea7d22cca9e1bcfed71e6951b953611d11dda32ea09d78 }
                case 7 { z := 0x078295e5a22b84e982cf601eb639597b8b0515a88cb5ac7fa8a4aabe3c87349d }
                case 8 { z := 0x2fa5e5f18f6027a6501bec864564472a616b2e274a41211a444cbe3a99f3cc61 }
                case 9 { z := 0x0e884376d0d8fd21ecb780389e941f66e45e7acce3e228ab3e2156a614fcd747 }
                case 10 { z := 0x1b7201da72494f1e28717ad1a52eb469f95892f957713533de6175e5da190af2 }
                case 11 { z := 0x1f8d8822725e36385200c0b201249819a6e6e1e4650808b5bebc6bface7d7636 }
                case 12 { z := 0x2c5d82f66c914bafb9701589ba8cfcfb6162b0a12acf88a8d0879a0471b5f85a }
                case 13 { z := 0x14c54148a0940bb820957f5adf3fa1134ef5c4aaa113f4646458f270e0bfbfd0 }
                case 14 { z := 0x190d33b12f986f961e10c0ee44d8b9af11be25588cad89d416118e4bf4ebe80c }
                case 15 { z := 0x22f98aa9ce704152ac17354914ad73ed1167ae6596af510aa5b3649325e06c92 }
                case 16 { z := 0x2a7c7c9b6ce5880b9f6f228d72bf6a575a526f29c66ecceef8b753d38bba7323 }
                case 17 { z := 0x2e8186e558698ec1c67af9c14d463ffc470043c9c2988b954d75dd643f36b992 }
                case 18 { z := 0x0f57c5571e9a4eab49e2c8cf050dae948aef6ead647392273546249d1c1ff10f }
                case 19 { z := 0x1830ee67b5fb554ad5f63d4388800e1cfe78e310697d46e43c9ce36134f72cca }
                case 20 { z := 0x2134e76ac5d21aab186c2be1dd8f84ee880a1e46eaf712f9d371b6df22191f3e }
                case 21 { z := 0x19df90ec844ebc4ffeebd866f33859b0c051d8c958ee3aa88f8f8df3db91a5b1 }
                case 22 { z := 0x18cca2a66b5c0787981e69aefd84852d74af0e93ef4912b4648c05f722efe52b }
                case 23 { z := 0x2388909415230d1b4d1304d2d54f473a628338f2efad83fadf05644549d2538d }
                case 24 { z := 0x27171fb4a97b6cc0e9e8f543b5294de866a2af2c9c8d0b1d96e673e4529ed540 }
                case 25 { z := 0x2ff6650540f629fd5711a0bc74fc0d28dcb230b9392583e5f8d59696dde6ae21 }
                case 26 { z := 0x120c58f143d491e95902f7f5277778a2e0ad5168f6add75669932630ce611518 }
                case 27 { z := 0x1f21feb70d3f21b07bf853d5e5db03071ec495a0a565a21da2d665d279483795 }
                case 28 { z := 0x24be905fa71335e14c638cc0f66a8623a826e768068a9e968bb1a1dde18a72d2 }
                case 29 { z := 0x0f8666b62ed17491c50ceadead57d4cd597ef3821d65c328744c74e553dac26d }
                case 30 { z := 0x0918d46bf52d98b034413f4a1a1c41594e7a7a3f6ae08cb43d1a2a230e1959ef }
                case 31 { z := 0x1bbeb01b4c479ecde76917645e404dfa2e26f90d0afc5a65128513ad375c5ff2 }
                case 32 { z := 0x2f68a1c58e257e42a17a6c61dff5551ed560b9922ab119d5ac8e184c9734ead9 }
                case 33 { z := 0x1102d2f8db05e4af4842e8ad3d85ed45eb28447eb7212235a2281d5ab5d81d11 }
                case 34 { z := 0x2af8c1caf560dd41f997a01ff895b21e0d1fedb786e7cad29901e12310638bdc }
                case 35 { z := 0x011d923bc14b5a13972ac7dfe6420b15b0425c98ba80edaf5e0291b4a265e0a5 }
                case 36 { z := 0x224ccc25981822d4c5b6fc199fbc74828488741c7151a6159ecfaab7c2a8bac9 }
                case 37 { z := 0x27e839f6f555feae824ab433e34b1c0e64ce5c75962dffc13c68571d6b4a610e }
                case 38 { z := 0x2aba203fbd04bfabc86b4d50d6abadc3c24f37efa00e700ef4d17764c2ccd57c }
                case 39 { z := 0x11eff4f60c2cdcc548c1e0770c3d64b49c01e34da4af29cfea575a19befa669c }
                case 40 { z := 0x1334fa4b552f00ef403361c935c1abcf896851003c40daa93bb0fd0a0bb9a881 }
        }
    }

    /// @notice H(left, right) by the 2-input Poseidon contract; reverts with `HashFailed` if
    /// the call fails or returns anything but one word.
    function hash2(address hasher, uint256 left, uint256 right) internal view returns (uint256 h) {
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, HASH2_SELECTOR)
            mstore(add(m, 0x04), left)
            mstore(add(m, 0x24), right)
            ok := and(eq(returndatasize(), 0x20), staticcall(gas(), hasher, m, 0x44, 0x00, 0x20))
            h := mload(0x00)
        }
        if (!ok) revert HashFailed(hasher);
    }

    /// @notice H(a, b, c) by the 3-input Poseidon contract (poseidon-solidity's PoseidonT4,
    /// `hash(uint256[3]) returns (uint256)`); reverts with `HashFailed` as `hash2`.
    function hash3(address hasher, uint256 a, uint256 b, uint256 c) internal view returns (uint256 h) {
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, HASH3_SELECTOR)
            mstore(add(m, 0x04), a)
            mstore(add(m, 0x24), b)
            mstore(add(m, 0x44), c)
            ok := and(eq(returndatasize(), 0x20), staticcall(gas(), hasher, m, 0x64, 0x00, 0x20))
            h := mload(0x00)
        }
        if (!ok) revert HashFailed(hasher);
    }
}
