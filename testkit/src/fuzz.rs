//! The fuzz targets of every parser, shared by the cargo-fuzz binaries (`fuzz/`) and the
//! corpus replay of the test suite (`tests/fuzz_corpus.rs`).
//!
//! Each target takes arbitrary bytes and asserts what a reader promises: no panic, and
//! either an error or a value whose file reads back to the same file (one encoding per
//! value). Binary files end in a SHA-256 trailer, which plain mutation would only ever
//! break: their targets *seal* the input first (the trailer replaced by the hash of the
//! rest), so the fuzzer explores the header, metadata and payload behind it. Memory is
//! bounded by the readers' own checks (the harness runs with `-rss_limit_mb`).

use std::fmt::Debug;

use zkcomply::{
    artefact::Artefact,
    circuits::{
        registration::SignedRequest,
        request::ProveRequest,
        tree::{Identities, IncrementalTree, Notes},
    },
    AllowanceNote, Identity, Proof, ProvingKey, SanctionsTree, VerifyingKey,
};

/// A fuzz target: its name (the corpus folder) and its body.
#[derive(Clone, Copy)]
pub struct Target {
    /// The name of the target and of its corpus folder `fuzz/corpus/<name>`.
    pub name: &'static str,
    /// The target.
    pub run: fn(&[u8]),
}

/// Every target this build has (the Halo2 ones with feature `halo2`).
pub fn targets() -> Vec<Target> {
    let t = vec![
        Target {
            name: "snapshot",
            run: snapshot,
        },
        Target {
            name: "snapshot_binary",
            run: |d| snapshot(&seal(d)),
        },
        Target {
            name: "registry",
            run: artefact::<IncrementalTree<Identities>>,
        },
        Target {
            name: "state",
            run: artefact::<IncrementalTree<Notes>>,
        },
        Target {
            name: "note",
            run: artefact::<AllowanceNote>,
        },
        Target {
            name: "identity",
            run: identity,
        },
        Target {
            name: "request",
            run: request,
        },
        Target {
            name: "registration",
            run: registration,
        },
        Target {
            name: "groth16_vk",
            run: |d| artefact::<VerifyingKey>(&seal(d)),
        },
        Target {
            name: "groth16_pk",
            run: |d| artefact::<ProvingKey>(&seal(d)),
        },
        Target {
            name: "groth16_proof",
            run: artefact::<Proof>,
        },
        Target {
            name: "groth16_proof_bytes",
            run: proof_bytes,
        },
    ];
    #[cfg(feature = "halo2")]
    let t = [t, halo2::targets()].concat();
    t
}

/// Runs the target `name` on `data` (what each cargo-fuzz binary does).
///
/// # Panics
/// If no target has that name, or the target fails.
pub fn run(name: &str, data: &[u8]) {
    let target = targets()
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no fuzz target {name}"));
    (target.run)(data);
}

/// `data` with its last 32 bytes replaced by the SHA-256 of the rest: the trailer of a
/// binary file made right (inputs shorter than a trailer are returned as they are).
pub fn seal(data: &[u8]) -> Vec<u8> {
    if data.len() < 32 {
        return data.to_vec();
    }
    let body = &data[..data.len() - 32];
    let mut out = body.to_vec();
    out.extend_from_slice(&sha256(body));
    out
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).into()
}

/// Reads `data` as a `T`; if accepted, its file must read back to the same file.
pub fn artefact<T: Artefact>(data: &[u8])
where
    T::Error: Debug,
{
    if let Ok(value) = T::from_bytes("fuzz", data) {
        let bytes = value.to_bytes();
        let again = T::from_bytes("fuzz", &bytes)
            .unwrap_or_else(|e| panic!("a value's own file is refused: {e:?}"));
        assert!(
            again.to_bytes() == bytes,
            "a value's file changes on a second round trip"
        );
    }
}

fn snapshot(data: &[u8]) {
    artefact::<SanctionsTree>(data);
    if let Ok(tree) = SanctionsTree::from_snapshot("fuzz", data) {
        let json = tree.to_json();
        let back = SanctionsTree::from_snapshot("fuzz", json.as_bytes()).expect("own JSON");
        assert_eq!(back.to_json(), json);
    }
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

fn identity(data: &[u8]) {
    let Some(json) = text(data) else { return };
    if let Ok(id) = Identity::from_json("fuzz", json) {
        let again = Identity::from_json("fuzz", &id.to_json(None)).expect("own identity file");
        assert_eq!(again.commitment(), id.commitment());
    }
}

fn request(data: &[u8]) {
    if let Some(json) = text(data) {
        let _ = ProveRequest::from_json(json);
    }
}

fn registration(data: &[u8]) {
    let Some(json) = text(data) else { return };
    if let Ok(r) = SignedRequest::from_json("fuzz", json) {
        let again = SignedRequest::from_json("fuzz", &r.to_json()).expect("own request file");
        assert_eq!(again.to_json(), r.to_json());
    }
}

fn proof_bytes(data: &[u8]) {
    if let Ok(p) = Proof::inner_from_bytes(data) {
        use ark_serialize::CanonicalSerialize;
        let mut out = Vec::new();
        p.serialize_compressed(&mut out).expect("serialize");
        assert_eq!(out, data, "a proof has one encoding");
    }
}

#[cfg(feature = "halo2")]
mod halo2 {
    use zkcomply::{
        backend,
        prover::halo2::Halo2Prover,
        verifier::halo2::{Halo2Proof, Srs, VerifyingKey},
    };

    use super::{artefact, seal, Target};

    pub(super) fn targets() -> Vec<Target> {
        vec![
            Target {
                name: "halo2_vk",
                run: |d| artefact::<VerifyingKey>(&seal(d)),
            },
            Target {
                name: "halo2_pk",
                run: |d| artefact::<Halo2Prover>(&seal(d)),
            },
            Target {
                name: "halo2_srs",
                run: |d| artefact::<Srs>(&seal(d)),
            },
            Target {
                name: "halo2_proof",
                run: artefact::<Halo2Proof>,
            },
            Target {
                name: "any_proof",
                run: artefact::<backend::Proof>,
            },
            Target {
                name: "ptau",
                run: ptau,
            },
        ]
    }

    /// A `.ptau` file (read from a temporary file: the reader takes a path).
    fn ptau(data: &[u8]) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f.ptau");
        std::fs::write(&path, data).expect("write");
        let _ = zkcomply::prover::halo2::ptau::ptau_header(&path);
        let _ = zkcomply::prover::halo2::ptau::load_ptau(&path, 2);
    }
}
