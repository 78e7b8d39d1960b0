//! Writes the seed corpus of every fuzz target (`fuzz/corpus/<target>/`) from real files
//! made here: the test world's trees, identity and note, small keys of both back-ends, an
//! SRS, proofs, requests.
//!
//! `cargo run --release -p zkcomply-testkit --features halo2 --example fuzz_corpus`

use std::{fs, path::Path};

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::{setup, Artefact, Policy, Prover, RegistrationRequest, SignedRequest};
use zkcomply_testkit::{tools::repository, world};

fn put(target: &str, name: &str, bytes: &[u8]) {
    let dir = repository().join("fuzz/corpus").join(target);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let mut rng = ChaCha20Rng::seed_from_u64(22);
    let w = world::world(&mut rng);
    put("snapshot", "world.json", w.list.to_json().as_bytes());
    put("snapshot_binary", "world.bin", &w.list.to_bytes());
    put("snapshot", "world.bin", &w.list.to_bytes());
    put("registry", "world.json", &w.registry.to_bytes());
    put("state", "world.json", &w.state.to_bytes());
    put("note", "world.json", &w.note.to_bytes());
    let address = "0x000000000000000000000000000000000000dEaD";
    put(
        "identity",
        "world.json",
        w.me.to_json(Some(address)).as_bytes(),
    );
    put("identity", "no-address.json", w.me.to_json(None).as_bytes());
    put(
        "request",
        "transfer.json",
        br#"{"amount": 900, "limit": "1000", "blinding": "0x05", "scope": "7", "context": 9, "period": null}"#,
    );
    let wallet = k256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
    let account = RegistrationRequest::address_of(&wallet);
    let request = RegistrationRequest::new(&account, w.me.public_key(), "kyc.example", 1).unwrap();
    let signature = request.sign(&wallet).unwrap();
    let signed = SignedRequest { request, signature };
    put("registration", "signed.json", signed.to_json().as_bytes());

    let policy = Policy::TransferLimit;
    let pk = setup::setup_dev(policy, world::SHAPE, 1).unwrap();
    let prover = Prover::new(pk).unwrap();
    put("groth16_pk", "transfer_limit.pk", &prover.key().to_bytes());
    put(
        "groth16_vk",
        "transfer_limit.vk",
        &prover.verifying_key().to_bytes(),
    );
    let proof = prover
        .prove_with_rng(&world::witness(&w, policy, 900), &mut rng)
        .unwrap();
    put("groth16_proof", "proof.json", &proof.to_bytes());
    put("any_proof", "groth16.json", &proof.to_bytes());
    put("groth16_proof_bytes", "proof.bin", &proof.proof_bytes());
    halo2(&w, &mut rng);
    println!("corpus written to {}", Path::new("fuzz/corpus").display());
}

#[cfg(feature = "halo2")]
fn halo2(w: &world::World, rng: &mut ChaCha20Rng) {
    use zkcomply::{
        circuits::halo2::PolicyCircuit,
        prover::halo2::{insecure_dev_srs, Halo2Prover},
    };
    let policy = Policy::TransferLimit;
    let shape = world::SHAPE;
    put("halo2_srs", "k5.srs", &insecure_dev_srs(5, 1).to_bytes());
    let k = PolicyCircuit::blank(policy, shape).unwrap().k();
    let prover = Halo2Prover::keygen(insecure_dev_srs(k, 1), policy, shape).unwrap();
    put("halo2_pk", "transfer_limit.pk", &prover.to_bytes());
    put(
        "halo2_vk",
        "transfer_limit.vk",
        &prover.verifying_key().to_bytes(),
    );
    let proof = prover
        .proof_with_rng(&world::witness(w, policy, 900), rng)
        .unwrap();
    put("halo2_proof", "proof.json", &proof.to_bytes());
    put("any_proof", "halo2.json", &proof.to_bytes());
    put(
        "ptau",
        "header.ptau",
        b"ptau\x01\x00\x00\x00\x00\x00\x00\x00",
    );
}

#[cfg(not(feature = "halo2"))]
fn halo2(_: &world::World, _: &mut ChaCha20Rng) {}
