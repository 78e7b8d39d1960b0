//! Address keys: an account address of any supported chain becomes a key in `[1, 2^252)`.
//!
//! `key(addr) = int(keccak256(canonical(addr))) >> 4`. Every address is parsed by its
//! family, checksum included, and an invalid address is refused with an error naming the
//! family and the check that failed; nothing is hashed as raw bytes. `canonical` gives
//! every encoding of one account the same bytes (docs/SPEC.md §3):
//!
//! | family | accepted | canonical bytes |
//! | --- | --- | --- |
//! | EVM | `0x`/`0X` + 40 hex, or 40 hex; EIP-55 when mixed case | the 20 bytes |
//! | TRON | base58check `T…` (version 0x41), or 42 hex `41…` | the `T…` string |
//! | base58check | Bitcoin, BCH legacy, BSV (0x00/0x05), Litecoin, Dogecoin/Verge, Dash, Zcash `t1`/`t3`, Bitcoin Gold | the string |
//! | cashaddr | `bitcoincash:` optional, all lower or all upper case; P2PKH/P2SH | the legacy base58check string of the same hash (0x00/0x05) |
//! | segwit | bech32 (v0) / bech32m (v1+), either case | the lower-case string |
//! | XRP | `r…`, Ripple alphabet, base58check | the string |
//! | Monero | standard, subaddress, integrated (mainnet) | the string; an integrated address: its standard address |
//! | Solana | base58, 32 bytes | the string |
//!
//! A string is tried against the families whose shape it has, in the order of
//! [`Address::parse`]; the first family whose checks pass parses it. Keys are below 2^252 so
//! that every comparison of keys in a circuit is sound.
//!
//! ```
//! use zkcomply_circuits::address::{Address, AddressFamily, AddressKey};
//!
//! // A cashaddr, with or without its prefix, in either case, and its legacy form: one key.
//! let legacy = AddressKey::parse("18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd")?;
//! for alias in [
//!     "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
//!     "BITCOINCASH:QPF2CPHC5DKUCLKQUR7LHJ2YUQQ9PK3HMUKLE77VHQ",
//!     "qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
//! ] {
//!     assert_eq!(AddressKey::parse(alias)?, legacy);
//! }
//! assert_eq!(Address::parse("qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq")?.family(), AddressFamily::CashAddr);
//! // A flipped character fails the family's checksum.
//! let e = AddressKey::parse("18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3he").unwrap_err();
//! assert!(e.to_string().contains("bitcoin base58check: checksum mismatch"), "{e}");
//! # Ok::<(), zkcomply_circuits::Error>(())
//! ```

mod base58;
mod cashaddr;
mod evm;
mod family;
mod monero;
mod segwit;
#[cfg(test)]
mod tests;

use std::fmt;

use ark_ff::PrimeField;
use serde::{Deserialize, Serialize};
use tiny_keccak::{Hasher, Keccak};

use crate::{error::Result, field, Error, Fr};

pub use family::AddressFamily;
use family::Fault;

/// Number of bits of a key: keys are `< 2^KEY_BITS`.
pub const KEY_BITS: usize = 252;

/// The key of an address: a field element in `[1, 2^252)`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AddressKey(Fr);

impl AddressKey {
    /// Parses an address (see [`Address::parse`]) and returns its key.
    ///
    /// # Errors
    /// [`Error::InvalidAddress`] for an address of no family or one that fails its family's
    /// check (the reason names both), and for the (2^-252) address whose key is 0.
    pub fn parse(address: &str) -> Result<Self> {
        Address::parse(address)?.key()
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

/// An address parsed by its family, with the canonical bytes its key is derived from.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Address {
    family: AddressFamily,
    canonical: Vec<u8>,
}

impl Address {
    /// Parses an address by its family, checksum included.
    ///
    /// The families whose shape `address` has are tried in this order, and the first whose
    /// checks pass parses it (the shapes barely overlap; the order settles the rest):
    /// 1. EVM: `0x`/`0X` and anything, or exactly 40 hex digits;
    /// 2. TRON hex: 42 hex digits starting `41`;
    /// 3. cashaddr: a `:`, or 42 to 112 cashaddr characters (either case) starting `q`, `p`,
    ///    `z` or `r`;
    /// 4. segwit with a known prefix (`bc1`, `tb1`, `bcrt1`, `ltc1`, `tltc1`, `rltc1`);
    /// 5. Monero: 95 or 106 characters;
    /// 6. XRP: `r` and 25 to 35 characters;
    /// 7. base58check: 25 to 36 characters;
    /// 8. Solana: 32 to 44 characters;
    /// 9. segwit with another prefix: one case, at most 90 characters, letters before the last `1`.
    ///
    /// # Errors
    /// [`Error::InvalidAddress`] for an empty address, one with whitespace, control or
    /// non-ASCII characters, one of no family's shape, or one that fails the checks of every
    /// family whose shape it has: the reason then names the first such family and its failed
    /// check (`bitcoin base58check: checksum mismatch`, `EVM: EIP-55 checksum mismatch …`).
    pub fn parse(address: &str) -> Result<Self> {
        let invalid = |reason: String| Error::InvalidAddress {
            address: address.to_string(),
            reason,
        };
        if address.is_empty() {
            return Err(invalid("empty".into()));
        }
        if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("contains whitespace or control characters".into()));
        }
        if let Some(c) = address.chars().find(|c| !c.is_ascii()) {
            return Err(invalid(format!(
                "{c:?} is not ASCII: no address family uses it"
            )));
        }
        let mut first: Option<Fault> = None;
        for (shaped, parse) in FAMILIES {
            if !shaped(address) {
                continue;
            }
            match parse(address) {
                Ok(parsed) => return Ok(parsed),
                Err(fault) => {
                    first.get_or_insert(fault);
                }
            }
        }
        Err(invalid(match first {
            Some(Fault { family, reason }) => format!("{family}: {reason}"),
            None => no_family(address),
        }))
    }

    /// The family the address was written in (a cashaddr stays [`AddressFamily::CashAddr`]
    /// although its canonical form is the legacy string).
    pub fn family(&self) -> AddressFamily {
        self.family
    }

    /// The canonical bytes the key is derived from (docs/SPEC.md §3).
    pub fn canonical(&self) -> &[u8] {
        &self.canonical
    }

    /// The key of the address.
    ///
    /// # Errors
    /// [`Error::InvalidAddress`] if the key is 0 (reserved for the sentinel; probability 2^-252).
    pub fn key(&self) -> Result<AddressKey> {
        AddressKey::from_field(key_of_bytes(&self.canonical)).map_err(|_| Error::InvalidAddress {
            address: self.to_string(),
            reason: "its key is 0, which is reserved for the sentinel".into(),
        })
    }

    fn text(family: AddressFamily, canonical: String) -> Self {
        Self {
            family,
            canonical: canonical.into_bytes(),
        }
    }
}

