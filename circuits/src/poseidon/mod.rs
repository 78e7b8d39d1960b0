//! circomlib-compatible Poseidon over the BN254 scalar field.
//!
//! `hash(x1..xn)` runs the x^5 Poseidon permutation of width `t = n + 1` on the state
//! `[0, x1, …, xn]` (8 full rounds, circomlib's partial-round count for `t`, the iden3
//! round constants and MDS matrices) and returns `state[0]`. It equals circomlibjs
//! `poseidon([x1..xn])` and the `poseidon-solidity` contracts bit for bit, for 1 to
//! [`MAX_INPUTS`] inputs (`circuits/tests/poseidon_vectors.rs` checks every width against
//! vectors computed by circomlibjs 0.1.7).
//!
//! # Where the constants come from
//!
//! All of them are the output of the Poseidon paper's parameter script
//! (`generate_parameters_grain.sage 1 0 254 <t> 8 <R_P> <r>`: Grain LFSR round constants,
//! Cauchy MDS matrix), as circomlib ran it:
//!
//! - t = 2..13 (1 to 12 inputs): `light-poseidon`'s circom parameters, which stop at t = 13;
//! - t = 14..17 (13 to 16 inputs): `constants.rs`, written by this workspace's port of that
//!   script, `xtask/src/poseidon.rs`. Its tests (`cargo test -p xtask`) check that it
//!   reproduces `light-poseidon`'s tables for t = 2..13 exactly and that `constants.rs` is
//!   what it writes today. To regenerate: `cargo run -p xtask -- poseidon-constants`.
//!
//! Constants are parsed once per width, on first use, and then shared.

use std::sync::OnceLock;

use ark_ff::{Field, Zero};
use light_poseidon::parameters::bn254_x5::get_poseidon_parameters;

use crate::{error::Result, field, Error, Fr};

mod constants;

/// The largest number of inputs supported (circomlib's maximum, width 17).
pub const MAX_INPUTS: usize = 16;

/// The widest state `light-poseidon` provides; wider ones come from [`constants::TABLES`].
const LIGHT_POSEIDON_MAX_WIDTH: usize = 13;

/// Full rounds for every width.
const FULL_ROUNDS: usize = 8;

/// One width's constants as written by the generator: `0x`-prefixed big-endian hex.
struct Table {
    /// State width `t`.
    width: usize,
    /// Number of partial rounds.
    partial_rounds: usize,
    /// Round constants, `width` per round.
    ark: &'static [&'static str],
    /// The MDS matrix, row-major.
    mds: &'static [&'static [&'static str]],
}

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
        .get_or_init(|| load(inputs + 1))
        .as_ref()
        .ok_or(arity)
}

/// Reads the parameters of width `width` from their source; `None` if it has none.
fn load(width: usize) -> Option<Params> {
    if width <= LIGHT_POSEIDON_MAX_WIDTH {
        let p = get_poseidon_parameters::<Fr>(u8::try_from(width).ok()?).ok()?;
        return Some(Params {
            width: p.width,
            full_rounds: p.full_rounds,
            partial_rounds: p.partial_rounds,
            ark: p.ark,
            mds: p.mds,
        });
    }
    let table = constants::TABLES.iter().find(|t| t.width == width)?;
    let params = Params {
        width,
        full_rounds: FULL_ROUNDS,
        partial_rounds: table.partial_rounds,
        ark: table.ark.iter().map(|c| parse(c)).collect::<Option<_>>()?,
        mds: table
            .mds
            .iter()
            .map(|row| row.iter().map(|c| parse(c)).collect::<Option<_>>())
            .collect::<Option<_>>()?,
    };
    let rounds = params.full_rounds + params.partial_rounds;
    let well_formed = params.ark.len() == rounds * width
        && params.mds.len() == width
        && params.mds.iter().all(|row| row.len() == width);
    well_formed.then_some(params)
}

/// A generated constant: `0x`-hex below the modulus, never reduced.
fn parse(constant: &str) -> Option<Fr> {
    field::parse("Poseidon constant", constant).ok()
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
    /// Runs the permutation at the width of `inputs` (1 to 16 inputs).
    macro_rules! at_width {
        ($($n:literal),*) => {
            match inputs.len() {
                $($n => {
                    let mut state = [Fr::zero(); $n + 1];
                    state[1..].copy_from_slice(inputs);
                    permute(p, &mut state);
                    state[0]
                })*
                _ => unreachable!("params() accepted {} inputs", inputs.len()),
            }
        };
    }
    Ok(at_width!(
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
    ))
}

