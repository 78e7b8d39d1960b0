//! The Grain generator against `light-poseidon`'s circom tables, and the generated file against
//! the generator.

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use light_poseidon::parameters::bn254_x5::get_poseidon_parameters;
use xtask::poseidon::{self, Grain};

/// Every width `light-poseidon` 0.5 ships (t = 2..=13), constant by constant.
#[test]
fn reproduces_light_poseidon_for_every_width_it_ships() {
    for width in poseidon::MIN_WIDTH..=13 {
        let theirs = get_poseidon_parameters::<Fr>(width as u8)
            .unwrap_or_else(|e| panic!("light-poseidon lacks t = {width}: {e}"));
        let ours = poseidon::generate(width).expect("circomlib width");
        assert_eq!(ours.width, theirs.width, "t = {width}: width");
        assert_eq!(ours.full_rounds, theirs.full_rounds, "t = {width}: R_F");
        assert_eq!(
            ours.partial_rounds, theirs.partial_rounds,
            "t = {width}: R_P"
        );
        assert_eq!(ours.ark.len(), theirs.ark.len(), "t = {width}: constants");
        for (i, (a, b)) in ours.ark.iter().zip(&theirs.ark).enumerate() {
            assert_eq!(
                a,
                b,
                "t = {width}: round constant {i} (round {})",
                i / width
            );
        }
        assert_eq!(ours.mds.len(), width, "t = {width}: MDS rows");
        for (i, (ours_row, theirs_row)) in ours.mds.iter().zip(&theirs.mds).enumerate() {
            assert_eq!(ours_row, theirs_row, "t = {width}: MDS row {i}");
        }
    }
}

#[test]
fn covers_exactly_the_circomlib_widths() {
    assert_eq!(poseidon::MAX_WIDTH, 17);
    assert!(poseidon::generate(1).is_none());
    assert!(poseidon::generate(18).is_none());
    for width in poseidon::MIN_WIDTH..=poseidon::MAX_WIDTH {
        let c = poseidon::generate(width).expect("circomlib width");
        assert_eq!(c.ark.len(), (8 + c.partial_rounds) * width, "t = {width}");
        assert!(c.mds.iter().all(|row| row.len() == width), "t = {width}");
    }
}

/// The first output bits for t = 3 (seed `01 0000 000011111110 000000000011 0000001000
/// 0000111001 1…1`): the first round constant, read back as bits.
#[test]
fn first_bits_spell_the_first_round_constant() {
    let mut grain = Grain::new(3, 8, 57);
    let first = poseidon::generate(3).expect("t = 3").ark[0];
    let bits: Vec<bool> = (0..254).map(|_| grain.next_bit()).collect();
    let expected = ark_ff::BigInt::<4>::from_bits_be(&bits);
    // The first draw is below r for t = 3, so no rejection happened.
    assert_eq!(first.into_bigint(), expected);
    assert_eq!(
        poseidon::to_hex(&first),
        "0x0ee9a592ba9a9518d05986d656f40c2114c4993c11bb29938d21d47304cd8e6e"
    );
}

/// The committed file is what the generator writes today.
#[test]
fn generated_file_is_up_to_date() {
    let path = poseidon::generated_path();
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        committed == poseidon::render(),
        "{} is out of date: run `{}`",
        path.display(),
        poseidon::COMMAND
    );
}
