//! Circuit tests: the valid witness of each policy satisfies its circuit, and every
//! adversarial witness (one value changed) does not.

use ark_ff::{Field, One, PrimeField, Zero};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisMode,
};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use super::*;
use crate::{
    address::AddressKey,
    commitment,
    identity::Identity,
    note::AllowanceNote,
    poseidon,
    tree::{
        LowLeaf, MerklePath, NonMembershipWitness, PackedTree, Registry, SanctionsTree, StateTree,
    },
    witness::ComplianceWitness,
};

#[cfg(feature = "halo2")]
mod halo2;
mod period;

const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 5,
};
const SEED: u64 = 0x5eed;
const SCOPE: u64 = 2024;

struct World {
    list: SanctionsTree,
    registry: Registry,
    me: Identity,
    /// An identity whose address is listed, registered all the same.
    listed: Identity,
    /// A state tree holding `note`, `me`'s live allowance note, among others.
    state: StateTree,
    note: AllowanceNote,
}

/// The period of `World::note`, and of the valid `period_limit` witness.
const PERIOD: u64 = 7;
/// What `World::note` has spent in `PERIOD`: the valid witness's amount brings it to the limit.
const SPENT: u64 = 400;

fn world() -> World {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let keys: Vec<AddressKey> = [
        "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
        "0x722122dF12D4e14e13Ac3b6895a86e84145b6967",
        "bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6",
        "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
    ]
    .iter()
    .map(|a| AddressKey::parse(a).unwrap())
    .collect();
    let list = SanctionsTree::from_keys(SHAPE.sanctions_depth, keys.clone()).unwrap();
    let me = Identity::random(
        AddressKey::parse("0x000000000000000000000000000000000000dEaD").unwrap(),
        &mut rng,
    );
    let listed = Identity::random(keys[1], &mut rng);
    let mut registry = Registry::new(SHAPE.registry_depth).unwrap();
    registry.insert(listed.commitment()).unwrap();
    registry.insert(me.commitment()).unwrap();
    let note = AllowanceNote {
        period: PERIOD,
        spent: SPENT,
        salt: Fr::from(0x5a17u64),
    };
    let mut state = StateTree::new(SHAPE.state_depth).unwrap();
    for leaf in [
        Fr::from(11u64),
        note.commitment(me.secret, Fr::from(SCOPE)),
        Fr::from(13u64),
    ] {
        state.insert(leaf).unwrap();
    }
    World {
        list,
        registry,
        me,
        listed,
        state,
        note,
    }
}

fn valid(w: &World, policy: Policy) -> ComplianceWitness {
    ComplianceWitness::builder(policy)
        .identity(&w.me)
        .sanctions(&w.list)
        .registry(&w.registry)
        .amount(1000 - SPENT)
        .limit(1000)
        .blinding(Fr::from(9u64))
        .scope(Fr::from(SCOPE))
        .context(Fr::from(31337u64))
        .state(&w.state)
        .note(Some(&w.note))
        .period(PERIOD)
        .salt(Fr::from(0x5a18u64))
        .build()
        .unwrap()
}

/// `Ok` if the witness satisfies its circuit, else the first unsatisfied constraint.
///
/// With feature `halo2`, every call is also a differential test: the Halo2 circuit must
/// accept exactly the witnesses the R1CS circuit accepts.
fn check(w: &ComplianceWitness) -> Result<(), String> {
    let r1cs = check_r1cs(w);
    #[cfg(feature = "halo2")]
    {
        let halo2 = halo2::check(w);
        assert_eq!(
            r1cs.is_ok(),
            halo2.is_ok(),
            "seed {SEED}: R1CS and Halo2 disagree on a {} witness: R1CS {r1cs:?}, Halo2 {halo2:?}",
            w.policy()
        );
    }
    r1cs
}

/// [`check`] on the R1CS circuit only.
fn check_r1cs(w: &ComplianceWitness) -> Result<(), String> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    PolicyCircuit::new(w)
        .generate_constraints(cs.clone())
        .unwrap();
    if cs.is_satisfied().unwrap() {
        Ok(())
    } else {
        Err(cs.which_is_unsatisfied().unwrap().unwrap_or_default())
    }
}

fn assert_rejected(w: &ComplianceWitness, why: &str) {
    assert!(check(w).is_err(), "seed {SEED}: accepted {why}");
}

fn pow2(bits: u64) -> Fr {
    Fr::from(2u64).pow([bits])
}

