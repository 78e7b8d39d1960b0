//! The arithmetic gate: over four advice columns `a_0..a_3` and fixed coefficients,
//! `q_0·a_0 + q_1·a_1 + q_2·a_2 + q_3·a_3 + q_m·a_0·a_1 + q_c = 0` on every row (a row
//! whose coefficients are all zero constrains nothing). Every operation below is one or two
//! such rows; operands enter by copy constraints.

use halo2_axiom::{
    circuit::Value,
    halo2curves::ff::Field,
    plonk::{Advice, Column, ConstraintSystem, Error, Fixed},
    poly::Rotation,
};

use super::{AssignedFr, Ctx, Fp};

/// The columns of the arithmetic gate.
#[derive(Clone, Copy, Debug)]
pub struct GateConfig {
    /// `a_0..a_3`.
    pub advice: [Column<Advice>; 4],
    q: [Column<Fixed>; 4],
    q_m: Column<Fixed>,
    q_c: Column<Fixed>,
}

/// One operand of a gate row: a copy of an assigned cell, or a new witness value.
#[derive(Clone, Copy, Debug)]
pub enum Slot<'a> {
    /// A copy of a cell assigned earlier (constrained equal to it).
    Copy(&'a AssignedFr),
    /// A new witness.
    Witness(Value<Fp>),
}

const UNUSED: Slot<'static> = Slot::Witness(Value::known(Fp::ZERO));

/// The arithmetic chip.
#[derive(Clone, Copy, Debug)]
pub struct GateChip {
    config: GateConfig,
}

impl GateChip {
    /// Adds the gate over `advice` (which gets equality enabled) and six new fixed
    /// columns for its coefficients.
    pub fn configure(meta: &mut ConstraintSystem<Fp>, advice: [Column<Advice>; 4]) -> GateConfig {
        let q = [(); 4].map(|_| meta.fixed_column());
        let (q_m, q_c) = (meta.fixed_column(), meta.fixed_column());
        for a in advice {
            meta.enable_equality(a);
        }
        meta.create_gate("arithmetic", |m| {
            let a = advice.map(|c| m.query_advice(c, Rotation::cur()));
            let q = q.map(|c| m.query_fixed(c, Rotation::cur()));
            let q_m = m.query_fixed(q_m, Rotation::cur());
            let q_c = m.query_fixed(q_c, Rotation::cur());
            let linear = a
                .iter()
                .zip(q.iter())
                .map(|(a, q)| q.clone() * a.clone())
                .reduce(|x, y| x + y);
            vec![linear.map_or(q_c.clone(), |l| l + q_c) + q_m * a[0].clone() * a[1].clone()]
        });
        GateConfig {
            advice,
            q,
            q_m,
            q_c,
        }
    }

    /// The chip over a configured gate.
    pub fn construct(config: GateConfig) -> Self {
        Self { config }
    }

    /// The gate's columns.
    pub fn config(&self) -> &GateConfig {
        &self.config
    }

    /// One gate row: `slots` in `a_0..a_3` with coefficients `q`, `q_m`, `q_c`; returns the
    /// four assigned cells.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] past the usable rows.
    pub fn row(
        &self,
        ctx: &mut Ctx<'_>,
        slots: [Slot<'_>; 4],
        q: [Fp; 4],
        q_m: Fp,
        q_c: Fp,
    ) -> Result<[AssignedFr; 4], Error> {
        let row = ctx.take_main(1);
        let mut out = Vec::with_capacity(4);
        for (slot, column) in slots.iter().zip(self.config.advice) {
            out.push(match slot {
                Slot::Copy(x) => ctx.copy(column, row, x)?,
                Slot::Witness(v) => ctx.assign(column, row, *v)?,
            });
        }
        for (column, q) in self.config.q.into_iter().zip(q) {
            if q != Fp::ZERO {
                ctx.fixed(column, row, q)?;
            }
        }
        if q_m != Fp::ZERO {
            ctx.fixed(self.config.q_m, row, q_m)?;
        }
        if q_c != Fp::ZERO {
            ctx.fixed(self.config.q_c, row, q_c)?;
        }
        Ok([out[0], out[1], out[2], out[3]])
    }

    /// New private witnesses, four to a row, unconstrained.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] past the usable rows.
    pub fn witness(
        &self,
        ctx: &mut Ctx<'_>,
        values: &[Value<Fp>],
    ) -> Result<Vec<AssignedFr>, Error> {
        let mut out = Vec::with_capacity(values.len());
        for chunk in values.chunks(4) {
            let row = ctx.take_main(1);
            for (v, column) in chunk.iter().zip(self.config.advice) {
                out.push(ctx.assign(column, row, *v)?);
            }
        }
        Ok(out)
    }

    /// A cell constrained to the constant `c`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] past the usable rows.
    pub fn constant(&self, ctx: &mut Ctx<'_>, c: Fp) -> Result<AssignedFr, Error> {
        let row = ctx.take_main(1);
        ctx.assign_constant(self.config.advice[0], row, c)
    }

    /// `Σ coefficient·x + c` for up to three terms. Row: `x_0 x_1 x_2 out`.
    ///
    /// # Errors
    /// [`Error::Synthesis`] for more than three terms; [`Error::NotEnoughRowsAvailable`].
    pub fn linear(
        &self,
        ctx: &mut Ctx<'_>,
        terms: &[(Fp, &AssignedFr)],
        c: Fp,
    ) -> Result<AssignedFr, Error> {
        if terms.len() > 3 {
            return Err(Error::Synthesis);
        }
        let value = terms.iter().fold(Value::known(c), |acc, (k, x)| {
            acc + x.value * Value::known(*k)
        });
        let mut slots = [UNUSED; 4];
        let mut q = [Fp::ZERO; 4];
        for (i, (k, x)) in terms.iter().enumerate() {
            slots[i] = Slot::Copy(x);
            q[i] = *k;
        }
        slots[3] = Slot::Witness(value);
        q[3] = -Fp::ONE;
        Ok(self.row(ctx, slots, q, Fp::ZERO, c)?[3])
    }

    /// `a + b`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn add(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
    ) -> Result<AssignedFr, Error> {
        self.linear(ctx, &[(Fp::ONE, a), (Fp::ONE, b)], Fp::ZERO)
    }

