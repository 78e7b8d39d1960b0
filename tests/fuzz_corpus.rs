//! Every fuzz target (`zkcomply_testkit::fuzz`) on its seed corpus (`fuzz/corpus/<target>`)
//! and on deterministic mutations of each seed: bit flips, overwritten, inserted and
//! deleted bytes, truncations, repeated slices, and digits swapped for large numbers. The
//! long campaigns run under libFuzzer (`scripts/fuzz.sh`); this replay keeps every target
//! and corpus working in the ordinary test run.

use std::fs;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zkcomply_testkit::{fuzz, tools::repository};

/// Mutations per seed.
const MUTATIONS: usize = 48;

fn mutate(seed: &[u8], rng: &mut ChaCha20Rng) -> Vec<u8> {
    let mut d = seed.to_vec();
    for _ in 0..rng.gen_range(1..4) {
        let n = d.len().max(1);
        let at = rng.gen_range(0..n).min(d.len());
        let last = d.len().saturating_sub(1);
        match rng.gen_range(0..7) {
            0 if !d.is_empty() => d[at.min(last)] ^= 1 << rng.gen_range(0..8),
            1 if !d.is_empty() => d[at.min(last)] = rng.gen(),
            2 => d.insert(at, rng.gen()),
            3 if !d.is_empty() => {
                d.remove(at.min(last));
            }
            4 => d.truncate(at),
            5 => {
                let end = (at + rng.gen_range(1..64)).min(d.len());
                let slice = d[at..end].to_vec();
                d.splice(at..at, slice);
            }
            _ => {
                // A digit becomes a number of 80 digits (≥ r, ≥ 2^256).
                if let Some(i) = (at..d.len()).find(|&i| d[i].is_ascii_digit()) {
                    d.splice(i..=i, b"9".repeat(80));
                }
            }
        }
    }
    d
}

#[test]
fn every_target_survives_its_corpus_and_mutations() {
    let root = repository().join("fuzz/corpus");
    let mut rng = ChaCha20Rng::seed_from_u64(0x22);
    for target in fuzz::targets() {
        let dir = root.join(target.name);
        let mut seeds: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        seeds.sort();
        assert!(!seeds.is_empty(), "no seed for target {}", target.name);
        // Keygen runs for every accepted Halo2 proving key: fewer mutations there.
        let mutations = if target.name == "halo2_pk" {
            8
        } else {
            MUTATIONS
        };
        for path in seeds {
            let seed = fs::read(&path).unwrap();
            (target.run)(&seed);
            for _ in 0..mutations {
                (target.run)(&mutate(&seed, &mut rng));
            }
        }
    }
}
