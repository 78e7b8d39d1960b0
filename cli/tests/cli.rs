//! Runs the built `zkcomply` binary: the demo, the list operator's commands on the shipped
//! OFAC lists, a full small flow, and every kind of bad file.

use std::fs;

use serde_json::Value;

mod support;
use support::{ofac_files, p, zkcomply};

fn is_root_line(s: &str) -> bool {
    s.len() == 66
        && s.starts_with("0x")
        && s[2..]
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

const CLEAN: &str = "0x000000000000000000000000000000000000dEaD";
const LISTED: &str = "0x8589427373D6D84E98730D7795D8f6f8731FDA16";
const R_HEX: &str = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";

#[test]
fn demo_runs_and_shows_the_refusals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let work = dir.path().join("work");
    let run = zkcomply(&["demo", "--dev-seed", "1", "--work-dir", &p(&work)]);
    run.code(0);
    for expected in [
        "addresses read: 653",
        "duplicates:     13",
        "distinct keys:  640",
        "ok: a registration signed by another account is refused",
        "ok: BITCOINCASH:QPF2CPHC5DKUCLKQUR7LHJ2YUQQ9PK3HMUKLE77VHQ is listed",
        "accepted",
        "is on the sanctions list",
        "amount 1500 exceeds limit 1000",
        "limit raised to 1000000: rejected",
        "128 bytes",
        "total 1000 of 1000",
        "one unit more: refused: period 20000: spent 1000 + amount 1 exceeds the period limit 1000",
        "genesis nullifier: rejected",
        "all 18 expectations met",
    ] {
        assert!(
            run.stdout.contains(expected),
            "demo output lacks {expected:?}:\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("UNEXPECTED"), "{}", run.stdout);
    // The constraint count it prints is the one `info` gives at the default shape.
    let info = zkcomply(&["info", "--json"]);
    info.code(0);
    let constraints = &info.json()["policies"][0]["constraints"];
    assert!(
        constraints.as_u64().is_some_and(|n| n > 1000),
        "{constraints}"
    );
    assert!(
        run.stdout
            .contains(&format!("constraints:    {constraints}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "INSECURE development setup (--dev-seed 1): anyone who knows the seed can forge proofs"
        ),
        "{}",
        run.stderr
    );
    // The artefacts work with the other commands.
    for f in [
        "sanctions.bin",
        "registry.json",
        "identity.json",
        "compliance.pk",
        "compliance.vk",
        "proof.json",
        "tampered-proof.json",
    ] {
        assert!(work.join(f).is_file(), "demo did not write {f}");
    }
    let vk = p(&work.join("compliance.vk"));
    let ok = zkcomply(&[
        "verify",
        "--vk",
        &vk,
        "--proof",
        &p(&work.join("proof.json")),
    ]);
    ok.code(0);
    assert_eq!(ok.stdout.lines().next(), Some("accepted"));
    assert!(ok.stderr.contains("INSECURE"), "{}", ok.stderr);
    let bad = zkcomply(&[
        "verify",
        "--vk",
        &vk,
        "--proof",
        &p(&work.join("tampered-proof.json")),
    ]);
    bad.code(1);
    assert_eq!(bad.stdout.lines().next(), Some("rejected"));
    // The snapshot it wrote has the root of the shipped lists.
    let root = zkcomply(&["list", "root", &p(&work.join("sanctions.bin"))]);
    root.code(0);
    assert!(
        run.stdout.contains(root.stdout.trim()),
        "demo root differs from its snapshot's"
    );
}

#[test]
fn list_build_root_and_check_on_the_ofac_lists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let snapshot = dir.path().join("ofac.bin");
    // One entry is not an address (data/sanctions/README.md): --skip-invalid leaves it out.
    let mut args = vec![
        "--json".to_string(),
        "list".into(),
        "build".into(),
        "--skip-invalid".into(),
        "--out".into(),
        p(&snapshot),
    ];
    args.extend(ofac_files().iter().map(|f| p(f)));
    let built = zkcomply(&args);
    built.code(0);
    let j = built.json();
    assert_eq!(j["addresses"], 653, "{j}");
    assert_eq!(j["skipped"], 1, "{j}");
    assert_eq!(j["duplicates"], 13, "{j}");
    assert_eq!(j["distinct_keys"], 640, "{j}");
    assert_eq!(j["depth"], 32, "{j}");
    assert_eq!(j["duplicate_entries"].as_array().map(Vec::len), Some(13));
    // The same EVM address under ARB, BSC and ETH is one key.
    let dups = j["duplicate_entries"].to_string();
    assert!(
        dups.contains("0x4f47bc496083c727c5fbe3ce9cdf2b0f6496270c"),
        "{dups}"
    );
    let root = j["root"].as_str().expect("root is a string").to_string();

    // `list root` prints exactly one line: the root.
    let printed = zkcomply(&["list", "root", &p(&snapshot)]);
    printed.code(0);
    assert_eq!(printed.stdout.lines().count(), 1, "{:?}", printed.stdout);
    let line = printed.stdout.trim_end_matches('\n');
    assert!(is_root_line(line), "{line:?} is not 0x + 64 hex digits");
    assert_eq!(line, root);
    assert_eq!(printed.stdout, format!("{root}\n"));
    let as_json = zkcomply(&["list", "root", "--json", &p(&snapshot)]);
    assert_eq!(as_json.json()["root"], root.as_str());

    // Human output reports the same numbers.
    let mut human = vec![
        "list".to_string(),
        "build".into(),
        "--skip-invalid".into(),
        "--out".into(),
        p(&dir.path().join("ofac.json")),
    ];
    human.extend(ofac_files().iter().map(|f| p(f)));
    let h = zkcomply(&human);
    h.code(0);
    for part in [
        "read 653 addresses from 17 file(s)",
        "skipped: 1 (not valid addresses",
        "duplicates: 13",
        "distinct keys: 640",
        &format!("root: {root}"),
    ] {
        assert!(h.stdout.contains(part), "{part:?} missing:\n{}", h.stdout);
    }
    // The JSON snapshot has the same root.
    let json_root = zkcomply(&["list", "root", &p(&dir.path().join("ofac.json"))]);
    assert_eq!(json_root.stdout, format!("{root}\n"));

    // check: listed (any case) and not listed, exit 0 both times.
    for (address, listed) in [
        (LISTED.to_lowercase(), true),
        (LISTED.to_string(), true),
        ("bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw".into(), true),
        ("BC1Q05AKTDDF9CE4P7HH3STGSF253M4VWEU7NKHTMW".into(), true),
        (CLEAN.to_string(), false),
    ] {
        let c = zkcomply(&[
            "list",
            "check",
            "--json",
            "--snapshot",
            &p(&snapshot),
            &address,
        ]);
        c.code(0);
        let j = c.json();
        assert_eq!(j["listed"], listed, "{address}: {j}");
        assert_eq!(j["address"], address.as_str());
        assert_eq!(j["root"], root.as_str());
        assert!(is_root_line(j["key"].as_str().unwrap_or_default()), "{j}");
        let human = zkcomply(&["list", "check", "--snapshot", &p(&snapshot), &address]);
        human.code(0);
        let said = if listed { "is listed" } else { "is not listed" };
        assert!(human.stdout.contains(said), "{}", human.stdout);
    }

    // add then remove: the diff is printed and the root comes back.
    let add = zkcomply(&[
        "list",
        "add",
        "--json",
        "--snapshot",
        &p(&snapshot),
        "--address",
        CLEAN,
        LISTED,
    ]);
    add.code(0);
    let j = add.json();
    assert_eq!(j["added"].as_array().map(Vec::len), Some(1), "{j}");
    assert_eq!(j["added"][0]["address"], CLEAN);
    assert_eq!(j["ignored"].as_array().map(Vec::len), Some(1), "{j}");
    assert_eq!(j["old_root"], root.as_str());
    assert_ne!(j["root"], root.as_str());
    assert_eq!(j["count"], 641);
    let checked = zkcomply(&[
        "list",
        "check",
        "--json",
        "--snapshot",
        &p(&snapshot),
        CLEAN,
    ]);
    assert_eq!(checked.json()["listed"], true);
    let remove = zkcomply(&[
        "list",
        "remove",
        "--snapshot",
        &p(&snapshot),
        "--address",
        CLEAN,
    ]);
    remove.code(0);
    assert!(
        remove.stdout.contains(&format!("new root: {root}")),
        "{}",
        remove.stdout
    );
    assert_eq!(
        zkcomply(&["list", "root", &p(&snapshot)]).stdout,
        format!("{root}\n")
    );
}

#[test]
fn text_json_and_csv_lists_give_the_same_tree() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let addresses = [
        LISTED,
        "bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6",
        "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre",
    ];
    fs::write(
        d.join("list.txt"),
        format!("# a comment\n\n{}\n", addresses.join("\r\n")),
    )
    .expect("write");
    fs::write(
        d.join("list.json"),
        serde_json::to_string_pretty(&addresses).expect("json"),
    )
    .expect("write");
    let csv: String = addresses.iter().map(|a| format!("OFAC,{a}\n")).collect();
    fs::write(d.join("list.csv"), format!("Source,ADDRESS\n{csv}")).expect("write");
    let mut roots = Vec::new();
    for f in ["list.txt", "list.json", "list.csv"] {
        let r = zkcomply(&[
            "list",
            "build",
            "--json",
            "--depth",
            "8",
            "--out",
            &p(&d.join(format!("{f}.bin"))),
            &p(&d.join(f)),
        ]);
        r.code(0);
        let j = r.json();
        assert_eq!(j["addresses"], 3, "{f}: {j}");
        assert_eq!(j["duplicates"], 0, "{f}: {j}");
        roots.push(j["root"].clone());
    }
    assert_eq!(roots[0], roots[1]);
    assert_eq!(roots[0], roots[2]);
    // Several files at once: the repeats are reported and counted once.
    let r = zkcomply(&[
        "list",
        "build",
        "--json",
        "--depth",
        "8",
        "--out",
        &p(&d.join("all.bin")),
        &p(&d.join("list.txt")),
        &p(&d.join("list.json")),
        &p(&d.join("list.csv")),
    ]);
    r.code(0);
    let j = r.json();
    assert_eq!(
        (j["addresses"].clone(), j["duplicates"].clone()),
        (9.into(), 6.into()),
        "{j}"
    );
    assert_eq!(j["distinct_keys"], 3);
    assert_eq!(j["root"], roots[0]);

    // Malformed addresses name the file, the line and the reason.
    fs::write(d.join("bad.txt"), format!("{LISTED}\n\n0x1234\n")).expect("write");
    zkcomply(&[
        "list",
        "build",
        "--out",
        &p(&d.join("x.bin")),
        &p(&d.join("bad.txt")),
    ])
    .fails_with(&[
        "bad.txt, line 3",
        "invalid address \"0x1234\"",
        "40 hex digits",
    ]);
    fs::write(
        d.join("bad.json"),
        format!("[\n  \"{LISTED}\",\n  \"0xzz\"\n]"),
    )
    .expect("write");
    zkcomply(&[
        "list",
        "build",
        "--out",
        &p(&d.join("x.bin")),
        &p(&d.join("bad.json")),
    ])
    .fails_with(&["bad.json, line 3", "not a hex digit"]);
    fs::write(d.join("bad.csv"), format!("address\n{LISTED}\nhas space\n")).expect("write");
    zkcomply(&[
        "list",
        "build",
        "--out",
        &p(&d.join("x.bin")),
        &p(&d.join("bad.csv")),
    ])
    .fails_with(&["bad.csv, line 3", "whitespace"]);
    fs::write(d.join("nocol.csv"), format!("wallet\n{LISTED}\n")).expect("write");
    zkcomply(&[
        "list",
        "build",
        "--out",
        &p(&d.join("x.bin")),
        &p(&d.join("nocol.csv")),
    ])
    .fails_with(&["nocol.csv", "no `address` column"]);
    assert!(!d.join("x.bin").exists(), "no snapshot written on error");
}

#[test]
fn small_full_flow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let path = |name: &str| p(&d.join(name));
    fs::write(
        d.join("list.txt"),
        format!("{LISTED}\n0x722122dF12D4e14e13Ac3b6895a86e84145b6967\n"),
    )
    .expect("write");
    zkcomply(&[
        "list",
        "build",
        "--depth",
        "8",
        "--out",
        &path("s.bin"),
        &path("list.txt"),
    ])
    .code(0);

    let id = zkcomply(&[
        "identity",
        "new",
        "--json",
        "--address",
        CLEAN,
        "--out",
        &path("id.json"),
    ]);
    id.code(0);
    let commitment = id.json()["commitment"]
        .as_str()
        .expect("commitment")
        .to_string();
    let file = fs::read_to_string(d.join("id.json")).expect("identity file");
    let secret = serde_json::from_str::<Value>(&file).expect("identity json")["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    assert!(!id.stdout.contains(&secret), "the secret is never printed");
    // An existing identity is not overwritten.
    zkcomply(&[
        "identity",
        "new",
        "--address",
        CLEAN,
        "--out",
        &path("id.json"),
    ])
    .fails_with(&["id.json", "exists"]);
    zkcomply(&[
        "identity",
        "new",
        "--address",
        LISTED,
        "--out",
        &path("listed.json"),
    ])
    .code(0);

    let reg = zkcomply(&[
        "registry",
        "add",
        "--json",
        "--registry",
        &path("reg.json"),
        "--depth",
        "6",
        "--attested",
        "--identity",
        &path("id.json"),
    ]);
    reg.code(0);
    let j = reg.json();
    assert_eq!(
        (j["index"].clone(), j["created"].clone()),
        (0.into(), true.into())
    );
    assert_eq!(j["leaf"], commitment.as_str());
    let reg2 = zkcomply(&[
        "registry",
        "add",
        "--json",
        "--registry",
        &path("reg.json"),
        "--attested",
        "--identity",
        &path("listed.json"),
    ]);
    reg2.code(0);
    assert_eq!(reg2.json()["index"], 1);
    zkcomply(&[
        "registry",
        "add",
        "--registry",
        &path("reg.json"),
        "--attested",
        "--address",
        CLEAN,
        "--pk",
        R_HEX,
    ])
    .fails_with(&["--pk", "not below the field modulus r"]);
    zkcomply(&[
        "registry",
        "add",
        "--registry",
        &path("reg.json"),
        "--depth",
        "7",
        "--attested",
        "--address",
        CLEAN,
        "--pk",
        "5",
    ])
    .fails_with(&["reg.json", "depth 6"]);
    let root = zkcomply(&["registry", "root", &path("reg.json")]);
    root.code(0);
    assert_eq!(
        Some(reg2.json()["root"].as_str().unwrap_or_default()),
        root.stdout.lines().next()
    );

    let setup = zkcomply(&[
        "setup",
        "--json",
        "--policy",
        "compliance",
        "--sanctions-depth",
        "8",
        "--registry-depth",
        "6",
        "--dev-seed",
        "7",
        "--out-dir",
        &path("keys"),
    ]);
    setup.code(0);
    assert!(
        setup.stderr.contains("INSECURE development setup"),
        "{}",
        setup.stderr
    );
    assert_eq!(setup.json()["insecure_dev_setup"], true);
    let pk = path("keys/compliance.pk");
    let vk = path("keys/compliance.vk");

    let prove = |identity: &str, amount: &str, scope: &str, out: &str| {
        zkcomply(&[
            "prove",
            "--pk",
            &pk,
            "--identity",
            &path(identity),
            "--sanctions",
            &path("s.bin"),
            "--registry",
            &path("reg.json"),
            "--amount",
            amount,
            "--limit",
            "1000",
            "--scope",
            scope,
            "--context",
            "0x2a",
            "--out",
            &path(out),
        ])
    };
    let ok = prove("id.json", "250", "12345", "proof.json");
    ok.code(0);
    assert!(
        ok.stderr.contains("INSECURE"),
        "prove warns about the key: {}",
        ok.stderr
    );
    assert!(ok.stdout.contains("proved in"), "{}", ok.stdout);
    prove("listed.json", "250", "12345", "no.json").fails_with(&[&format!(
        "address {LISTED} is on the sanctions list (root 0x"
    )]);
    prove("id.json", "1500", "12345", "no.json").fails_with(&["amount 1500 exceeds limit 1000"]);
    prove(
        "id.json",
        "250",
        "21888242871839275222246405745257275088548364400416034343698204186575808495617",
        "no.json",
    )
    .fails_with(&["--scope", "not below the field modulus r"]);
    assert!(!d.join("no.json").exists());

    // The same request as a JSON file (`--request`): proves and verifies alike; unknown
    // fields, a bad value and options given as well are refused.
    let request = |name: &str, body: &str| {
        fs::write(d.join(name), body).expect("request");
        zkcomply(&[
            "prove",
            "--pk",
            &pk,
            "--identity",
            &path("id.json"),
            "--sanctions",
            &path("s.bin"),
            "--registry",
            &path("reg.json"),
            "--request",
            &path(name),
            "--out",
            &path("req-proof.json"),
        ])
    };
    request(
        "req.json",
        r#"{"amount": 250, "limit": 1000, "scope": "12345", "context": 42, "blinding": "0x07"}"#,
    )
    .code(0);
    let from_request = zkcomply(&[
        "verify",
        "--json",
        "--vk",
        &vk,
        "--proof",
        &path("req-proof.json"),
    ]);
    from_request.code(0);
    assert_eq!(
        from_request.json()["public_inputs"]["context"],
        format!("0x{:064x}", 42)
    );
    request(
        "bad1.json",
        r#"{"amount": 250, "limit": 1000, "scope": 1, "context": 1, "colour": 1}"#,
    )
    .fails_with(&["invalid request", "unknown field `colour`"]);
    request(
        "bad2.json",
        r#"{"amount": 2000, "limit": 1000, "scope": 1, "context": 1}"#,
    )
    .fails_with(&["amount 2000 exceeds limit 1000"]);
    request("bad3.json", r#"{"amount": 1, "limit": 1000, "scope": 1}"#).fails_with(&["no context"]);
    request("bad4.json", "[1, 2").fails_with(&["invalid request"]);
    let mixed = zkcomply(&[
        "prove",
        "--pk",
        &pk,
        "--request",
        &path("req.json"),
        "--amount",
        "3",
        "--out",
        &path("x.json"),
    ]);
    assert_ne!(mixed.code, 0, "--request with --amount must be refused");
    assert!(
        mixed.stderr.contains("cannot be used with"),
        "{}",
        mixed.stderr
    );

    let verified = zkcomply(&[
        "verify",
        "--json",
        "--vk",
        &vk,
        "--proof",
        &path("proof.json"),
    ]);
    verified.code(0);
    let j = verified.json();
    assert_eq!(j["accepted"], true);
    assert_eq!(j["public_inputs"]["scope"], format!("0x{:064x}", 12345));
    assert!(verified.stderr.contains("INSECURE"), "{}", verified.stderr);

    // A public input edited in the proof file: well-formed but false.
    let text = fs::read_to_string(d.join("proof.json")).expect("proof");
    let scope = format!("0x{:064x}", 12345);
    assert!(text.contains(&scope));
    fs::write(
        d.join("edited.json"),
        text.replace(&scope, &format!("0x{:064x}", 12346)),
    )
    .expect("write");
    let rejected = zkcomply(&["verify", "--vk", &vk, "--proof", &path("edited.json")]);
    rejected.code(1);
    assert_eq!(rejected.stdout.lines().next(), Some("rejected"));
    let rejected = zkcomply(&[
        "verify",
        "--json",
        "--vk",
        &vk,
        "--proof",
        &path("edited.json"),
    ]);
    rejected.code(1);
    assert_eq!(rejected.json()["accepted"], false);

    // snarkjs export.
    let export = zkcomply(&[
        "export",
        "snarkjs",
        "--vk",
        &vk,
        "--proof",
        &path("proof.json"),
        "--out",
        &path("snarkjs/out"),
    ]);
    export.code(0);
    let read = |f: &str| -> Value {
        serde_json::from_str(&fs::read_to_string(d.join("snarkjs/out").join(f)).expect("exported"))
            .expect("exported JSON")
    };
    let vkj = read("verification_key.json");
    assert_eq!(
        (vkj["protocol"].clone(), vkj["curve"].clone()),
        ("groth16".into(), "bn128".into())
    );
    assert_eq!(vkj["nPublic"], 7);
    assert_eq!(vkj["IC"].as_array().map(Vec::len), Some(8));
    let public = read("public.json");
    assert_eq!(public.as_array().map(Vec::len), Some(7));
    assert_eq!(public[2], "1000", "limit, decimal");
    assert_eq!(public[4], "12345", "scope, decimal");
    assert_eq!(public[6], "42", "context, decimal");
    assert_eq!(read("proof.json")["pi_a"].as_array().map(Vec::len), Some(3));
    // Key only.
    let vk_only = zkcomply(&[
        "export",
        "snarkjs",
        "--json",
        "--vk",
        &vk,
        "--out",
        &path("vk-only"),
    ]);
    vk_only.code(0);
    assert_eq!(vk_only.json()["files"].as_array().map(Vec::len), Some(1));
    assert!(d.join("vk-only/verification_key.json").is_file());
    assert!(!d.join("vk-only/proof.json").exists());

    // info at this shape agrees with the key.
    let info = zkcomply(&[
        "info",
        "--json",
        "--sanctions-depth",
        "8",
        "--registry-depth",
        "6",
    ]);
    info.code(0);
    let policies = info.json()["policies"].clone();
    assert_eq!(policies[0]["name"], "compliance");
    assert_eq!(policies[0]["constraints"], setup.json()["constraints"]);
    assert_eq!(
        policies[0]["public_inputs"],
        serde_json::json!([
            "sanctions_root",
            "registry_root",
            "limit",
            "amount_commitment",
            "scope",
            "nullifier",
            "context"
        ])
    );
}

/// A ComplianceGate and a recipient (the EIP-55 test vectors), and the gate's chain.
const GATE: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const RECIPIENT: &str = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
/// The user's account, which calls the gate.
const CALLER: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const CHAIN_ID: u64 = 31337;
const GATE_FUNCTION: &str =
    "verifyAndConsume(uint256[8],(uint256,uint256,uint256,uint256,uint256,uint256,uint256),address)";

/// `0x` + 40 hex digits as 20 bytes.
fn address_bytes(address: &str) -> [u8; 20] {
    hex::decode(&address[2..])
        .expect("hex address")
        .try_into()
        .expect("20 bytes")
}

/// The 4-byte selector of `signature` as 0x + 8 hex digits.
fn selector_hex(signature: &str) -> String {
    format!(
        "0x{}",
        hex::encode(zkcomply::verifier::solidity::selector(signature))
    )
}

#[test]
fn solidity_export_calldata_and_gate_bound_proofs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let path = |name: &str| p(&d.join(name));
    fs::write(d.join("list.txt"), format!("{LISTED}\n")).expect("write");
    zkcomply(&[
        "list",
        "build",
        "--depth",
        "8",
        "--out",
        &path("s.bin"),
        &path("list.txt"),
    ])
    .code(0);
    zkcomply(&[
        "identity",
        "new",
        "--address",
        CLEAN,
        "--out",
        &path("id.json"),
    ])
    .code(0);
    zkcomply(&[
        "registry",
        "add",
        "--registry",
        &path("reg.json"),
        "--depth",
        "6",
        "--attested",
        "--identity",
        &path("id.json"),
    ])
    .code(0);
    for policy in ["compliance", "transfer_limit"] {
        zkcomply(&[
            "setup",
            "--policy",
            policy,
            "--sanctions-depth",
            "8",
            "--registry-depth",
            "6",
            "--dev-seed",
            "11",
            "--out-dir",
            &path("keys"),
        ])
        .code(0);
    }
    let pk = path("keys/compliance.pk");
    let vk = path("keys/compliance.vk");

    // export solidity: the generated verifier and the gate, with a loud warning.
    let sol = zkcomply(&["export", "solidity", "--vk", &vk, "--out", &path("sol")]);
    sol.code(0);
    let declaration = "function verifyProof(uint256[8] calldata proof, uint256[7] calldata input)";
    for part in [
        "ComplianceVerifier.sol",
        "ComplianceGate.sol",
        "contract ComplianceVerifier",
        declaration,
        &selector_hex("verifyProof(uint256[8],uint256[7])"),
    ] {
        assert!(
            sol.stdout.contains(part),
            "{part:?} missing:\n{}",
            sol.stdout
        );
    }
    assert!(
        sol.stderr.contains("!!! WARNING")
            && sol.stderr.contains("INSECURE development key")
            && sol.stderr.contains("ComplianceVerifier accepts"),
        "{}",
        sol.stderr
    );
    let verifier = fs::read_to_string(d.join("sol/ComplianceVerifier.sol")).expect("verifier");
    assert!(
        verifier.contains("contract ComplianceVerifier {"),
        "{verifier}"
    );
    assert!(verifier.contains(declaration), "{verifier}");
    assert!(verifier.contains("INSECURE"), "the source says it too");
    let gate = fs::read_to_string(d.join("sol/ComplianceGate.sol")).expect("gate");
    assert!(gate.contains("contract ComplianceGate"), "{gate}");
    let registry = fs::read_to_string(d.join("sol/IdentityRegistry.sol")).expect("registry");
    assert!(
        registry.contains("contract IdentityRegistry") && !registry.contains("import"),
        "{registry}"
    );
    let sol_json = zkcomply(&[
        "export",
        "solidity",
        "--json",
        "--vk",
        &vk,
        "--out",
        &path("sol2"),
    ]);
    sol_json.code(0);
    let j = sol_json.json();
    assert_eq!(
        j["files"],
        serde_json::json!([
            path("sol2/ComplianceVerifier.sol"),
            path("sol2/ComplianceGate.sol"),
            path("sol2/IdentityRegistry.sol")
        ])
    );
    assert_eq!(
        j["contracts"],
        serde_json::json!(["ComplianceVerifier", "ComplianceGate", "IdentityRegistry"])
    );
    assert_eq!(j["function"], "verifyProof(uint256[8],uint256[7])");
    assert_eq!(j["insecure_dev_setup"], true);
    assert!(sol_json.stderr.contains("INSECURE"), "{}", sol_json.stderr);
    // Another policy: its verifier only, with its own number of inputs.
    let tl = zkcomply(&[
        "export",
        "solidity",
        "--json",
        "--vk",
        &path("keys/transfer_limit.vk"),
        "--out",
        &path("sol3"),
    ]);
    tl.code(0);
    assert_eq!(
        tl.json()["files"],
        serde_json::json!([path("sol3/TransferLimitVerifier.sol")])
    );
    assert_eq!(tl.json()["function"], "verifyProof(uint256[8],uint256[3])");
    assert!(!d.join("sol3/ComplianceGate.sol").exists());

    // prove with --gate/--chain-id/--recipient: the context is ComplianceGate.contextFor's.
    let prove = |extra: &[&str], out: &str| {
        let mut args = vec![
            "prove".to_string(),
            "--json".into(),
            "--pk".into(),
            pk.clone(),
            "--identity".into(),
            path("id.json"),
            "--sanctions".into(),
            path("s.bin"),
            "--registry".into(),
            path("reg.json"),
            "--amount".into(),
            "250".into(),
            "--limit".into(),
            "1000".into(),
            "--scope".into(),
            "77".into(),
            "--out".into(),
            path(out),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        zkcomply(&args)
    };
    let chain = CHAIN_ID.to_string();
    let bound = prove(
        &[
            "--gate",
            &GATE.to_lowercase(),
            "--chain-id",
            &chain,
            "--caller",
            CALLER,
            "--recipient",
            RECIPIENT,
        ],
        "proof.json",
    );
    bound.code(0);
    let j = bound.json();
    assert_eq!(j["gate_transfer"]["gate"], GATE, "checksummed: {j}");
    assert_eq!(j["gate_transfer"]["recipient"], RECIPIENT);
    assert_eq!(j["gate_transfer"]["caller"], CALLER);
    assert_eq!(j["gate_transfer"]["chain_id"], CHAIN_ID);
    let proof: Value =
        serde_json::from_str(&fs::read_to_string(d.join("proof.json")).expect("proof"))
            .expect("proof JSON");
    let input = |name: &str| {
        proof["public_inputs"][name]
            .as_str()
            .unwrap_or_else(|| panic!("no {name} in {proof}"))
            .to_string()
    };
    let amount_commitment =
        zkcomply::field::parse("amount_commitment", &input("amount_commitment"))
            .expect("a field element");
    let expected = zkcomply::circuits::context::evm_transfer(
        CHAIN_ID,
        address_bytes(GATE),
        address_bytes(CALLER),
        address_bytes(RECIPIENT),
        amount_commitment,
    );
    assert_eq!(input("context"), zkcomply::field::to_hex(&expected));
    assert_eq!(j["public_inputs"]["context"], input("context").as_str());
    zkcomply(&["verify", "--vk", &vk, "--proof", &path("proof.json")]).code(0);
    // The gate's own scope, derived from its chain, address and epoch.
    let request = serde_json::json!({
        "amount": 250, "limit": 1000, "scope_epoch": 3, "gate": GATE, "chain_id": CHAIN_ID,
        "caller": CALLER, "recipient": RECIPIENT,
    });
    fs::write(d.join("gate-request.json"), request.to_string()).expect("write");
    let scoped = zkcomply(&[
        "prove",
        "--json",
        "--pk",
        &pk,
        "--identity",
        &path("id.json"),
        "--sanctions",
        &path("s.bin"),
        "--registry",
        &path("reg.json"),
        "--request",
        &path("gate-request.json"),
        "--out",
        &path("scoped.json"),
    ]);
    scoped.code(0);
    let expected_scope = zkcomply::circuits::context::evm_scope(CHAIN_ID, address_bytes(GATE), 3);
    assert_eq!(
        scoped.json()["public_inputs"]["scope"],
        zkcomply::field::to_hex(&expected_scope).as_str()
    );

    // export calldata: verifyProof(uint256[8],uint256[7]) = 4 + 32 * 15 bytes.
    let calldata = zkcomply(&["export", "calldata", "--proof", &path("proof.json")]);
    calldata.code(0);
    assert_eq!(calldata.stdout.lines().count(), 1, "{}", calldata.stdout);
    let hex_data = calldata.stdout.trim_end().to_string();
    assert!(
        hex_data.starts_with(&selector_hex("verifyProof(uint256[8],uint256[7])")),
        "{hex_data}"
    );
    assert_eq!(hex_data.len(), 2 + 2 * (4 + 32 * 15), "{hex_data}");
    assert!(
        hex_data.ends_with(&input("context")[2..]),
        "context is last"
    );
    assert!(calldata.stderr.contains("INSECURE"), "{}", calldata.stderr);
    let cj = zkcomply(&[
        "export",
        "calldata",
        "--json",
        "--proof",
        &path("proof.json"),
    ]);
    cj.code(0);
    let cj = cj.json();
    assert_eq!(cj["function"], "verifyProof(uint256[8],uint256[7])");
    assert_eq!(cj["calldata"], hex_data.as_str());
    assert_eq!(cj["proof"].as_array().map(Vec::len), Some(8), "{cj}");
    assert_eq!(cj["inputs"].as_array().map(Vec::len), Some(7), "{cj}");
    assert_eq!(cj["inputs"][6], input("context").as_str());
    let words: String = cj["proof"]
        .as_array()
        .expect("proof words")
        .iter()
        .map(|w| w.as_str().expect("a word")[2..].to_string())
        .collect();
    assert_eq!(
        &hex_data[10..10 + 64 * 8],
        words,
        "the words are the calldata's"
    );

    // With --gate-recipient: verifyAndConsume, one more word (the recipient).
    let gate_call = zkcomply(&[
        "export",
        "calldata",
        "--json",
        "--proof",
        &path("proof.json"),
        "--gate-recipient",
        RECIPIENT,
    ]);
    gate_call.code(0);
    let gj = gate_call.json();
    assert_eq!(gj["function"], GATE_FUNCTION);
    let gate_data = gj["calldata"].as_str().expect("calldata").to_string();
    assert_eq!(gate_data.len(), 2 + 2 * (4 + 32 * 16), "{gate_data}");
    assert!(gate_data.starts_with(&selector_hex(GATE_FUNCTION)));
    assert_eq!(
        gate_data[10..10 + 64 * 15],
        hex_data[10..],
        "same proof and inputs"
    );
    assert_eq!(
        gate_data[10 + 64 * 15..],
        format!("{:0>64}", RECIPIENT[2..].to_lowercase())
    );
    let text = zkcomply(&[
        "export",
        "calldata",
        "--proof",
        &path("proof.json"),
        "--gate-recipient",
        RECIPIENT,
    ]);
    text.code(0);
    assert_eq!(text.stdout, format!("{gate_data}\n"));

    // Bad addresses are named, with the reason; nothing is written.
    zkcomply(&[
        "export",
        "calldata",
        "--proof",
        &path("proof.json"),
        "--gate-recipient",
        "0x1234",
    ])
    .fails_with(&[
        "--gate-recipient",
        "invalid address \"0x1234\": EVM:",
        "40 hex digits, found 4",
    ]);
    let typo = RECIPIENT.replacen('B', "b", 1);
    zkcomply(&[
        "export",
        "calldata",
        "--proof",
        &path("proof.json"),
        "--gate-recipient",
        &typo,
    ])
    .fails_with(&["--gate-recipient", &typo, "EIP-55 checksum", RECIPIENT]);
    prove(
        &[
            "--gate",
            GATE,
            "--chain-id",
            &chain,
            "--caller",
            CALLER,
            "--recipient",
            "fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        ],
        "no.json",
    )
    .fails_with(&[
        "--recipient",
        "invalid address \"fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359\": EVM: an EVM account is written 0x",
    ]);
    prove(
        &[
            "--gate",
            "0xzz",
            "--chain-id",
            &chain,
            "--caller",
            CALLER,
            "--recipient",
            RECIPIENT,
        ],
        "no.json",
    )
    .fails_with(&["--gate", "EVM: bad hex: 'z' is not a hex digit"]);
    // --context and --gate are two ways to give one value: clap refuses a mix or a half.
    let mixed = prove(
        &[
            "--context",
            "7",
            "--gate",
            GATE,
            "--chain-id",
            &chain,
            "--caller",
            CALLER,
            "--recipient",
            RECIPIENT,
        ],
        "no.json",
    );
    assert_ne!(mixed.no_panic().code, 0);
    assert!(
        mixed.stderr.contains("cannot be used with"),
        "{}",
        mixed.stderr
    );
    let half = prove(&["--gate", GATE, "--chain-id", &chain], "no.json");
    assert_ne!(half.no_panic().code, 0);
    assert!(half.stderr.contains("--recipient"), "{}", half.stderr);
    let neither = prove(&[], "no.json");
    assert_ne!(neither.no_panic().code, 0);
    assert!(neither.stderr.contains("--context"), "{}", neither.stderr);
    assert!(!d.join("no.json").exists());

    // A proof of another policy has no verifyAndConsume calldata.
    zkcomply(&[
        "prove",
        "--pk",
        &path("keys/transfer_limit.pk"),
        "--amount",
        "5",
        "--limit",
        "10",
        "--context",
        "9",
        "--out",
        &path("tl.json"),
    ])
    .code(0);
    let tl_call = zkcomply(&["export", "calldata", "--proof", &path("tl.json")]);
    tl_call.code(0);
    assert_eq!(tl_call.stdout.trim_end().len(), 2 + 2 * (4 + 32 * 11));
    zkcomply(&[
        "export",
        "calldata",
        "--proof",
        &path("tl.json"),
        "--gate-recipient",
        RECIPIENT,
    ])
    .fails_with(&[
        "--gate-recipient",
        "compliance proofs",
        "transfer_limit proof",
    ]);
}

#[test]
fn bad_files_are_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let path = |name: &str| p(&d.join(name));
    for policy in ["transfer_limit", "non_membership"] {
        zkcomply(&[
            "setup",
            "--policy",
            policy,
            "--sanctions-depth",
            "4",
            "--registry-depth",
            "4",
            "--dev-seed",
            "3",
            "--out-dir",
            &path("keys"),
        ])
        .code(0);
    }
    let vk = path("keys/transfer_limit.vk");
    let pk = path("keys/transfer_limit.pk");
    zkcomply(&[
        "prove",
        "--pk",
        &pk,
        "--amount",
        "5",
        "--limit",
        "10",
        "--context",
        "7",
        "--out",
        &path("proof.json"),
    ])
    .code(0);
    zkcomply(&["verify", "--vk", &vk, "--proof", &path("proof.json")]).code(0);
    // transfer_limit needs no identity: asking for one in non_membership does.
    zkcomply(&[
        "prove",
        "--pk",
        &path("keys/non_membership.pk"),
        "--context",
        "7",
        "--scope",
        "1",
        "--out",
        &path("x.json"),
    ])
    .fails_with(&["policy non_membership needs --identity"]);

    let vk_bytes = fs::read(d.join("keys/transfer_limit.vk")).expect("vk");
    let proof_text = fs::read_to_string(d.join("proof.json")).expect("proof");
    let write = |name: &str, bytes: &[u8]| {
        fs::write(d.join(name), bytes).expect("write");
        path(name)
    };

    // Empty files.
    let empty = write("empty", b"");
    zkcomply(&["verify", "--vk", &empty, "--proof", &path("proof.json")])
        .fails_with(&["empty", "the file is empty"]);
    zkcomply(&["verify", "--vk", &vk, "--proof", &empty]).fails_with(&["the file is empty"]);
    zkcomply(&["list", "root", &empty]).fails_with(&["the file is empty"]);
    zkcomply(&["list", "build", "--out", &path("o.bin"), &empty])
        .fails_with(&["holds no addresses"]);
    zkcomply(&["registry", "root", &empty]).fails_with(&["the file is empty"]);

    // A truncated key file.
    let truncated = write("truncated.vk", &vk_bytes[..vk_bytes.len() / 2]);
    zkcomply(&["verify", "--vk", &truncated, "--proof", &path("proof.json")])
        .fails_with(&["truncated.vk", "truncated"]);
    let pk_bytes = fs::read(d.join("keys/transfer_limit.pk")).expect("pk");
    let truncated_pk = write("truncated.pk", &pk_bytes[..pk_bytes.len() - 40]);
    zkcomply(&[
        "prove",
        "--pk",
        &truncated_pk,
        "--amount",
        "5",
        "--limit",
        "10",
        "--context",
        "7",
        "--out",
        &path("x.json"),
    ])
    .fails_with(&["truncated.pk", "truncated"]);

    // Garbage bytes.
    let garbage: Vec<u8> = (0..997u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let g = write("garbage.bin", &garbage);
    zkcomply(&["verify", "--vk", &g, "--proof", &path("proof.json")])
        .fails_with(&["garbage.bin", "magic"]);
    zkcomply(&[
        "prove",
        "--pk",
        &g,
        "--context",
        "1",
        "--out",
        &path("x.json"),
    ])
    .fails_with(&["garbage.bin", "magic"]);
    zkcomply(&["list", "root", &g]).fails_with(&["garbage.bin", "magic"]);
    zkcomply(&["verify", "--vk", &vk, "--proof", &g]).fails_with(&["garbage.bin", "not UTF-8"]);

    // A key file with another format version.
    let mut v = vk_bytes.clone();
    v[8] = 9;
    let versioned = write("version.vk", &v);
    zkcomply(&["verify", "--vk", &versioned, "--proof", &path("proof.json")])
        .fails_with(&["version.vk", "format version 9, this build reads version 1"]);
    // A flipped payload byte.
    let mut flipped = vk_bytes.clone();
    let n = flipped.len();
    flipped[n - 40] ^= 1;
    let flipped = write("flipped.vk", &flipped);
    zkcomply(&["verify", "--vk", &flipped, "--proof", &path("proof.json")])
        .fails_with(&["flipped.vk", "content hash mismatch"]);
    // A proving key where a verifying key belongs.
    zkcomply(&["verify", "--vk", &pk, "--proof", &path("proof.json")])
        .fails_with(&["expected a verifying key"]);

    // A non-UTF-8 address file.
    let latin1 = write(
        "latin1.txt",
        b"0x8589427373D6D84E98730D7795D8f6f8731FDA16\nM\xfcller\n",
    );
    zkcomply(&["list", "build", "--out", &path("o.bin"), &latin1])
        .fails_with(&["latin1.txt, line 2", "not UTF-8"]);
    zkcomply(&["list", "add", "--snapshot", &path("o.bin"), &latin1])
        .fails_with(&["latin1.txt, line 2", "not UTF-8"]);

    // A malformed JSON proof.
    let cut = write("cut.json", &proof_text.as_bytes()[..proof_text.len() / 2]);
    zkcomply(&["verify", "--vk", &vk, "--proof", &cut]).fails_with(&["cut.json", "invalid JSON"]);
    let j = zkcomply(&["verify", "--json", "--vk", &vk, "--proof", &cut]);
    j.code(2);
    assert_eq!(j.json()["accepted"], false);
    assert!(j.json()["error"]
        .as_str()
        .unwrap_or_default()
        .contains("invalid JSON"));
    let bad_point = write(
        "point.json",
        proof_text
            .replacen("\"proof\": \"0x", "\"proof\": \"0xff", 1)
            .as_bytes(),
    );
    zkcomply(&["verify", "--vk", &vk, "--proof", &bad_point]).fails_with(&["proof"]);

    // A public input >= r in the proof file.
    let proof: Value = serde_json::from_str(&proof_text).expect("proof json");
    let context = proof["public_inputs"]["context"]
        .as_str()
        .expect("context")
        .to_string();
    let over = write("over.json", proof_text.replace(&context, R_HEX).as_bytes());
    zkcomply(&["verify", "--vk", &vk, "--proof", &over])
        .fails_with(&["over.json", "not below the field modulus r"]);
    zkcomply(&[
        "export",
        "snarkjs",
        "--vk",
        &vk,
        "--proof",
        &over,
        "--out",
        &path("exp"),
    ])
    .fails_with(&["not below the field modulus r"]);

    // A proof checked under another policy's key.
    zkcomply(&[
        "verify",
        "--vk",
        &path("keys/non_membership.vk"),
        "--proof",
        &path("proof.json"),
    ])
    .fails_with(&["the proof is for transfer_limit v1, the key is for non_membership v2"]);

    // Missing files and bad arguments.
    zkcomply(&[
        "verify",
        "--vk",
        &path("missing.vk"),
        "--proof",
        &path("proof.json"),
    ])
    .fails_with(&["missing.vk"]);
    zkcomply(&[
        "prove",
        "--pk",
        &pk,
        "--amount",
        "5",
        "--limit",
        "10",
        "--context",
        "0xzz",
        "--out",
        &path("x.json"),
    ])
    .fails_with(&["--context", "not a hex digit"]);
    zkcomply(&["list", "check", "--snapshot", &path("o.bin"), "0x12"])
        .fails_with(&["invalid address \"0x12\""]);
    let bad_identity = write("identity.json", b"{\"format\": \"zkcomply-identity/1\"}");
    zkcomply(&[
        "registry",
        "add",
        "--registry",
        &path("r.json"),
        "--attested",
        "--identity",
        &bad_identity,
    ])
    .fails_with(&["identity.json"]);
    assert!(!d.join("r.json").exists(), "no registry created on error");
    assert!(!d.join("x.json").exists() && !d.join("o.bin").exists());
}

#[test]
fn period_limit_flow_tracks_the_allowance_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let path = |name: &str| p(&d.join(name));
    fs::write(d.join("list.txt"), format!("{LISTED}\n")).expect("write");
    zkcomply(&[
        "list",
        "build",
        "--depth",
        "6",
        "--out",
        &path("s.bin"),
        &path("list.txt"),
    ])
    .code(0);
    zkcomply(&[
        "identity",
        "new",
        "--address",
        CLEAN,
        "--out",
        &path("id.json"),
    ])
    .code(0);
    zkcomply(&[
        "registry",
        "add",
        "--registry",
        &path("reg.json"),
        "--depth",
        "5",
        "--attested",
        "--identity",
        &path("id.json"),
    ])
    .code(0);
    zkcomply(&[
        "setup",
        "--policy",
        "period_limit",
        "--sanctions-depth",
        "6",
        "--registry-depth",
        "5",
        "--state-depth",
        "5",
        "--dev-seed",
        "3",
        "--out-dir",
        &path("keys"),
    ])
    .code(0);
    // The verifier's state tree starts empty.
    zkcomply(&[
        "state",
        "add",
        "--state",
        &path("state.json"),
        "--depth",
        "5",
        "--note",
        "0x01",
    ])
    .code(0);

    let prove = |note: Option<&str>, period: &str, amount: &str, out: &str, next: &str| {
        let mut args = vec![
            "prove".to_string(),
            "--json".into(),
            "--pk".into(),
            path("keys/period_limit.pk"),
            "--identity".into(),
            path("id.json"),
            "--sanctions".into(),
            path("s.bin"),
            "--registry".into(),
            path("reg.json"),
            "--state".into(),
            path("state.json"),
            "--period".into(),
            period.into(),
            "--amount".into(),
            amount.into(),
            "--limit".into(),
            "1000".into(),
            "--scope".into(),
            "77".into(),
            "--context".into(),
            "0x2a".into(),
            "--out".into(),
            path(out),
            "--next-note".into(),
            path(next),
        ];
        match note {
            Some(n) => args.extend(["--note".to_string(), path(n)]),
            None => args.push("--first-note".into()),
        }
        zkcomply(&args)
    };
    let accept = |proof: &str| {
        let v = zkcomply(&[
            "verify",
            "--vk",
            &path("keys/period_limit.vk"),
            "--proof",
            &path(proof),
        ]);
        v.code(0);
        zkcomply(&[
            "state",
            "add",
            "--state",
            &path("state.json"),
            "--proof",
            &path(proof),
        ])
        .code(0);
    };

    let first = prove(None, "19000", "600", "p1.json", "n1.json");
    first.code(0);
    assert_eq!(first.json()["next_note"]["spent"], 600);
    accept("p1.json");
    let second = prove(Some("n1.json"), "19000", "400", "p2.json", "n2.json");
    second.code(0);
    assert_eq!(second.json()["next_note"]["spent"], 1000);
    accept("p2.json");
    // The limit is reached: one unit more is refused, a new period starts from zero.
    prove(Some("n2.json"), "19000", "1", "no.json", "n3.json")
        .fails_with(&["period 19000: spent 1000 + amount 1 exceeds the period limit 1000"]);
    assert!(!d.join("no.json").exists() && !d.join("n3.json").exists());
    prove(Some("n2.json"), "18999", "1", "no.json", "n3.json")
        .fails_with(&["periods never go back"]);
    let next_day = prove(Some("n2.json"), "19001", "1000", "p3.json", "n3.json");
    next_day.code(0);
    assert_eq!(next_day.json()["next_note"]["spent"], 1000);
    // A note the verifier never appended is not in the state tree.
    prove(Some("n3.json"), "19001", "1", "no.json", "n4.json")
        .fails_with(&["allowance note 0x", "is not in the state tree"]);
    // A second first note proves, but under the genesis nullifier already used: refused by
    // any verifier that keeps the nullifier set.
    let again = prove(None, "19001", "1", "p4.json", "n4.json");
    again.code(0);
    assert_eq!(
        again.json()["public_inputs"]["nullifier"],
        first.json()["public_inputs"]["nullifier"]
    );
    // Missing note, and the next note over the live one, are refused.
    let missing = zkcomply(&[
        "prove",
        "--pk",
        &path("keys/period_limit.pk"),
        "--identity",
        &path("id.json"),
        "--sanctions",
        &path("s.bin"),
        "--registry",
        &path("reg.json"),
        "--state",
        &path("state.json"),
        "--period",
        "1",
        "--amount",
        "1",
        "--limit",
        "2",
        "--scope",
        "77",
        "--context",
        "1",
        "--out",
        &path("no2.json"),
        "--next-note",
        &path("n9.json"),
    ]);
    missing.fails_with(&["--note", "--first-note"]);
    prove(Some("n2.json"), "19001", "1", "no3.json", "n2.json")
        .fails_with(&["--next-note", "keep the live note"]);
    fs::write(d.join("bad-note.json"), "{\"format\":\"zkcomply-note/1\"}").expect("write");
    prove(Some("bad-note.json"), "19001", "1", "no3.json", "n9.json")
        .fails_with(&["bad-note.json", "missing field"]);
    zkcomply(&[
        "state",
        "add",
        "--state",
        &path("state.json"),
        "--proof",
        &path("keys/period_limit.vk"),
    ])
    .fails_with(&["period_limit.vk"]);
}
