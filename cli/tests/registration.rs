//! Registration binds an identity to its account: `identity new --sign-with` signs the
//! request with the account's key, `registry add` checks the signature (or takes the
//! operator's explicit `--attested`), and refuses a registration for someone else's account,
//! another public key, registry or chain. Files holding a secret are private.

use std::{fs, path::Path};

use serde_json::Value;

mod support;
use support::{p, zkcomply};

/// A secp256k1 private key and its account (the key of Hardhat's/Anvil's account #1).
const ALICE_KEY: &str = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const ALICE: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
/// Account #0's key: Mallory.
const MALLORY_KEY: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const MALLORY: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

fn json_file(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).expect("file")).expect("JSON")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// `identity new --sign-with`, as the user runs it; returns the request file's JSON.
fn new_signed(d: &Path, address: &str, key_file: &str, out: &str, request: &str) -> Value {
    zkcomply(&[
        "identity",
        "new",
        "--address",
        address,
        "--out",
        &p(&d.join(out)),
        "--sign-with",
        key_file,
        "--registry-name",
        "kyc.test",
        "--chain-id",
        "1",
        "--request-out",
        &p(&d.join(request)),
    ])
    .code(0);
    json_file(&d.join(request))
}

#[test]
fn a_signed_request_registers_the_account_and_nothing_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let path = |name: &str| p(&d.join(name));
    fs::write(d.join("alice.key"), format!("{ALICE_KEY}\n")).expect("write");
    fs::write(d.join("mallory.key"), MALLORY_KEY).expect("write");

    let request = new_signed(d, ALICE, &path("alice.key"), "alice.json", "alice-req.json");
    let identity = json_file(&d.join("alice.json"));
    assert_eq!(request["address"], ALICE);
    assert_eq!(request["public_key"], identity["public_key"]);
    assert!(
        !fs::read_to_string(d.join("alice-req.json"))
            .expect("request")
            .contains(identity["secret"].as_str().expect("secret")),
        "the request holds no secret"
    );
    #[cfg(unix)]
    {
        assert_eq!(
            mode(&d.join("alice.json")),
            0o600,
            "identity files are private"
        );
    }

    // The operator checks the signature and inserts the identity's commitment.
    let add = |extra: &[&str]| {
        let mut args = vec!["registry", "add", "--json"];
        let registry = path("reg.json");
        args.extend(["--registry", &registry, "--depth", "5"]);
        args.extend(extra);
        zkcomply(&args)
    };
    let alice_req = path("alice-req.json");
    let ok = add(&[
        "--request",
        &alice_req,
        "--registry-name",
        "kyc.test",
        "--chain-id",
        "1",
    ]);
    ok.code(0);
    assert_eq!(ok.json()["leaf"], identity["commitment"]);

    // The same request at another registry or on another chain is refused.
    add(&[
        "--request",
        &alice_req,
        "--registry-name",
        "kyc.other",
        "--chain-id",
        "1",
    ])
    .fails_with(&["alice-req.json", "kyc.test", "kyc.other"]);
    add(&[
        "--request",
        &alice_req,
        "--registry-name",
        "kyc.test",
        "--chain-id",
        "10",
    ])
    .fails_with(&["chain 1", "chain 10"]);

    // The request's parts as flags: accepted as signed, refused for another public key.
    let signature = request["signature"].as_str().expect("signature");
    let pk = request["public_key"].as_str().expect("pk");
    let flags = |pk: &str| {
        add(&[
            "--address",
            ALICE,
            "--pk",
            pk,
            "--signature",
            signature,
            "--registry-name",
            "kyc.test",
            "--chain-id",
            "1",
        ])
    };
    flags(pk).code(0);
    flags("0x1234").fails_with(&["signed by", "not by the account", ALICE]);

    // Mallory cannot register Alice's account: signing for it with her own key fails before
    // any file is written, and a request carrying Alice's address with Mallory's signature
    // is refused by the operator.
    zkcomply(&[
        "identity",
        "new",
        "--address",
        ALICE,
        "--out",
        &path("stolen.json"),
        "--sign-with",
        &path("mallory.key"),
        "--registry-name",
        "kyc.test",
        "--chain-id",
        "1",
        "--request-out",
        &path("stolen-req.json"),
    ])
    .fails_with(&["mallory.key", MALLORY, ALICE]);
    assert!(!d.join("stolen.json").exists() && !d.join("stolen-req.json").exists());
    let mallory = new_signed(d, MALLORY, &path("mallory.key"), "m.json", "m-req.json");
    let mut forged = mallory.clone();
    forged["address"] = ALICE.into();
    fs::write(d.join("forged.json"), forged.to_string()).expect("write");
    add(&[
        "--request",
        &path("forged.json"),
        "--registry-name",
        "kyc.test",
        "--chain-id",
        "1",
    ])
    .fails_with(&["forged.json", "signed by", ALICE]);

    // No signature and no attestation: refused, naming both ways.
    add(&["--address", ALICE, "--pk", pk]).fails_with(&["--signature", "--attested"]);
    // An attestation is accepted, and says what it is.
    let attested = add(&["--attested", "--address", ALICE, "--pk", pk]);
    attested.code(0);
    assert!(
        attested.stderr.contains("attestation"),
        "{}",
        attested.stderr
    );

    // Bad signing-key files are refused without printing them.
    fs::write(d.join("bad.key"), "0x1234").expect("write");
    zkcomply(&[
        "identity",
        "new",
        "--address",
        ALICE,
        "--out",
        &path("x.json"),
        "--sign-with",
        &path("bad.key"),
        "--registry-name",
        "kyc.test",
        "--chain-id",
        "1",
        "--request-out",
        &path("x-req.json"),
    ])
    .fails_with(&["bad.key", "64 hex digits"]);
    assert!(!d.join("x.json").exists());
}
