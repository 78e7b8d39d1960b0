//! circomlib Poseidon parameters, generated the way the Poseidon paper's reference script does.
//!
//! This is a port of the parameter part of `generate_parameters_grain.sage` (Grassi, Khovratovich,
//! Rechberger, Roy, Schofnegger, "Poseidon: A New Hash Function for Zero-Knowledge Proof
//! Systems", reference code in the `hadeshash` repository), run as circomlib ran it:
//!
//! ```text
//! sage generate_parameters_grain.sage 1 0 254 <t> 8 <R_P> 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001
//! ```
//!
//! 1. An 80-bit Grain LFSR is seeded with `field = 1` (2 bits), `sbox = 0` (4 bits),
//!    `n = 254` (12 bits), `t` (12 bits), `R_F = 8` (10 bits), `R_P` (10 bits), then 30 ones,
//!    each most significant bit first, and clocked 160 times.
//! 2. Output bits come through the self-shrinking rule: of each pair of clocked bits `(a, b)`,
//!    `b` is output when `a = 1` and dropped otherwise.
//! 3. The `(R_F + R_P) · t` round constants are 254-bit integers read most significant bit
//!    first, rejection-sampled below the BN254 scalar modulus `r`.
//! 4. The MDS matrix is the Cauchy matrix `M[i][j] = 1 / (x_i + y_j)`, where `x_0..x_{t-1}`,
//!    `y_0..y_{t-1}` are the next `2t` 254-bit integers reduced mod `r`, drawn again until all
//!    `2t` are distinct and no `x_i + y_j` is zero.
//!
//! The script then runs three subspace-trail checks on the matrix and would draw a new one if
//! one failed. They are not ported, because no circomlib width (t = 2..17) needed a redraw:
//! this generator's tables equal `light-poseidon`'s for t = 2..13 (`xtask/tests/poseidon.rs`),
//! and Poseidon with them equals circomlibjs at every t = 2..17
//! (`circuits/tests/poseidon_vectors.rs`). A new width would need the checks ported first.

use std::fmt::Write as _;

use ark_bn254::Fr;
use ark_ff::{BigInt, BigInteger, Field, PrimeField};

/// Full rounds for every width (half before, half after the partial rounds).
pub const FULL_ROUNDS: usize = 8;

/// circomlib's partial rounds for widths `t = 2..=17` (index `t - 2`), from circomlibjs
/// `poseidon_reference.js` `N_ROUNDS_P`.
pub const PARTIAL_ROUNDS: [usize; 16] = [
    56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68,
];

/// The smallest width circomlib supports (one input).
pub const MIN_WIDTH: usize = 2;

/// The largest width circomlib supports (16 inputs).
pub const MAX_WIDTH: usize = MIN_WIDTH + PARTIAL_ROUNDS.len() - 1;

/// The widths written to [`GENERATED_PATH`]; `light-poseidon` provides the smaller ones.
pub const GENERATED_WIDTHS: std::ops::RangeInclusive<usize> = 14..=MAX_WIDTH;

/// Where the generated constants live, relative to the workspace root.
pub const GENERATED_PATH: &str = "circuits/src/poseidon/constants.rs";

/// [`GENERATED_PATH`] on this machine.
pub fn generated_path() -> std::path::PathBuf {
    // xtask/ sits in the workspace root.
    let xtask = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).join(GENERATED_PATH)
}

/// The command that regenerates [`GENERATED_PATH`].
pub const COMMAND: &str = "cargo run -p xtask -- poseidon-constants";

/// Bits per sampled integer: the bit length of the BN254 scalar modulus.
const FIELD_BITS: usize = 254;

/// One width's permutation parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constants {
    /// State width `t` (inputs + 1).
    pub width: usize,
    /// Number of full rounds ([`FULL_ROUNDS`]).
    pub full_rounds: usize,
    /// Number of partial rounds (circomlib's count for `t`).
    pub partial_rounds: usize,
    /// Round constants, `width` per round, rounds in order.
    pub ark: Vec<Fr>,
    /// The `width × width` MDS matrix, row-major (`state'[i] = Σ_j mds[i][j] · state[j]`).
    pub mds: Vec<Vec<Fr>>,
}

/// circomlib's partial-round count for width `t`, or `None` outside `2..=17`.
pub fn partial_rounds(width: usize) -> Option<usize> {
    PARTIAL_ROUNDS.get(width.checked_sub(MIN_WIDTH)?).copied()
}

/// The Grain LFSR of the reference script, with its self-shrinking output.
#[derive(Clone, Debug)]
pub struct Grain {
    /// Bit `i` is the script's `bit_sequence[i]`; 80 bits are used.
    state: u128,
}

impl Grain {
    /// The generator seeded for a GF(p), x^α, 254-bit instance of width `width`.
    ///
    /// # Panics
    /// If a parameter does not fit its seed field (`width` ≥ 2^12, a round count ≥ 2^10);
    /// the script would silently write a longer seed.
    pub fn new(width: usize, full_rounds: usize, partial_rounds: usize) -> Self {
        let fields = [
            (1, 2), // field: GF(p)
            (0, 4), // sbox: x^alpha
            (FIELD_BITS, 12),
            (width, 12),
            (full_rounds, 10),
            (partial_rounds, 10),
        ];
        let mut bits = Vec::with_capacity(80);
        for (value, len) in fields {
            assert!(value < 1 << len, "{value} does not fit in {len} seed bits");
            bits.extend((0..len).rev().map(|i| (value >> i) & 1 == 1));
        }
        bits.extend([true; 30]);
        let state = bits
            .iter()
            .enumerate()
            .fold(0u128, |s, (i, &b)| s | (u128::from(b) << i));
        let mut grain = Self { state };
        for _ in 0..160 {
            grain.clock();
        }
        grain
    }

