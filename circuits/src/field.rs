//! Codecs for elements of the BN254 scalar field `Fr`: decimal and 0x-hex strings, and
//! 32-byte big-endian encodings. Every decoder refuses values `>= r` instead of reducing.

use ark_ff::{BigInteger, PrimeField};

use crate::{error::Result, Error, Fr};

/// The BN254 scalar field modulus `r`, decimal.
pub const MODULUS_DECIMAL: &str =
    "21888242871839275222246405745257275088548364400416034343698204186575808495617";

/// Parses a field element from a decimal string or a `0x`-prefixed hex string.
///
/// `name` says which value is parsed and appears in the error.
///
/// # Errors
/// [`Error::InvalidField`] if the string is empty, has a character that is not a digit,
/// or denotes a value `>= r`.
pub fn parse(name: &str, value: &str) -> Result<Fr> {
    let err = |reason: &str| Error::InvalidField {
        name: name.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    };
    let (digits, radix) = match value
        .strip_prefix("0x")
        .or_else(|| value.strip_prefix("0X"))
    {
        Some(hex) => (hex, 16u32),
        None => (value, 10u32),
    };
    if digits.is_empty() {
        return Err(err("no digits"));
    }
    if digits.len() > 100 {
        return Err(err("not below the field modulus r"));
    }
    let mut acc = [0u64; 5];
    for c in digits.chars() {
        let d = c.to_digit(radix).ok_or_else(|| {
            err(if radix == 16 {
                "not a hex digit"
            } else {
                "not a decimal digit"
            })
        })?;
        // acc = acc * radix + d over 320 bits; overflow means the value is far above r.
        let mut carry = d as u128;
        for limb in acc.iter_mut() {
            let v = (*limb as u128) * radix as u128 + carry;
            *limb = v as u64;
            carry = v >> 64;
        }
        if carry != 0 || acc[4] != 0 {
            return Err(err("not below the field modulus r"));
        }
    }
    let big = ark_ff::BigInt::<4>([acc[0], acc[1], acc[2], acc[3]]);
    Fr::from_bigint(big).ok_or_else(|| err("not below the field modulus r"))
}

/// Decodes 32 big-endian bytes into a field element.
///
/// # Errors
/// [`Error::InvalidField`] if the bytes denote a value `>= r`.
pub fn from_be_bytes(name: &str, bytes: &[u8; 32]) -> Result<Fr> {
    let mut limbs = [0u64; 4];
    for (i, chunk) in bytes.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        limbs[3 - i] = u64::from_be_bytes(b);
    }
    Fr::from_bigint(ark_ff::BigInt::<4>(limbs)).ok_or_else(|| Error::InvalidField {
        name: name.to_string(),
        value: format!("0x{}", hex::encode(bytes)),
        reason: "not below the field modulus r".to_string(),
    })
}

/// Encodes a field element as 32 big-endian bytes.
pub fn to_be_bytes(x: &Fr) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&x.into_bigint().to_bytes_be());
    out
}

/// Formats a field element as `0x` followed by 64 lower-case hex digits.
pub fn to_hex(x: &Fr) -> String {
    format!("0x{}", hex::encode(to_be_bytes(x)))
}

/// Formats a field element as a decimal string (the snarkjs convention).
pub fn to_decimal(x: &Fr) -> String {
    x.into_bigint().to_string()
}

/// Returns whether `x < 2^bits`, reading `x` as an integer in `[0, r)`.
pub fn fits_in_bits(x: &Fr, bits: usize) -> bool {
    x.into_bigint().num_bits() as usize <= bits
}

/// The same element of the BN254 scalar field as `halo2-axiom`'s `Fr`, through its canonical
/// 32-byte little-endian encoding. This and [`from_halo2`] are the only conversions between
/// the arkworks and Halo2 representations.
#[cfg(feature = "halo2")]
pub fn to_halo2(x: &Fr) -> halo2_axiom::halo2curves::bn256::Fr {
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&x.into_bigint().to_bytes_le());
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(b);
    }
    // Canonical limbs (< r): `from_raw` maps them to the same integer, never reducing.
    halo2_axiom::halo2curves::bn256::Fr::from_raw(limbs)
}

