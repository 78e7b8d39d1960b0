//! The Halo2 twins of the policy circuits. With feature `halo2`, [`super::check`] runs every
//! witness of these tests through both circuits and fails if they disagree; this file adds
//! what only Halo2 has (the instance column) and the circuits' sizes.

use halo2_axiom::dev::MockProver;

use super::*;
use crate::{
    field::to_halo2,
    halo2::{Fp, PolicyCircuit as Halo2Circuit},
};

/// MockProver on the Halo2 circuit of `w`, with `instances` in the instance column.
fn mock(w: &ComplianceWitness, instances: Vec<Fp>) -> Result<(), String> {
    let circuit = Halo2Circuit::new(w).map_err(|e| e.to_string())?;
    let prover =
        MockProver::run(circuit.k(), &circuit, vec![instances]).map_err(|e| e.to_string())?;
    prover.verify().map_err(|failures| {
        let first: Vec<String> = failures.iter().take(3).map(|f| f.to_string()).collect();
        format!("{} failures, first: {}", failures.len(), first.join("; "))
    })
}

/// `Ok` if the Halo2 circuit accepts `w` with its own public inputs.
pub(super) fn check(w: &ComplianceWitness) -> Result<(), String> {
    let instances = w.public_inputs().values().iter().map(to_halo2).collect();
    mock(w, instances)
}

#[test]
fn instances_are_the_public_inputs_in_the_groth16_order() {
    let w = world();
    for policy in Policy::ALL {
        let x = valid(&w, policy);
        let circuit = Halo2Circuit::new(&x).unwrap();
        let expected: Vec<Fp> = PolicyCircuit::new(&x)
            .public_inputs()
            .iter()
            .map(to_halo2)
            .collect();
        assert_eq!(circuit.instances(), expected, "{policy}");
        assert_eq!(expected.len(), policy.inputs().len(), "{policy}");
    }
}

/// The valid witness with any one public input changed in the instance column only (the
/// prover's witness untouched) is rejected: every input is bound.
#[test]
fn a_tampered_instance_is_rejected() {
    let w = world();
    for policy in Policy::ALL {
        let x = valid(&w, policy);
        let good: Vec<Fp> = x.public_inputs().values().iter().map(to_halo2).collect();
        mock(&x, good.clone()).unwrap_or_else(|e| panic!("{policy}: {e}"));
        for (i, input) in policy.inputs().iter().enumerate() {
            let mut bad = good.clone();
            bad[i] += Fp::from(1u64);
            assert!(
                mock(&x, bad).is_err(),
                "{policy}: accepted a tampered {input}"
            );
        }
        // Inputs in another order: rejected too (the order is part of the statement).
        let mut swapped = good.clone();
        swapped.swap(0, 1);
        assert!(mock(&x, swapped).is_err(), "{policy}: swapped inputs");
    }
}

/// Blank circuits (key generation) have the same size as the witnessed ones, and a deeper
/// tree costs one selection and one Poseidon per level.
#[test]
fn blank_and_witnessed_circuits_have_the_same_shape() {
    let w = world();
    for policy in Policy::ALL {
        let x = valid(&w, policy);
        let witnessed = Halo2Circuit::new(&x).unwrap();
        let blank = Halo2Circuit::blank(policy, x.shape()).unwrap();
        assert_eq!(witnessed.k(), blank.k(), "{policy}");
        assert_eq!(witnessed.rows().unwrap(), blank.rows().unwrap(), "{policy}");
    }
    let rows = |shape| {
        Halo2Circuit::blank(Policy::Compliance, shape)
            .unwrap()
            .rows()
            .unwrap()
    };
    let deeper = Shape {
        sanctions_depth: SHAPE.sanctions_depth + 1,
        ..SHAPE
    };
    // Per level: 2 witnesses (in the witness rows), a booleanity row, 3 selection rows and a
    // two-input Poseidon (65 rounds + 1 row).
    let level = rows(deeper) - rows(SHAPE);
    assert!((70..=72).contains(&level), "{level} rows per level");
}

/// Rows and k at the default shape (DS = 32, DR = 20, DT = 24), printed for the README.
#[test]
fn default_shape_sizes() {
    for policy in Policy::ALL {
        let c = Halo2Circuit::blank(policy, Shape::default()).unwrap();
        let rows = c.rows().unwrap();
        println!("{policy}: {rows} rows, k = {}", c.k());
        assert!(rows < 1 << c.k() && c.k() <= 14, "{policy}: {rows} rows");
    }
}

