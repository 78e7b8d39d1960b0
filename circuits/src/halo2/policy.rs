//! The policy circuits in Halo2: the same statements as [`crate::policy::PolicyCircuit`],
//! from the same [`ComplianceWitness`], with the public inputs in the same order in one
//! instance column (row `i` = input `i` of [`crate::Policy::inputs`]).
//!
//! ```
//! use halo2_axiom::dev::MockProver;
//! use zkcomply_circuits::{halo2::{Fp, PolicyCircuit}, ComplianceWitness, Fr, Policy};
//!
//! # fn main() -> Result<(), zkcomply_circuits::Error> {
//! let witness = ComplianceWitness::builder(Policy::TransferLimit)
//!     .amount(900).limit(1000).blinding(Fr::from(42u64)).context(Fr::from(7u64))
//!     .build()?;
//! let circuit = PolicyCircuit::new(&witness)?;
//! let instances = circuit.instances(); // limit, amount_commitment, context
//! assert!(MockProver::run(circuit.k(), &circuit, vec![instances.clone()])?.verify().is_ok());
//! // The same proof claimed for a lower limit: rejected.
//! let mut lower = instances;
//! lower[0] = Fp::from(899u64);
//! assert!(MockProver::run(circuit.k(), &circuit, vec![lower])?.verify().is_err());
//! # Ok(())
//! # }
//! ```

use std::borrow::Cow;

use halo2_axiom::{
    circuit::{Layouter, SimpleFloorPlanner},
    plonk::{Advice, Circuit, Column, ConstraintSystem, Error, Fixed, Instance},
};

use super::{
    gate::{GateChip, GateConfig},
    poseidon::{PoseidonChip, PoseidonConfig, MAX_CHIP_INPUTS},
    range::{RangeChip, RangeConfig, LIMB_BITS},
    statements::{
        bind_context, commit_amount, enforce_identity, enforce_period_limit,
        enforce_scoped_nullifier, enforce_within_limit, PublicCells,
    },
    to_fp, Ctx, Fp,
};
use crate::{
    policy::{Policy, Shape},
    witness::ComplianceWitness,
};

/// The columns of a policy circuit; the Poseidon width comes from [`CircuitParams`].
#[derive(Clone, Debug)]
pub struct PolicyConfig {
    gate: GateConfig,
    range: RangeConfig,
    poseidon: PoseidonConfig,
    instance: Column<Instance>,
    /// Rows at the end of the circuit that halo2 keeps for blinding.
    pub(crate) reserved_rows: usize,
}

/// The circuit's configuration parameter: the most inputs its Poseidon hashes. It sets the
/// width of the Poseidon columns (`max_hash_inputs + 1`, at least 4 for the gate), so the
/// policies without allowance notes (at most three inputs) use 9 advice columns instead of 15.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CircuitParams {
    /// The most inputs of one hash (3 to [`MAX_CHIP_INPUTS`]).
    pub max_hash_inputs: usize,
}

impl Default for CircuitParams {
    fn default() -> Self {
        Self {
            max_hash_inputs: MAX_CHIP_INPUTS,
        }
    }
}

impl CircuitParams {
    /// The parameters `policy` needs: six inputs for the allowance note, else three.
    pub fn of(policy: Policy) -> Self {
        Self {
            max_hash_inputs: if policy.uses_notes() {
                MAX_CHIP_INPUTS
            } else {
                3
            },
        }
    }
}

impl PolicyConfig {
    /// [`PolicyConfig::configure_with`] at the widest Poseidon.
    pub fn configure(meta: &mut ConstraintSystem<Fp>) -> Self {
        Self::configure_with(meta, CircuitParams::default())
    }

    /// Poseidon's state and square columns (`w = max_hash_inputs + 1` each, the first four
    /// state columns shared with the gate) and the range check's running sum as advice;
    /// the gate's, Poseidon's and the range check's fixed columns; one constants column; an
    /// 8-bit table; one instance column.
    pub fn configure_with(meta: &mut ConstraintSystem<Fp>, params: CircuitParams) -> Self {
        let width = params.max_hash_inputs.clamp(3, MAX_CHIP_INPUTS) + 1;
        let state: Vec<Column<Advice>> = (0..width).map(|_| meta.advice_column()).collect();
        let sq: Vec<Column<Advice>> = (0..width).map(|_| meta.advice_column()).collect();
        let rc: Vec<Column<Fixed>> = (0..width).map(|_| meta.fixed_column()).collect();
        let z = meta.advice_column();
        let constants: Column<Fixed> = meta.fixed_column();
        meta.enable_constant(constants);
        let instance = meta.instance_column();
        meta.enable_equality(instance);
        let gate = GateChip::configure(meta, [state[0], state[1], state[2], state[3]]);
        let poseidon = PoseidonChip::configure(meta, &state, &sq, &rc);
        let range = RangeChip::configure(meta, z);
        let reserved_rows = meta.blinding_factors() + 1;
        Self {
            gate,
            range,
            poseidon,
            instance,
            reserved_rows,
        }
    }
}

