//! Halo2-KZG files: the SRS, proving key and verifying key files round-trip and prove and
//! verify after loading; proof files round-trip; tampered files, files of the other back-end
//! and inconsistent SRS points are refused with errors naming the cause. A powers-of-tau
//! file written here in snarkjs's layout (Montgomery form) from a seeded SRS is read back
//! to the same points; a truncated, garbage, too small or tampered one is refused. (The
//! test against a file written by snarkjs itself is `tests/ptau_halo2.rs` at the root.)

use std::path::Path;

use halo2_axiom::{
    halo2curves::{bn256::G1Affine, serde::SerdeObject},
    poly::commitment::ParamsProver,
};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply_circuits::{
    artefact::{Artefact, Envelope, Kind},
    halo2::PolicyCircuit,
    ComplianceWitness, Fr, Policy, Shape,
};
use zkcomply_prover::{
    halo2::{insecure_dev_srs, ptau::load_ptau, Halo2Prover},
    Error,
};
use zkcomply_verifier::halo2::{file::sha256_hex, Halo2Proof, Srs, SrsOrigin, VerifyingKey};

const SEED: u64 = 0x4b5a4a;
const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 5,
};
const POLICY: Policy = Policy::TransferLimit;

fn witness(amount: u64) -> ComplianceWitness {
    ComplianceWitness::builder(POLICY)
        .amount(amount)
        .limit(1000)
        .blinding(Fr::from(42u64))
        .context(Fr::from(9u64))
        .build()
        .unwrap()
}

fn k() -> u32 {
    PolicyCircuit::blank(POLICY, SHAPE).unwrap().k()
}

/// Re-encodes an envelope with another payload (a valid hash), so that the reader's own
/// checks, not the content hash, must catch the change.
fn reseal(bytes: &[u8], kind: Kind, edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut env = Envelope::decode("x", bytes, kind).unwrap();
    edit(&mut env.payload);
    env.encode()
}

#[test]
fn srs_file_round_trip_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let srs = insecure_dev_srs(5, SEED);
    let path = dir.path().join("dev.srs");
    srs.save(&path).unwrap();
    let back = Srs::load(&path).unwrap();
    assert_eq!(back.k(), 5);
    assert_eq!(back.origin(), &SrsOrigin::DevSeed { seed: SEED });
    assert_eq!(back.params().get_g(), srs.params().get_g());
    assert_eq!(back.params().s_g2(), srs.params().s_g2());

    let bytes = srs.to_bytes();
    // Two powers swapped: every point is valid, the powers are not consecutive.
    let swapped = reseal(&bytes, Kind::Halo2Srs, |p| {
        let (a, b) = (4 + 32 * 3, 4 + 32 * 4);
        let tmp = p[a..a + 32].to_vec();
        p.copy_within(b..b + 32, a);
        p[b..b + 32].copy_from_slice(&tmp);
    });
    let err = Srs::from_bytes("dev.srs", &swapped)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not consecutive powers of τ"), "{err}");
    // Two Lagrange points swapped.
    let lagrange = reseal(&bytes, Kind::Halo2Srs, |p| {
        let (a, b) = (4 + 32 * 32 + 32 * 3, 4 + 32 * 32 + 32 * 4);
        let tmp = p[a..a + 32].to_vec();
        p.copy_within(b..b + 32, a);
        p[b..b + 32].copy_from_slice(&tmp);
    });
    let err = Srs::from_bytes("dev.srs", &lagrange)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("not the Lagrange basis of the powers"),
        "{err}"
    );
    // [τ]₂ of another SRS.
    let other = insecure_dev_srs(5, SEED + 1).to_bytes();
    let mixed = reseal(&bytes, Kind::Halo2Srs, |p| {
        let n = p.len();
        p[n - 64..].copy_from_slice(&other[other.len() - 32 - 64..other.len() - 32]);
    });
    let err = Srs::from_bytes("dev.srs", &mixed).unwrap_err().to_string();
    assert!(err.contains("[τ]₁ and [τ]₂ disagree"), "{err}");
    let short = reseal(&bytes, Kind::Halo2Srs, |p| p.truncate(p.len() - 1));
    let err = Srs::from_bytes("dev.srs", &short).unwrap_err().to_string();
    assert!(err.starts_with("dev.srs: payload of"), "{err}");
    let not_point = reseal(&bytes, Kind::Halo2Srs, |p| {
        p[4 + 32 * 2..4 + 32 * 3].fill(0xff)
    });
    let err = Srs::from_bytes("dev.srs", &not_point)
        .unwrap_err()
        .to_string();
    assert!(err.contains("[τ^2]₁ is not a G1 point"), "{err}");
    let mut flipped = bytes.clone();
    flipped[100] ^= 1;
    let err = Srs::from_bytes("dev.srs", &flipped)
        .unwrap_err()
        .to_string();
    assert!(err.contains("content hash mismatch"), "{err}");
    // A G2 coordinate ≥ p (all ones below the two flag bits): an error, not a panic.
    for (offset, name) in [(0, "c0"), (32, "c1")] {
        let big = reseal(&bytes, Kind::Halo2Srs, |p| {
            let at = p.len() - 128 + offset;
            p[at..at + 32].fill(0xff);
            p[at + 31] &= if offset == 32 { 0x3f } else { 0xff };
        });
        let err = Srs::from_bytes("dev.srs", &big).unwrap_err().to_string();
        assert!(
            err.contains(&format!(
                "[1]₂ is not a G2 point (coordinate x.{name} is not below p)"
            )),
            "{err}"
        );
    }
}

