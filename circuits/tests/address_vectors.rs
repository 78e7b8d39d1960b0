//! Address keys against independent implementations (`vectors/address_keys.json`, written by
//! `node tools/address_vectors.js` with bs58check, bs58, cashaddrjs, bech32, ethers,
//! ripple-address-codec and js-sha3), and every address of the shipped OFAC lists.
//! Fix the code, never the fixture.

use std::{collections::HashSet, path::PathBuf, time::Instant};

use serde_json::Value;
use zkcomply_circuits::address::{Address, AddressKey};

fn vectors() -> Value {
    let path = format!(
        "{}/tests/vectors/address_keys.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn str_of<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} missing in {v}"))
}

#[test]
fn every_encoding_of_an_account_has_the_independent_key() {
    let v = vectors();
    let accounts = v["accounts"].as_array().unwrap();
    assert!(accounts.len() >= 20, "{} accounts", accounts.len());
    let mut keys = HashSet::new();
    for account in accounts {
        let expected = AddressKey::from_hex(str_of(account, "key")).unwrap();
        assert!(keys.insert(expected), "two accounts share {expected}");
        for entry in account["addresses"].as_array().unwrap() {
            let address = str_of(entry, "address");
            let parsed = Address::parse(address).unwrap_or_else(|e| panic!("{address}: {e}"));
            assert_eq!(
                format!("{:?}", parsed.family()),
                str_of(entry, "family"),
                "{address}: family"
            );
            assert_eq!(
                hex::encode(parsed.canonical()),
                str_of(entry, "canonical_hex"),
                "{address}: canonical bytes"
            );
            assert_eq!(
                AddressKey::parse(address).unwrap(),
                expected,
                "{address}: key"
            );
        }
    }
    let families: HashSet<&str> = accounts
        .iter()
        .flat_map(|a| a["addresses"].as_array().unwrap())
        .map(|e| str_of(e, "family"))
        .collect();
    for family in [
        "Evm",
        "Tron",
        "Bitcoin",
        "Litecoin",
        "Dogecoin",
        "Dash",
        "Zcash",
        "BitcoinGold",
        "CashAddr",
        "Segwit",
        "Xrp",
        "Monero",
        "Solana",
    ] {
        assert!(families.contains(family), "no vector for {family}");
    }
}

#[test]
fn invalid_addresses_are_refused_naming_the_family_and_the_check() {
    let v = vectors();
    let invalid = v["invalid"].as_array().unwrap();
    assert!(invalid.len() >= 20, "{} invalid addresses", invalid.len());
    for entry in invalid {
        let address = str_of(entry, "address");
        let message = str_of(entry, "message");
        let e = AddressKey::parse(address).expect_err(address);
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("invalid address {address:?}: ")),
            "{text}"
        );
        assert!(
            text.contains(message),
            "{address}: {text:?} does not contain {message:?}"
        );
    }
}

/// The shipped OFAC lists (`data/sanctions/ofac-2024-09`).
fn ofac_lines() -> Vec<(String, usize, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/sanctions/ofac-2024-09");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 17, "17 OFAC lists in {}", dir.display());
    let mut out = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        for (i, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            let a = line.trim();
            if !a.is_empty() && !a.starts_with('#') {
                out.push((name.clone(), i + 1, a.to_string()));
            }
        }
    }
    out
}

/// The one shipped entry that is not an address (data/sanctions/README.md).
const NOT_AN_ADDRESS: (&str, usize, &str) = (
    "sanctioned_addresses_XMR.txt",
    2,
    "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320",
);

#[test]
fn every_shipped_ofac_address_parses_but_one_documented_entry() {
    let lines = ofac_lines();
    assert_eq!(lines.len(), 654);
    let start = Instant::now();
    let parsed: Vec<_> = lines
        .iter()
        .map(|(file, line, a)| ((file, *line, a), Address::parse(a)))
        .collect();
    let elapsed = start.elapsed();
    eprintln!(
        "parsed {} OFAC entries in {:.2} ms",
        lines.len(),
        elapsed.as_secs_f64() * 1e3
    );
    let mut refused = Vec::new();
    for ((file, line, a), result) in parsed {
        match result {
            Ok(address) => {
                address.key().unwrap();
            }
            Err(e) => refused.push((file.as_str(), line, a.as_str(), e.to_string())),
        }
    }
    assert_eq!(refused.len(), 1, "{refused:#?}");
    let (file, line, a, why) = &refused[0];
    assert_eq!((*file, *line, *a), NOT_AN_ADDRESS);
    assert!(why.contains("64 hex digits"), "{why}");
}

#[test]
fn the_shipped_bch_cashaddrs_and_their_legacy_forms_share_keys() {
    let bch: Vec<_> = ofac_lines()
        .into_iter()
        .filter(|(f, _, a)| f == "sanctioned_addresses_BCH.txt" && a.starts_with('q'))
        .collect();
    assert_eq!(bch.len(), 6);
    for (_, _, a) in bch {
        let cash = Address::parse(&a).unwrap();
        let legacy = cash.to_string();
        assert!(legacy.starts_with('1'), "{a} → {legacy}");
        let key = cash.key().unwrap();
        for alias in [
            legacy.clone(),
            format!("bitcoincash:{a}"),
            format!("BITCOINCASH:{}", a.to_uppercase()),
            a.to_uppercase(),
        ] {
            assert_eq!(AddressKey::parse(&alias).unwrap(), key, "{alias} vs {a}");
        }
    }
}

/// The committed vectors are what `tools/address_vectors.js` writes today (with the npm
/// packages of `tools/package-lock.json`): skipped without `tools/node_modules`, unless
/// `ZKCOMPLY_REQUIRE_TOOLS` is set.
#[test]
fn the_committed_vectors_are_the_generators_output() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let tools = root.join("tools");
    if !tools.join("node_modules/cashaddrjs").exists() {
        assert!(
            std::env::var("ZKCOMPLY_REQUIRE_TOOLS").is_err(),
            "tools/node_modules is required (ZKCOMPLY_REQUIRE_TOOLS is set) but missing"
        );
        eprintln!("skipped: tools/node_modules not installed (npm ci --prefix tools)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("zkcomply-address-vectors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("address_keys.json");
    let run = std::process::Command::new("node")
        .arg(tools.join("address_vectors.js"))
        .arg(&out)
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let fresh: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        fresh == vectors(),
        "circuits/tests/vectors/address_keys.json is stale: run node tools/address_vectors.js"
    );
}
