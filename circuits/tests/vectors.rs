//! Reference vectors computed by independent implementations (circomlibjs 0.1.7 Poseidon,
//! js-sha3 keccak256): see `vectors/*.json`. Fix the code, never the fixture.

use serde_json::Value;
use zkcomply_circuits::{address::AddressKey, field, poseidon, tree::zero_hashes, SanctionsTree};

fn load(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn fr(s: &Value) -> zkcomply_circuits::Fr {
    field::parse("vector", s.as_str().unwrap()).unwrap()
}

#[test]
fn poseidon_matches_circomlibjs() {
    let v = load("poseidon.json");
    assert_eq!(v["field_modulus"].as_str().unwrap(), field::MODULUS_DECIMAL);
    for case in v["poseidon"].as_array().unwrap() {
        let inputs: Vec<_> = case["inputs"].as_array().unwrap().iter().map(fr).collect();
        let expected = fr(&case["output"]);
        assert_eq!(
            poseidon::hash(&inputs).unwrap(),
            expected,
            "width {} inputs {:?}",
            inputs.len() + 1,
            case["inputs"]
        );
    }
    let z = &v["merkle_zero_hashes"];
    for (name, level) in [("z1", 1), ("z20", 20), ("z32", 32)] {
        assert_eq!(zero_hashes()[level], fr(&z[name]), "{name}");
    }
}

#[test]
fn sanctions_tree_matches_the_worked_example() {
    let v = load("sanctions_tree.json");
    let mut keys = Vec::new();
    for a in v["addresses"].as_array().unwrap() {
        let key = AddressKey::parse(a["address"].as_str().unwrap()).unwrap();
        assert_eq!(
            key,
            AddressKey::from_hex(a["key_hex"].as_str().unwrap()).unwrap(),
            "{}",
            a["address"]
        );
        keys.push(key);
    }
    assert_eq!(
        SanctionsTree::count_duplicates(&keys),
        keys.len() - v["distinct_keys"].as_u64().unwrap() as usize
    );
    let tree32 = SanctionsTree::from_keys(32, keys.clone()).unwrap();
    assert_eq!(tree32.len() as u64, v["distinct_keys"].as_u64().unwrap());
    for (i, leaf) in v["leaves_in_order"].as_array().unwrap().iter().enumerate() {
        let got = tree32.leaf(i as u64).unwrap();
        assert_eq!(got.value, fr(&leaf["value"]), "leaf {i} value");
        assert_eq!(
            got.next_value,
            fr(&leaf["next_value"]),
            "leaf {i} next_value"
        );
    }
    assert_eq!(tree32.root(), fr(&v["root_depth_32"]));
    assert_eq!(
        SanctionsTree::from_keys(4, keys).unwrap().root(),
        fr(&v["root_depth_4"])
    );
    assert_eq!(
        SanctionsTree::new(32).unwrap().root(),
        fr(&v["empty_list_root_depth_32"])
    );
}
