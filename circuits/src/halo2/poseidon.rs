//! The Poseidon chip: the same permutation as [`crate::poseidon::hash`] (circomlib: state
//! `[0, x1..xn]`, x⁵, 8 full rounds, circomlib's partial rounds per width, its round
//! constants and MDS matrices, output `state[0]`), one row per round.
//!
//! Row layout of one hash of `n` inputs (`t = n + 1`, `R` rounds):
//!
//! ```text
//! row      state[0..t]                  sq[0..t]          rc[0..t]          selector
//! r        0, x1, …, xn  (0 constant,   (state + rc)²     C[0·t..1·t]       full_t
//!                         x copied)
//! r + i    state before round i         (state + rc)²     C[i·t..(i+1)·t]   full_t or partial_t
//! r + R    state after the last round   —                 —                 —  (output: state[0])
//! ```
//!
//! With `x_k = cur[k] + rc[k]`, gate `full_t`: `sq[k] = x_k²` and
//! `next[j] = Σ_k M[j][k]·sq[k]²·x_k`; gate `partial_t`: `sq[0] = x_0²` and
//! `next[j] = M[j][0]·sq[0]²·x_0 + Σ_(k≥1) M[j][k]·x_k`. The squares keep the gates at
//! degree 4 (`halo2-axiom` caps gates at degree 5).

use halo2_axiom::{
    circuit::Value,
    halo2curves::ff::Field,
    plonk::{Advice, Column, ConstraintSystem, Error, Expression, Fixed, Selector},
    poly::Rotation,
};

use super::{to_fp, AssignedFr, Ctx, Fp};
use crate::poseidon::params;

/// The most inputs the chip hashes (width 7: the allowance note has six). A configuration
/// may be narrower (see [`PoseidonChip::configure`]).
pub const MAX_CHIP_INPUTS: usize = 6;

/// The widest state.
pub const WIDTH: usize = MAX_CHIP_INPUTS + 1;

/// The Poseidon chip's columns and per-width selectors.
#[derive(Clone, Debug)]
pub struct PoseidonConfig {
    state: Vec<Column<Advice>>,
    sq: Vec<Column<Advice>>,
    rc: Vec<Column<Fixed>>,
    /// `(full, partial)` selectors for `inputs = 1..width`.
    selectors: Vec<(Selector, Selector)>,
}

/// The permutation's parameters for one width, as Halo2 field elements.
struct Constants {
    width: usize,
    half_full: usize,
    partial: usize,
    rc: Vec<Fp>,
    mds: Vec<Vec<Fp>>,
}

impl Constants {
    fn load(inputs: usize) -> Result<Self, Error> {
        let p = params(inputs).map_err(|_| Error::Synthesis)?;
        Ok(Self {
            width: p.width,
            half_full: p.full_rounds / 2,
            partial: p.partial_rounds,
            rc: p.ark.iter().copied().map(to_fp).collect(),
            mds: p
                .mds
                .iter()
                .map(|row| row.iter().copied().map(to_fp).collect())
                .collect(),
        })
    }

    fn rounds(&self) -> usize {
        2 * self.half_full + self.partial
    }

    fn is_full(&self, round: usize) -> bool {
        round < self.half_full || round >= self.half_full + self.partial
    }

    /// One round on native values.
    fn round(&self, round: usize, state: &[Fp]) -> Vec<Fp> {
        let t = self.width;
        let full = self.is_full(round);
        let after_sbox: Vec<Fp> = state
            .iter()
            .zip(&self.rc[round * t..(round + 1) * t])
            .enumerate()
            .map(|(k, (s, c))| {
                let x = *s + c;
                if full || k == 0 {
                    x.square().square() * x
                } else {
                    x
                }
            })
            .collect();
        self.mds
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&after_sbox)
                    .fold(Fp::ZERO, |acc, (m, x)| acc + *m * x)
            })
            .collect()
    }
}

/// The Poseidon chip.
#[derive(Clone, Debug)]
pub struct PoseidonChip {
    config: PoseidonConfig,
}

