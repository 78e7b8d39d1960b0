//! The small world the Groth16 tests prove in: a sanctions list, a registry holding the
//! prover's identity, and a state tree holding its live allowance note.

use ark_ff::PrimeField;
use rand::RngCore;
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    AddressKey, AllowanceNote, ComplianceWitness, Fr, Identity, Policy, Registry, SanctionsTree,
    Shape, StateTree,
};

/// The shape of [`world`]'s trees.
pub const SHAPE: Shape = Shape {
    sanctions_depth: 6,
    registry_depth: 5,
    state_depth: 5,
};

/// The trees and the prover's identity and note.
pub struct World {
    /// The sanctions list (the prover's key is not on it).
    pub list: SanctionsTree,
    /// The registry, holding the prover's identity among others.
    pub registry: Registry,
    /// The prover's identity.
    pub me: Identity,
    /// A state tree holding `me`'s live allowance note `note`.
    pub state: StateTree,
    /// `me`'s live allowance note.
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
        .insert(note.commitment(me.secret, Fr::from(SCOPE)))
        .unwrap();
    World {
        list,
        registry,
        me,
        state,
        note,
    }
}

/// A sanctions tree of `depth` listing `accounts` (addresses of any supported family).
pub fn sanctions(depth: usize, accounts: &[&str]) -> SanctionsTree {
    let keys = accounts
        .iter()
        .map(|a| AddressKey::parse(a).unwrap_or_else(|e| panic!("{a}: {e}")));
    SanctionsTree::from_keys(depth, keys).expect("sanctions tree")
}

/// Fresh identities for `accounts`, drawn from `rng`, and a registry of `depth` holding them
/// in that order.
pub fn registered(
    depth: usize,
    accounts: &[&str],
    rng: &mut ChaCha20Rng,
) -> (Registry, Vec<Identity>) {
    let mut registry = Registry::new(depth).expect("registry");
    let identities: Vec<Identity> = accounts
        .iter()
        .map(|a| {
            Identity::random(
                AddressKey::parse(a).unwrap_or_else(|e| panic!("{a}: {e}")),
                rng,
            )
        })
        .collect();
    for id in &identities {
        registry.insert(id.commitment()).expect("registry has room");
    }
    (registry, identities)
}

/// A random key below 2^248 (so below 2^252).
pub fn random_key(rng: &mut ChaCha20Rng) -> AddressKey {
    let mut bytes = [0u8; 31];
    rng.fill_bytes(&mut bytes);
    AddressKey::from_field(Fr::from_le_bytes_mod_order(&bytes)).expect("nonzero below 2^252")
}

/// A world at `shape` with `listed` random keys on the sanctions list, and `others` other
/// identities in the registry and notes in the state tree besides the prover's.
pub fn random_world(shape: Shape, listed: usize, others: usize, rng: &mut ChaCha20Rng) -> World {
    let keys: Vec<AddressKey> = (0..listed).map(|_| random_key(rng)).collect();
    let list = SanctionsTree::from_keys(shape.sanctions_depth, keys).expect("sanctions tree");
    let me = Identity::random(random_key(rng), rng);
    let mut registry = Registry::new(shape.registry_depth).expect("registry");
    let mut state = StateTree::new(shape.state_depth).expect("state tree");
    for _ in 0..others {
        let other = Identity::random(random_key(rng), rng).commitment();
        registry.insert(other).expect("registry has room");
        state
            .insert(Fr::from(rng.next_u64()))
            .expect("state tree has room");
    }
    registry.insert(me.commitment()).expect("registry has room");
    let note = AllowanceNote {
        period: 20_000,
        spent: 100,
        salt: Fr::from(rng.next_u64()),
    };
    state
        .insert(note.commitment(me.secret, Fr::from(SCOPE)))
        .expect("state tree has room");
    World {
        list,
        registry,
        me,
        state,
        note,
    }
}

/// The scope of [`witness`]'s proofs.
pub const SCOPE: u64 = 5;

/// A valid witness of `policy` transferring `amount` (limit 1000), spending `w.note`.
pub fn witness(w: &World, policy: Policy, amount: u64) -> ComplianceWitness {
    ComplianceWitness::builder(policy)
        .identity(&w.me)
        .sanctions(&w.list)
        .registry(&w.registry)
        .amount(amount)
        .limit(1000)
        .blinding(Fr::from(77u64))
        .scope(Fr::from(SCOPE))
        .context(Fr::from(6u64))
        .state(&w.state)
        .note(Some(&w.note))
        .period(w.note.period)
        .salt(Fr::from(8u64))
        .build()
        .unwrap()
}
