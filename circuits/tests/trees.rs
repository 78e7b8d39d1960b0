//! Property tests of the trees: non-membership witnesses exist exactly for unlisted keys,
//! incremental updates equal canonical rebuilds, snapshots round-trip, limits are errors.

use std::collections::BTreeSet;
use zkcomply_circuits::artefact::Artefact;

use ark_ff::{One, Zero};
use proptest::prelude::*;
use zkcomply_circuits::{address::AddressKey, Error, Fr, Registry, SanctionsTree};

fn key(x: u64) -> AddressKey {
    AddressKey::from_field(Fr::from(x)).unwrap()
}

/// Small keys so that neighbours of listed keys are often probed.
fn keys(max: usize) -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(1u64..200, 0..max)
}

proptest! {
    #[test]
    fn witnesses_exist_exactly_for_unlisted_keys(list in keys(40), probes in prop::collection::vec(1u64..210, 1..30)) {
        let tree = SanctionsTree::from_keys(6, list.iter().map(|x| key(*x))).unwrap();
        let set: BTreeSet<u64> = list.iter().copied().collect();
        let other_root = tree.root() + Fr::one();
        for p in probes.iter().copied().chain(set.iter().flat_map(|k| [k - 1, *k, k + 1]).filter(|k| *k > 0)) {
            let k = key(p);
            prop_assert_eq!(tree.is_listed(&k), set.contains(&p));
            match tree.non_membership(&k) {
                Ok(w) => {
                    prop_assert!(!set.contains(&p), "witness for listed key {}", p);
                    prop_assert!(w.verify(&k, tree.root()));
                    prop_assert!(!w.verify(&k, other_root));
                    for listed in &set {
                        prop_assert!(!w.verify(&key(*listed), tree.root()), "witness of {} also clears listed {}", p, listed);
                    }
                }
                Err(Error::Sanctioned { .. }) => prop_assert!(set.contains(&p)),
                Err(e) => prop_assert!(false, "unexpected error {}", e),
            }
        }
    }

    #[test]
    fn updates_equal_canonical_rebuilds(start in keys(30), steps in prop::collection::vec((keys(6), keys(6)), 1..6)) {
        let mut tree = SanctionsTree::from_keys(6, start.iter().map(|x| key(*x))).unwrap();
        let mut set: BTreeSet<u64> = start.iter().copied().collect();
        for (add, remove) in steps {
            let before = set.clone();
            let diff = tree.update(add.iter().map(|x| key(*x)), remove.iter().map(|x| key(*x))).unwrap();
            let (add, remove): (BTreeSet<u64>, BTreeSet<u64>) = (add.into_iter().collect(), remove.into_iter().collect());
            set = before.union(&add).filter(|k| !remove.contains(k)).copied().collect();
            let rebuilt = SanctionsTree::from_keys(6, set.iter().map(|x| key(*x))).unwrap();
            prop_assert_eq!(&tree, &rebuilt);
            let added: BTreeSet<u64> = set.difference(&before).copied().collect();
            let removed: BTreeSet<u64> = before.difference(&set).copied().collect();
            prop_assert_eq!(diff.added, added.iter().map(|x| key(*x)).collect::<Vec<_>>());
            prop_assert_eq!(diff.removed, removed.iter().map(|x| key(*x)).collect::<Vec<_>>());
        }
    }

    #[test]
    fn snapshots_round_trip(list in keys(40)) {
        let tree = SanctionsTree::from_keys(7, list.iter().map(|x| key(*x))).unwrap();
        prop_assert_eq!(&SanctionsTree::from_snapshot("bin", &tree.to_bytes()).unwrap(), &tree);
        prop_assert_eq!(&SanctionsTree::from_snapshot("json", tree.to_json().as_bytes()).unwrap(), &tree);
    }
}

