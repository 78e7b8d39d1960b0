//! An independent implementation of the sanctions-tree specification, in JavaScript
//! (`tools/sanctions_root.js`: circomlibjs Poseidon, js-sha3, bech32 — no zkcomply code),
//! computes the same roots as [`SanctionsTree`] from the same lists.
//!
//! Needs `tools/node_modules` (`npm ci --prefix tools`, done by `scripts/test.sh`). Without it
//! the test is skipped, unless `ZKCOMPLY_REQUIRE_TOOLS=1` makes that a failure.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use support::tools;
use zkcomply::{field, AddressKey, SanctionsTree};

#[path = "support/tools.rs"]
mod support;

fn js_root(tools: &Path, depth: usize, files: &[PathBuf]) -> String {
    let out = Command::new("node")
        .arg(tools.join("sanctions_root.js"))
        .arg(depth.to_string())
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn rust_root(depth: usize, files: &[PathBuf]) -> String {
    let mut keys = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let a = line.trim();
            if !a.is_empty() && !a.starts_with('#') {
                keys.push(AddressKey::parse(a).unwrap());
            }
        }
    }
    field::to_hex(&SanctionsTree::from_keys(depth, keys).unwrap().root())
}

#[test]
fn javascript_implementation_agrees_on_the_ofac_lists() {
    let Some(tools) = tools("circomlibjs") else {
        return;
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sanctions/ofac-2024-09");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the shipped OFAC lists are missing");
    for depth in [20, 32] {
        assert_eq!(
            rust_root(depth, &files),
            js_root(&tools, depth, &files),
            "all lists, depth {depth}"
        );
    }
    let eth = [dir.join("sanctioned_addresses_ETH.txt")];
    assert_eq!(rust_root(32, &eth), js_root(&tools, 32, &eth), "ETH list");
}

#[test]
fn javascript_implementation_agrees_on_edge_cases() {
    let Some(tools) = tools("circomlibjs") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let tricky = tmp.path().join("tricky.txt");
    std::fs::write(
        &tricky,
        "# mixed-case duplicates, upper-case bech32, base58, Monero\n\
         0x8589427373D6D84E98730D7795D8f6f8731FDA16\n0X8589427373d6d84e98730d7795d8f6f8731fda16\n\
         BC1QA5WKGAEW2DKV56KFVJ49J0AV5NML45X9EK9HZ6\nbc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6\n\
         bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz7\n12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h\n\
         TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre\n\n",
    )
    .unwrap();
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    for depth in [1, 4, 32] {
        assert_eq!(
            rust_root(depth, std::slice::from_ref(&empty)),
            js_root(&tools, depth, std::slice::from_ref(&empty)),
            "empty, depth {depth}"
        );
    }
    for depth in [3, 16, 32] {
        assert_eq!(
            rust_root(depth, std::slice::from_ref(&tricky)),
            js_root(&tools, depth, std::slice::from_ref(&tricky)),
            "tricky, depth {depth}"
        );
    }
}