/// The arkworks `Fr` equal to a `halo2-axiom` `Fr`, through its canonical 32-byte
/// little-endian encoding (see [`to_halo2`]).
#[cfg(feature = "halo2")]
pub fn from_halo2(x: &halo2_axiom::halo2curves::bn256::Fr) -> Fr {
    use halo2_axiom::halo2curves::ff::PrimeField as _;
    // `to_repr` is canonical (< r), so reducing modulo r changes nothing.
    Fr::from_le_bytes_mod_order(&x.to_repr())
}

/// Serde helpers: a field element as a 0x-hex string, parsed with range checks.
pub mod hex_serde {
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    use crate::Fr;

    /// Serializes as 0x-hex.
    pub fn serialize<S: Serializer>(x: &Fr, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_hex(x))
    }

    /// Deserializes from 0x-hex or decimal, refusing values `>= r`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fr, D::Error> {
        let s = String::deserialize(d)?;
        super::parse("field element", &s).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{One, Zero};

    #[test]
    fn parses_edges() {
        assert_eq!(parse("x", "0").unwrap(), Fr::zero());
        assert_eq!(parse("x", "1").unwrap(), Fr::one());
        assert_eq!(parse("x", "0x01").unwrap(), Fr::one());
        let r_minus_1 = parse(
            "x",
            "21888242871839275222246405745257275088548364400416034343698204186575808495616",
        )
        .unwrap();
        assert_eq!(r_minus_1, -Fr::one());
        assert_eq!(
            to_decimal(&r_minus_1),
            "21888242871839275222246405745257275088548364400416034343698204186575808495616"
        );
        assert_eq!(parse("x", &to_hex(&r_minus_1)).unwrap(), r_minus_1);
    }

    #[test]
    fn refuses_r_and_above() {
        for bad in [MODULUS_DECIMAL, "21888242871839275222246405745257275088548364400416034343698204186575808495618",
            "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001",
            "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"] {
            let e = parse("scope", bad).unwrap_err().to_string();
            assert!(e.contains("not below the field modulus"), "{bad}: {e}");
            assert!(e.contains("scope"), "{e}");
        }
        let r = hex::decode("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001")
            .unwrap();
        assert!(from_be_bytes("x", &r.try_into().unwrap()).is_err());
    }

    #[test]
    fn refuses_garbage() {
        for bad in ["", "0x", "12a", "0xzz", "-1", " 1", "1.0"] {
            assert!(parse("x", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn bit_widths() {
        let two_252 = parse(
            "x",
            "0x1000000000000000000000000000000000000000000000000000000000000000",
        )
        .unwrap();
        assert!(!fits_in_bits(&two_252, 252));
        assert!(fits_in_bits(&(two_252 - Fr::one()), 252));
        assert!(fits_in_bits(&Fr::zero(), 0));
    }

    #[cfg(feature = "halo2")]
    #[test]
    fn halo2_conversion_round_trips_at_edges() {
        use ark_std::UniformRand;
        use halo2_axiom::halo2curves::{bn256::Fr as Fp, ff::Field as _};
        use rand::SeedableRng;

        assert_eq!(to_halo2(&Fr::zero()), Fp::ZERO);
        assert_eq!(to_halo2(&Fr::one()), Fp::ONE);
        assert_eq!(to_halo2(&-Fr::one()), -Fp::ONE);
        let seed = 3u64;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let mut xs = vec![Fr::zero(), Fr::one(), -Fr::one(), Fr::from(u64::MAX)];
        xs.extend((0..32).map(|_| Fr::rand(&mut rng)));
        for x in xs {
            let y = to_halo2(&x);
            assert_eq!(from_halo2(&y), x, "seed {seed}: {x}");
            // Arithmetic agrees, so the two are the same field element.
            assert_eq!(to_halo2(&(x * x + Fr::from(7u64))), y * y + Fp::from(7u64));
        }
    }
}
