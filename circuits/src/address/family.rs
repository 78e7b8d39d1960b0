//! The address families, each with its own encoding and check.

use std::fmt;

/// The family of an address: how it is encoded and checked (docs/SPEC.md §3).
///
/// A family is an encoding, which may serve several chains: `Bitcoin` is base58check with
/// version 0x00 or 0x05, used by Bitcoin, Bitcoin Cash (legacy form) and Bitcoin SV alike;
/// `Evm` is every EVM chain. Such an account has one key whatever the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AddressFamily {
    /// EVM: 20 bytes as 40 hex digits, with or without `0x`; EIP-55 checksum when mixed case.
    Evm,
    /// TRON: base58check with version 0x41 (`T…`), or the same 21 bytes as 42 hex digits (`41…`).
    Tron,
    /// Base58check with version 0x00 (`1…`) or 0x05 (`3…`): Bitcoin, Bitcoin Cash's legacy
    /// form and Bitcoin SV.
    Bitcoin,
    /// Base58check with version 0x30 (`L…`) or 0x32 (`M…`): Litecoin.
    Litecoin,
    /// Base58check with version 0x1e (`D…`) or 0x16 (`9…`, `A…`): Dogecoin, and Verge, whose
    /// `D…` addresses share version 0x1e.
    Dogecoin,
    /// Base58check with version 0x4c (`X…`) or 0x10 (`7…`): Dash.
    Dash,
    /// Base58check with the 2-byte version 0x1cb8 (`t1…`) or 0x1cbd (`t3…`): Zcash transparent.
    Zcash,
    /// Base58check with version 0x26 (`G…`) or 0x17 (`A…`): Bitcoin Gold.
    BitcoinGold,
    /// A base58check string whose version is unknown or could not be read: only in errors.
    Base58Check,
    /// Bitcoin Cash cashaddr (`bitcoincash:q…`/`p…`, the prefix optional, either case).
    CashAddr,
    /// A segwit witness program in bech32 (v0) or bech32m (v1+): `bc1…`, `ltc1…`, ….
    Segwit,
    /// XRP: base58check in Ripple's alphabet, version 0x00 (`r…`).
    Xrp,
    /// Monero: Monero's block base58 with a Keccak checksum (standard, integrated, subaddress).
    Monero,
    /// Solana: 32 bytes in base58, no checksum.
    Solana,
}

impl AddressFamily {
    /// The name used in error messages, e.g. `bitcoin base58check`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Evm => "EVM",
            Self::Tron => "TRON base58check",
            Self::Bitcoin => "bitcoin base58check",
            Self::Litecoin => "litecoin base58check",
            Self::Dogecoin => "dogecoin/verge base58check",
            Self::Dash => "dash base58check",
            Self::Zcash => "zcash transparent base58check",
            Self::BitcoinGold => "bitcoin gold base58check",
            Self::Base58Check => "base58check",
            Self::CashAddr => "cashaddr",
            Self::Segwit => "segwit bech32/bech32m",
            Self::Xrp => "XRP base58check",
            Self::Monero => "monero base58",
            Self::Solana => "solana base58",
        }
    }
}

impl fmt::Display for AddressFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an address failed its family's check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    /// The family tried.
    pub family: AddressFamily,
    /// The check that failed.
    pub reason: String,
}

impl Fault {
    pub fn new(family: AddressFamily, reason: impl Into<String>) -> Self {
        Self {
            family,
            reason: reason.into(),
        }
    }
}
