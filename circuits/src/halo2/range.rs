//! Range checks with an 8-bit lookup table, and the comparisons built on them: the twins of
//! [`crate::gadgets::range`]. As there, every comparison is on operands the caller has
//! range-checked to `bits <= 252` bits, which makes it sound over BN254's `Fr`.
//!
//! Row layout of `x < 2^bits`, `n = ⌈bits/8⌉` limbs, in the range column `z`:
//!
//! ```text
//! row     z                      q_byte   short
//! r       z_0 = x (copied)       1        0
//! r + i   z_i = ⌊x / 256^i⌋      1        0, or 2^(8·n − bits) on the top limb i = n − 1
//! r + n   z_n = 0 (constant)     0        0
//! ```
//!
//! Lookups: `q_byte·(z_cur − 256·z_next) ∈ [0, 256)` makes each limb a byte, and
//! `short·(z_cur − 256·z_next) ∈ [0, 256)` bounds the top limb to `bits − 8(n − 1)` bits.
//! With `z_n = 0`, `x = Σ limb_i·256^i < 2^bits` as integers.

use ark_ff::PrimeField;
use halo2_axiom::{
    circuit::{Layouter, Value},
    halo2curves::ff::Field,
    plonk::{Advice, Column, ConstraintSystem, Error, Fixed, TableColumn},
    poly::Rotation,
};

use super::{gate::GateChip, to_ark, to_fp, AssignedFr, Ctx, Fp};
use crate::Fr;

/// Bits per limb (the lookup table holds `0..2^LIMB_BITS`).
pub const LIMB_BITS: usize = 8;

/// The largest width [`RangeChip::range_check`] takes (its decomposition is unique below r).
pub const MAX_RANGE_BITS: usize = 253;

/// The largest operand width for which the comparisons are sound.
pub const MAX_COMPARE_BITS: usize = 252;

/// The range chip's columns.
#[derive(Clone, Copy, Debug)]
pub struct RangeConfig {
    z: Column<Advice>,
    q_byte: Column<Fixed>,
    short: Column<Fixed>,
    table: TableColumn,
}

/// The range chip; comparisons also use the arithmetic gate.
#[derive(Clone, Copy, Debug)]
pub struct RangeChip {
    config: RangeConfig,
    gate: GateChip,
}

fn pow2(bits: usize) -> Fr {
    use ark_ff::Field as _;
    Fr::from(2u64).pow([bits as u64])
}

