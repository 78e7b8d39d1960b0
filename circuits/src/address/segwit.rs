//! Segwit addresses: witness programs in bech32 (v0) or bech32m (v1 and later).

use bech32::segwit;

use super::family::{AddressFamily::Segwit, Fault};

/// Human-readable parts tried before the other families (Bitcoin and Litecoin, main, test
/// and regtest networks).
const KNOWN_HRPS: &[&str] = &["bc", "tb", "bcrt", "ltc", "tltc", "rltc"];

/// Whether `s` starts with a known segwit prefix (`bc1`, `ltc1`, …), in either case.
pub(super) fn is_known_shaped(s: &str) -> bool {
    s.rsplit_once('1')
        .is_some_and(|(hrp, _)| KNOWN_HRPS.iter().any(|k| hrp.eq_ignore_ascii_case(k)))
}

/// Whether `s` could be a segwit address of another chain: one case throughout, at most 90
/// characters, and letters before its last `1`.
pub(super) fn is_other_shaped(s: &str) -> bool {
    let one_case =
        !(s.bytes().any(|b| b.is_ascii_lowercase()) && s.bytes().any(|b| b.is_ascii_uppercase()));
    one_case
        && s.len() <= 90
        && s.rsplit_once('1')
            .is_some_and(|(hrp, _)| !hrp.is_empty() && hrp.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The canonical form of a segwit address: its lower-case string.
pub(super) fn parse(s: &str) -> Result<String, Fault> {
    let (hrp, version, program) = segwit::decode(s).map_err(|e| Fault::new(Segwit, chain(&e)))?;
    let lower = s.to_ascii_lowercase();
    let again =
        segwit::encode(hrp, version, &program).map_err(|e| Fault::new(Segwit, chain(&e)))?;
    if again != lower {
        return Err(Fault::new(
            Segwit,
            "non-canonical encoding (padding bits set)",
        ));
    }
    Ok(lower)
}

/// An error and its sources, joined by `: `.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
