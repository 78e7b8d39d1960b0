//! The Groth16 proving key of one policy, and its file format.

use ark_bn254::{Bn254, G1Affine};
use ark_ec::AffineRepr;
use ark_serialize::{
    CanonicalDeserialize, CanonicalSerialize, Compress, SerializationError, Validate,
};
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use zkcomply_circuits::artefact::{Artefact, KeyMeta, Kind};
use zkcomply_verifier::VerifyingKey;

use crate::{error::Result, Error};

/// A proving key: the policy it belongs to and the arkworks key (which embeds the
/// verifying key).
#[derive(Clone, Debug)]
pub struct ProvingKey {
    /// What the key is for.
    pub info: KeyMeta,
    /// The Groth16 key: `β₁, δ₁` and the queries `A_i(τ)`, `B_i(τ)` (G1 and G2),
    /// `H` (`τ^i·t(τ)/δ`) and `L` (`(β·A_i + α·B_i + C_i)(τ)/δ`).
    pub inner: ark_groth16::ProvingKey<Bn254>,
}

impl ProvingKey {
    /// The matching verifying key.
    ///
    /// # Errors
    /// [`Error::Verifier`] if the key's input count does not match its policy.
    pub fn verifying_key(&self) -> Result<VerifyingKey> {
        Ok(VerifyingKey::new(self.info.clone(), self.inner.vk.clone())?)
    }
}

/// The key file: envelope (kind [`Kind::ProvingKey`]) with [`KeyMeta`] and the compressed
/// arkworks key. The reader checks header, hash, metadata, curve and subgroup membership
/// (points decompressed in parallel), refuses bytes after the key, and checks the embedded
/// verifying key against the policy.
impl Artefact for ProvingKey {
    type Error = Error;

    fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        self.inner
            .serialize_compressed(&mut payload)
            .unwrap_or_default();
        self.info.seal(Kind::ProvingKey, payload)
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let (info, payload) = KeyMeta::open(what, bytes, Kind::ProvingKey)?;
        let inner = deserialize_checked(&payload).map_err(|e| Error::Malformed {
            what: what.into(),
            reason: format!("proving key: {e}"),
        })?;
        let key = Self { info, inner };
        key.verifying_key()?;
        Ok(key)
    }
}

/// Reads a compressed arkworks proving key (the layout of its `CanonicalSerialize`: `vk`,
/// `beta_g1`, `delta_g1`, then the five queries as `u64` length + points), decompressing
/// and checking (curve and subgroup) the points of each query in parallel.
fn deserialize_checked(
    payload: &[u8],
) -> Result<ark_groth16::ProvingKey<Bn254>, SerializationError> {
    let mut r = payload;
    let vk =
        ark_groth16::VerifyingKey::deserialize_with_mode(&mut r, Compress::Yes, Validate::Yes)?;
    let beta_g1 = G1Affine::deserialize_with_mode(&mut r, Compress::Yes, Validate::Yes)?;
    let delta_g1 = G1Affine::deserialize_with_mode(&mut r, Compress::Yes, Validate::Yes)?;
    let key = ark_groth16::ProvingKey {
        vk,
        beta_g1,
        delta_g1,
        a_query: points(&mut r)?,
        b_g1_query: points(&mut r)?,
        b_g2_query: points(&mut r)?,
        h_query: points(&mut r)?,
        l_query: points(&mut r)?,
    };
    if !r.is_empty() {
        return Err(SerializationError::InvalidData);
    }
    Ok(key)
}