impl RangeChip {
    /// Adds two lookups over the running-sum column `z` (which gets equality enabled), two
    /// fixed columns and an 8-bit table column.
    pub fn configure(meta: &mut ConstraintSystem<Fp>, z: Column<Advice>) -> RangeConfig {
        let (q_byte, short) = (meta.fixed_column(), meta.fixed_column());
        let table = meta.lookup_table_column();
        meta.enable_equality(z);
        let limb = |m: &mut halo2_axiom::plonk::VirtualCells<'_, Fp>| {
            m.query_advice(z, Rotation::cur())
                - m.query_advice(z, Rotation::next())
                    * halo2_axiom::plonk::Expression::Constant(Fp::from(1u64 << LIMB_BITS))
        };
        meta.lookup("byte limb", |m| {
            let q = m.query_fixed(q_byte, Rotation::cur());
            vec![(q * limb(m), table)]
        });
        meta.lookup("short top limb", |m| {
            let s = m.query_fixed(short, Rotation::cur());
            vec![(s * limb(m), table)]
        });
        RangeConfig {
            z,
            q_byte,
            short,
            table,
        }
    }

    /// The chip over a configured range check and gate.
    pub fn construct(config: RangeConfig, gate: GateChip) -> Self {
        Self { config, gate }
    }

    /// Fills the lookup table with `0..256`. Call once per circuit.
    ///
    /// # Errors
    /// An error from the layouter.
    pub fn load_table(&self, layouter: &mut impl Layouter<Fp>) -> Result<(), Error> {
        layouter.assign_table(
            || "bytes",
            |mut table| {
                for i in 0..1usize << LIMB_BITS {
                    table.assign_cell(
                        || "byte",
                        self.config.table,
                        i,
                        || Value::known(Fp::from(i as u64)),
                    )?;
                }
                Ok(())
            },
        )
    }

    /// Enforces `x < 2^bits` (`1 <= bits <= 253`). Uses `⌈bits/8⌉ + 1` rows of the range
    /// column.
    ///
    /// # Errors
    /// [`Error::Synthesis`] for `bits` outside `1..=253`; [`Error::NotEnoughRowsAvailable`].
    pub fn range_check(&self, ctx: &mut Ctx<'_>, x: &AssignedFr, bits: usize) -> Result<(), Error> {
        if bits == 0 || bits > MAX_RANGE_BITS {
            return Err(Error::Synthesis);
        }
        let n = bits.div_ceil(LIMB_BITS);
        let top_bits = bits - LIMB_BITS * (n - 1);
        let start = ctx.take_range(n + 1);
        let mut z = to_ark(x.value()).map(|v| v.into_bigint());
        ctx.copy(self.config.z, start, x)?;
        for i in 0..n {
            let row = start + i;
            ctx.fixed(self.config.q_byte, row, Fp::ONE)?;
            if i == n - 1 && top_bits < LIMB_BITS {
                let shift = Fp::from(1u64 << (LIMB_BITS - top_bits));
                ctx.fixed(self.config.short, row, shift)?;
            }
            z = z.map(|v| v >> LIMB_BITS as u32);
            // `⌊x / 256^(i+1)⌋ <= x < r`, so it is a field element as it is.
            let value = z.map(|v| to_fp(Fr::from_bigint(v).unwrap_or_default()));
            let cell = ctx.assign(self.config.z, row + 1, value)?;
            if i == n - 1 {
                ctx.constrain_constant(&cell, Fp::ZERO)?;
            }
        }
        Ok(())
    }

    /// Returns `a < b` as a boolean cell, for operands already known to be `< 2^bits`
    /// (`bits <= 252`): `lt` is a boolean witness and `b − a − 1 + 2^bits − lt·2^bits` must
    /// fit in `bits` bits (one gate row, a booleanity row and a range check).
    ///
    /// # Errors
    /// [`Error::Synthesis`] for `bits > 252`; [`Error::NotEnoughRowsAvailable`].
    pub fn is_less_than(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
        bits: usize,
    ) -> Result<AssignedFr, Error> {
        if bits > MAX_COMPARE_BITS {
            return Err(Error::Synthesis);
        }
        let lt_value =
            to_ark(a.value())
                .zip(to_ark(b.value()))
                .map(|(a, b)| if a < b { Fp::ONE } else { Fp::ZERO });
        let lt = self.gate.witness(ctx, &[lt_value])?[0];
        self.gate.enforce_bool(ctx, &lt)?;
        let two_bits = to_fp(pow2(bits));
        let low = self.gate.linear(
            ctx,
            &[(Fp::ONE, b), (-Fp::ONE, a), (-two_bits, &lt)],
            two_bits - Fp::ONE,
        )?;
        self.range_check(ctx, &low, bits)?;
        Ok(lt)
    }

    /// Enforces `a < b` for operands already known to be `< 2^bits` (`bits <= 252`):
    /// `b − a − 1` must fit in `bits` bits.
    ///
    /// # Errors
    /// [`Error::Synthesis`] for `bits > 252`; [`Error::NotEnoughRowsAvailable`].
    pub fn enforce_less_than(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
        bits: usize,
    ) -> Result<(), Error> {
        self.enforce_difference_fits(ctx, a, b, -Fp::ONE, bits)
    }

    /// Enforces `a <= b` for operands already known to be `< 2^bits` (`bits <= 252`):
    /// `b − a` must fit in `bits` bits.
    ///
    /// # Errors
    /// [`Error::Synthesis`] for `bits > 252`; [`Error::NotEnoughRowsAvailable`].
    pub fn enforce_less_or_equal(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
        bits: usize,
    ) -> Result<(), Error> {
        self.enforce_difference_fits(ctx, a, b, Fp::ZERO, bits)
    }

    /// `b − a + offset < 2^bits`.
    fn enforce_difference_fits(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
        offset: Fp,
        bits: usize,
    ) -> Result<(), Error> {
        if bits > MAX_COMPARE_BITS {
            return Err(Error::Synthesis);
        }
        let d = self
            .gate
            .linear(ctx, &[(Fp::ONE, b), (-Fp::ONE, a)], offset)?;
        self.range_check(ctx, &d, bits)
    }
}

#[cfg(test)]
mod tests {
    use ark_ff::{One, Zero};
    use proptest::prelude::*;

    use super::*;
    use crate::halo2::gate::tests::{dry_rows, mock};

    fn range(x: Fr, bits: usize) -> Result<(), String> {
        mock(move |c, ctx| {
            let v = c.gate.witness(ctx, &[Value::known(to_fp(x))])?[0];
            c.range.range_check(ctx, &v, bits)
        })
    }