#[test]
fn valid_witnesses_satisfy_every_policy() {
    let w = world();
    for policy in Policy::ALL {
        check(&valid(&w, policy)).unwrap_or_else(|c| panic!("{policy}: unsatisfied {c}"));
    }
}

#[test]
fn listed_key_is_rejected_with_either_neighbouring_leaf() {
    let w = world();
    // The builder refuses it with a clear error…
    let e = ComplianceWitness::builder(Policy::Compliance)
        .identity(&w.listed)
        .address("0x722122dF12D4e14e13Ac3b6895a86e84145b6967")
        .sanctions(&w.list)
        .registry(&w.registry)
        .amount(1)
        .limit(2)
        .blinding(Fr::one())
        .scope(Fr::one())
        .context(Fr::one())
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "address 0x722122dF12D4e14e13Ac3b6895a86e84145b6967 is on the sanctions list (root {})",
            crate::field::to_hex(&w.list.root())
        )
    );
    // …and the circuit rejects it whichever real leaf a cheating prover picks.
    let position = w.list.keys().position(|k| k == w.listed.key).unwrap() as u64 + 1;
    for leaf in [position - 1, position] {
        let mut bad = valid(&w, Policy::Compliance);
        bad.key = w.listed.key.to_field();
        bad.secret = w.listed.secret;
        bad.registry_path = w.registry.membership(&w.listed.commitment()).unwrap();
        bad.nullifier = w.listed.nullifier(bad.scope);
        bad.low_leaf = NonMembershipWitness {
            low_leaf: w.list.leaf(leaf).unwrap(),
            path: w.list_path(leaf),
        };
        assert_rejected(&bad, &format!("a listed key with leaf {leaf}"));
    }
}

impl World {
    fn list_path(&self, leaf: u64) -> MerklePath {
        let leaves: Vec<Fr> = (0..=self.list.len() as u64)
            .map(|i| self.list.leaf(i).unwrap().hash())
            .collect();
        PackedTree::from_leaves("t", self.list.depth(), leaves)
            .unwrap()
            .path(leaf)
            .unwrap()
    }
}

/// A witness for a raw key value (possibly not a valid key) with low leaf `leaf`, registered
/// in its own registry, so that only the sanctions checks can stop it.
fn with_raw_key(w: &World, key: Fr, leaf: u64) -> ComplianceWitness {
    let mut bad = valid(&w_clone(w), Policy::NonMembership);
    bad.key = key;
    bad.low_leaf = NonMembershipWitness {
        low_leaf: w.list.leaf(leaf).unwrap(),
        path: w.list_path(leaf),
    };
    let pk = crate::commitment::public_key(bad.secret);
    let id = poseidon::hash(&[crate::domain::Domain::Identity.tag(), key, pk]).unwrap();
    let mut registry = Registry::new(SHAPE.registry_depth).unwrap();
    registry.insert(id).unwrap();
    bad.registry_path = registry.membership(&id).unwrap();
    bad.registry_root = registry.root();
    bad
}

fn w_clone(w: &World) -> World {
    World {
        list: w.list.clone(),
        registry: w.registry.clone(),
        me: w.me.clone(),
        listed: w.listed.clone(),
        state: w.state.clone(),
        note: w.note,
    }
}

#[test]
fn keys_outside_252_bits_are_rejected() {
    let w = world();
    let last = w.list.len() as u64;
    let largest = w.list.keys().last().unwrap().to_field();
    // In range and above the largest key: accepted (the `nv = 0` case).
    check(&with_raw_key(&w, pow2(252) - Fr::one(), last)).unwrap();
    check(&with_raw_key(&w, largest + Fr::one(), last)).unwrap();
    for key in [pow2(252), pow2(252) + Fr::one(), pow2(253), -Fr::one()] {
        assert_rejected(&with_raw_key(&w, key, last), &format!("key {key}"));
    }
}

