//! A prover's prepared state as bytes, for a cache on the prover's own device: the proving
//! key with uncompressed points and the circuit's constraint matrices, so that a prover
//! loads without decompressing points, checking G2 subgroups or synthesising the circuit
//! (in WebAssembly: a fraction of a second instead of seconds).
//!
//! **Trust.** [`Prover::from_cache_bytes`] checks the envelope (magic, version, SHA-256
//! content hash), that every point is on its curve (which for BN254's G1, of cofactor 1,
//! is subgroup membership) and that the matrices fit the key, but not G2 subgroup
//! membership, the slow part of `ProvingKey::from_bytes`. So the bytes must come from
//! [`Prover::to_cache_bytes`] on a key that was fully checked, kept where only the prover's
//! own code can write (the browser package authenticates them with an HMAC key that never
//! leaves the origin). Even so, every proof's `B` is checked to be in G2's subgroup before
//! it is returned, with the pairing check, so a bad cache gives an error, not a bad proof.

use ark_bn254::Bn254;
use ark_ec::short_weierstrass::{Affine, SWCurveConfig};
use ark_relations::utils::matrix::Matrix;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use zkcomply_circuits::{
    artefact::{KeyMeta, Kind},
    Fr,
};

use crate::{
    error::Result,
    groth16::{Counts, Prover},
    Error, ProvingKey,
};

impl Prover {
    /// The prover's prepared state (a `prover cache` file): the key's info, the key with
    /// uncompressed points, the variable counts and the constraint matrices.
    pub fn to_cache_bytes(&self) -> Vec<u8> {
        let (matrices, counts) = self.parts();
        let mut payload = Vec::new();
        let sizes = [counts.instance, counts.witness, counts.constraints].map(|n| n as u64);
        // Writing to a Vec cannot fail.
        let _ = self.key().inner.serialize_uncompressed(&mut payload);
        let _ = sizes.serialize_uncompressed(&mut payload);
        let _ = matrices.serialize_uncompressed(&mut payload);
        self.key().info.seal(Kind::ProverCache, payload)
    }

    /// A prover from [`Prover::to_cache_bytes`]'s bytes (see the module's note on trust).
    ///
    /// # Errors
    /// [`Error::Verifier`] for a bad envelope or metadata, [`Error::Malformed`] for points
    /// off their curves or matrices that do not fit the key.
    pub fn from_cache_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let (info, payload) = KeyMeta::open(what, bytes, Kind::ProverCache)?;
        let malformed = |reason: String| Error::Malformed {
            what: what.into(),
            reason,
        };
        let mut r = payload.as_slice();
        let inner = ark_groth16::ProvingKey::<Bn254>::deserialize_with_mode(
            &mut r,
            Compress::No,
            Validate::No,
        )
        .map_err(|e| malformed(format!("proving key: {e}")))?;
        let sizes = <[u64; 3]>::deserialize_uncompressed(&mut r)
            .map_err(|e| malformed(format!("sizes: {e}")))?;
        let matrices =
            Vec::<Matrix<Fr>>::deserialize_with_mode(&mut r, Compress::No, Validate::Yes)
                .map_err(|e| malformed(format!("matrices: {e}")))?;
        if !r.is_empty() {
            return Err(malformed("trailing bytes".into()));
        }
        let [instance, witness, constraints] =
            sizes.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
        let counts = Counts {
            instance,
            witness,
            constraints,
        };
        on_curve(&inner).map_err(malformed)?;
        fits(&inner, &matrices, counts).map_err(malformed)?;
        Self::from_parts(ProvingKey { info, inner }, matrices, counts)
    }
}

/// Every point of the key is on its curve.
fn on_curve(pk: &ark_groth16::ProvingKey<Bn254>) -> Result<(), String> {
    fn all<P: SWCurveConfig>(points: &[Affine<P>], name: &str) -> Result<(), String> {
        #[cfg(feature = "parallel")]
        let ok = points.par_iter().all(Affine::is_on_curve);
        #[cfg(not(feature = "parallel"))]
        let ok = points.iter().all(Affine::is_on_curve);
        ok.then_some(())
            .ok_or_else(|| format!("a point of {name} is not on the curve"))
    }
    let vk = &pk.vk;
    let g1 = [vk.alpha_g1, pk.beta_g1, pk.delta_g1];
    all(&g1, "the key")?;
    all(&[vk.beta_g2, vk.gamma_g2, vk.delta_g2], "the key")?;
    all(&vk.gamma_abc_g1, "the verifying key")?;
    all(&pk.a_query, "A")?;
    all(&pk.b_g1_query, "B (G1)")?;
    all(&pk.b_g2_query, "B (G2)")?;
    all(&pk.h_query, "H")?;
    all(&pk.l_query, "L")
}

