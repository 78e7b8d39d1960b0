//! `zkcomply list`: invalid entries are reported (file, line, why) and refused unless
//! `--skip-invalid`; every encoding of a listed account is listed.

use std::fs;

use serde_json::Value;

mod support;
use support::{ofac_files, p, zkcomply};

const XMR_ENTRY: &str = "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320";

#[test]
fn build_reports_every_invalid_entry_and_refuses_without_the_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let out = d.join("ofac.bin");

    // The shipped lists: one entry is not an address.
    let mut args = vec!["list".to_string(), "build".into(), "--out".into(), p(&out)];
    args.extend(ofac_files().iter().map(|f| p(f)));
    zkcomply(&args).fails_with(&[
        "1 entry is not a valid address (nothing was written; --skip-invalid leaves them out",
        &format!(
            "sanctioned_addresses_XMR.txt, line 2: invalid address \"{XMR_ENTRY}\": 64 hex digits"
        ),
    ]);
    assert!(!out.exists(), "no snapshot written on refusal");

    // Several invalid entries in several formats: each is reported, with its file and line.
    fs::write(
        d.join("a.txt"),
        "# mixed\n0x8589427373D6D84E98730D7795D8f6f8731FDA16\n\
         18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfC\n\
         bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhQ\n\
         TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre\n",
    )
    .expect("write");
    fs::write(
        d.join("b.json"),
        "[\n  \"bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6\",\n  \"0x8589427373d6D84E98730D7795D8f6f8731FDA16\"\n]",
    )
    .expect("write");
    fs::write(
        d.join("c.csv"),
        "source,address\nofac,lnf2jdiuunbz7gmdkfyhn4rq5mexwxiwfb\nofac,rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66\n",
    )
    .expect("write");
    let lists = [
        p(&d.join("a.txt")),
        p(&d.join("b.json")),
        p(&d.join("c.csv")),
    ];
    let mut args = vec![
        "list".to_string(),
        "build".into(),
        "--depth".into(),
        "8".into(),
        "--out".into(),
        p(&out),
    ];
    args.extend(lists.iter().cloned());
    let expected = [
        "4 entries are not valid addresses",
        "a.txt, line 3: invalid address \"18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfC\": bitcoin base58check: checksum mismatch",
        "a.txt, line 4: invalid address \"bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhQ\": cashaddr: mixed case",
        "b.json, line 3: invalid address \"0x8589427373d6D84E98730D7795D8f6f8731FDA16\": EVM: EIP-55 checksum mismatch",
        "c.csv, line 2: invalid address \"lnf2jdiuunbz7gmdkfyhn4rq5mexwxiwfb\": base58check: 'l' at position 0 is not a base58 character",
    ];
    zkcomply(&args).fails_with(&expected);
    assert!(!out.exists(), "no snapshot written on refusal");

    // --skip-invalid: built from the valid entries, each invalid one still reported.
    let mut skip = args.clone();
    skip.insert(2, "--skip-invalid".into());
    skip.insert(0, "--json".into());
    let built = zkcomply(&skip);
    built.code(0);
    for part in &expected[1..] {
        assert!(
            built
                .stderr
                .lines()
                .any(|l| l.starts_with("warning: skipped ") && l.contains(part)),
            "{part:?} missing:\n{}",
            built.stderr
        );
    }
    let j = built.json();
    assert_eq!(j["addresses"], 4, "{j}");
    assert_eq!(j["skipped"], 4, "{j}");
    assert_eq!(j["distinct_keys"], 4, "{j}");
    let invalid = j["invalid"].as_array().expect("invalid is an array");
    assert_eq!(invalid.len(), 4);
    assert_eq!(invalid[2]["at"], format!("{}, line 3", lists[1]));
    assert_eq!(
        invalid[2]["address"],
        "0x8589427373d6D84E98730D7795D8f6f8731FDA16"
    );
    assert_eq!(j["files"][1]["addresses"], 1, "{j}");
    assert_eq!(j["files"][1]["invalid"], 1, "{j}");
    assert!(out.exists());

    // Only invalid entries: nothing to build, even with the flag.
    fs::write(d.join("bad.txt"), "0x1234\n").expect("write");
    zkcomply(&[
        "list",
        "build",
        "--skip-invalid",
        "--out",
        &p(&d.join("x.bin")),
        &p(&d.join("bad.txt")),
    ])
    .fails_with(&["no valid addresses in the lists"]);

    // list add refuses the same way, and adds the valid entries with the flag.
    zkcomply(&["list", "add", "--snapshot", &p(&out), &lists[0]]).fails_with(&[
        "2 entries are not valid addresses",
        "a.txt, line 3",
        "a.txt, line 4",
    ]);
    let added = zkcomply(&[
        "list",
        "add",
        "--json",
        "--skip-invalid",
        "--snapshot",
        &p(&out),
        &lists[0],
    ]);
    added.code(0);
    let j = added.json();
    assert_eq!(j["skipped"].as_array().map(Vec::len), Some(2), "{j}");
    assert_eq!(j["ignored"].as_array().map(Vec::len), Some(2), "{j}");
    zkcomply(&[
        "list",
        "add",
        "--snapshot",
        &p(&out),
        "--address",
        "0x8589427373d6D84E98730D7795D8f6f8731FDA16",
    ])
    .fails_with(&[
        "--address 0x8589427373d6D84E98730D7795D8f6f8731FDA16: invalid address",
        "EVM: EIP-55 checksum mismatch",
    ]);
}

