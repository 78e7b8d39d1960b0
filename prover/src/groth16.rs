//! The Groth16 prover. The constraint matrices are synthesised once, when the prover is
//! made from a key; each proof then synthesises the witness only (no constraints) and
//! runs the QAP reduction and the multi-scalar multiplications on the saved matrices.

use ark_bn254::Bn254;
use ark_ff::UniformRand;
use ark_groth16::Groth16;
use ark_relations::{
    gr1cs::{
        ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisError, SynthesisMode,
        R1CS_PREDICATE_LABEL,
    },
    utils::matrix::Matrix,
};
use rand::{CryptoRng, RngCore};
use zkcomply_circuits::{policy::PolicyCircuit, ComplianceWitness, Fr};
use zkcomply_verifier::{groth16::verify_raw, Proof, VerifyingKey};

use crate::{error::Result, key::ProvingKey, Error};

/// A prover for one policy: the proving key and the circuit's constraint matrices.
#[derive(Debug)]
pub struct Prover {
    key: ProvingKey,
    vk: VerifyingKey,
    matrices: Vec<Matrix<Fr>>,
    num_instance: usize,
    num_witness: usize,
    num_constraints: usize,
}

impl Prover {
    /// A prover for `key`: synthesises the circuit's matrices once.
    ///
    /// # Errors
    /// Synthesis errors; [`Error::Verifier`] for a key whose inputs do not fit its policy.
    pub fn new(key: ProvingKey) -> Result<Self> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Setup);
        PolicyCircuit::blank(key.info.policy, key.info.shape).generate_constraints(cs.clone())?;
        cs.finalize();
        let mut matrices = cs.to_matrices()?;
        let matrices = matrices
            .remove(R1CS_PREDICATE_LABEL)
            .ok_or(SynthesisError::PredicateNotFound)?;
        let vk = key.verifying_key()?;
        Ok(Self {
            num_instance: cs.num_instance_variables(),
            num_witness: cs.num_witness_variables(),
            num_constraints: cs.num_constraints(),
            matrices,
            vk,
            key,
        })
    }

    /// The proving key.
    pub fn key(&self) -> &ProvingKey {
        &self.key
    }

    /// The verifying key.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.vk
    }

    /// The number of R1CS constraints.
    pub fn num_constraints(&self) -> usize {
        self.num_constraints
    }

    /// Proves `witness` with randomness from the operating system.
    ///
    /// # Errors
    /// As [`Prover::prove_with_rng`].
    pub fn prove(&self, witness: &ComplianceWitness) -> Result<Proof> {
        self.prove_with_rng(witness, &mut rand::rngs::OsRng)
    }

    /// Proves `witness` with the zero-knowledge randomness `r, s` drawn from `rng`, then
    /// checks the proof (≈ 1% of the proving time) so that a bad witness is reported here
    /// rather than by a verifier.
    ///
    /// # Errors
    /// [`Error::PolicyMismatch`]; [`zkcomply_circuits::Error::DepthMismatch`] if the witness's trees
    /// have other depths than the key; [`Error::Unsatisfied`] if the witness does not
    /// satisfy the circuit.
    pub fn prove_with_rng<R: RngCore + CryptoRng>(
        &self,
        witness: &ComplianceWitness,
        rng: &mut R,
    ) -> Result<Proof> {
        let info = &self.key.info;
        if witness.policy() != info.policy {
            return Err(Error::PolicyMismatch {
                expected: info.policy.to_string(),
                found: witness.policy().to_string(),
            });
        }
        info.shape.check(info.policy, &witness.shape())?;
        let assignment = self.assignment(witness)?;
        let (r, s) = (Fr::rand(rng), Fr::rand(rng));
        let inner = Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
            &self.key.inner,
            r,
            s,
            &self.matrices,
            self.num_instance,
            self.num_constraints,
            &assignment,
        )?;
        let public_inputs = witness.public_inputs();
        if !verify_raw(&self.vk, &inner, public_inputs.values())? {
            return Err(Error::Unsatisfied {
                policy: info.policy.to_string(),
            });
        }
        Ok(Proof {
            policy: info.policy,
            policy_version: info.policy_version,
            insecure_dev_setup: info.insecure_dev_setup,
            inner,
            public_inputs,
        })
    }

    /// The full assignment `[1, public…, private…]`, from a witness-only synthesis.
    fn assignment(&self, witness: &ComplianceWitness) -> Result<Vec<Fr>> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Prove {
            construct_matrices: false,
            generate_lc_assignments: false,
        });
        PolicyCircuit::new(witness).generate_constraints(cs.clone())?;
        cs.finalize();
        let mut assignment = cs.instance_assignment()?;
        assignment.extend(cs.witness_assignment()?);
        if assignment.len() != self.num_instance + self.num_witness {
            return Err(SynthesisError::Unsatisfiable.into());
        }
        Ok(assignment)
    }
}