    /// `a - b`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn sub(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
    ) -> Result<AssignedFr, Error> {
        self.linear(ctx, &[(Fp::ONE, a), (-Fp::ONE, b)], Fp::ZERO)
    }

    /// `a·b + c`. Row: `a b c out`, `q_m = 1, q_2 = 1, q_3 = −1`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn mul_add(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
        c: &AssignedFr,
    ) -> Result<AssignedFr, Error> {
        let value = a.value * b.value + c.value;
        let one = Fp::ONE;
        Ok(self.row(
            ctx,
            [
                Slot::Copy(a),
                Slot::Copy(b),
                Slot::Copy(c),
                Slot::Witness(value),
            ],
            [Fp::ZERO, Fp::ZERO, one, -one],
            one,
            Fp::ZERO,
        )?[3])
    }

    /// `a·b`. Row: `a b 0 out`, `q_m = 1, q_3 = −1`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn mul(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
    ) -> Result<AssignedFr, Error> {
        let value = a.value * b.value;
        let one = Fp::ONE;
        Ok(self.row(
            ctx,
            [Slot::Copy(a), Slot::Copy(b), UNUSED, Slot::Witness(value)],
            [Fp::ZERO, Fp::ZERO, Fp::ZERO, -one],
            one,
            Fp::ZERO,
        )?[3])
    }

    /// Enforces `x ∈ {0, 1}`. Row: `x x`, `q_m = 1, q_0 = −1` (`x² − x = 0`).
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn enforce_bool(&self, ctx: &mut Ctx<'_>, x: &AssignedFr) -> Result<(), Error> {
        self.row(
            ctx,
            [Slot::Copy(x), Slot::Copy(x), UNUSED, UNUSED],
            [-Fp::ONE, Fp::ZERO, Fp::ZERO, Fp::ZERO],
            Fp::ONE,
            Fp::ZERO,
        )
        .map(|_| ())
    }

    /// Enforces `a·b = 0`. Row: `a b`, `q_m = 1`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn enforce_product_zero(
        &self,
        ctx: &mut Ctx<'_>,
        a: &AssignedFr,
        b: &AssignedFr,
    ) -> Result<(), Error> {
        self.row(
            ctx,
            [Slot::Copy(a), Slot::Copy(b), UNUSED, UNUSED],
            [Fp::ZERO; 4],
            Fp::ONE,
            Fp::ZERO,
        )
        .map(|_| ())
    }

    /// Enforces `(1 − b)·x = 0`, i.e. `x = 0` unless `b` (boolean). Row: `b x x`,
    /// `q_m = −1, q_2 = 1`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn enforce_zero_unless(
        &self,
        ctx: &mut Ctx<'_>,
        b: &AssignedFr,
        x: &AssignedFr,
    ) -> Result<(), Error> {
        self.row(
            ctx,
            [Slot::Copy(b), Slot::Copy(x), Slot::Copy(x), UNUSED],
            [Fp::ZERO, Fp::ZERO, Fp::ONE, Fp::ZERO],
            -Fp::ONE,
            Fp::ZERO,
        )
        .map(|_| ())
    }

    /// Enforces `a = b` (a copy constraint, no row).
    pub fn enforce_equal(&self, ctx: &mut Ctx<'_>, a: &AssignedFr, b: &AssignedFr) {
        ctx.constrain_equal(a, b);
    }

    /// `bit ? x : y` for a boolean `bit` (not checked here): `y + bit·(x − y)`, two rows.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn select(
        &self,
        ctx: &mut Ctx<'_>,
        bit: &AssignedFr,
        x: &AssignedFr,
        y: &AssignedFr,
    ) -> Result<AssignedFr, Error> {
        let d = self.sub(ctx, x, y)?;
        self.mul_add(ctx, bit, &d, y)
    }

    /// Returns `x == 0` as a boolean cell (`1 − x·x⁻¹`, with `x·(x == 0) = 0`), four rows.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn is_zero(&self, ctx: &mut Ctx<'_>, x: &AssignedFr) -> Result<AssignedFr, Error> {
        let inverse = x.value.map(|v| v.invert().unwrap_or(Fp::ZERO));
        let inv = self.witness(ctx, &[inverse])?[0];
        let product = self.mul(ctx, x, &inv)?;
        let zero = self.linear(ctx, &[(-Fp::ONE, &product)], Fp::ONE)?;
        self.enforce_product_zero(ctx, x, &zero)?;
        Ok(zero)
    }

    /// Enforces `x ≠ 0`: `x·inv = 1` for a witness `inv`. Row: `x inv`, `q_m = 1, q_c = −1`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn enforce_nonzero(&self, ctx: &mut Ctx<'_>, x: &AssignedFr) -> Result<(), Error> {
        let inverse = x.value.map(|v| v.invert().unwrap_or(Fp::ZERO));
        self.row(
            ctx,
            [Slot::Copy(x), Slot::Witness(inverse), UNUSED, UNUSED],
            [Fp::ZERO; 4],
            Fp::ONE,
            -Fp::ONE,
        )
        .map(|_| ())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! A test harness: a circuit running one closure over the chips, checked by MockProver.

    use halo2_axiom::{
        circuit::{Layouter, SimpleFloorPlanner},
        dev::MockProver,
        plonk::{Circuit, ConstraintSystem},
    };

    use super::*;
    use crate::halo2::policy::{Chips, PolicyConfig};

    /// A circuit whose synthesis is `f` over the chips of [`PolicyConfig`].
    pub(crate) struct Harness<F: Fn(&Chips, &mut Ctx<'_>) -> Result<(), Error> + Clone>(pub F);

    impl<F: Fn(&Chips, &mut Ctx<'_>) -> Result<(), Error> + Clone> Circuit<Fp> for Harness<F> {
        type Config = PolicyConfig;
        type FloorPlanner = SimpleFloorPlanner;
        type Params = ();

        fn without_witnesses(&self) -> Self {
            Self(self.0.clone())
        }

        fn configure(meta: &mut ConstraintSystem<Fp>) -> PolicyConfig {
            PolicyConfig::configure(meta)
        }

        fn synthesize(
            &self,
            config: PolicyConfig,
            mut layouter: impl Layouter<Fp>,
        ) -> Result<(), Error> {
            let chips = Chips::construct(&config);
            chips.range.load_table(&mut layouter)?;
            let usable = (1usize << HARNESS_K) - config.reserved_rows;
            layouter.assign_region(
                || "harness",
                |region| {
                    let mut ctx = Ctx::new(region, HARNESS_K, usable);
                    (self.0)(&chips, &mut ctx)
                },
            )
        }
    }

    /// `k` of harness circuits.
    pub(crate) const HARNESS_K: u32 = 10;

    /// `Ok` if `f`'s constraints hold, else MockProver's failures.
    pub(crate) fn mock<F: Fn(&Chips, &mut Ctx<'_>) -> Result<(), Error> + Clone>(
        f: F,
    ) -> Result<(), String> {
        let prover =
            MockProver::run(HARNESS_K, &Harness(f), vec![vec![]]).map_err(|e| e.to_string())?;
        prover.verify().map_err(|e| format!("{e:?}"))
    }

    /// The rows `f` lays out, counted by a dry run: `(gate and Poseidon rows, range rows)`.
    pub(crate) fn dry_rows<F: Fn(&Chips, &mut Ctx<'_>) -> Result<(), Error>>(
        f: F,
    ) -> (usize, usize) {
        let mut meta = ConstraintSystem::<Fp>::default();
        let chips = Chips::construct(&PolicyConfig::configure(&mut meta));
        let mut ctx = Ctx::dry();
        f(&chips, &mut ctx).unwrap();
        (ctx.main, ctx.range)
    }

    #[test]
    fn a_layout_past_the_usable_rows_is_an_error_not_a_panic() {
        // Sixteen two-input hashes take 16 · 66 rows, more than 2^10.
        let e = mock(|c, ctx| {
            let x = c.gate.witness(ctx, &[known(1), known(2)])?;
            for _ in 0..16 {
                c.poseidon.hash(ctx, &x)?;
            }
            Ok(())
        })
        .unwrap_err();
        assert!(e.contains(&format!("k = {HARNESS_K} is too small")), "{e}");
        let e = crate::Error::from(Error::NotEnoughRowsAvailable { current_k: 3 }).to_string();
        assert_eq!(
            e,
            "Halo2 circuit synthesis failed: k = 3 is too small for the given circuit. \
             Try using a larger value of k"
        );
    }

    #[test]
    fn operations_cost_the_rows_documented() {
        let one = |f: fn(&Chips, &mut Ctx<'_>, &AssignedFr) -> Result<(), Error>| {
            let (all, _) = dry_rows(|c, ctx| {
                let x = c.gate.witness(ctx, &[known(3)])?[0];
                f(c, ctx, &x)
            });
            all - 1
        };
        assert_eq!(one(|c, ctx, x| c.gate.mul(ctx, x, x).map(|_| ())), 1);
        assert_eq!(one(|c, ctx, x| c.gate.add(ctx, x, x).map(|_| ())), 1);
        assert_eq!(one(|c, ctx, x| c.gate.enforce_bool(ctx, x)), 1);
        assert_eq!(one(|c, ctx, x| c.gate.select(ctx, x, x, x).map(|_| ())), 2);
        assert_eq!(one(|c, ctx, x| c.gate.is_zero(ctx, x).map(|_| ())), 4);
        assert_eq!(one(|c, ctx, x| c.gate.enforce_nonzero(ctx, x)), 1);
        // Witnesses pack four to a row.
        assert_eq!(
            dry_rows(|c, ctx| c.gate.witness(ctx, &[known(0); 9]).map(|_| ())).0,
            3
        );
    }

    fn known(x: u64) -> Value<Fp> {
        Value::known(Fp::from(x))
    }

    #[test]
    fn operations_hold_and_tampered_results_fail() {
        mock(|c, ctx| {
            let [a, b] = <[AssignedFr; 2]>::try_from(c.gate.witness(ctx, &[known(6), known(7)])?)
                .map_err(|_| Error::Synthesis)?;
            let product = c.gate.mul(ctx, &a, &b)?;
            let sum = c.gate.add(ctx, &a, &b)?;
            let fma = c.gate.mul_add(ctx, &a, &b, &sum)?;
            for (x, expected) in [(product, 42), (sum, 13), (fma, 55)] {
                let k = c.gate.constant(ctx, Fp::from(expected))?;
                c.gate.enforce_equal(ctx, &x, &k);
            }
            let one = c.gate.constant(ctx, Fp::ONE)?;
            c.gate.enforce_bool(ctx, &one)?;
            let picked = c.gate.select(ctx, &one, &a, &b)?;
            c.gate.enforce_equal(ctx, &picked, &a);
            let zero = c.gate.constant(ctx, Fp::ZERO)?;
            let z = c.gate.is_zero(ctx, &zero)?;
            c.gate.enforce_equal(ctx, &z, &one);
            let nz = c.gate.is_zero(ctx, &a)?;
            c.gate.enforce_equal(ctx, &nz, &zero);
            c.gate.enforce_nonzero(ctx, &a)?;
            c.gate.enforce_zero_unless(ctx, &one, &a)
        })
        .unwrap();
        // Negative twins: a wrong product, a non-boolean, zero claimed non-zero, x ≠ 0 unless 0.
        assert!(mock(|c, ctx| {
            let x = c.gate.witness(ctx, &[known(6), known(7), known(41)])?;
            let product = c.gate.mul(ctx, &x[0], &x[1])?;
            c.gate.enforce_equal(ctx, &product, &x[2]);
            Ok(())
        })
        .is_err());
        assert!(mock(|c, ctx| {
            let x = c.gate.witness(ctx, &[known(2)])?;
            c.gate.enforce_bool(ctx, &x[0])
        })
        .is_err());
        assert!(mock(|c, ctx| {
            let x = c.gate.witness(ctx, &[known(0)])?;
            c.gate.enforce_nonzero(ctx, &x[0])
        })
        .is_err());
        assert!(mock(|c, ctx| {
            let x = c.gate.witness(ctx, &[known(0), known(5)])?;
            c.gate.enforce_zero_unless(ctx, &x[0], &x[1])
        })
        .is_err());
    }
}