#[test]
fn low_leaf_must_be_in_the_tree() {
    let w = world();
    let good = valid(&w, Policy::Compliance);
    let key = good.key;
    // A made-up leaf that brackets the key, with the real path: not in the tree.
    let mut bad = good.clone();
    bad.low_leaf.low_leaf = LowLeaf {
        value: key - Fr::one(),
        next_value: key + Fr::one(),
    };
    assert_rejected(&bad, "a leaf not in the tree");
    // A key between the two smallest listed keys is accepted with its real leaf (1)…
    let smallest = w.list.keys().next().unwrap().to_field();
    let middle = with_raw_key(&w, smallest + Fr::one(), 1);
    assert!(!middle.low_leaf.low_leaf.next_value.is_zero());
    check(&middle).unwrap();
    // …but not with `nv` set to 0 ("nothing above"): that leaf's hash is not in the tree.
    let mut bad = middle.clone();
    bad.low_leaf.low_leaf.next_value = Fr::zero();
    assert_rejected(&bad, "nv = 0 on a leaf that has a next key");
    // Nor with the sentinel leaf (0, k1), which does not bracket it.
    let mut bad = middle;
    bad.low_leaf = NonMembershipWitness {
        low_leaf: w.list.leaf(0).unwrap(),
        path: w.list_path(0),
    };
    assert_rejected(&bad, "the sentinel leaf for a key above k1");
    // The real leaf of another position, with its own valid path, does not bracket the key.
    let other = (good.low_leaf.path.index + 1) % (w.list.len() as u64 + 1);
    let mut bad = good.clone();
    bad.low_leaf = NonMembershipWitness {
        low_leaf: w.list.leaf(other).unwrap(),
        path: w.list_path(other),
    };
    assert_rejected(&bad, "another real leaf");
    // The right leaf under a wrong root.
    let mut bad = good.clone();
    bad.sanctions_root += Fr::one();
    assert_rejected(&bad, "a wrong sanctions root");
    // The right leaf at a wrong index.
    let mut bad = good;
    bad.low_leaf.path.index ^= 1;
    assert_rejected(&bad, "a wrong leaf index");
}

#[test]
fn amounts_are_range_checked_and_within_the_limit() {
    let w = world();
    for policy in [Policy::Compliance, Policy::TransferLimit] {
        let good = valid(&w, policy);
        let set = |amount: Fr, limit: Fr| {
            let mut x = good.clone();
            x.amount = amount;
            x.limit = limit;
            x.amount_commitment = poseidon::hash(&[amount, x.blinding]).unwrap();
            x
        };
        check(&set(Fr::from(u64::MAX), Fr::from(u64::MAX))).unwrap();
        check(&set(Fr::zero(), Fr::zero())).unwrap();
        assert_rejected(
            &set(Fr::from(1001u64), Fr::from(1000u64)),
            "amount over the limit",
        );
        assert_rejected(&set(pow2(64), pow2(64)), "amount = limit = 2^64");
        // -1 ≡ r - 1: limit - amount = limit + 1 fits in 64 bits; only the range check stops it.
        assert_rejected(&set(-Fr::one(), Fr::from(1000u64)), "amount = r - 1");
        assert_rejected(&set(Fr::from(5u64), pow2(64)), "limit = 2^64");
        let mut bad = good.clone();
        bad.amount_commitment += Fr::one();
        assert_rejected(&bad, "a wrong amount commitment");
        let mut bad = good;
        bad.blinding += Fr::one();
        assert_rejected(&bad, "a wrong blinding");
    }
    assert_eq!(
        commitment::amount_commitment(7, Fr::one()),
        poseidon::hash(&[Fr::from(7u64), Fr::one()]).unwrap()
    );
}

#[test]
fn identity_secret_path_and_nullifier_are_bound() {
    let w = world();
    for policy in [
        Policy::Compliance,
        Policy::NonMembership,
        Policy::PeriodLimit,
    ] {
        let good = valid(&w, policy);
        let mut bad = good.clone();
        bad.secret += Fr::one();
        bad.nullifier = commitment::nullifier(bad.secret, bad.scope);
        assert_rejected(&bad, "a wrong secret");
        let mut bad = good.clone();
        bad.registry_path.siblings[0] += Fr::one();
        assert_rejected(&bad, "a wrong registry sibling");
        let mut bad = good.clone();
        bad.registry_path.index ^= 1;
        assert_rejected(&bad, "a wrong registry index");
        let mut bad = good.clone();
        bad.registry_root += Fr::one();
        assert_rejected(&bad, "a wrong registry root");
        let mut bad = good.clone();
        bad.nullifier += Fr::one();
        assert_rejected(&bad, "a wrong nullifier");
        let mut bad = good.clone();
        bad.scope += Fr::one();
        assert_rejected(&bad, "a scope the nullifier was not made for");
        // Another identity's key with this secret: not registered.
        let mut bad = good;
        bad.key = w.listed.key.to_field() + Fr::one();
        assert_rejected(&bad, "a key the identity was not registered with");
    }
}

