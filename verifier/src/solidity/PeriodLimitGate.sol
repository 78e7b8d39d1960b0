// SPDX-License-Identifier: MIT
// Part of zkcomply (`zkcomply export solidity` writes it, with GateBase.sol inlined, next to the
// generated verifier).
pragma solidity ^0.8.20;

import "./GateBase.sol";

/// @notice The generated Groth16 verifier of the zkcomply `period_limit` policy.
interface IPeriodLimitVerifier {
    /// @notice True iff `proof` is valid for `input` (never reverts).
    function verifyProof(uint256[8] calldata proof, uint256[10] calldata input) external view returns (bool);
}

/// @title PeriodLimitGate
/// @notice Enforces the zkcomply `period_limit` policy for a protocol: the sender proves, without
/// revealing who they are, that their address is not on the sanctions list, that their identity
/// is in the KYC registry, and that the hidden amounts of all their transfers through this gate
/// in the current period add up to at most the limit; and that the proof was made for this gate,
/// this chain and this recipient.
/// @dev The running total lives in a private allowance note. Each proof spends the sender's
/// current note (or opens the first one), publishing its nullifier, and creates the next note,
/// whose commitment `newNote` this gate appends to its state tree: an append-only Poseidon
/// Merkle tree of depth `stateDepth` (left-packed leaves, empty leaf 0, zero hashes
/// z0 = 0, z(i+1) = H(zi, zi), node = H(left, right), H = circomlib Poseidon with 2 inputs,
/// computed by the Poseidon contract at `poseidon`). Wallets rebuild the tree from the
/// `NoteAppended` events. Every refusal is a named error.
contract PeriodLimitGate is GateBase {
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
    /// 30M-gas block of them (one costs about 825,000 gas at state depth 24). Soundness does
    /// not depend on the window (notes are never removed, spent ones are excluded by their
    /// nullifiers, so any past root would be safe); the bound keeps proofs on recent roots,
    /// whose trees hold nearly every note, so that the root a proof names says little about
    /// when its note was created.
    uint64 public constant STATE_ROOT_HISTORY = 64;
    /// @notice The deepest state tree the gate supports (as zkcomply's trees).
    uint256 public constant MAX_STATE_DEPTH = 40;
    /// @dev The selector of `hash(uint256[2])` (poseidon-solidity's PoseidonT3), left-aligned.
    uint256 private constant HASH_SELECTOR = 0x561558fe00000000000000000000000000000000000000000000000000000000;

    /// @notice The Groth16 verifier of the `period_limit` policy.
    IPeriodLimitVerifier public immutable verifier;
    /// @notice The 2-input circomlib Poseidon contract (poseidon-solidity's PoseidonT3,
    /// `hash(uint256[2]) returns (uint256)`).
    address public immutable poseidon;
    /// @notice The length of a period: proofs must be for period `block.timestamp / periodSeconds`.
    uint256 public immutable periodSeconds;
    /// @notice The depth of the state tree (the circuit's state depth).
    uint256 public immutable stateDepth;

    /// @notice Number of state roots so far (notes appended + 1); the latest has this epoch.
    uint64 public stateEpoch;
    /// @notice Epoch at which each state root became current (0 = never; 1 = the empty tree).
    mapping(uint256 => uint64) public stateRootEpoch;
    /// @notice The frontier: `filledSubtrees[i]` is the latest complete left node at level `i`.
    uint256[MAX_STATE_DEPTH] public filledSubtrees;

    error UnknownStateRoot(uint256 root);
    error StaleStateRoot(uint256 root, uint64 recordedAt, uint64 current);
    error WrongPeriod(uint256 expected, uint256 found);
    error StateTreeFull(uint256 capacity);
    error StateDepthOutOfRange(uint256 depth, uint256 max);
    error ZeroPeriodSeconds();
    error WrongPoseidon(address poseidon, uint256 expected, uint256 found);
    error HashFailed(address poseidon);

    /// @notice A note was appended at `index`, making `root` the state root: wallets rebuild
    /// the state tree from these.
    event NoteAppended(uint256 index, uint256 note, uint256 root);
    /// @notice A transfer to `recipient` passed; `nullifier` is consumed.
    event PeriodLimitVerified(
        uint256 indexed nullifier, address indexed recipient, uint256 amountCommitment, uint256 period, uint256 newNote
    );

    /// @dev Checks the Poseidon contract on the top level of the empty tree:
    /// H(z(depth-1), z(depth-1)) must be z(depth).
    constructor(
        IPeriodLimitVerifier verifier_,
        address poseidon_,
        uint256 limit_,
        uint256 scope_,
        uint256 periodSeconds_,
        uint256 stateDepth_,
        address updater_,
        uint256 sanctionsRoot,
        uint256 registryRoot
    ) GateBase(address(verifier_), limit_, scope_, updater_, sanctionsRoot, registryRoot) {
        if (poseidon_ == address(0)) revert ZeroAddress();
        if (periodSeconds_ == 0) revert ZeroPeriodSeconds();
        if (stateDepth_ == 0 || stateDepth_ > MAX_STATE_DEPTH) {
            revert StateDepthOutOfRange(stateDepth_, MAX_STATE_DEPTH);
        }
        verifier = verifier_;
        poseidon = poseidon_;
        periodSeconds = periodSeconds_;
        stateDepth = stateDepth_;
        uint256 below = zeroHash(stateDepth_ - 1);
        uint256 emptyRoot = zeroHash(stateDepth_);
        uint256 found = _hash(poseidon_, below, below);
        if (found != emptyRoot) revert WrongPoseidon(poseidon_, emptyRoot, found);
        stateEpoch = 1;
        stateRootEpoch[emptyRoot] = 1;
    }

    /// @notice The current period number.
    function currentPeriod() public view returns (uint256) {
        return block.timestamp / periodSeconds;
    }

    /// @notice The number of notes appended so far (the index of the next one).
    function stateSize() external view returns (uint256) {
        return stateEpoch - 1;
    }

    /// @notice Checks a proof for a transfer to `recipient`, consumes its nullifier and appends
    /// its new note to the state tree. Reverts with a named error if anything does not match.
    function verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) external {
        _verifyAndConsume(proof, inputs, recipient);
    }

    /// @notice Like `verifyAndConsume`, without consuming the nullifier or appending the note
    /// (for simulation).
    function check(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) public view {
        _checkRoots(inputs.sanctionsRoot, inputs.registryRoot);
        uint64 at = stateRootEpoch[inputs.stateRoot];
        uint64 current = stateEpoch;
        if (at == 0) revert UnknownStateRoot(inputs.stateRoot);
        if (!_recent(at, current, STATE_ROOT_HISTORY)) revert StaleStateRoot(inputs.stateRoot, at, current);
        _checkTerms(inputs.limit, inputs.scope, recipient, inputs.amountCommitment, inputs.context);
        uint256 period = currentPeriod();
        if (inputs.period != period) revert WrongPeriod(period, inputs.period);
        _checkNullifier(inputs.nullifier);
        if (current > 1 << stateDepth) revert StateTreeFull(1 << stateDepth);
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

    /// @notice The zero hash of `level`: the root of an empty subtree of that height.
    function zeroHash(uint256 level) public pure returns (uint256 z) {
        if (level > MAX_STATE_DEPTH) revert StateDepthOutOfRange(level, MAX_STATE_DEPTH);
        // z(i+1) = Poseidon(zi, zi), z0 = 0; checked against zkcomply's Rust trees
        // (tests/evm_period.rs), and the constructor checks the top one of its depth on-chain.
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

    function _verifyAndConsume(uint256[8] calldata proof, PublicInputs calldata inputs, address recipient) internal {
        check(proof, inputs, recipient);
        nullifierUsed[inputs.nullifier] = true;
        (uint256 index, uint256 root) = _append(inputs.newNote);
        emit NoteAppended(index, inputs.newNote, root);
        emit PeriodLimitVerified(inputs.nullifier, recipient, inputs.amountCommitment, inputs.period, inputs.newNote);
    }

    /// @dev Appends `leaf` and records the new root. Only the frontier node of the lowest
    /// level whose index bit is 0 is stored: it is the one that completes a left subtree
    /// (all lower bits are 1), and the only one a later append reads before it changes.
    function _append(uint256 leaf) private returns (uint256 index, uint256 root) {
        uint64 epoch = stateEpoch;
        index = epoch - 1;
        uint256 depth = stateDepth;
        if (index >> depth != 0) revert StateTreeFull(1 << depth);
        address hasher = poseidon;
        root = leaf;
        bool stored = false;
        uint256 bits = index;
        for (uint256 level = 0; level < depth; ++level) {
            if (bits & 1 == 0) {
                if (!stored) {
                    filledSubtrees[level] = root;
                    stored = true;
                }
                root = _hash(hasher, root, zeroHash(level));
            } else {
                root = _hash(hasher, filledSubtrees[level], root);
            }
            bits >>= 1;
        }
        stateEpoch = epoch + 1;
        stateRootEpoch[root] = epoch + 1;
    }

    /// @dev Poseidon(left, right) by the Poseidon contract; reverts with `HashFailed` if the
    /// call fails or returns anything but one word.
    function _hash(address hasher, uint256 left, uint256 right) private view returns (uint256 h) {
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, HASH_SELECTOR)
            mstore(add(m, 0x04), left)
            mstore(add(m, 0x24), right)
            ok := and(eq(returndatasize(), 0x20), staticcall(gas(), hasher, m, 0x44, 0x00, 0x20))
            h := mload(0x00)
        }
        if (!ok) revert HashFailed(hasher);
    }
}
