//! Unit tests of the address families: the shape order, second spellings refused, every
//! message. The independent vectors are in `circuits/tests/address_vectors.rs`.

use proptest::prelude::*;

use super::{evm, Address, AddressFamily, AddressKey};

fn family(address: &str) -> AddressFamily {
    Address::parse(address)
        .unwrap_or_else(|e| panic!("{address}: {e}"))
        .family()
}

fn refused(address: &str) -> String {
    let e = Address::parse(address).expect_err(address).to_string();
    assert!(
        e.starts_with(&format!("invalid address {address:?}: ")),
        "{e}"
    );
    e
}

/// The cashaddr checksum (BCH polymod over the prefix, a 0 separator and the payload).
fn polymod(values: &[u8]) -> u64 {
    let mut c: u64 = 1;
    for d in values {
        let c0 = (c >> 35) as u8;
        c = ((c & 0x07_ffff_ffff) << 5) ^ u64::from(*d);
        for (bit, g) in [
            0x98_f2bc_8e61,
            0x79_b76d_99e2,
            0xf3_3e5f_b3c4,
            0xae_2eab_e2a8,
            0x1e_4f43_e470,
        ]
        .into_iter()
        .enumerate()
        {
            if c0 >> bit & 1 == 1 {
                c ^= g;
            }
        }
    }
    c ^ 1
}

/// A bare cashaddr of arbitrary 5-bit words, with a valid checksum.
fn cashaddr_of_words(words: &[u8]) -> String {
    const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let mut v: Vec<u8> = b"bitcoincash".iter().map(|b| b & 0x1f).collect();
    v.push(0);
    v.extend_from_slice(words);
    v.extend_from_slice(&[0; 8]);
    let m = polymod(&v);
    let mut all = words.to_vec();
    all.extend((0..8).map(|i| ((m >> (5 * (7 - i))) & 0x1f) as u8));
    all.iter().map(|&d| CHARSET[d as usize] as char).collect()
}

/// Bytes as 5-bit words, zero-padded.
fn words(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(((acc >> bits) & 0x1f) as u8);
        }
    }
    if bits > 0 {
        out.push(((acc << (5 - bits)) & 0x1f) as u8);
    }
    out
}

const CASH: &str = "qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq";
const CASH_HASH: &str = "52ac06f8a36dcc7ec0e0fdfbc944e00050da37df";

#[test]
fn the_test_encoder_is_cashaddr() {
    let hash = hex::decode(CASH_HASH).unwrap();
    let mut payload = vec![0x00];
    payload.extend(&hash);
    assert_eq!(cashaddr_of_words(&words(&payload)), CASH);
}

#[test]
fn cashaddr_second_spellings_are_refused() {
    let hash = hex::decode(CASH_HASH).unwrap();
    // The reserved top bit of the version byte: the decoder would ignore it.
    let mut reserved = vec![0x80];
    reserved.extend(&hash);
    let e = refused(&format!(
        "bitcoincash:{}",
        cashaddr_of_words(&words(&reserved))
    ));
    assert!(e.contains("cashaddr: non-canonical encoding"), "{e}");
    // The two padding bits after the 168 payload bits.
    let mut payload = vec![0x00];
    payload.extend(&hash);
    let mut w = words(&payload);
    *w.last_mut().unwrap() |= 0b01;
    let e = refused(&cashaddr_of_words(&w));
    assert!(e.contains("cashaddr: non-canonical encoding"), "{e}");
}

#[test]
fn cashaddr_types_without_a_legacy_form_are_refused() {
    let hash = hex::decode(CASH_HASH).unwrap();
    // Types 2 and 3 (token-aware P2PKH and P2SH): type bits in the version byte.
    for (version, kind) in [(0x10u8, "type 2"), (0x18, "type 3")] {
        let mut payload = vec![version];
        payload.extend(&hash);
        let e = refused(&cashaddr_of_words(&words(&payload)));
        assert!(
            e.contains(&format!("cashaddr: {kind} has no legacy form")),
            "{e}"
        );
    }
    // P2SH with a 32-byte hash (size bits 3).
    let mut payload = vec![0x0b];
    payload.extend([7u8; 32]);
    let e = refused(&cashaddr_of_words(&words(&payload)));
    assert!(
        e.contains("cashaddr: a 32-byte hash has no legacy form"),
        "{e}"
    );
    let e = refused(&format!("{}p", &CASH[..CASH.len() - 1]));
    assert!(e.contains("cashaddr: checksum mismatch"), "{e}");
    let e = refused(&format!("bitcoincash:{}", &CASH[..41]));
    assert!(e.contains("cashaddr: wrong length: 41 characters"), "{e}");
    let e = refused(&format!("bitcoincash:{}b", &CASH[..41]));
    assert!(
        e.contains("cashaddr: 'b' is not a cashaddr character"),
        "{e}"
    );
}

