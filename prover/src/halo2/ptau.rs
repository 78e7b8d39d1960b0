//! A public KZG SRS from a snarkjs powers-of-tau file (`.ptau`), such as the Hermez/Polygon
//! `powersOfTau28_hez_final_XX.ptau` files or any file `snarkjs powersoftau` writes.
//!
//! The format (snarkjs `powersoftau_new.js`, `@iden3/binfileutils`), integers little-endian:
//! magic `ptau`, version `u32` (1), section count `u32`, then sections of
//! `type u32 ‖ size u64 ‖ data`. Section 1 (header): `n8 u32` (32), the base-field modulus
//! `q` (`n8` bytes), `power u32`, `ceremonyPower u32`. Section 2 (tauG1): `2·2^power − 1`
//! points `[τ^i]₁`; section 3 (tauG2): `2^power` points `[τ^i]₂`. A G1 point is `x ‖ y`, a G2
//! point `x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1`, each coordinate 32 bytes in Montgomery form
//! (`x·2^256 mod q`), little-endian. Other sections (alpha/beta powers, contributions, the
//! phase-2 Lagrange sections of "final" files) are not read.
//!
//! Only the first `2^k` G1 powers and `[1]₂`, `[τ]₂` are read (the file may be far larger),
//! every point is checked on the curve (G2 in its subgroup), and the powers are checked
//! to be consecutive powers of one `τ` ([`zkcomply_verifier::halo2::srs::check_powers`]).
//! The whole file is hashed (BLAKE2b-512) for the keys' provenance.

use std::{
    fs::File,
    io::{Read, Seek, SeekFrom},
    path::Path,
};

use halo2_axiom::halo2curves::{
    bn256::{G1Affine, G2Affine},
    serde::SerdeObject,
};
use zkcomply_verifier::halo2::{
    srs::{check_powers, params_from_parts, MAX_K},
    Srs, SrsOrigin,
};

use crate::{error::Result, Error};

/// The BN254 base-field modulus `q`, little-endian: section 1 of a BN254 ptau file holds it.
const BN254_Q_LE: [u8; 32] = {
    // q = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47
    let be: [u8; 32] = [
        0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58,
        0x5d, 0x97, 0x81, 0x6a, 0x91, 0x68, 0x71, 0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c,
        0xfd, 0x47,
    ];
    let mut le = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        le[i] = be[31 - i];
        i += 1;
    }
    le
};
const G1_RAW: u64 = 64;
const G2_RAW: u64 = 128;
/// The most sections a ptau file may declare (snarkjs writes at most 16).
const MAX_SECTIONS: u32 = 64;

/// What section 1 of a ptau file says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PtauHeader {
    /// The file holds `2^power` powers of `τ` (`2·2^power − 1` in G1).
    pub power: u32,
    /// The power of the ceremony the file was cut from.
    pub ceremony_power: u32,
}

struct Ptau<'a> {
    path: &'a Path,
    file: File,
    len: u64,
}

impl<'a> Ptau<'a> {
    /// Opens the file at `path`.
    fn open(path: &'a Path) -> Result<Self> {
        let file = File::open(path).map_err(|source| {
            Error::Circuits(zkcomply_circuits::Error::Io {
                path: path.to_path_buf(),
                source,
            })
        })?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(Self { path, file, len })
    }

    fn bad(&self, reason: impl Into<String>) -> Error {
        Error::Ptau {
            path: self.path.to_path_buf(),
            reason: reason.into(),
        }
    }

    fn read_at(&mut self, pos: u64, buf: &mut [u8], field: &str) -> Result<()> {
        let end = pos.saturating_add(buf.len() as u64);
        if end > self.len {
            return Err(self.bad(format!(
                "truncated: the file ends at byte {} inside the {field} (which ends at byte {end})",
                self.len
            )));
        }
        let io = |e: std::io::Error| Error::Ptau {
            path: self.path.to_path_buf(),
            reason: format!("reading the {field}: {e}"),
        };
        self.file.seek(SeekFrom::Start(pos)).map_err(io)?;
        self.file.read_exact(buf).map_err(io)
    }

    fn u32_at(&mut self, pos: u64, field: &str) -> Result<u32> {
        let mut b = [0u8; 4];
        self.read_at(pos, &mut b, field)?;
        Ok(u32::from_le_bytes(b))
    }
}

/// The sections of interest: `(start, size)` of sections 1, 2 and 3.
type Sections = [Option<(u64, u64)>; 4];

fn sections(p: &mut Ptau<'_>) -> Result<Sections> {
    let mut head = [0u8; 12];
    if p.len < 12 {
        return Err(p.bad(format!(
            "not a powers-of-tau file: {} bytes, shorter than the 12-byte header",
            p.len
        )));
    }
    p.read_at(0, &mut head, "file header")?;
    if &head[..4] != b"ptau" {
        return Err(p.bad("not a powers-of-tau file (no \"ptau\" magic)"));
    }
    let version = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
    if version != 1 {
        return Err(p.bad(format!(
            "ptau version {version}, this build reads version 1"
        )));
    }
    let count = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
    if count > MAX_SECTIONS {
        return Err(p.bad(format!(
            "{count} sections, more than the {MAX_SECTIONS} a ptau file may have"
        )));
    }
    let mut found: Sections = [None; 4];
    let mut pos = 12u64;
    for _ in 0..count {
        let mut sh = [0u8; 12];
        p.read_at(pos, &mut sh, "section headers")?;
        let kind = u32::from_le_bytes([sh[0], sh[1], sh[2], sh[3]]);
        let size = u64::from_le_bytes([sh[4], sh[5], sh[6], sh[7], sh[8], sh[9], sh[10], sh[11]]);
        let start = pos + 12;
        let end = start
            .checked_add(size)
            .filter(|&e| e <= p.len)
            .ok_or_else(|| {
                p.bad(format!(
                "truncated: section {kind} declares {size} bytes, the file has {} after its start",
                p.len - start.min(p.len)
            ))
            })?;
        if let Some(slot) = found.get_mut(kind as usize).filter(|_| kind >= 1) {
            if slot.is_some() {
                return Err(p.bad(format!("section {kind} appears twice")));
            }
            *slot = Some((start, size));
        }
        pos = end;
    }
    Ok(found)
}

