// Pippenger's bucket method for G1, on the GPU. Every invocation does a bounded amount
// of work (at most RUN additions, chosen by the host): this balances skewed buckets, and
// keeps under the loop-iteration limit of software drivers (Mesa's llvmpipe silently
// ends a loop after 65,535 iterations per invocation, inner loops included).
//
// `accumulate`: one invocation per job, a run of at most RUN points of one bucket
// (window w, digit d). The host has sorted, per window, the indices of the points by the
// digit of their scalar, so job t sums the affine bases point_idx[starts[t]..starts[t + 1]]
// with mixed additions into points_out[t].
//
// `combine`: job t sums the Jacobian points points_in[starts[t]..starts[t + 1]] into
// points_out[t]. The host repeats it until each bucket is one point.
//
// `reduce`: one invocation per segment of `seg_size` consecutive buckets of a window.
// Walking the segment from its top bucket down with a running sum gives
// T = sum of B_k and A = sum of (k - lo + 1) * B_k over the segment [lo, hi); the host
// finishes sum_k k * B_k = sum over segments of A + (lo - 1) * T.
//
// Storage layout: a field element is 8 little-endian u32 words of its Montgomery form;
// an affine base is x then y (16 words), a Jacobian point X, Y, Z (24 words).

struct Params {
    // Invocations that do work; the dispatch may round up.
    count: u32,
    // Buckets per window (2^c).
    buckets: u32,
    // Buckets per segment of `reduce`.
    seg_size: u32,
    // Segments per window.
    segs: u32,
}

const WORKGROUP: u32 = 64u;

@group(0) @binding(0) var<storage, read> bases: array<u32>;
@group(0) @binding(1) var<storage, read> point_idx: array<u32>;
@group(0) @binding(2) var<storage, read> starts: array<u32>;
@group(0) @binding(3) var<storage, read_write> points_out: array<u32>;
@group(0) @binding(4) var<uniform> params: Params;
@group(0) @binding(5) var<storage, read_write> sums: array<u32>;
@group(0) @binding(6) var<storage, read> points_in: array<u32>;

fn invocation(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
    return gid.x + gid.y * groups.x * WORKGROUP;
}

fn load_base_coord(word: u32) -> Fe {
    var w: array<u32, 8>;
    for (var i = 0u; i < 8u; i++) {
        w[i] = bases[word + i];
    }
    return fe_unpack(w);
}

fn load_in_coord(word: u32) -> Fe {
    var w: array<u32, 8>;
    for (var i = 0u; i < 8u; i++) {
        w[i] = points_in[word + i];
    }
    return fe_unpack(w);
}

fn load_in(index: u32) -> Jac {
    let word = index * 24u;
    return Jac(load_in_coord(word), load_in_coord(word + 8u), load_in_coord(word + 16u));
}

fn store_out(index: u32, p: Jac) {
    let word = index * 24u;
    var x = fe_pack(p.x);
    var y = fe_pack(p.y);
    var z = fe_pack(p.z);
    for (var i = 0u; i < 8u; i++) {
        points_out[word + i] = x[i];
        points_out[word + 8u + i] = y[i];
        points_out[word + 16u + i] = z[i];
    }
}

fn store_sum(index: u32, p: Jac) {
    let word = index * 24u;
    var x = fe_pack(p.x);
    var y = fe_pack(p.y);
    var z = fe_pack(p.z);
    for (var i = 0u; i < 8u; i++) {
        sums[word + i] = x[i];
        sums[word + 8u + i] = y[i];
        sums[word + 16u + i] = z[i];
    }
}

@compute @workgroup_size(64)
fn accumulate(
    @builtin(global_invocation_id) gid: vec3<u32>,
    @builtin(num_workgroups) groups: vec3<u32>,
) {
    let t = invocation(gid, groups);
    if (t >= params.count) {
        return;
    }
    var acc = jac_identity();
    let end = starts[t + 1u];
    for (var k = starts[t]; k < end; k++) {
        let word = point_idx[k] * 16u;
        acc = jac_add_affine(acc, load_base_coord(word), load_base_coord(word + 8u));
    }
    store_out(t, acc);
}

@compute @workgroup_size(64)
fn combine(
    @builtin(global_invocation_id) gid: vec3<u32>,
    @builtin(num_workgroups) groups: vec3<u32>,
) {
    let t = invocation(gid, groups);
    if (t >= params.count) {
        return;
    }
    var acc = jac_identity();
    let end = starts[t + 1u];
    for (var k = starts[t]; k < end; k++) {
        acc = jac_add(acc, load_in(k));
    }
    store_out(t, acc);
}

@compute @workgroup_size(64)
fn reduce(
    @builtin(global_invocation_id) gid: vec3<u32>,
    @builtin(num_workgroups) groups: vec3<u32>,
) {
    let t = invocation(gid, groups);
    if (t >= params.count) {
        return;
    }
    let window = t / params.segs;
    let lo = (t % params.segs) * params.seg_size;
    let hi = min(lo + params.seg_size, params.buckets);
    let first = window * params.buckets;
    var running = jac_identity();
    var acc = jac_identity();
    // Buckets from the top: running += bucket, then acc += running. Written with one call
    // of jac_add per step (even steps the first sum, odd steps the second) because drivers
    // inline every call: two calls double the kernel and more than double its compile time.
    let steps = select(0u, 2u * (hi - lo), hi > lo);
    var k = hi;
    for (var step = 0u; step < steps; step++) {
        let odd = (step & 1u) == 1u;
        var lhs = running;
        var rhs = running;
        if (odd) {
            lhs = acc;
        } else {
            rhs = load_in(first + k - 1u);
        }
        let sum = jac_add(lhs, rhs);
        if (odd) {
            acc = sum;
            k--;
        } else {
            running = sum;
        }
    }
    store_sum(2u * t, running);
    store_sum(2u * t + 1u, acc);
}
