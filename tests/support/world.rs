//! The small world the Groth16 tests prove in: a sanctions list, a registry holding the
//! prover's identity, and a state tree holding its live allowance note.

#![allow(dead_code)]

use rand_chacha::ChaCha20Rng;
use zkcomply::{
    AddressKey, AllowanceNote, ComplianceWitness, Fr, Identity, Policy, Registry, SanctionsTree,
    Shape, StateTree,
};

pub const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 5,
};

pub struct World {
    pub list: SanctionsTree,
    pub registry: Registry,
    pub me: Identity,
    /// A state tree holding `me`'s live allowance note `note`.
    pub state: StateTree,
    pub note: AllowanceNote,
}

/// The world, its random parts drawn from `rng`.
pub fn world(rng: &mut ChaCha20Rng) -> World {
    let listed = [
        "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
        "0x722122dF12D4e14e13Ac3b6895a86e84145b6967",
        "bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6",
    ]
    .map(|a| AddressKey::parse(a).unwrap());
    let list = SanctionsTree::from_keys(SHAPE.sanctions_depth, listed).unwrap();
    let me = Identity::random(
        AddressKey::parse("0x000000000000000000000000000000000000dEaD").unwrap(),
        rng,
    );
    let mut registry = Registry::new(SHAPE.registry_depth).unwrap();
    for _ in 0..3 {
        registry
            .insert(Fr::from(rand::RngCore::next_u64(rng)))
            .unwrap();
    }
    registry.insert(me.commitment()).unwrap();
    let note = AllowanceNote {
        period: 9,
        spent: 1,
        salt: Fr::from(rand::RngCore::next_u64(rng)),
    };
    let mut state = StateTree::new(SHAPE.state_depth).unwrap();
    state.insert(Fr::from(3u64)).unwrap();
    state
        .insert(note.commitment(me.secret, Fr::from(5u64)))
        .unwrap();
    World {
        list,
        registry,
        me,
        state,
        note,
    }
}

/// A valid witness of `policy` transferring `amount` (limit 1000), spending `w.note`.
pub fn witness(w: &World, policy: Policy, amount: u64) -> ComplianceWitness {
    ComplianceWitness::builder(policy)
        .identity(&w.me)
        .sanctions(&w.list)
        .registry(&w.registry)
        .amount(amount)
        .limit(1000)
        .blinding(Fr::from(77u64))
        .scope(Fr::from(5u64))
        .context(Fr::from(6u64))
        .state(&w.state)
        .note(Some(&w.note))
        .period(w.note.period)
        .salt(Fr::from(8u64))
        .build()
        .unwrap()
}
