//! snarkjs-compatible JSON: `verification_key.json`, `proof.json` and `public.json`, so
//! that `snarkjs groth16 verify verification_key.json public.json proof.json` checks
//! zkcomply proofs. Numbers are decimal strings; points are projective triples with
//! `z = 1` (`[0, 1, 0]` for infinity); an Fp2 element `c0 + c1·u` is `[c0, c1]`.

use ark_bn254::{Bn254, Fq, Fq2, G1Affine, G2Affine};
use ark_ec::{pairing::Pairing, AffineRepr};
use ark_ff::PrimeField;
use serde_json::{json, Value};
use zkcomply_circuits::field;

use crate::{key::VerifyingKey, proof::Proof};

fn fq(x: &Fq) -> Value {
    Value::String(x.into_bigint().to_string())
}

fn fq2(x: &Fq2) -> Value {
    json!([fq(&x.c0), fq(&x.c1)])
}

fn g1(p: &G1Affine) -> Value {
    if p.is_zero() {
        return json!(["0", "1", "0"]);
    }
    json!([fq(&p.x), fq(&p.y), "1"])
}

fn g2(p: &G2Affine) -> Value {
    if p.is_zero() {
        return json!([["0", "0"], ["1", "0"], ["0", "0"]]);
    }
    json!([fq2(&p.x), fq2(&p.y), ["1", "0"]])
}

/// `verification_key.json`.
pub fn verification_key(vk: &VerifyingKey) -> Value {
    let k = &vk.inner;
    let ab = Bn254::pairing(k.alpha_g1, k.beta_g2).0;
    let fq6 = |x: &ark_bn254::Fq6| json!([fq2(&x.c0), fq2(&x.c1), fq2(&x.c2)]);
    json!({
        "protocol": "groth16",
        "curve": "bn128",
        "nPublic": k.gamma_abc_g1.len() - 1,
        "vk_alpha_1": g1(&k.alpha_g1),
        "vk_beta_2": g2(&k.beta_g2),
        "vk_gamma_2": g2(&k.gamma_g2),
        "vk_delta_2": g2(&k.delta_g2),
        "vk_alphabeta_12": [fq6(&ab.c0), fq6(&ab.c1)],
        "IC": k.gamma_abc_g1.iter().map(g1).collect::<Vec<_>>(),
    })
}

/// `proof.json`.
pub fn proof(p: &Proof) -> Value {
    json!({
        "pi_a": g1(&p.inner.a),
        "pi_b": g2(&p.inner.b),
        "pi_c": g1(&p.inner.c),
        "protocol": "groth16",
        "curve": "bn128",
    })
}

/// `public.json`: the public inputs in the policy's order, decimal.
pub fn public(p: &Proof) -> Value {
    Value::Array(
        p.public_inputs
            .values()
            .iter()
            .map(|x| Value::String(field::to_decimal(x)))
            .collect(),
    )
}
