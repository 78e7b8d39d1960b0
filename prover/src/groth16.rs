//! The Groth16 prover. The constraint matrices are synthesised once, when the prover is
//! made from a key; each proof then synthesises the witness only (no constraints) and
//! runs the QAP reduction and the multi-scalar multiplications on the saved matrices.
//!
//! The proof is the one ark-groth16's `create_proof_with_reduction_and_matrices` makes for
//! the same `r, s` (a test checks this), with the multi-scalar multiplications of
//! `zkcomply-msm` (which, unlike arkworks' parallel MSM, runs on rayon's own pool, so also
//! on Web Workers in the multi-threaded WebAssembly build): the `B` queries (G1 and G2) are
//! compacted once per key to the variables that occur in `B` (a third of the compliance
//! circuit's variables do not: their points are the identity), and each MSM skips zero
//! scalars and adds the points of one-scalars without a multiplication. On two cores this
//! measured the same as arkworks' MSMs (arkworks already skips identity points cheaply,
//! and the compliance witness is 90% full-width field elements). `C` takes one MSM over the
//! `B` (G1), `L` and `H` bases together (see `create_proof`), so a proof runs three MSMs:
//! `A`, `B` in G2 and `C`. Running MSMs side by side with `rayon::join` measured 1% slower
//! than one after the other, so they run in sequence, each parallel inside.
//! [`Prover::prove_batch_with_rng`] proves many witnesses at once.
//!
//! With feature `gpu`, a prover given a GPU (`Prover::with_gpu`) runs each G1 MSM (`A` and
//! `C`) on it when `Gpu::prefers_gpu` says the MSM is large enough to win there, and on the
//! CPU otherwise; `B` in G2 always runs on the CPU. The proof is the same either way (a test
//! checks it bit for bit).