impl PoseidonChip {
    /// Adds a full-round and a partial-round gate per width `2..=width` over `state`
    /// (which gets equality enabled), the squares `sq` and the round constants `rc`, with
    /// two selectors per width; `width` is the shortest of the three slices, at most
    /// [`WIDTH`]. The chip then hashes 1 to `width − 1` inputs.
    pub fn configure(
        meta: &mut ConstraintSystem<Fp>,
        state: &[Column<Advice>],
        sq: &[Column<Advice>],
        rc: &[Column<Fixed>],
    ) -> PoseidonConfig {
        let width = state.len().min(sq.len()).min(rc.len()).min(WIDTH);
        let (state, sq, rc) = (&state[..width], &sq[..width], &rc[..width]);
        for s in state {
            meta.enable_equality(*s);
        }
        let mut selectors = Vec::with_capacity(width.saturating_sub(1));
        for inputs in 1..width {
            let (full, partial) = (meta.selector(), meta.selector());
            selectors.push((full, partial));
            // Parameters for widths 2..=17 always load; a width that did not would have no
            // gate, and `hash` refuses it (it loads the same parameters).
            let Ok(c) = Constants::load(inputs) else {
                continue;
            };
            for (selector, full_round) in [(full, true), (partial, false)] {
                meta.create_gate("poseidon round", |m| {
                    let t = c.width;
                    let s = m.query_selector(selector);
                    let with_sbox = |k: usize| full_round || k == 0;
                    let x: Vec<Expression<Fp>> = (0..t)
                        .map(|k| {
                            m.query_advice(state[k], Rotation::cur())
                                + m.query_fixed(rc[k], Rotation::cur())
                        })
                        .collect();
                    let sq: Vec<Expression<Fp>> = (0..t)
                        .map(|k| m.query_advice(sq[k], Rotation::cur()))
                        .collect();
                    let mut constraints: Vec<Expression<Fp>> = (0..t)
                        .filter(|k| with_sbox(*k))
                        .map(|k| s.clone() * (sq[k].clone() - x[k].clone() * x[k].clone()))
                        .collect();
                    let sbox: Vec<Expression<Fp>> = (0..t)
                        .map(|k| {
                            if with_sbox(k) {
                                sq[k].clone() * sq[k].clone() * x[k].clone()
                            } else {
                                x[k].clone()
                            }
                        })
                        .collect();
                    for (column, row) in state.iter().zip(&c.mds) {
                        let mixed = row
                            .iter()
                            .zip(&sbox)
                            .map(|(m, e)| e.clone() * Expression::Constant(*m))
                            .reduce(|a, b| a + b)
                            .unwrap_or(Expression::Constant(Fp::ZERO));
                        constraints
                            .push(s.clone() * (m.query_advice(*column, Rotation::next()) - mixed));
                    }
                    constraints
                });
            }
        }
        PoseidonConfig {
            state: state.to_vec(),
            sq: sq.to_vec(),
            rc: rc.to_vec(),
            selectors,
        }
    }

    /// The chip over a configured Poseidon.
    pub fn construct(config: PoseidonConfig) -> Self {
        Self { config }
    }

    /// `H(inputs)`; equals the native [`crate::poseidon::hash`]. Uses `R + 1` rows.
    ///
    /// # Errors
    /// [`Error::Synthesis`] for 0 inputs or more than the configuration's width allows
    /// (at most [`MAX_CHIP_INPUTS`]); [`Error::NotEnoughRowsAvailable`].
    pub fn hash(&self, ctx: &mut Ctx<'_>, inputs: &[AssignedFr]) -> Result<AssignedFr, Error> {
        let &(full, partial) = inputs
            .len()
            .checked_sub(1)
            .and_then(|i| self.config.selectors.get(i))
            .ok_or(Error::Synthesis)?;
        let c = Constants::load(inputs.len())?;
        let t = c.width;
        let start = ctx.take_main(c.rounds() + 1);
        let mut cells = Vec::with_capacity(t);
        cells.push(ctx.assign_constant(self.config.state[0], start, Fp::ZERO)?);
        for (x, column) in inputs.iter().zip(&self.config.state[1..]) {
            cells.push(ctx.copy(*column, start, x)?);
        }
        let mut state: Value<Vec<Fp>> =
            cells
                .iter()
                .map(|x| x.value())
                .fold(Value::known(Vec::with_capacity(t)), |acc, v| {
                    acc.zip(v).map(|(mut acc, v)| {
                        acc.push(v);
                        acc
                    })
                });
        for round in 0..c.rounds() {
            let row = start + round;
            for (k, column) in self.config.rc[..t].iter().enumerate() {
                ctx.fixed(*column, row, c.rc[round * t + k])?;
            }
            ctx.enable(if c.is_full(round) { &full } else { &partial }, row)?;
            let sboxes = if c.is_full(round) { t } else { 1 };
            for (k, column) in self.config.sq[..sboxes].iter().enumerate() {
                let x = state.as_ref().map(|s| s[k] + c.rc[round * t + k]);
                ctx.assign(*column, row, x.map(|x| x.square()))?;
            }
            state = state.map(|s| c.round(round, &s));
            cells.clear();
            for (k, column) in self.config.state[..t].iter().enumerate() {
                cells.push(ctx.assign(*column, row + 1, state.as_ref().map(|s| s[k]))?);
            }
        }
        Ok(cells[0])
    }
}

