//! Halo2 (PLONKish arithmetisation, KZG over BN254, `halo2-axiom`) twins of the R1CS gadgets
//! and policy circuits, behind feature `halo2`.
//!
//! The chips prove the same statements as [`crate::gadgets`] and [`crate::policy`], from the
//! same [`crate::ComplianceWitness`], with the same public inputs in the same order (one
//! instance column, one row per input). Values cross between arkworks and Halo2 through
//! [`crate::field::to_halo2`] and [`crate::field::from_halo2`].
//!
//! Layout: `halo2-axiom`'s `SimpleFloorPlanner` places every region at row 0, so a circuit
//! assigns everything in one region through a [`Ctx`], which keeps two row cursors — one for
//! the gate and Poseidon columns, one for the range-check column — and refuses rows past the
//! usable ones instead of panicking. The same code run without a region ([`Ctx::dry`])
//! counts rows, which is how a circuit picks its `k`.
//!
//! - [`gate`]: one arithmetic gate `Σ q_i·a_i + q_m·a_0·a_1 + q_c = 0` over four columns;
//! - [`poseidon`]: circomlib Poseidon, one row per round;
//! - [`range`]: range checks with an 8-bit lookup table, and comparisons built on them;
//! - [`merkle`], [`indexed`]: Merkle paths and indexed-tree non-membership;
//! - [`statements`]: the policies' sub-statements; [`policy`]: the policy circuit.

pub mod gate;
pub mod indexed;
pub mod merkle;
pub mod policy;
pub mod poseidon;
pub mod range;
pub mod statements;

use halo2_axiom::{
    circuit::{Cell, Region, Value},
    plonk::{Advice, Column, Error, Fixed, Selector},
};

/// The `halo2-axiom` version these circuits are built with (key generation, proving,
/// `MockProver`), so that callers need not match it.
pub use halo2_axiom;
/// The BN254 scalar field as `halo2-axiom` represents it.
pub use halo2_axiom::halo2curves::bn256::Fr as Fp;
pub use policy::{CircuitParams, PolicyCircuit, PolicyConfig};

/// An assigned advice cell with its value (the Halo2 twin of an `FpVar` witness).
#[derive(Clone, Copy, Debug)]
pub struct AssignedFr {
    cell: Cell,
    value: Value<Fp>,
}

impl AssignedFr {
    /// The cell, for copy constraints.
    pub fn cell(&self) -> Cell {
        self.cell
    }

    /// The value (unknown during key generation).
    pub fn value(&self) -> Value<Fp> {
        self.value
    }
}

/// The assignment context of one circuit: the region (absent in a dry run) and the row
/// cursors. Every assignment goes through it.
#[derive(Debug)]
pub struct Ctx<'r> {
    region: Option<Region<'r, Fp>>,
    /// Next free row of the gate and Poseidon columns.
    main: usize,
    /// Next free row of the range-check column.
    range: usize,
    /// Constants assigned so far (one row each of the constants column).
    constants: usize,
    /// Rows `0..usable` may be assigned.
    usable: usize,
    k: u32,
}

impl<'r> Ctx<'r> {
    /// A context assigning into `region`, with `usable` rows of a `2^k`-row circuit.
    pub fn new(region: Region<'r, Fp>, k: u32, usable: usize) -> Self {
        Self {
            region: Some(region),
            main: 0,
            range: 0,
            constants: 0,
            usable,
            k,
        }
    }

    /// A context that assigns nothing and only counts rows.
    pub fn dry() -> Ctx<'static> {
        Ctx {
            region: None,
            main: 0,
            range: 0,
            constants: 0,
            usable: usize::MAX,
            k: 0,
        }
    }

    /// The number of rows used so far (the larger cursor).
    pub fn rows(&self) -> usize {
        self.main.max(self.range).max(self.constants)
    }

    fn check_row(&self, row: usize) -> Result<(), Error> {
        if row < self.usable {
            Ok(())
        } else {
            Err(Error::NotEnoughRowsAvailable { current_k: self.k })
        }
    }

    /// Assigns `value` to advice `column` at `row`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] past the usable rows.
    pub fn assign(
        &mut self,
        column: Column<Advice>,
        row: usize,
        value: Value<Fp>,
    ) -> Result<AssignedFr, Error> {
        self.check_row(row)?;
        if let Some(region) = self.region.as_mut() {
            region.assign_advice(column, row, value);
        }
        Ok(AssignedFr {
            cell: Cell {
                row_offset: row,
                column: column.into(),
            },
            value,
        })
    }

    /// Assigns a copy of `x` to advice `column` at `row`, constrained equal to it.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] past the usable rows.
    pub fn copy(
        &mut self,
        column: Column<Advice>,
        row: usize,
        x: &AssignedFr,
    ) -> Result<AssignedFr, Error> {
        let y = self.assign(column, row, x.value)?;
        self.constrain_equal(x, &y);
        Ok(y)
    }

    /// Assigns the constant `c` to advice `column` at `row`, constrained to equal `c`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] past the usable rows; an error from the
    /// constants column.
    pub fn assign_constant(
        &mut self,
        column: Column<Advice>,
        row: usize,
        c: Fp,
    ) -> Result<AssignedFr, Error> {
        let x = self.assign(column, row, Value::known(c))?;
        self.constrain_constant(&x, c)?;
        Ok(x)
    }

    /// Assigns `value` to fixed `column` at `row`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] past the usable rows.
    pub fn fixed(&mut self, column: Column<Fixed>, row: usize, value: Fp) -> Result<(), Error> {
        self.check_row(row)?;
        if let Some(region) = self.region.as_mut() {
            region.assign_fixed(column, row, value);
        }
        Ok(())
    }

    /// Turns `selector` on at `row`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] past the usable rows.
    pub fn enable(&mut self, selector: &Selector, row: usize) -> Result<(), Error> {
        self.check_row(row)?;
        match self.region.as_mut() {
            Some(region) => selector.enable(region, row),
            None => Ok(()),
        }
    }

    /// Constrains two cells to be equal.
    pub fn constrain_equal(&mut self, a: &AssignedFr, b: &AssignedFr) {
        if let Some(region) = self.region.as_mut() {
            region.constrain_equal(a.cell, b.cell);
        }
    }

    /// Constrains a cell to equal the constant `c`.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`] when the constants column is full; an error from
    /// the constants column.
    pub fn constrain_constant(&mut self, x: &AssignedFr, c: Fp) -> Result<(), Error> {
        self.check_row(self.constants)?;
        self.constants += 1;
        match self.region.as_mut() {
            Some(region) => region.constrain_constant(x.cell, c),
            None => Ok(()),
        }
    }

    /// Reserves `n` rows of the gate and Poseidon columns; returns the first.
    pub(crate) fn take_main(&mut self, n: usize) -> usize {
        let row = self.main;
        self.main += n;
        row
    }

    /// Reserves `n` rows of the range-check column; returns the first.
    pub(crate) fn take_range(&mut self, n: usize) -> usize {
        let row = self.range;
        self.range += n;
        row
    }
}

/// The arkworks view of a Halo2 value (for integer comparisons and bit shifts).
pub(crate) fn to_ark(x: Value<Fp>) -> Value<crate::Fr> {
    x.map(|v| crate::field::from_halo2(&v))
}

/// The Halo2 view of an arkworks value.
pub(crate) fn to_fp(x: crate::Fr) -> Fp {
    crate::field::to_halo2(&x)
}