fn header(p: &mut Ptau<'_>, (start, size): (u64, u64)) -> Result<PtauHeader> {
    if size != 4 + 32 + 4 + 4 {
        return Err(p.bad(format!(
            "header section of {size} bytes, a BN254 header has 44"
        )));
    }
    let n8 = p.u32_at(start, "header")?;
    if n8 != 32 {
        return Err(p.bad(format!(
            "field elements of {n8} bytes, BN254's have 32: not a BN254 (bn128) file"
        )));
    }
    let mut q = [0u8; 32];
    p.read_at(start + 4, &mut q, "header")?;
    if q != BN254_Q_LE {
        return Err(p.bad("the curve's modulus is not BN254's: not a bn128 file"));
    }
    let power = p.u32_at(start + 36, "header")?;
    let ceremony_power = p.u32_at(start + 40, "header")?;
    if power == 0 || power > MAX_K {
        return Err(p.bad(format!("power {power}, expected 1 to {MAX_K}")));
    }
    Ok(PtauHeader {
        power,
        ceremony_power,
    })
}

/// Reads the SRS of `2^k` rows from the ptau file at `path`, checking the file's layout,
/// every point read and the consistency of the powers; the SRS's origin records the file's
/// BLAKE2b-512 hash and power.
///
/// # Errors
/// [`Error::Ptau`] naming the file and what is wrong (not a ptau file, another curve,
/// truncated, a power below `k`, a point off the curve); [`Error::Verifier`] if the powers
/// are not consistent (e.g. a tampered point).
pub fn load_ptau(path: &Path, k: u32) -> Result<Srs> {
    let mut p = Ptau::open(path)?;
    let found = sections(&mut p)?;
    let [_, Some(h), Some(g1), Some(g2)] = found else {
        let missing: Vec<String> = (1..4)
            .filter(|&i| found[i].is_none())
            .map(|i| i.to_string())
            .collect();
        return Err(p.bad(format!(
            "missing section(s) {} (1 header, 2 tauG1, 3 tauG2)",
            missing.join(", ")
        )));
    };
    let head = header(&mut p, h)?;
    if k > head.power {
        return Err(p.bad(format!(
            "the file holds 2^{} powers of tau, the circuit needs 2^{k}: use a file of power {k} or more",
            head.power
        )));
    }
    let n_g1 = (2u64 << head.power) - 1;
    if g1.1 != n_g1 * G1_RAW {
        return Err(p.bad(format!(
            "tauG1 section of {} bytes, power {} needs {} points of {G1_RAW} bytes",
            g1.1, head.power, n_g1
        )));
    }
    if g2.1 != (1u64 << head.power) * G2_RAW {
        return Err(p.bad(format!(
            "tauG2 section of {} bytes, power {} needs {} points of {G2_RAW} bytes",
            g2.1,
            head.power,
            1u64 << head.power
        )));
    }
    let n = 1usize << k;
    let mut raw = vec![0u8; n * G1_RAW as usize];
    p.read_at(g1.0, &mut raw, "tauG1 section")?;
    let g = raw
        .chunks_exact(G1_RAW as usize)
        .enumerate()
        .map(|(i, c)| {
            G1Affine::from_raw_bytes(c).ok_or_else(|| {
                p.bad(format!(
                    "tauG1 point {i} is not a G1 point (coordinate not below q, or off the curve)"
                ))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut raw2 = [0u8; 2 * G2_RAW as usize];
    p.read_at(g2.0, &mut raw2, "tauG2 section")?;
    let mut g2s = raw2
        .chunks_exact(G2_RAW as usize)
        .enumerate()
        .map(|(i, c)| {
            G2Affine::from_raw_bytes(c).ok_or_else(|| {
                p.bad(format!(
                    "tauG2 point {i} is not a G2 point (coordinate not below q, or off the curve)"
                ))
            })
        });
    let (Some(one2), Some(tau2)) = (g2s.next(), g2s.next()) else {
        return Err(p.bad("tauG2 section has fewer than two points"));
    };
    let (one2, tau2) = (one2?, tau2?);
    check_powers(&format!("{} (ptau)", path.display()), &g, &one2, &tau2)?;
    let blake2b = blake2b_file(&p)?;
    Ok(Srs::new_unchecked(
        params_from_parts(k, g, None, one2, tau2),
        SrsOrigin::Ptau {
            blake2b,
            power: head.power,
        },
    ))
}

/// Reads only the header of the ptau file at `path`.
///
/// # Errors
/// As [`load_ptau`].
pub fn ptau_header(path: &Path) -> Result<PtauHeader> {
    let mut p = Ptau::open(path)?;
    let found = sections(&mut p)?;
    let h = found[1].ok_or_else(|| p.bad("missing section 1 (header)"))?;
    header(&mut p, h)
}

fn blake2b_file(p: &Ptau<'_>) -> Result<String> {
    let io = |e: std::io::Error| Error::Ptau {
        path: p.path.to_path_buf(),
        reason: format!("hashing: {e}"),
    };
    let mut state = blake2b_simd::Params::new().hash_length(64).to_state();
    let mut file = &p.file;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        state.update(&buf[..n]);
    }
    Ok(format!("0x{}", state.finalize().to_hex()))
}