/// The chips of a configured circuit.
#[derive(Clone, Debug)]
pub struct Chips {
    /// The arithmetic gate.
    pub gate: GateChip,
    /// Range checks and comparisons.
    pub range: RangeChip,
    /// circomlib Poseidon.
    pub poseidon: PoseidonChip,
}

impl Chips {
    /// The chips over `config`.
    pub fn construct(config: &PolicyConfig) -> Self {
        let gate = GateChip::construct(config.gate);
        Self {
            gate,
            range: RangeChip::construct(config.range, gate),
            poseidon: PoseidonChip::construct(config.poseidon.clone()),
        }
    }
}

/// Lays out `w`'s policy; returns the public cells in order.
fn layout(chips: &Chips, ctx: &mut Ctx<'_>, w: &ComplianceWitness) -> Result<PublicCells, Error> {
    let public = PublicCells::assign(chips, ctx, w)?;
    let policy = w.policy();
    if policy.uses_identity() {
        let secret = enforce_identity(chips, ctx, w, &public)?;
        if policy.uses_notes() {
            enforce_period_limit(chips, ctx, w, &secret, &public)?;
        } else {
            enforce_scoped_nullifier(chips, ctx, &secret, &public)?;
        }
    }
    if policy.uses_amount() && !policy.uses_notes() {
        let amount = commit_amount(chips, ctx, w, &public)?;
        enforce_within_limit(chips, ctx, &amount, &public)?;
    }
    bind_context(chips, ctx, &public)?;
    Ok(public)
}

/// A policy circuit over a witness, for MockProver, key generation or proving.
#[derive(Clone, Debug)]
pub struct PolicyCircuit<'a> {
    witness: Cow<'a, ComplianceWitness>,
    k: u32,
}

impl<'a> PolicyCircuit<'a> {
    /// The circuit proving `witness`, sized to the smallest `k` that holds it.
    ///
    /// # Errors
    /// [`crate::Error::Halo2`] if the layout fails.
    pub fn new(witness: &'a ComplianceWitness) -> crate::error::Result<Self> {
        let k = min_k(witness)?;
        Ok(Self {
            witness: Cow::Borrowed(witness),
            k,
        })
    }

    /// The circuit's shape only, with a placeholder witness (for key generation).
    ///
    /// # Errors
    /// [`crate::Error::Halo2`] if the layout fails.
    pub fn blank(policy: Policy, shape: Shape) -> crate::error::Result<PolicyCircuit<'static>> {
        let witness = ComplianceWitness::blank(policy, shape);
        let k = min_k(&witness)?;
        Ok(PolicyCircuit {
            witness: Cow::Owned(witness),
            k,
        })
    }

    /// `log2` of the number of rows.
    pub fn k(&self) -> u32 {
        self.k
    }

    /// The public inputs in order, as the instance column's values.
    pub fn instances(&self) -> Vec<Fp> {
        self.witness
            .public_inputs()
            .values()
            .iter()
            .copied()
            .map(to_fp)
            .collect()
    }

    /// The rows the layout uses (before halo2's blinding rows).
    ///
    /// # Errors
    /// [`crate::Error::Halo2`] if the layout fails.
    pub fn rows(&self) -> crate::error::Result<usize> {
        rows(&self.witness)
    }
}

/// `w`'s configuration on a scratch constraint system (for dry runs).
fn scratch_config(w: &ComplianceWitness) -> PolicyConfig {
    let mut meta = ConstraintSystem::<Fp>::default();
    PolicyConfig::configure_with(&mut meta, CircuitParams::of(w.policy()))
}

fn rows(w: &ComplianceWitness) -> crate::error::Result<usize> {
    let chips = Chips::construct(&scratch_config(w));
    let mut ctx = Ctx::dry();
    layout(&chips, &mut ctx, w)?;
    Ok(ctx.rows().max(1 << LIMB_BITS))
}

fn min_k(w: &ComplianceWitness) -> crate::error::Result<u32> {
    let needed = rows(w)? + scratch_config(w).reserved_rows;
    Ok(needed.next_power_of_two().trailing_zeros())
}

impl Circuit<Fp> for PolicyCircuit<'_> {
    type Config = PolicyConfig;
    type FloorPlanner = SimpleFloorPlanner;
    type Params = CircuitParams;

    fn without_witnesses(&self) -> Self {
        let w = &self.witness;
        Self {
            witness: Cow::Owned(ComplianceWitness::blank(w.policy(), w.shape())),
            k: self.k,
        }
    }

    fn params(&self) -> CircuitParams {
        CircuitParams::of(self.witness.policy())
    }

    fn configure_with_params(
        meta: &mut ConstraintSystem<Fp>,
        params: CircuitParams,
    ) -> PolicyConfig {
        PolicyConfig::configure_with(meta, params)
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
        let usable = (1usize << self.k).saturating_sub(config.reserved_rows);
        let public = layouter.assign_region(
            || "policy",
            |region| {
                let mut ctx = Ctx::new(region, self.k, usable);
                layout(&chips, &mut ctx, &self.witness)
            },
        )?;
        for (row, cell) in public.cells().enumerate() {
            layouter.constrain_instance(cell.cell(), config.instance, row);
        }
        Ok(())
    }
}
