//! Native Groth16 verification with a prepared key, one proof at a time or in batches.

use ark_bn254::{Bn254, G1Affine, G1Projective};
use ark_ec::{pairing::Pairing, CurveGroup};
use ark_ff::Zero;
use ark_groth16::Groth16;
use rand::{CryptoRng, RngCore};
use zkcomply_circuits::Fr;

use crate::{error::Result, key::VerifyingKey, proof::Proof, Error};

/// Verifies `proof` under `vk`.
///
/// Returns `Ok(true)` if the proof is valid, `Ok(false)` if it is well-formed but false.
///
/// # Errors
/// [`Error::PolicyMismatch`] if the proof names another policy or version than the key;
/// [`Error::InputCount`] for the wrong number of public inputs.
#[must_use = "a proof is only accepted if this returns Ok(true)"]
pub fn verify(vk: &VerifyingKey, proof: &Proof) -> Result<bool> {
    let info = &vk.info;
    if proof.policy != info.policy || proof.policy_version != info.policy_version {
        return Err(Error::PolicyMismatch {
            expected: info.label(),
            found: format!("{} v{}", proof.policy, proof.policy_version),
        });
    }
    verify_raw(vk, &proof.inner, proof.public_inputs.values())
}

/// Verifies an arkworks proof against public inputs given in the policy's order.
///
/// # Errors
/// [`Error::InputCount`].
#[must_use = "a proof is only accepted if this returns Ok(true)"]
pub fn verify_raw(
    vk: &VerifyingKey,
    proof: &ark_groth16::Proof<Bn254>,
    inputs: &[Fr],
) -> Result<bool> {
    let expected = vk.inner.gamma_abc_g1.len() - 1;
    if inputs.len() != expected {
        return Err(Error::InputCount {
            expected,
            found: inputs.len(),
        });
    }
    Ok(Groth16::<Bn254>::verify_proof(&vk.prepared, proof, inputs)?)
}

/// Verifies many proofs under one key at once: accepts only if every proof is valid,
/// with randomness from the operating system. See [`verify_batch_with_rng`].
///
/// # Errors
/// As [`verify_batch_with_rng`].
#[must_use = "the proofs are only accepted if this returns Ok(true)"]
pub fn verify_batch(vk: &VerifyingKey, proofs: &[Proof]) -> Result<bool> {
    verify_batch_with_rng(vk, proofs, &mut rand::rngs::OsRng)
}

/// Verifies many proofs under one key with a single multi-pairing.
///
/// Each proof `i` must satisfy `e(Aᵢ, Bᵢ) = e(α, β)·e(Lᵢ, γ)·e(Cᵢ, δ)` with
/// `Lᵢ = IC₀ + Σⱼ xᵢⱼ·ICⱼ`. The batch checks one random linear combination of these
/// equations, with nonzero 128-bit coefficients `ρᵢ` drawn from `rng`:
///
/// `Πᵢ e(ρᵢ·Aᵢ, Bᵢ) · e(−Σᵢ ρᵢ·Lᵢ, γ) · e(−Σᵢ ρᵢ·Cᵢ, δ) · e(−(Σᵢ ρᵢ)·α, β) = 1`,
///
/// that is `n + 3` Miller loops and one final exponentiation instead of `n` of each. If
/// any proof is invalid, the combination holds with probability at most `2⁻¹²⁸` over
/// the choice of the `ρᵢ`, so `rng` must be unpredictable to whoever made the proofs.
/// The public inputs are field elements (below `r`) by type: [`Proof::from_json`]
/// refuses values `≥ r`. An empty batch is accepted.
///
/// The two multi-scalar multiplications (`Σᵢ ρᵢ·Lᵢ` as one MSM over the `IC` bases, and
/// `Σᵢ ρᵢ·Cᵢ`) run on the CPU; `verify_batch_with_gpu` (feature `gpu`) runs them on a GPU.
///
/// # Errors
/// [`Error::PolicyMismatch`] if a proof names another policy or version than the key;
/// [`Error::InputCount`] if a proof has the wrong number of public inputs.
#[must_use = "the proofs are only accepted if this returns Ok(true)"]
pub fn verify_batch_with_rng<R: RngCore + CryptoRng>(
    vk: &VerifyingKey,
    proofs: &[Proof],
    rng: &mut R,
) -> Result<bool> {
    batch(vk, proofs, rng, |bases, scalars| {
        Ok(zkcomply_msm::msm(bases, scalars))
    })
}

