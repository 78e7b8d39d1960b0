//! Sanctions tree, registry and Poseidon, natively (DS = 32, DR = 20).
//!
//! - `sanctions_tree/from_keys/{1000,100000}`: [`SanctionsTree::from_keys`] on random keys.
//! - `sanctions_tree/update_add_1/100000`: one key added to a 10^5-key tree, in the middle
//!   of the sorted list (the canonical layout shifts every later leaf, so the cost grows
//!   with the number of keys after the new one; the middle is the average case).
//! - `sanctions_tree/non_membership/100000`: one non-membership witness.
//! - `registry/insert/10000`: one commitment appended to a registry of 10^4.
//! - `registry/membership/10000`: one membership witness (Merkle path) in that registry.
//! - `poseidon/hash_2`: [`poseidon::hash`] of two inputs.
//!
//! A 10^6-key tree is left out by default: its build is too slow for ten samples in a
//! suite meant to finish in minutes on two cores. Set `ZKCOMPLY_BENCH_1M=1` to add
//! `sanctions_tree/from_keys/1000000`.

use std::time::Duration;

use ark_ff::One;
use criterion::{
    black_box, criterion_group, criterion_main, measurement::WallTime, BatchSize, BenchmarkGroup,
    BenchmarkId, Criterion, SamplingMode,
};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zkcomply::{circuits::poseidon, AddressKey, Fr, Registry, SanctionsTree, Shape};

const SEED: u64 = 20_260_102;

use world::random_key;
use zkcomply_testkit::world;

fn random_keys(n: usize, rng: &mut ChaCha20Rng) -> Vec<AddressKey> {
    (0..n).map(|_| random_key(rng)).collect()
}

fn configure<'a>(
    c: &'a mut Criterion,
    name: &str,
    measurement: Duration,
) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(measurement);
    group
}

fn sanctions_tree(c: &mut Criterion) {
    let depth = Shape::default().sanctions_depth;
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let mut sizes = vec![1_000, 100_000];
    if std::env::var_os("ZKCOMPLY_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }

    let mut group = configure(c, "sanctions_tree", Duration::from_secs(4));
    group.sampling_mode(SamplingMode::Flat);
    for &n in &sizes {
        let keys = random_keys(n, &mut rng);
        group.bench_with_input(BenchmarkId::new("from_keys", n), &keys, |b, keys| {
            b.iter_batched(
                || keys.clone(),
                |keys| SanctionsTree::from_keys(depth, keys).expect("tree"),
                BatchSize::LargeInput,
            )
        });
    }

    let n = 100_000;
    let tree = SanctionsTree::from_keys(depth, random_keys(n, &mut rng)).expect("tree");
    let sorted: Vec<AddressKey> = tree.keys().collect();
    // Just below the median key: half of the leaves move right by one.
    let new_key = AddressKey::from_field(sorted[n / 2].to_field() - Fr::one()).expect("key");
    assert!(!tree.is_listed(&new_key));
    group.bench_with_input(BenchmarkId::new("update_add_1", n), &tree, |b, tree| {
        b.iter_batched(
            || tree.clone(),
            |mut tree| {
                tree.update([new_key], []).expect("update");
                tree
            },
            BatchSize::LargeInput,
        )
    });

    let outsider = random_key(&mut rng);
    group.bench_with_input(BenchmarkId::new("non_membership", n), &tree, |b, tree| {
        b.iter(|| {
            tree.non_membership(black_box(&outsider))
                .expect("not listed")
        })
    });
    group.finish();
}

fn registry(c: &mut Criterion) {
    let depth = Shape::default().registry_depth;
    let mut rng = ChaCha20Rng::seed_from_u64(SEED + 1);
    let n = 10_000;
    let mut registry = Registry::new(depth).expect("registry");
    for _ in 0..n {
        registry
            .insert(Fr::from(rng.next_u64()))
            .expect("registry has room");
    }
    let commitment = Fr::from(u64::MAX) + Fr::from(rng.next_u64());

    let mut group = configure(c, "registry", Duration::from_secs(2));
    group.bench_with_input(BenchmarkId::new("insert", n), &registry, |b, registry| {
        b.iter_batched(
            || registry.clone(),
            |mut registry| {
                registry.insert(black_box(commitment)).expect("insert");
                registry
            },
            BatchSize::LargeInput,
        )
    });
    let member = Fr::from(u64::MAX) + Fr::from(rng.next_u64());
    registry.insert(member).expect("registry has room");
    group.bench_with_input(
        BenchmarkId::new("membership", n),
        &registry,
        |b, registry| b.iter(|| registry.membership(black_box(&member)).expect("member")),
    );
    group.finish();
}

fn hash(c: &mut Criterion) {
    let inputs = [Fr::from(1u64), Fr::from(2u64)];
    let mut group = configure(c, "poseidon", Duration::from_secs(2));
    group.bench_function("hash_2", |b| {
        b.iter(|| poseidon::hash(black_box(&inputs)).expect("2 inputs"))
    });
    // Baseline: light-poseidon's circom Poseidon (the same function), hasher made once.
    let mut baseline = light_poseidon::Poseidon::<Fr>::new_circom(2).expect("width 3");
    group.bench_function("light_poseidon_hash_2", |b| {
        b.iter(|| {
            light_poseidon::PoseidonHasher::hash(&mut baseline, black_box(&inputs))
                .expect("2 inputs")
        })
    });
    group.finish();
}

criterion_group!(benches, sanctions_tree, registry, hash);
criterion_main!(benches);