#[test]
fn the_shape_order_settles_overlaps() {
    // 40 hex digits are an EVM address, even when they start with 41.
    let evm40 = format!("41{}", "ab".repeat(19));
    assert_eq!(family(&evm40), AddressFamily::Evm);
    // 42 hex digits starting 41: TRON; any other 42 hex digits: no family.
    let tron = format!("41{}", "ab".repeat(20));
    assert_eq!(family(&tron), AddressFamily::Tron);
    assert_eq!(
        Address::parse(&tron).unwrap().to_string(),
        Address::parse(&tron.to_uppercase()).unwrap().to_string()
    );
    // (42 characters have a Solana address's length, the family then named.)
    let e = refused(&format!("42{}", "ab".repeat(20)));
    assert!(e.contains("solana base58: wrong length"), "{e}");
    let e = refused(&"ab".repeat(24));
    assert!(
        e.contains("48 hex digits: not an address of any supported family"),
        "{e}"
    );
    // A Solana address starting with r is not refused as XRP.
    let solana_r = bs58::encode([0xc8u8; 32]).into_string();
    assert!(
        solana_r.starts_with('r') || solana_r.len() > 35,
        "{solana_r}"
    );
    assert_eq!(family(&solana_r), AddressFamily::Solana);
    // The family tried first is the one named when all fail.
    let e = refused("rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh6");
    assert!(e.contains("XRP base58check"), "{e}");
    let e = refused(&"x-".repeat(25));
    assert!(
        e.contains("not an address of any supported family (EVM, TRON, base58check, cashaddr, segwit, XRP, Monero, Solana): no family has its shape (50 characters)"),
        "{e}"
    );
}

#[test]
fn monero_networks_and_lengths_are_checked() {
    let standard = "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL";
    let mut raw = base58_monero::decode_check(standard).unwrap();
    raw[0] = 53; // testnet
    let e = refused(&base58_monero::encode_check(&raw).unwrap());
    assert!(
        e.contains("monero base58: network byte 53 is not a mainnet address's"),
        "{e}"
    );
    raw[0] = 19; // integrated, but no payment ID
    let e = refused(&base58_monero::encode_check(&raw).unwrap());
    assert!(
        e.contains("monero base58: wrong length: integrated addresses hold 73 bytes before their checksum, found 65"),
        "{e}"
    );
    let e = refused(&standard.replace('4', "0"));
    assert!(
        e.contains("monero base58: a character is not in the base58 alphabet"),
        "{e}"
    );
}

#[test]
fn evm_display_is_eip55_and_other_families_show_their_canonical_string() {
    let a = Address::parse("0x8589427373d6d84e98730d7795d8f6f8731fda16").unwrap();
    assert_eq!(a.to_string(), "0x8589427373D6D84E98730D7795D8f6f8731FDA16");
    assert_eq!(a.canonical().len(), 20);
    let c = Address::parse(&CASH.to_uppercase()).unwrap();
    assert_eq!(c.family(), AddressFamily::CashAddr);
    assert_eq!(c.to_string(), "18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd");
    assert_eq!(
        format!("{c:?}"),
        "Address(CashAddr, 18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd)"
    );
    let s = Address::parse("BC1QA5WKGAEW2DKV56KFVJ49J0AV5NML45X9EK9HZ6").unwrap();
    assert_eq!(s.to_string(), "bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6");
    assert_eq!(
        "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre"
            .parse::<Address>()
            .unwrap()
            .family(),
        AddressFamily::Tron
    );
}

