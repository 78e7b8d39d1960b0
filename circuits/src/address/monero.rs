//! Monero addresses: standard, integrated (mapped to their standard address) and subaddress.

use base58_monero::Error as MoneroError;

use super::family::{AddressFamily::Monero, Fault};

/// Mainnet network bytes.
const STANDARD: u8 = 18;
const INTEGRATED: u8 = 19;
const SUBADDRESS: u8 = 42;
/// Bytes before the checksum: network byte and two 32-byte public keys; an integrated
/// address adds an 8-byte payment ID.
const KEYS_LEN: usize = 1 + 64;
const INTEGRATED_LEN: usize = KEYS_LEN + 8;

/// Whether `s` has the length of a Monero address: 95 characters, or 106 (integrated).
pub(super) fn is_shaped(s: &str) -> bool {
    s.len() == 95 || s.len() == 106
}

/// The canonical form of a Monero address: the string of a standard address or subaddress;
/// an integrated address (a standard address with a payment ID) becomes its standard address.
pub(super) fn parse(s: &str) -> Result<String, Fault> {
    let raw = base58_monero::decode_check(s).map_err(|e| Fault::new(Monero, describe(e)))?;
    let network = raw.first().copied().unwrap_or_default();
    let (kind, expected) = match network {
        STANDARD => ("standard", KEYS_LEN),
        SUBADDRESS => ("subaddress", KEYS_LEN),
        INTEGRATED => ("integrated", INTEGRATED_LEN),
        other => {
            return Err(Fault::new(
                Monero,
                format!(
                    "network byte {other} is not a mainnet address's ({STANDARD} standard, \
                     {INTEGRATED} integrated, {SUBADDRESS} subaddress)"
                ),
            ))
        }
    };
    if raw.len() != expected {
        return Err(Fault::new(
            Monero,
            format!(
                "wrong length: {kind} addresses hold {expected} bytes before their checksum, found {}",
                raw.len()
            ),
        ));
    }
    let mut standard = raw[..KEYS_LEN].to_vec();
    standard[0] = if network == SUBADDRESS {
        SUBADDRESS
    } else {
        STANDARD
    };
    base58_monero::encode_check(&standard).map_err(|e| Fault::new(Monero, describe(e)))
}

fn describe(e: MoneroError) -> String {
    match e {
        MoneroError::InvalidChecksum => "checksum mismatch (Keccak-256)".into(),
        MoneroError::InvalidSymbol => "a character is not in the base58 alphabet".into(),
        MoneroError::Overflow => "a block overflows its size (not canonical)".into(),
        MoneroError::InvalidBlockSize => "wrong length: the last block has an invalid size".into(),
        #[allow(unreachable_patterns)]
        e => e.to_string(),
    }
}