#[test]
fn every_encoding_of_a_listed_account_is_listed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let snapshot = dir.path().join("ofac.bin");
    let mut args = vec![
        "list".to_string(),
        "build".into(),
        "--skip-invalid".into(),
        "--out".into(),
        p(&snapshot),
    ];
    args.extend(ofac_files().iter().map(|f| p(f)));
    zkcomply(&args).code(0);
    let check = |address: &str| -> Value {
        let c = zkcomply(&[
            "list",
            "check",
            "--json",
            "--snapshot",
            &p(&snapshot),
            address,
        ]);
        c.code(0);
        c.json()
    };
    // The BCH list holds qpf2…77vhq (line 2) bare; the ETH list 0x8589… with 0x; the TRX list
    // TBHTJ… in base58; the XBT list bc1q05… in lower case.
    for (address, family, canonical) in [
        (
            "qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
            "cashaddr",
            "18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd",
        ),
        (
            "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
            "cashaddr",
            "18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd",
        ),
        (
            "BITCOINCASH:QPF2CPHC5DKUCLKQUR7LHJ2YUQQ9PK3HMUKLE77VHQ",
            "cashaddr",
            "18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd",
        ),
        (
            "QPF2CPHC5DKUCLKQUR7LHJ2YUQQ9PK3HMUKLE77VHQ",
            "cashaddr",
            "18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd",
        ),
        (
            "18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd",
            "bitcoin base58check",
            "18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd",
        ),
        (
            "8589427373D6D84E98730D7795D8f6f8731FDA16",
            "EVM",
            "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
        ),
        (
            "8589427373d6d84e98730d7795d8f6f8731fda16",
            "EVM",
            "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
        ),
        (
            "0X8589427373D6D84E98730D7795D8F6F8731FDA16",
            "EVM",
            "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
        ),
        (
            "410e6b8e34dc115a2848f585851af23d99d09b8463",
            "TRON base58check",
            "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre",
        ),
        (
            "410E6B8E34DC115A2848F585851AF23D99D09B8463",
            "TRON base58check",
            "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre",
        ),
        (
            "BC1Q05AKTDDF9CE4P7HH3STGSF253M4VWEU7NKHTMW",
            "segwit bech32/bech32m",
            "bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw",
        ),
    ] {
        let j = check(address);
        assert_eq!(j["listed"], true, "{address}: {j}");
        assert_eq!(j["family"], family, "{address}: {j}");
        assert_eq!(j["canonical"], canonical, "{address}: {j}");
    }
    // Human output names the canonical form an alias was checked as.
    let human = zkcomply(&[
        "list",
        "check",
        "--snapshot",
        &p(&snapshot),
        "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
    ]);
    human.code(0);
    assert!(
        human
            .stdout
            .contains("bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq is listed")
            && human.stdout.contains(
                "cashaddr address; its key is that of 18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd"
            ),
        "{}",
        human.stdout
    );
    assert_eq!(
        check("0x000000000000000000000000000000000000dEaD")["listed"],
        false
    );
    // An invalid address is an error, not "not listed".
    for (address, why) in [
        (
            "qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhQ",
            "cashaddr: mixed case",
        ),
        (
            "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhr",
            "cashaddr: checksum mismatch",
        ),
        (
            "8589427373D6D84E98730D7795D8f6f8731FDa16",
            "EVM: EIP-55 checksum mismatch",
        ),
        (
            "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLrf",
            "TRON base58check: checksum mismatch",
        ),
        (
            XMR_ENTRY,
            "64 hex digits: not an address of any supported family",
        ),
    ] {
        zkcomply(&["list", "check", "--snapshot", &p(&snapshot), address])
            .fails_with(&[&format!("invalid address {address:?}: {why}")]);
    }
}