/// Every public input must appear in some constraint, or a Groth16 proof would verify
/// for any value of it; `context` in particular is bound by `context² = c`.
#[test]
fn every_public_input_is_constrained() {
    for policy in Policy::ALL {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Setup);
        PolicyCircuit::blank(policy, SHAPE)
            .generate_constraints(cs.clone())
            .unwrap();
        cs.finalize();
        let matrices = &cs.to_matrices().unwrap()[ark_relations::gr1cs::R1CS_PREDICATE_LABEL];
        for (i, input) in policy.inputs().iter().enumerate() {
            let column = i + 1; // column 0 is the constant 1
            let used = matrices.iter().any(|m| {
                m.iter()
                    .any(|row| row.iter().any(|(c, col)| *col == column && !c.is_zero()))
            });
            assert!(
                used,
                "{policy}: public input {input} appears in no constraint"
            );
        }
    }
}

/// Constraint counts follow from the gadgets: one more tree level costs one selection
/// and one two-input Poseidon.
#[test]
fn constraint_counts_grow_by_one_hash_per_level() {
    let p = poseidon::params(2).unwrap();
    // An index bit (booleanity), a selection, and a Poseidon whose capacity S-box in the
    // first round is on a constant.
    let level = 2 + 3 * (p.full_rounds * p.width - 1 + p.partial_rounds);
    for policy in [Policy::Compliance, Policy::NonMembership] {
        let base = constraint_count(policy, SHAPE).unwrap();
        let deeper_list = Shape {
            sanctions_depth: SHAPE.sanctions_depth + 1,
            ..SHAPE
        };
        let deeper_registry = Shape {
            registry_depth: SHAPE.registry_depth + 1,
            ..SHAPE
        };
        assert_eq!(
            constraint_count(policy, deeper_list).unwrap() - base,
            level,
            "{policy}"
        );
        assert_eq!(
            constraint_count(policy, deeper_registry).unwrap() - base,
            level,
            "{policy}"
        );
    }
    let transfer = constraint_count(Policy::TransferLimit, SHAPE).unwrap();
    let bigger = constraint_count(
        Policy::TransferLimit,
        Shape {
            sanctions_depth: 30,
            registry_depth: 30,
            state_depth: 30,
        },
    )
    .unwrap();
    assert_eq!(
        transfer, bigger,
        "transfer_limit does not depend on tree depths"
    );
    let compliance = constraint_count(Policy::Compliance, Shape::default()).unwrap();
    assert!(compliance > constraint_count(Policy::NonMembership, Shape::default()).unwrap());
    assert!(compliance > transfer);
    let _ = Fr::MODULUS;
}

/// Random one-value tampering: the circuit accepts exactly what the native oracle accepts.
mod oracle {
    use proptest::prelude::*;

    use super::*;

    fn edge() -> impl Strategy<Value = Fr> {
        prop_oneof![
            Just(Fr::zero()),
            Just(Fr::one()),
            Just(-Fr::one()),
            Just(pow2(64) - Fr::one()),
            Just(pow2(64)),
            Just(pow2(252) - Fr::one()),
            Just(pow2(252)),
            any::<u64>().prop_map(Fr::from),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn circuit_agrees_with_native_oracle(policy in 0usize..4, field in 0usize..21, value in edge(), add in any::<bool>()) {
            let w = world();
            let mut x = valid(&w, Policy::ALL[policy]);
            let slot: &mut Fr = match field {
                0 => &mut x.key,
                1 => &mut x.secret,
                2 => &mut x.low_leaf.low_leaf.value,
                3 => &mut x.low_leaf.low_leaf.next_value,
                4 => &mut x.registry_path.siblings[1],
                5 => &mut x.amount,
                6 => &mut x.blinding,
                7 => &mut x.sanctions_root,
                8 => &mut x.registry_root,
                9 => &mut x.limit,
                10 => &mut x.amount_commitment,
                11 => &mut x.scope,
                12 => &mut x.nullifier,
                13 => &mut x.context,
                14 => &mut x.old_note.period,
                15 => &mut x.old_note.spent,
                16 => &mut x.old_note.salt,
                17 => &mut x.state_root,
                18 => &mut x.period,
                19 => &mut x.new_note_commitment,
                _ => &mut x.new_salt,
            };
            if add { *slot += value } else { *slot = value }
            let circuit = check(&x).is_ok();
            prop_assert_eq!(circuit, x.satisfies(), "policy {} field {} value {} add {}", Policy::ALL[policy], field, value, add);
        }
    }

    #[test]
    fn oracle_accepts_valid_witnesses() {
        let w = world();
        for policy in Policy::ALL {
            assert!(valid(&w, policy).satisfies(), "{policy}");
        }
    }
}