/// Poseidon hash of two elements (a Merkle node, a leaf of the sanctions tree).
pub fn hash2(left: Fr, right: Fr) -> Fr {
    let p = params(2).expect("width 3 is always supported");
    let mut state = [Fr::zero(), left, right];
    permute(p, &mut state);
    state[0]
}

/// The Poseidon permutation of width `T`, in place, on the stack, with each MDS row applied
/// as one lazily reduced sum of products.
fn permute<const T: usize>(p: &Params, state: &mut [Fr; T]) {
    let mut mds = [[Fr::zero(); T]; T];
    for (row, source) in mds.iter_mut().zip(&p.mds) {
        row.copy_from_slice(source);
    }
    let half = p.full_rounds / 2;
    for (round, constants) in p.ark.chunks_exact(T).enumerate() {
        for (s, c) in state.iter_mut().zip(constants) {
            *s += c;
        }
        let full = round < half || round >= half + p.partial_rounds;
        for s in state.iter_mut().take(if full { T } else { 1 }) {
            *s = sbox(*s);
        }
        let current = *state;
        for (s, row) in state.iter_mut().zip(&mds) {
            *s = Fr::sum_of_products(row, &current);
        }
    }
}

fn sbox(x: Fr) -> Fr {
    let x2 = x * x;
    let x4 = x2 * x2;
    x4 * x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// circomlibjs `poseidon_reference.js` `N_ROUNDS_P`, for t = 2..=17.
    const CIRCOMLIB_PARTIAL_ROUNDS: [usize; 16] = [
        56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68,
    ];

    #[test]
    fn every_width_loads_with_circomlib_round_counts() {
        assert_eq!(MAX_INPUTS, CIRCOMLIB_PARTIAL_ROUNDS.len());
        for inputs in 1..=MAX_INPUTS {
            let p = params(inputs).unwrap_or_else(|e| panic!("{inputs} inputs: {e}"));
            let t = inputs + 1;
            assert_eq!(p.width, t, "{inputs} inputs");
            assert_eq!(p.full_rounds, FULL_ROUNDS, "t = {t}");
            assert_eq!(p.partial_rounds, CIRCOMLIB_PARTIAL_ROUNDS[t - 2], "t = {t}");
            assert_eq!(
                p.ark.len(),
                (p.full_rounds + p.partial_rounds) * t,
                "t = {t}"
            );
            assert_eq!(p.mds.len(), t, "t = {t}");
            assert!(p.mds.iter().all(|row| row.len() == t), "t = {t}");
            // Loaded once: a second call hands out the same parameters.
            assert!(std::ptr::eq(p, params(inputs).unwrap()), "t = {t}");
        }
    }

    #[test]
    fn generated_tables_hold_exactly_the_widths_light_poseidon_lacks() {
        let widths: Vec<usize> = constants::TABLES.iter().map(|t| t.width).collect();
        let expected: Vec<usize> = (LIGHT_POSEIDON_MAX_WIDTH + 1..=MAX_INPUTS + 1).collect();
        assert_eq!(widths, expected);
        assert!(get_poseidon_parameters::<Fr>(LIGHT_POSEIDON_MAX_WIDTH as u8).is_ok());
        assert!(get_poseidon_parameters::<Fr>(LIGHT_POSEIDON_MAX_WIDTH as u8 + 1).is_err());
    }

    #[test]
    fn generated_constants_are_canonical_hex() {
        for table in &constants::TABLES {
            for c in table
                .ark
                .iter()
                .chain(table.mds.iter().flat_map(|r| r.iter()))
            {
                let x = parse(c).unwrap_or_else(|| panic!("t = {}: {c}", table.width));
                assert_eq!(&field::to_hex(&x), c, "t = {}", table.width);
            }
        }
    }

    #[test]
    fn arity_outside_one_to_max_is_an_error_with_value_and_limit() {
        for inputs in [0, MAX_INPUTS + 1, 100] {
            let err = params(inputs).expect_err("out of range");
            assert!(
                matches!(err, Error::PoseidonArity { inputs: i, max: MAX_INPUTS } if i == inputs),
                "{err:?}"
            );
            assert!(hash(&vec![Fr::zero(); inputs]).is_err(), "{inputs} inputs");
        }
    }
}