#[test]
fn inputs_no_family_uses_are_refused() {
    for (bytes, why) in [
        (&b""[..], "empty"),
        (b"0x85 89", "whitespace"),
        (b"\x00abc", "control"),
        (
            "0x8589427373D6D84E98730D7795D8f6f8731FDA1\u{e9}".as_bytes(),
            "is not ASCII",
        ),
        (b"\xff", "not UTF-8"),
    ] {
        let e = AddressKey::parse_bytes(bytes).unwrap_err().to_string();
        assert!(e.contains(why), "{bytes:?}: {e}");
    }
}

#[test]
fn every_family_has_a_name() {
    use AddressFamily::*;
    let names: Vec<_> = [
        Evm,
        Tron,
        Bitcoin,
        Litecoin,
        Dogecoin,
        Dash,
        Zcash,
        BitcoinGold,
        Base58Check,
        CashAddr,
        Segwit,
        Xrp,
        Monero,
        Solana,
    ]
    .iter()
    .map(|f| f.to_string())
    .collect();
    assert_eq!(
        names.join(", "),
        "EVM, TRON base58check, bitcoin base58check, litecoin base58check, dogecoin/verge \
         base58check, dash base58check, zcash transparent base58check, bitcoin gold \
         base58check, base58check, cashaddr, segwit bech32/bech32m, XRP base58check, monero \
         base58, solana base58"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every spelling of one EVM account: one key; a changed letter case is refused.
    #[test]
    fn evm_spellings_share_a_key(bytes in any::<[u8; 20]>()) {
        let checksummed = evm::checksummed(&bytes);
        let key = AddressKey::parse(&format!("0x{checksummed}")).unwrap();
        for spelling in [
            checksummed.clone(),
            checksummed.to_lowercase(),
            checksummed.to_uppercase(),
            format!("0X{}", checksummed.to_lowercase()),
        ] {
            prop_assert_eq!(AddressKey::parse(&spelling).unwrap(), key);
        }
        if let Some(i) = checksummed.find(|c: char| c.is_ascii_alphabetic()) {
            let mut flipped: Vec<char> = checksummed.chars().collect();
            flipped[i] = if flipped[i].is_ascii_uppercase() { flipped[i].to_ascii_lowercase() } else { flipped[i].to_ascii_uppercase() };
            let flipped: String = flipped.into_iter().collect();
            let one_case = flipped.chars().all(|c| !c.is_ascii_uppercase()) || flipped.chars().all(|c| !c.is_ascii_lowercase());
            if !one_case {
                let e = AddressKey::parse(&flipped).unwrap_err().to_string();
                prop_assert!(e.contains("EVM: EIP-55 checksum mismatch"), "{}", e);
            }
        }
    }

    /// A cashaddr and its legacy form: one key; a changed character is refused.
    #[test]
    fn cashaddr_and_legacy_share_a_key(hash in any::<[u8; 20]>(), p2sh in any::<bool>(), at in 0usize..42) {
        let mut payload = vec![if p2sh { 0x08 } else { 0x00 }];
        payload.extend(hash);
        let cash = cashaddr_of_words(&words(&payload));
        let legacy = super::base58::encode_check(if p2sh { 0x05 } else { 0x00 }, &hash);
        let key = AddressKey::parse(&legacy).unwrap();
        for spelling in [cash.clone(), cash.to_uppercase(), format!("bitcoincash:{cash}"), format!("BITCOINCASH:{}", cash.to_uppercase())] {
            prop_assert_eq!(AddressKey::parse(&spelling).unwrap(), key);
        }
        let mut changed: Vec<u8> = cash.clone().into_bytes();
        changed[at] = if changed[at] == b'q' { b'p' } else { b'q' };
        prop_assert!(AddressKey::parse(std::str::from_utf8(&changed).unwrap()).is_err());
        let mut changed: Vec<u8> = legacy.clone().into_bytes();
        let at = at % changed.len();
        changed[at] = if changed[at] == b'2' { b'3' } else { b'2' };
        prop_assert!(AddressKey::parse(std::str::from_utf8(&changed).unwrap()).is_err());
    }
}
