//! circomlib-compatible Poseidon over the BN254 scalar field.
//!
//! `hash(x1..xn)` runs the x^5 Poseidon permutation of width `t = n + 1` on the state
//! `[0, x1, …, xn]` (8 full rounds, circomlib's partial-round count for `t`, the iden3
//! round constants and MDS matrices) and returns `state[0]`. It equals circomlibjs
//! `poseidon([x1..xn])` and the `poseidon-solidity` contracts bit for bit.
//!
//! The constants come from `light-poseidon`'s circom parameters (generated with the
//! Poseidon paper's Grain LFSR script), which cover 1 to [`MAX_INPUTS`] inputs.

use std::sync::OnceLock;

use ark_ff::Zero;
use light_poseidon::parameters::bn254_x5::get_poseidon_parameters;

use crate::{error::Result, Error, Fr};

/// The largest number of inputs supported.
pub const MAX_INPUTS: usize = 12;

/// The permutation parameters for one width.
#[derive(Debug)]
pub struct Params {
    /// State width `t = inputs + 1`.
    pub width: usize,
    /// Number of full rounds (8), half before and half after the partial rounds.
    pub full_rounds: usize,
    /// Number of partial rounds.
    pub partial_rounds: usize,
    /// Round constants, `width` per round.
    pub ark: Vec<Fr>,
    /// The `width × width` MDS matrix, row-major.
    pub mds: Vec<Vec<Fr>>,
}

static PARAMS: [OnceLock<Option<Params>>; MAX_INPUTS] = [const { OnceLock::new() }; MAX_INPUTS];

/// The parameters for `inputs` inputs (loaded once, then shared).
///
/// # Errors
/// [`Error::PoseidonArity`] unless `1 <= inputs <= MAX_INPUTS`.
pub fn params(inputs: usize) -> Result<&'static Params> {
    let arity = Error::PoseidonArity {
        inputs,
        max: MAX_INPUTS,
    };
    if inputs == 0 || inputs > MAX_INPUTS {
        return Err(arity);
    }
    PARAMS[inputs - 1]
        .get_or_init(|| {
            let p = get_poseidon_parameters::<Fr>((inputs + 1) as u8).ok()?;
            Some(Params {
                width: p.width,
                full_rounds: p.full_rounds,
                partial_rounds: p.partial_rounds,
                ark: p.ark,
                mds: p.mds,
            })
        })
        .as_ref()
        .ok_or(arity)
}

/// Poseidon hash of 1 to [`MAX_INPUTS`] field elements.
///
/// ```
/// use zkcomply_circuits::{poseidon, Fr};
/// # fn main() -> Result<(), zkcomply_circuits::Error> {
/// let h = poseidon::hash(&[Fr::from(1u64), Fr::from(2u64)])?;
/// assert_eq!(zkcomply_circuits::field::to_decimal(&h),
///     "7853200120776062878684798364095072458815029376092732009249414926327459813530");
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// [`Error::PoseidonArity`] for 0 or more than [`MAX_INPUTS`] inputs.
pub fn hash(inputs: &[Fr]) -> Result<Fr> {
    let p = params(inputs.len())?;
    let mut state = Vec::with_capacity(p.width);
    state.push(Fr::zero());
    state.extend_from_slice(inputs);
    permute(p, &mut state);
    Ok(state[0])
}

/// Poseidon hash of two elements (a Merkle node, a leaf of the sanctions tree).
pub fn hash2(left: Fr, right: Fr) -> Fr {
    let p = params(2).expect("width 3 is always supported");
    let mut state = [Fr::zero(), left, right];
    permute(p, &mut state);
    state[0]
}

/// The Poseidon permutation, in place.
fn permute(p: &Params, state: &mut [Fr]) {
    let t = p.width;
    let half = p.full_rounds / 2;
    let rounds = p.full_rounds + p.partial_rounds;
    let mut next = vec![Fr::zero(); t];
    for round in 0..rounds {
        for (s, c) in state.iter_mut().zip(&p.ark[round * t..(round + 1) * t]) {
            *s += c;
        }
        let full = round < half || round >= half + p.partial_rounds;
        let sboxed = if full { t } else { 1 };
        for s in state.iter_mut().take(sboxed) {
            *s = sbox(*s);
        }
        for (n, row) in next.iter_mut().zip(&p.mds) {
            *n = row.iter().zip(state.iter()).map(|(m, s)| *m * s).sum();
        }
        state.copy_from_slice(&next);
    }
}

fn sbox(x: Fr) -> Fr {
    let x2 = x * x;
    let x4 = x2 * x2;
    x4 * x
}
