//! The sub-statements the policies are made of: the twins of `policy/statements.rs`, over
//! assigned cells.

use halo2_axiom::{circuit::Value, plonk::Error};

use super::{
    indexed::AssignedNonMembership, merkle::AssignedPath, policy::Chips, to_fp, AssignedFr, Ctx, Fp,
};
use crate::{
    address::KEY_BITS, domain::Domain, policy::AMOUNT_BITS, public_inputs::Input,
    witness::ComplianceWitness, Fr,
};

/// The public inputs as advice cells, in the policy's order; the circuit copies each to its
/// row of the instance column.
#[derive(Clone, Debug)]
pub struct PublicCells(Vec<(Input, AssignedFr)>);

impl PublicCells {
    /// Assigns the witness's public inputs, in the policy's order.
    ///
    /// # Errors
    /// [`Error::NotEnoughRowsAvailable`].
    pub fn assign(chips: &Chips, ctx: &mut Ctx<'_>, w: &ComplianceWitness) -> Result<Self, Error> {
        let inputs = w.policy.inputs();
        let values: Vec<Value<Fp>> = inputs
            .iter()
            .map(|i| Value::known(to_fp(w.public(*i))))
            .collect();
        let cells = chips.gate.witness(ctx, &values)?;
        Ok(Self(inputs.iter().copied().zip(cells).collect()))
    }

    /// The cell of one input.
    ///
    /// # Errors
    /// [`Error::Synthesis`] if the policy has no such input.
    pub fn get(&self, input: Input) -> Result<&AssignedFr, Error> {
        self.0
            .iter()
            .find(|(i, _)| *i == input)
            .map(|(_, c)| c)
            .ok_or(Error::Synthesis)
    }

    /// The cells in order.
    pub fn cells(&self) -> impl Iterator<Item = &AssignedFr> {
        self.0.iter().map(|(_, c)| c)
    }
}

/// One private witness cell.
pub(super) fn witness(chips: &Chips, ctx: &mut Ctx<'_>, x: Fr) -> Result<AssignedFr, Error> {
    Ok(chips.gate.witness(ctx, &[Value::known(to_fp(x))])?[0])
}

/// A domain tag as a constant cell.
pub(super) fn tag(chips: &Chips, ctx: &mut Ctx<'_>, domain: Domain) -> Result<AssignedFr, Error> {
    chips.gate.constant(ctx, to_fp(domain.tag()))
}

/// The identity part: `key` is 252-bit and not listed under `sanctions_root`;
/// `H(tag_id, key, H(tag_pk, secret))` is in the registry under `registry_root`. Returns
/// `secret`.
///
/// # Errors
/// [`Error::NotEnoughRowsAvailable`].
pub fn enforce_identity(
    chips: &Chips,
    ctx: &mut Ctx<'_>,
    w: &ComplianceWitness,
    public: &PublicCells,
) -> Result<AssignedFr, Error> {
    let key = witness(chips, ctx, w.key)?;
    let secret = witness(chips, ctx, w.secret)?;
    chips.range.range_check(ctx, &key, KEY_BITS)?;
    AssignedNonMembership::assign(chips, ctx, &w.low_leaf)?.enforce_not_listed(
        chips,
        ctx,
        &key,
        public.get(Input::SanctionsRoot)?,
    )?;
    let t = tag(chips, ctx, Domain::PublicKey)?;
    let pk = chips.poseidon.hash(ctx, &[t, secret])?;
    let t = tag(chips, ctx, Domain::Identity)?;
    let id = chips.poseidon.hash(ctx, &[t, key, pk])?;
    let root = AssignedPath::assign(chips, ctx, &w.registry_path)?.root(chips, ctx, &id)?;
    chips
        .gate
        .enforce_equal(ctx, &root, public.get(Input::RegistryRoot)?);
    Ok(secret)
}

/// `nullifier = H(tag, secret, scope)`: one proof per identity and scope.
///
/// # Errors
/// [`Error::NotEnoughRowsAvailable`].
pub fn enforce_scoped_nullifier(
    chips: &Chips,
    ctx: &mut Ctx<'_>,
    secret: &AssignedFr,
    public: &PublicCells,
) -> Result<(), Error> {
    let t = tag(chips, ctx, Domain::Nullifier)?;
    let nf = chips
        .poseidon
        .hash(ctx, &[t, *secret, *public.get(Input::Scope)?])?;
    chips
        .gate
        .enforce_equal(ctx, &nf, public.get(Input::Nullifier)?);
    Ok(())
}

/// The hidden amount: 64-bit and `amount_commitment = H(amount, blinding)`. Returns it.
///
/// # Errors
/// [`Error::NotEnoughRowsAvailable`].
pub fn commit_amount(
    chips: &Chips,
    ctx: &mut Ctx<'_>,
    w: &ComplianceWitness,
    public: &PublicCells,
) -> Result<AssignedFr, Error> {
    let amount = witness(chips, ctx, w.amount)?;
    let blinding = witness(chips, ctx, w.blinding)?;
    chips.range.range_check(ctx, &amount, AMOUNT_BITS)?;
    let c = chips.poseidon.hash(ctx, &[amount, blinding])?;
    chips
        .gate
        .enforce_equal(ctx, &c, public.get(Input::AmountCommitment)?);
    Ok(amount)
}

