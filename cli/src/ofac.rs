//! The OFAC SDN digital-currency address lists of September 2024, as shipped in
//! `data/sanctions/ofac-2024-09/` (extracted with 0xB10C's list-extraction tool, MIT),
//! embedded in the binary so that `zkcomply demo` runs from any directory.
//!
//! Every entry parses as an address of its family except one, listed in [`NOT_ADDRESSES`]
//! (see `data/sanctions/README.md`): [`load`] leaves it out and reports it.

use anyhow::{bail, Result};

use crate::{
    cmd::list::{self, Invalid},
    io::{ListFormat, SourcedAddress},
};

/// Entries of the shipped lists that are not addresses: `(file, line, entry, why)`.
pub const NOT_ADDRESSES: &[(&str, usize, &str, &str)] = &[(
    "sanctioned_addresses_XMR.txt",
    2,
    "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320",
    "64 hex digits, listed by OFAC as an XMR address: no Monero address has this form \
     (it has the length of a transaction ID or a key), so no account's key can equal its key",
)];

/// The shipped lists: their addresses, and the entries of [`NOT_ADDRESSES`] left out.
#[derive(Clone, Debug)]
pub struct Shipped {
    /// Every valid entry, in file order.
    pub entries: Vec<SourcedAddress>,
    /// The entries left out, each with why (all of them in [`NOT_ADDRESSES`]).
    pub skipped: Vec<Invalid>,
}

/// Parses the embedded lists, leaving out (and returning) the documented non-addresses.
///
/// # Errors
/// A list that is not UTF-8 text, or an invalid entry that [`NOT_ADDRESSES`] does not name
/// (the embedded lists and that table disagree).
pub fn load() -> Result<Shipped> {
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for (name, text) in OFAC_2024_09 {
        let Some(lists) = list::scan(name, text.as_bytes(), ListFormat::Text) else {
            bail!("{name}: the embedded list is not UTF-8 text");
        };
        for invalid in lists.invalid {
            let known = NOT_ADDRESSES.iter().any(|(file, line, entry, _)| {
                file == name && invalid.origin.line == Some(*line) && *entry == invalid.address
            });
            if !known {
                bail!("the embedded OFAC lists hold an undocumented invalid entry: {invalid}");
            }
            skipped.push(invalid);
        }
        entries.extend(lists.entries);
    }
    Ok(Shipped { entries, skipped })
}

/// `(file name, contents)` of each list, one address per line.
pub const OFAC_2024_09: &[(&str, &str)] = &[
    (
        "sanctioned_addresses_ARB.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_ARB.txt"),
    ),
    (
        "sanctioned_addresses_BCH.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_BCH.txt"),
    ),
    (
        "sanctioned_addresses_BSC.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_BSC.txt"),
    ),
    (
        "sanctioned_addresses_BSV.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_BSV.txt"),
    ),
    (
        "sanctioned_addresses_BTG.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_BTG.txt"),
    ),
    (
        "sanctioned_addresses_DASH.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_DASH.txt"),
    ),
    (
        "sanctioned_addresses_ETC.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_ETC.txt"),
    ),
    (
        "sanctioned_addresses_ETH.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_ETH.txt"),
    ),
    (
        "sanctioned_addresses_LTC.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_LTC.txt"),
    ),
    (
        "sanctioned_addresses_TRX.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_TRX.txt"),
    ),
    (
        "sanctioned_addresses_USDC.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_USDC.txt"),
    ),
    (
        "sanctioned_addresses_USDT.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_USDT.txt"),
    ),
    (
        "sanctioned_addresses_XBT.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_XBT.txt"),
    ),
    (
        "sanctioned_addresses_XMR.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_XMR.txt"),
    ),
    (
        "sanctioned_addresses_XRP.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_XRP.txt"),
    ),
    (
        "sanctioned_addresses_XVG.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_XVG.txt"),
    ),
    (
        "sanctioned_addresses_ZEC.txt",
        include_str!("../../data/sanctions/ofac-2024-09/sanctioned_addresses_ZEC.txt"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lists_load_without_their_one_documented_non_address() {
        let shipped = load().unwrap();
        assert_eq!(shipped.entries.len(), 653);
        assert_eq!(shipped.skipped.len(), NOT_ADDRESSES.len());
        let skipped = &shipped.skipped[0];
        assert_eq!(skipped.address, NOT_ADDRESSES[0].2);
        assert_eq!(
            skipped.to_string(),
            format!(
                "sanctioned_addresses_XMR.txt, line 2: invalid address \"{}\": 64 hex digits: \
                 not an address of any supported family (an EVM address has 40 hex digits, a \
                 TRON hex address 42 starting with 41; 64 is the length of a hash or a key)",
                NOT_ADDRESSES[0].2
            )
        );
    }
}
