//! Groth16 key generation.
//!
//! A single-party setup knows the toxic waste: it is fine for development and tests, and
//! for production only where the proving party and the verifying party are the same
//! organisation. Production keys come from a multi-party phase-2 ceremony on a public
//! powers of tau. `--dev-seed` setups are deterministic and marked insecure in every
//! artefact.

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use rand::{CryptoRng, RngCore, SeedableRng};
use zkcomply_circuits::artefact::KeyMeta;
use zkcomply_circuits::{
    policy::{constraint_count, PolicyCircuit},
    Policy, Shape,
};

use crate::{error::Result, key::ProvingKey};

/// A setup with randomness from `rng` (the caller must discard the randomness).
///
/// # Errors
/// Synthesis errors.
pub fn setup_with_rng<R: RngCore + CryptoRng>(
    policy: Policy,
    shape: Shape,
    rng: &mut R,
) -> Result<ProvingKey> {
    make(policy, shape, false, rng)
}

/// A setup with randomness from the operating system.
///
/// # Errors
/// Synthesis errors.
pub fn setup(policy: Policy, shape: Shape) -> Result<ProvingKey> {
    setup_with_rng(policy, shape, &mut rand::rngs::OsRng)
}

/// An INSECURE deterministic setup from a seed: anybody who knows the seed can forge
/// proofs. The keys are marked insecure.
///
/// # Errors
/// Synthesis errors.
pub fn setup_dev(policy: Policy, shape: Shape, seed: u64) -> Result<ProvingKey> {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed ^ u64::from(policy.id()) << 32);
    make(policy, shape, true, &mut rng)
}

fn make<R: RngCore + CryptoRng>(
    policy: Policy,
    shape: Shape,
    insecure: bool,
    rng: &mut R,
) -> Result<ProvingKey> {
    let circuit = PolicyCircuit::blank(policy, shape);
    let inner = Groth16::<Bn254>::generate_random_parameters_with_reduction(circuit, rng)?;
    let info = KeyMeta::groth16(policy, shape, insecure, constraint_count(policy, shape)?);
    Ok(ProvingKey { info, inner })
}
