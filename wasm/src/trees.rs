//! The sanctions list (indexed Merkle tree), the identity registry and the state tree of
//! allowance notes.

use wasm_bindgen::prelude::*;
use zkcomply::{
    circuits::tree::{IncrementalTree, Leaves},
    field, AddressKey,
};

use crate::js_error;

/// A sanctions list: an indexed Merkle tree of address keys.
#[wasm_bindgen]
pub struct SanctionsTree(pub(crate) zkcomply::SanctionsTree);

#[wasm_bindgen]
impl SanctionsTree {
    /// The tree of depth `depth` listing the addresses of `list`: one per line (blank lines
    /// and `#` comments skipped), any chain's format.
    #[wasm_bindgen(js_name = fromList)]
    pub fn from_list(list: &str, depth: usize) -> Result<SanctionsTree, JsError> {
        let keys = list
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(AddressKey::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(js_error)?;
        zkcomply::SanctionsTree::from_keys(depth, keys)
            .map(Self)
            .map_err(js_error)
    }

    /// A tree from a snapshot (binary, as `zkcomply list build` writes, or JSON), checked
    /// against the root it records.
    #[wasm_bindgen(js_name = fromSnapshot)]
    pub fn from_snapshot(bytes: &[u8]) -> Result<SanctionsTree, JsError> {
        zkcomply::SanctionsTree::from_snapshot("snapshot", bytes)
            .map(Self)
            .map_err(js_error)
    }

    /// The root, `0x` and 64 hex digits.
    pub fn root(&self) -> String {
        field::to_hex(&self.0.root())
    }

    /// The number of listed keys.
    pub fn size(&self) -> usize {
        self.0.len()
    }

    /// Whether `address` is listed.
    #[wasm_bindgen(js_name = isListed)]
    pub fn is_listed(&self, address: &str) -> Result<bool, JsError> {
        Ok(self
            .0
            .is_listed(&AddressKey::parse(address).map_err(js_error)?))
    }
}

macro_rules! incremental_tree {
    ($name:ident, $inner:ty, $what:literal) => {
        #[doc = concat!("The ", $what, ": an append-only Poseidon Merkle tree.")]
        #[wasm_bindgen]
        pub struct $name(pub(crate) $inner);

        #[wasm_bindgen]
        impl $name {
            #[doc = concat!("An empty ", $what, " of depth `depth` (1 to 40).")]
            #[wasm_bindgen(constructor)]
            pub fn new(depth: usize) -> Result<$name, JsError> {
                IncrementalTree::new(depth).map(Self).map_err(js_error)
            }

            #[doc = concat!("A ", $what, " from its JSON form, checked against its root.")]
            #[wasm_bindgen(js_name = fromJson)]
            pub fn from_json(json: &str) -> Result<$name, JsError> {
                from_json(json).map(Self)
            }

            /// Appends a leaf (decimal or `0x`-hex, below the field modulus); returns its index.
            pub fn insert(&mut self, leaf: &str) -> Result<u64, JsError> {
                insert(&mut self.0, leaf)
            }

            /// The root, `0x` and 64 hex digits.
            pub fn root(&self) -> String {
                field::to_hex(&self.0.root())
            }

            /// The number of leaves.
            pub fn size(&self) -> u64 {
                self.0.len()
            }

            /// The JSON form (loads with `fromJson`).
            #[wasm_bindgen(js_name = toJson)]
            pub fn to_json(&self) -> String {
                self.0.to_json()
            }
        }
    };
}

fn from_json<K: Leaves>(json: &str) -> Result<IncrementalTree<K>, JsError> {
    IncrementalTree::from_json(K::WHAT, json).map_err(js_error)
}

fn insert<K: Leaves>(tree: &mut IncrementalTree<K>, leaf: &str) -> Result<u64, JsError> {
    let leaf = field::parse("leaf", leaf).map_err(js_error)?;
    tree.insert(leaf).map_err(js_error)
}

incremental_tree!(Registry, zkcomply::Registry, "identity registry");
incremental_tree!(
    StateTree,
    zkcomply::StateTree,
    "state tree of allowance notes"
);