/// The adversarial witnesses of issue 6, by name: both circuits reject each (and `check`
/// asserts that they agree). Values ≥ r cannot be represented in either field type, so the
/// range checks are tested with values just past their bounds instead.
#[test]
fn both_circuits_reject_the_named_adversarial_witnesses() {
    let w = world();
    let good = valid(&w, Policy::Compliance);
    check(&good).unwrap();
    let largest = w.list.keys().last().unwrap().to_field();
    let last = w.list.len() as u64;
    let mut cases: Vec<(&str, ComplianceWitness)> = Vec::new();
    let mut sanctioned = good.clone();
    let position = w.list.keys().position(|k| k == w.listed.key).unwrap() as u64 + 1;
    sanctioned.key = w.listed.key.to_field();
    sanctioned.secret = w.listed.secret;
    sanctioned.registry_path = w.registry.membership(&w.listed.commitment()).unwrap();
    sanctioned.nullifier = w.listed.nullifier(sanctioned.scope);
    sanctioned.low_leaf = NonMembershipWitness {
        low_leaf: w.list.leaf(position).unwrap(),
        path: w.list_path(position),
    };
    cases.push(("a sanctioned address", sanctioned));
    let mut x = good.clone();
    x.sanctions_root += Fr::one();
    cases.push(("a wrong sanctions root", x));
    let mut x = good.clone();
    x.registry_root += Fr::one();
    cases.push(("a wrong registry root", x));
    let mut x = good.clone();
    x.nullifier += Fr::one();
    cases.push(("a tampered nullifier", x));
    let mut x = good.clone();
    x.limit = Fr::from(1000u64 - SPENT - 1);
    cases.push(("an amount one over the limit", x));
    let mut x = good.clone();
    x.amount = -Fr::one();
    x.amount_commitment = poseidon::hash(&[x.amount, x.blinding]).unwrap();
    cases.push(("amount = r − 1", x));
    let mut x = good.clone();
    x.amount = pow2(64);
    x.limit = pow2(64);
    x.amount_commitment = poseidon::hash(&[x.amount, x.blinding]).unwrap();
    cases.push(("amount = limit = 2^64", x));
    cases.push((
        "key = 2^252 above the largest listed key",
        with_raw_key(&w, pow2(252), last),
    ));
    for (why, x) in &cases {
        assert_rejected(x, why);
    }
    // Edges that hold in both: key 2^252 − 1 and key = largest + 1 (the nv = 0 leaf), and a
    // different context (it binds the proof to a transaction; any value is a statement).
    check(&with_raw_key(&w, pow2(252) - Fr::one(), last)).unwrap();
    check(&with_raw_key(&w, largest + Fr::one(), last)).unwrap();
    let mut x = good;
    x.context += Fr::one();
    check(&x).unwrap();
}

/// Tree edges, in both circuits: an empty sanctions list (only the sentinel `(0, 0)`) and a
/// full registry whose last leaf (index bits all 1) is the prover's.
#[test]
fn an_empty_list_and_a_full_registry_are_accepted_by_both() {
    let w = world();
    let empty = SanctionsTree::from_keys(SHAPE.sanctions_depth, []).unwrap();
    let mut full = Registry::new(SHAPE.registry_depth).unwrap();
    for i in 1..1u64 << SHAPE.registry_depth {
        full.insert(Fr::from(i)).unwrap();
    }
    full.insert(w.me.commitment()).unwrap();
    for policy in [Policy::Compliance, Policy::NonMembership] {
        let x = ComplianceWitness::builder(policy)
            .identity(&w.me)
            .sanctions(&empty)
            .registry(&full)
            .amount(5)
            .limit(5)
            .blinding(Fr::from(9u64))
            .scope(Fr::from(SCOPE))
            .context(Fr::from(1u64))
            .build()
            .unwrap();
        assert_eq!(
            x.low_leaf.low_leaf,
            LowLeaf {
                value: Fr::zero(),
                next_value: Fr::zero()
            }
        );
        assert_eq!(x.registry_path.index, (1 << SHAPE.registry_depth) - 1);
        check(&x).unwrap_or_else(|e| panic!("{policy}: {e}"));
        let mut bad = x.clone();
        bad.registry_path.index -= 1;
        assert_rejected(&bad, "the full registry's last leaf at the wrong index");
    }
}
