//! `period_limit`: a sequence of transfers against a simulated verifier (state tree and
//! nullifier set), and every way of cheating on the allowance note.

use std::collections::HashSet;

use super::*;
use crate::witness::NoteWitness;

const LIMIT: u64 = 1000;

/// What a `period_limit` verifier keeps: the state tree, its past roots (the contract keeps
/// a window of them) and the nullifiers seen.
struct Verifier {
    state: StateTree,
    roots: HashSet<Fr>,
    nullifiers: HashSet<Fr>,
}

impl Verifier {
    fn new() -> Self {
        let state = StateTree::new(SHAPE.state_depth).unwrap();
        Self {
            roots: HashSet::from([state.root()]),
            state,
            nullifiers: HashSet::new(),
        }
    }

    /// Accepts `w` iff its circuit is satisfied, its state root is a known one and its
    /// nullifier is fresh; then appends the new note.
    fn accept(&mut self, w: &ComplianceWitness) -> Result<(), String> {
        check(w)?;
        if !self.roots.contains(&w.state_root) {
            return Err("unknown state root".into());
        }
        if !self.nullifiers.insert(w.nullifier) {
            return Err("nullifier already used".into());
        }
        self.state.insert(w.new_note_commitment).unwrap();
        self.roots.insert(self.state.root());
        Ok(())
    }
}

fn transfer(
    w: &World,
    state: &StateTree,
    note: Option<&AllowanceNote>,
    period: u64,
    amount: u64,
) -> crate::error::Result<ComplianceWitness> {
    ComplianceWitness::builder(Policy::PeriodLimit)
        .identity(&w.me)
        .sanctions(&w.list)
        .registry(&w.registry)
        .amount(amount)
        .limit(LIMIT)
        .blinding(Fr::from(amount + 1))
        .scope(Fr::from(SCOPE))
        .context(Fr::from(period))
        .state(state)
        .note(note)
        .period(period)
        .salt(Fr::from(0x5a1700 + amount + (period << 20)))
        .build()
}

#[test]
fn a_sequence_reaches_the_limit_exactly_and_a_new_period_resets_it() {
    let w = world();
    let mut v = Verifier::new();
    // Genesis, then two more transfers in period 3: 300 + 500 + 200 = the limit.
    let mut note = None;
    for amount in [300, 500, 200] {
        let x = transfer(&w, &v.state, note.as_ref(), 3, amount).unwrap();
        v.accept(&x).unwrap();
        note = x.next_note();
    }
    let live = note.unwrap();
    assert_eq!((live.period, live.spent), (3, LIMIT));
    // One unit more: the builder refuses, and a forced witness fails the circuit.
    let e = transfer(&w, &v.state, Some(&live), 3, 1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "period 3: spent 1000 + amount 1 exceeds the period limit 1000"
    );
    let mut forced = transfer(&w, &v.state, Some(&live), 4, 1).unwrap();
    forced.period = Fr::from(3u64);
    forced.new_note_commitment = AllowanceNote {
        period: 3,
        spent: LIMIT + 1,
        salt: forced.new_salt,
    }
    .commitment(w.me.secret, Fr::from(SCOPE));
    assert!(!forced.satisfies());
    assert_rejected(&forced, "a unit over the limit");
    // A transfer of 0 would recreate the note it spends (the same salt gives the same
    // commitment): refused by the builder and by the circuit.
    let e = transfer(&w, &v.state, Some(&live), 3, 0).unwrap_err();
    assert!(e.to_string().contains("at least 1"), "{e}");
    let mut zero = transfer(&w, &v.state, Some(&live), 4, 1).unwrap();
    zero.period = Fr::from(3u64);
    zero.amount = Fr::zero();
    zero.amount_commitment = poseidon::hash(&[Fr::zero(), zero.blinding]).unwrap();
    zero.new_salt = live.salt;
    zero.new_note_commitment = live.commitment(w.me.secret, Fr::from(SCOPE));
    assert!(!zero.satisfies());
    assert_rejected(&zero, "a zero transfer repeating the note");
    // The next period starts from zero.
    let again = transfer(&w, &v.state, Some(&live), 4, 1).unwrap();
    let reset = transfer(&w, &v.state, Some(&live), 4, LIMIT).unwrap();
    assert_eq!(reset.next_note().unwrap().spent, LIMIT);
    v.accept(&reset).unwrap();
    // The note just spent cannot be spent again (same nullifier), whatever the period.
    assert_eq!(again.nullifier, reset.nullifier);
    assert_eq!(v.accept(&again).unwrap_err(), "nullifier already used");
    // Nor can a second allowance be opened: genesis has one nullifier per identity.
    let again = transfer(&w, &v.state, None, 5, 1).unwrap();
    assert_eq!(v.accept(&again).unwrap_err(), "nullifier already used");
    // Going back to an earlier period: refused by the builder and by the circuit.
    let live = reset.next_note().unwrap();
    let e = transfer(&w, &v.state, Some(&live), 3, 1).unwrap_err();
    assert!(e.to_string().contains("periods never go back"), "{e}");
    let mut back = transfer(&w, &v.state, Some(&live), 5, 1).unwrap();
    back.period = Fr::from(3u64);
    back.new_note_commitment = AllowanceNote {
        period: 3,
        spent: 1,
        salt: back.new_salt,
    }
    .commitment(w.me.secret, Fr::from(SCOPE));
    assert!(!back.satisfies());
    assert_rejected(&back, "a period before the note's");
}