/// The matrices and queries have the sizes the counts say, and every variable index is in
/// range, so that proving cannot index out of bounds.
fn fits(
    pk: &ark_groth16::ProvingKey<Bn254>,
    matrices: &[Matrix<Fr>],
    counts: Counts,
) -> Result<(), String> {
    let variables = counts
        .instance
        .checked_add(counts.witness)
        .ok_or("variable counts overflow")?;
    if matrices.len() != 3 || matrices.iter().any(|m| m.len() != counts.constraints) {
        return Err(format!(
            "expected 3 matrices of {} rows",
            counts.constraints
        ));
    }
    let in_range = matrices
        .iter()
        .flatten()
        .flatten()
        .all(|(_, index)| *index < variables);
    if !in_range {
        return Err("a matrix entry names a variable out of range".into());
    }
    let queries = [
        (pk.a_query.len(), variables, "A"),
        (pk.b_g1_query.len(), variables, "B (G1)"),
        (pk.b_g2_query.len(), variables, "B (G2)"),
        (pk.l_query.len(), counts.witness, "L"),
        (
            pk.vk.gamma_abc_g1.len(),
            counts.instance,
            "the verifying key's inputs",
        ),
    ];
    for (len, expected, name) in queries {
        if len != expected {
            return Err(format!("{name} has {len} points, expected {expected}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use zkcomply_circuits::{artefact::Artefact, Policy, Shape};

    use super::*;

    fn prover() -> Prover {
        let shape = Shape {
            sanctions_depth: 4,
            registry_depth: 3,
            state_depth: 3,
        };
        Prover::new(crate::setup::setup_dev(Policy::TransferLimit, shape, 5).unwrap()).unwrap()
    }

    #[test]
    fn round_trip_keeps_the_prover() {
        let p = prover();
        let bytes = p.to_cache_bytes();
        let q = Prover::from_cache_bytes("cache", &bytes).unwrap();
        assert_eq!(q.key().inner, p.key().inner);
        assert_eq!(q.key().info, p.key().info);
        assert_eq!(q.parts().0, p.parts().0);
        assert_eq!(q.parts().1, p.parts().1);
        assert_eq!(q.to_cache_bytes(), bytes);
    }

    #[test]
    fn refuses_other_files_and_corruption() {
        let p = prover();
        let bytes = p.to_cache_bytes();
        let key = p.key().to_bytes();
        assert!(
            Prover::from_cache_bytes("pk", &key).is_err(),
            "a proving key file"
        );
        assert!(Prover::from_cache_bytes("cut", &bytes[..bytes.len() - 1]).is_err());
        assert!(Prover::from_cache_bytes("empty", &[]).is_err());
        let mut flipped = bytes.clone();
        let n = flipped.len();
        flipped[n / 2] ^= 1;
        assert!(Prover::from_cache_bytes("flipped", &flipped).is_err());
    }

    /// With a valid envelope (as a cache writer with a bug would make), a point off its
    /// curve and a matrix naming a variable out of range are refused, without a panic.
    #[test]
    fn refuses_inconsistent_contents() {
        let p = prover();
        let (matrices, counts) = p.parts();
        let envelope = |inner: &ark_groth16::ProvingKey<Bn254>, matrices: &[Matrix<Fr>]| {
            let mut payload = Vec::new();
            inner.serialize_uncompressed(&mut payload).unwrap();
            [counts.instance, counts.witness, counts.constraints]
                .map(|n| n as u64)
                .serialize_uncompressed(&mut payload)
                .unwrap();
            matrices
                .to_vec()
                .serialize_uncompressed(&mut payload)
                .unwrap();
            p.key().info.seal(Kind::ProverCache, payload)
        };
        let mut inner = p.key().inner.clone();
        inner.h_query[1] =
            ark_bn254::G1Affine::new_unchecked(inner.h_query[1].x, inner.h_query[1].x);
        let err = Prover::from_cache_bytes("c", &envelope(&inner, matrices)).unwrap_err();
        assert!(err.to_string().contains("H"), "{err}");

        let mut bad = matrices.to_vec();
        bad[0][0].push((Fr::from(1u64), counts.instance + counts.witness));
        let err = Prover::from_cache_bytes("c", &envelope(&p.key().inner, &bad)).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");

        let mut short = p.key().inner.clone();
        short.l_query.pop();
        let err = Prover::from_cache_bytes("c", &envelope(&short, matrices)).unwrap_err();
        assert!(err.to_string().contains("L has"), "{err}");
    }
}