#[test]
fn key_and_proof_files_round_trip_and_refuse_the_other_backend() {
    let dir = tempfile::tempdir().unwrap();
    let prover = Halo2Prover::keygen(insecure_dev_srs(k(), SEED), POLICY, SHAPE).unwrap();
    let (pk_path, vk_path) = (dir.path().join("t.pk"), dir.path().join("t.vk"));
    prover.save(&pk_path).unwrap();
    prover.verifying_key().save(&vk_path).unwrap();
    let loaded = Halo2Prover::load(&pk_path).unwrap();
    let vk = VerifyingKey::load(&vk_path).unwrap();
    assert_eq!(vk.policy(), POLICY);
    assert_eq!(vk.k(), k());
    assert!(vk.insecure_dev_setup());
    assert_eq!(vk.origin(), &SrsOrigin::DevSeed { seed: SEED });

    let proof = loaded
        .proof_with_rng(&witness(1000), &mut ChaCha20Rng::seed_from_u64(SEED))
        .unwrap();
    assert!(proof.insecure_dev_setup);
    let proof_path = dir.path().join("proof.json");
    proof.save(&proof_path).unwrap();
    let json = std::fs::read_to_string(&proof_path).unwrap();
    assert!(json.contains("\"backend\": \"halo2-kzg\""), "{json}");
    let back = Halo2Proof::load(&proof_path).unwrap();
    assert_eq!(back, proof);
    assert!(back.verify(&vk).unwrap(), "seed {SEED}");
    assert!(back.verify(prover.verifying_key()).unwrap());

    let mut tampered = back.clone();
    tampered.proof[40] ^= 1;
    assert!(!tampered.verify(&vk).unwrap());
    let mut other_input = back.clone();
    other_input.public_inputs = witness(999).public_inputs();
    assert!(!other_input.verify(&vk).unwrap());

    // Files of the other back-end.
    let groth16_json = json.replace("halo2-kzg", "groth16");
    let err = Halo2Proof::from_json("p.json", &groth16_json)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "p.json: holds a Groth16 proof, expected a Halo2-KZG proof"
    );
    let err = zkcomply_verifier::Proof::from_json("p.json", &json)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "p.json: holds a Halo2-KZG proof, expected a Groth16 proof"
    );
    let vk_bytes = std::fs::read(&vk_path).unwrap();
    let err = zkcomply_verifier::VerifyingKey::from_bytes("t.vk", &vk_bytes)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("holds a Halo2-KZG verifying key, expected a Groth16 verifying key"),
        "{err}"
    );
    let as_groth16 = Envelope {
        kind: Kind::VerifyingKey,
        ..Envelope::decode("x", &vk_bytes, Kind::Halo2VerifyingKey).unwrap()
    }
    .encode();
    let err = VerifyingKey::from_bytes("g.vk", &as_groth16)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("holds a Groth16 verifying key, expected a Halo2-KZG verifying key"),
        "{err}"
    );
    // [τ]₂ with a coordinate ≥ p in a verifying key: an error naming it, never a panic.
    let big = reseal(&vk_bytes, Kind::Halo2VerifyingKey, |p| {
        p[32 + 64..32 + 128].fill(0xff);
        p[32 + 127] = 0x3f;
    });
    let err = VerifyingKey::from_bytes("t.vk", &big)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("t.vk: [τ]₂ is not a G2 point (coordinate x.c0"),
        "{err}"
    );
    let err = Halo2Prover::from_bytes("t.vk", &vk_bytes)
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a Halo2-KZG proving key"), "{err}");

    // A proving key over another SRS than its metadata's verifying key.
    let pk_bytes = std::fs::read(&pk_path).unwrap();
    let other = insecure_dev_srs(k(), SEED + 1).to_bytes();
    let other_payload = Envelope::decode("x", &other, Kind::Halo2Srs)
        .unwrap()
        .payload;
    let swapped = reseal(&pk_bytes, Kind::Halo2ProvingKey, |p| *p = other_payload);
    let err = Halo2Prover::from_bytes("t.pk", &swapped)
        .unwrap_err()
        .to_string();
    assert!(err.contains("vk_sha256 differs"), "{err}");
    // A verifying key whose halo2 bytes were changed (the metadata's hash no longer fits).
    let edited = reseal(&vk_bytes, Kind::Halo2VerifyingKey, |p| {
        let n = p.len();
        p[n - 1] ^= 1;
    });
    let err = VerifyingKey::from_bytes("t.vk", &edited)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("does not match the metadata's vk_sha256"),
        "{err}"
    );
    // Changed halo2 key bytes with a matching metadata hash: an error or a key, never a panic.
    let env = Envelope::decode("x", &vk_bytes, Kind::Halo2VerifyingKey).unwrap();
    for pos in (160..env.payload.len()).step_by(37) {
        let mut e = env.clone();
        e.payload[pos] ^= 0x5a;
        let mut meta: serde_json::Value = serde_json::from_str(&e.meta).unwrap();
        meta["vk_sha256"] = sha256_hex(&e.payload[160..]).into();
        e.meta = meta.to_string();
        let _ = VerifyingKey::from_bytes("t.vk", &e.encode());
    }
    // Garbage and truncation never panic.
    for cut in [0, 10, 40, vk_bytes.len() / 2, vk_bytes.len() - 1] {
        assert!(VerifyingKey::from_bytes("t.vk", &vk_bytes[..cut]).is_err());
        assert!(Halo2Prover::from_bytes("t.pk", &pk_bytes[..cut.min(pk_bytes.len())]).is_err());
    }
}

