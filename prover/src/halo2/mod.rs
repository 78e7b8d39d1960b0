//! Halo2-KZG proving of the policy circuits (feature `halo2`): KZG commitments, the GWC
//! multi-open argument (its generated Solidity verifier fits mainnet's contract size limit,
//! SHPLONK's does not: see docs/HALO2.md) and a Keccak-256 transcript (snark-verifier's
//! `EvmTranscript`), so that a proof verifies both with [`zkcomply_verifier::halo2::verify`]
//! and with the generated Solidity verifier.
//!
//! Keys come from [`zkcomply_circuits::halo2::PolicyCircuit::blank`]: the verifying key
//! depends on the policy and the shape (the fixed columns and the permutation do), not on a
//! witness. The SRS is universal: [`ptau::load_ptau`] reads it from a public powers-of-tau
//! file; [`insecure_dev_srs`] makes a seeded one for tests and `--dev-seed` only. The SRS file is
//! `Srs`'s [`Artefact`](zkcomply_circuits::artefact::Artefact) impl (in the verifier); the
//! proving key file is [`Halo2Prover`]'s.

mod file;
pub mod ptau;

use halo2_axiom::{
    halo2curves::bn256::{Bn256, G1Affine},
    plonk::{self, create_proof, keygen_pk, keygen_vk},
    poly::kzg::{
        commitment::{KZGCommitmentScheme, ParamsKZG},
        multiopen::ProverGWC,
    },
    transcript::TranscriptWriterBuffer,
};
use rand::{CryptoRng, RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zkcomply_circuits::{halo2::PolicyCircuit, ComplianceWitness, Policy, Shape};
use zkcomply_verifier::halo2::{
    input_words, verify, EvmTranscript, Halo2Proof, Srs, SrsOrigin, VerifyingKey,
};

use crate::{error::Result, Error};

/// A deterministic KZG SRS of `2^k` points from `seed`. **Insecure**: whoever knows the
/// seed knows the trapdoor `τ` and can forge proofs. For tests and `--dev-seed` only;
/// production uses a public powers-of-tau SRS.
pub fn insecure_dev_srs(k: u32, seed: u64) -> Srs {
    Srs::new_unchecked(
        ParamsKZG::<Bn256>::setup(k, ChaCha20Rng::seed_from_u64(seed)),
        SrsOrigin::DevSeed { seed },
    )
}

/// A Halo2 prover for one policy at one shape: the SRS, halo2's proving key and the
/// verifying key.
#[derive(Debug)]
pub struct Halo2Prover {
    vk: VerifyingKey,
    pk: plonk::ProvingKey<G1Affine>,
}

fn halo2_error(e: plonk::Error) -> Error {
    Error::Circuits(zkcomply_circuits::Error::Halo2(e))
}

impl Halo2Prover {
    /// Generates the keys of `policy` at `shape` from its blank circuit over the SRS
    /// `srs`, which must have at least the circuit's `2^k` points (a larger SRS is cut
    /// down to `2^k`). Deterministic: the same SRS gives the same keys.
    ///
    /// # Errors
    /// [`Error::SrsTooSmall`] if `srs` has fewer than `2^k` points; [`Error::Circuits`]
    /// if the layout or key generation fails.
    pub fn keygen(mut srs: Srs, policy: Policy, shape: Shape) -> Result<Self> {
        let blank = PolicyCircuit::blank(policy, shape)?;
        let k = blank.k();
        if srs.k() < k {
            return Err(Error::SrsTooSmall {
                needed: k,
                found: srs.k(),
            });
        }
        srs.downsize(k);
        let params = srs.params();
        let vk = keygen_vk(params, &blank).map_err(halo2_error)?;
        let pk = keygen_pk(params, vk.clone(), &blank).map_err(halo2_error)?;
        Ok(Self {
            vk: VerifyingKey::new(policy, shape, srs, vk),
            pk,
        })
    }

    /// The verifying key (with the SRS) for [`zkcomply_verifier::halo2::verify`] and the
    /// Solidity verifier.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.vk
    }

    /// Proves `witness` with randomness from the operating system, as a proof file. See
    /// [`Halo2Prover::prove_with_rng`].
    ///
    /// # Errors
    /// As [`Halo2Prover::prove_with_rng`].
    pub fn proof(&self, witness: &ComplianceWitness) -> Result<Halo2Proof> {
        self.proof_with_rng(witness, &mut rand::rngs::OsRng)
    }

    /// Proves `witness`, blinding with `rng`, as a proof file (policy, public inputs,
    /// whether the SRS is insecure, the proof bytes).
    ///
    /// # Errors
    /// As [`Halo2Prover::prove_with_rng`].
    pub fn proof_with_rng<R: RngCore + CryptoRng>(
        &self,
        witness: &ComplianceWitness,
        rng: &mut R,
    ) -> Result<Halo2Proof> {
        let proof = self.prove_with_rng(witness, rng)?;
        let policy = self.vk.policy();
        Ok(Halo2Proof {
            policy,
            policy_version: policy.version(),
            insecure_dev_setup: self.vk.insecure_dev_setup(),
            proof,
            public_inputs: witness.public_inputs(),
        })
    }

    /// Proves `witness` with randomness from the operating system. See
    /// [`Halo2Prover::prove_with_rng`].
    ///
    /// # Errors
    /// As [`Halo2Prover::prove_with_rng`].
    pub fn prove(&self, witness: &ComplianceWitness) -> Result<Vec<u8>> {
        self.prove_with_rng(witness, &mut rand::rngs::OsRng)
    }

    /// Proves `witness`, blinding with `rng`; returns the proof bytes (the public inputs are
    /// `witness.public_inputs()`). The proof is verified before it is returned.
    ///
    /// # Errors
    /// [`Error::PolicyMismatch`] for a witness of another policy; [`Error::Circuits`] for
    /// another shape or a failed layout; [`Error::Unsatisfied`] if the witness does not
    /// satisfy the circuit.
    pub fn prove_with_rng<R: RngCore + CryptoRng>(
        &self,
        witness: &ComplianceWitness,
        rng: &mut R,
    ) -> Result<Vec<u8>> {
        let policy = self.vk.policy();
        if witness.policy() != policy {
            return Err(Error::PolicyMismatch {
                expected: policy.name().to_string(),
                found: witness.policy().name().to_string(),
            });
        }
        self.vk.shape().check(policy, &witness.shape())?;
        let unsatisfied = || Error::Unsatisfied {
            policy: policy.name().to_string(),
        };
        if !witness.satisfies() {
            return Err(unsatisfied());
        }
        let circuit = PolicyCircuit::new(witness)?;
        let inputs = witness.public_inputs();
        let values: Vec<_> = inputs
            .values()
            .iter()
            .map(zkcomply_circuits::field::to_halo2)
            .collect();
        let mut transcript = EvmTranscript::<G1Affine, _, _, _>::init(Vec::new());
        create_proof::<KZGCommitmentScheme<Bn256>, ProverGWC<'_, Bn256>, _, _, _, _>(
            self.vk.params(),
            &self.pk,
            std::slice::from_ref(&circuit),
            &[&[&values]],
            rng,
            &mut transcript,
        )
        .map_err(halo2_error)?;
        let proof = transcript.finalize();
        if !verify(&self.vk, &proof, &input_words(inputs.values()))? {
            return Err(unsatisfied());
        }
        Ok(proof)
    }
}
