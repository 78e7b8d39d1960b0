// BN254 base field Fq in Montgomery form (R = 2^256), as 16 limbs of 16 bits,
// little-endian, each limb held in a u32 (WGSL has no 64-bit integers, and a product of
// two 16-bit limbs plus two 16-bit carries still fits in 32 bits).
//
// Every function takes and returns fully reduced values (< p).
// The host prepends `P_LIMBS` (p), `P_INV` (-p^-1 mod 2^16) and `R_ONE` (R mod p, i.e.
// one in Montgomery form), computed from ark-bn254 when the shader is built.

alias Fe = array<u32, 16>;

var<private> P: Fe = P_LIMBS;

fn fe_zero() -> Fe {
    return Fe();
}

fn fe_one() -> Fe {
    return R_ONE;
}

fn fe_is_zero(a_in: Fe) -> bool {
    var a = a_in;
    var acc = 0u;
    for (var i = 0u; i < 16u; i++) {
        acc |= a[i];
    }
    return acc == 0u;
}

fn fe_eq(a_in: Fe, b_in: Fe) -> bool {
    var a = a_in;
    var b = b_in;
    var acc = 0u;
    for (var i = 0u; i < 16u; i++) {
        acc |= a[i] ^ b[i];
    }
    return acc == 0u;
}

// t - p if t (plus `top`, its limb 16) is at least p, else t.
fn fe_reduce_once(t_in: Fe, top: u32) -> Fe {
    var t = t_in;
    var d: Fe;
    var borrow = 0u;
    for (var i = 0u; i < 16u; i++) {
        let s = t[i] + 0x10000u - P[i] - borrow;
        d[i] = s & 0xffffu;
        borrow = 1u - (s >> 16u);
    }
    // t >= p exactly when the subtraction did not borrow past the top limb.
    let keep_t = top < borrow;
    var r: Fe;
    for (var i = 0u; i < 16u; i++) {
        r[i] = select(d[i], t[i], keep_t);
    }
    return r;
}

fn fe_add(a_in: Fe, b_in: Fe) -> Fe {
    var a = a_in;
    var b = b_in;
    var t: Fe;
    var carry = 0u;
    for (var i = 0u; i < 16u; i++) {
        let s = a[i] + b[i] + carry;
        t[i] = s & 0xffffu;
        carry = s >> 16u;
    }
    return fe_reduce_once(t, carry);
}

fn fe_sub(a_in: Fe, b_in: Fe) -> Fe {
    var a = a_in;
    var b = b_in;
    var t: Fe;
    var borrow = 0u;
    for (var i = 0u; i < 16u; i++) {
        let s = a[i] + 0x10000u - b[i] - borrow;
        t[i] = s & 0xffffu;
        borrow = 1u - (s >> 16u);
    }
    // On a borrow, a - b wrapped around 2^256: add p back (the carry out is dropped).
    var r: Fe;
    var carry = 0u;
    for (var i = 0u; i < 16u; i++) {
        let s = t[i] + (P[i] & (0u - borrow)) + carry;
        r[i] = s & 0xffffu;
        carry = s >> 16u;
    }
    return r;
}

fn fe_neg(a: Fe) -> Fe {
    return fe_sub(Fe(), a);
}

fn fe_double(a: Fe) -> Fe {
    return fe_add(a, a);
}

// Montgomery product a * b / R mod p, coarsely integrated operand scanning (CIOS) over
// 16-bit words. Each step t[j] + a[j] * b[i] + carry is at most
// (2^16 - 1) + (2^16 - 1)^2 + (2^16 - 1) = 2^32 - 1, so no u32 overflows.
fn fe_mul(a_in: Fe, b_in: Fe) -> Fe {
    var a = a_in;
    var b = b_in;
    var t: array<u32, 18>;
    for (var i = 0u; i < 16u; i++) {
        let bi = b[i];
        var carry = 0u;
        for (var j = 0u; j < 16u; j++) {
            let s = t[j] + a[j] * bi + carry;
            t[j] = s & 0xffffu;
            carry = s >> 16u;
        }
        var s = t[16] + carry;
        t[16] = s & 0xffffu;
        t[17] = s >> 16u;
        // m makes t + m * p divisible by 2^16; the shift by one limb divides by it.
        let m = (t[0] * P_INV) & 0xffffu;
        s = t[0] + m * P[0];
        carry = s >> 16u;
        for (var j = 1u; j < 16u; j++) {
            s = t[j] + m * P[j] + carry;
            t[j - 1u] = s & 0xffffu;
            carry = s >> 16u;
        }
        s = t[16] + carry;
        t[15] = s & 0xffffu;
        t[16] = t[17] + (s >> 16u);
        t[17] = 0u;
    }
    // t < 2p here, since a, b < p < R / 4.
    var r: Fe;
    for (var i = 0u; i < 16u; i++) {
        r[i] = t[i];
    }
    return fe_reduce_once(r, t[16]);
}

fn fe_sqr(a: Fe) -> Fe {
    return fe_mul(a, a);
}

// Unpacks 8 little-endian 32-bit words into 16-bit limbs.
fn fe_unpack(w_in: array<u32, 8>) -> Fe {
    var w = w_in;
    var r: Fe;
    for (var i = 0u; i < 8u; i++) {
        r[2u * i] = w[i] & 0xffffu;
        r[2u * i + 1u] = w[i] >> 16u;
    }
    return r;
}

// Packs 16-bit limbs into 8 little-endian 32-bit words.
fn fe_pack(a_in: Fe) -> array<u32, 8> {
    var a = a_in;
    var w: array<u32, 8>;
    for (var i = 0u; i < 8u; i++) {
        w[i] = a[2u * i] | (a[2u * i + 1u] << 16u);
    }
    return w;
}