#[test]
fn notes_cannot_be_forged_or_opened_twice() {
    let w = world();
    let good = valid(&w, Policy::PeriodLimit);
    check(&good).unwrap();
    assert_eq!(good.nullifier, w.note.nullifier(w.me.secret));
    let forge = |f: &dyn Fn(&mut ComplianceWitness)| {
        let mut x = good.clone();
        f(&mut x);
        x
    };
    // A note not in the tree: less spent than the real one.
    assert_rejected(
        &forge(&|x| x.old_note.spent -= Fr::one()),
        "a note with less spent",
    );
    assert_rejected(
        &forge(&|x| x.old_note.period += Fr::one()),
        "a note of a later period",
    );
    assert_rejected(&forge(&|x| x.state_root += Fr::one()), "a wrong state root");
    assert_rejected(
        &forge(&|x| x.state_path.index ^= 1),
        "a wrong state tree index",
    );
    assert_rejected(
        &forge(&|x| x.nullifier = commitment::genesis_nullifier(x.secret, x.scope)),
        "the genesis nullifier for a note that exists",
    );
    assert_rejected(&forge(&|x| x.new_salt += Fr::one()), "a wrong new salt");
    assert_rejected(
        &forge(&|x| x.new_note_commitment += Fr::one()),
        "a wrong new note",
    );
    // Genesis opens from the zero note only: it cannot carry a period or a spent total.
    let genesis = transfer(&w, &w.state, None, PERIOD, 10).unwrap();
    check(&genesis).unwrap();
    for (what, f) in [
        (
            "genesis with a spent total",
            (|x: &mut ComplianceWitness| x.old_note.spent = Fr::one()) as fn(&mut _),
        ),
        ("genesis with a period", |x| x.old_note.period = Fr::one()),
        ("genesis with a note nullifier", |x| {
            x.nullifier = commitment::note_nullifier(x.secret, x.old_note.salt)
        }),
        ("genesis in another scope", |x| x.scope += Fr::one()),
    ] {
        let mut x = genesis.clone();
        f(&mut x);
        assert_rejected(&x, what);
    }
}

#[test]
fn totals_and_periods_are_range_checked() {
    let w = world();
    let good = valid(&w, Policy::PeriodLimit);
    let note_of = |period: Fr, spent: Fr| {
        let n = NoteWitness {
            period,
            spent,
            salt: w.note.salt,
        };
        n.commitment(w.me.secret, Fr::from(SCOPE))
    };
    // Rebuilds the witness around an old note with arbitrary field values (in its own
    // state tree, so that only the range checks can stop it).
    let with_old = |period: Fr, spent: Fr, amount: Fr, now: Fr| {
        let mut x = good.clone();
        let mut state = StateTree::new(SHAPE.state_depth).unwrap();
        let leaf = note_of(period, spent);
        state.insert(leaf).unwrap();
        x.state_path = state.membership(&leaf).unwrap();
        x.state_root = state.root();
        x.old_note.period = period;
        x.old_note.spent = spent;
        x.amount = amount;
        x.amount_commitment = poseidon::hash(&[amount, x.blinding]).unwrap();
        x.period = now;
        let total = amount + if period == now { spent } else { Fr::zero() };
        x.new_note_commitment = NoteWitness {
            period: now,
            spent: total,
            salt: x.new_salt,
        }
        .commitment(w.me.secret, Fr::from(SCOPE));
        x
    };
    let p = Fr::from(PERIOD);
    check(&with_old(p, Fr::from(400u64), Fr::from(600u64), p)).unwrap();
    // A spent total of r - 600 would wrap 600 back to 0 if it were not range-checked.
    assert_rejected(
        &with_old(p, -Fr::from(600u64), Fr::from(600u64), p),
        "spent = r - amount",
    );
    assert_rejected(
        &with_old(p, pow2(64), Fr::one(), p),
        "spent = 2^64 (and over the limit)",
    );
    // Amounts ≥ 2^64, or wrapping to a small total.
    assert_rejected(&with_old(p, Fr::zero(), pow2(64), p), "amount = 2^64");
    assert_rejected(
        &with_old(p, Fr::from(400u64), -Fr::from(400u64), p),
        "amount = r - spent",
    );
    // Periods ≥ 2^64: an old period of r - 1 would be "before" any period if unchecked.
    assert_rejected(
        &with_old(-Fr::one(), Fr::from(900u64), Fr::from(600u64), p),
        "old period = r - 1",
    );
    assert_rejected(
        &with_old(Fr::zero(), Fr::zero(), Fr::one(), pow2(64)),
        "period = 2^64",
    );
    // The limit itself is range-checked.
    let mut x = good.clone();
    x.limit = pow2(64) + Fr::from(1000u64);
    assert_rejected(&x, "limit ≥ 2^64");
}

#[test]
fn period_limit_depends_on_the_state_depth() {
    let base = constraint_count(Policy::PeriodLimit, SHAPE).unwrap();
    let deeper = constraint_count(
        Policy::PeriodLimit,
        Shape {
            state_depth: SHAPE.state_depth + 1,
            ..SHAPE
        },
    )
    .unwrap();
    let p = poseidon::params(2).unwrap();
    assert_eq!(
        deeper - base,
        2 + 3 * (p.full_rounds * p.width - 1 + p.partial_rounds)
    );
    assert!(base > constraint_count(Policy::Compliance, SHAPE).unwrap());
}
