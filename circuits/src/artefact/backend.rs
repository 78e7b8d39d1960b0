//! The proving systems.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::Error;

/// A proving system over BN254, as key and proof files name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Backend {
    /// Groth16 (arkworks): 128-byte proofs, a setup per circuit.
    #[serde(rename = "groth16")]
    Groth16,
    /// Halo2 with KZG (GWC multi-open) over a universal SRS (powers of tau).
    #[serde(rename = "halo2-kzg")]
    Halo2Kzg,
}

impl Backend {
    /// Both back-ends.
    pub const ALL: [Backend; 2] = [Backend::Groth16, Backend::Halo2Kzg];

    /// The name files record: `"groth16"`, `"halo2-kzg"`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Groth16 => "groth16",
            Backend::Halo2Kzg => "halo2-kzg",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Groth16 => "Groth16",
            Backend::Halo2Kzg => "Halo2-KZG",
        })
    }
}

impl FromStr for Backend {
    type Err = Error;

    /// `groth16`, or `halo2-kzg` (also `halo2`).
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "groth16" => Ok(Backend::Groth16),
            "halo2-kzg" | "halo2" => Ok(Backend::Halo2Kzg),
            _ => Err(Error::UnknownBackend { found: s.into() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for b in Backend::ALL {
            assert_eq!(b.name().parse::<Backend>().unwrap(), b);
            assert_eq!(
                serde_json::to_string(&b).unwrap(),
                format!("\"{}\"", b.name())
            );
        }
        assert_eq!("halo2".parse::<Backend>().unwrap(), Backend::Halo2Kzg);
        assert!("plonk".parse::<Backend>().is_err());
    }
}