/// `total <= limit` with `limit` 64-bit; `total` must already be range-checked to 64 bits.
///
/// # Errors
/// [`Error::NotEnoughRowsAvailable`].
pub fn enforce_within_limit(
    chips: &Chips,
    ctx: &mut Ctx<'_>,
    total: &AssignedFr,
    public: &PublicCells,
) -> Result<(), Error> {
    let limit = public.get(Input::Limit)?;
    chips.range.range_check(ctx, limit, AMOUNT_BITS)?;
    chips
        .range
        .enforce_less_or_equal(ctx, total, limit, AMOUNT_BITS)
}

/// Binds `context` into a gate row (`context² = c` for a witness `c`), as the R1CS circuit
/// does. (In Halo2 the instance column binds every public input anyway.)
///
/// # Errors
/// [`Error::NotEnoughRowsAvailable`].
pub fn bind_context(chips: &Chips, ctx: &mut Ctx<'_>, public: &PublicCells) -> Result<(), Error> {
    let c = public.get(Input::Context)?;
    chips.gate.mul(ctx, c, c).map(|_| ())
}

/// The `period_limit` part after the identity: the allowance note spent (or the genesis
/// one), the running total and the new note (docs/SPEC.md §6.4, items 2–10).
///
/// # Errors
/// [`Error::NotEnoughRowsAvailable`].
pub fn enforce_period_limit(
    chips: &Chips,
    ctx: &mut Ctx<'_>,
    w: &ComplianceWitness,
    secret: &AssignedFr,
    public: &PublicCells,
) -> Result<(), Error> {
    let (gate, range) = (&chips.gate, &chips.range);
    let amount = commit_amount(chips, ctx, w, public)?;
    gate.enforce_nonzero(ctx, &amount)?;
    let period = public.get(Input::Period)?;
    range.range_check(ctx, period, AMOUNT_BITS)?;

    // The note spent: in the state tree, or the zero note of a genesis proof.
    let genesis = witness(
        chips,
        ctx,
        if w.genesis {
            Fr::from(1u64)
        } else {
            Fr::from(0u64)
        },
    )?;
    gate.enforce_bool(ctx, &genesis)?;
    let old_period = witness(chips, ctx, w.old_note.period)?;
    let old_spent = witness(chips, ctx, w.old_note.spent)?;
    let old_salt = witness(chips, ctx, w.old_note.salt)?;
    range.range_check(ctx, &old_period, AMOUNT_BITS)?;
    range.range_check(ctx, &old_spent, AMOUNT_BITS)?;
    gate.enforce_product_zero(ctx, &old_period, &genesis)?;
    gate.enforce_product_zero(ctx, &old_spent, &genesis)?;
    let scope = *public.get(Input::Scope)?;
    let note_tag = tag(chips, ctx, Domain::Note)?;
    let old_note = chips.poseidon.hash(
        ctx,
        &[note_tag, *secret, scope, old_period, old_spent, old_salt],
    )?;
    let root = AssignedPath::assign(chips, ctx, &w.state_path)?.root(chips, ctx, &old_note)?;
    // (1 − genesis)·(root − state_root) = 0.
    let off = gate.sub(ctx, &root, public.get(Input::StateRoot)?)?;
    gate.enforce_zero_unless(ctx, &genesis, &off)?;
    let (genesis_tag, spent_tag) = (
        tag(chips, ctx, Domain::Genesis)?,
        tag(chips, ctx, Domain::NoteNullifier)?,
    );
    let nf_tag = gate.select(ctx, &genesis, &genesis_tag, &spent_tag)?;
    let opened = gate.select(ctx, &genesis, &scope, &old_salt)?;
    let nf = chips.poseidon.hash(ctx, &[nf_tag, *secret, opened])?;
    gate.enforce_equal(ctx, &nf, public.get(Input::Nullifier)?);

    // Periods never go back; the total restarts with a new period.
    range.enforce_less_or_equal(ctx, &old_period, period, AMOUNT_BITS)?;
    let gap = gate.sub(ctx, &old_period, period)?;
    let same_period = gate.is_zero(ctx, &gap)?;
    let spent = gate.mul_add(ctx, &same_period, &old_spent, &amount)?;
    range.range_check(ctx, &spent, AMOUNT_BITS)?;
    enforce_within_limit(chips, ctx, &spent, public)?;

    let new_salt = witness(chips, ctx, w.new_salt)?;
    let new_note = chips
        .poseidon
        .hash(ctx, &[note_tag, *secret, scope, *period, spent, new_salt])?;
    gate.enforce_equal(ctx, &new_note, public.get(Input::NewNote)?);
    Ok(())
}