    /// `(is_less_than holds and its value, enforce_less_than holds, enforce_less_or_equal holds)`.
    fn compare(a: Fr, b: Fr, bits: usize) -> (Option<bool>, bool, bool) {
        let lt = std::sync::Mutex::new(None);
        let ok = mock(|c, ctx| {
            let v = c
                .gate
                .witness(ctx, &[Value::known(to_fp(a)), Value::known(to_fp(b))])?;
            let r = c.range.is_less_than(ctx, &v[0], &v[1], bits)?;
            r.value().map(|x| *lt.lock().unwrap() = Some(x == Fp::ONE));
            Ok(())
        });
        let lt = ok.ok().and(*lt.lock().unwrap());
        let strict = mock(|c, ctx| {
            let v = c
                .gate
                .witness(ctx, &[Value::known(to_fp(a)), Value::known(to_fp(b))])?;
            c.range.enforce_less_than(ctx, &v[0], &v[1], bits)
        });
        let le = mock(|c, ctx| {
            let v = c
                .gate
                .witness(ctx, &[Value::known(to_fp(a)), Value::known(to_fp(b))])?;
            c.range.enforce_less_or_equal(ctx, &v[0], &v[1], bits)
        });
        (lt, strict.is_ok(), le.is_ok())
    }

    #[test]
    fn range_check_edges() {
        for bits in [1usize, 4, 8, 9, 64, 252, 253] {
            let max = pow2(bits) - Fr::one();
            range(Fr::zero(), bits).unwrap_or_else(|e| panic!("0 < 2^{bits}: {e}"));
            range(max, bits).unwrap_or_else(|e| panic!("2^{bits}-1: {e}"));
            assert!(range(pow2(bits), bits).is_err(), "2^{bits}");
            assert!(range(pow2(bits) + Fr::one(), bits).is_err(), "2^{bits}+1");
            assert!(range(-Fr::one(), bits).is_err(), "r-1 in {bits} bits");
        }
        assert!(range(Fr::one(), 0).is_err());
        assert!(range(Fr::one(), 254).is_err());
    }

    #[test]
    fn a_range_check_takes_one_row_per_byte_plus_one() {
        for bits in [1usize, 8, 9, 64, 252, 253] {
            let (main, rows) = dry_rows(|c, ctx| {
                let v = c.gate.witness(ctx, &[Value::known(Fp::ONE)])?[0];
                c.range.range_check(ctx, &v, bits)
            });
            assert_eq!((main, rows), (1, bits.div_ceil(8) + 1), "{bits} bits");
        }
    }

    #[test]
    fn comparisons_at_edges() {
        let top = pow2(252) - Fr::one();
        for (a, b) in [
            (Fr::zero(), Fr::zero()),
            (Fr::zero(), Fr::one()),
            (Fr::one(), Fr::zero()),
            (top, top),
            (Fr::zero(), top),
            (top, Fr::zero()),
            (top - Fr::one(), top),
        ] {
            let (lt, strict, le) = compare(a, b, 252);
            assert_eq!(lt, Some(a < b), "{a} < {b}");
            assert_eq!(strict, a < b, "{a} < {b}");
            assert_eq!(le, a <= b, "{a} <= {b}");
        }
    }

    /// A cheating prover claiming the wrong comparison result is caught.
    #[test]
    fn a_wrong_less_than_bit_is_rejected() {
        for (a, b, claimed) in [(1u64, 2u64, 0u64), (2, 1, 1), (5, 5, 1)] {
            let r = mock(move |c, ctx| {
                let v = c
                    .gate
                    .witness(ctx, &[Value::known(Fp::from(a)), Value::known(Fp::from(b))])?;
                let lt = c.gate.witness(ctx, &[Value::known(Fp::from(claimed))])?[0];
                c.gate.enforce_bool(ctx, &lt)?;
                let two = to_fp(pow2(64));
                let low = c.gate.linear(
                    ctx,
                    &[(Fp::ONE, &v[1]), (-Fp::ONE, &v[0]), (-two, &lt)],
                    two - Fp::ONE,
                )?;
                c.range.range_check(ctx, &low, 64)
            });
            assert!(r.is_err(), "{a} < {b} claimed {claimed}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn comparisons_match_integers(a in any::<u64>(), b in any::<u64>(), edge in 0u8..3) {
            let b = match edge { 0 => b, 1 => a, _ => a.saturating_add(1) };
            let (lt, strict, le) = compare(Fr::from(a), Fr::from(b), 64);
            prop_assert_eq!(lt, Some(a < b));
            prop_assert_eq!(strict, a < b);
            prop_assert_eq!(le, a <= b);
        }
    }
}
