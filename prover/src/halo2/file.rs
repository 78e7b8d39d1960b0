//! The Halo2-KZG proving key file, in the binary envelope (kind
//! [`Kind::Halo2ProvingKey`]): [`KeyMeta`] (policy, shape, `k`, SRS origin, the verifying
//! key's hash) and the SRS cut to the circuit's `2^k` rows ([`Srs::payload`]). halo2's
//! proving key is a deterministic function of the SRS and the circuit, so the reader
//! regenerates it (keygen from the blank circuit, about as long as a proof) and checks that
//! it gives the verifying key named in the metadata, rather than trusting halo2-axiom's
//! proving-key reader, which panics on malformed bytes. The SRS is checked as an SRS file's
//! is ([`Srs::from_payload`]).

use zkcomply_circuits::artefact::{Artefact, KeyParams, Kind};
use zkcomply_verifier::halo2::{Srs, VerifyingKey};

use super::Halo2Prover;
use crate::{error::Result, Error};

/// The proving key file.
impl Artefact for Halo2Prover {
    type Error = Error;

    fn to_bytes(&self) -> Vec<u8> {
        let key = self.verifying_key();
        let srs = Srs::new_unchecked(key.params().clone(), key.origin().clone());
        key.meta().seal(Kind::Halo2ProvingKey, srs.payload())
    }

    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let file = VerifyingKey::open(what, bytes, Kind::Halo2ProvingKey)?;
        let srs = Srs::from_payload(what, &file.payload, file.k, file.srs)?;
        let prover = Self::keygen(srs, file.policy, file.shape)?;
        if prover.verifying_key().meta().params
            != (KeyParams::Halo2Kzg {
                k: file.k,
                srs: prover.verifying_key().origin().clone(),
                vk_sha256: file.vk_sha256,
            })
        {
            return Err(Error::Malformed {
                what: what.into(),
                reason: "the keys generated from its SRS are not the keys its metadata names \
                         (vk_sha256 differs)"
                    .into(),
            });
        }
        Ok(prover)
    }
}
