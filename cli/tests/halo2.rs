//! `--backend halo2` (feature `halo2`): setup with a seeded SRS, with an SRS file and
//! (refused) with a garbage powers-of-tau file; prove; verify; export solidity. A tampered
//! proof is rejected, a proof of the other back-end and a `--backend` that disagrees with the
//! key are refused with errors naming them. (A real snarkjs ptau file: `tests/ptau_halo2.rs`
//! at the root.)

use std::fs;

use serde_json::Value;

mod support;
use support::{p, zkcomply};

#[test]
fn halo2_setup_prove_verify_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let path = |name: &str| p(&d.join(name));

    let setup = zkcomply(&[
        "setup",
        "--json",
        "--backend",
        "halo2",
        "--policy",
        "transfer_limit",
        "--dev-seed",
        "7",
        "--out-dir",
        &path("h"),
        "--save-srs",
        &path("h/dev.srs"),
    ]);
    setup.code(0);
    assert!(setup.stderr.contains("INSECURE"), "{}", setup.stderr);
    let j = setup.json();
    assert_eq!(j["backend"], "halo2-kzg");
    assert_eq!(j["srs"]["source"], "dev_seed");
    assert_eq!(j["srs"]["seed"], 7);
    assert_eq!(j["insecure_dev_setup"], true);
    let (pk, vk) = (path("h/transfer_limit.pk"), path("h/transfer_limit.vk"));

    // The same SRS from the file gives the same keys.
    zkcomply(&[
        "setup",
        "--backend",
        "halo2",
        "--policy",
        "transfer_limit",
        "--srs",
        &path("h/dev.srs"),
        "--out-dir",
        &path("again"),
    ])
    .code(0);
    assert_eq!(
        fs::read(d.join("h/transfer_limit.vk")).unwrap(),
        fs::read(d.join("again/transfer_limit.vk")).unwrap()
    );

    let prove = zkcomply(&[
        "prove",
        "--json",
        "--pk",
        &pk,
        "--amount",
        "500",
        "--limit",
        "1000",
        "--context",
        "9",
        "--out",
        &path("h.json"),
    ]);
    prove.code(0);
    let j = prove.json();
    assert_eq!(j["backend"], "halo2-kzg");
    assert_eq!(j["insecure_dev_setup"], true);
    let file: Value = serde_json::from_str(&fs::read_to_string(d.join("h.json")).unwrap()).unwrap();
    assert_eq!(file["format"], "zkcomply-proof/1");
    assert_eq!(file["backend"], "halo2-kzg");

    let ok = zkcomply(&["verify", "--vk", &vk, "--proof", &path("h.json")]);
    ok.code(0);
    assert!(ok.stdout.starts_with("accepted"), "{}", ok.stdout);
    let ok = zkcomply(&[
        "verify",
        "--json",
        "--backend",
        "halo2",
        "--vk",
        &vk,
        "--proof",
        &path("h.json"),
    ]);
    ok.code(0);
    assert_eq!(ok.json()["accepted"], true);
    assert_eq!(ok.json()["backend"], "halo2-kzg");

    // A tampered proof: rejected (exit 1); a broken proof file: an error (exit 2).
    let text = fs::read_to_string(d.join("h.json")).unwrap();
    let hex_at = text.find("\"proof\": \"0x").unwrap() + 12 + 100;
    let mut tampered = text.clone().into_bytes();
    tampered[hex_at] = if tampered[hex_at] == b'0' { b'1' } else { b'0' };
    fs::write(d.join("tampered.json"), &tampered).unwrap();
    let bad = zkcomply(&["verify", "--vk", &vk, "--proof", &path("tampered.json")]);
    bad.code(1);
    assert!(bad.stdout.starts_with("rejected"), "{}", bad.stdout);
    fs::write(d.join("cut.json"), &text[..text.len() / 2]).unwrap();
    zkcomply(&["verify", "--vk", &vk, "--proof", &path("cut.json")])
        .fails_with(&["cut.json", "JSON"]);

    // The other back-end.
    zkcomply(&[
        "setup",
        "--policy",
        "transfer_limit",
        "--dev-seed",
        "7",
        "--out-dir",
        &path("g"),
    ])
    .code(0);
    zkcomply(&[
        "prove",
        "--pk",
        &path("g/transfer_limit.pk"),
        "--amount",
        "500",
        "--limit",
        "1000",
        "--context",
        "9",
        "--out",
        &path("g.json"),
    ])
    .code(0);
    zkcomply(&["verify", "--vk", &vk, "--proof", &path("g.json")]).fails_with(&[
        "g.json",
        "holds a Groth16 proof, expected a Halo2-KZG proof",
    ]);
    zkcomply(&[
        "verify",
        "--vk",
        &path("g/transfer_limit.vk"),
        "--proof",
        &path("h.json"),
    ])
    .fails_with(&[
        "h.json",
        "holds a Halo2-KZG proof, expected a Groth16 proof",
    ]);
    zkcomply(&[
        "verify",
        "--backend",
        "groth16",
        "--vk",
        &vk,
        "--proof",
        &path("h.json"),
    ])
    .fails_with(&["--backend groth16", "holds a Halo2-KZG verifying key"]);
    zkcomply(&[
        "prove",
        "--backend",
        "halo2",
        "--pk",
        &path("g/transfer_limit.pk"),
        "--context",
        "9",
        "--out",
        &path("x.json"),
    ])
    .fails_with(&["--backend halo2", "holds a proving key (groth16 back-end)"]);
    zkcomply(&["export", "snarkjs", "--vk", &vk, "--out", &path("snarkjs")])
        .fails_with(&["holds a Halo2-KZG verifying key, expected a Groth16 verifying key"]);

    // Setup refusals.
    zkcomply(&[
        "setup",
        "--backend",
        "halo2",
        "--policy",
        "transfer_limit",
        "--out-dir",
        &path("none"),
    ])
    .fails_with(&["--backend halo2 needs one SRS", "--ptau"]);
    fs::write(d.join("garbage.ptau"), b"not a powers of tau file at all").unwrap();
    zkcomply(&[
        "setup",
        "--backend",
        "halo2",
        "--policy",
        "transfer_limit",
        "--ptau",
        &path("garbage.ptau"),
        "--out-dir",
        &path("none"),
    ])
    .fails_with(&["garbage.ptau", "no \"ptau\" magic"]);
    zkcomply(&[
        "setup",
        "--policy",
        "transfer_limit",
        "--ptau",
        &path("garbage.ptau"),
        "--out-dir",
        &path("none"),
    ])
    .fails_with(&["--ptau is for --backend halo2"]);

    // Solidity: the generated verifier and the entry point.
    let export = zkcomply(&[
        "export",
        "solidity",
        "--json",
        "--vk",
        &vk,
        "--out",
        &path("sol"),
    ]);
    export.code(0);
    assert_eq!(export.json()["verifier"], "Halo2TransferLimitVerifier");
    let verifier = fs::read_to_string(d.join("sol/Halo2Verifier.sol")).unwrap();
    assert!(
        verifier.contains("contract Halo2Verifier"),
        "generated verifier"
    );
    let entry = fs::read_to_string(d.join("sol/Halo2TransferLimitVerifier.sol")).unwrap();
    assert!(entry.contains("function verifyProof(bytes calldata proof, uint256[3] calldata input)"));
}
