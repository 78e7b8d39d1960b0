//! An independent implementation of the sanctions-tree specification, in JavaScript
//! (`tools/sanctions_root.js`: circomlibjs Poseidon and the address libraries of
//! `tools/address_vectors.js` — no zkcomply code), computes the same roots as
//! [`SanctionsTree`] from the same lists, skipping the same invalid entries.
//!
//! Needs `tools/node_modules` (`npm ci --prefix tools`, done by `scripts/test.sh`). Without it
//! the test is skipped, unless `ZKCOMPLY_REQUIRE_TOOLS=1` makes that a failure.

use std::path::{Path, PathBuf};

use zkcomply::{field, AddressKey, SanctionsTree};
use zkcomply_testkit::tools::{node, tools};

/// The JavaScript root and the entries it skipped (`--skip-invalid`).
fn js_root(tools: &Path, depth: usize, files: &[PathBuf]) -> (String, usize) {
    let depth = depth.to_string();
    let args = ["--skip-invalid", depth.as_str()]
        .map(std::ffi::OsStr::new)
        .into_iter()
        .chain(files.iter().map(|f| f.as_os_str()));
    let out = node(None, &tools.join("sanctions_root.js"), args);
    let skipped = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("skipped "))
        .count();
    (
        String::from_utf8(out.stdout).unwrap().trim().to_string(),
        skipped,
    )
}

/// The Rust root and the number of entries that are not valid addresses (skipped).
fn rust_root(depth: usize, files: &[PathBuf]) -> (String, usize) {
    let mut keys = Vec::new();
    let mut skipped = 0;
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let a = line.trim();
            if !a.is_empty() && !a.starts_with('#') {
                match AddressKey::parse(a) {
                    Ok(key) => keys.push(key),
                    Err(_) => skipped += 1,
                }
            }
        }
    }
    (
        field::to_hex(&SanctionsTree::from_keys(depth, keys).unwrap().root()),
        skipped,
    )
}

#[test]
fn javascript_implementation_agrees_on_the_ofac_lists() {
    let Some(tools) = tools("cashaddrjs") else {
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
        let (root, skipped) = rust_root(depth, &files);
        // The one entry that is not an address (data/sanctions/README.md).
        assert_eq!(skipped, 1, "all lists");
        assert_eq!(
            (root, skipped),
            js_root(&tools, depth, &files),
            "all lists, depth {depth}"
        );
    }
    let eth = [dir.join("sanctioned_addresses_ETH.txt")];
    assert_eq!(rust_root(32, &eth), js_root(&tools, 32, &eth), "ETH list");
}

#[test]
fn javascript_implementation_agrees_on_edge_cases() {
    let Some(tools) = tools("cashaddrjs") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let tricky = tmp.path().join("tricky.txt");
    std::fs::write(
        &tricky,
        "# aliases of one account (EVM case and prefix, bech32 case, TRON hex, cashaddr and its\n\
         # legacy form), base58, Monero, and three invalid entries (skipped by both)\n\
         0x8589427373D6D84E98730D7795D8f6f8731FDA16\n0X8589427373d6d84e98730d7795d8f6f8731fda16\n\
         8589427373d6d84e98730d7795d8f6f8731fda16\n\
         BC1QA5WKGAEW2DKV56KFVJ49J0AV5NML45X9EK9HZ6\nbc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6\n\
         bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz7\n12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h\n\
         12qtd5bfwrsdnsazy76uve1xycgntojh9h\n\
         TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre\n410e6b8e34dc115a2848f585851af23d99d09b8463\n\
         bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq\nQPF2CPHC5DKUCLKQUR7LHJ2YUQQ9PK3HMUKLE77VHQ\n\
         18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd\nbitcoincash:Qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq\n\
         49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL\n\n",
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
        let (root, skipped) = rust_root(depth, std::slice::from_ref(&tricky));
        assert_eq!(skipped, 3, "tricky");
        assert_eq!(
            (root, skipped),
            js_root(&tools, depth, std::slice::from_ref(&tricky)),
            "tricky, depth {depth}"
        );
    }
}
