//! Poseidon of every width t = 2..17 (1 to 16 inputs) against circomlibjs 0.1.7: the native
//! hash and the R1CS gadget, on the vectors in `vectors/poseidon_widths.json` (see its `note`
//! for how they were computed). Fix the code, never the fixture.

use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::FieldVar, GR1CSVar};
use ark_relations::gr1cs::ConstraintSystem;
use serde_json::Value;
use zkcomply_circuits::{
    field,
    gadgets::{poseidon as gadget, FrVar},
    poseidon, Error, Fr,
};

struct Vector {
    width: usize,
    kind: String,
    inputs: Vec<Fr>,
    output: Fr,
    /// "width W, KIND inputs [..]" for assertion messages.
    label: String,
}

fn vectors() -> Vec<Vector> {
    let path = format!(
        "{}/tests/vectors/poseidon_widths.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(doc["field_modulus"].as_str(), Some(field::MODULUS_DECIMAL));
    let parse = |v: &Value| {
        let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
        field::parse("vector", s).unwrap_or_else(|e| panic!("{e}"))
    };
    doc["vectors"]
        .as_array()
        .expect("a `vectors` array")
        .iter()
        .map(|v| {
            let raw: Vec<&str> = v["inputs"]
                .as_array()
                .expect("an `inputs` array")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let width = v["width"].as_u64().expect("a `width`") as usize;
            let kind = v["kind"].as_str().unwrap_or("?").to_string();
            Vector {
                width,
                inputs: v["inputs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(parse)
                    .collect(),
                output: parse(&v["output"]),
                label: format!("width {width}, {kind} inputs {raw:?}"),
                kind,
            }
        })
        .collect()
}

#[test]
fn fixture_covers_every_width_and_is_well_formed() {
    let vectors = vectors();
    for width in 2..=poseidon::MAX_INPUTS + 1 {
        let kinds: Vec<&str> = vectors
            .iter()
            .filter(|v| v.width == width)
            .map(|v| v.kind.as_str())
            .collect();
        for kind in ["sequential", "zeros", "r_minus_1", "sha256"] {
            assert!(kinds.contains(&kind), "width {width}: no {kind} vector");
        }
    }
    for v in &vectors {
        assert_eq!(v.inputs.len() + 1, v.width, "{}", v.label);
    }
    assert_eq!(poseidon::MAX_INPUTS, 16);
}

#[test]
fn native_hash_matches_circomlibjs_at_every_width() {
    for v in vectors() {
        let h = poseidon::hash(&v.inputs).unwrap_or_else(|e| panic!("{}: {e}", v.label));
        assert_eq!(
            field::to_decimal(&h),
            field::to_decimal(&v.output),
            "{}",
            v.label
        );
    }
}

#[test]
fn gadget_matches_circomlibjs_at_every_width_and_rejects_a_wrong_output() {
    for v in vectors() {
        for wrong in [false, true] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let xs: Vec<FrVar> = v
                .inputs
                .iter()
                .map(|x| FrVar::new_witness(cs.clone(), || Ok(*x)))
                .collect::<Result<_, _>>()
                .unwrap_or_else(|e| panic!("{}: {e}", v.label));
            let h = gadget::hash(&xs).unwrap_or_else(|e| panic!("{}: {e}", v.label));
            assert_eq!(h.value().ok(), Some(v.output), "{}", v.label);
            let claimed = if wrong {
                v.output + Fr::from(1u64)
            } else {
                v.output
            };
            let claimed = FrVar::new_input(cs.clone(), || Ok(claimed))
                .unwrap_or_else(|e| panic!("{}: {e}", v.label));
            h.enforce_equal(&claimed)
                .unwrap_or_else(|e| panic!("{}: {e}", v.label));
            let satisfied = cs
                .is_satisfied()
                .unwrap_or_else(|e| panic!("{}: {e}", v.label));
            if wrong {
                assert!(!satisfied, "{}: output + 1 accepted", v.label);
            } else {
                assert!(
                    satisfied,
                    "{}: unsatisfied at {:?}",
                    v.label,
                    cs.which_is_unsatisfied()
                );
            }
        }
    }
}

#[test]
fn constant_inputs_fold_to_the_circomlibjs_value() {
    for v in vectors() {
        let xs: Vec<FrVar> = v.inputs.iter().map(|x| FrVar::constant(*x)).collect();
        let h = gadget::hash(&xs).unwrap_or_else(|e| panic!("{}: {e}", v.label));
        assert!(h.is_constant(), "{}", v.label);
        assert_eq!(h.value().ok(), Some(v.output), "{}", v.label);
    }
}

#[test]
fn one_past_the_widest_is_an_error_not_a_panic() {
    let inputs = vec![Fr::from(1u64); poseidon::MAX_INPUTS + 1];
    let err = poseidon::hash(&inputs).expect_err("17 inputs");
    assert!(
        matches!(
            err,
            Error::PoseidonArity {
                inputs: 17,
                max: 16
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "Poseidon takes 1 to 16 inputs, got 17");
    let xs: Vec<FrVar> = inputs.iter().map(|x| FrVar::constant(*x)).collect();
    assert!(gadget::hash(&xs).is_err());
}
