//! EVM addresses: 40 hex digits, with or without `0x`, EIP-55 checked when mixed case.

use super::family::{AddressFamily::Evm, Fault};

/// Whether `s` has the shape of an EVM address: a `0x`/`0X` prefix, or 40 hex digits.
pub(super) fn is_shaped(s: &str) -> bool {
    s.starts_with("0x")
        || s.starts_with("0X")
        || (s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The 20 bytes of an EVM address.
pub(super) fn parse(s: &str) -> Result<[u8; 20], Fault> {
    let hex = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    if let Some(c) = hex.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(Fault::new(
            Evm,
            format!("bad hex: {c:?} is not a hex digit"),
        ));
    }
    if hex.len() != 40 {
        return Err(Fault::new(
            Evm,
            format!(
                "wrong length: an EVM address has 40 hex digits, found {}",
                hex.len()
            ),
        ));
    }
    let mut bytes = [0u8; 20];
    hex::decode_to_slice(hex, &mut bytes).map_err(|e| Fault::new(Evm, format!("bad hex: {e}")))?;
    let lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    let upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    if lower && upper {
        let expected = checksummed(&bytes);
        if hex != expected {
            return Err(Fault::new(
                Evm,
                format!("EIP-55 checksum mismatch (mixed case must be exactly 0x{expected}; all lower or all upper case carries no checksum)"),
            ));
        }
    }
    Ok(bytes)
}

/// The EIP-55 form of an address, without `0x` (alloy's implementation).
pub(super) fn checksummed(bytes: &[u8; 20]) -> String {
    let with_prefix = alloy_primitives::Address::from(*bytes).to_checksum(None);
    with_prefix[2..].to_string()
}
