//! Halo2-KZG SRS and proving key files, in the binary envelope.
//!
//! Both payloads are an SRS as halo2-axiom's `ParamsKZG::write_custom(SerdeFormat::Processed)`
//! writes it: `k u32 ‖ [τ^i]₁ for i < 2^k ‖ the Lagrange basis [L_i(τ)]₁ for i < 2^k ‖ [1]₂ ‖
//! [τ]₂`, compressed (32-byte G1, 64-byte G2 points). The Lagrange basis is stored because
//! computing it is a group FFT (seconds at `k = 12`); the reader checks it against the powers
//! with two multi-scalar multiplications ([`check_lagrange`]). An **SRS file** (kind [`Kind::Halo2Srs`]) carries
//! [`SrsInfo`] metadata. A **proving key file** (kind [`Kind::Halo2ProvingKey`]) carries
//! [`Halo2KeyInfo`] (policy, shape, `k`, SRS origin, the verifying key's hash) and the SRS cut
//! to the circuit's `2^k` rows: halo2's proving key is a deterministic function of the SRS and
//! the circuit, so the reader regenerates it (keygen from the blank circuit, about as long as
//! a proof) and checks that it gives the verifying key named in the metadata, rather than
//! trusting halo2-axiom's proving-key reader, which panics on malformed bytes.
//!
//! Readers check every point (on the curve, G2 in its subgroup), that the G1 points are
//! consecutive powers of the `τ` of `[τ]₂` ([`check_powers`]) and the Lagrange basis.

use std::path::Path;

use halo2_axiom::{poly::commitment::Params, SerdeFormat};
use serde::{Deserialize, Serialize};
use zkcomply_circuits::artefact::{self, Envelope, Kind};
use zkcomply_verifier::halo2::{
    srs::{check_lagrange, check_powers, params_from_parts, PointReader, MAX_K},
    Halo2KeyInfo, Srs, SrsOrigin, BACKEND,
};

use super::Halo2Prover;
use crate::{error::Result, Error};

/// What an SRS file says about the SRS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SrsInfo {
    /// The proving system, `halo2-kzg`.
    pub backend: String,
    /// `log2` of the number of G1 powers.
    pub k: u32,
    /// Whether the SRS is an insecure development SRS.
    pub insecure_dev_setup: bool,
    /// Where the SRS came from.
    pub srs: SrsOrigin,
}

fn srs_payload(srs: &Srs) -> Vec<u8> {
    let params = srs.params();
    let mut out = Vec::with_capacity(4 + 64 * params.n() as usize + 128);
    // Writing to a vector cannot fail.
    let _ = params.write_custom(&mut out, SerdeFormat::Processed);
    out
}

/// Reads and checks an SRS payload of `2^k` powers (`k` from the metadata).
fn read_srs_payload(what: &str, payload: &[u8], k: u32, origin: SrsOrigin) -> Result<Srs> {
    let bad = |reason: String| {
        Error::Verifier(zkcomply_verifier::Error::Malformed {
            what: what.into(),
            reason,
        })
    };
    if !(1..=MAX_K).contains(&k) {
        return Err(bad(format!("k = {k}, expected 1 to {MAX_K}")));
    }
    let mut r = PointReader::new(what, payload);
    let found = r.u32("k")?;
    if found != k {
        return Err(bad(format!(
            "the payload holds 2^{found} powers, the metadata says 2^{k}"
        )));
    }
    let n = 1usize << k;
    if payload.len() != 4 + 64 * n + 128 {
        return Err(bad(format!(
            "payload of {} bytes, 2^{k} powers and their Lagrange basis need {}",
            payload.len(),
            4 + 64 * n + 128
        )));
    }
    let g = (0..n)
        .map(|i| r.g1(&format!("[τ^{i}]₁")))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let lagrange = (0..n)
        .map(|i| r.g1(&format!("Lagrange point {i}")))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let g2 = r.g2("[1]₂")?;
    let s_g2 = r.g2("[τ]₂")?;
    r.finish()?;
    check_powers(what, &g, &g2, &s_g2)?;
    check_lagrange(what, k, &g, &lagrange)?;
    Ok(Srs::new_unchecked(
        params_from_parts(k, g, Some(lagrange), g2, s_g2),
        origin,
    ))
}

