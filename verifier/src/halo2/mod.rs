//! Halo2-KZG verification of the policy circuits (feature `halo2`): natively here, on-chain
//! through [`solidity`].
//!
//! Proofs are KZG + GWC proofs of [`zkcomply_circuits::halo2::PolicyCircuit`] with a
//! Keccak-256 Fiat–Shamir transcript, snark-verifier's [`EvmTranscript`]: the transcript the
//! generated Solidity verifier replays, so one proof verifies both natively and on-chain.
//! Public inputs are 32-byte big-endian words, as in calldata; a word `≥ r` is refused, never
//! reduced.

pub mod file;
pub mod solidity;
pub mod srs;

pub use file::{sha256_hex, Halo2Proof, BACKEND};
pub use srs::{Srs, SrsOrigin};

use halo2_axiom::{
    halo2curves::bn256::{Bn256, Fr as Fp, G1Affine},
    plonk::{self, verify_proof},
    poly::kzg::{
        commitment::{KZGCommitmentScheme, ParamsKZG},
        multiopen::VerifierGWC,
        strategy::SingleStrategy,
    },
};
use snark_verifier_sdk::snark_verifier::loader::native::NativeLoader;
pub use snark_verifier_sdk::snark_verifier::system::halo2::transcript::evm::EvmTranscript;
use zkcomply_circuits::{field, Fr, Policy, Shape};

use crate::{error::Result, Error};

/// The Keccak transcript reading a proof natively.
type ReadTranscript<'a, 'b> = EvmTranscript<G1Affine, NativeLoader, &'a mut &'b [u8], Vec<u8>>;

/// The verifying key of one policy at one shape: the KZG parameters (the SRS, whose first
/// G1 point and `[1]₂`, `[τ]₂` the pairing check uses) and halo2's verifying key (the fixed
/// and permutation commitments and the constraint system).
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    policy: Policy,
    shape: Shape,
    params: ParamsKZG<Bn256>,
    origin: SrsOrigin,
    vk: plonk::VerifyingKey<G1Affine>,
}

impl VerifyingKey {
    /// A key of `policy` at `shape` from the SRS `srs` and halo2's key `vk` (made by
    /// the prover's key generation from `PolicyCircuit::blank(policy, shape)`).
    pub fn new(policy: Policy, shape: Shape, srs: Srs, vk: plonk::VerifyingKey<G1Affine>) -> Self {
        let (params, origin) = srs.into_parts();
        Self {
            policy,
            shape,
            params,
            origin,
            vk,
        }
    }

    /// Where the key's SRS came from.
    pub fn origin(&self) -> &SrsOrigin {
        &self.origin
    }

    /// Whether the SRS is an insecure development SRS.
    pub fn insecure_dev_setup(&self) -> bool {
        self.origin.insecure()
    }

    /// `log2` of the circuit's rows.
    pub fn k(&self) -> u32 {
        self.vk.get_domain().k()
    }

    /// The policy this key verifies.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The tree depths the circuit was built for.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The KZG parameters: the SRS of `2^k` points for a key from key generation, only
    /// `[1]₁`, `[1]₂`, `[τ]₂` for a key read from a file.
    pub fn params(&self) -> &ParamsKZG<Bn256> {
        &self.params
    }

    /// halo2's verifying key.
    pub fn vk(&self) -> &plonk::VerifyingKey<G1Affine> {
        &self.vk
    }

    /// The number of public inputs (the policy's, in DESIGN §3's order).
    pub fn num_inputs(&self) -> usize {
        self.policy.inputs().len()
    }
}

/// The public inputs as 32-byte big-endian words (calldata's encoding).
pub fn input_words(inputs: &[Fr]) -> Vec<[u8; 32]> {
    inputs.iter().map(field::to_be_bytes).collect()
}

/// Verifies a Halo2 proof (Keccak transcript) of `key`'s policy for `inputs`, given as
/// 32-byte big-endian words in the policy's order.
///
/// Returns `Ok(true)` if the proof is valid and `Ok(false)` if it is rejected: a false
/// proof, bytes that do not decode as points and scalars, a truncated proof, or a proof
/// with bytes left over.
///
/// # Errors
/// [`Error::InputCount`] for the wrong number of inputs; [`Error::Circuits`] (an invalid
/// field element, naming the input) for a word `≥ r`.
#[must_use = "a proof is only accepted if this returns Ok(true)"]
pub fn verify(key: &VerifyingKey, proof: &[u8], inputs: &[[u8; 32]]) -> Result<bool> {
    let names = key.policy.inputs();
    if inputs.len() != names.len() {
        return Err(Error::InputCount {
            expected: names.len(),
            found: inputs.len(),
        });
    }
    let values = inputs
        .iter()
        .zip(names)
        .map(|(word, input)| field::from_be_bytes(input.name(), word).map(|x| field::to_halo2(&x)))
        .collect::<std::result::Result<Vec<Fp>, _>>()?;
    let mut rest = proof;
    let mut transcript = ReadTranscript::new(&mut rest);
    let valid = verify_proof::<KZGCommitmentScheme<Bn256>, VerifierGWC<'_, Bn256>, _, _, _>(
        &key.params,
        &key.vk,
        SingleStrategy::new(&key.params),
        &[&[&values]],
        &mut transcript,
    )
    .is_ok();
    Ok(valid && rest.is_empty())
}
