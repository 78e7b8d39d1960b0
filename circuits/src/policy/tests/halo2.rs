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