#[cfg(test)]
mod tests {
    use ark_std::UniformRand;
    use rand::SeedableRng;

    use super::*;
    use crate::{
        field,
        halo2::gate::tests::{dry_rows, mock},
        poseidon as native, Fr,
    };

    /// Hashes `xs` in the chip and constrains the output to `claimed`.
    fn hash_is(xs: &[Fr], claimed: Fr) -> Result<(), String> {
        let xs: Vec<Value<Fp>> = xs.iter().map(|x| Value::known(to_fp(*x))).collect();
        mock(move |c, ctx| {
            let inputs = c.gate.witness(ctx, &xs)?;
            let h = c.poseidon.hash(ctx, &inputs)?;
            let k = c.gate.constant(ctx, to_fp(claimed))?;
            c.gate.enforce_equal(ctx, &h, &k);
            Ok(())
        })
    }

    #[test]
    fn equals_native_at_every_width_and_rejects_a_wrong_output() {
        let seed = 11u64;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        for n in 1..=MAX_CHIP_INPUTS {
            for xs in [
                vec![Fr::from(0u64); n],
                vec![-Fr::from(1u64); n],
                (0..n).map(|_| Fr::rand(&mut rng)).collect(),
            ] {
                let h = native::hash(&xs).unwrap();
                hash_is(&xs, h).unwrap_or_else(|e| panic!("seed {seed}, {n} inputs: {e}"));
                assert!(
                    hash_is(&xs, h + Fr::from(1u64)).is_err(),
                    "seed {seed}, {n} inputs: a wrong output accepted"
                );
            }
        }
    }

    #[test]
    fn a_hash_takes_one_row_per_round_plus_one() {
        for n in 1..=MAX_CHIP_INPUTS {
            let p = native::params(n).unwrap();
            let (rows, range) = dry_rows(|c, ctx| {
                let inputs = c.gate.witness(ctx, &vec![Value::known(Fp::ONE); n])?;
                c.poseidon.hash(ctx, &inputs).map(|_| ())
            });
            let witness_rows = n.div_ceil(4);
            assert_eq!(
                rows - witness_rows,
                p.full_rounds + p.partial_rounds + 1,
                "{n} inputs"
            );
            assert_eq!(range, 0);
        }
    }

    #[test]
    fn matches_circomlibjs_vectors() {
        let text = include_str!("../../tests/vectors/poseidon.json");
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut checked = 0;
        for v in json["poseidon"].as_array().unwrap() {
            let inputs: Vec<Fr> = v["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| field::parse("input", x.as_str().unwrap()).unwrap())
                .collect();
            if inputs.len() > MAX_CHIP_INPUTS {
                continue;
            }
            let out = field::parse("output", v["output"].as_str().unwrap()).unwrap();
            hash_is(&inputs, out)
                .unwrap_or_else(|e| panic!("width {}, inputs {inputs:?}: {e}", inputs.len() + 1));
            checked += 1;
        }
        assert!(checked >= 4, "only {checked} vectors checked");
    }

    #[test]
    fn a_narrow_configuration_refuses_wider_hashes() {
        let mut meta = ConstraintSystem::<Fp>::default();
        let state: Vec<_> = (0..4).map(|_| meta.advice_column()).collect();
        let sq: Vec<_> = (0..4).map(|_| meta.advice_column()).collect();
        let rc: Vec<_> = (0..4).map(|_| meta.fixed_column()).collect();
        let chip = PoseidonChip::construct(PoseidonChip::configure(&mut meta, &state, &sq, &rc));
        let mut ctx = Ctx::dry();
        let x = ctx.assign(state[0], 0, Value::known(Fp::ONE)).unwrap();
        for n in 1..=3 {
            assert!(chip.hash(&mut ctx, &vec![x; n]).is_ok(), "{n} inputs");
        }
        for n in [0, 4, MAX_CHIP_INPUTS] {
            assert!(
                matches!(chip.hash(&mut ctx, &vec![x; n]), Err(Error::Synthesis)),
                "{n} inputs"
            );
        }
    }

    #[test]
    fn arity_outside_the_chip_is_an_error() {
        for n in [0, MAX_CHIP_INPUTS + 1] {
            let e = mock(move |c, ctx| {
                let inputs = c.gate.witness(ctx, &vec![Value::known(Fp::ONE); n])?;
                c.poseidon.hash(ctx, &inputs).map(|_| ())
            });
            assert!(e.is_err(), "{n} inputs");
        }
    }
}