/// The SRS file of `srs`.
pub fn srs_to_bytes(srs: &Srs) -> Vec<u8> {
    let info = SrsInfo {
        backend: BACKEND.into(),
        k: srs.k(),
        insecure_dev_setup: srs.origin().insecure(),
        srs: srs.origin().clone(),
    };
    Envelope {
        kind: Kind::Halo2Srs,
        insecure: info.insecure_dev_setup,
        meta: serde_json::to_string(&info).unwrap_or_default(),
        payload: srs_payload(srs),
    }
    .encode()
}

/// Reads an SRS file; `what` names it in errors.
///
/// # Errors
/// [`Error::Circuits`] for a bad envelope, [`Error::Verifier`] for bad metadata, points or
/// powers.
pub fn srs_from_bytes(what: &str, bytes: &[u8]) -> Result<Srs> {
    let env = Envelope::decode(what, bytes, Kind::Halo2Srs)?;
    let bad = |reason: String| {
        Error::Verifier(zkcomply_verifier::Error::Malformed {
            what: what.into(),
            reason,
        })
    };
    let info: SrsInfo =
        serde_json::from_str(&env.meta).map_err(|e| bad(format!("metadata: {e}")))?;
    if info.backend != BACKEND {
        return Err(bad(format!(
            "backend {:?} in the metadata, expected {BACKEND:?}",
            info.backend
        )));
    }
    if info.insecure_dev_setup != env.insecure || info.insecure_dev_setup != info.srs.insecure() {
        return Err(bad(
            "the header, the metadata and the SRS origin disagree on the setup".into(),
        ));
    }
    read_srs_payload(what, &env.payload, info.k, info.srs)
}

/// Writes the SRS file atomically.
///
/// # Errors
/// I/O errors.
pub fn save_srs(srs: &Srs, path: &Path) -> Result<()> {
    Ok(artefact::write_atomic(path, &srs_to_bytes(srs))?)
}

/// Loads an SRS file.
///
/// # Errors
/// As [`srs_from_bytes`], and I/O errors.
pub fn load_srs(path: &Path) -> Result<Srs> {
    let bytes = artefact::read(path)?;
    srs_from_bytes(&path.display().to_string(), &bytes)
}

impl Halo2Prover {
    /// The proving key file: [`Halo2KeyInfo`] and the SRS of `2^k` points.
    pub fn to_bytes(&self) -> Vec<u8> {
        let key = self.verifying_key();
        let srs = Srs::new_unchecked(key.params().clone(), key.origin().clone());
        Halo2KeyInfo::of(key).envelope(Kind::Halo2ProvingKey, srs_payload(&srs))
    }

    /// Reads a proving key file and regenerates the keys from its SRS; `what` names it in
    /// errors.
    ///
    /// # Errors
    /// [`Error::Circuits`] for a bad envelope (a Groth16 key among them), [`Error::Verifier`]
    /// for bad metadata, points or powers, [`Error::Malformed`] if the regenerated
    /// verifying key is not the one the metadata names.
    pub fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self> {
        let (info, payload) = Halo2KeyInfo::open(what, bytes, Kind::Halo2ProvingKey)?;
        let srs = read_srs_payload(what, &payload, info.k, info.srs.clone())?;
        let prover = Self::keygen(srs, info.policy, info.shape)?;
        if Halo2KeyInfo::of(prover.verifying_key()).vk_sha256 != info.vk_sha256 {
            return Err(Error::Malformed {
                what: what.into(),
                reason: "the keys generated from its SRS are not the keys its metadata names \
                         (vk_sha256 differs)"
                    .into(),
            });
        }
        Ok(prover)
    }

    /// Writes the proving key file atomically.
    ///
    /// # Errors
    /// I/O errors.
    pub fn save(&self, path: &Path) -> Result<()> {
        Ok(artefact::write_atomic(path, &self.to_bytes())?)
    }

    /// Loads a proving key file.
    ///
    /// # Errors
    /// As [`Halo2Prover::from_bytes`], and I/O errors.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = artefact::read(path)?;
        Self::from_bytes(&path.display().to_string(), &bytes)
    }
}