use ark_bn254::{g1, g2, Bn254, G1Affine, G1Projective, G2Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::UniformRand;
use ark_groth16::r1cs_to_qap::{LibsnarkReduction, R1CSToQAP};
use ark_poly::GeneralEvaluationDomain;
use ark_relations::{
    gr1cs::{
        ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisError, SynthesisMode,
        R1CS_PREDICATE_LABEL,
    },
    utils::matrix::Matrix,
};
use rand::{CryptoRng, RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use zkcomply_circuits::{policy::PolicyCircuit, ComplianceWitness, Fr};
use zkcomply_msm::{msm, FixedBases};
use zkcomply_verifier::{groth16::verify_raw, Proof, VerifyingKey};

use crate::{error::Result, key::ProvingKey, Error};

/// The sizes of a circuit: instance variables (with the constant 1), witness variables and
/// constraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Counts {
    pub instance: usize,
    pub witness: usize,
    pub constraints: usize,
}

/// A prover for one policy: the proving key and the circuit's constraint matrices.
#[derive(Debug)]
pub struct Prover {
    key: ProvingKey,
    vk: VerifyingKey,
    matrices: Vec<Matrix<Fr>>,
    /// The variables whose `B` query points are not both the identity, in order.
    b_index: Vec<usize>,
    /// `B_i(τ)` in G2 at `b_index`.
    b_g2: Vec<G2Affine>,
    /// The bases of `C`'s one MSM: `B_i(τ)` in G1 at `b_index`, then the `L` and `H`
    /// queries.
    c_bases: Vec<G1Affine>,
    num_instance: usize,
    num_witness: usize,
    num_constraints: usize,
    /// The key's bases with their window multiples, once [`Prover::precompute_bases`] ran.
    fixed: Option<Box<Fixed>>,
    /// The GPU for the G1 MSMs it prefers, once `Prover::with_gpu` attached one.
    #[cfg(feature = "gpu")]
    gpu: Option<zkcomply_gpu::Gpu>,
}

/// The proving key's bases with precomputed multiples (see [`FixedBases`]).
#[derive(Debug)]
struct Fixed {
    a: FixedBases<g1::Config>,
    b_g2: FixedBases<g2::Config>,
    c: FixedBases<g1::Config>,
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
        let counts = Counts {
            instance: cs.num_instance_variables(),
            witness: cs.num_witness_variables(),
            constraints: cs.num_constraints(),
        };
        Self::from_parts(key, matrices, counts)
    }

    /// A prover from a key and its circuit's matrices (synthesised, or read from a cache).
    pub(crate) fn from_parts(
        key: ProvingKey,
        matrices: Vec<Matrix<Fr>>,
        counts: Counts,
    ) -> Result<Self> {
        let vk = key.verifying_key()?;
        let pk = &key.inner;
        let b_index: Vec<usize> = (0..pk.b_g1_query.len().min(pk.b_g2_query.len()))
            .filter(|&i| !(pk.b_g1_query[i].is_zero() && pk.b_g2_query[i].is_zero()))
            .collect();
        let b_g2 = b_index.iter().map(|&i| pk.b_g2_query[i]).collect();
        let c_bases = (b_index.iter().map(|&i| pk.b_g1_query[i]))
            .chain(pk.l_query.iter().copied())
            .chain(pk.h_query.iter().copied())
            .collect();
        Ok(Self {
            b_index,
            b_g2,
            c_bases,
            num_instance: counts.instance,
            num_witness: counts.witness,
            num_constraints: counts.constraints,
            matrices,
            vk,
            key,
            fixed: None,
            #[cfg(feature = "gpu")]
            gpu: None,
        })
    }

    /// This prover with `gpu` attached (feature `gpu`): each G1 multi-scalar
    /// multiplication of a proof runs on it when [`Gpu::prefers_gpu`] says the MSM is
    /// large enough to win there (never, by default, on a software adapter such as
    /// llvmpipe: see [`Gpu::with_min_gpu_points`]), on the CPU otherwise. The proofs are
    /// the same either way. A `Gpu` is cheap to clone: clones share the device.
    ///
    /// [`Gpu::prefers_gpu`]: zkcomply_gpu::Gpu::prefers_gpu
    /// [`Gpu::with_min_gpu_points`]: zkcomply_gpu::Gpu::with_min_gpu_points
    #[cfg(feature = "gpu")]
    #[must_use]
    pub fn with_gpu(mut self, gpu: zkcomply_gpu::Gpu) -> Self {
        self.gpu = Some(gpu);
        self
    }

    /// The GPU attached by [`Prover::with_gpu`], if any (feature `gpu`).
    #[cfg(feature = "gpu")]
    pub fn gpu(&self) -> Option<&zkcomply_gpu::Gpu> {
        self.gpu.as_ref()
    }

    /// Precomputes the multiples of the proving key's bases for every MSM window, so that
    /// each later proof does about a quarter less curve arithmetic (see `benches/`), at the
    /// cost of time now and memory (about 20 times the key's points, uncompressed: some
    /// 100 MB for `compliance` at the default shape; [`Prover::precomputed_bytes`]). For
    /// provers that make many proofs; a prover that makes one should not.
    pub fn precompute_bases(&mut self) {
        let pk = &self.key.inner;
        self.fixed = Some(Box::new(Fixed {
            a: FixedBases::new(&pk.a_query),
            b_g2: FixedBases::new(&self.b_g2),
            c: FixedBases::new(&self.c_bases),
        }));
    }

    /// The memory the precomputed bases take, in bytes (0 before
    /// [`Prover::precompute_bases`]).
    pub fn precomputed_bytes(&self) -> usize {
        self.fixed
            .as_ref()
            .map_or(0, |f| f.a.memory() + f.b_g2.memory() + f.c.memory())
    }

    /// The circuit's matrices and variable counts.
    pub(crate) fn parts(&self) -> (&[Matrix<Fr>], Counts) {
        let counts = Counts {
            instance: self.num_instance,
            witness: self.num_witness,
            constraints: self.num_constraints,
        };
        (&self.matrices, counts)
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
    /// satisfy the circuit; `Error::Gpu` (feature `gpu`) if the attached GPU fails or is
    /// lost.
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
        let inner = self.create_proof(r, s, &assignment)?;
        let public_inputs = witness.public_inputs();
        // `B` in G2's subgroup as well as the pairing check: a key read from a prover cache
        // (see `cache`) has its G2 points curve-checked only.
        if !inner.b.is_in_correct_subgroup_assuming_on_curve()
            || !verify_raw(&self.vk, &inner, public_inputs.values())?
        {
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

    /// Proves many witnesses, keeping every core busy: per-proof randomness is drawn
    /// from `rng` in order (a ChaCha20 seed per witness), then the proofs are made in
    /// parallel (with the `parallel` feature). The result is in the witnesses' order.
    ///
    /// # Errors
    /// The first error of [`Prover::prove_with_rng`] among the witnesses.
    pub fn prove_batch_with_rng<R: RngCore + CryptoRng>(
        &self,
        witnesses: &[ComplianceWitness],
        rng: &mut R,
    ) -> Result<Vec<Proof>> {
        let seeds: Vec<[u8; 32]> = witnesses
            .iter()
            .map(|_| {
                let mut seed = [0u8; 32];
                rng.fill_bytes(&mut seed);
                seed
            })
            .collect();
        let prove = |(witness, seed): (&ComplianceWitness, &[u8; 32])| {
            self.prove_with_rng(witness, &mut ChaCha20Rng::from_seed(*seed))
        };
        #[cfg(feature = "parallel")]
        return witnesses.par_iter().zip(&seeds).map(prove).collect();
        #[cfg(not(feature = "parallel"))]
        return witnesses.iter().zip(&seeds).map(prove).collect();
    }

    /// As [`Prover::prove_batch_with_rng`], with randomness from the operating system.
    ///
    /// # Errors
    /// As [`Prover::prove_batch_with_rng`].
    pub fn prove_batch(&self, witnesses: &[ComplianceWitness]) -> Result<Vec<Proof>> {
        self.prove_batch_with_rng(witnesses, &mut rand::rngs::OsRng)
    }

    /// The Groth16 proof of `assignment` with randomness `r, s`:
    /// `A = α + Σ aᵢ·Aᵢ + r·δ`, `B = β + Σ aᵢ·Bᵢ + s·δ` and
    /// `C = Σ aᵢ·Lᵢ (private i) + Σ hⱼ·Hⱼ + s·A + r·B₁ − r·s·δ`, where `B₁` is `B` in G1.
    ///
    /// `B₁` is only needed in `C`, so `C` is computed as
    /// `s·A + r·β + Σ (r·aᵢ)·B₁ᵢ + Σ aᵢ·Lᵢ + Σ hⱼ·Hⱼ` (the `r·s·δ` terms cancel): one MSM
    /// over the `B₁`, `L` and `H` bases instead of three, which takes wider windows and
    /// sums one set of buckets instead of three.
    fn create_proof(&self, r: Fr, s: Fr, assignment: &[Fr]) -> Result<ark_groth16::Proof<Bn254>> {
        let pk = &self.key.inner;
        let h = LibsnarkReduction::witness_map_from_matrices::<Fr, GeneralEvaluationDomain<Fr>>(
            &self.matrices,
            self.num_instance,
            self.num_constraints,
            assignment,
        )?;
        let aux = &assignment[self.num_instance..];
        let b: Vec<Fr> = self.b_index.iter().map(|&i| assignment[i]).collect();
        // Each part padded or cut to its bases, so the parts line up with `c_bases`.
        fn part(values: &[Fr], len: usize) -> impl Iterator<Item = Fr> + '_ {
            (0..len).map(move |i| values.get(i).copied().unwrap_or_default())
        }
        let c_scalars: Vec<Fr> = (b.iter().map(|x| r * x))
            .chain(part(aux, pk.l_query.len()))
            .chain(part(&h, pk.h_query.len()))
            .collect();
        let fixed = self.fixed.as_deref();
        let a = self.msm_g1(&pk.a_query, fixed.map(|f| &f.a), assignment)?;
        let b2 = match fixed {
            Some(f) => f.b_g2.msm(&b),
            None => msm(&self.b_g2, &b),
        };
        let c = self.msm_g1(&self.c_bases, fixed.map(|f| &f.c), &c_scalars)?;
        let g_a = a + pk.vk.alpha_g1 + pk.delta_g1 * r;
        let g2_b = b2 + pk.vk.beta_g2 + pk.vk.delta_g2 * s;
        let g_c = g_a * s + pk.beta_g1 * r + c;
        let [a, c] = [g_a, g_c].map(|p| p.into_affine());
        Ok(ark_groth16::Proof {
            a,
            b: g2_b.into_affine(),
            c,
        })
    }

    /// `Σ scalars[i]·bases[i]` over the shorter of the two (as arkworks' prover does): on
    /// the attached GPU if it prefers this size, else with the precomputed multiples
    /// `fixed` of `bases` if there are some, else with the CPU MSM.
    fn msm_g1(
        &self,
        bases: &[G1Affine],
        fixed: Option<&FixedBases<g1::Config>>,
        scalars: &[Fr],
    ) -> Result<G1Projective> {
        #[cfg(feature = "gpu")]
        if let Some(gpu) = &self.gpu {
            let n = bases.len().min(scalars.len());
            if gpu.prefers_gpu(n) {
                return Ok(gpu.msm_g1(&bases[..n], &scalars[..n])?);
            }
        }
        Ok(match fixed {
            Some(f) => f.msm(scalars),
            None => msm(bases, scalars),
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

#[cfg(test)]
mod tests {
    use ark_groth16::Groth16;
    use zkcomply_circuits::{Policy, Shape};

    use super::*;

    /// The prover's proof is ark-groth16's for the same `r, s`, including `r = 0`, `s = 0`,
    /// with and without precomputed bases.
    #[test]
    fn create_proof_equals_arkworks() {
        let shape = SHAPE;
        let plain =
            Prover::new(crate::setup::setup_dev(Policy::TransferLimit, shape, 1).unwrap()).unwrap();
        let mut precomputed =
            Prover::new(crate::setup::setup_dev(Policy::TransferLimit, shape, 1).unwrap()).unwrap();
        assert_eq!(precomputed.precomputed_bytes(), 0);
        precomputed.precompute_bases();
        assert!(precomputed.precomputed_bytes() > 0);
        for prover in [plain, precomputed] {
            same_proofs_as_arkworks(&prover);
        }
    }

    const SHAPE: Shape = Shape {
        sanctions_depth: 4,
        registry_depth: 3,
        state_depth: 3,
    };

    fn transfer_witness() -> ComplianceWitness {
        ComplianceWitness::builder(Policy::TransferLimit)
            .amount(999)
            .limit(1000)
            .blinding(Fr::from(7u64))
            .scope(Fr::from(1u64))
            .context(Fr::from(2u64))
            .build()
            .unwrap()
    }

    fn same_proofs_as_arkworks(prover: &Prover) {
        let wit = transfer_witness();
        let assignment = prover.assignment(&wit).unwrap();
        for (r, s) in [(3u64, 5u64), (0, 0), (0, 9), (1, 1)] {
            let (r, s) = (Fr::from(r), Fr::from(s));
            let ours = prover.create_proof(r, s, &assignment).unwrap();
            let theirs = Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
                &prover.key.inner,
                r,
                s,
                &prover.matrices,
                prover.num_instance,
                prover.num_constraints,
                &assignment,
            )
            .unwrap();
            assert_eq!(ours, theirs, "r = {r}, s = {s}");
        }
    }

    /// With every G1 MSM forced onto the GPU (threshold 0, so also on llvmpipe), the
    /// proof is arkworks' for the same `r, s`, equals the CPU prover's bit for bit for the
    /// same randomness, and verifies; with precomputed bases too (the GPU wins over them).
    #[cfg(feature = "gpu")]
    #[test]
    fn gpu_proofs_equal_cpu_proofs() {
        use zkcomply_gpu::testing::gpu_or_skip;

        let Some(gpu) = gpu_or_skip("gpu_proofs_equal_cpu_proofs") else {
            return;
        };
        eprintln!("adapter: {}", gpu.adapter_name());
        let key = || crate::setup::setup_dev(Policy::TransferLimit, SHAPE, 1).unwrap();
        let cpu = Prover::new(key()).unwrap();
        assert!(cpu.gpu().is_none());
        let forced = gpu.clone().with_min_gpu_points(Some(0));
        let mut on_gpu = Prover::new(key()).unwrap().with_gpu(forced);
        assert!(on_gpu.gpu().is_some_and(|g| g.prefers_gpu(0)));
        same_proofs_as_arkworks(&on_gpu);

        let wit = transfer_witness();
        const SEED: u64 = 20_261_128;
        eprintln!("seed {SEED}");
        let expected = cpu
            .prove_with_rng(&wit, &mut ChaCha20Rng::seed_from_u64(SEED))
            .unwrap();
        on_gpu.precompute_bases();
        let got = on_gpu
            .prove_with_rng(&wit, &mut ChaCha20Rng::seed_from_u64(SEED))
            .unwrap();
        assert_eq!(got, expected, "GPU and CPU proofs differ");
        assert!(zkcomply_verifier::verify(on_gpu.verifying_key(), &got).unwrap());
    }
}