/// A `Vec` of compressed points: `u64` length, then the points, read in parallel.
fn points<P: AffineRepr>(r: &mut &[u8]) -> Result<Vec<P>, SerializationError> {
    let n = usize::try_from(u64::deserialize_compressed(&mut *r)?)
        .map_err(|_| SerializationError::InvalidData)?;
    let size = P::zero().compressed_size();
    let len = n.checked_mul(size).ok_or(SerializationError::InvalidData)?;
    let bytes = r.get(..len).ok_or(SerializationError::NotEnoughSpace)?;
    *r = &r[len..];
    let read = |mut c: &[u8]| P::deserialize_with_mode(&mut c, Compress::Yes, Validate::Yes);
    #[cfg(feature = "parallel")]
    return bytes.par_chunks(size).map(read).collect();
    #[cfg(not(feature = "parallel"))]
    return bytes.chunks(size).map(read).collect();
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use zkcomply_circuits::{artefact::Envelope, ComplianceWitness, Fr, Policy, Shape};
    use zkcomply_verifier::Proof;

    use super::*;

    /// Fuzzing findings 3 and 4: a verifying key with bytes appended to its payload (hash
    /// fixed) and a proof file naming a public input twice are refused.
    #[test]
    fn one_encoding_per_key_and_proof() {
        let key = crate::setup::setup_dev(Policy::TransferLimit, Shape::default(), 9).unwrap();
        let vk = key.verifying_key().unwrap().to_bytes();
        let mut env = Envelope::decode("vk", &vk, Kind::VerifyingKey).unwrap();
        env.payload.extend_from_slice(b"garbage");
        let err = VerifyingKey::from_bytes("t.vk", &env.encode())
            .unwrap_err()
            .to_string();
        assert_eq!(err, "t.vk: 7 unexpected bytes after the verifying key");

        let witness = ComplianceWitness::builder(Policy::TransferLimit)
            .amount(900)
            .limit(1000)
            .blinding(Fr::from(5u64))
            .context(Fr::from(6u64))
            .build()
            .unwrap();
        let proof = crate::Prover::new(key)
            .unwrap()
            .prove_with_rng(&witness, &mut rand_chacha::ChaCha20Rng::seed_from_u64(1))
            .unwrap();
        let json = proof.to_json();
        assert_eq!(Proof::from_json("p.json", &json).unwrap(), proof);
        // An invalid value first, then the real one: serde alone keeps the last.
        let twice = json.replacen(
            "\"limit\":",
            "\"limit\": \"0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001\",\n    \"limit\":",
            1,
        );
        assert_ne!(twice, json);
        let err = Proof::from_json("p.json", &twice).unwrap_err().to_string();
        assert!(
            err.contains("p.json: invalid JSON: duplicate key \"limit\""),
            "{err}"
        );
    }

    #[test]
    fn parallel_reader_equals_arkworks_and_refuses_corruption() {
        let key = crate::setup::setup_dev(Policy::TransferLimit, Shape::default(), 9).unwrap();
        let mut payload = Vec::new();
        key.inner.serialize_compressed(&mut payload).unwrap();
        let standard = ark_groth16::ProvingKey::<Bn254>::deserialize_with_mode(
            payload.as_slice(),
            Compress::Yes,
            Validate::Yes,
        )
        .unwrap();
        assert_eq!(deserialize_checked(&payload).unwrap(), standard);
        assert!(
            deserialize_checked(&payload[..payload.len() - 1]).is_err(),
            "truncated"
        );
        let mut longer = payload.clone();
        longer.push(0);
        assert!(deserialize_checked(&longer).is_err(), "trailing byte");
        // A flipped byte inside a query point: off the curve, or another point (then the file
        // hash of the envelope catches it); never a panic.
        let mut flipped = payload.clone();
        let n = flipped.len();
        flipped[n - 40] ^= 0x55;
        assert!(
            deserialize_checked(&flipped).map_or(true, |k| k != standard),
            "a flipped point read back unchanged"
        );
        let bytes = key.to_bytes();
        let mut tampered = bytes.clone();
        let m = tampered.len();
        tampered[m - 100] ^= 1;
        assert!(ProvingKey::from_bytes("pk", &tampered).is_err());
        assert_eq!(
            ProvingKey::from_bytes("pk", &bytes).unwrap().inner,
            key.inner
        );
    }
}
