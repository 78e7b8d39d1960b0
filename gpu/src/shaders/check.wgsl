// Test kernels: the field and curve functions applied to host-chosen inputs, so that
// tests can compare them with ark-bn254.
//
// `field_ops`: lhs and rhs hold field elements (8 words each); out gets a + b, a - b,
// a * b and -a for each pair (32 words).
// `curve_ops`: lhs holds Jacobian points P (24 words), rhs affine points Q (16 words,
// never the identity); out gets P + Q (as Jacobian with Z = 1), Q + P, 2P and the mixed
// sum P + Q (96 words).

struct Count {
    n: u32,
    pad0: u32,
    pad1: u32,
    pad2: u32,
}

@group(0) @binding(0) var<storage, read> lhs: array<u32>;
@group(0) @binding(1) var<storage, read> rhs: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<uniform> count: Count;

fn load_lhs(word: u32) -> Fe {
    var w: array<u32, 8>;
    for (var i = 0u; i < 8u; i++) {
        w[i] = lhs[word + i];
    }
    return fe_unpack(w);
}

fn load_rhs(word: u32) -> Fe {
    var w: array<u32, 8>;
    for (var i = 0u; i < 8u; i++) {
        w[i] = rhs[word + i];
    }
    return fe_unpack(w);
}

fn store_out(word: u32, a: Fe) {
    var w = fe_pack(a);
    for (var i = 0u; i < 8u; i++) {
        out[word + i] = w[i];
    }
}

fn store_jac(word: u32, p: Jac) {
    store_out(word, p.x);
    store_out(word + 8u, p.y);
    store_out(word + 16u, p.z);
}

@compute @workgroup_size(64)
fn field_ops(@builtin(global_invocation_id) gid: vec3<u32>) {
    let t = gid.x;
    if (t >= count.n) {
        return;
    }
    let a = load_lhs(t * 8u);
    let b = load_rhs(t * 8u);
    store_out(t * 32u, fe_add(a, b));
    store_out(t * 32u + 8u, fe_sub(a, b));
    store_out(t * 32u + 16u, fe_mul(a, b));
    store_out(t * 32u + 24u, fe_neg(a));
}

@compute @workgroup_size(64)
fn curve_ops(@builtin(global_invocation_id) gid: vec3<u32>) {
    let t = gid.x;
    if (t >= count.n) {
        return;
    }
    let p = Jac(load_lhs(t * 24u), load_lhs(t * 24u + 8u), load_lhs(t * 24u + 16u));
    let qx = load_rhs(t * 16u);
    let qy = load_rhs(t * 16u + 8u);
    let q = Jac(qx, qy, fe_one());
    store_jac(t * 96u, jac_add(p, q));
    store_jac(t * 96u + 24u, jac_add(q, p));
    store_jac(t * 96u + 48u, jac_double(p));
    store_jac(t * 96u + 72u, jac_add_affine(p, qx, qy));
}
