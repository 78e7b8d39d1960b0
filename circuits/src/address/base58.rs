//! The base58 families: base58check (Bitcoin and its forks, Litecoin, Dogecoin/Verge, Dash,
//! Zcash transparent, Bitcoin Gold, TRON), XRP's base58check in Ripple's alphabet, Solana.

use bs58::{decode::Error as Bs58Error, Alphabet};

use super::family::{AddressFamily, AddressFamily::*, Fault};

/// Known base58check versions (1 byte, or Zcash's 2 bytes) and their family.
const VERSIONS: &[(&[u8], AddressFamily)] = &[
    (&[0x00], Bitcoin),
    (&[0x05], Bitcoin),
    (&[0x30], Litecoin),
    (&[0x32], Litecoin),
    (&[0x1e], Dogecoin),
    (&[0x16], Dogecoin),
    (&[0x4c], Dash),
    (&[0x10], Dash),
    (&[0x1c, 0xb8], Zcash),
    (&[0x1c, 0xbd], Zcash),
    (&[0x26], BitcoinGold),
    (&[0x17], BitcoinGold),
    (&[0x41], Tron),
];

/// Length of a hash160 payload (Bitcoin-style) and of a TRON/EVM account.
const HASH_LEN: usize = 20;
/// Length of the double-SHA-256 checksum.
const CHECKSUM_LEN: usize = 4;

/// Whether `s` has the length of a base58check address (25 to 36 characters).
pub(super) fn is_base58check_shaped(s: &str) -> bool {
    (25..=36).contains(&s.len())
}

/// Whether `s` has the shape of an XRP address: `r` and 25 to 35 characters.
pub(super) fn is_xrp_shaped(s: &str) -> bool {
    s.starts_with('r') && (25..=35).contains(&s.len())
}

/// Whether `s` has the length of a Solana address (32 to 44 characters).
pub(super) fn is_solana_shaped(s: &str) -> bool {
    (32..=44).contains(&s.len())
}

/// Whether `s` is a TRON address in hex: `41` and 40 more hex digits.
pub(super) fn is_tron_hex_shaped(s: &str) -> bool {
    s.len() == 42 && s.starts_with("41") && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A base58check address of a known version: its family and canonical string.
pub(super) fn parse_base58check(s: &str) -> Result<(AddressFamily, String), Fault> {
    let raw = bs58::decode(s)
        .into_vec()
        .map_err(|e| Fault::new(Base58Check, describe(e)))?;
    let version_len = match raw.len() {
        25 => 1,
        26 => 2,
        n => {
            return Err(Fault::new(
                Base58Check,
                format!(
                    "wrong length: decodes to {n} bytes, a base58check address has 25 \
                     (1-byte version, 20-byte hash, 4-byte checksum) or 26 (Zcash's 2-byte version)"
                ),
            ))
        }
    };
    let version = &raw[..version_len];
    let family = VERSIONS
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, f)| *f);
    bs58::decode(s)
        .with_check(None)
        .into_vec()
        .map_err(|e| Fault::new(family.unwrap_or(Base58Check), describe(e)))?;
    let family = family.ok_or_else(|| {
        Fault::new(
            Base58Check,
            format!(
                "unknown version 0x{} (known: Bitcoin 0x00/0x05, Litecoin 0x30/0x32, Dogecoin \
                 and Verge 0x1e/0x16, Dash 0x4c/0x10, Zcash 0x1cb8/0x1cbd, Bitcoin Gold \
                 0x26/0x17, TRON 0x41)",
                hex::encode(version)
            ),
        )
    })?;
    Ok((family, bs58::encode(&raw).into_string()))
}

/// A TRON address given as 42 hex digits (`41…`): its canonical base58check string.
pub(super) fn parse_tron_hex(s: &str) -> Result<String, Fault> {
    let bytes = hex::decode(s).map_err(|e| Fault::new(Tron, format!("bad hex: {e}")))?;
    Ok(bs58::encode(bytes).with_check().into_string())
}

/// An XRP classic address (`r…`): its canonical string.
pub(super) fn parse_xrp(s: &str) -> Result<String, Fault> {
    let raw = bs58::decode(s)
        .with_alphabet(Alphabet::RIPPLE)
        .into_vec()
        .map_err(|e| Fault::new(Xrp, describe(e)))?;
    if raw.len() != 1 + HASH_LEN + CHECKSUM_LEN {
        return Err(Fault::new(
            Xrp,
            format!(
                "wrong length: decodes to {} bytes, an account ID address has 25",
                raw.len()
            ),
        ));
    }
    bs58::decode(s)
        .with_alphabet(Alphabet::RIPPLE)
        .with_check(None)
        .into_vec()
        .map_err(|e| Fault::new(Xrp, describe(e)))?;
    if raw[0] != 0x00 {
        return Err(Fault::new(
            Xrp,
            format!("version 0x{:02x} is not an account ID's (0x00)", raw[0]),
        ));
    }
    Ok(bs58::encode(&raw)
        .with_alphabet(Alphabet::RIPPLE)
        .into_string())
}

/// A Solana address: 32 bytes in base58; its canonical string.
pub(super) fn parse_solana(s: &str) -> Result<String, Fault> {
    let raw = bs58::decode(s)
        .into_vec()
        .map_err(|e| Fault::new(Solana, describe(e)))?;
    if raw.len() != 32 {
        return Err(Fault::new(
            Solana,
            format!(
                "wrong length: decodes to {} bytes, a Solana address has 32",
                raw.len()
            ),
        ));
    }
    Ok(bs58::encode(&raw).into_string())
}

/// Encodes a version byte and a 20-byte hash as a base58check string.
pub(super) fn encode_check(version: u8, hash: &[u8]) -> String {
    let mut payload = Vec::with_capacity(1 + hash.len());
    payload.push(version);
    payload.extend_from_slice(hash);
    bs58::encode(payload).with_check().into_string()
}

fn describe(e: Bs58Error) -> String {
    match e {
        Bs58Error::InvalidCharacter { character, index } => {
            format!("{character:?} at position {index} is not a base58 character")
        }
        Bs58Error::NonAsciiCharacter { index } => {
            format!("non-ASCII character at byte {index}")
        }
        Bs58Error::InvalidChecksum { .. } => "checksum mismatch".into(),
        Bs58Error::NoChecksum => "too short to hold a checksum".into(),
        e => e.to_string(),
    }
}