/// The canonical form: an EVM address in its EIP-55 form with `0x`, any other the canonical
/// string (for a cashaddr, its legacy form).
impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match <&[u8; 20]>::try_from(self.canonical.as_slice()) {
            Ok(bytes) if self.family == AddressFamily::Evm => {
                write!(f, "0x{}", evm::checksummed(bytes))
            }
            _ => f.write_str(&String::from_utf8_lossy(&self.canonical)),
        }
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({:?}, {self})", self.family)
    }
}

impl std::str::FromStr for Address {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

type Shape = fn(&str) -> bool;
type Parser = fn(&str) -> std::result::Result<Address, Fault>;

/// The families in the order [`Address::parse`] tries them.
const FAMILIES: [(Shape, Parser); 9] = [
    (evm::is_shaped, |s| {
        evm::parse(s).map(|bytes| Address {
            family: AddressFamily::Evm,
            canonical: bytes.to_vec(),
        })
    }),
    (base58::is_tron_hex_shaped, |s| {
        base58::parse_tron_hex(s).map(|c| Address::text(AddressFamily::Tron, c))
    }),
    (cashaddr::is_shaped, |s| {
        cashaddr::parse(s).map(|c| Address::text(AddressFamily::CashAddr, c))
    }),
    (segwit::is_known_shaped, |s| {
        segwit::parse(s).map(|c| Address::text(AddressFamily::Segwit, c))
    }),
    (monero::is_shaped, |s| {
        monero::parse(s).map(|c| Address::text(AddressFamily::Monero, c))
    }),
    (base58::is_xrp_shaped, |s| {
        base58::parse_xrp(s).map(|c| Address::text(AddressFamily::Xrp, c))
    }),
    (base58::is_base58check_shaped, |s| {
        base58::parse_base58check(s).map(|(family, c)| Address::text(family, c))
    }),
    (base58::is_solana_shaped, |s| {
        base58::parse_solana(s).map(|c| Address::text(AddressFamily::Solana, c))
    }),
    (segwit::is_other_shaped, |s| {
        segwit::parse(s).map(|c| Address::text(AddressFamily::Segwit, c))
    }),
];

/// Why a string has no family's shape.
fn no_family(address: &str) -> String {
    let n = address.len();
    if address.bytes().all(|b| b.is_ascii_hexdigit()) {
        let hint = if n == 64 {
            "; 64 is the length of a hash or a key"
        } else {
            ""
        };
        format!(
            "{n} hex digits: not an address of any supported family (an EVM address has 40 \
             hex digits, a TRON hex address 42 starting with 41{hint})"
        )
    } else {
        format!(
            "not an address of any supported family (EVM, TRON, base58check, cashaddr, segwit, \
             XRP, Monero, Solana): no family has its shape ({n} characters)"
        )
    }
}

/// An EVM account written as it must be where only an EVM account will do (a gate, a
/// recipient, a registration by signature): `0x` + 40 hex digits, EIP-55 checksummed when in
/// mixed case. Returns its 20 bytes.
///
/// # Errors
/// [`Error::InvalidAddress`] naming what is wrong.
pub fn parse_evm(address: &str) -> Result<[u8; 20]> {
    let invalid = |reason: String| Error::InvalidAddress {
        address: address.to_string(),
        reason: format!("{}: {reason}", AddressFamily::Evm),
    };
    if !address.starts_with("0x") {
        return Err(invalid(
            "an EVM account is written 0x followed by 40 hex digits".into(),
        ));
    }
    evm::parse(address).map_err(|f| invalid(f.reason))
}

/// The EIP-55 form of an EVM address, with `0x`.
pub fn eip55(address: &[u8; 20]) -> String {
    format!("0x{}", evm::checksummed(address))
}

/// The canonical bytes of an address: [`Address::parse`], then [`Address::canonical`].
///
/// # Errors
/// As [`Address::parse`].
pub fn canonical(address: &str) -> Result<Vec<u8>> {
    Ok(Address::parse(address)?.canonical)
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
