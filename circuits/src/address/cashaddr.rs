//! Bitcoin Cash cashaddr, mapped to its legacy base58check form (one account, one key).

use cashaddr::{DecodeError, HashType, Payload};

use super::{
    base58::encode_check,
    family::{AddressFamily::CashAddr, Fault},
};

/// The prefix of Bitcoin Cash mainnet addresses (optional in an address).
const PREFIX: &str = "bitcoincash";
/// The cashaddr character set (that of bech32).
const CHARSET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
/// Characters in a cashaddr payload: 42 for a 160-bit hash; longer hashes reach 112.
const LENGTHS: std::ops::RangeInclusive<usize> = 42..=112;

/// Whether `s` has the shape of a cashaddr: a `prefix:` part, or a bare payload of 42 or
/// more cashaddr characters (either case) starting with the type letter `q`, `p`, `z` or `r`.
pub(super) fn is_shaped(s: &str) -> bool {
    s.contains(':')
        || (LENGTHS.contains(&s.len())
            && s.starts_with(['q', 'p', 'z', 'r', 'Q', 'P', 'Z', 'R'])
            && s.chars().all(|c| CHARSET.contains(c.to_ascii_lowercase())))
}

/// The canonical form of a cashaddr: the legacy base58check string of the same hash
/// (P2PKH → version 0x00, P2SH → 0x05), so that both forms of one account have one key.
pub(super) fn parse(s: &str) -> Result<String, Fault> {
    let (prefix, payload) = s.split_once(':').unwrap_or((PREFIX, s));
    if s.bytes().any(|b| b.is_ascii_lowercase()) && s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(Fault::new(
            CashAddr,
            "mixed case (a cashaddr is all lower or all upper case)",
        ));
    }
    if !prefix.eq_ignore_ascii_case(PREFIX) {
        return Err(Fault::new(
            CashAddr,
            format!("prefix {prefix:?} is not {PREFIX:?}"),
        ));
    }
    if !LENGTHS.contains(&payload.len()) {
        return Err(Fault::new(
            CashAddr,
            format!(
                "wrong length: {} characters after the prefix, a P2PKH or P2SH address has 42",
                payload.len()
            ),
        ));
    }
    let lower = format!("{PREFIX}:{}", payload.to_ascii_lowercase());
    let decoded: Payload = lower
        .parse()
        .map_err(|e| Fault::new(CashAddr, describe(e)))?;
    let version = match decoded.hash_type() {
        HashType::P2PKH => 0x00,
        HashType::P2SH => 0x05,
        other => {
            return Err(Fault::new(
                CashAddr,
                format!(
                "type {} has no legacy form (only P2PKH, type 0, and P2SH, type 1, are accepted)",
                other.numeric_value()
            ),
            ))
        }
    };
    if decoded.len() != 20 {
        return Err(Fault::new(
            CashAddr,
            format!(
                "a {}-byte hash has no legacy form (only 20-byte hashes are accepted)",
                decoded.len()
            ),
        ));
    }
    // The decoder ignores the reserved version bit and the padding bits: a string that does
    // not re-encode to itself is a second spelling of the same hash, and is refused.
    if decoded.with_prefix(PREFIX) != lower {
        return Err(Fault::new(
            CashAddr,
            "non-canonical encoding (reserved version bit or padding bits set)",
        ));
    }
    Ok(encode_check(version, &decoded))
}

fn describe(e: DecodeError) -> String {
    match e {
        DecodeError::InvalidChar(c) => format!("{c:?} is not a cashaddr character"),
        DecodeError::InvalidLength(n) => {
            format!("a {n}-byte hash does not match the size in the version byte")
        }
        DecodeError::ChecksumFailed(_) => "checksum mismatch".into(),
        DecodeError::InvalidVersion(v) => format!("invalid version byte 0x{v:02x}"),
    }
}