#[test]
fn full_trees_are_errors_that_leave_no_state() {
    // Depth 2 holds 4 leaves: the sentinel and 3 keys.
    let mut tree = SanctionsTree::from_keys(2, [key(1), key(2), key(3)]).unwrap();
    let e = SanctionsTree::from_keys(2, [key(1), key(2), key(3), key(4)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "sanctions tree is full: it holds 4 leaves, 5 needed"
    );
    let before = tree.clone();
    assert!(matches!(
        tree.update([key(9)], []),
        Err(Error::TreeFull { .. })
    ));
    assert_eq!(tree, before);
    // Removing and adding in one update fits.
    tree.update([key(9)], [key(1)]).unwrap();
    assert_eq!(
        tree,
        SanctionsTree::from_keys(2, [key(2), key(3), key(9)]).unwrap()
    );

    let mut registry = Registry::new(2).unwrap();
    for i in 1..=4u64 {
        registry.insert(Fr::from(i)).unwrap();
    }
    assert!(matches!(
        registry.insert(Fr::from(5u64)),
        Err(Error::TreeFull {
            capacity: 4,
            needed: 5,
            ..
        })
    ));
    assert_eq!(registry.len(), 4);
}

#[test]
fn corrupt_snapshots_are_named_errors() {
    let tree = SanctionsTree::from_keys(5, [key(5), key(7), key(11)]).unwrap();
    let bin = tree.to_bytes();
    let err = |b: &[u8]| {
        SanctionsTree::from_snapshot("list.bin", b)
            .unwrap_err()
            .to_string()
    };
    assert!(err(&[]).contains("list.bin"));
    assert!(err(&bin[..bin.len() - 5]).contains("truncated"));
    assert!(err(b"\x00\x01garbage").contains("magic"));
    let json = tree.to_json();
    let wrong_root = json.replace(
        &zkcomply_circuits::field::to_hex(&tree.root()),
        &zkcomply_circuits::field::to_hex(&Fr::one()),
    );
    assert!(err(wrong_root.as_bytes()).contains("the keys give root"));
    let dropped = json.replace("\"count\": 3", "\"count\": 4");
    assert!(err(dropped.as_bytes()).contains("count says 4, found 3 keys"));
    assert!(err(b"{\"format\": 1}").contains("invalid JSON"));
    let big = json.replace(
        &tree.keys().next().unwrap().to_string(),
        "0x1000000000000000000000000000000000000000000000000000000000000000",
    );
    assert!(
        err(big.as_bytes()).contains("out of range"),
        "{}",
        err(big.as_bytes())
    );
}

#[test]
fn registry_membership_and_file_round_trip() {
    let mut r = Registry::new(4).unwrap();
    let ids: Vec<Fr> = (10..17u64).map(Fr::from).collect();
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(r.insert(*id).unwrap(), i as u64);
    }
    assert_eq!(
        r.insert(ids[2]).unwrap(),
        2,
        "re-inserting returns the existing index"
    );
    for id in &ids {
        assert_eq!(r.membership(id).unwrap().root(*id), r.root());
    }
    let e = r.membership(&Fr::zero()).unwrap_err().to_string();
    assert!(e.starts_with("identity commitment 0x0000000000000000000000000000000000000000000000000000000000000000 is not in the registry"), "{e}");
    let back = Registry::from_json("reg.json", &r.to_json()).unwrap();
    assert_eq!(back.root(), r.root());
    let tampered = r.to_json().replace(
        &zkcomply_circuits::field::to_hex(&ids[0]),
        &zkcomply_circuits::field::to_hex(&Fr::from(99u64)),
    );
    assert!(Registry::from_json("reg.json", &tampered)
        .unwrap_err()
        .to_string()
        .contains("the leaves give root"));
    assert!(Registry::from_json("reg.json", "[]").is_err());
}

#[test]
fn addresses_parse_or_say_what_is_wrong() {
    let evm = AddressKey::parse("0x8589427373D6D84E98730D7795D8f6f8731FDA16").unwrap();
    assert_eq!(
        evm,
        AddressKey::parse("0X8589427373d6d84e98730d7795d8f6f8731fda16").unwrap()
    );
    let bech = AddressKey::parse("bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6").unwrap();
    assert_eq!(
        bech,
        AddressKey::parse("BC1QA5WKGAEW2DKV56KFVJ49J0AV5NML45X9EK9HZ6").unwrap()
    );
    AddressKey::parse("12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h").unwrap();
    let lowered = AddressKey::parse("12qtd5bfwrsdnsazy76uve1xycgntojh9h").unwrap_err();
    assert!(
        lowered
            .to_string()
            .contains("bitcoin base58check: checksum mismatch"),
        "base58 is case-sensitive and checked: {lowered}"
    );
    let cases: [(&[u8], &str); 7] = [
        (b"", "empty"),
        (b"0x8589427373D6D84E98730D7795D8f6f8731FDA1", "wrong length"),
        (
            b"0x8589427373D6D84E98730D7795D8f6f8731FDA16aa",
            "wrong length",
        ),
        (b"0x8589427373D6D84E98730D7795D8f6f8731FDAzz", "bad hex"),
        (b" 0x8589427373D6D84E98730D7795D8f6f8731FDA16", "whitespace"),
        (b"abc\tdef", "whitespace"),
        (b"\xff\xfe", "not UTF-8"),
    ];
    for (bytes, why) in cases {
        let e = AddressKey::parse_bytes(bytes).unwrap_err().to_string();
        assert!(e.contains(why), "{bytes:?}: {e}");
        assert!(e.starts_with("invalid address"), "{e}");
    }
    assert!(AddressKey::from_field(Fr::zero()).is_err());
}
