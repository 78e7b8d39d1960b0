// Test kernels: the field and curve functions applied to host-chosen inputs, so that
// tests can compare them with ark-bn254.
//
// `field_ops`: lhs and rhs hold field elements (8 words each); out gets a + b, a - b,
// a * b and -a for each pair (32 words).
// `curve_add`: lhs and rhs hold Jacobian points P and Q (24 words each); out gets P + Q.
// `curve_double`: lhs holds Jacobian points P; out gets 2P (24 words).
// `curve_add_affine`: lhs holds Jacobian points P, rhs affine points Q (16 words, never the
// identity); out gets the mixed sum P + Q (24 words).
// One curve function per kernel: drivers inline every call, so kernels of one call each
// compile in parallel and several times faster than one kernel calling them all.

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

fn load_jac(word: u32, from_lhs: bool) -> Jac {
    if (from_lhs) {
        return Jac(load_lhs(word), load_lhs(word + 8u), load_lhs(word + 16u));
    }
    return Jac(load_rhs(word), load_rhs(word + 8u), load_rhs(word + 16u));
}

@compute @workgroup_size(64)
fn curve_add(@builtin(global_invocation_id) gid: vec3<u32>) {
    let t = gid.x;
    if (t >= count.n) {
        return;
    }
    store_jac(t * 24u, jac_add(load_jac(t * 24u, true), load_jac(t * 24u, false)));
}

@compute @workgroup_size(64)
fn curve_double(@builtin(global_invocation_id) gid: vec3<u32>) {
    let t = gid.x;
    if (t >= count.n) {
        return;
    }
    store_jac(t * 24u, jac_double(load_jac(t * 24u, true)));
}

@compute @workgroup_size(64)
fn curve_add_affine(@builtin(global_invocation_id) gid: vec3<u32>) {
    let t = gid.x;
    if (t >= count.n) {
        return;
    }
    let p = load_jac(t * 24u, true);
    store_jac(t * 24u, jac_add_affine(p, load_rhs(t * 16u), load_rhs(t * 16u + 8u)));
}