/// As [`verify_batch_with_rng`] (same equation, same answer), with the two multi-scalar
/// multiplications given to `gpu` through `Gpu::msm_g1_auto`: on the GPU when
/// `Gpu::prefers_gpu` says the MSM is large enough to win there (never, by default, on a
/// software adapter such as llvmpipe), on the CPU otherwise. Feature `gpu`.
///
/// # Errors
/// As [`verify_batch_with_rng`], and [`Error::Gpu`] if the GPU fails (a lost device
/// included).
#[cfg(feature = "gpu")]
#[must_use = "the proofs are only accepted if this returns Ok(true)"]
pub fn verify_batch_with_gpu<R: RngCore + CryptoRng>(
    vk: &VerifyingKey,
    proofs: &[Proof],
    rng: &mut R,
    gpu: &zkcomply_gpu::Gpu,
) -> Result<bool> {
    batch(vk, proofs, rng, |bases, scalars| {
        Ok(gpu.msm_g1_auto(bases, scalars)?)
    })
}

/// The batch equation of [`verify_batch_with_rng`], with `msm` computing `Σ sᵢ·Pᵢ` over
/// equally long slices.
fn batch<R: RngCore + CryptoRng>(
    vk: &VerifyingKey,
    proofs: &[Proof],
    rng: &mut R,
    msm: impl Fn(&[G1Affine], &[Fr]) -> Result<G1Projective>,
) -> Result<bool> {
    let info = &vk.info;
    let ic = &vk.inner.gamma_abc_g1;
    let expected = ic.len() - 1;
    for proof in proofs {
        if proof.policy != info.policy || proof.policy_version != info.policy_version {
            return Err(Error::PolicyMismatch {
                expected: info.label(),
                found: format!("{} v{}", proof.policy, proof.policy_version),
            });
        }
        let found = proof.public_inputs.values().len();
        if found != expected {
            return Err(Error::InputCount { expected, found });
        }
    }
    if proofs.is_empty() {
        return Ok(true);
    }
    let rho: Vec<Fr> = proofs
        .iter()
        .map(|_| loop {
            let x = (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64());
            if x != 0 {
                break Fr::from(x);
            }
        })
        .collect();
    // Σᵢ ρᵢ·Lᵢ = (Σᵢ ρᵢ)·IC₀ + Σⱼ (Σᵢ ρᵢ·xᵢⱼ)·ICⱼ.
    let rho_sum: Fr = rho.iter().sum();
    let mut ic_scalars = vec![Fr::zero(); ic.len()];
    ic_scalars[0] = rho_sum;
    for (proof, r) in proofs.iter().zip(&rho) {
        for (s, x) in ic_scalars[1..].iter_mut().zip(proof.public_inputs.values()) {
            *s += *r * x;
        }
    }
    let l = msm(ic, &ic_scalars)?;
    let c_points: Vec<G1Affine> = proofs.iter().map(|p| p.inner.c).collect();
    let c = msm(&c_points, &rho)?;
    let alpha = vk.inner.alpha_g1 * rho_sum;

    // γ and δ are prepared negated in the key, so `L` and `C` go in with a plus sign.
    let mut g1: Vec<G1Projective> = proofs
        .iter()
        .zip(&rho)
        .map(|(p, r)| p.inner.a * r)
        .collect();
    g1.extend([l, c, -alpha]);
    let g1 = G1Projective::normalize_batch(&g1);
    let mut g2: Vec<G2Prepared> = proofs.iter().map(|p| p.inner.b.into()).collect();
    g2.extend([
        vk.prepared.gamma_g2_neg_pc.clone(),
        vk.prepared.delta_g2_neg_pc.clone(),
        vk.inner.beta_g2.into(),
    ]);
    Ok(Bn254::multi_pairing(g1, g2).is_zero())
}

type G2Prepared = <Bn254 as Pairing>::G2Prepared;