// ---- powers-of-tau files in snarkjs's layout ----

fn section(out: &mut Vec<u8>, kind: u32, data: &[u8]) {
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&(data.len() as u64).to_le_bytes());
    out.extend_from_slice(data);
}

/// A ptau file of `power` whose G1 powers are `g` (at least `2·2^power − 1`), as snarkjs
/// lays it out; tauG2 holds `[1]₂`, `[τ]₂` and then copies of `[1]₂` (only the first two are
/// read).
fn ptau_bytes(power: u32, srs: &Srs) -> Vec<u8> {
    let params = srs.params();
    let n1 = (2usize << power) - 1;
    let mut out = b"ptau".to_vec();
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&3u32.to_le_bytes());
    let mut head = 32u32.to_le_bytes().to_vec();
    let q =
        hex::decode("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47").unwrap();
    head.extend(q.iter().rev());
    head.extend_from_slice(&power.to_le_bytes());
    head.extend_from_slice(&power.to_le_bytes());
    section(&mut out, 1, &head);
    let g1: Vec<u8> = params.get_g()[..n1]
        .iter()
        .flat_map(G1Affine::to_raw_bytes)
        .collect();
    section(&mut out, 2, &g1);
    let mut g2 = params.g2().to_raw_bytes();
    g2.extend(params.s_g2().to_raw_bytes());
    for _ in 2..(1usize << power) {
        g2.extend(params.g2().to_raw_bytes());
    }
    section(&mut out, 3, &g2);
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn ptau_in_snarkjs_layout_is_read_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let power = 4;
    let srs = insecure_dev_srs(power + 1, SEED);
    let bytes = ptau_bytes(power, &srs);
    let path = write(dir.path(), "a.ptau", &bytes);

    for k in [2, power] {
        let loaded = load_ptau(&path, k).unwrap();
        assert_eq!(loaded.k(), k);
        assert_eq!(
            loaded.params().get_g(),
            &srs.params().get_g()[..1 << k],
            "k {k}"
        );
        assert_eq!(loaded.params().s_g2(), srs.params().s_g2());
        match loaded.origin() {
            SrsOrigin::Ptau { blake2b, power: p } => {
                assert_eq!(*p, power);
                assert_eq!(blake2b.len(), 2 + 128);
            }
            o => panic!("origin {o:?}"),
        }
        assert!(!loaded.origin().insecure());
    }

    let err = |b: &[u8], k: u32| {
        let p = write(dir.path(), "bad.ptau", b);
        match load_ptau(&p, k) {
            Err(e @ (Error::Ptau { .. } | Error::Verifier(_))) => e.to_string(),
            other => panic!("{other:?}"),
        }
    };
    let e = err(&bytes, power + 1);
    assert!(
        e.contains("holds 2^4 powers of tau, the circuit needs 2^5"),
        "{e}"
    );
    assert!(e.starts_with("powers-of-tau file "), "{e}");
    assert!(err(b"garbage garbage garbage", 2).contains("no \"ptau\" magic"));
    assert!(err(b"ptau", 2).contains("shorter than the 12-byte header"));
    for cut in [20, 60, bytes.len() / 2, bytes.len() - 1] {
        let e = err(&bytes[..cut], 2);
        assert!(e.contains("truncated"), "cut {cut}: {e}");
    }
    // A G1 power replaced by another valid point: the pairing checks catch it.
    let mut swapped = bytes.clone();
    let g1_start = 12 + 12 + 44 + 12;
    let (a, b) = (g1_start + 64 * 2, g1_start + 64 * 3);
    let tmp = swapped[a..a + 64].to_vec();
    swapped.copy_within(b..b + 64, a);
    swapped[b..b + 64].copy_from_slice(&tmp);
    let e = err(&swapped, 3);
    assert!(e.contains("not consecutive powers of τ"), "{e}");
    // A coordinate that is not a field element.
    let mut off = bytes.clone();
    off[g1_start + 64..g1_start + 96].fill(0xff);
    let e = err(&off, 3);
    assert!(e.contains("tauG1 point 1 is not a G1 point"), "{e}");
    // Another curve's header.
    let mut other = bytes.clone();
    other[12 + 12 + 4] ^= 1;
    assert!(err(&other, 2).contains("not BN254's"));
    // A file of τ = 1 (snarkjs `powersoftau new` before any contribution).
    let mut ones = bytes.clone();
    let one = srs.params().get_g()[0].to_raw_bytes();
    for i in 0..(2usize << power) - 1 {
        ones[g1_start + 64 * i..g1_start + 64 * (i + 1)].copy_from_slice(&one);
    }
    let g2_start = g1_start + 64 * ((2usize << power) - 1) + 12;
    let one2 = srs.params().g2().to_raw_bytes();
    ones[g2_start + 128..g2_start + 256].copy_from_slice(&one2);
    let e = err(&ones, 2);
    assert!(e.contains("τ = 1"), "{e}");

    // An SRS from the file proves and verifies, and its keys record the file.
    let tl = k();
    let big = insecure_dev_srs(tl + 1, SEED);
    let path = write(dir.path(), "tl.ptau", &ptau_bytes(tl, &big));
    let srs = load_ptau(&path, tl).unwrap();
    let prover = Halo2Prover::keygen(srs, POLICY, SHAPE).unwrap();
    let proof = prover
        .proof_with_rng(&witness(5), &mut ChaCha20Rng::seed_from_u64(SEED))
        .unwrap();
    assert!(!proof.insecure_dev_setup);
    let vk = VerifyingKey::from_bytes("vk", &prover.verifying_key().to_bytes()).unwrap();
    assert!(matches!(vk.origin(), SrsOrigin::Ptau { .. }));
    assert!(proof.verify(&vk).unwrap());
}
