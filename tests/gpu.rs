//! The GPU back-end end to end (feature `gpu`): proofs made with every G1 MSM on the GPU
//! (threshold 0, so also on llvmpipe), checked one by one and in batches whose MSMs run on
//! the GPU, against the CPU's answers; then the device is destroyed and every call must be an
//! error. Skipped with a message without an adapter, unless
//! `ZKCOMPLY_REQUIRE_GPU` is set, which makes that a failure.

use ark_bn254::G1Affine;
use ark_ec::AffineRepr;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcomply::{
    prover::{
        gpu::{
            testing::{destroy_device, gpu_or_skip},
            Error as GpuError,
        },
        Error as ProverError,
    },
    setup,
    verifier::{
        groth16::{verify_batch_with_gpu, verify_batch_with_rng},
        Error,
    },
    verify, ComplianceWitness, Fr, Policy, Proof, Prover, PublicInputs, Shape, VerifyingKey,
};

const SEED: u64 = 20_261_129;
const SHAPE: Shape = Shape {
    sanctions_depth: 4,
    registry_depth: 3,
    state_depth: 3,
};

fn witness(amount: u64, context: u64) -> ComplianceWitness {
    ComplianceWitness::builder(Policy::TransferLimit)
        .amount(amount)
        .limit(1000)
        .blinding(Fr::from(amount + 7))
        .scope(Fr::from(1u64))
        .context(Fr::from(context))
        .build()
        .unwrap()
}

/// The batch's answer on the CPU and on `gpu`, with the same coefficients `ρᵢ`: they
/// must agree.
fn both(vk: &VerifyingKey, batch: &[Proof], gpu: &zkcomply::prover::gpu::Gpu, salt: u64) -> bool {
    let cpu = verify_batch_with_rng(vk, batch, &mut ChaCha20Rng::seed_from_u64(salt)).unwrap();
    let on_gpu =
        verify_batch_with_gpu(vk, batch, &mut ChaCha20Rng::seed_from_u64(salt), gpu).unwrap();
    assert_eq!(
        cpu, on_gpu,
        "CPU and GPU batch answers differ (salt {salt})"
    );
    on_gpu
}

#[test]
fn gpu_proofs_and_gpu_batches_agree_with_the_cpu() {
    let Some(gpu) = gpu_or_skip("gpu_proofs_and_gpu_batches_agree_with_the_cpu") else {
        return;
    };
    eprintln!("adapter: {}, seed {SEED}", gpu.adapter_name());
    let forced = gpu.clone().with_min_gpu_points(Some(0));
    let key = || setup::setup_dev(Policy::TransferLimit, SHAPE, SEED).unwrap();
    let cpu = Prover::new(key()).unwrap();
    let prover = Prover::new(key()).unwrap().with_gpu(forced.clone());
    let vk = prover.verifying_key();

    // Proofs with the G1 MSMs on the GPU: the CPU prover's, bit for bit, and valid.
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let witnesses: Vec<ComplianceWitness> = (0..4).map(|i| witness(990 + i, 100 + i)).collect();
    let proofs = prover.prove_batch_with_rng(&witnesses, &mut rng).unwrap();
    let expected = cpu
        .prove_batch_with_rng(&witnesses, &mut ChaCha20Rng::seed_from_u64(SEED))
        .unwrap();
    assert_eq!(proofs, expected, "GPU and CPU proofs differ");
    for (i, p) in proofs.iter().enumerate() {
        assert!(verify(vk, p).unwrap(), "proof {i}");
    }

    // Valid batches are accepted, on the forced GPU and with the default threshold (the
    // CPU on a software adapter).
    for n in [0, 1, 4] {
        assert!(
            both(vk, &proofs[..n], &forced, n as u64),
            "{n} valid proofs"
        );
    }
    assert!(verify_batch_with_gpu(vk, &proofs, &mut rng, gpu).unwrap());

    // One tampered public input, one swapped C, and two errors that would cancel in an
    // unweighted sum: rejected by both.
    let mut batch = proofs.clone();
    let mut values = batch[1].public_inputs.values().to_vec();
    values[0] += Fr::from(1u64);
    batch[1].public_inputs = PublicInputs::new(Policy::TransferLimit, values).unwrap();
    assert!(!both(vk, &batch, &forced, 10), "tampered input");
    let mut batch = proofs.clone();
    batch[3].inner.c = proofs[0].inner.c;
    assert!(!both(vk, &batch, &forced, 11), "swapped C");
    let mut batch = proofs.clone();
    let x = proofs[2].inner.a;
    batch[0].inner.c = (batch[0].inner.c + x).into();
    batch[1].inner.c = (batch[1].inner.c - x).into();
    assert!(!both(vk, &batch, &forced, 12), "cancelling errors");

    // A proof of another policy is an error, not a rejection, on the GPU path too.
    let other = setup::setup_dev(Policy::NonMembership, SHAPE, SEED).unwrap();
    let other = Prover::new(other).unwrap();
    let e = verify_batch_with_gpu(other.verifying_key(), &proofs, &mut rng, &forced).unwrap_err();
    assert!(matches!(e, Error::PolicyMismatch { .. }), "{e}");

    // Last, since it destroys the device (this binary's only test): a lost device is an
    // error, never a panic, for the MSM (twice), the prover and the batch verifier.
    destroy_device(gpu);
    let bases = vec![G1Affine::generator(); 4];
    let scalars: Vec<Fr> = (1..=4u64).map(Fr::from).collect();
    for attempt in 0..2 {
        let e = forced
            .msm_g1(&bases, &scalars)
            .expect_err("the device is destroyed");
        assert!(
            matches!(e, GpuError::DeviceLost { .. } | GpuError::Command { .. }),
            "attempt {attempt}: {e}"
        );
    }
    let e = prover
        .prove_with_rng(&witnesses[0], &mut rng)
        .expect_err("the device is destroyed");
    assert!(matches!(e, ProverError::Gpu(_)), "{e}");
    let e = verify_batch_with_gpu(vk, &proofs, &mut rng, &forced).expect_err("lost");
    assert!(matches!(e, Error::Gpu(_)), "{e}");
}