    /// One LFSR step: `b_80 = b_62 ⊕ b_51 ⊕ b_38 ⊕ b_23 ⊕ b_13 ⊕ b_0`, shift, return `b_80`.
    fn clock(&mut self) -> bool {
        let s = self.state;
        let new = ((s >> 62) ^ (s >> 51) ^ (s >> 38) ^ (s >> 23) ^ (s >> 13) ^ s) & 1;
        self.state = (s >> 1) | (new << 79);
        new == 1
    }

    /// The next output bit: clock pairs `(a, b)` until `a = 1`, then output `b`.
    pub fn next_bit(&mut self) -> bool {
        while !self.clock() {
            self.clock();
        }
        self.clock()
    }

    /// The next [`FIELD_BITS`]-bit integer, most significant bit first.
    fn next_integer(&mut self) -> BigInt<4> {
        let bits: Vec<bool> = (0..FIELD_BITS).map(|_| self.next_bit()).collect();
        BigInt::from_bits_be(&bits)
    }

    /// The next round constant: integers `≥ r` are skipped, as the script does.
    pub fn next_round_constant(&mut self) -> Fr {
        loop {
            if let Some(c) = Fr::from_bigint(self.next_integer()) {
                return c;
            }
        }
    }

    /// The next integer reduced mod `r` (the script's `F(grain_random_bits(n))`).
    pub fn next_field_element(&mut self) -> Fr {
        Fr::from_le_bytes_mod_order(&self.next_integer().to_bytes_le())
    }
}

/// The script's `create_mds_p`: a Cauchy matrix from the generator's next distinct elements.
fn cauchy_mds(grain: &mut Grain, width: usize) -> Vec<Vec<Fr>> {
    loop {
        let elements = loop {
            let v: Vec<Fr> = (0..2 * width).map(|_| grain.next_field_element()).collect();
            let distinct = v.iter().enumerate().all(|(i, a)| !v[..i].contains(a));
            if distinct {
                break v;
            }
        };
        let (xs, ys) = elements.split_at(width);
        let mds: Option<Vec<Vec<Fr>>> = xs
            .iter()
            .map(|x| ys.iter().map(|y| (*x + y).inverse()).collect())
            .collect();
        if let Some(mds) = mds {
            return mds;
        }
    }
}

/// The parameters of width `width` (`2..=17`), or `None` for a width circomlib lacks.
pub fn generate(width: usize) -> Option<Constants> {
    let partial_rounds = partial_rounds(width)?;
    let mut grain = Grain::new(width, FULL_ROUNDS, partial_rounds);
    let ark = (0..(FULL_ROUNDS + partial_rounds) * width)
        .map(|_| grain.next_round_constant())
        .collect();
    let mds = cauchy_mds(&mut grain, width);
    Some(Constants {
        width,
        full_rounds: FULL_ROUNDS,
        partial_rounds,
        ark,
        mds,
    })
}

/// `0x` and 64 lower-case hex digits, big-endian: circomlibjs `poseidon_constants.json` style.
pub fn to_hex(x: &Fr) -> String {
    hex_be(&x.into_bigint().to_bytes_be())
}

fn hex_be(bytes: &[u8]) -> String {
    let mut s = String::from("0x");
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(s, "{byte:02x}");
    }
    s
}

/// The text of [`GENERATED_PATH`]: the constants of [`GENERATED_WIDTHS`], already formatted
/// as `rustfmt` would.
pub fn render() -> String {
    let mut out = format!(
        "\
// @generated by `{COMMAND}` (xtask/src/poseidon.rs).
// Do not edit by hand.

//! circomlib Poseidon constants for widths {first} to {last} ({first_in} to {last_in} inputs),
//! generated by `xtask` with the Poseidon paper's Grain LFSR procedure, as
//!
//! ```text
//! sage generate_parameters_grain.sage 1 0 254 <t> 8 <R_P> {modulus}
//! ```
//!
//! Values are `0x`-prefixed big-endian hex, as in circomlibjs `poseidon_constants.json`. Widths
//! 2 to 13 come from `light-poseidon`; `xtask/tests/poseidon.rs` checks that the generator
//! reproduces those exactly and that this file is up to date.

use super::Table;

/// Widths {first} to {last}, in order.
pub(super) static TABLES: [Table; {count}] = [
",
        first = GENERATED_WIDTHS.start(),
        last = GENERATED_WIDTHS.end(),
        first_in = GENERATED_WIDTHS.start() - 1,
        last_in = GENERATED_WIDTHS.end() - 1,
        modulus = hex_be(&Fr::MODULUS.to_bytes_be()),
        count = GENERATED_WIDTHS.count(),
    );
    for width in GENERATED_WIDTHS {
        let Some(c) = generate(width) else {
            continue;
        };
        let _ = writeln!(
            out,
            "    // t = {width}: {inputs} inputs, {full} full and {partial} partial rounds.",
            inputs = width - 1,
            full = c.full_rounds,
            partial = c.partial_rounds,
        );
        out.push_str("    Table {\n");
        let _ = writeln!(out, "        width: {width},");
        let _ = writeln!(out, "        partial_rounds: {},", c.partial_rounds);
        out.push_str("        ark: &[\n");
        for x in &c.ark {
            let _ = writeln!(out, "            \"{}\",", to_hex(x));
        }
        out.push_str("        ],\n        mds: &[\n");
        for row in &c.mds {
            out.push_str("            &[\n");
            for x in row {
                let _ = writeln!(out, "                \"{}\",", to_hex(x));
            }
            out.push_str("            ],\n");
        }
        out.push_str("        ],\n    },\n");
    }
    out.push_str("];\n");
    out
}
