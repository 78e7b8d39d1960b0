//! Address keys: an account address of any chain becomes a key in `[1, 2^252)`.
//!
//! `key(addr) = int(keccak256(canonical(addr))) >> 4`, where `canonical` is
//! - the 20 raw bytes of an EVM address `0x` + 40 hex digits (any case, any chain);
//! - the lower-case UTF-8 string of a valid bech32/bech32m address;
//! - the exact UTF-8 string otherwise (base58, Monero, Tron, …).
//!
//! Keys are below 2^252 so that every comparison of keys in a circuit is sound.

use std::fmt;

use ark_ff::PrimeField;
use serde::{Deserialize, Serialize};
use tiny_keccak::{Hasher, Keccak};

use crate::{error::Result, field, Error, Fr};

/// Number of bits of a key: keys are `< 2^KEY_BITS`.
pub const KEY_BITS: usize = 252;

/// The key of an address: a field element in `[1, 2^252)`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AddressKey(Fr);

impl AddressKey {
    /// Parses an address and returns its key.
    ///
    /// # Errors
    /// [`Error::InvalidAddress`] for an empty address, one with whitespace or control
    /// characters, or a `0x` address that is not 40 hex digits.
    pub fn parse(address: &str) -> Result<Self> {
        let canonical = canonical(address)?;
        let key = key_of_bytes(&canonical);
        Self::from_field(key).map_err(|_| Error::InvalidAddress {
            address: address.to_string(),
            reason: "its key is 0, which is reserved for the sentinel".into(),
        })
    }

    /// Parses an address given as raw bytes, which must be UTF-8.
    ///
    /// # Errors
    /// As [`AddressKey::parse`], and [`Error::InvalidAddress`] for bytes that are not UTF-8.
    pub fn parse_bytes(address: &[u8]) -> Result<Self> {
        let s = std::str::from_utf8(address).map_err(|e| Error::InvalidAddress {
            address: String::from_utf8_lossy(address).into_owned(),
            reason: format!("not UTF-8 ({e})"),
        })?;
        Self::parse(s)
    }

    /// Wraps a field element that is already a key.
    ///
    /// # Errors
    /// [`Error::KeyOutOfRange`] if the value is 0 or not below 2^252.
    pub fn from_field(key: Fr) -> Result<Self> {
        if key == Fr::from(0u64) || !field::fits_in_bits(&key, KEY_BITS) {
            return Err(Error::KeyOutOfRange {
                key: field::to_hex(&key),
            });
        }
        Ok(Self(key))
    }

    /// Parses a key written as 0x-hex or decimal (not an address).
    ///
    /// # Errors
    /// [`Error::InvalidField`] or [`Error::KeyOutOfRange`].
    pub fn from_hex(key: &str) -> Result<Self> {
        Self::from_field(field::parse("key", key)?)
    }

    /// The key as a field element.
    pub fn to_field(&self) -> Fr {
        self.0
    }
}

impl fmt::Display for AddressKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&field::to_hex(&self.0))
    }
}

impl fmt::Debug for AddressKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AddressKey({self})")
    }
}

impl TryFrom<String> for AddressKey {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Self::from_hex(&s)
    }
}

impl From<AddressKey> for String {
    fn from(k: AddressKey) -> String {
        k.to_string()
    }
}

/// The canonical byte string of an address (see the module docs).
///
/// # Errors
/// [`Error::InvalidAddress`] naming what is wrong.
pub fn canonical(address: &str) -> Result<Vec<u8>> {
    let invalid = |reason: &str| Error::InvalidAddress {
        address: address.to_string(),
        reason: reason.to_string(),
    };
    if address.is_empty() {
        return Err(invalid("empty"));
    }
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("contains whitespace or control characters"));
    }
    if let Some(hex) = address
        .strip_prefix("0x")
        .or_else(|| address.strip_prefix("0X"))
    {
        if let Some(c) = hex.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(invalid(&format!("bad hex: {c:?} is not a hex digit")));
        }
        if hex.len() != 40 {
            return Err(invalid(&format!(
                "wrong length: an EVM address has 40 hex digits, found {}",
                hex.len()
            )));
        }
        return hex::decode(hex).map_err(|e| invalid(&format!("bad hex: {e}")));
    }
    if is_bech32(address) {
        return Ok(address.to_ascii_lowercase().into_bytes());
    }
    Ok(address.as_bytes().to_vec())
}

/// `int(keccak256(bytes)) >> 4` as a field element (always `< 2^252`).
pub fn key_of_bytes(bytes: &[u8]) -> Fr {
    let mut digest = [0u8; 32];
    let mut k = Keccak::v256();
    k.update(bytes);
    k.finalize(&mut digest);
    // Shift the 256-bit big-endian digest right by 4 bits: the result is < 2^252 < r,
    // so the modular reduction below never reduces.
    let mut shifted = [0u8; 32];
    for i in (0..32).rev() {
        let high = if i > 0 { digest[i - 1] << 4 } else { 0 };
        shifted[i] = (digest[i] >> 4) | high;
    }
    Fr::from_be_bytes_mod_order(&shifted)
}

/// Whether the address is a valid bech32 or bech32m string (checksum included).
fn is_bech32(address: &str) -> bool {
    use bech32::{primitives::decode::CheckedHrpstring, Bech32, Bech32m};
    CheckedHrpstring::new::<Bech32>(address).is_ok()
        || CheckedHrpstring::new::<Bech32m>(address).is_ok()
}
